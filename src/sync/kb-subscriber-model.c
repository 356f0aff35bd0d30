/* kb-subscriber-model.c — the whole subscriber list as a GListModel over one array.
 *
 * A GListStore keeps its items in a GSequence: filling it with 100 000
 * subscribers inserts them one by one into a tree, and everyone who reads
 * the list back (the page's sorted and filtered view reads all of it on
 * every change) walks that tree item by item. The list is only ever
 * replaced whole or changed row by row in place, so an array does: the
 * list read from the cache or the server becomes the model as it is, in
 * one step, and any item is one index away. The tariffs the rows have
 * (what the tariff filter offers) are kept with them: the list read from
 * the cache brings them made on its worker, and any other list has them
 * made from its pointers when first asked for, never by a walk through
 * GListModel's references.
 */
#include "config.h"

#include "kb-subscriber-model.h"

struct _KbSubscriberModel
{
  GObject parent_instance;

  GPtrArray *items;         /* KbSubscriber, owned (a reference each) */
  gboolean items_lent;      /* kb_subscriber_model_dup_items() gave them out: copied before a change */
  const char **tariffs;     /* interned, sorted; NULL until asked for after a change */
};

static void kb_subscriber_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KbSubscriberModel, kb_subscriber_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      kb_subscriber_model_list_model_init))

static GType
get_item_type (GListModel *model)
{
  return KB_TYPE_SUBSCRIBER;
}

static guint
get_n_items (GListModel *model)
{
  return KB_SUBSCRIBER_MODEL (model)->items->len;
}

static gpointer
get_item (GListModel *model, guint position)
{
  KbSubscriberModel *self = KB_SUBSCRIBER_MODEL (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (self->items->pdata[position]);
}

static void
kb_subscriber_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
kb_subscriber_model_finalize (GObject *object)
{
  g_ptr_array_unref (KB_SUBSCRIBER_MODEL (object)->items);
  g_free (KB_SUBSCRIBER_MODEL (object)->tariffs);
  G_OBJECT_CLASS (kb_subscriber_model_parent_class)->finalize (object);
}

static void
kb_subscriber_model_class_init (KbSubscriberModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kb_subscriber_model_finalize;
}

static void
kb_subscriber_model_init (KbSubscriberModel *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}

KbSubscriberModel *
kb_subscriber_model_new (void)
{
  return g_object_new (KB_TYPE_SUBSCRIBER_MODEL, NULL);
}

/**
 * kb_subscriber_model_replace_full:
 * @subscribers: (transfer none): the new list; the model shares it: nobody
 *   else may change it afterwards, and kb_subscriber_model_set_item()
 *   changes it
 * @tariffs: (transfer full) (nullable): what kb_subscriber_collect_tariffs()
 *   gives for @subscribers, when the caller has it already
 *
 * Makes @subscribers the whole list, in one items-changed. The old items
 * are let go only after the signal, so that its handlers may still compare
 * with them.
 */
void
kb_subscriber_model_replace_full (KbSubscriberModel  *self,
                                  GPtrArray          *subscribers,
                                  const char        **tariffs)
{
  g_autoptr(GPtrArray) old = NULL;

  g_return_if_fail (KB_IS_SUBSCRIBER_MODEL (self));
  g_return_if_fail (subscribers != NULL);

  if (subscribers->len == 0 && self->items->len == 0)
    {
      g_free (tariffs);
      return;
    }
  old = g_steal_pointer (&self->items);
  self->items = g_ptr_array_ref (subscribers);
  self->items_lent = FALSE;
  g_free (self->tariffs);
  self->tariffs = tariffs;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old->len, subscribers->len);
}

void
kb_subscriber_model_replace (KbSubscriberModel *self, GPtrArray *subscribers)
{
  kb_subscriber_model_replace_full (self, subscribers, NULL);
}

/* Puts @subscriber in the row at @position: one row changed. */
void
kb_subscriber_model_set_item (KbSubscriberModel *self, guint position, KbSubscriber *subscriber)
{
  g_autoptr(KbSubscriber) old = NULL;

  g_return_if_fail (KB_IS_SUBSCRIBER_MODEL (self));
  g_return_if_fail (position < self->items->len);
  g_return_if_fail (KB_IS_SUBSCRIBER (subscriber));

  if (self->items_lent)
    {
      GPtrArray *lent = self->items;

      self->items = g_ptr_array_copy (lent, (GCopyFunc) (void (*) (void)) g_object_ref, NULL);
      g_ptr_array_unref (lent);
      self->items_lent = FALSE;
    }
  old = g_steal_pointer (&self->items->pdata[position]);
  self->items->pdata[position] = g_object_ref (subscriber);
  if (kb_subscriber_get_tariff (subscriber) != kb_subscriber_get_tariff (old))
    g_clear_pointer (&self->tariffs, g_free);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
}

/* Returns: (transfer none): the row at @position, without a reference to drop. */
KbSubscriber *
kb_subscriber_model_peek_item (KbSubscriberModel *self, guint position)
{
  g_return_val_if_fail (KB_IS_SUBSCRIBER_MODEL (self), NULL);
  g_return_val_if_fail (position < self->items->len, NULL);
  return self->items->pdata[position];
}

/* Returns: (transfer none): the tariffs the rows have, interned, in byte
 * order, NULL-terminated; valid until the list next changes. */
const char * const *
kb_subscriber_model_get_tariffs (KbSubscriberModel *self)
{
  g_return_val_if_fail (KB_IS_SUBSCRIBER_MODEL (self), NULL);

  if (self->tariffs == NULL)
    self->tariffs = kb_subscriber_collect_tariffs (self->items);
  return self->tariffs;
}

/* Returns: (transfer none): the rows, not to be changed. */
GPtrArray *
kb_subscriber_model_get_items (KbSubscriberModel *self)
{
  g_return_val_if_fail (KB_IS_SUBSCRIBER_MODEL (self), NULL);
  return self->items;
}

/**
 * kb_subscriber_model_dup_items:
 *
 * The rows as they are now, which stay as they are: a later change of the
 * model (kb_subscriber_model_set_item()) changes a copy. For a snapshot of
 * 100 000 rows that a worker reads, without a reference taken on each.
 *
 * Returns: (transfer full) (element-type KbSubscriber): the rows, not to be changed
 */
GPtrArray *
kb_subscriber_model_dup_items (KbSubscriberModel *self)
{
  g_return_val_if_fail (KB_IS_SUBSCRIBER_MODEL (self), NULL);
  self->items_lent = TRUE;
  return g_ptr_array_ref (self->items);
}
