/* test-server-input.c — hostile bodies and retries: nesting, Unicode, huge rows, keys, latency. */
#include "config.h"

#include <string.h>
#include <sqlite3.h>
#include <glib/gstdio.h>

#include "kb-server-test.h"

typedef KbServerFixture Fixture;

#define KEY "Idempotency-Key"
#define BATCHES "/api/v1/rename-batches"
#define PAYMENTS "/api/v1/payments/unconfirmed"
/* A rename batch of one row: the number, then the name as JSON text. */
#define ROW_BATCH "{\"rows\":[{\"number\":\"%s\",\"name\":\"%s\"}]}"

static JsonArray *
member_array (KbReply *reply, const char *member)
{
  return json_object_get_array_member (kb_reply_object (reply), member);
}

static JsonObject *
error_of (KbReply *reply)
{
  return json_object_get_object_member (kb_reply_object (reply), "error");
}

/* Checks a 400 invalid_request with @reason and, if not NULL, @field. */
static void
assert_invalid (KbReply *reply, const char *reason, const char *field)
{
  g_assert_no_error (reply->error);
  g_assert_cmpuint (reply->status, ==, 400);
  g_assert_cmpstr (kb_reply_error_code (reply), ==, "invalid_request");
  g_assert_cmpstr (json_object_get_string_member (error_of (reply), "reason"), ==, reason);
  if (field != NULL)
    g_assert_cmpstr (json_object_get_string_member_with_default (error_of (reply), "field", NULL),
                     ==, field);
}

static char *
first_subscriber (Fixture *f, const char *token, const char *field)
{
  g_autoptr(KbReply) reply = kb_http (f, "GET", "/api/v1/subscribers?limit=1", token, NULL, NULL);
  JsonArray *subscribers;

  g_assert_cmpuint (reply->status, ==, 200);
  subscribers = member_array (reply, "subscribers");
  return g_strdup (json_object_get_string_member (json_array_get_object_element (subscribers, 0),
                                                  field));
}

static void
set_rename_day (Fixture *f)
{
  g_autoptr(GDateTime) now = kb_test_date (2025, 6, 10, 12);

  kb_server_set_now (f->server, now);
}

/* Item 1: 80 000 "[" used to overflow json-glib's recursive parser. */
static void
test_deep_nesting (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  g_autofree char *deep = g_strnfill (80000, '[');
  g_autoptr(GBytes) bytes = g_bytes_new (deep, strlen (deep));
  g_autoptr(KbReply) reply = kb_http_bytes (f, "POST", BATCHES, token, bytes,
                                            "application/json", NULL);
  g_autoptr(KbReply) after = NULL;

  assert_invalid (reply, "malformed_json", NULL);
  /* The small bodies are read on the main loop, by the same guard. */
  {
    g_autofree char *small = g_strnfill (60000, '{');
    g_autoptr(GBytes) small_bytes = g_bytes_new (small, strlen (small));
    g_autoptr(KbReply) question = kb_http_bytes (f, "POST", "/api/v1/questions", token, small_bytes,
                                                 "application/json", NULL);

    assert_invalid (question, "malformed_json", NULL);
  }
  after = kb_http (f, "GET", "/api/v1/client", token, NULL, NULL);
  g_assert_cmpuint (after->status, ==, 200);
}

/* Item 6: a lone surrogate, NUL and bidirectional controls are refused at
 * the door, with the field at fault. */
