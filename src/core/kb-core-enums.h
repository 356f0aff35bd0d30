/* kb-core-enums.h — enumerations shared by the models and their wire names. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  KB_CLIENT_STATUS_UNKNOWN,
  KB_CLIENT_STATUS_ACTIVE,
  KB_CLIENT_STATUS_SUSPENDED,
  KB_CLIENT_STATUS_CLOSED,
} KbClientStatus;

typedef enum {
  KB_DELIVERY_METHOD_UNKNOWN,
  KB_DELIVERY_METHOD_EMAIL,
  KB_DELIVERY_METHOD_POST,
  KB_DELIVERY_METHOD_PICKUP,
} KbDeliveryMethod;

typedef enum {
  KB_PAYMENT_FORM_UNKNOWN,
  KB_PAYMENT_FORM_PREPAID,
  KB_PAYMENT_FORM_CREDIT,
} KbPaymentForm;

KbClientStatus   kb_client_status_from_string   (const char       *str);
const char      *kb_client_status_to_string     (KbClientStatus    status);
KbDeliveryMethod kb_delivery_method_from_string (const char       *str);
const char      *kb_delivery_method_to_string   (KbDeliveryMethod  method);
KbPaymentForm    kb_payment_form_from_string    (const char       *str);
const char      *kb_payment_form_to_string      (KbPaymentForm     form);

G_END_DECLS
