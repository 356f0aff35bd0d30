/* test-ui-feedback.c — Feedback through the real window, against the
 * in-process reference server: ask a question, have the operator answer it,
 * see the row turn Answered in place, the badge on the sidebar and a
 * desktop notification (recorded by a fake org.freedesktop.Notifications
 * owned by this test on the session bus), then fire the notification's
 * action and see the thread open. Also: validation, the draft, Russian
 * plurals, search and filters, the empty state. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "kb-application.h"
#include "kb-feedback.h"
#include "kb-page.h"
#include "kb-question-history.h"
#include "kb-question-columns.h"
#include "kb-question-thread.h"
#include "kb-reply-box.h"
#include "kb-server.h"
#include "kb-test-notifications.h"
#include "kb-test-util.h"
#include "kb-test-widgets.h"
#include "kb-test-window.h"
#include "kb-window.h"

static gboolean russian;
static KbApplication *app;

/* ---- Fixture ----------------------------------------------------------- */

typedef KbTestWindow Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  kb_test_window_open (f, app);
  kb_test_notifications_clear ();
}

static GtkWidget *
root (Fixture *f)
{
  return GTK_WIDGET (f->window);
}

static void
sign_in (Fixture *f, const char *login, const char *password)
{
  kb_test_window_sign_in (f, login, password);
}

/* A client of its own, without the demo's questions. */
static void
sign_in_new_client (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  kb_server_add_client (f->srv.server, "fresh", "fresh-password", &error);
  g_assert_no_error (error);
  sign_in (f, "fresh", "fresh-password");
}

static KbFeedback *
feedback (Fixture *f)
{
  return kb_sync_get_feedback (kb_session_manager_get_sync (f->manager));
}

static GtkWidget *
feedback_page (Fixture *f)
{
  gtk_widget_activate_action (root (f), "win.show-section", "s", "feedback");
  g_assert_cmpstr (kb_window_get_visible_section (f->window), ==, "feedback");
  return kb_window_get_page (f->window, "feedback");
}

static void
open_entry (GtkWidget *page, const char *title)
{
  GtkWidget *row = kb_test_find_row (page, title);

  g_assert_nonnull (row);
  g_assert_true (kb_test_is_shown (row));
  g_signal_emit_by_name (row, "activate");
}

static GtkTextBuffer *
question_buffer (GtkWidget *page)
{
  GtkWidget *view = kb_test_find_type (page, GTK_TYPE_TEXT_VIEW);

  g_assert_nonnull (view);
  g_assert_true (kb_test_is_shown (view));
  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
}

static void
click (GtkWidget *root_widget, const char *label)
{
  GtkWidget *button = kb_test_find_button (root_widget, label);

  g_assert_nonnull (button);
  g_assert_true (kb_test_is_shown (button));
  g_signal_emit_by_name (button, "clicked");
}

static KbQuestionHistory *
history (GtkWidget *page)
{
  GtkWidget *widget = kb_test_find_type (page, KB_TYPE_QUESTION_HISTORY);

  g_assert_nonnull (widget);
  return KB_QUESTION_HISTORY (widget);
}

static guint
n_shown (GtkWidget *page)
{
  return g_list_model_get_n_items (kb_question_history_get_shown (history (page)));
}

/* The row of the history whose question label shows @text. */
static GtkWidget *
history_row (GtkWidget *page, const char *text)
{
  GtkWidget *label = kb_test_find_label (GTK_WIDGET (history (page)), text);

  if (label == NULL || !kb_test_is_shown (label))
    return NULL;
  /* label → column view cell → row */
  return gtk_widget_get_parent (gtk_widget_get_parent (label));
}

static gboolean
row_shows (GtkWidget *page, const char *question, const char *text)
{
  GtkWidget *row = history_row (page, question);

  return row != NULL && kb_test_is_shown (kb_test_find_label (row, text));
}

static gboolean
is_sidebar_badge (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "sidebar-badge") &&
         kb_test_is_shown (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), data) == 0;
}

static gboolean
is_sidebar (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_LIST_BOX (widget) && gtk_widget_has_css_class (widget, "navigation-sidebar");
}

/* The sidebar row of a section or sub-item ("feedback/ask"). */
static GtkWidget *
sidebar_row (Fixture *f, const char *id)
{
  GtkWidget *sidebar = kb_test_find_widget (root (f), is_sidebar, NULL);

  g_assert_nonnull (sidebar);
  for (GtkWidget *row = gtk_widget_get_first_child (sidebar); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (gtk_widget_get_name (row), id) == 0)
      return row;
  return NULL;
}

static GtkWidget *
selected_sidebar_row (Fixture *f)
{
  GtkWidget *sidebar = kb_test_find_widget (root (f), is_sidebar, NULL);

  return GTK_WIDGET (gtk_list_box_get_selected_row (GTK_LIST_BOX (sidebar)));
}

static graphene_rect_t
bounds_in (GtkWidget *widget, GtkWidget *relative_to)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, relative_to, &bounds));
  return bounds;
}

static KbQuestion *
ask (Fixture *f, const char *text)
{
  g_autoptr(GError) error = NULL;
  KbQuestion *question = kb_feedback_ask (feedback (f), text, &error);

  g_assert_no_error (error);
  return question;
}

static void
answer (Fixture *f, KbQuestion *question, const char *text)
{
  g_autoptr(GError) error = NULL;

  kb_test_wait_for (kb_question_get_id (question) != NULL, 15);
  kb_server_answer_question (f->srv.server, kb_question_get_id (question), "Ирина Specialist", text, &error);
  g_assert_no_error (error);
}

/* ---- Tests ------------------------------------------------------------- */

