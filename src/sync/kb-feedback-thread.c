/* kb-feedback-thread.c — opening one Feedback question: its whole thread, then its read mark.
 *
 * The cached thread shows at once; the server's copy replaces it, and is
 * applied to the model as any copy of a question is
 * (_kb_feedback_apply_question()).
 */
#include "config.h"

#include "kb-api-questions.h"
#include "kb-store-questions.h"
#include "kb-feedback-private.h"
#include "kb-sync-private.h"

typedef struct {
  char *id;
  KbQuestion *question;
  gboolean marking_read;     /* the thread came; its read mark is on its way */
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_free (data->id);
  g_clear_object (&data->question);
  g_free (data);
}


/* The server answers both the fetch and the read mark with its copy of the
 * question, and each copy is applied the same way. Only the fetch can fail
 * the task: the thread is shown even when the read mark fails, which is
 * retried the next time the thread is opened. */
static void
on_question_received (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  KbFeedback *self = g_task_get_source_object (task);
  OpenData *data = g_task_get_task_data (task);
  g_autoptr(KbQuestion) fresh = NULL;
  g_autoptr(GError) error = NULL;

  fresh = kb_api_client_question_finish (KB_API_CLIENT (source), result, &error);
  if (!data->marking_read && !_kb_sync_task_check (task, &error))
    return;

  if (fresh != NULL)
    g_set_object (&data->question, _kb_feedback_apply_question (self, fresh));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      _kb_sync_note_outcome (self, error);
      g_debug ("Could not mark question %s read: %s", data->id, error->message);
    }
  if (data->marking_read || !kb_question_get_unread (data->question))
    {
      g_task_return_pointer (task, g_object_ref (data->question), g_object_unref);
      return;
    }
  data->marking_read = TRUE;
  kb_api_client_mark_question_read_async (self->api, data->id, g_task_get_cancellable (task),
                                          on_question_received, task);
  g_steal_pointer (&task);
}

void
kb_feedback_open_question_async (KbFeedback          *self,
                                 const char          *question_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  OpenData *data;
  KbQuestion *known;

  g_return_if_fail (KB_IS_FEEDBACK (self));
  g_return_if_fail (question_id != NULL);

  _kb_feedback_load_cached (self);
  task = _kb_sync_task_new (self, kb_feedback_open_question_async,
                            cancellable, callback, user_data);
  data = g_new0 (OpenData, 1);
  data->id = g_strdup (question_id);
  g_task_set_task_data (task, data, (GDestroyNotify) open_data_free);

  /* The cached thread shows at once; the server's copy replaces it. */
  known = g_hash_table_lookup (self->by_id, question_id);
  if (known != NULL && g_list_model_get_n_items (kb_question_get_answers (known)) == 0 &&
      kb_question_get_answers_count (known) > 0)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) answers = kb_store_load_answers (self->store, question_id, &error);

      g_autoptr(GPtrArray) files = NULL;

      if (answers != NULL)
        kb_question_set_answers (known, answers);
      else
        g_warning ("Could not read the cached answers: %s", error->message);
      files = kb_store_load_question_files (self->store, question_id, NULL);
      if (files != NULL)
        kb_question_set_attachments (known, files);
    }
  data->question = known != NULL ? g_object_ref (known) : NULL;

  kb_api_client_get_question_async (self->api, question_id, cancellable,
                                    on_question_received, g_steal_pointer (&task));
}

/* Returns: (transfer full): the model's question with its whole thread. */
KbQuestion *
kb_feedback_open_question_finish (KbFeedback *self, GAsyncResult *result, GError **error)
{
  return _kb_sync_finish_pointer (self, result, error);
}
