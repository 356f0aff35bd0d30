/* kb-service-actions-page.c — Service Actions by Subscriber List (Действия с услугами по списку абонентов).
 *
 * A new order: a service of the catalogue (with its monthly fee), Add or
 * Remove, and the subscribers — the current one of Subscriber Selection,
 * the ones ticked there, or a list from a file, a drop or a paste
 * (KbListImport). A confirmation with the counts comes before the one
 * request; then every subscriber's result. The history of the current and
 * the two previous months, filterable by status, opens each order's results.
 * Nothing the user chose is lost on an error: the form stays as it was.
 */
#include "config.h"

#include "kb-service-actions-page.h"

#include <glib/gi18n.h>

#include "kb-api-error.h"
#include "kb-billing-format.h"
#include "kb-format.h"
#include "kb-list-import.h"
#include "kb-money.h"
#include "kb-phone-number.h"

typedef enum {
  FILTER_ALL,
  FILTER_DONE,
  FILTER_PARTIAL,
  FILTER_REJECTED,
} StatusFilter;

struct _KbServiceActionsPage
{
  KbPage parent_instance;

  GtkStack *view_stack;
  GtkScrolledWindow *order_scroller;
  guint scroll_tick;              /* scroll_to_results(), while it waits */
  guint scroll_frames_left;
  AdwComboRow *service_row;
  GtkToggleButton *add_button;
  GtkToggleButton *remove_button;
  AdwActionRow *current_row;
  GtkCheckButton *current_check;
  GtkWidget *choose_button;
  AdwActionRow *selection_row;
  GtkCheckButton *selection_check;
  GtkCheckButton *list_check;
  GtkRevealer *list_revealer;
  GtkBox *list_box;
  GtkWidget *apply_button;
  GtkWidget *submit_spinner;
  GtkLabel *count_label;
  GtkLabel *submit_error_label;
  GtkWidget *results_box;
  GtkLabel *results_summary;
  GtkColumnView *results_view;
  GtkStack *history_stack;
  GtkLabel *history_from_label;
  GtkDropDown *status_dropdown;
  GtkStack *history_list_stack;
  AdwStatusPage *history_empty_page;
  GtkColumnView *history_view;
  GtkLabel *order_title;
  GtkLabel *order_summary;
  GtkStack *order_stack;
  AdwStatusPage *order_error_page;
  GtkColumnView *order_view;

  KbListImport *list_import;
  KbServiceOrders *service_orders;
  KbSubscribers *subscribers;
  GPtrArray *catalog;            /* KbService shown in service_row, in order */
  GListStore *results;           /* KbServiceResult of the order just sent */
  GListStore *order_results;     /* KbServiceResult of the order opened */
  GtkCustomFilter *status_filter;
  GtkFilterListModel *history;
  GCancellable *order_cancellable;
  gboolean submitting;
};

G_DEFINE_FINAL_TYPE (KbServiceActionsPage, kb_service_actions_page, KB_TYPE_PAGE)

/* Words */

/* Returns: a number with the locale's thousands separator ("1 250"). */
static char *
format_count (guint n)
{
  return g_strdup_printf ("%'u", n);
}

static const char *
status_text (KbServiceOrderStatus status)
{
  switch (status)
    {
    case KB_SERVICE_ORDER_STATUS_DONE: return C_("order status", "Done");
    case KB_SERVICE_ORDER_STATUS_PARTIAL: return C_("order status", "Partially done");
    case KB_SERVICE_ORDER_STATUS_REJECTED:
    default: return C_("order status", "Rejected");
    }
}

static const char *
status_style (KbServiceOrderStatus status)
{
  switch (status)
    {
    case KB_SERVICE_ORDER_STATUS_DONE: return "success";
    case KB_SERVICE_ORDER_STATUS_PARTIAL: return "warning";
    case KB_SERVICE_ORDER_STATUS_REJECTED:
    default: return "error";
    }
}

/* Why the server rejected a row, from the contract's code. */
static const char *
reason_text (const char *code)
{
  if (code == NULL)
    return "";
  if (g_str_equal (code, "invalid_number"))
    return _("Not a valid number");
  if (g_str_equal (code, "duplicate_row"))
    return _("The number is already in the list above");
  if (g_str_equal (code, "unknown_subscriber"))
    return _("Not one of your subscribers");
  if (g_str_equal (code, "already_on"))
    return _("The service is already on");
  if (g_str_equal (code, "already_off"))
    return _("The service is already off");
  if (g_str_equal (code, "invalid_row"))
    return _("The row is not a number");
  return _("Refused by the operator");
}

static const char *
action_text (KbServiceAction action)
{
  return action == KB_SERVICE_ACTION_ADD ? _("Adding") : _("Removal");
}

