/* kb-service-order-history.h — the service orders of the current and the two previous months. */
#pragma once

#include <adwaita.h>

#include "kb-requests.h"
#include "kb-service-order-view.h"
#include "kb-service-orders.h"

G_BEGIN_DECLS

#define KB_TYPE_SERVICE_ORDER_HISTORY (kb_service_order_history_get_type ())
G_DECLARE_FINAL_TYPE (KbServiceOrderHistory, kb_service_order_history, KB, SERVICE_ORDER_HISTORY, AdwBin)

GtkWidget       *kb_service_order_history_new                (void);
void             kb_service_order_history_set_service_orders (KbServiceOrderHistory *self,
                                                              KbServiceOrders       *service_orders);
/* KbServiceOrder as shown, the status filter applied (transfer none). */
GListModel      *kb_service_order_history_get_model          (KbServiceOrderHistory *self);
/* KbServiceResult of the order opened (transfer none). */
GListModel      *kb_service_order_history_get_order_results  (KbServiceOrderHistory *self);
void             kb_service_order_history_set_requests       (KbServiceOrderHistory *self,
                                                              KbRequests            *requests);
void             kb_service_order_history_open_order         (KbServiceOrderHistory *self,
                                                              const char            *id);
KbServiceOrderView *kb_service_order_history_get_order_view  (KbServiceOrderHistory *self);

G_END_DECLS
