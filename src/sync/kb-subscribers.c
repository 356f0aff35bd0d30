/* kb-subscribers.c — Subscriber Selection's data: the whole list, the current subscriber, details.
 *
 * A big client has 100 000 subscribers, and the page searches all of them
 * on every keystroke, so the whole list lives in memory as one array of
 * small KbSubscriber objects (KbSubscriberModel). It comes from the cache,
 * read on a worker thread when the list is first wanted (never before the
 * window's first frame), and from the server, which pages it by offset and offers neither
 * an ETag nor a change cursor for it: a refresh reads every page, compares
 * with what is shown, touches only the rows that differ, and rewrites the
 * cache on a worker thread only when something did.
 *
 * The file is longer than usual because the cache read and the refresh
 * are one job on one list: each must know whether the other has run (a
 * refresh that ends first keeps its newer rows, a cache read waits for no
 * page), and both keep the first rows on screen and the current subscriber.
 * The details and installments of one subscriber (the last ~100 lines of
 * requests) would be the seam if it grows.
 */
#include "config.h"

#include "kb-subscribers.h"

#include "kb-api-subscribers.h"
#include "kb-store-subscribers.h"
#include "kb-subscriber-model.h"
#include "kb-sync-private.h"

#define PAGE_SIZE KB_API_SUBSCRIBERS_MAX_LIMIT
/* Above this many changed rows one splice is cheaper than many. */
#define MAX_SINGLE_UPDATES 64
/* Rows read at once, before the whole list, unless the view says how many
 * it shows (kb_subscribers_set_head_rows()): more than a tall screen shows.
 * No more: the view makes and measures a row for each, shown or not,
 * before the first frame (about half a millisecond each). */
#define HEAD_ROWS 40
/* Rows shown while the whole list is read (kb_subscribers_load()). GTK
 * 4.8's list view keeps some 200 rows around the screen, made and laid out
 * when the list grows to have them: this many are shown once the first
 * rows are on screen, so that the view makes its rows while the worker
 * reads, not in the frame that shows the whole list. */
#define READING_ROWS 256

struct _KbSubscribers
{
  GObject parent_instance;

  KbApiClient *api;
  KbStore *store;
  GCancellable *cancellable;

  KbSubscriberModel *model;
  GHashTable *by_id;          /* id → KbSubscriber in the model; NULL until asked for (get_index()) */
  gboolean head_read;         /* the cache's first rows were read */
  guint head_rows;            /* how many: HEAD_ROWS unless the view said */
  gboolean load_started;
  gboolean showing_head;      /* the model holds only the cache's first rows */
  gboolean fetch_after_load;  /* a refresh waits for the cache to be read */
  guint extend_source;        /* shows more of the first rows (kb_subscribers_load()) */
  gboolean loaded;
  GDateTime *fetched_at;

  KbSubscriber *current;
  GStrv selection;            /* numbers chosen for Service Actions */

  gboolean refreshing;
  GPtrArray *refresh_tasks;   /* of the running refresh */
  GPtrArray *fetched;         /* the whole list, once every page is in */
  GPtrArray *pages;           /* of the running refresh: each page's rows, NULL until in */
  guint n_arrived;            /* pages in so far */
  GHashTable *tariffs;        /* of the running refresh: the pages' so far (kb_subscriber_gather_tariffs()) */
  gint64 total;               /* rows, as the first page said */
  guint generation;           /* of the running refresh: late pages of an ended one are dropped */
  double progress;            /* of the running refresh: rows read / total */
};

G_DEFINE_FINAL_TYPE (KbSubscribers, kb_subscribers, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LOADED,
  PROP_REFRESHING,
  PROP_FETCHED_AT,
  PROP_CURRENT_SUBSCRIBER,
  PROP_SELECTION,
  PROP_PROGRESS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Returns: the index of the rows by id, made when first asked for after
 * the list changed: 100 000 insertions the first frame of a cached list
 * need not wait for. */
static GHashTable *
get_index (KbSubscribers *self)
{
  GPtrArray *rows = kb_subscriber_model_get_items (self->model);

  if (self->by_id != NULL)
    return self->by_id;
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < rows->len; i++)
    g_hash_table_insert (self->by_id, (gpointer) kb_subscriber_get_id (rows->pdata[i]), rows->pdata[i]);
  return self->by_id;
}

