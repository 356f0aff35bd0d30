/* kb-feedback-page.c — Feedback (Обратная связь).
 *
 * A stack of four views, as in the seed: the landing (the section's
 * description and its two entries, View History and Ask a Question), the
 * Ask form, Request History and one question's thread. The data is
 * KbFeedback's: the page never talks to the server itself. The landing
 * (kb-feedback-landing.ui), the Ask form (KbAskForm) and the thread are made
 * the first time they are shown.
 */
#include "config.h"

#include "kb-feedback-page.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kb-api-error.h"
#include "kb-a11y.h"
#include "kb-ask-form.h"
#include "kb-feedback.h"
#include "kb-question-history.h"
#include "kb-question-thread.h"
#include "kb-first-frame.h"
#include "kb-tooltip.h"

/* In pixels, the least height of a row of the history: a first frame reads
 * as many questions as the screen shows of these (kb_page_get_screenful()). */
#define HISTORY_ROW_HEIGHT 36

struct _KbFeedbackPage
{
  KbPage parent_instance;

  GtkStack *stack;
  GtkBox *landing_box;
  GtkButton *ask_back_button;
  GtkButton *thread_back_button;
  AdwPreferencesGroup *landing_group; /* (nullable): until the landing is first shown */
  GtkLabel *history_badge;            /* (nullable): as the landing_group */
  KbQuestionHistory *history;
  GtkBox *thread_box;
  KbQuestionThread *thread;       /* (nullable): until a question is opened */
  KbAskForm *ask_form;            /* (nullable): until the form is first shown */

  KbFeedback *feedback;
  gboolean refreshing;
  char *open_id;
};

G_DEFINE_FINAL_TYPE (KbFeedbackPage, kb_feedback_page, KB_TYPE_PAGE)

enum {
  PROP_0,
  PROP_TARGET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- Navigation -------------------------------------------------------- */

static void
update_badge (KbFeedbackPage *self)
{
  guint unread = self->feedback != NULL ? kb_feedback_get_unread_count (self->feedback) : 0;
  g_autofree char *text = g_strdup_printf ("%u", unread);
  /* TRANSLATORS: the accessible name of the unread count on View History */
  g_autofree char *description = g_strdup_printf (ngettext ("%u unread answer", "%u unread answers", unread), unread);

  if (self->history_badge == NULL)
    return;
  gtk_label_set_text (self->history_badge, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->history_badge),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
  gtk_widget_set_visible (GTK_WIDGET (self->history_badge), unread > 0);
}

/* The landing is made the first time it is mapped: a start on the history
 * does not show it, and GTK would build and style it all the same. */
static void
on_landing_box_map (KbFeedbackPage *self)
{
  g_autoptr(GtkBuilder) builder = NULL;
  const KbSection *section = kb_page_get_section (KB_PAGE (self));

  if (self->landing_group != NULL)
    return;
  builder = gtk_builder_new ();
  gtk_builder_set_translation_domain (builder, GETTEXT_PACKAGE);
  gtk_builder_add_from_resource (builder, RESOURCE_BASE "/ui/sections/feedback/kb-feedback-landing.ui", NULL);
  self->landing_group = ADW_PREFERENCES_GROUP (gtk_builder_get_object (builder, "landing_group"));
  self->history_badge = GTK_LABEL (gtk_builder_get_object (builder, "history_badge"));
  if (section != NULL)
    adw_preferences_group_set_description (self->landing_group, _(section->description));
  update_badge (self);
  gtk_box_append (self->landing_box, GTK_WIDGET (gtk_builder_get_object (builder, "landing")));
  kb_a11y_name_tree (GTK_WIDGET (self->landing_box));
}

/* The thread view is made the first time a question is opened: a start
 * on the history does not pay for it before its first frame. */
static KbQuestionThread *
ensure_thread (KbFeedbackPage *self)
{
  if (self->thread == NULL)
    {
      self->thread = g_object_new (KB_TYPE_QUESTION_THREAD, "vexpand", TRUE, NULL);
      gtk_box_append (self->thread_box, GTK_WIDGET (self->thread));
      if (self->feedback != NULL)
        kb_question_thread_set_feedback (self->thread, self->feedback);
    }
  return self->thread;
}

/* The Ask form, made the first time it is shown: a start on the history
 * neither builds it nor reads its draft before the first frame. */
static KbAskForm *
ensure_ask_form (KbFeedbackPage *self)
{
  if (self->ask_form == NULL && self->feedback != NULL)
    {
      self->ask_form = kb_ask_form_new (self->feedback);
      gtk_stack_add_named (self->stack, GTK_WIDGET (self->ask_form), "ask");
      kb_a11y_name_tree (GTK_WIDGET (self->ask_form));
    }
  return self->ask_form;
}

static void
on_visible_child_changed (KbFeedbackPage *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->stack);

