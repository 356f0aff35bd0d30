/* kb-server-service-orders.c — service orders: POST, GET /service-orders, a result per row.
 *
 * An order switches one service on or off for a list of the client's
 * subscribers; a row is rejected when the service is already so. Every
 * row's result is kept with the order (service_order_results) for
 * GET /service-orders/{id}.
 */
#include "config.h"

#include "kb-calendar.h"
#include "kb-phone-number.h"
#include "kb-server-bulk.h"
#include "kb-service-order.h"

/* An order's status, by the contract's rule (kb_service_order_status_from_counts()). */
static const char *
order_status (gint64 accepted, gint64 rejected)
{
  return kb_enum_to_nick (KB_TYPE_SERVICE_ORDER_STATUS,
                          kb_service_order_status_from_counts ((guint) accepted, (guint) rejected));
}

typedef struct {
  KbRequest *req;
  const char *action;
  const char *service;
  gboolean adding;
  KbBulk *bulk;
  const KbIdempotency *idempotency; /* kept with the order */
  gint64 id;                 /* set when written */
  gint64 request_id;         /* its request, set when written */
} OrderWrite;

/* The request of a service order (issue 15): the operator carries it out
 * after a short delay, partly when some rows were rejected; an order with
 * no accepted row is rejected at once. */
static gboolean
open_order_request (OrderWrite *order, GError **error)
{
  KbRequest *req = order->req;
  KbBulkResults *results = &order->bulk->results;
  g_autofree char *service_name = NULL;
  sqlite3_stmt *stmt;
  KbServerRequestNew request = {
    .kind = "service_order",
    .detail = order->action,
    .count = results->accepted + results->rejected,
    .rejected_count = results->rejected,
    .target_type = "service_order",
    .target_id = order->id,
  };

  stmt = kb_db_query (req->db, "SELECT name FROM services WHERE code = ?;", error,
                      KB_DB_TEXT (order->service));
  if (stmt == NULL)
    return FALSE;
  /* A service missing from the catalogue is named by its code. */
  service_name = kb_db_dup_text (req->db, stmt, NULL);
  request.subject = service_name != NULL ? service_name : order->service;
  return _kb_bulk_open_request (req, &request, "subscriber", &order->request_id, error);
}

/* Writes the order with every row's result and switches the service of its
 * accepted rows. */
static gboolean
write_order (KbDb *db, gpointer data, GError **error)
{
  OrderWrite *order = data;
  KbRequest *req = order->req;
  KbBulkResults *results = &order->bulk->results;
  GArray *accepted_ids = order->bulk->accepted_ids;

  if (!kb_db_run (db,
                  "INSERT INTO service_orders (client_id, action, service_code,"
                  " created_at, total, accepted, rejected)"
                  " VALUES (?, ?, ?, ?, ?, ?, ?);",
                  error, KB_DB_INT (req->client_id), KB_DB_TEXT (order->action),
                  KB_DB_TEXT (order->service), KB_DB_INT (req->now_unix),
                  KB_DB_INT (json_array_get_length (order->bulk->rows)),
                  KB_DB_INT (results->accepted), KB_DB_INT (results->rejected)))
    return FALSE;
  order->id = sqlite3_last_insert_rowid (kb_db_get_handle (db));
  /* Every row's result stays with the order, for GET /service-orders/{id}. */
  if (!_kb_bulk_store_results (db, "INSERT INTO service_order_results (order_id, row, number,"
                               " code, message) VALUES (?, ?, ?, ?, ?);",
                               order->id, results->results, NULL, error) ||
      !open_order_request (order, error))
    return FALSE;
  if (!kb_request_idempotency_store (req, order->idempotency, order->id, error))
    return FALSE;

  for (guint i = 0; i < accepted_ids->len; i++)
    {
      if (!kb_db_run (db,
                      order->adding
                          ? "INSERT INTO subscriber_services (subscriber_id, service_code)"
                            " VALUES (?, ?);"
                          : "DELETE FROM subscriber_services"
                            " WHERE subscriber_id = ? AND service_code = ?;",
                      error, KB_DB_INT (g_array_index (accepted_ids, gint64, i)),
                      KB_DB_TEXT (order->service)))
        return FALSE;
    }
  return TRUE;
}

