/* kb-slot-list-model.c — a list model whose rows stay put while their items change. */
#include "config.h"

#include "kb-slot-list-model.h"

struct _KbSlotListModel
{
  GObject parent_instance;

  GListModel *model;
  guint n_items;
  GHashTable *slots;    /* position → KbListSlot, weak: those someone holds */
};

static void kb_slot_list_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KbSlotListModel, kb_slot_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, kb_slot_list_model_list_model_init))

static void
on_slot_finalized (gpointer data, GObject *where_the_slot_was)
{
  KbSlotListModel *self = data;
  GHashTableIter iter;
  gpointer slot;

  g_hash_table_iter_init (&iter, self->slots);
  while (g_hash_table_iter_next (&iter, NULL, &slot))
    if (slot == (gpointer) where_the_slot_was)
      {
        g_hash_table_iter_remove (&iter);
        return;
      }
}

/* ---- GListModel -------------------------------------------------------- */

static GType
get_item_type (GListModel *model)
{
  return KB_TYPE_LIST_SLOT;
}

static guint
get_n_items (GListModel *model)
{
  return KB_SLOT_LIST_MODEL (model)->n_items;
}

static gpointer
get_item (GListModel *model, guint position)
{
  KbSlotListModel *self = KB_SLOT_LIST_MODEL (model);
  g_autoptr(GObject) item = NULL;
  KbListSlot *slot;

  if (position >= self->n_items || (item = g_list_model_get_item (self->model, position)) == NULL)
    return NULL;
  slot = g_hash_table_lookup (self->slots, GUINT_TO_POINTER (position));
  if (slot != NULL)
    {
      _kb_list_slot_set_item (slot, item);
      return g_object_ref (slot);
    }
  slot = _kb_list_slot_new (position, item);
  g_object_weak_ref (G_OBJECT (slot), on_slot_finalized, self);
  g_hash_table_insert (self->slots, GUINT_TO_POINTER (position), slot);
  return slot;
}

static void
kb_slot_list_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

/* ---- Changes ----------------------------------------------------------- */

static void
on_items_changed (KbSlotListModel *self, guint position, guint removed, guint added)
{
  guint old_n = self->n_items;
  guint new_n = g_list_model_get_n_items (self->model);
  GHashTableIter iter;
  gpointer key, slot;

  /* The rows that stay show their new items; those past the new end are
   * about to be dropped by whoever holds them. */
  self->n_items = new_n;
  g_hash_table_iter_init (&iter, self->slots);
  while (g_hash_table_iter_next (&iter, &key, &slot))
    {
      guint at = GPOINTER_TO_UINT (key);

      if (at >= position && at < new_n)
        {
          g_autoptr(GObject) item = g_list_model_get_item (self->model, at);

          _kb_list_slot_set_item (slot, item);
        }
    }

  if (new_n > old_n)
    g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, new_n - old_n);
  else if (new_n < old_n)
    g_list_model_items_changed (G_LIST_MODEL (self), new_n, old_n - new_n, 0);
}

/* ---- Object ------------------------------------------------------------ */

KbSlotListModel *
kb_slot_list_model_new (GListModel *model)
{
  KbSlotListModel *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);

  self = g_object_new (KB_TYPE_SLOT_LIST_MODEL, NULL);
  self->model = g_object_ref (model);
  self->n_items = g_list_model_get_n_items (model);
  g_signal_connect_object (model, "items-changed", G_CALLBACK (on_items_changed), self, G_CONNECT_SWAPPED);
  return self;
}

GListModel *
kb_slot_list_model_get_model (KbSlotListModel *self)
{
  g_return_val_if_fail (KB_IS_SLOT_LIST_MODEL (self), NULL);
  return self->model;
}

static void
kb_slot_list_model_dispose (GObject *object)
{
  KbSlotListModel *self = KB_SLOT_LIST_MODEL (object);
  GHashTableIter iter;
  gpointer slot;

  g_hash_table_iter_init (&iter, self->slots);
  while (g_hash_table_iter_next (&iter, NULL, &slot))
    g_object_weak_unref (slot, on_slot_finalized, self);
  g_hash_table_remove_all (self->slots);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (kb_slot_list_model_parent_class)->dispose (object);
}

static void
kb_slot_list_model_finalize (GObject *object)
{
  g_hash_table_unref (KB_SLOT_LIST_MODEL (object)->slots);
  G_OBJECT_CLASS (kb_slot_list_model_parent_class)->finalize (object);
}

static void
kb_slot_list_model_class_init (KbSlotListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kb_slot_list_model_dispose;
  object_class->finalize = kb_slot_list_model_finalize;
}

static void
kb_slot_list_model_init (KbSlotListModel *self)
{
  self->slots = g_hash_table_new (NULL, NULL);
}