static char *
order_counts_text (guint total, guint accepted, guint rejected)
{
  g_autofree char *total_text = format_count (total);
  g_autofree char *accepted_text = format_count (accepted);
  g_autofree char *rejected_text = format_count (rejected);

  /* TRANSLATORS: the counts of an order: accepted, rejected, of how many subscribers */
  return g_strdup_printf (ngettext ("Accepted: %s, rejected: %s, of %s subscriber",
                                    "Accepted: %s, rejected: %s, of %s subscribers", total),
                          accepted_text, rejected_text, total_text);
}

static char *
number_text (const char *number)
{
  if (kb_phone_number_is_canonical (number))
    return kb_phone_number_format (number);
  return g_strdup (number);
}

/* The form */

static KbService *
chosen_service (KbServiceActionsPage *self)
{
  guint selected = adw_combo_row_get_selected (self->service_row);

  if (self->catalog == NULL || selected == GTK_INVALID_LIST_POSITION || selected >= self->catalog->len)
    return NULL;
  return g_ptr_array_index (self->catalog, selected);
}

static KbServiceAction
chosen_action (KbServiceActionsPage *self)
{
  return gtk_toggle_button_get_active (self->remove_button) ? KB_SERVICE_ACTION_REMOVE : KB_SERVICE_ACTION_ADD;
}

KbServiceActionsSource
kb_service_actions_page_get_source (KbServiceActionsPage *self)
{
  g_return_val_if_fail (KB_IS_SERVICE_ACTIONS_PAGE (self), KB_SERVICE_ACTIONS_SOURCE_CURRENT);

  if (gtk_check_button_get_active (self->selection_check))
    return KB_SERVICE_ACTIONS_SOURCE_SELECTION;
  if (gtk_check_button_get_active (self->list_check))
    return KB_SERVICE_ACTIONS_SOURCE_LIST;
  return KB_SERVICE_ACTIONS_SOURCE_CURRENT;
}

/* The numbers of the order, from the chosen source (a NULL-terminated
 * array), and how many list rows are left out for their problems. */
static GStrv
collect_numbers (KbServiceActionsPage *self, guint *left_out)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  *left_out = 0;
  switch (kb_service_actions_page_get_source (self))
    {
    case KB_SERVICE_ACTIONS_SOURCE_CURRENT:
      {
        KbSubscriber *current = self->subscribers != NULL ? kb_subscribers_get_current (self->subscribers) : NULL;

        if (current != NULL)
          g_strv_builder_add (builder, kb_subscriber_get_number (current));
      }
      break;
    case KB_SERVICE_ACTIONS_SOURCE_SELECTION:
      if (self->subscribers != NULL)
        g_strv_builder_addv (builder, (const char **) kb_subscribers_get_selection (self->subscribers));
      break;
    case KB_SERVICE_ACTIONS_SOURCE_LIST:
    default:
      {
        g_autoptr(GPtrArray) rows = kb_list_import_get_rows (self->list_import);

        for (guint i = 0; i < rows->len; i++)
          g_strv_builder_add (builder, kb_list_import_row_get_number (g_ptr_array_index (rows, i)));
        *left_out = kb_list_import_get_n_problems (self->list_import);
      }
      break;
    }
  return g_strv_builder_end (builder);
}

static void
update_form (KbServiceActionsPage *self)
{
  KbSubscriber *current = self->subscribers != NULL ? kb_subscribers_get_current (self->subscribers) : NULL;
  const char * const *selection = self->subscribers != NULL ? kb_subscribers_get_selection (self->subscribers) : NULL;
  guint n_selected = selection != NULL ? g_strv_length ((GStrv) selection) : 0;
  g_autofree char *selection_text = NULL;
  g_auto(GStrv) numbers = NULL;
  guint left_out;
  guint n;

  if (current != NULL)
    {
      g_autofree char *number = number_text (kb_subscriber_get_number (current));
      g_autofree char *text = g_strdup_printf ("%s — %s", number, kb_subscriber_get_name (current));

      adw_action_row_set_subtitle (self->current_row, text);
    }
  else
    adw_action_row_set_subtitle (self->current_row,
                                 _("No subscriber is chosen. Choose one in Subscriber Selection."));

  if (n_selected > 0)
    {
      g_autofree char *count = format_count (n_selected);

      selection_text = g_strdup_printf (ngettext ("%s subscriber ticked", "%s subscribers ticked", n_selected), count);
    }
  else
    selection_text = g_strdup (_("None ticked. Tick subscribers in Subscriber Selection."));
  adw_action_row_set_subtitle (self->selection_row, selection_text);

  gtk_revealer_set_reveal_child (self->list_revealer,
                                 kb_service_actions_page_get_source (self) == KB_SERVICE_ACTIONS_SOURCE_LIST);

  numbers = collect_numbers (self, &left_out);
  n = g_strv_length (numbers);
  if (n > 0)
    {
      g_autofree char *count = format_count (n);
      g_autofree char *text = g_strdup_printf (ngettext ("The order is for %s subscriber.",
                                                         "The order is for %s subscribers.", n), count);

      gtk_label_set_text (self->count_label, text);
    }
  else
    gtk_label_set_text (self->count_label, _("No subscribers are chosen yet."));

  gtk_widget_set_sensitive (self->apply_button,
                            !self->submitting && n > 0 && chosen_service (self) != NULL &&
                            !kb_list_import_get_busy (self->list_import));
}

