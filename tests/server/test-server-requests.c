/* test-server-requests.c — the operator's requests over real HTTP: every deferred operation
 * answers with its request, the server's clock moves them, the list filters and pages, the
 * events socket announces each change, and one client never sees another's. */
#include "config.h"

#include <string.h>

#include "kb-server-test.h"

typedef KbServerFixture Fixture;

static char *
subscriber_field (Fixture *f, const char *token, guint index, const char *field)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/subscribers?offset=%u&limit=1", index);
  g_autoptr(KbReply) reply = kb_http (f, "GET", path, token, NULL, NULL);
  JsonArray *rows = json_object_get_array_member (kb_reply_object (reply), "subscribers");

  return g_strdup (json_object_get_string_member (json_array_get_object_element (rows, 0), field));
}

/* Returns: (transfer none): the request of an operation's reply. */
static JsonObject *
reply_request (KbReply *reply)
{
  JsonObject *object = kb_reply_object (reply);

  g_assert_nonnull (object);
  g_assert_true (json_object_has_member (object, "request"));
  return json_object_get_object_member (object, "request");
}

static char *
request_status (Fixture *f, const char *token, const char *id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/requests/%s", id);
  g_autoptr(KbReply) reply = kb_http (f, "GET", path, token, NULL, NULL);

  g_assert_cmpuint (reply->status, ==, 200);
  return g_strdup (json_object_get_string_member (kb_reply_object (reply), "status"));
}

typedef struct {
  KbTestSocket *socket;
  const char *number;
  const char *status;
} RequestEvent;

static gboolean
request_event_arrived (gpointer data)
{
  RequestEvent *wait = data;

  for (guint i = 0; i < wait->socket->messages->len; i++)
    {
      JsonObject *event = json_node_get_object (g_ptr_array_index (wait->socket->messages, i));

      if (g_str_equal (json_object_get_string_member (event, "type"), "request") &&
          g_str_equal (json_object_get_string_member (event, "number"), wait->number) &&
          g_str_equal (json_object_get_string_member (event, "status"), wait->status))
        return TRUE;
    }
  return FALSE;
}

static gboolean
wait_request_event (KbTestSocket *socket, const char *number, const char *status, guint ms)
{
  RequestEvent wait = { socket, number, status };

  return kb_test_poll_until (request_event_arrived, &wait, ms);
}

/* A rename is accepted with a number, then done when it takes effect; the
 * socket announces it without anybody asking, on the server's clock. */
