/* kb-server-question-store.c — a question and its messages: statuses, seq, events, JSON, writes.
 *
 * A question is a conversation: the answers table keeps every message, the
 * operator's answers and the client's follow-ups (role), in time order.
 * "answers" lists the operator's answers alone, as before; "messages" lists
 * them all. The client's routes (kb-server-questions.c), the operator's
 * (kb-server-operator.c), the demo operator and the C API all read and
 * write questions through this file.
 */
#include "config.h"

#include "kb-question.h"
#include "kb-server-questions.h"
#include "kb-server-schema.h"

/* Returns: the status named @status, or -1 when it is not one the server
 * keeps (the client's own "queued" and "failed" never reach it). */
int
_kb_server_question_status (const char *status)
{
  int value = kb_enum_from_nick (KB_TYPE_QUESTION_STATUS, status, -1);

  return value >= KB_QUESTION_STATUS_NEW ? value : -1;
}

gboolean
_kb_server_question_status_is_known (const char *status)
{
  return _kb_server_question_status (status) >= 0;
}

/* The operator's workflow: new → in_progress → answered → closed, with a
 * way back from answered to in_progress (the client wrote again) and a
 * question closed at any point. Closed is final. */
static gboolean
status_transition_allowed (int from, int to)
{
  if (from == to)
    return TRUE;
  if (from == KB_QUESTION_STATUS_CLOSED)
    return FALSE;
  if (to == KB_QUESTION_STATUS_CLOSED)
    return TRUE;
  switch (from)
    {
    case KB_QUESTION_STATUS_NEW:
      return to == KB_QUESTION_STATUS_IN_PROGRESS || to == KB_QUESTION_STATUS_ANSWERED;
    case KB_QUESTION_STATUS_IN_PROGRESS:
      return to == KB_QUESTION_STATUS_ANSWERED;
    case KB_QUESTION_STATUS_ANSWERED:
      return to == KB_QUESTION_STATUS_IN_PROGRESS;
    default:
      return FALSE;
    }
}

/* Writes an event for @client_id in the current transaction; the server
 * pushes it to the client's sockets once committed. */
gboolean
_kb_server_emit_event (KbDb *db, gint64 client_id, JsonObject *payload, gint64 now,
                       GError **error)
{
  g_autoptr(JsonNode) node = kb_json_node_from_object (payload);
  g_autofree char *text = kb_json_to_string (node);

  return kb_db_run (db, "INSERT INTO events (client_id, payload, created_at) VALUES (?, ?, ?);",
                    error, KB_DB_INT (client_id), KB_DB_TEXT (text), KB_DB_INT (now));
}

gboolean
_kb_server_emit_question_event (KbDb *db, const KbQuestionEvent *event, GError **error)
{
  g_autoptr(JsonObject) payload = json_object_new ();

  json_object_set_string_member (payload, "type", event->type);
  _kb_server_set_id_member (payload, "question_id", event->question_id);
  json_object_set_string_member (payload, "status", event->status);
  if (event->answer_id > 0)
    _kb_server_set_id_member (payload, "answer_id", event->answer_id);
  return _kb_server_emit_event (db, event->client_id, payload, event->now, error);
}

#define MESSAGE_COLUMNS "id, author, text, created_at, role, question_id"

/* A message from a row of MESSAGE_COLUMNS, with its attachments. */
static JsonObject *
message_from_row (KbDb *db, sqlite3_stmt *stmt, GError **error)
{
  JsonObject *message;
  JsonArray *attachments;

  attachments = _kb_server_attachments_of (db, sqlite3_column_int64 (stmt, 5),
                                           sqlite3_column_int64 (stmt, 0), error);
  if (attachments == NULL)
    return NULL;
  message = json_object_new ();
  _kb_server_set_id_member (message, "id", sqlite3_column_int64 (stmt, 0));
  json_object_set_string_member (message, "role", kb_db_column_text (stmt, 4));
  json_object_set_string_member (message, "author", kb_db_column_text (stmt, 1));
  json_object_set_string_member (message, "text", kb_db_column_text (stmt, 2));
  _kb_server_set_time_member (message, "created_at", sqlite3_column_int64 (stmt, 3));
  json_object_set_array_member (message, "attachments", attachments);
  return message;
}

/* Adds "messages" (all, in time order) and "answers" (the operator's)
 * to @object, question @id's JSON. */
