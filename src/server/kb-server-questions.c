/* kb-server-questions.c — feedback, the client's side: questions, follow-ups, ratings, read marks.
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
 * A follow-up takes an Idempotency-Key like a question and reopens an
 * answered or closed question (kb-server-question-store.c writes it).
 */
#include "config.h"

#include "kb-question.h"
#include "kb-server-questions.h"
#include "kb-server-schema.h"

#define LIST_DEFAULT_LIMIT 500
#define LIST_MAX_LIMIT     5000
#define ANSWER_DUE_SECONDS (24 * 3600)

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

  stmt = kb_request_query (req,
                           "SELECT COALESCE(MAX(seq), 0) FROM questions"
                           " WHERE client_id = ?;",
                           KB_DB_INT (req->client_id));
  if (stmt == NULL)
    return;
  if (!kb_db_read_int (req->db, stmt, &max_seq, &error))
    {
      kb_request_reply_db_error (req, error);
      return;
    }

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

  stmt = kb_request_query (req,
                           "SELECT " KB_SERVER_QUESTION_COLUMNS " FROM questions"
                           " WHERE client_id = ? AND seq > ? ORDER BY seq LIMIT ?;",
                           KB_DB_INT (req->client_id), KB_DB_INT (since), KB_DB_INT (limit + 1));
  if (stmt == NULL)
    return;

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
      question = _kb_server_question_from_row (req->db, stmt, &error);
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
  question = _kb_server_question_load (req->db, req->client_id, id, &error);
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
      !kb_request_get_string (req, body, "text", TRUE, KB_SERVER_QUESTION_MAX_CHARS, &raw_text))
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
  g_autoptr(JsonObject) question = _kb_server_question_load (req->db, req->client_id, id, &error);
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

/* A question or a follow-up as its request sent it, under its key. */
typedef struct {
  KbIdempotency idempotency; /* its request_hash owned */
  char *text;
  GArray *attachment_ids;
} MessagePost;