/* The row with @id: from the index when there is one, else by a look
 * along the rows (a millisecond), which does not make one. */
static KbSubscriber *
find (KbSubscribers *self, const char *id)
{
  GPtrArray *rows = kb_subscriber_model_get_items (self->model);

  if (self->by_id != NULL)
    return g_hash_table_lookup (self->by_id, id);
  for (guint i = 0; i < rows->len; i++)
    if (g_str_equal (kb_subscriber_get_id (rows->pdata[i]), id))
      return rows->pdata[i];
  return NULL;
}

/* The current subscriber follows the list: a rename or a block shows in the
 * header as soon as the list has it. Details already fetched are kept. */
static void
follow_current (KbSubscribers *self)
{
  KbSubscriber *fresh;

  if (self->current == NULL)
    return;
  fresh = find (self, kb_subscriber_get_id (self->current));
  if (fresh == NULL || fresh == self->current || kb_subscriber_equal (fresh, self->current))
    return;
  if (kb_subscriber_get_services (fresh) == NULL)
    kb_subscriber_set_services (fresh, kb_subscriber_get_services (self->current));
  g_set_object (&self->current, fresh);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_SUBSCRIBER]);
}

static void
set_fetched_at (KbSubscribers *self, GDateTime *fetched_at)
{
  _kb_sync_set_fetched_at (self, &self->fetched_at, fetched_at, properties[PROP_FETCHED_AT]);
}

/* Shows @subscribers (the model keeps the array: nobody may change it
 * afterwards), changing only the rows that differ; @tariffs (transfer
 * full, nullable) are theirs if known. Returns whether anything did. */
static gboolean
merge (KbSubscribers *self, GPtrArray *subscribers, const char **tariffs)
{
  GPtrArray *shown = kb_subscriber_model_get_items (self->model);
  guint n = shown->len;
  g_autoptr(GArray) changed = g_array_new (FALSE, FALSE, sizeof (guint));

  self->showing_head = FALSE;
  if (n == subscribers->len)
    {
      gboolean same_rows = TRUE;

      for (guint i = 0; i < n && same_rows; i++)
        {
          KbSubscriber *old = shown->pdata[i];
          KbSubscriber *fresh = subscribers->pdata[i];

          if (!g_str_equal (kb_subscriber_get_id (old), kb_subscriber_get_id (fresh)))
            same_rows = FALSE;
          else if (!kb_subscriber_equal (old, fresh))
            g_array_append_val (changed, i);
        }
      if (same_rows && changed->len == 0)
        {
          g_free (tariffs);
          return FALSE;
        }
      if (same_rows && changed->len <= MAX_SINGLE_UPDATES)
        {
          for (guint i = 0; i < changed->len; i++)
            {
              guint position = g_array_index (changed, guint, i);
              KbSubscriber *fresh = subscribers->pdata[position];

              /* The key is the old row's id: replaced before the row goes. */
              if (self->by_id != NULL)
                g_hash_table_replace (self->by_id, (gpointer) kb_subscriber_get_id (fresh), fresh);
              kb_subscriber_model_set_item (self->model, position, fresh);
            }
          g_free (tariffs);
          return TRUE;
        }
    }
  /* Dropped first: the change's handlers may look rows up, in the new list. */
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  kb_subscriber_model_replace_full (self->model, subscribers, tariffs);
  return TRUE;
}

/* Reading the cache */

