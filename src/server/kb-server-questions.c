/* kb-server-questions.c — feedback: questions, answers, statuses, read marks.
 *
 * Every change to a question (created, answered, status, read) gives it the
 * next value of a global sequence, "seq". The list is synchronised by that
 * sequence: GET /questions?since=CURSOR returns the questions changed after
 * the cursor, oldest change first, with the new cursor; its ETag is derived
 * from the client's highest seq, so an unchanged list is a 304 found with
 * one index lookup. POST /questions needs an Idempotency-Key: the key, the
 * request's hash and the question it created are stored in the same
 * transaction as the question, so a retry finds them.
 *
 * A question is a conversation: the answers table keeps every message, the
 * operator's answers and the client's follow-ups (role), in time order. A
 * follow-up takes an Idempotency-Key like a question and reopens an
 * answered or closed question. "answers" lists the operator's answers
 * alone, as before; "messages" lists them all.
 */
#include "config.h"

#include <string.h>

#include "kb-question.h"
#include "kb-server-private.h"
#include "kb-server-routes.h"

#define QUESTION_MAX_CHARS 4000
#define ANSWER_MAX_CHARS   8000
#define LIST_DEFAULT_LIMIT 500
#define LIST_MAX_LIMIT     5000
#define ANSWER_DUE_SECONDS (24 * 3600)

/* Returns: the status named @status, or -1 when it is not one the server
 * keeps (the client's own "queued" and "failed" never reach it). */
static int
server_status (const char *status)
{
  int value = kb_enum_from_nick (KB_TYPE_QUESTION_STATUS, status, -1);

  return value >= KB_QUESTION_STATUS_NEW ? value : -1;
}

