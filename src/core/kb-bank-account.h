/* kb-bank-account.h — one settlement account of the client (IBAN, bank, BIC). */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define KB_TYPE_BANK_ACCOUNT (kb_bank_account_get_type ())
G_DECLARE_FINAL_TYPE (KbBankAccount, kb_bank_account, KB, BANK_ACCOUNT, GObject)

KbBankAccount *kb_bank_account_new           (const char    *iban,
                                              const char    *bank_name,
                                              const char    *bic);
const char    *kb_bank_account_get_iban      (KbBankAccount *self);
const char    *kb_bank_account_get_bank_name (KbBankAccount *self);
const char    *kb_bank_account_get_bic       (KbBankAccount *self);
gboolean       kb_iban_is_valid_by           (const char    *iban);

G_END_DECLS
