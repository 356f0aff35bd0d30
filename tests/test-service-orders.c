/* test-service-orders.c — Service Actions through the api, the SQLite cache and the sync
 * layer, against the real reference server: the catalogue; an order for several numbers
 * with unknown, duplicate and already-on rows whose per-row results equal what the server
 * keeps; a removal; the history's status and its three-month window by the server's clock;
 * and the catalogue, the history and an order's results shown from the cache after a
 * restart with the server stopped. */
#include "config.h"

#include <glib/gstdio.h>

#include "kb-api-error.h"
#include "kb-server.h"
#include "kb-sync.h"
#include "kb-test-sync.h"
#include "kb-test-util.h"

#define SERVICE "conference"
#define UNKNOWN_NUMBER "+375259999999"

typedef struct {
  KbTestServer srv;
  char *db_path;
  char *url;            /* kept when the server stops */
  char *token;
  KbSync *sync;
} Fixture;

static KbSync *
new_sync (Fixture *f)
{
  return kb_test_sync_new (f->url, f->token, f->db_path);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autofree char *name = g_strdup_printf ("service-orders-%u.db", g_random_int ());

  kb_test_server_start (&f->srv);
  f->db_path = g_build_filename (g_get_user_cache_dir (), name, NULL);
  f->url = g_strdup (f->srv.url);
  f->token = kb_test_sign_in_raw (f->srv.url, "demo", "demo");
  f->sync = new_sync (f);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->sync);
  kb_test_server_stop (&f->srv);
  g_unlink (f->db_path);
  g_free (f->db_path);
  g_free (f->token);
  g_free (f->url);
}

static JsonNode *
server_get (Fixture *f, const char *path)
{
  g_autofree char *url = g_strconcat (f->srv.url, "/api/v1", path, NULL);
  guint status = 0;
  JsonNode *node = kb_test_http_json ("GET", url, f->token, NULL, &status);

  g_assert_cmpuint (status, ==, 200);
  return node;
}

/* The number of the demo client's subscriber at @index. */
static char *
subscriber_number (Fixture *f, guint index)
{
  g_autofree char *path = g_strdup_printf ("/subscribers?offset=%u&limit=1", index);
  g_autoptr(JsonNode) node = server_get (f, path);
  JsonArray *subscribers = json_object_get_array_member (json_node_get_object (node), "subscribers");

  return g_strdup (json_object_get_string_member (json_array_get_object_element (subscribers, 0), "number"));
}

static gboolean
refresh (Fixture *f, KbSync *sync, GError **error)
{
  KbServiceOrders *orders = kb_sync_get_service_orders (sync);
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) done = NULL;

  kb_service_orders_refresh_async (orders, NULL, kb_test_on_ready, &result);
  done = kb_test_wait_result (&result);
  return kb_service_orders_refresh_finish (orders, done, error);
}

static KbServiceOrder *
submit (Fixture *f, KbServiceAction action, const char * const *numbers)
{
  KbServiceOrders *orders = kb_sync_get_service_orders (f->sync);
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) done = NULL;
  g_autoptr(GError) error = NULL;
  KbServiceOrder *order;

  kb_service_orders_submit_async (orders, action, SERVICE, numbers, NULL, kb_test_on_ready, &result);
  done = kb_test_wait_result (&result);
  order = kb_service_orders_submit_finish (orders, done, &error);
  g_assert_no_error (error);
  g_assert_nonnull (kb_service_order_get_results (order));
  return order;
}

static GPtrArray *
fetch_results (KbSync *sync, KbServiceOrder *order, GError **error)
{
  KbServiceOrders *orders = kb_sync_get_service_orders (sync);
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) done = NULL;

  kb_service_orders_fetch_results_async (orders, order, NULL, kb_test_on_ready, &result);
  done = kb_test_wait_result (&result);
  return kb_service_orders_fetch_results_finish (orders, done, error);
}

static const char *
code_at (GPtrArray *results, guint i)
{
  return kb_service_result_get_code (g_ptr_array_index (results, i));
}

/* What the client holds equals what the server keeps for the order. */
static void
assert_results_equal_server (Fixture *f, KbServiceOrder *order, GPtrArray *results)
{
  g_autofree char *path = g_strdup_printf ("/service-orders/%s", kb_service_order_get_id (order));
  g_autoptr(JsonNode) node = server_get (f, path);
  JsonArray *rows = json_object_get_array_member (json_node_get_object (node), "results");

  g_assert_cmpuint (json_array_get_length (rows), ==, results->len);
  for (guint i = 0; i < results->len; i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      KbServiceResult *result = g_ptr_array_index (results, i);

      g_assert_cmpint (json_object_get_int_member (row, "row"), ==, kb_service_result_get_row (result));
      g_assert_cmpstr (json_object_get_string_member (row, "number"), ==, kb_service_result_get_number (result));
      g_assert_cmpstr (json_object_get_string_member_with_default (row, "code", NULL), ==,
                       kb_service_result_get_code (result));
    }
}

