/* kb-list-slot.h — one row position of a KbSlotListModel: which item it shows now. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define KB_TYPE_LIST_SLOT (kb_list_slot_get_type ())
G_DECLARE_FINAL_TYPE (KbListSlot, kb_list_slot, KB, LIST_SLOT, GObject)

/* Property "item" (GObject, read-only): the item at the slot's position;
 * notified when another item moves into that position. NULL while the slot
 * is a spare: a row past the end of a list that was just cut short, which
 * its view keeps hidden for a moment rather than destroying it at once
 * (see kb_slot_list_model_set_vadjustment()). */
gpointer    kb_list_slot_get_item  (KbListSlot *self);
guint       kb_list_slot_get_position (KbListSlot *self);

/*< private >*/
KbListSlot *_kb_list_slot_new      (guint       position,
                                    gpointer    item);
KbListSlot *_kb_list_slot_new_spare (guint      position);
void        _kb_list_slot_set_item (KbListSlot *self,
                                    gpointer    item);
void        _kb_list_slot_follow_item (KbListSlot *self);

G_END_DECLS
