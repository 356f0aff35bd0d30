/* kb-invoice-download.h — saving an invoice's document where the user picks. */
#pragma once

#include <gtk/gtk.h>

#include "kb-invoice.h"
#include "kb-sync.h"

G_BEGIN_DECLS

void kb_invoice_download (GtkWidget       *from,
                          KbSync          *sync,
                          KbInvoice       *invoice,
                          KbInvoiceFormat  format,
                          GCancellable    *cancellable);

G_END_DECLS
