/* test-server-sections.c — payments, invoices, installments, subscribers, renames and
 * service orders over real HTTP: the calendar rules at their edges, per-row results of
 * bulk requests up to 100 000 rows, tenant isolation on every resource, and limits. */
#include "config.h"

#include <string.h>

#include "kb-server-test.h"

typedef KbServerFixture Fixture;

static JsonArray *
member_array (KbReply *reply, const char *member)
{
  return json_object_get_array_member (kb_reply_object (reply), member);
}

static void
test_payments (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  g_autoptr(KbReply) list = kb_http (f, "GET", "/api/v1/payments", token, NULL, NULL);
  g_autoptr(KbReply) created = NULL;
  g_autoptr(KbReply) replay = NULL;
  g_autoptr(KbReply) mismatch = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *body = g_strdup_printf ("{\"date\":\"%s\",\"amount_minor\":123450,"
                                           "\"order_number\":\"777\",\"purpose\":\"Оплата услуг связи\"}", today);
  JsonArray *payments;

  g_assert_cmpuint (list->status, ==, 200);
  payments = member_array (list, "payments");
  g_assert_cmpuint (json_array_get_length (payments), >, 12);
  g_assert_nonnull (json_object_get_object_member (json_array_get_object_element (payments, 0), "amount"));

  created = kb_http (f, "POST", "/api/v1/payments/unconfirmed", token, body, "Idempotency-Key", "pay-1", NULL);
  g_assert_cmpuint (created->status, ==, 201);
  g_assert_cmpstr (json_object_get_string_member (kb_reply_object (created), "status"), ==, "unconfirmed");
  replay = kb_http (f, "POST", "/api/v1/payments/unconfirmed", token, body, "Idempotency-Key", "pay-1", NULL);
  g_assert_cmpuint (replay->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (kb_reply_object (replay), "id"), ==,
                   json_object_get_string_member (kb_reply_object (created), "id"));
  mismatch = kb_http (f, "POST", "/api/v1/payments/unconfirmed", token,
                      "{\"date\":\"2024-01-01\",\"amount_minor\":1,\"order_number\":\"1\",\"purpose\":\"x\"}",
                      "Idempotency-Key", "pay-1", NULL);
  g_assert_cmpuint (mismatch->status, ==, 422);

  /* Period filter, inclusive, and bad input. */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/payments?from=%s&to=%s", today, today);
    g_autoptr(KbReply) day = kb_http (f, "GET", path, token, NULL, NULL);
    g_autoptr(KbReply) bad = kb_http (f, "GET", "/api/v1/payments?from=2024-02-30", token, NULL, NULL);
    g_autoptr(KbReply) reversed = kb_http (f, "GET", "/api/v1/payments?from=2024-05-01&to=2024-04-01", token, NULL, NULL);
    g_autoptr(KbReply) negative = kb_http (f, "POST", "/api/v1/payments/unconfirmed", token,
                                           "{\"date\":\"2024-01-01\",\"amount_minor\":-5,\"order_number\":\"1\",\"purpose\":\"x\"}", NULL);
    g_autoptr(KbReply) future = kb_http (f, "POST", "/api/v1/payments/unconfirmed", token,
                                         "{\"date\":\"2999-01-01\",\"amount_minor\":5,\"order_number\":\"1\",\"purpose\":\"x\"}", NULL);
    g_autoptr(KbReply) as_float = kb_http (f, "POST", "/api/v1/payments/unconfirmed", token,
                                           "{\"date\":\"2024-01-01\",\"amount_minor\":12.5,\"order_number\":\"1\",\"purpose\":\"x\"}", NULL);

    g_assert_cmpuint (json_array_get_length (member_array (day, "payments")), ==, 1);
    g_assert_cmpuint (bad->status, ==, 400);
    g_assert_cmpuint (reversed->status, ==, 400);
    g_assert_cmpuint (negative->status, ==, 400);
    g_assert_cmpuint (future->status, ==, 400);
    g_assert_cmpuint (as_float->status, ==, 400);
  }
}

static char *
first_invoice (Fixture *f, const char *token)
{
  g_autoptr(KbReply) list = kb_http (f, "GET", "/api/v1/invoices", token, NULL, NULL);

  g_assert_cmpuint (list->status, ==, 200);
  return g_strdup (json_object_get_string_member (json_array_get_object_element (member_array (list, "invoices"), 0), "id"));
}

