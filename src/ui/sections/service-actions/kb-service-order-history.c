/* kb-service-order-history.c — the service orders of the current and the two previous months.
 *
 * The orders KbServiceOrders keeps, newest first, filtered by status. An
 * order opens in a KbServiceOrderView beside the list; its results are
 * fetched when the order does not carry them yet.
 */
#include "config.h"

#include "kb-service-order-history.h"

#include <glib/gi18n.h>

#include "kb-cell.h"
#include "kb-form.h"
#include "kb-format.h"
#include "kb-payment.h"
#include "kb-service-actions-format.h"
#include "kb-service-order-view.h"

/* The rows of status_dropdown, in order. */
typedef enum {
  FILTER_ALL,
  FILTER_DONE,
  FILTER_PARTIAL,
  FILTER_REJECTED,
} StatusFilter;

struct _KbServiceOrderHistory
{
  AdwBin parent_instance;

  GtkLabel *from_label;
  GtkDropDown *status_dropdown;
  GtkStack *list_stack;
  AdwStatusPage *empty_page;
  GtkColumnView *column_view;
  KbServiceOrderView *order_view;

  KbServiceOrders *service_orders;
  KbRequests *requests;
  char *target_id;               /* an order to open once the history has it */
  GtkCustomFilter *status_filter;
  GtkFilterListModel *model;     /* the orders, status_filter applied */
  GCancellable *cancellable;     /* fetching the opened order's results */
};

G_DEFINE_FINAL_TYPE (KbServiceOrderHistory, kb_service_order_history, ADW_TYPE_BIN)

/* The list */

