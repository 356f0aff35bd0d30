/* test-subscribers.c — Subscriber Selection's data path over the real server and a real
 * SQLite file: the API reads pages and details strictly, the store keeps the list and
 * the current subscriber, KbSubscribers fills its model from the cache on a worker thread
 * and from the server page by page, updates only the rows that changed, keeps the cache
 * when the server fails, restores the current subscriber after a restart, and has
 * GNOME Shell's search index made after the rows are saved, or at the next load. */
#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "kb-api-subscribers.h"
#include "kb-phone-number.h"
#include "kb-server.h"
#include "kb-store-search.h"
#include "kb-store-subscribers.h"
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
  g_autofree char *name = g_strdup_printf ("subscribers-%u.db", n++);

  kb_test_server_start_seeded (&f->srv, GPOINTER_TO_INT (data));
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

static KbApiClient *
make_api (Fixture *f)
{
  return kb_test_api_new (f->srv.url, f->token);
}

static KbStore *
make_store (Fixture *f)
{
  return kb_test_store_new (f->db_path);
}

static KbSync *
make_sync (Fixture *f)
{
  return kb_test_sync_new (f->srv.url, f->token, f->db_path);
}

static gboolean
refresh (KbSubscribers *subscribers, GError **error)
{
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) done = NULL;

  kb_subscribers_refresh_async (subscribers, NULL, kb_test_on_ready, &result);
  done = kb_test_wait_result (&result);
  return kb_subscribers_refresh_finish (subscribers, done, error);
}

static KbApiSubscriberPage *
list_page (KbApiClient *api, const char *query, guint offset, guint limit, GError **error)
{
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) done = NULL;

  kb_api_client_list_subscribers_async (api, query, offset, limit, NULL, kb_test_on_ready, &result);
  done = kb_test_wait_result (&result);
  return kb_api_client_list_subscribers_finish (api, done, error);
}

static KbSubscriber *
item (GListModel *model, guint position)
{
  KbSubscriber *subscriber = g_list_model_get_item (model, position);

  g_object_unref (subscriber);   /* the model keeps it */
  return subscriber;
}