  if (g_strcmp0 (name, "thread") != 0)
    {
      g_clear_pointer (&self->open_id, g_free);
      if (self->thread != NULL)
        kb_question_thread_set_question (self->thread, NULL);
    }
  if (g_strcmp0 (name, "ask") != 0 && self->ask_form != NULL)
    kb_ask_form_flush_draft (self->ask_form);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TARGET]);
}

/* The menu's sub-item of the view shown ("history", "ask"), or NULL for
 * the landing and a thread: what the sidebar highlights. */
static const char *
get_target (KbFeedbackPage *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->stack);

  return g_strcmp0 (name, "history") == 0 || g_strcmp0 (name, "ask") == 0 ? name : NULL;
}

static void
show_view (KbFeedbackPage *self, const char *name)
{
  if (g_str_equal (name, "ask") && ensure_ask_form (self) == NULL)
    return;
  gtk_stack_set_visible_child_name (self->stack, name);
  if (g_str_equal (name, "ask"))
    kb_ask_form_focus (self->ask_form);
}

static void
landing_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  show_view (KB_FEEDBACK_PAGE (widget), "landing");
}

static void
ask_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  show_view (KB_FEEDBACK_PAGE (widget), "ask");
}

static void
history_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KbFeedbackPage *self = KB_FEEDBACK_PAGE (widget);

  kb_question_history_invalidate (self->history);
  show_view (self, "history");
}

static void
attach_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KbFeedbackPage *self = KB_FEEDBACK_PAGE (widget);

  if (self->ask_form != NULL)
    kb_ask_form_choose_file (self->ask_form);
}

static void
send_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KbFeedbackPage *self = KB_FEEDBACK_PAGE (widget);

  if (self->ask_form == NULL || !kb_ask_form_send (self->ask_form))
    return;
  kb_question_history_reset_view (self->history);
  show_view (self, "history");
  gtk_widget_activate_action (widget, "win.toast", "s",
                              _("Your question was saved and is being sent"));
}

/* What one kb_feedback_open_question_async() was for: its answer may come
 * after another thread was opened, and an error carries no question. The
 * page is held by the cancellable it passes, which goes when the page does. */
typedef struct
{
  KbFeedbackPage *self;
  char *id;
} OpenRequest;

static void
open_request_free (OpenRequest *request)
{
  g_free (request->id);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpenRequest, open_request_free)

