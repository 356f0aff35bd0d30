/* kb-store.c — the SQLite cache of one signed-in account.
 *
 * The schema grows by numbered migrations recorded in PRAGMA user_version;
 * each runs in its own transaction, so a file is always at one version. The
 * journal is WAL, so the UI's short reads never wait for a writer. Every
 * write below is one transaction.
 */
#include "config.h"

#include "kb-store-private.h"

#include "kb-background.h"

struct _KbStore
{
  GObject parent_instance;

  KbDb *db;
  char *path;
  gint generation;  /* atomic: one more for each kb_store_clear() */
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
  /* 8: when the server last confirmed each cached thing, in one table keyed
   * by what it is (kb_store_dup_fetched_at()), instead of a column of the
   * profile, of billing_state and of service_state, a meta key and a table
   * of its own. */
  "CREATE TABLE fetched (what TEXT PRIMARY KEY, fetched_at TEXT NOT NULL);"
  "INSERT INTO fetched (what, fetched_at)"
  "  SELECT 'client-profile', fetched_at FROM client_profile WHERE id = 1;"
  "INSERT INTO fetched (what, fetched_at) SELECT resource, fetched_at FROM billing_state;"
  "INSERT INTO fetched (what, fetched_at) SELECT resource, fetched_at FROM service_state;"
  "INSERT INTO fetched (what, fetched_at) SELECT 'subscribers', value FROM meta"
  "  WHERE key = 'subscribers_fetched_at' AND value IS NOT NULL;"
  "INSERT INTO fetched (what, fetched_at) SELECT 'renames', fetched_at FROM rename_history;"
  "DELETE FROM meta WHERE key = 'subscribers_fetched_at';"
  "DROP TABLE rename_history;"
  "ALTER TABLE client_profile DROP COLUMN fetched_at;"
  "ALTER TABLE billing_state DROP COLUMN fetched_at;"
  "ALTER TABLE service_state DROP COLUMN fetched_at;",
  /* 9: what GNOME Shell's search finds (kb-store-search.c): a trigram index
   * of each kind of row, so that any part of a number, a name or a word
   * is found in 100 000 rows in well under a millisecond, case aside. The
   * indexes keep no copy of the text (content=''): an entry's rowid is its
   * row's. A view says what each row's indexed text is (ё as е, as the
   * search folds its terms); the writers of the rows keep the indexes up to
   * date from it (kb_store_search_reindex() and kb-store-questions.c), not
   * triggers: FTS5 flushes its index at each statement a trigger runs,
   * which made saving 100 000 subscribers fifteen times slower. An
   * invoice is also found by its month in digits and as written
   * (2026-03, 202603, 03.2026) and by its amount with a point or a comma. */
  "CREATE VIEW subscriber_search_text (source_rowid, text) AS"
  "  SELECT rowid, replace (replace (number || ' ' || name || ' ' || tariff, 'ё', 'е'), 'Ё', 'Е')"
  "  FROM subscriber;"
  "CREATE VIEW question_search_text (source_rowid, text) AS"
  "  SELECT rowid, replace (replace (text, 'ё', 'е'), 'Ё', 'Е') FROM question;"
  "CREATE VIEW invoice_search_text (source_rowid, text) AS SELECT rowid, replace (replace ("
  "  number || ' ' || period || ' ' || replace (period, '-', '') || ' '"
  "  || substr (period, 6, 2) || '.' || substr (period, 1, 4)"
  "  || printf (' %d.%02d %d,%02d', amount_minor / 100, amount_minor % 100,"
  "             amount_minor / 100, amount_minor % 100), 'ё', 'е'), 'Ё', 'Е') FROM invoice;"
  "CREATE VIRTUAL TABLE subscriber_search USING fts5 (text, content = '', tokenize = 'trigram');"
  "CREATE VIRTUAL TABLE question_search USING fts5 (text, content = '', tokenize = 'trigram');"
  "CREATE VIRTUAL TABLE invoice_search USING fts5 (text, content = '', tokenize = 'trigram');"
  "INSERT INTO subscriber_search (rowid, text)"
  "  SELECT source_rowid, text FROM subscriber_search_text;"
  "INSERT INTO question_search (rowid, text) SELECT source_rowid, text FROM question_search_text;"
  "INSERT INTO invoice_search (rowid, text) SELECT source_rowid, text FROM invoice_search_text;",
  /* 10: Feedback's conversations (kb-store-conversation.c). The answer table
   * keeps follow-ups too (from_client); attachment holds what the server
   * said of each file (answer_id NULL: the question's own). The outbox
   * gains follow-ups (message_outbox) and files (outbox_file: each with its
   * own Idempotency-Key, the copy in the app's data folder and, once
   * uploaded, the server's id), owned by a question's or a follow-up's key;
   * thread_draft is the reply field's draft of each thread. */
  "ALTER TABLE answer ADD COLUMN from_client INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE question ADD COLUMN rating TEXT;"
  "ALTER TABLE question ADD COLUMN rating_comment TEXT;"
  "CREATE TABLE attachment ("
  "  id TEXT PRIMARY KEY,"
  "  question_id TEXT NOT NULL REFERENCES question (id) ON DELETE CASCADE,"
  "  answer_id TEXT, position INTEGER NOT NULL,"
  "  name TEXT NOT NULL, size INTEGER NOT NULL, content_type TEXT NOT NULL);"
  "CREATE INDEX attachment_by_question ON attachment (question_id);"
  "CREATE TABLE message_outbox ("
  "  key TEXT PRIMARY KEY, question_id TEXT NOT NULL, text TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL, error TEXT);"
  "CREATE TABLE outbox_file ("
  "  key TEXT PRIMARY KEY, owner_key TEXT NOT NULL, position INTEGER NOT NULL,"
  "  name TEXT NOT NULL, size INTEGER NOT NULL, content_type TEXT NOT NULL,"
  "  path TEXT NOT NULL, attachment_id TEXT);"
  "CREATE INDEX outbox_file_by_owner ON outbox_file (owner_key, position);"
  "CREATE TABLE thread_draft (question_id TEXT PRIMARY KEY, text TEXT NOT NULL);",
  /* 11: the operator's requests (kb-store-requests.c) as the server last
   * sent them; the list's cursor and ETag are meta keys. */
  "CREATE TABLE operator_request ("
  "  id TEXT PRIMARY KEY, number TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL,"
  "  reason TEXT, subject TEXT NOT NULL, detail TEXT, count INTEGER NOT NULL,"
  "  rejected_count INTEGER NOT NULL, target_type TEXT NOT NULL, target_id TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, effective_at INTEGER NOT NULL);"
  "CREATE INDEX operator_request_by_created ON operator_request (created_at);",
  /* 12: the requests in GNOME Shell's search (kb-store-search.c), a trigram
   * index as in migration 9. What a request is found by includes the
   * words its kind and status are shown with, which only the program can
   * translate: the writer (kb-store-requests.c) keeps that text in the
   * row's search_text, and the index from it. The list's cursor is
   * forgotten, so that the next fetch sends every request again and the
   * rows cached before this migration are indexed too. */
  "ALTER TABLE operator_request ADD COLUMN search_text TEXT NOT NULL DEFAULT '';"
  "DELETE FROM meta WHERE key IN ('requests_cursor', 'requests_etag');"
  "CREATE VIEW operator_request_search_text (source_rowid, text) AS"
  "  SELECT rowid, search_text FROM operator_request;"
  "CREATE VIRTUAL TABLE operator_request_search USING fts5"
  "  (text, content = '', tokenize = 'trigram');",
  /* 13: the sidebar's unread badge is counted before the first frame
   * (kb_store_count_unread_questions()): over 10 000 questions a scan of
   * the table took 2 ms, this index of the few unread ones 0.1 ms. */
  "CREATE INDEX question_unread ON question (unread) WHERE unread != 0;",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == KB_STORE_SCHEMA_VERSION);