static void
set_loaded (KbSubscribers *self)
{
  self->loaded = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

/* The cache's first rows, shown while the whole list was read, stay in
 * it where the whole list has them unchanged: the view then sees rows
 * added after them rather than every row replaced, and the rows on screen
 * are neither bound nor laid out again in the frame that shows the list. */
static void
keep_head_rows (KbSubscribers *self, GPtrArray *subscribers)
{
  GPtrArray *head = kb_subscriber_model_get_items (self->model);

  for (guint i = 0; i < head->len && i < subscribers->len; i++)
    {
      if (!kb_subscriber_equal (head->pdata[i], subscribers->pdata[i]))
        return;
      g_object_unref (subscribers->pdata[i]);
      subscribers->pdata[i] = g_object_ref (head->pdata[i]);
    }
}

static void fetch_page (KbSubscribers *self, guint index);
static void end_refresh (KbSubscribers *self, const GError *error);
static void index_cache (KbSubscribers *self);

static void
on_cache_loaded (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(KbSubscribers) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) fetched_at = NULL;
  const char **tariffs = NULL;
  g_autoptr(GPtrArray) subscribers = NULL;

  subscribers = kb_store_load_subscribers_finish_full (KB_STORE (source), result, &fetched_at,
                                                       &tariffs, &error);

  if (subscribers == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the cached subscribers: %s", error->message);
    }
  /* A refresh that finished first has the newer list. */
  else if (self->fetched_at == NULL &&
           (self->showing_head || g_list_model_get_n_items (G_LIST_MODEL (self->model)) == 0))
    {
      if (self->showing_head)
        keep_head_rows (self, subscribers);
      merge (self, subscribers, g_steal_pointer (&tariffs));
      if (fetched_at != NULL)
        set_fetched_at (self, fetched_at);
      follow_current (self);
    }
  g_free (tariffs);
  set_loaded (self);
  if (subscribers != NULL && !kb_store_get_subscribers_indexed (self->store))
    index_cache (self);

  if (self->fetch_after_load)
    {
      self->fetch_after_load = FALSE;
      if (self->cancellable == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autoptr(GError) cancelled = g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                     "The session has ended");

          end_refresh (self, cancelled);
        }
      else
        fetch_page (self, 0);
    }
}

static guint
head_rows (KbSubscribers *self)
{
  return self->head_rows > 0 ? self->head_rows : HEAD_ROWS;
}

/* A screenful at once, so that the list shows the moment it is asked
 * for; the whole of it follows from the worker (ensure_loaded()). */
static void
ensure_head (KbSubscribers *self)
{
  g_autoptr(GPtrArray) head = NULL;
  g_autoptr(GError) error = NULL;

  if (self->head_read || self->load_started)
    return;
  self->head_read = TRUE;

  head = kb_store_load_subscribers_head (self->store, head_rows (self), &error);
  if (head == NULL)
    g_warning ("Could not read the cached subscribers: %s", error->message);
  else if (head->len > 0 && g_list_model_get_n_items (G_LIST_MODEL (self->model)) == 0)
    {
      g_clear_pointer (&self->by_id, g_hash_table_unref);
      kb_subscriber_model_replace (self->model, head);
      self->showing_head = TRUE;
    }
}

/* More of the cache's first rows, after the first head_rows(), which stay. */
static void
extend_head (KbSubscribers *self)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  if (!self->showing_head || g_list_model_get_n_items (G_LIST_MODEL (self->model)) != head_rows (self))
    return;
  rows = kb_store_load_subscribers_head (self->store, READING_ROWS, &error);
  if (rows == NULL)
    {
      g_warning ("Could not read the cached subscribers: %s", error->message);
      return;
    }
  keep_head_rows (self, rows);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  kb_subscriber_model_replace (self->model, rows);
}

static gboolean
extend_head_later (gpointer user_data)
{
  KbSubscribers *self = user_data;

  self->extend_source = 0;
  extend_head (self);
  return G_SOURCE_REMOVE;
}

static void
ensure_loaded (KbSubscribers *self)
{
  ensure_head (self);
  if (self->load_started)
    return;
  self->load_started = TRUE;
  kb_store_load_subscribers_async (self->store, self->cancellable, on_cache_loaded, g_object_ref (self));
}

