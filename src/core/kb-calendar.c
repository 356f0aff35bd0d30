/* kb-calendar.c — the operator's calendar rules as pure functions of a date.
 *
 * The seed's rules: invoices are not ordered from the 1st to the 3rd of each
 * month (they are being generated); renames are not made in the last two
 * calendar days of a month; the service-order history covers the current and
 * the two previous months. Every function takes "now" so that tests can give
 * any date; none reads the clock.
 */
#include "kb-calendar.h"

static GDateTime *
start_of_day (GDateTime *now, int year, int month, int day)
{
  return g_date_time_new (g_date_time_get_timezone (now), year, month, day, 0, 0, 0);
}

guint
kb_calendar_days_in_month (GDateTime *now)
{
  g_return_val_if_fail (now != NULL, 0);
  return g_date_get_days_in_month ((GDateMonth) g_date_time_get_month (now),
                                   (GDateYear) g_date_time_get_year (now));
}

gboolean
kb_calendar_invoice_ordering_open (GDateTime *now)
{
  g_return_val_if_fail (now != NULL, FALSE);
  return g_date_time_get_day_of_month (now) > 3;
}

/* Returns: (transfer full): the start of the day ordering is possible again,
 * the 4th of this month (or @now's own day when it is open already). */
GDateTime *
kb_calendar_invoice_ordering_opens (GDateTime *now)
{
  g_return_val_if_fail (now != NULL, NULL);
  if (kb_calendar_invoice_ordering_open (now))
    return g_date_time_ref (now);
  return start_of_day (now, g_date_time_get_year (now), g_date_time_get_month (now), 4);
}

gboolean
kb_calendar_rename_open (GDateTime *now)
{
  g_return_val_if_fail (now != NULL, FALSE);
  return (guint) g_date_time_get_day_of_month (now) + 1 < kb_calendar_days_in_month (now);
}

/* Returns: (transfer full): the start of the 1st of next month, when renames
 * reopen (or @now itself when they are open). */
GDateTime *
kb_calendar_rename_opens (GDateTime *now)
{
  int year, month;

  g_return_val_if_fail (now != NULL, NULL);
  if (kb_calendar_rename_open (now))
    return g_date_time_ref (now);

  year = g_date_time_get_year (now);
  month = g_date_time_get_month (now) + 1;
  if (month > 12)
    {
      month = 1;
      year++;
    }
  return start_of_day (now, year, month, 1);
}

/* Returns: (transfer full): the start of the first day of the month two
 * months before @now's month. */
GDateTime *
kb_calendar_service_history_start (GDateTime *now)
{
  int year, month;

  g_return_val_if_fail (now != NULL, NULL);
  year = g_date_time_get_year (now);
  month = g_date_time_get_month (now) - 2;
  if (month < 1)
    {
      month += 12;
      year--;
    }
  return start_of_day (now, year, month, 1);
}
