/* kb-service-actions-page.c — Service Actions by Subscriber List (Действия с услугами по списку абонентов).
 *
 * The section composes three widgets: the form of a new order
 * (KbServiceOrderForm), the results of the order just sent under it
 * (KbServiceOrderView) and the history of orders (KbServiceOrderHistory).
 * The page hands them the session's objects, sends the order the form
 * asks for, shows its results and announces it, and refreshes the
 * catalogue and the history.
 */
#include "config.h"

#include <string.h>

#include "kb-service-actions-page.h"

#include <glib/gi18n.h>

#include "kb-service-actions-format.h"
#include "kb-service-order-history.h"
#include "kb-service-order-view.h"

struct _KbServiceActionsPage
{
  KbPage parent_instance;

  GtkScrolledWindow *order_scroller;
  guint scroll_tick;              /* scroll_to_results(), while it waits */
  guint scroll_frames_left;
  KbServiceOrderForm *form;
  KbServiceOrderView *results_view;
  KbServiceOrderHistory *history;
  GtkStack *view_stack;

  KbServiceOrders *service_orders;
};

G_DEFINE_FINAL_TYPE (KbServiceActionsPage, kb_service_actions_page, KB_TYPE_PAGE)

/* Refresh */

static const KbPageRefresh refresh = {
  .refresh_async = G_CALLBACK (kb_service_orders_refresh_async),
  .refresh_finish = G_CALLBACK (kb_service_orders_refresh_finish),
  .get_fetched_at = G_CALLBACK (kb_service_orders_get_fetched_at),
};

/* The form and the history follow KbServiceOrders' models themselves:
 * there is something to show once the server sent the services, or,
 * before it is asked, when some are cached. */
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
  int height = gtk_widget_get_height (GTK_WIDGET (self->results_view));

  if (!gtk_widget_get_visible (GTK_WIDGET (self->results_view)) || self->scroll_frames_left == 0)
    {
      self->scroll_tick = 0;
      return G_SOURCE_REMOVE;
    }
  self->scroll_frames_left--;
  if (height == 0 || !gtk_widget_compute_point (GTK_WIDGET (self->results_view), content, &origin, &point) ||
      gtk_adjustment_get_upper (adjustment) < point.y + height)
    return G_SOURCE_CONTINUE;
  gtk_adjustment_set_value (adjustment, point.y);
  self->scroll_tick = 0;
  return G_SOURCE_REMOVE;
}

static void
show_results (KbServiceActionsPage *self, KbServiceOrder *order)
{
  KbService *service = kb_service_orders_lookup_service (self->service_orders,
                                                         kb_service_order_get_service (order));

  KbSync *sync = kb_page_get_sync (KB_PAGE (self));

  kb_service_order_view_set_order (self->results_view, order,
                                   service != NULL ? kb_service_get_name (service)
                                                   : kb_service_order_get_service (order));
  /* The reply's request joined the list before the order came back. */
  kb_service_order_view_set_request (self->results_view,
                                     sync != NULL ? kb_requests_find_for (kb_sync_get_requests (sync), "service_order",
                                                                          kb_service_order_get_id (order))
                                                  : NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->results_view), TRUE);
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

  show_results (self, order);
  total = kb_service_order_get_total (order);
  accepted = kb_service_actions_format_count (kb_service_order_get_accepted (order));
  count = kb_service_actions_format_count (total);
  /* TRANSLATORS: a toast; accepted of total */
  message = g_strdup_printf (ngettext ("Order sent: %s of %s subscriber accepted",
                                       "Order sent: %s of %s subscribers accepted", total), accepted, count);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", message);
}

static void
on_form_send (KbServiceActionsPage *self, int action, KbService *service, char **numbers)
{
  kb_service_orders_submit_async (self->service_orders, action, kb_service_get_code (service),
                                  (const char * const *) numbers, kb_page_get_cancellable (KB_PAGE (self)),
                                  on_submit_ready, self);
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
  return kb_service_order_view_get_results (self->results_view);
}

GListModel *
kb_service_actions_page_get_history (KbServiceActionsPage *self)
{
  g_return_val_if_fail (KB_IS_SERVICE_ACTIONS_PAGE (self), NULL);
  return kb_service_order_history_get_model (self->history);
}

GListModel *
kb_service_actions_page_get_order_results (KbServiceActionsPage *self)
{
  g_return_val_if_fail (KB_IS_SERVICE_ACTIONS_PAGE (self), NULL);
  return kb_service_order_history_get_order_results (self->history);
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
  kb_page_set_refresh (KB_PAGE (self), &refresh, self->service_orders);
  kb_service_order_form_set_service_orders (self->form, self->service_orders);
  kb_service_order_form_set_subscribers (self->form, kb_sync_get_subscribers (sync));
  kb_service_order_history_set_service_orders (self->history, self->service_orders);
  kb_service_order_history_set_requests (self->history, kb_sync_get_requests (sync));
}

/* "order/ID" (a request's target): the order in the history. */
static void
kb_service_actions_page_show_target (KbPage *page, const char *target)
{
  KbServiceActionsPage *self = KB_SERVICE_ACTIONS_PAGE (page);

  if (!g_str_has_prefix (target, "order/"))
    return;
  gtk_stack_set_visible_child_name (self->view_stack, "history");
  kb_service_order_history_open_order (self->history, target + strlen ("order/"));
}

/* Returns: (transfer none): the view of the order just sent, for tests. */
KbServiceOrderView *
kb_service_actions_page_get_results_view (KbServiceActionsPage *self)
{
  g_return_val_if_fail (KB_IS_SERVICE_ACTIONS_PAGE (self), NULL);
  return self->results_view;
}

/* Returns: (transfer none): the history, for tests. */
KbServiceOrderHistory *
kb_service_actions_page_get_history_view (KbServiceActionsPage *self)
{
  g_return_val_if_fail (KB_IS_SERVICE_ACTIONS_PAGE (self), NULL);
  return self->history;
}

static void
kb_service_actions_page_dispose (GObject *object)
{
  KbServiceActionsPage *self = KB_SERVICE_ACTIONS_PAGE (object);

  stop_scrolling (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), KB_TYPE_SERVICE_ACTIONS_PAGE);
  g_clear_object (&self->service_orders);

  G_OBJECT_CLASS (kb_service_actions_page_parent_class)->dispose (object);
}

static void
kb_service_actions_page_class_init (KbServiceActionsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KbPageClass *page_class = KB_PAGE_CLASS (klass);

  object_class->constructed = kb_service_actions_page_constructed;
  object_class->dispose = kb_service_actions_page_dispose;
  page_class->show_cached = kb_service_actions_page_show_cached;
  page_class->show_target = kb_service_actions_page_show_target;

  g_type_ensure (KB_TYPE_SERVICE_ORDER_FORM);
  g_type_ensure (KB_TYPE_SERVICE_ORDER_VIEW);
  g_type_ensure (KB_TYPE_SERVICE_ORDER_HISTORY);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/sections/service-actions/kb-service-actions-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, KbServiceActionsPage, name)
  BIND (order_scroller);
  BIND (form);
  BIND (results_view);
  BIND (history);
  BIND (view_stack);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_form_send);
}

static void
kb_service_actions_page_init (KbServiceActionsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  kb_service_order_view_set_just_sent (self->results_view, TRUE);
}
