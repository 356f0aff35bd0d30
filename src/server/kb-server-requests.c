/* kb-server-requests.c — the operator's requests: one number for every deferred operation.
 *
 * Each operation that the operator carries out later (a rename, a rename
 * batch, a service order, an invoice e-mailed, a change of invoice delivery,
 * a registered payment) makes a row of "requests" in the same transaction as
 * the operation, with the status it will end in and the time it gets there
 * (due_at). The server's clock moves it: every tick of the events loop, and
 * every GET of the list, turns the requests whose time has come to their
 * final status, writes the "request" event in the same transaction and
 * flushes it to the sockets. A ticking server asks SQLite only when the
 * earliest due time it knows of has passed, so an idle server does no work.
 *
 * Numbers are З-<year>-<six digits>, counted per client, so that two clients
 * never see each other's sequence.
 */
#include "config.h"

#include "kb-calendar.h"
#include "kb-server-routes.h"
#include "kb-server-schema.h"

/* How long the operator takes, on the server's clock. Renames take effect
 * when the rename does (24 hours); the rest are short so that the demo shows
 * them finishing. */
#define SERVICE_ORDER_DELAY    60
#define INVOICE_EMAIL_DELAY    30
#define INVOICE_DELIVERY_DELAY 60
#define PAYMENT_DELAY          120

gint64
_kb_server_request_delay (const char *kind)
{
  if (g_str_equal (kind, "service_order"))
    return SERVICE_ORDER_DELAY;
  if (g_str_equal (kind, "invoice_email"))
    return INVOICE_EMAIL_DELAY;
  if (g_str_equal (kind, "invoice_delivery"))
    return INVOICE_DELIVERY_DELAY;
  if (g_str_equal (kind, "payment_registration"))
    return PAYMENT_DELAY;
  return 24 * 3600;
}

static gboolean
emit_request_event (KbDb *db, gint64 client_id, gint64 id, const char *number, const char *status,
                    gint64 now, GError **error)
{
  g_autoptr(JsonObject) payload = json_object_new ();

  json_object_set_string_member (payload, "type", "request");
  _kb_server_set_id_member (payload, "request_id", id);
  json_object_set_string_member (payload, "number", number);
  json_object_set_string_member (payload, "status", status);
  return _kb_server_emit_event (db, client_id, payload, now, error);
}

/**
 * _kb_server_request_create:
 *
 * Makes the request of an operation inside the caller's transaction and
 * sets @id. A request whose time has already come (nothing was accepted)
 * starts in its final status.
 */
gboolean
_kb_server_request_create (KbDb *db, const KbServerRequestNew *new, gint64 *id, GError **error)
{
  g_autoptr(GDateTime) created = g_date_time_new_from_unix_utc (new->now);
  g_autofree char *number = NULL;
  gint64 per_client, seq;
  const char *status;

  if (!kb_db_read_int (db, kb_db_query (db, "SELECT COALESCE(MAX(client_seq), 0) + 1 FROM requests"
                                        " WHERE client_id = ?;", error,
                                        KB_DB_INT (new->client_id)), &per_client, error))
    return FALSE;
  seq = kb_server_schema_next_seq (db, "requests", error);
  if (seq < 0)
    return FALSE;

  number = g_strdup_printf ("З-%d-%06" G_GINT64_FORMAT, g_date_time_get_year (created), per_client);
  status = new->due_at <= new->now ? new->final_status : "accepted";

  /* effective_at 0 is "not known": NULL in the table. */
  if (!kb_db_run (db,
                  "INSERT INTO requests (client_id, client_seq, number, kind, status,"
                  " final_status, reason, subject, detail, count, rejected_count, target_type,"
                  " target_id, created_at, updated_at, effective_at, due_at, seq)"
                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULLIF (?, 0), ?, ?);",
                  error, KB_DB_INT (new->client_id), KB_DB_INT (per_client), KB_DB_TEXT (number),
                  KB_DB_TEXT (new->kind), KB_DB_TEXT (status), KB_DB_TEXT (new->final_status),
                  KB_DB_TEXT (new->reason), KB_DB_TEXT (new->subject != NULL ? new->subject : ""),
                  KB_DB_TEXT (new->detail), KB_DB_INT (new->count),
                  KB_DB_INT (new->rejected_count), KB_DB_TEXT (new->target_type),
                  KB_DB_INT (new->target_id), KB_DB_INT (new->now), KB_DB_INT (new->now),
                  KB_DB_INT (new->effective_at), KB_DB_INT (new->due_at), KB_DB_INT (seq)))
    return FALSE;
  *id = sqlite3_last_insert_rowid (kb_db_get_handle (db));
  return emit_request_event (db, new->client_id, *id, number, status, new->now, error);
}