static gboolean
status_is_known (const char *status)
{
  return server_status (status) >= 0;
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

static gint64
next_seq (KbDb *db, GError **error)
{
  sqlite3_stmt *stmt = kb_db_prepare (db, "SELECT COALESCE(MAX(seq), 0) + 1 FROM questions;",
                                      error);
  gint64 seq;

  if (stmt == NULL)
    return -1;
  sqlite3_step (stmt);
  seq = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return seq;
}

/* Writes an event for @client_id in the current transaction; the server
 * pushes it to the client's sockets once committed. */
gboolean
_kb_server_emit_event (KbDb *db, gint64 client_id, JsonObject *payload, gint64 now,
                       GError **error)
{
  g_autoptr(JsonNode) node = kb_json_node_from_object (payload);
  g_autofree char *text = kb_json_to_string (node);
  sqlite3_stmt *stmt;

  stmt = kb_db_prepare (db, "INSERT INTO events (client_id, payload, created_at) VALUES (?, ?, ?);",
                        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, client_id);
  kb_db_bind_text (stmt, 2, text);
  sqlite3_bind_int64 (stmt, 3, now);
  return kb_db_step_done (db, stmt, error);
}

static gboolean
emit_question_event (KbDb *db, gint64 client_id, const char *type, gint64 question_id,
                     const char *status, gint64 answer_id, gint64 now, GError **error)
{
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autofree char *id = kb_format_id (question_id);

  json_object_set_string_member (payload, "type", type);
  json_object_set_string_member (payload, "question_id", id);
  json_object_set_string_member (payload, "status", status);
  if (answer_id > 0)
    {
      g_autofree char *answer = kb_format_id (answer_id);
      json_object_set_string_member (payload, "answer_id", answer);
    }
  return _kb_server_emit_event (db, client_id, payload, now, error);
}

#define QUESTION_COLUMNS \
  "id, text, status, created_at, updated_at, answer_due_at, unread, seq, rating, rating_comment"

static void
set_time_member (JsonObject *object, const char *member, gint64 unix_time)
{
  g_autofree char *text = kb_date_time_unix_to_iso (unix_time);

  json_object_set_string_member (object, member, text);
}

static void
set_id_member (JsonObject *object, const char *member, gint64 id)
{
  g_autofree char *text = kb_format_id (id);

  json_object_set_string_member (object, member, text);
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
  set_id_member (message, "id", sqlite3_column_int64 (stmt, 0));
  json_object_set_string_member (message, "role", kb_db_column_text (stmt, 4));
  json_object_set_string_member (message, "author", kb_db_column_text (stmt, 1));
  json_object_set_string_member (message, "text", kb_db_column_text (stmt, 2));
  set_time_member (message, "created_at", sqlite3_column_int64 (stmt, 3));
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

  stmt = kb_db_prepare (db, "SELECT " MESSAGE_COLUMNS " FROM answers"
                        " WHERE question_id = ? ORDER BY id;", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
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

/* Builds the JSON of the question in @stmt's current row (QUESTION_COLUMNS)
 * with its messages and attachments. */
static JsonObject *
question_from_row (KbDb *db, sqlite3_stmt *stmt, GError **error)
{
  JsonObject *object = json_object_new ();
  JsonArray *attachments;
  gint64 id = sqlite3_column_int64 (stmt, 0);

  set_id_member (object, "id", id);
  json_object_set_string_member (object, "text", kb_db_column_text (stmt, 1));
  json_object_set_string_member (object, "status", kb_db_column_text (stmt, 2));
  set_time_member (object, "created_at", sqlite3_column_int64 (stmt, 3));
  set_time_member (object, "updated_at", sqlite3_column_int64 (stmt, 4));
  set_time_member (object, "answer_due_at", sqlite3_column_int64 (stmt, 5));
  json_object_set_boolean_member (object, "unread", sqlite3_column_int (stmt, 6) != 0);
  set_id_member (object, "revision", sqlite3_column_int64 (stmt, 7));
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
static JsonObject *
load_question (KbDb *db, gint64 client_id, gint64 id, GError **error)
{
  sqlite3_stmt *stmt;
  JsonObject *object = NULL;

  stmt = kb_db_prepare (db, "SELECT " QUESTION_COLUMNS " FROM questions"
                        " WHERE id = ? AND client_id = ?;", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, client_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    object = question_from_row (db, stmt, error);
  sqlite3_reset (stmt);
  return object;
}

static void
reply_not_found (KbRequest *req)
{
  kb_request_reply_error (req, SOUP_STATUS_NOT_FOUND, "not_found", "There is no such question.");
}

/* GET /questions[?since=CURSOR&limit=N] */
void
_kb_server_questions_list (KbRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *cursor_text = NULL;
  JsonArray *questions;
  sqlite3_stmt *stmt;
  gint64 since, limit, max_seq, cursor, count = 0;
  gboolean has_more = FALSE;

  if (!kb_request_get_query_int (req, "since", 0, 0, G_MAXINT64, &since) ||
      !kb_request_get_query_int (req, "limit", LIST_DEFAULT_LIMIT, 1, LIST_MAX_LIMIT, &limit))
    return;

  stmt = kb_request_prepare (req, "SELECT COALESCE(MAX(seq), 0) FROM questions"
                             " WHERE client_id = ?;");
  if (stmt == NULL)
    return;
  sqlite3_bind_int64 (stmt, 1, req->client_id);
  sqlite3_step (stmt);
  max_seq = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  /* Everything the reply could contain is fixed by these four numbers. */
  {
    g_autofree char *basis = g_strdup_printf ("questions:%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT
                                              ":%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT,
                                              req->client_id, max_seq, since, limit);
    g_autofree char *hash = kb_sha256_hex (basis, -1);

    etag = g_strdup_printf ("\"%.32s\"", hash);
  }
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg), "ETag", etag);
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "Cache-Control", "private, no-cache");
  if (kb_request_etag_matches (req, etag))
    {
      kb_request_reply_empty (req, SOUP_STATUS_NOT_MODIFIED);
      return;
    }

  stmt = kb_request_prepare (req, "SELECT " QUESTION_COLUMNS " FROM questions"
                             " WHERE client_id = ? AND seq > ? ORDER BY seq LIMIT ?;");
  if (stmt == NULL)
    return;
  sqlite3_bind_int64 (stmt, 1, req->client_id);
  sqlite3_bind_int64 (stmt, 2, since);
  sqlite3_bind_int64 (stmt, 3, limit + 1);

  questions = json_array_new ();
  cursor = since;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonObject *question;

      if (count == limit)
        {
          has_more = TRUE;
          break;
        }
      question = question_from_row (req->db, stmt, &error);
      if (question == NULL)
        break;
      cursor = sqlite3_column_int64 (stmt, 7);
      json_array_add_object_element (questions, question);
      count++;
    }
  sqlite3_reset (stmt);
  if (error != NULL)
    {
      json_array_unref (questions);
      kb_request_reply_db_error (req, error);
      return;
    }

  cursor_text = kb_format_id (cursor);
  reply = json_object_new ();
  json_object_set_array_member (reply, "questions", questions);
  json_object_set_string_member (reply, "cursor", cursor_text);
  json_object_set_boolean_member (reply, "has_more", has_more);
  kb_request_reply_json_object (req, SOUP_STATUS_OK, reply);
}

/* GET /questions/{id} */
void
_kb_server_questions_get (KbRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) question = NULL;
  g_autoptr(JsonNode) node = NULL;
  gint64 id;

  if (!kb_request_get_id_param (req, 0, &id))
    return;
  question = load_question (req->db, req->client_id, id, &error);
  if (question == NULL)
    {
      if (error != NULL)
        kb_request_reply_db_error (req, error);
      else
        reply_not_found (req);
      return;
    }
  node = kb_json_node_from_object (question);
  kb_request_reply_with_etag (req, node);
}

/* Reads the body of a question or a follow-up: its text, trimmed and not
 * empty, and its attachment ids. Returns: FALSE after replying 400/422. */
static gboolean
read_message (KbRequest *req, char **text, GArray **attachment_ids)
{
  JsonObject *body = kb_request_get_body_object (req);
  const char *raw_text;
  g_autofree char *trimmed = NULL;

  if (body == NULL ||
      !kb_request_get_string (req, body, "text", TRUE, QUESTION_MAX_CHARS, &raw_text))
    return FALSE;
  trimmed = g_strstrip (g_strdup (raw_text));
  if (*trimmed == '\0')
    {
      kb_request_reply_invalid (req, "missing_field", "text", "The text is empty.");
      return FALSE;
    }
  if (!_kb_server_read_attachment_ids (req, body, attachment_ids))
    return FALSE;
  *text = g_steal_pointer (&trimmed);
  return TRUE;
}

/* What an Idempotency-Key of a question (@question_id 0) or a follow-up
 * stands for: the same key with another text or other files is refused. */
