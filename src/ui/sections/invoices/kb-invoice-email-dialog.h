/* kb-invoice-email-dialog.h — the form that orders an invoice to an e-mail address. */
#pragma once

#include <adwaita.h>

#include "kb-invoice.h"
#include "kb-sync.h"

G_BEGIN_DECLS

#define KB_TYPE_INVOICE_EMAIL_DIALOG (kb_invoice_email_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KbInvoiceEmailDialog, kb_invoice_email_dialog, KB, INVOICE_EMAIL_DIALOG, AdwWindow)

KbInvoiceEmailDialog *kb_invoice_email_dialog_new (GtkWindow *parent,
                                                   KbSync    *sync,
                                                   KbInvoice *invoice);

G_END_DECLS
