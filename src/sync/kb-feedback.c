/* kb-feedback.c — the Feedback section's data: questions, the outbox, answers arriving.
 *
 * The model is read from the cache when the object is made, so the history
 * is full before any request. After that three things keep it current:
 *
 *  - the outbox: a question is committed to SQLite with its Idempotency-Key
 *    before it is sent, and is sent with that key until the server has
 *    answered with a question — after a crash, after a restart, after the
 *    server was away — so it is created exactly once;
 *  - the events socket, whose events are hints to fetch the questions changed
 *    since the cursor;
 *  - polling with If-None-Match at the poll interval whenever the socket is
 *    down, backing off while the server does not answer.
 */
#include "config.h"

#include "kb-feedback.h"

#include <glib/gi18n-lib.h>

#include "kb-api-events.h"
#include "kb-api-questions.h"
#include "kb-backoff.h"
#include "kb-store-conversation.h"
#include "kb-store-questions.h"
#include "kb-feedback-private.h"
#include "kb-sync-private.h"

#define PAGE_SIZE 1000
#define MAX_BACKOFF_MS (300 * 1000)
/* Waits before the socket's reconnection and the outbox's retry, doubled
 * for each failure in a row (kb_backoff_next_delay()). */
#define RECONNECT_BASE_MS 2000
#define OUTBOX_RETRY_BASE_MS 1000
#define MAX_OUTBOX_RETRY_MS (30 * 1000)
#define DEFAULT_POLL_INTERVAL 60
/* Waits before a page's save that failed (the cache was locked) is tried
 * again, doubled for each failure in a row. */
#define SAVE_RETRY_BASE_MS 1000
#define MAX_SAVE_RETRY_MS (60 * 1000)

struct _KbFeedback
{
  GObject parent_instance;

  KbApiClient *api;
  KbStore *store;
  GCancellable *cancellable;
  gboolean started;

  GListStore *questions;
  GHashTable *by_id;        /* server id → KbQuestion (owned by the model) */
  GHashTable *by_key;       /* outbox key → KbQuestion still in the outbox */
  GHashTable *sending;      /* outbox keys with a request in flight */
  guint unread_count;

  char *cursor;
  char *etag;

  /* One list sync runs at a time; asks during it are served by the next. */
  gboolean refreshing;
  gboolean refresh_again;
  gboolean from_scratch;          /* this sync started at cursor 0 */
  GPtrArray *refresh_tasks;       /* of the running sync */
  GPtrArray *next_refresh_tasks;  /* of the next one */
  gboolean fetched;               /* the running sync has read its last page */
  GError *sync_error;             /* and how that ended */

  /* The pages' saves, in a worker thread one at a time and in order, so
   * that the cache's cursor only ever advances with its questions. */
  GQueue saves;                   /* of SavePage, the head being written */
  gboolean saving;
  guint save_failures;            /* the head's failed tries in a row */
  guint save_retry_source;

  KbApiEvents *events;
  gboolean push_enabled;
  gboolean push_connected;
  gboolean connecting;
  guint reconnect_source;
  guint reconnect_failures;

  guint poll_interval;
  guint poll_source;
  guint poll_failures;

  guint outbox_source;
  guint outbox_failures;
  gboolean loaded;           /* the cache is in the model (ensure_loaded()) */
};

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

static void start_sync (KbFeedback *self);
static void flush_outbox (KbFeedback *self);
static void schedule_poll (KbFeedback *self);
static void connect_events (KbFeedback *self);

/* Model */

static gint64
created_usec (KbQuestion *question)
{
  GDateTime *when = kb_question_get_created_at (question);

  return when != NULL ? g_date_time_to_unix (when) * G_USEC_PER_SEC + g_date_time_get_microsecond (when) : 0;
}

/* Newest first; what is still in the outbox above what the server has. */
static int
compare_questions (gconstpointer a, gconstpointer b, gpointer user_data)
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

static int
compare_question_ptrs (gconstpointer a, gconstpointer b, gpointer user_data)
{
  return compare_questions (*(KbQuestion * const *) a, *(KbQuestion * const *) b, user_data);
}