static char *
message_hash (gint64 question_id, const char *text, GArray *attachment_ids)
{
  g_autoptr(GString) basis = g_string_new (NULL);

  g_string_append_printf (basis, "%" G_GINT64_FORMAT, question_id);
  for (guint i = 0; attachment_ids != NULL && i < attachment_ids->len; i++)
    g_string_append_printf (basis, ",%" G_GINT64_FORMAT, g_array_index (attachment_ids, gint64, i));
  g_string_append_c (basis, ':');
  g_string_append (basis, text);
  /* A question alone hashes its text as before, so that keys stored by
   * an older server still match. */
  if (question_id == 0 && (attachment_ids == NULL || attachment_ids->len == 0))
    return kb_sha256_hex (text, -1);
  return kb_sha256_hex (basis->str, (gssize) basis->len);
}

static void
reply_question (KbRequest *req, guint status, gint64 id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) question = load_question (req->db, req->client_id, id, &error);
  g_autofree char *location = g_strdup_printf ("/api/v1/questions/%" G_GINT64_FORMAT, id);

  if (question == NULL)
    {
      kb_request_reply_db_error (req, error);
      return;
    }
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "Location", location);
  kb_request_reply_json_object (req, status, question);
}

static void schedule_demo_answer (KbServer *self, gint64 question_id);

/* POST /questions with Idempotency-Key */
void
_kb_server_questions_create (KbRequest *req)
{
  const char *key;
  g_autofree char *text = NULL;
  g_autofree char *request_hash = NULL;
  g_autoptr(GArray) attachment_ids = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  gint64 id, seq;

  key = kb_request_require_idempotency_key (req, "Creating a question");
  if (key == NULL || !read_message (req, &text, &attachment_ids))
    return;
  request_hash = message_hash (0, text, attachment_ids);

  if (!kb_request_idempotency_begin (req, "create_question", key, request_hash, reply_question,
                                     "This Idempotency-Key was used for a different question."))
    return;

  seq = next_seq (req->db, &error);
  if (seq < 0)
    goto failed;
  stmt = kb_db_prepare (req->db,
                        "INSERT INTO questions (client_id, text, status, created_at, updated_at,"
                        " answer_due_at, unread, seq) VALUES (?, ?, 'new', ?, ?, ?, 0, ?);",
                        &error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, req->client_id);
  kb_db_bind_text (stmt, 2, text);
  sqlite3_bind_int64 (stmt, 3, req->now_unix);
  sqlite3_bind_int64 (stmt, 4, req->now_unix);
  sqlite3_bind_int64 (stmt, 5, req->now_unix + ANSWER_DUE_SECONDS);
  sqlite3_bind_int64 (stmt, 6, seq);
  if (!kb_db_step_done (req->db, stmt, &error))
    goto failed;
  id = sqlite3_last_insert_rowid (kb_db_get_handle (req->db));

  if (!_kb_server_link_attachments (req->db, req->client_id, attachment_ids, id, 0, &error))
    {
      _kb_server_reply_link_error (req, error);
      return;
    }
  if (!kb_request_idempotency_store (req, "create_question", key, request_hash, id, &error) ||
      !emit_question_event (req->db, req->client_id, "question", id, "new", 0, req->now_unix, &error) ||
      !kb_db_commit (req->db, &error))
    goto failed;

  _kb_server_events_flush (req->server);
  schedule_demo_answer (req->server, id);
  reply_question (req, SOUP_STATUS_CREATED, id);
  return;

failed:
  kb_request_abort_write (req, error);
}

typedef struct {
  KbRequest *req;
  gint64 id;
  gboolean found;
} ReadMark;

static gboolean
mark_read (KbDb *db, gpointer data, GError **error)
{
  ReadMark *mark = data;
  sqlite3_stmt *stmt;
  gint64 seq;
  int unread = -1;

  stmt = kb_db_prepare (db, "SELECT unread FROM questions WHERE id = ? AND client_id = ?;", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, mark->id);
  sqlite3_bind_int64 (stmt, 2, mark->req->client_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    unread = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  mark->found = unread >= 0;

  /* Marking a read question read again changes nothing, not even seq. */
  if (unread <= 0)
    return TRUE;
  seq = next_seq (db, error);
  if (seq < 0)
    return FALSE;
  stmt = kb_db_prepare (db, "UPDATE questions SET unread = 0, seq = ? WHERE id = ?;", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, seq);
  sqlite3_bind_int64 (stmt, 2, mark->id);
  return kb_db_step_done (db, stmt, error);
}

/* POST /questions/{id}/read */
void
_kb_server_questions_read (KbRequest *req)
{
  ReadMark mark = { req, 0, FALSE };

  if (!kb_request_get_id_param (req, 0, &mark.id))
    return;
  if (!kb_request_write (req, mark_read, &mark))
    return;
  if (!mark.found)
    reply_not_found (req);
  else
    reply_question (req, SOUP_STATUS_OK, mark.id);
}

/* ---- The operator side ------------------------------------------------------ */

static gboolean
question_owner (KbDb *db, gint64 id, gint64 *client_id, char **status, GError **error)
{
  sqlite3_stmt *stmt = kb_db_prepare (db, "SELECT client_id, status FROM questions WHERE id = ?;",
                                      error);
  gboolean found = FALSE;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *client_id = sqlite3_column_int64 (stmt, 0);
      *status = g_strdup (kb_db_column_text (stmt, 1));
      found = TRUE;
    }
  sqlite3_reset (stmt);
  if (!found)
    g_set_error (error, KB_SERVER_ERROR, KB_SERVER_ERROR_NOT_FOUND,
                 "There is no question %" G_GINT64_FORMAT, id);
  return found;
}

