/* kb-feedback.c — the Feedback section's data: questions, the outbox, answers arriving.
 *
 * The model is read from the cache when the object is made, so the history
 * is full before any request. After that three things keep it current:
 *
 *  - the outbox (kb-feedback-outbox.c): a question is committed to SQLite
 *    with its Idempotency-Key before it is sent, and is sent with that key
 *    until the server has answered, so it is created exactly once;
 *  - the events socket (kb-feedback-events.c), whose events are hints to
 *    fetch the questions changed since the cursor;
 *  - polling with If-None-Match at the poll interval whenever the socket is
 *    down, backing off while the server does not answer (the same file).
 *
 * This file keeps the model and the list sync, whose pages are written to
 * the cache by kb-feedback-saves.c; kb-feedback-thread.c opens one thread.
 *
 * It is longer than usual because it is one job: the model (the sorted
 * store, the index by id, the unread count) and everything that changes
 * it — the cache read, the merge of a sync's pages, one question applied
 * from a thread or an event — must keep those three in step, and a third
 * of the file is the object's own properties and accessors. The draft and
 * the poll interval, which only pass through to the store and the events,
 * would be the seam if it grows.
 */
#include "config.h"

#include "kb-feedback.h"

#include "kb-api-questions.h"
#include "kb-store-conversation.h"
#include "kb-store-questions.h"
#include "kb-feedback-private.h"
#include "kb-sync-private.h"

#define PAGE_SIZE 1000
#define DEFAULT_POLL_INTERVAL 60

G_DEFINE_FINAL_TYPE (KbFeedback, kb_feedback, G_TYPE_OBJECT)
G_DEFINE_QUARK (kb-feedback-error-quark, kb_feedback_error)

enum {
  PROP_0,
  PROP_UNREAD_COUNT,
  PROP_PUSH_CONNECTED,
  PROP_POLL_INTERVAL,
  PROP_PUSH_ENABLED,
  N_PROPS
};

enum {
  ANSWER_ARRIVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Model */

static gint64
created_usec (KbQuestion *question)
{
  GDateTime *when = kb_question_get_created_at (question);

  return when != NULL ? g_date_time_to_unix (when) * G_USEC_PER_SEC + g_date_time_get_microsecond (when) : 0;
}

/* Newest first; what is still in the outbox above what the server has. */
int
_kb_feedback_compare_questions (gconstpointer a, gconstpointer b, gpointer user_data)
{
  KbQuestion *qa = (KbQuestion *) a, *qb = (KbQuestion *) b;
  gboolean queued_a = kb_question_get_id (qa) == NULL, queued_b = kb_question_get_id (qb) == NULL;
  gint64 ta, tb;

  if (queued_a != queued_b)
    return queued_a ? -1 : 1;
  ta = created_usec (qa);
  tb = created_usec (qb);
  if (ta != tb)
    return ta > tb ? -1 : 1;
  if (!queued_a)
    {
      gint64 ia = g_ascii_strtoll (kb_question_get_id (qa), NULL, 10);
      gint64 ib = g_ascii_strtoll (kb_question_get_id (qb), NULL, 10);

      return ia > ib ? -1 : ia < ib ? 1 : 0;
    }
  return 0;
}

int
_kb_feedback_compare_question_ptrs (gconstpointer a, gconstpointer b, gpointer user_data)
{
  return _kb_feedback_compare_questions (*(KbQuestion * const *) a, *(KbQuestion * const *) b,
                                         user_data);
}

void
_kb_feedback_update_unread_count (KbFeedback *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->questions));
  guint unread = 0;

  for (guint i = 0; i < n; i++)
    {
      KbQuestion *question = g_list_model_get_item (G_LIST_MODEL (self->questions), i);

      unread += kb_question_get_unread (question) ? 1 : 0;
      g_object_unref (question);
    }
  if (unread == self->unread_count)
    return;
  self->unread_count = unread;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNREAD_COUNT]);
}

void
_kb_feedback_index_question (KbFeedback *self, KbQuestion *question)
{
  if (kb_question_get_id (question) != NULL)
    g_hash_table_replace (self->by_id, g_strdup (kb_question_get_id (question)), question);
  else if (kb_question_get_local_key (question) != NULL)
    g_hash_table_replace (self->by_key, g_strdup (kb_question_get_local_key (question)), question);
}

