/* test-renames.c — Rename Subscriber's data path over the real server and a real SQLite
 * file: one rename and a batch with good and rejected rows, the history newest first with
 * the single rename in it, pending until the server's clock passes 24 hours and done
 * after, each row's status, the month's last two days refused, and the history and an
 * opened batch shown from the cache when the server fails. */
#include "config.h"

#include "kb-api-error.h"
#include "kb-api-subscribers.h"
#include "kb-server.h"
#include "kb-sync.h"
#include "kb-test-sync.h"
#include "kb-test-util.h"

typedef struct {
  KbTestServer srv;
  char *db_path;
  char *token;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  static guint n;
  g_autofree char *name = g_strdup_printf ("renames-%u.db", n++);

  kb_test_server_start (&f->srv);
  /* The tests move the server's clock by years. */
  kb_server_set_token_lifetime (f->srv.server, 20 * 365 * G_TIME_SPAN_DAY);
  f->db_path = g_build_filename (g_get_user_cache_dir (), name, NULL);
  f->token = kb_test_sign_in_raw (f->srv.url, "demo", "demo");
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  kb_test_server_stop (&f->srv);
  g_free (f->db_path);
  g_free (f->token);
}

static KbSync *
make_sync (Fixture *f)
{
  return kb_test_sync_new (f->srv.url, f->token, f->db_path);
}

static void
set_now (Fixture *f, int year, int month, int day, int hour)
{
  kb_test_set_server_date (f->srv.server, year, month, day, hour);
}

/* The first @n subscribers of the demo client, straight from the API. */
static GPtrArray *
some_subscribers (Fixture *f, guint n)
{
  g_autoptr(KbSync) sync = make_sync (f);
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) done = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KbApiSubscriberPage) page = NULL;

  kb_api_client_list_subscribers_async (kb_sync_get_api (sync), NULL, 0, n, NULL, kb_test_on_ready, &result);
  done = kb_test_wait_result (&result);
  page = kb_api_client_list_subscribers_finish (kb_sync_get_api (sync), done, &error);
  g_assert_no_error (error);
  return g_ptr_array_ref (page->subscribers);
}

static gboolean
refresh (KbRenames *renames, GError **error)
{
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) done = NULL;

  kb_renames_refresh_async (renames, NULL, kb_test_on_ready, &result);
  done = kb_test_wait_result (&result);
  return kb_renames_refresh_finish (renames, done, error);
}

static KbSubscriber *
rename_one (KbRenames *renames, const char *id, const char *name, GError **error)
{
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) done = NULL;

  kb_renames_rename_async (renames, id, name, NULL, kb_test_on_ready, &result);
  done = kb_test_wait_result (&result);
  return kb_renames_rename_finish (renames, done, error);
}

static KbRenameBatch *
submit (KbRenames *renames, const char * const *numbers, const char * const *names, GError **error)
{
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) done = NULL;

  kb_renames_submit_async (renames, numbers, names, NULL, kb_test_on_ready, &result);
  done = kb_test_wait_result (&result);
  return kb_renames_submit_finish (renames, done, error);
}

static KbRenameBatch *
fetch_batch (KbRenames *renames, const char *id, GError **error)
{
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) done = NULL;

  kb_renames_fetch_batch_async (renames, id, NULL, kb_test_on_ready, &result);
  done = kb_test_wait_result (&result);
  return kb_renames_fetch_batch_finish (renames, done, error);
}

static KbRenameBatch *
history_item (KbRenames *renames, guint position)
{
  KbRenameBatch *batch = g_list_model_get_item (kb_renames_get_model (renames), position);

  g_object_unref (batch);   /* the model keeps it */
  return batch;
}

static KbRenameRow *
row_at (KbRenameBatch *batch, guint index)
{
  return g_ptr_array_index (kb_rename_batch_get_rows (batch), index);
}

