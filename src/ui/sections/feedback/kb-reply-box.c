/* kb-reply-box.c — the field a follow-up is written in: text, files, counter, Send.
 *
 * Files come three ways — the file chooser, a drop, a screenshot pasted
 * from the clipboard (saved as PNG) — and each is copied into the app's
 * data folder by KbFeedback at once, after its type and size are checked,
 * so that a refused file is named before anything is sent. The text is the
 * thread's draft, kept in SQLite a moment after each change.
 */
#include "config.h"

#include "kb-reply-box.h"

#include <glib/gi18n.h>

#include "kb-attachment-list.h"
#include "kb-file-type.h"

#define DRAFT_SAVE_DELAY_MS 400

struct _KbReplyBox
{
  AdwBin parent_instance;

  GtkTextView *text_view;
  GtkBox *files_box;
  GtkLabel *error_label;
  GtkLabel *counter_label;
  KbAttachmentList *files_list;

  KbFeedback *feedback;
  GPtrArray *files;          /* KbAttachment */
  char *question_id;
  guint draft_timeout;
  gboolean restoring;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (KbReplyBox, kb_reply_box, ADW_TYPE_BIN)

enum {
  SEND,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

guint
kb_reply_box_show_count (GtkLabel *counter, const char *text)
{
  guint length = g_utf8_strlen (text, -1);
  g_autofree char *label = NULL;

  /* TRANSLATORS: the characters typed and the most allowed, e.g. "120 / 4000" */
  label = g_strdup_printf (C_("character counter", "%u / %u"), length,
                           KB_FEEDBACK_MAX_QUESTION_LENGTH);
  gtk_label_set_text (counter, label);
  if (length > KB_FEEDBACK_MAX_QUESTION_LENGTH)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (counter), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (counter), "error");
      return length - KB_FEEDBACK_MAX_QUESTION_LENGTH;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (counter), "error");
  gtk_widget_add_css_class (GTK_WIDGET (counter), "dim-label");
  return 0;
}

char *
kb_reply_box_dup_text (KbReplyBox *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

void
kb_reply_box_show_error (KbReplyBox *self, const char *message)
{
  g_return_if_fail (KB_IS_REPLY_BOX (self));
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
update_counter (KbReplyBox *self)
{
  g_autofree char *text = kb_reply_box_dup_text (self);
  guint over = kb_reply_box_show_count (self->counter_label, text);
  g_autofree char *message = NULL;

  if (over > 0)
    message = g_strdup_printf (ngettext ("The message is too long: shorten it by %u character.",
                                         "The message is too long: shorten it by %u characters.",
                                         over), over);
  kb_reply_box_show_error (self, message);
}

/* ---- The draft ---------------------------------------------------------------- */

static void
save_draft_now (KbReplyBox *self)
{
  g_autofree char *text = NULL;

  g_clear_handle_id (&self->draft_timeout, g_source_remove);
  if (self->feedback == NULL || self->question_id == NULL)
    return;
  text = kb_reply_box_dup_text (self);
  kb_feedback_set_reply_draft (self->feedback, self->question_id, text);
}

static gboolean
on_draft_timeout (gpointer user_data)
{
  KbReplyBox *self = user_data;

  self->draft_timeout = 0;
  save_draft_now (self);
  return G_SOURCE_REMOVE;
}

static void
on_buffer_changed (KbReplyBox *self)
{
  update_counter (self);
  if (self->restoring)
    return;
  g_clear_handle_id (&self->draft_timeout, g_source_remove);
  self->draft_timeout = g_timeout_add (DRAFT_SAVE_DELAY_MS, on_draft_timeout, self);
}

static void
set_text_quietly (KbReplyBox *self, const char *text)
{
  self->restoring = TRUE;
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), text != NULL ? text : "", -1);
  self->restoring = FALSE;
  update_counter (self);
}

