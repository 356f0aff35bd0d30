/* test-store.c — the SQLite cache: migrations from an empty and from an older file,
 * a file from a newer Kabinet, a damaged file, and a round trip of the profile. */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "kb-store.h"
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
                                 "INSERT INTO rename_history (id, fetched_at) VALUES (1, '2026-11-25T00:00:00Z');",
                                 NULL, NULL, NULL), ==, SQLITE_OK);

  g_assert_true (kb_store_clear (store, &error));
  g_assert_no_error (error);

  g_assert_cmpint (count_rows (db, "outbox"), ==, 1);
  g_assert_cmpint (count_rows (db, "draft"), ==, 1);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_master WHERE type = 'table'"
                                           " AND name NOT LIKE 'sqlite_%' AND name NOT IN ('outbox', 'draft');",
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

  return g_test_run ();
}
