/* kb-client-profile.h — the client's account as the Personal Information section shows it. */
#pragma once

#include <gio/gio.h>

#include "kb-bank-account.h"
#include "kb-core-enums.h"

G_BEGIN_DECLS

#define KB_TYPE_CLIENT_PROFILE (kb_client_profile_get_type ())
G_DECLARE_FINAL_TYPE (KbClientProfile, kb_client_profile, KB, CLIENT_PROFILE, GObject)

KbClientProfile  *kb_client_profile_new                      (void);

const char       *kb_client_profile_get_name                 (KbClientProfile  *self);
const char       *kb_client_profile_get_unp                  (KbClientProfile  *self);
const char       *kb_client_profile_get_okpo                 (KbClientProfile  *self);
const char       *kb_client_profile_get_legal_address        (KbClientProfile  *self);
KbDeliveryMethod  kb_client_profile_get_delivery_method      (KbClientProfile  *self);
const char       *kb_client_profile_get_delivery_address     (KbClientProfile  *self);
gint64            kb_client_profile_get_balance              (KbClientProfile  *self);
const char       *kb_client_profile_get_currency             (KbClientProfile  *self);
KbClientStatus    kb_client_profile_get_status               (KbClientProfile  *self);
KbPaymentForm     kb_client_profile_get_payment_form         (KbClientProfile  *self);
const char       *kb_client_profile_get_contract_number      (KbClientProfile  *self);
GDate            *kb_client_profile_dup_contract_date        (KbClientProfile  *self);
const char       *kb_client_profile_get_contract_date_iso    (KbClientProfile  *self);
GListModel       *kb_client_profile_get_bank_accounts        (KbClientProfile  *self);

void              kb_client_profile_set_name                 (KbClientProfile  *self,
                                                              const char       *name);
void              kb_client_profile_set_unp                  (KbClientProfile  *self,
                                                              const char       *unp);
void              kb_client_profile_set_okpo                 (KbClientProfile  *self,
                                                              const char       *okpo);
void              kb_client_profile_set_legal_address        (KbClientProfile  *self,
                                                              const char       *address);
void              kb_client_profile_set_delivery             (KbClientProfile  *self,
                                                              KbDeliveryMethod  method,
                                                              const char       *address);
void              kb_client_profile_set_balance              (KbClientProfile  *self,
                                                              gint64            minor_units,
                                                              const char       *currency);
void              kb_client_profile_set_status               (KbClientProfile  *self,
                                                              KbClientStatus    status);
void              kb_client_profile_set_payment_form         (KbClientProfile  *self,
                                                              KbPaymentForm     form);
void              kb_client_profile_set_contract             (KbClientProfile  *self,
                                                              const char       *number,
                                                              const char       *date_iso);
void              kb_client_profile_add_bank_account         (KbClientProfile  *self,
                                                              KbBankAccount    *account);

gboolean          kb_unp_is_valid                            (const char       *unp);

G_END_DECLS
