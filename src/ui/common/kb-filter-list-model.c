/* kb-filter-list-model.c — a filtered list in plain arrays, filtered off the main thread when large.
 *
 * A keystroke in a list of 100 000 subscribers used to be filtered on the
 * main thread, and the frame that shows it waited for the whole pass. Here
 * a pass over a large list runs in a GTask on a worker: it reads an
 * immutable snapshot of the rows (Rows, shared by reference) with a copy of
 * the query, and hands back the positions of the rows that match. The main
 * thread keeps drawing meanwhile; when the result comes back it is shown
 * only if no newer pass started since (the generation counter), and only
 * the range in which the old and the new rows shown differ is announced.
 * A refilter may wait a few milliseconds for its pass: the frame after the
 * keystroke then shows the result, not only the frame after that. A list
 * may give a search over an index of its rows (made once per set of rows,
 * on a worker) instead of a match function called on each: an index that
 * packs what the match reads finds the rows in a fraction of the time.
 *
 * It is a little over the ~600 lines a UI file keeps to: the pass on a
 * worker, the index made later and the smallest change announced all
 * depend on the same generation counter and snapshot, which is the point
 * of keeping them in one file.
 */
#include "config.h"

#include "kb-filter-list-model.h"

#define DEFAULT_THRESHOLD 5000
/* See make_index_later(). */
#define INDEX_DELAY_MS 100
/* Fewer rows are matched one by one in well under a millisecond: they get
 * no index, and a start that shows a screenful of them no worker. */
#define MIN_INDEXED_ROWS 1000
/* How many rows a worker matches between looks at its cancellable. */
#define CANCEL_CHECK_ROWS 2048

/* The rows a pass reads. Nobody changes them once made; the items are let
 * go on the main thread, where the list's other references live. */
typedef struct {
  gatomicrefcount ref_count;
  GPtrArray *items;
  GPtrArray *keys;          /* NULL: the items are the keys */
  KbFilterIndexFunc make_index;
  GDestroyNotify free_index;
  gsize index;              /* made once, by whichever thread needs it first (g_once_init_enter()) */
} Rows;

struct _KbFilterListModel
{
  GObject parent_instance;

  GType item_type;
  KbFilterMatchFunc match;
  gpointer match_data;
  GBoxedCopyFunc copy;
  GDestroyNotify free_copy;
  KbFilterIndexFunc make_index;
  GDestroyNotify free_index;
  KbFilterSearchFunc search;
  KbFilterKeyEqualFunc key_equal;
  guint index_idle;         /* make_index_later(), when new rows wait for their index… */
  guint index_timeout;      /* …and the same a little later, whichever comes first */
  guint threshold;
  guint wait_ms;            /* see kb_filter_list_model_set_wait() */

  Rows *rows;
  GArray *shown;            /* guint positions in rows, in order */

  guint64 generation;       /* of the newest pass: an older result is stale */
  GCancellable *cancellable; /* of the pass running, if any */
  GtkFilterChange pending_change;
};

enum {
  PROP_0,
  PROP_PENDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GThread *main_thread;  /* where the list was made, and its items go */

static void kb_filter_list_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KbFilterListModel, kb_filter_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      kb_filter_list_model_list_model_init))

/* ---- Rows -------------------------------------------------------------- */

static Rows *
rows_new (KbFilterListModel *self, GPtrArray *items, GPtrArray *keys)
{
  Rows *rows = g_new0 (Rows, 1);

  g_atomic_ref_count_init (&rows->ref_count);
  rows->items = items;
  rows->keys = keys;
  rows->make_index = self->make_index;
  rows->free_index = self->free_index;
  return rows;
}

static Rows *
rows_ref (Rows *rows)
{
  g_atomic_ref_count_inc (&rows->ref_count);
  return rows;
}

static gboolean
rows_free (gpointer data)
{
  Rows *rows = data;

  g_ptr_array_unref (rows->items);
  g_clear_pointer (&rows->keys, g_ptr_array_unref);
  if (rows->index != 0)
    rows->free_index ((gpointer) rows->index);
  g_free (rows);
  return G_SOURCE_REMOVE;
}

static void
rows_unref (Rows *rows)
{
  /* A worker may hold the last reference: the items go on the main thread. */
  if (!g_atomic_ref_count_dec (&rows->ref_count))
    return;
  if (g_thread_self () == main_thread)
    rows_free (rows);
  else
    g_idle_add (rows_free, rows);
}

