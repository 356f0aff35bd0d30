/* kb-rename-row.h — one row of a rename batch as the server answered it. */
#pragma once

#include <glib-object.h>

#include "kb-core-enums.h"

G_BEGIN_DECLS

/* Where a rename stands: accepted and waiting the 24 hours it takes, taken
 * effect, or refused. */
typedef enum {
  KB_RENAME_STATUS_UNKNOWN,
  KB_RENAME_STATUS_PENDING,
  KB_RENAME_STATUS_DONE,
  KB_RENAME_STATUS_REJECTED,
} KbRenameStatus;

const char    *kb_rename_status_to_display  (KbRenameStatus  status);

#define KB_TYPE_RENAME_ROW (kb_rename_row_get_type ())
G_DECLARE_FINAL_TYPE (KbRenameRow, kb_rename_row, KB, RENAME_ROW, GObject)

/* @code and @message (nullable) say why a rejected row was refused: the
 * contract's row code (docs/api.md, "Bulk operations") and the server's
 * untranslated text. */
KbRenameRow    *kb_rename_row_new         (guint           row,
                                           const char     *number,
                                           const char     *name,
                                           KbRenameStatus  status,
                                           const char     *code,
                                           const char     *message);
guint           kb_rename_row_get_row     (KbRenameRow    *self);
const char     *kb_rename_row_get_number  (KbRenameRow    *self);
const char     *kb_rename_row_get_name    (KbRenameRow    *self);
KbRenameStatus  kb_rename_row_get_status  (KbRenameRow    *self);
const char     *kb_rename_row_get_code    (KbRenameRow    *self);
const char     *kb_rename_row_get_message (KbRenameRow    *self);

G_END_DECLS
