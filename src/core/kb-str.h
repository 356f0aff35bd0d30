/* kb-str.h — replacing a string a model keeps, telling whether it changed. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean kb_set_str (char       **field,
                     const char  *value);

G_END_DECLS
