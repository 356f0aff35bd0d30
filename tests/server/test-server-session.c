/* test-server-session.c — the reference server's sign-in, tokens, client profile and faults,
 * over real HTTP on loopback. */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "kb-bank-account.h"
#include "kb-client-profile.h"
#include "kb-server-test.h"

typedef KbServerFixture Fixture;

static void
test_sign_in_ok (Fixture *f, gconstpointer data)
{
  g_autoptr(KbReply) reply = kb_http (f, "POST", "/api/v1/session", NULL,
                                      "{\"login\":\"demo\",\"password\":\"demo\"}", NULL);
  JsonObject *object;
  const char *token, *expires;
  g_autoptr(GDateTime) expires_at = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GTimeSpan lifetime;

  g_assert_no_error (reply->error);
  g_assert_cmpuint (reply->status, ==, 201);
  object = kb_reply_object (reply);
  token = json_object_get_string_member (object, "token");
  g_assert_nonnull (token);
  /* 32 random bytes, base64url without padding. */
  g_assert_cmpuint (strlen (token), >=, 43);
  for (const char *p = token; *p != '\0'; p++)
    g_assert_true (g_ascii_isalnum (*p) || *p == '-' || *p == '_');
  g_assert_cmpstr (json_object_get_string_member (object, "client_id"), !=, "");

  expires = json_object_get_string_member (object, "expires_at");
  g_assert_true (g_str_has_suffix (expires, "Z"));
  expires_at = g_date_time_new_from_iso8601 (expires, NULL);
  g_assert_nonnull (expires_at);
  lifetime = g_date_time_difference (expires_at, now);
  g_assert_cmpint (lifetime, >, 11 * G_TIME_SPAN_HOUR);
  g_assert_cmpint (lifetime, <=, 12 * G_TIME_SPAN_HOUR + G_TIME_SPAN_MINUTE);
  g_assert_cmpstr (kb_reply_header (reply, "Cache-Control"), ==, "no-store");
}

static void
test_sign_in_bad (Fixture *f, gconstpointer data)
{
  static const struct { const char *body; guint status; const char *code; const char *reason; } cases[] = {
    { "{\"login\":\"demo\",\"password\":\"wrong\"}", 401, "invalid_credentials", NULL },
    { "{\"login\":\"nobody\",\"password\":\"demo\"}", 401, "invalid_credentials", NULL },
    { "{\"login\":\"demo\"", 400, "invalid_request", "malformed_json" },
    { "not json at all", 400, "invalid_request", "malformed_json" },
    { "", 400, "invalid_request", "malformed_json" },
    { "[1,2,3]", 400, "invalid_request", "wrong_type" },
    { "{\"login\":\"demo\"}", 400, "invalid_request", "missing_field" },
    { "{\"password\":\"demo\"}", 400, "invalid_request", "missing_field" },
    { "{\"login\":\"\",\"password\":\"demo\"}", 400, "invalid_request", "missing_field" },
    { "{\"login\":42,\"password\":\"demo\"}", 400, "invalid_request", "wrong_type" },
    { "{\"login\":\"demo\",\"password\":null}", 400, "invalid_request", "missing_field" },
    { "{\"login\":\"demo\",\"password\":[\"demo\"]}", 400, "invalid_request", "wrong_type" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KbReply) reply = kb_http (f, "POST", "/api/v1/session", NULL,
                                          *cases[i].body != '\0' ? cases[i].body : NULL, NULL);

      g_test_message ("case %u: %s", i, cases[i].body);
      g_assert_cmpuint (reply->status, ==, cases[i].status);
      g_assert_cmpstr (kb_reply_error_code (reply), ==, cases[i].code);
      if (cases[i].reason != NULL)
        g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (kb_reply_object (reply), "error"), "reason"),
                         ==, cases[i].reason);
    }

  /* An over-long login is a 400 too_long, not a database lookup. */
  {
    g_autofree char *login = g_strnfill (500, 'a');
    g_autofree char *body = g_strdup_printf ("{\"login\":\"%s\",\"password\":\"x\"}", login);
    g_autoptr(KbReply) reply = kb_http (f, "POST", "/api/v1/session", NULL, body, NULL);

    g_assert_cmpuint (reply->status, ==, 400);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (kb_reply_object (reply), "error"), "reason"),
                     ==, "too_long");
  }
}

/* Signs in from @address (any of 127.0.0.0/8) on a connection of its own.
 * Returns the status. */
