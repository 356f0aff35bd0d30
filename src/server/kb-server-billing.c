/* kb-server-billing.c — payments, invoices (the list, ordering by e-mail) and installments.
 *
 * Invoices are generated on the 1st to the 3rd of each month, and ordering
 * one is refused then (invoice_period_closed, with the date it reopens),
 * counted in Minsk time by the core's calendar rules.
 */
#include "config.h"

#include <string.h>

#include "kb-calendar.h"
#include "kb-email.h"
#include "kb-invoice.h"
#include "kb-server-private.h"
#include "kb-server-routes.h"

/* A payment from a row of PAYMENT_COLUMNS; its amount is added to the
 * gint64 total @data points to, when it is not NULL. */
static JsonObject *
payment_from_row (sqlite3_stmt *stmt, gpointer data)
{
  gint64 *total = data;
  JsonObject *object = json_object_new ();

  _kb_server_set_id_member (object, "id", sqlite3_column_int64 (stmt, 0));
  json_object_set_string_member (object, "date", kb_db_column_text (stmt, 1));
  kb_json_set_money (object, "amount", sqlite3_column_int64 (stmt, 2),
                     kb_db_column_text (stmt, 3));
  json_object_set_string_member (object, "order_number", kb_db_column_text (stmt, 4));
  json_object_set_string_member (object, "purpose", kb_db_column_text (stmt, 5));
  json_object_set_string_member (object, "status", kb_db_column_text (stmt, 6));
  _kb_server_set_time_member (object, "created_at", sqlite3_column_int64 (stmt, 7));
  if (total != NULL)
    *total += sqlite3_column_int64 (stmt, 2);
  return object;
}

#define PAYMENT_COLUMNS "id, date, amount_minor, currency, order_number, purpose, status, created_at"

static gboolean
get_date_query (KbRequest *req, const char *name, GDate *date, gboolean *present)
{
  const char *text = kb_request_get_query (req, name);
  g_autoptr(GDate) parsed = NULL;

  *present = text != NULL;
  if (text == NULL)
    return TRUE;
  parsed = kb_date_new_from_iso (text);
  if (parsed == NULL)
    {
      g_autofree char *message = g_strdup_printf ("“%s” must be a date, YYYY-MM-DD.", name);

      kb_request_reply_invalid (req, "invalid_value", name, message);
      return FALSE;
    }
  *date = *parsed;
  return TRUE;
}

/* GET /payments?from=YYYY-MM-DD&to=YYYY-MM-DD (both inclusive; the last
 * twelve months when absent) */
void
_kb_server_payments_list (KbRequest *req)
{
  g_autoptr(GDateTime) local = kb_request_local_now (req);
  g_autoptr(JsonObject) reply = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  JsonArray *payments;
  sqlite3_stmt *stmt;
  GDate from, to;
  gboolean has_from, has_to;
  gint64 total = 0;

  if (!get_date_query (req, "from", &from, &has_from) || !get_date_query (req, "to", &to, &has_to))
    return;
  if (!has_to)
    {
      g_date_clear (&to, 1);
      g_date_set_dmy (&to, (GDateDay) g_date_time_get_day_of_month (local),
                      (GDateMonth) g_date_time_get_month (local), (GDateYear) g_date_time_get_year (local));
    }
  if (!has_from)
    {
      from = to;
      g_date_subtract_months (&from, 12);
    }
  if (g_date_compare (&from, &to) > 0)
    {
      kb_request_reply_invalid (req, "invalid_value", "from", "“from” is after “to”.");
      return;
    }
  from_text = kb_date_to_iso (&from);
  to_text = kb_date_to_iso (&to);

  stmt = kb_request_query (req, "SELECT " PAYMENT_COLUMNS " FROM payments WHERE client_id = ?"
                           " AND date BETWEEN ? AND ? ORDER BY date DESC, id DESC;",
                           KB_DB_INT (req->client_id), KB_DB_TEXT (from_text),
                           KB_DB_TEXT (to_text));
  if (stmt == NULL)
    return;
  payments = kb_request_collect_rows (req, stmt, payment_from_row, &total);
  if (payments == NULL)
    return;

  reply = json_object_new ();
  json_object_set_string_member (reply, "from", from_text);
  json_object_set_string_member (reply, "to", to_text);
  json_object_set_array_member (reply, "payments", payments);
  kb_json_set_money (reply, "total", total, "BYN");
  kb_request_reply_json_object (req, SOUP_STATUS_OK, reply);
}