/* The landing, in the seed's words. */
static void
test_landing (Fixture *f, gconstpointer data)
{
  GtkWidget *page;

  sign_in (f, "demo", "demo");
  page = feedback_page (f);

  g_assert_nonnull (kb_test_find_row (page, _("View History")));
  g_assert_nonnull (kb_test_find_row (page, _("Ask a Question")));
  g_assert_nonnull (kb_test_find_label_containing (page, _("Here you can view your requests to the company’s "
                                                            "staff and the answers to them. The longest time to "
                                                            "get an answer is 24 hours.")));
  g_assert_nonnull (kb_test_find_label_containing (page, _("This section contains the Administrator’s requests "
                                                            "to the company’s specialists.")));

  open_entry (page, _("Ask a Question"));
  kb_test_wait_for (kb_test_is_shown (kb_test_find_label (page, _("Write your question"))), 5);
  g_assert_nonnull (kb_test_find_button (page, _("_Back")));
  g_assert_nonnull (kb_test_find_button (page, _("_Send")));
  g_assert_nonnull (kb_test_find_label_containing (page, _("The answer to your request will come within 24 hours "
                                                            "and will be available in View History.")));
  click (page, _("_Back"));
  kb_test_wait_for (kb_test_is_shown (kb_test_find_row (page, _("View History"))), 5);

  /* The demo client has questions: the table, with the seed's column titles. */
  open_entry (page, _("View History"));
  kb_test_wait_for (n_shown (page) > 0, 15);
  g_assert_nonnull (kb_test_find_label (page, _("Request History")));
  g_assert_nonnull (kb_test_find_label (page, _("Question")));
  g_assert_nonnull (kb_test_find_label (page, _("Answer")));
  g_assert_nonnull (kb_test_find_label (page, _("Status")));
  kb_test_wait_for (kb_test_is_shown (kb_test_find_button (page, _("View"))), 5);
}

/* Empty, blank and over-long text is refused with a sentence; the counter counts. */
static void
test_validation (Fixture *f, gconstpointer data)
{
  GtkWidget *page;
  GtkTextBuffer *buffer;
  GtkWidget *message;
  g_autofree char *too_long = g_strnfill (KB_FEEDBACK_MAX_QUESTION_LENGTH + 1, 'a');
  const char *too_long_message = kb_test_ntrf ("The question is too long: shorten it by %u character.",
                                               "The question is too long: shorten it by %u characters.", 1, 1);

  sign_in_new_client (f);
  page = feedback_page (f);
  open_entry (page, _("Ask a Question"));
  buffer = question_buffer (page);

  gtk_text_buffer_set_text (buffer, "Привет", -1);
  g_assert_nonnull (kb_test_find_label (page, "6 / 4000"));

  gtk_text_buffer_set_text (buffer, "   \n\t ", -1);
  click (page, _("_Send"));
  message = kb_test_find_label_containing (page, _("Write your question first: the text is empty."));
  g_assert_true (kb_test_is_shown (message));
  g_assert_cmpuint (g_list_model_get_n_items (kb_feedback_get_questions (feedback (f))), ==, 0);

  /* Over the limit: said at once, and Send refuses too. */
  gtk_text_buffer_set_text (buffer, too_long, -1);
  g_assert_nonnull (kb_test_find_label (page, "4001 / 4000"));
  g_assert_true (kb_test_is_shown (kb_test_find_label_containing (page, too_long_message)));
  click (page, _("_Send"));
  g_assert_cmpuint (g_list_model_get_n_items (kb_feedback_get_questions (feedback (f))), ==, 0);

  /* Fixing it takes the message away. */
  gtk_text_buffer_set_text (buffer, "Короче", -1);
  g_assert_false (kb_test_is_shown (kb_test_find_label_containing (page, too_long_message)));
}

/* What was typed survives the window. */
static void
test_draft (Fixture *f, gconstpointer data)
{
  GtkWidget *page;
  g_autofree char *draft = NULL;

  sign_in_new_client (f);
  page = feedback_page (f);
  open_entry (page, _("Ask a Question"));
  gtk_text_buffer_set_text (question_buffer (page), "Черновик вопроса", -1);
  kb_test_wait_for ((g_free (draft), draft = kb_feedback_dup_draft (feedback (f))) != NULL &&
                    g_str_equal (draft, "Черновик вопроса"), 5);

  gtk_window_destroy (GTK_WINDOW (f->window));
  f->window = kb_window_new (GTK_APPLICATION (app), f->manager, kb_application_get_settings (app));
  gtk_window_present (GTK_WINDOW (f->window));
  page = feedback_page (f);
  open_entry (page, _("Ask a Question"));
  {
    GtkTextBuffer *buffer = question_buffer (page);
    GtkTextIter start, end;
    g_autofree char *text = NULL;

    gtk_text_buffer_get_bounds (buffer, &start, &end);
    text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    g_assert_cmpstr (text, ==, "Черновик вопроса");
  }

  /* Typed a moment before the window goes, before its save was due. */
  gtk_text_buffer_set_text (question_buffer (page), "Черновик, дописанный перед закрытием", -1);
  gtk_window_destroy (GTK_WINDOW (f->window));
  kb_test_wait_for ((g_free (draft), draft = kb_feedback_dup_draft (feedback (f))) != NULL &&
                    g_str_equal (draft, "Черновик, дописанный перед закрытием"), 5);
  f->window = kb_window_new (GTK_APPLICATION (app), f->manager, kb_application_get_settings (app));
}

/* The whole way: ask in the window, the operator answers, the row, the
 * badge, the notification, its action, the thread. */