static void
on_open_ready (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(OpenRequest) request = user_data;
  KbFeedbackPage *self;
  g_autoptr(KbQuestion) question = NULL;
  g_autoptr(GError) error = NULL;

  question = kb_feedback_open_question_finish (KB_FEEDBACK (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = request->self;
  kb_question_history_invalidate (self->history);
  /* The user has left this thread, or opened another one since. */
  if (g_strcmp0 (request->id, self->open_id) != 0)
    return;

  if (question == NULL)
    {
      /* The spinner must end: in the server's word, or ours when the
       * question does not exist; the thread's Back button stays. */
      gboolean missing = error == NULL ||
                         g_error_matches (error, KB_API_ERROR, KB_API_ERROR_NOT_FOUND);

      kb_question_thread_set_error (ensure_thread (self),
                                    missing ? _("The question was not found.") : error->message);
      return;
    }

  kb_question_thread_set_question (ensure_thread (self), question);
  kb_question_thread_set_loading (self->thread, FALSE);
}

void
kb_feedback_page_open_question (KbFeedbackPage *self, const char *question_id)
{
  g_autofree char *notification_id = NULL;
  OpenRequest *request;

  g_return_if_fail (KB_IS_FEEDBACK_PAGE (self));
  g_return_if_fail (question_id != NULL);

  if (self->feedback == NULL)
    return;

  ensure_thread (self);
  show_view (self, "thread");
  g_free (self->open_id);
  self->open_id = g_strdup (question_id);
  kb_question_thread_set_question (self->thread, kb_feedback_lookup (self->feedback, question_id));
  kb_question_thread_set_loading (self->thread, TRUE);

  /* Once the thread is open, its notification has done its job. */
  notification_id = g_strconcat ("answer-", question_id, NULL);
  if (g_application_get_default () != NULL)
    g_application_withdraw_notification (g_application_get_default (), notification_id);

  request = g_new0 (OpenRequest, 1);
  request->self = self;
  request->id = g_strdup (question_id);
  kb_feedback_open_question_async (self->feedback, question_id, kb_page_get_cancellable (KB_PAGE (self)),
                                   on_open_ready, request);
}

const char *
kb_feedback_page_get_open_question_id (KbFeedbackPage *self)
{
  g_return_val_if_fail (KB_IS_FEEDBACK_PAGE (self), NULL);
  return self->open_id;
}

static void
on_history_open_question (KbFeedbackPage *self, KbQuestion *question)
{
  kb_feedback_page_open_question (self, kb_question_get_id (question));
}

static void
open_question_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  kb_feedback_page_open_question (KB_FEEDBACK_PAGE (widget), g_variant_get_string (parameter, NULL));
}

/* "question/ID": that question's thread (a notification's action asks);
 * "history" and "ask": the views of the menu's sub-items. */
static void
kb_feedback_page_show_target (KbPage *page, const char *target)
{
  if (g_str_has_prefix (target, "question/"))
    kb_feedback_page_open_question (KB_FEEDBACK_PAGE (page), target + strlen ("question/"));
  else if (g_str_equal (target, "history"))
    history_action (GTK_WIDGET (page), NULL, NULL);
  else if (g_str_equal (target, "ask"))
    ask_action (GTK_WIDGET (page), NULL, NULL);
}

/* ---- Data -------------------------------------------------------------- */

static void
on_unread_changed (KbFeedbackPage *self)
{
  update_badge (self);
  kb_question_history_invalidate (self->history);
}

static void
on_refresh_ready (GObject *source, GAsyncResult *result, gpointer user_data)
{
  KbFeedbackPage *self;
  g_autoptr(GError) error = NULL;

  kb_feedback_refresh_finish (KB_FEEDBACK (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = KB_FEEDBACK_PAGE (user_data);
  self->refreshing = FALSE;
  kb_question_history_invalidate (self->history);
  if (error != NULL)
    g_debug ("Could not refresh the questions: %s", error->message);
}

static gboolean
start_refresh (gpointer user_data)
{
  KbFeedbackPage *self = user_data;

  if (self->feedback == NULL || self->refreshing)
    return G_SOURCE_REMOVE;
  self->refreshing = TRUE;
  kb_feedback_refresh_async (self->feedback, kb_page_get_cancellable (KB_PAGE (self)),
                             on_refresh_ready, self);
  return G_SOURCE_REMOVE;
}

/* A page about to be shown paints first, as KbPage's own reload does: the
 * refresh reads every cached question before it asks for news. */
static void
kb_feedback_page_reload (KbPage *page)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (page)))
    start_refresh (page);
  else
    kb_first_frame_then (GTK_WIDGET (page), start_refresh, g_object_ref (page), g_object_unref);
}

static gboolean
show_all_questions (gpointer user_data)
{
  KbFeedbackPage *self = user_data;

  if (self->feedback != NULL)
    kb_question_history_set_model (self->history, kb_feedback_get_questions (self->feedback));
  return G_SOURCE_REMOVE;
}

