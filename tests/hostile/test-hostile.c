/* test-hostile.c — the client against a server that answers with hostile replies.
 *
 * Each test fills a real cache file from the reference server, then points
 * the same sync layer at kb-hostile-server.c: nesting 100 000 deep, 1 GiB
 * chunked or announced, a body cut short, members of the wrong type, a
 * slow drip, redirects to plain http, to another origin and on sign-in,
 * a list with one unreadable item and one in a wrong encoding altogether.
 * The client must stay up, fail with the message of the catalogue (the
 * suite runs in Russian), and keep what it had cached. An events socket
 * that sends a message nested 100 000 deep must stay open.
 */
#include "config.h"

#include <libsoup/soup.h>
#include <stdio.h>
#include <string.h>

#include "kb-api-events.h"
#include "kb-api-questions.h"
#include "kb-api-subscribers.h"
#include "kb-hostile-server.h"
#include "kb-store-subscribers.h"
#include "kb-sync.h"
#include "kb-test-sync.h"
#include "kb-test-util.h"

#define N_CACHED 300

/* The api layer's reports of list items it skipped: warnings, which GTest
 * makes fatal, and which g_test_expect_message() cannot catch under
 * structured logging; so this writer counts them instead. */
static guint n_skip_reports;

static GLogWriterOutput
log_writer (GLogLevelFlags   level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    {
      const char *message = fields[i].value;

      if ((level & G_LOG_LEVEL_WARNING) && g_str_equal (fields[i].key, "MESSAGE") &&
          (g_str_has_prefix (message, "Skipped item ") ||
           strstr (message, " unreadable items") != NULL))
        {
          g_test_message ("Reported: %s", message);
          n_skip_reports++;
          return G_LOG_WRITER_HANDLED;
        }
    }
  return g_log_writer_default (level, fields, n_fields, user_data);
}

typedef struct {
  KbTestServer srv;
  KbHostileServer *hostile;
  char *db_path;
  char *token;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  static guint n;
  g_autofree char *name = g_strdup_printf ("hostile-%u.db", n++);

  kb_test_server_start (&f->srv);
  f->hostile = kb_hostile_server_new ();
  f->db_path = g_build_filename (g_get_user_cache_dir (), name, NULL);
  f->token = kb_test_sign_in_raw (f->srv.url, "demo", "demo");
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_pointer (&f->hostile, kb_hostile_server_free);
  kb_test_server_stop (&f->srv);
  g_free (f->db_path);
  g_free (f->token);
}

static gboolean
refresh_subscribers (KbSubscribers *subscribers, GError **error)
{
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) done = NULL;

  kb_subscribers_refresh_async (subscribers, NULL, kb_test_on_ready, &result);
  done = kb_test_wait_result (&result);
  return kb_subscribers_refresh_finish (subscribers, done, error);
}

static gboolean
refresh_client (KbSync *sync, GError **error)
{
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) done = NULL;

  kb_sync_refresh_client_async (sync, NULL, kb_test_on_ready, &result);
  done = kb_test_wait_result (&result);
  return kb_sync_refresh_client_finish (sync, done, error);
}

/* The cache as a restarted app would read it. */
static guint
n_cached_subscribers (Fixture *f)
{
  g_autoptr(KbStore) store = kb_test_store_new (f->db_path);
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) done = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  kb_store_load_subscribers_async (store, NULL, kb_test_on_ready, &result);
  done = kb_test_wait_result (&result);
  rows = kb_store_load_subscribers_finish (store, done, NULL, &error);
  g_assert_no_error (error);
  return rows->len;
}

/* Fills the cache from the reference server: the subscriber list and the
 * client's profile, as a session before the server turned hostile. */
static void
fill_cache (Fixture *f)
{
  g_autoptr(KbSync) sync = kb_test_sync_new (f->srv.url, f->token, f->db_path);
  KbSubscribers *subscribers = kb_sync_get_subscribers (sync);
  g_autoptr(GError) error = NULL;

  g_assert_true (refresh_subscribers (subscribers, &error));
  g_assert_no_error (error);
  g_assert_true (refresh_client (sync, &error));
  g_assert_no_error (error);
  kb_sync_shutdown (sync);
  kb_test_clear_and_wait (&sync, subscribers);
  g_assert_cmpuint (n_cached_subscribers (f), ==, N_CACHED);
}

/* The error the user reads: the catalogue's text for @msgid (in Russian
 * under LANGUAGE=ru) and nothing else — no English detail after it. */
