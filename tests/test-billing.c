/* test-billing.c — payments, invoices, installments and invoice delivery through the
 * api, the SQLite cache and the sync layer, against the real reference server: what
 * is cached equals what the server says; a payment registered twice under one
 * Idempotency-Key is one payment; the invoice window is closed on the 1st–3rd by the
 * server's clock; the document is a PDF; bad delivery addresses are refused. */
#include "config.h"

#include <glib/gstdio.h>

#include "kb-server.h"
#include "kb-sync-billing.h"
#include "kb-test-sync.h"
#include "kb-test-util.h"

typedef struct {
  KbTestServer srv;
  char *db_path;
  char *token;
  KbSync *sync;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autofree char *name = g_strdup_printf ("billing-%u.db", g_random_int ());

  kb_test_server_start (&f->srv);
  /* set_server_day() may move the clock days ahead of the token. */
  kb_server_set_token_lifetime (f->srv.server, 365 * G_TIME_SPAN_DAY);
  f->db_path = g_build_filename (g_get_user_cache_dir (), name, NULL);
  f->token = kb_test_sign_in_raw (f->srv.url, "demo", "demo");
  f->sync = kb_test_sync_new (f->srv.url, f->token, f->db_path);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->sync);
  kb_test_server_stop (&f->srv);
  g_unlink (f->db_path);
  g_free (f->db_path);
  g_free (f->token);
}

static JsonObject *
server_get (Fixture *f, const char *path, JsonNode **keep)
{
  g_autofree char *url = g_strconcat (f->srv.url, "/api/v1", path, NULL);
  guint status = 0;

  *keep = kb_test_http_json ("GET", url, f->token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  return json_node_get_object (*keep);
}

static void
set_server_day (Fixture *f, int day)
{
  kb_test_set_server_day (f->srv.server, day);
}

static void
count_signal (guint *count)
{
  (*count)++;
}

static gboolean
refresh_payments (Fixture *f, GDate *from, GDate *to, GError **error)
{
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) done = NULL;

  kb_sync_refresh_payments_async (f->sync, from, to, NULL, kb_test_on_ready, &result);
  done = kb_test_wait_result (&result);
  return kb_sync_refresh_payments_finish (f->sync, done, error);
}

static void
test_payments (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) keep = NULL;
  JsonObject *server = server_get (f, "/payments", &keep);
  JsonArray *array = json_object_get_array_member (server, "payments");
  g_autoptr(GDate) from = kb_date_new_from_iso (json_object_get_string_member (server, "from"));
  g_autoptr(GDate) to = kb_date_new_from_iso (json_object_get_string_member (server, "to"));
  g_autoptr(GPtrArray) cached = NULL;
  gint64 total = 0;

  /* Nothing cached before the first refresh. */
  cached = kb_sync_load_payments (f->sync, from, to);
  g_assert_cmpuint (cached->len, ==, 0);
  g_clear_pointer (&cached, g_ptr_array_unref);

  g_assert_true (refresh_payments (f, from, to, &error));
  g_assert_no_error (error);
  cached = kb_sync_load_payments (f->sync, from, to);
  g_assert_cmpuint (cached->len, ==, json_array_get_length (array));
  g_assert_cmpuint (cached->len, >, 0);
  for (guint i = 0; i < cached->len; i++)
    {
      KbPayment *payment = g_ptr_array_index (cached, i);
      JsonObject *expected = json_array_get_object_element (array, i);

      g_assert_cmpstr (kb_payment_get_id (payment), ==, json_object_get_string_member (expected, "id"));
      g_assert_cmpstr (kb_payment_get_date_iso (payment), ==, json_object_get_string_member (expected, "date"));
      g_assert_cmpint (kb_payment_get_amount (payment), ==,
                       json_object_get_int_member (json_object_get_object_member (expected, "amount"), "amount_minor"));
      g_assert_cmpstr (kb_payment_get_purpose (payment), ==, json_object_get_string_member (expected, "purpose"));
      total += kb_payment_get_amount (payment);
    }
  g_assert_cmpint (total, ==, json_object_get_int_member (json_object_get_object_member (server, "total"), "amount_minor"));

  /* The cache answers at once for a narrower period too. */
  {
    g_autoptr(GPtrArray) one_day = kb_sync_load_payments (f->sync, to, to);
    for (guint i = 0; i < one_day->len; i++)
      g_assert_cmpstr (kb_payment_get_date_iso (g_ptr_array_index (one_day, i)), ==,
                       json_object_get_string_member (server, "to"));
  }
  {
    g_autoptr(GDateTime) fetched = kb_sync_dup_fetched_at (f->sync, KB_STORE_PAYMENTS);
    g_assert_nonnull (fetched);
  }
}