gboolean
_kb_feedback_find_position (KbFeedback *self, KbQuestion *question, guint *position)
{
  return g_list_store_find (self->questions, question, position);
}

void
_kb_feedback_remove_question (KbFeedback *self, KbQuestion *question)
{
  guint position;

  if (_kb_feedback_find_position (self, question, &position))
    g_list_store_remove (self->questions, position);
}

void
_kb_feedback_load_cached (KbFeedback *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) questions = NULL;

  if (self->loaded)
    return;
  self->loaded = TRUE;
  questions = kb_store_load_questions (self->store, &error);

  if (questions == NULL)
    {
      g_warning ("Could not read the cached questions: %s", error->message);
      return;
    }
  for (guint i = 0; i < questions->len; i++)
    _kb_feedback_index_question (self, questions->pdata[i]);
  g_list_store_splice (self->questions, 0, 0, questions->pdata, questions->len);

  if (!kb_store_load_question_sync (self->store, &self->cursor, &self->etag, &error))
    {
      g_warning ("Could not read the questions' cursor: %s", error->message);
      self->cursor = g_strdup ("0");
    }
  _kb_feedback_update_unread_count (self);
}

/* A question still in the outbox that the server may have created already:
 * the same text, being sent right now. */
static KbQuestion *
find_in_outbox (KbFeedback *self, KbQuestion *fresh)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->by_key);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_hash_table_contains (self->sending, key) &&
        g_strcmp0 (kb_question_get_text (value), kb_question_get_text (fresh)) == 0)
      return value;
  return NULL;
}

/* Merges one page of changed questions into the model, in place. Questions
 * that gained an answer are collected in @arrived. */
/* Merges @added into the sorted list and replaces only the rows between
 * the part that stays in place at the top and the part that stays at the
 * bottom: a page of a first sync usually lands at one end, and a splice of
 * the whole list would make every view of it rebuild all its rows and
 * sort 10 000 questions again for each page. */
static void
merge_sorted (KbFeedback *self, GPtrArray *added)
{
  GListModel *model = G_LIST_MODEL (self->questions);
  guint n = g_list_model_get_n_items (model);
  g_autoptr(GPtrArray) old = g_ptr_array_new_full (n, g_object_unref);
  g_autoptr(GPtrArray) merged = g_ptr_array_sized_new (n + added->len);
  gboolean sorted = TRUE;
  guint i = 0, j = 0, head = 0, tail = 0;

  for (guint k = 0; k < n; k++)
    {
      g_ptr_array_add (old, g_list_model_get_item (model, k));
      if (k > 0 && _kb_feedback_compare_questions (old->pdata[k - 1], old->pdata[k], NULL) > 0)
        sorted = FALSE;
    }
  g_ptr_array_sort_with_data (added, _kb_feedback_compare_question_ptrs, NULL);
  while (i < old->len || j < added->len)
    {
      if (j == added->len
          || (i < old->len &&
              _kb_feedback_compare_questions (old->pdata[i], added->pdata[j], NULL) <= 0))
        g_ptr_array_add (merged, old->pdata[i++]);
      else
        g_ptr_array_add (merged, added->pdata[j++]);
    }
  /* A question whose time changed on the server is out of place: sort it
   * all, as the rows are then no longer where a merge expects them. */
  if (!sorted)
    g_ptr_array_sort_with_data (merged, _kb_feedback_compare_question_ptrs, NULL);

  while (head < n && merged->pdata[head] == old->pdata[head])
    head++;
  while (tail < n - head && merged->pdata[merged->len - 1 - tail] == old->pdata[n - 1 - tail])
    tail++;
  g_list_store_splice (self->questions, head, n - head - tail,
                       merged->pdata + head, merged->len - head - tail);
}