static gboolean
add_messages (KbDb *db, JsonObject *object, gint64 id, GError **error)
{
  g_autoptr(JsonArray) messages = json_array_new ();
  g_autoptr(JsonArray) answers = json_array_new ();
  sqlite3_stmt *stmt;
  g_autoptr(GError) step_error = NULL;
  gboolean ok = TRUE;

  stmt = kb_db_query (db,
                      "SELECT " MESSAGE_COLUMNS " FROM answers"
                      " WHERE question_id = ? ORDER BY id;",
                      error, KB_DB_INT (id));
  if (stmt == NULL)
    return FALSE;
  while (ok && kb_db_step_row (db, stmt, &step_error))
    {
      JsonObject *message = message_from_row (db, stmt, error);

      if (message == NULL)
        ok = FALSE;
      else
        {
          if (g_str_equal (kb_db_column_text (stmt, 4), "operator"))
            json_array_add_object_element (answers, json_object_ref (message));
          json_array_add_object_element (messages, message);
        }
    }
  sqlite3_reset (stmt);
  if (ok && step_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&step_error));
      ok = FALSE;
    }
  if (!ok)
    return FALSE;

  json_object_set_int_member (object, "answers_count", json_array_get_length (answers));
  json_object_set_array_member (object, "answers", g_steal_pointer (&answers));
  json_object_set_array_member (object, "messages", g_steal_pointer (&messages));
  return TRUE;
}

/* Builds the JSON of the question in @stmt's current row (KB_SERVER_QUESTION_COLUMNS)
 * with its messages and attachments. */
JsonObject *
_kb_server_question_from_row (KbDb *db, sqlite3_stmt *stmt, GError **error)
{
  JsonObject *object = json_object_new ();
  JsonArray *attachments;
  gint64 id = sqlite3_column_int64 (stmt, 0);

  _kb_server_set_id_member (object, "id", id);
  json_object_set_string_member (object, "text", kb_db_column_text (stmt, 1));
  json_object_set_string_member (object, "status", kb_db_column_text (stmt, 2));
  _kb_server_set_time_member (object, "created_at", sqlite3_column_int64 (stmt, 3));
  _kb_server_set_time_member (object, "updated_at", sqlite3_column_int64 (stmt, 4));
  _kb_server_set_time_member (object, "answer_due_at", sqlite3_column_int64 (stmt, 5));
  json_object_set_boolean_member (object, "unread", sqlite3_column_int (stmt, 6) != 0);
  _kb_server_set_id_member (object, "revision", sqlite3_column_int64 (stmt, 7));
  if (sqlite3_column_type (stmt, 8) != SQLITE_NULL)
    {
      JsonObject *rating = json_object_new ();

      json_object_set_string_member (rating, "score", kb_db_column_text (stmt, 8));
      if (sqlite3_column_type (stmt, 9) != SQLITE_NULL)
        json_object_set_string_member (rating, "comment", kb_db_column_text (stmt, 9));
      json_object_set_object_member (object, "rating", rating);
    }

  attachments = _kb_server_attachments_of (db, id, 0, error);
  if (attachments == NULL || !add_messages (db, object, id, error))
    {
      g_clear_pointer (&attachments, json_array_unref);
      json_object_unref (object);
      return NULL;
    }
  json_object_set_array_member (object, "attachments", attachments);
  return object;
}

/* Returns: (transfer full) (nullable): client @client_id's question @id, or
 * NULL (with @error only for a database failure). Another client's
 * question is "not found", exactly like one that does not exist. */
JsonObject *
_kb_server_question_load (KbDb *db, gint64 client_id, gint64 id, GError **error)
{
  sqlite3_stmt *stmt;
  JsonObject *object = NULL;

  stmt = kb_db_query (db,
                      "SELECT " KB_SERVER_QUESTION_COLUMNS " FROM questions"
                      " WHERE id = ? AND client_id = ?;",
                      error, KB_DB_INT (id), KB_DB_INT (client_id));
  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    object = _kb_server_question_from_row (db, stmt, error);
  sqlite3_reset (stmt);
  return object;
}

