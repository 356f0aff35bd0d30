/* kb-feedback-outbox.c — the questions KbFeedback sends: asked, kept, sent exactly once.
 *
 * A question is committed to SQLite with its Idempotency-Key before it is
 * sent, and is sent with that key until the server has answered with a
 * question — after a crash, after a restart, after the server was away —
 * so it is created exactly once.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "kb-api-questions.h"
#include "kb-backoff.h"
#include "kb-store-conversation.h"
#include "kb-store-questions.h"
#include "kb-feedback-private.h"
#include "kb-sync-private.h"

/* Waits before the outbox's retry, doubled for each failure in a row
 * (kb_backoff_next_delay()). */
#define OUTBOX_RETRY_BASE_MS 1000
#define MAX_OUTBOX_RETRY_MS (30 * 1000)

static void
schedule_outbox_retry (KbFeedback *self)
{
  if (self->outbox_source != 0 || !self->started)
    return;
  kb_backoff_schedule (&self->outbox_source,
                       kb_backoff_next_delay (OUTBOX_RETRY_BASE_MS, MAX_OUTBOX_RETRY_MS,
                                              self->outbox_failures),
                       (GSourceOnceFunc) _kb_feedback_flush_outbox, self);
}

/* Worth sending again later: the server was away or busy, or the same key
 * is still being processed. Everything else is the server's final word. */
static gboolean
is_transient (const GError *error)
{
  return kb_api_error_is_unreachable (error) ||
         kb_api_error_is_auth (error) ||
         g_error_matches (error, KB_API_ERROR, KB_API_ERROR_CONFLICT) ||
         g_error_matches (error, KB_API_ERROR, KB_API_ERROR_TOO_MANY_ATTEMPTS) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

typedef struct {
  KbFeedback *self;
  char *key;
} SendData;

static void
send_data_free (SendData *data)
{
  g_object_unref (data->self);
  g_free (data->key);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SendData, send_data_free)

/* The question @key (or its files) did not go out: again later when that
 * may help, else it stays in the outbox, marked, with the server's reason. */
static void
send_failed (KbFeedback *self, const char *key, const GError *error)
{
  g_autoptr(GError) store_error = NULL;
  KbQuestion *queued;

  if (!_kb_feedback_outbox_refused (self, error))
    return;

  /* Refused for good (too long for a changed limit, say): keep the text
   * and say why, rather than send it forever. */
  if (!kb_store_outbox_fail (self->store, key, error->message, &store_error))
    g_warning ("Could not record a refused question: %s", store_error->message);
  queued = g_hash_table_lookup (self->by_key, key);
  if (queued != NULL)
    {
      kb_question_set_status (queued, KB_QUESTION_STATUS_FAILED);
      kb_question_set_error_message (queued, error->message);
    }
}

static void
on_sent (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(SendData) data = user_data;
  KbFeedback *self = data->self;
  g_autoptr(KbQuestion) accepted = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) store_error = NULL;
  KbQuestion *queued, *known;

  accepted = kb_api_client_question_finish (KB_API_CLIENT (source), result, &error);
  g_hash_table_remove (self->sending, data->key);
  if (accepted == NULL)
    {
      send_failed (self, data->key, error);
      return;
    }
  _kb_feedback_outbox_sent (self);
  queued = g_hash_table_lookup (self->by_key, data->key);

  kb_question_set_local_key (accepted, data->key);
  if (!kb_store_outbox_complete (self->store, data->key, accepted, &store_error))
    g_warning ("Could not record a sent question: %s", store_error->message);

  known = g_hash_table_lookup (self->by_id, kb_question_get_id (accepted));
  if (queued == NULL)
    {
      /* A list sync adopted the queued row already, or it was dropped. */
      if (known != NULL)
        kb_question_update_from (known, accepted);
      else
        {
          _kb_feedback_index_question (self, accepted);
          g_list_store_insert_sorted (self->questions, accepted, _kb_feedback_compare_questions,
                                      NULL);
        }
      _kb_feedback_update_unread_count (self);
      return;
    }
  g_object_ref (queued);
  g_hash_table_remove (self->by_key, data->key);
  if (known != NULL)
    {
      /* The same question under another key's row (identical texts). */
      _kb_feedback_remove_question (self, queued);
      kb_question_update_from (known, accepted);
    }
  else
    {
      guint position;

      kb_question_update_from (queued, accepted);
      _kb_feedback_index_question (self, queued);
      /* Its place among the server's questions is by the server's time. */
      if (_kb_feedback_find_position (self, queued, &position))
        {
          g_list_store_remove (self->questions, position);
          g_list_store_insert_sorted (self->questions, queued, _kb_feedback_compare_questions,
                                      NULL);
        }
    }
  g_object_unref (queued);
  _kb_feedback_update_unread_count (self);
}