typedef struct {
  gint64 id;
  const char *author;        /* NULL: the client's name */
  const char *text;          /* the message's, or the new status */
  gint64 now;
  const char *role;          /* "operator" or "client" */
  gint64 client_id;          /* for "client": who writes; another's question is not found */
  GArray *attachment_ids;    /* (nullable) */
  gint64 answer_id;          /* set by write_message() */
} QuestionWrite;

static char *
client_name (KbDb *db, gint64 client_id, GError **error)
{
  sqlite3_stmt *stmt = kb_db_prepare (db, "SELECT name FROM clients WHERE id = ?;", error);
  char *name = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, client_id);
  if (kb_db_step_row (db, stmt, error))
    name = g_strdup (kb_db_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return name;
}

/* Adds a message to a question with its attachments. The operator's
 * answer makes it answered and unread; the client's follow-up reopens an
 * answered or closed question (a new one stays new). */
static gboolean
write_message (KbDb *db, gpointer data, GError **error)
{
  QuestionWrite *w = data;
  gboolean from_client = g_str_equal (w->role, "client");
  g_autofree char *status = NULL;
  g_autofree char *author = NULL;
  const char *new_status;
  sqlite3_stmt *stmt;
  gint64 client_id, seq;

  if (!question_owner (db, w->id, &client_id, &status, error))
    return FALSE;
  if (from_client && client_id != w->client_id)
    {
      g_set_error (error, KB_SERVER_ERROR, KB_SERVER_ERROR_NOT_FOUND,
                   "There is no question %" G_GINT64_FORMAT, w->id);
      return FALSE;
    }
  if (!from_client && server_status (status) == KB_QUESTION_STATUS_CLOSED)
    {
      g_set_error (error, KB_SERVER_ERROR, KB_SERVER_ERROR_INVALID,
                   "Question %" G_GINT64_FORMAT " is closed", w->id);
      return FALSE;
    }
  author = w->author != NULL ? g_strdup (w->author) : client_name (db, client_id, error);
  if (author == NULL)
    return FALSE;

  stmt = kb_db_prepare (db, "INSERT INTO answers (question_id, author, text, created_at, role)"
                        " VALUES (?, ?, ?, ?, ?);", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, w->id);
  kb_db_bind_text (stmt, 2, author);
  kb_db_bind_text (stmt, 3, w->text);
  sqlite3_bind_int64 (stmt, 4, w->now);
  kb_db_bind_text (stmt, 5, w->role);
  if (!kb_db_step_done (db, stmt, error))
    return FALSE;
  w->answer_id = sqlite3_last_insert_rowid (kb_db_get_handle (db));
  if (!_kb_server_link_attachments (db, client_id, w->attachment_ids, w->id, w->answer_id, error))
    return FALSE;

  if (!from_client)
    new_status = "answered";
  else if (server_status (status) == KB_QUESTION_STATUS_NEW)
    new_status = "new";
  else
    new_status = "in_progress";

  seq = next_seq (db, error);
  if (seq < 0)
    return FALSE;
  stmt = kb_db_prepare (db, "UPDATE questions SET status = ?, unread = MAX(unread, ?),"
                        " updated_at = ?, seq = ? WHERE id = ?;", error);
  if (stmt == NULL)
    return FALSE;
  kb_db_bind_text (stmt, 1, new_status);
  sqlite3_bind_int (stmt, 2, from_client ? 0 : 1);
  sqlite3_bind_int64 (stmt, 3, w->now);
  sqlite3_bind_int64 (stmt, 4, seq);
  sqlite3_bind_int64 (stmt, 5, w->id);
  return kb_db_step_done (db, stmt, error) &&
         emit_question_event (db, client_id, from_client ? "message" : "answer", w->id, new_status,
                              w->answer_id, w->now, error);
}

/* Adds an answer to question @id with the attachments @attachment_ids
 * (the question's client's, not linked yet), makes it "answered" and
 * unread, and records the event, all in one transaction. Returns the
 * answer's id, or 0 with @error set. */
gint64
_kb_server_question_answer (KbDb *db, gint64 id, const char *author, const char *text,
                            GArray *attachment_ids, gint64 now, GError **error)
{
  QuestionWrite w = { id, author, text, now, "operator", 0, attachment_ids, 0 };

  /* The "answer" command passes text from its command line, which no body
   * check has seen: what is stored must be UTF-8 for every reader. */
  if (!g_utf8_validate (author, -1, NULL) || !g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, KB_SERVER_ERROR, KB_SERVER_ERROR_INVALID,
                           "The answer is not UTF-8 text");
      return 0;
    }
  return kb_db_transaction (db, write_message, &w, error) ? w.answer_id : 0;
}