/* Refreshing */

static void
free_page (gpointer rows)
{
  if (rows != NULL)
    g_ptr_array_unref (rows);
}

static void
set_refreshing (KbSubscribers *self, gboolean refreshing)
{
  if (self->refreshing == refreshing)
    return;
  self->refreshing = refreshing;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFRESHING]);
}

static void
set_progress (KbSubscribers *self, double progress)
{
  if (self->progress == progress)
    return;
  self->progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

static void
end_refresh (KbSubscribers *self, const GError *error)
{
  g_autoptr(GPtrArray) tasks = g_steal_pointer (&self->refresh_tasks);

  g_clear_pointer (&self->fetched, g_ptr_array_unref);
  g_clear_pointer (&self->pages, g_ptr_array_unref);
  g_clear_pointer (&self->tariffs, g_hash_table_unref);
  self->fetch_after_load = FALSE;
  self->generation++;
  self->refresh_tasks = g_ptr_array_new_with_free_func (g_object_unref);
  set_progress (self, 0);
  set_refreshing (self, FALSE);
  for (guint i = 0; i < tasks->len; i++)
    {
      if (error != NULL)
        g_task_return_error (tasks->pdata[i], g_error_copy (error));
      else
        g_task_return_boolean (tasks->pdata[i], TRUE);
    }
}

static void
on_indexed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;

  if (!kb_store_index_subscribers_finish (KB_STORE (source), result, &error))
    g_warning ("Could not index the cached subscribers: %s", error->message);
}

/* GNOME Shell's search index of the cached list, made after the rows are
 * in (and again at a load, if the program ended before it was): it only
 * serves that search, which reads the rows until it is there. It goes on
 * when the session ends; a sign-out's clear makes it do nothing. */
static void
index_cache (KbSubscribers *self)
{
  kb_store_index_subscribers_async (self->store, NULL, on_indexed, NULL);
}

/* The refresh is over once the list is in the cache too, so that a quit
 * right after it does not lose the write. */
static void
on_saved (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(KbSubscribers) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!kb_store_save_subscribers_finish (KB_STORE (source), result, &error))
    g_warning ("Could not cache the subscribers: %s", error->message);
  end_refresh (self, NULL);
  if (error == NULL)
    index_cache (self);
}

typedef struct {
  KbSubscribers *self;
  guint index;
  guint generation;
} PageRequest;

/* Rows went away (or came) while the list was read, and the pages after
 * them moved: what we have is not the list. The next refresh will do. */
static void
end_refresh_changed (KbSubscribers *self)
{
  g_autoptr(GError) error = g_error_new (KB_API_ERROR, KB_API_ERROR_BAD_RESPONSE,
                                         "The subscriber list changed while it was read");

  end_refresh (self, error);
}

/* The first page tells how many there are; the others are then asked for
 * all at once, so that the server writes one while this thread reads the
 * one before (libsoup sends them over its few connections in turn). */
