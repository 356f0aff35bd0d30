/* kb-rename-columns.h — the columns of the Rename section's tables. */
#pragma once

#include <gtk/gtk.h>

#include "kb-rename-batch.h"

G_BEGIN_DECLS

/* Shows @rows (KbRenameRow) in @view: line, number, new name, status and
 * the reason of a refusal. @just_sent: the rows of a list just sent, where
 * a pending row reads "Accepted". */
void        kb_rename_columns_setup_rows   (GtkColumnView  *view,
                                            GListModel     *rows,
                                            gboolean        just_sent);
/* The style class (or %NULL) of a status's pill; its text is
 * kb_rename_status_to_display(). */
const char *kb_rename_columns_status_style (KbRenameStatus  status,
                                            gboolean        just_sent);

G_END_DECLS