static void
assert_error_text (const GError *error, const char *translated, const char *msgid)
{
  g_assert_nonnull (error);
  g_assert_cmpstr (error->message, ==, translated);
  if (kb_test_in_russian ())
    g_assert_cmpstr (error->message, !=, msgid);
}

#define assert_message(error, msgid) \
  assert_error_text ((error), kb_test_trf (msgid), (msgid))

/* Points a session with the cache of fill_cache() at the hostile server,
 * refreshes the subscriber list and checks that it failed with @code and
 * that the list, shown and cached, is the one from before. */
static void
refresh_against_hostile (Fixture *f, KbApiError code, guint timeout, GError **error_out)
{
  g_autoptr(KbSync) sync = kb_test_sync_new (kb_hostile_server_get_url (f->hostile), f->token,
                                             f->db_path);
  KbSubscribers *subscribers = kb_sync_get_subscribers (sync);
  GListModel *model = kb_subscribers_get_model (subscribers);
  g_autoptr(GError) error = NULL;

  if (timeout > 0)
    kb_api_client_set_timeout (kb_sync_get_api (sync), timeout);
  kb_test_wait_for (kb_subscribers_get_loaded (subscribers), 10);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_CACHED);

  g_assert_false (refresh_subscribers (subscribers, &error));
  g_assert_error (error, KB_API_ERROR, (int) code);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_CACHED);
  kb_sync_shutdown (sync);
  kb_test_clear_and_wait (&sync, subscribers);
  g_assert_cmpuint (n_cached_subscribers (f), ==, N_CACHED);
  g_propagate_error (error_out, g_steal_pointer (&error));
}

static void
test_deep_nesting (Fixture *f, gconstpointer data)
{
  gsize depth = 100 * 1000;
  g_autofree char *body = g_malloc (depth + 1);
  g_autofree char *head = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                           "Content-Length: %" G_GSIZE_FORMAT, depth);
  g_autoptr(GError) error = NULL;

  fill_cache (f);
  memset (body, '[', depth);
  body[depth] = '\0';
  kb_hostile_server_set_reply (f->hostile, head, body, -1);
  refresh_against_hostile (f, KB_API_ERROR_BAD_RESPONSE, 0, &error);
  assert_message (error, "The server sent an answer Kabinet does not understand.");
}

/* Peak resident memory, reset first where the kernel allows it. */
static guint64
read_status_kib (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  line = strstr (status, field);
  g_assert_nonnull (line);
  return g_ascii_strtoull (line + strlen (field) + 1, NULL, 10);
}

static void
reset_peak_rss (void)
{
  FILE *file = fopen ("/proc/self/clear_refs", "w");

  if (file == NULL)
    return;
  fputs ("5", file);
  fclose (file);
}

/* How much a 1 GiB reply may raise the peak RSS, in KiB. AddressSanitizer
 * keeps freed blocks in quarantine, so there the peak counts every buffer
 * the reply went through on its way to the cap: 64-66 MiB, where a plain
 * build reaches 16. */
#ifdef __SANITIZE_ADDRESS__
#define HUGE_PEAK_KIB (96 * 1024)
#else
#define HUGE_PEAK_KIB (64 * 1024)
#endif

static void
test_huge (Fixture *f, gconstpointer data)
{
  KbHostileMode mode = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;
  guint64 rss_before, peak;
  guint64 sent;

  fill_cache (f);
  kb_hostile_server_set_mode (f->hostile, mode);
  reset_peak_rss ();
  rss_before = read_status_kib ("VmRSS:");
  refresh_against_hostile (f, KB_API_ERROR_BAD_RESPONSE, 0, &error);
  assert_message (error, "The server sent an answer Kabinet does not understand.");
  peak = read_status_kib ("VmHWM:");
  sent = kb_hostile_server_get_sent (f->hostile);

  g_test_message ("1 GiB reply (%s): RSS %" G_GUINT64_FORMAT " KiB before, peak %"
                  G_GUINT64_FORMAT " KiB (+%" G_GUINT64_FORMAT " KiB); the server wrote %"
                  G_GUINT64_FORMAT " KiB before the client hung up",
                  mode == KB_HOSTILE_HUGE_CHUNKED ? "chunked" : "Content-Length",
                  rss_before, peak, peak > rss_before ? peak - rss_before : 0, sent / 1024);
  /* The subscriber list's cap is 16 MiB; the buffer may double once. */
  g_assert_cmpuint (peak, <, rss_before + HUGE_PEAK_KIB);
  g_assert_cmpuint (sent, <, 64 * 1024 * 1024);
}