void
kb_reply_box_set_thread (KbReplyBox *self, const char *question_id)
{
  g_autofree char *draft = NULL;

  g_return_if_fail (KB_IS_REPLY_BOX (self));
  if (g_strcmp0 (question_id, self->question_id) == 0)
    return;
  /* Typing a moment ago still counts, for the thread it was typed in. */
  if (self->draft_timeout != 0)
    save_draft_now (self);
  g_free (self->question_id);
  self->question_id = g_strdup (question_id);
  g_ptr_array_set_size (self->files, 0);
  kb_attachment_list_set_files (self->files_list, self->files);
  if (self->feedback != NULL && question_id != NULL)
    draft = kb_feedback_dup_reply_draft (self->feedback, question_id);
  set_text_quietly (self, draft);
}

/* ---- Files ----------------------------------------------------------------------- */

GPtrArray *
kb_reply_box_get_files (KbReplyBox *self)
{
  g_return_val_if_fail (KB_IS_REPLY_BOX (self), NULL);
  return self->files;
}

static gboolean
add_copy (KbReplyBox *self, KbAttachment *copy)
{
  if (self->files->len >= KB_ATTACHMENT_MAX_PER_MESSAGE)
    {
      g_autofree char *message = g_strdup_printf (ngettext ("At most %u file can be attached to a message.",
                                                            "At most %u files can be attached to a message.",
                                                            KB_ATTACHMENT_MAX_PER_MESSAGE),
                                                  KB_ATTACHMENT_MAX_PER_MESSAGE);
      kb_reply_box_show_error (self, message);
      return FALSE;
    }
  g_ptr_array_add (self->files, g_object_ref (copy));
  kb_attachment_list_set_files (self->files_list, self->files);
  kb_reply_box_show_error (self, NULL);
  return TRUE;
}

static void
on_imported (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(KbReplyBox) self = user_data;
  g_autoptr(KbAttachment) copy = NULL;
  g_autoptr(GError) error = NULL;

  copy = kb_feedback_import_file_finish (KB_FEEDBACK (source), result, &error);
  if (copy == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        kb_reply_box_show_error (self, error->message);
      return;
    }
  add_copy (self, copy);
}

void
kb_reply_box_add_file (KbReplyBox *self, GFile *file)
{
  g_return_if_fail (KB_IS_REPLY_BOX (self));
  if (self->feedback == NULL)
    return;
  kb_feedback_import_file_async (self->feedback, file, self->cancellable, on_imported,
                                 g_object_ref (self));
}

static void
on_files_remove (KbReplyBox *self, KbAttachment *file)
{
  g_ptr_array_remove (self->files, file);
  kb_attachment_list_set_files (self->files_list, self->files);
}

static void
on_chooser_response (GtkNativeDialog *chooser, int response, KbReplyBox *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);

          kb_reply_box_add_file (self, file);
        }
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
attach_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KbReplyBox *self = KB_REPLY_BOX (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;
  static const char * const types[] = {
    "image/png", "image/jpeg", "application/pdf", "text/csv", "text/plain",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", NULL
  };

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
on_drop (GtkDropTarget *target, const GValue *value, double x, double y, KbReplyBox *self)
{
  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      for (GSList *l = g_value_get_boxed (value); l != NULL; l = l->next)
        kb_reply_box_add_file (self, l->data);
      return TRUE;
    }
  if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    {
      kb_reply_box_add_file (self, g_value_get_object (value));
      return TRUE;
    }
  return FALSE;
}

static void
on_texture_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(KbReplyBox) self = user_data;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d %H-%M-%S");
  /* TRANSLATORS: the file name of a pasted screenshot; %s is the date and time */
  g_autofree char *name = g_strdup_printf (_("Screenshot %s.png"), stamp);
  g_autoptr(KbAttachment) copy = NULL;

  texture = gdk_clipboard_read_texture_finish (GDK_CLIPBOARD (source), result, &error);
  if (texture == NULL || self->feedback == NULL)
    return;
  png = gdk_texture_save_to_png_bytes (texture);
  copy = kb_feedback_import_bytes (self->feedback, png, name, &error);
  if (copy == NULL)
    kb_reply_box_show_error (self, error->message);
  else
    add_copy (self, copy);
}