/**
 * _kb_server_request_open:
 *
 * Makes the request of the operation @req is doing, inside its transaction:
 * the client and the time come from @req, a due time of 0 is the kind's
 * usual delay and a NULL final status is done.
 */
gboolean
_kb_server_request_open (KbRequest *req, KbServerRequestNew *new, gint64 *id, GError **error)
{
  new->client_id = req->client_id;
  new->now = req->now_unix;
  if (new->due_at == 0)
    new->due_at = new->now + _kb_server_request_delay (new->kind);
  if (new->final_status == NULL)
    new->final_status = "done";
  if (!_kb_server_request_create (req->db, new, id, error))
    return FALSE;
  _kb_server_requests_note_due (req->server, new->due_at);
  return TRUE;
}

#define REQUEST_COLUMNS \
  "id, number, kind, status, reason, subject, detail, count, rejected_count, target_type," \
  " target_id, created_at, updated_at, effective_at, seq"

static JsonObject *
request_from_row (sqlite3_stmt *stmt, gpointer data)
{
  JsonObject *request = json_object_new ();
  JsonObject *target = json_object_new ();

  _kb_server_set_id_member (request, "id", sqlite3_column_int64 (stmt, 0));
  json_object_set_string_member (request, "number", kb_db_column_text (stmt, 1));
  json_object_set_string_member (request, "kind", kb_db_column_text (stmt, 2));
  json_object_set_string_member (request, "status", kb_db_column_text (stmt, 3));
  if (sqlite3_column_type (stmt, 4) != SQLITE_NULL &&
      (g_str_equal (kb_db_column_text (stmt, 3), "rejected") ||
       g_str_equal (kb_db_column_text (stmt, 3), "partially_done")))
    json_object_set_string_member (request, "reason", kb_db_column_text (stmt, 4));
  json_object_set_string_member (request, "subject", kb_db_column_text (stmt, 5));
  if (sqlite3_column_type (stmt, 6) != SQLITE_NULL)
    json_object_set_string_member (request, "detail", kb_db_column_text (stmt, 6));
  json_object_set_int_member (request, "count", sqlite3_column_int64 (stmt, 7));
  json_object_set_int_member (request, "rejected_count", sqlite3_column_int64 (stmt, 8));
  json_object_set_string_member (target, "type", kb_db_column_text (stmt, 9));
  _kb_server_set_id_member (target, "id", sqlite3_column_int64 (stmt, 10));
  json_object_set_object_member (request, "target", target);
  _kb_server_set_time_member (request, "created_at", sqlite3_column_int64 (stmt, 11));
  _kb_server_set_time_member (request, "updated_at", sqlite3_column_int64 (stmt, 12));
  if (sqlite3_column_type (stmt, 13) != SQLITE_NULL)
    _kb_server_set_time_member (request, "effective_at", sqlite3_column_int64 (stmt, 13));
  return request;
}

/* Returns: (transfer full) (nullable): the client's request @id as JSON. */
static JsonObject *
load_request (KbDb *db, gint64 client_id, gint64 id, GError **error)
{
  g_autoptr(KbDbStatement) stmt = kb_db_query (db,
                                                "SELECT " REQUEST_COLUMNS " FROM requests"
                                                " WHERE id = ? AND client_id = ?;",
                                                error, KB_DB_INT (id), KB_DB_INT (client_id));

  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, KB_DB_ERROR, KB_DB_ERROR_SQL, "No request %" G_GINT64_FORMAT, id);
      return NULL;
    }
  return request_from_row (stmt, NULL);
}

/**
 * _kb_server_request_add_to_reply:
 * @target_type: (nullable): with @target_id, find the request by what it
 *   concerns (for an idempotent replay), when @id is 0
 *
 * Sets the member "request" of @reply. Nothing is set if there is none: an
 * operation made before requests existed has no number.
 */
