/* kb-list-slot.c — one row position of a KbSlotListModel: which item it shows now. */
#include "config.h"

#include "kb-list-slot.h"

struct _KbListSlot
{
  GObject parent_instance;

  guint position;
  GObject *item;
  gboolean follows;         /* whether the item's notify is the slot's too */
  gulong item_notify;
};

G_DEFINE_FINAL_TYPE (KbListSlot, kb_list_slot, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

KbListSlot *
_kb_list_slot_new (guint position, gpointer item)
{
  KbListSlot *self = g_object_new (KB_TYPE_LIST_SLOT, NULL);

  self->position = position;
  self->item = g_object_ref (item);
  return self;
}

/* A spare: a row past the end of a list that was cut short, without an
 * item; see kb_slot_list_model_set_vadjustment(). */
KbListSlot *
_kb_list_slot_new_spare (guint position)
{
  KbListSlot *self = g_object_new (KB_TYPE_LIST_SLOT, NULL);

  self->position = position;
  return self;
}

gpointer
kb_list_slot_get_item (KbListSlot *self)
{
  g_return_val_if_fail (KB_IS_LIST_SLOT (self), NULL);
  return self->item;
}

guint
kb_list_slot_get_position (KbListSlot *self)
{
  g_return_val_if_fail (KB_IS_LIST_SLOT (self), 0);
  return self->position;
}

static void
on_item_notify (KbListSlot *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

static void
follow (KbListSlot *self)
{
  if (self->item_notify != 0)
    g_clear_signal_handler (&self->item_notify, self->item);
  if (self->follows && self->item != NULL)
    self->item_notify = g_signal_connect_swapped (self->item, "notify", G_CALLBACK (on_item_notify), self);
}

/* @item: (nullable): NULL makes the slot a spare */
void
_kb_list_slot_set_item (KbListSlot *self, gpointer item)
{
  GObject *old;

  g_return_if_fail (KB_IS_LIST_SLOT (self));
  g_return_if_fail (item == NULL || G_IS_OBJECT (item));

  if (self->item == item)
    return;
  old = g_steal_pointer (&self->item);
  if (self->item_notify != 0)
    g_clear_signal_handler (&self->item_notify, old);
  self->item = item != NULL ? g_object_ref (item) : NULL;
  g_clear_object (&old);
  follow (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

/* From now on a change of the item (its "notify") is one of the slot's
 * "item" too, so that a cell following the slot shows it. */
void
_kb_list_slot_follow_item (KbListSlot *self)
{
  g_return_if_fail (KB_IS_LIST_SLOT (self));

  self->follows = TRUE;
  follow (self);
}

static void
kb_list_slot_finalize (GObject *object)
{
  KbListSlot *self = KB_LIST_SLOT (object);

  if (self->item_notify != 0)
    g_clear_signal_handler (&self->item_notify, self->item);
  g_clear_object (&self->item);
  G_OBJECT_CLASS (kb_list_slot_parent_class)->finalize (object);
}

static void
kb_list_slot_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_ITEM: g_value_set_object (value, KB_LIST_SLOT (object)->item); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kb_list_slot_class_init (KbListSlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kb_list_slot_finalize;
  object_class->get_property = kb_list_slot_get_property;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, G_TYPE_OBJECT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kb_list_slot_init (KbListSlot *self)
{
}
