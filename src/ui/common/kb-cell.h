/* kb-cell.h — what every column-view cell of the app does the same way. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void kb_cell_set_accessible_text (GtkWidget  *cell,
                                  const char *text);

G_END_DECLS
