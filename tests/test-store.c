/* test-store.c — the SQLite cache and its helper: migrations, transactions, "last fetched".
 *
 * The cache: migrations from an empty and from an older file, a file from a
 * newer Kabinet, a damaged file, a round trip of the profile, and the times
 * the server last confirmed each list carried into one table. The SQLite
 * helper (src/db) that the cache and the reference server share: numbered
 * migrations, rollback of a failed or nested transaction, and the end of a
 * query told apart from a failure.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "kb-db.h"
#include "kb-store-billing.h"
#include "kb-store-conversation.h"
#include "kb-store-questions.h"
#include "kb-store-renames.h"
#include "kb-store-search.h"
#include "kb-store-services.h"
#include "kb-store-subscribers.h"
#include "kb-test-util.h"

static char *
temp_db_path (void)
{
  return g_build_filename (g_get_user_cache_dir (), "store-test", "cache.db", NULL);
}

static KbClientProfile *
sample_profile (void)
{
  KbClientProfile *profile = kb_client_profile_new ();
  g_autoptr(KbBankAccount) a = kb_bank_account_new ("BY13NBRB3600900000002Z00AB00", "НБРБ", "NBRBBY2X");
  g_autoptr(KbBankAccount) b = kb_bank_account_new ("BY86AKBB30120000000000000000", NULL, NULL);

  kb_client_profile_set_name (profile, "ООО «Проба»");
  kb_client_profile_set_unp (profile, "190000001");
  kb_client_profile_set_okpo (profile, "12345678");
  kb_client_profile_set_legal_address (profile, "г. Минск, ул. Тестовая, 1");
  kb_client_profile_set_delivery (profile, KB_DELIVERY_METHOD_EMAIL, "buh@example.by");
  kb_client_profile_set_balance (profile, -98765, "BYN");
  kb_client_profile_set_status (profile, KB_CLIENT_STATUS_SUSPENDED);
  kb_client_profile_set_payment_form (profile, KB_PAYMENT_FORM_CREDIT);
  kb_client_profile_set_contract (profile, "Д-1/2020", "2020-01-31");
  kb_client_profile_add_bank_account (profile, a);
  kb_client_profile_add_bank_account (profile, b);
  return profile;
}

static void
test_new_file (void)
{
  g_autofree char *path = temp_db_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KbStore) store = kb_store_new (path, &error);
  g_autoptr(KbClientProfile) none = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (kb_store_get_schema_version (store), ==, KB_STORE_SCHEMA_VERSION);
  none = kb_store_load_client_profile (store, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (none);
}

static void
test_round_trip (void)
{
  g_autofree char *path = temp_db_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KbClientProfile) profile = sample_profile ();
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 11, 25, 8, 30, 0);
  g_autoptr(KbClientProfile) loaded = NULL;
  g_autoptr(GDateTime) loaded_when = NULL;
  g_autofree char *etag = NULL;

  {
    g_autoptr(KbStore) store = kb_store_new (path, &error);
    g_assert_no_error (error);
    g_assert_true (kb_store_save_client_profile (store, profile, "\"v1\"", when, &error));
    g_assert_no_error (error);
  }

  /* A new connection, as after a restart. */
  {
    g_autoptr(KbStore) store = kb_store_new (path, &error);
    g_assert_no_error (error);
    loaded = kb_store_load_client_profile (store, &etag, &loaded_when, &error);
    g_assert_no_error (error);
  }

  g_assert_nonnull (loaded);
  g_assert_cmpstr (etag, ==, "\"v1\"");
  g_assert_true (g_date_time_equal (loaded_when, when));
  g_assert_cmpstr (kb_client_profile_get_name (loaded), ==, "ООО «Проба»");
  g_assert_cmpstr (kb_client_profile_get_unp (loaded), ==, "190000001");
  g_assert_cmpstr (kb_client_profile_get_legal_address (loaded), ==, "г. Минск, ул. Тестовая, 1");
  g_assert_cmpint (kb_client_profile_get_balance (loaded), ==, -98765);
  g_assert_cmpint (kb_client_profile_get_status (loaded), ==, KB_CLIENT_STATUS_SUSPENDED);
  g_assert_cmpint (kb_client_profile_get_payment_form (loaded), ==, KB_PAYMENT_FORM_CREDIT);
  g_assert_cmpint (kb_client_profile_get_delivery_method (loaded), ==, KB_DELIVERY_METHOD_EMAIL);
  g_assert_cmpstr (kb_client_profile_get_contract_date_iso (loaded), ==, "2020-01-31");
  g_assert_cmpuint (g_list_model_get_n_items (kb_client_profile_get_bank_accounts (loaded)), ==, 2);

  /* Saving again replaces, it does not add. */
  {
    g_autoptr(KbStore) store = kb_store_new (path, &error);
    g_autoptr(KbClientProfile) again = NULL;

    g_assert_true (kb_store_save_client_profile (store, profile, "\"v2\"", when, &error));
    again = kb_store_load_client_profile (store, NULL, NULL, &error);
    g_assert_cmpuint (g_list_model_get_n_items (kb_client_profile_get_bank_accounts (again)), ==, 2);

    g_assert_true (kb_store_clear (store, &error));
    g_clear_object (&again);
    again = kb_store_load_client_profile (store, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_null (again);
  }
}