static void
test_api (Fixture *f, gconstpointer data)
{
  g_autoptr(KbApiClient) api = make_api (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(KbApiSubscriberPage) page = list_page (api, NULL, 0, 50, &error);
  g_autoptr(KbApiSubscriberPage) second = NULL;
  g_autoptr(KbApiSubscriberPage) found = NULL;
  g_autoptr(KbSubscriber) details = NULL;
  g_autoptr(GPtrArray) installments = NULL;
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) done = NULL;
  KbSubscriber *first;

  g_assert_no_error (error);
  g_assert_cmpint (page->total, ==, 300);
  g_assert_cmpuint (page->subscribers->len, ==, 50);
  first = page->subscribers->pdata[0];
  g_assert_true (kb_phone_number_is_canonical (kb_subscriber_get_number (first)));
  g_assert_cmpstr (kb_subscriber_get_name (first), !=, "");
  g_assert_cmpint (kb_subscriber_get_status (first), !=, KB_SUBSCRIBER_STATUS_UNKNOWN);
  /* Ordered by number, and the next page goes on where this one ended. */
  for (guint i = 1; i < page->subscribers->len; i++)
    g_assert_cmpstr (kb_subscriber_get_number (page->subscribers->pdata[i - 1]), <,
                     kb_subscriber_get_number (page->subscribers->pdata[i]));
  second = list_page (api, NULL, 50, 50, &error);
  g_assert_no_error (error);
  g_assert_cmpint (second->offset, ==, 50);
  g_assert_cmpstr (kb_subscriber_get_number (page->subscribers->pdata[49]), <,
                   kb_subscriber_get_number (second->subscribers->pdata[0]));

  /* The server's own search, with Cyrillic folded. */
  {
    g_autofree char *upper = g_utf8_strup (kb_subscriber_get_name (first), -1);

    found = list_page (api, upper, 0, 10, &error);
    g_assert_no_error (error);
    g_assert_cmpint (found->total, >=, 1);
  }

  kb_api_client_get_subscriber_async (api, kb_subscriber_get_id (first), NULL, kb_test_on_ready, &result);
  done = kb_test_wait_result (&result);
  details = kb_api_client_get_subscriber_finish (api, done, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kb_subscriber_get_number (details), ==, kb_subscriber_get_number (first));
  g_assert_nonnull (kb_subscriber_get_services (details));
  g_clear_object (&done);

  kb_api_client_list_subscriber_installments_async (api, kb_subscriber_get_id (first), NULL, kb_test_on_ready, &result);
  done = kb_test_wait_result (&result);
  installments = kb_api_client_list_subscriber_installments_finish (api, done, &error);
  g_assert_no_error (error);
  g_assert_nonnull (installments);
  g_clear_object (&done);

  /* Another client's subscriber, or none, is not found. */
  kb_api_client_get_subscriber_async (api, "999999999", NULL, kb_test_on_ready, &result);
  done = kb_test_wait_result (&result);
  g_assert_null (kb_api_client_get_subscriber_finish (api, done, &error));
  g_assert_error (error, KB_API_ERROR, KB_API_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A page is read on a worker thread, as strictly: a page that is not
   * JSON is refused, and an error status is still the server's error. */
  {
    g_autoptr(KbApiSubscriberPage) garbage = NULL;
    g_autoptr(KbApiSubscriberPage) failed = NULL;

    kb_server_set_fault_body (f->srv.server, "/api/v1/subscribers", "[1, 2");
    garbage = list_page (api, NULL, 0, 0, &error);
    g_assert_null (garbage);
    g_assert_error (error, KB_API_ERROR, KB_API_ERROR_BAD_RESPONSE);
    g_clear_error (&error);

    kb_server_set_fault (f->srv.server, "/api/v1/subscribers", KB_SERVER_FAULT_STATUS_500);
    kb_api_client_set_max_retries (api, 0);
    failed = list_page (api, NULL, 0, 0, &error);
    g_assert_null (failed);
    g_assert_error (error, KB_API_ERROR, KB_API_ERROR_SERVER);
  }
}

/* Some subscriber of the demo has installments; its details list them. */
static void
test_installments (Fixture *f, gconstpointer data)
{
  g_autoptr(KbApiClient) api = make_api (f);
  guint status = 0;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *url = g_strconcat (f->srv.url, "/api/v1/installments", NULL);
  JsonArray *all;
  const char *subscriber_id;
  guint expected = 0;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) installments = NULL;
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) done = NULL;

  root = kb_test_http_json ("GET", url, f->token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  all = json_object_get_array_member (json_node_get_object (root), "installments");
  g_assert_cmpuint (json_array_get_length (all), >, 0);
  subscriber_id = json_object_get_string_member (json_array_get_object_element (all, 0), "subscriber_id");
  for (guint i = 0; i < json_array_get_length (all); i++)
    expected += g_str_equal (json_object_get_string_member (json_array_get_object_element (all, i), "subscriber_id"),
                             subscriber_id);

  kb_api_client_list_subscriber_installments_async (api, subscriber_id, NULL, kb_test_on_ready, &result);
  done = kb_test_wait_result (&result);
  installments = kb_api_client_list_subscriber_installments_finish (api, done, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (installments->len, ==, expected);
  g_assert_cmpstr (((KbApiInstallment *) installments->pdata[0])->equipment, ==,
                   json_object_get_string_member (json_array_get_object_element (all, 0), "equipment"));
}

static void
test_store (Fixture *f, gconstpointer data)
{
  g_autoptr(KbStore) store = make_store (f);
  g_autoptr(GPtrArray) saved = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GDateTime) fetched_at = g_date_time_new_utc (2025, 5, 14, 10, 0, 0);
  g_autoptr(GDateTime) loaded_at = NULL;
  g_autoptr(GDateTime) pending_at = g_date_time_new_utc (2025, 5, 15, 9, 30, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(KbSubscriber) one = NULL;
  g_autofree char *current = NULL;
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) done = NULL;

  /* Nothing cached yet: an empty list and no time. */
  kb_store_load_subscribers_async (store, NULL, kb_test_on_ready, &result);
  done = kb_test_wait_result (&result);
  loaded = kb_store_load_subscribers_finish (store, done, &loaded_at, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->len, ==, 0);
  g_assert_null (loaded_at);
  g_clear_pointer (&loaded, g_ptr_array_unref);
  g_clear_object (&done);

  g_ptr_array_add (saved, kb_subscriber_new ("7", "+375291000007", "Ёлкин Пётр", "Бизнес 10", KB_SUBSCRIBER_STATUS_ACTIVE));
  g_ptr_array_add (saved, kb_subscriber_new ("3", "+375331000003", "Жук Анна", "Офис 5", KB_SUBSCRIBER_STATUS_BLOCKED));
  kb_subscriber_set_pending (saved->pdata[1], "Жук-Новик Анна", pending_at);

  kb_store_save_subscribers_async (store, saved, fetched_at, NULL, kb_test_on_ready, &result);
  done = kb_test_wait_result (&result);
  g_assert_true (kb_store_save_subscribers_finish (store, done, &error));
  g_assert_no_error (error);
  g_clear_object (&done);

  kb_store_load_subscribers_async (store, NULL, kb_test_on_ready, &result);
  done = kb_test_wait_result (&result);
  {
    g_autofree const char **tariffs = NULL;

    loaded = kb_store_load_subscribers_finish_full (store, done, &loaded_at, &tariffs, &error);
    /* The tariff filter's choices come with the rows, each once, in order. */
    g_assert_nonnull (tariffs);
    g_assert_cmpuint (g_strv_length ((char **) tariffs), ==, 2);
    g_assert_cmpstr (tariffs[0], ==, "Бизнес 10");
    g_assert_cmpstr (tariffs[1], ==, "Офис 5");
    g_assert_true (tariffs[0] == g_intern_string ("Бизнес 10"));
  }
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    g_assert_true (kb_subscriber_equal (loaded->pdata[i], saved->pdata[i]));
  g_assert_cmpstr (kb_subscriber_get_folded_name (loaded->pdata[0]), ==, "елкин петр");
  g_assert_nonnull (loaded_at);
  g_assert_true (g_date_time_equal (loaded_at, fetched_at));

  one = kb_store_load_subscriber (store, "3", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kb_subscriber_get_pending_name (one), ==, "Жук-Новик Анна");
  g_assert_null (kb_store_load_subscriber (store, "404", &error));
  g_assert_no_error (error);

  g_assert_true (kb_store_set_current_subscriber (store, "3", &error));
  current = kb_store_dup_current_subscriber (store, &error);
  g_assert_cmpstr (current, ==, "3");
  g_clear_pointer (&current, g_free);

  /* Signing out forgets the account's subscribers and the choice. */
  g_assert_true (kb_store_clear (store, &error));
  g_assert_null (kb_store_dup_current_subscriber (store, &error));
  g_assert_null (kb_store_load_subscriber (store, "7", &error));
  g_assert_no_error (error);
}