static void
on_form_changed (KbServiceActionsPage *self)
{
  update_form (self);
}

static void
on_source_toggled (KbServiceActionsPage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->submit_error_label), FALSE);
  update_form (self);
}

static void
on_choose_clicked (KbServiceActionsPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-section", "s", "subscribers");
}

/* Ticking subscribers in Subscriber Selection (and its button that opens
 * this section) makes them the source of the next order. */
static void
on_selection_changed (KbServiceActionsPage *self)
{
  const char * const *selection = kb_subscribers_get_selection (self->subscribers);

  if (selection != NULL && selection[0] != NULL)
    gtk_check_button_set_active (self->selection_check, TRUE);
  update_form (self);
}

/* The catalogue */

static void
on_services_changed (KbServiceActionsPage *self)
{
  GListModel *services = kb_service_orders_get_services (self->service_orders);
  KbService *was = chosen_service (self);
  g_autofree char *was_code = g_strdup (was != NULL ? kb_service_get_code (was) : NULL);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint n = g_list_model_get_n_items (services);
  guint selected = 0;

  g_ptr_array_set_size (self->catalog, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KbService) service = g_list_model_get_item (services, i);
      g_autofree char *fee = kb_money_format (kb_service_get_monthly_fee (service), kb_service_get_currency (service));
      g_autofree char *text = NULL;

      if (kb_service_get_monthly_fee (service) == 0)
        /* TRANSLATORS: a service of the catalogue that costs nothing a month */
        text = g_strdup_printf (_("%s — free"), kb_service_get_name (service));
      else
        /* TRANSLATORS: a service of the catalogue and its monthly fee */
        text = g_strdup_printf (_("%s — %s a month"), kb_service_get_name (service), fee);
      gtk_string_list_append (names, text);
      if (g_strcmp0 (was_code, kb_service_get_code (service)) == 0)
        selected = i;
      g_ptr_array_add (self->catalog, g_object_ref (service));
    }
  adw_combo_row_set_model (self->service_row, G_LIST_MODEL (names));
  if (n > 0)
    adw_combo_row_set_selected (self->service_row, selected);
  update_form (self);
}

/* The history */

static gboolean
filter_order (gpointer item, gpointer user_data)
{
  KbServiceActionsPage *self = user_data;
  KbServiceOrderStatus status = kb_service_order_get_status (item);

  switch ((StatusFilter) gtk_drop_down_get_selected (self->status_dropdown))
    {
    case FILTER_DONE: return status == KB_SERVICE_ORDER_STATUS_DONE;
    case FILTER_PARTIAL: return status == KB_SERVICE_ORDER_STATUS_PARTIAL;
    case FILTER_REJECTED: return status == KB_SERVICE_ORDER_STATUS_REJECTED;
    case FILTER_ALL:
    default: return TRUE;
    }
}

static void
update_history (KbServiceActionsPage *self)
{
  const char *from = kb_service_orders_get_history_from (self->service_orders);
  g_autoptr(GDate) first = from != NULL ? kb_date_new_from_iso (from) : NULL;
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->history));
  guint all = g_list_model_get_n_items (kb_service_orders_get_orders (self->service_orders));

  if (first != NULL)
    {
      g_autofree char *date = kb_format_local_date (first);
      /* TRANSLATORS: %s is the first day of the history */
      g_autofree char *text = g_strdup_printf (_("Orders of the current and the two previous months, since %s"), date);

      gtk_label_set_text (self->history_from_label, text);
    }
  else
    gtk_label_set_text (self->history_from_label, _("Orders of the current and the two previous months"));

  adw_status_page_set_description (self->history_empty_page,
                                   all > 0 ? _("No orders have this status. Choose another status.")
                                           : _("There were no orders in the current and the two previous months."));
  gtk_stack_set_visible_child_name (self->history_list_stack, shown > 0 ? "list" : "empty");
}