static void
merge_questions (KbFeedback *self, GPtrArray *questions, gboolean first_sync, GPtrArray *arrived)
{
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < questions->len; i++)
    {
      KbQuestion *fresh = questions->pdata[i];
      KbQuestion *known = g_hash_table_lookup (self->by_id, kb_question_get_id (fresh));

      if (known != NULL)
        {
          guint before = kb_question_get_answers_count (known);

          kb_question_update_from (known, fresh);
          if (kb_question_get_answers_count (known) > before && kb_question_get_unread (known))
            g_ptr_array_add (arrived, g_object_ref (known));
        }
      else if ((known = find_in_outbox (self, fresh)) != NULL)
        {
          /* Our own question, back from the list before the reply to the
           * POST: the queued row becomes it, so it stays one row and the
           * same object. */
          g_autofree char *key = g_strdup (kb_question_get_local_key (known));

          g_object_ref (known);
          g_hash_table_remove (self->by_key, key);
          kb_question_update_from (known, fresh);
          _kb_feedback_index_question (self, known);
          _kb_feedback_remove_question (self, known);
          g_list_store_insert_sorted (self->questions, known, _kb_feedback_compare_questions, NULL);
          g_object_unref (known);
        }
      else
        {
          g_ptr_array_add (added, g_object_ref (fresh));
          if (!first_sync && kb_question_get_answers_count (fresh) > 0 && kb_question_get_unread (fresh))
            g_ptr_array_add (arrived, g_object_ref (fresh));
        }
    }

  if (added->len == 0)
    return;

  for (guint i = 0; i < added->len; i++)
    _kb_feedback_index_question (self, added->pdata[i]);

  /* Many new rows (the first sync of a big account) go in with one
   * items-changed; a few are slotted into place. */
  if (added->len > 64)
    merge_sorted (self, added);
  else
    for (guint i = 0; i < added->len; i++)
      g_list_store_insert_sorted (self->questions, added->pdata[i],
                                  _kb_feedback_compare_questions, NULL);
}

/* The list sync: GET /questions?since=CURSOR until has_more is false. */

static void
finish_refresh_tasks (GPtrArray *tasks, const GError *error)
{
  for (guint i = 0; i < tasks->len; i++)
    {
      GTask *task = tasks->pdata[i];

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
    }
  g_ptr_array_set_size (tasks, 0);
}

/* A sync's tasks finish once its pages are in the cache (callers read it
 * then), or once a save failed: the model has the questions already, and
 * the save is tried again later. */
static void
complete_sync (KbFeedback *self)
{
  g_autoptr(GError) error = NULL;

  if (!self->refreshing || !self->fetched || _kb_feedback_saves_holding (self->saves))
    return;
  self->refreshing = FALSE;
  self->fetched = FALSE;
  error = g_steal_pointer (&self->sync_error);
  finish_refresh_tasks (self->refresh_tasks, error);

  if (self->refresh_again && self->cancellable != NULL)
    {
      self->refresh_again = FALSE;
      _kb_feedback_start_sync (self);
    }
}

static void
end_sync (KbFeedback *self, const GError *error)
{
  self->fetched = TRUE;
  g_clear_error (&self->sync_error);
  if (error != NULL)
    self->sync_error = g_error_copy (error);
  complete_sync (self);
}

static void fetch_page (KbFeedback *self);

static void
on_page_ready (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(KbFeedback) self = user_data;
  g_autoptr(KbApiQuestionPage) page = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) arrived = NULL;

  page = kb_api_client_list_questions_finish (KB_API_CLIENT (source), result, &error);
  _kb_sync_note_outcome (self, error);
  if (g_error_matches (error, KB_API_ERROR, KB_API_ERROR_NOT_MODIFIED))
    {
      /* Nothing new, and the server is there: a good moment for the outbox. */
      g_clear_error (&error);
      _kb_feedback_flush_outbox (self);
    }
  if (page == NULL)
    {
      end_sync (self, error);
      return;
    }

  /* Copied now, before the merge below hands the new questions to the model. */
  _kb_feedback_saves_push_page (self->saves, page);

  /* Everything a sync from scratch brings is history, not news. */
  arrived = g_ptr_array_new_with_free_func (g_object_unref);
  merge_questions (self, page->questions, self->from_scratch, arrived);
  g_free (self->cursor);
  self->cursor = g_steal_pointer (&page->cursor);
  g_free (self->etag);
  self->etag = g_steal_pointer (&page->etag);
  _kb_feedback_update_unread_count (self);

  for (guint i = 0; i < arrived->len; i++)
    g_signal_emit (self, signals[ANSWER_ARRIVED], 0, arrived->pdata[i]);

  if (page->has_more && self->cancellable != NULL)
    fetch_page (self);
  else
    {
      _kb_feedback_flush_outbox (self);
      end_sync (self, NULL);
    }
}