static void
on_page_ready (GObject *source, GAsyncResult *result, gpointer user_data)
{
  PageRequest *request = user_data;
  g_autoptr(KbSubscribers) self = request->self;
  guint index = request->index;
  gboolean current = request->generation == self->generation && self->pages != NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KbApiSubscriberPage) page = kb_api_client_list_subscribers_finish (KB_API_CLIENT (source),
                                                                               result, &error);
  g_autoptr(GDateTime) now = NULL;
  guint expected, n_pages;

  g_free (request);
  if (!current)
    return;
  _kb_sync_note_outcome (self, error);
  if (page == NULL)
    {
      end_refresh (self, error);
      return;
    }

  if (index == 0)
    {
      self->total = page->total;
      n_pages = MAX (1, (page->total + PAGE_SIZE - 1) / PAGE_SIZE);
      g_ptr_array_set_size (self->pages, n_pages);
      for (guint i = 1; i < n_pages; i++)
        fetch_page (self, i);
    }
  n_pages = self->pages->len;
  expected = index + 1 < n_pages ? PAGE_SIZE : (guint) (self->total - (gint64) index * PAGE_SIZE);
  /* A row the api layer could not read was skipped and logged there; it
   * still took its place in the server's paging, and the rest are kept. */
  if (page->total != self->total || page->subscribers->len + page->skipped != expected)
    {
      end_refresh_changed (self);
      return;
    }
  /* The tariff filter's choices, a page at a time rather than all at
   * once in the frame that shows the list. */
  kb_subscriber_gather_tariffs (self->tariffs, page->subscribers);
  self->pages->pdata[index] = g_steal_pointer (&page->subscribers);
  self->n_arrived++;
  if (self->total > 0)
    set_progress (self, MIN (1.0, (double) self->n_arrived * PAGE_SIZE / self->total));
  if (self->n_arrived < n_pages)
    return;

  self->fetched = g_ptr_array_new_full (self->total, g_object_unref);
  for (guint i = 0; i < n_pages; i++)
    g_ptr_array_extend_and_steal (self->fetched, g_steal_pointer (&self->pages->pdata[i]));
  g_clear_pointer (&self->pages, g_ptr_array_unref);

  now = g_date_time_new_now_utc ();
  /* The cached list is no longer wanted once the server's is here. */
  self->load_started = TRUE;
  set_fetched_at (self, now);
  if (merge (self, self->fetched, kb_subscriber_sort_tariffs (self->tariffs)))
    {
      /* What was fetched is written even if the session ends meanwhile. */
      kb_store_save_subscribers_async (self->store, self->fetched, now, NULL, on_saved, g_object_ref (self));
      follow_current (self);
      if (!self->loaded)
        set_loaded (self);
      return;
    }
  follow_current (self);
  if (!self->loaded)
    set_loaded (self);
  end_refresh (self, NULL);
}

static void
fetch_page (KbSubscribers *self, guint index)
{
  PageRequest *request = g_new (PageRequest, 1);

  request->self = g_object_ref (self);
  request->index = index;
  request->generation = self->generation;
  kb_api_client_list_subscribers_async (self->api, NULL, index * PAGE_SIZE, PAGE_SIZE,
                                        self->cancellable, on_page_ready, request);
}

void
kb_subscribers_refresh_async (KbSubscribers       *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KB_IS_SUBSCRIBERS (self));

  task = _kb_sync_task_new (self, kb_subscribers_refresh_async, cancellable, callback, user_data);
  if (self->cancellable == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The session has ended");
      return;
    }
  /* The rows on screen; the rest of the cache only when someone asks
   * (kb_subscribers_get_model(), kb_subscribers_load()). */
  ensure_head (self);
  g_ptr_array_add (self->refresh_tasks, g_steal_pointer (&task));
  if (self->refreshing)
    return;
  set_refreshing (self, TRUE);
  self->pages = g_ptr_array_new_with_free_func (free_page);
  self->n_arrived = 0;
  self->tariffs = g_hash_table_new (NULL, NULL);
  g_ptr_array_set_size (self->pages, 1);
  /* A cached list is shown whole before the server is asked: the server's
   * pages, read and parsed meanwhile, would take the processor from the
   * cache's worker and put off the list on screen by more than they bring
   * forward (the cache takes a tenth of a second, the server two), and the
   * server's list is then compared with the whole cached one, so that only
   * the rows that differ change. */
  if (self->showing_head && !self->loaded)
    {
      self->fetch_after_load = TRUE;
      ensure_loaded (self);
      return;
    }
  fetch_page (self, 0);
}

gboolean
kb_subscribers_refresh_finish (KbSubscribers *self, GAsyncResult *result, GError **error)
{
  return _kb_sync_finish_boolean (self, result, error);
}

/* Details */

typedef void (*SubscriberRequestFunc) (KbApiClient         *api,
                                       const char          *id,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);

/* Asks the server @request about the subscriber @id, as a task of @self
 * tagged @source_tag that @ready completes. */