static void
on_status_filter_changed (KbServiceActionsPage *self)
{
  gtk_filter_changed (GTK_FILTER (self->status_filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_history (self);
}

static void
show_order_results (KbServiceActionsPage *self, GPtrArray *results)
{
  g_list_store_splice (self->order_results, 0, g_list_model_get_n_items (G_LIST_MODEL (self->order_results)),
                       results->pdata, results->len);
  gtk_stack_set_visible_child_name (self->order_stack, "results");
}

static void
on_order_results_ready (GObject *source, GAsyncResult *result, gpointer user_data)
{
  KbServiceActionsPage *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = kb_service_orders_fetch_results_finish (KB_SERVICE_ORDERS (source), result,
                                                                          &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = KB_SERVICE_ACTIONS_PAGE (user_data);
  if (results == NULL)
    {
      adw_status_page_set_description (self->order_error_page, error->message);
      gtk_stack_set_visible_child_name (self->order_stack, "error");
      return;
    }
  show_order_results (self, results);
}

static void
open_order (KbServiceActionsPage *self, KbServiceOrder *order)
{
  g_autoptr(GDateTime) created = g_date_time_new_from_unix_utc (kb_service_order_get_created_at (order));
  g_autofree char *when = kb_format_local_date_time (created);
  g_autofree char *title = NULL;
  g_autofree char *counts = order_counts_text (kb_service_order_get_total (order),
                                               kb_service_order_get_accepted (order),
                                               kb_service_order_get_rejected (order));
  g_autofree char *summary = NULL;

  /* TRANSLATORS: an order's heading: the action (Adding, Removal), the service, the date */
  title = g_strdup_printf (_("%s of “%s”, %s"), action_text (kb_service_order_get_action (order)),
                           kb_service_order_get_service_name (order), when);
  gtk_label_set_text (self->order_title, title);
  /* TRANSLATORS: the status of an order, then its counts */
  summary = g_strdup_printf (_("Status: %s. %s."), status_text (kb_service_order_get_status (order)), counts);
  gtk_label_set_text (self->order_summary, summary);

  g_list_store_remove_all (self->order_results);
  gtk_stack_set_visible_child_name (self->order_stack, "loading");
  gtk_stack_set_visible_child_name (self->history_stack, "order");

  g_cancellable_cancel (self->order_cancellable);
  g_clear_object (&self->order_cancellable);
  if (kb_service_order_get_results (order) != NULL)
    {
      show_order_results (self, kb_service_order_get_results (order));
      return;
    }
  self->order_cancellable = g_cancellable_new ();
  kb_service_orders_fetch_results_async (self->service_orders, order, self->order_cancellable,
                                         on_order_results_ready, self);
}

static void
on_order_activated (KbServiceActionsPage *self, guint position)
{
  g_autoptr(KbServiceOrder) order = g_list_model_get_item (G_LIST_MODEL (self->history), position);

  if (order != NULL)
    open_order (self, order);
}

static void
on_back_clicked (KbServiceActionsPage *self)
{
  g_cancellable_cancel (self->order_cancellable);
  gtk_stack_set_visible_child_name (self->history_stack, "list");
  gtk_widget_grab_focus (GTK_WIDGET (self->history_view));
}

/* Refresh */

static void
kb_service_actions_page_refresh_async (KbPage              *page,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  kb_service_orders_refresh_async (KB_SERVICE_ACTIONS_PAGE (page)->service_orders, cancellable,
                                   callback, user_data);
}

static gboolean
kb_service_actions_page_refresh_finish (KbPage        *page,
                                        GAsyncResult  *result,
                                        GDateTime    **fetched_at,
                                        GError       **error)
{
  KbServiceOrders *orders = KB_SERVICE_ACTIONS_PAGE (page)->service_orders;
  gboolean done = kb_service_orders_refresh_finish (orders, result, error);
  GDateTime *when = kb_service_orders_get_fetched_at (orders);

  *fetched_at = when != NULL ? g_date_time_ref (when) : NULL;
  return done;
}

/* The views follow KbServiceOrders' models themselves: there is something
 * to show once the server sent the services, or, before it is asked, when
 * some are cached. */
static gboolean
kb_service_actions_page_show_cached (KbPage *page, KbPageData data)
{
  KbServiceOrders *orders = KB_SERVICE_ACTIONS_PAGE (page)->service_orders;

  if (kb_service_orders_get_fetched_at (orders) != NULL)
    return TRUE;
  return data == KB_PAGE_DATA_CACHED &&
         g_list_model_get_n_items (kb_service_orders_get_services (orders)) > 0;
}

/* Sending */

static char *
submit_error_text (const GError *error)
{
  if (g_error_matches (error, KB_API_ERROR, KB_API_ERROR_SERVER))
    return g_strdup (_("The order was not sent: the server had a problem. Your choice is kept; send it again a little later."));
  if (kb_api_error_is_unreachable (error))
    return g_strdup (_("The order was not sent: the server could not be reached. Your choice is kept; send it again when the connection is back."));
  if (g_error_matches (error, KB_API_ERROR, KB_API_ERROR_PAYLOAD_TOO_LARGE))
    return g_strdup (_("The order was not sent: the list is too large for the server. Split it into smaller lists of up to 100 000 numbers."));
  if (g_error_matches (error, KB_API_ERROR, KB_API_ERROR_INVALID_REQUEST))
    return g_strdup (_("The server did not accept the order. Check the service and the list, and send it again."));
  /* TRANSLATORS: %s says why */
  return g_strdup_printf (_("The order was not sent: %s"), error->message);
}

/* Frames to wait for the results to be laid out before giving up (they
 * never are while the user is on another section or tab). */
#define SCROLL_FRAMES 30

static void
stop_scrolling (KbServiceActionsPage *self)
{
  if (self->scroll_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->scroll_tick);
  self->scroll_tick = 0;
}

/* Once the results have a place on screen, scrolls the form down to them. */
static gboolean
scroll_to_results (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
  KbServiceActionsPage *self = KB_SERVICE_ACTIONS_PAGE (widget);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->order_scroller);
  GtkWidget *content = gtk_scrolled_window_get_child (self->order_scroller);
  graphene_point_t origin = GRAPHENE_POINT_INIT (0, 0);
  graphene_point_t point;
  int height = gtk_widget_get_height (self->results_box);

  if (!gtk_widget_get_visible (self->results_box) || self->scroll_frames_left == 0)
    {
      self->scroll_tick = 0;
      return G_SOURCE_REMOVE;
    }
  self->scroll_frames_left--;
  if (height == 0 || !gtk_widget_compute_point (self->results_box, content, &origin, &point) ||
      gtk_adjustment_get_upper (adjustment) < point.y + height)
    return G_SOURCE_CONTINUE;
  gtk_adjustment_set_value (adjustment, point.y);
  self->scroll_tick = 0;
  return G_SOURCE_REMOVE;
}

static void
show_results (KbServiceActionsPage *self, KbServiceOrder *order, const char *service_name)
{
  GPtrArray *results = kb_service_order_get_results (order);
  g_autofree char *counts = order_counts_text (kb_service_order_get_total (order),
                                               kb_service_order_get_accepted (order),
                                               kb_service_order_get_rejected (order));
  g_autofree char *summary = NULL;

  /* TRANSLATORS: the action (Adding, Removal), the service, the status, then the counts */
  summary = g_strdup_printf (_("%s of “%s”. Status: %s. %s."), action_text (kb_service_order_get_action (order)),
                             service_name, status_text (kb_service_order_get_status (order)), counts);
  gtk_label_set_text (self->results_summary, summary);
  g_list_store_splice (self->results, 0, g_list_model_get_n_items (G_LIST_MODEL (self->results)),
                       results != NULL ? results->pdata : NULL, results != NULL ? results->len : 0);
  gtk_widget_set_visible (self->results_box, TRUE);
  stop_scrolling (self);
  self->scroll_frames_left = SCROLL_FRAMES;
  self->scroll_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), scroll_to_results, NULL, NULL);
}

