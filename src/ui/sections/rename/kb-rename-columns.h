/* kb-rename-columns.h — the columns of the Rename section's tables. */
#pragma once

#include <gtk/gtk.h>

#include "kb-rename-batch.h"

G_BEGIN_DECLS

/* Adds a column of labels to @view. Column 0 is right-aligned and dimmed
 * (a line number); @pill shows the text as a status pill; @bind is the
 * factory's "bind" handler, which reads the column from the factory's
 * "kb-column" data. */
void        kb_rename_columns_add         (GtkColumnView  *view,
                                           const char     *title,
                                           int             column,
                                           gboolean        pill,
                                           gboolean        expand,
                                           GCallback       bind,
                                           gpointer        bind_data);
/* Shows @rows (KbRenameRow) in @view: line, number, new name, status and
 * the reason of a refusal. @just_sent: the rows of a list just sent, where
 * a pending row reads "Accepted". */
void        kb_rename_columns_setup_rows  (GtkColumnView  *view,
                                           GListModel     *rows,
                                           gboolean        just_sent);
/* Shows @status as a pill in @label. Returns: (transfer none): its text. */
const char *kb_rename_columns_show_status (GtkWidget      *label,
                                           KbRenameStatus  status,
                                           gboolean        just_sent);

G_END_DECLS
