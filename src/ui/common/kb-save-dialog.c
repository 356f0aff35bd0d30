/* kb-save-dialog.c — the dialog that asks where to save a file the app writes.
 *
 * Every export and download (CSV files, invoices) asks the same way: a
 * modal native dialog over the widget's window, with a suggested name and
 * one filter for the kind of file written.
 */
#include "config.h"

#include "kb-save-dialog.h"

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
