/* kb-server-bulk.c — what the two bulk operations share: rows checked and answered one by one.
 *
 * Every row is checked on its own (number format, duplicates within the
 * request, unknown subscriber, and what each operation adds) and answered
 * with its own result; bad rows never sink good ones unless the request asks
 * for all_or_nothing, in which case one bad row refuses the whole request
 * (422 batch_rejected, with the results) and nothing is written. The good
 * rows of a request are written in one transaction. Rename batches
 * (kb-server-rename-batches.c) and service orders
 * (kb-server-service-orders.c) are built on this.
 */
#include "config.h"

#include "kb-server-bulk.h"

/* Returns: (transfer full): at most the first @max_chars characters of
 * @text, cut at a character boundary (bodies are checked to be UTF-8). */
char *
_kb_server_clip_text (const char *text, gsize max_chars)
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

void
_kb_bulk_add_result (KbBulkResults *results, guint row, const char *number, const char *code,
                     const char *message)
{
  g_autofree char *kept = NULL;

  if (code != NULL)
    {
      results->rejected++;
      /* A rejected number may be anything the client sent. */
      if (number != NULL)
        number = kept = _kb_server_clip_text (number, KB_SERVER_KEPT_TEXT_CHARS);
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
  sqlite3_stmt *stmt =
      kb_db_query (req->db, "SELECT number, id FROM subscribers WHERE client_id = ?;", error,
                   KB_DB_INT (req->client_id));

  if (stmt == NULL)
    return NULL;
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

void
_kb_bulk_clear (KbBulk *bulk)
{
  g_clear_pointer (&bulk->numbers, g_hash_table_unref);
  g_clear_pointer (&bulk->seen, g_hash_table_unref);
  g_clear_pointer (&bulk->accepted_ids, g_array_unref);
  g_clear_pointer (&bulk->results.results, json_array_unref);
  g_clear_pointer (&bulk->reply, json_object_unref);
  g_clear_pointer ((char **) &bulk->idempotency.request_hash, g_free);
}

/* Reads the list @member of @body and "all_or_nothing"; FALSE after
 * replying 400. */
gboolean
_kb_bulk_read_rows (KbRequest *req, JsonObject *body, const char *member, KbBulk *bulk)
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

/* Reads the request's Idempotency-Key, if any, and answers a repeat of
 * @operation (kb_request_idempotency_check()); the key and the body's hash
 * stay in @bulk to be kept with what the request makes. Returns: FALSE
 * after replying. */
gboolean
_kb_bulk_check_idempotency (KbRequest *req, KbBulk *bulk, const char *operation,
                            KbReplyFunc replay, const char *reused)
{
  const char *key = kb_request_get_idempotency_key (req);

  if (kb_request_get_status (req) != 0)
    return FALSE;
  bulk->idempotency = (KbIdempotency) { operation, key, kb_request_hash_body (req), replay,
                                        reused };
  return kb_request_idempotency_check (req, &bulk->idempotency);
}

/* Opens the request of a bulk operation (issue 15), @request filled but
 * for how it ends: rejected at once when none of its count rows was
 * accepted, partly done when some were rejected (the reasons name a row
 * by @noun), else done when due. */
gboolean
_kb_bulk_open_request (KbRequest *req, KbServerRequestNew *request, const char *noun, gint64 *id,
                       GError **error)
{
  g_autofree char *reason = NULL;

  if (request->rejected_count == request->count)
    {
      reason = g_strdup_printf ("No %s of the list was accepted.", noun);
      request->final_status = "rejected";
      request->due_at = req->now_unix;
      request->effective_at = 0;
    }
  else if (request->rejected_count > 0)
    {
      reason = g_strdup_printf ("Some %ss of the list were rejected.", noun);
      request->final_status = "partially_done";
    }
  request->reason = reason;
  return _kb_server_request_open (req, request, id, error);
}

/* Keeps the result of every row (_kb_server_row_result()) with what the
 * request made, @owner_id, by @sql, whose parameters are the owner, the
 * row, its number, code and message, and, when @names is not NULL, the
 * name the row gave. An accepted row has no code nor message: NULL. */
gboolean
_kb_bulk_store_results (KbDb *db, const char *sql, gint64 owner_id, JsonArray *results,
                        GPtrArray *names, GError **error)
{
  guint n = json_array_get_length (results);

  for (guint i = 0; i < n; i++)
    {
      JsonObject *result = json_array_get_object_element (results, i);
      KbDbValue values[] = {
        KB_DB_INT (owner_id),
        KB_DB_INT (json_object_get_int_member (result, "row")),
        KB_DB_TEXT (json_object_get_string_member (result, "number")),
        KB_DB_TEXT (json_object_get_string_member_with_default (result, "code", NULL)),
        KB_DB_TEXT (json_object_get_string_member_with_default (result, "message", NULL)),
        KB_DB_TEXT (names != NULL ? g_ptr_array_index (names, i) : NULL),
      };
      /* Without names the last value stays unbound: @sql has five parameters. */
      gsize n_values = names != NULL ? G_N_ELEMENTS (values) : G_N_ELEMENTS (values) - 1;

      if (!kb_db_run_values (db, sql, error, values, n_values))
        return FALSE;
    }
  return TRUE;
}

gboolean
_kb_bulk_load_numbers (KbRequest *req, KbBulk *bulk, GError **error)
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
gint64 *
_kb_bulk_find_subscriber (KbBulk *bulk, guint row, const char *number)
{
  gint64 *id = NULL;

  if (g_hash_table_contains (bulk->seen, number))
    _kb_bulk_add_result (&bulk->results, row, number, "duplicate_row",
                "This number is already in the list above.");
  else if ((id = g_hash_table_lookup (bulk->numbers, number)) == NULL)
    _kb_bulk_add_result (&bulk->results, row, number, "unknown_subscriber",
                "This number is not one of yours.");
  return id;
}

void
_kb_bulk_accept (KbBulk *bulk, guint row, const char *number, gint64 id)
{
  _kb_bulk_add_result (&bulk->results, row, number, NULL, NULL);
  g_array_append_val (bulk->accepted_ids, id);
  /* Only an accepted row makes later ones duplicates: a number whose first
   * row was wrong may be given again, right. */
  g_hash_table_add (bulk->seen, (gpointer) number);
}

void
_kb_bulk_reply (KbRequest *req, KbBulk *bulk, gboolean applied)
{
  KbBulkResults *results = &bulk->results;
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
gboolean
_kb_bulk_reject_all (KbRequest *req, KbBulk *bulk)
{
  if (!bulk->all_or_nothing || bulk->results.rejected == 0)
    return FALSE;
  _kb_bulk_reply (req, bulk, FALSE);
  return TRUE;
}

/* A row's result from a row of (row, number, code, message). */
JsonObject *
_kb_server_row_result_from_row (sqlite3_stmt *stmt, gpointer data)
{
  return _kb_server_row_result (sqlite3_column_int64 (stmt, 0), kb_db_column_text (stmt, 1),
                                kb_db_column_text (stmt, 2), kb_db_column_text (stmt, 3));
}

/* Answers a repeat of a bulk request: @reply, a found row of @stmt as
 * @func makes it (NULL when there was none), gets "applied" and the result
 * of every row as @results_sql (by the id) selects them. */
void
_kb_bulk_reply_again (KbRequest *req, JsonObject *reply, gint64 id, const char *results_sql)
{
  g_autoptr(JsonObject) owned = reply;

  if (owned == NULL)
    {
      kb_request_reply_db_error (req, NULL);
      return;
    }
  json_object_set_boolean_member (owned, "applied", TRUE);
  kb_request_reply_rows (req, owned, "results", kb_request_query (req, results_sql, KB_DB_INT (id)),
                         _kb_server_row_result_from_row, NULL);
}

/* Returns: (transfer full) (nullable): the client's thing whose id the
 * path gives, as @func makes it of the row @sql selects (by that id, then
 * the client's); NULL after replying 404 with @not_found, or 400 or 500. */
JsonObject *
_kb_server_find_one (KbRequest *req, const char *sql, KbRowFunc func, gpointer data,
                     const char *not_found, gint64 *id)
{
  JsonObject *object;

  if (!kb_request_get_id_param (req, 0, id))
    return NULL;
  object = _kb_server_find_by_id (req, sql, func, data, *id);
  if (object == NULL && kb_request_get_status (req) == 0)
    kb_request_reply_error (req, SOUP_STATUS_NOT_FOUND, "not_found", "%s", not_found);
  return object;
}

/* Returns: (transfer full) (nullable): the client's thing @id, as @func
 * makes it of the row @sql selects (by that id, then the client's); NULL
 * when there is none, or after replying 500. */
JsonObject *
_kb_server_find_by_id (KbRequest *req, const char *sql, KbRowFunc func, gpointer data, gint64 id)
{
  g_autoptr(KbDbStatement) stmt = kb_request_query (req, sql, KB_DB_INT (id),
                                                    KB_DB_INT (req->client_id));
  JsonObject *object = NULL;

  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    object = func (stmt, data);
  return object;
}