static void
update_unread_count (KbFeedback *self)
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

static void
index_question (KbFeedback *self, KbQuestion *question)
{
  if (kb_question_get_id (question) != NULL)
    g_hash_table_replace (self->by_id, g_strdup (kb_question_get_id (question)), question);
  else if (kb_question_get_local_key (question) != NULL)
    g_hash_table_replace (self->by_key, g_strdup (kb_question_get_local_key (question)), question);
}

static gboolean
find_position (KbFeedback *self, KbQuestion *question, guint *position)
{
  return g_list_store_find (self->questions, question, position);
}

static void
remove_question (KbFeedback *self, KbQuestion *question)
{
  guint position;

  if (find_position (self, question, &position))
    g_list_store_remove (self->questions, position);
}

static void
load_cached (KbFeedback *self)
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
    index_question (self, questions->pdata[i]);
  g_list_store_splice (self->questions, 0, 0, questions->pdata, questions->len);

  if (!kb_store_load_question_sync (self->store, &self->cursor, &self->etag, &error))
    {
      g_warning ("Could not read the questions' cursor: %s", error->message);
      self->cursor = g_strdup ("0");
    }
  update_unread_count (self);
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
      if (k > 0 && compare_questions (old->pdata[k - 1], old->pdata[k], NULL) > 0)
        sorted = FALSE;
    }
  g_ptr_array_sort_with_data (added, compare_question_ptrs, NULL);
  while (i < old->len || j < added->len)
    {
      if (j == added->len
          || (i < old->len && compare_questions (old->pdata[i], added->pdata[j], NULL) <= 0))
        g_ptr_array_add (merged, old->pdata[i++]);
      else
        g_ptr_array_add (merged, added->pdata[j++]);
    }
  /* A question whose time changed on the server is out of place: sort it
   * all, as the rows are then no longer where a merge expects them. */
  if (!sorted)
    g_ptr_array_sort_with_data (merged, compare_question_ptrs, NULL);

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
          index_question (self, known);
          remove_question (self, known);
          g_list_store_insert_sorted (self->questions, known, compare_questions, NULL);
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
    index_question (self, added->pdata[i]);

  /* Many new rows (the first sync of a big account) go in with one
   * items-changed; a few are slotted into place. */
  if (added->len > 64)
    merge_sorted (self, added);
  else
    for (guint i = 0; i < added->len; i++)
      g_list_store_insert_sorted (self->questions, added->pdata[i], compare_questions, NULL);
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

  if (!self->refreshing || !self->fetched ||
      (!g_queue_is_empty (&self->saves) && self->save_failures == 0))
    return;
  self->refreshing = FALSE;
  self->fetched = FALSE;
  error = g_steal_pointer (&self->sync_error);
  finish_refresh_tasks (self->refresh_tasks, error);

  if (self->refresh_again && self->cancellable != NULL)
    {
      self->refresh_again = FALSE;
      start_sync (self);
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

/* One page waiting for the cache. */
typedef struct {
  GPtrArray *questions;
  char *cursor;
  char *etag;
} SavePage;

static void
save_page_free (SavePage *page)
{
  g_ptr_array_unref (page->questions);
  g_free (page->cursor);
  g_free (page->etag);
  g_free (page);
}

static void
drop_saves (KbFeedback *self)
{
  g_clear_handle_id (&self->save_retry_source, g_source_remove);
  /* The save being written owns a copy; its page can go. */
  g_queue_clear_full (&self->saves, (GDestroyNotify) save_page_free);
  self->save_failures = 0;
}

static void save_next_page (KbFeedback *self);

static void
on_page_saved (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(KbFeedback) self = user_data;
  g_autoptr(GError) error = NULL;

  self->saving = FALSE;
  if (!kb_store_save_questions_finish (KB_STORE (source), result, &error) &&
      self->cancellable != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Most likely another writer held the cache longer than the busy
       * timeout. Nothing is lost: the page stays at the head of the queue,
       * and the cache's cursor has not moved past it. */
      g_debug ("Could not cache the questions, trying again: %s", error->message);
      kb_backoff_schedule (&self->save_retry_source,
                           kb_backoff_next_delay (SAVE_RETRY_BASE_MS, MAX_SAVE_RETRY_MS,
                                                  self->save_failures++),
                           (GSourceOnceFunc) save_next_page, self);
      complete_sync (self);
      return;
    }

  if (self->cancellable == NULL)
    drop_saves (self);
  else
    {
      self->save_failures = 0;
      save_page_free (g_queue_pop_head (&self->saves));
      save_next_page (self);
    }
  complete_sync (self);
}

static void
save_next_page (KbFeedback *self)
{
  SavePage *page = g_queue_peek_head (&self->saves);

  if (self->saving || self->save_retry_source != 0 || page == NULL || self->cancellable == NULL)
    return;
  self->saving = TRUE;
  kb_store_save_questions_async (self->store, page->questions, page->cursor, page->etag,
                                 self->cancellable, on_page_saved, g_object_ref (self));
}

static void
queue_save (KbFeedback *self, KbApiQuestionPage *page)
{
  SavePage *save = g_new0 (SavePage, 1);

  save->questions = g_ptr_array_ref (page->questions);
  save->cursor = g_strdup (page->cursor);
  save->etag = g_strdup (page->etag);
  g_queue_push_tail (&self->saves, save);
  save_next_page (self);
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
      flush_outbox (self);
    }
  if (page == NULL)
    {
      end_sync (self, error);
      return;
    }

  /* Copied now, before the merge below hands the new questions to the model. */
  queue_save (self, page);

  /* Everything a sync from scratch brings is history, not news. */
  arrived = g_ptr_array_new_with_free_func (g_object_unref);
  merge_questions (self, page->questions, self->from_scratch, arrived);
  g_free (self->cursor);
  self->cursor = g_steal_pointer (&page->cursor);
  g_free (self->etag);
  self->etag = g_steal_pointer (&page->etag);
  update_unread_count (self);

  for (guint i = 0; i < arrived->len; i++)
    g_signal_emit (self, signals[ANSWER_ARRIVED], 0, arrived->pdata[i]);

  if (page->has_more && self->cancellable != NULL)
    fetch_page (self);
  else
    {
      flush_outbox (self);
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

static void
start_sync (KbFeedback *self)
{
  load_cached (self);
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
  start_sync (self);
}

gboolean
kb_feedback_refresh_finish (KbFeedback *self, GAsyncResult *result, GError **error)
{
  return _kb_sync_finish_boolean (self, result, error);
}

/* Polling: only while the events socket is down. */

static void
on_poll_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  KbFeedback *self = KB_FEEDBACK (source);
  g_autoptr(GError) error = NULL;

  if (!kb_feedback_refresh_finish (self, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (kb_api_error_is_unreachable (error))
        self->poll_failures++;
      g_debug ("Poll failed (%u in a row): %s", self->poll_failures, error->message);
    }
  else
    self->poll_failures = 0;
  schedule_poll (self);
}

static gboolean
on_poll (gpointer user_data)
{
  KbFeedback *self = user_data;

  self->poll_source = 0;
  kb_feedback_refresh_async (self, NULL, on_poll_done, NULL);
  return G_SOURCE_REMOVE;
}

/* The next poll comes after the interval, backing off from it for each
 * failure in a row while the server is unreachable, up to five minutes (or
 * the interval, when that is longer). */
static void
schedule_poll (KbFeedback *self)
{
  guint interval_ms;

  g_clear_handle_id (&self->poll_source, g_source_remove);
  if (!self->started || self->push_connected || self->poll_interval == 0)
    return;
  if (self->poll_failures == 0)
    {
      self->poll_source = g_timeout_add_seconds (self->poll_interval, on_poll, self);
      return;
    }
  interval_ms = MIN (self->poll_interval, G_MAXUINT / 1000) * 1000;
  self->poll_source = g_timeout_add (kb_backoff_next_delay (interval_ms,
                                                            MAX (interval_ms, MAX_BACKOFF_MS),
                                                            self->poll_failures),
                                     on_poll, self);
}

/* The events socket */

static void
set_push_connected (KbFeedback *self, gboolean connected)
{
  if (self->push_connected == connected)
    return;
  self->push_connected = connected;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PUSH_CONNECTED]);
}