/* A cache written by the first release (schema 1, no bank accounts yet)
 * keeps its row and gains the new table and column. */
static void
test_migrate_from_v1 (void)
{
  g_autofree char *path = temp_db_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(KbStore) store = NULL;
  g_autoptr(KbClientProfile) loaded = NULL;
  sqlite3 *db = NULL;

  g_mkdir_with_parents (dir, 0700);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
                                 "CREATE TABLE client_profile ("
                                 "  id INTEGER PRIMARY KEY CHECK (id = 1),"
                                 "  name TEXT NOT NULL, unp TEXT NOT NULL, okpo TEXT,"
                                 "  delivery_method TEXT, delivery_address TEXT,"
                                 "  balance_minor INTEGER NOT NULL, currency TEXT NOT NULL,"
                                 "  status TEXT, payment_form TEXT,"
                                 "  contract_number TEXT, contract_date TEXT,"
                                 "  etag TEXT, fetched_at TEXT NOT NULL);"
                                 "INSERT INTO client_profile VALUES (1, 'ОАО «Старый»', '100000002', NULL,"
                                 "  'post', 'г. Гродно', 500, 'BYN', 'active', 'prepaid', 'N1', '2018-05-05',"
                                 "  '\"old\"', '2026-01-01T00:00:00Z');"
                                 "PRAGMA user_version = 1;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = kb_store_new (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kb_store_get_schema_version (store), ==, KB_STORE_SCHEMA_VERSION);

  loaded = kb_store_load_client_profile (store, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kb_client_profile_get_name (loaded), ==, "ОАО «Старый»");
  g_assert_cmpint (kb_client_profile_get_delivery_method (loaded), ==, KB_DELIVERY_METHOD_POST);
  g_assert_null (kb_client_profile_get_legal_address (loaded));
  g_assert_cmpuint (g_list_model_get_n_items (kb_client_profile_get_bank_accounts (loaded)), ==, 0);
}

static void
test_newer_file (void)
{
  g_autofree char *path = temp_db_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(KbStore) store = NULL;
  sqlite3 *db = NULL;

  g_mkdir_with_parents (dir, 0700);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 99;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = kb_store_new (path, &error);
  g_assert_error (error, KB_STORE_ERROR, KB_STORE_ERROR_TOO_NEW);
  g_assert_null (store);
}

static void
test_damaged_file (void)
{
  g_autofree char *path = temp_db_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(KbStore) store = NULL;
  g_autofree char *junk = g_strnfill (8192, 'x');

  g_mkdir_with_parents (dir, 0700);
  g_assert_true (g_file_set_contents (path, junk, -1, NULL));

  store = kb_store_new (path, &error);
  g_assert_nonnull (error);
  g_assert_null (store);
}

static gint64
count_rows (sqlite3 *db, const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM \"%s\";", table);
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* Signing out empties every cached table, the later sections' too, and
 * keeps what the user wrote and has not sent: the outbox and the draft. */
static void
test_clear (void)
{
  g_autofree char *path = temp_db_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KbStore) store = kb_store_new (path, &error);
  sqlite3 *db = NULL;
  sqlite3_stmt *tables = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO outbox (key, text, created_at) VALUES ('k', 'Вопрос', 1);"
                                 "INSERT INTO draft (id, text) VALUES (1, 'Черновик');"
                                 "INSERT INTO meta (key, value) VALUES ('current_subscriber', '7');"
                                 "INSERT INTO rename_batch (id, single, created_at, effective_at, status, total,"
                                 " accepted, rejected) VALUES ('1', 0, 1, 2, 'pending', 1, 1, 0);"
                                 "INSERT INTO rename_batch_row (batch_id, row, number, name, status)"
                                 " VALUES ('1', 1, '+375291234567', 'Склад', 'pending');"
                                 "INSERT INTO fetched VALUES ('renames', '2026-11-25T00:00:00Z');"
                                 "INSERT INTO subscriber (id, number, name, tariff, status)"
                                 " VALUES ('7', '+375291234567', 'Склад', 'Бизнес', 'active');"
                                 "INSERT INTO question (id, text, status, created_at)"
                                 " VALUES ('q1', 'Где счёт?', 'answered', 1);",
                                 NULL, NULL, NULL), ==, SQLITE_OK);

  g_assert_true (kb_store_clear (store, &error));
  g_assert_no_error (error);

  g_assert_cmpint (count_rows (db, "outbox"), ==, 1);
  g_assert_cmpint (count_rows (db, "draft"), ==, 1);
  /* A search index counts its own rows; the tables it keeps them in are not the cache's. */
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT name FROM sqlite_master WHERE type = 'table'"
                                       " AND name NOT LIKE 'sqlite_%' AND name NOT IN ('outbox', 'draft')"
                                       " AND NOT EXISTS (SELECT 1 FROM sqlite_master AS v"
                                       "  WHERE v.sql LIKE 'CREATE VIRTUAL TABLE%'"
                                       "  AND sqlite_master.name LIKE v.name || '\\_%' ESCAPE '\\');",
                                       -1, &tables, NULL), ==, SQLITE_OK);
  while (sqlite3_step (tables) == SQLITE_ROW)
    {
      const char *table = (const char *) sqlite3_column_text (tables, 0);

      if (count_rows (db, table) != 0)
        g_error ("%s kept its rows after sign-out", table);
    }
  sqlite3_finalize (tables);
  sqlite3_close (db);
}

