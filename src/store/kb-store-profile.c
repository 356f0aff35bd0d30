/* kb-store-profile.c — the cached client profile: the company, its balance, contract and bank accounts.
 *
 * One row of client_profile and the rows of bank_account, saved together
 * in one transaction with the profile's ETag and the time the server
 * confirmed it.
 */
#include "config.h"

#include "kb-store-private.h"

typedef struct {
  KbClientProfile *profile;
  const char *etag;
  GDateTime *fetched_at;
} WriteProfile;

static gboolean
write_profile (KbDb *db, gpointer data, GError **error)
{
  WriteProfile *write = data;
  KbClientProfile *profile = write->profile;
  GListModel *accounts = kb_client_profile_get_bank_accounts (profile);
  sqlite3_stmt *stmt;

  stmt = kb_db_prepare (db,
                        "INSERT OR REPLACE INTO client_profile (id, name, unp, okpo,"
                        " delivery_method, delivery_address, balance_minor, currency, status,"
                        " payment_form, contract_number, contract_date, etag, legal_address)"
                        " VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                        error);
  if (stmt == NULL)
    return FALSE;

  kb_db_bind_text (stmt, 1, kb_client_profile_get_name (profile));
  kb_db_bind_text (stmt, 2, kb_client_profile_get_unp (profile));
  kb_db_bind_text (stmt, 3, kb_client_profile_get_okpo (profile));
  kb_db_bind_text (stmt, 4,
                   kb_enum_to_nick (KB_TYPE_DELIVERY_METHOD,
                                    kb_client_profile_get_delivery_method (profile)));
  kb_db_bind_text (stmt, 5, kb_client_profile_get_delivery_address (profile));
  sqlite3_bind_int64 (stmt, 6, kb_client_profile_get_balance (profile));
  kb_db_bind_text (stmt, 7, kb_client_profile_get_currency (profile));
  kb_db_bind_text (stmt, 8,
                   kb_enum_to_nick (KB_TYPE_CLIENT_STATUS, kb_client_profile_get_status (profile)));
  kb_db_bind_text (stmt, 9,
                   kb_enum_to_nick (KB_TYPE_PAYMENT_FORM,
                                    kb_client_profile_get_payment_form (profile)));
  kb_db_bind_text (stmt, 10, kb_client_profile_get_contract_number (profile));
  kb_db_bind_text (stmt, 11, kb_client_profile_get_contract_date_iso (profile));
  kb_db_bind_text (stmt, 12, write->etag);
  kb_db_bind_text (stmt, 13, kb_client_profile_get_legal_address (profile));
  if (!kb_db_step_done (db, stmt, error) ||
      !kb_db_exec (db, "DELETE FROM bank_account;", error))
    return FALSE;

  stmt = kb_db_prepare (db, "INSERT INTO bank_account (position, iban, bank_name, bic)"
                        " VALUES (?1, ?2, ?3, ?4)", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(KbBankAccount) account = g_list_model_get_item (accounts, i);

      sqlite3_bind_int (stmt, 1, (int) i);
      kb_db_bind_text (stmt, 2, kb_bank_account_get_iban (account));
      kb_db_bind_text (stmt, 3, kb_bank_account_get_bank_name (account));
      kb_db_bind_text (stmt, 4, kb_bank_account_get_bic (account));
      if (!kb_db_step_done (db, stmt, error))
        return FALSE;
    }
  return _kb_store_write_fetched_at (db, KB_STORE_CLIENT_PROFILE, write->fetched_at, error);
}

gboolean
kb_store_save_client_profile (KbStore          *self,
                              KbClientProfile  *profile,
                              const char       *etag,
                              GDateTime        *fetched_at,
                              GError          **error)
{
  WriteProfile write = { profile, etag, fetched_at };

  g_return_val_if_fail (KB_IS_STORE (self), FALSE);
  g_return_val_if_fail (KB_IS_CLIENT_PROFILE (profile), FALSE);
  g_return_val_if_fail (fetched_at != NULL, FALSE);

  return kb_db_transaction (_kb_store_get_db (self), write_profile, &write, error);
}

static gpointer
bank_account_from_row (sqlite3_stmt *stmt)
{
  return kb_bank_account_new (kb_db_column_text (stmt, 0), kb_db_column_text (stmt, 1),
                              kb_db_column_text (stmt, 2));
}

/**
 * kb_store_load_client_profile:
 * @etag: (out) (optional): the ETag the profile came with
 * @fetched_at: (out) (optional): when the server last confirmed it
 *
 * Returns: (transfer full) (nullable): the cached profile, or %NULL with no
 * error when nothing is cached yet.
 */
KbClientProfile *
kb_store_load_client_profile (KbStore     *self,
                              char       **etag,
                              GDateTime  **fetched_at,
                              GError     **error)
{
  g_autoptr(KbDbStatement) stmt = NULL;
  g_autoptr(KbClientProfile) profile = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  KbDb *db;

  g_return_val_if_fail (KB_IS_STORE (self), NULL);

  db = _kb_store_get_db (self);
  stmt = kb_db_prepare (db,
                        "SELECT name, unp, okpo, delivery_method, delivery_address, balance_minor,"
                        " currency, status, payment_form, contract_number, contract_date, etag,"
                        " legal_address FROM client_profile WHERE id = 1", error);
  if (stmt == NULL || !kb_db_step_row (db, stmt, error))
    return NULL;

  profile = kb_client_profile_new ();
  kb_client_profile_set_name (profile, kb_db_column_text (stmt, 0));
  kb_client_profile_set_unp (profile, kb_db_column_text (stmt, 1));
  kb_client_profile_set_okpo (profile, kb_db_column_text (stmt, 2));
  kb_client_profile_set_delivery (profile,
                                  kb_enum_from_nick (KB_TYPE_DELIVERY_METHOD,
                                                     kb_db_column_text (stmt, 3),
                                                     KB_DELIVERY_METHOD_UNKNOWN),
                                  kb_db_column_text (stmt, 4));
  kb_client_profile_set_balance (profile, sqlite3_column_int64 (stmt, 5),
                                 kb_db_column_text (stmt, 6));
  kb_client_profile_set_status (profile,
                                kb_enum_from_nick (KB_TYPE_CLIENT_STATUS,
                                                   kb_db_column_text (stmt, 7),
                                                   KB_CLIENT_STATUS_UNKNOWN));
  kb_client_profile_set_payment_form (profile,
                                      kb_enum_from_nick (KB_TYPE_PAYMENT_FORM,
                                                         kb_db_column_text (stmt, 8),
                                                         KB_PAYMENT_FORM_UNKNOWN));
  kb_client_profile_set_contract (profile, kb_db_column_text (stmt, 9),
                                  kb_db_column_text (stmt, 10));
  kb_client_profile_set_legal_address (profile, kb_db_column_text (stmt, 12));
  if (etag != NULL)
    *etag = g_strdup (kb_db_column_text (stmt, 11));
  if (fetched_at != NULL)
    *fetched_at = _kb_store_read_fetched_at (db, KB_STORE_CLIENT_PROFILE, NULL);

  g_clear_pointer (&stmt, sqlite3_reset);
  accounts = _kb_store_load_list (self, "SELECT iban, bank_name, bic FROM bank_account"
                                  " ORDER BY position", bank_account_from_row, NULL, NULL, error);
  if (accounts == NULL)
    return NULL;
  for (guint i = 0; i < accounts->len; i++)
    kb_client_profile_add_bank_account (profile, accounts->pdata[i]);

  return g_steal_pointer (&profile);
}