static gboolean
write_status (KbDb *db, gpointer data, GError **error)
{
  QuestionWrite *w = data;
  const char *new_status = w->text;
  g_autofree char *status = NULL;
  sqlite3_stmt *stmt;
  gint64 client_id, seq;

  if (!question_owner (db, w->id, &client_id, &status, error))
    return FALSE;
  if (!status_transition_allowed (server_status (status), server_status (new_status)))
    {
      g_set_error (error, KB_SERVER_ERROR, KB_SERVER_ERROR_INVALID,
                   "A question cannot go from %s to %s", status, new_status);
      return FALSE;
    }
  if (g_str_equal (status, new_status))
    return TRUE;

  seq = next_seq (db, error);
  if (seq < 0)
    return FALSE;
  stmt = kb_db_prepare (db, "UPDATE questions SET status = ?, updated_at = ?, seq = ? WHERE id = ?;",
                        error);
  if (stmt == NULL)
    return FALSE;
  kb_db_bind_text (stmt, 1, new_status);
  sqlite3_bind_int64 (stmt, 2, w->now);
  sqlite3_bind_int64 (stmt, 3, seq);
  sqlite3_bind_int64 (stmt, 4, w->id);
  return kb_db_step_done (db, stmt, error) &&
         emit_question_event (db, client_id, "status", w->id, new_status, 0, w->now, error);
}

gboolean
_kb_server_question_set_status (KbDb *db, gint64 id, const char *new_status, gint64 now,
                                GError **error)
{
  QuestionWrite w = { id, NULL, new_status, now, "operator", 0, NULL, 0 };

  if (!status_is_known (new_status))
    {
      g_set_error (error, KB_SERVER_ERROR, KB_SERVER_ERROR_INVALID,
                   "“%s” is not a status (new, in_progress, answered, closed)", new_status);
      return FALSE;
    }
  return kb_db_transaction (db, write_status, &w, error);
}

static guint
status_for_error (GError *error)
{
  if (g_error_matches (error, KB_SERVER_ERROR, KB_SERVER_ERROR_NOT_FOUND))
    return SOUP_STATUS_NOT_FOUND;
  if (g_error_matches (error, KB_SERVER_ERROR, KB_SERVER_ERROR_INVALID) ||
      g_error_matches (error, KB_SERVER_ERROR, KB_SERVER_ERROR_EXISTS))
    return SOUP_STATUS_CONFLICT;
  return SOUP_STATUS_INTERNAL_SERVER_ERROR;
}

static void
reply_operator_error (KbRequest *req, GError *error)
{
  guint status = status_for_error (error);

  if (status == SOUP_STATUS_INTERNAL_SERVER_ERROR)
    kb_request_reply_db_error (req, error);
  else
    kb_request_reply_error (req, status,
                            status == SOUP_STATUS_NOT_FOUND ? "not_found" : "invalid_transition",
                            "%s", error->message);
}

/* GET /operator/questions[?status=new&limit=N] */
void
_kb_server_operator_list (KbRequest *req)
{
  const char *status = kb_request_get_query (req, "status");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = json_object_new ();
  JsonArray *questions;
  sqlite3_stmt *stmt;
  gint64 limit;

  if (!kb_request_get_query_int (req, "limit", 100, 1, 1000, &limit))
    return;
  if (status != NULL && !status_is_known (status))
    {
      kb_request_reply_invalid (req, "invalid_value", "status",
                                "“status” must be new, in_progress, answered or closed.");
      return;
    }

  stmt = kb_request_prepare (req, "SELECT " QUESTION_COLUMNS ", client_id FROM questions"
                             " WHERE ?1 IS NULL OR status = ?1 ORDER BY created_at, id LIMIT ?2;");
  if (stmt == NULL)
    return;
  kb_db_bind_text (stmt, 1, status);
  sqlite3_bind_int64 (stmt, 2, limit);
  questions = json_array_new ();
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonObject *question = question_from_row (req->db, stmt, &error);

      if (question == NULL)
        break;
      set_id_member (question, "client_id", sqlite3_column_int64 (stmt, 10));
      json_array_add_object_element (questions, question);
    }
  sqlite3_reset (stmt);
  json_object_set_array_member (reply, "questions", questions);
  if (error != NULL)
    kb_request_reply_db_error (req, error);
  else
    kb_request_reply_json_object (req, SOUP_STATUS_OK, reply);
}

/* Returns: (transfer full) (nullable): message @id as JSON with its
 * question's id, or NULL with @error. */
static JsonObject *
load_message (KbDb *db, gint64 id, GError **error)
{
  sqlite3_stmt *stmt = kb_db_prepare (db, "SELECT " MESSAGE_COLUMNS " FROM answers WHERE id = ?;",
                                      error);
  JsonObject *message = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (kb_db_step_row (db, stmt, error))
    {
      message = message_from_row (db, stmt, error);
      if (message != NULL)
        set_id_member (message, "question_id", sqlite3_column_int64 (stmt, 5));
    }
  else if (error != NULL && *error == NULL)
    g_set_error (error, KB_SERVER_ERROR, KB_SERVER_ERROR_NOT_FOUND, "No message %" G_GINT64_FORMAT, id);
  sqlite3_reset (stmt);
  return message;
}

static void
reply_message (KbRequest *req, guint status, gint64 id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) message = load_message (req->db, id, &error);

  if (message == NULL)
    kb_request_reply_db_error (req, error);
  else
    kb_request_reply_json_object (req, status, message);
}