static void
on_event (KbApiEvents *events, const char *type, const char *question_id, KbFeedback *self)
{
  g_debug ("Event %s for question %s", type, question_id);
  start_sync (self);
}

static void
schedule_reconnect (KbFeedback *self)
{
  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  if (!self->started || !self->push_enabled)
    return;
  kb_backoff_schedule (&self->reconnect_source,
                       kb_backoff_next_delay (RECONNECT_BASE_MS, MAX_BACKOFF_MS,
                                              self->reconnect_failures),
                       (GSourceOnceFunc) connect_events, self);
}

static void
on_events_closed (KbApiEvents *events, GError *reason, KbFeedback *self)
{
  g_debug ("Events socket lost: %s", reason != NULL ? reason->message : "closed");
  set_push_connected (self, FALSE);
  self->reconnect_failures++;
  schedule_poll (self);
  schedule_reconnect (self);
}

static void
on_events_connected (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(KbFeedback) self = user_data;
  g_autoptr(GError) error = NULL;

  self->connecting = FALSE;
  if (!kb_api_events_connect_finish (KB_API_EVENTS (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_debug ("Events socket: %s", error->message);
          _kb_sync_note_outcome (self, error);
          self->reconnect_failures++;
          schedule_poll (self);
          if (!kb_api_error_is_auth (error))
            schedule_reconnect (self);
        }
      return;
    }

  self->reconnect_failures = 0;
  set_push_connected (self, TRUE);
  g_clear_handle_id (&self->poll_source, g_source_remove);
  /* Whatever happened while the socket was down is behind the cursor. */
  start_sync (self);
}

static void
connect_events (KbFeedback *self)
{
  if (!self->started || !self->push_enabled || self->connecting || self->push_connected)
    return;
  self->connecting = TRUE;
  kb_api_events_connect_async (self->events, self->cancellable, on_events_connected, g_object_ref (self));
}

/* The outbox */

static void
schedule_outbox_retry (KbFeedback *self)
{
  if (self->outbox_source != 0 || !self->started)
    return;
  kb_backoff_schedule (&self->outbox_source,
                       kb_backoff_next_delay (OUTBOX_RETRY_BASE_MS, MAX_OUTBOX_RETRY_MS,
                                              self->outbox_failures),
                       (GSourceOnceFunc) flush_outbox, self);
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

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  _kb_sync_note_outcome (self, error);
  if (_kb_feedback_outbox_retry_later (self, error))
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
  _kb_sync_note_outcome (self, NULL);
  queued = g_hash_table_lookup (self->by_key, data->key);

  self->outbox_failures = 0;
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
          index_question (self, accepted);
          g_list_store_insert_sorted (self->questions, accepted, compare_questions, NULL);
        }
      update_unread_count (self);
      return;
    }
  g_object_ref (queued);
  g_hash_table_remove (self->by_key, data->key);
  if (known != NULL)
    {
      /* The same question under another key's row (identical texts). */
      remove_question (self, queued);
      kb_question_update_from (known, accepted);
    }
  else
    {
      guint position;

      kb_question_update_from (queued, accepted);
      index_question (self, queued);
      /* Its place among the server's questions is by the server's time. */
      if (find_position (self, queued, &position))
        {
          g_list_store_remove (self->questions, position);
          g_list_store_insert_sorted (self->questions, queued, compare_questions, NULL);
        }
    }
  g_object_unref (queued);
  update_unread_count (self);
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
static void
flush_outbox (KbFeedback *self)
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
  g_ptr_array_sort_with_data (queued, compare_question_ptrs, NULL);
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

  load_cached (self);
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
  index_question (self, question);
  g_list_store_insert (self->questions, 0, question);

  if (self->started)
    send_entry (self, question);
  return question;
}

