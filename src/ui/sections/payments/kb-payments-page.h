/* kb-payments-page.h — Payments (Платежи). */
#pragma once

#include "kb-page.h"

G_BEGIN_DECLS

#define KB_TYPE_PAYMENTS_PAGE (kb_payments_page_get_type ())
G_DECLARE_FINAL_TYPE (KbPaymentsPage, kb_payments_page, KB, PAYMENTS_PAGE, KbPage)

GListModel *kb_payments_page_get_model     (KbPaymentsPage       *self);
void        kb_payments_page_export_async  (KbPaymentsPage       *self,
                                            GFile                *file,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean    kb_payments_page_export_finish (KbPaymentsPage       *self,
                                            GAsyncResult         *result,
                                            GError              **error);
void        kb_payments_page_choose_export (KbPaymentsPage       *self,
                                            GDate                *from,
                                            GDate                *to);

G_END_DECLS
