/* kb-service-actions-page.c — Service Actions by Subscriber List (Действия с услугами по списку абонентов).
 *
 * The form of a new order is a KbServiceOrderForm: when the user confirms
 * it, the page sends the one request and shows every subscriber's result
 * under it. The history of the current and the two previous months,
 * filterable by status, opens each order's results.
 */
#include "config.h"

#include "kb-service-actions-page.h"

#include <glib/gi18n.h>

#include "kb-api-error.h"
#include "kb-billing-format.h"
#include "kb-format.h"
#include "kb-service-actions-format.h"

typedef enum {
  FILTER_ALL,
  FILTER_DONE,
  FILTER_PARTIAL,
  FILTER_REJECTED,
} StatusFilter;

struct _KbServiceActionsPage
{
  KbPage parent_instance;

  GtkRevealer *offline_revealer;
  GtkLabel *offline_label;
  GtkStack *content_stack;
  AdwStatusPage *error_page;
  GtkStack *view_stack;
  GtkScrolledWindow *order_scroller;
  guint scroll_tick;              /* scroll_to_results(), while it waits */
  guint scroll_frames_left;
  KbServiceOrderForm *form;
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

  KbServiceOrders *service_orders;
  GListStore *results;           /* KbServiceResult of the order just sent */
  GListStore *order_results;     /* KbServiceResult of the order opened */
  GtkCustomFilter *status_filter;
  GtkFilterListModel *history;
  GCancellable *order_cancellable;
  gboolean refreshing;
};

G_DEFINE_FINAL_TYPE (KbServiceActionsPage, kb_service_actions_page, KB_TYPE_PAGE)

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
  g_autofree char *counts = kb_service_actions_format_counts (order);
  g_autofree char *summary = NULL;

  /* TRANSLATORS: an order's heading: the action (Adding, Removal), the service, the date */
  title = g_strdup_printf (_("%s of “%s”, %s"), kb_service_actions_action_text (kb_service_order_get_action (order)),
                           kb_service_order_get_service_name (order), when);
  gtk_label_set_text (self->order_title, title);
  /* TRANSLATORS: the status of an order, then its counts */
  summary = g_strdup_printf (_("Status: %s. %s."), kb_service_actions_status_text (kb_service_order_get_status (order)), counts);
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
on_refresh_ready (GObject *source, GAsyncResult *result, gpointer user_data)
{
  KbServiceActionsPage *self;
  g_autoptr(GError) error = NULL;

  kb_service_orders_refresh_finish (KB_SERVICE_ORDERS (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = KB_SERVICE_ACTIONS_PAGE (user_data);
  self->refreshing = FALSE;
  if (kb_api_error_is_auth (error))
    return;
  if (kb_page_show_refresh_outcome (KB_PAGE (self), error,
                                    kb_service_orders_get_fetched_at (self->service_orders)))
    gtk_stack_set_visible_child_name (self->content_stack, "main");
}

static void
refresh (KbServiceActionsPage *self)
{
  if (self->service_orders == NULL || self->refreshing)
    return;

  /* What is cached shows at once; the spinner only when nothing is. */
  if (kb_service_orders_get_fetched_at (self->service_orders) != NULL ||
      g_list_model_get_n_items (kb_service_orders_get_services (self->service_orders)) > 0)
    gtk_stack_set_visible_child_name (self->content_stack, "main");
  else
    gtk_stack_set_visible_child_name (self->content_stack, "loading");

  self->refreshing = TRUE;
  kb_service_orders_refresh_async (self->service_orders, kb_page_get_cancellable (KB_PAGE (self)),
                                   on_refresh_ready, self);
}

static void
kb_service_actions_page_reload (KbPage *page)
{
  refresh (KB_SERVICE_ACTIONS_PAGE (page));
}

static void
on_retry_clicked (KbServiceActionsPage *self)
{
  refresh (self);
}

/* Sending */

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
  g_autofree char *counts = kb_service_actions_format_counts (order);
  g_autofree char *summary = NULL;

  /* TRANSLATORS: the action (Adding, Removal), the service, the status, then the counts */
  summary = g_strdup_printf (_("%s of “%s”. Status: %s. %s."), kb_service_actions_action_text (kb_service_order_get_action (order)),
                             service_name, kb_service_actions_status_text (kb_service_order_get_status (order)), counts);
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
  guint total;
  g_autofree char *accepted = NULL;
  g_autofree char *count = NULL;
  g_autofree char *message = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = KB_SERVICE_ACTIONS_PAGE (user_data);
  kb_service_order_form_finish_sending (self->form, error);
  if (order == NULL)
    return;

  service = kb_service_orders_lookup_service (self->service_orders, kb_service_order_get_service (order));
  show_results (self, order, service != NULL ? kb_service_get_name (service) : kb_service_order_get_service (order));
  total = kb_service_order_get_total (order);
  accepted = kb_service_actions_format_count (kb_service_order_get_accepted (order));
  count = kb_service_actions_format_count (total);
  /* TRANSLATORS: a toast; accepted of total */
  message = g_strdup_printf (ngettext ("Order sent: %s of %s subscriber accepted",
                                       "Order sent: %s of %s subscribers accepted", total), accepted, count);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", message);
  update_history (self);
}

static void
on_form_send (KbServiceActionsPage *self, int action, KbService *service, char **numbers)
{
  kb_service_orders_submit_async (self->service_orders, action, kb_service_get_code (service),
                                  (const char * const *) numbers, kb_page_get_cancellable (KB_PAGE (self)),
                                  on_submit_ready, self);
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
      text = kb_service_actions_format_number (kb_service_result_get_number (result));
      break;
    case RESULT_OUTCOME:
      if (kb_service_result_get_accepted (result))
        kb_service_actions_set_pill (label, C_("row result", "Accepted"), "success");
      else
        kb_service_actions_set_pill (label, C_("row result", "Rejected"), "error");
      return;
    case RESULT_REASON:
    default:
      text = g_strdup (kb_service_actions_reason_text (kb_service_result_get_code (result)));
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
      text = g_strdup (kb_service_actions_action_text (kb_service_order_get_action (order)));
      break;
    case ORDER_SERVICE:
      text = g_strdup (kb_service_order_get_service_name (order));
      gtk_widget_set_tooltip_text (GTK_WIDGET (label), text);
      break;
    case ORDER_COUNTS:
      {
        g_autofree char *accepted = kb_service_actions_format_count (kb_service_order_get_accepted (order));
        g_autofree char *total = kb_service_actions_format_count (kb_service_order_get_total (order));

        /* TRANSLATORS: accepted subscribers of all in an order, e.g. "3 of 5" */
        text = g_strdup_printf (_("%s of %s"), accepted, total);
      }
      break;
    case ORDER_STATUS:
    default:
      kb_service_actions_set_pill (label, kb_service_actions_status_text (kb_service_order_get_status (order)),
                kb_service_actions_status_style (kb_service_order_get_status (order)));
      return;
    }
  gtk_label_set_text (label, text);
}