static gboolean
runs (sqlite3 *db, const char *sql)
{
  return sqlite3_exec (db, sql, NULL, NULL, NULL) == SQLITE_OK;
}

/* Schema 7 kept "last fetched" in five places; migration 8 carries each
 * value into the one table and drops the old columns and table. */
static void
test_migrate_fetched_at (void)
{
  /* The tables of schema 7 that held a time, as migrations 1 to 7 made them. */
  static const char *version_7 =
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
    "CREATE TABLE client_profile ("
    "  id INTEGER PRIMARY KEY CHECK (id = 1),"
    "  name TEXT NOT NULL, unp TEXT NOT NULL, okpo TEXT,"
    "  delivery_method TEXT, delivery_address TEXT,"
    "  balance_minor INTEGER NOT NULL, currency TEXT NOT NULL,"
    "  status TEXT, payment_form TEXT,"
    "  contract_number TEXT, contract_date TEXT,"
    "  etag TEXT, fetched_at TEXT NOT NULL, legal_address TEXT);"
    "CREATE TABLE bank_account (position INTEGER PRIMARY KEY,"
    "  iban TEXT NOT NULL, bank_name TEXT, bic TEXT);"
    "CREATE TABLE billing_state (resource TEXT PRIMARY KEY, etag TEXT,"
    "  fetched_at TEXT NOT NULL, ordering_open INTEGER, reopens_on TEXT);"
    "CREATE TABLE rename_history (id INTEGER PRIMARY KEY CHECK (id = 1),"
    "  fetched_at TEXT NOT NULL);"
    "CREATE TABLE service_order ("
    "  id TEXT PRIMARY KEY, action TEXT NOT NULL, service TEXT NOT NULL,"
    "  service_name TEXT NOT NULL, created_at INTEGER NOT NULL,"
    "  total INTEGER NOT NULL, accepted INTEGER NOT NULL, rejected INTEGER NOT NULL);"
    "CREATE TABLE service_state (resource TEXT PRIMARY KEY,"
    "  fetched_at TEXT NOT NULL, history_from TEXT);"
    /* What migration 10 changes (the question table is below). */
    "CREATE TABLE answer (id TEXT PRIMARY KEY, question_id TEXT NOT NULL,"
    "  author TEXT, text TEXT NOT NULL, created_at INTEGER);"
    "INSERT INTO client_profile VALUES (1, 'ОАО «Старый»', '100000002', NULL,"
    "  'post', 'г. Гродно', 500, 'BYN', 'active', 'prepaid', 'N1', '2018-05-05',"
    "  '\"p1\"', '2026-11-01T08:00:00Z', NULL);"
    "INSERT INTO billing_state VALUES ('payments', '\"a\"', '2026-11-02T08:00:00Z',"
    "  NULL, NULL);"
    "INSERT INTO billing_state VALUES ('invoices', '\"b\"', '2026-11-03T08:00:00Z',"
    "  1, NULL);"
    "INSERT INTO service_state VALUES ('services', '2026-11-04T08:00:00Z', NULL);"
    "INSERT INTO service_state VALUES ('service-orders', '2026-11-05T08:00:00Z',"
    "  '2026-08-01');"
    "INSERT INTO meta VALUES ('subscribers_fetched_at', '2026-11-06T08:00:00Z');"
    "INSERT INTO meta VALUES ('current_subscriber', '7');"
    "INSERT INTO rename_history VALUES (1, '2026-11-07T08:00:00Z');"
    /* Rows cached before the search index existed: migration 9 indexes them. */
    "CREATE TABLE subscriber ("
    "  id TEXT PRIMARY KEY, number TEXT NOT NULL, name TEXT NOT NULL,"
    "  tariff TEXT NOT NULL, status TEXT NOT NULL,"
    "  pending_name TEXT, pending_at TEXT);"
    "CREATE TABLE question ("
    "  id TEXT PRIMARY KEY, local_key TEXT, text TEXT NOT NULL, status TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL, updated_at INTEGER, answer_due_at INTEGER,"
    "  unread INTEGER NOT NULL DEFAULT 0, answers_count INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE invoice ("
    "  id TEXT PRIMARY KEY, position INTEGER NOT NULL,"
    "  number TEXT NOT NULL, period TEXT NOT NULL,"
    "  issued_on TEXT, due_on TEXT,"
    "  amount_minor INTEGER NOT NULL, currency TEXT NOT NULL,"
    "  status TEXT NOT NULL, document_url TEXT);"
    "INSERT INTO subscriber VALUES ('7', '+375291234567', 'Склад', 'Бизнес', 'active', NULL, NULL);"
    "INSERT INTO question VALUES ('q1', NULL, 'Где счёт?', 'answered', 1, NULL, NULL, 0, 0);"
    "INSERT INTO invoice VALUES ('i1', 0, 'СФ-1', '2026-10', NULL, NULL, 1000, 'BYN', 'paid',"
    "  NULL);"
    "PRAGMA user_version = 7;";
  static const struct {
    const char *what;
    const char *when;
  } expected[] = {
    { KB_STORE_CLIENT_PROFILE, "2026-11-01T08:00:00Z" },
    { KB_STORE_PAYMENTS, "2026-11-02T08:00:00Z" },
    { KB_STORE_INVOICES, "2026-11-03T08:00:00Z" },
    { KB_STORE_SERVICES, "2026-11-04T08:00:00Z" },
    { KB_STORE_SERVICE_ORDERS, "2026-11-05T08:00:00Z" },
    { KB_STORE_SUBSCRIBERS, "2026-11-06T08:00:00Z" },
    { KB_STORE_RENAMES, "2026-11-07T08:00:00Z" },
  };
  g_autofree char *path = temp_db_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(KbStore) store = NULL;
  g_autoptr(GDateTime) never = NULL;
  g_autoptr(GDateTime) profile_at = NULL;
  g_autoptr(GDateTime) when_profile = g_date_time_new_utc (2026, 11, 1, 8, 0, 0);
  g_autoptr(KbClientProfile) profile = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *history_from = NULL;
  g_autoptr(GPtrArray) orders = NULL;
  sqlite3 *db = NULL;

  g_mkdir_with_parents (dir, 0700);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, version_7, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = kb_store_new (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kb_store_get_schema_version (store), ==, KB_STORE_SCHEMA_VERSION);
  {
    static const char * const terms[] = { "склад", NULL };
    static const char * const month[] = { "10.2026", NULL };
    static const char * const word[] = { "счёт", NULL };
    g_autoptr(KbStoreSearch) search = kb_store_search_open (path, &error);
    g_autoptr(GPtrArray) found = kb_store_search_find (search, terms, 5, &error);
    g_autoptr(GPtrArray) invoices = kb_store_search_find (search, month, 5, &error);
    g_autoptr(GPtrArray) questions = kb_store_search_find (search, word, 5, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (found->len, ==, 1);
    g_assert_true (KB_IS_SUBSCRIBER (found->pdata[0]));
    g_assert_cmpuint (invoices->len, ==, 1);
    g_assert_true (KB_IS_INVOICE (invoices->pdata[0]));
    g_assert_cmpuint (questions->len, ==, 1);
    g_assert_true (KB_IS_QUESTION (questions->pdata[0]));
  }

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(GDateTime) when = kb_store_dup_fetched_at (store, expected[i].what);
      g_autofree char *text = NULL;

      g_assert_nonnull (when);
      text = g_date_time_format_iso8601 (when);
      g_assert_cmpstr (text, ==, expected[i].when);
    }
  never = kb_store_dup_fetched_at (store, KB_STORE_INSTALLMENTS);
  g_assert_null (never);

  /* The readers that return the time find it where it went. */
  profile = kb_store_load_client_profile (store, &etag, &profile_at, &error);
  g_assert_no_error (error);
  g_assert_nonnull (profile);
  g_assert_cmpstr (etag, ==, "\"p1\"");
  g_assert_true (g_date_time_equal (profile_at, when_profile));
  orders = kb_store_load_service_orders (store, &history_from, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (history_from, ==, "2026-08-01");
  g_assert_true (kb_store_get_billing_state (store, KB_STORE_INVOICES, NULL, NULL, NULL, NULL));

  /* A later confirmation (a 304) moves the time on. */
  {
    g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 12, 6, 9, 0, 0);
    g_autoptr(GDateTime) read = NULL;

    g_assert_true (kb_store_set_fetched_at (store, KB_STORE_PAYMENTS, now, &error));
    g_assert_no_error (error);
    g_assert_true (kb_store_get_billing_state (store, KB_STORE_PAYMENTS, NULL, &read, NULL, NULL));
    g_assert_true (g_date_time_equal (read, now));
  }

  /* The old places are gone; the other meta keys stay. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_false (runs (db, "SELECT fetched_at FROM client_profile;"));
  g_assert_false (runs (db, "SELECT fetched_at FROM billing_state;"));
  g_assert_false (runs (db, "SELECT fetched_at FROM service_state;"));
  g_assert_false (runs (db, "SELECT * FROM rename_history;"));
  g_assert_cmpint (count_rows (db, "meta"), ==, 1);
  sqlite3_close (db);
}

/* The helper */

static KbDb *
open_temp_db (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "db-test", NULL);
  g_autofree char *path = g_build_filename (dir, "helper.db", NULL);
  g_autoptr(GError) error = NULL;
  KbDb *db;

  g_mkdir_with_parents (dir, 0700);
  db = kb_db_open (path, KB_DB_OPEN_CREATE, 1000, &error);
  g_assert_no_error (error);
  g_assert_nonnull (db);
  return db;
}