gboolean
_kb_server_question_owner (KbDb *db, gint64 id, gint64 *client_id, char **status, GError **error)
{
  g_autoptr(KbDbStatement) stmt = kb_db_query (db, "SELECT client_id, status FROM questions"
                                               " WHERE id = ?;", error, KB_DB_INT (id));

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, KB_SERVER_ERROR, KB_SERVER_ERROR_NOT_FOUND,
                   "There is no question %" G_GINT64_FORMAT, id);
      return FALSE;
    }
  *client_id = sqlite3_column_int64 (stmt, 0);
  *status = g_strdup (kb_db_column_text (stmt, 1));
  return TRUE;
}

static char *
client_name (KbDb *db, gint64 client_id, GError **error)
{
  return kb_db_dup_text (db, kb_db_query (db, "SELECT name FROM clients WHERE id = ?;", error,
                                          KB_DB_INT (client_id)), error);
}

/* Adds a message to a question with its attachments. The operator's
 * answer makes it answered and unread; the client's follow-up reopens an
 * answered or closed question (a new one stays new). */
gboolean
_kb_server_question_write_message (KbDb *db, gpointer data, GError **error)
{
  KbQuestionWrite *w = data;
  gboolean from_client = g_str_equal (w->role, "client");
  g_autofree char *status = NULL;
  g_autofree char *author = NULL;
  const char *new_status;
  gint64 client_id, seq;

  if (!_kb_server_question_owner (db, w->id, &client_id, &status, error))
    return FALSE;
  if (from_client && client_id != w->client_id)
    {
      g_set_error (error, KB_SERVER_ERROR, KB_SERVER_ERROR_NOT_FOUND,
                   "There is no question %" G_GINT64_FORMAT, w->id);
      return FALSE;
    }
  if (!from_client && _kb_server_question_status (status) == KB_QUESTION_STATUS_CLOSED)
    {
      g_set_error (error, KB_SERVER_ERROR, KB_SERVER_ERROR_INVALID,
                   "Question %" G_GINT64_FORMAT " is closed", w->id);
      return FALSE;
    }
  author = w->author != NULL ? g_strdup (w->author) : client_name (db, client_id, error);
  if (author == NULL)
    return FALSE;

  if (!kb_db_run (db,
                  "INSERT INTO answers (question_id, author, text, created_at, role)"
                  " VALUES (?, ?, ?, ?, ?);",
                  error, KB_DB_INT (w->id), KB_DB_TEXT (author), KB_DB_TEXT (w->text),
                  KB_DB_INT (w->now), KB_DB_TEXT (w->role)))
    return FALSE;
  w->answer_id = sqlite3_last_insert_rowid (kb_db_get_handle (db));
  if (!_kb_server_link_attachments (db, client_id, w->attachment_ids, w->id, w->answer_id, error))
    return FALSE;

  if (!from_client)
    new_status = "answered";
  else if (_kb_server_question_status (status) == KB_QUESTION_STATUS_NEW)
    new_status = "new";
  else
    new_status = "in_progress";

  seq = kb_server_schema_next_seq (db, "questions", error);
  if (seq < 0)
    return FALSE;
  return kb_db_run (db,
                    "UPDATE questions SET status = ?, unread = MAX(unread, ?),"
                    " updated_at = ?, seq = ? WHERE id = ?;",
                    error, KB_DB_TEXT (new_status), KB_DB_INT (from_client ? 0 : 1),
                    KB_DB_INT (w->now), KB_DB_INT (seq), KB_DB_INT (w->id)) &&
         _kb_server_emit_question_event (db, &(KbQuestionEvent) {
                                           client_id, from_client ? "message" : "answer", w->id,
                                           new_status, w->answer_id, w->now }, error);
}

/* Adds @answer (its id, author, text, now and attachment_ids: the
 * question's client's, not linked yet) to its question, makes it
 * "answered" and unread, and records the event, all in one transaction.
 * Returns the answer's id, also set in @answer, or 0 with @error set. */
gint64
_kb_server_question_answer (KbDb *db, KbQuestionWrite *answer, GError **error)
{
  /* The "answer" command passes text from its command line, which no body
   * check has seen: what is stored must be UTF-8 for every reader. */
  if (!g_utf8_validate (answer->author, -1, NULL) || !g_utf8_validate (answer->text, -1, NULL))
    {
      g_set_error_literal (error, KB_SERVER_ERROR, KB_SERVER_ERROR_INVALID,
                           "The answer is not UTF-8 text");
      return 0;
    }
  answer->role = "operator";
  answer->client_id = 0;
  if (!kb_db_transaction (db, _kb_server_question_write_message, answer, error))
    return 0;
  return answer->answer_id;
}