static void
test_invoices (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  g_autofree char *token2 = kb_sign_in (f, "demo2", "demo2");
  g_autofree char *id = first_invoice (f, token);
  g_autofree char *email_path = g_strdup_printf ("/api/v1/invoices/%s/email", id);
  g_autofree char *document_path = g_strdup_printf ("/api/v1/invoices/%s/document", id);
  static const struct { int day; gboolean open; const char *reopens; } days[] = {
    { 1, FALSE, "2025-03-04" }, { 2, FALSE, "2025-03-04" }, { 3, FALSE, "2025-03-04" },
    { 4, TRUE, NULL }, { 31, TRUE, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    {
      g_autoptr(GDateTime) now = kb_test_date (2025, 3, days[i].day, 9);
      g_autoptr(KbReply) reply = NULL;
      g_autoptr(KbReply) list = NULL;

      kb_server_set_now (f->server, now);
      reply = kb_http (f, "POST", email_path, token, "{\"email\":\"buh@beltechservice.by\"}", NULL);
      list = kb_http (f, "GET", "/api/v1/invoices", token, NULL, NULL);
      g_test_message ("March %d", days[i].day);
      g_assert_cmpint (json_object_get_boolean_member (json_object_get_object_member (kb_reply_object (list), "ordering"), "open"),
                       ==, days[i].open);
      if (days[i].open)
        {
          g_assert_cmpuint (reply->status, ==, 202);
        }
      else
        {
          JsonObject *error;

          g_assert_cmpuint (reply->status, ==, 409);
          g_assert_cmpstr (kb_reply_error_code (reply), ==, "invoice_period_closed");
          error = json_object_get_object_member (kb_reply_object (reply), "error");
          g_assert_cmpstr (json_object_get_string_member (error, "reopens_on"), ==, days[i].reopens);
          g_assert_true (g_str_has_prefix (json_object_get_string_member (error, "reopens_at"), "2025-03-04T00:00:00"));
        }
    }

  /* Just before midnight UTC on the 3rd it is already the 4th in Minsk. */
  {
    g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
    g_autoptr(GDateTime) now = g_date_time_new (utc, 2025, 3, 3, 22, 30, 0);
    g_autoptr(KbReply) reply = NULL;

    kb_server_set_now (f->server, now);
    reply = kb_http (f, "POST", email_path, token, "{\"email\":\"buh@beltechservice.by\"}", NULL);
    g_assert_cmpuint (reply->status, ==, 202);
  }

  {
    g_autoptr(KbReply) bad = kb_http (f, "POST", email_path, token, "{\"email\":\"nope\"}", NULL);
    g_autoptr(KbReply) other = kb_http (f, "POST", email_path, token2, "{\"email\":\"a@b.by\"}", NULL);
    g_autoptr(KbReply) pdf = kb_http (f, "GET", document_path, token, NULL, NULL);
    g_autoptr(KbReply) other_pdf = kb_http (f, "GET", document_path, token2, NULL, NULL);

    g_assert_cmpuint (bad->status, ==, 400);
    g_assert_cmpuint (other->status, ==, 404);
    g_assert_cmpuint (pdf->status, ==, 200);
    g_assert_cmpstr (kb_reply_header (pdf, "Content-Type"), ==, "application/pdf");
    g_assert_true (memcmp (g_bytes_get_data (pdf->body, NULL), "%PDF-", 5) == 0);
    g_assert_cmpuint (other_pdf->status, ==, 404);
  }
}

static void
test_installments (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  g_autoptr(KbReply) reply = kb_http (f, "GET", "/api/v1/installments", token, NULL, NULL);
  JsonArray *items = member_array (reply, "installments");
  JsonObject *first;

  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (items), >, 0);
  first = json_array_get_object_element (items, 0);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (first, "number"), "+375"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (first, "remaining"), "amount_minor"), ==,
                   json_object_get_int_member (json_object_get_object_member (first, "monthly_payment"), "amount_minor") *
                   json_object_get_int_member (first, "payments_left"));
}