static void
test_ask_and_answer (Fixture *f, gconstpointer data)
{
  const char *text = "Почему счёт за март больше обычного?\nДоговор 1234.";
  const char *first_line = "Почему счёт за март больше обычного?";
  /* A first line over 100 characters, and a second one. */
  const char *answer_text = "В марте начислена абонентская плата за новый номер, подключённый 14 марта, "
                            "и разовый платёж за смену тарифного плана.\nПодробности в счёте.";
  const char *answer_start = "В марте начислена абонентская плата за новый номер, подключённый 14 марта, "
                             "и разовый платёж за смену…";
  g_autofree char *summary = NULL;
  GtkWidget *page;
  GtkWidget *sidebar;
  KbQuestion *question;
  KbTestNotification *n;
  g_autofree char *notification_id = NULL;

  sign_in_new_client (f);
  page = feedback_page (f);
  open_entry (page, _("Ask a Question"));
  gtk_text_buffer_set_text (question_buffer (page), text, -1);
  click (page, _("_Send"));

  /* At once in the history, at the top, Queued or already New. */
  kb_test_wait_for (history_row (page, first_line) != NULL, 5);
  g_assert_cmpuint (n_shown (page), ==, 1);
  g_assert_true (row_shows (page, first_line, C_("question status", "Queued")) ||
                 row_shows (page, first_line, C_("question status", "New")));
  question = g_list_model_get_item (kb_feedback_get_questions (feedback (f)), 0);
  g_object_unref (question);  /* the model keeps it */
  g_assert_cmpstr (kb_question_get_text (question), ==, text);
  kb_test_wait_for (row_shows (page, first_line, C_("question status", "New")), 15);
  g_assert_true (row_shows (page, first_line, kb_test_ntrf ("%u answer", "%u answers", 0, 0)));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (kb_test_find_label (page, first_line)), ==, text);

  /* The operator answers. */
  answer (f, question, answer_text);
  kb_test_wait_for (row_shows (page, first_line, C_("question status", "Answered")), 40);
  g_assert_true (row_shows (page, first_line, kb_test_ntrf ("%u answer", "%u answers", 1, 1)));

  sidebar = kb_test_find_widget (root (f), is_sidebar, NULL);
  kb_test_wait_for (kb_test_find_widget (sidebar, is_sidebar_badge, "1") != NULL, 10);
  /* The badge is Feedback's, not its sub-items'. */
  g_assert_nonnull (kb_test_find_widget (sidebar_row (f, "feedback"), is_sidebar_badge, "1"));
  g_assert_null (kb_test_find_widget (sidebar_row (f, "feedback/history"), is_sidebar_badge, "1"));
  g_assert_null (kb_test_find_widget (sidebar_row (f, "feedback/ask"), is_sidebar_badge, "1"));

  /* The title names the question; the body starts the answer, cut at a word. */
  kb_test_wait_for (kb_test_notifications_get ()->len == 1, 10);
  n = g_ptr_array_index (kb_test_notifications_get (), 0);
  summary = g_strdup_printf (_("Answer to “%s”"), "Почему счёт за март больше обычного?…");
  g_assert_cmpstr (n->summary, ==, summary);
  g_assert_cmpstr (n->body, ==, answer_start);
  g_assert_true (g_strv_contains ((const char * const *) n->actions, "default"));

  /* The notification's action opens the thread, and the answer is read. */
  kb_test_notification_invoke (n->id, "default");
  kb_test_wait_for (g_strcmp0 (kb_window_get_open_question (f->window), kb_question_get_id (question)) == 0, 10);
  kb_test_wait_for (kb_test_is_shown (kb_test_find_label (page, answer_text)), 15);
  g_assert_true (kb_test_is_shown (kb_test_find_label_containing (page, "Ирина")));
  g_assert_true (gtk_label_get_selectable (GTK_LABEL (kb_test_find_label (page, answer_text))));
  kb_test_wait_for (!kb_question_get_unread (question), 10);
  kb_test_wait_for (kb_test_find_widget (sidebar, is_sidebar_badge, "1") == NULL, 10);
  kb_test_wait_for (kb_test_notification_was_closed (n->id), 10);
}

/* By keyboard: Ctrl+Enter sends from inside the text, Ctrl+F finds the
 * search, Esc and Alt+← go back from the thread and the history. */
static void
test_keyboard (Fixture *f, gconstpointer data)
{
  const char *text = "Вопрос с клавиатуры";
  GtkWidget *page;
  GtkWidget *search;
  GtkWidget *focus;
  KbQuestion *question;

  sign_in_new_client (f);
  page = feedback_page (f);
  open_entry (page, _("Ask a Question"));
  gtk_text_buffer_set_text (question_buffer (page), text, -1);
  g_assert_true (kb_test_press_keys (kb_test_find_type (page, GTK_TYPE_TEXT_VIEW), "<Control>Return"));
  kb_test_wait_for (history_row (page, text) != NULL, 5);
  g_assert_cmpuint (g_list_model_get_n_items (kb_feedback_get_questions (feedback (f))), ==, 1);

  g_assert_true (kb_test_press_keys (root (f), "<Control>f"));
  search = kb_test_find_type (page, GTK_TYPE_SEARCH_ENTRY);
  focus = gtk_root_get_focus (GTK_ROOT (root (f)));
  g_assert_true (focus == search || gtk_widget_is_ancestor (focus, search));

  question = g_list_model_get_item (kb_feedback_get_questions (feedback (f)), 0);
  g_object_unref (question);  /* the model keeps it */
  kb_test_wait_for (kb_question_get_id (question) != NULL, 15);
  gtk_widget_activate_action (page, "feedback.open-question", "s", kb_question_get_id (question));
  g_assert_cmpstr (kb_window_get_open_question (f->window), ==, kb_question_get_id (question));

  g_assert_true (kb_test_press_keys (kb_test_find_type (page, KB_TYPE_QUESTION_THREAD), "Escape"));
  g_assert_null (kb_window_get_open_question (f->window));
  kb_test_wait_for (kb_test_is_shown (history_row (page, text)), 5);
  g_assert_true (kb_test_press_keys (history_row (page, text), "<Alt>Left"));
  kb_test_wait_for (kb_test_is_shown (kb_test_find_row (page, _("View History"))), 5);
  /* The landing is no sub-view: Esc is left to others (here, the toast). */
  g_assert_false (kb_page_go_back (KB_PAGE (page)));
}

/* The "View" link of the history's row that shows @text. */
static GtkWidget *
view_link (GtkWidget *page, const char *text)
{
  GtkWidget *row = history_row (page, text);

  return row != NULL ? kb_test_find_button (row, _("View")) : NULL;
}

/* Threads opened from the history's rows and left at once, by Esc and by
 * Alt+←, many times: each time the history's rows are rebuilt and the
 * thread's answers too, and the answer of a thread already left may come
 * after another was opened. Under ASan a widget used after it was freed
 * fails here at once. */
