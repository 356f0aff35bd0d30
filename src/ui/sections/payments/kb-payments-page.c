/* kb-payments-page.c — Payments (Платежи).
 *
 * The payment history of a period (this month, quarter, year or a range the
 * user picks) in a sortable column view, with the period's total; export to
 * CSV (kb-payments-export.c); and registering a payment the operator has
 * not received yet, which then shows in the history as Unconfirmed. Cached
 * rows first, then the server's, with the offline banner of every page.
 */
#include "config.h"

#include "kb-payments-page.h"
#include "kb-request-label.h"

#include <glib/gi18n.h>

#include "kb-billing-format.h"
#include "kb-cell.h"
#include "kb-form.h"
#include "kb-date-picker.h"
#include "kb-format.h"
#include "kb-money.h"
#include "kb-payment-dialog.h"
#include "kb-save-chooser.h"
#include "kb-wrap-box.h"
#include "kb-sync-billing.h"

typedef enum {
  PERIOD_MONTH,
  PERIOD_QUARTER,
  PERIOD_YEAR,
  PERIOD_CUSTOM,
} Period;

struct _KbPaymentsPage
{
  KbPage parent_instance;

  GtkStack *content_stack;
  GtkDropDown *period_dropdown;
  GtkWidget *range_box;
  GtkMenuButton *from_button;
  GtkPopover *from_popover;
  KbDatePicker *from_calendar;
  GtkMenuButton *to_button;
  GtkPopover *to_popover;
  KbDatePicker *to_calendar;
  GtkLabel *range_label;
  GtkLabel *range_error_label;
  KbRequestLabel *request_label;
  GtkWidget *export_button;
  GtkColumnView *column_view;
  GtkLabel *count_label;
  GtkLabel *total_label;
  GtkLabel *unconfirmed_label;

  GListStore *payments;
  GtkSortListModel *sorted;
  GDate *from;                    /* the period last asked for */
  GDate *to;
};

G_DEFINE_FINAL_TYPE (KbPaymentsPage, kb_payments_page, KB_TYPE_PAGE)

static GDate *
calendar_date (KbDatePicker *calendar)
{
  g_autoptr(GDateTime) day = kb_date_picker_get_date (calendar);

  return kb_date_from_date_time (day);
}

/* The period chosen, both ends inclusive; FALSE (with the reason shown)
 * when a custom range is backwards. */
static gboolean
get_period (KbPaymentsPage *self, GDate **from_out, GDate **to_out)
{
  g_autoptr(GDate) today = kb_date_today ();
  g_autoptr(GDate) from = NULL;
  g_autoptr(GDate) to = NULL;

  switch ((Period) gtk_drop_down_get_selected (self->period_dropdown))
    {
    case PERIOD_QUARTER:
      to = g_date_copy (today);
      from = g_date_new_dmy (1, (GDateMonth) (((g_date_get_month (today) - 1) / 3) * 3 + 1),
                             g_date_get_year (today));
      break;
    case PERIOD_YEAR:
      to = g_date_copy (today);
      from = g_date_new_dmy (1, G_DATE_JANUARY, g_date_get_year (today));
      break;
    case PERIOD_CUSTOM:
      from = calendar_date (self->from_calendar);
      to = calendar_date (self->to_calendar);
      break;
    case PERIOD_MONTH:
    default:
      to = g_date_copy (today);
      from = g_date_new_dmy (1, g_date_get_month (today), g_date_get_year (today));
      break;
    }

  if (g_date_compare (from, to) > 0)
    {
      gtk_label_set_text (self->range_error_label, _("The start of the period is after its end. Choose the dates again."));
      gtk_widget_set_visible (GTK_WIDGET (self->range_error_label), TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self->from_button), "error");
      return FALSE;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->range_error_label), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->from_button), "error");

  *from_out = g_steal_pointer (&from);
  *to_out = g_steal_pointer (&to);
  return TRUE;
}