static void
kb_feedback_page_constructed (GObject *object)
{
  KbFeedbackPage *self = KB_FEEDBACK_PAGE (object);
  KbSync *sync = kb_page_get_sync (KB_PAGE (self));

  G_OBJECT_CLASS (kb_feedback_page_parent_class)->constructed (object);

  if (sync != NULL)
    {
      self->feedback = g_object_ref (kb_sync_get_feedback (sync));
      {
        guint screenful = kb_page_get_screenful (KB_PAGE (self), HISTORY_ROW_HEIGHT);
        g_autoptr(GListModel) head = kb_feedback_peek_questions (self->feedback, screenful);

        /* A start on the history paints the newest questions first; the
         * whole list (10 000 questions take ~50 ms to read) follows the frame. */
        kb_question_history_set_screenful (self->history, screenful);
        kb_question_history_set_model (self->history, head);
        kb_first_frame_then (GTK_WIDGET (self), show_all_questions, g_object_ref (self),
                             g_object_unref);
      }
      g_signal_connect_object (self->feedback, "notify::unread-count", G_CALLBACK (on_unread_changed),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->feedback, "answer-arrived", G_CALLBACK (kb_question_history_invalidate),
                               self->history, G_CONNECT_SWAPPED);
    }
  update_badge (self);
}

static void
kb_feedback_page_dispose (GObject *object)
{
  KbFeedbackPage *self = KB_FEEDBACK_PAGE (object);

  /* The thread and the Ask form go with the template's stack; the form
   * keeps what was typed a moment ago as it goes. */
  self->thread = NULL;
  self->ask_form = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (object), KB_TYPE_FEEDBACK_PAGE);
  g_clear_object (&self->feedback);
  g_clear_pointer (&self->open_id, g_free);

  G_OBJECT_CLASS (kb_feedback_page_parent_class)->dispose (object);
}

static void
kb_feedback_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KbFeedbackPage *self = KB_FEEDBACK_PAGE (object);

  switch (prop_id)
    {
    case PROP_TARGET: g_value_set_string (value, get_target (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kb_feedback_page_class_init (KbFeedbackPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KbPageClass *page_class = KB_PAGE_CLASS (klass);

  object_class->constructed = kb_feedback_page_constructed;
  object_class->dispose = kb_feedback_page_dispose;
  object_class->get_property = kb_feedback_page_get_property;
  page_class->reload = kb_feedback_page_reload;
  page_class->show_target = kb_feedback_page_show_target;

  properties[PROP_TARGET] =
    g_param_spec_string ("target", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (KB_TYPE_QUESTION_HISTORY);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/sections/feedback/kb-feedback-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KbFeedbackPage, stack);
  gtk_widget_class_bind_template_child (widget_class, KbFeedbackPage, landing_box);
  gtk_widget_class_bind_template_child (widget_class, KbFeedbackPage, ask_back_button);
  gtk_widget_class_bind_template_child (widget_class, KbFeedbackPage, thread_back_button);
  gtk_widget_class_bind_template_child (widget_class, KbFeedbackPage, history);
  gtk_widget_class_bind_template_child (widget_class, KbFeedbackPage, thread_box);
  gtk_widget_class_bind_template_callback (widget_class, on_visible_child_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_history_open_question);

  gtk_widget_class_install_action (widget_class, "feedback.landing", NULL, landing_action);
  gtk_widget_class_install_action (widget_class, "feedback.ask", NULL, ask_action);
  gtk_widget_class_install_action (widget_class, "feedback.history", NULL, history_action);
  gtk_widget_class_install_action (widget_class, "feedback.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "feedback.attach", NULL, attach_action);
  gtk_widget_class_install_action (widget_class, "feedback.open-question", "s", open_question_action);
}

static void
kb_feedback_page_init (KbFeedbackPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Not in the template: see kb_tooltip_set(). */
  kb_tooltip_set (GTK_WIDGET (self->ask_back_button), _("Back"));
  kb_tooltip_set (GTK_WIDGET (self->thread_back_button), _("Back to Request History"));
  g_signal_connect_object (self->landing_box, "map", G_CALLBACK (on_landing_box_map), self,
                           G_CONNECT_SWAPPED);
}