static void
test_refresh_and_cache (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) numbers = g_ptr_array_new_with_free_func (g_free);
  guint n;

  {
    g_autoptr(KbSync) sync = make_sync (f);
    KbSubscribers *subscribers = kb_sync_get_subscribers (sync);
    GListModel *model = kb_subscribers_get_model (subscribers);

    kb_test_wait_for (kb_subscribers_get_loaded (subscribers), 10);
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
    g_assert_null (kb_subscribers_get_fetched_at (subscribers));

    g_assert_true (refresh (subscribers, &error));
    g_assert_no_error (error);
    n = g_list_model_get_n_items (model);
    g_assert_cmpuint (n, ==, 300);
    g_assert_nonnull (kb_subscribers_get_fetched_at (subscribers));
    for (guint i = 0; i < n; i++)
      g_ptr_array_add (numbers, g_strdup (kb_subscriber_get_number (item (model, i))));
    g_assert_true (kb_subscribers_lookup (subscribers, kb_subscriber_get_id (item (model, 5))) == item (model, 5));
    /* The cache is written by now; the session's work ends before the restart. */
    kb_sync_shutdown (sync);
    kb_test_clear_and_wait (&sync, subscribers);
  }

  /* A restart: the model comes from the cache, in the same order, with the
   * server gone. */
  kb_server_set_fault (f->srv.server, "/api/v1/subscribers", KB_SERVER_FAULT_STATUS_500);
  {
    g_autoptr(KbSync) sync = make_sync (f);
    KbSubscribers *subscribers = kb_sync_get_subscribers (sync);
    GListModel *model = kb_subscribers_get_model (subscribers);

    kb_test_wait_for (kb_subscribers_get_loaded (subscribers), 10);
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, n);
    for (guint i = 0; i < n; i++)
      g_assert_cmpstr (kb_subscriber_get_number (item (model, i)), ==, numbers->pdata[i]);
    g_assert_nonnull (kb_subscribers_get_fetched_at (subscribers));

    /* A failing refresh says so and keeps what is shown. */
    g_assert_false (refresh (subscribers, &error));
    g_assert_error (error, KB_API_ERROR, KB_API_ERROR_SERVER);
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, n);
    g_assert_false (kb_subscribers_get_refreshing (subscribers));
  }
}