static guint
sign_in_from (Fixture *f, const char *address, const char *login, const char *password,
              gint64 *retry_after)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);
  g_autoptr(GSocketAddress) local = g_inet_socket_address_new (inet, 0);
  g_autofree char *body = g_strdup_printf ("{\"login\":\"%s\",\"password\":\"%s\"}",
                                           login, password);
  g_autoptr(KbReply) reply = NULL;
  Fixture from = *f;

  from.session = soup_session_new_with_options ("timeout", 20, "local-address", local, NULL);
  reply = kb_http (&from, "POST", "/api/v1/session", NULL, body, NULL);
  g_object_unref (from.session);
  g_assert_no_error (reply->error);
  if (retry_after != NULL)
    *retry_after = kb_reply_header (reply, "Retry-After") != NULL
                   ? g_ascii_strtoll (kb_reply_header (reply, "Retry-After"), NULL, 10) : 0;
  if (reply->status == 429)
    g_assert_cmpstr (kb_reply_error_code (reply), ==, "too_many_attempts");
  return reply->status;
}

/* Issue 16, item 10: five wrong passwords locked the owner out for five
 * minutes, and spraying across logins was not limited at all. */
static void
test_rate_limit (Fixture *f, gconstpointer data)
{
  g_autoptr(GDateTime) start = kb_test_date (2025, 5, 14, 10);
  g_autoptr(GDateTime) later = NULL;
  gint64 retry = 0;
  guint n_401 = 0;

  kb_server_set_now (f->server, start);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpuint (sign_in_from (f, "127.0.0.2", "demo", "guess", NULL), ==, 401);

  /* That address now waits, with a Retry-After, right password or not... */
  g_assert_cmpuint (sign_in_from (f, "127.0.0.2", "demo", "demo", &retry), ==, 429);
  g_assert_cmpint (retry, ==, 1);

  /* ...but the owner, elsewhere, signs in. */
  g_assert_cmpuint (sign_in_from (f, "127.0.0.3", "demo", "demo", NULL), ==, 201);

  /* The wait doubles with each failure after it. */
  later = g_date_time_add_seconds (start, 1);
  kb_server_set_now (f->server, later);
  g_assert_cmpuint (sign_in_from (f, "127.0.0.2", "demo", "guess", NULL), ==, 401);
  g_assert_cmpuint (sign_in_from (f, "127.0.0.2", "demo", "guess", &retry), ==, 429);
  g_assert_cmpint (retry, ==, 2);

  /* Spraying one password over many logins from one address is held to
   * the same few tries. */
  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *login = g_strdup_printf ("user%u", i);

      if (sign_in_from (f, "127.0.0.4", login, "123456", NULL) == 401)
        n_401++;
    }
  g_test_message ("one address spraying 30 logins: %u tries evaluated", n_401);
  g_assert_cmpuint (n_401, ==, 5);

  /* Spread over many addresses, the shared budget holds: 60 a minute. */
  n_401 = 0;
  for (guint i = 0; i < 20; i++)
    for (guint j = 0; j < 5; j++)
      {
        g_autofree char *address = g_strdup_printf ("127.0.1.%u", i + 1);
        g_autofree char *login = g_strdup_printf ("user%u", j);

        if (sign_in_from (f, address, login, "123456", NULL) == 401)
          n_401++;
      }
  g_test_message ("20 addresses spraying 5 logins each: %u tries evaluated", n_401);
  g_assert_cmpuint (n_401, <, 60);

  /* Once the window has passed, the right password works again. */
  g_clear_pointer (&later, g_date_time_unref);
  later = g_date_time_add_minutes (start, 6);
  kb_server_set_now (f->server, later);
  g_assert_cmpuint (sign_in_from (f, "127.0.0.2", "demo", "demo", NULL), ==, 201);
}

/* The throttle remembers an address only while its failures count. */
static void
test_rate_limit_table (Fixture *f, gconstpointer data)
{
  g_autoptr(GDateTime) start = kb_test_date (2025, 5, 14, 10);
  g_autoptr(GDateTime) later = g_date_time_add_minutes (start, 6);

  kb_server_set_now (f->server, start);
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *address = g_strdup_printf ("127.0.2.%u", i + 1);

      g_assert_cmpuint (sign_in_from (f, address, "demo", "guess", NULL), ==, 401);
    }
  g_assert_cmpuint (kb_server_count_sign_in_records (f->server), ==, 20);

  kb_server_set_now (f->server, later);
  g_assert_cmpuint (sign_in_from (f, "127.0.2.100", "demo", "guess", NULL), ==, 401);
  g_test_message ("sign-in records: 20, then %u once their window passed",
                  kb_server_count_sign_in_records (f->server));
  g_assert_cmpuint (kb_server_count_sign_in_records (f->server), ==, 1);
}

