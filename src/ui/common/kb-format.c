/* kb-format.c — dates and times as the user reads them.
 *
 * The formats are translatable rather than taken from LC_TIME: with only
 * LANGUAGE=ru set on a C.UTF-8 system, "%x" would print an American date
 * inside a Russian window.
 */
#include "config.h"

#include "kb-format.h"

#include <glib/gi18n.h>

char *
kb_format_local_date (GDate *date)
{
  g_autoptr(GDateTime) date_time = NULL;

  if (date == NULL || !g_date_valid (date))
    return g_strdup ("—");

  date_time = g_date_time_new_local (g_date_get_year (date), g_date_get_month (date),
                                     g_date_get_day (date), 0, 0, 0);
  /* TRANSLATORS: a calendar date, strftime-style as g_date_time_format() takes it */
  return g_date_time_format (date_time, C_("date format", "%b %-d, %Y"));
}

/* Formats @date_time (any zone) in local time. */
char *
kb_format_local_date_time (GDateTime *date_time)
{
  g_autoptr(GDateTime) local = NULL;

  if (date_time == NULL)
    return g_strdup ("—");

  local = g_date_time_to_local (date_time);
  /* TRANSLATORS: a date with a time, strftime-style as g_date_time_format() takes it */
  return g_date_time_format (local, C_("date and time format", "%b %-d, %Y %H:%M"));
}

/* Formats @unix_time, seconds since the epoch as the server sends them, in
 * local time, as kb_format_local_date_time() does. */
char *
kb_format_unix_time (gint64 unix_time)
{
  g_autoptr(GDateTime) date_time = g_date_time_new_from_unix_utc (unix_time);

  return kb_format_local_date_time (date_time);
}
