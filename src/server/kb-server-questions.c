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

#define QUESTION_COLUMNS "id, text, status, created_at, updated_at, answer_due_at, unread, seq"

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

/* An answer from a row of (id, author, text, created_at). */
static JsonObject *
answer_from_row (sqlite3_stmt *stmt, gpointer data)
{
  JsonObject *answer = json_object_new ();

  set_id_member (answer, "id", sqlite3_column_int64 (stmt, 0));
  json_object_set_string_member (answer, "author", kb_db_column_text (stmt, 1));
  json_object_set_string_member (answer, "text", kb_db_column_text (stmt, 2));
  set_time_member (answer, "created_at", sqlite3_column_int64 (stmt, 3));
  return answer;
}

/* Builds the JSON of the question in @stmt's current row (QUESTION_COLUMNS)
 * with its answers. */
static JsonObject *
question_from_row (KbDb *db, sqlite3_stmt *stmt, GError **error)
{
  JsonObject *object = json_object_new ();
  JsonArray *answers;
  gint64 id = sqlite3_column_int64 (stmt, 0);
  sqlite3_stmt *answer_stmt;

  set_id_member (object, "id", id);
  json_object_set_string_member (object, "text", kb_db_column_text (stmt, 1));
  json_object_set_string_member (object, "status", kb_db_column_text (stmt, 2));
  set_time_member (object, "created_at", sqlite3_column_int64 (stmt, 3));
  set_time_member (object, "updated_at", sqlite3_column_int64 (stmt, 4));
  set_time_member (object, "answer_due_at", sqlite3_column_int64 (stmt, 5));
  json_object_set_boolean_member (object, "unread", sqlite3_column_int (stmt, 6) != 0);
  set_id_member (object, "revision", sqlite3_column_int64 (stmt, 7));

  answer_stmt = kb_db_prepare (db,
                               "SELECT id, author, text, created_at FROM answers"
                               " WHERE question_id = ? ORDER BY id;", error);
  if (answer_stmt == NULL)
    {
      json_object_unref (object);
      return NULL;
    }
  sqlite3_bind_int64 (answer_stmt, 1, id);
  answers = _kb_server_collect_rows (db, answer_stmt, answer_from_row, NULL, error);
  if (answers == NULL)
    {
      json_object_unref (object);
      return NULL;
    }

  json_object_set_int_member (object, "answers_count", json_array_get_length (answers));
  json_object_set_array_member (object, "answers", answers);
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
  JsonObject *body;
  const char *key, *raw_text;
  g_autofree char *text = NULL;
  g_autofree char *request_hash = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  gint64 id, seq;

  if (soup_message_headers_get_one (soup_server_message_get_request_headers (req->msg),
                                    "Idempotency-Key") == NULL)
    {
      kb_request_reply_error (req, SOUP_STATUS_BAD_REQUEST, "idempotency_key_required",
                              "Creating a question needs an Idempotency-Key header.");
      return;
    }
  key = kb_request_get_idempotency_key (req);
  if (key == NULL)
    return;

  body = kb_request_get_body_object (req);
  if (body == NULL ||
      !kb_request_get_string (req, body, "text", TRUE, QUESTION_MAX_CHARS, &raw_text))
    return;
  text = g_strstrip (g_strdup (raw_text));
  if (*text == '\0')
    {
      kb_request_reply_invalid (req, "missing_field", "text", "The question is empty.");
      return;
    }
  request_hash = kb_sha256_hex (text, -1);

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
  const char *author;
  const char *text;          /* the answer's, or the new status */
  gint64 now;
  gint64 answer_id;          /* set by write_answer() */
} QuestionWrite;

