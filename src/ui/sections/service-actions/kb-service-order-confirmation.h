/* kb-service-order-confirmation.h — the question before a service order is sent. */
#pragma once

#include <adwaita.h>

#include "kb-service.h"
#include "kb-service-order.h"

G_BEGIN_DECLS

#define KB_TYPE_SERVICE_ORDER_CONFIRMATION (kb_service_order_confirmation_get_type ())
G_DECLARE_FINAL_TYPE (KbServiceOrderConfirmation, kb_service_order_confirmation,
                      KB, SERVICE_ORDER_CONFIRMATION, AdwMessageDialog)

/* Asks whether to @action @service for @numbers; @left_out list rows were
 * left out for their problems. The "send" response sends the order. */
GtkWidget          *kb_service_order_confirmation_new         (GtkWindow                  *parent,
                                                               KbService                  *service,
                                                               KbServiceAction             action,
                                                               const char * const         *numbers,
                                                               guint                       left_out);
KbService          *kb_service_order_confirmation_get_service (KbServiceOrderConfirmation *self);
KbServiceAction     kb_service_order_confirmation_get_action  (KbServiceOrderConfirmation *self);
const char * const *kb_service_order_confirmation_get_numbers (KbServiceOrderConfirmation *self);

G_END_DECLS