static gboolean
write_status (KbDb *db, gpointer data, GError **error)
{
  KbQuestionWrite *w = data;
  const char *new_status = w->text;
  g_autofree char *status = NULL;
  gint64 client_id, seq;

  if (!_kb_server_question_owner (db, w->id, &client_id, &status, error))
    return FALSE;
  if (!status_transition_allowed (_kb_server_question_status (status),
                                  _kb_server_question_status (new_status)))
    {
      g_set_error (error, KB_SERVER_ERROR, KB_SERVER_ERROR_INVALID,
                   "A question cannot go from %s to %s", status, new_status);
      return FALSE;
    }
  if (g_str_equal (status, new_status))
    return TRUE;

  seq = kb_server_schema_next_seq (db, "questions", error);
  if (seq < 0)
    return FALSE;
  return kb_db_run (db, "UPDATE questions SET status = ?, updated_at = ?, seq = ? WHERE id = ?;",
                    error, KB_DB_TEXT (new_status), KB_DB_INT (w->now), KB_DB_INT (seq),
                    KB_DB_INT (w->id)) &&
         _kb_server_emit_question_event (db, &(KbQuestionEvent) {
                                           client_id, "status", w->id, new_status, 0, w->now },
                                         error);
}

gboolean
_kb_server_question_set_status (
    KbDb *db, gint64 id, const char *new_status, gint64 now, GError **error)
{
  KbQuestionWrite w = { id, NULL, new_status, now, "operator", 0, NULL, 0 };

  if (!_kb_server_question_status_is_known (new_status))
    {
      g_set_error (error, KB_SERVER_ERROR, KB_SERVER_ERROR_INVALID,
                   "“%s” is not a status (new, in_progress, answered, closed)", new_status);
      return FALSE;
    }
  return kb_db_transaction (db, write_status, &w, error);
}

/* Returns: (transfer full) (nullable): message @id as JSON with its
 * question's id, or NULL with @error. */
static JsonObject *
load_message (KbDb *db, gint64 id, GError **error)
{
  sqlite3_stmt *stmt = kb_db_query (db, "SELECT " MESSAGE_COLUMNS " FROM answers WHERE id = ?;",
                                    error, KB_DB_INT (id));
  JsonObject *message = NULL;

  if (stmt == NULL)
    return NULL;
  if (kb_db_step_row (db, stmt, error))
    {
      message = message_from_row (db, stmt, error);
      if (message != NULL)
        _kb_server_set_id_member (message, "question_id", sqlite3_column_int64 (stmt, 5));
    }
  else if (error != NULL && *error == NULL)
    g_set_error (error, KB_SERVER_ERROR, KB_SERVER_ERROR_NOT_FOUND, "No message %" G_GINT64_FORMAT, id);
  sqlite3_reset (stmt);
  return message;
}

void
_kb_server_reply_message (KbRequest *req, guint status, gint64 id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) message = load_message (req->db, id, &error);

  if (message == NULL)
    kb_request_reply_db_error (req, error);
  else
    kb_request_reply_json_object (req, status, message);
}

/* Answers as _kb_server_question_answer() does, with the file @file
 * named @file_name (when not NULL) attached, the file stored for the
 * question's client, in one transaction. Returns the answer's id, or 0
 * with @error. */
gint64
_kb_server_question_answer_with_file (KbDb *db, KbQuestionWrite *answer, const char *file_name,
                                      GBytes *file, GError **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *status = NULL;
  gint64 client_id, attachment_id, answer_id;

  if (file == NULL)
    return _kb_server_question_answer (db, answer, error);
  if (!kb_db_begin (db, error))
    return 0;
  if (!_kb_server_question_owner (db, answer->id, &client_id, &status, error) ||
      (attachment_id = _kb_server_store_attachment (db, client_id, file_name, file, answer->now,
                                                    error)) == 0)
    {
      kb_db_rollback (db);
      return 0;
    }
  g_array_append_val (ids, attachment_id);
  answer->attachment_ids = ids;
  answer_id = _kb_server_question_answer (db, answer, error);
  answer->attachment_ids = NULL;
  if (answer_id == 0 || !kb_db_commit (db, error))
    {
      kb_db_rollback (db);
      return 0;
    }
  return answer_id;
}
