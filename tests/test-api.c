/* test-api.c — the api client against the real reference server over loopback HTTP:
 * success, 304, 401, 500, a hanging server, a garbage body, JSON of the wrong shape,
 * a closed port, bad URLs. */
#include "config.h"

#include "kb-api-client.h"
#include "kb-api-client-private.h"
#include "kb-api-json.h"
#include "kb-api-renames.h"
#include "kb-api-services.h"
#include "kb-phone-number.h"
#include "kb-server.h"
#include "kb-subscriber-list.h"
#include "kb-test-util.h"

typedef struct {
  KbTestServer srv;
  KbApiClient *api;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  kb_test_server_start (&f->srv);
  f->api = kb_api_client_new (f->srv.url, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->api);
  kb_test_server_stop (&f->srv);
}

static char *
sign_in (Fixture *f, const char *login, const char *password, GError **error)
{
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) done = NULL;

  kb_api_client_sign_in_async (f->api, login, password, NULL, kb_test_on_ready, &result);
  done = kb_test_wait_result (&result);
  return kb_api_client_sign_in_finish (f->api, done, error);
}

static KbClientProfile *
get_client (Fixture *f, const char *etag, char **etag_out, GError **error)
{
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) done = NULL;

  kb_api_client_get_client_async (f->api, etag, NULL, kb_test_on_ready, &result);
  done = kb_test_wait_result (&result);
  return kb_api_client_get_client_finish (f->api, done, etag_out, error);
}

static void
test_sign_in_and_client (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = sign_in (f, "demo", "demo", &error);
  g_autofree char *etag = NULL;
  g_autofree char *client_url = g_strconcat (f->srv.url, "/api/v1/client", NULL);
  g_autoptr(KbClientProfile) profile = NULL;
  g_autoptr(JsonNode) raw = NULL;
  JsonObject *object;
  JsonArray *accounts;
  GListModel *model;

  g_assert_no_error (error);
  g_assert_nonnull (token);
  g_assert_cmpstr (kb_api_client_get_token (f->api), ==, token);

  profile = get_client (f, NULL, &etag, &error);
  g_assert_no_error (error);
  g_assert_nonnull (etag);

  /* Every field equals what the server says through a client of its own. */
  raw = kb_test_http_json ("GET", client_url, token, NULL, NULL);
  object = json_node_get_object (raw);
  g_assert_cmpstr (kb_client_profile_get_name (profile), ==, json_object_get_string_member (object, "name"));
  g_assert_cmpstr (kb_client_profile_get_unp (profile), ==, json_object_get_string_member (object, "unp"));
  g_assert_true (kb_unp_is_valid (kb_client_profile_get_unp (profile)));
  g_assert_cmpstr (kb_client_profile_get_okpo (profile), ==, json_object_get_string_member (object, "okpo"));
  g_assert_cmpint (kb_client_profile_get_balance (profile), ==,
                   json_object_get_int_member (json_object_get_object_member (object, "balance"), "amount_minor"));
  g_assert_cmpstr (kb_client_profile_get_contract_number (profile), ==,
                   json_object_get_string_member (json_object_get_object_member (object, "contract"), "number"));

  accounts = json_object_get_array_member (object, "bank_accounts");
  model = kb_client_profile_get_bank_accounts (profile);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, json_array_get_length (accounts));
  g_assert_cmpuint (g_list_model_get_n_items (model), >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(KbBankAccount) account = g_list_model_get_item (model, i);
      g_assert_cmpstr (kb_bank_account_get_iban (account), ==,
                       json_object_get_string_member (json_array_get_object_element (accounts, i), "iban"));
      g_assert_true (kb_iban_is_valid_by (kb_bank_account_get_iban (account)));
    }
}