static void
fetch_page (KbFeedback *self)
{
  /* Without a cursor an old ETag would only earn an empty 304. */
  kb_api_client_list_questions_async (self->api, self->cursor, PAGE_SIZE,
                                      g_strcmp0 (self->cursor, "0") != 0 ? self->etag : NULL,
                                      self->cancellable, on_page_ready, g_object_ref (self));
}

void
_kb_feedback_start_sync (KbFeedback *self)
{
  _kb_feedback_load_cached (self);
  if (self->refreshing)
    {
      self->refresh_again = TRUE;
      return;
    }
  self->refreshing = TRUE;
  self->fetched = FALSE;
  self->from_scratch = g_strcmp0 (self->cursor, "0") == 0;
  g_ptr_array_extend_and_steal (self->refresh_tasks, g_steal_pointer (&self->next_refresh_tasks));
  self->next_refresh_tasks = g_ptr_array_new_with_free_func (g_object_unref);
  fetch_page (self);
}

void
kb_feedback_refresh_async (KbFeedback          *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KB_IS_FEEDBACK (self));

  task = _kb_sync_task_new (self, kb_feedback_refresh_async, cancellable, callback, user_data);
  if (self->cancellable == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The session has ended");
      return;
    }
  g_ptr_array_add (self->next_refresh_tasks, g_steal_pointer (&task));
  _kb_feedback_start_sync (self);
}

gboolean
kb_feedback_refresh_finish (KbFeedback *self, GAsyncResult *result, GError **error)
{
  return _kb_sync_finish_boolean (self, result, error);
}

/* Applies the server's copy to the model's question (or adds it). A thread
 * fetched after a follow-up can bring the operator's answer before the list
 * sync does, which then finds nothing new: so an answer is announced by
 * whichever of them learns of it first, exactly once. */
KbQuestion *
_kb_feedback_apply_question (KbFeedback *self, KbQuestion *fresh)
{
  KbQuestion *known = g_hash_table_lookup (self->by_id, kb_question_get_id (fresh));
  gboolean arrived = FALSE;

  if (known == NULL)
    {
      _kb_feedback_index_question (self, fresh);
      g_list_store_insert_sorted (self->questions, fresh, _kb_feedback_compare_questions, NULL);
      known = fresh;
    }
  else
    {
      guint before = kb_question_get_answers_count (known);

      kb_question_update_from (known, fresh);
      arrived = kb_question_get_answers_count (known) > before && kb_question_get_unread (known);
    }
  _kb_feedback_saves_write_one (self->saves, known);
  _kb_feedback_update_unread_count (self);
  if (arrived)
    g_signal_emit (self, signals[ANSWER_ARRIVED], 0, known);
  return known;
}

/* Starting and stopping */

void
kb_feedback_start (KbFeedback *self)
{
  g_return_if_fail (KB_IS_FEEDBACK (self));

  if (self->started || self->cancellable == NULL)
    return;
  self->started = TRUE;
  _kb_feedback_load_cached (self);
  _kb_feedback_flush_outbox (self);
  _kb_feedback_start_sync (self);
  if (self->push_enabled)
    _kb_feedback_connect_events (self);
  else
    _kb_feedback_schedule_poll (self);
}

void
kb_feedback_stop (KbFeedback *self)
{
  g_return_if_fail (KB_IS_FEEDBACK (self));

  self->started = FALSE;
  g_clear_handle_id (&self->poll_source, g_source_remove);
  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  g_clear_handle_id (&self->outbox_source, g_source_remove);
  if (self->saves != NULL)
    _kb_feedback_saves_stop (self->saves);
  if (self->events != NULL)
    kb_api_events_close (self->events);
  _kb_feedback_set_push_connected (self, FALSE);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

/* Properties and the rest */

void
_kb_feedback_set_push_connected (KbFeedback *self, gboolean connected)
{
  if (self->push_connected == connected)
    return;
  self->push_connected = connected;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PUSH_CONNECTED]);
}

GListModel *
kb_feedback_get_questions (KbFeedback *self)
{
  g_return_val_if_fail (KB_IS_FEEDBACK (self), NULL);
  _kb_feedback_load_cached (self);
  return G_LIST_MODEL (self->questions);
}

/**
 * kb_feedback_peek_questions:
 * @limit: how many cached questions a first screen may show
 *
 * What the history shows first at start-up: the questions, once read, or
 * else only the @limit with the latest activity (and the outbox), read
 * without reading every cached question. kb_feedback_get_questions() is
 * the whole list.
 *
 * Returns: (transfer full): a list of KbQuestion
 */
