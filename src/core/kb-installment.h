/* kb-installment.h — one piece of equipment bought in installments, for one subscriber. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define KB_TYPE_INSTALLMENT (kb_installment_get_type ())
G_DECLARE_FINAL_TYPE (KbInstallment, kb_installment, KB, INSTALLMENT, GObject)

/* What an installment is made of, named rather than passed as eleven
 * arguments; kb_installment_new() copies it. */
typedef struct {
  const char *id;
  const char *subscriber_id;
  const char *number;
  const char *equipment;
  gint64 total_minor;
  gint64 monthly_minor;
  guint payments_left;
  gint64 remaining_minor;
  const char *currency;         /* NULL: BYN */
  const char *next_payment_on;  /* YYYY-MM-DD */
  const char *payoff_on;
} KbInstallmentFields;

KbInstallment *kb_installment_new                 (const KbInstallmentFields *fields);
const char    *kb_installment_get_id              (KbInstallment *self);
const char    *kb_installment_get_subscriber_id   (KbInstallment *self);
const char    *kb_installment_get_number          (KbInstallment *self);
const char    *kb_installment_get_equipment       (KbInstallment *self);
gint64         kb_installment_get_total           (KbInstallment *self);
gint64         kb_installment_get_monthly_payment (KbInstallment *self);
guint          kb_installment_get_payments_left   (KbInstallment *self);
gint64         kb_installment_get_remaining       (KbInstallment *self);
gint64         kb_installment_get_paid            (KbInstallment *self);
double         kb_installment_get_fraction_paid   (KbInstallment *self);
const char    *kb_installment_get_currency        (KbInstallment *self);
const char    *kb_installment_get_next_payment_on (KbInstallment *self);
const char    *kb_installment_get_payoff_on       (KbInstallment *self);

G_END_DECLS