void
_kb_server_request_add_to_reply (KbRequest *req, JsonObject *reply, gint64 id,
                                 const char *target_type, gint64 target_id)
{
  g_autoptr(GError) error = NULL;
  JsonObject *request;

  if (id == 0 && target_type != NULL &&
      !kb_db_read_int (req->db, kb_db_query (req->db, "SELECT id FROM requests"
                                             " WHERE client_id = ? AND target_type = ?"
                                             " AND target_id = ? ORDER BY id DESC LIMIT 1;", NULL,
                                             KB_DB_INT (req->client_id), KB_DB_TEXT (target_type),
                                             KB_DB_INT (target_id)), &id, NULL))
    return;
  if (id == 0)
    return;
  request = load_request (req->db, req->client_id, id, &error);
  if (request != NULL)
    json_object_set_object_member (reply, "request", request);
  else
    g_debug ("No request for the reply: %s", error->message);
  /* Its "accepted" event goes out with the reply. */
  _kb_server_events_flush (req->server);
}

/* Moves @id to its final status at @when, with what goes with it. */
static gboolean
finish_request (KbDb *db, gint64 id, gint64 when, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *number = NULL;
  g_autofree char *status = NULL;
  g_autofree char *target_type = NULL;
  gint64 client_id, target_id, seq;
  sqlite3_stmt *stmt;

  stmt = kb_db_query (db,
                      "SELECT client_id, number, final_status, target_type, target_id"
                      " FROM requests WHERE id = ?;",
                      error, KB_DB_INT (id));
  if (stmt == NULL)
    return FALSE;
  if (!kb_db_step_row (db, stmt, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return local_error == NULL;
    }
  client_id = sqlite3_column_int64 (stmt, 0);
  number = g_strdup (kb_db_column_text (stmt, 1));
  status = g_strdup (kb_db_column_text (stmt, 2));
  target_type = g_strdup (kb_db_column_text (stmt, 3));
  target_id = sqlite3_column_int64 (stmt, 4);
  sqlite3_reset (stmt);

  seq = kb_server_schema_next_seq (db, "requests", error);
  if (seq < 0)
    return FALSE;
  if (!kb_db_run (db,
                  "UPDATE requests SET status = final_status, updated_at = ?, seq = ?"
                  " WHERE id = ?;",
                  error, KB_DB_INT (when), KB_DB_INT (seq), KB_DB_INT (id)))
    return FALSE;

  /* A registered payment is what the request confirms. */
  if (g_str_equal (target_type, "payment") && g_str_equal (status, "done"))
    {
      if (!kb_db_run (db, "UPDATE payments SET status = 'confirmed' WHERE id = ?;", error,
                      KB_DB_INT (target_id)))
        return FALSE;
    }
  return emit_request_event (db, client_id, id, number, status, when, error);
}

typedef struct {
  gint64 now;
  gint64 next_due;   /* the earliest due time still ahead, or G_MAXINT64 */
} Advance;

static gboolean
advance_requests (KbDb *db, gpointer data, GError **error)
{
  Advance *advance = data;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) dues = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;

  stmt = kb_db_prepare (db, "SELECT id, due_at FROM requests WHERE status != final_status"
                        " ORDER BY due_at, id;", error);
  if (stmt == NULL)
    return FALSE;
  advance->next_due = G_MAXINT64;
  while (kb_db_step_row (db, stmt, &local_error))
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      gint64 due = sqlite3_column_int64 (stmt, 1);

      if (due > advance->now)
        {
          advance->next_due = due;
          break;
        }
      g_array_append_val (ids, id);
      g_array_append_val (dues, due);
    }
  sqlite3_reset (stmt);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  for (guint i = 0; i < ids->len; i++)
    if (!finish_request (db, g_array_index (ids, gint64, i), g_array_index (dues, gint64, i),
                         error))
      return FALSE;
  return TRUE;
}

/**
 * _kb_server_requests_advance:
 * @force: look even if no known due time has passed (another process or a
 *   request just made may have added one)
 *
 * Moves every request whose time has come on the server's clock, and pushes
 * the events. Runs on the server's thread.
 */