static void
test_rename_moves (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  g_autofree char *token2 = kb_sign_in (f, "demo2", "demo2");
  g_autofree char *id = subscriber_field (f, token, 0, "id");
  g_autofree char *number = subscriber_field (f, token, 0, "number");
  g_autofree char *path = g_strdup_printf ("/api/v1/subscribers/%s/rename", id);
  g_autoptr(GDateTime) now = kb_test_date (2026, 6, 10, 12);
  g_autoptr(GDateTime) almost = g_date_time_add_hours (now, 23);
  g_autoptr(GDateTime) later = g_date_time_add_hours (now, 25);
  g_autoptr(KbTestSocket) socket = NULL;
  g_autoptr(KbTestSocket) theirs = NULL;
  g_autoptr(KbReply) renamed = NULL;
  g_autofree char *request_id = NULL;
  g_autofree char *request_number = NULL;
  g_autofree char *status = NULL;
  JsonObject *request;

  kb_server_set_now (f->server, now);
  socket = kb_test_events_connect (f, token);
  theirs = kb_test_events_connect (f, token2);
  g_assert_nonnull (kb_test_events_wait (socket, "hello", 5));

  renamed = kb_http (f, "POST", path, token, "{\"name\":\"Склад\"}", NULL);
  g_assert_cmpuint (renamed->status, ==, 202);
  /* The old members stay for the clients that do not know requests. */
  g_assert_true (json_object_has_member (kb_reply_object (renamed), "pending_rename"));
  request = reply_request (renamed);
  request_id = g_strdup (json_object_get_string_member (request, "id"));
  request_number = g_strdup (json_object_get_string_member (request, "number"));
  g_assert_cmpstr (request_number, ==, "З-2026-000001");
  g_assert_cmpstr (json_object_get_string_member (request, "kind"), ==, "rename");
  g_assert_cmpstr (json_object_get_string_member (request, "status"), ==, "accepted");
  g_assert_cmpstr (json_object_get_string_member (request, "subject"), ==, number);
  g_assert_cmpstr (json_object_get_string_member (request, "detail"), ==, "Склад");
  g_assert_cmpstr (json_object_get_string_member (request, "effective_at"), ==, "2026-06-11T09:00:00Z");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (request, "target"), "type"),
                   ==, "subscriber");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (request, "target"), "id"),
                   ==, id);
  g_assert_true (wait_request_event (socket, request_number, "accepted", 5000));

  kb_server_set_now (f->server, almost);
  status = request_status (f, token, request_id);
  g_assert_cmpstr (status, ==, "accepted");

  /* Nobody asks: the tick moves it and the socket says so. */
  kb_server_set_now (f->server, later);
  g_assert_true (wait_request_event (socket, request_number, "done", 5000));
  g_clear_pointer (&status, g_free);
  status = request_status (f, token, request_id);
  g_assert_cmpstr (status, ==, "done");
  g_assert_false (wait_request_event (theirs, request_number, "done", 0));
  g_assert_cmpuint (theirs->messages->len, ==, 1);   /* hello only */

  /* Another client neither sees it nor shares the sequence. */
  {
    g_autofree char *other_path = g_strdup_printf ("/api/v1/requests/%s", request_id);
    g_autoptr(KbReply) hidden = kb_http (f, "GET", other_path, token2, NULL, NULL);
    g_autofree char *their_id = subscriber_field (f, token2, 0, "id");
    g_autofree char *their_path = g_strdup_printf ("/api/v1/subscribers/%s/rename", their_id);
    g_autoptr(KbReply) their_rename = kb_http (f, "POST", their_path, token2, "{\"name\":\"Бухгалтерия\"}", NULL);
    g_autoptr(KbReply) their_list = kb_http (f, "GET", "/api/v1/requests", token2, NULL, NULL);
    JsonArray *list = json_object_get_array_member (kb_reply_object (their_list), "requests");

    g_assert_cmpuint (hidden->status, ==, 404);
    g_assert_cmpstr (json_object_get_string_member (reply_request (their_rename), "number"), ==,
                     "З-2026-000001");
    g_assert_cmpuint (json_array_get_length (list), ==, 1);
  }
}

/* A service order with a rejected row ends partly done after a short
 * delay; one with no accepted row is rejected at once, with a reason. */