/* How long a worker waits for another connection's write lock. */
static gint worker_busy_timeout_ms = 10000;

/* Tests shorten the wait to see a worker's write fail without waiting 10 s. */
void
_kb_store_set_worker_busy_timeout (guint ms)
{
  g_atomic_int_set (&worker_busy_timeout_ms, (gint) MIN (ms, G_MAXINT));
}

KbDb *
_kb_store_open_worker (const char *path, GError **error)
{
  KbDb *db = kb_db_open (path, 0, (guint) g_atomic_int_get (&worker_busy_timeout_ms), error);

  if (db == NULL)
    g_prefix_error (error, "Cannot open the cache ");
  return db;
}

gboolean
_kb_store_worker_transaction (const char *path, KbDbWriteFunc write, gpointer data, GError **error)
{
  g_autoptr(KbDb) db = _kb_store_open_worker (path, error);

  return db != NULL && kb_db_transaction (db, write, data, error);
}

typedef struct {
  KbStore *store;  /* only its generation is read on the worker */
  gint generation;
  char *path;
  KbDbWriteFunc write;
  gpointer data;
  GDestroyNotify free_data;
} WorkerWrite;

static void
worker_write_free (WorkerWrite *job)
{
  g_object_unref (job->store);
  g_free (job->path);
  if (job->free_data != NULL)
    job->free_data (job->data);
  g_free (job);
}