static void
test_threads_in_and_out (Fixture *f, gconstpointer data)
{
  const char *texts[] = { "Первый вопрос для перехода", "Второй вопрос для перехода" };
  const char *answers[] = { "Ответ на первый вопрос", "Ответ на второй вопрос" };
  KbQuestion *questions[G_N_ELEMENTS (texts)];
  GtkWidget *page;

  sign_in_new_client (f);
  page = feedback_page (f);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      questions[i] = ask (f, texts[i]);
      answer (f, questions[i], answers[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    kb_test_wait_for (kb_question_get_answers_count (questions[i]) == 1, 40);
  gtk_widget_activate_action (page, "feedback.history", NULL);

  for (guint round = 0; round < 50; round++)
    {
      guint which = round % G_N_ELEMENTS (texts);
      GtkWidget *thread;

      kb_test_wait_for (kb_test_is_shown (view_link (page, texts[which])), 5);
      g_signal_emit_by_name (view_link (page, texts[which]), "clicked");
      g_assert_cmpstr (kb_window_get_open_question (f->window), ==,
                       kb_question_get_id (questions[which]));
      /* Every third time the thread is read to the end before leaving. */
      if (round % 3 == 0)
        kb_test_wait_for (kb_test_is_shown (kb_test_find_label (page, answers[which])), 10);
      else
        kb_test_wait_for_frames (page, 1);
      thread = kb_test_find_type (page, KB_TYPE_QUESTION_THREAD);
      g_assert_true (kb_test_press_keys (thread, round % 2 == 0 ? "Escape" : "<Alt>Left"));
      g_assert_null (kb_window_get_open_question (f->window));
    }
  /* The answers still on their way end in a page that is still there. */
  kb_test_wait_for (kb_test_is_shown (view_link (page, texts[0])), 5);
  for (guint i = 0; i < 20; i++)
    kb_test_wait_for_frames (page, 1);
  g_assert_true (kb_test_is_shown (history_row (page, texts[1])));
}

static gboolean
is_shown_back_button (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_has_css_class (widget, "page-back") &&
         kb_test_is_shown (widget);
}

/* A thread for a question that does not exist (a stale notification, a
 * mistyped link) ends its spinner in an error, and Back leads away. */
static void
test_missing_question (Fixture *f, gconstpointer data)
{
  GtkWidget *page;
  GtkWidget *thread;
  GtkWidget *spinner;
  GtkWidget *back;
  const char *not_found = _("The question was not found.");
  g_autofree char *target = NULL;

  sign_in_new_client (f);
  page = feedback_page (f);
  gtk_widget_activate_action (root (f), "win.show-section", "s", "feedback/question/NOPE");
  g_assert_cmpstr (kb_window_get_open_question (f->window), ==, "NOPE");
  thread = kb_test_find_type (page, KB_TYPE_QUESTION_THREAD);
  spinner = kb_test_find_type (thread, GTK_TYPE_SPINNER);
  g_assert_true (kb_test_is_shown (spinner));

  kb_test_wait_for (kb_test_is_shown (kb_test_find_label (thread, not_found)), 15);
  g_assert_false (kb_test_is_shown (spinner));
  /* Nothing of a question that is not there. */
  g_assert_false (kb_test_is_shown (kb_test_find_label (thread, _("Your Question"))));
  g_assert_false (kb_test_is_shown (kb_test_find_label (thread, _("Conversation"))));

  back = kb_test_find_widget (page, is_shown_back_button, NULL);
  g_assert_nonnull (back);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (back)), ==, "feedback.history");
  g_assert_true (kb_test_press_keys (thread, "Escape"));
  g_assert_null (kb_window_get_open_question (f->window));
  g_object_get (page, "target", &target, NULL);
  g_assert_cmpstr (target, ==, "history");

  /* Opened again, it spins again, then says so again. */
  gtk_widget_activate_action (root (f), "win.show-section", "s", "feedback/question/NOPE");
  g_assert_true (kb_test_is_shown (spinner));
  kb_test_wait_for (kb_test_is_shown (kb_test_find_label (thread, not_found)), 15);
}

/* No notification for the thread the user is reading. */
static void
test_no_notification_when_reading (Fixture *f, gconstpointer data)
{
  KbQuestion *question;
  GtkWidget *page;

  sign_in_new_client (f);
  page = feedback_page (f);
  question = ask (f, "Вопрос, который я читаю");
  kb_test_wait_for (kb_question_get_id (question) != NULL, 15);
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (kb_window_open_question (f->window, kb_question_get_id (question)));
  if (!gtk_window_is_active (GTK_WINDOW (f->window)))
    {
      g_test_skip ("The window manager-less display gives no focus");
      return;
    }
  answer (f, question, "Ответ на открытый вопрос");
  kb_test_wait_for (kb_test_is_shown (kb_test_find_label (page, "Ответ на открытый вопрос")), 40);
  kb_test_drain ();
  kb_test_notifications_sync (G_APPLICATION (app));
  g_assert_cmpuint (kb_test_notifications_get ()->len, ==, 0);
}

static void
test_plurals (Fixture *f, gconstpointer data)
{
  /* Russian's three forms, word for word: the catalogue must have them. */
  static const struct { guint n; const char *ru; } cases[] = {
    { 1, "1 ответ" },
    { 2, "2 ответа" },
    { 5, "5 ответов" },
    { 11, "11 ответов" },
    { 21, "21 ответ" },
  };
  KbQuestion *questions[G_N_ELEMENTS (cases)];
  GtkWidget *page;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = kb_question_answers_text (cases[i].n);

      g_assert_cmpstr (text, ==, kb_test_ntrf ("%u answer", "%u answers", cases[i].n, cases[i].n));
      if (russian)
        g_assert_cmpstr (text, ==, cases[i].ru);
    }

  /* And on screen, from the server's counts. */
  sign_in_new_client (f);
  page = feedback_page (f);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("Вопрос номер %u", cases[i].n);

      questions[i] = ask (f, text);
    }
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    for (guint j = 0; j < cases[i].n; j++)
      answer (f, questions[i], "Ответ");
  open_entry (page, _("View History"));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("Вопрос номер %u", cases[i].n);
      const char *answers = kb_test_ntrf ("%u answer", "%u answers", cases[i].n, cases[i].n);

      kb_test_wait_for (row_shows (page, text, answers), 40);
    }
}