static void
test_subscribers (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  g_autofree char *token2 = kb_sign_in (f, "demo2", "demo2");
  g_autoptr(KbReply) page = kb_http (f, "GET", "/api/v1/subscribers?offset=10&limit=5", token, NULL, NULL);
  g_autoptr(KbReply) all = kb_http (f, "GET", "/api/v1/subscribers?limit=1000", token, NULL, NULL);
  JsonObject *first;
  const char *id, *name;

  g_assert_cmpuint (page->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (member_array (page, "subscribers")), ==, 5);
  g_assert_cmpint (json_object_get_int_member (kb_reply_object (page), "total"), ==, 300);
  g_assert_cmpuint (json_array_get_length (member_array (all, "subscribers")), ==, 300);

  first = json_array_get_object_element (member_array (page, "subscribers"), 0);
  id = json_object_get_string_member (first, "id");
  name = json_object_get_string_member (first, "name");

  /* Search by a part of the number and, case-insensitively, of a Cyrillic name. */
  {
    g_autofree char *surname = g_utf8_strup (name, 5);
    g_autofree char *escaped = g_uri_escape_string (surname, NULL, FALSE);
    g_autofree char *path = g_strdup_printf ("/api/v1/subscribers?query=%s", escaped);
    g_autoptr(KbReply) found = kb_http (f, "GET", path, token, NULL, NULL);
    g_autoptr(KbReply) by_number = kb_http (f, "GET", "/api/v1/subscribers?query=%2B37529100000", token, NULL, NULL);
    g_autoptr(KbReply) none = kb_http (f, "GET", "/api/v1/subscribers?query=%25%25", token, NULL, NULL);

    g_assert_cmpint (json_object_get_int_member (kb_reply_object (found), "total"), >, 0);
    g_assert_cmpint (json_object_get_int_member (kb_reply_object (by_number), "total"), >, 0);
    g_assert_cmpint (json_object_get_int_member (kb_reply_object (none), "total"), ==, 0);
  }

  {
    g_autofree char *path = g_strdup_printf ("/api/v1/subscribers/%s", id);
    g_autoptr(KbReply) one = kb_http (f, "GET", path, token, NULL, NULL);
    g_autoptr(KbReply) other = kb_http (f, "GET", path, token2, NULL, NULL);
    g_autoptr(KbReply) bad_limit = kb_http (f, "GET", "/api/v1/subscribers?limit=10001", token, NULL, NULL);

    g_assert_cmpuint (one->status, ==, 200);
    g_assert_nonnull (json_object_get_array_member (kb_reply_object (one), "services"));
    g_assert_cmpuint (other->status, ==, 404);
    g_assert_cmpuint (bad_limit->status, ==, 400);
  }

  /* demo2 sees its 40 only. */
  {
    g_autoptr(KbReply) theirs = kb_http (f, "GET", "/api/v1/subscribers", token2, NULL, NULL);
    g_assert_cmpint (json_object_get_int_member (kb_reply_object (theirs), "total"), ==, 40);
  }
}

static char *
subscriber_field (Fixture *f, const char *token, guint index, const char *field)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/subscribers?offset=%u&limit=1", index);
  g_autoptr(KbReply) reply = kb_http (f, "GET", path, token, NULL, NULL);

  return g_strdup (json_object_get_string_member (json_array_get_object_element (member_array (reply, "subscribers"), 0),
                                                  field));
}

static void
test_rename (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  g_autofree char *id = subscriber_field (f, token, 0, "id");
  g_autofree char *path = g_strdup_printf ("/api/v1/subscribers/%s/rename", id);
  g_autofree char *get_path = g_strdup_printf ("/api/v1/subscribers/%s", id);
  /* The last two days of 28-, 29-, 30- and 31-day months are closed; the
   * day before them is open. */
  static const struct { int year, month, day; gboolean open; } days[] = {
    { 2025, 2, 26, TRUE }, { 2025, 2, 27, FALSE }, { 2025, 2, 28, FALSE },
    { 2024, 2, 27, TRUE }, { 2024, 2, 28, FALSE }, { 2024, 2, 29, FALSE },
    { 2025, 4, 28, TRUE }, { 2025, 4, 29, FALSE }, { 2025, 4, 30, FALSE },
    { 2025, 3, 29, TRUE }, { 2025, 3, 30, FALSE }, { 2025, 3, 31, FALSE },
    { 2025, 3, 1, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    {
      g_autoptr(GDateTime) now = kb_test_date (days[i].year, days[i].month, days[i].day, 12);
      g_autoptr(KbReply) reply = NULL;

      kb_server_set_now (f->server, now);
      reply = kb_http (f, "POST", path, token, "{\"name\":\"Отдел продаж\"}", NULL);
      g_test_message ("%d-%02d-%02d", days[i].year, days[i].month, days[i].day);
      if (days[i].open)
        g_assert_cmpuint (reply->status, ==, 202);
      else
        {
          g_autofree char *expected = g_strdup_printf ("%d-%02d-01", days[i].month == 12 ? days[i].year + 1 : days[i].year,
                                                       days[i].month % 12 + 1);
          g_assert_cmpuint (reply->status, ==, 409);
          g_assert_cmpstr (kb_reply_error_code (reply), ==, "rename_window_closed");
          g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (kb_reply_object (reply), "error"),
                                                          "reopens_on"), ==, expected);
        }
    }

  /* The new name is pending for 24 hours, then it is the name. */
  {
    g_autoptr(GDateTime) now = kb_test_date (2025, 6, 10, 12);
    g_autoptr(GDateTime) later = g_date_time_add_hours (now, 25);
    g_autoptr(KbReply) accepted = NULL;
    g_autoptr(KbReply) after = NULL;

    kb_server_set_now (f->server, now);
    accepted = kb_http (f, "POST", path, token, "{\"name\":\"  Склад, Иванов И.  \"}", NULL);
    g_assert_cmpuint (accepted->status, ==, 202);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (kb_reply_object (accepted), "pending_rename"),
                                                    "name"), ==, "Склад, Иванов И.");
    kb_server_set_now (f->server, later);
    after = kb_http (f, "GET", get_path, token, NULL, NULL);
    g_assert_cmpstr (json_object_get_string_member (kb_reply_object (after), "name"), ==, "Склад, Иванов И.");
    g_assert_false (json_object_has_member (kb_reply_object (after), "pending_rename"));
  }

  {
    g_autofree char *long_name = g_strnfill (101, 'x');
    g_autofree char *body = g_strdup_printf ("{\"name\":\"%s\"}", long_name);
    g_autoptr(KbReply) too_long = kb_http (f, "POST", path, token, body, NULL);
    g_autoptr(KbReply) empty = kb_http (f, "POST", path, token, "{\"name\":\"   \"}", NULL);
    g_autofree char *token2 = kb_sign_in (f, "demo2", "demo2");
    g_autoptr(KbReply) other = kb_http (f, "POST", path, token2, "{\"name\":\"Чужой\"}", NULL);

    g_assert_cmpuint (too_long->status, ==, 400);
    g_assert_cmpuint (empty->status, ==, 400);
    g_assert_cmpuint (other->status, ==, 404);
  }
}

