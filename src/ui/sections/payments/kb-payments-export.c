/* kb-payments-export.c — Payments' export of the payments shown to a CSV file.
 *
 * Part of KbPaymentsPage, in its own file because it is its own idea: the
 * file's columns, asking where to write it, and the toast that says how it
 * went.
 */
#include "config.h"

#include "kb-payments-page.h"

#include <glib/gi18n.h>

#include "kb-billing-format.h"
#include "kb-csv.h"
#include "kb-format.h"
#include "kb-money.h"
#include "kb-save-chooser.h"

/* Dates are ISO 8601 (YYYY-MM-DD), which every spreadsheet reads as a date;
 * amounts use the locale's decimal separator without grouping, so that
 * they are numbers, not text. Headers and statuses are in the user's
 * language. */
static GBytes *
build_csv (GListModel *payments)
{
  g_autoptr(KbCsv) csv = kb_csv_new ();
  guint n = g_list_model_get_n_items (payments);

  kb_csv_add_row (csv, _("Date"), _("Amount"), _("Currency"), _("Payment order"), _("Purpose"),
                  _("Status"), NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KbPayment) payment = g_list_model_get_item (payments, i);
      g_autofree char *amount = kb_money_format_plain (kb_payment_get_amount (payment));

      kb_csv_add_text (csv, kb_payment_get_date_iso (payment));
      kb_csv_add_number (csv, amount);
      kb_csv_add_text (csv, kb_payment_get_currency (payment));
      kb_csv_add_text (csv, kb_payment_get_order_number (payment));
      kb_csv_add_text (csv, kb_payment_get_purpose (payment));
      kb_csv_add_text (csv, kb_payment_status_to_display (kb_payment_get_status (payment)));
      kb_csv_end_row (csv);
    }
  return kb_csv_free_to_bytes (g_steal_pointer (&csv));
}

/**
 * kb_payments_page_export_async:
 * @file: where to write, replacing what is there
 *
 * Writes the payments shown, in the order shown, as CSV (kb-csv.c).
 */
void
kb_payments_page_export_async (KbPaymentsPage      *self,
                               GFile               *file,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_if_fail (KB_IS_PAYMENTS_PAGE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kb_payments_page_export_async);
  bytes = build_csv (kb_payments_page_get_model (self));
  kb_save_bytes (file, bytes, g_steal_pointer (&task));
}

gboolean
kb_payments_page_export_finish (KbPaymentsPage *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_export_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GFile) file = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  if (!kb_payments_page_export_finish (KB_PAYMENTS_PAGE (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* TRANSLATORS: %s is the system's reason */
      message = g_strdup_printf (_("The file could not be saved: %s"), error->message);
    }
  else
    {
      name = g_file_get_basename (file);
      /* TRANSLATORS: a toast; %s is a file name */
      message = g_strdup_printf (_("Payments saved to “%s”"), name);
    }
  gtk_widget_activate_action (GTK_WIDGET (source), "win.toast", "s", message);
}

static void
export_to (gpointer owner, GFile *file)
{
  KbPaymentsPage *self = owner;

  kb_payments_page_export_async (self, file, kb_page_get_cancellable (KB_PAGE (self)), on_export_done,
                                 g_object_ref (file));
}

/**
 * kb_payments_page_choose_export:
 * @from: the first day of the period shown
 * @to: its last day
 *
 * Asks where to export the payments shown, then writes them there and
 * says so in a toast.
 */
void
kb_payments_page_choose_export (KbPaymentsPage *self, GDate *from, GDate *to)
{
  g_autofree char *from_iso = NULL;
  g_autofree char *to_iso = NULL;
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;

  g_return_if_fail (KB_IS_PAYMENTS_PAGE (self));

  from_iso = kb_date_to_iso (from);
  to_iso = kb_date_to_iso (to);
  /* TRANSLATORS: the suggested file name of the export; %s are the first
   * and last day of the period (YYYY-MM-DD). Keep it a valid file name. */
  name = g_strdup_printf (_("Payments %s — %s.csv"), from_iso, to_iso);

  chooser = kb_csv_chooser_new (GTK_WIDGET (self), _("Export Payments"), _("_Save"), name);
  kb_save_chooser_show (chooser, self, export_to);
}