static void
test_rename_and_history (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) subscribers = some_subscribers (f, 2);
  KbSubscriber *first = subscribers->pdata[0];
  KbSubscriber *second = subscribers->pdata[1];
  g_autoptr(KbSync) sync = make_sync (f);
  KbRenames *renames = kb_sync_get_renames (sync);
  g_autoptr(GError) error = NULL;
  g_autoptr(KbSubscriber) renamed = NULL;
  g_autoptr(KbRenameBatch) batch = NULL;
  g_autoptr(KbRenameBatch) fetched = NULL;
  const char *numbers[] = { kb_subscriber_get_number (second), "+375290000001",
                            kb_subscriber_get_number (second), NULL };
  const char *names[] = { "Бухгалтерия", "Чужой", "Повтор", NULL };

  g_assert_cmpuint (g_list_model_get_n_items (kb_renames_get_model (renames)), ==, 0);
  g_assert_null (kb_renames_get_fetched_at (renames));

  /* One subscriber: pending for 24 hours. */
  set_now (f, 2025, 6, 10, 12);
  renamed = rename_one (renames, kb_subscriber_get_id (first), "Директор", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kb_subscriber_get_pending_name (renamed), ==, "Директор");

  /* A batch an hour later: each row's result, with the name it was sent. */
  set_now (f, 2025, 6, 10, 13);
  batch = submit (renames, numbers, names, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kb_rename_batch_get_total (batch), ==, 3);
  g_assert_cmpuint (kb_rename_batch_get_accepted (batch), ==, 1);
  g_assert_cmpuint (kb_rename_batch_get_rejected (batch), ==, 2);
  g_assert_cmpint (kb_rename_batch_get_status (batch), ==, KB_RENAME_STATUS_PENDING);
  g_assert_cmpuint (kb_rename_batch_get_rows (batch)->len, ==, 3);
  g_assert_cmpint (kb_rename_row_get_status (row_at (batch, 0)), ==, KB_RENAME_STATUS_PENDING);
  g_assert_cmpstr (kb_rename_row_get_name (row_at (batch, 0)), ==, "Бухгалтерия");
  g_assert_cmpint (kb_rename_row_get_status (row_at (batch, 1)), ==, KB_RENAME_STATUS_REJECTED);
  g_assert_cmpstr (kb_rename_row_get_code (row_at (batch, 1)), ==, "unknown_subscriber");
  g_assert_cmpstr (kb_rename_row_get_name (row_at (batch, 1)), ==, "Чужой");
  g_assert_cmpstr (kb_rename_row_get_code (row_at (batch, 2)), ==, "duplicate_row");

  /* The history: the batch, then the single rename. */
  kb_test_wait_for (!kb_renames_get_refreshing (renames) &&
                    g_list_model_get_n_items (kb_renames_get_model (renames)) == 2, 10);
  g_assert_nonnull (kb_renames_get_fetched_at (renames));
  g_assert_cmpstr (kb_rename_batch_get_id (history_item (renames, 0)), ==, kb_rename_batch_get_id (batch));
  g_assert_false (kb_rename_batch_get_single (history_item (renames, 0)));
  g_assert_true (kb_rename_batch_get_single (history_item (renames, 1)));
  g_assert_cmpstr (kb_rename_batch_get_number (history_item (renames, 1)), ==, kb_subscriber_get_number (first));
  g_assert_cmpstr (kb_rename_batch_get_name (history_item (renames, 1)), ==, "Директор");
  g_assert_cmpint (kb_rename_batch_get_status (history_item (renames, 1)), ==, KB_RENAME_STATUS_PENDING);

  /* A day later everything accepted is done. */
  set_now (f, 2025, 6, 11, 14);
  g_assert_true (refresh (renames, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kb_rename_batch_get_status (history_item (renames, 0)), ==, KB_RENAME_STATUS_DONE);
  g_assert_cmpint (kb_rename_batch_get_status (history_item (renames, 1)), ==, KB_RENAME_STATUS_DONE);
  fetched = fetch_batch (renames, kb_rename_batch_get_id (batch), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kb_rename_batch_get_rows (fetched)->len, ==, 3);
  g_assert_cmpint (kb_rename_row_get_status (row_at (fetched, 0)), ==, KB_RENAME_STATUS_DONE);
  g_assert_cmpint (kb_rename_row_get_status (row_at (fetched, 1)), ==, KB_RENAME_STATUS_REJECTED);
  g_assert_cmpstr (kb_rename_row_get_name (row_at (fetched, 0)), ==, "Бухгалтерия");
}