static void
message_post_clear (MessagePost *post)
{
  g_clear_pointer ((char **) &post->idempotency.request_hash, g_free);
  g_clear_pointer (&post->text, g_free);
  g_clear_pointer (&post->attachment_ids, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MessagePost, message_post_clear)

/* Reads the message of question @question_id (0: a new question) with its
 * Idempotency-Key, which it needs (@what names the request in the 400),
 * and begins its write; a repeat is answered as @post's idempotency says.
 * Returns: FALSE after replying. */
static gboolean
begin_message_post (KbRequest *req, gint64 question_id, const char *what, MessagePost *post)
{
  post->idempotency.key = kb_request_require_idempotency_key (req, what);
  if (post->idempotency.key == NULL || !read_message (req, &post->text, &post->attachment_ids))
    return FALSE;
  post->idempotency.request_hash = message_hash (question_id, post->text, post->attachment_ids);
  return kb_request_idempotency_begin (req, &post->idempotency);
}

/* POST /questions with Idempotency-Key */
void
_kb_server_questions_create (KbRequest *req)
{
  g_auto(MessagePost) post = {
    { "create_question", NULL, NULL, reply_question,
      "This Idempotency-Key was used for a different question." },
  };
  g_autoptr(GError) error = NULL;
  gint64 id, seq;

  if (!begin_message_post (req, 0, "Creating a question", &post))
    return;

  seq = kb_server_schema_next_seq (req->db, "questions", &error);
  if (seq < 0)
    goto failed;
  if (!kb_db_run (req->db,
                  "INSERT INTO questions (client_id, text, status, created_at, updated_at,"
                  " answer_due_at, unread, seq) VALUES (?, ?, 'new', ?, ?, ?, 0, ?);",
                  &error, KB_DB_INT (req->client_id), KB_DB_TEXT (post.text),
                  KB_DB_INT (req->now_unix),
                  KB_DB_INT (req->now_unix), KB_DB_INT (req->now_unix + ANSWER_DUE_SECONDS),
                  KB_DB_INT (seq)))
    goto failed;
  id = sqlite3_last_insert_rowid (kb_db_get_handle (req->db));

  if (!_kb_server_link_attachments (req->db, req->client_id, post.attachment_ids, id, 0, &error))
    {
      _kb_server_reply_link_error (req, error);
      return;
    }
  if (!kb_request_idempotency_store (req, &post.idempotency, id, &error) ||
      !_kb_server_emit_question_event (req->db, &(KbQuestionEvent) {
                                         req->client_id, "question", id, "new", 0, req->now_unix },
                                       &error) ||
      !kb_db_commit (req->db, &error))
    goto failed;

  _kb_server_events_flush (req->server);
  _kb_server_schedule_demo_answer (req->server, id);
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

  stmt = kb_db_query (db, "SELECT unread FROM questions WHERE id = ? AND client_id = ?;", error,
                      KB_DB_INT (mark->id), KB_DB_INT (mark->req->client_id));
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    unread = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  mark->found = unread >= 0;

  /* Marking a read question read again changes nothing, not even seq. */
  if (unread <= 0)
    return TRUE;
  seq = kb_server_schema_next_seq (db, "questions", error);
  if (seq < 0)
    return FALSE;
  return kb_db_run (db, "UPDATE questions SET unread = 0, seq = ? WHERE id = ?;", error,
                    KB_DB_INT (seq), KB_DB_INT (mark->id));
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

/* POST /questions/{id}/messages {"text", "attachment_ids"} with Idempotency-Key */
void
_kb_server_questions_reply (KbRequest *req)
{
  g_auto(MessagePost) post = {
    { "post_message", NULL, NULL, _kb_server_reply_message,
      "This Idempotency-Key was used for a different message." },
  };
  g_autoptr(GError) error = NULL;
  KbQuestionWrite w = { 0 };

  if (!kb_request_get_id_param (req, 0, &w.id) ||
      !begin_message_post (req, w.id, "A follow-up", &post))
    return;

  w.text = post.text;
  w.now = req->now_unix;
  w.role = "client";
  w.client_id = req->client_id;
  w.attachment_ids = post.attachment_ids;
  if (!_kb_server_question_write_message (req->db, &w, &error))
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
  if (!kb_request_idempotency_store (req, &post.idempotency, w.answer_id, &error) ||
      !kb_db_commit (req->db, &error))
    {
      kb_request_abort_write (req, error);
      return;
    }

  _kb_server_events_flush (req->server);
  _kb_server_schedule_demo_answer (req->server, w.id);
  _kb_server_reply_message (req, SOUP_STATUS_CREATED, w.answer_id);
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

  stmt = kb_db_query (db,
                      "SELECT status, EXISTS (SELECT 1 FROM answers a WHERE"
                      " a.question_id = q.id AND a.role = 'operator')"
                      " FROM questions q WHERE id = ? AND client_id = ?;",
                      error, KB_DB_INT (change->id), KB_DB_INT (change->req->client_id));
  if (stmt == NULL)
    return FALSE;
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
  if (change->score == NULL && _kb_server_question_status (status) == KB_QUESTION_STATUS_CLOSED)
    return TRUE;

  seq = kb_server_schema_next_seq (db, "questions", error);
  if (seq < 0)
    return FALSE;
  if (change->score != NULL)
    {
      return kb_db_run (db,
                        "UPDATE questions SET rating = ?, rating_comment = ?, seq = ?"
                        " WHERE id = ?;",
                        error, KB_DB_TEXT (change->score), KB_DB_TEXT (change->comment),
                        KB_DB_INT (seq), KB_DB_INT (change->id));
    }
  return kb_db_run (db,
                    "UPDATE questions SET status = 'closed', updated_at = ?, seq = ?"
                    " WHERE id = ?;",
                    error, KB_DB_INT (change->req->now_unix), KB_DB_INT (seq),
                    KB_DB_INT (change->id)) &&
         _kb_server_emit_question_event (db, &(KbQuestionEvent) {
                                           change->req->client_id, "status", change->id, "closed",
                                           0, change->req->now_unix }, error);
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
