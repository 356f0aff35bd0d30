/* kb-server-operator.c — feedback, the operator's side: questions, answers, statuses. */
#include "config.h"

#include "kb-question.h"
#include "kb-server-questions.h"

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
  if (status != NULL && !_kb_server_question_status_is_known (status))
    {
      kb_request_reply_invalid (req, "invalid_value", "status",
                                "“status” must be new, in_progress, answered or closed.");
      return;
    }

  stmt = kb_request_query (req,
                           "SELECT " KB_SERVER_QUESTION_COLUMNS ", client_id FROM questions"
                           " WHERE ?1 IS NULL OR status = ?1 ORDER BY created_at, id LIMIT ?2;",
                           KB_DB_TEXT (status), KB_DB_INT (limit));
  if (stmt == NULL)
    return;
  questions = json_array_new ();
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonObject *question = _kb_server_question_from_row (req->db, stmt, &error);

      if (question == NULL)
        break;
      _kb_server_set_id_member (question, "client_id", sqlite3_column_int64 (stmt, 10));
      json_array_add_object_element (questions, question);
    }
  sqlite3_reset (stmt);
  json_object_set_array_member (reply, "questions", questions);
  if (error != NULL)
    kb_request_reply_db_error (req, error);
  else
    kb_request_reply_json_object (req, SOUP_STATUS_OK, reply);
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
      !kb_request_get_string (req, body, "text", TRUE, KB_SERVER_ANSWER_MAX_CHARS, &text) ||
      !kb_request_get_string (req, body, "author", FALSE, 100, &author) ||
      !_kb_server_read_attachment_ids (req, body, &attachment_ids))
    return;

  answer_id = _kb_server_question_answer (req->db, &(KbQuestionWrite) {
                                            .id = id,
                                            .author = author != NULL ? author : "Оператор",
                                            .text = text, .now = req->now_unix,
                                            .attachment_ids = attachment_ids }, &error);
  if (answer_id == 0)
    {
      reply_operator_error (req, error);
      return;
    }
  _kb_server_events_flush (req->server);
  _kb_server_reply_message (req, SOUP_STATUS_CREATED, answer_id);
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
  if (!_kb_server_question_status_is_known (status))
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
  _kb_server_set_id_member (reply, "id", id);
  json_object_set_string_member (reply, "status", status);
  kb_request_reply_json_object (req, SOUP_STATUS_OK, reply);
}
