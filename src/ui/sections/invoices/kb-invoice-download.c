/* kb-invoice-download.c — saving an invoice's document where the user picks.
 *
 * The save dialog suggests the invoice's number with the format's
 * extension; the document is fetched by its link and written there, and a
 * toast on the window says where it went, with a button that opens it. A
 * newer download's toast replaces the one before rather than waiting
 * behind it in the overlay's queue.
 */
#include "config.h"

#include "kb-invoice-download.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "kb-api-error.h"
#include "kb-core-enums.h"
#include "kb-save-chooser.h"
#include "kb-sync-billing.h"

/* One download, from the save dialog to the toast. */
typedef struct
{
  GtkWidget *from;
  KbInvoice *invoice;
  KbInvoiceFormat format;
  GCancellable *cancellable;
  GFile *file;
} Download;

static void
download_free (Download *download)
{
  g_clear_object (&download->from);
  g_clear_object (&download->invoice);
  g_clear_object (&download->cancellable);
  g_clear_object (&download->file);
  g_free (download);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Download, download_free)

static void
on_launched (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    g_message ("Could not open the invoice: %s", error->message);
}

static void
on_open_clicked (AdwToast *toast, GFile *file)
{
  g_autofree char *uri = g_file_get_uri (file);

  g_app_info_launch_default_for_uri_async (uri, NULL, NULL, on_launched, NULL);
}

/* The last "saved" toast of @overlay, while it is shown. */
static AdwToast **
saved_toast_slot (GtkWidget *overlay)
{
  AdwToast **slot = g_object_get_data (G_OBJECT (overlay), "kb-invoice-saved-toast");

  if (slot == NULL)
    {
      slot = g_new0 (AdwToast *, 1);
      g_object_set_data_full (G_OBJECT (overlay), "kb-invoice-saved-toast", slot,
                              (GDestroyNotify) g_clear_weak_pointer);
    }
  return slot;
}

static void
show_saved (Download *download)
{
  g_autofree char *name = g_file_get_basename (download->file);
  g_autofree char *message = NULL;
  GtkWidget *overlay = gtk_widget_get_ancestor (download->from, ADW_TYPE_TOAST_OVERLAY);
  AdwToast **slot;
  AdwToast *toast;

  if (overlay == NULL)
    return;
  slot = saved_toast_slot (overlay);
  if (*slot != NULL)
    adw_toast_dismiss (*slot);
  /* TRANSLATORS: a toast; %s is a file name */
  message = g_strdup_printf (_("Invoice saved to “%s”"), name);
  toast = adw_toast_new (message);
  g_set_weak_pointer (slot, toast);
  adw_toast_set_button_label (toast, _("_Open"));
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (on_open_clicked),
                         g_object_ref (download->file), (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

static void
on_saved (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(Download) download = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      show_saved (download);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || kb_api_error_is_auth (error))
    return;
  /* TRANSLATORS: %s is the reason */
  message = g_strdup_printf (_("The invoice could not be downloaded: %s"), error->message);
  gtk_widget_activate_action (download->from, "win.toast", "s", message);
}

static void
on_document_ready (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Download *download = user_data;
  g_autoptr(GTask) task = g_task_new (NULL, download->cancellable, on_saved, download);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  bytes = kb_sync_download_invoice_finish (KB_SYNC (source), result, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  kb_save_bytes (download->file, bytes, g_steal_pointer (&task));
}

static void
on_save_response (GtkNativeDialog *chooser, int response, KbSync *sync)
{
  /* Taken once: destroying the dialog may answer a second time. */
  g_autoptr(Download) download = g_object_steal_data (G_OBJECT (chooser), "kb-download");

  if (download == NULL)
    return;
  if (response == GTK_RESPONSE_ACCEPT)
    download->file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (download->file != NULL)
    {
      /* Read before it is handed on: argument order is unspecified. */
      Download *d = g_steal_pointer (&download);

      kb_sync_download_invoice_async (sync, d->invoice, d->format, d->cancellable, on_document_ready, d);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

/**
 * kb_invoice_download:
 * @from: the widget the download is asked from; its window shows the outcome
 * @cancellable: cancelled when @from's page goes
 *
 * Asks where to save @invoice as @format, then downloads it there.
 */
void
kb_invoice_download (GtkWidget       *from,
                     KbSync          *sync,
                     KbInvoice       *invoice,
                     KbInvoiceFormat  format,
                     GCancellable    *cancellable)
{
  static const struct { const char *filter; const char *mime_type; const char *pattern; } filters[] = {
    [KB_INVOICE_FORMAT_PDF] = { N_("PDF documents"), "application/pdf", "*.pdf" },
    [KB_INVOICE_FORMAT_XLSX] = { N_("Excel workbooks"),
                                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                 "*.xlsx" },
    [KB_INVOICE_FORMAT_TXT] = { N_("Text files"), "text/plain", "*.txt" },
  };
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;
  Download *download;

  g_return_if_fail (GTK_IS_WIDGET (from));
  g_return_if_fail (KB_IS_SYNC (sync));
  g_return_if_fail (format < G_N_ELEMENTS (filters));

  /* TRANSLATORS: the suggested file name of a downloaded invoice; the first
   * %s is its number (a "/" in it becomes "-"), the second the extension
   * (pdf, xlsx or txt) */
  name = g_strdup_printf (_("Invoice %s.%s"), kb_invoice_get_number (invoice),
                          kb_enum_to_nick (KB_TYPE_INVOICE_FORMAT, format));
  chooser = kb_save_chooser_new (from, _("Save Invoice"), _("_Save"), name, _(filters[format].filter),
                                 filters[format].mime_type, filters[format].pattern);
  download = g_new0 (Download, 1);
  download->from = g_object_ref (from);
  download->invoice = g_object_ref (invoice);
  download->format = format;
  download->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  g_object_set_data_full (G_OBJECT (chooser), "kb-download", download, (GDestroyNotify) download_free);
  g_signal_connect_data (chooser, "response", G_CALLBACK (on_save_response), g_object_ref (sync),
                         (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