static KbPayment *
register_payment (Fixture *f, GDate *date, gint64 amount, const char *key, GError **error)
{
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) done = NULL;

  kb_sync_register_payment_async (f->sync, date, amount, "418", "Оплата услуг связи", key, NULL,
                                  kb_test_on_ready, &result);
  done = kb_test_wait_result (&result);
  return kb_sync_register_payment_finish (f->sync, done, error);
}

static void
test_register_payment (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDate) today = g_date_new_dmy ((GDateDay) g_date_time_get_day_of_month (now),
                                           (GDateMonth) g_date_time_get_month (now),
                                           (GDateYear) g_date_time_get_year (now));
  g_autoptr(GDate) tomorrow = g_date_copy (today);
  g_autofree char *key = g_uuid_string_random ();
  g_autoptr(KbPayment) first = NULL;
  g_autoptr(KbPayment) again = NULL;
  g_autoptr(KbPayment) future = NULL;
  g_autoptr(KbPayment) other = NULL;
  g_autoptr(GPtrArray) cached = NULL;
  guint found = 0;

  /* Dated yesterday, so that the server's day (Minsk) is never before it. */
  g_date_subtract_days (today, 1);
  first = register_payment (f, today, 123450, key, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kb_payment_get_status (first), ==, KB_PAYMENT_STATUS_UNCONFIRMED);
  g_assert_cmpint (kb_payment_get_amount (first), ==, 123450);

  /* A retry under the same key is the same payment. */
  again = register_payment (f, today, 123450, key, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kb_payment_get_id (again), ==, kb_payment_get_id (first));

  /* The same key for a different payment is refused. */
  other = register_payment (f, today, 99, key, &error);
  g_assert_null (other);
  g_assert_error (error, KB_API_ERROR, KB_API_ERROR_IDEMPOTENCY_MISMATCH);
  g_clear_error (&error);

  /* The cache has it once, unconfirmed, before any refresh. */
  cached = kb_sync_load_payments (f->sync, today, today);
  for (guint i = 0; i < cached->len; i++)
    if (g_str_equal (kb_payment_get_id (g_ptr_array_index (cached, i)), kb_payment_get_id (first)))
      found++;
  g_assert_cmpuint (found, ==, 1);

  /* The server refuses a date in the future. */
  g_date_add_days (tomorrow, 2);
  {
    g_autofree char *key2 = g_uuid_string_random ();
    future = register_payment (f, tomorrow, 100, key2, &error);
  }
  g_assert_null (future);
  g_assert_error (error, KB_API_ERROR, KB_API_ERROR_INVALID_REQUEST);
}

static gboolean
refresh_invoices (Fixture *f, GError **error)
{
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) done = NULL;

  kb_sync_refresh_invoices_async (f->sync, NULL, kb_test_on_ready, &result);
  done = kb_test_wait_result (&result);
  return kb_sync_refresh_invoices_finish (f->sync, done, error);
}

static gboolean
email_invoice (Fixture *f, KbInvoice *invoice, const char *email, GError **error)
{
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) done = NULL;

  kb_sync_email_invoice_async (f->sync, invoice, email, KB_INVOICE_FORMAT_XLSX, NULL, kb_test_on_ready,
                               &result);
  done = kb_test_wait_result (&result);
  return kb_sync_email_invoice_finish (f->sync, done, error);
}