static void reply_service_order (KbRequest *req, guint status, gint64 id);

/* POST /service-orders {"action": "add"|"remove", "service", "subscribers": [numbers…], "all_or_nothing"} */
void
_kb_server_service_orders_create (KbRequest *req)
{
  JsonObject *body = kb_request_get_body_object (req);
  g_auto(KbBulk) bulk = { 0 };
  g_autoptr(GHashTable) having = NULL;
  g_autoptr(GError) error = NULL;
  const char *action, *service;
  gboolean adding, known = FALSE;
  int action_value;
  sqlite3_stmt *stmt;
  OrderWrite order;
  guint n;

  if (body == NULL ||
      !kb_request_get_string (req, body, "action", TRUE, 10, &action) ||
      !kb_request_get_string (req, body, "service", TRUE, 64, &service) ||
      !_kb_bulk_read_rows (req, body, "subscribers", &bulk))
    return;
  if (!_kb_bulk_check_idempotency (req, &bulk, "service_order", reply_service_order,
                                   "This Idempotency-Key was used for another service order."))
    return;
  action_value = kb_enum_from_nick (KB_TYPE_SERVICE_ACTION, action, -1);
  if (action_value < 0)
    {
      kb_request_reply_invalid (req, "invalid_value", "action", "“action” must be add or remove.");
      return;
    }
  adding = action_value == KB_SERVICE_ACTION_ADD;

  stmt = kb_db_query (req->db, "SELECT 1 FROM services WHERE code = ?;", &error,
                      KB_DB_TEXT (service));
  if (stmt == NULL)
    goto failed;
  known = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (!known)
    {
      kb_request_reply_invalid (req, "invalid_value", "service", "There is no such service (see GET /services).");
      return;
    }

  if (!_kb_bulk_load_numbers (req, &bulk, &error))
    goto failed;
  having = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  stmt = kb_db_query (req->db,
                      "SELECT ss.subscriber_id FROM subscriber_services ss"
                      " JOIN subscribers s ON s.id = ss.subscriber_id"
                      " WHERE s.client_id = ? AND ss.service_code = ?;",
                      &error, KB_DB_INT (req->client_id), KB_DB_TEXT (service));
  if (stmt == NULL)
    goto failed;
  while (kb_db_step_row (req->db, stmt, &error))
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_hash_table_add (having, g_memdup2 (&id, sizeof id));
    }
  if (error != NULL)
    goto failed;

  n = json_array_get_length (bulk.rows);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (bulk.rows, i);
      const char *number;
      gint64 *id;

      if (json_node_get_value_type (node) != G_TYPE_STRING)
        {
          _kb_bulk_add_result (&bulk.results, i + 1, NULL, "invalid_row",
                               "Each entry is a number as text.");
          continue;
        }
      number = json_node_get_string (node);
      if (!kb_phone_number_is_canonical (number))
        _kb_bulk_add_result (&bulk.results, i + 1, number, "invalid_number",
                             "A number is +375, an operator code (25, 29, 33, 44) and 7 digits.");
      else if ((id = _kb_bulk_find_subscriber (&bulk, i + 1, number)) == NULL)
        continue;
      else if (adding && g_hash_table_contains (having, id))
        _kb_bulk_add_result (&bulk.results, i + 1, number, "already_on",
                             "The service is already on for this number.");
      else if (!adding && !g_hash_table_contains (having, id))
        _kb_bulk_add_result (&bulk.results, i + 1, number, "already_off",
                             "The service is already off for this number.");
      else
        _kb_bulk_accept (&bulk, i + 1, number, *id);
    }

  if (_kb_bulk_reject_all (req, &bulk))
    return;

  order = (OrderWrite) { req, action, service, adding, &bulk, &bulk.idempotency, 0, 0 };
  if (!kb_request_write (req, write_order, &order))
    return;

  _kb_server_set_id_member (bulk.reply, "id", order.id);
  json_object_set_string_member (bulk.reply, "action", action);
  json_object_set_string_member (bulk.reply, "service", service);
  _kb_server_set_time_member (bulk.reply, "created_at", req->now_unix);
  json_object_set_string_member (bulk.reply, "status",
                                 order_status (bulk.results.accepted, bulk.results.rejected));
  _kb_server_request_add_to_reply (req, bulk.reply, order.request_id, NULL, 0);
  _kb_bulk_reply (req, &bulk, TRUE);
  return;

