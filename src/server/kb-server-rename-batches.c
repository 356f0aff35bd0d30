/* kb-server-rename-batches.c — rename batches: POST, GET /rename-batches, a result per row.
 *
 * A rename batch keeps every row it was sent with its result
 * (rename_batch_rows), so that GET /rename-batches/{id} can show the history
 * row by row: rejected, or pending until the rename takes effect 24 hours
 * after the batch, then done. A single rename is kept as a one-row batch.
 */
#include "config.h"

#include "kb-phone-number.h"
#include "kb-rename-row.h"
#include "kb-server-bulk.h"
#include "kb-subscriber.h"

#define RENAME_DELAY_SECONDS (24 * 3600)

/* A rename batch as POST /rename-batches answered it, but the results,
 * from a row of (id, created_at, total, accepted, rejected). */
static JsonObject *
created_batch_from_row (sqlite3_stmt *stmt, gpointer data)
{
  JsonObject *batch = json_object_new ();
  gint64 created_at = sqlite3_column_int64 (stmt, 1);

  _kb_server_set_id_member (batch, "id", sqlite3_column_int64 (stmt, 0));
  _kb_server_set_time_member (batch, "created_at", created_at);
  _kb_server_set_time_member (batch, "effective_at", created_at + RENAME_DELAY_SECONDS);
  json_object_set_int_member (batch, "total", sqlite3_column_int64 (stmt, 2));
  json_object_set_int_member (batch, "accepted", sqlite3_column_int64 (stmt, 3));
  json_object_set_int_member (batch, "rejected", sqlite3_column_int64 (stmt, 4));
  return batch;
}
/* Answers a repeat of POST /rename-batches with the batch it made. */
static void
reply_rename_batch (KbRequest *req, guint status, gint64 id)
{
  _kb_bulk_reply_again (req,
                        _kb_server_find_by_id (req, "SELECT id, created_at, total, accepted,"
                                               " rejected FROM rename_batches"
                                               " WHERE id = ? AND client_id = ?;",
                                               created_batch_from_row, NULL, id),
                        id, "SELECT row, number, code, message FROM rename_batch_rows"
                            " WHERE batch_id = ? ORDER BY row;");
}

/* POST /rename-batches {"rows": [{"number", "name"}…], "all_or_nothing"} */
void
_kb_server_rename_batches_create (KbRequest *req)
{
  JsonObject *body = kb_request_get_body_object (req);
  g_auto(KbBulk) bulk = { 0 };
  g_autoptr(GPtrArray) accepted_names = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GError) error = NULL;
  KbServerRenameBatch batch;
  guint n;

  if (body == NULL || !_kb_bulk_read_rows (req, body, "rows", &bulk))
    return;
  if (!_kb_bulk_check_idempotency (req, &bulk, "rename_batch", reply_rename_batch,
                                   "This Idempotency-Key was used for another rename batch."))
    return;
  if (!_kb_server_check_rename_window (req))
    return;

  if (!_kb_bulk_load_numbers (req, &bulk, &error))
    {
      kb_request_reply_db_error (req, error);
      return;
    }
  accepted_names = g_ptr_array_new_with_free_func (g_free);
  n = json_array_get_length (bulk.rows);
  names = g_ptr_array_new_full (n, g_free);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (bulk.rows, i);
      JsonObject *row = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      JsonNode *number_node = row != NULL ? json_object_get_member (row, "number") : NULL;
      JsonNode *name_node = row != NULL ? json_object_get_member (row, "name") : NULL;
      const char *number;
      KbSubscriberNameProblem problem;
      g_autofree char *name = NULL;
      gint64 *id;

      if (number_node == NULL || name_node == NULL ||
          json_node_get_value_type (number_node) != G_TYPE_STRING ||
          json_node_get_value_type (name_node) != G_TYPE_STRING)
        {
          _kb_bulk_add_result (&bulk.results, i + 1, NULL, "invalid_row",
                               "A row needs a “number” and a “name”, both text.");
          g_ptr_array_add (names, g_strdup (""));
          continue;
        }
      number = json_node_get_string (number_node);
      name = g_strstrip (g_strdup (json_node_get_string (name_node)));
      /* An accepted name is short; a rejected one is kept only as far as
       * the history needs it. */
      g_ptr_array_add (names, _kb_server_clip_text (name, KB_SERVER_KEPT_TEXT_CHARS));

      if (!kb_phone_number_is_canonical (number))
        _kb_bulk_add_result (&bulk.results, i + 1, number, "invalid_number",
                             "A number is +375, an operator code (25, 29, 33, 44) and 7 digits.");
      else if ((problem = kb_subscriber_check_name (name, -1)) != KB_SUBSCRIBER_NAME_PROBLEM_NONE)
        _kb_bulk_add_result (&bulk.results, i + 1, number,
                             kb_enum_to_nick (KB_TYPE_SUBSCRIBER_NAME_PROBLEM, problem),
                             "A name has 1 to 100 characters and no control characters.");
      else if ((id = _kb_bulk_find_subscriber (&bulk, i + 1, number)) != NULL)
        {
          _kb_bulk_accept (&bulk, i + 1, number, *id);
          g_ptr_array_add (accepted_names, g_steal_pointer (&name));
        }
    }

  if (_kb_bulk_reject_all (req, &bulk))
    return;

  batch = (KbServerRenameBatch) {
    .req = req,
    .kind = "list",
    .results = bulk.results.results,
    .names = names,
    .all_or_nothing = bulk.all_or_nothing,
    .accepted_ids = bulk.accepted_ids,
    .accepted_names = accepted_names,
    .idempotency = &bulk.idempotency,
  };
  if (!_kb_server_write_rename_batch (&batch))
    return;

  _kb_server_set_id_member (bulk.reply, "id", batch.id);
  _kb_server_set_time_member (bulk.reply, "created_at", req->now_unix);
  _kb_server_set_time_member (bulk.reply, "effective_at", req->now_unix + RENAME_DELAY_SECONDS);
  _kb_server_request_add_to_reply (req, bulk.reply, batch.request_id, NULL, 0);
  _kb_bulk_reply (req, &bulk, TRUE);
}

