/* kb-subscriber-filter-model.c — a sorted, filtered view of a subscriber list in plain arrays.
 *
 * On GTK 4.8 a keystroke through GtkFilterListModel over 100 000 items took
 * a quarter of a second: every item is fetched with a reference through the
 * sort model, the bitset is rebuilt, and the whole range is announced as
 * changed, so the list view throws away and rebuilds every row. Here the
 * source's items are sorted into an array once per change of the source or
 * the sorter, and KbFilterListModel filters that array (off the main thread
 * when it is large) and announces only the range that differs; this model
 * passes its list on as its own.
 */
#include "config.h"

#include "kb-subscriber-filter-model.h"

#include "kb-filter-list-model.h"
#include "kb-subscriber-model.h"
#include "kb-subscriber-query.h"

/* How long a keystroke waits for its pass on a worker; see
 * kb_filter_list_model_set_wait(). */
#define WAIT_MS 10

struct _KbSubscriberFilterModel
{
  GObject parent_instance;

  GListModel *source;
  GtkSorter *sorter;
  KbFilterListModel *filtered;
};

enum {
  PROP_0,
  PROP_PENDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void kb_subscriber_filter_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KbSubscriberFilterModel, kb_subscriber_filter_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      kb_subscriber_filter_model_list_model_init))

/* ---- GListModel -------------------------------------------------------- */

static GType
get_item_type (GListModel *model)
{
  return KB_TYPE_SUBSCRIBER;
}

static guint
get_n_items (GListModel *model)
{
  return g_list_model_get_n_items (G_LIST_MODEL (KB_SUBSCRIBER_FILTER_MODEL (model)->filtered));
}

static gpointer
get_item (GListModel *model, guint position)
{
  return g_list_model_get_item (G_LIST_MODEL (KB_SUBSCRIBER_FILTER_MODEL (model)->filtered), position);
}

static void
kb_subscriber_filter_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
on_filtered_items_changed (KbSubscriberFilterModel *self, guint position, guint removed, guint added)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

static void
on_filtered_pending (KbSubscriberFilterModel *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}

/* ---- Filtering --------------------------------------------------------- */

void
kb_subscriber_filter_model_refilter (KbSubscriberFilterModel *self, GtkFilterChange change)
{
  g_return_if_fail (KB_IS_SUBSCRIBER_FILTER_MODEL (self));
  kb_filter_list_model_refilter (self->filtered, change);
}

void
kb_subscriber_filter_model_set_query_copy (KbSubscriberFilterModel *self,
                                           KbSubscriberMatchFunc    match,
                                           KbFilterSearchFunc       search,
                                           gpointer                 query,
                                           GBoxedCopyFunc           copy,
                                           GDestroyNotify           free_copy)
{
  g_return_if_fail (KB_IS_SUBSCRIBER_FILTER_MODEL (self));
  /* A KbSubscriberMatchFunc is a KbFilterMatchFunc whose key is the item:
   * both take two pointers and return a gboolean. */
  kb_filter_list_model_set_search (self->filtered,
                                   search != NULL ? (KbFilterIndexFunc) kb_subscriber_index_new : NULL,
                                   (GDestroyNotify) kb_subscriber_index_free, search);
  kb_filter_list_model_set_match (self->filtered, (KbFilterMatchFunc) (void (*) (void)) match, query,
                                  copy, free_copy);
}

gboolean
kb_subscriber_filter_model_get_pending (KbSubscriberFilterModel *self)
{
  g_return_val_if_fail (KB_IS_SUBSCRIBER_FILTER_MODEL (self), FALSE);
  return kb_filter_list_model_get_pending (self->filtered);
}

/* ---- Sorting ----------------------------------------------------------- */

static int
compare_items (gconstpointer a, gconstpointer b, gpointer user_data)
{
  return gtk_sorter_compare (GTK_SORTER (user_data), *(gpointer *) a, *(gpointer *) b);
}

/* Whether @items are in @sorter's order already: a list read from the
 * cache or the server comes in number order, the view's own, and checking
 * that is one pass where sorting it again is n log n comparisons. */
static gboolean
is_sorted (GPtrArray *items, GtkSorter *sorter)
{
  for (guint i = 1; i < items->len; i++)
    if (gtk_sorter_compare (sorter, items->pdata[i - 1], items->pdata[i]) == GTK_ORDERING_LARGER)
      return FALSE;
  return TRUE;
}

static gboolean
has_order (KbSubscriberFilterModel *self)
{
  return self->sorter != NULL && gtk_sorter_get_order (self->sorter) != GTK_SORTER_ORDER_NONE;
}

/* The source's items in the sorter's order, for KbFilterListModel to filter;
 * on each change of the source or of the sorter. The whole list, in its
 * own order already (the view's order is the list's unless a column was
 * chosen), is the model's own rows, lent as they are: a copy took a
 * reference on each of 100 000 rows in the frame that showed them. */