/* POST /operator/questions/{id}/answers {"text", "author", "attachment_ids"} */
void
_kb_server_operator_answer (KbRequest *req)
{
  JsonObject *body = kb_request_get_body_object (req);
  const char *text, *author;
  g_autoptr(GArray) attachment_ids = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id, answer_id;

  if (!kb_request_get_id_param (req, 0, &id) || body == NULL ||
      !kb_request_get_string (req, body, "text", TRUE, ANSWER_MAX_CHARS, &text) ||
      !kb_request_get_string (req, body, "author", FALSE, 100, &author) ||
      !_kb_server_read_attachment_ids (req, body, &attachment_ids))
    return;

  answer_id = _kb_server_question_answer (req->db, id, author != NULL ? author : "Оператор", text,
                                          attachment_ids, req->now_unix, &error);
  if (answer_id == 0)
    {
      reply_operator_error (req, error);
      return;
    }
  _kb_server_events_flush (req->server);
  reply_message (req, SOUP_STATUS_CREATED, answer_id);
}

/* ---- The client's side of a conversation ------------------------------------- */

/* POST /questions/{id}/messages {"text", "attachment_ids"} with Idempotency-Key */
void
_kb_server_questions_reply (KbRequest *req)
{
  const char *key;
  g_autofree char *text = NULL;
  g_autofree char *request_hash = NULL;
  g_autoptr(GArray) attachment_ids = NULL;
  g_autoptr(GError) error = NULL;
  QuestionWrite w = { 0 };

  if (!kb_request_get_id_param (req, 0, &w.id))
    return;
  key = kb_request_require_idempotency_key (req, "A follow-up");
  if (key == NULL || !read_message (req, &text, &attachment_ids))
    return;
  request_hash = message_hash (w.id, text, attachment_ids);

  if (!kb_request_idempotency_begin (req, "post_message", key, request_hash, reply_message,
                                     "This Idempotency-Key was used for a different message."))
    return;

  w.text = text;
  w.now = req->now_unix;
  w.role = "client";
  w.client_id = req->client_id;
  w.attachment_ids = attachment_ids;
  if (!write_message (req->db, &w, &error))
    {
      if (g_error_matches (error, KB_SERVER_ERROR, KB_SERVER_ERROR_NOT_FOUND) &&
          !g_str_has_prefix (error->message, "There is no attachment"))
        {
          kb_db_rollback (req->db);
          reply_not_found (req);
        }
      else
        _kb_server_reply_link_error (req, error);
      return;
    }
  if (!kb_request_idempotency_store (req, "post_message", key, request_hash, w.answer_id, &error) ||
      !kb_db_commit (req->db, &error))
    {
      kb_request_abort_write (req, error);
      return;
    }

  _kb_server_events_flush (req->server);
  schedule_demo_answer (req->server, w.id);
  reply_message (req, SOUP_STATUS_CREATED, w.answer_id);
}

typedef struct {
  KbRequest *req;
  gint64 id;
  const char *score;         /* NULL: close instead */
  const char *comment;
  gboolean found;
  gboolean answered;         /* the operator has answered it */
} ClientChange;

/* Rates or closes the client's question @change->id. */
static gboolean
write_client_change (KbDb *db, gpointer data, GError **error)
{
  ClientChange *change = data;
  sqlite3_stmt *stmt;
  g_autofree char *status = NULL;
  gint64 seq;

  stmt = kb_db_prepare (db, "SELECT status, EXISTS (SELECT 1 FROM answers a WHERE"
                        " a.question_id = q.id AND a.role = 'operator')"
                        " FROM questions q WHERE id = ? AND client_id = ?;", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, change->id);
  sqlite3_bind_int64 (stmt, 2, change->req->client_id);
  if (kb_db_step_row (db, stmt, error))
    {
      change->found = TRUE;
      status = g_strdup (kb_db_column_text (stmt, 0));
      change->answered = sqlite3_column_int (stmt, 1) != 0;
    }
  sqlite3_reset (stmt);
  if (!change->found)
    return error == NULL || *error == NULL;
  if (change->score != NULL && !change->answered)
    return TRUE;
  /* Closing a closed question changes nothing, not even seq. */
  if (change->score == NULL && server_status (status) == KB_QUESTION_STATUS_CLOSED)
    return TRUE;

  seq = next_seq (db, error);
  if (seq < 0)
    return FALSE;
  if (change->score != NULL)
    {
      stmt = kb_db_prepare (db, "UPDATE questions SET rating = ?, rating_comment = ?, seq = ?"
                            " WHERE id = ?;", error);
      if (stmt == NULL)
        return FALSE;
      kb_db_bind_text (stmt, 1, change->score);
      kb_db_bind_text (stmt, 2, change->comment);
      sqlite3_bind_int64 (stmt, 3, seq);
      sqlite3_bind_int64 (stmt, 4, change->id);
      return kb_db_step_done (db, stmt, error);
    }
  stmt = kb_db_prepare (db, "UPDATE questions SET status = 'closed', updated_at = ?, seq = ?"
                        " WHERE id = ?;", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, change->req->now_unix);
  sqlite3_bind_int64 (stmt, 2, seq);
  sqlite3_bind_int64 (stmt, 3, change->id);
  return kb_db_step_done (db, stmt, error) &&
         emit_question_event (db, change->req->client_id, "status", change->id, "closed", 0,
                              change->req->now_unix, error);
}

