/* kb-store.c — the SQLite cache of one signed-in account.
 *
 * The schema grows by numbered migrations recorded in PRAGMA user_version;
 * each runs in its own transaction, so a file is always at one version. The
 * journal is WAL, so the UI's short reads never wait for a writer. Every
 * write below is one transaction.
 */
#include "config.h"

#include "kb-store-private.h"

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
  /* 3: Feedback — questions and their answers as the server last sent them,
   * the outbox of questions not yet accepted (each with the Idempotency-Key
   * it is sent with), and the unsent draft of the Ask form. Times are UTC
   * microseconds since 1970, so that they sort as numbers. */
  "CREATE TABLE question ("
  "  id TEXT PRIMARY KEY, local_key TEXT, text TEXT NOT NULL, status TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL, updated_at INTEGER, answer_due_at INTEGER,"
  "  unread INTEGER NOT NULL DEFAULT 0, answers_count INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX question_by_created ON question (created_at);"
  "CREATE TABLE answer ("
  "  id TEXT PRIMARY KEY,"
  "  question_id TEXT NOT NULL REFERENCES question (id) ON DELETE CASCADE,"
  "  author TEXT NOT NULL, text TEXT NOT NULL, created_at INTEGER NOT NULL);"
  "CREATE INDEX answer_by_question ON answer (question_id);"
  "CREATE TABLE outbox ("
  "  key TEXT PRIMARY KEY, text TEXT NOT NULL, created_at INTEGER NOT NULL,"
  "  error TEXT);"
  "CREATE TABLE draft (id INTEGER PRIMARY KEY CHECK (id = 1), text TEXT NOT NULL);",
  /* 4: payments, invoices and installments (kb-store-billing.c), and when
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
  /* 5: Subscriber Selection — the client's whole subscriber list as the
   * server last sent it, in the server's order (by number). When it was
   * fetched and the current subscriber are in meta. */
  "CREATE TABLE subscriber ("
  "  id TEXT PRIMARY KEY, number TEXT NOT NULL, name TEXT NOT NULL,"
  "  tariff TEXT NOT NULL, status TEXT NOT NULL,"
  "  pending_name TEXT, pending_at TEXT);"
  "CREATE INDEX subscriber_by_number ON subscriber (number);",
  /* 6: Rename Subscriber — the history of renames as the server last listed
   * it, and the rows of the batches that were opened or submitted here
   * (kb-store-renames.c). Times are Unix seconds. */
  "CREATE TABLE rename_batch ("
  "  id TEXT PRIMARY KEY, single INTEGER NOT NULL,"
  "  created_at INTEGER NOT NULL, effective_at INTEGER NOT NULL, status TEXT NOT NULL,"
  "  total INTEGER NOT NULL, accepted INTEGER NOT NULL, rejected INTEGER NOT NULL,"
  "  number TEXT, name TEXT);"
  "CREATE TABLE rename_batch_row ("
  "  batch_id TEXT NOT NULL, row INTEGER NOT NULL, number TEXT NOT NULL, name TEXT NOT NULL,"
  "  status TEXT NOT NULL, code TEXT, message TEXT,"
  "  PRIMARY KEY (batch_id, row)) WITHOUT ROWID;"
  "CREATE TABLE rename_history (id INTEGER PRIMARY KEY CHECK (id = 1), fetched_at TEXT NOT NULL);",
  /* 7: Service Actions (kb-store-services.c) — the service catalogue, the
   * order history of the last three months with its first day, and the
   * per-subscriber results of the orders that were sent or opened. */
  "CREATE TABLE service ("
  "  code TEXT PRIMARY KEY, position INTEGER NOT NULL, name TEXT NOT NULL,"
  "  fee_minor INTEGER NOT NULL, currency TEXT NOT NULL);"
  "CREATE TABLE service_order ("
  "  id TEXT PRIMARY KEY, action TEXT NOT NULL, service TEXT NOT NULL,"
  "  service_name TEXT NOT NULL, created_at INTEGER NOT NULL,"
  "  total INTEGER NOT NULL, accepted INTEGER NOT NULL, rejected INTEGER NOT NULL);"
  "CREATE INDEX service_order_by_created ON service_order (created_at);"
  "CREATE TABLE service_order_result ("
  "  order_id TEXT NOT NULL, row INTEGER NOT NULL, number TEXT NOT NULL, code TEXT,"
  "  PRIMARY KEY (order_id, row)) WITHOUT ROWID;"
  "CREATE TABLE service_state ("
  "  resource TEXT PRIMARY KEY, fetched_at TEXT NOT NULL, history_from TEXT);",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == KB_STORE_SCHEMA_VERSION);

