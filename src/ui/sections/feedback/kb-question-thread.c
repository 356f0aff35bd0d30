/* kb-question-thread.c — one question as a conversation: every answer and follow-up.
 *
 * Shows what KbQuestion holds and follows it: when KbFeedback fills in the
 * thread (kb_feedback_open_question_async) or a new message arrives, the
 * messages are shown again, in time order, each with its author, local time
 * and files. Every text is selectable, so it can be copied. Below them:
 * «Помог ли ответ?» once the operator has answered, «Вопрос решён» while
 * the question is open, and the reply field (KbReplyBox).
 */
#include "config.h"

#include "kb-question-thread.h"

#include <glib/gi18n.h>

#include "kb-attachment-list.h"
#include "kb-format.h"
#include "kb-question-history.h"
#include "kb-question-columns.h"
#include "kb-reply-box.h"

struct _KbQuestionThread
{
  AdwBin parent_instance;

  GtkWidget *question_card;
  GtkLabel *status_label;
  GtkLabel *date_label;
  GtkLabel *text_label;
  GtkLabel *answers_title;
  GtkBox *answers_box;
  GtkSpinner *spinner;
  GtkLabel *message_label;
  GtkBox *question_files;
  GtkWidget *rating_box;
  GtkToggleButton *good_button;
  GtkToggleButton *bad_button;
  GtkEntry *comment_entry;
  GtkWidget *close_button;
  KbReplyBox *reply_box;
  KbAttachmentList *question_files_list;

  KbFeedback *feedback;
  GCancellable *cancellable;
  gboolean showing_rating;   /* the toggles follow the question, not a click */
  KbQuestion *question;
  GListModel *answers;        /* the question's, followed for new answers */
  char *error;
  gboolean loading;
  gboolean answers_dirty;     /* the cards in answers_box are not the answers' */
};

G_DEFINE_FINAL_TYPE (KbQuestionThread, kb_question_thread, ADW_TYPE_BIN)

static GtkWidget *
make_answer (KbQuestionThread *self, KbAnswer *answer)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gboolean mine = kb_answer_get_from_client (answer);
  const char *name = kb_answer_get_author (answer);
  GtkWidget *author = gtk_label_new (mine ? _("You")
                                          : name != NULL && *name != '\0' ? name : _("Specialist"));
  GtkWidget *files = kb_attachment_list_new (self->feedback, FALSE);
  g_autofree char *when = kb_answer_get_created_at (answer) != NULL
                            ? kb_format_local_date_time (kb_answer_get_created_at (answer)) : g_strdup ("");
  GtkWidget *time = gtk_label_new (when);
  GtkWidget *text = gtk_label_new (kb_answer_get_text (answer));

  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "thread-message");

  gtk_widget_add_css_class (author, "heading");
  gtk_label_set_xalign (GTK_LABEL (author), 0);
  gtk_label_set_wrap (GTK_LABEL (author), TRUE);
  gtk_label_set_selectable (GTK_LABEL (author), TRUE);
  gtk_widget_set_hexpand (author, TRUE);
  gtk_widget_add_css_class (time, "dim-label");
  gtk_widget_add_css_class (time, "caption");
  gtk_label_set_selectable (GTK_LABEL (time), TRUE);
  gtk_box_append (GTK_BOX (header), author);
  gtk_box_append (GTK_BOX (header), time);
  gtk_widget_set_margin_start (header, 12);
  gtk_widget_set_margin_end (header, 12);
  gtk_widget_set_margin_top (header, 12);

  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (text), TRUE);
  gtk_widget_set_margin_start (text, 12);
  gtk_widget_set_margin_end (text, 12);
  gtk_widget_set_margin_bottom (text, 12);

  gtk_box_append (GTK_BOX (card), header);
  gtk_box_append (GTK_BOX (card), text);
  if (mine)
    gtk_widget_add_css_class (card, "thread-follow-up");
  /* A follow-up not sent yet has no id: say so beside its time. */
  if (mine && kb_answer_get_id (answer) == NULL)
    gtk_label_set_text (GTK_LABEL (time), _("Sending…"));

  kb_attachment_list_set_files (KB_ATTACHMENT_LIST (files), kb_answer_get_attachments (answer));
  gtk_widget_set_margin_start (files, 12);
  gtk_widget_set_margin_end (files, 12);
  gtk_widget_set_margin_bottom (files, 12);
  gtk_box_append (GTK_BOX (card), files);
  return card;
}