static void
test_logout (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  g_autofree char *second = kb_sign_in (f, "demo", "demo");
  g_autoptr(KbReply) before = kb_http (f, "GET", "/api/v1/client", token, NULL, NULL);
  g_autoptr(KbReply) out = kb_http (f, "DELETE", "/api/v1/session", token, NULL, NULL);
  g_autoptr(KbReply) after = kb_http (f, "GET", "/api/v1/client", token, NULL, NULL);
  g_autoptr(KbReply) again = kb_http (f, "DELETE", "/api/v1/session", token, NULL, NULL);
  g_autoptr(KbReply) other = kb_http (f, "GET", "/api/v1/client", second, NULL, NULL);

  g_assert_cmpuint (before->status, ==, 200);
  g_assert_cmpuint (out->status, ==, 204);
  g_assert_cmpuint (g_bytes_get_size (out->body), ==, 0);
  g_assert_cmpuint (after->status, ==, 401);
  g_assert_cmpstr (kb_reply_error_code (after), ==, "unauthorized");
  g_assert_cmpuint (again->status, ==, 401);
  /* Signing out ends that session only. */
  g_assert_cmpuint (other->status, ==, 200);
}

static void
test_token_expiry (Fixture *f, gconstpointer data)
{
  g_autoptr(GDateTime) start = kb_test_date (2025, 5, 14, 10);
  g_autoptr(GDateTime) almost = g_date_time_add_minutes (start, 59);
  g_autoptr(GDateTime) after = g_date_time_add_minutes (start, 61);
  g_autofree char *token = NULL;

  kb_server_set_now (f->server, start);
  kb_server_set_token_lifetime (f->server, G_TIME_SPAN_HOUR);
  token = kb_sign_in (f, "demo", "demo");

  kb_server_set_now (f->server, almost);
  {
    g_autoptr(KbReply) reply = kb_http (f, "GET", "/api/v1/client", token, NULL, NULL);
    g_assert_cmpuint (reply->status, ==, 200);
  }

  kb_server_set_now (f->server, after);
  {
    g_autoptr(KbReply) reply = kb_http (f, "GET", "/api/v1/client", token, NULL, NULL);
    g_assert_cmpuint (reply->status, ==, 401);
    g_assert_cmpstr (kb_reply_error_code (reply), ==, "token_expired");
    g_assert_nonnull (kb_reply_header (reply, "WWW-Authenticate"));
  }

  /* A made-up token is "unauthorized", not "expired". */
  {
    g_autoptr(KbReply) reply = kb_http (f, "GET", "/api/v1/client", "made-up", NULL, NULL);
    g_assert_cmpuint (reply->status, ==, 401);
    g_assert_cmpstr (kb_reply_error_code (reply), ==, "unauthorized");
  }
  {
    g_autoptr(KbReply) reply = kb_http (f, "GET", "/api/v1/client", NULL, NULL, NULL);
    g_assert_cmpuint (reply->status, ==, 401);
    g_assert_cmpstr (kb_reply_error_code (reply), ==, "unauthorized");
  }
}