static void
on_items_changed (GListModel *model, guint position, guint removed, guint added, GArray *changes)
{
  guint change[3] = { position, removed, added };

  g_array_append_vals (changes, change, 3);
}

/* The model as its first change left it, and whether the list was loaded then. */
typedef struct {
  KbSubscribers *subscribers;
  GPtrArray *rows;
  gboolean loaded;
} FirstRows;

static void
keep_first_rows (GListModel *model, guint position, guint removed, guint added, FirstRows *first)
{
  if (first->rows != NULL)
    return;
  first->rows = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_ptr_array_add (first->rows, g_list_model_get_item (model, i));
  first->loaded = kb_subscribers_get_loaded (first->subscribers);
}

static void
count_notify (GObject *object, GParamSpec *pspec, guint *count)
{
  (*count)++;
}

/* A rename on the server changes one row: only that row is replaced, the
 * other objects stay, and the current subscriber follows. */
static void
test_refresh_in_place (Fixture *f, gconstpointer data)
{
  g_autoptr(KbSync) sync = make_sync (f);
  KbSubscribers *subscribers = kb_sync_get_subscribers (sync);
  GListModel *model = kb_subscribers_get_model (subscribers);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *url = NULL;
  KbSubscriber *renamed, *neighbour;
  guint status = 0;
  guint n_notify = 0;

  g_assert_true (refresh (subscribers, &error));
  renamed = item (model, 10);
  neighbour = item (model, 11);
  kb_subscribers_set_current (subscribers, renamed);
  g_signal_connect (subscribers, "notify::current-subscriber", G_CALLBACK (count_notify), &n_notify);

  /* Nothing changed: no items-changed at all. */
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), changes);
  g_assert_true (refresh (subscribers, &error));
  g_assert_cmpuint (changes->len, ==, 0);

  url = g_strdup_printf ("%s/api/v1/subscribers/%s/rename", f->srv.url, kb_subscriber_get_id (renamed));
  {
    /* Inside the rename window whatever today is. */
    g_autoptr(GDateTime) mid_month = g_date_time_new_utc (2025, 5, 14, 10, 0, 0);

    kb_server_set_now (f->srv.server, mid_month);
  }
  reply = kb_test_http_json ("POST", url, f->token, "{\"name\": \"Новое Имя\"}", &status);
  g_assert_cmpuint (status, ==, 202);

  g_assert_true (refresh (subscribers, &error));
  g_assert_cmpuint (changes->len, ==, 3);
  g_assert_cmpuint (g_array_index (changes, guint, 0), ==, 10);
  g_assert_cmpuint (g_array_index (changes, guint, 1), ==, 1);
  g_assert_cmpuint (g_array_index (changes, guint, 2), ==, 1);
  g_assert_cmpstr (kb_subscriber_get_pending_name (item (model, 10)), ==, "Новое Имя");
  g_assert_true (item (model, 11) == neighbour);
  g_assert_true (kb_subscribers_get_current (subscribers) == item (model, 10));
  g_assert_cmpuint (n_notify, ==, 1);
  g_signal_handlers_disconnect_by_data (model, changes);
}