static void
test_not_modified (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = sign_in (f, "demo", "demo", &error);
  g_autofree char *etag = NULL;
  g_autoptr(KbClientProfile) first = get_client (f, NULL, &etag, &error);
  g_autoptr(KbClientProfile) second = NULL;

  g_assert_no_error (error);
  second = get_client (f, etag, NULL, &error);
  g_assert_error (error, KB_API_ERROR, KB_API_ERROR_NOT_MODIFIED);
  g_assert_null (second);
  g_clear_error (&error);

  /* A stale tag gets the full profile again. */
  g_clear_object (&second);
  second = get_client (f, "\"stale\"", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (second);
}

static void
test_unauthorized (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KbClientProfile) profile = NULL;
  g_autofree char *token = NULL;

  /* No token at all. */
  profile = get_client (f, NULL, NULL, &error);
  g_assert_error (error, KB_API_ERROR, KB_API_ERROR_UNAUTHORIZED);
  g_assert_true (kb_api_error_is_auth (error));
  g_clear_error (&error);

  /* A made-up token. */
  kb_api_client_set_token (f->api, "not-a-real-token");
  profile = get_client (f, NULL, NULL, &error);
  g_assert_error (error, KB_API_ERROR, KB_API_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  /* A wrong password. */
  token = sign_in (f, "demo", "wrong", &error);
  g_assert_error (error, KB_API_ERROR, KB_API_ERROR_INVALID_CREDENTIALS);
  g_assert_null (token);
  g_assert_cmpstr (error->message, !=, "");
}

static void
test_server_error (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = sign_in (f, "demo", "demo", &error);
  g_autoptr(KbClientProfile) profile = NULL;
  gint64 start;

  kb_server_set_fault (f->srv.server, "/api/v1/client", KB_SERVER_FAULT_STATUS_500);
  kb_api_client_set_max_retries (f->api, 2);
  start = g_get_monotonic_time ();
  profile = get_client (f, NULL, NULL, &error);
  g_assert_error (error, KB_API_ERROR, KB_API_ERROR_SERVER);
  g_assert_true (kb_api_error_is_unreachable (error));
  /* Two retries with back-off: 250 ms then 500 ms, each shortened by up
   * to a quarter at random (kb_backoff_delay()). */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, (250 + 500) * 3 / 4 * 1000);
  g_clear_error (&error);

  /* Once the server recovers, the same client works. */
  kb_server_set_fault (f->srv.server, "/api/v1/client", KB_SERVER_FAULT_NONE);
  profile = get_client (f, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (profile);
}

static void
test_timeout (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = sign_in (f, "demo", "demo", &error);
  g_autoptr(KbClientProfile) profile = NULL;
  gint64 start;

  kb_server_set_fault (f->srv.server, "/api/v1/client", KB_SERVER_FAULT_HANG);
  kb_api_client_set_timeout (f->api, 1);
  kb_api_client_set_max_retries (f->api, 0);
  start = g_get_monotonic_time ();
  profile = get_client (f, NULL, NULL, &error);
  g_assert_error (error, KB_API_ERROR, KB_API_ERROR_TIMEOUT);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
}

static void
test_garbage_body (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = sign_in (f, "demo", "demo", &error);
  g_autoptr(KbClientProfile) profile = NULL;

  kb_server_set_fault (f->srv.server, "/api/v1/client", KB_SERVER_FAULT_GARBAGE_BODY);
  profile = get_client (f, NULL, NULL, &error);
  g_assert_error (error, KB_API_ERROR, KB_API_ERROR_BAD_RESPONSE);
  g_assert_null (profile);
}

/* A rename batch and a service order as the server would send them, but
 * with one member wrong: every reader must say "bad response" once, with
 * no half-read object and no error set twice (a GLib warning: fatal here). */
#define BATCH_HEAD "{\"id\": \"7\", \"kind\": \"batch\", \"status\": \"pending\", " \
  "\"created_at\": \"2025-06-10T09:00:00Z\", \"effective_at\": \"2025-06-11T09:00:00Z\", "
#define ORDER_HEAD "{\"id\": \"9\", \"action\": \"add\", \"service\": \"conference\", " \
  "\"created_at\": \"2025-06-10T09:00:00Z\", "
#define ROW "\"number\": \"+375291234567\", \"status\": \"rejected\""

static const struct {
  const char *body;
  gboolean    is_order;
} wrong_shapes[] = {
  /* Members of the wrong type, more than one of them. */
  { BATCH_HEAD "\"total\": 1, \"accepted\": 0, \"rejected\": 1, \"rows\": "
    "[{\"row\": 1, " ROW ", \"name\": 5, \"code\": 6, \"message\": 7}]}", FALSE },
  { BATCH_HEAD "\"total\": 1, \"accepted\": 0, \"rejected\": 1, \"number\": 1, \"name\": 2, \"rows\": []}", FALSE },
  { ORDER_HEAD "\"total\": 1, \"accepted\": 0, \"rejected\": 1, \"results\": "
    "[{\"row\": 1, " ROW ", \"code\": 5}]}", TRUE },
  { ORDER_HEAD "\"service_name\": 3, \"total\": 1, \"accepted\": 1, \"rejected\": 0}", TRUE },
  /* Counts and row numbers out of range. */
  { BATCH_HEAD "\"total\": -1, \"accepted\": 0, \"rejected\": 0, \"rows\": []}", FALSE },
  { BATCH_HEAD "\"total\": 1, \"accepted\": 0, \"rejected\": 1, \"rows\": "
    "[{\"row\": -3, " ROW "}]}", FALSE },
  { ORDER_HEAD "\"total\": 1, \"accepted\": -1, \"rejected\": 0}", TRUE },
  { ORDER_HEAD "\"total\": 5000000000, \"accepted\": 0, \"rejected\": 0}", TRUE },
  { ORDER_HEAD "\"total\": 1, \"accepted\": 0, \"rejected\": 1, \"results\": "
    "[{\"row\": -1, " ROW "}]}", TRUE },
};

static void
test_wrong_shapes (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = sign_in (f, "demo", "demo", &error);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (wrong_shapes); i++)
    {
      GAsyncResult *result = NULL;
      g_autoptr(GAsyncResult) done = NULL;
      g_autoptr(GObject) object = NULL;

      g_test_message ("body %u: %s", i, wrong_shapes[i].body);
      kb_server_set_fault_body (f->srv.server, "/api/v1/", wrong_shapes[i].body);
      if (wrong_shapes[i].is_order)
        {
          kb_api_client_get_service_order_async (f->api, "9", NULL, kb_test_on_ready, &result);
          done = kb_test_wait_result (&result);
          object = G_OBJECT (kb_api_client_get_service_order_finish (f->api, done, &error));
        }
      else
        {
          kb_api_client_get_rename_batch_async (f->api, "7", NULL, kb_test_on_ready, &result);
          done = kb_test_wait_result (&result);
          object = G_OBJECT (kb_api_client_get_rename_batch_finish (f->api, done, &error));
        }
      g_assert_error (error, KB_API_ERROR, KB_API_ERROR_BAD_RESPONSE);
      g_assert_null (object);
      g_clear_error (&error);
    }

  /* The same readers take the right shape. */
  kb_server_set_fault_body (f->srv.server, "/api/v1/",
                            ORDER_HEAD "\"total\": 1, \"accepted\": 0, \"rejected\": 1, \"results\": "
                            "[{\"row\": 1, " ROW ", \"code\": \"unknown_number\"}]}");
  {
    GAsyncResult *result = NULL;
    g_autoptr(GAsyncResult) done = NULL;
    g_autoptr(KbServiceOrder) order = NULL;
    GPtrArray *results;

    kb_api_client_get_service_order_async (f->api, "9", NULL, kb_test_on_ready, &result);
    done = kb_test_wait_result (&result);
    order = kb_api_client_get_service_order_finish (f->api, done, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (kb_service_order_get_rejected (order), ==, 1);
    results = kb_service_order_get_results (order);
    g_assert_cmpuint (results->len, ==, 1);
    g_assert_cmpuint (kb_service_result_get_row (results->pdata[0]), ==, 1);
    g_assert_cmpstr (kb_service_result_get_code (results->pdata[0]), ==, "unknown_number");
  }
}

static void
test_disconnect (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = sign_in (f, "demo", "demo", &error);
  g_autoptr(KbClientProfile) profile = NULL;

  kb_server_set_fault (f->srv.server, "/api/v1/client", KB_SERVER_FAULT_DISCONNECT);
  kb_api_client_set_max_retries (f->api, 1);
  profile = get_client (f, NULL, NULL, &error);
  g_assert_true (kb_api_error_is_unreachable (error));
}

static void
test_closed_port (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KbApiClient) api = NULL;
  g_autofree char *url = NULL;
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) done = NULL;
  g_autoptr(KbClientProfile) profile = NULL;
  guint16 port;

  /* Take a free port and let it go again: nobody listens there. */
  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);

  url = g_strdup_printf ("http://127.0.0.1:%u", port);
  api = kb_api_client_new (url, &error);
  g_assert_no_error (error);
  kb_api_client_set_max_retries (api, 0);
  kb_api_client_get_client_async (api, NULL, NULL, kb_test_on_ready, &result);
  done = kb_test_wait_result (&result);
  profile = kb_api_client_get_client_finish (api, done, NULL, &error);
  g_assert_error (error, KB_API_ERROR, KB_API_ERROR_NETWORK);
}

