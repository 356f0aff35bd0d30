/* bench-feedback.c — Feedback on the `large` data set (docs/design.md §7, issue 4):
 *
 *   sync     the first sync of 10 000 questions and 25 000 answers into SQLite, from the
 *            window shown on the history, and its longest frame meanwhile
 *   cache    reading them back into the model, as a restart does
 *   history  from choosing Feedback → View History to the frame showing rows,
 *            with the model read from the cache (a resumed session)
 *   search   per keystroke: from the search to the frame showing its result
 *   scroll   a page down, and jumps across the 10 000 rows, to the painted frame
 *   push     from the operator's answer to "answer-arrived", events socket
 *   poll     the same with the socket off, polling every second
 *
 * Run: meson test -C BUILD --benchmark --verbose feedback
 */
#include "config.h"

#include "kb-api-questions.h"
#include "kb-application.h"
#include "kb-bench.h"
#include "kb-feedback.h"
#include "kb-question-history.h"
#include "kb-test-util.h"
#include "kb-test-widgets.h"
#include "kb-test-window.h"
#include "kb-window.h"

static KbFeedback *
session_feedback (KbApplication *app)
{
  return kb_sync_get_feedback (kb_session_manager_get_sync (kb_application_get_session_manager (app)));
}

static void
on_arrived (KbFeedback *feedback, KbQuestion *question, gint64 *arrived_at)
{
  *arrived_at = g_get_monotonic_time ();
}

/* Asks a question, has the operator answer it, and measures how long the
 * answer takes to arrive in the model. */
static void
measure_answers (KbTestServer *server, KbFeedback *feedback, GArray *samples, guint count)
{
  gint64 arrived_at = 0;
  gulong id = g_signal_connect (feedback, "answer-arrived", G_CALLBACK (on_arrived), &arrived_at);

  for (guint i = 0; i < count; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = g_strdup_printf ("Замер задержки %u", i);
      KbQuestion *question = kb_feedback_ask (feedback, text, &error);
      gint64 start;

      g_assert_no_error (error);
      kb_test_wait_for (kb_question_get_id (question) != NULL, 30);
      /* Let the sync the new question caused settle, so that it does not
       * count in the answer's latency. A pause on purpose: nothing marks
       * the end of that sync. */
      kb_test_run_for (200);
      arrived_at = 0;
      start = g_get_monotonic_time ();
      kb_server_answer_question (server->server, kb_question_get_id (question), "Бенчмарк", "Ответ", &error);
      g_assert_no_error (error);
      kb_test_wait_for (arrived_at != 0, 30);
      g_array_append_val (samples, (gint64) { arrived_at - start });
    }
  g_signal_handler_disconnect (feedback, id);
}

