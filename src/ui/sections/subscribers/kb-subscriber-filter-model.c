/* kb-subscriber-filter-model.c — a sorted, filtered view of a subscriber list in plain arrays.
 *
 * On GTK 4.8 a keystroke through GtkFilterListModel over 100 000 items took
 * a quarter of a second: every item is fetched with a reference through the
 * sort model, the bitset is rebuilt, and the whole range is announced as
 * changed, so the list view throws away and rebuilds every row. Here the
 * sorted list holds the source's items in an array (the source keeps them
 * alive), the shown list is an array of pointers into it, a filter pass
 * reads the array directly, and items-changed covers only the range between
 * the first and the last row that differ.
 */
#include "config.h"

#include "kb-subscriber-filter-model.h"

struct _KbSubscriberFilterModel
{
  GObject parent_instance;

  GListModel *source;
  GtkSorter *sorter;
  KbSubscriberMatchFunc match;
  gpointer match_data;

  GPtrArray *sorted;    /* KbSubscriber *, borrowed from the source */
  GPtrArray *shown;     /* the matching part of sorted, in its order */
};

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
  return KB_SUBSCRIBER_FILTER_MODEL (model)->shown->len;
}

static gpointer
get_item (GListModel *model, guint position)
{
  KbSubscriberFilterModel *self = KB_SUBSCRIBER_FILTER_MODEL (model);

  if (position >= self->shown->len)
    return NULL;
  return g_object_ref (self->shown->pdata[position]);
}

static void
kb_subscriber_filter_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

/* ---- Filtering --------------------------------------------------------- */

/* Replaces the shown list and announces the one range that differs. */
static void
replace_shown (KbSubscriberFilterModel *self, GPtrArray *shown)
{
  g_autoptr(GPtrArray) old = self->shown;
  guint prefix = 0, suffix = 0;

  while (prefix < old->len && prefix < shown->len && old->pdata[prefix] == shown->pdata[prefix])
    prefix++;
  while (suffix < old->len - prefix && suffix < shown->len - prefix &&
         old->pdata[old->len - 1 - suffix] == shown->pdata[shown->len - 1 - suffix])
    suffix++;

  self->shown = shown;
  if (old->len != prefix + suffix || shown->len != prefix + suffix)
    g_list_model_items_changed (G_LIST_MODEL (self), prefix, old->len - prefix - suffix,
                                shown->len - prefix - suffix);
}

static GPtrArray *
match_all (KbSubscriberFilterModel *self, GPtrArray *candidates)
{
  GPtrArray *shown = g_ptr_array_sized_new (candidates->len);

  for (guint i = 0; i < candidates->len; i++)
    if (self->match == NULL || self->match (candidates->pdata[i], self->match_data))
      g_ptr_array_add (shown, candidates->pdata[i]);
  return shown;
}

void
kb_subscriber_filter_model_refilter (KbSubscriberFilterModel *self, GtkFilterChange change)
{
  g_return_if_fail (KB_IS_SUBSCRIBER_FILTER_MODEL (self));

  /* A stricter filter can only hide rows: look at those still shown. */
  replace_shown (self, match_all (self, change == GTK_FILTER_CHANGE_MORE_STRICT ? self->shown : self->sorted));
}

/* ---- Sorting ----------------------------------------------------------- */

static int
compare_items (gconstpointer a, gconstpointer b, gpointer user_data)
{
  return gtk_sorter_compare (GTK_SORTER (user_data), *(gpointer *) a, *(gpointer *) b);
}

static void
sort (KbSubscriberFilterModel *self)
{
  guint n = self->source != NULL ? g_list_model_get_n_items (self->source) : 0;

  g_ptr_array_set_size (self->sorted, 0);
  for (guint i = 0; i < n; i++)
    {
      /* The source holds every item: borrow them. */
      g_autoptr(KbSubscriber) subscriber = g_list_model_get_item (self->source, i);

      g_ptr_array_add (self->sorted, subscriber);
    }
  /* g_qsort_with_data() is a merge sort: equal rows keep the source's order. */
  if (self->sorter != NULL && gtk_sorter_get_order (self->sorter) != GTK_SORTER_ORDER_NONE)
    g_qsort_with_data (self->sorted->pdata, self->sorted->len, sizeof (gpointer), compare_items, self->sorter);
}

static void
on_sorter_changed (KbSubscriberFilterModel *self)
{
  sort (self);
  kb_subscriber_filter_model_refilter (self, GTK_FILTER_CHANGE_DIFFERENT);
}

static void
on_source_items_changed (KbSubscriberFilterModel *self)
{
  /* The shown array points into the old items: let go of it before the
   * source's removed items are gone for good (they are already unreffed
   * when this runs, so compare nothing with them). */
  guint old_len = self->shown->len;

  g_ptr_array_set_size (self->shown, 0);
  sort (self);
  {
    GPtrArray *shown = match_all (self, self->sorted);

    g_ptr_array_unref (self->shown);
    self->shown = shown;
    if (old_len > 0 || shown->len > 0)
      g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, shown->len);
  }
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
    g_signal_connect_object (source, "items-changed", G_CALLBACK (on_source_items_changed), self,
                             G_CONNECT_SWAPPED);
  on_source_items_changed (self);
}

/* ---- Object ------------------------------------------------------------ */

KbSubscriberFilterModel *
kb_subscriber_filter_model_new (GListModel *source, GtkSorter *sorter, KbSubscriberMatchFunc match,
                                gpointer user_data)
{
  KbSubscriberFilterModel *self = g_object_new (KB_TYPE_SUBSCRIBER_FILTER_MODEL, NULL);

  g_return_val_if_fail (sorter == NULL || GTK_IS_SORTER (sorter), self);

  self->match = match;
  self->match_data = user_data;
  if (sorter != NULL)
    {
      self->sorter = g_object_ref (sorter);
      g_signal_connect_object (sorter, "changed", G_CALLBACK (on_sorter_changed), self, G_CONNECT_SWAPPED);
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
  g_ptr_array_set_size (self->shown, 0);
  g_ptr_array_set_size (self->sorted, 0);
  g_clear_object (&self->source);
  g_clear_object (&self->sorter);

  G_OBJECT_CLASS (kb_subscriber_filter_model_parent_class)->dispose (object);
}

static void
kb_subscriber_filter_model_finalize (GObject *object)
{
  KbSubscriberFilterModel *self = KB_SUBSCRIBER_FILTER_MODEL (object);

  g_ptr_array_unref (self->shown);
  g_ptr_array_unref (self->sorted);

  G_OBJECT_CLASS (kb_subscriber_filter_model_parent_class)->finalize (object);
}

static void
kb_subscriber_filter_model_class_init (KbSubscriberFilterModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kb_subscriber_filter_model_dispose;
  object_class->finalize = kb_subscriber_filter_model_finalize;
}

static void
kb_subscriber_filter_model_init (KbSubscriberFilterModel *self)
{
  self->sorted = g_ptr_array_new ();
  self->shown = g_ptr_array_new ();
}
