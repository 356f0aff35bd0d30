/* kb-reply-box.c — the field a follow-up is written in: text, files, counter, Send.
 *
 * Files come through KbFilePicker (chosen, dropped on the field or pasted
 * into it). The text is the thread's draft, kept in SQLite a moment after
 * each change.
 */
#include "config.h"

#include "kb-reply-box.h"

#include <glib/gi18n.h>

#include "kb-draft.h"
#include "kb-file-picker.h"

struct _KbReplyBox
{
  AdwBin parent_instance;

  GtkTextView *text_view;
  GtkBox *files_box;
  GtkLabel *error_label;
  GtkLabel *counter_label;

  KbFeedback *feedback;
  KbFilePicker *picker;
  KbDraft *draft;
  char *question_id;
};

G_DEFINE_FINAL_TYPE (KbReplyBox, kb_reply_box, ADW_TYPE_BIN)

enum {
  SEND,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

char *
kb_reply_box_dup_text (KbReplyBox *self)
{
  g_return_val_if_fail (KB_IS_REPLY_BOX (self), NULL);
  return kb_draft_dup_text (self->draft);
}

void
kb_reply_box_show_error (KbReplyBox *self, const char *message)
{
  g_return_if_fail (KB_IS_REPLY_BOX (self));
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
on_draft_changed (KbReplyBox *self, guint over)
{
  g_autofree char *message = NULL;

  if (over > 0)
    message = g_strdup_printf (ngettext ("The message is too long: shorten it by %u character.",
                                         "The message is too long: shorten it by %u characters.",
                                         over), over);
  kb_reply_box_show_error (self, message);
}

/* ---- The draft ---------------------------------------------------------------- */

static void
on_draft_save (KbReplyBox *self, const char *text)
{
  if (self->feedback != NULL && self->question_id != NULL)
    kb_feedback_set_reply_draft (self->feedback, self->question_id, text);
}

void
kb_reply_box_set_thread (KbReplyBox *self, const char *question_id)
{
  g_autofree char *draft = NULL;

  g_return_if_fail (KB_IS_REPLY_BOX (self));
  if (g_strcmp0 (question_id, self->question_id) == 0)
    return;
  /* Typing a moment ago still counts, for the thread it was typed in. */
  kb_draft_flush (self->draft);
  g_free (self->question_id);
  self->question_id = g_strdup (question_id);
  if (self->picker != NULL)
    kb_file_picker_clear (self->picker);
  if (self->feedback != NULL && question_id != NULL)
    draft = kb_feedback_dup_reply_draft (self->feedback, question_id);
  kb_draft_set_text (self->draft, draft);
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
  kb_draft_clear (self->draft);
  if (self->picker != NULL)
    kb_file_picker_clear (self->picker);
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

  g_clear_object (&self->draft);
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

  self->draft = kb_draft_new (self->text_view, self->counter_label);
  g_signal_connect_object (self->draft, "changed", G_CALLBACK (on_draft_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->draft, "save", G_CALLBACK (on_draft_save), self,
                           G_CONNECT_SWAPPED);
}