static void
test_truncated (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  fill_cache (f);
  /* What arrives is JSON by itself, and an empty list: taken for the
   * reply, it would empty the cache. */
  kb_hostile_server_set_reply (f->hostile,
                               "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                               "Content-Length: 5000",
                               "{\"subscribers\": [], \"total\": 0, \"offset\": 0}", -1);
  refresh_against_hostile (f, KB_API_ERROR_BAD_RESPONSE, 0, &error);
  assert_message (error, "The server sent an answer Kabinet does not understand.");
}

static void
test_wrong_types (Fixture *f, gconstpointer data)
{
  const char *body = "{\"subscribers\": \"all of them\", \"total\": \"300\", \"offset\": []}";
  g_autofree char *head = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                           "Content-Length: %zu", strlen (body));
  g_autoptr(GError) error = NULL;

  fill_cache (f);
  kb_hostile_server_set_reply (f->hostile, head, body, -1);
  refresh_against_hostile (f, KB_API_ERROR_BAD_RESPONSE, 0, &error);
  assert_message (error, "The server sent an answer Kabinet does not understand.");
}

static void
test_slow_drip (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 start;

  fill_cache (f);
  kb_hostile_server_set_mode (f->hostile, KB_HOSTILE_SLOW_DRIP);
  start = g_get_monotonic_time ();
  refresh_against_hostile (f, KB_API_ERROR_TIMEOUT, 2, &error);
  assert_message (error, "The server did not answer in time.");
  /* The deadline is the whole reply's, not the time between two bytes. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
}

/* A GET answered 307: the profile it leads to is never taken for the
 * server's, whether on plain http or simply elsewhere. */
static void
test_redirect (Fixture *f, gconstpointer data)
{
  gboolean to_http = GPOINTER_TO_INT (data);
  g_autofree char *target = to_http ? g_strdup ("http://kabinet.example/api/v1/client")
                                    : g_strconcat (f->srv.url, "/api/v1/client", NULL);
  g_autofree char *head = g_strdup_printf ("HTTP/1.1 307 Temporary Redirect\r\n"
                                           "Location: %s\r\nContent-Length: 0", target);
  g_autoptr(KbSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *last = NULL;
  KbSubscribers *subscribers;

  fill_cache (f);
  sync = kb_test_sync_new (kb_hostile_server_get_url (f->hostile), f->token, f->db_path);
  subscribers = kb_sync_get_subscribers (sync);
  kb_test_wait_for (kb_sync_get_client (sync) != NULL, 10);
  name = g_strdup (kb_client_profile_get_name (kb_sync_get_client (sync)));

  kb_hostile_server_set_reply (f->hostile, head, NULL, 0);
  g_assert_false (refresh_client (sync, &error));
  if (to_http)
    {
      g_assert_error (error, KB_API_ERROR, KB_API_ERROR_INSECURE_URL);
      assert_message (error, "Only secure (https://) server addresses are allowed, "
                             "except on this computer.");
    }
  else
    {
      g_assert_error (error, KB_API_ERROR, KB_API_ERROR_BAD_RESPONSE);
      assert_message (error, "The server sent an answer Kabinet does not understand.");
    }
  g_assert_cmpstr (kb_client_profile_get_name (kb_sync_get_client (sync)), ==, name);
  last = kb_hostile_server_dup_last_request (f->hostile);
  g_assert_true (g_str_has_prefix (last, "GET /api/v1/client "));
  kb_sync_shutdown (sync);
  kb_test_clear_and_wait (&sync, subscribers);
}

/* A sign-in answered 302, even to the same server, is not followed: the
 * token a GET would find there is not stored. */
static void
test_sign_in_redirect (Fixture *f, gconstpointer data)
{
  g_autoptr(KbApiClient) api = kb_test_api_new (kb_hostile_server_get_url (f->hostile), NULL);
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) done = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *last = NULL;

  kb_hostile_server_set_reply (f->hostile, "HTTP/1.1 302 Found\r\n"
                               "Location: /api/v1/session?token=stolen\r\nContent-Length: 0",
                               NULL, 0);
  kb_api_client_sign_in_async (api, "demo", "demo", NULL, kb_test_on_ready, &result);
  done = kb_test_wait_result (&result);
  token = kb_api_client_sign_in_finish (api, done, &error);
  g_assert_null (token);
  g_assert_error (error, KB_API_ERROR, KB_API_ERROR_BAD_RESPONSE);
  assert_message (error, "The server sent an answer Kabinet does not understand.");
  g_assert_null (kb_api_client_get_token (api));
  last = kb_hostile_server_dup_last_request (f->hostile);
  g_assert_true (g_str_has_prefix (last, "POST /api/v1/session "));
}

/* A real reply of the reference server for @path, as text, with the
 * string member @member of the listed items @items (indices, ending in -1)
 * replaced by @bytes, which need not be UTF-8. */
static GBytes *
corrupt_reply (Fixture *f, const char *path, const char *list, const char *member,
               const int *items, const char *bytes)
{
  g_autofree char *url = g_strconcat (f->srv.url, "/api/v1", path, NULL);
  g_autoptr(JsonNode) root = kb_test_http_json ("GET", url, f->token, NULL, NULL);
  JsonObject *object = json_node_get_object (root);
  JsonArray *array = json_object_get_array_member (object, list);
  g_autofree char *text = NULL;
  g_auto(GStrv) parts = NULL;
  g_autoptr(GString) result = g_string_new (NULL);

  if (json_object_has_member (object, "total"))
    json_object_set_int_member (object, "total", json_array_get_length (array));
  for (guint i = 0; items[i] >= 0; i++)
    json_object_set_string_member (json_array_get_object_element (array, items[i]), member,
                                   "@CORRUPT@");
  text = json_to_string (root, FALSE);
  parts = g_strsplit (text, "@CORRUPT@", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (result, bytes);
      g_string_append (result, parts[i]);
    }
  return g_string_free_to_bytes (g_steal_pointer (&result));
}

static void
serve_bytes (Fixture *f, GBytes *body)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (body, &size);
  g_autofree char *head = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                           "Content-Length: %" G_GSIZE_FORMAT, size);

  kb_hostile_server_set_reply (f->hostile, head, data, (gssize) size);
}

