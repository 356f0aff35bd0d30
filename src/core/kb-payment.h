/* kb-payment.h — one payment of the client, confirmed by the operator or registered by the client. */
#pragma once

#include <glib-object.h>

#include "kb-core-enums.h"
#include "kb-date.h"

G_BEGIN_DECLS

typedef enum {
  KB_PAYMENT_STATUS_UNKNOWN,
  KB_PAYMENT_STATUS_CONFIRMED,
  KB_PAYMENT_STATUS_UNCONFIRMED,
} KbPaymentStatus;

#define KB_TYPE_PAYMENT (kb_payment_get_type ())
G_DECLARE_FINAL_TYPE (KbPayment, kb_payment, KB, PAYMENT, GObject)

/* What a payment is made of, named rather than passed as eight arguments
 * of which five are strings; kb_payment_new() copies it. */
typedef struct {
  const char *id;               /* NULL before the server registers it */
  const char *date_iso;         /* YYYY-MM-DD */
  gint64 amount_minor;
  const char *currency;         /* NULL: BYN */
  const char *order_number;
  const char *purpose;
  KbPaymentStatus status;
  const char *created_at_iso;
} KbPaymentFields;

KbPayment       *kb_payment_new                (const KbPaymentFields *fields);
const char      *kb_payment_get_id             (KbPayment       *self);
const char      *kb_payment_get_date_iso       (KbPayment       *self);
GDate           *kb_payment_dup_date           (KbPayment       *self);
gint64           kb_payment_get_amount         (KbPayment       *self);
const char      *kb_payment_get_currency       (KbPayment       *self);
const char      *kb_payment_get_order_number   (KbPayment       *self);
const char      *kb_payment_get_purpose        (KbPayment       *self);
KbPaymentStatus  kb_payment_get_status         (KbPayment       *self);
const char      *kb_payment_get_created_at_iso (KbPayment       *self);

const char      *kb_payment_status_to_display  (KbPaymentStatus  status);

G_END_DECLS