static gint64
count_db_rows (KbDb *db, const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KbDbStatement) stmt = kb_db_prepare (db, sql, &error);

  g_assert_no_error (error);
  g_assert_true (kb_db_step_row (db, stmt, &error));
  return sqlite3_column_int64 (stmt, 0);
}

static void
test_db_migrate (void)
{
  static const char * const migrations[] = {
    "CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL);",
    "INSERT INTO item (name) VALUES ('first');",
    /* Fails half-way: the table it creates must not stay behind. */
    "CREATE TABLE half (x); INSERT INTO missing VALUES (1);",
  };
  g_autoptr(KbDb) db = open_temp_db ();
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (kb_db_get_user_version (db, &error), ==, 0);
  g_assert_true (kb_db_migrate (db, migrations, 2, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kb_db_get_user_version (db, NULL), ==, 2);

  /* Running them again changes nothing: each runs once. */
  g_assert_true (kb_db_migrate (db, migrations, 2, &error));
  g_assert_cmpint (count_db_rows (db, "SELECT COUNT(*) FROM item;"), ==, 1);

  /* A failing migration is rolled back whole and leaves the version. */
  g_assert_false (kb_db_migrate (db, migrations, 3, &error));
  g_assert_error (error, KB_DB_ERROR, KB_DB_ERROR_SQL);
  g_assert_true (g_str_has_prefix (error->message, "Migration 3: "));
  g_clear_error (&error);
  g_assert_cmpint (kb_db_get_user_version (db, NULL), ==, 2);
  g_assert_false (kb_db_exec (db, "SELECT * FROM half;", NULL));

  /* A program that knows fewer migrations than the file has refuses it. */
  g_assert_false (kb_db_migrate (db, migrations, 1, &error));
  g_assert_error (error, KB_DB_ERROR, KB_DB_ERROR_TOO_NEW);
}

static gboolean
insert_then_fail (KbDb *db, gpointer data, GError **error)
{
  g_assert_true (kb_db_exec (db, "INSERT INTO item (name) VALUES ('lost');", NULL));
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "given up");
  return FALSE;
}