static void
test_bad_unicode (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  g_autofree char *number = first_subscriber (f, token, "number");
  g_autofree char *id = first_subscriber (f, token, "id");
  g_autofree char *rename_path = g_strdup_printf ("/api/v1/subscribers/%s/rename", id);
  g_autofree char *batch_surrogate = g_strdup_printf (ROW_BATCH, number, "a\\ud800b");
  g_autofree char *batch_bidi = g_strdup_printf (ROW_BATCH, number, "Иван\\u202eвонаИ");
  static const char * const bidi[] = { "\\u202a", "\\u202E", "\\u2066", "\\u2069", "\\u200f" };

  set_rename_day (f);
  {
    g_autoptr(KbReply) surrogate = kb_http (f, "POST", "/api/v1/questions", token,
                                            "{\"text\":\"a\\ud800b\"}", KEY, "q-1", NULL);
    g_autoptr(KbReply) low = kb_http (f, "POST", "/api/v1/questions", token,
                                      "{\"text\":\"a\\uDC00\"}", KEY, "q-2", NULL);
    g_autoptr(KbReply) high_last = kb_http (f, "POST", "/api/v1/questions", token,
                                            "{\"text\":\"a\\ud800\"}", KEY, "q-5", NULL);
    g_autoptr(KbReply) nul = kb_http (f, "POST", "/api/v1/questions", token,
                                      "{\"text\":\"a\\u0000b\"}", KEY, "q-3", NULL);
    g_autoptr(KbReply) pair = kb_http (f, "POST", "/api/v1/questions", token,
                                       "{\"text\":\"Смайлик \\ud83d\\ude00 и \\\\u0000 текст\"}",
                                       KEY, "q-4", NULL);
    g_autoptr(KbReply) batch = kb_http (f, "POST", BATCHES, token, batch_surrogate, NULL);

    assert_invalid (surrogate, "invalid_value", "text");
    assert_invalid (low, "invalid_value", "text");
    assert_invalid (high_last, "invalid_value", "text");
    assert_invalid (nul, "invalid_value", "text");
    assert_invalid (batch, "invalid_value", "rows[0].name");
    /* A real pair and an escaped backslash are text like any other. */
    g_assert_cmpuint (pair->status, ==, 201);
    g_assert_cmpstr (json_object_get_string_member (kb_reply_object (pair), "text"), ==,
                     "Смайлик 😀 и \\u0000 текст");
  }

  for (guint i = 0; i < G_N_ELEMENTS (bidi); i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"name\":\"Иван%sвонаИ\"}", bidi[i]);
      g_autoptr(KbReply) reply = kb_http (f, "POST", rename_path, token, body, NULL);

      g_test_message ("%s", bidi[i]);
      assert_invalid (reply, "invalid_value", "name");
    }
  {
    g_autoptr(KbReply) nul_name = kb_http (f, "POST", rename_path, token,
                                           "{\"name\":\"Иван\\u0000Пётр\"}", NULL);
    g_autoptr(KbReply) batch = kb_http (f, "POST", BATCHES, token, batch_bidi, NULL);
    JsonObject *row;

    assert_invalid (nul_name, "invalid_value", "name");
    g_assert_cmpuint (batch->status, ==, 201);
    row = json_array_get_object_element (member_array (batch, "results"), 0);
    g_assert_cmpstr (json_object_get_string_member (row, "code"), ==, "invalid_name");
  }

  /* Nothing of the above reached the list. */
  {
    g_autoptr(KbReply) list = kb_http (f, "GET", "/api/v1/questions", token, NULL, NULL);
    gsize size;
    const char *text = g_bytes_get_data (list->body, &size);

    g_assert_cmpuint (list->status, ==, 200);
    g_assert_true (g_utf8_validate (text, (gssize) size, NULL));
  }
}

/* Item 6: text stored before the door was shut (or by another writer)
 * still comes out as valid UTF-8. */