/* Writes @batch and all its rows with their results. */
static gboolean
record_rename_batch (KbServerRenameBatch *batch, GError **error)
{
  KbRequest *req = batch->req;
  JsonArray *results = batch->results;
  GPtrArray *names = batch->names;
  gint64 *batch_id = &batch->id;
  guint n = json_array_get_length (results);
  guint accepted = 0;

  g_return_val_if_fail (names->len == n, FALSE);

  for (guint i = 0; i < n; i++)
    if (!json_object_has_member (json_array_get_object_element (results, i), "code"))
      accepted++;

  if (!kb_db_run (req->db,
                  "INSERT INTO rename_batches (client_id, created_at, total, accepted,"
                  " rejected, all_or_nothing, kind) VALUES (?, ?, ?, ?, ?, ?, ?);",
                  error, KB_DB_INT (req->client_id), KB_DB_INT (req->now_unix), KB_DB_INT (n),
                  KB_DB_INT (accepted), KB_DB_INT (n - accepted), KB_DB_INT (batch->all_or_nothing),
                  KB_DB_TEXT (batch->kind)))
    return FALSE;
  *batch_id = sqlite3_last_insert_rowid (kb_db_get_handle (req->db));
  return _kb_bulk_store_results (req->db, "INSERT INTO rename_batch_rows (batch_id, row, number,"
                                 " code, message, name) VALUES (?, ?, ?, ?, ?, ?);",
                                 *batch_id, results, names, error);
}

/* The request of a rename or a rename batch (issue 15): done when the
 * renames take effect, partly done if some rows were rejected, rejected at
 * once when none was accepted. */
static gboolean
open_rename_request (KbServerRenameBatch *batch, GError **error)
{
  KbRequest *req = batch->req;
  gboolean single = g_str_equal (batch->kind, "single");
  guint total = json_array_get_length (batch->results);
  guint accepted = batch->accepted_ids->len;
  KbServerRequestNew request = {
    .kind = single ? "rename" : "rename_batch",
    .count = total,
    .rejected_count = total - accepted,
    .target_type = single ? "subscriber" : "rename_batch",
    .effective_at = req->now_unix + RENAME_DELAY_SECONDS,
    .due_at = req->now_unix + RENAME_DELAY_SECONDS,
  };

  if (single)
    {
      request.subject = json_object_get_string_member (json_array_get_object_element (batch->results, 0),
                                                      "number");
      request.detail = g_ptr_array_index (batch->accepted_names, 0);
      request.target_id = g_array_index (batch->accepted_ids, gint64, 0);
    }
  else
    {
      request.subject = "";
      request.target_id = batch->id;
    }
  return _kb_bulk_open_request (req, &request, "row", &batch->request_id, error);
}

static gboolean
write_rename_batch (KbDb *db, gpointer data, GError **error)
{
  KbServerRenameBatch *batch = data;

  if (!record_rename_batch (batch, error) || !open_rename_request (batch, error))
    return FALSE;
  if (batch->idempotency != NULL &&
      !kb_request_idempotency_store (batch->req, batch->idempotency, batch->id, error))
    return FALSE;
  for (guint i = 0; i < batch->accepted_ids->len; i++)
    if (!_kb_server_rename_subscriber (batch->req, g_array_index (batch->accepted_ids, gint64, i),
                                       g_ptr_array_index (batch->accepted_names, i), batch->id,
                                       error))
      return FALSE;
  return TRUE;
}

/* Writes @batch, its rows and the renames of its accepted rows in one
 * transaction, and sets its id. Returns: FALSE after replying 500. */
gboolean
_kb_server_write_rename_batch (KbServerRenameBatch *batch)
{
  return kb_request_write (batch->req, write_rename_batch, batch);
}

/* pending until the renames take effect, then done; a batch with no
 * accepted row is rejected. */
