/* kb-service-orders.h — Service Actions' data: the catalogue, orders and their history. */
#pragma once

#include <gio/gio.h>

#include "kb-api-client.h"
#include "kb-service.h"
#include "kb-service-order.h"
#include "kb-service-result.h"
#include "kb-store.h"

G_BEGIN_DECLS

#define KB_TYPE_SERVICE_ORDERS (kb_service_orders_get_type ())
G_DECLARE_FINAL_TYPE (KbServiceOrders, kb_service_orders, KB, SERVICE_ORDERS, GObject)

/* Made by KbSync for its session (kb_sync_get_service_orders()). The
 * catalogue and the history come from the cache at once and are replaced
 * in place by each refresh.
 *
 * Properties: "history-from" (string, nullable: YYYY-MM-DD, the first day
 * of the history), "fetched-at" (GDateTime, nullable: when the server last
 * sent the history). */
KbServiceOrders *kb_service_orders_new                (KbApiClient          *api,
                                                       KbStore              *store);
GListModel      *kb_service_orders_get_services       (KbServiceOrders      *self);
GListModel      *kb_service_orders_get_orders         (KbServiceOrders      *self);
const char      *kb_service_orders_get_history_from   (KbServiceOrders      *self);
GDateTime       *kb_service_orders_get_fetched_at     (KbServiceOrders      *self);
KbService       *kb_service_orders_lookup_service     (KbServiceOrders      *self,
                                                       const char           *code);

/* The catalogue and the history, both, saved to the cache. */
void             kb_service_orders_refresh_async      (KbServiceOrders      *self,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
gboolean         kb_service_orders_refresh_finish     (KbServiceOrders      *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);
/* One request for the whole list; the order with every row's result. */
void             kb_service_orders_submit_async       (KbServiceOrders      *self,
                                                       KbServiceAction       action,
                                                       const char           *service,
                                                       const char * const   *numbers,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
KbServiceOrder  *kb_service_orders_submit_finish      (KbServiceOrders      *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);
/* The results of an order of the history: from the server, or the cache
 * when the server cannot be reached. GPtrArray of KbServiceResult. */
void             kb_service_orders_fetch_results_async  (KbServiceOrders    *self,
                                                         KbServiceOrder     *order,
                                                         GCancellable       *cancellable,
                                                         GAsyncReadyCallback callback,
                                                         gpointer            user_data);
GPtrArray       *kb_service_orders_fetch_results_finish (KbServiceOrders    *self,
                                                         GAsyncResult       *result,
                                                         GError            **error);

void             kb_service_orders_stop               (KbServiceOrders      *self);

G_END_DECLS
