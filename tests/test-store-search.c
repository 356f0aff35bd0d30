/* test-store-search.c — the cache's search for GNOME Shell: what it finds, and what no longer.
 *
 * A real cache file written by the store's own save functions, searched on
 * the read-only connection the search provider uses: subscribers by any
 * part of the number however it is typed, by name (case aside, Cyrillic
 * too, ё as е) and tariff; questions by a word; invoices by number, month and
 * amount; the operator's requests by their number in any of its forms,
 * the words of their kind and status and what they concern; short terms
 * that only narrow; rows gone from the list gone from the search, a
 * request's new status found instead of its old one; requests cached
 * before their index existed found once the list, fetched whole again,
 * is saved; subscribers found from their rows until their index, made
 * after the save, is there; nothing after sign-out; and no file, no search.
 */
#include "config.h"

#include <sqlite3.h>

#include "kb-store-billing.h"
#include "kb-store-questions.h"
#include "kb-store-requests.h"
#include "kb-store-search.h"
#include "kb-store-subscribers.h"
#include "kb-test-util.h"

typedef struct {
  char *path;
  KbStore *store;
} Fixture;

static void
save_subscribers (KbStore *store, GPtrArray *subscribers)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  kb_store_save_subscribers_async (store, subscribers, now, NULL, kb_test_on_ready, &slot);
  result = kb_test_wait_result (&slot);
  g_assert_true (kb_store_save_subscribers_finish (store, result, &error));
  g_assert_no_error (error);
}

static KbQuestion *
question (const char *id, const char *text, KbQuestionStatus status)
{
  KbQuestion *q = kb_question_new ();
  g_autoptr(GDateTime) created = g_date_time_new_from_unix_utc (1700000000 + atoi (id));

  kb_question_set_id (q, id);
  kb_question_set_text (q, text);
  kb_question_set_status (q, status);
  kb_question_set_created_at (q, created);
  return q;
}

/* A request made on the (@id − 20)th of October 2026, in the form the server gives it. */
static KbOperatorRequest *
request (const char             *id,
         KbOperatorRequestKind   kind,
         KbOperatorRequestStatus status,
         const char             *subject,
         const char             *detail)
{
  g_autofree char *number = g_strdup_printf ("З-2026-%06d", 100 + atoi (id));
  KbOperatorRequestFields fields = {
    .id = id, .number = number, .kind = kind, .status = status,
    .subject = subject, .detail = detail, .count = 1,
    .target_type = "subscriber", .target_id = "1",
    .created_at = 1790812800 + (atoi (id) - 20) * 86400,
    .updated_at = 1790812800 + (atoi (id) - 20) * 86400,
  };

  return kb_operator_request_new (&fields);
}

static void
save_requests (KbStore *store, const char *history_from, KbOperatorRequest *first, ...)
{
  g_autoptr(GPtrArray) requests = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  va_list args;

  va_start (args, first);
  for (KbOperatorRequest *r = first; r != NULL; r = va_arg (args, KbOperatorRequest *))
    g_ptr_array_add (requests, r);
  va_end (args);
  g_assert_true (kb_store_save_operator_requests (store, requests, history_from, "c1", NULL, NULL,
                                                  &error));
  g_assert_no_error (error);
}

/* The fixture's two requests: a rename (with @rename_status) and a service order, done. */
static void
save_the_requests (KbStore *store, KbOperatorRequestStatus rename_status)
{
  save_requests (store, NULL,
                 request ("23", KB_OPERATOR_REQUEST_KIND_RENAME, rename_status,
                          "+375291000001", "Склад Гомель"),
                 request ("24", KB_OPERATOR_REQUEST_KIND_SERVICE_ORDER,
                          KB_OPERATOR_REQUEST_STATUS_DONE, "Роуминг", "Подключение"),
                 NULL);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) subscribers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) questions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) invoices = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  f->path = g_build_filename (g_get_user_cache_dir (), "search-test", "cache.db", NULL);
  f->store = kb_store_new (f->path, &error);
  g_assert_no_error (error);

  g_ptr_array_add (subscribers, kb_subscriber_new ("1", "+375291000001", "Ёлкин Пётр", "Бизнес 10",
                                                   KB_SUBSCRIBER_STATUS_ACTIVE));
  g_ptr_array_add (subscribers, kb_subscriber_new ("2", "+375331234567", "Жук Анна", "Офис 5",
                                                   KB_SUBSCRIBER_STATUS_BLOCKED));
  g_ptr_array_add (subscribers, kb_subscriber_new ("3", "+375447654321", "Склад Минск", "Бизнес 10",
                                                   KB_SUBSCRIBER_STATUS_ACTIVE));
  save_subscribers (f->store, subscribers);

  g_ptr_array_add (questions, question ("11", "Почему вырос счёт за октябрь?\nПодробности ниже.",
                                        KB_QUESTION_STATUS_ANSWERED));
  g_ptr_array_add (questions, question ("12", "Как подключить роуминг?", KB_QUESTION_STATUS_NEW));
  g_assert_true (kb_store_save_questions (f->store, questions, NULL, NULL, &error));
  g_assert_no_error (error);

  g_ptr_array_add (invoices, kb_invoice_new (&(KbInvoiceFields) {
    .id = "21", .number = "СФ-2026-10/01001", .period = "2026-10", .issued_on = "2026-11-01",
    .due_on = "2026-11-20", .amount_minor = 123456, .currency = "BYN",
    .status = KB_INVOICE_STATUS_PAID,
  }));
  g_ptr_array_add (invoices, kb_invoice_new (&(KbInvoiceFields) {
    .id = "22", .number = "СФ-2026-11/01002", .period = "2026-11", .issued_on = "2026-12-01",
    .due_on = "2026-12-20", .amount_minor = 9900, .currency = "BYN",
    .status = KB_INVOICE_STATUS_ISSUED,
  }));
  g_assert_true (kb_store_save_invoices (f->store, invoices, TRUE, NULL, NULL, now, &error));
  g_assert_no_error (error);

  save_the_requests (f->store, KB_OPERATOR_REQUEST_STATUS_ACCEPTED);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->store);
  g_free (f->path);
}

