/* kb-save-chooser.h — the one way Kabinet asks where to save a file. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GFile                *kb_save_folder      (void);
char                 *kb_save_file_name   (const char *name);
GtkFileChooserNative *kb_save_chooser_new (GtkWidget  *widget,
                                           const char *title,
                                           const char *accept_label,
                                           const char *file_name,
                                           const char *filter_name,
                                           const char *mime_type,
                                           const char *pattern);
/* What to do with the file the user chose to save to. */
typedef void (*KbSaveFunc) (gpointer  owner,
                            GFile    *file);

void                  kb_save_chooser_show (GtkFileChooserNative *chooser,
                                            gpointer              owner,
                                            KbSaveFunc            save);
void                  kb_save_on_written  (GObject      *source,
                                           GAsyncResult *result,
                                           gpointer      user_data);
void                  kb_save_bytes       (GFile        *file,
                                           GBytes       *bytes,
                                           GTask        *task);

G_END_DECLS