static void
test_client (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  g_autoptr(KbReply) reply = kb_http (f, "GET", "/api/v1/client", token, NULL, NULL);
  JsonObject *object, *balance, *contract, *delivery;
  JsonArray *accounts;
  const char *etag;

  g_assert_cmpuint (reply->status, ==, 200);
  object = kb_reply_object (reply);
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "ООО «Белтехсервис»");
  g_assert_true (kb_unp_is_valid (json_object_get_string_member (object, "unp")));
  g_assert_cmpuint (strlen (json_object_get_string_member (object, "okpo")), ==, 8);
  g_assert_nonnull (json_object_get_string_member (object, "legal_address"));
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "active");
  g_assert_cmpstr (json_object_get_string_member (object, "payment_form"), ==, "credit");

  balance = json_object_get_object_member (object, "balance");
  g_assert_cmpstr (json_object_get_string_member (balance, "currency"), ==, "BYN");
  g_assert_true (JSON_NODE_TYPE (json_object_get_member (balance, "amount_minor")) == JSON_NODE_VALUE);
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (balance, "amount_minor")), ==, G_TYPE_INT64);

  contract = json_object_get_object_member (object, "contract");
  g_assert_nonnull (json_object_get_string_member (contract, "number"));
  {
    g_autofree char *date = g_strconcat (json_object_get_string_member (contract, "date"), "T00:00:00Z", NULL);
    g_autoptr(GDateTime) parsed = g_date_time_new_from_iso8601 (date, NULL);
    g_assert_nonnull (parsed);
  }

  delivery = json_object_get_object_member (object, "invoice_delivery");
  g_assert_cmpstr (json_object_get_string_member (delivery, "method"), ==, "email");

  accounts = json_object_get_array_member (object, "bank_accounts");
  g_assert_cmpuint (json_array_get_length (accounts), ==, 2);
  for (guint i = 0; i < json_array_get_length (accounts); i++)
    {
      JsonObject *account = json_array_get_object_element (accounts, i);
      const char *iban = json_object_get_string_member (account, "iban");
      const char *bic = json_object_get_string_member (account, "bic");

      g_test_message ("IBAN %s", iban);
      g_assert_true (kb_iban_is_valid_by (iban));
      /* The IBAN's bank code is the BIC's first four letters. */
      g_assert_true (strncmp (iban + 4, bic, 4) == 0);
      g_assert_nonnull (json_object_get_string_member (account, "bank_name"));
    }

  /* A strong ETag, and 304 with no body for it. */
  etag = kb_reply_header (reply, "ETag");
  g_assert_nonnull (etag);
  g_assert_true (etag[0] == '"');
  {
    g_autoptr(KbReply) again = kb_http (f, "GET", "/api/v1/client", token, NULL,
                                        "If-None-Match", etag, NULL);
    g_assert_cmpuint (again->status, ==, 304);
    g_assert_cmpuint (g_bytes_get_size (again->body), ==, 0);
    g_assert_cmpstr (kb_reply_header (again, "ETag"), ==, etag);
  }
  {
    g_autoptr(KbReply) stale = kb_http (f, "GET", "/api/v1/client", token, NULL,
                                        "If-None-Match", "\"stale\"", NULL);
    g_assert_cmpuint (stale->status, ==, 200);
    g_assert_nonnull (stale->json);
  }
}

static void
test_invoice_delivery (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  g_autoptr(KbReply) first = kb_http (f, "GET", "/api/v1/client", token, NULL, NULL);
  g_autoptr(KbReply) put = kb_http (f, "PUT", "/api/v1/client/invoice-delivery", token,
                                    "{\"method\":\"post\",\"address\":\"220030, г. Минск, а/я 15\"}", NULL);
  g_autoptr(KbReply) bad_email = kb_http (f, "PUT", "/api/v1/client/invoice-delivery", token,
                                          "{\"method\":\"email\",\"address\":\"not an address\"}", NULL);
  g_autoptr(KbReply) bad_method = kb_http (f, "PUT", "/api/v1/client/invoice-delivery", token,
                                           "{\"method\":\"pigeon\"}", NULL);
  g_autoptr(KbReply) after = NULL;
  JsonObject *delivery;

  g_assert_cmpuint (put->status, ==, 200);
  delivery = json_object_get_object_member (kb_reply_object (put), "invoice_delivery");
  g_assert_cmpstr (json_object_get_string_member (delivery, "method"), ==, "post");
  g_assert_cmpuint (bad_email->status, ==, 400);
  g_assert_cmpuint (bad_method->status, ==, 400);

  /* The profile changed, so the old ETag no longer matches. */
  after = kb_http (f, "GET", "/api/v1/client", token, NULL,
                   "If-None-Match", kb_reply_header (first, "ETag"), NULL);
  g_assert_cmpuint (after->status, ==, 200);
  g_assert_cmpstr (kb_reply_header (after, "ETag"), !=, kb_reply_header (first, "ETag"));
}