static void
test_rename_batch (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  g_autofree char *n0 = subscriber_field (f, token, 0, "number");
  g_autofree char *n1 = subscriber_field (f, token, 1, "number");
  g_autofree char *body = g_strdup_printf ("{\"rows\":["
                                           "{\"number\":\"%s\",\"name\":\"Бухгалтерия\"},"
                                           "{\"number\":\"+37529123\",\"name\":\"Короткий\"},"
                                           "{\"number\":\"%s\",\"name\":\"Ещё раз\"},"
                                           "{\"number\":\"+375299999999\",\"name\":\"Чужой\"},"
                                           "{\"number\":\"%s\",\"name\":\"\"},"
                                           "{\"number\":5},"
                                           "{\"number\":\"%s\",\"name\":\"Склад\"}]}", n0, n0, n1, n1);
  g_autoptr(GDateTime) now = kb_test_date (2025, 6, 10, 12);
  g_autoptr(KbReply) reply = NULL;
  g_autoptr(KbReply) strict = NULL;
  g_autoptr(KbReply) history = NULL;
  static const char * const expected[] = {
    "accepted", "invalid_number", "duplicate_row", "unknown_subscriber", "empty_name", "invalid_row", "accepted",
  };
  JsonArray *results;

  kb_server_set_now (f->server, now);
  reply = kb_http (f, "POST", "/api/v1/rename-batches", token, body, NULL);
  g_assert_cmpuint (reply->status, ==, 201);
  results = member_array (reply, "results");
  g_assert_cmpuint (json_array_get_length (results), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      JsonObject *result = json_array_get_object_element (results, i);
      const char *code = json_object_has_member (result, "code") ? json_object_get_string_member (result, "code")
                                                                   : json_object_get_string_member (result, "status");
      g_assert_cmpint (json_object_get_int_member (result, "row"), ==, i + 1);
      g_assert_cmpstr (code, ==, expected[i]);
    }
  g_assert_cmpint (json_object_get_int_member (kb_reply_object (reply), "accepted"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (kb_reply_object (reply), "rejected"), ==, 5);

  /* All or nothing: one bad row refuses all. */
  {
    g_autofree char *strict_body = g_strdup_printf ("{\"all_or_nothing\":true,\"rows\":["
                                                    "{\"number\":\"%s\",\"name\":\"Новое\"},"
                                                    "{\"number\":\"bad\",\"name\":\"x\"}]}", n0);
    strict = kb_http (f, "POST", "/api/v1/rename-batches", token, strict_body, NULL);
    g_assert_cmpuint (strict->status, ==, 422);
    g_assert_cmpstr (kb_reply_error_code (strict), ==, "batch_rejected");
    g_assert_false (json_object_get_boolean_member (kb_reply_object (strict), "applied"));
  }

  history = kb_http (f, "GET", "/api/v1/rename-batches", token, NULL, NULL);
  g_assert_cmpuint (json_array_get_length (member_array (history, "batches")), ==, 1);

  /* Closed at the end of the month, as single renames. */
  {
    g_autoptr(GDateTime) closed = kb_test_date (2025, 6, 30, 12);
    g_autoptr(KbReply) refused = NULL;

    kb_server_set_now (f->server, closed);
    refused = kb_http (f, "POST", "/api/v1/rename-batches", token, body, NULL);
    g_assert_cmpuint (refused->status, ==, 409);
    g_assert_cmpstr (kb_reply_error_code (refused), ==, "rename_window_closed");
  }
  {
    g_autoptr(KbReply) empty = kb_http (f, "POST", "/api/v1/rename-batches", token, "{\"rows\":[]}", NULL);
    g_autoptr(KbReply) wrong = kb_http (f, "POST", "/api/v1/rename-batches", token, "{\"rows\":{}}", NULL);
    g_assert_cmpuint (empty->status, ==, 400);
    g_assert_cmpuint (wrong->status, ==, 400);
  }
}

/* The history: each batch with its rows (pending for 24 hours, then done;
 * rejected with the code), single renames as one-row batches, newest first;
 * never another client's. */
static void
test_rename_history (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  g_autofree char *id0 = subscriber_field (f, token, 0, "id");
  g_autofree char *n0 = subscriber_field (f, token, 0, "number");
  g_autofree char *n1 = subscriber_field (f, token, 1, "number");
  g_autofree char *rename_path = g_strdup_printf ("/api/v1/subscribers/%s/rename", id0);
  g_autofree char *body = g_strdup_printf ("{\"rows\":[{\"number\":\"%s\",\"name\":\" Бухгалтерия \"},"
                                           "{\"number\":\"+375299999999\",\"name\":\"Чужой\"}]}", n1);
  g_autoptr(GDateTime) now = kb_test_date (2025, 6, 10, 12);
  g_autoptr(GDateTime) later = g_date_time_add_hours (now, 1);
  g_autoptr(GDateTime) next_day = g_date_time_add_hours (now, 26);
  g_autoptr(KbReply) created = NULL;
  g_autoptr(KbReply) single = NULL;
  g_autoptr(KbReply) list = NULL;
  g_autoptr(KbReply) batch = NULL;
  g_autoptr(KbReply) done = NULL;
  g_autofree char *batch_path = NULL;
  JsonArray *batches, *rows;
  JsonObject *row;

  kb_server_set_now (f->server, now);
  created = kb_http (f, "POST", "/api/v1/rename-batches", token, body, NULL);
  g_assert_cmpuint (created->status, ==, 201);
  batch_path = g_strdup_printf ("/api/v1/rename-batches/%s",
                                json_object_get_string_member (kb_reply_object (created), "id"));
  kb_server_set_now (f->server, later);
  single = kb_http (f, "POST", rename_path, token, "{\"name\":\"Директор\"}", NULL);
  g_assert_cmpuint (single->status, ==, 202);

  list = kb_http (f, "GET", "/api/v1/rename-batches", token, NULL, NULL);
  batches = member_array (list, "batches");
  g_assert_cmpuint (json_array_get_length (batches), ==, 2);
  row = json_array_get_object_element (batches, 0);
  g_assert_cmpstr (json_object_get_string_member (row, "kind"), ==, "single");
  g_assert_cmpstr (json_object_get_string_member (row, "number"), ==, n0);
  g_assert_cmpstr (json_object_get_string_member (row, "name"), ==, "Директор");
  g_assert_cmpstr (json_object_get_string_member (row, "status"), ==, "pending");
  row = json_array_get_object_element (batches, 1);
  g_assert_cmpstr (json_object_get_string_member (row, "kind"), ==, "list");
  g_assert_false (json_object_has_member (row, "number"));
  g_assert_cmpint (json_object_get_int_member (row, "total"), ==, 2);

  batch = kb_http (f, "GET", batch_path, token, NULL, NULL);
  g_assert_cmpuint (batch->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (kb_reply_object (batch), "status"), ==, "pending");
  rows = member_array (batch, "rows");
  g_assert_cmpuint (json_array_get_length (rows), ==, 2);
  row = json_array_get_object_element (rows, 0);
  g_assert_cmpstr (json_object_get_string_member (row, "number"), ==, n1);
  g_assert_cmpstr (json_object_get_string_member (row, "name"), ==, "Бухгалтерия");
  g_assert_cmpstr (json_object_get_string_member (row, "status"), ==, "pending");
  g_assert_false (json_object_has_member (row, "code"));
  row = json_array_get_object_element (rows, 1);
  g_assert_cmpstr (json_object_get_string_member (row, "status"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (row, "code"), ==, "unknown_subscriber");

  /* A day later the accepted rows are done. */
  kb_server_set_now (f->server, next_day);
  done = kb_http (f, "GET", batch_path, token, NULL, NULL);
  g_assert_cmpstr (json_object_get_string_member (kb_reply_object (done), "status"), ==, "done");
  rows = member_array (done, "rows");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 0), "status"), ==, "done");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 1), "status"), ==, "rejected");

  /* Another client's batch does not exist; nor does a batch of no accepted row pass as done. */
  {
    g_autofree char *token2 = kb_sign_in (f, "demo2", "demo2");
    g_autoptr(KbReply) other = kb_http (f, "GET", batch_path, token2, NULL, NULL);
    g_autoptr(KbReply) missing = kb_http (f, "GET", "/api/v1/rename-batches/999999", token, NULL, NULL);
    g_autoptr(KbReply) all_bad = kb_http (f, "POST", "/api/v1/rename-batches", token,
                                          "{\"rows\":[{\"number\":\"bad\",\"name\":\"x\"}]}", NULL);
    g_autoptr(KbReply) listed = kb_http (f, "GET", "/api/v1/rename-batches", token, NULL, NULL);

    g_assert_cmpuint (other->status, ==, 404);
    g_assert_cmpuint (missing->status, ==, 404);
    g_assert_cmpuint (all_bad->status, ==, 201);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (member_array (listed, "batches"), 0),
                                                    "status"), ==, "rejected");
  }
}