static void
test_server_urls (void)
{
  static const struct { const char *url; const char *normalized; int code; } cases[] = {
    { "https://cabinet.example.by", "https://cabinet.example.by", -1 },
    { "  https://cabinet.example.by/some/path?x=1  ", "https://cabinet.example.by", -1 },
    { "https://cabinet.example.by:8443/", "https://cabinet.example.by:8443", -1 },
    { "http://127.0.0.1:8080", "http://127.0.0.1:8080", -1 },
    { "http://localhost:1234", "http://localhost:1234", -1 },
    { "http://[::1]:1234", "http://[::1]:1234", -1 },
    { "http://cabinet.example.by", NULL, KB_API_ERROR_INSECURE_URL },
    { "http://192.168.1.10", NULL, KB_API_ERROR_INSECURE_URL },
    { "ftp://cabinet.example.by", NULL, KB_API_ERROR_INVALID_URL },
    { "cabinet.example.by", NULL, KB_API_ERROR_INVALID_URL },
    { "", NULL, KB_API_ERROR_INVALID_URL },
    { "https://", NULL, KB_API_ERROR_INVALID_URL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normalized = NULL;
      gboolean ok = kb_api_validate_server_url (cases[i].url, &normalized, &error);

      if (cases[i].code < 0)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          g_assert_cmpstr (normalized, ==, cases[i].normalized);
        }
      else
        {
          g_assert_error (error, KB_API_ERROR, cases[i].code);
          g_assert_false (ok);
        }
    }
}

