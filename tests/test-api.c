/* test-api.c — the api client against the real reference server over loopback HTTP:
 * success, 304, 401, 500, a hanging server, a garbage body, a closed port, bad URLs. */
#include "config.h"

#include <locale.h>

#include "kb-api-client.h"
#include "kb-server.h"
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
  /* Two retries with back-off: 250 ms then 500 ms. */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 700 * 1000);
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

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/api/sign-in-and-client", test_sign_in_and_client);
  ADD ("/api/not-modified", test_not_modified);
  ADD ("/api/unauthorized", test_unauthorized);
  ADD ("/api/server-error", test_server_error);
  ADD ("/api/timeout", test_timeout);
  ADD ("/api/garbage-body", test_garbage_body);
  ADD ("/api/disconnect", test_disconnect);
#undef ADD
  g_test_add_func ("/api/closed-port", test_closed_port);
  g_test_add_func ("/api/server-urls", test_server_urls);
  g_test_add_func ("/api/error-codes", test_error_codes);

  return g_test_run ();
}
