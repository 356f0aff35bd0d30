/* kb-money.h — amounts in integer minor units (kopecks) and their display. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *kb_money_format (gint64      minor_units,
                       const char *currency);

G_END_DECLS