static void
reply_payment (KbRequest *req, guint status, gint64 id)
{
  g_autoptr(JsonObject) payment = _kb_server_find_by_id (req, "SELECT " PAYMENT_COLUMNS
                                                         " FROM payments WHERE id = ?"
                                                         " AND client_id = ?;",
                                                         payment_from_row, NULL, id);

  /* The payment was just written: not finding it is the database's fault. */
  if (payment == NULL)
    {
      if (kb_request_get_status (req) == 0)
        kb_request_reply_db_error (req, NULL);
      return;
    }
  _kb_server_request_add_to_reply (req, payment, 0, "payment", id);
  kb_request_reply_json_object (req, status, payment);
}

/* POST /payments/unconfirmed {"date", "amount_minor", "order_number", "purpose"},
 * with an optional Idempotency-Key. */
void
_kb_server_payments_register (KbRequest *req)
{
  JsonObject *body = kb_request_get_body_object (req);
  g_autoptr(GDateTime) local = kb_request_local_now (req);
  const char *date_text, *order_number, *purpose, *key;
  g_autoptr(GError) error = NULL;
  g_autofree char *amount_text = NULL;
  g_autofree char *request_hash = NULL;
  gint64 amount = 0, id = 0;
  KbIdempotency idempotency;
  g_autoptr(GDate) parsed = NULL;
  GDate date, today;

  if (body == NULL ||
      !kb_request_get_string (req, body, "date", TRUE, 10, &date_text) ||
      !kb_request_get_int (req, body, "amount_minor", TRUE, &amount) ||
      !kb_request_get_string (req, body, "order_number", TRUE, 20, &order_number) ||
      !kb_request_get_string (req, body, "purpose", TRUE, 210, &purpose))
    return;
  key = kb_request_get_idempotency_key (req);
  if (soup_server_message_get_status (req->msg) != 0)
    return;

  parsed = kb_date_new_from_iso (date_text);
  if (parsed == NULL)
    {
      kb_request_reply_invalid (req, "invalid_value", "date", "“date” must be a date, YYYY-MM-DD.");
      return;
    }
  date = *parsed;
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, (GDateDay) g_date_time_get_day_of_month (local),
                  (GDateMonth) g_date_time_get_month (local), (GDateYear) g_date_time_get_year (local));
  if (g_date_compare (&date, &today) > 0)
    {
      kb_request_reply_invalid (req, "invalid_value", "date", "A payment cannot be dated in the future.");
      return;
    }
  if (amount <= 0 || amount > G_GINT64_CONSTANT (100000000000))
    {
      kb_request_reply_invalid (req, "invalid_value", "amount_minor",
                                "“amount_minor” must be a positive amount in kopecks.");
      return;
    }

  amount_text = g_strdup_printf ("%" G_GINT64_FORMAT, amount);
  request_hash = kb_request_hash_fields (date_text, amount_text, order_number, purpose, NULL);

  idempotency = (KbIdempotency) { "register_payment", key, request_hash, reply_payment,
                                  "This Idempotency-Key was used for a different payment." };
  if (!kb_request_idempotency_begin (req, &idempotency))
    return;

  if (!kb_db_run (req->db,
                  "INSERT INTO payments (client_id, date, amount_minor, currency, order_number,"
                  " purpose, status, created_at) VALUES (?, ?, ?, 'BYN', ?, ?, 'unconfirmed', ?);",
                  &error, KB_DB_INT (req->client_id), KB_DB_TEXT (date_text), KB_DB_INT (amount),
                  KB_DB_TEXT (order_number), KB_DB_TEXT (purpose), KB_DB_INT (req->now_unix)))
    goto failed;
  id = sqlite3_last_insert_rowid (kb_db_get_handle (req->db));
  {
    KbServerRequestNew request = {
      .kind = "payment_registration", .subject = order_number, .detail = purpose,
      .target_type = "payment", .target_id = id,
    };
    gint64 request_id;

    if (!_kb_server_request_open (req, &request, &request_id, &error))
      goto failed;
  }
  if (!kb_request_idempotency_store (req, &idempotency, id, &error) ||
      !kb_db_commit (req->db, &error))
    goto failed;

  reply_payment (req, SOUP_STATUS_CREATED, id);
  return;