static void
test_search_and_filters (Fixture *f, gconstpointer data)
{
  GtkWidget *page;
  GtkWidget *search;
  GtkWidget *dropdown;
  KbQuestion *roaming;

  sign_in_new_client (f);
  page = feedback_page (f);

  /* Nothing yet: the empty state, with a way to ask. */
  open_entry (page, _("View History"));
  kb_test_wait_for (kb_test_is_shown (kb_test_find_label (page, _("No Questions Yet"))), 10);

  ask (f, "Счёт за март");
  roaming = ask (f, "Роуминг в Польше");
  ask (f, "Скорость интернета в офисе");
  kb_test_wait_for (n_shown (page) == 3, 5);
  answer (f, roaming, "Роуминг подключён.");
  kb_test_wait_for (kb_question_get_status (roaming) == KB_QUESTION_STATUS_ANSWERED, 40);

  search = kb_test_find_type (page, GTK_TYPE_SEARCH_ENTRY);
  g_assert_true (kb_test_is_shown (search));
  gtk_editable_set_text (GTK_EDITABLE (search), "РОУМ");
  kb_test_wait_for (n_shown (page) == 1, 5);
  kb_test_wait_for (history_row (page, "Роуминг в Польше") != NULL, 5);
  gtk_editable_set_text (GTK_EDITABLE (search), "нет такого");
  kb_test_wait_for (n_shown (page) == 0, 5);
  kb_test_wait_for (kb_test_is_shown (kb_test_find_label (page, _("No Matching Questions"))), 5);
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  kb_test_wait_for (n_shown (page) == 3, 5);

  dropdown = kb_test_find_type (page, GTK_TYPE_DROP_DOWN);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), KB_QUESTION_FILTER_ANSWERED);
  g_assert_cmpuint (n_shown (page), ==, 1);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), KB_QUESTION_FILTER_WAITING);
  g_assert_cmpuint (n_shown (page), ==, 2);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), KB_QUESTION_FILTER_UNREAD);
  g_assert_cmpuint (n_shown (page), ==, 1);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), KB_QUESTION_FILTER_ALL);
  g_assert_cmpuint (n_shown (page), ==, 3);
}

/* View History and Ask a Question sit indented under Feedback, as in the
 * web cabinet's menu; each opens its view and is the row highlighted. */
static void
test_sidebar_sub_items (Fixture *f, gconstpointer data)
{
  GtkWidget *sidebar, *parent, *history_item, *ask_item, *page;
  GtkWidget *parent_label, *parent_icon, *history_label, *ask_label;
  graphene_rect_t icon;

  sign_in (f, "demo", "demo");
  page = feedback_page (f);
  sidebar = kb_test_find_widget (root (f), is_sidebar, NULL);
  parent = sidebar_row (f, "feedback");
  history_item = sidebar_row (f, "feedback/history");
  ask_item = sidebar_row (f, "feedback/ask");
  g_assert_nonnull (parent);
  g_assert_true (gtk_widget_get_next_sibling (parent) == history_item);
  g_assert_true (gtk_widget_get_next_sibling (history_item) == ask_item);
  history_label = kb_test_find_label (history_item, _("View History"));
  ask_label = kb_test_find_label (ask_item, _("Ask a Question"));
  g_assert_true (kb_test_is_shown (history_label));
  g_assert_true (kb_test_is_shown (ask_label));
  if (russian)
    {
      g_assert_cmpstr (_("View History"), ==, "Просмотр истории");
      g_assert_cmpstr (_("Ask a Question"), ==, "Задать вопрос");
    }

  /* Indented: their titles start where Feedback's does, right of its icon. */
  kb_test_wait_for (gtk_widget_get_width (history_label) > 0, 5);
  parent_label = kb_test_find_label (parent, _("Feedback"));
  parent_icon = kb_test_find_type (parent, GTK_TYPE_IMAGE);
  g_assert_false (kb_test_is_shown (kb_test_find_type (history_item, GTK_TYPE_IMAGE)));
  icon = bounds_in (parent_icon, sidebar);
  g_assert_cmpfloat (bounds_in (history_label, sidebar).origin.x, >, icon.origin.x + icon.size.width);
  g_assert_cmpfloat (bounds_in (history_label, sidebar).origin.x, >=,
                     bounds_in (parent_label, sidebar).origin.x - 1);
  g_assert_cmpfloat (bounds_in (ask_label, sidebar).origin.x, ==,
                     bounds_in (history_label, sidebar).origin.x);

  /* Each opens its view and is the one highlighted. */
  g_signal_emit_by_name (ask_item, "activate");
  kb_test_wait_for (kb_test_is_shown (kb_test_find_label (page, _("Write your question"))), 5);
  g_assert_true (selected_sidebar_row (f) == ask_item);
  g_signal_emit_by_name (history_item, "activate");
  kb_test_wait_for (kb_test_is_shown (GTK_WIDGET (history (page))), 5);
  g_assert_true (selected_sidebar_row (f) == history_item);

  /* Moving inside the page moves the highlight, and a thread is Feedback's. */
  gtk_widget_activate_action (page, "feedback.ask", NULL);
  g_assert_true (selected_sidebar_row (f) == ask_item);
  gtk_widget_activate_action (page, "feedback.landing", NULL);
  g_assert_true (selected_sidebar_row (f) == parent);

  /* Feedback's own row shows the history; Ctrl+6 still shows Feedback. */
  gtk_widget_activate_action (root (f), "win.show-section", "s", "personal-information");
  g_signal_emit_by_name (parent, "activate");
  g_assert_cmpstr (kb_window_get_visible_section (f->window), ==, "feedback");
  kb_test_wait_for (kb_test_is_shown (GTK_WIDGET (history (page))), 5);
  g_assert_true (selected_sidebar_row (f) == history_item);
  gtk_widget_activate_action (root (f), "win.show-section", "s", "personal-information");
  gtk_widget_activate_action (root (f), "win.show-section", "s", "feedback");
  g_assert_cmpstr (kb_window_get_visible_section (f->window), ==, "feedback");
  g_assert_true (selected_sidebar_row (f) == history_item);

  /* The targets work from anywhere, as a link in another section would use them. */
  gtk_widget_activate_action (root (f), "win.show-section", "s", "feedback/ask");
  kb_test_wait_for (kb_test_is_shown (kb_test_find_label (page, _("Write your question"))), 5);
  g_assert_true (selected_sidebar_row (f) == ask_item);
}

/* The column view's header: the widget above the rows. */
static gboolean
is_column_view_header (GtkWidget *widget, gconstpointer data)
{
  return g_strcmp0 (gtk_widget_get_css_name (widget), "header") == 0 &&
         GTK_IS_COLUMN_VIEW (gtk_widget_get_parent (widget));
}

