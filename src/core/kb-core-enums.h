/* kb-core-enums.h — the account's enumerations, and enums to wire names and back. */
#pragma once

#include <glib-object.h>

#include "kb-core-enum-types.h"

G_BEGIN_DECLS

/* Every enumeration that travels (the contract's JSON, the cache's
 * columns) has a GType made by glib-mkenums (kb-core-enum-types.h), whose
 * nicks are the wire names: KB_TYPE_CLIENT_STATUS, KB_TYPE_QUESTION_STATUS
 * and so on. Unknown names map to the caller's fallback, so that a newer
 * server never breaks an older client. */
int         kb_enum_from_nick (GType       enum_type,
                               const char *nick,
                               int         fallback);
const char *kb_enum_to_nick   (GType       enum_type,
                               int         value);

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

const char *kb_client_status_to_display   (KbClientStatus    status);
const char *kb_delivery_method_to_display (KbDeliveryMethod  method);
const char *kb_payment_form_to_display    (KbPaymentForm     form);

G_END_DECLS
