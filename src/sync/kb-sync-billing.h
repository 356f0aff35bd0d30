/* kb-sync-billing.h — payments, invoices, installments and invoice delivery: cache first,
 * then the server. */
#pragma once

#include "kb-api-billing.h"
#include "kb-store-billing.h"
#include "kb-sync.h"

G_BEGIN_DECLS

GPtrArray       *kb_sync_load_payments                (KbSync               *self,
                                                       GDate                *from,
                                                       GDate                *to);
GPtrArray       *kb_sync_load_invoices                (KbSync               *self,
                                                       gboolean             *ordering_known,
                                                       gboolean             *ordering_open,
                                                       char                **reopens_on);
GPtrArray       *kb_sync_load_installments            (KbSync               *self);
GDateTime       *kb_sync_dup_fetched_at               (KbSync               *self,
                                                       const char           *resource);

void             kb_sync_refresh_payments_async       (KbSync               *self,
                                                       GDate                *from,
                                                       GDate                *to,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
gboolean         kb_sync_refresh_payments_finish      (KbSync               *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);
void             kb_sync_refresh_invoices_async       (KbSync               *self,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
gboolean         kb_sync_refresh_invoices_finish      (KbSync               *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);
void             kb_sync_refresh_installments_async   (KbSync               *self,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
gboolean         kb_sync_refresh_installments_finish  (KbSync               *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);

void             kb_sync_register_payment_async       (KbSync               *self,
                                                       GDate                *date,
                                                       gint64                amount_minor,
                                                       const char           *order_number,
                                                       const char           *purpose,
                                                       const char           *idempotency_key,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
KbPayment       *kb_sync_register_payment_finish      (KbSync               *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);
void             kb_sync_email_invoice_async          (KbSync               *self,
                                                       KbInvoice            *invoice,
                                                       const char           *email,
                                                       KbInvoiceFormat       format,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
gboolean         kb_sync_email_invoice_finish         (KbSync               *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);
void             kb_sync_download_invoice_async       (KbSync               *self,
                                                       KbInvoice            *invoice,
                                                       KbInvoiceFormat       format,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
GBytes          *kb_sync_download_invoice_finish      (KbSync               *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);
void             kb_sync_set_invoice_delivery_async   (KbSync               *self,
                                                       KbDeliveryMethod      method,
                                                       const char           *address,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
KbClientProfile *kb_sync_set_invoice_delivery_finish  (KbSync               *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);

G_END_DECLS