static void
test_stored_invalid_utf8 (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kb-input-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "server.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  Fixture fixture = { 0 }, *f = &fixture;
  g_autofree char *token = NULL;
  sqlite3 *db = NULL;

  g_assert_no_error (error);
  f->thread = kb_server_thread_start (path, KB_SERVER_SEED_DEMO, &error);
  g_assert_no_error (error);
  f->server = kb_server_thread_get_server (f->thread);
  f->url = kb_server_thread_dup_url (f->thread);
  f->session = kb_test_session_new ();
  token = kb_sign_in (f, "demo", "demo");

  {
    g_autoptr(KbReply) created = kb_http (f, "POST", "/api/v1/questions", token,
                                          "{\"text\":\"Вопрос\"}", KEY, "stored-1", NULL);
    g_assert_cmpuint (created->status, ==, 201);
  }
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  /* "a", a lone surrogate as json-glib encodes it (ED A0 80), "b", 0xFF. */
  g_assert_cmpint (sqlite3_exec (db, "UPDATE questions SET text = CAST(X'61EDA08062FF' AS TEXT);",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  {
    g_autoptr(KbReply) list = kb_http (f, "GET", "/api/v1/questions", token, NULL, NULL);
    gsize size;
    const char *text = g_bytes_get_data (list->body, &size);

    g_assert_cmpuint (list->status, ==, 200);
    g_assert_true (g_utf8_validate (text, (gssize) size, NULL));
    g_assert_nonnull (list->json);
  }

  kb_server_fixture_teardown (f, NULL);
  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (dir);
}

/* Item 7: a rejected row keeps no more of its name or number than an
 * error needs. */
static void
test_rejected_row_kept_short (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  g_autofree char *number = first_subscriber (f, token, "number");
  g_autoptr(GString) body = g_string_new ("{\"rows\":[{\"number\":\"");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(KbReply) created = NULL;
  g_autoptr(KbReply) stored = NULL;
  g_autofree char *path = NULL;
  JsonObject *first_row;
  JsonArray *rows;

  g_string_append (body, number);
  g_string_append (body, "\",\"name\":\"");
  for (guint i = 0; i < 1024 * 1024; i++)
    g_string_append (body, "я");
  g_string_append (body, "\"},{\"number\":\"+375");
  for (guint i = 0; i < 1024 * 1024; i++)
    g_string_append_c (body, '9');
  g_string_append (body, "\",\"name\":\"Склад\"}]}");
  bytes = g_bytes_new (body->str, body->len);

  set_rename_day (f);
  created = kb_http_bytes (f, "POST", BATCHES, token, bytes, "application/json", NULL);
  g_assert_cmpuint (created->status, ==, 201);
  g_assert_cmpint (json_object_get_int_member (kb_reply_object (created), "rejected"), ==, 2);
  g_assert_cmpuint (g_bytes_get_size (created->body), <, 4096);

  path = g_strdup_printf ("/api/v1/rename-batches/%s",
                          json_object_get_string_member (kb_reply_object (created), "id"));
  stored = kb_http (f, "GET", path, token, NULL, NULL);
  g_assert_cmpuint (stored->status, ==, 200);
  rows = member_array (stored, "rows");
  g_assert_cmpuint (json_array_get_length (rows), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      const char *name = json_object_get_string_member (row, "name");
      const char *row_number = json_object_get_string_member (row, "number");

      g_test_message ("row %u: name %ld, number %ld characters", i + 1,
                      g_utf8_strlen (name, -1), g_utf8_strlen (row_number, -1));
      g_assert_cmpstr (json_object_get_string_member (row, "status"), ==, "rejected");
      g_assert_cmpint (g_utf8_strlen (name, -1), <=, 256);
      g_assert_cmpint (g_utf8_strlen (row_number, -1), <=, 256);
    }
  first_row = json_array_get_object_element (rows, 0);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (first_row, "name"), "яяя"));
  g_test_message ("sent %" G_GSIZE_FORMAT " bytes; reply %" G_GSIZE_FORMAT ", history %"
                  G_GSIZE_FORMAT " bytes", body->len, g_bytes_get_size (created->body),
                  g_bytes_get_size (stored->body));
  g_assert_cmpuint (g_bytes_get_size (stored->body), <, 4096);
}

static gint64
count_batches (Fixture *f, const char *token, const char *path, const char *member)
{
  g_autoptr(KbReply) list = kb_http (f, "GET", path, token, NULL, NULL);

  g_assert_cmpuint (list->status, ==, 200);
  return json_array_get_length (member_array (list, member));
}

