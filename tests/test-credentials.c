/* test-credentials.c — the session token in a real Secret Service (gnome-keyring in the
 * test's own D-Bus session), remembered and restored across "restarts"; and with no
 * Secret Service at all, a clear message and a sign-in for this run only. */
#include "config.h"

#include "kb-credentials.h"
#include "kb-server.h"
#include "kb-session-manager.h"
#include "kb-test-util.h"

static gboolean have_keyring;

typedef struct {
  KbTestServer srv;
  GSettings *settings;
  KbCredentials *credentials;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  kb_test_server_start (&f->srv);
  f->settings = g_settings_new ("io.github.kabinet.Kabinet");
  f->credentials = kb_credentials_new ();
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_settings_reset (f->settings, "server-url");
  g_settings_reset (f->settings, "last-login");
  g_settings_reset (f->settings, "remember-me");
  g_settings_reset (f->settings, "session-cached");
  g_clear_object (&f->settings);
  g_clear_object (&f->credentials);
  kb_test_server_stop (&f->srv);
}

static char *
lookup (Fixture *f, const char *login, GError **error)
{
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) done = NULL;

  kb_credentials_lookup_async (f->credentials, f->srv.url, login, NULL, kb_test_on_ready, &result);
  done = kb_test_wait_result (&result);
  return kb_credentials_lookup_finish (f->credentials, done, error);
}

static void
test_store_lookup_clear (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) done = NULL;
  g_autofree char *token = NULL;
  g_autofree char *other = NULL;
  gboolean ok;

  if (!have_keyring)
    {
      g_test_skip ("No keyring in this run");
      return;
    }

  kb_credentials_store_async (f->credentials, f->srv.url, "demo", "secret-token-1", NULL, kb_test_on_ready, &result);
  done = kb_test_wait_result (&result);
  ok = kb_credentials_store_finish (f->credentials, done, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_clear_object (&done);

  token = lookup (f, "demo", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "secret-token-1");

  /* Another login on the same server has its own item. */
  other = lookup (f, "someone-else", &error);
  g_assert_no_error (error);
  g_assert_null (other);

  kb_credentials_clear_async (f->credentials, f->srv.url, "demo", NULL, kb_test_on_ready, &result);
  done = kb_test_wait_result (&result);
  g_assert_true (kb_credentials_clear_finish (f->credentials, done, &error));
  g_clear_pointer (&token, g_free);
  token = lookup (f, "demo", &error);
  g_assert_no_error (error);
  g_assert_null (token);
}

static void
on_notice (KbSessionManager *manager, const char *message, char **slot)
{
  g_free (*slot);
  *slot = g_strdup (message);
}

static gboolean
manager_sign_in (KbSessionManager *manager, const char *url, gboolean remember, GError **error)
{
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) done = NULL;

  kb_session_manager_sign_in_async (manager, url, "demo", "demo", remember, NULL, kb_test_on_ready, &result);
  done = kb_test_wait_result (&result);
  return kb_session_manager_sign_in_finish (manager, done, error);
}

static gboolean
manager_restore (KbSessionManager *manager, GError **error)
{
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) done = NULL;

  kb_session_manager_restore_async (manager, NULL, kb_test_on_ready, &result);
  done = kb_test_wait_result (&result);
  return kb_session_manager_restore_finish (manager, done, error);
}