static void
test_invoices (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) keep = NULL;
  g_autoptr(GPtrArray) invoices = NULL;
  g_autofree char *reopens = NULL;
  gboolean known, open;
  JsonArray *array;
  KbInvoice *first;

  /* The 2nd: closed, reopening on the 4th, by the server's clock. */
  set_server_day (f, 2);
  g_assert_true (refresh_invoices (f, &error));
  g_assert_no_error (error);
  invoices = kb_sync_load_invoices (f->sync, &known, &open, &reopens);
  array = json_object_get_array_member (server_get (f, "/invoices", &keep), "invoices");
  g_assert_true (known);
  g_assert_false (open);
  g_assert_nonnull (reopens);
  g_assert_true (g_str_has_suffix (reopens, "-04"));
  g_assert_cmpuint (invoices->len, ==, json_array_get_length (array));
  g_assert_cmpuint (invoices->len, >, 0);
  for (guint i = 0; i < invoices->len; i++)
    {
      KbInvoice *invoice = g_ptr_array_index (invoices, i);
      JsonObject *expected = json_array_get_object_element (array, i);

      g_assert_cmpstr (kb_invoice_get_number (invoice), ==, json_object_get_string_member (expected, "number"));
      g_assert_cmpint (kb_invoice_get_amount (invoice), ==,
                       json_object_get_int_member (json_object_get_object_member (expected, "amount"), "amount_minor"));
    }
  first = g_ptr_array_index (invoices, 0);

  g_assert_false (email_invoice (f, first, "buh@example.by", &error));
  g_assert_error (error, KB_API_ERROR, KB_API_ERROR_INVOICE_PERIOD_CLOSED);
  g_clear_error (&error);

  /* The 4th: open again. */
  set_server_day (f, 4);
  g_assert_true (email_invoice (f, first, "buh@example.by", &error));
  g_assert_no_error (error);
  g_assert_false (email_invoice (f, first, "not an address", &error));
  g_assert_error (error, KB_API_ERROR, KB_API_ERROR_INVALID_REQUEST);
  g_clear_error (&error);

  g_clear_pointer (&reopens, g_free);
  g_clear_pointer (&invoices, g_ptr_array_unref);
  g_assert_true (refresh_invoices (f, &error));
  invoices = kb_sync_load_invoices (f->sync, &known, &open, &reopens);
  g_assert_true (open);
  g_assert_null (reopens);

  /* The document by its link, in each format, is that kind of file. */
  for (KbInvoiceFormat format = KB_INVOICE_FORMAT_PDF; format <= KB_INVOICE_FORMAT_TXT; format++)
    {
      static const char * const magic[] = { "%PDF-", "PK", "СЧЁТ-ФАКТУРА" };
      GAsyncResult *result = NULL;
      g_autoptr(GAsyncResult) done = NULL;
      g_autoptr(GBytes) bytes = NULL;
      KbInvoice *invoice = g_ptr_array_index (invoices, 0);
      const char *bytes_data;
      gsize size;

      kb_sync_download_invoice_async (f->sync, invoice, format, NULL, kb_test_on_ready, &result);
      done = kb_test_wait_result (&result);
      bytes = kb_sync_download_invoice_finish (f->sync, done, &error);
      g_assert_no_error (error);
      bytes_data = g_bytes_get_data (bytes, &size);
      g_assert_cmpuint (size, >, 100);
      g_assert_true (memcmp (bytes_data, magic[format], strlen (magic[format])) == 0);
      if (format == KB_INVOICE_FORMAT_TXT)
        g_assert_nonnull (g_strstr_len (bytes_data, size, kb_invoice_get_number (invoice)));
    }
}

static void
test_installments (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) keep = NULL;
  g_autoptr(GPtrArray) items = NULL;
  JsonArray *array = json_object_get_array_member (server_get (f, "/installments", &keep), "installments");
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) done = NULL;

  items = kb_sync_load_installments (f->sync);
  g_assert_cmpuint (items->len, ==, 0);
  g_clear_pointer (&items, g_ptr_array_unref);

  kb_sync_refresh_installments_async (f->sync, NULL, kb_test_on_ready, &result);
  done = kb_test_wait_result (&result);
  g_assert_true (kb_sync_refresh_installments_finish (f->sync, done, &error));
  g_assert_no_error (error);

  items = kb_sync_load_installments (f->sync);
  g_assert_cmpuint (items->len, ==, json_array_get_length (array));
  g_assert_cmpuint (items->len, >, 0);
  for (guint i = 0; i < items->len; i++)
    {
      KbInstallment *item = g_ptr_array_index (items, i);
      JsonObject *expected = json_array_get_object_element (array, i);

      g_assert_cmpstr (kb_installment_get_number (item), ==, json_object_get_string_member (expected, "number"));
      g_assert_cmpint (kb_installment_get_payments_left (item), ==, json_object_get_int_member (expected, "payments_left"));
      g_assert_cmpint (kb_installment_get_remaining (item), ==,
                       json_object_get_int_member (json_object_get_object_member (expected, "remaining"), "amount_minor"));
      g_assert_cmpstr (kb_installment_get_payoff_on (item), ==, json_object_get_string_member (expected, "payoff_on"));
    }
}