static void
on_submit_ready (GObject *source, GAsyncResult *result, gpointer user_data)
{
  KbServiceActionsPage *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(KbServiceOrder) order = kb_service_orders_submit_finish (KB_SERVICE_ORDERS (source), result, &error);
  KbService *service;
  g_autofree char *message = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = KB_SERVICE_ACTIONS_PAGE (user_data);
  self->submitting = FALSE;
  gtk_widget_set_visible (self->submit_spinner, FALSE);
  update_form (self);
  if (order == NULL)
    {
      g_autofree char *text = submit_error_text (error);

      gtk_label_set_text (self->submit_error_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->submit_error_label), TRUE);
      return;
    }

  service = kb_service_orders_lookup_service (self->service_orders, kb_service_order_get_service (order));
  show_results (self, order, service != NULL ? kb_service_get_name (service) : kb_service_order_get_service (order));
  {
    g_autofree char *accepted = format_count (kb_service_order_get_accepted (order));
    g_autofree char *total = format_count (kb_service_order_get_total (order));

    /* TRANSLATORS: a toast; accepted of total */
    message = g_strdup_printf (ngettext ("Order sent: %s of %s subscriber accepted",
                                         "Order sent: %s of %s subscribers accepted",
                                         kb_service_order_get_total (order)), accepted, total);
  }
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", message);
  update_history (self);
}

static void
on_confirm_response (AdwMessageDialog *dialog, const char *response, KbServiceActionsPage *self)
{
  GStrv numbers = g_object_get_data (G_OBJECT (dialog), "numbers");
  KbService *service = g_object_get_data (G_OBJECT (dialog), "service");

  if (g_strcmp0 (response, "send") != 0 || self->submitting)
    return;

  self->submitting = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->submit_error_label), FALSE);
  gtk_widget_set_visible (self->submit_spinner, TRUE);
  update_form (self);
  kb_service_orders_submit_async (self->service_orders, chosen_action (self), kb_service_get_code (service),
                                  (const char * const *) numbers, kb_page_get_cancellable (KB_PAGE (self)),
                                  on_submit_ready, self);
}