static gpointer
rows_key (const Rows *rows, guint i)
{
  return rows->keys != NULL ? rows->keys->pdata[i] : rows->items->pdata[i];
}

/* The rows' index, made now if no thread has made it yet (or waiting for
 * the one making it); NULL when the list has no search. */
static gpointer
rows_get_index (Rows *rows)
{
  if (rows->make_index == NULL)
    return NULL;
  if (g_once_init_enter (&rows->index))
    g_once_init_leave (&rows->index,
                       (gsize) rows->make_index (rows->keys != NULL ? rows->keys : rows->items));
  return (gpointer) rows->index;
}

/* The rows' index if it is made; the main thread never waits for it. */
static gpointer
rows_peek_index (Rows *rows)
{
  return g_atomic_pointer_get ((gpointer *) &rows->index);
}

/* The positions of the rows among @candidates (all when NULL) that match,
 * or NULL when @cancellable was cancelled first. */
static GArray *
match_rows (const Rows *rows, GArray *candidates, KbFilterMatchFunc match, gconstpointer query,
            GCancellable *cancellable)
{
  guint n = candidates != NULL ? candidates->len : rows->items->len;
  GArray *shown = g_array_sized_new (FALSE, FALSE, sizeof (guint), n);

  for (guint i = 0; i < n; i++)
    {
      guint row = candidates != NULL ? g_array_index (candidates, guint, i) : i;

      if (i % CANCEL_CHECK_ROWS == 0 && g_cancellable_is_cancelled (cancellable))
        {
          g_array_unref (shown);
          return NULL;
        }
      if (match == NULL || match (rows_key (rows, row), query))
        g_array_append_val (shown, row);
    }
  return shown;
}

/* The same, found with @search in @index when there is one: what the
 * match function says of each row, all at once. */
static GArray *
filter_rows (const Rows *rows, GArray *candidates, KbFilterMatchFunc match,
             KbFilterSearchFunc search, gpointer index, gconstpointer query,
             GCancellable *cancellable)
{
  if (match != NULL && search != NULL && index != NULL)
    return search (index, candidates, query, cancellable);
  return match_rows (rows, candidates, match, query, cancellable);
}

/* ---- GListModel -------------------------------------------------------- */

static GType
get_item_type (GListModel *model)
{
  return KB_FILTER_LIST_MODEL (model)->item_type;
}

static guint
get_n_items (GListModel *model)
{
  return KB_FILTER_LIST_MODEL (model)->shown->len;
}

static gpointer
get_item (GListModel *model, guint position)
{
  KbFilterListModel *self = KB_FILTER_LIST_MODEL (model);

  if (position >= self->shown->len)
    return NULL;
  return g_object_ref (self->rows->items->pdata[g_array_index (self->shown, guint, position)]);
}

static void
kb_filter_list_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

/* ---- Showing a result -------------------------------------------------- */

/* Shows @shown, positions in @rows (which the model takes), and announces
 * the one range in which the items shown differ: a narrower search mostly
 * cuts rows off the end, and new rows (an answer arrived, the list was read
 * again) mostly leave the rows around them as they were. */
static void
show (KbFilterListModel *self, Rows *rows, GArray *shown)
{
  Rows *old_rows = self->rows;
  g_autoptr(GArray) old = self->shown;
  const guint *a = (const guint *) (gpointer) old->data;
  const guint *b = (const guint *) (gpointer) shown->data;
  gpointer *x = old_rows->items->pdata, *y = rows->items->pdata;
  guint prefix = 0, suffix = 0;

  while (prefix < old->len && prefix < shown->len && x[a[prefix]] == y[b[prefix]])
    prefix++;
  while (suffix < old->len - prefix && suffix < shown->len - prefix &&
         x[a[old->len - 1 - suffix]] == y[b[shown->len - 1 - suffix]])
    suffix++;

  self->rows = rows;
  self->shown = g_array_ref (shown);
  rows_unref (old_rows);
  if (old->len != prefix + suffix || shown->len != prefix + suffix)
    g_list_model_items_changed (G_LIST_MODEL (self), prefix, old->len - prefix - suffix,
                                shown->len - prefix - suffix);
}