static void
test_service_orders (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  g_autofree char *n0 = subscriber_field (f, token, 0, "number");
  g_autofree char *n1 = subscriber_field (f, token, 1, "number");
  g_autofree char *add = g_strdup_printf ("{\"action\":\"add\",\"service\":\"roaming\",\"subscribers\":[\"%s\",\"%s\",\"%s\",\"+375441234\"]}",
                                          n0, n1, n0);
  g_autofree char *add_again = g_strdup_printf ("{\"action\":\"add\",\"service\":\"roaming\",\"subscribers\":[\"%s\"]}", n0);
  g_autofree char *remove = g_strdup_printf ("{\"action\":\"remove\",\"service\":\"roaming\",\"subscribers\":[\"%s\",\"%s\"]}", n0, n0);
  g_autoptr(KbReply) services = kb_http (f, "GET", "/api/v1/services", token, NULL, NULL);
  g_autoptr(GDateTime) now = kb_test_date (2025, 6, 10, 12);
  g_autoptr(GDateTime) much_later = kb_test_date (2025, 9, 1, 12);
  g_autoptr(KbReply) first = NULL;

  g_assert_cmpuint (json_array_get_length (member_array (services, "services")), >, 5);

  kb_server_set_now (f->server, now);
  first = kb_http (f, "POST", "/api/v1/service-orders", token, add, NULL);
  g_assert_cmpuint (first->status, ==, 201);
  g_assert_cmpint (json_object_get_int_member (kb_reply_object (first), "accepted"), ==, 2);
  {
    g_autoptr(KbReply) again = kb_http (f, "POST", "/api/v1/service-orders", token, add_again, NULL);
    g_autoptr(KbReply) removed = kb_http (f, "POST", "/api/v1/service-orders", token, remove, NULL);
    JsonArray *results = member_array (removed, "results");

    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (member_array (again, "results"), 0), "code"),
                     ==, "already_on");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (results, 0), "status"), ==, "accepted");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (results, 1), "code"), ==, "duplicate_row");
  }
  {
    g_autoptr(KbReply) off = kb_http (f, "POST", "/api/v1/service-orders", token, remove, NULL);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (member_array (off, "results"), 0), "code"),
                     ==, "already_off");
  }
  {
    g_autoptr(KbReply) unknown = kb_http (f, "POST", "/api/v1/service-orders", token,
                                          "{\"action\":\"add\",\"service\":\"teleport\",\"subscribers\":[\"+375291000000\"]}", NULL);
    g_autoptr(KbReply) bad_action = kb_http (f, "POST", "/api/v1/service-orders", token,
                                             "{\"action\":\"toggle\",\"service\":\"roaming\",\"subscribers\":[\"+375291000000\"]}", NULL);
    g_assert_cmpuint (unknown->status, ==, 400);
    g_assert_cmpuint (bad_action->status, ==, 400);
  }

  /* History: the current and the two previous months — June's orders are
   * there in August, gone in September. */
  {
    g_autoptr(GDateTime) august = kb_test_date (2025, 8, 31, 12);
    g_autoptr(KbReply) in_august = NULL;
    g_autoptr(KbReply) in_september = NULL;

    kb_server_set_now (f->server, august);
    in_august = kb_http (f, "GET", "/api/v1/service-orders", token, NULL, NULL);
    g_assert_cmpuint (json_array_get_length (member_array (in_august, "orders")), ==, 4);
    g_assert_cmpstr (json_object_get_string_member (kb_reply_object (in_august), "from"), ==, "2025-06-01");
    kb_server_set_now (f->server, much_later);
    in_september = kb_http (f, "GET", "/api/v1/service-orders", token, NULL, NULL);
    g_assert_cmpuint (json_array_get_length (member_array (in_september, "orders")), ==, 0);
  }
}