static void
test_remember_me (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KbSessionManager) first = kb_session_manager_new (f->settings, f->credentials);
  g_autoptr(KbSessionManager) second = NULL;
  g_autofree char *notice = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *token = NULL;

  g_signal_connect (first, "notice", G_CALLBACK (on_notice), &notice);
  g_assert_true (manager_sign_in (first, f->srv.url, TRUE, &error));
  g_assert_no_error (error);
  token = g_strdup (kb_api_client_get_token (kb_sync_get_api (kb_session_manager_get_sync (first))));

  if (!have_keyring)
    {
      /* Signed in all the same, and told why it will not be remembered. */
      kb_test_wait_for (notice != NULL, 20);
      g_assert_nonnull (strstr (notice, "keyring"));
      g_assert_nonnull (kb_session_manager_get_sync (first));
      return;
    }

  /* The token reaches the keyring, and never the settings. */
  kb_test_wait_for ((stored = lookup (f, "demo", NULL)) != NULL, 10);
  g_assert_cmpstr (stored, ==, token);
  g_assert_null (notice);
  {
    g_autofree char *url_setting = g_settings_get_string (f->settings, "server-url");
    g_assert_cmpstr (url_setting, ==, f->srv.url);
  }

  /* "Restart": a new manager restores the session from the keyring alone. */
  kb_session_manager_shutdown (first);
  second = kb_session_manager_new (f->settings, f->credentials);
  g_assert_true (manager_restore (second, &error));
  g_assert_no_error (error);
  g_assert_nonnull (kb_session_manager_get_sync (second));
  g_assert_cmpstr (kb_api_client_get_token (kb_sync_get_api (kb_session_manager_get_sync (second))), ==, token);

  /* Signing out forgets it. */
  {
    GAsyncResult *result = NULL;
    g_autoptr(GAsyncResult) done = NULL;

    kb_session_manager_sign_out_async (second, NULL, kb_test_on_ready, &result);
    done = kb_test_wait_result (&result);
    g_assert_true (kb_session_manager_sign_out_finish (second, done, &error));
  }
  kb_test_wait_for (({ g_autofree char *t = lookup (f, "demo", NULL); t == NULL; }), 10);
}

/* The demo's company lives as long as its cache: after a "restart" the
 * demo server still has what was done in it, so the cache's ids stay the
 * server's (a fresh server reused them for other things). */