GListModel *
kb_feedback_peek_questions (KbFeedback *self, guint limit)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) questions = NULL;
  GListStore *head;

  g_return_val_if_fail (KB_IS_FEEDBACK (self), NULL);

  if (self->loaded)
    return g_object_ref (G_LIST_MODEL (self->questions));
  head = g_list_store_new (KB_TYPE_QUESTION);
  questions = kb_store_load_questions_head (self->store, limit, &error);
  if (questions == NULL)
    g_warning ("Could not read the cached questions: %s", error->message);
  else
    g_list_store_splice (head, 0, 0, questions->pdata, questions->len);
  return G_LIST_MODEL (head);
}

/* Returns: (transfer none) (nullable): the model's question with that server id. */
KbQuestion *
kb_feedback_lookup (KbFeedback *self, const char *question_id)
{
  g_return_val_if_fail (KB_IS_FEEDBACK (self), NULL);
  _kb_feedback_load_cached (self);
  return question_id != NULL ? g_hash_table_lookup (self->by_id, question_id) : NULL;
}

guint
kb_feedback_get_unread_count (KbFeedback *self)
{
  g_return_val_if_fail (KB_IS_FEEDBACK (self), 0);
  return self->unread_count;
}

gboolean
kb_feedback_get_push_connected (KbFeedback *self)
{
  g_return_val_if_fail (KB_IS_FEEDBACK (self), FALSE);
  return self->push_connected;
}

char *
kb_feedback_dup_draft (KbFeedback *self)
{
  g_autoptr(GError) error = NULL;
  char *draft;

  g_return_val_if_fail (KB_IS_FEEDBACK (self), NULL);

  draft = kb_store_dup_draft (self->store, &error);
  if (error != NULL)
    g_warning ("Could not read the draft: %s", error->message);
  return draft;
}

void
kb_feedback_set_draft (KbFeedback *self, const char *text)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (KB_IS_FEEDBACK (self));

  if (!kb_store_set_draft (self->store, text, &error))
    g_warning ("Could not save the draft: %s", error->message);
}

guint
kb_feedback_get_poll_interval (KbFeedback *self)
{
  g_return_val_if_fail (KB_IS_FEEDBACK (self), 0);
  return self->poll_interval;
}

void
kb_feedback_set_poll_interval (KbFeedback *self, guint seconds)
{
  g_return_if_fail (KB_IS_FEEDBACK (self));

  if (self->poll_interval == seconds)
    return;
  self->poll_interval = seconds;
  if (self->poll_source != 0)
    _kb_feedback_schedule_poll (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POLL_INTERVAL]);
}

/* With push off it only polls (for measuring and testing the fallback). */
void
kb_feedback_set_push_enabled (KbFeedback *self, gboolean enabled)
{
  g_return_if_fail (KB_IS_FEEDBACK (self));

  enabled = !!enabled;
  if (self->push_enabled == enabled)
    return;
  self->push_enabled = enabled;
  if (!enabled)
    {
      g_clear_handle_id (&self->reconnect_source, g_source_remove);
      kb_api_events_close (self->events);
      _kb_feedback_set_push_connected (self, FALSE);
      _kb_feedback_schedule_poll (self);
    }
  else
    _kb_feedback_connect_events (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PUSH_ENABLED]);
}

static void
kb_feedback_dispose (GObject *object)
{
  KbFeedback *self = KB_FEEDBACK (object);

  kb_feedback_stop (self);
  if (self->events != NULL)
    g_signal_handlers_disconnect_by_data (self->events, self);
  g_clear_object (&self->events);

  G_OBJECT_CLASS (kb_feedback_parent_class)->dispose (object);
}

static void
kb_feedback_finalize (GObject *object)
{
  KbFeedback *self = KB_FEEDBACK (object);

  g_clear_object (&self->api);
  g_clear_object (&self->store);
  g_clear_pointer (&self->saves, _kb_feedback_saves_free);
  g_clear_object (&self->questions);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->by_key, g_hash_table_unref);
  g_clear_pointer (&self->sending, g_hash_table_unref);
  g_clear_pointer (&self->sending_messages, g_hash_table_unref);
  g_clear_pointer (&self->refresh_tasks, g_ptr_array_unref);
  g_clear_pointer (&self->next_refresh_tasks, g_ptr_array_unref);
  g_clear_error (&self->sync_error);
  g_free (self->cursor);
  g_free (self->etag);

  G_OBJECT_CLASS (kb_feedback_parent_class)->finalize (object);
}

