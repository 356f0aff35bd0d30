/* kb-delivery-dialog.c — the form that changes how invoices are delivered.
 *
 * By e-mail (a valid address), by post (a postal address) or in person.
 * Each method keeps its own address while the user switches between them,
 * so nothing typed is lost; a bad address or a refusal by the server is
 * shown in the form with the text as typed. On success the account as the
 * server answered becomes KbSync:client, and the dialog reports it.
 */
#include "config.h"

#include "kb-delivery-dialog.h"

#include <glib/gi18n.h>

#include "kb-form.h"
#include "kb-request-label.h"
#include "kb-sync-billing.h"

#define MAX_ADDRESS 300

struct _KbDeliveryDialog
{
  AdwWindow parent_instance;

  GtkWidget *save_button;
  AdwComboRow *method_row;
  AdwEntryRow *address_row;
  GtkLabel *error_label;

  KbSync *sync;
  GCancellable *cancellable;
  char *addresses[2];   /* what was typed for e-mail and for post */
  guint shown_method;
  gboolean filling;     /* the form is being filled from the profile */
  gboolean edited;      /* the user changed the method or the address */
};

G_DEFINE_FINAL_TYPE (KbDeliveryDialog, kb_delivery_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The rows of the combo, in order. */
static const KbDeliveryMethod methods[] = {
  KB_DELIVERY_METHOD_EMAIL,
  KB_DELIVERY_METHOD_POST,
  KB_DELIVERY_METHOD_PICKUP,
};

static void
on_address_changed (KbDeliveryDialog *self)
{
  if (!self->filling)
    self->edited = TRUE;
  gtk_widget_remove_css_class (GTK_WIDGET (self->address_row), "error");
}

static void
on_method_changed (KbDeliveryDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->method_row);

  if (selected >= G_N_ELEMENTS (methods))
    return;
  if (!self->filling)
    self->edited = TRUE;

  /* Keep what was typed for the method left, show what was typed for this one. */
  if (self->shown_method < 2)
    {
      g_free (self->addresses[self->shown_method]);
      self->addresses[self->shown_method] = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->address_row)));
    }
  self->shown_method = selected;
  gtk_widget_set_visible (GTK_WIDGET (self->address_row), selected < 2);
  if (selected < 2)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->address_row),
                                     selected == 0 ? _("E-mail address") : _("Postal address"));
      adw_entry_row_set_input_purpose (self->address_row,
                                       selected == 0 ? GTK_INPUT_PURPOSE_EMAIL : GTK_INPUT_PURPOSE_FREE_FORM);
      gtk_editable_set_text (GTK_EDITABLE (self->address_row),
                             self->addresses[selected] != NULL ? self->addresses[selected] : "");
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->address_row), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

static const char *
method_sentence (KbClientProfile *profile, char **owned)
{
  const char *address = kb_client_profile_get_delivery_address (profile);

  switch (kb_client_profile_get_delivery_method (profile))
    {
    case KB_DELIVERY_METHOD_EMAIL:
      /* TRANSLATORS: a toast after the change; %s is the e-mail address the server saved */
      *owned = g_strdup_printf (_("Invoices will be sent by e-mail to %s."), address != NULL ? address : "—");
      return *owned;
    case KB_DELIVERY_METHOD_POST:
      /* TRANSLATORS: a toast after the change; %s is the postal address the server saved */
      *owned = g_strdup_printf (_("Invoices will be sent by post to %s."), address != NULL ? address : "—");
      return *owned;
    case KB_DELIVERY_METHOD_PICKUP:
      return _("Invoices will be handed over in person at the office.");
    case KB_DELIVERY_METHOD_UNKNOWN:
    default:
      return _("The invoice delivery was changed.");
    }
}

static void
set_busy (KbDeliveryDialog *self, gboolean busy)
{
  gtk_widget_set_sensitive (self->save_button, !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->method_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->address_row), !busy);
}

static void
on_saved (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(KbDeliveryDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KbClientProfile) profile = NULL;
  g_autofree char *owned = NULL;
  g_autofree char *reported = NULL;

  profile = kb_sync_set_invoice_delivery_finish (KB_SYNC (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  if (profile == NULL)
    {
      kb_form_show_refusal (self->error_label, GTK_WIDGET (self->address_row), error);
      return;
    }

  /* The server's answer, not what was sent, is what the user is told,
   * with the operator's request for the change. */
  reported = kb_requests_dup_reported (self->sync, "client", NULL, method_sentence (profile, &owned));
  g_signal_emit (self, signals[SAVED], 0, reported);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_save_clicked (KbDeliveryDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->method_row);
  g_autofree char *address = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->address_row))));
  g_autofree char *too_long = NULL;
  const char *problem = NULL;
  KbDeliveryMethod method;

  if (!gtk_widget_get_sensitive (self->save_button) || selected >= G_N_ELEMENTS (methods))
    return;

  method = methods[selected];
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  if (method == KB_DELIVERY_METHOD_EMAIL)
    problem = kb_form_email_problem (address, _("Enter the e-mail address to send invoices to."));
  else if (method == KB_DELIVERY_METHOD_POST && g_utf8_strlen (address, -1) < 10)
    problem = _("Enter the full postal address: postcode, city, street and building.");
  if (problem == NULL && g_utf8_strlen (address, -1) > MAX_ADDRESS)
    problem = too_long = g_strdup_printf (ngettext ("The address can be at most %d character long.",
                                                    "The address can be at most %d characters long.",
                                                    MAX_ADDRESS), MAX_ADDRESS);
  if (problem != NULL)
    {
      kb_form_show_error (self->error_label, GTK_WIDGET (self->address_row), problem);
      return;
    }

  set_busy (self, TRUE);
  kb_sync_set_invoice_delivery_async (self->sync, method,
                                      method == KB_DELIVERY_METHOD_PICKUP ? NULL : address,
                                      self->cancellable, on_saved, g_object_ref (self));
}