/* The choice survives a restart, and the details bring the services. */
static void
test_current (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  {
    g_autoptr(KbSync) sync = make_sync (f);
    KbSubscribers *subscribers = kb_sync_get_subscribers (sync);

    g_assert_null (kb_subscribers_get_current (subscribers));
    g_assert_true (refresh (subscribers, &error));
    kb_subscribers_set_current (subscribers, item (kb_subscribers_get_model (subscribers), 42));
    id = g_strdup (kb_subscriber_get_id (kb_subscribers_get_current (subscribers)));
    kb_sync_shutdown (sync);
    kb_test_clear_and_wait (&sync, subscribers);
  }
  {
    g_autoptr(KbSync) sync = make_sync (f);
    KbSubscribers *subscribers = kb_sync_get_subscribers (sync);
    KbSubscriber *current = kb_subscribers_get_current (subscribers);
    g_autoptr(KbSubscriber) details = NULL;
    GAsyncResult *result = NULL;
    g_autoptr(GAsyncResult) done = NULL;

    /* At once, before the list is read. */
    g_assert_nonnull (current);
    g_assert_cmpstr (kb_subscriber_get_id (current), ==, id);
    g_assert_null (kb_subscriber_get_services (current));

    kb_subscribers_fetch_details_async (subscribers, id, NULL, kb_test_on_ready, &result);
    done = kb_test_wait_result (&result);
    details = kb_subscribers_fetch_details_finish (subscribers, done, &error);
    g_assert_no_error (error);
    g_assert_nonnull (kb_subscriber_get_services (details));
    g_assert_true (kb_subscribers_get_current (subscribers) == details);

    kb_subscribers_set_current (subscribers, NULL);
    g_assert_null (kb_subscribers_get_current (subscribers));
  }
  {
    g_autoptr(KbSync) sync = make_sync (f);

    g_assert_null (kb_subscribers_get_current (kb_sync_get_subscribers (sync)));
  }
}

static int
compare_tariffs (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The tariffs of @model, found the slow way: each row's tariff by value. */
static GPtrArray *
scan_tariffs (GListModel *model)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *tariffs = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      const char *tariff = kb_subscriber_get_tariff (item (model, i));

      if (g_hash_table_add (seen, (gpointer) tariff))
        g_ptr_array_add (tariffs, g_strdup (tariff));
    }
  g_ptr_array_sort (tariffs, compare_tariffs);
  return tariffs;
}

/* A restart shows the cache's first rows; a refresh then reads the whole
 * cached list before it asks the server (whose pages would slow that read
 * down), the first rows stay the objects they were (so that a view sees
 * rows added after them, not every row replaced), and the tariffs the list
 * brings from its worker are those of its rows. */
static void
test_head_then_whole (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) head = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(KbSync) sync = NULL;
  KbSubscribers *subscribers;
  GListModel *model;
  g_autoptr(GPtrArray) scanned = NULL;
  const char * const *tariffs;
  FirstRows first_rows = { 0 };

  /* A session that cached the list; a restart, with the server failing. */
  sync = make_sync (f);
  subscribers = kb_sync_get_subscribers (sync);
  g_assert_true (refresh (subscribers, &error));
  kb_sync_shutdown (sync);
  kb_test_clear_and_wait (&sync, subscribers);
  kb_server_set_fault (f->srv.server, "/api/v1/subscribers", KB_SERVER_FAULT_STATUS_500);
  sync = make_sync (f);
  subscribers = kb_sync_get_subscribers (sync);
  model = kb_subscribers_peek_model (subscribers);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 40);
  g_assert_false (kb_subscribers_get_loaded (subscribers));
  for (guint i = 0; i < 40; i++)
    g_ptr_array_add (head, g_object_ref (item (model, i)));
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), changes);

  g_assert_false (refresh (subscribers, &error));
  g_assert_error (error, KB_API_ERROR, KB_API_ERROR_SERVER);
  g_assert_true (kb_subscribers_get_loaded (subscribers));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 300);
  /* One change, from the first rows to the whole list. */
  g_assert_cmpuint (changes->len, ==, 3);
  g_assert_cmpuint (g_array_index (changes, guint, 2), ==, 300);
  for (guint i = 0; i < 40; i++)
    g_assert_true (item (model, i) == head->pdata[i]);

  scanned = scan_tariffs (model);
  tariffs = kb_subscribers_get_tariffs (subscribers);
  g_assert_cmpuint (scanned->len, >, 1);
  g_assert_cmpuint (g_strv_length ((char **) tariffs), ==, scanned->len);
  for (guint i = 0; i < scanned->len; i++)
    g_assert_cmpstr (tariffs[i], ==, scanned->pdata[i]);
  g_signal_handlers_disconnect_by_data (model, changes);

  /* Another restart. Once the first rows are on screen, the page asks for
   * the whole list, and more of the first rows show at once, for the view
   * to make its rows while the worker reads; they stay too. */
  kb_sync_shutdown (sync);
  kb_test_clear_and_wait (&sync, subscribers);
  g_ptr_array_set_size (head, 0);
  sync = make_sync (f);
  subscribers = kb_sync_get_subscribers (sync);
  model = kb_subscribers_peek_model (subscribers);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 40);
  first_rows.subscribers = subscribers;
  g_signal_connect (model, "items-changed", G_CALLBACK (keep_first_rows), &first_rows);
  kb_subscribers_load (subscribers);
  /* From the main loop: before the worker's reply, which came after. The
   * two may come in one turn of the loop: the model is seen as the first
   * change left it, not as the loop's turn does. */
  kb_test_wait_for (first_rows.rows != NULL, 10);
  g_signal_handlers_disconnect_by_data (model, &first_rows);
  g_assert_false (first_rows.loaded);
  g_assert_cmpuint (first_rows.rows->len, ==, 256);
  g_ptr_array_extend (head, first_rows.rows, (GCopyFunc) (void (*) (void)) g_object_ref, NULL);
  g_clear_pointer (&first_rows.rows, g_ptr_array_unref);
  kb_test_wait_for (kb_subscribers_get_loaded (subscribers), 10);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 300);
  for (guint i = 0; i < 256; i++)
    g_assert_true (item (model, i) == head->pdata[i]);
}