failed:
  kb_request_abort_write (req, error);
}

static JsonObject *
invoice_from_row (sqlite3_stmt *stmt, gpointer data)
{
  JsonObject *object = json_object_new ();
  gint64 id = sqlite3_column_int64 (stmt, 0);
  g_autofree char *url = g_strdup_printf ("/api/v1/invoices/%" G_GINT64_FORMAT "/document", id);

  _kb_server_set_id_member (object, "id", id);
  json_object_set_string_member (object, "number", kb_db_column_text (stmt, 1));
  json_object_set_string_member (object, "period", kb_db_column_text (stmt, 2));
  json_object_set_string_member (object, "issued_on", kb_db_column_text (stmt, 3));
  json_object_set_string_member (object, "due_on", kb_db_column_text (stmt, 4));
  kb_json_set_money (object, "amount", sqlite3_column_int64 (stmt, 5),
                     kb_db_column_text (stmt, 6));
  json_object_set_string_member (object, "status", kb_db_column_text (stmt, 7));
  json_object_set_string_member (object, "document_url", url);
  return object;
}

#define INVOICE_COLUMNS "id, number, period, issued_on, due_on, amount_minor, currency, status"

/* GET /invoices */
void
_kb_server_invoices_list (KbRequest *req)
{
  g_autoptr(GDateTime) local = kb_request_local_now (req);
  g_autoptr(GDateTime) opens = kb_calendar_invoice_ordering_opens (local);
  g_autoptr(JsonObject) reply = json_object_new ();
  JsonObject *ordering;
  JsonArray *invoices;
  sqlite3_stmt *stmt;
  gboolean open = kb_calendar_invoice_ordering_open (local);

  stmt = kb_request_query (req,
                           "SELECT " INVOICE_COLUMNS " FROM invoices"
                           " WHERE client_id = ? ORDER BY period DESC, id DESC;",
                           KB_DB_INT (req->client_id));
  if (stmt == NULL)
    return;
  invoices = kb_request_collect_rows (req, stmt, invoice_from_row, NULL);
  if (invoices == NULL)
    return;

  /* The client can say why ordering is closed before the user tries. */
  ordering = json_object_new ();
  json_object_set_boolean_member (ordering, "open", open);
  if (!open)
    {
      g_autofree char *on = kb_date_time_to_iso_date (opens);
      json_object_set_string_member (ordering, "reopens_on", on);
    }
  json_object_set_array_member (reply, "invoices", invoices);
  json_object_set_object_member (reply, "ordering", ordering);
  kb_request_reply_json_object (req, SOUP_STATUS_OK, reply);
}

/* Returns: (transfer full) (nullable): the number of the client's invoice
 * @id, or NULL after replying 404 (or 500). */
static char *
find_invoice_number (KbRequest *req, gint64 id)
{
  sqlite3_stmt *stmt = kb_request_query (req, "SELECT number FROM invoices"
                                         " WHERE id = ? AND client_id = ?;",
                                         KB_DB_INT (id), KB_DB_INT (req->client_id));
  char *number;

  if (stmt == NULL)
    return NULL;
  number = kb_db_dup_text (req->db, stmt, NULL);
  if (number == NULL)
    kb_request_reply_error (req, SOUP_STATUS_NOT_FOUND, "not_found", "There is no such invoice.");
  return number;
}

/* POST /invoices/{id}/email {"email", "format"}, the format pdf when absent */
typedef struct {
  KbRequest *req;
  gint64 invoice_id;
  const char *number;
  const char *email;
  const char *format;
  gint64 now;
  gint64 request_id;
} InvoiceEmail;

static gboolean
insert_invoice_email (KbDb *db, gpointer data, GError **error)
{
  InvoiceEmail *request = data;

  if (!kb_db_run (db, "INSERT INTO invoice_emails (invoice_id, email, format, created_at)"
                  " VALUES (?, ?, ?, ?);", error, KB_DB_INT (request->invoice_id),
                  KB_DB_TEXT (request->email), KB_DB_TEXT (request->format),
                  KB_DB_INT (request->now)))
    return FALSE;
  {
    KbServerRequestNew new_request = {
      .kind = "invoice_email", .subject = request->number, .detail = request->email,
      .target_type = "invoice", .target_id = request->invoice_id,
    };

    return _kb_server_request_open (request->req, &new_request, &request->request_id, error);
  }
}