static void
set_pending (KbFilterListModel *self, GCancellable *cancellable)
{
  gboolean was_pending = self->cancellable != NULL;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_set_object (&self->cancellable, cancellable);
  if (was_pending != (cancellable != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}

/* ---- Passes ------------------------------------------------------------ */

typedef struct {
  Rows *rows;
  GArray *candidates;       /* NULL: all rows */
  KbFilterMatchFunc match;
  KbFilterSearchFunc search;
  gpointer query;
  GDestroyNotify free_query;
  guint64 generation;

  /* For a refilter that waits for the result (see kb_filter_list_model_set_wait()). */
  GMutex lock;
  GCond done;
  GArray *result;           /* set by the worker */
  gboolean shown;           /* the waiting refilter showed it */
} Pass;

static void
pass_free (Pass *pass)
{
  g_mutex_clear (&pass->lock);
  g_cond_clear (&pass->done);
  g_clear_pointer (&pass->result, g_array_unref);
  rows_unref (pass->rows);
  g_clear_pointer (&pass->candidates, g_array_unref);
  if (pass->free_query != NULL)
    pass->free_query (pass->query);
  g_free (pass);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pass, pass_free)

static void
filter_in_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Pass *pass = data;
  gpointer index = pass->search != NULL ? rows_get_index (pass->rows) : NULL;
  GArray *shown = filter_rows (pass->rows, pass->candidates, pass->match, pass->search, index,
                               pass->query, cancellable);

  if (shown == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "A newer search came");
      return;
    }
  g_mutex_lock (&pass->lock);
  pass->result = g_array_ref (shown);
  g_cond_signal (&pass->done);
  g_mutex_unlock (&pass->lock);
  g_task_return_pointer (task, shown, (GDestroyNotify) g_array_unref);
}

/* Waits up to the model's wait for @pass's result and shows it. */
static void
wait_for_pass (KbFilterListModel *self, Pass *pass)
{
  gint64 end = g_get_monotonic_time () + self->wait_ms * G_TIME_SPAN_MILLISECOND;
  g_autoptr(GArray) shown = NULL;

  g_mutex_lock (&pass->lock);
  while (pass->result == NULL && g_cond_wait_until (&pass->done, &pass->lock, end))
    ;
  shown = g_steal_pointer (&pass->result);
  pass->shown = shown != NULL;
  g_mutex_unlock (&pass->lock);
  if (shown == NULL)
    return;
  show (self, rows_ref (self->rows), shown);
  set_pending (self, NULL);
}

static void
on_filtered (GObject *source, GAsyncResult *result, gpointer user_data)
{
  KbFilterListModel *self = KB_FILTER_LIST_MODEL (source);
  Pass *pass = g_task_get_task_data (G_TASK (result));
  g_autoptr(GArray) shown = g_task_propagate_pointer (G_TASK (result), NULL);

  /* A newer pass, or new rows, came after this one: its result is stale.
   * Or the refilter that started it showed it already. */
  if (shown == NULL || pass->generation != self->generation || pass->shown)
    return;
  show (self, rows_ref (self->rows), shown);
  set_pending (self, NULL);
}

void
kb_filter_list_model_refilter (KbFilterListModel *self, GtkFilterChange change)
{
  g_autoptr(Pass) pass = NULL;
  g_autoptr(GTask) task = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  Pass *running;
  gboolean narrower;

  g_return_if_fail (KB_IS_FILTER_LIST_MODEL (self));

  /* What is shown is that of the pass before any still running: a search
   * narrower than one narrower than it is narrower than it too. */
  narrower = change == GTK_FILTER_CHANGE_MORE_STRICT &&
             (self->cancellable == NULL || self->pending_change == GTK_FILTER_CHANGE_MORE_STRICT);
  self->generation++;

  if (self->copy == NULL || (narrower ? self->shown->len : self->rows->items->len) < self->threshold)
    {
      g_autoptr(GArray) shown = filter_rows (self->rows, narrower ? self->shown : NULL, self->match,
                                             self->search, rows_peek_index (self->rows),
                                             self->match_data, NULL);

      set_pending (self, NULL);
      show (self, rows_ref (self->rows), shown);
      return;
    }

  pass = g_new0 (Pass, 1);
  g_mutex_init (&pass->lock);
  g_cond_init (&pass->done);
  pass->rows = rows_ref (self->rows);
  if (narrower)
    pass->candidates = g_array_ref (self->shown);
  pass->match = self->match;
  pass->search = self->search;
  pass->query = self->copy (self->match_data);
  pass->free_query = self->free_copy;
  pass->generation = self->generation;

  cancellable = g_cancellable_new ();
  task = g_task_new (self, cancellable, on_filtered, NULL);
  g_task_set_source_tag (task, kb_filter_list_model_refilter);
  running = pass;
  g_task_set_task_data (task, g_steal_pointer (&pass), (GDestroyNotify) pass_free);
  self->pending_change = narrower ? GTK_FILTER_CHANGE_MORE_STRICT : GTK_FILTER_CHANGE_DIFFERENT;
  set_pending (self, cancellable);
  g_task_run_in_thread (task, filter_in_thread);
  if (self->wait_ms > 0)
    wait_for_pass (self, running);
}