/* One subscriber's name is not UTF-8 (a lone surrogate stored by an old
 * server, as raw bytes or as its JSON escape): that row is skipped and
 * counted, the other four are shown and cached. */
static void
test_bad_item (Fixture *f, gconstpointer data)
{
  const int items[] = { 1, -1 };
  g_autoptr(GBytes) body = corrupt_reply (f, "/subscribers?limit=5", "subscribers", "name", items,
                                          data);
  g_autoptr(KbSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  KbSubscribers *subscribers;
  GListModel *model;

  fill_cache (f);
  serve_bytes (f, body);
  sync = kb_test_sync_new (kb_hostile_server_get_url (f->hostile), f->token, f->db_path);
  subscribers = kb_sync_get_subscribers (sync);
  model = kb_subscribers_get_model (subscribers);
  n_skip_reports = 0;
  g_assert_true (refresh_subscribers (subscribers, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_skip_reports, ==, 2);   /* the item, and the reply's count */
  g_assert_cmpuint (kb_api_client_get_skipped_items (kb_sync_get_api (sync)), ==, 1);
  kb_test_wait_for (g_list_model_get_n_items (model) == 4, 10);
  kb_sync_shutdown (sync);
  kb_test_clear_and_wait (&sync, subscribers);
  g_assert_cmpuint (n_cached_subscribers (f), ==, 4);
}

/* The same list in Windows-1251 throughout is not a list with bad rows but
 * a bad reply: nothing is replaced. */
static void
test_not_utf8 (Fixture *f, gconstpointer data)
{
  const int items[] = { 0, 1, 2, 3, 4, -1 };
  g_autoptr(GBytes) body = corrupt_reply (f, "/subscribers?limit=5", "subscribers", "name", items,
                                          "\xc8\xe2\xe0\xed\xee\xe2");
  g_autoptr(GError) error = NULL;

  fill_cache (f);
  serve_bytes (f, body);
  n_skip_reports = 0;
  refresh_against_hostile (f, KB_API_ERROR_BAD_RESPONSE, 0, &error);
  g_assert_cmpuint (n_skip_reports, ==, 5);
  assert_message (error, "The server sent an answer Kabinet does not understand.");
}

/* GET /questions with one question's text not UTF-8: the page keeps the
 * others and says how many it left out. */
static void
test_bad_question (Fixture *f, gconstpointer data)
{
  const int items[] = { 0, -1 };
  g_autoptr(GBytes) body = corrupt_reply (f, "/questions?since=0&limit=1000", "questions", "text",
                                          items, "\xff");
  g_autoptr(KbApiClient) api = kb_test_api_new (kb_hostile_server_get_url (f->hostile), f->token);
  g_autoptr(KbApiClient) honest = kb_test_api_new (f->srv.url, f->token);
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) done = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KbApiQuestionPage) page = NULL;
  g_autoptr(KbApiQuestionPage) all = NULL;

  kb_api_client_list_questions_async (honest, "0", 1000, NULL, NULL, kb_test_on_ready, &result);
  done = kb_test_wait_result (&result);
  all = kb_api_client_list_questions_finish (honest, done, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->questions->len, >, 1);
  g_clear_object (&done);

  serve_bytes (f, body);
  n_skip_reports = 0;
  kb_api_client_list_questions_async (api, "0", 1000, NULL, NULL, kb_test_on_ready, &result);
  done = kb_test_wait_result (&result);
  page = kb_api_client_list_questions_finish (api, done, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_skip_reports, ==, 2);
  g_assert_cmpuint (page->skipped, ==, 1);
  g_assert_cmpuint (page->questions->len, ==, all->questions->len - 1);
  g_assert_cmpstr (page->cursor, ==, all->cursor);
}