static void
test_error_codes (void)
{
  g_assert_cmpint (kb_api_error_from_code ("rename_window_closed", 409), ==, KB_API_ERROR_RENAME_WINDOW_CLOSED);
  g_assert_cmpint (kb_api_error_from_code ("invoice_period_closed", 409), ==, KB_API_ERROR_INVOICE_PERIOD_CLOSED);
  g_assert_cmpint (kb_api_error_from_code ("token_expired", 401), ==, KB_API_ERROR_TOKEN_EXPIRED);
  /* An unknown code still has its class from the status. */
  g_assert_cmpint (kb_api_error_from_code ("something_new", 404), ==, KB_API_ERROR_NOT_FOUND);
  g_assert_cmpint (kb_api_error_from_code ("something_new", 503), ==, KB_API_ERROR_SERVER);
  g_assert_cmpint (kb_api_error_from_code (NULL, 418), ==, KB_API_ERROR_FAILED);
}

/* An error made from a code carries the sentence the user reads for it. */
static void
test_error_new (void)
{
  g_autoptr(GError) error = kb_api_error_new (KB_API_ERROR_RENAME_WINDOW_CLOSED);

  g_assert_error (error, KB_API_ERROR, KB_API_ERROR_RENAME_WINDOW_CLOSED);
  g_assert_cmpstr (error->message, ==,
                   kb_api_error_get_message (KB_API_ERROR_RENAME_WINDOW_CLOSED));
}

static gpointer
read_id (JsonObject *object, GError **error)
{
  return g_strdup (kb_api_json_get_string (object, "id", TRUE, error));
}

/* A body that is one object is read by the reader given; any other body is
 * a bad response without calling it. */