gboolean
_kb_store_set_sql_error (KbStore *self, GError **error, const char *what)
{
  g_set_error (error, KB_STORE_ERROR, KB_STORE_ERROR_SQL,
               "%s: %s", what, sqlite3_errmsg (self->db));
  return FALSE;
}

gboolean
_kb_store_exec (KbStore *self, const char *sql, GError **error)
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

sqlite3_stmt *
_kb_store_prepare (KbStore *self, const char *sql, GError **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      _kb_store_set_sql_error (self, error, "prepare");
      return NULL;
    }
  return stmt;
}


gboolean
_kb_store_transaction (KbStore   *self,
                       gboolean (*write) (KbStore *self, gpointer data, GError **error),
                       gpointer   data,
                       GError   **error)
{
  if (!_kb_store_exec (self, "BEGIN IMMEDIATE;", error))
    return FALSE;
  if (!write (self, data, error))
    {
      _kb_store_exec (self, "ROLLBACK;", NULL);
      return FALSE;
    }
  return _kb_store_exec (self, "COMMIT;", error);
}

gboolean
_kb_store_connection_error (sqlite3 *db, GError **error, const char *what)
{
  g_set_error (error, KB_STORE_ERROR, KB_STORE_ERROR_SQL, "%s: %s", what,
               db != NULL ? sqlite3_errmsg (db) : "out of memory");
  return FALSE;
}

sqlite3 *
_kb_store_open_worker (const char *path, GError **error)
{
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      g_set_error (error, KB_STORE_ERROR, KB_STORE_ERROR_OPEN, "Cannot open the cache %s: %s", path,
                   db != NULL ? sqlite3_errmsg (db) : "out of memory");
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_busy_timeout (db, 10000);
  return db;
}