void
_kb_server_invoices_email (KbRequest *req)
{
  JsonObject *body = kb_request_get_body_object (req);
  g_autoptr(GDateTime) local = kb_request_local_now (req);
  g_autofree char *number = NULL;
  g_autoptr(JsonObject) reply = NULL;
  InvoiceEmail email_request;
  const char *email;
  const char *format = NULL;
  gint64 id;

  if (!kb_request_get_id_param (req, 0, &id) || body == NULL ||
      !kb_request_get_string (req, body, "email", TRUE, 254, &email) ||
      !kb_request_get_string (req, body, "format", FALSE, 0, &format))
    return;
  if (!kb_email_is_valid (email))
    {
      kb_request_reply_invalid (req, "invalid_value", "email", "“email” is not an e-mail address.");
      return;
    }
  if (format == NULL)
    format = kb_enum_to_nick (KB_TYPE_INVOICE_FORMAT, KB_INVOICE_FORMAT_PDF);
  if (kb_enum_from_nick (KB_TYPE_INVOICE_FORMAT, format, -1) < 0)
    {
      kb_request_reply_invalid (req, "invalid_value", "format", "“format” must be pdf, xlsx or txt.");
      return;
    }
  number = find_invoice_number (req, id);
  if (number == NULL)
    return;

  if (!kb_calendar_invoice_ordering_open (local))
    {
      g_autoptr(GDateTime) opens = kb_calendar_invoice_ordering_opens (local);

      kb_request_reply_calendar_error (req, "invoice_period_closed",
                                       "Invoices are not ordered from the 1st to the 3rd of a month,"
                                       " while they are being generated.", opens);
      return;
    }

  email_request = (InvoiceEmail) { req, id, number, email, format, req->now_unix, 0 };
  if (!kb_request_write (req, insert_invoice_email, &email_request))
    return;

  reply = json_object_new ();
  _kb_server_set_id_member (reply, "invoice_id", id);
  json_object_set_string_member (reply, "email", email);
  json_object_set_string_member (reply, "format", format);
  _kb_server_set_time_member (reply, "queued_at", req->now_unix);
  _kb_server_request_add_to_reply (req, reply, email_request.request_id, NULL, 0);
  kb_request_reply_json_object (req, SOUP_STATUS_ACCEPTED, reply);
}

static JsonObject *
installment_from_row (sqlite3_stmt *stmt, gpointer data)
{
  JsonObject *object = json_object_new ();
  gint64 monthly = sqlite3_column_int64 (stmt, 5);
  gint64 left = sqlite3_column_int64 (stmt, 6);

  _kb_server_set_id_member (object, "id", sqlite3_column_int64 (stmt, 0));
  _kb_server_set_id_member (object, "subscriber_id", sqlite3_column_int64 (stmt, 1));
  json_object_set_string_member (object, "number", kb_db_column_text (stmt, 2));
  json_object_set_string_member (object, "equipment", kb_db_column_text (stmt, 3));
  kb_json_set_money (object, "total", sqlite3_column_int64 (stmt, 4), "BYN");
  kb_json_set_money (object, "monthly_payment", monthly, "BYN");
  json_object_set_int_member (object, "payments_left", left);
  kb_json_set_money (object, "remaining", monthly * left, "BYN");
  json_object_set_string_member (object, "next_payment_on", kb_db_column_text (stmt, 7));
  json_object_set_string_member (object, "payoff_on", kb_db_column_text (stmt, 8));
  return object;
}

/* GET /installments */
void
_kb_server_installments_list (KbRequest *req)
{
  g_autoptr(JsonObject) reply = json_object_new ();

  kb_request_reply_rows (
      req, reply, "installments",
      kb_request_query (req,
                        "SELECT i.id, i.subscriber_id, s.number, i.equipment, i.total_minor,"
                        " i.monthly_minor, i.payments_left, i.next_payment_on, i.payoff_on"
                        " FROM installments i JOIN subscribers s ON s.id = i.subscriber_id"
                        " WHERE i.client_id = ? ORDER BY s.number, i.id;",
                        KB_DB_INT (req->client_id)),
      installment_from_row, NULL);
}
