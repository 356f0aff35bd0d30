/* kb-excerpt.h — the start of a text, for a place that shows a glimpse of it. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *kb_excerpt (const char *text,
                  guint       max_chars);

G_END_DECLS