static KbClientProfile *
set_delivery (Fixture *f, KbDeliveryMethod method, const char *address, GError **error)
{
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) done = NULL;

  kb_sync_set_invoice_delivery_async (f->sync, method, address, NULL, kb_test_on_ready, &result);
  done = kb_test_wait_result (&result);
  return kb_sync_set_invoice_delivery_finish (f->sync, done, error);
}

static void
test_delivery (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KbClientProfile) profile = NULL;
  g_autoptr(KbClientProfile) refused = NULL;
  g_autoptr(KbClientProfile) cached = NULL;
  g_autoptr(JsonNode) keep = NULL;
  guint notified = 0;

  g_signal_connect_swapped (f->sync, "notify::client", G_CALLBACK (count_signal), &notified);
  profile = set_delivery (f, KB_DELIVERY_METHOD_POST, "220030, г. Минск, ул. Ленина, 1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (kb_client_profile_get_delivery_method (profile), ==, KB_DELIVERY_METHOD_POST);
  g_assert_true (kb_sync_get_client (f->sync) == profile);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (server_get (f, "/client", &keep),
                                                                                 "invoice_delivery"), "address"),
                   ==, "220030, г. Минск, ул. Ленина, 1");

  /* Cached as answered. */
  cached = kb_store_load_client_profile (kb_sync_get_store (f->sync), NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kb_client_profile_get_delivery_address (cached), ==, "220030, г. Минск, ул. Ленина, 1");

  refused = set_delivery (f, KB_DELIVERY_METHOD_EMAIL, "buh@", &error);
  g_assert_null (refused);
  g_assert_error (error, KB_API_ERROR, KB_API_ERROR_INVALID_REQUEST);
  g_assert_true (kb_sync_get_client (f->sync) == profile);

  g_assert_true (kb_email_is_valid ("buh@example.by"));
  g_assert_false (kb_email_is_valid ("buh@example"));
  g_assert_false (kb_email_is_valid ("b uh@example.by"));
  g_assert_false (kb_email_is_valid ("@example.by"));
  g_assert_false (kb_email_is_valid ("a@b@example.by"));
}

static void
test_unauthorized (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDate) day = g_date_new_dmy (1, 1, 2026);
  guint emitted = 0;

  g_signal_connect_swapped (f->sync, "unauthorized", G_CALLBACK (count_signal), &emitted);
  kb_api_client_set_token (kb_sync_get_api (f->sync), "not-a-token");
  g_assert_false (refresh_payments (f, day, day, &error));
  g_assert_error (error, KB_API_ERROR, KB_API_ERROR_UNAUTHORIZED);
  g_assert_cmpuint (emitted, ==, 1);
}

static void
test_offline (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  kb_server_set_fault (f->srv.server, "/api/v1/installments", KB_SERVER_FAULT_DISCONNECT);
  {
    GAsyncResult *result = NULL;
    g_autoptr(GAsyncResult) done = NULL;

    kb_sync_refresh_installments_async (f->sync, NULL, kb_test_on_ready, &result);
    done = kb_test_wait_result (&result);
    g_assert_false (kb_sync_refresh_installments_finish (f->sync, done, &error));
  }
  g_assert_true (kb_api_error_is_unreachable (error));
  g_assert_false (kb_sync_get_online (f->sync));
}

int
main (int argc, char *argv[])
{
  kb_test_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/billing/payments", test_payments);
  ADD ("/billing/register-payment", test_register_payment);
  ADD ("/billing/invoices", test_invoices);
  ADD ("/billing/installments", test_installments);
  ADD ("/billing/delivery", test_delivery);
  ADD ("/billing/unauthorized", test_unauthorized);
  ADD ("/billing/offline", test_offline);
#undef ADD

  return g_test_run ();
}