/* Posts @body twice with one key, then another body with it. */
static void
check_bulk_replay (Fixture *f, const char *token, const char *path, const char *body,
                   const char *other, const char *key)
{
  g_autoptr(KbReply) first = kb_http (f, "POST", path, token, body, KEY, key, NULL);
  g_autoptr(KbReply) again = kb_http (f, "POST", path, token, body, KEY, key, NULL);
  g_autoptr(KbReply) different = kb_http (f, "POST", path, token, other, KEY, key, NULL);
  g_autofree char *first_text = NULL;
  g_autofree char *again_text = NULL;

  g_assert_cmpuint (first->status, ==, 201);
  g_assert_cmpuint (again->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (kb_reply_object (again), "id"), ==,
                   json_object_get_string_member (kb_reply_object (first), "id"));
  /* The replay is the first answer, row by row. */
  first_text = json_to_string (json_object_get_member (kb_reply_object (first), "results"), FALSE);
  again_text = json_to_string (json_object_get_member (kb_reply_object (again), "results"), FALSE);
  g_assert_cmpstr (again_text, ==, first_text);
  g_assert_cmpint (json_object_get_int_member (kb_reply_object (again), "accepted"), ==,
                   json_object_get_int_member (kb_reply_object (first), "accepted"));
  g_assert_cmpuint (different->status, ==, 422);
  g_assert_cmpstr (kb_reply_error_code (different), ==, "idempotency_key_reused");
}

/* Item 8: the bulk POSTs honour Idempotency-Key. */
static void
test_bulk_idempotency (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  g_autofree char *number = first_subscriber (f, token, "number");
  g_autofree char *batch = g_strdup_printf ("{\"rows\":[{\"number\":\"%s\","
                                            "\"name\":\"Бухгалтерия\"},"
                                            "{\"number\":\"+37529\",\"name\":\"Ошибка\"}]}",
                                            number);
  g_autofree char *other_batch = g_strdup_printf (ROW_BATCH, number, "Склад");
  g_autofree char *order = g_strdup_printf ("{\"action\":\"add\",\"service\":\"roaming\","
                                            "\"subscribers\":[\"%s\",\"+37529\"]}", number);
  g_autofree char *other_order = g_strdup_printf ("{\"action\":\"remove\",\"service\":\"roaming\","
                                                  "\"subscribers\":[\"%s\"]}", number);

  set_rename_day (f);
  check_bulk_replay (f, token, BATCHES, batch, other_batch, "batch-1");
  g_assert_cmpint (count_batches (f, token, BATCHES, "batches"), ==, 1);
  check_bulk_replay (f, token, "/api/v1/service-orders", order, other_order, "order-1");
  g_assert_cmpint (count_batches (f, token, "/api/v1/service-orders", "orders"), ==, 1);

  /* Keys are per operation and per client: the same key elsewhere is new. */
  {
    g_autofree char *token2 = kb_sign_in (f, "demo2", "demo2");
    g_autofree char *number2 = first_subscriber (f, token2, "number");
    g_autofree char *batch2 = g_strdup_printf (ROW_BATCH, number2, "Офис");
    g_autoptr(KbReply) theirs = kb_http (f, "POST", BATCHES, token2, batch2,
                                         KEY, "batch-1", NULL);

    g_assert_cmpuint (theirs->status, ==, 201);
  }
}

/* Item 9: the request hash behind a key cannot be fooled by moving a line
 * break from one field into the next. */
static void
test_canonical_hash (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  g_autoptr(KbReply) first = NULL;
  g_autoptr(KbReply) shifted = NULL;
  g_autoptr(KbReply) same = NULL;
  static const char first_body[] =
    "{\"date\":\"2024-01-01\",\"amount_minor\":100,\"order_number\":\"418\\nX\",\"purpose\":\"Y\"}";
  static const char shifted_body[] =
    "{\"date\":\"2024-01-01\",\"amount_minor\":100,\"order_number\":\"418\",\"purpose\":\"X\\nY\"}";

  first = kb_http (f, "POST", PAYMENTS, token, first_body, KEY, "pay-418", NULL);
  shifted = kb_http (f, "POST", PAYMENTS, token, shifted_body, KEY, "pay-418", NULL);
  same = kb_http (f, "POST", PAYMENTS, token, first_body, KEY, "pay-418", NULL);

  g_assert_cmpuint (first->status, ==, 201);
  g_assert_cmpuint (shifted->status, ==, 422);
  g_assert_cmpstr (kb_reply_error_code (shifted), ==, "idempotency_key_reused");
  g_assert_cmpuint (same->status, ==, 200);
}

