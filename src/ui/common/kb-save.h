/* kb-save.h — saving a file the app writes: asking where, and writing it. */
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
void                  kb_save_bytes      (GFile      *file,
                                          GBytes     *bytes,
                                          GTask      *task);

G_END_DECLS
