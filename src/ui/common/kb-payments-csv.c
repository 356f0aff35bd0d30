/* kb-payments-csv.c — the payment history as a CSV file a spreadsheet opens.
 *
 * What Excel and LibreOffice in a Russian locale open with a double click:
 * UTF-8 with a byte-order mark (without it Excel reads Windows-1251 and the
 * Cyrillic turns to mojibake), ";" between fields (the list separator of
 * locales whose decimal separator is a comma), CRLF line ends and RFC 4180
 * quoting. Dates are ISO 8601 (YYYY-MM-DD), which every spreadsheet reads as a
 * date; amounts use the locale's decimal separator without grouping, so they
 * are numbers, not text. Headers and statuses are in the user's language.
 */
#include "config.h"

#include "kb-payments-csv.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kb-billing-format.h"
#include "kb-money.h"
#include "kb-payment.h"

#define SEPARATOR ";"

static void
append_field (GString *out, const char *text, gboolean first)
{
  if (!first)
    g_string_append (out, SEPARATOR);
  if (text == NULL)
    return;
  if (strpbrk (text, SEPARATOR "\"\r\n") == NULL && text[0] != ' ' && text[0] != '=' &&
      text[0] != '+' && text[0] != '-' && text[0] != '@')
    {
      g_string_append (out, text);
      return;
    }

  /* Quoted, with quotes doubled. A leading = + - @ is quoted too, and
   * prefixed with an apostrophe, so that a purpose never runs as a formula. */
  g_string_append_c (out, '"');
  if (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@')
    g_string_append_c (out, '\'');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* Returns: (transfer full): the file's bytes, one row per KbPayment of
 * @payments in their order, after a header row. */
GBytes *
kb_payments_csv_build (GListModel *payments)
{
  GString *out = g_string_new ("\xEF\xBB\xBF");
  guint n = g_list_model_get_n_items (payments);

  append_field (out, _("Date"), TRUE);
  append_field (out, _("Amount"), FALSE);
  append_field (out, _("Currency"), FALSE);
  append_field (out, _("Payment order"), FALSE);
  append_field (out, _("Purpose"), FALSE);
  append_field (out, _("Status"), FALSE);
  g_string_append (out, "\r\n");

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KbPayment) payment = g_list_model_get_item (payments, i);
      g_autofree char *amount = kb_money_format_plain (kb_payment_get_amount (payment));

      append_field (out, kb_payment_get_date_iso (payment), TRUE);
      /* Amounts are numbers (no quoting, even when negative). */
      g_string_append_printf (out, SEPARATOR "%s", amount);
      append_field (out, kb_payment_get_currency (payment), FALSE);
      append_field (out, kb_payment_get_order_number (payment), FALSE);
      append_field (out, kb_payment_get_purpose (payment), FALSE);
      append_field (out, kb_payment_status_to_display (kb_payment_get_status (payment)), FALSE);
      g_string_append (out, "\r\n");
    }

  return g_string_free_to_bytes (out);
}
