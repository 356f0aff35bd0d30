/* kb-slot-list-model.h — a list model whose rows stay put while their items change. */
#pragma once

#include <gtk/gtk.h>

#include "kb-list-slot.h"

G_BEGIN_DECLS

#define KB_TYPE_SLOT_LIST_MODEL (kb_slot_list_model_get_type ())
G_DECLARE_FINAL_TYPE (KbSlotListModel, kb_slot_list_model, KB, SLOT_LIST_MODEL, GObject)

/* A GListModel of KbListSlot over @model: slot i shows @model's item i.
 *
 * When @model changes, the slots that exist take their new items (their
 * "item" notifies) and only a change in length is announced, at the end.
 * GTK 4.8's list views destroy a row's widgets whenever its item leaves the
 * model and build new ones through the factory; a search that replaces every
 * visible row then costs tens of milliseconds of widget building per
 * keystroke. Over slots the same rows stay, and their cells only set new
 * text. Only the slots GTK holds exist (a few screens' worth). */
KbSlotListModel *kb_slot_list_model_new       (GListModel      *model);
GListModel      *kb_slot_list_model_get_model (KbSlotListModel *self);
/* Before the first slot is made: each slot notifies "item" also when its
 * item notifies anything, so that cells following a slot show a change of
 * the item they show (a question answered while on screen). */
void             kb_slot_list_model_set_follow_items (KbSlotListModel *self);
/* While frozen, changes of the model are not passed on (the slots keep
 * their items and the view its rows); thawed, the slots catch up at once.
 * For a view that is hidden while its model is empty: its rows are not
 * destroyed on the way to nothing and made again on the way back. */
void             kb_slot_list_model_set_frozen (KbSlotListModel *self,
                                                gboolean         frozen);
/* The view's vertical adjustment: with it, after a change only the slots on
 * screen take their new items at once; the others take theirs when a scroll
 * brings them on screen, or once the list has had no change for a moment
 * (not while a word is being typed). "caught-up" says when the slots on
 * screen have, and again when all have. */
void             kb_slot_list_model_set_vadjustment (KbSlotListModel *self,
                                                     GtkAdjustment   *vadjustment);
/* The view the slots are shown in: while its window is shown, a list that
 * grows by many rows at once is told to the view a few rows a frame
 * until it has made all the rows it makes (GTK 4.8 makes some 200 of them,
 * on screen or not), so that no frame waits for all of them. The first
 * step is a screenful (kb_slot_list_model_set_screenful()). */
void             kb_slot_list_model_set_view (KbSlotListModel *self,
                                              GtkWidget       *view);
/* How many rows the view shows at most, so that the first frame of a list
 * that grows shows all it has room for; 0 (the default) for none known. */
void             kb_slot_list_model_set_screenful (KbSlotListModel *self,
                                                   guint            rows);
/* All of the above that a column view needs, and the selection it shows
 * the slots (transfer full) through: see kb-slot-list-model.c. */
GtkNoSelection  *kb_slot_list_model_show_in  (KbSlotListModel *self,
                                              GtkColumnView   *view);

G_END_DECLS
