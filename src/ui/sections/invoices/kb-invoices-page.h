/* kb-invoices-page.h — Invoices (Счета). */
#pragma once

#include "kb-page.h"

G_BEGIN_DECLS

#define KB_TYPE_INVOICES_PAGE (kb_invoices_page_get_type ())
G_DECLARE_FINAL_TYPE (KbInvoicesPage, kb_invoices_page, KB, INVOICES_PAGE, KbPage)

G_END_DECLS
