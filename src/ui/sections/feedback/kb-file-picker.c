/* kb-file-picker.c — the files being attached to a question or a follow-up: chosen, dropped or pasted.
 *
 * Files come three ways — the file chooser, a drop on the form, a
 * screenshot pasted into its text (saved as PNG) — and each is copied into
 * the app's data folder by KbFeedback at once, after its type and size are
 * checked, so that a refused file is named before anything is sent.
 */
#include "config.h"

#include "kb-file-picker.h"

#include <glib/gi18n.h>

#include "kb-attachment-list.h"
#include "kb-file-type.h"

struct _KbFilePicker
{
  GObject parent_instance;

  KbFeedback *feedback;
  GtkWidget *list;           /* KbAttachmentList, owned */
  GPtrArray *files;          /* KbAttachment */
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (KbFilePicker, kb_file_picker, G_TYPE_OBJECT)

enum {
  ERROR,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show (KbFilePicker *self)
{
  kb_attachment_list_set_files (KB_ATTACHMENT_LIST (self->list), self->files);
}

static void
add_copy (KbFilePicker *self, KbAttachment *copy)
{
  if (self->files->len >= KB_ATTACHMENT_MAX_PER_MESSAGE)
    {
      g_autofree char *message = g_strdup_printf (ngettext ("At most %u file can be attached to a message.",
                                                            "At most %u files can be attached to a message.",
                                                            KB_ATTACHMENT_MAX_PER_MESSAGE),
                                                  KB_ATTACHMENT_MAX_PER_MESSAGE);
      g_signal_emit (self, signals[ERROR], 0, message);
      return;
    }
  g_ptr_array_add (self->files, g_object_ref (copy));
  show (self);
  g_signal_emit (self, signals[ERROR], 0, NULL);
}

static void
on_imported (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(KbFilePicker) self = user_data;
  g_autoptr(KbAttachment) copy = NULL;
  g_autoptr(GError) error = NULL;

  copy = kb_feedback_import_file_finish (KB_FEEDBACK (source), result, &error);
  if (copy != NULL)
    add_copy (self, copy);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_signal_emit (self, signals[ERROR], 0, error->message);
}

void
kb_file_picker_add_file (KbFilePicker *self, GFile *file)
{
  g_return_if_fail (KB_IS_FILE_PICKER (self));
  kb_feedback_import_file_async (self->feedback, file, self->cancellable, on_imported,
                                 g_object_ref (self));
}

static void
on_list_remove (KbFilePicker *self, KbAttachment *file)
{
  g_ptr_array_remove (self->files, file);
  show (self);
}

static void
on_chooser_response (GtkNativeDialog *chooser, int response, KbFilePicker *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);

          kb_file_picker_add_file (self, file);
        }
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

void
kb_file_picker_choose (KbFilePicker *self, GtkWidget *parent)
{
  GtkRoot *root = gtk_widget_get_root (parent);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;
  static const char * const types[] = {
    "image/png", "image/jpeg", "application/pdf", "text/csv", "text/plain",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", NULL
  };

  g_return_if_fail (KB_IS_FILE_PICKER (self));

  chooser = gtk_file_chooser_native_new (_("Attach Files"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Attach"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("Images, PDF, CSV, XLSX and text files"));
  for (guint i = 0; types[i] != NULL; i++)
    gtk_file_filter_add_mime_type (filter, types[i]);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_chooser_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static gboolean
on_drop (GtkDropTarget *target, const GValue *value, double x, double y, KbFilePicker *self)
{
  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      for (GSList *l = g_value_get_boxed (value); l != NULL; l = l->next)
        kb_file_picker_add_file (self, l->data);
      return TRUE;
    }
  if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    {
      kb_file_picker_add_file (self, g_value_get_object (value));
      return TRUE;
    }
  return FALSE;
}

static void
on_texture_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(KbFilePicker) self = user_data;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d %H-%M-%S");
  /* TRANSLATORS: the file name of a pasted screenshot; %s is the date and time */
  g_autofree char *name = g_strdup_printf (_("Screenshot %s.png"), stamp);
  g_autoptr(KbAttachment) copy = NULL;

  texture = gdk_clipboard_read_texture_finish (GDK_CLIPBOARD (source), result, &error);
  if (texture == NULL)
    return;
  png = gdk_texture_save_to_png_bytes (texture);
  copy = kb_feedback_import_bytes (self->feedback, png, name, &error);
  if (copy != NULL)
    add_copy (self, copy);
  else
    g_signal_emit (self, signals[ERROR], 0, error->message);
}

/* A screenshot on the clipboard is attached as PNG; text pastes as text. */
static void
on_paste_clipboard (GtkTextView *view, KbFilePicker *self)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (view));
  GdkContentFormats *formats = gdk_clipboard_get_formats (clipboard);

  if (!gdk_content_formats_contain_gtype (formats, GDK_TYPE_TEXTURE) ||
      gdk_content_formats_contain_gtype (formats, G_TYPE_STRING))
    return;
  g_signal_stop_emission_by_name (view, "paste-clipboard");
  gdk_clipboard_read_texture_async (clipboard, self->cancellable, on_texture_read,
                                    g_object_ref (self));
}

GPtrArray *
kb_file_picker_get_files (KbFilePicker *self)
{
  g_return_val_if_fail (KB_IS_FILE_PICKER (self), NULL);
  return self->files;
}

GtkWidget *
kb_file_picker_get_list (KbFilePicker *self)
{
  g_return_val_if_fail (KB_IS_FILE_PICKER (self), NULL);
  return self->list;
}

void
kb_file_picker_clear (KbFilePicker *self)
{
  g_return_if_fail (KB_IS_FILE_PICKER (self));
  g_ptr_array_set_size (self->files, 0);
  show (self);
}

static void
kb_file_picker_dispose (GObject *object)
{
  KbFilePicker *self = KB_FILE_PICKER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->list);
  g_clear_object (&self->feedback);
  g_clear_pointer (&self->files, g_ptr_array_unref);

  G_OBJECT_CLASS (kb_file_picker_parent_class)->dispose (object);
}

static void
kb_file_picker_class_init (KbFilePickerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kb_file_picker_dispose;

  signals[ERROR] = g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
kb_file_picker_init (KbFilePicker *self)
{
  self->files = g_ptr_array_new_with_free_func (g_object_unref);
  self->cancellable = g_cancellable_new ();
}

/**
 * kb_file_picker_new:
 * @drop_area: files dropped here are attached
 * @paste_view: a screenshot pasted here is attached
 */
KbFilePicker *
kb_file_picker_new (KbFeedback *feedback, GtkWidget *drop_area, GtkTextView *paste_view)
{
  KbFilePicker *self = g_object_new (KB_TYPE_FILE_PICKER, NULL);
  GType types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE };
  GtkDropTarget *drop;

  self->feedback = g_object_ref (feedback);
  self->list = g_object_ref_sink (kb_attachment_list_new (feedback, TRUE));
  g_signal_connect_object (self->list, "remove", G_CALLBACK (on_list_remove), self,
                           G_CONNECT_SWAPPED);

  drop = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (drop, types, G_N_ELEMENTS (types));
  g_signal_connect_object (drop, "drop", G_CALLBACK (on_drop), self, 0);
  gtk_widget_add_controller (drop_area, GTK_EVENT_CONTROLLER (drop));
  g_signal_connect_object (paste_view, "paste-clipboard", G_CALLBACK (on_paste_clipboard), self, 0);
  return self;
}