static void
test_tenant_isolation (Fixture *f, gconstpointer data)
{
  g_autofree char *token1 = kb_sign_in (f, "demo", "demo");
  g_autofree char *token2 = kb_sign_in (f, "demo2", "demo2");
  g_autoptr(KbReply) one = kb_http (f, "GET", "/api/v1/client", token1, NULL, NULL);
  g_autoptr(KbReply) two = kb_http (f, "GET", "/api/v1/client", token2, NULL, NULL);
  g_autoptr(KbReply) cross = NULL;

  g_assert_cmpuint (two->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (kb_reply_object (one), "id"), !=,
                   json_object_get_string_member (kb_reply_object (two), "id"));
  g_assert_cmpstr (json_object_get_string_member (kb_reply_object (two), "name"), ==,
                   "ЧТУП «Гродненские окна»");

  /* One client's ETag says nothing about the other's data. */
  cross = kb_http (f, "GET", "/api/v1/client", token2, NULL,
                   "If-None-Match", kb_reply_header (one, "ETag"), NULL);
  g_assert_cmpuint (cross->status, ==, 200);
}

static void
test_add_client (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autoptr(KbReply) reply = NULL;

  /* An empty server knows nobody. */
  {
    g_autoptr(KbReply) none = kb_http (f, "POST", "/api/v1/session", NULL,
                                       "{\"login\":\"demo\",\"password\":\"demo\"}", NULL);
    g_assert_cmpuint (none->status, ==, 401);
  }

  g_assert_true (kb_server_add_client (f->server, "alice", "s3cret", &error));
  g_assert_no_error (error);
  g_assert_false (kb_server_add_client (f->server, "alice", "other", &error));
  g_assert_error (error, KB_SERVER_ERROR, KB_SERVER_ERROR_EXISTS);

  token = kb_sign_in (f, "alice", "s3cret");
  reply = kb_http (f, "GET", "/api/v1/client", token, NULL, NULL);
  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_true (kb_unp_is_valid (json_object_get_string_member (kb_reply_object (reply), "unp")));
  g_assert_true (kb_iban_is_valid_by (json_object_get_string_member (
    json_array_get_object_element (json_object_get_array_member (kb_reply_object (reply), "bank_accounts"), 0),
    "iban")));
}

static void
test_routing (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  g_autoptr(KbReply) unknown = kb_http (f, "GET", "/api/v1/nothing-here", token, NULL, NULL);
  g_autoptr(KbReply) root = kb_http (f, "GET", "/", NULL, NULL, NULL);
  g_autoptr(KbReply) method = kb_http (f, "PATCH", "/api/v1/client", token, NULL, NULL);
  g_autoptr(KbReply) session_get = kb_http (f, "GET", "/api/v1/session", NULL, NULL, NULL);

  g_assert_cmpuint (unknown->status, ==, 404);
  g_assert_cmpstr (kb_reply_error_code (unknown), ==, "not_found");
  g_assert_cmpuint (root->status, ==, 404);
  g_assert_cmpuint (method->status, ==, 405);
  g_assert_cmpstr (kb_reply_error_code (method), ==, "method_not_allowed");
  g_assert_nonnull (strstr (kb_reply_header (method, "Allow"), "GET"));
  g_assert_cmpuint (session_get->status, ==, 405);
  g_assert_nonnull (strstr (kb_reply_header (session_get, "Allow"), "POST"));
  g_assert_nonnull (strstr (kb_reply_header (session_get, "Allow"), "DELETE"));
}

static void
test_fault_500 (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_sign_in (f, "demo", "demo");

  kb_server_set_fault (f->server, "/api/v1/client", KB_SERVER_FAULT_STATUS_500);
  {
    g_autoptr(KbReply) reply = kb_http (f, "GET", "/api/v1/client", token, NULL, NULL);
    g_assert_cmpuint (reply->status, ==, 500);
    g_assert_cmpstr (kb_reply_error_code (reply), ==, "internal_error");
  }
  /* Other paths are not affected. */
  {
    g_autoptr(KbReply) reply = kb_http (f, "DELETE", "/api/v1/session", token, NULL, NULL);
    g_assert_cmpuint (reply->status, ==, 204);
  }
  kb_server_set_fault (f->server, "/api/v1/client", KB_SERVER_FAULT_NONE);
  {
    g_autofree char *again = kb_sign_in (f, "demo", "demo");
    g_autoptr(KbReply) reply = kb_http (f, "GET", "/api/v1/client", again, NULL, NULL);
    g_assert_cmpuint (reply->status, ==, 200);
  }
}

static void
test_fault_garbage (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  g_autoptr(KbReply) reply = NULL;

  kb_server_set_fault (f->server, "/api/v1/client", KB_SERVER_FAULT_GARBAGE_BODY);
  reply = kb_http (f, "GET", "/api/v1/client", token, NULL, NULL);
  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_null (reply->json);
  g_assert_cmpuint (g_bytes_get_size (reply->body), >, 0);
}