static gboolean
insert_one (KbDb *db, gpointer data, GError **error)
{
  sqlite3_stmt *stmt = kb_db_prepare (db, "INSERT INTO item (name) VALUES (?1);", error);

  if (stmt == NULL)
    return FALSE;
  kb_db_bind_text (stmt, 1, data);
  return kb_db_step_done (db, stmt, error);
}

static void
test_db_transaction (void)
{
  static const char * const migrations[] = {
    "CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);",
  };
  g_autoptr(KbDb) db = open_temp_db ();
  g_autoptr(GError) error = NULL;

  g_assert_true (kb_db_migrate (db, migrations, G_N_ELEMENTS (migrations), &error));

  /* A write that fails is rolled back, with its error. */
  g_assert_false (kb_db_transaction (db, insert_then_fail, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_cmpint (count_db_rows (db, "SELECT COUNT(*) FROM item;"), ==, 0);

  /* Nested: the inner commit is not the end; a rollback undoes both. */
  g_assert_true (kb_db_begin (db, &error));
  g_assert_true (kb_db_transaction (db, insert_one, (gpointer) "inner", &error));
  g_assert_true (insert_one (db, (gpointer) "outer", &error));
  kb_db_rollback (db);
  g_assert_cmpint (count_db_rows (db, "SELECT COUNT(*) FROM item;"), ==, 0);

  /* And the outer commit keeps both. */
  g_assert_true (kb_db_begin (db, &error));
  g_assert_true (kb_db_transaction (db, insert_one, (gpointer) "inner", &error));
  g_assert_true (insert_one (db, (gpointer) "outer", &error));
  g_assert_true (kb_db_commit (db, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_db_rows (db, "SELECT COUNT(*) FROM item;"), ==, 2);

  /* A constraint that fails inside the write rolls back what came before. */
  g_assert_true (kb_db_begin (db, &error));
  g_assert_true (insert_one (db, (gpointer) "third", &error));
  g_assert_false (insert_one (db, (gpointer) "inner", &error));
  g_assert_error (error, KB_DB_ERROR, KB_DB_ERROR_SQL);
  kb_db_rollback (db);
  g_assert_cmpint (count_db_rows (db, "SELECT COUNT(*) FROM item;"), ==, 2);
}

static void
test_db_step (void)
{
  g_autoptr(KbDb) db = open_temp_db ();
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  guint rows = 0;

  /* The end of the rows is FALSE without an error... */
  stmt = kb_db_prepare (db, "SELECT 1 UNION ALL SELECT 2;", &error);
  g_assert_no_error (error);
  while (kb_db_step_row (db, stmt, &error))
    rows++;
  g_assert_no_error (error);
  g_assert_cmpuint (rows, ==, 2);

  /* ...and is reset, so the cached statement runs again from the start. */
  g_assert_true (kb_db_prepare (db, "SELECT 1 UNION ALL SELECT 2;", NULL) == stmt);
  g_assert_true (kb_db_step_row (db, stmt, &error));
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);

  /* A failure while stepping is FALSE with an error: not every row was seen. */
  rows = 0;
  stmt = kb_db_prepare (db, "SELECT 1 UNION ALL SELECT abs(-9223372036854775807 - 1);", &error);
  g_assert_no_error (error);
  while (kb_db_step_row (db, stmt, &error))
    rows++;
  g_assert_error (error, KB_DB_ERROR, KB_DB_ERROR_SQL);
  g_assert_cmpuint (rows, <=, 1);
  g_clear_error (&error);

  /* A statement that cannot be prepared fails at once. */
  g_assert_null (kb_db_prepare (db, "SELECT * FROM nowhere;", &error));
  g_assert_error (error, KB_DB_ERROR, KB_DB_ERROR_SQL);
  g_clear_error (&error);

  /* A closed connection fails every call with an error, never a crash. */
  kb_db_close (db);
  g_assert_null (kb_db_prepare (db, "SELECT 1;", &error));
  g_assert_error (error, KB_DB_ERROR, KB_DB_ERROR_SQL);
  g_clear_error (&error);
  g_assert_false (kb_db_exec (db, "SELECT 1;", &error));
  g_assert_error (error, KB_DB_ERROR, KB_DB_ERROR_SQL);
}

static KbQuestion *
question_at (const char *id, int created_day, int updated_day)
{
  KbQuestion *question = kb_question_new ();
  g_autoptr(GDateTime) created = g_date_time_new_utc (2026, 11, created_day, 9, 0, 0);
  g_autoptr(GDateTime) updated = NULL;

  if (updated_day > 0)
    updated = g_date_time_new_utc (2026, 11, updated_day, 9, 0, 0);
  kb_question_set_id (question, id);
  kb_question_set_text (question, id);
  kb_question_set_created_at (question, created);
  kb_question_set_updated_at (question, updated);
  return question;
}

/* Feedback's first screenful at start-up (issue 13): the outbox, then the
 * questions with the latest activity — an answer makes an old one recent —
 * and no more than asked for. */
static void
test_questions_head (void)
{
  g_autofree char *path = temp_db_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KbStore) store = kb_store_new (path, &error);
  g_autoptr(GPtrArray) questions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) head = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  g_assert_no_error (error);
  g_ptr_array_add (questions, question_at ("1", 1, 20));
  g_ptr_array_add (questions, question_at ("2", 10, 0));
  g_ptr_array_add (questions, question_at ("3", 12, 0));
  g_ptr_array_add (questions, question_at ("4", 5, 0));
  g_assert_true (kb_store_save_questions (store, questions, "4", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (kb_store_outbox_add (store, "key-1", "Не отправлен", now, NULL,
                                      &error));
  g_assert_no_error (error);

  head = kb_store_load_questions_head (store, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (head->len, ==, 3);
  g_assert_cmpstr (kb_question_get_local_key (head->pdata[0]), ==, "key-1");
  g_assert_cmpstr (kb_question_get_id (head->pdata[1]), ==, "1");
  g_assert_cmpstr (kb_question_get_id (head->pdata[2]), ==, "3");

  all = kb_store_load_questions (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 5);
}

/* A read mark is not undone by an older copy of the question written after
 * it (a list page cached on a worker); a copy with a new answer makes the
 * question unread again. */
static gboolean
cached_unread (KbStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = kb_store_load_questions (store, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 1);
  return kb_question_get_unread (all->pdata[0]);
}

static void
save_copy (KbStore *store, guint answers, gboolean unread)
{
  g_autoptr(GPtrArray) questions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  KbQuestion *question = question_at ("7", 3, 4);

  kb_question_set_answers_count (question, answers);
  kb_question_set_unread (question, unread);
  g_ptr_array_add (questions, question);
  g_assert_true (kb_store_save_questions (store, questions, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
test_question_read_mark_kept (void)
{
  g_autofree char *path = temp_db_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KbStore) store = kb_store_new (path, &error);

  g_assert_no_error (error);
  save_copy (store, 1, TRUE);
  g_assert_true (cached_unread (store));
  save_copy (store, 1, FALSE);          /* the read mark */
  g_assert_false (cached_unread (store));
  save_copy (store, 1, TRUE);           /* the page from before it, late */
  g_assert_false (cached_unread (store));
  save_copy (store, 2, TRUE);           /* a new answer */
  g_assert_true (cached_unread (store));
}

/* The sidebar's badge is counted before the first frame: the count is
 * right, and SQLite reads it from the index of unread questions, not from
 * a scan of every question (migration 13). */
static void
test_unread_count (void)
{
  g_autofree char *path = temp_db_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KbStore) store = kb_store_new (path, &error);
  g_autoptr(GPtrArray) questions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GString) plan = g_string_new (NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint count = 99;

  g_assert_no_error (error);
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", i + 1);
      KbQuestion *question = question_at (id, i + 1, 0);

      kb_question_set_answers_count (question, 1);
      kb_question_set_unread (question, i % 2 == 0);
      g_ptr_array_add (questions, question);
    }
  g_assert_true (kb_store_save_questions (store, questions, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (kb_store_count_unread_questions (store, &count, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 3);

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "EXPLAIN QUERY PLAN SELECT COUNT(*) FROM question WHERE unread != 0",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (plan, "%s\n", (const char *) sqlite3_column_text (stmt, 3));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_nonnull (strstr (plan->str, "question_unread"));
}

/* A worker's write asked for before kb_store_clear() does not bring the
 * signed-out account's rows back after it, whichever takes the lock first;
 * one asked for after the clear lands. */
static void
test_clear_beats_worker_save (void)
{
  g_autofree char *path = temp_db_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KbStore) store = kb_store_new (path, &error);
  g_autoptr(GPtrArray) questions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(KbQuestion) question = kb_question_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  sqlite3 *db = NULL;

  g_assert_no_error (error);
  kb_question_set_id (question, "q1");
  kb_question_set_text (question, "Где счёт?");
  kb_question_set_created_at (question, now);
  g_ptr_array_add (questions, g_object_ref (question));
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);

  for (guint round = 0; round < 2; round++)
    {
      GAsyncResult *slot = NULL;
      g_autoptr(GAsyncResult) result = NULL;

      if (round == 1)
        {
          g_assert_true (kb_store_clear (store, &error));
          g_assert_no_error (error);
        }
      kb_store_save_questions_async (store, questions, "5", NULL, NULL, kb_test_on_ready, &slot);
      if (round == 0)
        {
          g_assert_true (kb_store_clear (store, &error));
          g_assert_no_error (error);
        }
      result = kb_test_wait_result (&slot);
      g_assert_true (kb_store_save_questions_finish (store, result, &error));
      g_assert_no_error (error);
      g_assert_cmpint (count_rows (db, "question"), ==, round == 0 ? 0 : 1);
    }
  sqlite3_close (db);
}

/* The one text of a lookup: NULL without an error when there is no row,
 * with one when the query fails, and the statement reset either way. */
static void
test_db_dup_text (void)
{
  g_autoptr(KbDb) db = open_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *sql = "SELECT 'first' WHERE ?1 UNION ALL SELECT 'second' WHERE ?1;";

  text = kb_db_dup_text (db, kb_db_query (db, sql, &error, KB_DB_INT (1)), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "first");
  g_clear_pointer (&text, g_free);

  /* Reset after the first row: the same statement starts again. */
  text = kb_db_dup_text (db, kb_db_query (db, sql, &error, KB_DB_INT (1)), &error);
  g_assert_cmpstr (text, ==, "first");
  g_clear_pointer (&text, g_free);

  g_assert_null (kb_db_dup_text (db, kb_db_query (db, sql, &error, KB_DB_INT (0)), &error));
  g_assert_no_error (error);

  g_assert_null (kb_db_dup_text (db, kb_db_query (db, "SELECT abs(-9223372036854775807 - 1);",
                                                  &error), &error));
  g_assert_error (error, KB_DB_ERROR, KB_DB_ERROR_SQL);
  g_clear_error (&error);

  /* A query that could not be prepared has set the error already. */
  g_assert_null (kb_db_dup_text (db, kb_db_prepare (db, "SELECT * FROM nowhere;", &error),
                                 &error));
  g_assert_error (error, KB_DB_ERROR, KB_DB_ERROR_SQL);
}

static GPtrArray *
two_files (const char *first, const char *second, const char *path)
{
  GPtrArray *files = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (files, kb_attachment_new (first, "a.pdf", 10, "application/pdf", path));
  g_ptr_array_add (files, kb_attachment_new (second, "b.png", 20, "image/png", path));
  return files;
}

/* Rows saved under an owner (a rename batch, a service order, a question
 * or an answer, an outbox entry), with the owner bound once for all of
 * them, come back in order under that owner and no other. */
static void
test_rows_of_an_owner (void)
{
  g_autofree char *path = temp_db_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KbStore) store = kb_store_new (path, &error);
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 3, 10, 9, 0, 0);
  g_autoptr(GPtrArray) questions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) answers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) own_files = two_files ("f1", "f2", NULL);
  g_autoptr(GPtrArray) answer_files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) outbox_files = two_files (NULL, NULL, "/tmp/copy");
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(KbQuestion) question = kb_question_new ();
  g_autoptr(KbServiceOrder) order = NULL;
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GPtrArray *files;

  g_assert_no_error (error);

  for (guint b = 1; b <= 2; b++)
    {
      g_autofree char *id = g_strdup_printf ("%u", b);
      g_autoptr(KbRenameBatch) batch = kb_rename_batch_new (id, FALSE, when, when,
                                                            KB_RENAME_STATUS_PENDING, b, b, 0,
                                                            NULL, NULL);
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint r = 1; r <= b; r++)
        g_ptr_array_add (rows, kb_rename_row_new (r, "+375291000001", id, KB_RENAME_STATUS_PENDING,
                                                  NULL, NULL));
      kb_rename_batch_set_rows (batch, rows);
      g_assert_true (kb_store_save_rename_batch (store, batch, &error));
      g_assert_no_error (error);
    }
  for (guint b = 1; b <= 2; b++)
    {
      g_autofree char *id = g_strdup_printf ("%u", b);

      g_clear_pointer (&loaded, g_ptr_array_unref);
      loaded = kb_store_load_rename_rows (store, id, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (loaded->len, ==, b);
      for (guint r = 0; r < b; r++)
        {
          g_assert_cmpuint (kb_rename_row_get_row (loaded->pdata[r]), ==, r + 1);
          g_assert_cmpstr (kb_rename_row_get_name (loaded->pdata[r]), ==, id);
        }
    }

  order = kb_service_order_new (&(KbServiceOrderFields) { .id = "7", .service = "sms" });
  files = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (files, kb_service_result_new (1, "+375291000001", NULL));
  g_ptr_array_add (files, kb_service_result_new (2, "+375291000002", "already_on"));
  kb_service_order_set_results (order, files);
  g_ptr_array_unref (files);
  kb_store_save_service_order_results_async (store, order, NULL, kb_test_on_ready, &slot);
  result = kb_test_wait_result (&slot);
  g_assert_true (kb_store_save_service_order_results_finish (store, result, &error));
  g_assert_no_error (error);
  g_clear_pointer (&loaded, g_ptr_array_unref);
  loaded = kb_store_load_service_order_results (store, "7", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->len, ==, 2);
  g_assert_cmpstr (kb_service_result_get_number (loaded->pdata[1]), ==, "+375291000002");
  g_assert_cmpstr (kb_service_result_get_code (loaded->pdata[1]), ==, "already_on");
  g_assert_null (kb_store_load_service_order_results (store, "8", &error));
  g_assert_no_error (error);

  g_ptr_array_add (answer_files, kb_attachment_new ("f3", "c.txt", 30, "text/plain", NULL));
  g_ptr_array_add (answers, kb_answer_new ("a1", "operator", "Вот счёт.", when));
  kb_answer_set_attachments (answers->pdata[0], answer_files);
  kb_question_set_id (question, "q1");
  kb_question_set_text (question, "Где счёт?");
  kb_question_set_created_at (question, when);
  kb_question_set_answers (question, answers);
  kb_question_set_attachments (question, own_files);
  g_ptr_array_add (questions, g_object_ref (question));
  g_assert_true (kb_store_save_questions (store, questions, NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&loaded, g_ptr_array_unref);
  loaded = kb_store_load_question_files (store, "q1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->len, ==, 2);
  g_assert_cmpstr (kb_attachment_get_id (loaded->pdata[0]), ==, "f1");
  g_assert_cmpstr (kb_attachment_get_id (loaded->pdata[1]), ==, "f2");
  g_assert_cmpint (kb_attachment_get_size (loaded->pdata[1]), ==, 20);
  g_clear_pointer (&loaded, g_ptr_array_unref);
  loaded = kb_store_load_answers (store, "q1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->len, ==, 1);
  files = kb_answer_get_attachments (loaded->pdata[0]);
  g_assert_cmpuint (files->len, ==, 1);
  g_assert_cmpstr (kb_attachment_get_id (files->pdata[0]), ==, "f3");

  g_assert_true (kb_store_outbox_add (store, "k1", "Ещё вопрос", when, outbox_files, &error));
  g_assert_no_error (error);
  g_clear_pointer (&loaded, g_ptr_array_unref);
  loaded = kb_store_load_outbox_files (store, "k1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      KbStoreOutboxFile *file = loaded->pdata[i];

      g_assert_nonnull (file->key);
      g_assert_cmpstr (kb_attachment_get_name (file->file), ==, i == 0 ? "a.pdf" : "b.png");
      g_assert_cmpstr (kb_attachment_get_path (file->file), ==, "/tmp/copy");
    }
  g_assert_cmpstr (((KbStoreOutboxFile *) loaded->pdata[0])->key, !=,
                   ((KbStoreOutboxFile *) loaded->pdata[1])->key);
  g_clear_pointer (&loaded, g_ptr_array_unref);
  loaded = kb_store_load_outbox_files (store, "k2", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->len, ==, 0);
}

int
main (int argc, char *argv[])
{
  kb_test_init (&argc, &argv);

  g_test_add_func ("/store/new-file", test_new_file);
  g_test_add_func ("/store/round-trip", test_round_trip);
  g_test_add_func ("/store/migrate-from-v1", test_migrate_from_v1);
  g_test_add_func ("/store/newer-file", test_newer_file);
  g_test_add_func ("/store/damaged-file", test_damaged_file);
  g_test_add_func ("/store/clear", test_clear);
  g_test_add_func ("/store/clear-beats-worker-save", test_clear_beats_worker_save);
  g_test_add_func ("/store/migrate-fetched-at", test_migrate_fetched_at);
  g_test_add_func ("/store/questions-head", test_questions_head);
  g_test_add_func ("/store/question-read-mark-kept", test_question_read_mark_kept);
  g_test_add_func ("/store/unread-count", test_unread_count);
  g_test_add_func ("/store/rows-of-an-owner", test_rows_of_an_owner);
  g_test_add_func ("/db/migrate", test_db_migrate);
  g_test_add_func ("/db/dup-text", test_db_dup_text);
  g_test_add_func ("/db/transaction", test_db_transaction);
  g_test_add_func ("/db/step", test_db_step);

  return g_test_run ();
}