static guint
count_orders (Fixture *f, const char *token, const char *status)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/service-orders?status=%s", status);
  g_autoptr(KbReply) reply = kb_http (f, "GET", path, token, NULL, NULL);

  g_assert_cmpuint (reply->status, ==, 200);
  return json_array_get_length (member_array (reply, "orders"));
}

/* Every order keeps each row's result and has a status; the history is
 * filtered by it, and another client never sees the order. */
static void
test_service_order_details (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  g_autofree char *other = kb_sign_in (f, "demo2", "demo2");
  g_autofree char *n0 = subscriber_field (f, token, 0, "number");
  g_autofree char *n1 = subscriber_field (f, token, 1, "number");
  g_autofree char *partial = g_strdup_printf ("{\"action\":\"add\",\"service\":\"conference\",\"subscribers\":[\"%s\",\"%s\",\"%s\",\"+375441234\"]}",
                                              n0, n1, n0);
  g_autofree char *rejected = g_strdup_printf ("{\"action\":\"add\",\"service\":\"conference\",\"subscribers\":[\"%s\"]}", n0);
  g_autofree char *done = g_strdup_printf ("{\"action\":\"remove\",\"service\":\"conference\",\"subscribers\":[\"%s\"]}", n1);
  g_autofree char *path = NULL;
  g_autoptr(KbReply) first = NULL;
  g_autoptr(KbReply) details = NULL;
  g_autoptr(KbReply) hidden = NULL;
  g_autoptr(KbReply) bad = NULL;
  JsonArray *results;

  /* Make sure neither has the service, so the first order is partial. */
  {
    g_autofree char *clear = g_strdup_printf ("{\"action\":\"remove\",\"service\":\"conference\",\"subscribers\":[\"%s\",\"%s\"]}", n0, n1);
    g_autoptr(KbReply) cleared = kb_http (f, "POST", "/api/v1/service-orders", token, clear, NULL);
    g_assert_cmpuint (cleared->status, ==, 201);
  }
  first = kb_http (f, "POST", "/api/v1/service-orders", token, partial, NULL);
  g_assert_cmpuint (first->status, ==, 201);
  g_assert_cmpstr (json_object_get_string_member (kb_reply_object (first), "status"), ==, "partial");
  {
    g_autoptr(KbReply) r = kb_http (f, "POST", "/api/v1/service-orders", token, rejected, NULL);
    g_autoptr(KbReply) d = kb_http (f, "POST", "/api/v1/service-orders", token, done, NULL);
    g_assert_cmpstr (json_object_get_string_member (kb_reply_object (r), "status"), ==, "rejected");
    g_assert_cmpstr (json_object_get_string_member (kb_reply_object (d), "status"), ==, "done");
  }

  path = g_strdup_printf ("/api/v1/service-orders/%s", json_object_get_string_member (kb_reply_object (first), "id"));
  details = kb_http (f, "GET", path, token, NULL, NULL);
  g_assert_cmpuint (details->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (kb_reply_object (details), "status"), ==, "partial");
  g_assert_cmpstr (json_object_get_string_member (kb_reply_object (details), "service_name"), ==, "Конференц-связь");
  results = member_array (details, "results");
  g_assert_cmpuint (json_array_get_length (results), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (results, 0), "status"), ==, "accepted");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (results, 1), "number"), ==, n1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (results, 2), "code"), ==, "duplicate_row");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (results, 3), "code"), ==, "invalid_number");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (results, 3), "row"), ==, 4);

  /* The clearing order is done or rejected depending on the seed. */
  g_assert_cmpuint (count_orders (f, token, "partial"), ==, 1);
  g_assert_cmpuint (count_orders (f, token, "done") + count_orders (f, token, "rejected"), ==, 3);

  hidden = kb_http (f, "GET", path, other, NULL, NULL);
  g_assert_cmpuint (hidden->status, ==, 404);
  bad = kb_http (f, "GET", "/api/v1/service-orders?status=finished", token, NULL, NULL);
  g_assert_cmpuint (bad->status, ==, 400);
}