static gboolean
row_is_below_header (GtkWidget *page, const char *text)
{
  GtkWidget *row = history_row (page, text);
  GtkWidget *view = kb_test_find_type (page, GTK_TYPE_COLUMN_VIEW);
  GtkWidget *header = kb_test_find_widget (view, is_column_view_header, NULL);
  graphene_rect_t row_bounds, header_bounds;

  if (row == NULL || header == NULL || gtk_widget_get_height (row) <= 0 ||
      !gtk_widget_compute_bounds (row, view, &row_bounds) ||
      !gtk_widget_compute_bounds (header, view, &header_bounds))
    return FALSE;
  return row_bounds.origin.y >= header_bounds.origin.y + header_bounds.size.height - 0.5;
}

/* After sending, the new row is whole under the table's header; the
 * seed's heading is above the table; the filter's tooltip keeps off its
 * options. */
static void
test_history_after_sending (Fixture *f, gconstpointer data)
{
  const char *text = "Новый вопрос после прокрутки";
  GtkWidget *page, *dropdown, *popover = NULL, *scrolled;
  GtkAdjustment *vadjustment;

  sign_in (f, "demo", "demo");
  page = feedback_page (f);
  gtk_widget_activate_action (root (f), "win.show-section", "s", "feedback/history");
  kb_test_wait_for (n_shown (page) > 3, 15);
  g_assert_true (kb_test_is_shown (kb_test_find_label (page, _("Message History:"))));
  if (russian)
    g_assert_cmpstr (_("Message History:"), ==, "История сообщений:");

  /* The filter: no tooltip while its options are open, the tooltip after. */
  dropdown = kb_test_find_type (page, GTK_TYPE_DROP_DOWN);
  g_assert_true (gtk_widget_get_has_tooltip (dropdown));
  for (GtkWidget *child = gtk_widget_get_first_child (dropdown); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER (child))
      popover = child;
  g_assert_nonnull (popover);
  g_signal_emit_by_name (dropdown, "activate");
  kb_test_wait_for (gtk_widget_get_visible (popover), 5);
  g_assert_false (gtk_widget_get_has_tooltip (dropdown));
  gtk_popover_popdown (GTK_POPOVER (popover));
  kb_test_wait_for (!gtk_widget_get_visible (popover), 5);
  g_assert_true (gtk_widget_get_has_tooltip (dropdown));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (dropdown), ==, _("Show questions"));

  /* Scrolled down, then a question: it is on top, whole, under the header. */
  scrolled = kb_test_find_type (page, GTK_TYPE_SCROLLED_WINDOW);
  vadjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  gtk_adjustment_set_value (vadjustment, gtk_adjustment_get_upper (vadjustment));
  kb_test_drain ();
  gtk_widget_activate_action (page, "feedback.ask", NULL);
  gtk_text_buffer_set_text (question_buffer (page), text, -1);
  click (page, _("_Send"));
  kb_test_wait_for (history_row (page, text) != NULL, 5);
  kb_test_wait_for (row_is_below_header (page, text), 5);
  /* And it stays so once the server has it. */
  kb_test_wait_for (row_shows (page, text, C_("question status", "New")), 15);
  /* The row is rebuilt when the server's copy replaces the one being
   * sent; it is laid out again a frame later, so wait for the layout. */
  kb_test_wait_for (row_is_below_header (page, text), 5);
}

/* ---- The conversation (issue 14) --------------------------------------- */

static gboolean
is_drop_area (GtkWidget *widget, gconstpointer data)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  if (!kb_test_is_shown (widget))
    return FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        return TRUE;
    }
  return FALSE;
}

/* Drops @path on the first shown drop area under @root, as a file manager
 * would: the drop target's signal with a GdkFileList. */
static void
drop_file (GtkWidget *root_widget, const char *path)
{
  GtkWidget *area = kb_test_find_widget (root_widget, is_drop_area, NULL);
  g_autoptr(GListModel) controllers = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GSList) files = g_slist_prepend (NULL, file);
  GValue value = G_VALUE_INIT;
  gboolean accepted = FALSE;

  g_assert_nonnull (area);
  controllers = gtk_widget_observe_controllers (area);
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_set_boxed (&value, files);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        g_signal_emit_by_name (controller, "drop", &value, 10.0, 10.0, &accepted);
    }
  g_value_unset (&value);
  g_assert_true (accepted);
}

static gboolean
is_button_with_tooltip (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_BUTTON (widget) && kb_test_is_shown (widget) &&
         g_strcmp0 (gtk_widget_get_tooltip_text (widget), data) == 0;
}

static gboolean
is_button_with_content (GtkWidget *widget, gconstpointer data)
{
  GtkWidget *child = GTK_IS_BUTTON (widget) ? gtk_button_get_child (GTK_BUTTON (widget)) : NULL;

  return child != NULL && ADW_IS_BUTTON_CONTENT (child) && kb_test_is_shown (widget) &&
         g_strcmp0 (adw_button_content_get_label (ADW_BUTTON_CONTENT (child)), data) == 0;
}

static gboolean
is_thumbnail (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_IMAGE (widget) && gtk_widget_has_css_class (widget, "attachment-thumbnail") &&
         kb_test_is_shown (widget);
}

static KbAnswer *
last_message (KbQuestion *question)
{
  GListModel *messages = kb_question_get_answers (question);
  guint n = g_list_model_get_n_items (messages);
  g_autoptr(KbAnswer) last = n > 0 ? g_list_model_get_item (messages, n - 1) : NULL;

  return last;  /* the question keeps it */
}

/* Through the real window: ask with a dropped file, the operator answers
 * with a PDF, open it, reply with a pasted screenshot (Ctrl+Enter), the
 * question reopens and is answered again, rate it, close it. */
