/* kb-installment.c — one piece of equipment bought in installments, for one subscriber.
 *
 * An immutable value. What is paid is what is not remaining, in kopecks; the
 * fraction is only for a progress bar, never for money.
 */
#include "kb-installment.h"

#include "kb-money.h"

struct _KbInstallment
{
  GObject parent_instance;

  char *id;
  char *subscriber_id;
  char *number;
  char *equipment;
  gint64 total;
  gint64 monthly;
  guint payments_left;
  gint64 remaining;
  char *currency;
  char *next_payment_on;
  char *payoff_on;
};

G_DEFINE_FINAL_TYPE (KbInstallment, kb_installment, G_TYPE_OBJECT)

static void
kb_installment_finalize (GObject *object)
{
  KbInstallment *self = KB_INSTALLMENT (object);

  g_free (self->id);
  g_free (self->subscriber_id);
  g_free (self->number);
  g_free (self->equipment);
  g_free (self->currency);
  g_free (self->next_payment_on);
  g_free (self->payoff_on);

  G_OBJECT_CLASS (kb_installment_parent_class)->finalize (object);
}

static void
kb_installment_class_init (KbInstallmentClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kb_installment_finalize;
}

static void
kb_installment_init (KbInstallment *self)
{
}

KbInstallment *
kb_installment_new (const KbInstallmentFields *fields)
{
  KbInstallment *self = g_object_new (KB_TYPE_INSTALLMENT, NULL);

  self->id = g_strdup (fields->id);
  self->subscriber_id = g_strdup (fields->subscriber_id);
  self->number = g_strdup (fields->number != NULL ? fields->number : "");
  self->equipment = g_strdup (fields->equipment != NULL ? fields->equipment : "");
  self->total = fields->total_minor;
  self->monthly = fields->monthly_minor;
  self->payments_left = fields->payments_left;
  self->remaining = fields->remaining_minor;
  self->currency = g_strdup (fields->currency != NULL ? fields->currency : KB_MONEY_CURRENCY);
  self->next_payment_on = g_strdup (fields->next_payment_on);
  self->payoff_on = g_strdup (fields->payoff_on);
  return self;
}

const char *
kb_installment_get_id (KbInstallment *self)
{
  g_return_val_if_fail (KB_IS_INSTALLMENT (self), NULL);
  return self->id;
}

const char *
kb_installment_get_subscriber_id (KbInstallment *self)
{
  g_return_val_if_fail (KB_IS_INSTALLMENT (self), NULL);
  return self->subscriber_id;
}

const char *
kb_installment_get_number (KbInstallment *self)
{
  g_return_val_if_fail (KB_IS_INSTALLMENT (self), NULL);
  return self->number;
}

const char *
kb_installment_get_equipment (KbInstallment *self)
{
  g_return_val_if_fail (KB_IS_INSTALLMENT (self), NULL);
  return self->equipment;
}

gint64
kb_installment_get_total (KbInstallment *self)
{
  g_return_val_if_fail (KB_IS_INSTALLMENT (self), 0);
  return self->total;
}

gint64
kb_installment_get_monthly_payment (KbInstallment *self)
{
  g_return_val_if_fail (KB_IS_INSTALLMENT (self), 0);
  return self->monthly;
}

guint
kb_installment_get_payments_left (KbInstallment *self)
{
  g_return_val_if_fail (KB_IS_INSTALLMENT (self), 0);
  return self->payments_left;
}

gint64
kb_installment_get_remaining (KbInstallment *self)
{
  g_return_val_if_fail (KB_IS_INSTALLMENT (self), 0);
  return self->remaining;
}

/* Returns: what is paid so far, never below zero. */
gint64
kb_installment_get_paid (KbInstallment *self)
{
  g_return_val_if_fail (KB_IS_INSTALLMENT (self), 0);
  return MAX (self->total - self->remaining, 0);
}

/* Returns: the share paid, 0.0 to 1.0, for a progress bar. */
double
kb_installment_get_fraction_paid (KbInstallment *self)
{
  g_return_val_if_fail (KB_IS_INSTALLMENT (self), 0.0);
  if (self->total <= 0)
    return 1.0;
  return CLAMP ((double) kb_installment_get_paid (self) / (double) self->total, 0.0, 1.0);
}

const char *
kb_installment_get_currency (KbInstallment *self)
{
  g_return_val_if_fail (KB_IS_INSTALLMENT (self), NULL);
  return self->currency;
}

const char *
kb_installment_get_next_payment_on (KbInstallment *self)
{
  g_return_val_if_fail (KB_IS_INSTALLMENT (self), NULL);
  return self->next_payment_on;
}

const char *
kb_installment_get_payoff_on (KbInstallment *self)
{
  g_return_val_if_fail (KB_IS_INSTALLMENT (self), NULL);
  return self->payoff_on;
}
