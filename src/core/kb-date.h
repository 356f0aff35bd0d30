/* kb-date.h — dates and moments as the contract writes them (ISO 8601) and back. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

GDate     *kb_date_new_from_iso        (const char  *text);
char      *kb_date_to_iso              (const GDate *date);

GDateTime *kb_date_time_new_from_iso   (const char  *text);
char      *kb_date_time_to_iso         (GDateTime   *date_time);
char      *kb_date_time_to_iso_date    (GDateTime   *date_time);
char      *kb_date_time_unix_to_iso    (gint64       unix_time);

G_END_DECLS