static void
test_catalog (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = server_get (f, "/services");
  JsonArray *services = json_object_get_array_member (json_node_get_object (node), "services");
  GListModel *model = kb_service_orders_get_services (kb_sync_get_service_orders (f->sync));

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_true (refresh (f, f->sync, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, json_array_get_length (services));
  for (guint i = 0; i < json_array_get_length (services); i++)
    {
      JsonObject *expected = json_array_get_object_element (services, i);
      g_autoptr(KbService) service = g_list_model_get_item (model, i);

      g_assert_cmpstr (kb_service_get_code (service), ==, json_object_get_string_member (expected, "code"));
      g_assert_cmpstr (kb_service_get_name (service), ==, json_object_get_string_member (expected, "name"));
      g_assert_cmpint (kb_service_get_monthly_fee (service), ==,
                       json_object_get_int_member (json_object_get_object_member (expected, "monthly_fee"),
                                                   "amount_minor"));
    }
  g_assert_nonnull (kb_service_orders_lookup_service (kb_sync_get_service_orders (f->sync), SERVICE));
}

static void
test_add_remove (Fixture *f, gconstpointer data)
{
  g_autofree char *n0 = subscriber_number (f, 0);
  g_autofree char *n1 = subscriber_number (f, 1);
  g_autofree char *n2 = subscriber_number (f, 2);
  const char *clear[] = { n0, n1, n2, NULL };
  const char *add[] = { n0, n1, n0, UNKNOWN_NUMBER, "+37529", n2, NULL };
  const char *again[] = { n0, n1, NULL };
  const char *remove[] = { n1, n2, n2, NULL };
  g_autoptr(KbServiceOrder) cleared = NULL;
  g_autoptr(KbServiceOrder) added = NULL;
  g_autoptr(KbServiceOrder) repeated = NULL;
  g_autoptr(KbServiceOrder) removed = NULL;
  g_autoptr(KbServiceOrder) off = NULL;
  GPtrArray *results;

  /* From a known state: none of the three has the service. */
  cleared = submit (f, KB_SERVICE_ACTION_REMOVE, clear);
  off = submit (f, KB_SERVICE_ACTION_REMOVE, clear);
  g_assert_cmpuint (kb_service_order_get_status (off), ==, KB_SERVICE_ORDER_STATUS_REJECTED);
  g_assert_cmpstr (code_at (kb_service_order_get_results (off), 0), ==, "already_off");

  added = submit (f, KB_SERVICE_ACTION_ADD, add);
  results = kb_service_order_get_results (added);
  g_assert_cmpuint (results->len, ==, 6);
  g_assert_cmpuint (kb_service_order_get_total (added), ==, 6);
  g_assert_cmpuint (kb_service_order_get_accepted (added), ==, 3);
  g_assert_cmpuint (kb_service_order_get_rejected (added), ==, 3);
  g_assert_cmpuint (kb_service_order_get_status (added), ==, KB_SERVICE_ORDER_STATUS_PARTIAL);
  g_assert_null (code_at (results, 0));
  g_assert_null (code_at (results, 1));
  g_assert_cmpstr (code_at (results, 2), ==, "duplicate_row");
  g_assert_cmpstr (code_at (results, 3), ==, "unknown_subscriber");
  g_assert_cmpstr (code_at (results, 4), ==, "invalid_number");
  g_assert_null (code_at (results, 5));
  g_assert_cmpstr (kb_service_result_get_number (g_ptr_array_index (results, 5)), ==, n2);
  assert_results_equal_server (f, added, results);

  repeated = submit (f, KB_SERVICE_ACTION_ADD, again);
  g_assert_cmpstr (code_at (kb_service_order_get_results (repeated), 0), ==, "already_on");
  g_assert_cmpuint (kb_service_order_get_status (repeated), ==, KB_SERVICE_ORDER_STATUS_REJECTED);

  removed = submit (f, KB_SERVICE_ACTION_REMOVE, remove);
  results = kb_service_order_get_results (removed);
  g_assert_cmpuint (kb_service_order_get_action (removed), ==, KB_SERVICE_ACTION_REMOVE);
  g_assert_null (code_at (results, 0));
  g_assert_null (code_at (results, 1));
  g_assert_cmpstr (code_at (results, 2), ==, "duplicate_row");
  assert_results_equal_server (f, removed, results);
}

static void
test_history (Fixture *f, gconstpointer data)
{
  KbServiceOrders *service_orders = kb_sync_get_service_orders (f->sync);
  GListModel *orders = kb_service_orders_get_orders (service_orders);
  g_autoptr(GDateTime) june = kb_test_date (2025, 6, 10, 12);
  g_autoptr(GDateTime) july = kb_test_date (2025, 7, 2, 12);
  g_autoptr(GDateTime) august = kb_test_date (2025, 8, 31, 12);
  g_autoptr(GDateTime) september = kb_test_date (2025, 9, 1, 12);
  g_autofree char *n0 = subscriber_number (f, 0);
  const char *one[] = { n0, NULL };
  g_autoptr(KbServiceOrder) first = NULL;
  g_autoptr(KbServiceOrder) second = NULL;
  g_autoptr(KbServiceOrder) newest = NULL;
  g_autoptr(KbServiceOrder) shown = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = NULL;

  kb_server_set_now (f->srv.server, june);
  first = submit (f, KB_SERVICE_ACTION_REMOVE, one);
  second = submit (f, KB_SERVICE_ACTION_REMOVE, one);
  kb_server_set_now (f->srv.server, july);
  newest = submit (f, KB_SERVICE_ACTION_ADD, one);
  g_assert_cmpuint (kb_service_order_get_status (second), ==, KB_SERVICE_ORDER_STATUS_REJECTED);
  g_assert_cmpuint (kb_service_order_get_status (newest), ==, KB_SERVICE_ORDER_STATUS_DONE);

  /* A submit brings the history along: newest first, with names and status. */
  g_assert_cmpuint (g_list_model_get_n_items (orders), ==, 3);
  shown = g_list_model_get_item (orders, 0);
  g_assert_cmpstr (kb_service_order_get_id (shown), ==, kb_service_order_get_id (newest));
  g_assert_cmpstr (kb_service_order_get_service_name (shown), ==, "Конференц-связь");
  g_assert_cmpuint (kb_service_order_get_status (shown), ==, KB_SERVICE_ORDER_STATUS_DONE);
  g_assert_cmpstr (kb_service_orders_get_history_from (service_orders), ==, "2025-05-01");
  g_assert_nonnull (kb_service_orders_get_fetched_at (service_orders));

  /* Opening an order of the history gives its results, as the server keeps them. */
  results = fetch_results (f->sync, second, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 1);
  assert_results_equal_server (f, second, results);

  /* The window: June is still there on 31 August, gone on 1 September. */
  kb_server_set_now (f->srv.server, august);
  g_assert_true (refresh (f, f->sync, &error));
  g_assert_cmpuint (g_list_model_get_n_items (orders), ==, 3);
  g_assert_cmpstr (kb_service_orders_get_history_from (service_orders), ==, "2025-06-01");
  kb_server_set_now (f->srv.server, september);
  g_assert_true (refresh (f, f->sync, &error));
  g_assert_cmpuint (g_list_model_get_n_items (orders), ==, 1);
  g_assert_cmpstr (kb_service_orders_get_history_from (service_orders), ==, "2025-07-01");
}

static void
test_cache_offline (Fixture *f, gconstpointer data)
{
  g_autofree char *n0 = subscriber_number (f, 0);
  g_autofree char *n1 = subscriber_number (f, 1);
  const char *numbers[] = { n0, n1, n1, NULL };
  g_autoptr(KbServiceOrder) order = NULL;
  g_autoptr(KbSync) again = NULL;
  g_autoptr(KbServiceOrder) cached = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  KbServiceOrders *service_orders;
  guint n_services;

  g_assert_true (refresh (f, f->sync, &error));
  n_services = g_list_model_get_n_items (kb_service_orders_get_services (kb_sync_get_service_orders (f->sync)));
  order = submit (f, KB_SERVICE_ACTION_ADD, numbers);
  g_clear_object (&f->sync);
  kb_test_server_stop (&f->srv);

  /* A new session on the same cache, with no server at all. */
  again = new_sync (f);
  service_orders = kb_sync_get_service_orders (again);
  g_assert_cmpuint (g_list_model_get_n_items (kb_service_orders_get_services (service_orders)), ==, n_services);
  g_assert_cmpuint (g_list_model_get_n_items (kb_service_orders_get_orders (service_orders)), >=, 1);
  cached = g_list_model_get_item (kb_service_orders_get_orders (service_orders), 0);
  g_assert_cmpstr (kb_service_order_get_id (cached), ==, kb_service_order_get_id (order));
  g_assert_cmpuint (kb_service_order_get_rejected (cached), ==, 1);
  g_assert_nonnull (kb_service_orders_get_history_from (service_orders));

  g_assert_false (refresh (f, again, &error));
  g_assert_true (kb_api_error_is_unreachable (error));
  g_clear_error (&error);
  g_assert_false (kb_sync_get_online (again));

  /* Its results come from the cache. */
  results = fetch_results (again, cached, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 3);
  g_assert_null (code_at (results, 0));
  g_assert_cmpstr (code_at (results, 2), ==, "duplicate_row");
}

int
main (int argc, char *argv[])
{
  kb_test_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/service-orders/catalog", test_catalog);
  ADD ("/service-orders/add-remove", test_add_remove);
  ADD ("/service-orders/history", test_history);
  ADD ("/service-orders/cache-offline", test_cache_offline);
#undef ADD

  return g_test_run ();
}