static void
on_socket (SoupServer              *server,
           SoupServerMessage       *msg,
           const char              *path,
           SoupWebsocketConnection *connection,
           gpointer                 user_data)
{
  GPtrArray *sockets = user_data;
  g_autofree char *deep = g_malloc (100 * 1000 + 1);

  memset (deep, '[', 100 * 1000);
  deep[100 * 1000] = '\0';
  g_ptr_array_add (sockets, g_object_ref (connection));
  soup_websocket_connection_send_text (connection, deep);
  soup_websocket_connection_send_text (connection,
                                       "{\"type\": \"answer\", \"question_id\": \"5\"}");
}

static void
on_event (KbApiEvents *events, const char *type, const char *question_id, char **received)
{
  g_free (*received);
  *received = g_strdup (question_id);
}

/* An events message nested 100 000 deep is ignored like any unreadable
 * message: the socket stays open and the next event arrives. */
static void
test_events_deep_nesting (void)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GPtrArray) sockets = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(KbApiClient) api = NULL;
  g_autoptr(KbApiEvents) events = NULL;
  g_autoslist(GUri) uris = NULL;
  g_autofree char *url = NULL;
  g_autofree char *received = NULL;
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) done = NULL;

  soup_server_add_websocket_handler (server, "/api/v1/events", NULL, NULL, on_socket, sockets,
                                     NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));

  api = kb_test_api_new (url, "token");
  events = kb_api_events_new (api);
  g_signal_connect (events, "event", G_CALLBACK (on_event), &received);
  kb_api_events_connect_async (events, NULL, kb_test_on_ready, &result);
  done = kb_test_wait_result (&result);
  g_assert_true (kb_api_events_connect_finish (events, done, &error));
  g_assert_no_error (error);

  kb_test_wait_for (received != NULL, 10);
  g_assert_cmpstr (received, ==, "5");
  g_assert_true (kb_api_events_is_connected (events));
  kb_api_events_close (events);
}

int
main (int argc, char **argv)
{
  g_log_set_writer_func (log_writer, NULL, NULL);
  kb_test_init (&argc, &argv);

#define ADD(path, func, data) \
  g_test_add ("/hostile/" path, Fixture, (data), fixture_setup, func, fixture_teardown)

  ADD ("deep-nesting", test_deep_nesting, NULL);
  ADD ("1-gib-chunked", test_huge, GINT_TO_POINTER (KB_HOSTILE_HUGE_CHUNKED));
  ADD ("1-gib-announced", test_huge, GINT_TO_POINTER (KB_HOSTILE_HUGE_LENGTH));
  ADD ("truncated", test_truncated, NULL);
  ADD ("wrong-types", test_wrong_types, NULL);
  ADD ("slow-drip", test_slow_drip, NULL);
  ADD ("redirect-to-http", test_redirect, GINT_TO_POINTER (TRUE));
  ADD ("redirect-to-other-origin", test_redirect, GINT_TO_POINTER (FALSE));
  ADD ("sign-in-redirect", test_sign_in_redirect, NULL);
  ADD ("bad-item", test_bad_item, "a\xed\xa0\x80" "b");
  ADD ("bad-item-escaped", test_bad_item, "a\\ud800b");
  ADD ("not-utf8", test_not_utf8, NULL);
  ADD ("bad-question", test_bad_question, NULL);
  g_test_add_func ("/hostile/events-deep-nesting", test_events_deep_nesting);

  return g_test_run ();
}