/* The rating, closing and reply controls, as the question allows. */
static void
update_actions (KbQuestionThread *self)
{
  gboolean known = self->question != NULL && kb_question_get_id (self->question) != NULL &&
                   self->feedback != NULL;
  KbQuestionStatus status = self->question != NULL ? kb_question_get_status (self->question)
                                                   : KB_QUESTION_STATUS_NEW;
  const char *rating = self->question != NULL ? kb_question_get_rating (self->question) : NULL;

  gtk_widget_set_visible (self->rating_box,
                          known && kb_question_get_answers_count (self->question) > 0);
  gtk_widget_set_visible (self->close_button, known && status != KB_QUESTION_STATUS_CLOSED);
  gtk_widget_set_visible (GTK_WIDGET (self->reply_box), known);
  kb_reply_box_set_thread (self->reply_box, known ? kb_question_get_id (self->question) : NULL);

  self->showing_rating = TRUE;
  gtk_toggle_button_set_active (self->good_button, g_strcmp0 (rating, "good") == 0);
  gtk_toggle_button_set_active (self->bad_button, g_strcmp0 (rating, "bad") == 0);
  if (rating == NULL)
    {
      gtk_toggle_button_set_active (self->good_button, FALSE);
      gtk_toggle_button_set_active (self->bad_button, FALSE);
    }
  self->showing_rating = FALSE;
}

/* The spinner while loading with no answer to show, else the error or a
 * word about the answers (@n of them shown). */
static void
show_progress (KbQuestionThread *self, guint n)
{
  gboolean spinning = self->loading && n == 0 && self->error == NULL;
  const char *message = "";

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), spinning);
  gtk_spinner_set_spinning (self->spinner, spinning);
  if (self->error != NULL)
    message = self->error;
  else if (self->question == NULL || n > 0)
    message = "";
  else if (kb_question_get_answers_count (self->question) > 0)
    message = self->loading ? "" : _("The answers could not be loaded.");
  else
    message = _("No answer yet. The answer to your request will come within 24 hours.");
  gtk_label_set_text (self->message_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), *message != '\0');
}

static void
update (KbQuestionThread *self)
{
  GtkWidget *child;
  GListModel *answers;
  guint n = 0;
  KbQuestionStatus status;
  const char *style;
  g_autofree char *when = NULL;
  g_autofree char *date_text = NULL;

  /* The cards are made again only when the answers changed: a question
   * notifies often (its unread mark, its status), and selectable labels
   * destroyed under a screen reader or a selection are work for nothing. */
  if (self->answers_dirty)
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->answers_box))) != NULL)
      gtk_box_remove (self->answers_box, child);

  /* A question that is not known here yet (a notification's, or one that
   * does not exist) has nothing to show but the spinner, then the error. */
  gtk_widget_set_visible (self->question_card, self->question != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->answers_title), self->question != NULL);
  if (self->question == NULL)
    {
      self->answers_dirty = FALSE;
      update_actions (self);
      show_progress (self, 0);
      return;
    }

  status = kb_question_get_status (self->question);
  style = kb_question_status_style (status);
  gtk_label_set_text (self->status_label, kb_question_status_to_display (status));
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
  if (style != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), style);

  if (kb_question_get_created_at (self->question) != NULL)
    {
      when = kb_format_local_date_time (kb_question_get_created_at (self->question));
      /* TRANSLATORS: %s is the date and time a question was asked */
      date_text = g_strdup_printf (_("Asked %s"), when);
    }
  gtk_label_set_text (self->date_label, date_text != NULL ? date_text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->date_label), date_text != NULL);
  gtk_label_set_text (self->text_label, kb_question_get_text (self->question));

  answers = kb_question_get_answers (self->question);
  if (answers != NULL)
    n = g_list_model_get_n_items (answers);
  for (guint i = 0; self->answers_dirty && i < n; i++)
    {
      g_autoptr(KbAnswer) answer = g_list_model_get_item (answers, i);

      gtk_box_append (self->answers_box, make_answer (self, answer));
    }
  if (self->answers_dirty)
    kb_attachment_list_set_files (self->question_files_list,
                                  kb_question_get_attachments (self->question));
  self->answers_dirty = FALSE;
  update_actions (self);

  show_progress (self, n);
}

