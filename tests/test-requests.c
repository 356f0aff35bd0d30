/* test-requests.c — the operator's requests through the api, the SQLite cache and the sync
 * layer, against the real reference server: an operation's reply brings its request into
 * the list at once; the events socket and the server's clock move it to the end, which is
 * announced once; and the list, with its last refresh time, comes back from the cache after
 * a restart with the server stopped. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "kb-server.h"
#include "kb-sync.h"
#include "kb-test-sync.h"
#include "kb-test-util.h"

typedef struct {
  KbTestServer srv;
  char *db_path;
  char *url;
  char *token;
  KbSync *sync;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autofree char *name = g_strdup_printf ("requests-%u.db", g_random_int ());

  kb_test_server_start (&f->srv);
  kb_test_set_server_date (f->srv.server, 2026, 6, 10, 12);
  f->db_path = g_build_filename (g_get_user_cache_dir (), name, NULL);
  f->url = g_strdup (f->srv.url);
  f->token = kb_test_sign_in_raw (f->srv.url, "demo", "demo");
  f->sync = kb_test_sync_new (f->url, f->token, f->db_path);
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

static char *
subscriber_number (Fixture *f, guint index)
{
  g_autofree char *url = g_strdup_printf ("%s/api/v1/subscribers?offset=%u&limit=1", f->srv.url, index);
  guint status = 0;
  g_autoptr(JsonNode) node = kb_test_http_json ("GET", url, f->token, NULL, &status);
  JsonArray *subscribers = json_object_get_array_member (json_node_get_object (node), "subscribers");

  g_assert_cmpuint (status, ==, 200);
  return g_strdup (json_object_get_string_member (json_array_get_object_element (subscribers, 0), "number"));
}

static KbServiceOrder *
submit (Fixture *f, const char * const *numbers)
{
  KbServiceOrders *orders = kb_sync_get_service_orders (f->sync);
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) done = NULL;
  g_autoptr(GError) error = NULL;
  KbServiceOrder *order;

  kb_service_orders_submit_async (orders, KB_SERVICE_ACTION_ADD, "conference", numbers, NULL,
                                  kb_test_on_ready, &result);
  done = kb_test_wait_result (&result);
  order = kb_service_orders_submit_finish (orders, done, &error);
  g_assert_no_error (error);
  return order;
}

static void
on_request_finished (KbRequests *requests, KbOperatorRequest *request, GPtrArray *finished)
{
  g_ptr_array_add (finished, g_object_ref (request));
}

/* A service order with a rejected row: accepted with its number at once,
 * partially done when the server's clock has moved, announced once, and
 * the same from the cache with the server gone. */
static void
test_follow_to_the_end (Fixture *f, gconstpointer data)
{
  KbRequests *requests = kb_sync_get_requests (f->sync);
  KbFeedback *feedback = kb_sync_get_feedback (f->sync);
  g_autofree char *n0 = subscriber_number (f, 0);
  const char *numbers[] = { NULL, "+375259999999", NULL };
  g_autoptr(GPtrArray) finished = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(KbServiceOrder) order = NULL;
  g_autofree char *number = NULL;
  KbOperatorRequest *request;

  g_assert_cmpuint (g_list_model_get_n_items (kb_requests_get_model (requests)), ==, 0);
  g_signal_connect (requests, "request-finished", G_CALLBACK (on_request_finished), finished);
  kb_feedback_start (feedback);
  kb_test_wait_for (kb_feedback_get_push_connected (feedback), 10);
  kb_test_wait_for (kb_requests_get_fetched_at (requests) != NULL, 10);

  numbers[0] = n0;
  order = submit (f, numbers);
  /* The reply's request is in the list before the caller hears back. */
  request = kb_requests_find_for (requests, "service_order", kb_service_order_get_id (order));
  g_assert_nonnull (request);
  number = g_strdup (kb_operator_request_get_number (request));
  g_assert_true (g_str_has_prefix (number, "З-2026-"));
  g_assert_cmpint (kb_operator_request_get_status (request), ==, KB_OPERATOR_REQUEST_STATUS_ACCEPTED);
  g_assert_cmpuint (kb_requests_get_unfinished (requests), ==, 1);

  kb_test_set_server_date (f->srv.server, 2026, 6, 10, 13);
  kb_test_wait_for (finished->len == 1, 10);
  g_assert_true (g_ptr_array_index (finished, 0) == request);
  g_assert_cmpint (kb_operator_request_get_status (request), ==, KB_OPERATOR_REQUEST_STATUS_PARTIALLY_DONE);
  g_assert_cmpuint (kb_operator_request_get_rejected_count (request), ==, 1);
  g_assert_cmpuint (kb_requests_get_unfinished (requests), ==, 0);
  {
    g_autofree char *outcome = kb_operator_request_dup_outcome (request);
    g_autofree char *target = kb_operator_request_dup_section_target (request);
    g_autofree char *expected = g_strconcat ("service-actions/order/", kb_service_order_get_id (order), NULL);

    g_assert_nonnull (strstr (outcome, "1 row was rejected"));
    g_assert_cmpstr (target, ==, expected);
  }

  /* Offline after a restart: the cache has it as it ended, and when the
   * list was last confirmed. */
  g_clear_object (&f->sync);
  kb_test_server_stop (&f->srv);
  f->sync = kb_test_sync_new (f->url, f->token, f->db_path);
  requests = kb_sync_get_requests (f->sync);
  g_assert_cmpuint (g_list_model_get_n_items (kb_requests_get_model (requests)), ==, 1);
  request = kb_requests_lookup (requests, kb_operator_request_get_id (g_ptr_array_index (finished, 0)));
  g_assert_nonnull (request);
  g_assert_cmpstr (kb_operator_request_get_number (request), ==, number);
  g_assert_cmpint (kb_operator_request_get_status (request), ==, KB_OPERATOR_REQUEST_STATUS_PARTIALLY_DONE);
  g_assert_nonnull (kb_requests_get_fetched_at (requests));
  g_assert_cmpuint (finished->len, ==, 1);
}

int
main (int argc, char *argv[])
{
  kb_test_init (&argc, &argv);

  g_test_add ("/requests/follow-to-the-end", Fixture, NULL, fixture_setup, test_follow_to_the_end,
              fixture_teardown);
  return g_test_run ();
}
