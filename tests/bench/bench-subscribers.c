/* bench-subscribers.c — Subscriber Selection on the `large` data set (DESIGN §7, issue 6):
 *
 *   sync     the first fetch of 100 000 subscribers (100 pages) into the model and SQLite
 *   cache    from choosing Subscriber Selection to the painted frame showing the list,
 *            with the model read from the cache (a resumed session)
 *   filter   per keystroke, typing a name and numbers in several forms: the filtering
 *            alone (search-changed to its handlers' end) and to the painted frame
 *
 * Run: meson test -C BUILD --benchmark --verbose subscribers
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>

#include "kb-application.h"
#include "kb-subscribers-page.h"
#include "kb-test-util.h"
#include "kb-test-widgets.h"
#include "kb-test-window.h"
#include "kb-window.h"

static int
compare_int64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return (x > y) - (x < y);
}

static void
report (const char *what, GArray *samples)
{
  gint64 *values = (gint64 *) (gpointer) samples->data;

  qsort (values, samples->len, sizeof (gint64), compare_int64);
  g_print ("  %-46s median %8.1f ms   worst %8.1f ms   (n = %u)\n", what,
           values[samples->len / 2] / 1000.0, values[samples->len - 1] / 1000.0, samples->len);
}

static gboolean painted;

static void
on_after_paint (GdkFrameClock *clock, gpointer user_data)
{
  painted = TRUE;
}

static void
wait_for_frame (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gulong id;

  painted = FALSE;
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), NULL);
  gtk_widget_queue_draw (widget);
  kb_test_wait_for (painted, 30);
  g_signal_handler_disconnect (clock, id);
}

static KbSubscribers *
session_subscribers (KbApplication *app)
{
  return kb_sync_get_subscribers (kb_session_manager_get_sync (kb_application_get_session_manager (app)));
}

static gint64 search_changed_at;
static gint64 search_done_at;

static void
on_search_done (GtkSearchEntry *entry)
{
  search_done_at = g_get_monotonic_time ();
}

/* An emission hook runs before any handler: the clock starts before the page filters. */
static gboolean
on_search_changed_hook (GSignalInvocationHint *hint, guint n_values, const GValue *values, gpointer data)
{
  if (search_changed_at == 0)
    search_changed_at = g_get_monotonic_time ();
  return TRUE;
}

static void
type_query (GtkWidget *window, GtkWidget *entry, KbSubscribersPage *page, const char *query,
            GArray *filter_time, GArray *keystroke_time)
{
  const char *end = query;

  while (*end != '\0')
    {
      g_autofree char *typed = NULL;

      end = g_utf8_next_char (end);
      typed = g_strndup (query, end - query);
      search_changed_at = 0;
      gtk_editable_set_text (GTK_EDITABLE (entry), typed);
      kb_test_wait_for (search_changed_at != 0, 10);
      wait_for_frame (window);
      g_array_append_val (keystroke_time, (gint64) { g_get_monotonic_time () - search_changed_at });
      g_array_append_val (filter_time, (gint64) { search_done_at - search_changed_at });
    }
  g_print ("  “%s” shows %u subscribers\n", query, g_list_model_get_n_items (kb_subscribers_page_get_shown (page)));
  search_changed_at = 0;
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  kb_test_wait_for (search_changed_at != 0, 10);
  wait_for_frame (window);
}