static void
test_fault_hang (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  g_autoptr(KbReply) reply = NULL;
  gint64 start;

  kb_server_set_fault (f->server, "/api/v1/client", KB_SERVER_FAULT_HANG);
  /* A session of its own: libsoup may keep the timed-out connection in its
   * pool, and the server never reads from it again. */
  {
    Fixture impatient = *f;

    impatient.session = soup_session_new_with_options ("timeout", 1, NULL);
    start = g_get_monotonic_time ();
    reply = kb_http (&impatient, "GET", "/api/v1/client", token, NULL, NULL);
    g_object_unref (impatient.session);
  }
  g_assert_error (reply->error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, G_USEC_PER_SEC / 2);

  /* The server itself still answers other requests. */
  {
    g_autoptr(KbReply) other = kb_http (f, "DELETE", "/api/v1/session", token, NULL, NULL);
    g_assert_cmpuint (other->status, ==, 204);
  }
  /* And it stops even with a request hanging (the teardown joins it). */
}

static void
test_fault_disconnect (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  g_autoptr(KbReply) reply = NULL;

  kb_server_set_fault (f->server, "/api/v1/client", KB_SERVER_FAULT_DISCONNECT);
  reply = kb_http (f, "GET", "/api/v1/client", token, NULL, NULL);
  g_assert_nonnull (reply->error);
  g_assert_cmpuint (reply->status, ==, 0);

  kb_server_set_fault (f->server, "/api/v1/client", KB_SERVER_FAULT_NONE);
  {
    g_autoptr(KbReply) again = kb_http (f, "GET", "/api/v1/client", token, NULL, NULL);
    g_assert_cmpuint (again->status, ==, 200);
  }
}

static void
test_persistence (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kb-server-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "server.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  KbServerFixture f = { 0 };

  /* A token acknowledged before a stop still works after a restart on the
   * same file; the seed is not applied twice. */
  f.thread = kb_server_thread_start (path, KB_SERVER_SEED_DEMO, &error);
  g_assert_no_error (error);
  f.url = kb_server_thread_dup_url (f.thread);
  f.session = kb_test_session_new ();
  token = kb_sign_in (&f, "demo", "demo");
  kb_server_thread_stop (f.thread);
  g_free (f.url);

  f.thread = kb_server_thread_start (path, KB_SERVER_SEED_DEMO, &error);
  g_assert_no_error (error);
  f.url = kb_server_thread_dup_url (f.thread);
  {
    g_autoptr(KbReply) reply = kb_http (&f, "GET", "/api/v1/client", token, NULL, NULL);
    g_assert_cmpuint (reply->status, ==, 200);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (kb_reply_object (reply), "bank_accounts")), ==, 2);
  }
  kb_server_fixture_teardown (&f, NULL);

  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_remove (path);
  g_rmdir (dir);
}

int
main (int argc, char *argv[])
{
  kb_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, kb_server_fixture_setup, func, kb_server_fixture_teardown)
#define ADD_EMPTY(path, func) \
  g_test_add (path, Fixture, GINT_TO_POINTER (KB_SERVER_SEED_NONE + 1), kb_server_fixture_setup, \
              func, kb_server_fixture_teardown)
  ADD ("/server/session/sign-in-ok", test_sign_in_ok);
  ADD ("/server/session/sign-in-bad", test_sign_in_bad);
  ADD ("/server/session/rate-limit", test_rate_limit);
  ADD ("/server/session/rate-limit-table", test_rate_limit_table);
  ADD ("/server/session/logout", test_logout);
  ADD ("/server/session/token-expiry", test_token_expiry);
  ADD ("/server/client/get-and-304", test_client);
  ADD ("/server/client/invoice-delivery", test_invoice_delivery);
  ADD ("/server/client/tenant-isolation", test_tenant_isolation);
  ADD_EMPTY ("/server/client/add-client", test_add_client);
  ADD ("/server/routing/404-405", test_routing);
  ADD ("/server/fault/status-500", test_fault_500);
  ADD ("/server/fault/garbage-body", test_fault_garbage);
  ADD ("/server/fault/hang", test_fault_hang);
  ADD ("/server/fault/disconnect", test_fault_disconnect);
#undef ADD
#undef ADD_EMPTY
  g_test_add_func ("/server/persistence/restart", test_persistence);

  return g_test_run ();
}