/* A write asked for before kb_store_clear() must not land after it: a
 * signed-out account's data would be back. Checked with the write lock
 * held, so the clear either came before (and is seen) or waits for this.
 * Such a write is done with, not failed: what it held was cleared. */
static gboolean
write_if_not_cleared (KbDb *db, gpointer user_data, GError **error)
{
  WorkerWrite *job = user_data;

  if (g_atomic_int_get (&job->store->generation) != job->generation)
    return TRUE;
  return job->write (db, job->data, error);
}

/* The writes run one after another on a thread that gives way to the
 * window's frames (kb_background_pool_new()): nobody waits to see them,
 * and SQLite lets one write at a time anyway. */
static GThreadPool *writer;

static void
write_in_background (gpointer item, gpointer user_data)
{
  g_autoptr(GTask) task = item;
  WorkerWrite *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(KbDb) db = NULL;

  /* The session ended (its cache may be cleared) before the write began. */
  if (g_task_return_error_if_cancelled (task))
    return;
  /* The cache can always be fetched again: a power cut may lose the last
   * commit, as on the store's own connection, but not spoil the file; and
   * the commit of 100 000 rows no longer waits for the disk. */
  db = _kb_store_open_worker (job->path, &error);
  if (db != NULL &&
      kb_db_exec (db, "PRAGMA synchronous = NORMAL;", &error) &&
      kb_db_transaction (db, write_if_not_cleared, job, &error))
    g_task_return_boolean (task, TRUE);
  /* The cache file went (the account's cache deleted) before the write or
   * while it ran, which on a busy machine it may wait its turn for: like a
   * write after a clear, it is done with. The worker never makes the file. */
  else if (!g_file_test (job->path, G_FILE_TEST_EXISTS))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

void
_kb_store_write_async (KbStore             *self,
                       gpointer             source_tag,
                       KbDbWriteFunc        write,
                       gpointer             data,
                       GDestroyNotify       free_data,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  WorkerWrite *job = g_new0 (WorkerWrite, 1);

  job->store = g_object_ref (self);
  job->generation = g_atomic_int_get (&self->generation);
  job->path = g_strdup (kb_store_get_path (self));
  job->write = write;
  job->data = data;
  job->free_data = free_data;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, (GDestroyNotify) worker_write_free);
  if (g_once_init_enter (&writer))
    g_once_init_leave (&writer, kb_background_pool_new (write_in_background, NULL));
  g_thread_pool_push (writer, g_steal_pointer (&task), NULL);
}

