/* kb-server-bulk.c — rename batches and service orders: up to 100 000 rows, a result per row.
 *
 * Every row is checked on its own (number format, name, duplicates within
 * the request, unknown subscriber, service already on or off) and answered
 * with its own result; bad rows never sink good ones unless the request asks
 * for all_or_nothing, in which case one bad row refuses the whole request
 * (422 batch_rejected, with the results) and nothing is written. The good
 * rows of a request are written in one transaction.
 *
 * A rename batch keeps every row it was sent with its result
 * (rename_batch_rows), so that GET /rename-batches/{id} can show the history
 * row by row: rejected, or pending until the rename takes effect 24 hours
 * after the batch, then done. A single rename is kept as a one-row batch.
 */
#include "config.h"

#include <string.h>

#include "kb-calendar.h"
#include "kb-phone-number.h"
#include "kb-rename-row.h"
#include "kb-server-private.h"
#include "kb-server-routes.h"
#include "kb-service-order.h"
#include "kb-subscriber.h"

#define RENAME_DELAY_SECONDS (24 * 3600)

/* A rejected row keeps this much of its name and number, in the history
 * and in the reply: enough to recognise the row, never a 16 MiB name. */
#define KEPT_TEXT_CHARS 256

typedef struct {
  JsonArray *results;
  guint accepted;
  guint rejected;
} Results;

/* Returns: (transfer full): at most the first @max_chars characters of
 * @text, cut at a character boundary (bodies are checked to be UTF-8). */
static char *
clip_text (const char *text, gsize max_chars)
{
  const char *end = text;

  for (gsize i = 0; i < max_chars && *end != '\0'; i++)
    end = g_utf8_next_char (end);
  return g_strndup (text, end - text);
}

/**
 * _kb_server_row_result:
 * @code: (nullable): why the row was rejected, or NULL when it was accepted
 *
 * Returns: (transfer full): the result of one row of a bulk operation, as
 * the contract writes it.
 */
JsonObject *
_kb_server_row_result (gint64 row, const char *number, const char *code, const char *message)
{
  JsonObject *result = json_object_new ();

  json_object_set_int_member (result, "row", row);
  json_object_set_string_member (result, "number", number != NULL ? number : "");
  json_object_set_string_member (result, "status", code == NULL ? "accepted" : "rejected");
  if (code != NULL)
    {
      json_object_set_string_member (result, "code", code);
      json_object_set_string_member (result, "message", message);
    }
  return result;
}

static void
add_result (Results *results, guint row, const char *number, const char *code, const char *message)
{
  g_autofree char *kept = NULL;

  if (code != NULL)
    {
      results->rejected++;
      /* A rejected number may be anything the client sent. */
      if (number != NULL)
        number = kept = clip_text (number, KEPT_TEXT_CHARS);
    }
  else
    results->accepted++;
  json_array_add_object_element (results->results,
                                 _kb_server_row_result (row, number, code, message));
}

/* Returns: (transfer full): the client's subscribers, number → id. */
static GHashTable *
load_numbers (KbRequest *req, GError **error)
{
  g_autoptr(GHashTable) numbers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt = kb_db_prepare (req->db, "SELECT number, id FROM subscribers WHERE client_id = ?;",
                                      error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, req->client_id);
  while (kb_db_step_row (req->db, stmt, &local_error))
    {
      gint64 id = sqlite3_column_int64 (stmt, 1);

      g_hash_table_insert (numbers, g_strdup (kb_db_column_text (stmt, 0)), g_memdup2 (&id, sizeof id));
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&numbers);
}

/* What the two bulk operations share: the rows sent, the client's
 * subscribers, and the result of each row as it is decided. */
typedef struct {
  JsonArray *rows;          /* the body's */
  gboolean all_or_nothing;
  GHashTable *numbers;      /* the client's subscribers, number → id */
  GHashTable *seen;         /* the numbers of the rows accepted so far */
  GArray *accepted_ids;     /* gint64: the subscriber of each accepted row */
  Results results;
  JsonObject *reply;
} Bulk;