gboolean
_kb_store_worker_transaction (const char *path,
                              gboolean  (*write) (sqlite3 *db, gpointer data, GError **error),
                              gpointer    data,
                              GError    **error)
{
  g_autoptr(KbConnection) db = _kb_store_open_worker (path, error);

  if (db == NULL)
    return FALSE;
  if (sqlite3_exec (db, "BEGIN IMMEDIATE;", NULL, NULL, NULL) != SQLITE_OK)
    return _kb_store_connection_error (db, error, "begin");
  if (!write (db, data, error) ||
      (sqlite3_exec (db, "COMMIT;", NULL, NULL, NULL) != SQLITE_OK && !_kb_store_connection_error (db, error, "commit")))
    {
      sqlite3_exec (db, "ROLLBACK;", NULL, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

static int
get_user_version (KbStore *self)
{
  g_autoptr(KbStatement) stmt = _kb_store_prepare (self, "PRAGMA user_version", NULL);

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return -1;
  return sqlite3_column_int (stmt, 0);
}

static gboolean
migrate (KbStore *self, GError **error)
{
  int version = get_user_version (self);

  if (version < 0)
    return _kb_store_set_sql_error (self, error, "user_version");

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

      if (!_kb_store_exec (self, "BEGIN IMMEDIATE;", error))
        return FALSE;
      if (!_kb_store_exec (self, migrations[next - 1], error) || !_kb_store_exec (self, bump, error))
        {
          _kb_store_exec (self, "ROLLBACK;", NULL);
          g_prefix_error (error, "Migration %d: ", next);
          return FALSE;
        }
      if (!_kb_store_exec (self, "COMMIT;", error))
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
  if (!_kb_store_exec (self, "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;", error) ||
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

void
_kb_store_bind_text (sqlite3_stmt *stmt, int index, const char *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

gboolean
_kb_store_step_done (KbStore *self, sqlite3_stmt *stmt, GError **error)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _kb_store_set_sql_error (self, error, "step");
  return TRUE;
}

static gboolean
write_profile (KbStore *self, KbClientProfile *profile, const char *etag,
               const char *fetched_at, GError **error)
{
  g_autoptr(KbStatement) stmt = NULL;
  GListModel *accounts = kb_client_profile_get_bank_accounts (profile);

  stmt = _kb_store_prepare (self,
                  "INSERT OR REPLACE INTO client_profile (id, name, unp, okpo, delivery_method,"
                  " delivery_address, balance_minor, currency, status, payment_form, contract_number,"
                  " contract_date, etag, fetched_at, legal_address)"
                  " VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)", error);
  if (stmt == NULL)
    return FALSE;

  _kb_store_bind_text (stmt, 1, kb_client_profile_get_name (profile));
  _kb_store_bind_text (stmt, 2, kb_client_profile_get_unp (profile));
  _kb_store_bind_text (stmt, 3, kb_client_profile_get_okpo (profile));
  _kb_store_bind_text (stmt, 4,
                       kb_enum_to_nick (KB_TYPE_DELIVERY_METHOD,
                                        kb_client_profile_get_delivery_method (profile)));
  _kb_store_bind_text (stmt, 5, kb_client_profile_get_delivery_address (profile));
  sqlite3_bind_int64 (stmt, 6, kb_client_profile_get_balance (profile));
  _kb_store_bind_text (stmt, 7, kb_client_profile_get_currency (profile));
  _kb_store_bind_text (stmt, 8,
                       kb_enum_to_nick (KB_TYPE_CLIENT_STATUS,
                                        kb_client_profile_get_status (profile)));
  _kb_store_bind_text (stmt, 9,
                       kb_enum_to_nick (KB_TYPE_PAYMENT_FORM,
                                        kb_client_profile_get_payment_form (profile)));
  _kb_store_bind_text (stmt, 10, kb_client_profile_get_contract_number (profile));
  _kb_store_bind_text (stmt, 11, kb_client_profile_get_contract_date_iso (profile));
  _kb_store_bind_text (stmt, 12, etag);
  _kb_store_bind_text (stmt, 13, fetched_at);
  _kb_store_bind_text (stmt, 14, kb_client_profile_get_legal_address (profile));
  if (!_kb_store_step_done (self, stmt, error))
    return FALSE;

  if (!_kb_store_exec (self, "DELETE FROM bank_account;", error))
    return FALSE;

  g_clear_pointer (&stmt, sqlite3_finalize);
  stmt = _kb_store_prepare (self, "INSERT INTO bank_account (position, iban, bank_name, bic) VALUES (?1, ?2, ?3, ?4)", error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(KbBankAccount) account = g_list_model_get_item (accounts, i);

      sqlite3_reset (stmt);
      sqlite3_bind_int (stmt, 1, (int) i);
      _kb_store_bind_text (stmt, 2, kb_bank_account_get_iban (account));
      _kb_store_bind_text (stmt, 3, kb_bank_account_get_bank_name (account));
      _kb_store_bind_text (stmt, 4, kb_bank_account_get_bic (account));
      if (!_kb_store_step_done (self, stmt, error))
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
  if (!_kb_store_exec (self, "BEGIN IMMEDIATE;", error))
    return FALSE;
  if (!write_profile (self, profile, etag, when, error))
    {
      _kb_store_exec (self, "ROLLBACK;", NULL);
      return FALSE;
    }
  return _kb_store_exec (self, "COMMIT;", error);
}

/* Records that the server confirmed (304) the cached profile is current. */
gboolean
kb_store_touch_client_profile (KbStore *self, GDateTime *checked_at, GError **error)
{
  g_autoptr(KbStatement) stmt = NULL;
  g_autofree char *when = NULL;

  g_return_val_if_fail (KB_IS_STORE (self), FALSE);

  when = g_date_time_format_iso8601 (checked_at);
  stmt = _kb_store_prepare (self, "UPDATE client_profile SET fetched_at = ?1 WHERE id = 1", error);
  if (stmt == NULL)
    return FALSE;
  _kb_store_bind_text (stmt, 1, when);
  return _kb_store_step_done (self, stmt, error);
}

const char *
_kb_store_column_text (sqlite3_stmt *stmt, int column)
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

  stmt = _kb_store_prepare (self,
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
      _kb_store_set_sql_error (self, error, "load profile");
      return NULL;
    }

  profile = kb_client_profile_new ();
  kb_client_profile_set_name (profile, _kb_store_column_text (stmt, 0));
  kb_client_profile_set_unp (profile, _kb_store_column_text (stmt, 1));
  kb_client_profile_set_okpo (profile, _kb_store_column_text (stmt, 2));
  kb_client_profile_set_delivery (profile,
                                  kb_enum_from_nick (KB_TYPE_DELIVERY_METHOD,
                                                     _kb_store_column_text (stmt, 3),
                                                     KB_DELIVERY_METHOD_UNKNOWN),
                                  _kb_store_column_text (stmt, 4));
  kb_client_profile_set_balance (profile, sqlite3_column_int64 (stmt, 5), _kb_store_column_text (stmt, 6));
  kb_client_profile_set_status (profile,
                                kb_enum_from_nick (KB_TYPE_CLIENT_STATUS,
                                                   _kb_store_column_text (stmt, 7),
                                                   KB_CLIENT_STATUS_UNKNOWN));
  kb_client_profile_set_payment_form (profile,
                                      kb_enum_from_nick (KB_TYPE_PAYMENT_FORM,
                                                         _kb_store_column_text (stmt, 8),
                                                         KB_PAYMENT_FORM_UNKNOWN));
  kb_client_profile_set_contract (profile, _kb_store_column_text (stmt, 9), _kb_store_column_text (stmt, 10));
  kb_client_profile_set_legal_address (profile, _kb_store_column_text (stmt, 13));
  if (etag != NULL)
    *etag = g_strdup (_kb_store_column_text (stmt, 11));
  if (fetched_at != NULL)
    *fetched_at = g_date_time_new_from_iso8601 (_kb_store_column_text (stmt, 12), NULL);

  g_clear_pointer (&stmt, sqlite3_finalize);
  stmt = _kb_store_prepare (self, "SELECT iban, bank_name, bic FROM bank_account ORDER BY position", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(KbBankAccount) account = kb_bank_account_new (_kb_store_column_text (stmt, 0),
                                                              _kb_store_column_text (stmt, 1),
                                                              _kb_store_column_text (stmt, 2));
      kb_client_profile_add_bank_account (profile, account);
    }
  if (rc != SQLITE_DONE)
    {
      _kb_store_set_sql_error (self, error, "load bank accounts");
      return NULL;
    }

  return g_steal_pointer (&profile);
}

/* Forgets everything cached for the account (on sign-out). What the user
 * wrote and has not sent yet — the outbox and the draft — stays, and goes
 * out when this account signs in again. Every other table is emptied, so
 * that a table a later migration adds is forgotten too without a change here. */
gboolean
kb_store_clear (KbStore *self, GError **error)
{
  static const char * const kept[] = { "outbox", "draft", NULL };
  g_autoptr(KbStatement) stmt = NULL;
  g_autoptr(GString) sql = g_string_new ("BEGIN IMMEDIATE;");
  int rc;

  g_return_val_if_fail (KB_IS_STORE (self), FALSE);

  stmt = _kb_store_prepare (self, "SELECT name FROM sqlite_master WHERE type = 'table'"
                                  " AND name NOT LIKE 'sqlite_%' ORDER BY name;", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *table = _kb_store_column_text (stmt, 0);

      if (!g_strv_contains (kept, table))
        g_string_append_printf (sql, "DELETE FROM \"%s\";", table);
    }
  if (rc != SQLITE_DONE)
    return _kb_store_set_sql_error (self, error, "list tables");
  g_clear_pointer (&stmt, sqlite3_finalize);
  g_string_append (sql, "COMMIT;");
  if (!_kb_store_exec (self, sql->str, error))
    {
      _kb_store_exec (self, "ROLLBACK;", NULL);
      return FALSE;
    }
  return TRUE;
}