/* The total is of confirmed payments only: that is the money the operator
 * has, and what an accountant reconciles against. Payments still waiting
 * for confirmation are summed on a line of their own. */
static void
show_payments (KbPaymentsPage *self, GPtrArray *payments)
{
  gint64 total = 0, unconfirmed = 0;
  g_autofree char *total_text = NULL;
  g_autofree char *count_text = NULL;

  g_list_store_splice (self->payments, 0, g_list_model_get_n_items (G_LIST_MODEL (self->payments)),
                       payments->pdata, payments->len);
  for (guint i = 0; i < payments->len; i++)
    {
      KbPayment *payment = g_ptr_array_index (payments, i);

      if (kb_payment_get_status (payment) == KB_PAYMENT_STATUS_CONFIRMED)
        total += kb_payment_get_amount (payment);
      else
        unconfirmed += kb_payment_get_amount (payment);
    }

  total_text = kb_money_format (total, KB_MONEY_CURRENCY);
  gtk_label_set_text (self->total_label, total_text);
  if (unconfirmed != 0)
    {
      g_autofree char *amount = kb_money_format (unconfirmed, KB_MONEY_CURRENCY);
      /* TRANSLATORS: beside the period's total of confirmed payments; %s is the
       * sum of the others */
      g_autofree char *text = g_strdup_printf (_("Unconfirmed: %s"), amount);

      gtk_label_set_text (self->unconfirmed_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->unconfirmed_label), unconfirmed != 0);
  count_text = g_strdup_printf (ngettext ("%u payment", "%u payments", payments->len), payments->len);
  gtk_label_set_text (self->count_label, count_text);
  gtk_widget_set_sensitive (self->export_button, payments->len > 0);

  gtk_stack_set_visible_child_name (self->content_stack, payments->len > 0 ? "list" : "empty");
}

/* The refresh itself is kb_payments_page_refresh_async(), for the period. */
static const KbPageRefresh refresh = {
  .refresh_finish = G_CALLBACK (kb_sync_refresh_payments_finish),
  .dup_fetched_at = G_CALLBACK (kb_sync_dup_fetched_at),
  .key = KB_STORE_PAYMENTS,
};

static gboolean
kb_payments_page_show_cached (KbPage *page, KbPageData data)
{
  KbPaymentsPage *self = KB_PAYMENTS_PAGE (page);
  KbSync *sync = kb_page_get_sync (page);
  g_autoptr(GPtrArray) payments = kb_sync_load_payments (sync, self->from, self->to);
  g_autofree char *from_text = kb_format_local_date (self->from);
  g_autofree char *to_text = kb_format_local_date (self->to);
  /* TRANSLATORS: a period of dates, first and last day */
  g_autofree char *range = g_strdup_printf (_("%s – %s"), from_text, to_text);
  g_autoptr(GDateTime) fetched_at = NULL;

  gtk_label_set_text (self->range_label, range);
  show_payments (self, payments);

  /* No rows before the server has answered may only mean "not yet". */
  if (payments->len > 0)
    return TRUE;
  if (data == KB_PAGE_DATA_CACHED)
    return FALSE;
  fetched_at = kb_page_dup_fetched_at (page);
  return fetched_at != NULL;
}

static void
kb_payments_page_refresh_async (KbPage              *page,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  KbPaymentsPage *self = KB_PAYMENTS_PAGE (page);

  kb_sync_refresh_payments_async (kb_page_get_sync (page), self->from, self->to, cancellable,
                                  callback, user_data);
}

/* Asks for the period chosen; a backwards range is not asked for, and the
 * page says what is wrong with it. A refresh still running for the period
 * chosen before (or before a payment was registered) is asked again. */
static void
kb_payments_page_reload (KbPage *page)
{
  KbPaymentsPage *self = KB_PAYMENTS_PAGE (page);
  g_autoptr(GDate) from = NULL;
  g_autoptr(GDate) to = NULL;

  if (!get_period (self, &from, &to))
    return;
  g_clear_pointer (&self->from, g_date_free);
  g_clear_pointer (&self->to, g_date_free);
  self->from = g_steal_pointer (&from);
  self->to = g_steal_pointer (&to);
  kb_page_queue_refresh (page);
  KB_PAGE_CLASS (kb_payments_page_parent_class)->reload (page);
}