static void
test_conversation (Fixture *f, gconstpointer data)
{
  const char *text = "Не сходится список абонентов, файл во вложении";
  g_autofree char *csv_path = g_build_filename (g_get_user_cache_dir (), "абоненты.csv", NULL);
  g_autoptr(GBytes) pdf = g_bytes_new_static ("%PDF-1.4\n%%EOF\n", 15);
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *opened = NULL;
  g_autofree char *contents = NULL;
  GtkWidget *page, *thread, *reply, *view, *button, *comment, *thumbnail;
  KbQuestion *question;
  KbAnswer *message;
  gsize length;

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_cache_dir (), 0700), ==, 0);
  g_assert_true (g_file_set_contents (csv_path, "номер;имя\n+375291234567;Склад\n", -1, NULL));
  sign_in_new_client (f);
  page = feedback_page (f);
  open_entry (page, _("Ask a Question"));
  gtk_text_buffer_set_text (question_buffer (page), text, -1);
  drop_file (page, csv_path);
  kb_test_wait_for (kb_test_is_shown (kb_test_find_label (page, "абоненты.csv")), 10);
  /* The outbox has its own copy: the original may go. */
  g_unlink (csv_path);
  click (page, _("_Send"));

  kb_test_wait_for (g_list_model_get_n_items (kb_feedback_get_questions (feedback (f))) == 1, 5);
  question = g_list_model_get_item (kb_feedback_get_questions (feedback (f)), 0);
  g_object_unref (question);  /* the model keeps it */
  kb_test_wait_for (kb_question_get_id (question) != NULL, 15);
  g_assert_cmpuint (kb_question_get_attachments (question)->len, ==, 1);
  g_assert_cmpstr (kb_attachment_get_content_type (kb_question_get_attachments (question)->pdata[0]),
                   ==, "text/csv");

  /* The operator answers with a PDF; the thread shows it, and Open hands
   * the system a copy of its bytes. */
  g_assert_true (kb_server_answer_question_with_file (f->srv.server, kb_question_get_id (question),
                                                      "Ирина", "Сверка во вложении", "сверка.pdf",
                                                      pdf, &error));
  kb_test_wait_for (kb_question_get_status (question) == KB_QUESTION_STATUS_ANSWERED, 40);
  gtk_widget_activate_action (page, "feedback.open-question", "s", kb_question_get_id (question));
  thread = kb_test_find_type (page, KB_TYPE_QUESTION_THREAD);
  kb_test_wait_for (kb_test_is_shown (kb_test_find_label (thread, "сверка.pdf")), 15);
  g_assert_true (kb_test_is_shown (kb_test_find_label (thread, "абоненты.csv")));
  /* Answers and follow-ups under one heading that fits both. */
  g_assert_true (kb_test_is_shown (kb_test_find_label (thread, _("Conversation"))));
  if (russian)
    g_assert_cmpstr (_("Conversation"), ==, "Переписка");
  /* The PDF's row: its name's label → the labels → the row. */
  button = kb_test_find_widget (gtk_widget_get_parent (gtk_widget_get_parent (
                                  kb_test_find_label (thread, "сверка.pdf"))),
                                is_button_with_tooltip, _("Open"));
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  kb_test_wait_for (g_object_get_data (G_OBJECT (button), "kb-opened-uri") != NULL, 15);
  opened = g_filename_from_uri (g_object_get_data (G_OBJECT (button), "kb-opened-uri"), NULL, NULL);
  g_assert_true (g_file_get_contents (opened, &contents, &length, NULL));
  g_assert_cmpmem (contents, length, "%PDF-1.4\n%%EOF\n", 15);

  /* A reply with a pasted screenshot, sent with Ctrl+Enter. */
  reply = kb_test_find_type (thread, KB_TYPE_REPLY_BOX);
  view = kb_test_find_type (reply, GTK_TYPE_TEXT_VIEW);
  /* Wide, as a screenshot of a whole screen is. */
  texture = gdk_memory_texture_new (400, 100, GDK_MEMORY_R8G8B8,
                                    g_bytes_new_take (g_malloc0 (400 * 100 * 3), 400 * 100 * 3), 400 * 3);
  gdk_clipboard_set_texture (gtk_widget_get_clipboard (view), texture);
  g_signal_emit_by_name (view, "paste-clipboard");
  kb_test_wait_for (kb_test_find_label_containing (reply, ".png") != NULL, 10);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)),
                            "Вот снимок экрана с ошибкой", -1);
  gtk_widget_grab_focus (view);
  g_assert_true (kb_test_press_keys (view, "<Control>Return"));
  kb_test_wait_for (kb_question_get_status (question) == KB_QUESTION_STATUS_IN_PROGRESS, 15);
  kb_test_wait_for ((message = last_message (question)) != NULL && kb_answer_get_id (message) != NULL &&
                    kb_answer_get_from_client (message), 15);
  g_assert_cmpuint (kb_answer_get_attachments (message)->len, ==, 1);
  g_assert_cmpstr (kb_attachment_get_content_type (kb_answer_get_attachments (message)->pdata[0]), ==,
                   "image/png");
  g_assert_null (kb_test_find_label_containing (reply, ".png"));
  /* Its thumbnail in the thread is a square, however wide the screenshot:
   * a row as wide as the image pushed the buttons out of a narrow window. */
  kb_test_wait_for ((thumbnail = kb_test_find_widget (thread, is_thumbnail, NULL)) != NULL &&
                    gtk_image_get_paintable (GTK_IMAGE (thumbnail)) != NULL &&
                    gtk_widget_get_width (thumbnail) > 0, 15);
  g_assert_cmpint (gtk_widget_get_width (thumbnail), ==, 64);
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (gtk_image_get_paintable (GTK_IMAGE (thumbnail))), ==,
                   gdk_paintable_get_intrinsic_height (gtk_image_get_paintable (GTK_IMAGE (thumbnail))));

  /* Answered again. */
  g_assert_true (kb_server_answer_question (f->srv.server, kb_question_get_id (question), "Ирина",
                                            "Исправили, проверьте", &error));
  kb_test_wait_for (kb_question_get_status (question) == KB_QUESTION_STATUS_ANSWERED, 40);
  kb_test_wait_for (kb_test_is_shown (kb_test_find_label (thread, "Исправили, проверьте")), 15);

  /* Rated with a comment, then closed. */
  comment = kb_test_find_type (thread, GTK_TYPE_ENTRY);
  g_assert_nonnull (comment);
  gtk_editable_set_text (GTK_EDITABLE (comment), "Спасибо, помогло");
  button = kb_test_find_widget (thread, is_button_with_content, C_("rating", "_Yes"));
  g_assert_nonnull (button);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
  kb_test_wait_for (g_strcmp0 (kb_question_get_rating (question), "good") == 0, 15);
  g_assert_cmpstr (kb_question_get_rating_comment (question), ==, "Спасибо, помогло");
  /* Another question starts with its own comment, not this one's; this
   * one's comes back with it. */
  {
    g_autoptr(KbQuestion) other = kb_question_new ();

    kb_question_thread_set_question (KB_QUESTION_THREAD (thread), other);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (comment)), ==, "");
    kb_question_thread_set_question (KB_QUESTION_THREAD (thread), question);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (comment)), ==, "Спасибо, помогло");
  }
  click (thread, _("Question Solved"));
  kb_test_wait_for (kb_question_get_status (question) == KB_QUESTION_STATUS_CLOSED, 15);
  kb_test_wait_for (!kb_test_is_shown (kb_test_find_button (thread, _("Question Solved"))), 5);
}