/* ---- Rows and match ---------------------------------------------------- */

static void
make_index_in_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  rows_get_index (data);
  g_task_return_boolean (task, TRUE);
}

/* New rows' index is made on a worker once the main loop is idle (the
 * rows drawn), ahead of the first keystroke; of the rows shown then, so
 * that rows replaced meanwhile are not indexed for nothing. Or
 * INDEX_DELAY_MS after them, if that comes first: while a page is shown
 * its frames can follow each other for a few hundred milliseconds, and a
 * first keystroke came before the idle, and waited 10 ms for the index.
 * Not at once: made beside the frame that shows 100 000 subscribers, it
 * put that frame off. */
static gboolean
make_index_later (gpointer user_data)
{
  KbFilterListModel *self = user_data;
  g_autoptr(GTask) task = NULL;

  /* One of the two is the source running now: GLib lets it be removed. */
  g_clear_handle_id (&self->index_idle, g_source_remove);
  g_clear_handle_id (&self->index_timeout, g_source_remove);
  if (rows_peek_index (self->rows) != NULL)
    return G_SOURCE_REMOVE;
  task = g_task_new (NULL, NULL, NULL, NULL);
  g_task_set_source_tag (task, make_index_later);
  g_task_set_task_data (task, rows_ref (self->rows), (GDestroyNotify) rows_unref);
  g_task_run_in_thread (task, make_index_in_thread);
  return G_SOURCE_REMOVE;
}

static void
index_later (KbFilterListModel *self)
{
  if (self->make_index == NULL || self->rows->items->len < MIN_INDEXED_ROWS ||
      self->index_idle != 0)
    return;
  self->index_idle = g_idle_add_full (G_PRIORITY_LOW, make_index_later, self, NULL);
  self->index_timeout = g_timeout_add_full (G_PRIORITY_DEFAULT, INDEX_DELAY_MS, make_index_later,
                                            self, NULL);
}

/* Whether @items and @keys are the rows shown, item for item and key for
 * key (see kb_filter_list_model_set_key_equal()). */
static gboolean
same_rows (KbFilterListModel *self, GPtrArray *items, GPtrArray *keys)
{
  const Rows *rows = self->rows;

  if (self->key_equal == NULL || keys == NULL || rows->keys == NULL ||
      items->len != rows->items->len)
    return FALSE;
  for (guint i = 0; i < items->len; i++)
    if (items->pdata[i] != rows->items->pdata[i] ||
        !self->key_equal (keys->pdata[i], rows->keys->pdata[i]))
      return FALSE;
  return TRUE;
}

void
kb_filter_list_model_set_rows (KbFilterListModel *self, GPtrArray *items, GPtrArray *keys)
{
  Rows *rows;
  g_autoptr(GArray) shown = NULL;

  g_return_if_fail (KB_IS_FILTER_LIST_MODEL (self));
  g_return_if_fail (items != NULL);
  g_return_if_fail (keys == NULL || keys->len == items->len);

  if (same_rows (self, items, keys))
    {
      g_ptr_array_unref (items);
      g_ptr_array_unref (keys);
      return;
    }

  /* A pass on the old rows is stale now. */
  self->generation++;
  set_pending (self, NULL);
  rows = rows_new (self, items, keys);
  shown = match_rows (rows, NULL, self->match, self->match_data, NULL);
  show (self, rows, shown);
  index_later (self);
}

GPtrArray *
kb_filter_list_model_peek_items (KbFilterListModel *self)
{
  g_return_val_if_fail (KB_IS_FILTER_LIST_MODEL (self), NULL);
  return self->rows->items;
}

