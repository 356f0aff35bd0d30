/* kb-api-services.h — the service catalogue and service orders of the contract. */
#pragma once

#include "kb-api-client.h"
#include "kb-service.h"
#include "kb-service-order.h"
#include "kb-service-result.h"

G_BEGIN_DECLS

typedef struct {
  GPtrArray *orders;     /* of KbServiceOrder, newest first, without results */
  char *from;            /* YYYY-MM-DD: the first day of the history */
} KbApiServiceOrderList;

void kb_api_service_order_list_free (KbApiServiceOrderList *list);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KbApiServiceOrderList, kb_api_service_order_list_free)

void                   kb_api_client_list_services_async        (KbApiClient          *self,
                                                                 GCancellable         *cancellable,
                                                                 GAsyncReadyCallback   callback,
                                                                 gpointer              user_data);
GPtrArray             *kb_api_client_list_services_finish       (KbApiClient          *self,
                                                                 GAsyncResult         *result,
                                                                 GError              **error);
void                   kb_api_client_order_service_async        (KbApiClient          *self,
                                                                 KbServiceAction       action,
                                                                 const char           *service,
                                                                 const char * const   *numbers,
                                                                 GCancellable         *cancellable,
                                                                 GAsyncReadyCallback   callback,
                                                                 gpointer              user_data);
KbServiceOrder        *kb_api_client_order_service_finish       (KbApiClient          *self,
                                                                 GAsyncResult         *result,
                                                                 GError              **error);
void                   kb_api_client_list_service_orders_async  (KbApiClient          *self,
                                                                 GCancellable         *cancellable,
                                                                 GAsyncReadyCallback   callback,
                                                                 gpointer              user_data);
KbApiServiceOrderList *kb_api_client_list_service_orders_finish (KbApiClient          *self,
                                                                 GAsyncResult         *result,
                                                                 GError              **error);
void                   kb_api_client_get_service_order_async    (KbApiClient          *self,
                                                                 const char           *id,
                                                                 GCancellable         *cancellable,
                                                                 GAsyncReadyCallback   callback,
                                                                 gpointer              user_data);
KbServiceOrder        *kb_api_client_get_service_order_finish   (KbApiClient          *self,
                                                                 GAsyncResult         *result,
                                                                 GError              **error);

G_END_DECLS