typedef struct {
  Fixture *f;
  const char *token;
  GBytes *body;
  guint status;
  gint64 elapsed;
  gint done;            /* atomic */
} BulkJob;

static gpointer
run_bulk_job (gpointer user_data)
{
  BulkJob *job = user_data;
  Fixture local = *job->f;
  gint64 start = g_get_monotonic_time ();
  g_autoptr(KbReply) reply = NULL;

  /* The job may take long on a slow (sanitized) build: only its neighbour
   * is timed. */
  local.session = soup_session_new_with_options ("timeout", 120, NULL);
  reply = kb_http_bytes (&local, "POST", BATCHES, job->token, job->body,
                         "application/json", NULL);
  job->status = reply->status;
  job->elapsed = g_get_monotonic_time () - start;
  g_atomic_int_set (&job->done, 1);
  g_object_unref (local.session);
  return NULL;
}

static int
compare_gint64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Item 5: while one company's 100 000-row rename runs, another company's
 * requests are answered at once. */
static void
test_bulk_neighbour_latency (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  g_autofree char *token2 = kb_sign_in (f, "demo2", "demo2");
  g_autoptr(GString) body = g_string_new ("{\"rows\":[");
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GBytes) bytes = NULL;
  BulkJob job = { 0 };
  GThread *thread;
  gint64 max, median, p95;

  for (guint i = 0; i < 100000; i++)
    {
      static const char * const codes[] = { "29", "33", "44", "25" };

      g_string_append_printf (body, "%s{\"number\":\"+375%s%07u\",\"name\":\"Абонент %u\"}",
                              i > 0 ? "," : "", codes[i % 4], 1000000 + i / 4, i);
    }
  g_string_append (body, "]}");
  bytes = g_bytes_new (body->str, body->len);
  set_rename_day (f);

  job = (BulkJob) { f, token, bytes, 0, 0, 0 };
  thread = g_thread_new ("bulk", run_bulk_job, &job);
  while (!g_atomic_int_get (&job.done))
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(KbReply) reply = kb_http (f, "GET", "/api/v1/client", token2, NULL, NULL);
      gint64 latency = g_get_monotonic_time () - start;

      g_assert_cmpuint (reply->status, ==, 200);
      g_array_append_val (latencies, latency);
      g_usleep (10 * 1000);
    }
  g_thread_join (thread);

  g_assert_cmpuint (job.status, ==, 201);
  g_assert_cmpuint (latencies->len, >, 0);
  g_array_sort (latencies, compare_gint64);
  max = g_array_index (latencies, gint64, latencies->len - 1);
  median = g_array_index (latencies, gint64, latencies->len / 2);
  p95 = g_array_index (latencies, gint64, latencies->len * 95 / 100);
  g_test_message ("bulk job %.2f s; the neighbour's GET /client, %u requests: median %.1f ms,"
                  " p95 %.1f ms, max %.1f ms", job.elapsed / 1e6, latencies->len, median / 1e3,
                  p95 / 1e3, max / 1e3);
  /* The target is 100 ms; the bound leaves room for a loaded CI machine
   * and still fails by far when the job holds the server's thread. */
  g_assert_cmpint (p95, <=, 100 * 1000);
  g_assert_cmpint (max, <=, 400 * 1000);
}

int
main (int argc, char *argv[])
{
  kb_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, kb_server_fixture_setup, func, kb_server_fixture_teardown)
  ADD ("/server/input/deep-nesting", test_deep_nesting);
  ADD ("/server/input/bad-unicode", test_bad_unicode);
  ADD ("/server/input/rejected-row-kept-short", test_rejected_row_kept_short);
  ADD ("/server/idempotency/bulk", test_bulk_idempotency);
  ADD ("/server/idempotency/canonical-hash", test_canonical_hash);
#undef ADD
  g_test_add_func ("/server/input/stored-invalid-utf8", test_stored_invalid_utf8);
  g_test_add ("/server/bulk/neighbour-latency", Fixture, GINT_TO_POINTER (KB_SERVER_SEED_LARGE + 1),
              kb_server_fixture_setup, test_bulk_neighbour_latency, kb_server_fixture_teardown);

  return g_test_run ();
}
