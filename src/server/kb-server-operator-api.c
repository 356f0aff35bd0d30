/* kb-server-operator-api.c — the operator's side in C, for the tests and the demo: thread-safe. */
#include "config.h"

#include "kb-question.h"
#include "kb-server-questions.h"

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
  if (!_kb_server_db_is_open (self, &call->error))
    return FALSE;
  if (!kb_parse_id (call->question_id, id))
    {
      g_set_error (&call->error, KB_SERVER_ERROR, KB_SERVER_ERROR_NOT_FOUND,
                   "“%s” is not a question id", call->question_id);
      return FALSE;
    }
  return TRUE;
}

/* Sets the question's status when the call has one, else answers it; the
 * client's event sockets hear of either at once. */
static void
call_on_server (KbServer *self, gpointer data)
{
  OperatorCall *call = data;
  g_autoptr(GDateTime) now = _kb_server_now (self);
  gint64 id;

  if (!check_call (self, call, &id))
    return;
  if (call->status != NULL)
    call->ok = _kb_server_question_set_status (self->db, id, call->status,
                                               g_date_time_to_unix (now), &call->error);
  else
    call->ok = _kb_server_question_answer_with_file (self->db, &(KbQuestionWrite) {
                                                       .id = id, .author = call->author,
                                                       .text = call->text,
                                                       .now = g_date_time_to_unix (now) },
                                                     call->file_name, call->file,
                                                     &call->error) > 0;
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

  if (*text == '\0' || g_utf8_strlen (text, -1) > KB_SERVER_ANSWER_MAX_CHARS)
    {
      g_set_error (error, KB_SERVER_ERROR, KB_SERVER_ERROR_INVALID,
                   "An answer has 1 to %d characters", KB_SERVER_ANSWER_MAX_CHARS);
      return FALSE;
    }
  _kb_server_run_sync (self, call_on_server, &call);
  if (call.error != NULL)
    g_propagate_error (error, call.error);
  return call.ok;
}

gboolean
kb_server_set_question_status (KbServer *self, const char *question_id, const char *status,
                               GError **error)
{
  OperatorCall call = { question_id, NULL, NULL, status };

  g_return_val_if_fail (KB_IS_SERVER (self), FALSE);
  g_return_val_if_fail (question_id != NULL && status != NULL, FALSE);

  _kb_server_run_sync (self, call_on_server, &call);
  if (call.error != NULL)
    g_propagate_error (error, call.error);
  return call.ok;
}
