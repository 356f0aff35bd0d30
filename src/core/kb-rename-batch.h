/* kb-rename-batch.h — one entry of the rename history: a batch from a list, or a single rename. */
#pragma once

#include <glib-object.h>

#include "kb-rename-row.h"

G_BEGIN_DECLS

#define KB_TYPE_RENAME_BATCH (kb_rename_batch_get_type ())
G_DECLARE_FINAL_TYPE (KbRenameBatch, kb_rename_batch, KB, RENAME_BATCH, GObject)

/* @number and @name (nullable) are those of a single rename. The rows are
 * known only once the batch was fetched on its own or just submitted. */
KbRenameBatch  *kb_rename_batch_new              (const char     *id,
                                                  gboolean        single,
                                                  GDateTime      *created_at,
                                                  GDateTime      *effective_at,
                                                  KbRenameStatus  status,
                                                  guint           total,
                                                  guint           accepted,
                                                  guint           rejected,
                                                  const char     *number,
                                                  const char     *name);
const char     *kb_rename_batch_get_id           (KbRenameBatch  *self);
gboolean        kb_rename_batch_get_single       (KbRenameBatch  *self);
GDateTime      *kb_rename_batch_get_created_at   (KbRenameBatch  *self);
GDateTime      *kb_rename_batch_get_effective_at (KbRenameBatch  *self);
KbRenameStatus  kb_rename_batch_get_status       (KbRenameBatch  *self);
guint           kb_rename_batch_get_total        (KbRenameBatch  *self);
guint           kb_rename_batch_get_accepted     (KbRenameBatch  *self);
guint           kb_rename_batch_get_rejected     (KbRenameBatch  *self);
const char     *kb_rename_batch_get_number       (KbRenameBatch  *self);
const char     *kb_rename_batch_get_name         (KbRenameBatch  *self);
/* (element-type KbRenameRow) (nullable) (transfer none) */
GPtrArray      *kb_rename_batch_get_rows         (KbRenameBatch  *self);
void            kb_rename_batch_set_rows         (KbRenameBatch  *self,
                                                  GPtrArray      *rows);

G_END_DECLS