static void
test_json_root_read (void)
{
  static const char text[] = "{\"id\": \"7\"}";
  g_autoptr(JsonNode) object = kb_api_json_parse (text, sizeof text - 1, NULL);
  g_autoptr(JsonNode) array = kb_api_json_parse ("[]", 2, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = kb_api_json_root_read (object, "thing", read_id, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (id, ==, "7");
  g_assert_null (kb_api_json_root_read (array, "thing", read_id, &error));
  g_assert_error (error, KB_API_ERROR, KB_API_ERROR_BAD_RESPONSE);
  g_clear_error (&error);
  g_assert_null (kb_api_json_root_read (NULL, "thing", read_id, &error));
  g_assert_error (error, KB_API_ERROR, KB_API_ERROR_BAD_RESPONSE);
}

/* An optional member may be absent or null; only one of another type is
 * an error. */
static void
test_json_optional (void)
{
  static const char text[] = "{\"o\": {}, \"a\": [], \"s\": \"x\", \"n\": null}";
  g_autoptr(JsonNode) root = kb_api_json_parse (text, sizeof text - 1, NULL);
  JsonObject *object = json_node_get_object (root);
  g_autoptr(GError) error = NULL;
  JsonObject *o = NULL;
  JsonArray *a = NULL;
  const char *s = NULL;

  g_assert_true (kb_api_json_get_optional_object (object, "o", &o, &error));
  g_assert_nonnull (o);
  g_assert_true (kb_api_json_get_optional_array (object, "a", &a, &error));
  g_assert_nonnull (a);
  g_assert_true (kb_api_json_get_optional_string (object, "s", &s, &error));
  g_assert_cmpstr (s, ==, "x");
  g_assert_true (kb_api_json_get_optional_object (object, "n", &o, &error));
  g_assert_null (o);
  g_assert_true (kb_api_json_get_optional_array (object, "absent", &a, &error));
  g_assert_null (a);
  g_assert_no_error (error);

  g_assert_false (kb_api_json_get_optional_array (object, "o", &a, &error));
  g_assert_error (error, KB_API_ERROR, KB_API_ERROR_BAD_RESPONSE);
  g_clear_error (&error);
  g_assert_false (kb_api_json_get_optional_object (object, "s", &o, &error));
  g_assert_error (error, KB_API_ERROR, KB_API_ERROR_BAD_RESPONSE);
  g_clear_error (&error);
  /* Without an error to set, a member of another type is still told apart. */
  g_assert_false (kb_api_json_get_optional_string (object, "a", &s, NULL));
}

/* Client and reference server judge numbers and names by the same rules
 * (core's kb-phone-number and kb_subscriber_check_name()): what the list
 * import would send unchanged the server accepts, what it would refuse or
 * rewrite the server refuses, with the same row code, over the real wire. */
static void
test_rules_agree (Fixture *f, gconstpointer data)
{
  static const char * const names[] = {
    "", "Иванов Иван", "Tab\there", "Line\nbreak", "DEL\x7fhere", "C1 \xc2\x85 here", "ё",
    "NBSP\xc2\xa0inside", "Zero\xe2\x80\x8bwidth",
  };
  static const char * const numbers[] = {
    "+375291234567", "+375 29 123-45-67", "375291234567", "80291234567", "+37529123456",
    "+3752912345678", "+375221234567", "+375441234567", "+375251234567", "+375331234567",
    "+37529123456a", "+7 916 123-45-67", "", "29 123 45 67",
  };
  g_autoptr(GTimeZone) minsk = g_time_zone_new_identifier ("+03:00");
  g_autoptr(GDateTime) mid_month = g_date_time_new (minsk, 2025, 6, 10, 12, 0, 0);
  g_autofree char *list_url = g_strconcat (f->srv.url, "/api/v1/subscribers?limit=1", NULL);
  g_autofree char *batch_url = g_strconcat (f->srv.url, "/api/v1/rename-batches", NULL);
  g_autofree char *token = NULL;
  g_autofree char *long_name = NULL;
  g_autofree char *too_long_name = NULL;
  g_autoptr(GPtrArray) all_names = g_ptr_array_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) page = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *text = NULL;
  JsonArray *results;
  const char *known;
  guint status, n_rows;

  /* Renames are refused in a month's last two days. */
  kb_server_set_now (f->srv.server, mid_month);
  token = kb_test_sign_in_raw (f->srv.url, "demo", "demo");
  page = kb_test_http_json ("GET", list_url, token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  known = json_object_get_string_member (json_array_get_object_element (
    json_object_get_array_member (json_node_get_object (page), "subscribers"), 0), "number");

  long_name = g_strnfill (KB_SUBSCRIBER_NAME_MAX_LENGTH, 'x');
  too_long_name = g_strnfill (KB_SUBSCRIBER_NAME_MAX_LENGTH + 1, 'x');
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_ptr_array_add (all_names, (gpointer) names[i]);
  g_ptr_array_add (all_names, too_long_name);
  g_ptr_array_add (all_names, long_name);

  /* The names, all with the client's own number, then the numbers: a row
   * only makes later ones duplicates when it is accepted, and the names
   * are checked before the number is looked up. */
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "rows");
  json_builder_begin_array (builder);
  for (guint i = 0; i < all_names->len; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "number");
      json_builder_add_string_value (builder, "+375290000000");
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, all_names->pdata[i]);
      json_builder_end_object (builder);
    }
  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "number");
      json_builder_add_string_value (builder,
                                     g_str_equal (numbers[i], "+375291234567") ? known : numbers[i]);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, "Согласие");
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  text = json_to_string (body, FALSE);

  reply = kb_test_http_json ("POST", batch_url, token, text, &status);
  g_assert_cmpuint (status, ==, 201);
  results = json_object_get_array_member (json_node_get_object (reply), "results");
  n_rows = all_names->len + G_N_ELEMENTS (numbers);
  g_assert_cmpuint (json_array_get_length (results), ==, n_rows);

  for (guint i = 0; i < n_rows; i++)
    {
      JsonObject *result = json_array_get_object_element (results, i);
      const char *code = json_object_get_string_member_with_default (result, "code", NULL);

      if (i < all_names->len)
        {
          const char *name = all_names->pdata[i];
          KbSubscriberListProblem problem = kb_subscriber_list_check_name (name);
          const char *expected = kb_subscriber_list_problem_to_code (problem);

          g_test_message ("name “%s”: server %s, client %s", name, code, expected);
          /* A good name on a number that is not the client's. */
          g_assert_cmpstr (code, ==, expected != NULL ? expected : "unknown_subscriber");
        }
      else
        {
          const char *number = numbers[i - all_names->len];
          char canonical[KB_PHONE_NUMBER_LENGTH + 1];
          gboolean client_sends_as_is;

          kb_phone_number_normalize_to_buffer (number, -1, canonical);
          client_sends_as_is = canonical[0] != '\0' && g_str_equal (canonical, number);
          g_test_message ("number “%s”: server %s, client %s", number, code,
                          client_sends_as_is ? "as is" : canonical[0] != '\0' ? canonical : "refused");
          g_assert_cmpint (g_strcmp0 (code, "invalid_number") == 0, ==, !client_sends_as_is);
          g_assert_cmpint (kb_phone_number_is_canonical (number), ==, client_sends_as_is);
        }
    }
}