static void
test_service_order_moves (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  g_autofree char *n0 = subscriber_field (f, token, 0, "number");
  g_autofree char *n1 = subscriber_field (f, token, 1, "number");
  g_autofree char *both = g_strdup_printf ("{\"action\":\"add\",\"service\":\"roaming\",\"subscribers\":[\"%s\",\"%s\"]}",
                                           n0, n1);
  g_autofree char *one = g_strdup_printf ("{\"action\":\"add\",\"service\":\"roaming\",\"subscribers\":[\"%s\"]}", n0);
  g_autoptr(GDateTime) now = kb_test_date (2026, 6, 10, 12);
  g_autoptr(GDateTime) later = g_date_time_add_minutes (now, 5);
  g_autoptr(KbReply) first = NULL;
  g_autoptr(KbReply) second = NULL;
  g_autoptr(KbReply) refused = NULL;
  g_autofree char *status = NULL;
  JsonObject *request;

  kb_server_set_now (f->server, now);
  first = kb_http (f, "POST", "/api/v1/service-orders", token, one, NULL);
  g_assert_cmpuint (first->status, ==, 201);
  /* The second order finds the service on for n0: one row of two rejected. */
  second = kb_http (f, "POST", "/api/v1/service-orders", token, both, NULL);
  g_assert_cmpuint (second->status, ==, 201);
  g_assert_cmpint (json_object_get_int_member (kb_reply_object (second), "rejected"), ==, 1);
  request = reply_request (second);
  g_assert_cmpstr (json_object_get_string_member (request, "kind"), ==, "service_order");
  g_assert_cmpstr (json_object_get_string_member (request, "status"), ==, "accepted");
  g_assert_cmpstr (json_object_get_string_member (request, "number"), ==, "З-2026-000002");
  g_assert_cmpint (json_object_get_int_member (request, "count"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (request, "rejected_count"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (request, "target"), "id"),
                   ==, json_object_get_string_member (kb_reply_object (second), "id"));

  refused = kb_http (f, "POST", "/api/v1/service-orders", token, one, NULL);
  g_assert_cmpstr (json_object_get_string_member (reply_request (refused), "status"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (reply_request (refused), "reason"), ==,
                   "No subscriber of the list was accepted.");

  kb_server_set_now (f->server, later);
  status = request_status (f, token, json_object_get_string_member (request, "id"));
  g_assert_cmpstr (status, ==, "partially_done");
  g_clear_pointer (&status, g_free);
  status = request_status (f, token, json_object_get_string_member (reply_request (first), "id"));
  g_assert_cmpstr (status, ==, "done");
}

/* A rename batch with no accepted row is rejected at once: its request
 * says why and, as nothing will take effect, has no effective time; one
 * with a rejected row among accepted ones waits to end partly done. */
static void
test_rename_batch_outcomes (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  g_autofree char *number = subscriber_field (f, token, 0, "number");
  const char *none = "{\"rows\":[{\"number\":\"+375000000000\",\"name\":\"Склад\"}]}";
  g_autofree char *some = g_strdup_printf ("{\"rows\":[{\"number\":\"%s\",\"name\":\"Склад\"},"
                                           "{\"number\":\"12\",\"name\":\"Склад\"}]}", number);
  g_autoptr(GDateTime) now = kb_test_date (2026, 6, 10, 12);
  g_autoptr(GDateTime) later = g_date_time_add_hours (now, 25);
  g_autoptr(KbReply) refused = NULL;
  g_autoptr(KbReply) partly = NULL;
  g_autoptr(KbReply) moved = NULL;
  g_autofree char *path = NULL;
  JsonObject *request;

  kb_server_set_now (f->server, now);
  refused = kb_http (f, "POST", "/api/v1/rename-batches", token, none, NULL);
  g_assert_cmpuint (refused->status, ==, 201);
  request = reply_request (refused);
  g_assert_cmpstr (json_object_get_string_member (request, "status"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (request, "reason"), ==,
                   "No row of the list was accepted.");
  g_assert_cmpint (json_object_get_int_member (request, "count"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (request, "rejected_count"), ==, 1);
  g_assert_false (json_object_has_member (request, "effective_at"));

  partly = kb_http (f, "POST", "/api/v1/rename-batches", token, some, NULL);
  g_assert_cmpuint (partly->status, ==, 201);
  request = reply_request (partly);
  g_assert_cmpstr (json_object_get_string_member (request, "status"), ==, "accepted");
  g_assert_cmpint (json_object_get_int_member (request, "rejected_count"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (request, "effective_at"), ==,
                   "2026-06-11T09:00:00Z");

  /* Once the renames take effect it is partly done, and says why. */
  kb_server_set_now (f->server, later);
  path = g_strdup_printf ("/api/v1/requests/%s", json_object_get_string_member (request, "id"));
  moved = kb_http (f, "GET", path, token, NULL, NULL);
  g_assert_cmpuint (moved->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (kb_reply_object (moved), "status"), ==,
                   "partially_done");
  g_assert_cmpstr (json_object_get_string_member (kb_reply_object (moved), "reason"), ==,
                   "Some rows of the list were rejected.");
}

/* An e-mailed invoice, a change of delivery and a registered payment each
 * answer with a request; the payment is confirmed when its request is done,
 * and an idempotent replay answers with the same request. */
static void
test_billing_requests (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  g_autoptr(GDateTime) now = kb_test_date (2026, 6, 10, 12);
  g_autoptr(GDateTime) later = g_date_time_add_hours (now, 1);
  g_autoptr(KbReply) invoices = NULL;
  g_autoptr(KbReply) emailed = NULL;
  g_autoptr(KbReply) delivery = NULL;
  g_autoptr(KbReply) paid = NULL;
  g_autoptr(KbReply) replay = NULL;
  g_autoptr(KbReply) payments = NULL;
  g_autofree char *email_path = NULL;
  const char *payment_body = "{\"date\":\"2026-06-09\",\"amount_minor\":12345,\"order_number\":\"77\",\"purpose\":\"Связь\"}";
  JsonArray *rows;
  gboolean confirmed = FALSE;

  kb_server_set_now (f->server, now);
  invoices = kb_http (f, "GET", "/api/v1/invoices", token, NULL, NULL);
  email_path = g_strdup_printf ("/api/v1/invoices/%s/email",
                                json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (kb_reply_object (invoices), "invoices"), 0),
                                                               "id"));
  emailed = kb_http (f, "POST", email_path, token, "{\"email\":\"buh@example.by\"}", NULL);
  g_assert_cmpuint (emailed->status, ==, 202);
  g_assert_cmpstr (json_object_get_string_member (reply_request (emailed), "kind"), ==, "invoice_email");
  g_assert_cmpstr (json_object_get_string_member (reply_request (emailed), "detail"), ==, "buh@example.by");

  delivery = kb_http (f, "PUT", "/api/v1/client/invoice-delivery", token,
                      "{\"method\":\"email\",\"address\":\"buh@example.by\"}", NULL);
  g_assert_cmpuint (delivery->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (reply_request (delivery), "kind"), ==, "invoice_delivery");

  paid = kb_http (f, "POST", "/api/v1/payments/unconfirmed", token, payment_body, "Idempotency-Key", "req-pay", NULL);
  replay = kb_http (f, "POST", "/api/v1/payments/unconfirmed", token, payment_body, "Idempotency-Key", "req-pay", NULL);
  g_assert_cmpuint (paid->status, ==, 201);
  g_assert_cmpstr (json_object_get_string_member (reply_request (paid), "kind"), ==, "payment_registration");
  g_assert_cmpstr (json_object_get_string_member (reply_request (replay), "number"), ==,
                   json_object_get_string_member (reply_request (paid), "number"));

  kb_server_set_now (f->server, later);
  {
    g_autoptr(KbReply) done = kb_http (f, "GET", "/api/v1/requests?status=done", token, NULL, NULL);

    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (kb_reply_object (done), "requests")),
                      ==, 3);
  }
  payments = kb_http (f, "GET", "/api/v1/payments?from=2026-06-09&to=2026-06-09", token, NULL, NULL);
  rows = json_object_get_array_member (kb_reply_object (payments), "payments");
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *payment = json_array_get_object_element (rows, i);

      if (g_str_equal (json_object_get_string_member (payment, "order_number"), "77"))
        confirmed = g_str_equal (json_object_get_string_member (payment, "status"), "confirmed");
    }
  g_assert_true (confirmed);
}

