/* kb-server-schema.c — the server's database: its numbered migrations, and opening it.
 *
 * One connection, used only from the thread that runs the server. Never edit
 * a migration that has shipped: add the next one. Times are Unix seconds
 * (UTC), calendar dates ISO 8601 text, amounts integer minor units. Every
 * row that belongs to a client carries client_id, and every query of a
 * client's data filters on it: that is the whole of tenant isolation.
 */
#include "config.h"

#include "kb-server-schema.h"

static const char * const migrations[] = {
  /* 1: clients, their bank accounts and sessions. */
  "CREATE TABLE clients ("
  "  id INTEGER PRIMARY KEY,"
  "  login TEXT NOT NULL UNIQUE,"
  "  password_salt TEXT NOT NULL,"
  "  password_hash TEXT NOT NULL,"
  "  name TEXT NOT NULL,"
  "  unp TEXT NOT NULL,"
  "  okpo TEXT NOT NULL,"
  "  legal_address TEXT NOT NULL,"
  "  delivery_method TEXT NOT NULL CHECK (delivery_method IN ('email', 'post', 'pickup')),"
  "  delivery_address TEXT NOT NULL,"
  "  balance_minor INTEGER NOT NULL,"
  "  currency TEXT NOT NULL,"
  "  status TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'closed')),"
  "  payment_form TEXT NOT NULL CHECK (payment_form IN ('prepaid', 'credit')),"
  "  contract_number TEXT NOT NULL,"
  "  contract_date TEXT NOT NULL,"
  "  version INTEGER NOT NULL DEFAULT 1);"
  "CREATE TABLE bank_accounts ("
  "  id INTEGER PRIMARY KEY,"
  "  client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,"
  "  iban TEXT NOT NULL,"
  "  bank_name TEXT NOT NULL,"
  "  bic TEXT NOT NULL);"
  "CREATE INDEX bank_accounts_by_client ON bank_accounts (client_id, id);"
  /* Only a hash of each token is kept: a copy of the file signs nobody in. */
  "CREATE TABLE sessions ("
  "  token_hash TEXT PRIMARY KEY,"
  "  client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,"
  "  created_at INTEGER NOT NULL,"
  "  expires_at INTEGER NOT NULL);"
  "CREATE INDEX sessions_by_client ON sessions (client_id);",

  /* 2: feedback — questions, answers, idempotency keys and the event log. */
  "CREATE TABLE questions ("
  "  id INTEGER PRIMARY KEY,"
  "  client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,"
  "  text TEXT NOT NULL,"
  "  status TEXT NOT NULL CHECK (status IN ('new', 'in_progress', 'answered', 'closed')),"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  answer_due_at INTEGER NOT NULL,"
  "  unread INTEGER NOT NULL DEFAULT 0,"
  /* seq grows with every change of the question or its answers, across all
   * clients: it is the "since" cursor and part of the list's ETag. */
  "  seq INTEGER NOT NULL UNIQUE);"
  "CREATE INDEX questions_by_client_seq ON questions (client_id, seq);"
  "CREATE INDEX questions_by_status ON questions (status, created_at);"
  "CREATE TABLE answers ("
  "  id INTEGER PRIMARY KEY,"
  "  question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,"
  "  author TEXT NOT NULL,"
  "  text TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL);"
  "CREATE INDEX answers_by_question ON answers (question_id, id);"
  "CREATE TABLE idempotency_keys ("
  "  client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,"
  "  operation TEXT NOT NULL,"
  "  key TEXT NOT NULL,"
  "  request_hash TEXT NOT NULL,"
  "  resource_id INTEGER NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  PRIMARY KEY (client_id, operation, key));"
  /* Events are written in the same transaction as the change they announce,
   * by this server or by another process, and pushed from here. */
  "CREATE TABLE events ("
  "  id INTEGER PRIMARY KEY,"
  "  client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,"
  "  payload TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL);",

  /* 3: subscribers, services, payments, invoices, installments, renames and
   * service orders. */
  "CREATE TABLE subscribers ("
  "  id INTEGER PRIMARY KEY,"
  "  client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,"
  "  number TEXT NOT NULL,"
  "  name TEXT NOT NULL,"
  "  tariff TEXT NOT NULL,"
  "  status TEXT NOT NULL CHECK (status IN ('active', 'blocked')),"
  "  pending_name TEXT,"
  "  pending_effective_at INTEGER,"
  "  UNIQUE (client_id, number));"
  "CREATE TABLE services ("
  "  code TEXT PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  monthly_fee_minor INTEGER NOT NULL);"
  "CREATE TABLE subscriber_services ("
  "  subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,"
  "  service_code TEXT NOT NULL REFERENCES services (code),"
  "  PRIMARY KEY (subscriber_id, service_code)) WITHOUT ROWID;"
  "CREATE TABLE payments ("
  "  id INTEGER PRIMARY KEY,"
  "  client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,"
  "  date TEXT NOT NULL,"
  "  amount_minor INTEGER NOT NULL,"
  "  currency TEXT NOT NULL,"
  "  order_number TEXT NOT NULL,"
  "  purpose TEXT NOT NULL,"
  "  status TEXT NOT NULL CHECK (status IN ('confirmed', 'unconfirmed')),"
  "  created_at INTEGER NOT NULL);"
  "CREATE INDEX payments_by_client_date ON payments (client_id, date);"
  "CREATE TABLE invoices ("
  "  id INTEGER PRIMARY KEY,"
  "  client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,"
  "  number TEXT NOT NULL,"
  "  period TEXT NOT NULL,"
  "  issued_on TEXT NOT NULL,"
  "  due_on TEXT NOT NULL,"
  "  amount_minor INTEGER NOT NULL,"
  "  currency TEXT NOT NULL,"
  "  status TEXT NOT NULL CHECK (status IN ('issued', 'paid', 'overdue')));"
  "CREATE INDEX invoices_by_client ON invoices (client_id, period);"
  "CREATE TABLE invoice_emails ("
  "  id INTEGER PRIMARY KEY,"
  "  invoice_id INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,"
  "  email TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL);"
  "CREATE TABLE installments ("
  "  id INTEGER PRIMARY KEY,"
  "  client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,"
  "  subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,"
  "  equipment TEXT NOT NULL,"
  "  total_minor INTEGER NOT NULL,"
  "  monthly_minor INTEGER NOT NULL,"
  "  payments_left INTEGER NOT NULL,"
  "  next_payment_on TEXT NOT NULL,"
  "  payoff_on TEXT NOT NULL);"
  "CREATE INDEX installments_by_client ON installments (client_id);"
  "CREATE TABLE rename_batches ("
  "  id INTEGER PRIMARY KEY,"
  "  client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,"
  "  created_at INTEGER NOT NULL,"
  "  total INTEGER NOT NULL,"
  "  accepted INTEGER NOT NULL,"
  "  rejected INTEGER NOT NULL,"
  "  all_or_nothing INTEGER NOT NULL);"
  "CREATE INDEX rename_batches_by_client ON rename_batches (client_id, created_at);"
  "CREATE TABLE renames ("
  "  id INTEGER PRIMARY KEY,"
  "  client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,"
  "  subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,"
  "  batch_id INTEGER REFERENCES rename_batches (id) ON DELETE CASCADE,"
  "  old_name TEXT NOT NULL,"
  "  new_name TEXT NOT NULL,"
  "  requested_at INTEGER NOT NULL,"
  "  effective_at INTEGER NOT NULL);"
  "CREATE INDEX renames_by_client ON renames (client_id, requested_at);"
  "CREATE TABLE service_orders ("
  "  id INTEGER PRIMARY KEY,"
  "  client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,"
  "  action TEXT NOT NULL CHECK (action IN ('add', 'remove')),"
  "  service_code TEXT NOT NULL REFERENCES services (code),"
  "  created_at INTEGER NOT NULL,"
  "  total INTEGER NOT NULL,"
  "  accepted INTEGER NOT NULL,"
  "  rejected INTEGER NOT NULL);"
  "CREATE INDEX service_orders_by_client ON service_orders (client_id, created_at);",

  /* 4: the history of renames: each batch's rows with their results, and
   * single renames recorded as one-row batches of kind 'single'. */
  "ALTER TABLE rename_batches ADD COLUMN kind TEXT NOT NULL DEFAULT 'list'"
  "  CHECK (kind IN ('list', 'single'));"
  "CREATE TABLE rename_batch_rows ("
  "  batch_id INTEGER NOT NULL REFERENCES rename_batches (id) ON DELETE CASCADE,"
  "  row INTEGER NOT NULL,"
  "  number TEXT NOT NULL,"
  "  name TEXT NOT NULL,"
  "  code TEXT,"
  "  message TEXT,"
  "  PRIMARY KEY (batch_id, row)) WITHOUT ROWID;",

  /* 5: each service order's result for each row, so that the history can
   * show what happened to every subscriber long after the reply. A NULL
   * code is an accepted row. */
  "CREATE TABLE service_order_results ("
  "  order_id INTEGER NOT NULL REFERENCES service_orders (id) ON DELETE CASCADE,"
  "  row INTEGER NOT NULL,"
  "  number TEXT NOT NULL,"
  "  code TEXT,"
  "  message TEXT,"
  "  PRIMARY KEY (order_id, row)) WITHOUT ROWID;",

  /* 6: Feedback's second wave. The answers table holds every message of a
   * conversation: the operator's answers and the client's follow-ups
   * (role). A question's rating is the client's say on its answers.
   * Attachments keep their bytes here; question_id is NULL until the
   * attachment is sent with a question (message_id NULL) or a message. */
  "ALTER TABLE answers ADD COLUMN role TEXT NOT NULL DEFAULT 'operator'"
  "  CHECK (role IN ('operator', 'client'));"
  "ALTER TABLE questions ADD COLUMN rating TEXT CHECK (rating IN ('good', 'bad'));"
  "ALTER TABLE questions ADD COLUMN rating_comment TEXT;"
  "CREATE TABLE attachments ("
  "  id INTEGER PRIMARY KEY,"
  "  client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,"
  "  name TEXT NOT NULL,"
  "  content_type TEXT NOT NULL,"
  "  size INTEGER NOT NULL,"
  "  sha256 TEXT NOT NULL,"
  "  data BLOB NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  question_id INTEGER REFERENCES questions (id) ON DELETE CASCADE,"
  "  message_id INTEGER REFERENCES answers (id) ON DELETE CASCADE);"
  "CREATE INDEX attachments_by_message ON attachments (question_id, message_id, id);",
  /* 7: the file an e-mailed invoice is sent as; the orders before it were
   * all PDFs. */
  "ALTER TABLE invoice_emails ADD COLUMN format TEXT NOT NULL DEFAULT 'pdf'"
  "  CHECK (format IN ('pdf', 'xlsx', 'txt'));",
  /* 8: the operator's requests (issue 15): one for every deferred
   * operation, with the status it ends in and when (due_at). seq grows with
   * every change, across all clients: the "since" cursor of GET /requests. */
  "CREATE TABLE requests ("
  "  id INTEGER PRIMARY KEY,"
  "  client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,"
  "  client_seq INTEGER NOT NULL,"
  "  number TEXT NOT NULL,"
  "  kind TEXT NOT NULL CHECK (kind IN ('invoice_email', 'invoice_delivery',"
  "    'payment_registration', 'rename', 'rename_batch', 'service_order')),"
  "  status TEXT NOT NULL CHECK (status IN ('accepted', 'in_progress', 'done',"
  "    'partially_done', 'rejected')),"
  "  final_status TEXT NOT NULL,"
  "  reason TEXT,"
  "  subject TEXT NOT NULL,"
  "  detail TEXT,"
  "  count INTEGER NOT NULL DEFAULT 0,"
  "  rejected_count INTEGER NOT NULL DEFAULT 0,"
  "  target_type TEXT NOT NULL,"
  "  target_id INTEGER NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  effective_at INTEGER,"
  "  due_at INTEGER NOT NULL,"
  "  seq INTEGER NOT NULL UNIQUE,"
  "  UNIQUE (client_id, client_seq));"
  "CREATE INDEX requests_by_client ON requests (client_id, created_at);"
  "CREATE INDEX requests_pending ON requests (due_at) WHERE status != final_status;"
  "CREATE INDEX requests_by_target ON requests (client_id, target_type, target_id);",
};