static void
test_demo_persists (Fixture *f, gconstpointer data)
{
  g_autoptr(KbSessionManager) first = kb_session_manager_new (f->settings, f->credentials);
  g_autoptr(KbSessionManager) second = NULL;
  g_autoptr(JsonNode) asked = NULL;
  g_autoptr(JsonNode) listed = NULL;
  g_autofree char *url = NULL;
  g_autofree char *token = NULL;
  g_autofree char *questions = NULL;
  g_autofree char *text = NULL;
  g_autofree char *rated = NULL;
  g_autofree char *rating = NULL;
  guint status = 0;

  kb_test_run_async (first, G_CALLBACK (kb_session_manager_start_demo_async),
                     G_CALLBACK (kb_session_manager_start_demo_finish));
  url = kb_session_manager_dup_demo_url (first);
  token = kb_test_sign_in_raw (url, "demo", "demo");
  /* Rate the first answered question of the demo. */
  questions = g_strconcat (url, "/api/v1/questions?limit=1000", NULL);
  listed = kb_test_http_json ("GET", questions, token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  {
    JsonArray *all = json_object_get_array_member (json_node_get_object (listed), "questions");

    for (guint i = 0; i < json_array_get_length (all) && rated == NULL; i++)
      {
        JsonObject *question = json_array_get_object_element (all, i);

        if (g_str_equal (json_object_get_string_member (question, "status"), "answered"))
          rated = g_strdup (json_object_get_string_member (question, "id"));
      }
  }
  g_assert_nonnull (rated);
  rating = g_strconcat (url, "/api/v1/questions/", rated, "/rating", NULL);
  asked = kb_test_http_json ("PUT", rating, token,
                             "{\"score\": \"bad\", \"comment\": \"Из прошлого запуска\"}",
                             &status);
  g_assert_cmpuint (status, ==, 200);
  g_clear_pointer (&listed, json_node_unref);
  kb_session_manager_shutdown (first);
  g_clear_object (&first);

  second = kb_session_manager_new (f->settings, f->credentials);
  kb_test_run_async (second, G_CALLBACK (kb_session_manager_start_demo_async),
                     G_CALLBACK (kb_session_manager_start_demo_finish));
  g_free (url);
  url = kb_session_manager_dup_demo_url (second);
  g_free (token);
  token = kb_test_sign_in_raw (url, "demo", "demo");
  g_free (questions);
  questions = g_strconcat (url, "/api/v1/questions?limit=1000", NULL);
  listed = kb_test_http_json ("GET", questions, token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  text = json_to_string (listed, FALSE);
  g_assert_nonnull (strstr (text, "Из прошлого запуска"));
  kb_session_manager_shutdown (second);
}

/* The demo's server is a child process (kabinet-server): it ends with the
 * session manager, and a server that cannot be started is said in words. */
static void
test_demo_server_process (Fixture *f, gconstpointer data)
{
  g_autoptr(KbSessionManager) manager = kb_session_manager_new (f->settings, f->credentials);
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *saved = g_strdup (g_getenv ("KABINET_SERVER"));
  GAsyncResult *slot = NULL;

  kb_test_run_async (manager, G_CALLBACK (kb_session_manager_start_demo_async),
                     G_CALLBACK (kb_session_manager_start_demo_finish));
  url = kb_session_manager_dup_demo_url (manager);
  g_assert_true (g_str_has_prefix (url, "http://127.0.0.1:"));
  connection = g_socket_client_connect_to_uri (client, url, 80, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&connection);

  kb_session_manager_shutdown (manager);
  g_assert_null (kb_session_manager_dup_demo_url (manager));
  connection = g_socket_client_connect_to_uri (client, url, 80, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  g_clear_error (&error);

  g_setenv ("KABINET_SERVER", "/nonexistent/kabinet-server", TRUE);
  kb_session_manager_start_demo_async (manager, NULL, kb_test_on_ready, &slot);
  result = kb_test_wait_result (&slot);
  g_assert_false (kb_session_manager_start_demo_finish (manager, result, &error));
  g_assert_nonnull (error);
  g_assert_true (g_str_has_prefix (error->message, kb_test_tr_lead ("The demo server did not start: %s")));
  g_assert_null (kb_session_manager_dup_demo_url (manager));
  if (saved != NULL)
    g_setenv ("KABINET_SERVER", saved, TRUE);
  else
    g_unsetenv ("KABINET_SERVER");
}

/* A session that ended without signing out shows from its cache at the
 * next start before the keyring is asked (the start-up of issue 13); its
 * requests wait for the token, and without one the session closes. */
static void
test_cached_first (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KbSessionManager) first = kb_session_manager_new (f->settings, f->credentials);
  g_autoptr(KbSessionManager) second = NULL;
  g_autoptr(KbSessionManager) third = NULL;
  g_autoptr(GAsyncResult) done = NULL;
  g_autofree char *token = NULL;
  GAsyncResult *result = NULL;
  KbSync *sync;
  KbApiClient *api;

  if (!have_keyring)
    {
      g_test_skip ("No keyring in this run");
      return;
    }

  g_assert_true (manager_sign_in (first, f->srv.url, TRUE, &error));
  g_assert_no_error (error);
  sync = kb_session_manager_get_sync (first);
  kb_test_run_async (sync, G_CALLBACK (kb_sync_refresh_client_async),
                     G_CALLBACK (kb_sync_refresh_client_finish));
  token = g_strdup (kb_api_client_get_token (kb_sync_get_api (sync)));
  kb_test_wait_for (({ g_autofree char *t = lookup (f, "demo", NULL); t != NULL; }), 10);
  kb_session_manager_shutdown (first);

  /* "Restart": the cached profile is there before any token is. */
  second = kb_session_manager_new (f->settings, f->credentials);
  g_assert_true (kb_session_manager_open_cached (second));
  sync = kb_session_manager_get_sync (second);
  api = kb_sync_get_api (sync);
  g_assert_null (kb_api_client_get_token (api));
  g_assert_nonnull (kb_sync_get_client (sync));

  /* A refresh waits for the token rather than being refused without it. */
  kb_sync_refresh_client_async (sync, NULL, kb_test_on_ready, &result);
  kb_test_run_for (300);
  g_assert_null (result);
  g_assert_true (manager_restore (second, &error));
  g_assert_no_error (error);
  g_assert_true (kb_session_manager_get_sync (second) == sync);
  g_assert_cmpstr (kb_api_client_get_token (api), ==, token);
  done = kb_test_wait_result (&result);
  g_assert_true (kb_sync_refresh_client_finish (sync, done, &error));
  g_assert_no_error (error);
  g_clear_object (&done);
  kb_session_manager_shutdown (second);

  /* The keyring forgot the token: the session shown from the cache closes,
   * its waiting refresh ends, and the next start asks the keyring first. */
  kb_credentials_clear_async (f->credentials, f->srv.url, "demo", NULL, kb_test_on_ready, &result);
  done = kb_test_wait_result (&result);
  g_assert_true (kb_credentials_clear_finish (f->credentials, done, &error));
  g_clear_object (&done);
  third = kb_session_manager_new (f->settings, f->credentials);
  g_assert_true (kb_session_manager_open_cached (third));
  sync = kb_session_manager_get_sync (third);
  kb_sync_refresh_client_async (sync, NULL, kb_test_on_ready, &result);
  g_assert_false (manager_restore (third, &error));
  g_assert_no_error (error);
  g_assert_null (kb_session_manager_get_sync (third));
  done = kb_test_wait_result (&result);
  g_assert_false (kb_sync_refresh_client_finish (sync, done, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (g_settings_get_boolean (f->settings, "session-cached"));
  g_assert_false (kb_session_manager_open_cached (third));
}

static void
test_not_remembered (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KbSessionManager) first = kb_session_manager_new (f->settings, f->credentials);
  g_autoptr(KbSessionManager) second = NULL;

  g_assert_true (manager_sign_in (first, f->srv.url, FALSE, &error));
  g_assert_no_error (error);
  kb_session_manager_shutdown (first);

  second = kb_session_manager_new (f->settings, f->credentials);
  g_assert_false (manager_restore (second, &error));
  g_assert_no_error (error);
  g_assert_null (kb_session_manager_get_sync (second));
}

static void
test_describe_errors (void)
{
  g_autoptr(GError) unknown = g_error_new_literal (G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN, "x");
  g_autoptr(GError) locked = g_error_new_literal (G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_OBJECT,
                                                  "Object does not exist at path “/org/freedesktop/secrets/collection/login”");
  g_autofree char *a = kb_credentials_describe_error (unknown, TRUE);
  g_autofree char *b = kb_credentials_describe_error (locked, TRUE);
  g_autofree char *c = kb_credentials_describe_error (locked, FALSE);

  g_assert_cmpstr (a, ==, "Not remembered: no keyring is available");
  g_assert_cmpstr (b, ==, "Not remembered: the keyring is locked");
  g_assert_cmpstr (c, ==, "The keyring is locked: sign in with your password.");
}

int
main (int argc, char *argv[])
{
  kb_test_init (&argc, &argv);
  have_keyring = g_strcmp0 (g_getenv ("KB_TEST_KEYRING"), "1") == 0;

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/credentials/store-lookup-clear", test_store_lookup_clear);
  ADD ("/credentials/remember-me", test_remember_me);
  ADD ("/credentials/not-remembered", test_not_remembered);
  ADD ("/credentials/cached-first", test_cached_first);
  ADD ("/credentials/demo-persists", test_demo_persists);
  ADD ("/credentials/demo-server-process", test_demo_server_process);
#undef ADD
  g_test_add_func ("/credentials/describe-errors", test_describe_errors);

  return g_test_run ();
}