/* 100 000 subscribers: ten pages, asked for together, the cache written and read back. */
/* GET /subscribers is written out by hand rather than by json-glib, and
 * gzipped for a client that asks: the gzipped reply is the plain one, the
 * rows are the ones GET /subscribers/{id} (still json-glib's) gives, and a
 * client that does not ask gets it plain. */
static void
test_list_encoding (Fixture *f, gconstpointer data)
{
  g_autofree char *url = g_strconcat (f->srv.url, "/api/v1/subscribers?limit=300", NULL);
  g_autofree char *bearer = g_strconcat ("Bearer ", f->token, NULL);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GBytes) plain = NULL;
  g_autoptr(GBytes) gzipped = NULL;
  g_autoptr(GBytes) refused = NULL;
  g_autoptr(GBytes) inflated = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  const char *accepts[] = { NULL, "gzip, deflate", "gzip;q=0, identity" };
  GBytes **replies[] = { &plain, &gzipped, &refused };
  JsonArray *rows;
  guint n_pending = 0;

  /* A pending rename, with what JSON must escape in it. */
  {
    g_autoptr(JsonNode) first = kb_test_http_json ("GET", url, f->token, NULL, NULL);
    JsonArray *all = json_object_get_array_member (json_node_get_object (first), "subscribers");
    JsonObject *row = json_array_get_object_element (all, 0);
    g_autofree char *rename_url = g_strconcat (f->srv.url, "/api/v1/subscribers/",
                                               json_object_get_string_member (row, "id"), "/rename", NULL);
    g_autoptr(JsonNode) renamed = NULL;
    guint status = 0;

    renamed = kb_test_http_json ("POST", rename_url, f->token,
                                 "{\"name\": \"ООО \\\"Ёлка\\\" \\\\ филиал\"}", &status);
    g_assert_cmpuint (status, ==, 202);
  }

  /* Raw bytes, as they come over the wire. */
  soup_session_remove_feature_by_type (session, SOUP_TYPE_CONTENT_DECODER);
  for (guint i = 0; i < G_N_ELEMENTS (accepts); i++)
    {
      g_autoptr(SoupMessage) message = soup_message_new ("GET", url);
      SoupMessageHeaders *headers = soup_message_get_request_headers (message);
      const char *encoding;

      soup_message_headers_replace (headers, "Authorization", bearer);
      if (accepts[i] != NULL)
        soup_message_headers_replace (headers, "Accept-Encoding", accepts[i]);
      *replies[i] = soup_session_send_and_read (session, message, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (soup_message_get_status (message), ==, 200);
      encoding = soup_message_headers_get_one (soup_message_get_response_headers (message),
                                               "Content-Encoding");
      g_assert_cmpstr (encoding, ==, i == 1 ? "gzip" : NULL);
    }
  g_assert_true (g_bytes_equal (plain, refused));
  g_assert_cmpuint (g_bytes_get_size (gzipped) * 4, <, g_bytes_get_size (plain));

  {
    g_autoptr(GZlibDecompressor) gunzip = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
    g_autoptr(GInputStream) compressed = g_memory_input_stream_new_from_bytes (gzipped);
    g_autoptr(GInputStream) stream = g_converter_input_stream_new (compressed, G_CONVERTER (gunzip));
    g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

    g_output_stream_splice (out, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
    g_assert_no_error (error);
    inflated = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
  }
  g_assert_true (g_bytes_equal (inflated, plain));

  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (plain, NULL),
                                             (gssize) g_bytes_get_size (plain), &error));
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)), "total"), ==, 300);
  rows = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "subscribers");
  g_assert_cmpuint (json_array_get_length (rows), ==, 300);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      g_autofree char *item_url = g_strconcat (f->srv.url, "/api/v1/subscribers/",
                                               json_object_get_string_member (row, "id"), NULL);
      g_autoptr(JsonNode) one = NULL;
      JsonObject *details;
      GList *members;

      /* The pending renames and a tenth of the rest. */
      if (!json_object_has_member (row, "pending_rename") && i % 10 != 0)
        continue;
      n_pending += json_object_has_member (row, "pending_rename");
      one = kb_test_http_json ("GET", item_url, f->token, NULL, NULL);
      details = json_node_get_object (one);
      json_object_remove_member (details, "services");
      members = json_object_get_members (row);
      g_assert_cmpuint (g_list_length (members), ==, json_object_get_size (details));
      for (GList *l = members; l != NULL; l = l->next)
        g_assert_true (json_node_equal (json_object_get_member (row, l->data),
                                        json_object_get_member (details, l->data)));
      g_list_free (members);
    }
  g_assert_cmpuint (n_pending, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_array_get_object_element (rows, 0),
                                                                                 "pending_rename"), "name"),
                   ==, "ООО \"Ёлка\" \\ филиал");
}

