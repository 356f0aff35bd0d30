/* kb-store-services.h — the cached service catalogue and service-order history. */
#pragma once

#include "kb-store.h"
#include "kb-service.h"
#include "kb-service-order.h"
#include "kb-service-result.h"

G_BEGIN_DECLS

/* The catalogue and the order history, for kb_store_dup_fetched_at(). */
#define KB_STORE_SERVICES "services"
#define KB_STORE_SERVICE_ORDERS "service-orders"

gboolean   kb_store_save_services              (KbStore         *self,
                                                GPtrArray       *services,
                                                GDateTime       *fetched_at,
                                                GError         **error);
GPtrArray *kb_store_load_services              (KbStore         *self,
                                                GDateTime      **fetched_at,
                                                GError         **error);
gboolean   kb_store_save_service_orders        (KbStore         *self,
                                                GPtrArray       *orders,
                                                const char      *history_from,
                                                GDateTime       *fetched_at,
                                                GError         **error);
GPtrArray *kb_store_load_service_orders        (KbStore         *self,
                                                char           **history_from,
                                                GDateTime      **fetched_at,
                                                GError         **error);
void       kb_store_save_service_order_results_async  (KbStore             *self,
                                                       KbServiceOrder      *order,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean   kb_store_save_service_order_results_finish (KbStore             *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);
GPtrArray *kb_store_load_service_order_results (KbStore         *self,
                                                const char      *order_id,
                                                GError         **error);

G_END_DECLS