static void
test_window_closed (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) subscribers = some_subscribers (f, 1);
  KbSubscriber *first = subscribers->pdata[0];
  g_autoptr(KbSync) sync = make_sync (f);
  KbRenames *renames = kb_sync_get_renames (sync);
  const char *numbers[] = { kb_subscriber_get_number (first), NULL };
  const char *names[] = { "Склад", NULL };
  /* The last two days of 28-, 29-, 30- and 31-day months. */
  static const int days[][3] = {
    { 2027, 2, 27 }, { 2027, 2, 28 }, { 2028, 2, 28 }, { 2028, 2, 29 },
    { 2025, 4, 29 }, { 2025, 4, 30 }, { 2025, 3, 30 }, { 2025, 3, 31 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) batch_error = NULL;
      g_autoptr(KbSubscriber) renamed = NULL;
      g_autoptr(KbRenameBatch) batch = NULL;

      set_now (f, days[i][0], days[i][1], days[i][2], 12);
      renamed = rename_one (renames, kb_subscriber_get_id (first), "Склад", &error);
      g_assert_error (error, KB_API_ERROR, KB_API_ERROR_RENAME_WINDOW_CLOSED);
      g_assert_null (renamed);
      batch = submit (renames, numbers, names, &batch_error);
      g_assert_error (batch_error, KB_API_ERROR, KB_API_ERROR_RENAME_WINDOW_CLOSED);
      g_assert_null (batch);
    }
}

static void
test_offline_cache (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) subscribers = some_subscribers (f, 1);
  const char *numbers[] = { kb_subscriber_get_number (subscribers->pdata[0]), "12345", NULL };
  const char *names[] = { "Склад", "Плохой", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(KbRenameBatch) batch = NULL;
  g_autofree char *id = NULL;

  set_now (f, 2025, 6, 10, 12);
  {
    g_autoptr(KbSync) sync = make_sync (f);
    KbRenames *renames = kb_sync_get_renames (sync);

    batch = submit (renames, numbers, names, &error);
    g_assert_no_error (error);
    id = g_strdup (kb_rename_batch_get_id (batch));
    kb_test_wait_for (!kb_renames_get_refreshing (renames) &&
                      g_list_model_get_n_items (kb_renames_get_model (renames)) == 1, 10);
  }

  /* A new session while the server fails: the cached history and rows. */
  kb_server_set_fault (f->srv.server, "/api/v1/rename-batches", KB_SERVER_FAULT_STATUS_500);
  {
    g_autoptr(KbSync) sync = make_sync (f);
    KbRenames *renames = kb_sync_get_renames (sync);
    g_autoptr(KbRenameBatch) cached = NULL;

    g_assert_cmpuint (g_list_model_get_n_items (kb_renames_get_model (renames)), ==, 1);
    g_assert_nonnull (kb_renames_get_fetched_at (renames));
    g_assert_false (refresh (renames, &error));
    g_assert_error (error, KB_API_ERROR, KB_API_ERROR_SERVER);
    g_clear_error (&error);
    g_assert_cmpuint (g_list_model_get_n_items (kb_renames_get_model (renames)), ==, 1);

    cached = fetch_batch (renames, id, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (kb_rename_batch_get_rows (cached)->len, ==, 2);
    g_assert_cmpstr (kb_rename_row_get_name (row_at (cached, 0)), ==, "Склад");
    g_assert_cmpstr (kb_rename_row_get_code (row_at (cached, 1)), ==, "invalid_number");
  }
}

int
main (int argc, char *argv[])
{
  kb_test_init (&argc, &argv);

  g_test_add ("/renames/rename-and-history", Fixture, NULL, fixture_setup, test_rename_and_history,
              fixture_teardown);
  g_test_add ("/renames/window-closed", Fixture, NULL, fixture_setup, test_window_closed, fixture_teardown);
  g_test_add ("/renames/offline-cache", Fixture, NULL, fixture_setup, test_offline_cache, fixture_teardown);
  return g_test_run ();
}
