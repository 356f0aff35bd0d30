/* kb-value-row.h — a row that shows one value under its title, for reading and copying. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

GtkWidget *kb_value_row_new (const char  *title,
                             const char  *value,
                             GtkLabel   **value_label);

G_END_DECLS