/* What the search finds for @query (split at spaces as GNOME Shell does),
 * as "kind:id" joined with spaces. */
static char *
find (Fixture *f, const char *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KbStoreSearch) search = kb_store_search_open (f->path, &error);
  g_auto(GStrv) terms = g_strsplit (query, " ", -1);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  g_assert_no_error (error);
  found = kb_store_search_find (search, (const char * const *) terms, 5, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < found->len; i++)
    {
      GObject *row = found->pdata[i];

      if (text->len > 0)
        g_string_append_c (text, ' ');
      if (KB_IS_SUBSCRIBER (row))
        g_string_append_printf (text, "s:%s", kb_subscriber_get_id (KB_SUBSCRIBER (row)));
      else if (KB_IS_QUESTION (row))
        g_string_append_printf (text, "q:%s", kb_question_get_id (KB_QUESTION (row)));
      else if (KB_IS_INVOICE (row))
        g_string_append_printf (text, "i:%s", kb_invoice_get_id (KB_INVOICE (row)));
      else
        g_string_append_printf (text, "r:%s",
                                kb_operator_request_get_id (KB_OPERATOR_REQUEST (row)));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

#define assert_finds(f, query, expected)                    \
  G_STMT_START {                                            \
    g_autofree char *found_ = find ((f), (query));          \
    g_assert_cmpstr (found_, ==, (expected));               \
  } G_STMT_END

static void
test_finds (Fixture *f, gconstpointer data)
{
  /* Names and tariffs, in any case, ё as е either way. */
  assert_finds (f, "ёлкин", "s:1");
  assert_finds (f, "Елкин петр", "s:1");
  assert_finds (f, "ЖУК", "s:2");
  assert_finds (f, "бизнес", "s:1 s:3");
  assert_finds (f, "бизнес минск", "s:3");
  /* A number in any form people type, or any part of it. */
  assert_finds (f, "8 029 1000001", "s:1 r:23");
  assert_finds (f, "1234567", "s:2");
  assert_finds (f, "7654", "s:3");
  /* Questions by any word, newest first. */
  assert_finds (f, "вырос", "q:11");
  assert_finds (f, "как", "q:12");
  /* Invoices by number, month in either form, amount with a point or a comma. */
  assert_finds (f, "01002", "i:22");
  assert_finds (f, "2026-10", "i:21");
  assert_finds (f, "11.2026", "i:22");
  assert_finds (f, "1234,56", "i:21");
  assert_finds (f, "99.00", "i:22");
  /* Requests by their number with or without the letter and the dashes,
   * or by any part of it; by the words of their kind and status; by what
   * they concern; the newest first. */
  assert_finds (f, "З-2026-000123", "r:23");
  assert_finds (f, "з-2026-000124", "r:24");
  assert_finds (f, "2026-000123", "r:23");
  assert_finds (f, "2026000124", "r:24");
  assert_finds (f, "000123", "r:23");
  assert_finds (f, "00012", "r:24 r:23");
  assert_finds (f, "rename", "r:23");
  assert_finds (f, "service done", "r:24");
  assert_finds (f, "accepted", "r:23");
  assert_finds (f, "гомель", "r:23");
  /* Several kinds at once, subscribers first. */
  assert_finds (f, "+375 29 100-00-01", "s:1 r:23");
  assert_finds (f, "роуминг", "q:12 r:24");
  assert_finds (f, "счёт", "q:11");
  /* A short term narrows what a longer one found, and alone finds nothing. */
  assert_finds (f, "бизнес 10", "s:1 s:3");
  assert_finds (f, "склад 44", "s:3");
  assert_finds (f, "склад 29", "r:23");
  assert_finds (f, "склад 33", "");
  assert_finds (f, "жу", "");
  assert_finds (f, "", "");
  /* Quotes are text, not query syntax. */
  assert_finds (f, "\"жук\" OR", "");
}

static void
test_lookup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KbStoreSearch) search = kb_store_search_open (f->path, &error);
  g_autoptr(GObject) subscriber = kb_store_search_lookup (search, KB_TYPE_SUBSCRIBER, "2", &error);
  g_autoptr(GObject) q = kb_store_search_lookup (search, KB_TYPE_QUESTION, "11", &error);
  g_autoptr(GObject) invoice = kb_store_search_lookup (search, KB_TYPE_INVOICE, "22", &error);
  g_autoptr(GObject) missing = kb_store_search_lookup (search, KB_TYPE_QUESTION, "99", &error);
  g_autoptr(GObject) r = kb_store_search_lookup (search, KB_TYPE_OPERATOR_REQUEST, "23", &error);
  g_autofree char *target = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (kb_subscriber_get_name (KB_SUBSCRIBER (subscriber)), ==, "Жук Анна");
  g_assert_cmpint (kb_subscriber_get_status (KB_SUBSCRIBER (subscriber)), ==,
                   KB_SUBSCRIBER_STATUS_BLOCKED);
  g_assert_cmpint (kb_question_get_status (KB_QUESTION (q)), ==, KB_QUESTION_STATUS_ANSWERED);
  g_assert_cmpint (kb_invoice_get_amount (KB_INVOICE (invoice)), ==, 9900);
  g_assert_null (missing);
  g_assert_cmpstr (kb_operator_request_get_number (KB_OPERATOR_REQUEST (r)), ==, "З-2026-000123");
  target = kb_operator_request_dup_section_target (KB_OPERATOR_REQUEST (r));
  g_assert_cmpstr (target, ==, "subscribers/subscriber/1");
}

