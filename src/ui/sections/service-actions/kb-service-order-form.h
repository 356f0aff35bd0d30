/* kb-service-order-form.h — a new service order: the service, Add or Remove, and whom it is for. */
#pragma once

#include <adwaita.h>

#include "kb-service-orders.h"
#include "kb-subscribers.h"

G_BEGIN_DECLS

/* Where the numbers of an order come from. */
typedef enum {
  KB_SERVICE_ACTIONS_SOURCE_CURRENT,
  KB_SERVICE_ACTIONS_SOURCE_SELECTION,
  KB_SERVICE_ACTIONS_SOURCE_LIST,
} KbServiceActionsSource;

#define KB_TYPE_SERVICE_ORDER_FORM (kb_service_order_form_get_type ())
G_DECLARE_FINAL_TYPE (KbServiceOrderForm, kb_service_order_form, KB, SERVICE_ORDER_FORM, AdwBin)

GtkWidget             *kb_service_order_form_new         (void);
void                   kb_service_order_form_set_service_orders (KbServiceOrderForm *self,
                                                                 KbServiceOrders    *service_orders);
void                   kb_service_order_form_set_subscribers (KbServiceOrderForm *self,
                                                              KbSubscribers      *subscribers);
KbServiceActionsSource kb_service_order_form_get_source  (KbServiceOrderForm *self);
/* Ends the sending that the "send" signal began; @error (or NULL) says why
 * the order was not sent. The choice stays as it was either way. */
void                   kb_service_order_form_finish_sending (KbServiceOrderForm *self,
                                                             const GError       *error);

G_END_DECLS