static void
update_range_buttons (KbPaymentsPage *self)
{
  g_autoptr(GDate) from = calendar_date (self->from_calendar);
  g_autoptr(GDate) to = calendar_date (self->to_calendar);
  g_autofree char *from_text = kb_format_local_date (from);
  g_autofree char *to_text = kb_format_local_date (to);

  gtk_menu_button_set_label (self->from_button, from_text);
  gtk_menu_button_set_label (self->to_button, to_text);
}

static void
on_period_changed (KbPaymentsPage *self)
{
  gboolean custom = gtk_drop_down_get_selected (self->period_dropdown) == PERIOD_CUSTOM;

  gtk_widget_set_visible (self->range_box, custom);
  gtk_widget_set_visible (GTK_WIDGET (self->range_label), !custom);
  kb_page_reload (KB_PAGE (self));
}

static void
on_range_day_selected (KbPaymentsPage *self)
{
  update_range_buttons (self);
  gtk_popover_popdown (self->from_popover);
  gtk_popover_popdown (self->to_popover);
  kb_page_reload (KB_PAGE (self));
}

static void
on_payment_registered (KbPaymentsPage *self, KbPayment *payment)
{
  g_autofree char *amount = kb_money_format (kb_payment_get_amount (payment), kb_payment_get_currency (payment));
  /* TRANSLATORS: a toast; %s is the amount */
  g_autofree char *message = g_strdup_printf (_("Payment of %s registered. It is shown as Unconfirmed until the operator receives it."),
                                              amount);
  g_autofree char *reported = kb_requests_dup_reported (kb_page_get_sync (KB_PAGE (self)), "payment",
                                                        kb_payment_get_id (payment), message);

  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", reported);
  kb_page_reload (KB_PAGE (self));
}