/* The index follows the rows: a list saved again replaces what is found,
 * a question's new text replaces the old, and sign-out leaves nothing. */
static void
test_follows_the_cache (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) subscribers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) questions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (subscribers, kb_subscriber_new ("2", "+375331234567", "Жук Анна", "Офис 5",
                                                   KB_SUBSCRIBER_STATUS_ACTIVE));
  g_ptr_array_add (subscribers, kb_subscriber_new ("4", "+375297777777", "Новиков Олег", "Офис 5",
                                                   KB_SUBSCRIBER_STATUS_ACTIVE));
  save_subscribers (f->store, subscribers);
  assert_finds (f, "ёлкин", "");
  assert_finds (f, "новиков", "s:4");
  assert_finds (f, "офис", "s:2 s:4");

  g_ptr_array_add (questions, question ("12", "Как отключить роуминг?",
                                        KB_QUESTION_STATUS_ANSWERED));
  g_assert_true (kb_store_save_questions (f->store, questions, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_finds (f, "подключить", "");
  assert_finds (f, "отключить", "q:12");

  /* A request's new status replaces the old; a list whose history starts
   * later drops the older request from the search too. */
  save_requests (f->store, NULL,
                 request ("23", KB_OPERATOR_REQUEST_KIND_RENAME, KB_OPERATOR_REQUEST_STATUS_DONE,
                          "+375291000001", "Склад Гомель"),
                 NULL);
  assert_finds (f, "accepted", "");
  assert_finds (f, "done", "r:24 r:23");
  assert_finds (f, "000123", "r:23");
  save_requests (f->store, "2026-10-07",
                 request ("30", KB_OPERATOR_REQUEST_KIND_RENAME,
                          KB_OPERATOR_REQUEST_STATUS_ACCEPTED, "+375297777777", "Новиков Олег"),
                 NULL);
  assert_finds (f, "000123", "");
  assert_finds (f, "гомель", "");
  assert_finds (f, "00013", "r:30");
  assert_finds (f, "новиков", "s:4 r:30");

  g_assert_true (kb_store_clear (f->store, &error));
  g_assert_no_error (error);
  assert_finds (f, "офис", "");
  assert_finds (f, "роуминг", "");
  assert_finds (f, "2026", "");
  assert_finds (f, "000130", "");
}

/* A cache of schema 11 had requests but no index of them: migration 12
 * forgets the list's cursor, so that the whole list is fetched again, and
 * saving it indexes the rows that were there. */
static void
test_requests_before_their_index (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  g_autoptr(GPtrArray) cached = NULL;
  sqlite3 *db;

  /* Back to schema 11, as migrations 1 to 11 left it, with the cursor of a list. */
  g_clear_object (&f->store);
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "DROP INDEX question_unread;"
                                 "DROP TABLE operator_request_search;"
                                 "DROP VIEW operator_request_search_text;"
                                 "ALTER TABLE operator_request DROP COLUMN search_text;"
                                 "INSERT OR REPLACE INTO meta (key, value)"
                                 "  VALUES ('requests_cursor', 'c9');"
                                 "PRAGMA user_version = 11;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  f->store = kb_store_new (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kb_store_get_schema_version (f->store), ==, KB_STORE_SCHEMA_VERSION);
  cached = kb_store_load_operator_requests (f->store, &cursor, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cached->len, ==, 2);
  g_assert_null (cursor);
  assert_finds (f, "000123", "");

  save_the_requests (f->store, KB_OPERATOR_REQUEST_STATUS_DONE);
  assert_finds (f, "000123", "r:23");
  assert_finds (f, "done", "r:24 r:23");
  assert_finds (f, "accepted", "");
}

/* How many rows the subscribers' index itself has for @term, read past the
 * search, which reads the rows while the index is behind them. */
static int
count_in_index (Fixture *f, const char *term)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM subscriber_search"
                                          " WHERE subscriber_search MATCH '\"%s\"';", term);
  sqlite3_stmt *stmt;
  sqlite3 *db;
  int n;

  g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static void