static void
on_apply_clicked (KbServiceActionsPage *self)
{
  KbService *service = chosen_service (self);
  KbServiceAction action = chosen_action (self);
  g_auto(GStrv) numbers = NULL;
  g_autofree char *count = NULL;
  g_autofree char *heading = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  GtkWidget *dialog;
  guint left_out, n;

  if (service == NULL || self->submitting)
    return;
  numbers = collect_numbers (self, &left_out);
  n = g_strv_length (numbers);
  if (n == 0)
    return;

  count = format_count (n);
  if (action == KB_SERVICE_ACTION_ADD)
    /* TRANSLATORS: the confirmation before an order; the service, then how many subscribers */
    heading = g_strdup_printf (ngettext ("Add “%s” for %s subscriber?", "Add “%s” for %s subscribers?", n),
                               kb_service_get_name (service), count);
  else
    /* TRANSLATORS: the confirmation before an order; the service, then how many subscribers */
    heading = g_strdup_printf (ngettext ("Remove “%s” for %s subscriber?", "Remove “%s” for %s subscribers?", n),
                               kb_service_get_name (service), count);

  g_string_append_printf (body, ngettext ("The order has %s subscriber.", "The order has %s subscribers.", n), count);
  if (left_out > 0)
    {
      g_autofree char *left = format_count (left_out);

      g_string_append_c (body, ' ');
      g_string_append_printf (body, ngettext ("%s row with a problem is left out.",
                                              "%s rows with problems are left out.", left_out), left);
    }
  if (action == KB_SERVICE_ACTION_ADD && kb_service_get_monthly_fee (service) > 0)
    {
      g_autofree char *fee = kb_money_format (kb_service_get_monthly_fee (service), kb_service_get_currency (service));

      g_string_append_c (body, ' ');
      /* TRANSLATORS: %s is the monthly fee */
      g_string_append_printf (body, _("The service costs %s a month for each subscriber."), fee);
    }
  g_string_append_c (body, ' ');
  g_string_append (body, _("The result for each subscriber is shown right after sending."));

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), heading, body->str);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "send", action == KB_SERVICE_ACTION_ADD ? _("_Add Service") : _("_Remove Service"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "send",
                                              action == KB_SERVICE_ACTION_ADD ? ADW_RESPONSE_SUGGESTED
                                                                              : ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "send");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "numbers", g_steal_pointer (&numbers), (GDestroyNotify) g_strfreev);
  g_object_set_data_full (G_OBJECT (dialog), "service", g_object_ref (service), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_confirm_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Columns */

typedef enum {
  RESULT_ROW,
  RESULT_NUMBER,
  RESULT_OUTCOME,
  RESULT_REASON,
} ResultColumn;

typedef enum {
  ORDER_DATE,
  ORDER_ACTION,
  ORDER_SERVICE,
  ORDER_COUNTS,
  ORDER_STATUS,
} OrderColumn;

static void
setup_label (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
setup_pill (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_halign (label, GTK_ALIGN_START);
  gtk_widget_add_css_class (label, "status-pill");
  gtk_list_item_set_child (item, label);
}

static void
set_pill (GtkLabel *label, const char *text, const char *style)
{
  static const char * const styles[] = { "success", "warning", "error" };

  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (label), styles[i]);
  gtk_widget_add_css_class (GTK_WIDGET (label), style);
  gtk_label_set_text (label, text);
}

static void
bind_result (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  KbServiceResult *result = gtk_list_item_get_item (item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  g_autofree char *text = NULL;

  switch ((ResultColumn) GPOINTER_TO_INT (data))
    {
    case RESULT_ROW:
      text = g_strdup_printf ("%u", kb_service_result_get_row (result));
      break;
    case RESULT_NUMBER:
      text = number_text (kb_service_result_get_number (result));
      break;
    case RESULT_OUTCOME:
      if (kb_service_result_get_accepted (result))
        set_pill (label, C_("row result", "Accepted"), "success");
      else
        set_pill (label, C_("row result", "Rejected"), "error");
      return;
    case RESULT_REASON:
    default:
      text = g_strdup (reason_text (kb_service_result_get_code (result)));
      gtk_widget_set_tooltip_text (GTK_WIDGET (label), text);
      break;
    }
  gtk_label_set_text (label, text);
}

static void
bind_order (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  KbServiceOrder *order = gtk_list_item_get_item (item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  g_autofree char *text = NULL;

  switch ((OrderColumn) GPOINTER_TO_INT (data))
    {
    case ORDER_DATE:
      {
        g_autoptr(GDateTime) created = g_date_time_new_from_unix_utc (kb_service_order_get_created_at (order));

        text = kb_format_local_date_time (created);
      }
      break;
    case ORDER_ACTION:
      text = g_strdup (action_text (kb_service_order_get_action (order)));
      break;
    case ORDER_SERVICE:
      text = g_strdup (kb_service_order_get_service_name (order));
      gtk_widget_set_tooltip_text (GTK_WIDGET (label), text);
      break;
    case ORDER_COUNTS:
      {
        g_autofree char *accepted = format_count (kb_service_order_get_accepted (order));
        g_autofree char *total = format_count (kb_service_order_get_total (order));

        /* TRANSLATORS: accepted subscribers of all in an order, e.g. "3 of 5" */
        text = g_strdup_printf (_("%s of %s"), accepted, total);
      }
      break;
    case ORDER_STATUS:
    default:
      set_pill (label, status_text (kb_service_order_get_status (order)),
                status_style (kb_service_order_get_status (order)));
      return;
    }
  gtk_label_set_text (label, text);
}

static void
add_column (GtkColumnView *view, const char *title, int column, gboolean pill, GCallback bind, gboolean expand)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) view_column = NULL;

  g_signal_connect (factory, "setup", pill ? G_CALLBACK (setup_pill) : G_CALLBACK (setup_label), NULL);
  g_signal_connect (factory, "bind", bind, GINT_TO_POINTER (column));
  view_column = gtk_column_view_column_new (title, g_object_ref (factory));
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_append_column (view, view_column);
}

static void
setup_result_columns (GtkColumnView *view, GListModel *model)
{
  g_autoptr(GtkNoSelection) selection = gtk_no_selection_new (g_object_ref (model));

  gtk_column_view_set_model (view, GTK_SELECTION_MODEL (selection));
  /* TRANSLATORS: a column: the row of the order */
  add_column (view, C_("column", "Row"), RESULT_ROW, FALSE, G_CALLBACK (bind_result), FALSE);
  add_column (view, C_("column", "Number"), RESULT_NUMBER, FALSE, G_CALLBACK (bind_result), FALSE);
  add_column (view, C_("column", "Result"), RESULT_OUTCOME, TRUE, G_CALLBACK (bind_result), FALSE);
  add_column (view, C_("column", "Reason"), RESULT_REASON, FALSE, G_CALLBACK (bind_result), TRUE);
}

static void
setup_history_columns (KbServiceActionsPage *self)
{
  g_autoptr(GtkSingleSelection) selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->history)));

  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_column_view_set_model (self->history_view, GTK_SELECTION_MODEL (selection));
  add_column (self->history_view, C_("column", "Date"), ORDER_DATE, FALSE, G_CALLBACK (bind_order), FALSE);
  add_column (self->history_view, C_("column", "Action"), ORDER_ACTION, FALSE, G_CALLBACK (bind_order), FALSE);
  add_column (self->history_view, C_("column", "Service"), ORDER_SERVICE, FALSE, G_CALLBACK (bind_order), TRUE);
  add_column (self->history_view, C_("column", "Accepted"), ORDER_COUNTS, FALSE, G_CALLBACK (bind_order), FALSE);
  add_column (self->history_view, C_("column", "Status"), ORDER_STATUS, TRUE, G_CALLBACK (bind_order), FALSE);
}

