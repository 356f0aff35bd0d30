/* test-form.c — the helpers the forms and exports share: kb-form.c and kb-save-chooser.c.
 *
 * A form's problem shows in its label and marks the field to blame (or
 * none; a server's refusal blames it only as an invalid request); an
 * e-mail address is checked the same way everywhere; a confirmation has
 * Cancel and the answer that sends, which Enter answers; a drop-down's
 * button carries its name; kb_save_bytes() replaces a file and tells its
 * task, or hands the error on; the save dialog offers the kind of file it
 * was asked for, and hands on the file chosen once, when one is.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "kb-api-error.h"
#include "kb-form.h"
#include "kb-save-chooser.h"
#include "kb-test-util.h"
#include "kb-test-window.h"

static void
test_show_error (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *field = gtk_entry_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_box_append (GTK_BOX (box), field);
  gtk_box_append (GTK_BOX (box), label);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_widget_set_visible (label, FALSE);

  /* Without a field to blame, only the sentence shows. */
  kb_form_show_error (GTK_LABEL (label), NULL, "The server refused.");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, "The server refused.");
  g_assert_true (gtk_widget_get_visible (label));
  g_assert_false (gtk_widget_has_css_class (field, "error"));

  kb_form_show_error (GTK_LABEL (label), field, "Enter the amount.");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, "Enter the amount.");
  g_assert_true (gtk_widget_has_css_class (field, "error"));

  /* A refusal blames the field only when the server found the request invalid. */
  gtk_widget_remove_css_class (field, "error");
  {
    g_autoptr(GError) offline = g_error_new_literal (KB_API_ERROR, KB_API_ERROR_NETWORK, "Offline.");
    g_autoptr(GError) invalid = g_error_new_literal (KB_API_ERROR, KB_API_ERROR_INVALID_REQUEST,
                                                     "Not an address.");

    kb_form_show_refusal (GTK_LABEL (label), field, offline);
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, "Offline.");
    g_assert_false (gtk_widget_has_css_class (field, "error"));
    kb_form_show_refusal (GTK_LABEL (label), field, invalid);
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, "Not an address.");
    g_assert_true (gtk_widget_has_css_class (field, "error"));
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_email_problem (void)
{
  g_assert_cmpstr (kb_form_email_problem ("", "Empty."), ==, "Empty.");
  g_assert_nonnull (kb_form_email_problem ("buh@", "Empty."));
  g_assert_cmpstr (kb_form_email_problem ("buh@", "Empty."), !=, "Empty.");
  g_assert_null (kb_form_email_problem ("buh@example.by", "Empty."));
}

static void
test_confirm_responses (void)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (NULL, "Send?", NULL));

  g_object_ref_sink (dialog);
  kb_form_add_confirm_responses (dialog, "send", "_Send", ADW_RESPONSE_DESTRUCTIVE);
  g_assert_true (adw_message_dialog_has_response (dialog, "cancel"));
  g_assert_true (adw_message_dialog_has_response (dialog, "send"));
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "send"), ==, "_Send");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "send"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "send");
  g_assert_cmpstr (adw_message_dialog_get_close_response (dialog), ==, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
}

static void
test_label_drop_down (void)
{
  const char *const items[] = { "This month", "This year", NULL };
  GtkWidget *drop_down = g_object_ref_sink (gtk_drop_down_new_from_strings (items));
  gboolean named = FALSE;

  kb_form_label_drop_down (GTK_DROP_DOWN (drop_down), "Period");
  for (GtkWidget *child = gtk_widget_get_first_child (drop_down); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_TOGGLE_BUTTON (child))
      {
        gtk_test_accessible_assert_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                             "Period");
        named = TRUE;
      }
  g_assert_true (named);
  g_object_unref (drop_down);
}