/* 100 000 rows in one request on the large data set: each answered. */
static void
test_bulk_100k (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  g_autoptr(GString) body = g_string_new ("{\"rows\":[");
  g_autoptr(KbReply) numbers = kb_http (f, "GET", "/api/v1/subscribers?limit=1", token, NULL, NULL);
  g_autoptr(GDateTime) now = kb_test_date (2025, 6, 10, 12);
  g_autoptr(KbReply) reply = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gint64 total = json_object_get_int_member (kb_reply_object (numbers), "total");
  gint64 start;

  g_assert_cmpint (total, ==, 100000);
  /* The seed's numbers: +375 (29|33|44|25) 1000000 + i/4. One duplicate
   * and one malformed row among them. */
  for (guint i = 0; i < 100000; i++)
    {
      static const char * const codes[] = { "29", "33", "44", "25" };

      if (i > 0)
        g_string_append_c (body, ',');
      if (i == 500)
        g_string_append (body, "{\"number\":\"+3752910\",\"name\":\"x\"}");
      else if (i == 501)
        g_string_append (body, "{\"number\":\"+375291000000\",\"name\":\"Дубль\"}");
      else
        g_string_append_printf (body, "{\"number\":\"+375%s%07u\",\"name\":\"Абонент %u\"}",
                                codes[i % 4], 1000000 + i / 4, i);
    }
  g_string_append (body, "]}");
  bytes = g_bytes_new (body->str, body->len);

  kb_server_set_now (f->server, now);
  start = g_get_monotonic_time ();
  reply = kb_http_bytes (f, "POST", "/api/v1/rename-batches", token, bytes, "application/json", NULL);
  g_test_message ("100 000 renames: %.2f s, %" G_GSIZE_FORMAT " bytes",
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC, body->len);
  g_assert_cmpuint (reply->status, ==, 201);
  g_assert_cmpint (json_object_get_int_member (kb_reply_object (reply), "total"), ==, 100000);
  g_assert_cmpint (json_object_get_int_member (kb_reply_object (reply), "rejected"), ==, 2);
  g_assert_cmpuint (json_array_get_length (member_array (reply, "results")), ==, 100000);
}