static guint
count_requests (Fixture *f, const char *token, const char *query)
{
  g_autofree char *path = g_strconcat ("/api/v1/requests", query, NULL);
  g_autoptr(KbReply) reply = kb_http (f, "GET", path, token, NULL, NULL);

  g_assert_cmpuint (reply->status, ==, 200);
  return json_array_get_length (json_object_get_array_member (kb_reply_object (reply), "requests"));
}

/* Newest first, filters, the since cursor, ETag and the three months. */
static void
test_list (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  g_autofree char *id = subscriber_field (f, token, 0, "id");
  g_autofree char *n1 = subscriber_field (f, token, 1, "number");
  g_autofree char *path = g_strdup_printf ("/api/v1/subscribers/%s/rename", id);
  g_autofree char *batch = g_strdup_printf ("{\"rows\":[{\"number\":\"%s\",\"name\":\"Касса\"},"
                                            "{\"number\":\"+375290000000\",\"name\":\"Никто\"}]}", n1);
  g_autoptr(GDateTime) june = kb_test_date (2026, 6, 10, 12);
  g_autoptr(GDateTime) june_later = kb_test_date (2026, 6, 10, 13);
  g_autoptr(GDateTime) august = kb_test_date (2026, 8, 31, 12);
  g_autoptr(GDateTime) september = kb_test_date (2026, 9, 1, 12);
  g_autoptr(KbReply) renamed = NULL;
  g_autoptr(KbReply) batched = NULL;
  g_autoptr(KbReply) list = NULL;
  g_autoptr(KbReply) same = NULL;
  g_autofree char *cursor_query = NULL;
  JsonArray *requests;

  kb_server_set_now (f->server, june);
  renamed = kb_http (f, "POST", path, token, "{\"name\":\"Склад\"}", NULL);
  kb_server_set_now (f->server, june_later);
  batched = kb_http (f, "POST", "/api/v1/rename-batches", token, batch, NULL);
  g_assert_cmpuint (batched->status, ==, 201);
  g_assert_cmpstr (json_object_get_string_member (reply_request (batched), "kind"), ==, "rename_batch");

  list = kb_http (f, "GET", "/api/v1/requests", token, NULL, NULL);
  requests = json_object_get_array_member (kb_reply_object (list), "requests");
  g_assert_cmpuint (json_array_get_length (requests), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (requests, 0), "kind"),
                   ==, "rename_batch");
  g_assert_cmpstr (json_object_get_string_member (kb_reply_object (list), "from"), ==, "2026-04-01");
  g_assert_cmpuint (count_requests (f, token, "?kind=rename"), ==, 1);
  g_assert_cmpuint (count_requests (f, token, "?kind=rename_batch&status=accepted"), ==, 1);
  g_assert_cmpuint (count_requests (f, token, "?status=done"), ==, 0);
  {
    g_autoptr(KbReply) bad = kb_http (f, "GET", "/api/v1/requests?status=finished", token, NULL, NULL);

    g_assert_cmpuint (bad->status, ==, 400);
  }

  /* Unchanged: 304 for the same ETag, nothing new after the cursor. */
  same = kb_http (f, "GET", "/api/v1/requests", token, NULL, "If-None-Match", kb_reply_header (list, "ETag"), NULL);
  g_assert_cmpuint (same->status, ==, 304);
  cursor_query = g_strdup_printf ("?since=%s", json_object_get_string_member (kb_reply_object (list), "cursor"));
  g_assert_cmpuint (count_requests (f, token, cursor_query), ==, 0);

  /* Both are done (the batch partly) in August, and only they changed. */
  kb_server_set_now (f->server, august);
  g_assert_cmpuint (count_requests (f, token, cursor_query), ==, 2);
  g_assert_cmpuint (count_requests (f, token, "?status=partially_done"), ==, 1);
  {
    g_autoptr(KbReply) changed = kb_http (f, "GET", "/api/v1/requests", token, NULL, "If-None-Match",
                                          kb_reply_header (list, "ETag"), NULL);

    g_assert_cmpuint (changed->status, ==, 200);
  }
  /* June is gone from September's three months. */
  kb_server_set_now (f->server, september);
  g_assert_cmpuint (count_requests (f, token, ""), ==, 0);
}

int
main (int argc, char *argv[])
{
  kb_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, kb_server_fixture_setup, func, kb_server_fixture_teardown)
  ADD ("/server/requests/rename-moves", test_rename_moves);
  ADD ("/server/requests/service-order-partly", test_service_order_moves);
  ADD ("/server/requests/rename-batch-outcomes", test_rename_batch_outcomes);
  ADD ("/server/requests/billing", test_billing_requests);
  ADD ("/server/requests/list", test_list);
#undef ADD

  return g_test_run ();
}
