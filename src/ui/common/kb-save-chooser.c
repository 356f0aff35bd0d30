/* kb-save-chooser.c — the one way Kabinet asks where to save a file.
 *
 * Every save dialog (a CSV export, an invoice's PDF) starts in the user's
 * Downloads folder, where a browser would have put the same file, rather
 * than in whatever folder the program was started from; and it suggests a
 * name that says what the file is, made safe for any file system.
 */
#include "config.h"

#include "kb-save-chooser.h"

#include <glib/gi18n.h>
#include <string.h>

/**
 * kb_save_folder:
 *
 * Returns: (transfer full): the user's Downloads folder, or the home
 * folder when there is none (not configured, or not on disk)
 */
GFile *
kb_save_folder (void)
{
  const char *downloads = g_get_user_special_dir (G_USER_DIRECTORY_DOWNLOAD);

  if (downloads != NULL && g_file_test (downloads, G_FILE_TEST_IS_DIR))
    return g_file_new_for_path (downloads);
  return g_file_new_for_path (g_get_home_dir ());
}

/**
 * kb_save_file_name:
 * @name: a file name as it reads, e.g. "Invoice СФ-2026-11/01001.pdf"
 *
 * Replaces what a file system (Linux, or the FAT of a USB stick, or a
 * Windows share) refuses in a name — "/" above all, which invoice numbers
 * contain — with "-".
 *
 * Returns: (transfer full): the name, safe to save under
 */
char *
kb_save_file_name (const char *name)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (const char *p = name != NULL ? name : ""; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x20 || strchr ("/\\:*?\"<>|", (int) c) != NULL)
        g_string_append_c (out, '-');
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * kb_save_chooser_new:
 * @widget: the widget whose window the dialog belongs to
 * @title: the dialog's title
 * @accept_label: the mnemonic label of the button that saves
 * @file_name: the suggested file name, as it reads (kb_save_file_name() makes it safe)
 * @filter_name: what the files offered are called, e.g. "PDF documents"
 * @mime_type: their type
 * @pattern: their name pattern, e.g. "*.pdf"
 *
 * A modal save dialog that starts in kb_save_folder().
 *
 * Returns: (transfer full): the dialog, not shown yet
 */
GtkFileChooserNative *
kb_save_chooser_new (GtkWidget  *widget,
                     const char *title,
                     const char *accept_label,
                     const char *file_name,
                     const char *filter_name,
                     const char *mime_type,
                     const char *pattern)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GFile) folder = kb_save_folder ();
  g_autofree char *safe_name = kb_save_file_name (file_name);
  g_autoptr(GError) error = NULL;
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, accept_label, _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  if (!gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, &error))
    g_debug ("Save dialog left in its own folder: %s", error->message);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), safe_name);
  gtk_file_filter_set_name (filter, filter_name);
  gtk_file_filter_add_mime_type (filter, mime_type);
  gtk_file_filter_add_pattern (filter, pattern);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  return chooser;
}

typedef struct
{
  KbSaveFunc save;
} Answer;

#define ANSWER_KEY "kb-save-answer"

static void
on_chooser_response (GtkNativeDialog *chooser, int response, gpointer owner)
{
  g_autofree Answer *answer = g_object_steal_data (G_OBJECT (chooser), ANSWER_KEY);
  g_autoptr(GFile) file = NULL;

  /* Answered once: destroying the dialog may answer a second time. */
  if (answer == NULL)
    return;
  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    answer->save (owner, file);
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

/**
 * kb_save_chooser_show:
 * @chooser: (transfer full): a dialog from kb_save_chooser_new()
 * @owner: (type GObject): what the answer goes to; none comes once it is gone
 * @save: called with @owner and the file when the user chose one
 *
 * Shows @chooser, and lets it go once it is answered.
 */
void
kb_save_chooser_show (GtkFileChooserNative *chooser, gpointer owner, KbSaveFunc save)
{
  Answer *answer = g_new (Answer, 1);

  g_return_if_fail (GTK_IS_FILE_CHOOSER_NATIVE (chooser));
  g_return_if_fail (G_IS_OBJECT (owner));

  answer->save = save;
  g_object_set_data_full (G_OBJECT (chooser), ANSWER_KEY, answer, g_free);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_chooser_response), owner, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/**
 * kb_save_on_written:
 * @user_data: (transfer full): the #GTask the file was written for
 *
 * The callback of g_file_replace_contents_bytes_async() when saving is
 * the last step of a task (an export, a download): completes the task with
 * %TRUE or with the error.
 */
void
kb_save_on_written (GObject *source, GAsyncResult *result, gpointer user_data)
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
                                       g_task_get_cancellable (task), kb_save_on_written, task);
}
