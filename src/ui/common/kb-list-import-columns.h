/* kb-list-import-columns.h — the columns of a list import's preview, where rows are fixed. */
#pragma once

#include <gtk/gtk.h>

#include "kb-list-import-model.h"

G_BEGIN_DECLS

/* Shows @model in @view: the line of the source, the number (and, for a
 * RENAME list, the new name) editable in place, the row's problem and a
 * button that drops the row. An edit or a drop goes to @model. */
void kb_list_import_columns_setup (GtkColumnView     *view,
                                   KbListImportModel *model);

G_END_DECLS