failed:
  kb_request_reply_db_error (req, error);
}

#define ORDER_COLUMNS \
  "SELECT o.id, o.action, o.service_code, s.name, o.created_at, o.total, o.accepted, o.rejected" \
  " FROM service_orders o JOIN services s ON s.code = o.service_code"

/* An order from a row of ORDER_COLUMNS; with a status as @data, only an
 * order in that status (NULL leaves the row out). */
static JsonObject *
order_from_row (sqlite3_stmt *stmt, gpointer data)
{
  const char *status = order_status (sqlite3_column_int64 (stmt, 6),
                                     sqlite3_column_int64 (stmt, 7));
  const char *wanted = data;
  JsonObject *order;

  if (wanted != NULL && !g_str_equal (wanted, status))
    return NULL;
  order = json_object_new ();

  _kb_server_set_id_member (order, "id", sqlite3_column_int64 (stmt, 0));
  json_object_set_string_member (order, "action", kb_db_column_text (stmt, 1));
  json_object_set_string_member (order, "service", kb_db_column_text (stmt, 2));
  json_object_set_string_member (order, "service_name", kb_db_column_text (stmt, 3));
  _kb_server_set_time_member (order, "created_at", sqlite3_column_int64 (stmt, 4));
  json_object_set_int_member (order, "total", sqlite3_column_int64 (stmt, 5));
  json_object_set_int_member (order, "accepted", sqlite3_column_int64 (stmt, 6));
  json_object_set_int_member (order, "rejected", sqlite3_column_int64 (stmt, 7));
  json_object_set_string_member (order, "status", status);
  return order;
}

#define ORDER_RESULTS \
  "SELECT row, number, code, message FROM service_order_results WHERE order_id = ? ORDER BY row;"

/* Answers a repeat of POST /service-orders with the order it made. */
static void
reply_service_order (KbRequest *req, guint status, gint64 id)
{
  _kb_bulk_reply_again (req,
                        _kb_server_find_by_id (req,
                                               ORDER_COLUMNS " WHERE o.id = ? AND o.client_id = ?;",
                                               order_from_row, NULL, id),
                        id, ORDER_RESULTS);
}

/* GET /service-orders/{id} — one order of this client with every row's result. */
void
_kb_server_service_orders_get (KbRequest *req)
{
  g_autoptr(JsonObject) order = NULL;
  gint64 id;

  order = _kb_server_find_one (req, ORDER_COLUMNS " WHERE o.id = ? AND o.client_id = ?;",
                               order_from_row, NULL, "There is no such service order.", &id);
  if (order == NULL)
    return;
  kb_request_reply_rows (req, order, "results",
                         kb_request_query (req, ORDER_RESULTS, KB_DB_INT (id)),
                         _kb_server_row_result_from_row, NULL);
}

/* GET /service-orders[?status=done|partial|rejected] — the current and the two previous months. */
void
_kb_server_service_orders_list (KbRequest *req)
{
  g_autoptr(GDateTime) local = kb_request_local_now (req);
  g_autoptr(GDateTime) start = kb_calendar_service_history_start (local);
  g_autoptr(JsonObject) reply = json_object_new ();
  g_autofree char *from = kb_date_time_to_iso_date (start);
  const char *status;

  status = kb_request_get_query (req, "status");
  if (status != NULL && kb_enum_from_nick (KB_TYPE_SERVICE_ORDER_STATUS, status, -1) < 0)
    {
      kb_request_reply_invalid (req, "invalid_value", "status", "“status” must be done, partial or rejected.");
      return;
    }
  json_object_set_string_member (reply, "from", from);
  kb_request_reply_rows (
      req, reply, "orders",
      kb_request_query (req,
                        ORDER_COLUMNS " WHERE o.client_id = ? AND o.created_at >= ?"
                                      " ORDER BY o.created_at DESC, o.id DESC;",
                        KB_DB_INT (req->client_id), KB_DB_INT (g_date_time_to_unix (start))),
      order_from_row, (gpointer) status);
}