/* Opening a thread */

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

static void
save_one (KbFeedback *self, KbQuestion *question)
{
  g_autoptr(GPtrArray) questions = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (questions, question);
  if (!kb_store_save_questions (self->store, questions, NULL, NULL, &error))
    g_warning ("Could not cache the question: %s", error->message);

  /* A page of the list sync that is being written, or waits to be, holds
   * the server's older copy of this question (e.g. unread) and would land
   * over this write: the question is written again after it. */
  if (self->saving || !g_queue_is_empty (&self->saves))
    {
      SavePage *save = g_new0 (SavePage, 1);

      save->questions = g_ptr_array_new_with_free_func (g_object_unref);
      g_ptr_array_add (save->questions, g_object_ref (question));
      g_queue_push_tail (&self->saves, save);
      save_next_page (self);
    }
}

/* Applies the server's copy to the model's question (or adds it). A thread
 * fetched after a follow-up can bring the operator's answer before the list
 * sync does, which then finds nothing new: so an answer is announced by
 * whichever of them learns of it first, exactly once. */
static KbQuestion *
apply_question (KbFeedback *self, KbQuestion *fresh)
{
  KbQuestion *known = g_hash_table_lookup (self->by_id, kb_question_get_id (fresh));
  gboolean arrived = FALSE;

  if (known == NULL)
    {
      index_question (self, fresh);
      g_list_store_insert_sorted (self->questions, fresh, compare_questions, NULL);
      known = fresh;
    }
  else
    {
      guint before = kb_question_get_answers_count (known);

      kb_question_update_from (known, fresh);
      arrived = kb_question_get_answers_count (known) > before && kb_question_get_unread (known);
    }
  save_one (self, known);
  update_unread_count (self);
  if (arrived)
    g_signal_emit (self, signals[ANSWER_ARRIVED], 0, known);
  return known;
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
    g_set_object (&data->question, apply_question (self, fresh));
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

  load_cached (self);
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

/* Starting and stopping */

void
kb_feedback_start (KbFeedback *self)
{
  g_return_if_fail (KB_IS_FEEDBACK (self));

  if (self->started || self->cancellable == NULL)
    return;
  self->started = TRUE;
  load_cached (self);
  flush_outbox (self);
  start_sync (self);
  if (self->push_enabled)
    connect_events (self);
  else
    schedule_poll (self);
}

void
kb_feedback_stop (KbFeedback *self)
{
  g_return_if_fail (KB_IS_FEEDBACK (self));

  self->started = FALSE;
  g_clear_handle_id (&self->poll_source, g_source_remove);
  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  g_clear_handle_id (&self->outbox_source, g_source_remove);
  drop_saves (self);
  if (self->events != NULL)
    kb_api_events_close (self->events);
  set_push_connected (self, FALSE);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

/* Properties and the rest */

GListModel *
kb_feedback_get_questions (KbFeedback *self)
{
  g_return_val_if_fail (KB_IS_FEEDBACK (self), NULL);
  load_cached (self);
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
  load_cached (self);
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
    schedule_poll (self);
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
      set_push_connected (self, FALSE);
      schedule_poll (self);
    }
  else
    connect_events (self);
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
  g_clear_object (&self->questions);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->by_key, g_hash_table_unref);
  g_clear_pointer (&self->sending, g_hash_table_unref);
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
  self->events = kb_api_events_new (api);
  g_signal_connect (self->events, "event", G_CALLBACK (on_event), self);
  g_signal_connect (self->events, "closed", G_CALLBACK (on_events_closed), self);

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

KbQuestion *
_kb_feedback_apply_question (KbFeedback *self, KbQuestion *fresh)
{
  return apply_question (self, fresh);
}

/* Returns: TRUE when @error is worth trying again (the server was away,
 * busy or still processing the key): the whole outbox is then flushed
 * again after a back-off. FALSE: the server's final word. */
gboolean
_kb_feedback_outbox_retry_later (KbFeedback *self, const GError *error)
{
  if (error == NULL)
    {
      self->outbox_failures = 0;
      return FALSE;
    }
  if (!is_transient (error))
    return FALSE;
  self->outbox_failures++;
  schedule_outbox_retry (self);
  return TRUE;
}