index_subscribers (KbStore *store)
{
  kb_test_run_async (store, G_CALLBACK (kb_store_index_subscribers_async),
                     G_CALLBACK (kb_store_index_subscribers_finish));
}

/* What the fixture's subscribers are found by, with their index or without. */
static void
assert_finds_the_subscribers (Fixture *f)
{
  assert_finds (f, "жук", "s:2");
  assert_finds (f, "Елкин петр", "s:1");
  assert_finds (f, "бизнес", "s:1 s:3");
  assert_finds (f, "8 029 1000001", "s:1 r:23");
  assert_finds (f, "склад 44", "s:3");
  assert_finds (f, "склад 33", "");
  assert_finds (f, "жу", "");
}

/* A save leaves the subscribers' index behind the rows, to be made in a
 * step of its own; a search meanwhile reads the rows and finds what the
 * index will, in the same order; a list saved again is behind again. */
static void
test_index_after_save (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) subscribers = g_ptr_array_new_with_free_func (g_object_unref);

  g_assert_false (kb_store_get_subscribers_indexed (f->store));
  g_assert_cmpint (count_in_index (f, "жук"), ==, 0);
  assert_finds_the_subscribers (f);

  index_subscribers (f->store);
  g_assert_true (kb_store_get_subscribers_indexed (f->store));
  g_assert_cmpint (count_in_index (f, "жук"), ==, 1);
  g_assert_cmpint (count_in_index (f, "бизнес"), ==, 2);
  assert_finds_the_subscribers (f);
  /* Done at once when there is nothing to make. */
  index_subscribers (f->store);
  g_assert_cmpint (count_in_index (f, "жук"), ==, 1);

  g_ptr_array_add (subscribers, kb_subscriber_new ("4", "+375297777777", "Новиков Олег", "Офис 5",
                                                   KB_SUBSCRIBER_STATUS_ACTIVE));
  save_subscribers (f->store, subscribers);
  g_assert_false (kb_store_get_subscribers_indexed (f->store));
  assert_finds (f, "жук", "");
  assert_finds (f, "новиков", "s:4");
  index_subscribers (f->store);
  g_assert_cmpint (count_in_index (f, "жук"), ==, 0);
  g_assert_cmpint (count_in_index (f, "новиков"), ==, 1);
  assert_finds (f, "офис", "s:4");
}

static void
test_no_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "no-such", "cache.db", NULL);
  g_autoptr(KbStoreSearch) search = kb_store_search_open (path, &error);

  g_assert_null (search);
  g_assert_error (error, KB_STORE_ERROR, KB_STORE_ERROR_OPEN);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

int
main (int argc, char *argv[])
{
  kb_test_init (&argc, &argv);

  g_test_add ("/store-search/finds", Fixture, NULL, fixture_setup, test_finds, fixture_teardown);
  g_test_add ("/store-search/lookup", Fixture, NULL, fixture_setup, test_lookup, fixture_teardown);
  g_test_add ("/store-search/follows-the-cache", Fixture, NULL, fixture_setup,
              test_follows_the_cache, fixture_teardown);
  g_test_add ("/store-search/requests-before-their-index", Fixture, NULL, fixture_setup,
              test_requests_before_their_index, fixture_teardown);
  g_test_add ("/store-search/index-after-save", Fixture, NULL, fixture_setup,
              test_index_after_save, fixture_teardown);
  g_test_add_func ("/store-search/no-file", test_no_file);
  return g_test_run ();
}