static void
bulk_clear (Bulk *bulk)
{
  g_clear_pointer (&bulk->numbers, g_hash_table_unref);
  g_clear_pointer (&bulk->seen, g_hash_table_unref);
  g_clear_pointer (&bulk->accepted_ids, g_array_unref);
  g_clear_pointer (&bulk->results.results, json_array_unref);
  g_clear_pointer (&bulk->reply, json_object_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Bulk, bulk_clear)

/* Reads the list @member of @body and "all_or_nothing"; FALSE after
 * replying 400. */
static gboolean
bulk_read_rows (KbRequest *req, JsonObject *body, const char *member, Bulk *bulk)
{
  bulk->results.results = json_array_new ();
  bulk->reply = json_object_new ();
  bulk->all_or_nothing = FALSE;
  if (!kb_request_get_bool (req, body, "all_or_nothing", &bulk->all_or_nothing))
    return FALSE;
  bulk->rows = kb_request_get_array (req, body, member, TRUE);
  if (bulk->rows == NULL)
    return FALSE;
  if (json_array_get_length (bulk->rows) == 0)
    {
      kb_request_reply_invalid (req, "missing_field", member, "The list is empty.");
      return FALSE;
    }
  if (json_array_get_length (bulk->rows) > KB_SERVER_MAX_BULK_ROWS)
    {
      kb_request_reply_invalid (req, "too_long", member, "At most 100 000 rows per request.");
      return FALSE;
    }
  return TRUE;
}

static gboolean
bulk_load_numbers (KbRequest *req, Bulk *bulk, GError **error)
{
  bulk->numbers = load_numbers (req, error);
  if (bulk->numbers == NULL)
    return FALSE;
  bulk->seen = g_hash_table_new (g_str_hash, g_str_equal);
  bulk->accepted_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  return TRUE;
}

/* Returns: (nullable): the subscriber of @number when it is one of the
 * client's and no accepted row before had it; NULL after rejecting the row. */
static gint64 *
bulk_find_subscriber (Bulk *bulk, guint row, const char *number)
{
  gint64 *id = NULL;

  if (g_hash_table_contains (bulk->seen, number))
    add_result (&bulk->results, row, number, "duplicate_row",
                "This number is already in the list above.");
  else if ((id = g_hash_table_lookup (bulk->numbers, number)) == NULL)
    add_result (&bulk->results, row, number, "unknown_subscriber",
                "This number is not one of yours.");
  return id;
}

static void
bulk_accept (Bulk *bulk, guint row, const char *number, gint64 id)
{
  add_result (&bulk->results, row, number, NULL, NULL);
  g_array_append_val (bulk->accepted_ids, id);
  /* Only an accepted row makes later ones duplicates: a number whose first
   * row was wrong may be given again, right. */
  g_hash_table_add (bulk->seen, (gpointer) number);
}

static void
bulk_reply (KbRequest *req, Bulk *bulk, gboolean applied)
{
  Results *results = &bulk->results;
  JsonObject *reply = bulk->reply;

  json_object_set_int_member (reply, "total", results->accepted + results->rejected);
  json_object_set_int_member (reply, "accepted", applied ? results->accepted : 0);
  json_object_set_int_member (reply, "rejected", results->rejected);
  json_object_set_boolean_member (reply, "applied", applied);
  json_object_set_array_member (reply, "results", g_steal_pointer (&results->results));

  if (!applied)
    {
      JsonObject *error = json_object_new ();

      json_object_set_string_member (error, "code", "batch_rejected");
      json_object_set_string_member (error, "message",
                                     "Some rows were rejected and all_or_nothing was asked: nothing was done.");
      json_object_set_object_member (reply, "error", error);
      kb_request_reply_json_object (req, SOUP_STATUS_UNPROCESSABLE_ENTITY, reply);
    }
  else
    kb_request_reply_json_object (req, SOUP_STATUS_CREATED, reply);
}

/* Returns: TRUE after replying 422 when a row was rejected and all or
 * nothing was asked. */
static gboolean
bulk_reject_all (KbRequest *req, Bulk *bulk)
{
  if (!bulk->all_or_nothing || bulk->results.rejected == 0)
    return FALSE;
  bulk_reply (req, bulk, FALSE);
  return TRUE;
}

/* A row's result from a row of (row, number, code, message). */
static JsonObject *
row_result_from_row (sqlite3_stmt *stmt, gpointer data)
{
  return _kb_server_row_result (sqlite3_column_int64 (stmt, 0), kb_db_column_text (stmt, 1),
                                kb_db_column_text (stmt, 2), kb_db_column_text (stmt, 3));
}

/* Answers a repeat of a bulk request: @reply, a found row of @stmt as
 * @func makes it (NULL when there was none), gets "applied" and the result
 * of every row as @results_sql (by the id) selects them. */
static void
reply_bulk_again (KbRequest *req, JsonObject *reply, gint64 id, const char *results_sql)
{
  g_autoptr(JsonObject) owned = reply;
  sqlite3_stmt *stmt;

  if (owned == NULL)
    {
      kb_request_reply_db_error (req, NULL);
      return;
    }
  json_object_set_boolean_member (owned, "applied", TRUE);
  stmt = kb_request_prepare (req, results_sql);
  if (stmt == NULL)
    return;
  sqlite3_bind_int64 (stmt, 1, id);
  kb_request_reply_rows (req, owned, "results", stmt, row_result_from_row, NULL);
}

/* A rename batch as POST /rename-batches answered it, but the results,
 * from a row of (id, created_at, total, accepted, rejected). */
static JsonObject *
created_batch_from_row (sqlite3_stmt *stmt, gpointer data)
{
  JsonObject *batch = json_object_new ();
  gint64 created_at = sqlite3_column_int64 (stmt, 1);
  g_autofree char *id = kb_format_id (sqlite3_column_int64 (stmt, 0));
  g_autofree char *created = kb_date_time_unix_to_iso (created_at);
  g_autofree char *effective = kb_date_time_unix_to_iso (created_at + RENAME_DELAY_SECONDS);

  json_object_set_string_member (batch, "id", id);
  json_object_set_string_member (batch, "created_at", created);
  json_object_set_string_member (batch, "effective_at", effective);
  json_object_set_int_member (batch, "total", sqlite3_column_int64 (stmt, 2));
  json_object_set_int_member (batch, "accepted", sqlite3_column_int64 (stmt, 3));
  json_object_set_int_member (batch, "rejected", sqlite3_column_int64 (stmt, 4));
  return batch;
}

static JsonObject *find_by_id (KbRequest *req, const char *sql, KbRowFunc func, gpointer data,
                               gint64 id);

/* Answers a repeat of POST /rename-batches with the batch it made. */
static void
reply_rename_batch (KbRequest *req, guint status, gint64 id)
{
  reply_bulk_again (req,
                    find_by_id (req, "SELECT id, created_at, total, accepted, rejected"
                                " FROM rename_batches WHERE id = ? AND client_id = ?;",
                                created_batch_from_row, NULL, id),
                    id, "SELECT row, number, code, message FROM rename_batch_rows"
                        " WHERE batch_id = ? ORDER BY row;");
}

/* POST /rename-batches {"rows": [{"number", "name"}…], "all_or_nothing"} */
void
_kb_server_rename_batches_create (KbRequest *req)
{
  JsonObject *body = kb_request_get_body_object (req);
  g_auto(Bulk) bulk = { 0 };
  g_autoptr(GPtrArray) accepted_names = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *request_hash = NULL;
  KbServerRenameBatch batch;
  const char *key;
  guint n;

  if (body == NULL || !bulk_read_rows (req, body, "rows", &bulk))
    return;
  key = kb_request_get_idempotency_key (req);
  if (kb_request_get_status (req) != 0)
    return;
  request_hash = kb_request_hash_body (req);
  if (!kb_request_idempotency_check (req, "rename_batch", key, request_hash, reply_rename_batch,
                                     "This Idempotency-Key was used for another rename batch."))
    return;
  if (!_kb_server_check_rename_window (req))
    return;

  if (!bulk_load_numbers (req, &bulk, &error))
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
          add_result (&bulk.results, i + 1, NULL, "invalid_row",
                      "A row needs a “number” and a “name”, both text.");
          g_ptr_array_add (names, g_strdup (""));
          continue;
        }
      number = json_node_get_string (number_node);
      name = g_strstrip (g_strdup (json_node_get_string (name_node)));
      /* An accepted name is short; a rejected one is kept only as far as
       * the history needs it. */
      g_ptr_array_add (names, clip_text (name, KEPT_TEXT_CHARS));

      if (!kb_phone_number_is_canonical (number))
        add_result (&bulk.results, i + 1, number, "invalid_number",
                    "A number is +375, an operator code (25, 29, 33, 44) and 7 digits.");
      else if ((problem = kb_subscriber_check_name (name, -1)) != KB_SUBSCRIBER_NAME_PROBLEM_NONE)
        add_result (&bulk.results, i + 1, number,
                    kb_enum_to_nick (KB_TYPE_SUBSCRIBER_NAME_PROBLEM, problem),
                    "A name has 1 to 100 characters and no control characters.");
      else if ((id = bulk_find_subscriber (&bulk, i + 1, number)) != NULL)
        {
          bulk_accept (&bulk, i + 1, number, *id);
          g_ptr_array_add (accepted_names, g_steal_pointer (&name));
        }
    }

  if (bulk_reject_all (req, &bulk))
    return;

  batch = (KbServerRenameBatch) {
    .req = req,
    .kind = "list",
    .results = bulk.results.results,
    .names = names,
    .all_or_nothing = bulk.all_or_nothing,
    .accepted_ids = bulk.accepted_ids,
    .accepted_names = accepted_names,
    .key = key,
    .request_hash = request_hash,
  };
  if (!_kb_server_write_rename_batch (&batch))
    return;

  {
    g_autofree char *id = kb_format_id (batch.id);
    g_autofree char *created = kb_date_time_unix_to_iso (req->now_unix);
    g_autofree char *effective = kb_date_time_unix_to_iso (req->now_unix + RENAME_DELAY_SECONDS);

    json_object_set_string_member (bulk.reply, "id", id);
    json_object_set_string_member (bulk.reply, "created_at", created);
    json_object_set_string_member (bulk.reply, "effective_at", effective);
  }
  _kb_server_request_add_to_reply (req, bulk.reply, batch.request_id, NULL, 0);
  bulk_reply (req, &bulk, TRUE);
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
  sqlite3_stmt *stmt;

  g_return_val_if_fail (names->len == n, FALSE);

  for (guint i = 0; i < n; i++)
    if (!json_object_has_member (json_array_get_object_element (results, i), "code"))
      accepted++;

  stmt = kb_db_prepare (req->db, "INSERT INTO rename_batches (client_id, created_at, total, accepted,"
                        " rejected, all_or_nothing, kind) VALUES (?, ?, ?, ?, ?, ?, ?);", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, req->client_id);
  sqlite3_bind_int64 (stmt, 2, req->now_unix);
  sqlite3_bind_int64 (stmt, 3, n);
  sqlite3_bind_int64 (stmt, 4, accepted);
  sqlite3_bind_int64 (stmt, 5, n - accepted);
  sqlite3_bind_int (stmt, 6, batch->all_or_nothing);
  kb_db_bind_text (stmt, 7, batch->kind);
  if (!kb_db_step_done (req->db, stmt, error))
    return FALSE;
  *batch_id = sqlite3_last_insert_rowid (kb_db_get_handle (req->db));

  for (guint i = 0; i < n; i++)
    {
      JsonObject *result = json_array_get_object_element (results, i);

      stmt = kb_db_prepare (req->db, "INSERT INTO rename_batch_rows (batch_id, row, number, name, code,"
                            " message) VALUES (?, ?, ?, ?, ?, ?);", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, *batch_id);
      sqlite3_bind_int64 (stmt, 2, json_object_get_int_member (result, "row"));
      kb_db_bind_text (stmt, 3, json_object_get_string_member (result, "number"));
      kb_db_bind_text (stmt, 4, g_ptr_array_index (names, i));
      if (json_object_has_member (result, "code"))
        {
          kb_db_bind_text (stmt, 5, json_object_get_string_member (result, "code"));
          kb_db_bind_text (stmt, 6, json_object_get_string_member (result, "message"));
        }
      else
        {
          sqlite3_bind_null (stmt, 5);
          sqlite3_bind_null (stmt, 6);
        }
      if (!kb_db_step_done (req->db, stmt, error))
        return FALSE;
    }
  return TRUE;
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
  if (accepted == 0)
    {
      request.final_status = "rejected";
      request.reason = "No row of the list was accepted.";
      request.due_at = req->now_unix;
      request.effective_at = 0;
    }
  else if (accepted < total)
    {
      request.final_status = "partially_done";
      request.reason = "Some rows of the list were rejected.";
    }
  return _kb_server_request_open (req, &request, &batch->request_id, error);
}

