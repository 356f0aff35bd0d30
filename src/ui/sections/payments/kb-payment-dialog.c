/* kb-payment-dialog.c — the form that registers an unconfirmed payment.
 *
 * Date (not in the future), amount (above zero, at most two decimals, typed
 * in the user's locale), payment-order number and purpose. Every bad field
 * gets a sentence and the error style, and keeps what was typed; so does a
 * refusal by the server. One Idempotency-Key stands for one payment: sending
 * the same form again (after a lost answer, say) reuses it, so the server
 * registers the payment once; a changed form gets a new key.
 */
#include "config.h"

#include "kb-payment-dialog.h"

#include <glib/gi18n.h>

#include "kb-billing-format.h"
#include "kb-date-picker.h"
#include "kb-form.h"
#include "kb-format.h"
#include "kb-money.h"
#include "kb-sync-billing.h"

#define MAX_ORDER_NUMBER 20
#define MAX_PURPOSE 210

struct _KbPaymentDialog
{
  AdwWindow parent_instance;

  GtkWidget *register_button;
  AdwActionRow *date_row;
  GtkMenuButton *date_button;
  GtkPopover *date_popover;
  KbDatePicker *date_calendar;
  AdwEntryRow *amount_row;
  AdwEntryRow *order_row;
  AdwEntryRow *purpose_row;
  GtkLabel *error_label;
  GtkWidget *error_row;           /* the field the error shown is about */

  KbSync *sync;
  GCancellable *cancellable;
  char *idempotency_key;
  char *sent_form;
};

G_DEFINE_FINAL_TYPE (KbPaymentDialog, kb_payment_dialog, ADW_TYPE_WINDOW)

enum {
  REGISTERED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GDate *
selected_date (KbPaymentDialog *self)
{
  g_autoptr(GDateTime) day = kb_date_picker_get_date (self->date_calendar);

  return kb_date_from_date_time (day);
}

static void
update_date_label (KbPaymentDialog *self)
{
  g_autoptr(GDate) date = selected_date (self);
  g_autofree char *text = kb_format_local_date (date);

  gtk_menu_button_set_label (self->date_button, text);
}

/* Shows @message; @row (if any) is the field it is about, and its error
 * goes as soon as that field is put right. */
static void
set_error (KbPaymentDialog *self, GtkWidget *row, const char *message)
{
  self->error_row = row;
  kb_form_show_error (self->error_label, row, message);
}

static void
clear_errors (KbPaymentDialog *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->date_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->amount_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->order_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->purpose_row), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  self->error_row = NULL;
}

/* The sentence under the form stays only while its field is still wrong:
 * an old complaint next to a corrected value reads as a new one. */
static void
clear_error_of (KbPaymentDialog *self, GtkWidget *row)
{
  if (self->error_row != row)
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  self->error_row = NULL;
}

static char *
amount_error (const GError *error)
{
  g_autofree char *example = kb_money_format_plain (123450);

  switch (error->code)
    {
    case KB_MONEY_ERROR_EMPTY:
      return g_strdup (_("Enter the amount of the payment."));
    case KB_MONEY_ERROR_TOO_PRECISE:
      return g_strdup (_("The amount can have at most two decimals (kopecks)."));
    case KB_MONEY_ERROR_TOO_LARGE:
      return g_strdup (_("The amount is too large."));
    case KB_MONEY_ERROR_NEGATIVE:
      return g_strdup (_("The amount must be greater than zero."));
    case KB_MONEY_ERROR_INVALID:
    default:
      /* TRANSLATORS: %s is an example amount in the user's format, e.g. 1234,50 */
      return g_strdup_printf (_("The amount must be a number, such as %s."), example);
    }
}

/* Returns: (transfer full) (nullable): what is wrong with the text of
 * @row (the amount, the payment order or the purpose), or %NULL; the
 * amount read goes to @amount_out. */
static char *
field_problem (KbPaymentDialog *self, GtkWidget *row, gint64 *amount_out)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  g_autoptr(GError) error = NULL;

  if (row == GTK_WIDGET (self->amount_row))
    {
      if (!kb_money_parse (text, amount_out, &error))
        return amount_error (error);
      if (*amount_out <= 0)
        return g_strdup (_("The amount must be greater than zero."));
    }
  else if (row == GTK_WIDGET (self->order_row))
    {
      if (*text == '\0')
        return g_strdup (_("Enter the number of the payment order."));
      if (g_utf8_strlen (text, -1) > MAX_ORDER_NUMBER)
        return g_strdup_printf (ngettext ("The payment order number can be at most %d character long.",
                                          "The payment order number can be at most %d characters long.",
                                          MAX_ORDER_NUMBER), MAX_ORDER_NUMBER);
    }
  else if (row == GTK_WIDGET (self->purpose_row))
    {
      if (*text == '\0')
        return g_strdup (_("Enter the purpose of the payment."));
      if (g_utf8_strlen (text, -1) > MAX_PURPOSE)
        return g_strdup_printf (ngettext ("The purpose can be at most %d character long.",
                                          "The purpose can be at most %d characters long.",
                                          MAX_PURPOSE), MAX_PURPOSE);
    }
  return NULL;
}

static gboolean
date_in_future (KbPaymentDialog *self)
{
  g_autoptr(GDate) date = selected_date (self);
  g_autoptr(GDate) today = kb_date_today ();

  return g_date_compare (date, today) > 0;
}

static void
on_day_selected (KbPaymentDialog *self)
{
  update_date_label (self);
  gtk_popover_popdown (self->date_popover);
  gtk_widget_remove_css_class (GTK_WIDGET (self->date_row), "error");
  if (!date_in_future (self))
    clear_error_of (self, GTK_WIDGET (self->date_row));
}