/* An id is one segment of the path, whatever it holds. */
static void
test_item_path (void)
{
  g_autofree char *plain = _kb_api_item_path ("/questions", "12", NULL);
  g_autofree char *suffixed = _kb_api_item_path ("/questions", "12", "/read");
  g_autofree char *odd = _kb_api_item_path ("/subscribers", "../a/b?c", "/rename");

  g_assert_cmpstr (plain, ==, "/questions/12");
  g_assert_cmpstr (suffixed, ==, "/questions/12/read");
  g_assert_cmpstr (odd, ==, "/subscribers/..%2Fa%2Fb%3Fc/rename");
}

int
main (int argc, char *argv[])
{
  kb_test_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/api/sign-in-and-client", test_sign_in_and_client);
  ADD ("/api/not-modified", test_not_modified);
  ADD ("/api/unauthorized", test_unauthorized);
  ADD ("/api/server-error", test_server_error);
  ADD ("/api/timeout", test_timeout);
  ADD ("/api/garbage-body", test_garbage_body);
  ADD ("/api/disconnect", test_disconnect);
  ADD ("/api/wrong-shapes", test_wrong_shapes);
  ADD ("/api/rules-agree", test_rules_agree);
#undef ADD
  g_test_add_func ("/api/closed-port", test_closed_port);
  g_test_add_func ("/api/server-urls", test_server_urls);
  g_test_add_func ("/api/error-codes", test_error_codes);
  g_test_add_func ("/api/error-new", test_error_new);
  g_test_add_func ("/api/json-root-read", test_json_root_read);
  g_test_add_func ("/api/json-optional", test_json_optional);
  g_test_add_func ("/api/item-path", test_item_path);

  return g_test_run ();
}
