/* kb-save.c — saving a file the app writes: asking where, and writing it.
 *
 * Every export and download (CSV files, invoices) asks the same way: a
 * modal native dialog over the widget's window, with a suggested name and
 * one filter for the kind of file written; and the asynchronous ones write
 * the same way, replacing the file and telling their GTask how it went.
 */
#include "config.h"

#include "kb-save.h"

#include <glib/gi18n.h>

/**
 * kb_save_dialog_new:
 * @widget: the widget whose window the dialog belongs to
 * @title: the dialog's title
 * @accept_label: the mnemonic label of the button that saves
 * @file_name: the suggested file name
 * @filter_name: the name of the kind of file, e.g. "PDF documents"
 * @mime_type: its MIME type
 * @pattern: its file name pattern, e.g. "*.pdf"
 *
 * Returns: (transfer full): the dialog, not shown yet
 */
GtkFileChooserNative *
kb_save_dialog_new (GtkWidget  *widget,
                    const char *title,
                    const char *accept_label,
                    const char *file_name,
                    const char *filter_name,
                    const char *mime_type,
                    const char *pattern)
{
  GtkRoot *root;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  root = gtk_widget_get_root (widget);
  chooser = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, accept_label, _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), file_name);
  gtk_file_filter_set_name (filter, filter_name);
  gtk_file_filter_add_mime_type (filter, mime_type);
  gtk_file_filter_add_pattern (filter, pattern);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  return chooser;
}

static void
on_bytes_written (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * kb_save_bytes:
 * @file: where to write, replacing what is there
 * @bytes: what to write
 * @task: (transfer full): returns %TRUE, or the error, when written; its
 *   cancellable cancels the write
 *
 * Writes @bytes as the last step of an asynchronous export or download.
 */
void
kb_save_bytes (GFile *file, GBytes *bytes, GTask *task)
{
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (bytes != NULL);
  g_return_if_fail (G_IS_TASK (task));

  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       g_task_get_cancellable (task), on_bytes_written, task);
}
