/* kb-invoices-page.h — Invoices (Счета). */
#pragma once

#include "kb-invoice.h"
#include "kb-page.h"

G_BEGIN_DECLS

#define KB_TYPE_INVOICES_PAGE (kb_invoices_page_get_type ())
G_DECLARE_FINAL_TYPE (KbInvoicesPage, kb_invoices_page, KB, INVOICES_PAGE, KbPage)

void     kb_invoices_page_download_async  (KbInvoicesPage       *self,
                                           KbInvoice            *invoice,
                                           KbInvoiceFormat       format,
                                           GFile                *file,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean kb_invoices_page_download_finish (KbInvoicesPage       *self,
                                           GAsyncResult         *result,
                                           GError              **error);

G_END_DECLS
