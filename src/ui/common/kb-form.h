/* kb-form.h — what every form in a dialog does the same way. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void kb_form_show_error (GtkLabel   *error_label,
                         GtkWidget  *field,
                         const char *message);

G_END_DECLS
