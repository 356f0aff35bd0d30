/* kb-feedback-saves.c — the queue that writes the Feedback list sync's pages to the cache.
 *
 * The pages are saved in a worker thread one at a time and in order, so
 * that the cache's cursor only ever advances with its questions. A save
 * that fails (another writer held the cache) is tried again after a
 * back-off, with the page kept at the head of the queue: nothing is lost.
 * The queue is KbFeedback's; it is its own file because it is its own job,
 * with its own state, and shares nothing with the model but the store.
 */
#include "config.h"

#include "kb-feedback-saves.h"

#include <gio/gio.h>

#include "kb-backoff.h"
#include "kb-store-questions.h"

/* Waits before a page's save that failed (the cache was locked) is tried
 * again, doubled for each failure in a row. */
#define SAVE_RETRY_BASE_MS 1000
#define MAX_SAVE_RETRY_MS (60 * 1000)

struct _KbFeedbackSaves
{
  GObject *owner;                 /* not owned: it owns the queue */
  KbFeedbackSavesFunc saved;
  KbStore *store;
  GCancellable *cancellable;      /* NULL once stopped */

  GQueue pages;                   /* of SavePage, the head being written */
  gboolean saving;
  guint failures;                 /* the head's failed tries in a row */
  guint retry_source;
};

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
drop_saves (KbFeedbackSaves *saves)
{
  g_clear_handle_id (&saves->retry_source, g_source_remove);
  /* The save being written owns a copy; its page can go. */
  g_queue_clear_full (&saves->pages, (GDestroyNotify) save_page_free);
  saves->failures = 0;
}

static void save_next_page (KbFeedbackSaves *saves);

static void
on_page_saved (GObject *source, GAsyncResult *result, gpointer user_data)
{
  KbFeedbackSaves *saves = user_data;
  /* The reference save_next_page() took: the owner, and with it the
   * queue, lives until this callback is done. */
  g_autoptr(GObject) owner = saves->owner;
  g_autoptr(GError) error = NULL;

  saves->saving = FALSE;
  if (!kb_store_save_questions_finish (KB_STORE (source), result, &error) &&
      saves->cancellable != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Most likely another writer held the cache longer than the busy
       * timeout. Nothing is lost: the page stays at the head of the queue,
       * and the cache's cursor has not moved past it. */
      g_debug ("Could not cache the questions, trying again: %s", error->message);
      kb_backoff_schedule (&saves->retry_source,
                           kb_backoff_next_delay (SAVE_RETRY_BASE_MS, MAX_SAVE_RETRY_MS,
                                                  saves->failures++),
                           (GSourceOnceFunc) save_next_page, saves);
      saves->saved (owner);
      return;
    }

  if (saves->cancellable == NULL)
    drop_saves (saves);
  else
    {
      saves->failures = 0;
      save_page_free (g_queue_pop_head (&saves->pages));
      save_next_page (saves);
    }
  saves->saved (owner);
}

static void
save_next_page (KbFeedbackSaves *saves)
{
  SavePage *page = g_queue_peek_head (&saves->pages);

  if (saves->saving || saves->retry_source != 0 || page == NULL || saves->cancellable == NULL)
    return;
  saves->saving = TRUE;
  g_object_ref (saves->owner);
  kb_store_save_questions_async (saves->store, page->questions, page->cursor, page->etag,
                                 saves->cancellable, on_page_saved, saves);
}

/* @saved is called with @owner after each save; the queue saves with
 * @cancellable until _kb_feedback_saves_stop(). */
KbFeedbackSaves *
_kb_feedback_saves_new (GObject             *owner,
                        KbStore             *store,
                        GCancellable        *cancellable,
                        KbFeedbackSavesFunc  saved)
{
  KbFeedbackSaves *saves = g_new0 (KbFeedbackSaves, 1);

  saves->owner = owner;
  saves->saved = saved;
  saves->store = g_object_ref (store);
  saves->cancellable = g_object_ref (cancellable);
  g_queue_init (&saves->pages);
  return saves;
}

void
_kb_feedback_saves_free (KbFeedbackSaves *saves)
{
  drop_saves (saves);
  g_clear_object (&saves->cancellable);
  g_clear_object (&saves->store);
  g_free (saves);
}

/* Queues @page's questions, with its cursor and ETag, behind the pages
 * before it. Copied now, so the caller may hand the questions on. */
void
_kb_feedback_saves_push_page (KbFeedbackSaves *saves, KbApiQuestionPage *page)
{
  SavePage *save = g_new0 (SavePage, 1);

  save->questions = g_ptr_array_ref (page->questions);
  save->cursor = g_strdup (page->cursor);
  save->etag = g_strdup (page->etag);
  g_queue_push_tail (&saves->pages, save);
  save_next_page (saves);
}

/* Writes one question the server just sent (an opened thread) at once. */
void
_kb_feedback_saves_write_one (KbFeedbackSaves *saves, KbQuestion *question)
{
  g_autoptr(GPtrArray) questions = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (questions, question);
  if (!kb_store_save_questions (saves->store, questions, NULL, NULL, &error))
    g_warning ("Could not cache the question: %s", error->message);

  /* A page of the list sync that is being written, or waits to be, holds
   * the server's older copy of this question (e.g. unread) and would land
   * over this write: the question is written again after it. */
  if (saves->saving || !g_queue_is_empty (&saves->pages))
    {
      SavePage *save = g_new0 (SavePage, 1);

      save->questions = g_ptr_array_new_with_free_func (g_object_unref);
      g_ptr_array_add (save->questions, g_object_ref (question));
      g_queue_push_tail (&saves->pages, save);
      save_next_page (saves);
    }
}

/* TRUE while pages wait for the cache and the last try did not fail: a
 * sync's tasks wait for them (callers read the cache then), but not for
 * a save that is being tried again later. */
gboolean
_kb_feedback_saves_holding (KbFeedbackSaves *saves)
{
  return !g_queue_is_empty (&saves->pages) && saves->failures == 0;
}

/* Drops what waits; a save in flight ends as cancelled. */
void
_kb_feedback_saves_stop (KbFeedbackSaves *saves)
{
  drop_saves (saves);
  g_clear_object (&saves->cancellable);
}
