/* test-sync.c — the sync layer over a real server and a real SQLite file: the cached
 * profile is there at once, a refresh that finds nothing new is a 304, a dead server
 * turns "online" off and keeps the cache, a refused token emits "unauthorized". */
#include "config.h"

#include "kb-server.h"
#include "kb-sync.h"
#include "kb-store-billing.h"
#include "kb-sync-private.h"
#include "kb-test-sync.h"
#include "kb-test-util.h"

typedef struct {
  KbTestServer srv;
  char *db_path;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  kb_test_server_start (&f->srv);
  f->db_path = g_build_filename (g_get_user_cache_dir (), "sync-test.db", NULL);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  kb_test_server_stop (&f->srv);
  g_free (f->db_path);
}

static KbSync *
make_sync (Fixture *f, const char *token)
{
  return kb_test_sync_new (f->srv.url, token, f->db_path);
}

static gboolean
refresh (KbSync *sync, GError **error)
{
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) done = NULL;

  kb_sync_refresh_client_async (sync, NULL, kb_test_on_ready, &result);
  done = kb_test_wait_result (&result);
  return kb_sync_refresh_client_finish (sync, done, error);
}

static void
count_notify (GObject *object, GParamSpec *pspec, guint *count)
{
  (*count)++;
}

static void
test_refresh_and_cache (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_test_sign_in_raw (f->srv.url, "demo", "demo");
  g_autoptr(GError) error = NULL;
  g_autoptr(KbSync) sync = make_sync (f, token);
  g_autoptr(KbSync) restarted = NULL;
  g_autofree char *name = NULL;
  guint notified = 0;

  g_assert_null (kb_sync_get_client (sync));
  g_signal_connect (sync, "notify::client", G_CALLBACK (count_notify), &notified);

  g_assert_true (refresh (sync, &error));
  g_assert_no_error (error);
  g_assert_nonnull (kb_sync_get_client (sync));
  g_assert_nonnull (kb_sync_get_client_fetched_at (sync));
  g_assert_true (kb_sync_get_online (sync));
  g_assert_cmpuint (notified, ==, 1);
  name = g_strdup (kb_client_profile_get_name (kb_sync_get_client (sync)));

  /* Nothing changed on the server: a 304, and the profile is not replaced. */
  g_assert_true (refresh (sync, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (notified, ==, 1);

  /* A new start finds the profile in the cache before any request. */
  restarted = make_sync (f, token);
  g_assert_nonnull (kb_sync_get_client (restarted));
  g_assert_cmpstr (kb_client_profile_get_name (kb_sync_get_client (restarted)), ==, name);
}

static void
test_offline (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_test_sign_in_raw (f->srv.url, "demo", "demo");
  g_autoptr(GError) error = NULL;
  g_autoptr(KbSync) sync = make_sync (f, token);

  g_assert_true (refresh (sync, &error));

  /* The server goes away entirely. */
  kb_test_server_stop (&f->srv);
  g_assert_false (refresh (sync, &error));
  g_assert_true (kb_api_error_is_unreachable (error));
  g_assert_false (kb_sync_get_online (sync));
  g_assert_nonnull (kb_sync_get_client (sync));
}

static void
on_unauthorized (KbSync *sync, const GError *error, GError **slot)
{
  *slot = g_error_copy (error);
}

static void
test_unauthorized (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) signalled = NULL;
  g_autoptr(KbSync) sync = make_sync (f, "bogus-token");

  g_signal_connect (sync, "unauthorized", G_CALLBACK (on_unauthorized), &signalled);
  g_assert_false (refresh (sync, &error));
  g_assert_true (kb_api_error_is_auth (error));
  g_assert_nonnull (signalled);
  g_assert_true (kb_api_error_is_auth (signalled));
}

static void
test_refresh_interval (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_test_sign_in_raw (f->srv.url, "demo", "demo");
  g_autoptr(KbSync) sync = make_sync (f, token);

  /* A one-second interval refreshes by itself. */
  kb_sync_set_refresh_interval (sync, 1);
  kb_test_wait_for (kb_sync_get_client (sync) != NULL, 10);
  kb_sync_shutdown (sync);
}

/* The endings every request of the sync layer shares (kb-sync-private.h):
 * a failure is counted and returned, a 304 confirms the cache, a
 * cancelled request counts for nothing. */
static void
test_task_helpers (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_test_sign_in_raw (f->srv.url, "demo", "demo");
  g_autoptr(KbSync) sync = make_sync (f, token);
  g_autoptr(GDateTime) fetched_at = NULL;
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) done = NULL;
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;

  /* A request that could not reach the server: online goes off, the task
   * ends with the error. */
  task = _kb_sync_task_new (sync, test_task_helpers, NULL, kb_test_on_ready, &result);
  g_assert_true (g_task_get_source_tag (task) == test_task_helpers);
  error = g_error_new_literal (KB_API_ERROR, KB_API_ERROR_NETWORK, "down");
  g_assert_false (_kb_sync_task_check (task, &error));
  g_assert_null (error);
  g_clear_object (&task);
  done = kb_test_wait_result (&result);
  g_assert_false (kb_sync_get_online (sync));
  g_assert_false (_kb_sync_finish_boolean (sync, done, &error));
  g_assert_error (error, KB_API_ERROR, KB_API_ERROR_NETWORK);
  g_clear_error (&error);
  g_clear_object (&done);

  /* A cancelled refresh says nothing about being online. */
  task = _kb_sync_task_new (sync, test_task_helpers, NULL, kb_test_on_ready, &result);
  error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
  g_assert_false (_kb_sync_refresh_check (task, KB_STORE_INVOICES, &fetched_at, &error));
  g_clear_object (&task);
  done = kb_test_wait_result (&result);
  g_assert_false (kb_sync_get_online (sync));
  g_assert_null (fetched_at);
  g_assert_false (_kb_sync_finish_boolean (sync, done, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_clear_object (&done);

  /* A 304 is a success that confirms the cache now. */
  task = _kb_sync_task_new (sync, test_task_helpers, NULL, kb_test_on_ready, &result);
  error = g_error_new_literal (KB_API_ERROR, KB_API_ERROR_NOT_MODIFIED, "not modified");
  g_assert_false (_kb_sync_refresh_check (task, KB_STORE_INVOICES, &fetched_at, &error));
  g_clear_error (&error);
  g_clear_object (&task);
  done = kb_test_wait_result (&result);
  g_assert_true (kb_sync_get_online (sync));
  g_assert_nonnull (fetched_at);
  g_assert_true (_kb_sync_finish_boolean (sync, done, &error));
  g_assert_no_error (error);
  g_clear_object (&done);

  /* A new answer is the caller's to store. */
  task = _kb_sync_task_new (sync, test_task_helpers, NULL, kb_test_on_ready, &result);
  g_assert_true (_kb_sync_refresh_check (task, KB_STORE_INVOICES, NULL, &error));
  g_assert_true (_kb_sync_task_check (task, &error));
  g_task_return_boolean (task, TRUE);
  g_clear_object (&task);
  done = kb_test_wait_result (&result);
  g_assert_true (_kb_sync_finish_boolean (sync, done, &error));
  g_assert_no_error (error);
}

int
main (int argc, char *argv[])
{
  kb_test_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/sync/refresh-and-cache", test_refresh_and_cache);
  ADD ("/sync/offline", test_offline);
  ADD ("/sync/unauthorized", test_unauthorized);
  ADD ("/sync/refresh-interval", test_refresh_interval);
  ADD ("/sync/task-helpers", test_task_helpers);
#undef ADD

  return g_test_run ();
}