static gboolean
write_rename_batch (KbDb *db, gpointer data, GError **error)
{
  KbServerRenameBatch *batch = data;

  if (!record_rename_batch (batch, error) || !open_rename_request (batch, error))
    return FALSE;
  if (batch->key != NULL &&
      !kb_request_idempotency_store (batch->req, "rename_batch", batch->key, batch->request_hash,
                                     batch->id, error))
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
  g_autofree char *id = kb_format_id (sqlite3_column_int64 (stmt, 0));
  g_autofree char *created = kb_date_time_unix_to_iso (created_at);
  g_autofree char *effective = kb_date_time_unix_to_iso (created_at + RENAME_DELAY_SECONDS);

  json_object_set_string_member (batch, "id", id);
  json_object_set_string_member (batch, "kind", kb_db_column_text (stmt, 6));
  json_object_set_string_member (batch, "created_at", created);
  json_object_set_string_member (batch, "effective_at", effective);
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
  sqlite3_stmt *stmt;

  stmt = kb_request_prepare (req, "SELECT " BATCH_COLUMNS BATCH_FROM
                             " WHERE b.client_id = ? ORDER BY b.created_at DESC, b.id DESC"
                             " LIMIT 100;");
  if (stmt == NULL)
    return;
  sqlite3_bind_int64 (stmt, 1, req->client_id);
  kb_request_reply_rows (req, reply, "batches", stmt, batch_to_json, &times);
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

/* Returns: (transfer full) (nullable): the client's thing whose id the
 * path gives, as @func makes it of the row @sql selects (by that id, then
 * the client's); NULL after replying 404 with @not_found, or 400 or 500. */
static JsonObject *
find_one (KbRequest *req, const char *sql, KbRowFunc func, gpointer data, const char *not_found,
          gint64 *id)
{
  JsonObject *object;

  if (!kb_request_get_id_param (req, 0, id))
    return NULL;
  object = find_by_id (req, sql, func, data, *id);
  if (object == NULL && kb_request_get_status (req) == 0)
    kb_request_reply_error (req, SOUP_STATUS_NOT_FOUND, "not_found", "%s", not_found);
  return object;
}

/* Returns: (transfer full) (nullable): the client's thing @id, as @func
 * makes it of the row @sql selects (by that id, then the client's); NULL
 * when there is none, or after replying 500. */
static JsonObject *
find_by_id (KbRequest *req, const char *sql, KbRowFunc func, gpointer data, gint64 id)
{
  g_autoptr(KbDbStatement) stmt = kb_request_prepare (req, sql);
  JsonObject *object = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, req->client_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    object = func (stmt, data);
  return object;
}

/* GET /rename-batches/{id} — the batch with every row and its status. */
void
_kb_server_rename_batches_get (KbRequest *req)
{
  g_autoptr(JsonObject) reply = NULL;
  sqlite3_stmt *stmt;
  BatchTimes times = { 0, req->now_unix };
  gint64 id;

  reply = find_one (req, "SELECT " BATCH_COLUMNS BATCH_FROM " WHERE b.id = ? AND b.client_id = ?;",
                    batch_to_json, &times, "There is no such rename batch.", &id);
  if (reply == NULL)
    return;
  stmt = kb_request_prepare (req, "SELECT row, number, name, code, message FROM rename_batch_rows"
                             " WHERE batch_id = ? ORDER BY row;");
  if (stmt == NULL)
    return;
  sqlite3_bind_int64 (stmt, 1, id);
  kb_request_reply_rows (req, reply, "rows", stmt, batch_row_to_json, &times);
}

/* Keeps every row's result with the order, for GET /service-orders/{id}. */
static gboolean
store_order_results (KbRequest *req, gint64 order_id, JsonArray *results, GError **error)
{
  guint n = json_array_get_length (results);

  for (guint i = 0; i < n; i++)
    {
      JsonObject *result = json_array_get_object_element (results, i);
      sqlite3_stmt *stmt = kb_db_prepare (req->db, "INSERT INTO service_order_results (order_id, row,"
                                          " number, code, message) VALUES (?, ?, ?, ?, ?);", error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, order_id);
      sqlite3_bind_int64 (stmt, 2, json_object_get_int_member (result, "row"));
      kb_db_bind_text (stmt, 3, json_object_get_string_member (result, "number"));
      kb_db_bind_text (stmt, 4, json_object_get_string_member_with_default (result, "code", NULL));
      kb_db_bind_text (stmt, 5, json_object_get_string_member_with_default (result, "message", NULL));
      if (!kb_db_step_done (req->db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

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
  Bulk *bulk;
  const char *key;           /* (nullable): the Idempotency-Key, kept with the order */
  const char *request_hash;
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
  Results *results = &order->bulk->results;
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

  stmt = kb_db_prepare (req->db, "SELECT name FROM services WHERE code = ?;", error);
  if (stmt == NULL)
    return FALSE;
  kb_db_bind_text (stmt, 1, order->service);
  service_name = g_strdup (sqlite3_step (stmt) == SQLITE_ROW ? kb_db_column_text (stmt, 0)
                                                             : order->service);
  sqlite3_reset (stmt);
  request.subject = service_name;
  if (results->accepted == 0)
    {
      request.final_status = "rejected";
      request.reason = "No subscriber of the list was accepted.";
      request.due_at = req->now_unix;
    }
  else if (results->rejected > 0)
    {
      request.final_status = "partially_done";
      request.reason = "Some subscribers of the list were rejected.";
    }
  return _kb_server_request_open (req, &request, &order->request_id, error);
}

/* Writes the order with every row's result and switches the service of its
 * accepted rows. */
static gboolean
write_order (KbDb *db, gpointer data, GError **error)
{
  OrderWrite *order = data;
  KbRequest *req = order->req;
  Results *results = &order->bulk->results;
  GArray *accepted_ids = order->bulk->accepted_ids;
  sqlite3_stmt *stmt;

  stmt = kb_db_prepare (db, "INSERT INTO service_orders (client_id, action, service_code,"
                        " created_at, total, accepted, rejected)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?);", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, req->client_id);
  kb_db_bind_text (stmt, 2, order->action);
  kb_db_bind_text (stmt, 3, order->service);
  sqlite3_bind_int64 (stmt, 4, req->now_unix);
  sqlite3_bind_int64 (stmt, 5, json_array_get_length (order->bulk->rows));
  sqlite3_bind_int64 (stmt, 6, results->accepted);
  sqlite3_bind_int64 (stmt, 7, results->rejected);
  if (!kb_db_step_done (db, stmt, error))
    return FALSE;
  order->id = sqlite3_last_insert_rowid (kb_db_get_handle (db));
  if (!store_order_results (req, order->id, results->results, error) ||
      !open_order_request (order, error))
    return FALSE;
  if (order->key != NULL &&
      !kb_request_idempotency_store (req, "service_order", order->key, order->request_hash,
                                     order->id, error))
    return FALSE;

  for (guint i = 0; i < accepted_ids->len; i++)
    {
      stmt = kb_db_prepare (db,
                            order->adding
                              ? "INSERT INTO subscriber_services (subscriber_id, service_code)"
                                " VALUES (?, ?);"
                              : "DELETE FROM subscriber_services"
                                " WHERE subscriber_id = ? AND service_code = ?;",
                            error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, g_array_index (accepted_ids, gint64, i));
      kb_db_bind_text (stmt, 2, order->service);
      if (!kb_db_step_done (db, stmt, error))
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
  g_auto(Bulk) bulk = { 0 };
  g_autoptr(GHashTable) having = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *request_hash = NULL;
  const char *action, *service, *key;
  gboolean adding, known = FALSE;
  int action_value;
  sqlite3_stmt *stmt;
  OrderWrite order;
  guint n;

  if (body == NULL ||
      !kb_request_get_string (req, body, "action", TRUE, 10, &action) ||
      !kb_request_get_string (req, body, "service", TRUE, 64, &service) ||
      !bulk_read_rows (req, body, "subscribers", &bulk))
    return;
  key = kb_request_get_idempotency_key (req);
  if (kb_request_get_status (req) != 0)
    return;
  request_hash = kb_request_hash_body (req);
  if (!kb_request_idempotency_check (req, "service_order", key, request_hash, reply_service_order,
                                     "This Idempotency-Key was used for another service order."))
    return;
  action_value = kb_enum_from_nick (KB_TYPE_SERVICE_ACTION, action, -1);
  if (action_value < 0)
    {
      kb_request_reply_invalid (req, "invalid_value", "action", "“action” must be add or remove.");
      return;
    }
  adding = action_value == KB_SERVICE_ACTION_ADD;

  stmt = kb_db_prepare (req->db, "SELECT 1 FROM services WHERE code = ?;", &error);
  if (stmt == NULL)
    goto failed;
  kb_db_bind_text (stmt, 1, service);
  known = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (!known)
    {
      kb_request_reply_invalid (req, "invalid_value", "service", "There is no such service (see GET /services).");
      return;
    }

  if (!bulk_load_numbers (req, &bulk, &error))
    goto failed;
  having = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  stmt = kb_db_prepare (req->db, "SELECT ss.subscriber_id FROM subscriber_services ss"
                        " JOIN subscribers s ON s.id = ss.subscriber_id"
                        " WHERE s.client_id = ? AND ss.service_code = ?;", &error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, req->client_id);
  kb_db_bind_text (stmt, 2, service);
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
          add_result (&bulk.results, i + 1, NULL, "invalid_row", "Each entry is a number as text.");
          continue;
        }
      number = json_node_get_string (node);
      if (!kb_phone_number_is_canonical (number))
        add_result (&bulk.results, i + 1, number, "invalid_number",
                    "A number is +375, an operator code (25, 29, 33, 44) and 7 digits.");
      else if ((id = bulk_find_subscriber (&bulk, i + 1, number)) == NULL)
        continue;
      else if (adding && g_hash_table_contains (having, id))
        add_result (&bulk.results, i + 1, number, "already_on",
                    "The service is already on for this number.");
      else if (!adding && !g_hash_table_contains (having, id))
        add_result (&bulk.results, i + 1, number, "already_off",
                    "The service is already off for this number.");
      else
        bulk_accept (&bulk, i + 1, number, *id);
    }

  if (bulk_reject_all (req, &bulk))
    return;

  order = (OrderWrite) { req, action, service, adding, &bulk, key, request_hash, 0, 0 };
  if (!kb_request_write (req, write_order, &order))
    return;

  {
    g_autofree char *id = kb_format_id (order.id);
    g_autofree char *created = kb_date_time_unix_to_iso (req->now_unix);

    json_object_set_string_member (bulk.reply, "id", id);
    json_object_set_string_member (bulk.reply, "action", action);
    json_object_set_string_member (bulk.reply, "service", service);
    json_object_set_string_member (bulk.reply, "created_at", created);
    json_object_set_string_member (bulk.reply, "status",
                                   order_status (bulk.results.accepted, bulk.results.rejected));
  }
  _kb_server_request_add_to_reply (req, bulk.reply, order.request_id, NULL, 0);
  bulk_reply (req, &bulk, TRUE);
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
  g_autofree char *id = NULL;
  g_autofree char *created = NULL;

  if (wanted != NULL && !g_str_equal (wanted, status))
    return NULL;
  order = json_object_new ();
  id = kb_format_id (sqlite3_column_int64 (stmt, 0));
  created = kb_date_time_unix_to_iso (sqlite3_column_int64 (stmt, 4));

  json_object_set_string_member (order, "id", id);
  json_object_set_string_member (order, "action", kb_db_column_text (stmt, 1));
  json_object_set_string_member (order, "service", kb_db_column_text (stmt, 2));
  json_object_set_string_member (order, "service_name", kb_db_column_text (stmt, 3));
  json_object_set_string_member (order, "created_at", created);
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
  reply_bulk_again (req, find_by_id (req, ORDER_COLUMNS " WHERE o.id = ? AND o.client_id = ?;",
                                     order_from_row, NULL, id),
                    id, ORDER_RESULTS);
}

/* GET /service-orders/{id} — one order of this client with every row's result. */
void
_kb_server_service_orders_get (KbRequest *req)
{
  g_autoptr(JsonObject) order = NULL;
  sqlite3_stmt *stmt;
  gint64 id;

  order = find_one (req, ORDER_COLUMNS " WHERE o.id = ? AND o.client_id = ?;", order_from_row, NULL,
                    "There is no such service order.", &id);
  if (order == NULL)
    return;
  stmt = kb_request_prepare (req, ORDER_RESULTS);
  if (stmt == NULL)
    return;
  sqlite3_bind_int64 (stmt, 1, id);
  kb_request_reply_rows (req, order, "results", stmt, row_result_from_row, NULL);
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
  sqlite3_stmt *stmt;

  status = kb_request_get_query (req, "status");
  if (status != NULL && kb_enum_from_nick (KB_TYPE_SERVICE_ORDER_STATUS, status, -1) < 0)
    {
      kb_request_reply_invalid (req, "invalid_value", "status", "“status” must be done, partial or rejected.");
      return;
    }
  stmt = kb_request_prepare (req, ORDER_COLUMNS " WHERE o.client_id = ? AND o.created_at >= ?"
                             " ORDER BY o.created_at DESC, o.id DESC;");
  if (stmt == NULL)
    return;
  sqlite3_bind_int64 (stmt, 1, req->client_id);
  sqlite3_bind_int64 (stmt, 2, g_date_time_to_unix (start));
  json_object_set_string_member (reply, "from", from);
  kb_request_reply_rows (req, reply, "orders", stmt, order_from_row, (gpointer) status);
}