static void
sort (KbSubscriberFilterModel *self)
{
  GPtrArray *rows;
  gboolean in_order;

  if (KB_IS_SUBSCRIBER_MODEL (self->source))
    {
      KbSubscriberModel *model = KB_SUBSCRIBER_MODEL (self->source);
      GPtrArray *own = kb_subscriber_model_get_items (model);

      in_order = !has_order (self) || is_sorted (own, self->sorter);
      rows = in_order ? kb_subscriber_model_dup_items (model)
                      : g_ptr_array_copy (own, (GCopyFunc) (void (*) (void)) g_object_ref, NULL);
    }
  else
    {
      guint n = self->source != NULL ? g_list_model_get_n_items (self->source) : 0;

      rows = g_ptr_array_new_full (n, g_object_unref);
      for (guint i = 0; i < n; i++)
        g_ptr_array_add (rows, g_list_model_get_item (self->source, i));
      in_order = !has_order (self) || is_sorted (rows, self->sorter);
    }
  /* g_qsort_with_data() is a merge sort: equal rows keep the source's order. */
  if (!in_order)
    g_qsort_with_data (rows->pdata, rows->len, sizeof (gpointer), compare_items, self->sorter);
  kb_filter_list_model_set_rows (self->filtered, rows, NULL);
}

void
kb_subscriber_filter_model_set_source (KbSubscriberFilterModel *self, GListModel *source)
{
  g_return_if_fail (KB_IS_SUBSCRIBER_FILTER_MODEL (self));
  g_return_if_fail (source == NULL || G_IS_LIST_MODEL (source));

  if (self->source == source)
    return;
  if (self->source != NULL)
    g_signal_handlers_disconnect_by_data (self->source, self);
  g_set_object (&self->source, source);
  if (source != NULL)
    g_signal_connect_object (source, "items-changed", G_CALLBACK (sort), self,
                             G_CONNECT_SWAPPED);
  sort (self);
}

/* ---- Object ------------------------------------------------------------ */

KbSubscriberFilterModel *
kb_subscriber_filter_model_new (GListModel *source, GtkSorter *sorter, KbSubscriberMatchFunc match,
                                gpointer user_data)
{
  KbSubscriberFilterModel *self = g_object_new (KB_TYPE_SUBSCRIBER_FILTER_MODEL, NULL);

  g_return_val_if_fail (sorter == NULL || GTK_IS_SORTER (sorter), self);

  kb_subscriber_filter_model_set_query_copy (self, match, NULL, user_data, NULL, NULL);
  if (sorter != NULL)
    {
      self->sorter = g_object_ref (sorter);
      g_signal_connect_object (sorter, "changed", G_CALLBACK (sort), self, G_CONNECT_SWAPPED);
    }
  kb_subscriber_filter_model_set_source (self, source);
  return self;
}

static void
kb_subscriber_filter_model_dispose (GObject *object)
{
  KbSubscriberFilterModel *self = KB_SUBSCRIBER_FILTER_MODEL (object);

  if (self->source != NULL)
    g_signal_handlers_disconnect_by_data (self->source, self);
  if (self->sorter != NULL)
    g_signal_handlers_disconnect_by_data (self->sorter, self);
  g_signal_handlers_disconnect_by_data (self->filtered, self);
  g_clear_object (&self->source);
  g_clear_object (&self->sorter);

  G_OBJECT_CLASS (kb_subscriber_filter_model_parent_class)->dispose (object);
}

/* The list lives as long as the model: a view may still ask for items. */
static void
kb_subscriber_filter_model_finalize (GObject *object)
{
  g_object_unref (KB_SUBSCRIBER_FILTER_MODEL (object)->filtered);

  G_OBJECT_CLASS (kb_subscriber_filter_model_parent_class)->finalize (object);
}

static void
kb_subscriber_filter_model_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_PENDING:
      g_value_set_boolean (value, kb_subscriber_filter_model_get_pending (KB_SUBSCRIBER_FILTER_MODEL (object)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kb_subscriber_filter_model_class_init (KbSubscriberFilterModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kb_subscriber_filter_model_dispose;
  object_class->finalize = kb_subscriber_filter_model_finalize;
  object_class->get_property = kb_subscriber_filter_model_get_property;

  properties[PROP_PENDING] =
    g_param_spec_boolean ("pending", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kb_subscriber_filter_model_init (KbSubscriberFilterModel *self)
{
  self->filtered = kb_filter_list_model_new (KB_TYPE_SUBSCRIBER);
  /* A row is one strstr over a short string: up to 20 000 of them take a
   * millisecond or two, less than a trip to a worker and another frame. */
  kb_filter_list_model_set_threshold (self->filtered, 20000);
  /* A pass over 100 000 names takes 5-10 ms on a worker: waiting for it
   * puts the result in the keystroke's first frame. */
  kb_filter_list_model_set_wait (self->filtered, WAIT_MS);
  g_signal_connect_object (self->filtered, "items-changed", G_CALLBACK (on_filtered_items_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filtered, "notify::pending", G_CALLBACK (on_filtered_pending), self,
                           G_CONNECT_SWAPPED);
}