static void
on_register_clicked (KbPaymentsPage *self)
{
  KbPaymentDialog *dialog = kb_payment_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                   kb_page_get_sync (KB_PAGE (self)));

  g_signal_connect_object (dialog, "registered", G_CALLBACK (on_payment_registered), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Returns: (transfer none): the payments shown, in the order shown. */
GListModel *
kb_payments_page_get_model (KbPaymentsPage *self)
{
  g_return_val_if_fail (KB_IS_PAYMENTS_PAGE (self), NULL);
  return G_LIST_MODEL (self->sorted);
}

static void
on_export_clicked (KbPaymentsPage *self)
{
  g_autoptr(GDate) from = NULL;
  g_autoptr(GDate) to = NULL;

  if (get_period (self, &from, &to))
    kb_payments_page_choose_export (self, from, to);
}

/* Columns */

typedef enum {
  COLUMN_DATE,
  COLUMN_AMOUNT,
  COLUMN_ORDER,
  COLUMN_PURPOSE,
  COLUMN_STATUS,
} Column;

static GtkWidget *
setup_cell (int column, gpointer user_data)
{
  static const KbCellFlags flags[] = {
    [COLUMN_DATE] = KB_CELL_DEFAULT,
    [COLUMN_AMOUNT] = KB_CELL_END | KB_CELL_NUMERIC,
    [COLUMN_ORDER] = KB_CELL_DEFAULT,
    [COLUMN_PURPOSE] = KB_CELL_ELLIPSIZE,
    [COLUMN_STATUS] = KB_CELL_PILL,
  };
  GtkWidget *label = kb_cell_new_label (flags[column]);

  /* The purpose and the amount take the width, so that amounts line up at the end. */
  if (column == COLUMN_PURPOSE || column == COLUMN_AMOUNT)
    gtk_widget_set_hexpand (label, TRUE);
  return label;
}

static char *
cell_text (gpointer item, int column, gpointer user_data)
{
  KbPayment *payment = item;

  switch ((Column) column)
    {
    case COLUMN_DATE:
      return kb_format_iso_date (kb_payment_get_date_iso (payment));
    case COLUMN_AMOUNT:
      return kb_money_format (kb_payment_get_amount (payment), kb_payment_get_currency (payment));
    case COLUMN_ORDER:
      return g_strdup (kb_payment_get_order_number (payment));
    case COLUMN_PURPOSE:
      return g_strdup (kb_payment_get_purpose (payment));
    case COLUMN_STATUS:
    default:
      return g_strdup (kb_payment_status_to_display (kb_payment_get_status (payment)));
    }
}

/* An unconfirmed payment stands out. (A purpose longer than its column
 * has its whole text as its tooltip, as every ellipsized cell has.) */
static const char *
status_style (gpointer item, int column, gpointer user_data)
{
  return kb_payment_get_status (item) == KB_PAYMENT_STATUS_UNCONFIRMED ? "warning" : NULL;
}

static int
compare_date (gconstpointer a, gconstpointer b, gpointer data)
{
  int order = g_strcmp0 (kb_payment_get_date_iso ((KbPayment *) a), kb_payment_get_date_iso ((KbPayment *) b));

  if (order != 0)
    return order;
  /* Same day: the later registered (higher id) counts as later. */
  return (int) CLAMP (g_ascii_strtoll (kb_payment_get_id ((KbPayment *) a), NULL, 10) -
                      g_ascii_strtoll (kb_payment_get_id ((KbPayment *) b), NULL, 10), -1, 1);
}

static int
compare_amount (gconstpointer a, gconstpointer b, gpointer data)
{
  gint64 x = kb_payment_get_amount ((KbPayment *) a), y = kb_payment_get_amount ((KbPayment *) b);

  return x < y ? -1 : x > y ? 1 : 0;
}

static int
compare_order (gconstpointer a, gconstpointer b, gpointer data)
{
  const char *x = kb_payment_get_order_number ((KbPayment *) a);
  const char *y = kb_payment_get_order_number ((KbPayment *) b);
  gint64 nx = g_ascii_strtoll (x, NULL, 10), ny = g_ascii_strtoll (y, NULL, 10);

  /* Payment-order numbers are mostly numbers: "9" before "10". */
  if (nx != ny)
    return nx < ny ? -1 : 1;
  return g_utf8_collate (x, y);
}

static int
compare_purpose (gconstpointer a, gconstpointer b, gpointer data)
{
  return g_utf8_collate (kb_payment_get_purpose ((KbPayment *) a), kb_payment_get_purpose ((KbPayment *) b));
}

static int
compare_status (gconstpointer a, gconstpointer b, gpointer data)
{
  return (int) kb_payment_get_status ((KbPayment *) a) - (int) kb_payment_get_status ((KbPayment *) b);
}

static void
setup_columns (KbPaymentsPage *self)
{
  static const struct {
    const char *title;
    GCompareDataFunc compare;
  } columns[] = {
    [COLUMN_DATE] = { N_("Date"), compare_date },
    [COLUMN_AMOUNT] = { N_("Amount"), compare_amount },
    [COLUMN_ORDER] = { N_("Payment order"), compare_order },
    [COLUMN_PURPOSE] = { N_("Purpose"), compare_purpose },
    [COLUMN_STATUS] = { N_("Status"), compare_status },
  };
  GtkColumnViewColumn *date_column = NULL;
  g_autoptr(GtkSingleSelection) selection = NULL;

  for (Column column = COLUMN_DATE; column <= COLUMN_STATUS; column++)
    {
      GtkColumnViewColumn *view_column =
        kb_cell_add_column (self->column_view,
                            &(KbCellColumn) {
                              .title = _(columns[column].title),
                              .column = column,
                              .flags = column == COLUMN_PURPOSE ? KB_CELL_EXPAND : KB_CELL_DEFAULT,
                              .compare = columns[column].compare,
                              .setup = setup_cell,
                              .text = cell_text,
                              .style = column == COLUMN_STATUS ? status_style : NULL,
                            });

      if (column == COLUMN_DATE)
        date_column = view_column;
    }

  self->payments = g_list_store_new (KB_TYPE_PAYMENT);
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->payments)),
                                          g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->sorted)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));

  /* Newest first, as the server sends them. */
  gtk_column_view_sort_by_column (self->column_view, date_column, GTK_SORT_DESCENDING);
}