static void
apply_client_change (KbRequest *req, ClientChange *change)
{
  if (!kb_request_write (req, write_client_change, change))
    return;
  if (!change->found)
    {
      reply_not_found (req);
      return;
    }
  if (change->score != NULL && !change->answered)
    {
      kb_request_reply_error (req, SOUP_STATUS_CONFLICT, "not_answered",
                              "Only an answered question can be rated.");
      return;
    }
  _kb_server_events_flush (req->server);
  reply_question (req, SOUP_STATUS_OK, change->id);
}

/* PUT /questions/{id}/rating {"score": "good"|"bad", "comment"} */
void
_kb_server_questions_rate (KbRequest *req)
{
  JsonObject *body = kb_request_get_body_object (req);
  g_autofree char *comment = NULL;
  const char *raw_comment = NULL;
  ClientChange change = { req };

  if (!kb_request_get_id_param (req, 0, &change.id) || body == NULL ||
      !kb_request_get_string (req, body, "score", TRUE, 10, &change.score) ||
      !kb_request_get_string (req, body, "comment", FALSE, 1000, &raw_comment))
    return;
  if (!g_str_equal (change.score, "good") && !g_str_equal (change.score, "bad"))
    {
      kb_request_reply_invalid (req, "invalid_value", "score", "“score” must be good or bad.");
      return;
    }
  if (raw_comment != NULL)
    comment = g_strstrip (g_strdup (raw_comment));
  change.comment = comment != NULL && *comment != '\0' ? comment : NULL;
  apply_client_change (req, &change);
}

/* POST /questions/{id}/close */
void
_kb_server_questions_close (KbRequest *req)
{
  ClientChange change = { req };

  if (!kb_request_get_id_param (req, 0, &change.id))
    return;
  apply_client_change (req, &change);
}

/* POST /operator/questions/{id}/status {"status"} */
void
_kb_server_operator_status (KbRequest *req)
{
  JsonObject *body = kb_request_get_body_object (req);
  const char *status;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = NULL;
  gint64 id;

  if (!kb_request_get_id_param (req, 0, &id) || body == NULL ||
      !kb_request_get_string (req, body, "status", TRUE, 20, &status))
    return;
  if (!status_is_known (status))
    {
      kb_request_reply_invalid (req, "invalid_value", "status",
                                "“status” must be new, in_progress, answered or closed.");
      return;
    }
  if (!_kb_server_question_set_status (req->db, id, status, req->now_unix, &error))
    {
      reply_operator_error (req, error);
      return;
    }
  _kb_server_events_flush (req->server);

  reply = json_object_new ();
  set_id_member (reply, "id", id);
  json_object_set_string_member (reply, "status", status);
  kb_request_reply_json_object (req, SOUP_STATUS_OK, reply);
}

/* ---- The demo operator --------------------------------------------------------- */

typedef struct {
  KbServer *server;
  GSource *source;
  gint64 question_id;
} DemoAnswer;

/* Answers question @id with the file @bytes named @name (when not NULL)
 * attached, the file stored for the question's client, in one
 * transaction. Returns the answer's id, or 0 with @error. */
static gint64
answer_with_file (KbDb *db, gint64 id, const char *author, const char *text, const char *name,
                  GBytes *bytes, gint64 now, GError **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *status = NULL;
  gint64 client_id, attachment_id, answer_id;

  if (bytes == NULL)
    return _kb_server_question_answer (db, id, author, text, NULL, now, error);
  if (!kb_db_begin (db, error))
    return 0;
  if (!question_owner (db, id, &client_id, &status, error) ||
      (attachment_id = _kb_server_store_attachment (db, client_id, name, bytes, now, error)) == 0)
    {
      kb_db_rollback (db);
      return 0;
    }
  g_array_append_val (ids, attachment_id);
  answer_id = _kb_server_question_answer (db, id, author, text, ids, now, error);
  if (answer_id == 0 || !kb_db_commit (db, error))
    {
      kb_db_rollback (db);
      return 0;
    }
  return answer_id;
}

/* TRUE when question @id has a follow-up: the demo operator then answers
 * with a PDF, so that trying the app shows an attachment arrive. */
static gboolean
has_follow_up (KbDb *db, gint64 id)
{
  sqlite3_stmt *stmt = kb_db_prepare (db, "SELECT EXISTS (SELECT 1 FROM answers"
                                      " WHERE question_id = ? AND role = 'client');", NULL);
  gboolean found = FALSE;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    found = sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  return found;
}

