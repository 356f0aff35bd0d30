/* kb-payment-dialog.h — the form that registers an unconfirmed payment. */
#pragma once

#include <adwaita.h>

#include "kb-sync.h"

G_BEGIN_DECLS

#define KB_TYPE_PAYMENT_DIALOG (kb_payment_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KbPaymentDialog, kb_payment_dialog, KB, PAYMENT_DIALOG, AdwWindow)

KbPaymentDialog *kb_payment_dialog_new (GtkWindow *parent,
                                        KbSync    *sync);

G_END_DECLS