static const char *
rename_status (gboolean rejected, gint64 created_at, gint64 now)
{
  KbRenameStatus status = rejected ? KB_RENAME_STATUS_REJECTED
                          : now < created_at + RENAME_DELAY_SECONDS ? KB_RENAME_STATUS_PENDING
                          : KB_RENAME_STATUS_DONE;

  return kb_enum_to_nick (KB_TYPE_RENAME_STATUS, status);
}

#define BATCH_COLUMNS \
  "b.id, b.created_at, b.total, b.accepted, b.rejected, b.all_or_nothing, b.kind, r.number, r.name"
#define BATCH_FROM \
  " FROM rename_batches b LEFT JOIN rename_batch_rows r" \
  " ON r.batch_id = b.id AND r.row = 1 AND b.kind = 'single'"

/* When a batch was made, and the request's now: what the status of the
 * batch and of its rows depends on. */
typedef struct {
  gint64 created_at;
  gint64 now;
} BatchTimes;

/* Returns: (transfer full): the batch in the row of @stmt (BATCH_COLUMNS);
 * @data is a BatchTimes, whose created_at becomes the batch's. */
static JsonObject *
batch_to_json (sqlite3_stmt *stmt, gpointer data)
{
  BatchTimes *times = data;
  JsonObject *batch = json_object_new ();
  gint64 created_at = sqlite3_column_int64 (stmt, 1);
  gint64 accepted = sqlite3_column_int64 (stmt, 3);

  _kb_server_set_id_member (batch, "id", sqlite3_column_int64 (stmt, 0));
  json_object_set_string_member (batch, "kind", kb_db_column_text (stmt, 6));
  _kb_server_set_time_member (batch, "created_at", created_at);
  _kb_server_set_time_member (batch, "effective_at", created_at + RENAME_DELAY_SECONDS);
  json_object_set_string_member (batch, "status",
                                 rename_status (accepted == 0, created_at, times->now));
  json_object_set_int_member (batch, "total", sqlite3_column_int64 (stmt, 2));
  json_object_set_int_member (batch, "accepted", accepted);
  json_object_set_int_member (batch, "rejected", sqlite3_column_int64 (stmt, 4));
  json_object_set_boolean_member (batch, "all_or_nothing", sqlite3_column_int (stmt, 5) != 0);
  times->created_at = created_at;
  if (sqlite3_column_type (stmt, 7) != SQLITE_NULL)
    {
      json_object_set_string_member (batch, "number", kb_db_column_text (stmt, 7));
      json_object_set_string_member (batch, "name", kb_db_column_text (stmt, 8));
    }
  return batch;
}

/* GET /rename-batches — the latest 100 batches and single renames, newest first. */
void
_kb_server_rename_batches_list (KbRequest *req)
{
  g_autoptr(JsonObject) reply = json_object_new ();
  BatchTimes times = { 0, req->now_unix };

  kb_request_reply_rows (
      req, reply, "batches",
      kb_request_query (req,
                        "SELECT " BATCH_COLUMNS BATCH_FROM
                        " WHERE b.client_id = ? ORDER BY b.created_at DESC, b.id DESC"
                        " LIMIT 100;",
                        KB_DB_INT (req->client_id)),
      batch_to_json, &times);
}

/* A row of a batch from a row of rename_batch_rows; @data is its BatchTimes. */
static JsonObject *
batch_row_to_json (sqlite3_stmt *stmt, gpointer data)
{
  BatchTimes *times = data;
  JsonObject *row = json_object_new ();
  gboolean rejected = sqlite3_column_type (stmt, 3) != SQLITE_NULL;

  json_object_set_int_member (row, "row", sqlite3_column_int64 (stmt, 0));
  json_object_set_string_member (row, "number", kb_db_column_text (stmt, 1));
  json_object_set_string_member (row, "name", kb_db_column_text (stmt, 2));
  json_object_set_string_member (row, "status",
                                 rename_status (rejected, times->created_at, times->now));
  if (rejected)
    {
      json_object_set_string_member (row, "code", kb_db_column_text (stmt, 3));
      json_object_set_string_member (row, "message", kb_db_column_text (stmt, 4));
    }
  return row;
}

/* GET /rename-batches/{id} — the batch with every row and its status. */
void
_kb_server_rename_batches_get (KbRequest *req)
{
  g_autoptr(JsonObject) reply = NULL;
  BatchTimes times = { 0, req->now_unix };
  gint64 id;

  reply = _kb_server_find_one (req, "SELECT " BATCH_COLUMNS BATCH_FROM
                               " WHERE b.id = ? AND b.client_id = ?;",
                               batch_to_json, &times, "There is no such rename batch.", &id);
  if (reply == NULL)
    return;
  kb_request_reply_rows (
      req, reply, "rows",
      kb_request_query (req,
                        "SELECT row, number, name, code, message FROM rename_batch_rows"
                        " WHERE batch_id = ? ORDER BY row;",
                        KB_DB_INT (id)),
      batch_row_to_json, &times);
}
