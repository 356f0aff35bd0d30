/* kb-rename-history.h — Rename Subscriber's history: the renames, each opened to its rows. */
#pragma once

#include <adwaita.h>

#include "kb-renames.h"

G_BEGIN_DECLS

#define KB_TYPE_RENAME_HISTORY (kb_rename_history_get_type ())
G_DECLARE_FINAL_TYPE (KbRenameHistory, kb_rename_history, KB, RENAME_HISTORY, AdwBin)

/* Shows the batches of @renames, newest first as the model has them. */
void        kb_rename_history_set_renames   (KbRenameHistory *self,
                                             KbRenames       *renames);
/* Opens the entry at @position, as activating its row does. */
void        kb_rename_history_open_entry    (KbRenameHistory *self,
                                             guint            position);
/* The rows of the entry opened (GListModel of KbRenameRow, transfer none). */
GListModel *kb_rename_history_get_batch_rows (KbRenameHistory *self);

G_END_DECLS