static void
on_files_uploaded (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(SendData) data = user_data;
  KbFeedback *self = data->self;
  g_auto(GStrv) ids = NULL;
  g_autoptr(GError) error = NULL;
  KbQuestion *queued;
  const char *key;

  ids = _kb_feedback_upload_files_finish (self, result, &error);
  queued = g_hash_table_lookup (self->by_key, data->key);
  if (ids == NULL || queued == NULL || self->cancellable == NULL)
    {
      g_hash_table_remove (self->sending, data->key);
      if (ids == NULL)
        send_failed (self, data->key, error);
      return;
    }
  /* The key outlives the request: data goes with it. */
  key = data->key;
  kb_api_client_ask_question_async (self->api, &(KbApiMessage) {
                                      .text = kb_question_get_text (queued),
                                      .attachment_ids = (const char * const *) ids,
                                      .idempotency_key = key,
                                    },
                                    self->cancellable, on_sent, g_steal_pointer (&data));
}

/* Uploads the question's files (each with its own key, resumed where a
 * crash left off), then sends the question with their ids. */
static void
send_entry (KbFeedback *self, KbQuestion *queued)
{
  const char *key = kb_question_get_local_key (queued);
  SendData *data;

  if (g_hash_table_contains (self->sending, key))
    return;
  g_hash_table_add (self->sending, g_strdup (key));
  data = g_new0 (SendData, 1);
  data->self = g_object_ref (self);
  data->key = g_strdup (key);
  _kb_feedback_upload_files_async (self, key, self->cancellable, on_files_uploaded, data);
}

/* Sends every queued entry that is not in flight, oldest first, so that
 * the server numbers them in the order they were asked. */
void
_kb_feedback_flush_outbox (KbFeedback *self)
{
  g_autoptr(GPtrArray) queued = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;

  if (!self->started || self->cancellable == NULL)
    return;
  g_clear_handle_id (&self->outbox_source, g_source_remove);

  g_hash_table_iter_init (&iter, self->by_key);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (kb_question_get_status (value) == KB_QUESTION_STATUS_QUEUED)
      g_ptr_array_add (queued, value);
  g_ptr_array_sort_with_data (queued, _kb_feedback_compare_question_ptrs, NULL);
  for (guint i = queued->len; i > 0; i--)
    send_entry (self, queued->pdata[i - 1]);
  _kb_feedback_flush_messages (self);
}

KbQuestion *
kb_feedback_ask (KbFeedback *self, const char *text, GError **error)
{
  return kb_feedback_ask_with_files (self, text, NULL, error);
}

/**
 * kb_feedback_ask_with_files:
 * @files: (nullable) (element-type KbAttachment): files from
 *   kb_feedback_import_file_async(), at most %KB_ATTACHMENT_MAX_PER_MESSAGE
 *
 * As kb_feedback_ask(), with files: they go into the outbox in the same
 * transaction as the text.
 */
KbQuestion *
kb_feedback_ask_with_files (KbFeedback *self, const char *text, GPtrArray *files, GError **error)
{
  g_autoptr(KbQuestion) question = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *key = NULL;
  GError *store_error = NULL;

  g_return_val_if_fail (KB_IS_FEEDBACK (self), NULL);

  _kb_feedback_load_cached (self);
  if (!_kb_feedback_check_message (text, files, TRUE, error))
    return NULL;

  key = g_uuid_string_random ();
  now = g_date_time_new_now_utc ();
  if (!kb_store_outbox_add (self->store, key, text, now, files, &store_error))
    {
      g_propagate_prefixed_error (error, store_error, "%s ", _("The question could not be saved on this computer."));
      return NULL;
    }

  question = kb_question_new ();
  kb_question_set_local_key (question, key);
  kb_question_set_text (question, text);
  kb_question_set_created_at (question, now);
  kb_question_set_status (question, KB_QUESTION_STATUS_QUEUED);
  _kb_feedback_index_question (self, question);
  g_list_store_insert (self->questions, 0, question);

  if (self->started)
    send_entry (self, question);
  return question;
}

/* A send of the outbox (a question, its files, a follow-up) went out:
 * the server is there, and the back-off starts again from its first wait. */
void
_kb_feedback_outbox_sent (KbFeedback *self)
{
  _kb_sync_note_outcome (self, NULL);
  self->outbox_failures = 0;
}

/* A send of the outbox failed with @error. Returns: TRUE when that is the
 * server's final word, which the caller records with the entry; FALSE
 * when there is nothing to record — the session ended, or the error is
 * worth trying again (the server was away, busy or still processing the
 * key) and the whole outbox is flushed again after a back-off. */
gboolean
_kb_feedback_outbox_refused (KbFeedback *self, const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FALSE;
  _kb_sync_note_outcome (self, error);
  if (!is_transient (error))
    return TRUE;
  self->outbox_failures++;
  schedule_outbox_retry (self);
  return FALSE;
}
