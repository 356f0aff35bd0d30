/* kb-api-billing.h — the billing operations of the contract: payments, invoices, installments,
 * and the invoice delivery of the client's account. */
#pragma once

#include "kb-api-client.h"
#include "kb-email.h"
#include "kb-installment.h"
#include "kb-invoice.h"
#include "kb-payment.h"

G_BEGIN_DECLS

typedef struct {
  GPtrArray *payments;   /* of KbPayment, newest first */
  char *from;            /* YYYY-MM-DD, inclusive */
  char *to;
  gint64 total;          /* the server's sum, in kopecks */
} KbApiPaymentList;

void kb_api_payment_list_free (KbApiPaymentList *list);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KbApiPaymentList, kb_api_payment_list_free)

typedef struct {
  GPtrArray *invoices;   /* of KbInvoice, newest first */
  gboolean ordering_open;
  char *reopens_on;      /* YYYY-MM-DD when closed */
} KbApiInvoiceList;

void kb_api_invoice_list_free (KbApiInvoiceList *list);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KbApiInvoiceList, kb_api_invoice_list_free)

/* The payments and the invoices are finished with kb_api_client_list_finish(). */
void              kb_api_client_list_payments_async         (KbApiClient          *self,
                                                             const char           *from,
                                                             const char           *to,
                                                             const char           *etag,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
void              kb_api_client_register_payment_async      (KbApiClient          *self,
                                                             KbPayment            *payment,
                                                             const char           *idempotency_key,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
KbPayment        *kb_api_client_register_payment_finish     (KbApiClient          *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);
void              kb_api_client_list_invoices_async         (KbApiClient          *self,
                                                             const char           *etag,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
void              kb_api_client_email_invoice_async         (KbApiClient          *self,
                                                             const char           *invoice_id,
                                                             const char           *email,
                                                             KbInvoiceFormat       format,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
gboolean          kb_api_client_email_invoice_finish        (KbApiClient          *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);
void              kb_api_client_get_invoice_document_async  (KbApiClient          *self,
                                                             KbInvoice            *invoice,
                                                             KbInvoiceFormat       format,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
GBytes           *kb_api_client_get_invoice_document_finish (KbApiClient          *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);
void              kb_api_client_list_installments_async     (KbApiClient          *self,
                                                             const char           *etag,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
GPtrArray        *kb_api_client_list_installments_finish    (KbApiClient          *self,
                                                             GAsyncResult         *result,
                                                             char                **etag,
                                                             GError              **error);
void              kb_api_client_set_invoice_delivery_async  (KbApiClient          *self,
                                                             KbDeliveryMethod      method,
                                                             const char           *address,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
KbClientProfile  *kb_api_client_set_invoice_delivery_finish (KbApiClient          *self,
                                                             GAsyncResult         *result,
                                                             char                **etag,
                                                             GError              **error);

G_END_DECLS