/* kb_lower(text): Unicode lower case, for searching Cyrillic names (the
 * built-in lower() and LIKE fold ASCII only). */
static void
sql_kb_lower (sqlite3_context *context, int argc, sqlite3_value **argv)
{
  const char *text = (const char *) sqlite3_value_text (argv[0]);
  char *lower;

  if (text == NULL)
    {
      sqlite3_result_null (context);
      return;
    }
  lower = g_utf8_strdown (text, -1);
  sqlite3_result_text (context, lower, -1, g_free);
}

/* Returns: the next value of the seq column of @table ("questions" or
 * "requests"), which grows with every change of one of its rows, so that
 * a list's "since" cursor finds what changed; -1 with @error set when it
 * cannot be read. */
gint64
kb_server_schema_next_seq (KbDb *db, const char *table, GError **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT COALESCE(MAX(seq), 0) + 1 FROM %s;", table);
  gint64 seq;

  g_return_val_if_fail (g_str_equal (table, "questions") || g_str_equal (table, "requests"), -1);
  if (!kb_db_read_int (db, kb_db_prepare (db, sql, error), &seq, error))
    return -1;
  return seq;
}

/**
 * kb_server_schema_open:
 *
 * Opens (or creates) the database at @path and brings its schema up to
 * date. The journal is WAL and synchronous=FULL, so that whatever a response
 * acknowledged has reached the disk before the response is written; closing
 * it folds the WAL back into the file. The busy timeout lets another process
 * (the "answer" command) write meanwhile.
 */
KbDb *
kb_server_schema_open (const char *path, GError **error)
{
  g_autoptr(KbDb) db = kb_db_open (path, KB_DB_OPEN_CREATE | KB_DB_OPEN_CHECKPOINT, 5000, error);

  if (db == NULL)
    return NULL;
  sqlite3_create_function_v2 (kb_db_get_handle (db), "kb_lower", 1,
                              SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, sql_kb_lower,
                              NULL, NULL, NULL);
  if (!kb_db_exec (db,
                   "PRAGMA journal_mode = WAL;"
                   "PRAGMA synchronous = FULL;"
                   "PRAGMA foreign_keys = ON;", error) ||
      !kb_db_migrate (db, migrations, G_N_ELEMENTS (migrations), error))
    return NULL;
  return g_steal_pointer (&db);
}
