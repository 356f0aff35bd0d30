/* kb-a11y.h — accessible names that GTK 4.8 gets wrong, fixed once for every widget. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void  kb_a11y_init           (void);
void  kb_a11y_name_widget    (GtkWidget  *widget);
void  kb_a11y_name_tree      (GtkWidget  *root);
char *kb_a11y_strip_mnemonic (const char *label);

G_END_DECLS