void
_kb_server_requests_advance (KbServer *self, gboolean force)
{
  g_autoptr(GDateTime) now = _kb_server_now (self);
  g_autoptr(GError) error = NULL;
  Advance advance = { g_date_time_to_unix (now), G_MAXINT64 };

  if (self->stopped || !_kb_server_db_is_open (self, NULL))
    return;
  if (!force && self->next_request_due > advance.now)
    return;
  if (!kb_db_transaction (self->db, advance_requests, &advance, &error))
    {
      /* Most often the bulk worker's connection holds the write lock for
       * a moment: the next tick (or list) tries again, as nothing moved. */
      if ((sqlite3_errcode (kb_db_get_handle (self->db)) & 0xff) == SQLITE_BUSY)
        g_debug ("Requests will move on at the next tick: %s", error->message);
      else
        g_warning ("Requests could not move on: %s", error->message);
      return;
    }
  self->next_request_due = advance.next_due;
  _kb_server_events_flush (self);
}

/* Lets the tick know of a request that will move at @due_at. */
void
_kb_server_requests_note_due (KbServer *self, gint64 due_at)
{
  self->next_request_due = MIN (self->next_request_due, due_at);
}

/* GET /requests/{id} */
void
_kb_server_requests_get (KbRequest *req)
{
  g_autoptr(JsonObject) request = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (!kb_request_get_id_param (req, 0, &id))
    return;
  _kb_server_requests_advance (req->server, FALSE);
  request = load_request (req->db, req->client_id, id, &error);
  if (request == NULL)
    {
      kb_request_reply_error (req, SOUP_STATUS_NOT_FOUND, "not_found", "There is no such request.");
      return;
    }
  kb_request_reply_json_object (req, SOUP_STATUS_OK, request);
}

static gboolean
check_nick (KbRequest *req, const char *name, const char * const *allowed)
{
  const char *value = kb_request_get_query (req, name);

  if (value == NULL || g_strv_contains (allowed, value))
    return TRUE;
  kb_request_reply_invalid (req, "invalid_value", name, "This value is not one of the list.");
  return FALSE;
}

/* GET /requests[?since=&kind=&status=] — the current and the two previous
 * months, newest first; with since, only those changed after that cursor. */
/* A request of the list; the list's cursor (*@data) becomes its seq when
 * that is higher. */
static JsonObject *
listed_request_from_row (sqlite3_stmt *stmt, gpointer data)
{
  gint64 *cursor = data;

  *cursor = MAX (*cursor, sqlite3_column_int64 (stmt, 14));
  return request_from_row (stmt, NULL);
}

void
_kb_server_requests_list (KbRequest *req)
{
  static const char * const kinds[] = { "invoice_email", "invoice_delivery", "payment_registration",
                                        "rename", "rename_batch", "service_order", NULL };
  static const char * const statuses[] = { "accepted", "in_progress", "done", "partially_done",
                                           "rejected", NULL };
  g_autoptr(GDateTime) local = kb_request_local_now (req);
  g_autoptr(GDateTime) start = kb_calendar_service_history_start (local);
  g_autoptr(JsonObject) reply = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *from = kb_date_time_to_iso_date (start);
  g_autofree char *cursor_text = NULL;
  JsonArray *requests;
  sqlite3_stmt *stmt;
  gint64 since, cursor;

  if (!kb_request_get_query_int (req, "since", 0, 0, G_MAXINT64, &since) ||
      !check_nick (req, "kind", kinds) || !check_nick (req, "status", statuses))
    return;
  _kb_server_requests_advance (req->server, FALSE);

  stmt = kb_request_query (req,
                           "SELECT " REQUEST_COLUMNS " FROM requests"
                           " WHERE client_id = ?1 AND created_at >= ?2 AND seq > ?3"
                           " AND (?4 IS NULL OR kind = ?4) AND (?5 IS NULL OR status = ?5)"
                           " ORDER BY created_at DESC, id DESC;",
                           KB_DB_INT (req->client_id), KB_DB_INT (g_date_time_to_unix (start)),
                           KB_DB_INT (since), KB_DB_TEXT (kb_request_get_query (req, "kind")),
                           KB_DB_TEXT (kb_request_get_query (req, "status")));
  if (stmt == NULL)
    return;

  cursor = since;
  requests = kb_request_collect_rows (req, stmt, listed_request_from_row, &cursor);
  if (requests == NULL)
    return;
  cursor_text = kb_format_id (cursor);
  json_object_set_string_member (reply, "from", from);
  json_object_set_string_member (reply, "cursor", cursor_text);
  json_object_set_array_member (reply, "requests", requests);
  node = kb_json_node_from_object (reply);
  kb_request_reply_with_etag (req, node);
}