static void
request_subscriber (KbSubscribers         *self,
                    gpointer               source_tag,
                    SubscriberRequestFunc  request,
                    GAsyncReadyCallback    ready,
                    const char            *id,
                    GCancellable          *cancellable,
                    GAsyncReadyCallback    callback,
                    gpointer               user_data)
{
  GTask *task = _kb_sync_task_new (self, source_tag, cancellable, callback, user_data);

  request (self->api, id, cancellable, ready, task);
}

static void
on_details_ready (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  KbSubscribers *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(KbSubscriber) details = kb_api_client_get_subscriber_finish (KB_API_CLIENT (source), result, &error);

  if (!_kb_sync_task_check (task, &error))
    return;

  /* The details are the newest word on this subscriber. */
  if (self->current != NULL && g_str_equal (kb_subscriber_get_id (self->current), kb_subscriber_get_id (details)))
    {
      g_set_object (&self->current, details);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_SUBSCRIBER]);
    }
  g_task_return_pointer (task, g_steal_pointer (&details), g_object_unref);
}

void
kb_subscribers_fetch_details_async (KbSubscribers       *self,
                                    const char          *id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (KB_IS_SUBSCRIBERS (self));
  g_return_if_fail (id != NULL);

  request_subscriber (self, kb_subscribers_fetch_details_async, kb_api_client_get_subscriber_async,
                      on_details_ready, id, cancellable, callback, user_data);
}

KbSubscriber *
kb_subscribers_fetch_details_finish (KbSubscribers *self, GAsyncResult *result, GError **error)
{
  return _kb_sync_finish_pointer (self, result, error);
}

static void
on_installments_ready (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) installments = kb_api_client_list_subscriber_installments_finish (KB_API_CLIENT (source),
                                                                                         result, &error);

  if (!_kb_sync_task_check (task, &error))
    return;
  g_task_return_pointer (task, g_steal_pointer (&installments), (GDestroyNotify) g_ptr_array_unref);
}

void
kb_subscribers_fetch_installments_async (KbSubscribers       *self,
                                         const char          *id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (KB_IS_SUBSCRIBERS (self));
  g_return_if_fail (id != NULL);

  request_subscriber (self, kb_subscribers_fetch_installments_async,
                      kb_api_client_list_subscriber_installments_async, on_installments_ready, id,
                      cancellable, callback, user_data);
}

GPtrArray *
kb_subscribers_fetch_installments_finish (KbSubscribers *self, GAsyncResult *result, GError **error)
{
  return _kb_sync_finish_pointer (self, result, error);
}

/* The current subscriber */

KbSubscriber *
kb_subscribers_get_current (KbSubscribers *self)
{
  g_return_val_if_fail (KB_IS_SUBSCRIBERS (self), NULL);
  return self->current;
}

void
kb_subscribers_set_current (KbSubscribers *self, KbSubscriber *subscriber)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (KB_IS_SUBSCRIBERS (self));
  g_return_if_fail (subscriber == NULL || KB_IS_SUBSCRIBER (subscriber));

  if (self->current == subscriber)
    return;
  if (!kb_store_set_current_subscriber (self->store, subscriber != NULL ? kb_subscriber_get_id (subscriber) : NULL,
                                        &error))
    g_warning ("Could not remember the current subscriber: %s", error->message);
  g_set_object (&self->current, subscriber);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_SUBSCRIBER]);
}

/* The selection */

const char * const *
kb_subscribers_get_selection (KbSubscribers *self)
{
  static const char * const none[] = { NULL };

  g_return_val_if_fail (KB_IS_SUBSCRIBERS (self), NULL);
  return self->selection != NULL ? (const char * const *) self->selection : none;
}

void
kb_subscribers_set_selection (KbSubscribers *self, const char * const *numbers)
{
  g_return_if_fail (KB_IS_SUBSCRIBERS (self));

  if (numbers != NULL && numbers[0] == NULL)
    numbers = NULL;
  if (self->selection == NULL && numbers == NULL)
    return;
  if (self->selection != NULL && numbers != NULL &&
      g_strv_equal ((const char * const *) self->selection, numbers))
    return;
  g_clear_pointer (&self->selection, g_strfreev);
  self->selection = g_strdupv ((char **) numbers);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTION]);
}

