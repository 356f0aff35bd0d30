/* kb-save-dialog.h — the dialog that asks where to save a file the app writes. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GtkFileChooserNative *kb_save_dialog_new (GtkWidget  *widget,
                                          const char *title,
                                          const char *accept_label,
                                          const char *file_name,
                                          const char *filter_name,
                                          const char *mime_type,
                                          const char *pattern);

G_END_DECLS