static gboolean
write_answer (KbDb *db, gpointer data, GError **error)
{
  QuestionWrite *w = data;
  g_autofree char *status = NULL;
  sqlite3_stmt *stmt;
  gint64 client_id, seq;

  if (!question_owner (db, w->id, &client_id, &status, error))
    return FALSE;
  if (server_status (status) == KB_QUESTION_STATUS_CLOSED)
    {
      g_set_error (error, KB_SERVER_ERROR, KB_SERVER_ERROR_INVALID,
                   "Question %" G_GINT64_FORMAT " is closed", w->id);
      return FALSE;
    }

  stmt = kb_db_prepare (db, "INSERT INTO answers (question_id, author, text, created_at)"
                        " VALUES (?, ?, ?, ?);", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, w->id);
  kb_db_bind_text (stmt, 2, w->author);
  kb_db_bind_text (stmt, 3, w->text);
  sqlite3_bind_int64 (stmt, 4, w->now);
  if (!kb_db_step_done (db, stmt, error))
    return FALSE;
  w->answer_id = sqlite3_last_insert_rowid (kb_db_get_handle (db));

  seq = next_seq (db, error);
  if (seq < 0)
    return FALSE;
  stmt = kb_db_prepare (db, "UPDATE questions SET status = 'answered', unread = 1,"
                        " updated_at = ?, seq = ? WHERE id = ?;", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, w->now);
  sqlite3_bind_int64 (stmt, 2, seq);
  sqlite3_bind_int64 (stmt, 3, w->id);
  return kb_db_step_done (db, stmt, error) &&
         emit_question_event (db, client_id, "answer", w->id, "answered", w->answer_id, w->now,
                              error);
}

/* Adds an answer to question @id, makes it "answered" and unread, and
 * records the event, all in one transaction. Returns the answer's id, or 0
 * with @error set. */
gint64
_kb_server_question_answer (KbDb *db, gint64 id, const char *author, const char *text,
                            gint64 now, GError **error)
{
  QuestionWrite w = { id, author, text, now, 0 };

  /* The "answer" command passes text from its command line, which no body
   * check has seen: what is stored must be UTF-8 for every reader. */
  if (!g_utf8_validate (author, -1, NULL) || !g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, KB_SERVER_ERROR, KB_SERVER_ERROR_INVALID,
                           "The answer is not UTF-8 text");
      return 0;
    }
  return kb_db_transaction (db, write_answer, &w, error) ? w.answer_id : 0;
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
  QuestionWrite w = { id, NULL, new_status, now, 0 };

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
  if (g_error_matches (error, KB_SERVER_ERROR, KB_SERVER_ERROR_INVALID))
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
      set_id_member (question, "client_id", sqlite3_column_int64 (stmt, 8));
      json_array_add_object_element (questions, question);
    }
  sqlite3_reset (stmt);
  json_object_set_array_member (reply, "questions", questions);
  if (error != NULL)
    kb_request_reply_db_error (req, error);
  else
    kb_request_reply_json_object (req, SOUP_STATUS_OK, reply);
}

/* POST /operator/questions/{id}/answers {"text", "author"} */
void
_kb_server_operator_answer (KbRequest *req)
{
  JsonObject *body = kb_request_get_body_object (req);
  const char *text, *author;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = NULL;
  gint64 id, answer_id;

  if (!kb_request_get_id_param (req, 0, &id) || body == NULL ||
      !kb_request_get_string (req, body, "text", TRUE, ANSWER_MAX_CHARS, &text) ||
      !kb_request_get_string (req, body, "author", FALSE, 100, &author))
    return;

  answer_id = _kb_server_question_answer (req->db, id, author != NULL ? author : "Оператор", text,
                                          req->now_unix, &error);
  if (answer_id == 0)
    {
      reply_operator_error (req, error);
      return;
    }
  _kb_server_events_flush (req->server);

  reply = json_object_new ();
  set_id_member (reply, "id", answer_id);
  set_id_member (reply, "question_id", id);
  json_object_set_string_member (reply, "author", author != NULL ? author : "Оператор");
  json_object_set_string_member (reply, "text", text);
  set_time_member (reply, "created_at", req->now_unix);
  kb_request_reply_json_object (req, SOUP_STATUS_CREATED, reply);
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

static gboolean
on_demo_answer_due (gpointer user_data)
{
  DemoAnswer *demo = user_data;
  KbServer *self = demo->server;
  g_autoptr(GDateTime) now = _kb_server_now (self);
  g_autoptr(GError) error = NULL;

  if (!self->stopped &&
      _kb_server_question_answer (self->db, demo->question_id, "Оператор (демо)",
                                  "Здравствуйте! Спасибо за обращение. Мы проверили ваш вопрос: "
                                  "всё в порядке, изменения вступят в силу в течение суток. "
                                  "Если остались вопросы — напишите нам.",
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

/* The demo operator answers each new question after a delay, so that
 * someone trying the app sees an answer arrive. */
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
  call->ok = _kb_server_question_answer (self->db, id, call->author, call->text,
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
  OperatorCall call = { question_id, author != NULL ? author : "Оператор", text };

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
