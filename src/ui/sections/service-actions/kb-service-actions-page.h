/* kb-service-actions-page.h — Service Actions by Subscriber List (Действия с услугами по списку абонентов). */
#pragma once

#include "kb-page.h"
#include "kb-service-order-form.h"
#include "kb-service-order-history.h"
#include "kb-service-order-view.h"

G_BEGIN_DECLS

#define KB_TYPE_SERVICE_ACTIONS_PAGE (kb_service_actions_page_get_type ())
G_DECLARE_FINAL_TYPE (KbServiceActionsPage, kb_service_actions_page, KB, SERVICE_ACTIONS_PAGE, KbPage)

KbServiceActionsSource kb_service_actions_page_get_source  (KbServiceActionsPage *self);
/* KbServiceResult of the order just sent (transfer none). */
GListModel            *kb_service_actions_page_get_results (KbServiceActionsPage *self);
/* KbServiceOrder of the history as shown, filter applied (transfer none). */
GListModel            *kb_service_actions_page_get_history (KbServiceActionsPage *self);
/* KbServiceResult of the order opened from the history (transfer none). */
GListModel            *kb_service_actions_page_get_order_results (KbServiceActionsPage *self);
KbServiceOrderView    *kb_service_actions_page_get_results_view  (KbServiceActionsPage *self);
KbServiceOrderHistory *kb_service_actions_page_get_history_view  (KbServiceActionsPage *self);

G_END_DECLS
