/* kb-store.c — the SQLite cache of one signed-in account.
 *
 * The schema grows by numbered migrations recorded in PRAGMA user_version;
 * each runs in its own transaction, so a file is always at one version. The
 * journal is WAL, so the UI's short reads never wait for a writer. Every
 * write below is one transaction.
 */
#include "config.h"

#include "kb-store-private.h"

#include <sqlite3.h>

struct _KbStore
{
  GObject parent_instance;

  sqlite3 *db;
  char *path;
};

G_DEFINE_FINAL_TYPE (KbStore, kb_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (kb-store-error-quark, kb_store_error)

/* Migration N brings a file from version N-1 to N. Never edit one that has
 * shipped: add the next. */
static const char * const migrations[] = {
  /* 1: the profile of the signed-in client. */
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
  "CREATE TABLE client_profile ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  name TEXT NOT NULL, unp TEXT NOT NULL, okpo TEXT,"
  "  delivery_method TEXT, delivery_address TEXT,"
  "  balance_minor INTEGER NOT NULL, currency TEXT NOT NULL,"
  "  status TEXT, payment_form TEXT,"
  "  contract_number TEXT, contract_date TEXT,"
  "  etag TEXT, fetched_at TEXT NOT NULL);",
  /* 2: the legal address and the bank accounts. */
  "ALTER TABLE client_profile ADD COLUMN legal_address TEXT;"
  "CREATE TABLE bank_account ("
  "  position INTEGER PRIMARY KEY,"
  "  iban TEXT NOT NULL, bank_name TEXT, bic TEXT);",
  /* 3: payments, invoices and installments (kb-store-billing.c), and when
   * each list was last confirmed by the server. */
  "CREATE TABLE payment ("
  "  id TEXT PRIMARY KEY, date TEXT NOT NULL,"
  "  amount_minor INTEGER NOT NULL, currency TEXT NOT NULL,"
  "  order_number TEXT NOT NULL, purpose TEXT NOT NULL,"
  "  status TEXT NOT NULL, created_at TEXT);"
  "CREATE INDEX payment_by_date ON payment (date);"
  "CREATE TABLE invoice ("
  "  id TEXT PRIMARY KEY, position INTEGER NOT NULL,"
  "  number TEXT NOT NULL, period TEXT NOT NULL,"
  "  issued_on TEXT, due_on TEXT,"
  "  amount_minor INTEGER NOT NULL, currency TEXT NOT NULL,"
  "  status TEXT NOT NULL, document_url TEXT);"
  "CREATE TABLE installment ("
  "  id TEXT PRIMARY KEY, position INTEGER NOT NULL,"
  "  subscriber_id TEXT, number TEXT NOT NULL, equipment TEXT NOT NULL,"
  "  total_minor INTEGER NOT NULL, monthly_minor INTEGER NOT NULL,"
  "  payments_left INTEGER NOT NULL, remaining_minor INTEGER NOT NULL,"
  "  currency TEXT NOT NULL, next_payment_on TEXT, payoff_on TEXT);"
  "CREATE TABLE billing_state ("
  "  resource TEXT PRIMARY KEY, etag TEXT, fetched_at TEXT NOT NULL,"
  "  ordering_open INTEGER, reopens_on TEXT);",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == KB_STORE_SCHEMA_VERSION);

static gboolean
set_sql_error (KbStore *self, GError **error, const char *what)
{
  g_set_error (error, KB_STORE_ERROR, KB_STORE_ERROR_SQL,
               "%s: %s", what, sqlite3_errmsg (self->db));
  return FALSE;
}

static gboolean
exec (KbStore *self, const char *sql, GError **error)
{
  char *message = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, KB_STORE_ERROR, KB_STORE_ERROR_SQL, "%s", message);
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

static sqlite3_stmt *
prepare (KbStore *self, const char *sql, GError **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      set_sql_error (self, error, "prepare");
      return NULL;
    }
  return stmt;
}

typedef sqlite3_stmt KbStatement;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KbStatement, sqlite3_finalize)

static int
get_user_version (KbStore *self)
{
  g_autoptr(KbStatement) stmt = prepare (self, "PRAGMA user_version", NULL);

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return -1;
  return sqlite3_column_int (stmt, 0);
}

static gboolean
migrate (KbStore *self, GError **error)
{
  int version = get_user_version (self);

  if (version < 0)
    return set_sql_error (self, error, "user_version");

  if (version > KB_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, KB_STORE_ERROR, KB_STORE_ERROR_TOO_NEW,
                   "The cache %s was written by a newer Kabinet (schema %d, this one knows %d)",
                   self->path, version, KB_STORE_SCHEMA_VERSION);
      return FALSE;
    }

  for (int next = version + 1; next <= KB_STORE_SCHEMA_VERSION; next++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d;", next);

      if (!exec (self, "BEGIN IMMEDIATE;", error))
        return FALSE;
      if (!exec (self, migrations[next - 1], error) || !exec (self, bump, error))
        {
          exec (self, "ROLLBACK;", NULL);
          g_prefix_error (error, "Migration %d: ", next);
          return FALSE;
        }
      if (!exec (self, "COMMIT;", error))
        return FALSE;
    }
  return TRUE;
}

