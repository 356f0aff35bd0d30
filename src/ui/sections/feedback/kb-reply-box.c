/* kb-reply-box.c — the field a follow-up is written in: text, files, counter, Send.
 *
 * Files come through KbFilePicker (chosen, dropped on the field or pasted
 * into it). The text is the thread's draft, kept in SQLite a moment after
 * each change.
 */
#include "config.h"

#include "kb-reply-box.h"

#include <glib/gi18n.h>

#include "kb-file-picker.h"

#define DRAFT_SAVE_DELAY_MS 400

struct _KbReplyBox
{
  AdwBin parent_instance;

  GtkTextView *text_view;
  GtkBox *files_box;
  GtkLabel *error_label;
  GtkLabel *counter_label;

  KbFeedback *feedback;
  KbFilePicker *picker;
  char *question_id;
  guint draft_timeout;
  gboolean restoring;
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
  if (self->picker != NULL)
    kb_file_picker_clear (self->picker);
  if (self->feedback != NULL && question_id != NULL)
    draft = kb_feedback_dup_reply_draft (self->feedback, question_id);
  set_text_quietly (self, draft);
}

/* ---- Files ----------------------------------------------------------------------- */

GPtrArray *
kb_reply_box_get_files (KbReplyBox *self)
{
  g_return_val_if_fail (KB_IS_REPLY_BOX (self), NULL);
  return self->picker != NULL ? kb_file_picker_get_files (self->picker) : NULL;
}

void
kb_reply_box_add_file (KbReplyBox *self, GFile *file)
{
  g_return_if_fail (KB_IS_REPLY_BOX (self));
  if (self->picker != NULL)
    kb_file_picker_add_file (self->picker, file);
}

static void
attach_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KbReplyBox *self = KB_REPLY_BOX (widget);

  if (self->picker != NULL)
    kb_file_picker_choose (self->picker, widget);
}

static void
on_picker_error (KbReplyBox *self, const char *message)
{
  kb_reply_box_show_error (self, message);
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
  if (self->picker != NULL)
    kb_file_picker_clear (self->picker);
  set_text_quietly (self, "");
}

void
kb_reply_box_set_feedback (KbReplyBox *self, KbFeedback *feedback)
{
  g_return_if_fail (KB_IS_REPLY_BOX (self));
  if (!g_set_object (&self->feedback, feedback))
    return;
  if (self->picker != NULL)
    gtk_box_remove (self->files_box, kb_file_picker_get_list (self->picker));
  g_clear_object (&self->picker);
  if (feedback == NULL)
    return;
  self->picker = kb_file_picker_new (feedback, GTK_WIDGET (self), self->text_view);
  g_signal_connect_object (self->picker, "error", G_CALLBACK (on_picker_error), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (self->files_box, kb_file_picker_get_list (self->picker));
}

static void
kb_reply_box_dispose (GObject *object)
{
  KbReplyBox *self = KB_REPLY_BOX (object);

  if (self->draft_timeout != 0)
    save_draft_now (self);
  gtk_widget_dispose_template (GTK_WIDGET (object), KB_TYPE_REPLY_BOX);
  g_clear_object (&self->picker);
  g_clear_object (&self->feedback);
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
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Ctrl+Enter sends: caught before the text view, which would make it a
   * new line. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>Return|<Control>KP_Enter"),
                                                          gtk_named_action_new ("reply.send")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  g_signal_connect_object (gtk_text_view_get_buffer (self->text_view), "changed",
                           G_CALLBACK (on_buffer_changed), self, G_CONNECT_SWAPPED);
  update_counter (self);
}