/* The top of a history row in the column view, or -1 while it has none. */
static double
row_top (GtkWidget *page, const char *text)
{
  GtkWidget *row = history_row (page, text);
  GtkWidget *view = kb_test_find_type (page, GTK_TYPE_COLUMN_VIEW);
  graphene_rect_t bounds;

  if (row == NULL || gtk_widget_get_height (row) <= 0 ||
      !gtk_widget_compute_bounds (row, view, &bounds))
    return -1;
  return bounds.origin.y;
}

/* Whether the history shows @upper's row above @lower's, on screen and in
 * the model, and @upper's first. */
static gboolean
row_on_top (GtkWidget *page, KbQuestion *upper, KbQuestion *lower)
{
  g_autoptr(KbQuestion) first = g_list_model_get_item (kb_question_history_get_shown (history (page)), 0);
  double y_upper = row_top (page, kb_question_get_text (upper));
  double y_lower = row_top (page, kb_question_get_text (lower));

  return first == upper && y_upper >= 0 && y_lower >= 0 && y_upper < y_lower;
}

/* Whether @question's row shows it unread: its question in bold. */
static gboolean
row_is_bold (GtkWidget *page, KbQuestion *question)
{
  GtkWidget *label = kb_test_find_label (GTK_WIDGET (history (page)), kb_question_get_text (question));
  g_autofree char *attrs = NULL;

  if (label == NULL || gtk_label_get_attributes (GTK_LABEL (label)) == NULL)
    return FALSE;
  attrs = pango_attr_list_to_string (gtk_label_get_attributes (GTK_LABEL (label)));
  return strstr (attrs, "weight bold") != NULL;
}

/* The server's clock @minutes after @base: each step of the test is then
 * in a later second, and the history's order cannot come from a tie. */
static void
set_server_minute (Fixture *f, GDateTime *base, int minutes)
{
  g_autoptr(GDateTime) now = g_date_time_add_minutes (base, minutes);

  kb_server_set_now (f->srv.server, now);
}

/* The history sorts by last activity (issue 14, item 3): an answer, to
 * the question or to a follow-up, puts its row back on top, unread. */
static void
test_answer_moves_row_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GDateTime) base = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  KbQuestion *older, *newer;
  KbAnswer *message;
  GtkWidget *page;

  sign_in_new_client (f);
  page = feedback_page (f);
  gtk_widget_activate_action (root (f), "win.show-section", "s", "feedback/history");
  set_server_minute (f, base, 1);
  older = ask (f, "Подключите роуминг в Польше");
  kb_test_wait_for (kb_question_get_id (older) != NULL, 15);
  set_server_minute (f, base, 2);
  newer = ask (f, "Почему вырос счёт за май?");
  kb_test_wait_for (kb_question_get_id (newer) != NULL, 15);
  kb_test_wait_for (row_on_top (page, newer, older), 10);

  /* The older question is answered: on top, unread. */
  set_server_minute (f, base, 3);
  answer (f, older, "Роуминг подключён");
  kb_test_wait_for (kb_question_get_unread (older) && row_on_top (page, older, newer), 40);
  g_assert_true (row_is_bold (page, older));
  g_assert_false (row_is_bold (page, newer));

  /* Read, then followed up; the newer question's answer goes above it. */
  gtk_widget_activate_action (page, "feedback.open-question", "s", kb_question_get_id (older));
  kb_test_wait_for (!kb_question_get_unread (older), 15);
  gtk_widget_activate_action (page, "feedback.history", NULL);
  set_server_minute (f, base, 4);
  g_assert_true (kb_feedback_reply (feedback (f), older, "А в Литве тоже работает?", NULL, &error));
  g_assert_no_error (error);
  kb_test_wait_for ((message = last_message (older)) != NULL && kb_answer_get_id (message) != NULL, 15);
  set_server_minute (f, base, 5);
  answer (f, newer, "Начислен платёж за новый номер");
  kb_test_wait_for (row_on_top (page, newer, older), 40);
  g_assert_false (row_is_bold (page, older));

  /* The follow-up's answer: the older question on top again, unread. */
  set_server_minute (f, base, 6);
  answer (f, older, "Да, в Литве тоже");
  kb_test_wait_for (kb_question_get_unread (older) && row_on_top (page, older, newer), 40);
  kb_test_wait_for (row_is_bold (page, older), 5);
}

int
main (int argc, char *argv[])
{
  kb_test_ui_init (&argc, &argv);
  russian = kb_test_in_russian ();
  kb_test_notifications_start ();

  app = kb_test_application_new ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, kb_test_window_teardown)
  ADD ("/ui-feedback/landing", test_landing);
  ADD ("/ui-feedback/validation", test_validation);
  ADD ("/ui-feedback/draft", test_draft);
  ADD ("/ui-feedback/ask-and-answer", test_ask_and_answer);
  ADD ("/ui-feedback/no-notification-when-reading", test_no_notification_when_reading);
  ADD ("/ui-feedback/plurals", test_plurals);
  ADD ("/ui-feedback/search-and-filters", test_search_and_filters);
  ADD ("/ui-feedback/sidebar-sub-items", test_sidebar_sub_items);
  ADD ("/ui-feedback/history-after-sending", test_history_after_sending);
  ADD ("/ui-feedback/keyboard", test_keyboard);
  ADD ("/ui-feedback/threads-in-and-out", test_threads_in_and_out);
  ADD ("/ui-feedback/missing-question", test_missing_question);
  ADD ("/ui-feedback/conversation", test_conversation);
  ADD ("/ui-feedback/answer-moves-row-up", test_answer_moves_row_up);
#undef ADD

  return kb_test_run_application (&app);
}