static void
setup_result_columns (GtkColumnView *view, GListModel *model)
{
  g_autoptr(GtkNoSelection) selection = gtk_no_selection_new (g_object_ref (model));

  gtk_column_view_set_model (view, GTK_SELECTION_MODEL (selection));
  /* TRANSLATORS: a column: the row of the order */
  kb_service_actions_add_column (view, C_("column", "Row"), RESULT_ROW, FALSE, G_CALLBACK (bind_result), FALSE);
  kb_service_actions_add_column (view, C_("column", "Number"), RESULT_NUMBER, FALSE, G_CALLBACK (bind_result), FALSE);
  kb_service_actions_add_column (view, C_("column", "Result"), RESULT_OUTCOME, TRUE, G_CALLBACK (bind_result), FALSE);
  kb_service_actions_add_column (view, C_("column", "Reason"), RESULT_REASON, FALSE, G_CALLBACK (bind_result), TRUE);
}

static void
setup_history_columns (KbServiceActionsPage *self)
{
  g_autoptr(GtkSingleSelection) selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->history)));

  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_column_view_set_model (self->history_view, GTK_SELECTION_MODEL (selection));
  kb_service_actions_add_column (self->history_view, C_("column", "Date"), ORDER_DATE, FALSE, G_CALLBACK (bind_order), FALSE);
  kb_service_actions_add_column (self->history_view, C_("column", "Action"), ORDER_ACTION, FALSE, G_CALLBACK (bind_order), FALSE);
  kb_service_actions_add_column (self->history_view, C_("column", "Service"), ORDER_SERVICE, FALSE, G_CALLBACK (bind_order), TRUE);
  kb_service_actions_add_column (self->history_view, C_("column", "Accepted"), ORDER_COUNTS, FALSE, G_CALLBACK (bind_order), FALSE);
  kb_service_actions_add_column (self->history_view, C_("column", "Status"), ORDER_STATUS, TRUE, G_CALLBACK (bind_order), FALSE);
}

/* Life */

KbServiceActionsSource
kb_service_actions_page_get_source (KbServiceActionsPage *self)
{
  g_return_val_if_fail (KB_IS_SERVICE_ACTIONS_PAGE (self), KB_SERVICE_ACTIONS_SOURCE_CURRENT);
  return kb_service_order_form_get_source (self->form);
}

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
  g_object_set (self->form,
                "service-orders", self->service_orders,
                "subscribers", kb_sync_get_subscribers (sync),
                NULL);

  self->history = gtk_filter_list_model_new (g_object_ref (kb_service_orders_get_orders (self->service_orders)),
                                             GTK_FILTER (g_object_ref (self->status_filter)));
  setup_history_columns (self);

  g_signal_connect_object (self->history, "items-changed", G_CALLBACK (update_history), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->service_orders, "notify::history-from", G_CALLBACK (update_history), self,
                           G_CONNECT_SWAPPED);

  update_history (self);
  refresh (self);
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
    g_signal_handlers_disconnect_by_data (self->service_orders, self);
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
  page_class->reload = kb_service_actions_page_reload;

  g_type_ensure (KB_TYPE_SERVICE_ORDER_FORM);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/sections/service-actions/kb-service-actions-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, KbServiceActionsPage, name)
  BIND (offline_revealer);
  BIND (offline_label);
  BIND (content_stack);
  BIND (error_page);
  BIND (view_stack);
  BIND (order_scroller);
  BIND (form);
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
  gtk_widget_class_bind_template_callback (widget_class, on_retry_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_form_send);
  gtk_widget_class_bind_template_callback (widget_class, on_status_filter_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_order_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked);
}

static void
kb_service_actions_page_init (KbServiceActionsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  kb_page_set_refresh_widgets (KB_PAGE (self), self->content_stack, self->error_page,
                               self->offline_revealer, self->offline_label);

  self->results = g_list_store_new (KB_TYPE_SERVICE_RESULT);
  self->order_results = g_list_store_new (KB_TYPE_SERVICE_RESULT);
  self->status_filter = gtk_custom_filter_new (filter_order, self, NULL);

  setup_result_columns (self->results_view, G_LIST_MODEL (self->results));
  setup_result_columns (self->order_view, G_LIST_MODEL (self->order_results));

  /* The drop-down's accessible name does not reach the button inside it,
   * which is what a screen reader lands on. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->status_dropdown));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_TOGGLE_BUTTON (child))
      gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Status"), -1);
}