static void
on_field_changed (KbPaymentDialog *self, GtkEditable *editable)
{
  g_autofree char *problem = NULL;
  gint64 amount = 0;

  gtk_widget_remove_css_class (GTK_WIDGET (editable), "error");
  if (self->error_row != GTK_WIDGET (editable))
    return;
  problem = field_problem (self, GTK_WIDGET (editable), &amount);
  if (problem == NULL)
    clear_error_of (self, GTK_WIDGET (editable));
}

/* Checks the form; on a problem shows it and returns FALSE. */
static gboolean
validate (KbPaymentDialog *self, GDate **date_out, gint64 *amount_out,
          char **order_out, char **purpose_out)
{
  GtkWidget *rows[] = { GTK_WIDGET (self->amount_row), GTK_WIDGET (self->order_row),
                        GTK_WIDGET (self->purpose_row) };
  gint64 amount = 0;

  if (date_in_future (self))
    {
      set_error (self, GTK_WIDGET (self->date_row), _("The payment date cannot be in the future."));
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *problem = field_problem (self, rows[i], &amount);

      if (problem != NULL)
        {
          set_error (self, rows[i], problem);
          return FALSE;
        }
    }

  *date_out = selected_date (self);
  *amount_out = amount;
  *order_out = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->order_row))));
  *purpose_out = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->purpose_row))));
  return TRUE;
}

static void
set_busy (KbPaymentDialog *self, gboolean busy)
{
  gtk_widget_set_sensitive (self->register_button, !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->date_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->amount_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->order_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->purpose_row), !busy);
}

static void
on_registered (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(KbPaymentDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KbPayment) payment = NULL;

  payment = kb_sync_register_payment_finish (KB_SYNC (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  if (payment == NULL)
    {
      /* What was typed stays; the same form sent again keeps its key. */
      set_error (self, NULL, error->message);
      return;
    }

  g_signal_emit (self, signals[REGISTERED], 0, payment);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_register_clicked (KbPaymentDialog *self)
{
  g_autoptr(GDate) date = NULL;
  g_autofree char *order = NULL;
  g_autofree char *purpose = NULL;
  g_autofree char *form = NULL;
  g_autofree char *date_iso = NULL;
  gint64 amount = 0;

  if (!gtk_widget_get_sensitive (self->register_button))
    return;

  clear_errors (self);
  if (!validate (self, &date, &amount, &order, &purpose))
    return;

  date_iso = kb_date_to_iso (date);
  form = g_strdup_printf ("%s\n%" G_GINT64_FORMAT "\n%s\n%s", date_iso, amount, order, purpose);
  if (self->idempotency_key == NULL || g_strcmp0 (form, self->sent_form) != 0)
    {
      g_free (self->idempotency_key);
      self->idempotency_key = g_uuid_string_random ();
      g_free (self->sent_form);
      self->sent_form = g_steal_pointer (&form);
    }

  set_busy (self, TRUE);
  kb_sync_register_payment_async (self->sync, date, amount, order, purpose, self->idempotency_key,
                                  self->cancellable, on_registered, g_object_ref (self));
}

static void
kb_payment_dialog_dispose (GObject *object)
{
  KbPaymentDialog *self = KB_PAYMENT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), KB_TYPE_PAYMENT_DIALOG);
  G_OBJECT_CLASS (kb_payment_dialog_parent_class)->dispose (object);
}

static void
kb_payment_dialog_finalize (GObject *object)
{
  KbPaymentDialog *self = KB_PAYMENT_DIALOG (object);

  g_clear_object (&self->sync);
  g_clear_object (&self->cancellable);
  g_free (self->idempotency_key);
  g_free (self->sent_form);
  G_OBJECT_CLASS (kb_payment_dialog_parent_class)->finalize (object);
}

static void
kb_payment_dialog_class_init (KbPaymentDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kb_payment_dialog_dispose;
  object_class->finalize = kb_payment_dialog_finalize;

  /**
   * KbPaymentDialog::registered:
   * @payment: the payment as the server registered it
   */
  signals[REGISTERED] =
    g_signal_new ("registered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, KB_TYPE_PAYMENT);

  g_type_ensure (KB_TYPE_DATE_PICKER);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/sections/payments/kb-payment-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KbPaymentDialog, register_button);
  gtk_widget_class_bind_template_child (widget_class, KbPaymentDialog, date_row);
  gtk_widget_class_bind_template_child (widget_class, KbPaymentDialog, date_button);
  gtk_widget_class_bind_template_child (widget_class, KbPaymentDialog, date_popover);
  gtk_widget_class_bind_template_child (widget_class, KbPaymentDialog, date_calendar);
  gtk_widget_class_bind_template_child (widget_class, KbPaymentDialog, amount_row);
  gtk_widget_class_bind_template_child (widget_class, KbPaymentDialog, order_row);
  gtk_widget_class_bind_template_child (widget_class, KbPaymentDialog, purpose_row);
  gtk_widget_class_bind_template_child (widget_class, KbPaymentDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_register_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_day_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kb_payment_dialog_init (KbPaymentDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  update_date_label (self);
}

KbPaymentDialog *
kb_payment_dialog_new (GtkWindow *parent, KbSync *sync)
{
  KbPaymentDialog *self = g_object_new (KB_TYPE_PAYMENT_DIALOG, "transient-for", parent, NULL);

  self->sync = g_object_ref (sync);
  gtk_widget_grab_focus (GTK_WIDGET (self->amount_row));
  return self;
}