static gboolean
on_demo_answer_due (gpointer user_data)
{
  DemoAnswer *demo = user_data;
  KbServer *self = demo->server;
  g_autoptr(GDateTime) now = _kb_server_now (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  const char *text = "Здравствуйте! Спасибо за обращение. Мы проверили ваш вопрос: "
                     "всё в порядке, изменения вступят в силу в течение суток. "
                     "Если остались вопросы — напишите нам.";

  if (self->stopped)
    return G_SOURCE_REMOVE;
  if (has_follow_up (self->db, demo->question_id))
    {
      pdf = _kb_server_pdf_new ((const char * const[]) { "Kabinet demo: how to read your invoice",
                                                         "1. Subscription fees by subscriber.",
                                                         "2. Additional services.",
                                                         "3. Payments received this month.",
                                                         NULL });
      text = "Спасибо за уточнение! Во вложении — памятка по вашему вопросу.";
    }
  if (answer_with_file (self->db, demo->question_id, "Оператор (демо)", text, "Памятка.pdf", pdf,
                        g_date_time_to_unix (now), &error) == 0)
    g_debug ("Demo operator: %s", error->message);
  _kb_server_events_flush (self);
  return G_SOURCE_REMOVE;
}

static void
on_demo_source_destroyed (gpointer user_data)
{
  DemoAnswer *demo = user_data;

  g_ptr_array_remove_fast (demo->server->demo_sources, demo->source);
  g_free (demo);
}

/* The demo operator answers each new question and each follow-up after
 * a delay, so that someone trying the app sees an answer arrive. */
static void
schedule_demo_answer (KbServer *self, gint64 question_id)
{
  guint delay = _kb_server_get_demo_operator (self);
  DemoAnswer *demo;
  GSource *source;

  if (delay == 0 || self->context == NULL)
    return;

  demo = g_new0 (DemoAnswer, 1);
  demo->server = self;
  demo->question_id = question_id;
  source = g_timeout_source_new_seconds (delay);
  demo->source = source;
  g_source_set_callback (source, on_demo_answer_due, demo, on_demo_source_destroyed);
  g_source_attach (source, self->context);
  g_ptr_array_add (self->demo_sources, source);
}

/* ---- The C API of the operator side -------------------------------------------- */

typedef struct {
  const char *question_id;
  const char *author;
  const char *text;
  const char *status;
  const char *file_name;
  GBytes *file;
  gboolean ok;
  GError *error;
} OperatorCall;

static gboolean
check_call (KbServer *self, OperatorCall *call, gint64 *id)
{
  if (self->db == NULL || kb_db_get_handle (self->db) == NULL)
    {
      g_set_error_literal (&call->error, KB_SERVER_ERROR, KB_SERVER_ERROR_FAILED,
                           "The server is stopped");
      return FALSE;
    }
  if (!kb_parse_id (call->question_id, id))
    {
      g_set_error (&call->error, KB_SERVER_ERROR, KB_SERVER_ERROR_NOT_FOUND,
                   "“%s” is not a question id", call->question_id);
      return FALSE;
    }
  return TRUE;
}

static void
answer_on_server (KbServer *self, gpointer data)
{
  OperatorCall *call = data;
  g_autoptr(GDateTime) now = _kb_server_now (self);
  gint64 id;

  if (!check_call (self, call, &id))
    return;
  call->ok = answer_with_file (self->db, id, call->author, call->text, call->file_name, call->file,
                               g_date_time_to_unix (now), &call->error) > 0;
  if (call->ok)
    _kb_server_events_flush (self);
}

/* Answers a question as the operator: thread-safe. The client's event
 * sockets get {"type":"answer",…} at once. */
gboolean
kb_server_answer_question (KbServer *self, const char *question_id, const char *author,
                           const char *text, GError **error)
{
  return kb_server_answer_question_with_file (self, question_id, author, text, NULL, NULL, error);
}

/**
 * kb_server_answer_question_with_file:
 * @file_name: (nullable): the attached file's name
 * @file: (nullable): its bytes: an allowed type (see kb_file_type_sniff())
 *
 * Answers a question as the operator with a file attached: thread-safe.
 */
gboolean
kb_server_answer_question_with_file (KbServer *self, const char *question_id, const char *author,
                                     const char *text, const char *file_name, GBytes *file,
                                     GError **error)
{
  OperatorCall call = { question_id, author != NULL ? author : "Оператор", text, NULL,
                        file_name, file };

  g_return_val_if_fail (KB_IS_SERVER (self), FALSE);
  g_return_val_if_fail (question_id != NULL && text != NULL, FALSE);

  if (*text == '\0' || g_utf8_strlen (text, -1) > ANSWER_MAX_CHARS)
    {
      g_set_error (error, KB_SERVER_ERROR, KB_SERVER_ERROR_INVALID,
                   "An answer has 1 to %d characters", ANSWER_MAX_CHARS);
      return FALSE;
    }
  _kb_server_run_sync (self, answer_on_server, &call);
  if (call.error != NULL)
    g_propagate_error (error, call.error);
  return call.ok;
}

static void
set_status_on_server (KbServer *self, gpointer data)
{
  OperatorCall *call = data;
  g_autoptr(GDateTime) now = _kb_server_now (self);
  gint64 id;

  if (!check_call (self, call, &id))
    return;
  call->ok = _kb_server_question_set_status (self->db, id, call->status,
                                             g_date_time_to_unix (now), &call->error);
  if (call->ok)
    _kb_server_events_flush (self);
}

gboolean
kb_server_set_question_status (KbServer *self, const char *question_id, const char *status,
                               GError **error)
{
  OperatorCall call = { question_id, NULL, NULL, status };

  g_return_val_if_fail (KB_IS_SERVER (self), FALSE);
  g_return_val_if_fail (question_id != NULL && status != NULL, FALSE);

  _kb_server_run_sync (self, set_status_on_server, &call);
  if (call.error != NULL)
    g_propagate_error (error, call.error);
  return call.ok;
}