static void
test_limits (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  g_autofree char *big = g_strnfill (70 * 1024, ' ');
  g_autofree char *huge = g_strnfill (17 * 1024 * 1024, ' ');
  g_autoptr(GBytes) big_bytes = g_bytes_new (big, strlen (big));
  g_autoptr(GBytes) huge_bytes = g_bytes_new (huge, strlen (huge));
  g_autoptr(KbReply) question = kb_http_bytes (f, "POST", "/api/v1/questions", token, big_bytes, "application/json", NULL);
  g_autoptr(KbReply) session = kb_http_bytes (f, "POST", "/api/v1/session", NULL, big_bytes, "application/json", NULL);
  g_autoptr(KbReply) batch = kb_http_bytes (f, "POST", "/api/v1/rename-batches", token, huge_bytes, "application/json", NULL);

  /* The server may close the connection after a 413 before the client has
   * sent everything: a transport error is an acceptable refusal too. */
  if (question->error == NULL)
    {
      g_assert_cmpuint (question->status, ==, 413);
      g_assert_cmpstr (kb_reply_error_code (question), ==, "payload_too_large");
    }
  if (session->error == NULL)
    g_assert_cmpuint (session->status, ==, 413);
  if (batch->error == NULL)
    g_assert_cmpuint (batch->status, ==, 413);

  /* The server is fine afterwards. */
  {
    g_autoptr(KbReply) ok = kb_http (f, "GET", "/api/v1/client", token, NULL, NULL);
    g_assert_cmpuint (ok->status, ==, 200);
  }
}

static void
test_isolation_everywhere (Fixture *f, gconstpointer data)
{
  static const char * const lists[] = {
    "/api/v1/payments", "/api/v1/invoices", "/api/v1/installments", "/api/v1/subscribers",
    "/api/v1/rename-batches", "/api/v1/service-orders", "/api/v1/questions",
  };
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  g_autofree char *token2 = kb_sign_in (f, "demo2", "demo2");

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      g_autoptr(KbReply) mine = kb_http (f, "GET", lists[i], token, NULL, NULL);
      g_autoptr(KbReply) theirs = kb_http (f, "GET", lists[i], token2, NULL, NULL);
      g_autoptr(KbReply) nobody = kb_http (f, "GET", lists[i], NULL, NULL, NULL);
      g_autofree char *mine_text = json_to_string (mine->json, FALSE);
      g_autofree char *theirs_text = json_to_string (theirs->json, FALSE);

      g_test_message ("%s", lists[i]);
      g_assert_cmpuint (mine->status, ==, 200);
      g_assert_cmpuint (theirs->status, ==, 200);
      g_assert_cmpuint (nobody->status, ==, 401);
      /* No id of one client's list appears in the other's. */
      if (g_str_equal (lists[i], "/api/v1/subscribers"))
        {
          JsonArray *a = member_array (mine, "subscribers");
          JsonArray *b = member_array (theirs, "subscribers");

          for (guint j = 0; j < json_array_get_length (b); j++)
            for (guint k = 0; k < json_array_get_length (a); k++)
              g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (a, k), "id"), !=,
                               json_object_get_string_member (json_array_get_object_element (b, j), "id"));
        }
      /* The seed has no batches or orders yet: empty lists are equal. */
      if (!g_str_has_suffix (lists[i], "-batches") && !g_str_has_suffix (lists[i], "-orders"))
        g_assert_cmpstr (mine_text, !=, theirs_text);
    }
}

int
main (int argc, char *argv[])
{
  kb_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, kb_server_fixture_setup, func, kb_server_fixture_teardown)
  ADD ("/server/payments/list-and-register", test_payments);
  ADD ("/server/invoices/calendar-and-document", test_invoices);
  ADD ("/server/installments/list", test_installments);
  ADD ("/server/subscribers/page-and-search", test_subscribers);
  ADD ("/server/subscribers/rename-calendar", test_rename);
  ADD ("/server/bulk/rename-batch-rows", test_rename_batch);
  ADD ("/server/bulk/rename-history", test_rename_history);
  ADD ("/server/bulk/service-orders", test_service_orders);
  ADD ("/server/bulk/service-order-details", test_service_order_details);
  ADD ("/server/limits/413", test_limits);
  ADD ("/server/isolation/every-list", test_isolation_everywhere);
#undef ADD
  g_test_add ("/server/bulk/100k-rows", Fixture, GINT_TO_POINTER (KB_SERVER_SEED_LARGE + 1),
              kb_server_fixture_setup, test_bulk_100k, kb_server_fixture_teardown);

  return g_test_run ();
}
