/* kb-installments-page.h — Installment Information (Информация по рассрочке). */
#pragma once

#include "kb-page.h"

G_BEGIN_DECLS

#define KB_TYPE_INSTALLMENTS_PAGE (kb_installments_page_get_type ())
G_DECLARE_FINAL_TYPE (KbInstallmentsPage, kb_installments_page, KB, INSTALLMENTS_PAGE, KbPage)

G_END_DECLS
