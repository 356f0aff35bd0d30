/* kb-billing-format.c — how the billing sections put dates, periods and states into words.
 *
 * Formats are translatable (as in kb-format.c), so a Russian window shows
 * Russian dates even on a C.UTF-8 system.
 */
#include "config.h"

#include "kb-billing-format.h"

#include <glib/gi18n.h>

#include "kb-format.h"

/* Returns: (transfer full): a YYYY-MM-DD date as the user reads it, or a dash. */
char *
kb_format_iso_date (const char *iso)
{
  g_autoptr(GDate) date = kb_date_new_from_iso (iso);

  return kb_format_local_date (date);
}

/* Month names of our own: g_date_time_format() takes them from LC_TIME, which
 * on a C.UTF-8 system would put English into a Russian window. A name that
 * stands alone (a row's title) is capitalised in Russian; inside a sentence
 * («счёт за ноябрь 2026») it is not, hence two sets. */
static const char * const month_names[] = {
  NC_("month", "January"), NC_("month", "February"), NC_("month", "March"),
  NC_("month", "April"), NC_("month", "May"), NC_("month", "June"),
  NC_("month", "July"), NC_("month", "August"), NC_("month", "September"),
  NC_("month", "October"), NC_("month", "November"), NC_("month", "December"),
};

/* TRANSLATORS: a month's name inside a sentence, after "for" as in "the
 * invoice for March 2026"; lowercase where the language writes it so
 * (Russian: «за март 2026») */
static const char * const month_names_in_sentence[] = {
  NC_("month in a sentence", "January"), NC_("month in a sentence", "February"),
  NC_("month in a sentence", "March"), NC_("month in a sentence", "April"),
  NC_("month in a sentence", "May"), NC_("month in a sentence", "June"),
  NC_("month in a sentence", "July"), NC_("month in a sentence", "August"),
  NC_("month in a sentence", "September"), NC_("month in a sentence", "October"),
  NC_("month in a sentence", "November"), NC_("month in a sentence", "December"),
};

static char *
format_period (const char *period, const char *context, const char * const *names)
{
  g_autofree char *first = g_strconcat (period != NULL ? period : "", "-01", NULL);
  g_autoptr(GDate) date = kb_date_new_from_iso (first);

  if (date == NULL)
    return g_strdup (period != NULL && *period != '\0' ? period : "—");
  /* TRANSLATORS: a billing period: a month's name (nominative) and its year */
  return g_strdup_printf (C_("billing period", "%s %u"),
                          g_dpgettext2 (NULL, context, names[g_date_get_month (date) - 1]),
                          g_date_get_year (date));
}

/* Returns: (transfer full): a billing period (YYYY-MM) as "March 2025", as
 * a title shows it. */
char *
kb_format_period (const char *period)
{
  return format_period (period, "month", month_names);
}

/* Returns: (transfer full): a billing period (YYYY-MM) as a sentence puts
 * it: "the invoice for %s" becomes «счёт за март 2025». */
char *
kb_format_period_in_sentence (const char *period)
{
  return format_period (period, "month in a sentence", month_names_in_sentence);
}

/* Returns: the .status-pill colour class of an invoice's state. */
const char *
kb_invoice_status_style (KbInvoiceStatus status)
{
  switch (status)
    {
    case KB_INVOICE_STATUS_PAID: return "success";
    case KB_INVOICE_STATUS_OVERDUE: return "error";
    case KB_INVOICE_STATUS_ISSUED:
    case KB_INVOICE_STATUS_UNKNOWN:
    default: return "warning";
    }
}

/* Returns: (transfer full): the calendar day of @date_time, in its own zone. */
GDate *
kb_date_from_date_time (GDateTime *date_time)
{
  g_return_val_if_fail (date_time != NULL, NULL);

  return g_date_new_dmy ((GDateDay) g_date_time_get_day_of_month (date_time),
                         (GDateMonth) g_date_time_get_month (date_time),
                         (GDateYear) g_date_time_get_year (date_time));
}

/* Returns: (transfer full): today's date on this computer. */
GDate *
kb_date_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return kb_date_from_date_time (now);
}
