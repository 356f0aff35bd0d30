/* kb-payment.c — one payment of the client, confirmed by the operator or registered by the client.
 *
 * An immutable value: the server's answer, or a row of the cache. The date
 * is kept as the wire's YYYY-MM-DD, which also sorts as text.
 */
#include "config.h"

#include "kb-payment.h"

#include <glib/gi18n-lib.h>

#include "kb-money.h"

struct _KbPayment
{
  GObject parent_instance;

  char *id;
  char *date;
  gint64 amount;
  char *currency;
  char *order_number;
  char *purpose;
  KbPaymentStatus status;
  char *created_at;
};

G_DEFINE_FINAL_TYPE (KbPayment, kb_payment, G_TYPE_OBJECT)

static void
kb_payment_finalize (GObject *object)
{
  KbPayment *self = KB_PAYMENT (object);

  g_free (self->id);
  g_free (self->date);
  g_free (self->currency);
  g_free (self->order_number);
  g_free (self->purpose);
  g_free (self->created_at);

  G_OBJECT_CLASS (kb_payment_parent_class)->finalize (object);
}

static void
kb_payment_class_init (KbPaymentClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kb_payment_finalize;
}

static void
kb_payment_init (KbPayment *self)
{
}

KbPayment *
kb_payment_new (const KbPaymentFields *fields)
{
  KbPayment *self = g_object_new (KB_TYPE_PAYMENT, NULL);

  self->id = g_strdup (fields->id);
  self->date = g_strdup (fields->date_iso);
  self->amount = fields->amount_minor;
  self->currency = g_strdup (fields->currency != NULL ? fields->currency : KB_MONEY_CURRENCY);
  self->order_number = g_strdup (fields->order_number != NULL ? fields->order_number : "");
  self->purpose = g_strdup (fields->purpose != NULL ? fields->purpose : "");
  self->status = fields->status;
  self->created_at = g_strdup (fields->created_at_iso);
  return self;
}

const char *
kb_payment_get_id (KbPayment *self)
{
  g_return_val_if_fail (KB_IS_PAYMENT (self), NULL);
  return self->id;
}

const char *
kb_payment_get_date_iso (KbPayment *self)
{
  g_return_val_if_fail (KB_IS_PAYMENT (self), NULL);
  return self->date;
}

/* Returns: (transfer full) (nullable): the payment's calendar date. */
GDate *
kb_payment_dup_date (KbPayment *self)
{
  g_return_val_if_fail (KB_IS_PAYMENT (self), NULL);
  return kb_date_new_from_iso (self->date);
}

gint64
kb_payment_get_amount (KbPayment *self)
{
  g_return_val_if_fail (KB_IS_PAYMENT (self), 0);
  return self->amount;
}

const char *
kb_payment_get_currency (KbPayment *self)
{
  g_return_val_if_fail (KB_IS_PAYMENT (self), NULL);
  return self->currency;
}

const char *
kb_payment_get_order_number (KbPayment *self)
{
  g_return_val_if_fail (KB_IS_PAYMENT (self), NULL);
  return self->order_number;
}

const char *
kb_payment_get_purpose (KbPayment *self)
{
  g_return_val_if_fail (KB_IS_PAYMENT (self), NULL);
  return self->purpose;
}

KbPaymentStatus
kb_payment_get_status (KbPayment *self)
{
  g_return_val_if_fail (KB_IS_PAYMENT (self), KB_PAYMENT_STATUS_UNKNOWN);
  return self->status;
}

const char *
kb_payment_get_created_at_iso (KbPayment *self)
{
  g_return_val_if_fail (KB_IS_PAYMENT (self), NULL);
  return self->created_at;
}

const char *
kb_payment_status_to_display (KbPaymentStatus status)
{
  switch (status)
    {
    case KB_PAYMENT_STATUS_CONFIRMED: return C_("payment", "Confirmed");
    case KB_PAYMENT_STATUS_UNCONFIRMED: return C_("payment", "Unconfirmed");
    case KB_PAYMENT_STATUS_UNKNOWN:
    default: return C_("payment", "Unknown");
    }
}