static void
test_large (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  KbSubscriber *last;
  g_autofree char *last_id = NULL;

  {
    g_autoptr(KbSync) sync = make_sync (f);
    KbSubscribers *subscribers = kb_sync_get_subscribers (sync);
    GListModel *model = kb_subscribers_get_model (subscribers);

    g_assert_true (refresh (subscribers, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 100000);
    last = item (model, 99999);
    last_id = g_strdup (kb_subscriber_get_id (last));
    g_assert_cmpstr (kb_subscriber_get_number (item (model, 99998)), <, kb_subscriber_get_number (last));
    kb_sync_shutdown (sync);
    kb_test_clear_and_wait (&sync, subscribers);
  }
  {
    g_autoptr(KbSync) sync = make_sync (f);
    KbSubscribers *subscribers = kb_sync_get_subscribers (sync);
    GListModel *model = kb_subscribers_get_model (subscribers);

    /* The first rows at once, in the list's order; the rest from the worker. */
    g_assert_false (kb_subscribers_get_loaded (subscribers));
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 40);
    g_assert_cmpstr (kb_subscriber_get_number (item (model, 0)), <, kb_subscriber_get_number (item (model, 39)));
    g_assert_nonnull (kb_subscribers_lookup (subscribers, kb_subscriber_get_id (item (model, 21))));
    kb_test_wait_for (kb_subscribers_get_loaded (subscribers), 30);
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 100000);
    g_assert_cmpstr (kb_subscriber_get_id (item (model, 99999)), ==, last_id);
  }
  {
    g_autoptr(KbSync) sync = make_sync (f);
    KbSubscribers *subscribers = kb_sync_get_subscribers (sync);
    GListModel *model;

    /* A view that shows fewer rows has fewer read for its first frame. */
    kb_subscribers_set_head_rows (subscribers, 25);
    model = kb_subscribers_peek_model (subscribers);
    g_assert_false (kb_subscribers_get_loaded (subscribers));
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 25);
    kb_subscribers_load (subscribers);
    kb_test_wait_for (kb_subscribers_get_loaded (subscribers), 30);
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 100000);
  }
}