static void
bench_feedback (void)
{
  KbTestServer server = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autoptr(GArray) sync_time = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) cache_time = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) history_time = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) scroll_time = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) jump_time = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) filter_time = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) keystroke_time = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) push_time = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) poll_time = g_array_new (FALSE, FALSE, sizeof (gint64));
  const char *query = "счёт за текущий";
  gint64 sync_longest_frame = 0;
  guint sync_frames = 0;
  guint n_questions = 0;
  g_autoptr(KbApplication) app = NULL;
  KbSessionManager *manager;

  kb_test_server_start_seeded (&server, KB_SERVER_SEED_LARGE);
  token = kb_test_sign_in_raw (server.url, "demo", "demo");

  /* One application for the whole run (a second one could not register on
   * the bus while the first is alive); each round resumes the session anew,
   * which reads the model from the cache. */
  app = kb_test_application_with_session (server.url, "demo", token);
  manager = kb_application_get_session_manager (app);
  /* No notification server here; the latencies are to the model. */
  g_settings_set_boolean (kb_application_get_settings (app), "notifications", FALSE);

  /* The first sync, into the account's cache file, with the window open
   * on the history: from the window shown to the questions saved, and the
   * longest frame meanwhile. */
  {
    KbFeedback *feedback = session_feedback (app);
    GtkWidget *window;
    gint64 took;

    window = kb_bench_first_sync (GTK_APPLICATION (app), manager, kb_application_get_settings (app),
                                  "feedback/history", 1100, 750,
                                  (KbBenchSyncFunc) kb_bench_refresh_feedback, feedback,
                                  &took, &sync_longest_frame, &sync_frames);
    g_array_append_val (sync_time, took);
    n_questions = g_list_model_get_n_items (kb_feedback_get_questions (feedback));
    gtk_window_destroy (GTK_WINDOW (window));
    kb_test_drain ();
    kb_session_manager_shutdown (manager);
  }

  for (guint round = 0; round < 5; round++)
    {
      KbWindow *window;
      GtkWidget *page, *history, *view;
      gint64 start = g_get_monotonic_time ();

      if (!kb_session_manager_resume (manager, server.url, "demo", token, &error))
        g_error ("resume: %s", error->message);
      g_array_append_val (cache_time, (gint64) { g_get_monotonic_time () - start });
      if (g_list_model_get_n_items (kb_feedback_get_questions (session_feedback (app))) != n_questions)
        g_error ("The cache holds %u questions, not %u",
                 g_list_model_get_n_items (kb_feedback_get_questions (session_feedback (app))), n_questions);

      window = kb_window_new (GTK_APPLICATION (app), manager, kb_application_get_settings (app));
      gtk_window_set_default_size (GTK_WINDOW (window), 1100, 750);
      gtk_window_present (GTK_WINDOW (window));
      kb_test_wait_for (gtk_widget_get_mapped (GTK_WIDGET (window)), 30);
      kb_bench_wait_for_frame (GTK_WIDGET (window));

      start = g_get_monotonic_time ();
      /* The sidebar's "View History" item: the landing's rows are made
       * only once the landing is shown. */
      gtk_widget_activate_action (GTK_WIDGET (window), "win.show-section", "s", "feedback/history");
      page = kb_window_get_page (window, "feedback");
      history = kb_test_find_type (page, KB_TYPE_QUESTION_HISTORY);
      view = kb_test_find_type (history, GTK_TYPE_COLUMN_VIEW);
      kb_test_wait_for (kb_test_is_shown (view), 30);
      kb_bench_wait_for_frame (GTK_WIDGET (window));
      g_array_append_val (history_time, (gint64) { g_get_monotonic_time () - start });

      if (round == 0)
        {
          GtkWidget *entry = kb_test_find_type (history, GTK_TYPE_SEARCH_ENTRY);

          kb_bench_type_query (GTK_WIDGET (window), entry,
                               kb_question_history_get_shown (KB_QUESTION_HISTORY (history)), query,
                               filter_time, keystroke_time);
          g_print ("  search “%s” shows %u of %u questions\n", query,
                   g_list_model_get_n_items (kb_question_history_get_shown (KB_QUESTION_HISTORY (history))),
                   n_questions);
          gtk_editable_set_text (GTK_EDITABLE (entry), "");
          kb_test_wait_for (g_list_model_get_n_items (kb_question_history_get_shown (KB_QUESTION_HISTORY (history))) == n_questions, 10);

          /* Scrolling: a page at a time, and jumps across the whole list. */
          {
            GtkScrolledWindow *scrolled = GTK_SCROLLED_WINDOW (kb_test_find_type (history, GTK_TYPE_SCROLLED_WINDOW));
            GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scrolled);

            kb_bench_wait_for_frame (GTK_WIDGET (window));
            for (guint step = 0; step < 40; step++)
              {
                double upper = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);
                double value = step < 20 ? gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment)
                                         : upper * ((step * 7919) % 20) / 20.0;
                gint64 scroll_start = g_get_monotonic_time ();

                gtk_adjustment_set_value (adjustment, value);
                kb_bench_wait_for_frame (GTK_WIDGET (window));
                g_array_append_val (step < 20 ? scroll_time : jump_time,
                                    (gint64) { g_get_monotonic_time () - scroll_start });
              }
          }
        }

      gtk_window_destroy (GTK_WINDOW (window));
      if (round < 4)
        kb_session_manager_shutdown (manager);
    }

  /* Answers arriving: by push, then by polling every second. */
  {
    KbFeedback *feedback = session_feedback (app);

    kb_feedback_start (feedback);
    kb_test_wait_for (kb_feedback_get_push_connected (feedback), 30);
    measure_answers (&server, feedback, push_time, 7);

    kb_feedback_set_push_enabled (feedback, FALSE);
    kb_feedback_set_poll_interval (feedback, 1);
    measure_answers (&server, feedback, poll_time, 7);
    kb_session_manager_shutdown (manager);
  }

  g_print ("Feedback on the large data set (%u questions):\n", n_questions);
  kb_bench_report ("first sync from the server into SQLite", sync_time);
  kb_bench_report ("model from the cache (session resumed)", cache_time);
  kb_bench_report ("history page shown from the cache", history_time);
  kb_bench_report ("search, per keystroke: filtering the list", filter_time);
  kb_bench_report ("search, per keystroke: to the painted frame", keystroke_time);
  kb_bench_report ("scroll one page (to the painted frame)", scroll_time);
  kb_bench_report ("jump anywhere in the list (painted frame)", jump_time);
  kb_bench_report ("answer → app, events socket", push_time);
  kb_bench_report ("answer → app, polling every 1 s", poll_time);
  kb_bench_lines_p95_worst ("questions-keystroke", keystroke_time);
  g_print ("  %-46s longest  %8.1f ms   (%u frames)\n", "frames during the first sync",
           sync_longest_frame / 1000.0, sync_frames);
  kb_bench_line ("questions-first-sync-longest-frame-ms", sync_longest_frame / 1000.0, "ms", 50.0);

  kb_test_server_stop (&server);
}

int
main (int argc, char *argv[])
{
  kb_test_ui_init (&argc, &argv);
  g_test_add_func ("/bench/feedback", bench_feedback);
  return g_test_run ();
}