static void on_answers_items_changed (KbQuestionThread *self);

/* The question may hand out a new answers model when its thread is fetched. */
static void
follow_answers (KbQuestionThread *self)
{
  GListModel *answers = self->question != NULL ? kb_question_get_answers (self->question) : NULL;

  if (answers == self->answers)
    return;
  if (self->answers != NULL)
    g_signal_handlers_disconnect_by_data (self->answers, self);
  g_set_object (&self->answers, answers);
  self->answers_dirty = TRUE;
  if (answers != NULL)
    g_signal_connect_swapped (answers, "items-changed", G_CALLBACK (on_answers_items_changed), self);
}

static void
on_answers_changed (KbQuestionThread *self)
{
  follow_answers (self);
  update (self);
}

static void
on_answers_items_changed (KbQuestionThread *self)
{
  self->answers_dirty = TRUE;
  update (self);
}

static void
disconnect_question (KbQuestionThread *self)
{
  if (self->answers != NULL)
    g_signal_handlers_disconnect_by_data (self->answers, self);
  g_clear_object (&self->answers);
  if (self->question == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->question, self);
  g_clear_object (&self->question);
}

KbQuestion *
kb_question_thread_get_question (KbQuestionThread *self)
{
  g_return_val_if_fail (KB_IS_QUESTION_THREAD (self), NULL);
  return self->question;
}

void
kb_question_thread_set_question (KbQuestionThread *self, KbQuestion *question)
{
  g_return_if_fail (KB_IS_QUESTION_THREAD (self));

  if (question != self->question)
    {
      disconnect_question (self);
      self->answers_dirty = TRUE;
      self->question = question != NULL ? g_object_ref (question) : NULL;
      g_clear_pointer (&self->error, g_free);
      /* The comment belongs to the question's rating: another question
       * starts with its own (or none), never with what was typed for the
       * last one. Only here, so that a status change while typing keeps
       * what is being written. */
      gtk_editable_set_text (GTK_EDITABLE (self->comment_entry),
                             question != NULL && kb_question_get_rating_comment (question) != NULL
                               ? kb_question_get_rating_comment (question) : "");
      if (question != NULL)
        {
          g_signal_connect_swapped (question, "notify", G_CALLBACK (on_answers_changed), self);
          follow_answers (self);
        }
    }
  update (self);
}

void
kb_question_thread_set_loading (KbQuestionThread *self, gboolean loading)
{
  g_return_if_fail (KB_IS_QUESTION_THREAD (self));
  self->loading = loading;
  if (loading)
    g_clear_pointer (&self->error, g_free);
  update (self);
}

void
kb_question_thread_set_error (KbQuestionThread *self, const char *message)
{
  g_return_if_fail (KB_IS_QUESTION_THREAD (self));
  g_free (self->error);
  self->error = g_strdup (message);
  self->loading = FALSE;
  update (self);
}

/* ---- Replying, rating, closing ---------------------------------------------- */

void
kb_question_thread_set_feedback (KbQuestionThread *self, KbFeedback *feedback)
{
  g_return_if_fail (KB_IS_QUESTION_THREAD (self));
  if (!g_set_object (&self->feedback, feedback))
    return;
  kb_reply_box_set_feedback (self->reply_box, feedback);
  if (self->question_files_list != NULL)
    gtk_box_remove (self->question_files, GTK_WIDGET (self->question_files_list));
  self->question_files_list = KB_ATTACHMENT_LIST (kb_attachment_list_new (feedback, FALSE));
  gtk_box_append (self->question_files, GTK_WIDGET (self->question_files_list));
  self->answers_dirty = TRUE;
  update (self);
}

static void
on_reply_box_send (KbQuestionThread *self)
{
  g_autofree char *text = kb_reply_box_dup_text (self->reply_box);
  g_autoptr(GError) error = NULL;

  if (self->feedback == NULL || self->question == NULL)
    return;
  if (!kb_feedback_reply (self->feedback, self->question, text,
                          kb_reply_box_get_files (self->reply_box), &error))
    {
      /* KbFeedback's validation errors are already the user's sentences. */
      kb_reply_box_show_error (self->reply_box, error->message);
      return;
    }
  kb_reply_box_clear (self->reply_box);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s",
                              _("Your message was saved and is being sent"));
}

