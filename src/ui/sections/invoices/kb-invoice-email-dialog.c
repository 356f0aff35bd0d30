/* kb-invoice-email-dialog.c — the form that orders an invoice to an e-mail address.
 *
 * The address starts as the one invoices are delivered to (when that is by
 * e-mail) and is checked before anything is sent. The invoice goes as a PDF
 * unless another of its formats is picked. A refusal — by the server,
 * or because invoices started being generated meanwhile — is shown in the
 * form, with the address as typed.
 */
#include "config.h"

#include "kb-invoice-email-dialog.h"

#include <glib/gi18n.h>

#include "kb-billing-format.h"
#include "kb-form.h"
#include "kb-sync-billing.h"

struct _KbInvoiceEmailDialog
{
  AdwWindow parent_instance;

  GtkWidget *send_button;
  AdwPreferencesGroup *group;
  AdwEntryRow *email_row;
  AdwComboRow *format_row;
  GtkLabel *error_label;

  KbSync *sync;
  KbInvoice *invoice;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (KbInvoiceEmailDialog, kb_invoice_email_dialog, ADW_TYPE_WINDOW)

enum {
  SENT,
  REFUSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
on_email_changed (KbInvoiceEmailDialog *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->email_row), "error");
}

static void
on_sent (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(KbInvoiceEmailDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *email = NULL;

  if (!kb_sync_email_invoice_finish (KB_SYNC (source), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_widget_set_sensitive (self->send_button, TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->email_row), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->format_row), TRUE);
  if (error != NULL)
    {
      kb_form_show_refusal (self->error_label, GTK_WIDGET (self->email_row), error);
      /* The page learns that ordering closed, and says so. */
      g_signal_emit (self, signals[REFUSED], 0, error);
      return;
    }

  email = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->email_row))));
  g_signal_emit (self, signals[SENT], 0, email);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_send_clicked (KbInvoiceEmailDialog *self)
{
  g_autofree char *email = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->email_row))));
  const char *problem;

  if (!gtk_widget_get_sensitive (self->send_button))
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  problem = kb_form_email_problem (email, _("Enter the e-mail address to send the invoice to."));
  if (problem != NULL)
    {
      kb_form_show_error (self->error_label, GTK_WIDGET (self->email_row), problem);
      return;
    }

  gtk_widget_set_sensitive (self->send_button, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->email_row), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->format_row), FALSE);
  kb_sync_email_invoice_async (self->sync, self->invoice, email,
                               (KbInvoiceFormat) adw_combo_row_get_selected (self->format_row),
                               self->cancellable, on_sent, g_object_ref (self));
}

static void
kb_invoice_email_dialog_dispose (GObject *object)
{
  KbInvoiceEmailDialog *self = KB_INVOICE_EMAIL_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), KB_TYPE_INVOICE_EMAIL_DIALOG);
  G_OBJECT_CLASS (kb_invoice_email_dialog_parent_class)->dispose (object);
}

static void
kb_invoice_email_dialog_finalize (GObject *object)
{
  KbInvoiceEmailDialog *self = KB_INVOICE_EMAIL_DIALOG (object);

  g_clear_object (&self->sync);
  g_clear_object (&self->invoice);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (kb_invoice_email_dialog_parent_class)->finalize (object);
}

static void
kb_invoice_email_dialog_class_init (KbInvoiceEmailDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kb_invoice_email_dialog_dispose;
  object_class->finalize = kb_invoice_email_dialog_finalize;

  /**
   * KbInvoiceEmailDialog::sent:
   * @email: the address the server queued the invoice for
   */
  signals[SENT] =
    g_signal_new ("sent", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * KbInvoiceEmailDialog::refused:
   * @error: why the server did not send it
   */
  signals[REFUSED] =
    g_signal_new ("refused", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/sections/invoices/kb-invoice-email-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KbInvoiceEmailDialog, send_button);
  gtk_widget_class_bind_template_child (widget_class, KbInvoiceEmailDialog, group);
  gtk_widget_class_bind_template_child (widget_class, KbInvoiceEmailDialog, email_row);
  gtk_widget_class_bind_template_child (widget_class, KbInvoiceEmailDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, KbInvoiceEmailDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_send_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_email_changed);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kb_invoice_email_dialog_init (KbInvoiceEmailDialog *self)
{
  g_autoptr(GtkStringList) formats = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  /* The row's position is the format: the list follows the enum's order. */
  for (KbInvoiceFormat format = KB_INVOICE_FORMAT_PDF; format <= KB_INVOICE_FORMAT_TXT; format++)
    gtk_string_list_append (formats, kb_invoice_format_to_display (format));
  adw_combo_row_set_model (self->format_row, G_LIST_MODEL (formats));
}

KbInvoiceEmailDialog *
kb_invoice_email_dialog_new (GtkWindow *parent, KbSync *sync, KbInvoice *invoice)
{
  KbInvoiceEmailDialog *self = g_object_new (KB_TYPE_INVOICE_EMAIL_DIALOG, "transient-for", parent, NULL);
  KbClientProfile *profile = kb_sync_get_client (sync);
  g_autofree char *period = kb_format_period_in_sentence (kb_invoice_get_period (invoice));
  g_autofree char *description = NULL;

  self->sync = g_object_ref (sync);
  self->invoice = g_object_ref (invoice);

  /* TRANSLATORS: %s are the billing period (e.g. "March 2026") and the invoice's number */
  description = g_strdup_printf (_("The invoice for %s, No. %s, will be sent to this address."),
                                 period, kb_invoice_get_number (invoice));
  adw_preferences_group_set_description (self->group, description);

  if (profile != NULL && kb_client_profile_get_delivery_method (profile) == KB_DELIVERY_METHOD_EMAIL &&
      kb_client_profile_get_delivery_address (profile) != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->email_row), kb_client_profile_get_delivery_address (profile));
  gtk_widget_grab_focus (GTK_WIDGET (self->email_row));
  return self;
}
