/* kb-store-billing.h — the cached payments, invoices and installments of the account. */
#pragma once

#include "kb-installment.h"
#include "kb-invoice.h"
#include "kb-payment.h"
#include "kb-store.h"

G_BEGIN_DECLS

/* Names of the cached lists, for kb_store_get_billing_state() and
 * kb_store_dup_fetched_at(). */
#define KB_STORE_PAYMENTS "payments"
#define KB_STORE_INVOICES "invoices"
#define KB_STORE_INSTALLMENTS "installments"

gboolean   kb_store_save_payments     (KbStore     *self,
                                       const char  *from,
                                       const char  *to,
                                       GPtrArray   *payments,
                                       const char  *etag,
                                       GDateTime   *fetched_at,
                                       GError     **error);
gboolean   kb_store_add_payment       (KbStore     *self,
                                       KbPayment   *payment,
                                       GError     **error);
GPtrArray *kb_store_load_payments     (KbStore     *self,
                                       const char  *from,
                                       const char  *to,
                                       GError     **error);

gboolean   kb_store_save_invoices     (KbStore     *self,
                                       GPtrArray   *invoices,
                                       gboolean     ordering_open,
                                       const char  *reopens_on,
                                       const char  *etag,
                                       GDateTime   *fetched_at,
                                       GError     **error);
GPtrArray *kb_store_load_invoices     (KbStore     *self,
                                       GError     **error);

gboolean   kb_store_save_installments (KbStore     *self,
                                       GPtrArray   *installments,
                                       const char  *etag,
                                       GDateTime   *fetched_at,
                                       GError     **error);
GPtrArray *kb_store_load_installments (KbStore     *self,
                                       GError     **error);

gboolean   kb_store_get_billing_state (KbStore     *self,
                                       const char  *resource,
                                       char       **etag,
                                       GDateTime  **fetched_at,
                                       gboolean    *ordering_open,
                                       char       **reopens_on);

G_END_DECLS