static void
kb_payments_page_dispose (GObject *object)
{
  KbPaymentsPage *self = KB_PAYMENTS_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), KB_TYPE_PAYMENTS_PAGE);
  g_clear_object (&self->sorted);
  g_clear_object (&self->payments);
  g_clear_pointer (&self->from, g_date_free);
  g_clear_pointer (&self->to, g_date_free);

  G_OBJECT_CLASS (kb_payments_page_parent_class)->dispose (object);
}

static void
kb_payments_page_class_init (KbPaymentsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KbPageClass *page_class = KB_PAGE_CLASS (klass);

  object_class->dispose = kb_payments_page_dispose;
  page_class->reload = kb_payments_page_reload;
  page_class->refresh_async = kb_payments_page_refresh_async;
  page_class->show_cached = kb_payments_page_show_cached;

  g_type_ensure (KB_TYPE_DATE_PICKER);
  g_type_ensure (KB_TYPE_WRAP_BOX);
  g_type_ensure (KB_TYPE_REQUEST_LABEL);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/sections/payments/kb-payments-page.ui");
  /* The last payment registered is followed here until the operator
   * confirms it. */
  KB_PAGE_CLASS_FOLLOW_REQUEST (klass, KbPaymentsPage, request_label,
                                KB_OPERATOR_REQUEST_KIND_PAYMENT_REGISTRATION);
  gtk_widget_class_bind_template_child (widget_class, KbPaymentsPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, KbPaymentsPage, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KbPaymentsPage, range_box);
  gtk_widget_class_bind_template_child (widget_class, KbPaymentsPage, from_button);
  gtk_widget_class_bind_template_child (widget_class, KbPaymentsPage, from_popover);
  gtk_widget_class_bind_template_child (widget_class, KbPaymentsPage, from_calendar);
  gtk_widget_class_bind_template_child (widget_class, KbPaymentsPage, to_button);
  gtk_widget_class_bind_template_child (widget_class, KbPaymentsPage, to_popover);
  gtk_widget_class_bind_template_child (widget_class, KbPaymentsPage, to_calendar);
  gtk_widget_class_bind_template_child (widget_class, KbPaymentsPage, range_label);
  gtk_widget_class_bind_template_child (widget_class, KbPaymentsPage, range_error_label);
  gtk_widget_class_bind_template_child (widget_class, KbPaymentsPage, request_label);
  gtk_widget_class_bind_template_child (widget_class, KbPaymentsPage, export_button);
  gtk_widget_class_bind_template_child (widget_class, KbPaymentsPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, KbPaymentsPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, KbPaymentsPage, total_label);
  gtk_widget_class_bind_template_child (widget_class, KbPaymentsPage, unconfirmed_label);
  gtk_widget_class_bind_template_callback (widget_class, on_period_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_range_day_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_export_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_register_clicked);
}

static void
kb_payments_page_init (KbPaymentsPage *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) month_ago = g_date_time_add_months (now, -1);

  gtk_widget_init_template (GTK_WIDGET (self));
  kb_page_set_refresh (KB_PAGE (self), &refresh, NULL);
  setup_columns (self);
  kb_form_label_drop_down (self->period_dropdown, _("Period"));

  /* A custom range starts as the last month. */
  kb_date_picker_select_day (self->from_calendar, month_ago);
  kb_date_picker_select_day (self->to_calendar, now);
  update_range_buttons (self);
}