/* A screenshot on the clipboard is attached as PNG; text pastes as text. */
static void
on_paste_clipboard (GtkTextView *view, KbReplyBox *self)
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

/* ---- Sending ------------------------------------------------------------------------ */

static void
send_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  g_signal_emit (widget, signals[SEND], 0);
}

void
kb_reply_box_clear (KbReplyBox *self)
{
  g_return_if_fail (KB_IS_REPLY_BOX (self));
  /* KbFeedback cleared the draft with the outbox's entry. */
  g_clear_handle_id (&self->draft_timeout, g_source_remove);
  g_ptr_array_set_size (self->files, 0);
  kb_attachment_list_set_files (self->files_list, self->files);
  set_text_quietly (self, "");
}

void
kb_reply_box_set_feedback (KbReplyBox *self, KbFeedback *feedback)
{
  g_return_if_fail (KB_IS_REPLY_BOX (self));
  if (g_set_object (&self->feedback, feedback))
    {
      if (self->files_list != NULL)
        gtk_box_remove (self->files_box, GTK_WIDGET (self->files_list));
      self->files_list = KB_ATTACHMENT_LIST (kb_attachment_list_new (feedback, TRUE));
      g_signal_connect_object (self->files_list, "remove", G_CALLBACK (on_files_remove), self,
                               G_CONNECT_SWAPPED);
      gtk_box_append (self->files_box, GTK_WIDGET (self->files_list));
    }
}

static void
kb_reply_box_dispose (GObject *object)
{
  KbReplyBox *self = KB_REPLY_BOX (object);

  if (self->draft_timeout != 0)
    save_draft_now (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), KB_TYPE_REPLY_BOX);
  g_clear_object (&self->feedback);
  g_clear_pointer (&self->files, g_ptr_array_unref);
  g_clear_pointer (&self->question_id, g_free);

  G_OBJECT_CLASS (kb_reply_box_parent_class)->dispose (object);
}

static void
kb_reply_box_class_init (KbReplyBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kb_reply_box_dispose;

  signals[SEND] = g_signal_new ("send", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/sections/feedback/kb-reply-box.ui");
  gtk_widget_class_bind_template_child (widget_class, KbReplyBox, text_view);
  gtk_widget_class_bind_template_child (widget_class, KbReplyBox, files_box);
  gtk_widget_class_bind_template_child (widget_class, KbReplyBox, error_label);
  gtk_widget_class_bind_template_child (widget_class, KbReplyBox, counter_label);

  gtk_widget_class_install_action (widget_class, "reply.attach", NULL, attach_action);
  gtk_widget_class_install_action (widget_class, "reply.send", NULL, send_action);
}

static void
kb_reply_box_init (KbReplyBox *self)
{
  GtkDropTarget *drop;
  GtkEventController *shortcuts;
  GType types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE };

  gtk_widget_init_template (GTK_WIDGET (self));
  self->files = g_ptr_array_new_with_free_func (g_object_unref);
  self->cancellable = g_cancellable_new ();

  /* Ctrl+Enter sends: caught before the text view, which would make it a
   * new line. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>Return|<Control>KP_Enter"),
                                                          gtk_named_action_new ("reply.send")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  drop = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (drop, types, G_N_ELEMENTS (types));
  g_signal_connect_object (drop, "drop", G_CALLBACK (on_drop), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  g_signal_connect_object (gtk_text_view_get_buffer (self->text_view), "changed",
                           G_CALLBACK (on_buffer_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->text_view, "paste-clipboard", G_CALLBACK (on_paste_clipboard),
                           self, 0);
  update_counter (self);
}
