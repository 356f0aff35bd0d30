/* kb-delivery-dialog.h — the form that changes how invoices are delivered. */
#pragma once

#include <adwaita.h>

#include "kb-sync.h"

G_BEGIN_DECLS

#define KB_TYPE_DELIVERY_DIALOG (kb_delivery_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KbDeliveryDialog, kb_delivery_dialog, KB, DELIVERY_DIALOG, AdwWindow)

KbDeliveryDialog *kb_delivery_dialog_new     (GtkWindow *parent,
                                              KbSync    *sync);
KbDeliveryDialog *kb_delivery_dialog_present (GtkWidget *from,
                                              KbSync    *sync);

G_END_DECLS
