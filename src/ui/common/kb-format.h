/* kb-format.h — dates and times as the user reads them. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *kb_format_local_date      (GDate     *date);
char *kb_format_local_date_time (GDateTime *date_time);
char *kb_format_unix_time       (gint64     unix_time);

G_END_DECLS