static void
kb_store_finalize (GObject *object)
{
  KbStore *self = KB_STORE (object);

  g_clear_pointer (&self->db, sqlite3_close);
  g_free (self->path);

  G_OBJECT_CLASS (kb_store_parent_class)->finalize (object);
}

static void
kb_store_class_init (KbStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kb_store_finalize;
}

static void
kb_store_init (KbStore *self)
{
}

/**
 * kb_store_new:
 * @path: the database file; its folder is created if missing
 *
 * Opens (or creates) the cache and brings its schema up to date.
 */
KbStore *
kb_store_new (const char *path, GError **error)
{
  g_autoptr(KbStore) self = g_object_new (KB_TYPE_STORE, NULL);
  g_autofree char *dir = g_path_get_dirname (path);

  self->path = g_strdup (path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, KB_STORE_ERROR, KB_STORE_ERROR_OPEN,
                   "Cannot create the folder %s", dir);
      return NULL;
    }

  if (sqlite3_open_v2 (path, &self->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                       NULL) != SQLITE_OK)
    {
      g_set_error (error, KB_STORE_ERROR, KB_STORE_ERROR_OPEN,
                   "Cannot open the cache %s: %s", path,
                   self->db != NULL ? sqlite3_errmsg (self->db) : "out of memory");
      return NULL;
    }

  sqlite3_busy_timeout (self->db, 2000);
  if (!exec (self, "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;", error) ||
      !migrate (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

sqlite3 *
_kb_store_get_db (KbStore *self)
{
  g_return_val_if_fail (KB_IS_STORE (self), NULL);
  return self->db;
}

const char *
kb_store_get_path (KbStore *self)
{
  g_return_val_if_fail (KB_IS_STORE (self), NULL);
  return self->path;
}

int
kb_store_get_schema_version (KbStore *self)
{
  g_return_val_if_fail (KB_IS_STORE (self), -1);
  return get_user_version (self);
}

static void
bind_text (sqlite3_stmt *stmt, int index, const char *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

static gboolean
step_done (KbStore *self, sqlite3_stmt *stmt, GError **error)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return set_sql_error (self, error, "step");
  return TRUE;
}

static gboolean
write_profile (KbStore *self, KbClientProfile *profile, const char *etag,
               const char *fetched_at, GError **error)
{
  g_autoptr(KbStatement) stmt = NULL;
  GListModel *accounts = kb_client_profile_get_bank_accounts (profile);

  stmt = prepare (self,
                  "INSERT OR REPLACE INTO client_profile (id, name, unp, okpo, delivery_method,"
                  " delivery_address, balance_minor, currency, status, payment_form, contract_number,"
                  " contract_date, etag, fetched_at, legal_address)"
                  " VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)", error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, kb_client_profile_get_name (profile));
  bind_text (stmt, 2, kb_client_profile_get_unp (profile));
  bind_text (stmt, 3, kb_client_profile_get_okpo (profile));
  bind_text (stmt, 4, kb_delivery_method_to_string (kb_client_profile_get_delivery_method (profile)));
  bind_text (stmt, 5, kb_client_profile_get_delivery_address (profile));
  sqlite3_bind_int64 (stmt, 6, kb_client_profile_get_balance (profile));
  bind_text (stmt, 7, kb_client_profile_get_currency (profile));
  bind_text (stmt, 8, kb_client_status_to_string (kb_client_profile_get_status (profile)));
  bind_text (stmt, 9, kb_payment_form_to_string (kb_client_profile_get_payment_form (profile)));
  bind_text (stmt, 10, kb_client_profile_get_contract_number (profile));
  bind_text (stmt, 11, kb_client_profile_get_contract_date_iso (profile));
  bind_text (stmt, 12, etag);
  bind_text (stmt, 13, fetched_at);
  bind_text (stmt, 14, kb_client_profile_get_legal_address (profile));
  if (!step_done (self, stmt, error))
    return FALSE;

  if (!exec (self, "DELETE FROM bank_account;", error))
    return FALSE;

  g_clear_pointer (&stmt, sqlite3_finalize);
  stmt = prepare (self, "INSERT INTO bank_account (position, iban, bank_name, bic) VALUES (?1, ?2, ?3, ?4)", error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(KbBankAccount) account = g_list_model_get_item (accounts, i);

      sqlite3_reset (stmt);
      sqlite3_bind_int (stmt, 1, (int) i);
      bind_text (stmt, 2, kb_bank_account_get_iban (account));
      bind_text (stmt, 3, kb_bank_account_get_bank_name (account));
      bind_text (stmt, 4, kb_bank_account_get_bic (account));
      if (!step_done (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
kb_store_save_client_profile (KbStore          *self,
                              KbClientProfile  *profile,
                              const char       *etag,
                              GDateTime        *fetched_at,
                              GError          **error)
{
  g_autofree char *when = NULL;

  g_return_val_if_fail (KB_IS_STORE (self), FALSE);
  g_return_val_if_fail (KB_IS_CLIENT_PROFILE (profile), FALSE);
  g_return_val_if_fail (fetched_at != NULL, FALSE);

  when = g_date_time_format_iso8601 (fetched_at);
  if (!exec (self, "BEGIN IMMEDIATE;", error))
    return FALSE;
  if (!write_profile (self, profile, etag, when, error))
    {
      exec (self, "ROLLBACK;", NULL);
      return FALSE;
    }
  return exec (self, "COMMIT;", error);
}

/* Records that the server confirmed (304) the cached profile is current. */
gboolean
kb_store_touch_client_profile (KbStore *self, GDateTime *checked_at, GError **error)
{
  g_autoptr(KbStatement) stmt = NULL;
  g_autofree char *when = NULL;

  g_return_val_if_fail (KB_IS_STORE (self), FALSE);

  when = g_date_time_format_iso8601 (checked_at);
  stmt = prepare (self, "UPDATE client_profile SET fetched_at = ?1 WHERE id = 1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, when);
  return step_done (self, stmt, error);
}

static const char *
column_text (sqlite3_stmt *stmt, int column)
{
  return (const char *) sqlite3_column_text (stmt, column);
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
  g_autoptr(KbStatement) stmt = NULL;
  g_autoptr(KbClientProfile) profile = NULL;
  int rc;

  g_return_val_if_fail (KB_IS_STORE (self), NULL);

  stmt = prepare (self,
                  "SELECT name, unp, okpo, delivery_method, delivery_address, balance_minor,"
                  " currency, status, payment_form, contract_number, contract_date, etag,"
                  " fetched_at, legal_address FROM client_profile WHERE id = 1", error);
  if (stmt == NULL)
    return NULL;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return NULL;
  if (rc != SQLITE_ROW)
    {
      set_sql_error (self, error, "load profile");
      return NULL;
    }

  profile = kb_client_profile_new ();
  kb_client_profile_set_name (profile, column_text (stmt, 0));
  kb_client_profile_set_unp (profile, column_text (stmt, 1));
  kb_client_profile_set_okpo (profile, column_text (stmt, 2));
  kb_client_profile_set_delivery (profile, kb_delivery_method_from_string (column_text (stmt, 3)),
                                  column_text (stmt, 4));
  kb_client_profile_set_balance (profile, sqlite3_column_int64 (stmt, 5), column_text (stmt, 6));
  kb_client_profile_set_status (profile, kb_client_status_from_string (column_text (stmt, 7)));
  kb_client_profile_set_payment_form (profile, kb_payment_form_from_string (column_text (stmt, 8)));
  kb_client_profile_set_contract (profile, column_text (stmt, 9), column_text (stmt, 10));
  kb_client_profile_set_legal_address (profile, column_text (stmt, 13));
  if (etag != NULL)
    *etag = g_strdup (column_text (stmt, 11));
  if (fetched_at != NULL)
    *fetched_at = g_date_time_new_from_iso8601 (column_text (stmt, 12), NULL);

  g_clear_pointer (&stmt, sqlite3_finalize);
  stmt = prepare (self, "SELECT iban, bank_name, bic FROM bank_account ORDER BY position", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(KbBankAccount) account = kb_bank_account_new (column_text (stmt, 0),
                                                              column_text (stmt, 1),
                                                              column_text (stmt, 2));
      kb_client_profile_add_bank_account (profile, account);
    }
  if (rc != SQLITE_DONE)
    {
      set_sql_error (self, error, "load bank accounts");
      return NULL;
    }

  return g_steal_pointer (&profile);
}

/* Forgets everything cached for the account (on sign-out). */
gboolean
kb_store_clear (KbStore *self, GError **error)
{
  g_return_val_if_fail (KB_IS_STORE (self), FALSE);
  return exec (self,
               "BEGIN IMMEDIATE;"
               "DELETE FROM bank_account; DELETE FROM client_profile; DELETE FROM meta;"
               "DELETE FROM payment; DELETE FROM invoice; DELETE FROM installment;"
               "DELETE FROM billing_state;"
               "COMMIT;", error);
}