static void
kb_feedback_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KbFeedback *self = KB_FEEDBACK (object);

  switch (prop_id)
    {
    case PROP_UNREAD_COUNT: g_value_set_uint (value, self->unread_count); break;
    case PROP_PUSH_CONNECTED: g_value_set_boolean (value, self->push_connected); break;
    case PROP_POLL_INTERVAL: g_value_set_uint (value, self->poll_interval); break;
    case PROP_PUSH_ENABLED: g_value_set_boolean (value, self->push_enabled); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kb_feedback_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  KbFeedback *self = KB_FEEDBACK (object);

  switch (prop_id)
    {
    case PROP_POLL_INTERVAL: kb_feedback_set_poll_interval (self, g_value_get_uint (value)); break;
    case PROP_PUSH_ENABLED: kb_feedback_set_push_enabled (self, g_value_get_boolean (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kb_feedback_class_init (KbFeedbackClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kb_feedback_dispose;
  object_class->finalize = kb_feedback_finalize;
  object_class->get_property = kb_feedback_get_property;
  object_class->set_property = kb_feedback_set_property;

  properties[PROP_UNREAD_COUNT] =
    g_param_spec_uint ("unread-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PUSH_CONNECTED] =
    g_param_spec_boolean ("push-connected", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_POLL_INTERVAL] =
    g_param_spec_uint ("poll-interval", NULL, NULL, 0, G_MAXUINT, DEFAULT_POLL_INTERVAL,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PUSH_ENABLED] =
    g_param_spec_boolean ("push-enabled", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KbFeedback::answer-arrived:
   * @question: the model's question, already updated
   */
  signals[ANSWER_ARRIVED] =
    g_signal_new ("answer-arrived", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, KB_TYPE_QUESTION);
}

static void
kb_feedback_init (KbFeedback *self)
{
  self->cancellable = g_cancellable_new ();
  self->questions = g_list_store_new (KB_TYPE_QUESTION);
  self->by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->sending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->sending_messages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->refresh_tasks = g_ptr_array_new_with_free_func (g_object_unref);
  self->next_refresh_tasks = g_ptr_array_new_with_free_func (g_object_unref);
  self->push_enabled = TRUE;
  self->poll_interval = DEFAULT_POLL_INTERVAL;
}

/* Returns: (transfer none): the events socket this object keeps open; the
 * operator's requests (KbRequests) listen to it too. */
KbApiEvents *
kb_feedback_get_events (KbFeedback *self)
{
  g_return_val_if_fail (KB_IS_FEEDBACK (self), NULL);
  return self->events;
}

KbFeedback *
kb_feedback_new (KbApiClient *api, KbStore *store)
{
  g_autoptr(GError) error = NULL;
  KbFeedback *self;

  g_return_val_if_fail (KB_IS_API_CLIENT (api), NULL);
  g_return_val_if_fail (KB_IS_STORE (store), NULL);

  self = g_object_new (KB_TYPE_FEEDBACK, NULL);
  self->api = g_object_ref (api);
  self->store = g_object_ref (store);
  self->saves = _kb_feedback_saves_new (G_OBJECT (self), store, self->cancellable,
                                       (KbFeedbackSavesFunc) complete_sync);
  _kb_feedback_events_init (self);

  /* The questions are read when first wanted (a start, the history, a
   * question asked): 10 000 of them take tens of milliseconds, which a
   * start on another section should not pay before its first frame. The
   * sidebar's badge needs only their unread count. */
  if (!kb_store_count_unread_questions (store, &self->unread_count, &error))
    g_warning ("Could not count the unread questions: %s", error->message);
  return self;
}

/* For kb-feedback-conversation.c */

KbApiClient *
_kb_feedback_get_api (KbFeedback *self)
{
  return self->api;
}

KbStore *
_kb_feedback_get_store (KbFeedback *self)
{
  return self->store;
}

/* Returns: (nullable): the session's cancellable while started. */
GCancellable *
_kb_feedback_get_cancellable (KbFeedback *self)
{
  return self->started ? self->cancellable : NULL;
}