gboolean
_kb_store_write_finish (KbStore *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

char *
_kb_store_dup_text (KbDb *db, const char *sql, const char *key, GError **error)
{
  sqlite3_stmt *stmt = kb_db_prepare (db, sql, error);

  if (stmt != NULL && key != NULL)
    kb_db_bind_text (stmt, 1, key);
  return kb_db_dup_text (db, stmt, error);
}

/* The one loop of every load: the row readers differ, the stepping and
 * the error do not. */
gboolean
_kb_store_add_rows (KbDb            *db,
                    sqlite3_stmt    *stmt,
                    GPtrArray       *items,
                    KbStoreRowFunc   from_row,
                    GError         **error)
{
  GError *local_error = NULL;

  while (kb_db_step_row (db, stmt, &local_error))
    g_ptr_array_add (items, from_row (stmt));
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

/* Every load of a list: the statement (from kb_db_query(), so NULL when it
 * failed) and the row reader differ, the array and its errors do not. */
GPtrArray *
_kb_store_load_rows (KbDb            *db,
                     sqlite3_stmt    *stmt,
                     KbStoreRowFunc   from_row,
                     GDestroyNotify   free_item,
                     GError         **error)
{
  g_autoptr(GPtrArray) items = NULL;

  if (stmt == NULL)
    return NULL;
  items = g_ptr_array_new_with_free_func (free_item);
  if (!_kb_store_add_rows (db, stmt, items, from_row, error))
    return NULL;
  return g_steal_pointer (&items);
}

/* Every load of a cached list on the store's own connection: its rows
 * and, for a list the server sends whole, when it last did. */
GPtrArray *
_kb_store_load_list (KbStore          *self,
                     const char       *sql,
                     KbStoreRowFunc    from_row,
                     const char       *what,
                     GDateTime       **fetched_at,
                     GError          **error)
{
  GPtrArray *items;

  g_return_val_if_fail (KB_IS_STORE (self), NULL);

  if (fetched_at != NULL)
    *fetched_at = NULL;
  items = _kb_store_load_rows (self->db, kb_db_prepare (self->db, sql, error), from_row,
                               g_object_unref, error);
  if (items != NULL && fetched_at != NULL)
    *fetched_at = _kb_store_read_fetched_at (self->db, what, NULL);
  return items;
}

/* The one loop of every save of several rows: the binders differ, the
 * stepping does not. A step resets the statement but keeps its bindings,
 * so the values kb_db_query() bound stay for every row. */
gboolean
_kb_store_insert_rows (KbDb             *db,
                       sqlite3_stmt     *insert,
                       GPtrArray        *items,
                       KbStoreBindFunc   bind,
                       GError          **error)
{
  if (insert == NULL)
    return FALSE;
  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      bind (insert, g_ptr_array_index (items, i), i);
      if (!kb_db_step_done (db, insert, error))
        return FALSE;
    }
  return TRUE;
}

/* Every save that replaces a whole list: the table emptied, then its rows. */
gboolean
_kb_store_replace_rows (KbDb             *db,
                        const char       *table,
                        const char       *insert,
                        GPtrArray        *items,
                        KbStoreBindFunc   bind,
                        GError          **error)
{
  g_autofree char *delete = g_strdup_printf ("DELETE FROM %s;", table);

  return kb_db_exec (db, delete, error) &&
         _kb_store_insert_rows (db, kb_db_prepare (db, insert, error), items, bind, error);
}

char *
_kb_store_dup_meta (KbDb *db, const char *key, GError **error)
{
  return _kb_store_dup_text (db, "SELECT value FROM meta WHERE key = ?1", key, error);
}

gboolean
_kb_store_set_meta (KbDb *db, const char *key, const char *value, GError **error)
{
  if (value == NULL)
    return kb_db_run (db, "DELETE FROM meta WHERE key = ?1", error, KB_DB_TEXT (key));
  return kb_db_run (db, "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)", error,
                    KB_DB_TEXT (key), KB_DB_TEXT (value));
}

GDateTime *
_kb_store_read_fetched_at (KbDb *db, const char *what, GError **error)
{
  g_autofree char *text = _kb_store_dup_text (db, "SELECT fetched_at FROM fetched WHERE what = ?1",
                                               what, error);

  return text != NULL ? g_date_time_new_from_iso8601 (text, NULL) : NULL;
}

gboolean
_kb_store_write_fetched_at (KbDb *db, const char *what, GDateTime *when, GError **error)
{
  g_autofree char *text = g_date_time_format_iso8601 (when);

  return kb_db_run (db, "INSERT OR REPLACE INTO fetched (what, fetched_at) VALUES (?1, ?2)", error,
                    KB_DB_TEXT (what), KB_DB_TEXT (text));
}

static void
kb_store_finalize (GObject *object)
{
  KbStore *self = KB_STORE (object);

  g_clear_object (&self->db);
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

/* kb_store_new() fails in the store's own domain: the session manager sets
 * a file from a newer Kabinet aside. */
static KbStore *
fail_to_open (KbStore *self, GError **error, GError *db_error)
{
  if (g_error_matches (db_error, KB_DB_ERROR, KB_DB_ERROR_TOO_NEW))
    g_set_error (error, KB_STORE_ERROR, KB_STORE_ERROR_TOO_NEW,
                 "The cache %s was written by a newer Kabinet (schema %d, this one knows %d)",
                 self->path, kb_db_get_user_version (self->db, NULL), KB_STORE_SCHEMA_VERSION);
  else if (g_error_matches (db_error, KB_DB_ERROR, KB_DB_ERROR_OPEN))
    g_set_error (error, KB_STORE_ERROR, KB_STORE_ERROR_OPEN, "Cannot open the cache %s",
                 db_error->message);
  else
    g_set_error_literal (error, KB_STORE_ERROR, KB_STORE_ERROR_SQL, db_error->message);
  g_error_free (db_error);
  return NULL;
}

/**
 * kb_store_new:
 * @path: the database file; its folder is created if missing
 *
 * Opens (or creates) the cache and brings its schema up to date. Later calls
 * fail with %KB_DB_ERROR_SQL.
 */
KbStore *
kb_store_new (const char *path, GError **error)
{
  g_autoptr(KbStore) self = g_object_new (KB_TYPE_STORE, NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  GError *db_error = NULL;

  self->path = g_strdup (path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, KB_STORE_ERROR, KB_STORE_ERROR_OPEN,
                   "Cannot create the folder %s", dir);
      return NULL;
    }

  self->db = kb_db_open (path, KB_DB_OPEN_CREATE, 2000, &db_error);
  if (self->db == NULL ||
      !kb_db_exec (self->db, "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;"
                   " PRAGMA synchronous = NORMAL;", &db_error) ||
      !kb_db_migrate (self->db, migrations, G_N_ELEMENTS (migrations), &db_error))
    return fail_to_open (self, error, db_error);

  return g_steal_pointer (&self);
}

KbDb *
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
  return kb_db_get_user_version (self->db, NULL);
}

/**
 * kb_store_dup_fetched_at:
 * @what: %KB_STORE_CLIENT_PROFILE, or the name of a cached list such as
 *   %KB_STORE_PAYMENTS
 *
 * Returns: (transfer full) (nullable): when the server last sent or
 * confirmed @what; %NULL when it never did.
 */
GDateTime *
kb_store_dup_fetched_at (KbStore *self, const char *what)
{
  g_return_val_if_fail (KB_IS_STORE (self), NULL);
  return _kb_store_read_fetched_at (self->db, what, NULL);
}

/* Records that the server sent @what, or confirmed (304) the cached copy. */
gboolean
kb_store_set_fetched_at (KbStore *self, const char *what, GDateTime *fetched_at, GError **error)
{
  g_return_val_if_fail (KB_IS_STORE (self), FALSE);
  g_return_val_if_fail (what != NULL && fetched_at != NULL, FALSE);
  return _kb_store_write_fetched_at (self->db, what, fetched_at, error);
}

/* Forgets everything cached for the account (on sign-out). What the user
 * wrote and has not sent yet — the outbox and the draft — stays, and goes
 * out when this account signs in again. Every other table is emptied, so
 * that a table a later migration adds is forgotten too without a change here.
 * A search index (a virtual table) is emptied by its own 'delete-all'
 * command, after the rows it indexes; the tables SQLite keeps it in are
 * its business, and emptying them by hand would break it. */
static gboolean
clear_tables (KbDb *db, gpointer data, GError **error)
{
  static const char * const kept[] = { "outbox", "draft", "message_outbox", "outbox_file",
                                       "thread_draft", NULL };
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GString) indexes = g_string_new (NULL);
  GError *local_error = NULL;
  sqlite3_stmt *stmt = kb_db_prepare (db,
                                      "SELECT name, sql LIKE 'CREATE VIRTUAL TABLE%'"
                                      " FROM sqlite_master WHERE type = 'table'"
                                      " AND name NOT LIKE 'sqlite_%' AND NOT EXISTS"
                                      " (SELECT 1 FROM sqlite_master AS v WHERE v.type = 'table'"
                                      "  AND v.sql LIKE 'CREATE VIRTUAL TABLE%'"
                                      "  AND sqlite_master.name LIKE v.name || '\\_%' ESCAPE '\\')"
                                      " ORDER BY name;", error);

  if (stmt == NULL)
    return FALSE;
  while (kb_db_step_row (db, stmt, &local_error))
    {
      const char *table = kb_db_column_text (stmt, 0);

      if (sqlite3_column_int (stmt, 1) != 0)
        g_string_append_printf (indexes, "INSERT INTO \"%s\" (\"%s\") VALUES ('delete-all');",
                                table, table);
      else if (!g_strv_contains (kept, table))
        g_string_append_printf (sql, "DELETE FROM \"%s\";", table);
    }
  g_string_append (sql, indexes->str);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return kb_db_exec (db, sql->str, error);
}

gboolean
kb_store_clear (KbStore *self, GError **error)
{
  g_return_val_if_fail (KB_IS_STORE (self), FALSE);
  /* Before the clear takes the write lock: see write_if_not_cleared(). */
  g_atomic_int_inc (&self->generation);
  return kb_db_transaction (self->db, clear_tables, NULL, error);
}