/* Life */

GListModel *
kb_service_actions_page_get_results (KbServiceActionsPage *self)
{
  g_return_val_if_fail (KB_IS_SERVICE_ACTIONS_PAGE (self), NULL);
  return G_LIST_MODEL (self->results);
}

GListModel *
kb_service_actions_page_get_history (KbServiceActionsPage *self)
{
  g_return_val_if_fail (KB_IS_SERVICE_ACTIONS_PAGE (self), NULL);
  return G_LIST_MODEL (self->history);
}

GListModel *
kb_service_actions_page_get_order_results (KbServiceActionsPage *self)
{
  g_return_val_if_fail (KB_IS_SERVICE_ACTIONS_PAGE (self), NULL);
  return G_LIST_MODEL (self->order_results);
}

static void
kb_service_actions_page_constructed (GObject *object)
{
  KbServiceActionsPage *self = KB_SERVICE_ACTIONS_PAGE (object);
  KbSync *sync;

  G_OBJECT_CLASS (kb_service_actions_page_parent_class)->constructed (object);

  sync = kb_page_get_sync (KB_PAGE (self));
  if (sync == NULL)
    return;
  self->service_orders = g_object_ref (kb_sync_get_service_orders (sync));
  self->subscribers = g_object_ref (kb_sync_get_subscribers (sync));
  kb_list_import_set_subscribers (self->list_import, self->subscribers);

  self->history = gtk_filter_list_model_new (g_object_ref (kb_service_orders_get_orders (self->service_orders)),
                                             GTK_FILTER (g_object_ref (self->status_filter)));
  setup_history_columns (self);

  g_signal_connect_object (kb_service_orders_get_services (self->service_orders), "items-changed",
                           G_CALLBACK (on_services_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->history, "items-changed", G_CALLBACK (update_history), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->service_orders, "notify::history-from", G_CALLBACK (update_history), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->subscribers, "notify::current-subscriber", G_CALLBACK (update_form), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->subscribers, "notify::selection", G_CALLBACK (on_selection_changed), self,
                           G_CONNECT_SWAPPED);

  on_services_changed (self);
  on_selection_changed (self);
  update_history (self);
}

static void
kb_service_actions_page_dispose (GObject *object)
{
  KbServiceActionsPage *self = KB_SERVICE_ACTIONS_PAGE (object);

  g_cancellable_cancel (self->order_cancellable);
  g_clear_object (&self->order_cancellable);
  stop_scrolling (self);
  /* The handlers connected with g_signal_connect_object() go only at the
   * end of the dispose chain; a signal from the session's objects before
   * then would reach template children already gone. */
  if (self->service_orders != NULL)
    {
      g_signal_handlers_disconnect_by_data (kb_service_orders_get_services (self->service_orders), self);
      g_signal_handlers_disconnect_by_data (self->service_orders, self);
    }
  if (self->subscribers != NULL)
    g_signal_handlers_disconnect_by_data (self->subscribers, self);
  if (self->history != NULL)
    g_signal_handlers_disconnect_by_data (self->history, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), KB_TYPE_SERVICE_ACTIONS_PAGE);

  G_OBJECT_CLASS (kb_service_actions_page_parent_class)->dispose (object);
}