static void
test_save_bytes (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kb-test-form-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "out.csv", NULL);
  g_autofree char *missing = g_build_filename (dir, "no-such-dir", "out.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) bad = g_file_new_for_path (missing);
  g_autoptr(GBytes) bytes = g_bytes_new_static ("a;b\r\n", 5);
  g_autoptr(GBytes) old = g_bytes_new_static ("old text, longer\r\n", 18);
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) written = NULL;
  g_autoptr(GAsyncResult) failed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  /* What is there is replaced, not appended to. */
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (old, NULL), 18, NULL));
  kb_save_bytes (file, bytes, g_task_new (NULL, NULL, kb_test_on_ready, &result));
  written = kb_test_wait_result (&result);
  g_assert_true (g_task_propagate_boolean (G_TASK (written), &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpmem (contents, length, "a;b\r\n", 5);

  kb_save_bytes (bad, bytes, g_task_new (NULL, NULL, kb_test_on_ready, &result));
  failed = kb_test_wait_result (&result);
  g_assert_false (g_task_propagate_boolean (G_TASK (failed), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_save_dialog (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *button = gtk_button_new ();
  GtkFileChooserNative *chooser;
  g_autoptr(GListModel) filters = NULL;
  g_autoptr(GtkFileFilter) filter = NULL;
  g_autofree char *name = NULL;

  gtk_window_set_child (GTK_WINDOW (window), button);
  chooser = kb_save_chooser_new (button, "Save Invoice", "_Save", "invoice.pdf", "PDF documents",
                                "application/pdf", "*.pdf");
  g_assert_true (gtk_native_dialog_get_modal (GTK_NATIVE_DIALOG (chooser)));
  g_assert_true (gtk_native_dialog_get_transient_for (GTK_NATIVE_DIALOG (chooser)) ==
                 GTK_WINDOW (window));
  g_assert_cmpint (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)), ==,
                   GTK_FILE_CHOOSER_ACTION_SAVE);
  g_assert_cmpstr (gtk_native_dialog_get_title (GTK_NATIVE_DIALOG (chooser)), ==, "Save Invoice");
  g_assert_cmpstr (gtk_file_chooser_native_get_accept_label (chooser), ==, "_Save");
  name = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser));
  g_assert_cmpstr (name, ==, "invoice.pdf");
  filters = gtk_file_chooser_get_filters (GTK_FILE_CHOOSER (chooser));
  g_assert_cmpuint (g_list_model_get_n_items (filters), ==, 1);
  filter = g_list_model_get_item (filters, 0);
  g_assert_cmpstr (gtk_file_filter_get_name (filter), ==, "PDF documents");

  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_object_unref (chooser);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
on_chosen (gpointer owner, GFile *file)
{
  GFile **chosen = g_object_get_data (G_OBJECT (owner), "chosen");

  g_assert_null (*chosen);
  *chosen = g_object_ref (file);
}

static gboolean
knows_file (GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  return file != NULL;
}

static void
test_save_chooser_show (void)
{
  /* The owner: what the answer goes to. */
  g_autoptr(GtkWidget) button = g_object_ref_sink (gtk_button_new ());
  GtkFileChooserNative *chooser;
  g_autoptr(GFile) chosen = NULL;
  g_autofree char *name = NULL;

  g_object_set_data (G_OBJECT (button), "chosen", &chosen);

  /* Cancelled: nothing is saved, and the dialog goes. */
  chooser = kb_save_chooser_new (button, "Save", "_Save", "invoice.pdf", "PDF documents",
                                 "application/pdf", "*.pdf");
  g_object_add_weak_pointer (G_OBJECT (chooser), (gpointer *) &chooser);
  kb_save_chooser_show (chooser, button, on_chosen);
  g_signal_emit_by_name (chooser, "response", GTK_RESPONSE_CANCEL);
  g_assert_null (chooser);
  g_assert_null (chosen);

  /* Accepted: the file chosen is handed on once, and the dialog goes. */
  chooser = kb_save_chooser_new (button, "Save", "_Save", "invoice.pdf", "PDF documents",
                                 "application/pdf", "*.pdf");
  g_object_add_weak_pointer (G_OBJECT (chooser), (gpointer *) &chooser);
  kb_save_chooser_show (chooser, button, on_chosen);
  /* The dialog knows the file once it has read the folder. */
  kb_test_wait_for (knows_file (chooser), 10);
  g_signal_emit_by_name (chooser, "response", GTK_RESPONSE_ACCEPT);
  g_assert_null (chooser);
  g_assert_nonnull (chosen);
  name = g_file_get_basename (chosen);
  g_assert_cmpstr (name, ==, "invoice.pdf");
}

int
main (int argc, char *argv[])
{
  kb_test_ui_init (&argc, &argv);

  g_test_add_func ("/form/show-error", test_show_error);
  g_test_add_func ("/form/email-problem", test_email_problem);
  g_test_add_func ("/form/confirm-responses", test_confirm_responses);
  g_test_add_func ("/form/label-drop-down", test_label_drop_down);
  g_test_add_func ("/save/bytes", test_save_bytes);
  g_test_add_func ("/save/dialog", test_save_dialog);
  g_test_add_func ("/save/chooser-show", test_save_chooser_show);
  return g_test_run ();
}
