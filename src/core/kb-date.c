/* kb-date.c — dates and moments as the contract writes them (ISO 8601) and back.
 *
 * The one place where the client, its cache and the reference server read
 * and write the wire's dates: a calendar date is exactly YYYY-MM-DD (which
 * also sorts as text), a moment is ISO 8601 with its offset and written to
 * the second, with "Z" in UTC.
 */
#include "config.h"

#include "kb-date.h"

#include <string.h>

/* The years a date of this business may have: no payment, invoice or
 * contract is older than 1900, and four digits end at 9999. */
#define MIN_YEAR 1900
#define MAX_YEAR 9999

/**
 * kb_date_new_from_iso:
 * @text: (nullable): a calendar date, strictly YYYY-MM-DD
 *
 * Returns: (transfer full) (nullable): the date, or %NULL for anything else
 * (another form, a day that does not exist, a year out of 1900–9999).
 */
GDate *
kb_date_new_from_iso (const char *text)
{
  guint64 year, month, day;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return NULL;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return NULL;

  year = g_ascii_strtoull (text, NULL, 10);
  month = g_ascii_strtoull (text + 5, NULL, 10);
  day = g_ascii_strtoull (text + 8, NULL, 10);
  if (year < MIN_YEAR || year > MAX_YEAR ||
      !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return NULL;
  return g_date_new_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

/* Returns: (transfer full): @date as YYYY-MM-DD. */
char *
kb_date_to_iso (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

/**
 * kb_date_time_new_from_iso:
 * @text: (nullable): an ISO 8601 date and time with its offset ("Z" or ±hh:mm)
 *
 * Returns: (transfer full) (nullable): the moment, or %NULL when @text is not
 * one; a time without an offset is not a moment and is refused.
 */
GDateTime *
kb_date_time_new_from_iso (const char *text)
{
  if (text == NULL)
    return NULL;
  return g_date_time_new_from_iso8601 (text, NULL);
}

/* Returns: (transfer full): @date_time to the second in its own offset,
 * "2026-12-06T10:00:00Z" in UTC and "2026-12-06T13:00:00+03:00" in Minsk. */
char *
kb_date_time_to_iso (GDateTime *date_time)
{
  g_return_val_if_fail (date_time != NULL, NULL);
  if (g_date_time_get_utc_offset (date_time) == 0)
    return g_date_time_format (date_time, "%Y-%m-%dT%H:%M:%SZ");
  return g_date_time_format (date_time, "%Y-%m-%dT%H:%M:%S%:z");
}

/* Returns: (transfer full): the calendar day of @date_time in its own
 * offset, as YYYY-MM-DD. */
char *
kb_date_time_to_iso_date (GDateTime *date_time)
{
  g_return_val_if_fail (date_time != NULL, NULL);
  return g_date_time_format (date_time, "%Y-%m-%d");
}

/* Returns: (transfer full) (nullable): the moment @unix_time in UTC, as
 * kb_date_time_to_iso() writes it; %NULL past what GDateTime can hold. */
char *
kb_date_time_unix_to_iso (gint64 unix_time)
{
  g_autoptr(GDateTime) date_time = g_date_time_new_from_unix_utc (unix_time);

  return date_time != NULL ? kb_date_time_to_iso (date_time) : NULL;
}