static void
kb_delivery_dialog_dispose (GObject *object)
{
  KbDeliveryDialog *self = KB_DELIVERY_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), KB_TYPE_DELIVERY_DIALOG);
  G_OBJECT_CLASS (kb_delivery_dialog_parent_class)->dispose (object);
}

static void
kb_delivery_dialog_finalize (GObject *object)
{
  KbDeliveryDialog *self = KB_DELIVERY_DIALOG (object);

  g_clear_object (&self->sync);
  g_clear_object (&self->cancellable);
  g_free (self->addresses[0]);
  g_free (self->addresses[1]);
  G_OBJECT_CLASS (kb_delivery_dialog_parent_class)->finalize (object);
}

static void
kb_delivery_dialog_class_init (KbDeliveryDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kb_delivery_dialog_dispose;
  object_class->finalize = kb_delivery_dialog_finalize;

  /**
   * KbDeliveryDialog::saved:
   * @message: a sentence saying what the server saved
   */
  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/common/kb-delivery-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KbDeliveryDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, KbDeliveryDialog, method_row);
  gtk_widget_class_bind_template_child (widget_class, KbDeliveryDialog, address_row);
  gtk_widget_class_bind_template_child (widget_class, KbDeliveryDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_method_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_address_changed);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kb_delivery_dialog_init (KbDeliveryDialog *self)
{
  self->shown_method = G_MAXUINT;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

/* Shows the method and address the profile holds, or the first method
 * when there is no profile yet. */
static void
fill_from_profile (KbDeliveryDialog *self, KbClientProfile *profile)
{
  guint selected = 0;

  self->filling = TRUE;
  if (profile != NULL)
    {
      KbDeliveryMethod method = kb_client_profile_get_delivery_method (profile);

      for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
        if (methods[i] == method)
          selected = i;
      if (selected < 2)
        self->addresses[selected] = g_strdup (kb_client_profile_get_delivery_address (profile));
    }

  /* The combo starts at 0 without notifying: show its row by hand. */
  self->shown_method = G_MAXUINT;
  if (adw_combo_row_get_selected (self->method_row) == selected)
    on_method_changed (self);
  else
    adw_combo_row_set_selected (self->method_row, selected);
  self->filling = FALSE;
}

/* The form may open before the profile is read (at start-up, or offline
 * on a first run); it shows the profile when it comes, unless the user
 * has begun to change the form: what they typed is never replaced. */
static void
on_sync_client_notify (KbDeliveryDialog *self)
{
  KbClientProfile *profile = kb_sync_get_client (self->sync);

  if (profile == NULL || self->edited)
    return;
  g_clear_pointer (&self->addresses[0], g_free);
  g_clear_pointer (&self->addresses[1], g_free);
  fill_from_profile (self, profile);
}

KbDeliveryDialog *
kb_delivery_dialog_new (GtkWindow *parent, KbSync *sync)
{
  KbDeliveryDialog *self = g_object_new (KB_TYPE_DELIVERY_DIALOG, "transient-for", parent, NULL);

  self->sync = g_object_ref (sync);
  fill_from_profile (self, kb_sync_get_client (sync));
  /* Only when it opens: a profile arriving later must not move the focus
   * from where the user put it. */
  gtk_widget_grab_focus (adw_combo_row_get_selected (self->method_row) < 2 ? GTK_WIDGET (self->address_row)
                                                                           : GTK_WIDGET (self->method_row));
  g_signal_connect_object (sync, "notify::client", G_CALLBACK (on_sync_client_notify), self,
                           G_CONNECT_SWAPPED);
  return self;
}

static void
on_saved_toast (GtkWidget *from, const char *message)
{
  gtk_widget_activate_action (from, "win.toast", "s", message);
}

/**
 * kb_delivery_dialog_present:
 * @from: the widget the form is opened from; its window's toast says what was saved
 *
 * Opens the form over @from's window, in place: both Personal Information
 * and Invoices change the delivery without leaving their page.
 *
 * Returns: (transfer none): the dialog, shown
 */
KbDeliveryDialog *
kb_delivery_dialog_present (GtkWidget *from, KbSync *sync)
{
  KbDeliveryDialog *self;

  g_return_val_if_fail (GTK_IS_WIDGET (from), NULL);
  g_return_val_if_fail (KB_IS_SYNC (sync), NULL);

  self = kb_delivery_dialog_new (GTK_WINDOW (gtk_widget_get_root (from)), sync);
  g_signal_connect_object (self, "saved", G_CALLBACK (on_saved_toast), from, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (self));
  return self;
}