/* Object */

static void
restore_current (KbSubscribers *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = kb_store_dup_current_subscriber (self->store, &error);

  if (id != NULL)
    self->current = kb_store_load_subscriber (self->store, id, &error);
  if (error != NULL)
    g_warning ("Could not read the current subscriber: %s", error->message);
}

void
kb_subscribers_stop (KbSubscribers *self)
{
  g_return_if_fail (KB_IS_SUBSCRIBERS (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->extend_source, g_source_remove);
}

static void
kb_subscribers_dispose (GObject *object)
{
  kb_subscribers_stop (KB_SUBSCRIBERS (object));
  G_OBJECT_CLASS (kb_subscribers_parent_class)->dispose (object);
}

static void
kb_subscribers_finalize (GObject *object)
{
  KbSubscribers *self = KB_SUBSCRIBERS (object);

  g_clear_object (&self->api);
  g_clear_object (&self->store);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_object (&self->model);
  g_clear_object (&self->current);
  g_clear_pointer (&self->selection, g_strfreev);
  g_clear_pointer (&self->fetched_at, g_date_time_unref);
  g_clear_pointer (&self->refresh_tasks, g_ptr_array_unref);
  g_clear_pointer (&self->fetched, g_ptr_array_unref);
  g_clear_pointer (&self->pages, g_ptr_array_unref);
  g_clear_pointer (&self->tariffs, g_hash_table_unref);

  G_OBJECT_CLASS (kb_subscribers_parent_class)->finalize (object);
}

static void
kb_subscribers_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KbSubscribers *self = KB_SUBSCRIBERS (object);

  switch (prop_id)
    {
    case PROP_LOADED: g_value_set_boolean (value, self->loaded); break;
    case PROP_REFRESHING: g_value_set_boolean (value, self->refreshing); break;
    case PROP_FETCHED_AT: g_value_set_boxed (value, self->fetched_at); break;
    case PROP_CURRENT_SUBSCRIBER: g_value_set_object (value, self->current); break;
    case PROP_SELECTION: g_value_set_boxed (value, kb_subscribers_get_selection (self)); break;
    case PROP_PROGRESS: g_value_set_double (value, self->progress); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kb_subscribers_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  KbSubscribers *self = KB_SUBSCRIBERS (object);

  switch (prop_id)
    {
    case PROP_CURRENT_SUBSCRIBER: kb_subscribers_set_current (self, g_value_get_object (value)); break;
    case PROP_SELECTION: kb_subscribers_set_selection (self, g_value_get_boxed (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kb_subscribers_class_init (KbSubscribersClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kb_subscribers_dispose;
  object_class->finalize = kb_subscribers_finalize;
  object_class->get_property = kb_subscribers_get_property;
  object_class->set_property = kb_subscribers_set_property;

  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REFRESHING] = _kb_sync_param_refreshing ();
  properties[PROP_FETCHED_AT] = _kb_sync_param_fetched_at ();
  properties[PROP_CURRENT_SUBSCRIBER] =
    g_param_spec_object ("current-subscriber", NULL, NULL, KB_TYPE_SUBSCRIBER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTION] =
    g_param_spec_boxed ("selection", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* How much of the list the running refresh has read, from 0 to 1; 0
   * when none runs. A first sync shows it, as it takes a while. */
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0, 1, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kb_subscribers_init (KbSubscribers *self)
{
  self->cancellable = g_cancellable_new ();
  self->model = kb_subscriber_model_new ();
  self->refresh_tasks = g_ptr_array_new_with_free_func (g_object_unref);
}

/* Reads the current subscriber from the store at once (one row); the list
 * waits until someone asks for the model. */
KbSubscribers *
kb_subscribers_new (KbApiClient *api, KbStore *store)
{
  KbSubscribers *self;

  g_return_val_if_fail (KB_IS_API_CLIENT (api), NULL);
  g_return_val_if_fail (KB_IS_STORE (store), NULL);

  self = g_object_new (KB_TYPE_SUBSCRIBERS, NULL);
  self->api = g_object_ref (api);
  self->store = g_object_ref (store);
  restore_current (self);
  return self;
}

/**
 * kb_subscribers_peek_model:
 *
 * The list as kb_subscribers_get_model() gives it, but with only the
 * cache's first rows in it until kb_subscribers_load() or a refresh: what a
 * first frame needs, without reading 100 000 rows it does not show.
 */
GListModel *
kb_subscribers_peek_model (KbSubscribers *self)
{
  g_return_val_if_fail (KB_IS_SUBSCRIBERS (self), NULL);

  if (self->cancellable != NULL)
    ensure_head (self);
  return G_LIST_MODEL (self->model);
}

/**
 * kb_subscribers_set_head_rows:
 * @rows: how many rows the view shows at most, or 0 for the default
 *
 * Before the first kb_subscribers_peek_model(): how many of the cache's
 * first rows it reads.
 */
void
kb_subscribers_set_head_rows (KbSubscribers *self, guint rows)
{
  g_return_if_fail (KB_IS_SUBSCRIBERS (self));
  self->head_rows = rows;
}

/**
 * kb_subscribers_load:
 *
 * Reads the whole cached list (on a worker) if nothing has yet, and shows
 * more of its first rows meanwhile (READING_ROWS): to be called once the
 * first rows are on screen.
 */
void
kb_subscribers_load (KbSubscribers *self)
{
  g_return_if_fail (KB_IS_SUBSCRIBERS (self));

  if (self->cancellable == NULL)
    return;
  /* From the main loop, at the priority of the worker's reply: a reply
   * already waiting there (a refresh started the reading earlier) comes
   * first, and the whole list then needs no more first rows. Added before
   * the reading starts, so that its reply comes after: on a busy machine
   * the worker could read 300 rows while this thread was off its core. */
  if (self->extend_source == 0)
    self->extend_source = g_idle_add_full (G_PRIORITY_DEFAULT, extend_head_later, self, NULL);
  ensure_loaded (self);
}

GListModel *
kb_subscribers_get_model (KbSubscribers *self)
{
  g_return_val_if_fail (KB_IS_SUBSCRIBERS (self), NULL);

  if (self->cancellable != NULL)
    ensure_loaded (self);
  return G_LIST_MODEL (self->model);
}

/* Returns: (transfer none): the tariffs the subscribers in the model have,
 * interned, in byte order, NULL-terminated; valid until the model changes. */
const char * const *
kb_subscribers_get_tariffs (KbSubscribers *self)
{
  g_return_val_if_fail (KB_IS_SUBSCRIBERS (self), NULL);
  return kb_subscriber_model_get_tariffs (self->model);
}

gboolean
kb_subscribers_get_loaded (KbSubscribers *self)
{
  g_return_val_if_fail (KB_IS_SUBSCRIBERS (self), FALSE);
  return self->loaded;
}

double
kb_subscribers_get_progress (KbSubscribers *self)
{
  g_return_val_if_fail (KB_IS_SUBSCRIBERS (self), 0);
  return self->progress;
}

gboolean
kb_subscribers_get_refreshing (KbSubscribers *self)
{
  g_return_val_if_fail (KB_IS_SUBSCRIBERS (self), FALSE);
  return self->refreshing;
}

GDateTime *
kb_subscribers_get_fetched_at (KbSubscribers *self)
{
  g_return_val_if_fail (KB_IS_SUBSCRIBERS (self), NULL);
  return self->fetched_at;
}

KbSubscriber *
kb_subscribers_lookup (KbSubscribers *self, const char *id)
{
  g_return_val_if_fail (KB_IS_SUBSCRIBERS (self), NULL);
  return id != NULL ? g_hash_table_lookup (get_index (self), id) : NULL;
}