int
main (int argc, char *argv[])
{
  KbTestServer server = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autoptr(GArray) sync_time = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) shown_time = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) filter_time = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) keystroke_time = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) number_filter_time = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) number_keystroke_time = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(KbApplication) app = NULL;
  KbSessionManager *manager;
  guint n_subscribers = 0;

  setlocale (LC_ALL, "");
  gtk_init ();
  kb_test_tolerate_gtk_focus_warning ();

  server.thread = kb_server_thread_start (NULL, KB_SERVER_SEED_LARGE, &error);
  g_assert_no_error (error);
  server.server = kb_server_thread_get_server (server.thread);
  server.url = kb_server_thread_dup_url (server.thread);
  token = kb_test_sign_in_raw (server.url, "demo", "demo");

  app = kb_test_application_with_session (server.url, "demo", token);
  manager = kb_application_get_session_manager (app);
  g_settings_set_boolean (kb_application_get_settings (app), "notifications", FALSE);

  /* The first fetch, into the model and the account's cache file. */
  {
    KbSubscribers *subscribers = session_subscribers (app);
    GAsyncResult *result = NULL;
    g_autoptr(GAsyncResult) done = NULL;
    gint64 start = g_get_monotonic_time ();

    kb_subscribers_refresh_async (subscribers, NULL, kb_test_on_ready, &result);
    done = kb_test_wait_result (&result);
    if (!kb_subscribers_refresh_finish (subscribers, done, &error))
      g_error ("refresh: %s", error->message);
    g_array_append_val (sync_time, (gint64) { g_get_monotonic_time () - start });
    n_subscribers = g_list_model_get_n_items (kb_subscribers_get_model (subscribers));
    /* Let the cache be written before the session goes. */
    for (gint64 until = g_get_monotonic_time () + 3 * G_USEC_PER_SEC; g_get_monotonic_time () < until;)
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    kb_session_manager_shutdown (manager);
  }

  for (guint round = 0; round < 5; round++)
    {
      KbWindow *window;
      GtkWidget *page, *view;
      gint64 start;

      if (!kb_session_manager_resume (manager, server.url, "demo", token, &error))
        g_error ("resume: %s", error->message);
      window = kb_window_new (GTK_APPLICATION (app), manager, kb_application_get_settings (app));
      gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
      gtk_window_present (GTK_WINDOW (window));
      kb_test_wait_for (gtk_widget_get_mapped (GTK_WIDGET (window)), 30);
      wait_for_frame (GTK_WIDGET (window));

      /* From the click to the frame showing the cached list (the refresh
       * the page starts runs on behind it). */
      start = g_get_monotonic_time ();
      gtk_widget_activate_action (GTK_WIDGET (window), "win.show-section", "s", "subscribers");
      page = kb_window_get_page (window, "subscribers");
      view = kb_test_find_type (page, GTK_TYPE_COLUMN_VIEW);
      kb_test_wait_for (kb_test_is_shown (view) &&
                        g_list_model_get_n_items (kb_subscribers_page_get_shown (KB_SUBSCRIBERS_PAGE (page))) == n_subscribers,
                        30);
      wait_for_frame (GTK_WIDGET (window));
      g_array_append_val (shown_time, (gint64) { g_get_monotonic_time () - start });

      if (round == 0)
        {
          GtkWidget *entry = kb_test_find_type (page, GTK_TYPE_SEARCH_ENTRY);

          /* The entry's own pause before searching is not ours to count. */
          gtk_search_entry_set_search_delay (GTK_SEARCH_ENTRY (entry), 0);
          g_signal_connect_after (entry, "search-changed", G_CALLBACK (on_search_done), NULL);
          g_signal_add_emission_hook (g_signal_lookup ("search-changed", GTK_TYPE_SEARCH_ENTRY), 0,
                                      on_search_changed_hook, NULL, NULL);
          /* Let the background refresh finish: it must not be timed as filtering. */
          kb_test_wait_for (!kb_subscribers_get_refreshing (session_subscribers (app)), 120);
          wait_for_frame (GTK_WIDGET (window));

          type_query (GTK_WIDGET (window), entry, KB_SUBSCRIBERS_PAGE (page), "ковалёва марина",
                      filter_time, keystroke_time);
          type_query (GTK_WIDGET (window), entry, KB_SUBSCRIBERS_PAGE (page), "иванов",
                      filter_time, keystroke_time);
          type_query (GTK_WIDGET (window), entry, KB_SUBSCRIBERS_PAGE (page), "+375 29 123-45-67",
                      number_filter_time, number_keystroke_time);
          type_query (GTK_WIDGET (window), entry, KB_SUBSCRIBERS_PAGE (page), "80331234567",
                      number_filter_time, number_keystroke_time);
          type_query (GTK_WIDGET (window), entry, KB_SUBSCRIBERS_PAGE (page), "4567",
                      number_filter_time, number_keystroke_time);
        }

      gtk_window_destroy (GTK_WINDOW (window));
      while (g_main_context_iteration (NULL, FALSE));
      kb_session_manager_shutdown (manager);
    }

  g_print ("Subscriber Selection on the large data set (%u subscribers):\n", n_subscribers);
  report ("first fetch from the server (100 pages)", sync_time);
  report ("list shown from the cache (painted frame)", shown_time);
  report ("name keystroke: filtering the list", filter_time);
  report ("name keystroke: to the painted frame", keystroke_time);
  report ("number keystroke: filtering the list", number_filter_time);
  report ("number keystroke: to the painted frame", number_keystroke_time);

  kb_test_server_stop (&server);
  return 0;
}