void
kb_filter_list_model_set_match (KbFilterListModel *self,
                                KbFilterMatchFunc  match,
                                gpointer           data,
                                GBoxedCopyFunc     copy,
                                GDestroyNotify     free_copy)
{
  g_return_if_fail (KB_IS_FILTER_LIST_MODEL (self));
  g_return_if_fail ((copy == NULL) == (free_copy == NULL));

  self->match = match;
  self->match_data = data;
  self->copy = copy;
  self->free_copy = free_copy;
  kb_filter_list_model_refilter (self, GTK_FILTER_CHANGE_DIFFERENT);
}

void
kb_filter_list_model_set_search (KbFilterListModel *self,
                                 KbFilterIndexFunc  make_index,
                                 GDestroyNotify     free_index,
                                 KbFilterSearchFunc search)
{
  Rows *old;

  g_return_if_fail (KB_IS_FILTER_LIST_MODEL (self));
  g_return_if_fail ((make_index == NULL) == (search == NULL));
  g_return_if_fail (make_index == NULL || free_index != NULL);

  self->make_index = make_index;
  self->free_index = free_index;
  self->search = search;
  /* The rows shown are made anew with the index's functions: a worker may
   * be reading the old ones. */
  old = self->rows;
  self->rows = rows_new (self, g_ptr_array_ref (old->items),
                         old->keys != NULL ? g_ptr_array_ref (old->keys) : NULL);
  rows_unref (old);
  index_later (self);
}

void
kb_filter_list_model_set_key_equal (KbFilterListModel *self, KbFilterKeyEqualFunc equal)
{
  g_return_if_fail (KB_IS_FILTER_LIST_MODEL (self));
  self->key_equal = equal;
}

gboolean
kb_filter_list_model_get_pending (KbFilterListModel *self)
{
  g_return_val_if_fail (KB_IS_FILTER_LIST_MODEL (self), FALSE);
  return self->cancellable != NULL;
}

void
kb_filter_list_model_set_threshold (KbFilterListModel *self, guint n_rows)
{
  g_return_if_fail (KB_IS_FILTER_LIST_MODEL (self));
  self->threshold = n_rows;
}

void
kb_filter_list_model_set_wait (KbFilterListModel *self, guint ms)
{
  g_return_if_fail (KB_IS_FILTER_LIST_MODEL (self));
  self->wait_ms = ms;
}

/* ---- Object ------------------------------------------------------------ */

KbFilterListModel *
kb_filter_list_model_new (GType item_type)
{
  KbFilterListModel *self;

  g_return_val_if_fail (g_type_is_a (item_type, G_TYPE_OBJECT), NULL);

  self = g_object_new (KB_TYPE_FILTER_LIST_MODEL, NULL);
  self->item_type = item_type;
  return self;
}

static void
kb_filter_list_model_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KbFilterListModel *self = KB_FILTER_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_PENDING:
      g_value_set_boolean (value, kb_filter_list_model_get_pending (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kb_filter_list_model_dispose (GObject *object)
{
  KbFilterListModel *self = KB_FILTER_LIST_MODEL (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->index_idle, g_source_remove);
  g_clear_handle_id (&self->index_timeout, g_source_remove);

  G_OBJECT_CLASS (kb_filter_list_model_parent_class)->dispose (object);
}

static void
kb_filter_list_model_finalize (GObject *object)
{
  KbFilterListModel *self = KB_FILTER_LIST_MODEL (object);

  g_clear_pointer (&self->rows, rows_unref);
  g_clear_pointer (&self->shown, g_array_unref);

  G_OBJECT_CLASS (kb_filter_list_model_parent_class)->finalize (object);
}

static void
kb_filter_list_model_class_init (KbFilterListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  main_thread = g_thread_self ();
  object_class->get_property = kb_filter_list_model_get_property;
  object_class->dispose = kb_filter_list_model_dispose;
  object_class->finalize = kb_filter_list_model_finalize;

  properties[PROP_PENDING] =
    g_param_spec_boolean ("pending", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kb_filter_list_model_init (KbFilterListModel *self)
{
  self->item_type = G_TYPE_OBJECT;
  self->threshold = DEFAULT_THRESHOLD;
  self->rows = rows_new (self, g_ptr_array_new_with_free_func (g_object_unref), NULL);
  self->shown = g_array_new (FALSE, FALSE, sizeof (guint));
}