static void
on_changed_ready (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(KbQuestionThread) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (g_task_get_source_tag (G_TASK (result)) == kb_feedback_rate_async)
    ok = kb_feedback_rate_finish (KB_FEEDBACK (source), result, &error);
  else
    ok = kb_feedback_close_finish (KB_FEEDBACK (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (!ok)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", error->message);
      update_actions (self);
      return;
    }
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s",
                              g_task_get_source_tag (G_TASK (result)) == kb_feedback_rate_async
                                ? _("Thank you for the rating")
                                : _("The question is closed"));
}

static void
send_rating (KbQuestionThread *self, const char *score)
{
  if (self->showing_rating || self->feedback == NULL || self->question == NULL)
    return;
  kb_feedback_rate_async (self->feedback, self->question, score,
                          gtk_editable_get_text (GTK_EDITABLE (self->comment_entry)),
                          self->cancellable, on_changed_ready, g_object_ref (self));
}

static void
on_good_button_toggled (KbQuestionThread *self)
{
  if (gtk_toggle_button_get_active (self->good_button))
    send_rating (self, "good");
}

static void
on_bad_button_toggled (KbQuestionThread *self)
{
  if (gtk_toggle_button_get_active (self->bad_button))
    send_rating (self, "bad");
}

/* Enter in the comment sends it with the score chosen (good until one is). */
static void
on_comment_entry_activate (KbQuestionThread *self)
{
  send_rating (self, gtk_toggle_button_get_active (self->bad_button) ? "bad" : "good");
}

static void
on_close_button_clicked (KbQuestionThread *self)
{
  if (self->feedback == NULL || self->question == NULL)
    return;
  kb_feedback_close_async (self->feedback, self->question, self->cancellable, on_changed_ready,
                           g_object_ref (self));
}

static void
kb_question_thread_dispose (GObject *object)
{
  KbQuestionThread *self = KB_QUESTION_THREAD (object);

  disconnect_question (self);
  g_clear_pointer (&self->error, g_free);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), KB_TYPE_QUESTION_THREAD);
  g_clear_object (&self->feedback);

  G_OBJECT_CLASS (kb_question_thread_parent_class)->dispose (object);
}

static void
kb_question_thread_class_init (KbQuestionThreadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kb_question_thread_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/sections/feedback/kb-question-thread.ui");
  gtk_widget_class_bind_template_child (widget_class, KbQuestionThread, question_card);
  gtk_widget_class_bind_template_child (widget_class, KbQuestionThread, status_label);
  gtk_widget_class_bind_template_child (widget_class, KbQuestionThread, date_label);
  gtk_widget_class_bind_template_child (widget_class, KbQuestionThread, text_label);
  gtk_widget_class_bind_template_child (widget_class, KbQuestionThread, answers_title);
  gtk_widget_class_bind_template_child (widget_class, KbQuestionThread, answers_box);
  gtk_widget_class_bind_template_child (widget_class, KbQuestionThread, spinner);
  gtk_widget_class_bind_template_child (widget_class, KbQuestionThread, message_label);
  gtk_widget_class_bind_template_child (widget_class, KbQuestionThread, question_files);
  gtk_widget_class_bind_template_child (widget_class, KbQuestionThread, rating_box);
  gtk_widget_class_bind_template_child (widget_class, KbQuestionThread, good_button);
  gtk_widget_class_bind_template_child (widget_class, KbQuestionThread, bad_button);
  gtk_widget_class_bind_template_child (widget_class, KbQuestionThread, comment_entry);
  gtk_widget_class_bind_template_child (widget_class, KbQuestionThread, close_button);
  gtk_widget_class_bind_template_child (widget_class, KbQuestionThread, reply_box);
  gtk_widget_class_bind_template_callback (widget_class, on_reply_box_send);
  gtk_widget_class_bind_template_callback (widget_class, on_good_button_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_bad_button_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_comment_entry_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_close_button_clicked);
}

static void
kb_question_thread_init (KbQuestionThread *self)
{
  g_type_ensure (KB_TYPE_REPLY_BOX);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  update_actions (self);
}

GtkWidget *
kb_question_thread_new (void)
{
  return g_object_new (KB_TYPE_QUESTION_THREAD, NULL);
}
