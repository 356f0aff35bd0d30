/* kb-ask-form.c — Feedback's Ask a Question form: the question, its files, its draft.
 *
 * The seed's form: "Write your question", the text, the note that the
 * answer comes within 24 hours, Back and Send (the page's feedback.landing
 * and feedback.send actions; Ctrl+Enter sends too). Files are attached
 * with the button, by dropping them anywhere on the form or by pasting a
 * screenshot (KbFilePicker). The text is kept as a draft in SQLite a
 * moment after each change, so nothing typed is lost when the app is
 * closed. KbFeedbackPage makes the form the first time it is shown: a
 * start on the history does not read the draft or build the form before
 * its first frame.
 */
#include "config.h"

#include "kb-ask-form.h"

#include <glib/gi18n.h>

#include "kb-draft.h"
#include "kb-file-picker.h"

struct _KbAskForm
{
  AdwBin parent_instance;

  GtkTextView *text_view;
  GtkLabel *error_label;
  GtkLabel *counter_label;
  GtkBox *ask_files_box;

  KbFeedback *feedback;
  KbFilePicker *picker;
  KbDraft *draft;
};

G_DEFINE_FINAL_TYPE (KbAskForm, kb_ask_form, ADW_TYPE_BIN)

static void
show_error (KbAskForm *self, const char *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
on_draft_save (KbAskForm *self, const char *text)
{
  kb_feedback_set_draft (self->feedback, text);
}

static void
on_draft_changed (KbAskForm *self, guint over)
{
  g_autofree char *message = NULL;

  if (over > 0)
    message = g_strdup_printf (ngettext ("The question is too long: shorten it by %u character.",
                                         "The question is too long: shorten it by %u characters.",
                                         over), over);
  show_error (self, message);
}

/**
 * kb_ask_form_send:
 *
 * Puts the question and its files in the outbox, to be sent, and empties
 * the form; or says in the form why it cannot.
 *
 * Returns: whether the question is on its way
 */
gboolean
kb_ask_form_send (KbAskForm *self)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (KB_IS_ASK_FORM (self), FALSE);

  text = kb_draft_dup_text (self->draft);
  if (kb_feedback_ask_with_files (self->feedback, text, kb_file_picker_get_files (self->picker),
                                  &error) == NULL)
    {
      /* KbFeedback's validation errors are already the user's sentences. */
      show_error (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
      return FALSE;
    }
  /* The outbox has it now. */
  kb_draft_clear (self->draft);
  kb_file_picker_clear (self->picker);
  return TRUE;
}

void
kb_ask_form_choose_file (KbAskForm *self)
{
  g_return_if_fail (KB_IS_ASK_FORM (self));
  kb_file_picker_choose (self->picker, GTK_WIDGET (self));
}

/* Typing a moment ago still counts. */
void
kb_ask_form_flush_draft (KbAskForm *self)
{
  g_return_if_fail (KB_IS_ASK_FORM (self));
  kb_draft_flush (self->draft);
}

void
kb_ask_form_focus (KbAskForm *self)
{
  g_return_if_fail (KB_IS_ASK_FORM (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

static void
kb_ask_form_dispose (GObject *object)
{
  KbAskForm *self = KB_ASK_FORM (object);

  g_clear_object (&self->draft);
  gtk_widget_dispose_template (GTK_WIDGET (object), KB_TYPE_ASK_FORM);
  g_clear_object (&self->picker);
  g_clear_object (&self->feedback);

  G_OBJECT_CLASS (kb_ask_form_parent_class)->dispose (object);
}

static void
kb_ask_form_class_init (KbAskFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kb_ask_form_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/sections/feedback/kb-ask-form.ui");
  gtk_widget_class_bind_template_child (widget_class, KbAskForm, text_view);
  gtk_widget_class_bind_template_child (widget_class, KbAskForm, error_label);
  gtk_widget_class_bind_template_child (widget_class, KbAskForm, counter_label);
  gtk_widget_class_bind_template_child (widget_class, KbAskForm, ask_files_box);
}

static void
kb_ask_form_init (KbAskForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->draft = kb_draft_new (self->text_view, self->counter_label);
  g_signal_connect_object (self->draft, "changed", G_CALLBACK (on_draft_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->draft, "save", G_CALLBACK (on_draft_save), self,
                           G_CONNECT_SWAPPED);
  show_error (self, NULL);
}

/* Returns: (transfer floating): a form that asks through @feedback, with its draft. */
KbAskForm *
kb_ask_form_new (KbFeedback *feedback)
{
  KbAskForm *self;
  g_autofree char *draft = NULL;

  g_return_val_if_fail (KB_IS_FEEDBACK (feedback), NULL);

  self = g_object_new (KB_TYPE_ASK_FORM, NULL);
  self->feedback = g_object_ref (feedback);
  /* Files dropped anywhere on the form are attached. */
  self->picker = kb_file_picker_new (feedback, gtk_widget_get_parent (GTK_WIDGET (self->ask_files_box)),
                                     self->text_view);
  g_signal_connect_object (self->picker, "error", G_CALLBACK (show_error), self, G_CONNECT_SWAPPED);
  gtk_box_append (self->ask_files_box, kb_file_picker_get_list (self->picker));
  draft = kb_feedback_dup_draft (feedback);
  kb_draft_set_text (self->draft, draft);
  return self;
}