/* Whether GNOME Shell's search finds the subscriber named @name in the cache. */
static gboolean
search_finds (Fixture *f, const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KbStoreSearch) search = kb_store_search_open (f->db_path, &error);
  const char * const terms[] = { name, NULL };
  g_autoptr(GPtrArray) found = NULL;

  g_assert_no_error (error);
  found = kb_store_search_find (search, terms, 5, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < found->len; i++)
    if (KB_IS_SUBSCRIBER (found->pdata[i]) &&
        g_str_equal (kb_subscriber_get_name (found->pdata[i]), name))
      return TRUE;
  return FALSE;
}

/* GNOME Shell's search index of the list is made after a refresh has
 * saved the rows (the search reads the rows until then); a program that
 * ended between the two makes it when it next reads the cache. */
static void
test_search_index (Fixture *f, gconstpointer data)
{
  g_autoptr(KbStore) store = make_store (f);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  {
    g_autoptr(KbSync) sync = make_sync (f);
    KbSubscribers *subscribers = kb_sync_get_subscribers (sync);
    GListModel *model = kb_subscribers_get_model (subscribers);

    kb_test_wait_for (kb_subscribers_get_loaded (subscribers), 10);
    g_assert_true (refresh (subscribers, &error));
    g_assert_no_error (error);
    name = g_strdup (kb_subscriber_get_name (item (model, 7)));
    g_assert_true (search_finds (f, name));
    kb_test_wait_for (kb_store_get_subscribers_indexed (store), 10);
    g_assert_true (search_finds (f, name));
    kb_sync_shutdown (sync);
    kb_test_clear_and_wait (&sync, subscribers);
  }

  /* The list saved, and the program gone before its index was made. */
  {
    g_autoptr(GPtrArray) saved = g_ptr_array_new_with_free_func (g_object_unref);
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    GAsyncResult *result = NULL;
    g_autoptr(GAsyncResult) done = NULL;

    g_ptr_array_add (saved, kb_subscriber_new ("7", "+375291000007", "Ёлкин Пётр", "Бизнес 10",
                                               KB_SUBSCRIBER_STATUS_ACTIVE));
    kb_store_save_subscribers_async (store, saved, now, NULL, kb_test_on_ready, &result);
    done = kb_test_wait_result (&result);
    g_assert_true (kb_store_save_subscribers_finish (store, done, &error));
    g_assert_no_error (error);
    g_assert_false (kb_store_get_subscribers_indexed (store));
    g_assert_true (search_finds (f, "Ёлкин Пётр"));
    g_assert_false (search_finds (f, name));
  }

  kb_server_set_fault (f->srv.server, "/api/v1/subscribers", KB_SERVER_FAULT_STATUS_500);
  {
    g_autoptr(KbSync) sync = make_sync (f);
    KbSubscribers *subscribers = kb_sync_get_subscribers (sync);

    kb_subscribers_get_model (subscribers);
    kb_test_wait_for (kb_subscribers_get_loaded (subscribers), 10);
    kb_test_wait_for (kb_store_get_subscribers_indexed (store), 10);
    g_assert_true (search_finds (f, "Ёлкин Пётр"));
    kb_sync_shutdown (sync);
    kb_test_clear_and_wait (&sync, subscribers);
  }
}

int
main (int argc, char *argv[])
{
  kb_test_init (&argc, &argv);

#define ADD(path, seed, func) \
  g_test_add (path, Fixture, GINT_TO_POINTER (seed), fixture_setup, func, fixture_teardown)
  ADD ("/subscribers/api", KB_SERVER_SEED_DEMO, test_api);
  ADD ("/subscribers/api-installments", KB_SERVER_SEED_DEMO, test_installments);
  ADD ("/subscribers/store", KB_SERVER_SEED_DEMO, test_store);
  ADD ("/subscribers/list-encoding", KB_SERVER_SEED_DEMO, test_list_encoding);
  ADD ("/subscribers/refresh-and-cache", KB_SERVER_SEED_DEMO, test_refresh_and_cache);
  ADD ("/subscribers/refresh-in-place", KB_SERVER_SEED_DEMO, test_refresh_in_place);
  ADD ("/subscribers/current", KB_SERVER_SEED_DEMO, test_current);
  ADD ("/subscribers/head-then-whole", KB_SERVER_SEED_DEMO, test_head_then_whole);
  ADD ("/subscribers/search-index", KB_SERVER_SEED_DEMO, test_search_index);
  ADD ("/subscribers/large", KB_SERVER_SEED_LARGE, test_large);
#undef ADD
  return g_test_run ();
}