static void
kb_service_actions_page_finalize (GObject *object)
{
  KbServiceActionsPage *self = KB_SERVICE_ACTIONS_PAGE (object);

  g_clear_object (&self->service_orders);
  g_clear_object (&self->subscribers);
  g_clear_pointer (&self->catalog, g_ptr_array_unref);
  g_clear_object (&self->results);
  g_clear_object (&self->order_results);
  g_clear_object (&self->status_filter);
  g_clear_object (&self->history);

  G_OBJECT_CLASS (kb_service_actions_page_parent_class)->finalize (object);
}

static void
kb_service_actions_page_class_init (KbServiceActionsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KbPageClass *page_class = KB_PAGE_CLASS (klass);

  object_class->constructed = kb_service_actions_page_constructed;
  object_class->dispose = kb_service_actions_page_dispose;
  object_class->finalize = kb_service_actions_page_finalize;
  page_class->refresh_async = kb_service_actions_page_refresh_async;
  page_class->refresh_finish = kb_service_actions_page_refresh_finish;
  page_class->show_cached = kb_service_actions_page_show_cached;

  g_type_ensure (KB_TYPE_LIST_IMPORT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/sections/service-actions/kb-service-actions-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, KbServiceActionsPage, name)
  BIND (view_stack);
  BIND (order_scroller);
  BIND (service_row);
  BIND (add_button);
  BIND (remove_button);
  BIND (current_row);
  BIND (current_check);
  BIND (choose_button);
  BIND (selection_row);
  BIND (selection_check);
  BIND (list_check);
  BIND (list_revealer);
  BIND (list_box);
  BIND (apply_button);
  BIND (submit_spinner);
  BIND (count_label);
  BIND (submit_error_label);
  BIND (results_box);
  BIND (results_summary);
  BIND (results_view);
  BIND (history_stack);
  BIND (history_from_label);
  BIND (status_dropdown);
  BIND (history_list_stack);
  BIND (history_empty_page);
  BIND (history_view);
  BIND (order_title);
  BIND (order_summary);
  BIND (order_stack);
  BIND (order_error_page);
  BIND (order_view);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_form_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_source_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_apply_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_status_filter_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_order_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked);
}

static void
kb_service_actions_page_init (KbServiceActionsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->catalog = g_ptr_array_new_with_free_func (g_object_unref);
  self->results = g_list_store_new (KB_TYPE_SERVICE_RESULT);
  self->order_results = g_list_store_new (KB_TYPE_SERVICE_RESULT);
  self->status_filter = gtk_custom_filter_new (filter_order, self, NULL);

  self->list_import = KB_LIST_IMPORT (kb_list_import_new (KB_SUBSCRIBER_LIST_NUMBERS));
  gtk_box_append (self->list_box, GTK_WIDGET (self->list_import));
  g_signal_connect_object (self->list_import, "notify::n-rows", G_CALLBACK (update_form), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list_import, "notify::n-valid", G_CALLBACK (update_form), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list_import, "notify::busy", G_CALLBACK (update_form), self, G_CONNECT_SWAPPED);

  setup_result_columns (self->results_view, G_LIST_MODEL (self->results));
  setup_result_columns (self->order_view, G_LIST_MODEL (self->order_results));

  /* The drop-down's accessible name does not reach the button inside it,
   * which is what a screen reader lands on. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->status_dropdown));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_TOGGLE_BUTTON (child))
      gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Status"), -1);
}
