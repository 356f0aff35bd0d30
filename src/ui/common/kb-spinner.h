/* kb-spinner.h — spinners that turn only while they are on screen. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void       kb_spinner_spin_while_mapped (GtkWidget  *root);
GtkWidget *kb_spinner_new               (const char *accessible_label);

G_END_DECLS
