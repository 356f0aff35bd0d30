/* test-server-rows.c — the server's SQL steps: kb_db_run(), kb_db_query() and reading rows. */
#include "config.h"


#include "kb-server-private.h"
#include "kb-test-util.h"

static KbDb *
open_db (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KbDb) db = kb_db_open (":memory:", KB_DB_OPEN_CREATE, 0, &error);

  g_assert_no_error (error);
  g_assert_true (kb_db_exec (db, "CREATE TABLE t (n INTEGER);"
                             " INSERT INTO t VALUES (1), (2), (3), (4);", &error));
  g_assert_no_error (error);
  return g_steal_pointer (&db);
}

/* Keeps the odd numbers only: NULL leaves a row out. */
static JsonObject *
odd_from_row (sqlite3_stmt *stmt, gpointer data)
{
  guint *calls = data;
  gint64 n = sqlite3_column_int64 (stmt, 0);
  JsonObject *object;

  (*calls)++;
  if (n % 2 == 0)
    return NULL;
  object = json_object_new ();
  json_object_set_int_member (object, "n", n);
  return object;
}

static void
test_rows_in_order (void)
{
  g_autoptr(KbDb) db = open_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) array = NULL;
  sqlite3_stmt *stmt = kb_db_prepare (db, "SELECT n FROM t ORDER BY n;", &error);
  guint calls = 0;

  g_assert_no_error (error);
  array = _kb_server_collect_rows (db, stmt, odd_from_row, &calls, &error);
  g_assert_no_error (error);
  g_assert_nonnull (array);
  g_assert_cmpuint (calls, ==, 4);
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 0), "n"),
                   ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 1), "n"),
                   ==, 3);

  /* The statement was reset: it runs again from the start. */
  g_clear_pointer (&array, json_array_unref);
  array = _kb_server_collect_rows (db, stmt, odd_from_row, &calls, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
}

static void
test_failed_step (void)
{
  g_autoptr(KbDb) db = open_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) array = NULL;
  /* abs() of the smallest integer overflows when the third row is stepped
   * to, not when the statement is prepared (no ORDER BY: a sort would read
   * every row before the first). */
  sqlite3_stmt *stmt = kb_db_prepare (db, "SELECT CASE WHEN n < 3 THEN n"
                                      " ELSE abs (n * 0 - 9223372036854775807 - 1) END"
                                      " FROM t;", &error);
  guint calls = 0;

  g_assert_no_error (error);
  array = _kb_server_collect_rows (db, stmt, odd_from_row, &calls, &error);
  g_assert_null (array);
  g_assert_error (error, KB_DB_ERROR, KB_DB_ERROR_SQL);
  g_assert_cmpuint (calls, ==, 2);
}

/* kb_db_run() binds its values to ?1, ?2… in order, text and integers
 * alike, a NULL text as SQL NULL; kb_db_query() binds them the same way. */
static void
test_run_and_query (void)
{
  g_autoptr(KbDb) db = open_db ();
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;

  g_assert_true (kb_db_exec (db, "CREATE TABLE v (n INTEGER, t TEXT, b INTEGER);", &error));
  g_assert_true (kb_db_run (db, "INSERT INTO v VALUES (?, ?, ?);", &error,
                            KB_DB_INT (G_MAXINT64), KB_DB_TEXT ("раз"), KB_DB_INT (TRUE)));
  g_assert_no_error (error);
  g_assert_true (kb_db_run (db, "INSERT INTO v VALUES (?1, ?2, ?3);", &error,
                            KB_DB_INT (-7), KB_DB_TEXT (NULL), KB_DB_INT (FALSE)));
  g_assert_no_error (error);

  stmt = kb_db_query (db, "SELECT n, t, b FROM v WHERE n = ? OR t IS ? ORDER BY n DESC;", &error,
                      KB_DB_INT (-7), KB_DB_TEXT ("раз"));
  g_assert_no_error (error);
  g_assert_true (kb_db_step_row (db, stmt, &error));
  g_assert_cmpint (sqlite3_column_int64 (stmt, 0), ==, G_MAXINT64);
  g_assert_cmpstr (kb_db_column_text (stmt, 1), ==, "раз");
  g_assert_cmpint (sqlite3_column_int (stmt, 2), ==, 1);
  g_assert_true (kb_db_step_row (db, stmt, &error));
  g_assert_cmpint (sqlite3_column_int64 (stmt, 0), ==, -7);
  g_assert_cmpint (sqlite3_column_type (stmt, 1), ==, SQLITE_NULL);
  g_assert_cmpint (sqlite3_column_int (stmt, 2), ==, 0);
  g_assert_false (kb_db_step_row (db, stmt, &error));
  g_assert_no_error (error);

  /* The same SQL again is the cached statement, its old values replaced. */
  stmt = kb_db_query (db, "SELECT n, t, b FROM v WHERE n = ? OR t IS ? ORDER BY n DESC;", &error,
                      KB_DB_INT (0), KB_DB_TEXT (NULL));
  g_assert_true (kb_db_step_row (db, stmt, &error));
  g_assert_cmpint (sqlite3_column_int64 (stmt, 0), ==, -7);
  g_assert_false (kb_db_step_row (db, stmt, &error));
  g_assert_no_error (error);
}

/* A statement that cannot be prepared, or that fails when stepped, is
 * FALSE with the error set, and writes nothing. */
static void
test_run_fails (void)
{
  g_autoptr(KbDb) db = open_db ();
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;

  g_assert_false (kb_db_run (db, "INSERT INTO missing VALUES (?);", &error, KB_DB_INT (1)));
  g_assert_error (error, KB_DB_ERROR, KB_DB_ERROR_SQL);
  g_clear_error (&error);
  g_assert_null (kb_db_query (db, "SELECT * FROM missing WHERE n = ?;", &error, KB_DB_INT (1)));
  g_assert_error (error, KB_DB_ERROR, KB_DB_ERROR_SQL);
  g_clear_error (&error);

  g_assert_true (kb_db_exec (db, "CREATE TABLE u (n INTEGER UNIQUE);", &error));
  g_assert_true (kb_db_run (db, "INSERT INTO u VALUES (?);", &error, KB_DB_INT (1)));
  g_assert_false (kb_db_run (db, "INSERT INTO u VALUES (?);", &error, KB_DB_INT (1)));
  g_assert_error (error, KB_DB_ERROR, KB_DB_ERROR_SQL);
  g_clear_error (&error);

  stmt = kb_db_query (db, "SELECT COUNT(*) FROM u WHERE n = ?;", &error, KB_DB_INT (1));
  g_assert_true (kb_db_step_row (db, stmt, &error));
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
  sqlite3_reset (stmt);
}

int
main (int argc, char **argv)
{
  kb_test_init (&argc, &argv);

  g_test_add_func ("/server/rows/in-order", test_rows_in_order);
  g_test_add_func ("/server/rows/failed-step", test_failed_step);
  g_test_add_func ("/server/rows/run-and-query", test_run_and_query);
  g_test_add_func ("/server/rows/run-fails", test_run_fails);

  return g_test_run ();
}