static gboolean
filter_order (gpointer item, gpointer user_data)
{
  KbServiceOrderHistory *self = user_data;
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
update (KbServiceOrderHistory *self)
{
  const char *from = NULL;
  g_autoptr(GDate) first = NULL;
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  guint all = 0;

  if (self->service_orders != NULL)
    {
      from = kb_service_orders_get_history_from (self->service_orders);
      all = g_list_model_get_n_items (kb_service_orders_get_orders (self->service_orders));
    }
  first = from != NULL ? kb_date_new_from_iso (from) : NULL;
  if (first != NULL)
    {
      g_autofree char *date = kb_format_local_date (first);
      /* TRANSLATORS: %s is the first day of the history */
      g_autofree char *text = g_strdup_printf (_("Orders of the current and the two previous months, since %s"),
                                               date);

      gtk_label_set_text (self->from_label, text);
    }
  else
    gtk_label_set_text (self->from_label, _("Orders of the current and the two previous months"));

  adw_status_page_set_description (self->empty_page,
                                   all > 0 ? _("No orders have this status. Choose another status.")
                                           : _("There were no orders in the current and the two previous months."));
  gtk_stack_set_visible_child_name (self->list_stack, shown > 0 ? "list" : "empty");
}

static void
on_status_dropdown_notify_selected (KbServiceOrderHistory *self)
{
  gtk_filter_changed (GTK_FILTER (self->status_filter), GTK_FILTER_CHANGE_DIFFERENT);
  update (self);
}

typedef enum {
  ORDER_DATE,
  ORDER_ACTION,
  ORDER_SERVICE,
  ORDER_COUNTS,
  ORDER_STATUS,
} OrderColumn;

static char *
order_text (gpointer item, int column, gpointer user_data)
{
  KbServiceOrder *order = item;

  switch ((OrderColumn) column)
    {
    case ORDER_DATE:
      return kb_format_unix_time (kb_service_order_get_created_at (order));
    case ORDER_ACTION:
      return g_strdup (kb_service_action_to_display (kb_service_order_get_action (order)));
    case ORDER_SERVICE:
      return g_strdup (kb_service_order_get_service_name (order));
    case ORDER_COUNTS:
      {
        g_autofree char *accepted = kb_service_actions_format_count (kb_service_order_get_accepted (order));
        g_autofree char *total = kb_service_actions_format_count (kb_service_order_get_total (order));

        /* TRANSLATORS: accepted subscribers of all in an order, e.g. "3 of 5" */
        return g_strdup_printf (_("%s of %s"), accepted, total);
      }
    case ORDER_STATUS:
    default:
      return g_strdup (kb_service_order_status_to_display (kb_service_order_get_status (order)));
    }
}

static const char *
order_style (gpointer item, int column, gpointer user_data)
{
  return kb_service_actions_status_style (kb_service_order_get_status (item));
}

static void
setup_columns (KbServiceOrderHistory *self)
{
  const char *titles[] = {
    [ORDER_DATE] = C_("column", "Date"),
    [ORDER_ACTION] = C_("column", "Action"),
    [ORDER_SERVICE] = C_("column", "Service"),
    [ORDER_COUNTS] = C_("column", "Accepted"),
    [ORDER_STATUS] = C_("column", "Status"),
    NULL,
  };

  kb_cell_set_rows_to_open (self->column_view, G_LIST_MODEL (self->model));
  kb_service_actions_add_columns (self->column_view, titles, ORDER_STATUS, ORDER_SERVICE, order_text,
                                  order_style);
}

/* One order */

/* Shows the list ("list") or the opened order ("order"). The stack is the
 * bin's own child, so it is not bound: gtk_widget_dispose_template() would
 * unparent it before AdwBin lets go of it. */
static void
show_page (KbServiceOrderHistory *self, const char *name)
{
  gtk_stack_set_visible_child_name (GTK_STACK (adw_bin_get_child (ADW_BIN (self))), name);
}

static void
on_order_results_ready (GObject *source, GAsyncResult *result, gpointer user_data)
{
  KbServiceOrderHistory *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = kb_service_orders_fetch_results_finish (KB_SERVICE_ORDERS (source), result,
                                                                          &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = KB_SERVICE_ORDER_HISTORY (user_data);
  if (results == NULL)
    kb_service_order_view_set_error (self->order_view, error->message);
  else
    kb_service_order_view_set_results (self->order_view, results);
}

static void
open_order (KbServiceOrderHistory *self, KbServiceOrder *order)
{
  kb_service_order_view_set_order (self->order_view, order, kb_service_order_get_service_name (order));
  kb_service_order_view_set_request (self->order_view,
                                     self->requests != NULL
                                       ? kb_requests_find_for (self->requests, "service_order",
                                                               kb_service_order_get_id (order))
                                       : NULL);
  show_page (self, "order");

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (kb_service_order_get_results (order) != NULL)
    return;
  self->cancellable = g_cancellable_new ();
  kb_service_orders_fetch_results_async (self->service_orders, order, self->cancellable,
                                         on_order_results_ready, self);
}

static void
on_column_view_activate (KbServiceOrderHistory *self, guint position)
{
  g_autoptr(KbServiceOrder) order = g_list_model_get_item (G_LIST_MODEL (self->model), position);

  if (order != NULL)
    open_order (self, order);
}

/* Opens the order @target_id asked for, now or once the history has it. */
static void
open_target (KbServiceOrderHistory *self)
{
  GListModel *orders;

  if (self->target_id == NULL || self->service_orders == NULL)
    return;
  orders = kb_service_orders_get_orders (self->service_orders);
  for (guint i = 0; i < g_list_model_get_n_items (orders); i++)
    {
      g_autoptr(KbServiceOrder) order = g_list_model_get_item (orders, i);

      if (g_str_equal (kb_service_order_get_id (order), self->target_id))
        {
          g_clear_pointer (&self->target_id, g_free);
          open_order (self, order);
          return;
        }
    }
}

/**
 * kb_service_order_history_open_order:
 * @id: an order's id (a request's "service-actions/order/ID")
 *
 * Opens that order with its results, as soon as the history has it.
 */
void
kb_service_order_history_open_order (KbServiceOrderHistory *self, const char *id)
{
  g_return_if_fail (KB_IS_SERVICE_ORDER_HISTORY (self));

  g_free (self->target_id);
  self->target_id = g_strdup (id);
  open_target (self);
}

void
kb_service_order_history_set_requests (KbServiceOrderHistory *self, KbRequests *requests)
{
  g_return_if_fail (KB_IS_SERVICE_ORDER_HISTORY (self));
  g_set_object (&self->requests, requests);
}

static void
on_order_view_back (KbServiceOrderHistory *self)
{
  g_cancellable_cancel (self->cancellable);
  show_page (self, "list");
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

/* Life */

GListModel *
kb_service_order_history_get_model (KbServiceOrderHistory *self)
{
  g_return_val_if_fail (KB_IS_SERVICE_ORDER_HISTORY (self), NULL);
  return G_LIST_MODEL (self->model);
}

/* Returns: (transfer none): the view of the order opened, for tests. */
KbServiceOrderView *
kb_service_order_history_get_order_view (KbServiceOrderHistory *self)
{
  g_return_val_if_fail (KB_IS_SERVICE_ORDER_HISTORY (self), NULL);
  return self->order_view;
}

GListModel *
kb_service_order_history_get_order_results (KbServiceOrderHistory *self)
{
  g_return_val_if_fail (KB_IS_SERVICE_ORDER_HISTORY (self), NULL);
  return kb_service_order_view_get_results (self->order_view);
}

static void
disconnect_service_orders (KbServiceOrderHistory *self)
{
  if (self->service_orders == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->service_orders, self);
  g_signal_handlers_disconnect_by_data (kb_service_orders_get_orders (self->service_orders), self);
}

void
kb_service_order_history_set_service_orders (KbServiceOrderHistory *self, KbServiceOrders *service_orders)
{
  g_return_if_fail (KB_IS_SERVICE_ORDER_HISTORY (self));
  g_return_if_fail (service_orders == NULL || KB_IS_SERVICE_ORDERS (service_orders));

  if (self->service_orders == service_orders)
    return;
  g_cancellable_cancel (self->cancellable);
  disconnect_service_orders (self);
  g_set_object (&self->service_orders, service_orders);
  gtk_filter_list_model_set_model (self->model,
                                   service_orders != NULL ? kb_service_orders_get_orders (service_orders) : NULL);
  if (service_orders != NULL)
    {
      /* After the filter model's own handler, so that it counts what is
       * shown already; "all" changes even when the filter hides the order. */
      g_signal_connect_object (kb_service_orders_get_orders (service_orders), "items-changed",
                               G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (kb_service_orders_get_orders (service_orders), "items-changed",
                               G_CALLBACK (open_target), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (service_orders, "notify::history-from", G_CALLBACK (update), self,
                               G_CONNECT_SWAPPED);
    }
  update (self);
}

GtkWidget *
kb_service_order_history_new (void)
{
  return g_object_new (KB_TYPE_SERVICE_ORDER_HISTORY, NULL);
}

static void
kb_service_order_history_dispose (GObject *object)
{
  KbServiceOrderHistory *self = KB_SERVICE_ORDER_HISTORY (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->requests);
  g_clear_pointer (&self->target_id, g_free);
  /* The handlers connected with g_signal_connect_object() go only at the
   * end of the dispose chain; a signal from the session's objects before
   * then would reach template children already gone. */
  disconnect_service_orders (self);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), KB_TYPE_SERVICE_ORDER_HISTORY);
  g_clear_object (&self->service_orders);
  g_clear_object (&self->status_filter);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (kb_service_order_history_parent_class)->dispose (object);
}

static void
kb_service_order_history_class_init (KbServiceOrderHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kb_service_order_history_dispose;

  g_type_ensure (KB_TYPE_SERVICE_ORDER_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/sections/service-actions/kb-service-order-history.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, KbServiceOrderHistory, name)
  BIND (from_label);
  BIND (status_dropdown);
  BIND (list_stack);
  BIND (empty_page);
  BIND (column_view);
  BIND (order_view);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_status_dropdown_notify_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_column_view_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_order_view_back);
}

static void
kb_service_order_history_init (KbServiceOrderHistory *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->status_filter = gtk_custom_filter_new (filter_order, self, NULL);
  self->model = gtk_filter_list_model_new (NULL, GTK_FILTER (g_object_ref (self->status_filter)));
  g_signal_connect_object (self->model, "items-changed", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  setup_columns (self);
  update (self);
  kb_form_label_drop_down (self->status_dropdown, _("Status"));
}
