/* kb-payment.c — one payment of the client, confirmed by the operator or registered by the client.
 *
 * An immutable value: the server's answer, or a row of the cache. The date
 * is kept as the wire's YYYY-MM-DD, which also sorts as text.
 */
#include "kb-payment.h"

#include <stdio.h>

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
kb_payment_new (const char      *id,
                const char      *date_iso,
                gint64           amount_minor,
                const char      *currency,
                const char      *order_number,
                const char      *purpose,
                KbPaymentStatus  status,
                const char      *created_at_iso)
{
  KbPayment *self = g_object_new (KB_TYPE_PAYMENT, NULL);

  self->id = g_strdup (id);
  self->date = g_strdup (date_iso);
  self->amount = amount_minor;
  self->currency = g_strdup (currency != NULL ? currency : "BYN");
  self->order_number = g_strdup (order_number != NULL ? order_number : "");
  self->purpose = g_strdup (purpose != NULL ? purpose : "");
  self->status = status;
  self->created_at = g_strdup (created_at_iso);
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

KbPaymentStatus
kb_payment_status_from_string (const char *str)
{
  if (g_strcmp0 (str, "confirmed") == 0)
    return KB_PAYMENT_STATUS_CONFIRMED;
  if (g_strcmp0 (str, "unconfirmed") == 0)
    return KB_PAYMENT_STATUS_UNCONFIRMED;
  return KB_PAYMENT_STATUS_UNKNOWN;
}

const char *
kb_payment_status_to_string (KbPaymentStatus status)
{
  switch (status)
    {
    case KB_PAYMENT_STATUS_CONFIRMED: return "confirmed";
    case KB_PAYMENT_STATUS_UNCONFIRMED: return "unconfirmed";
    case KB_PAYMENT_STATUS_UNKNOWN:
    default: return "unknown";
    }
}

/* Returns: (transfer full) (nullable): the date of a strict YYYY-MM-DD, or
 * %NULL for anything else. */
GDate *
kb_date_new_from_iso (const char *iso)
{
  unsigned year, month, day;
  char tail;
  GDate *date;

  if (iso == NULL || sscanf (iso, "%4u-%2u-%2u%c", &year, &month, &day, &tail) != 3 ||
      !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return NULL;
  date = g_date_new_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return date;
}

/* Returns: (transfer full): @date as YYYY-MM-DD. */
char *
kb_date_to_iso (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}
