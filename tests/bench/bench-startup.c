/* bench-startup.c — Kabinet's first frame against a bare AdwApplicationWindow (docs/design.md §7).
 *
 * Without arguments it is the driver: it signs in once to an in-process
 * reference server so that the account's cache is filled, then starts
 * itself ROUNDS times in each mode, alternating, and reports the medians:
 *   bare     a new process, an AdwApplication and an empty AdwApplicationWindow
 *   kabinet  a new process, KbApplication, the session resumed from the cache
 *            and the window showing Personal Information with cached values
 * Each child prints the time from its main() to the window's first painted
 * frame (the frame clock's "after-paint"; for Kabinet the profile is on the
 * page by then, which the child checks) and its peak resident memory.
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "kb-application.h"
#include "kb-bench.h"
#include "kb-test-util.h"
#include "kb-test-widgets.h"
#include "kb-test-window.h"
#include "kb-window.h"

#define ROUNDS 7

static gint64 start_time;
static gboolean painted;

static void
on_after_paint (GdkFrameClock *clock, GtkWidget *window)
{
  if (painted)
    return;
  painted = TRUE;
  g_print ("first-frame-us=%" G_GINT64_FORMAT "\n", g_get_monotonic_time () - start_time);
}

static void
watch_first_frame (GtkWidget *window)
{
  kb_test_wait_for (gtk_widget_get_mapped (window), 30);
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (on_after_paint), window);
  kb_test_wait_for (painted, 30);
}

static void
print_peak_memory (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  g_print ("peak-rss-kb=%ld\n", usage.ru_maxrss);
}

static int
run_bare (void)
{
  g_autoptr(AdwApplication) app = adw_application_new ("io.github.kabinet.Bench", G_APPLICATION_NON_UNIQUE);
  GtkWidget *window;

  g_application_register (G_APPLICATION (app), NULL, NULL);
  window = adw_application_window_new (GTK_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (window), 1180, 700);  /* Kabinet's default */
  gtk_window_present (GTK_WINDOW (window));
  watch_first_frame (window);
  print_peak_memory ();
  return 0;
}

static int
run_kabinet (const char *url, const char *token, const char *name)
{
  g_autoptr(KbApplication) app = kb_test_application_with_session (url, "demo", token);
  KbSessionManager *manager = kb_application_get_session_manager (app);
  KbWindow *window;

  window = kb_window_new (GTK_APPLICATION (app), manager, kb_application_get_settings (app));
  gtk_window_present (GTK_WINDOW (window));
  watch_first_frame (GTK_WIDGET (window));

  /* The frame must have shown the cached profile, not a spinner. */
  if (kb_test_find_label (kb_window_get_page (window, "personal-information"), name) == NULL)
    g_error ("The first frame did not show the cached profile");
  print_peak_memory ();
  gtk_window_destroy (GTK_WINDOW (window));
  kb_session_manager_shutdown (manager);
  return 0;
}

static gint64
parse_value (const char *output, const char *key)
{
  const char *found = strstr (output, key);

  if (found == NULL)
    g_error ("No %s in: %s", key, output);
  return g_ascii_strtoll (found + strlen (key), NULL, 10);
}

static int
run_driver (const char *self_path)
{
  KbTestServer server = { 0 };
  g_autofree char *token = NULL;
  g_autofree char *name = NULL;
  gint64 frame[2][ROUNDS], rss[2][ROUNDS];
  const char *modes[2] = { "bare", "kabinet" };

  kb_test_server_start (&server);
  token = kb_test_sign_in_raw (server.url, "demo", "demo");

  /* Fill the account's cache the way the app does: one refresh. */
  {
    g_autoptr(KbApplication) app = kb_test_application_with_session (server.url, "demo", token);
    KbSessionManager *manager = kb_application_get_session_manager (app);
    KbSync *sync = kb_session_manager_get_sync (manager);
    g_autoptr(GError) error = NULL;
    GAsyncResult *result = NULL;
    g_autoptr(GAsyncResult) done = NULL;

    kb_sync_refresh_client_async (sync, NULL, kb_test_on_ready, &result);
    done = kb_test_wait_result (&result);
    if (!kb_sync_refresh_client_finish (sync, done, &error))
      g_error ("refresh: %s", error->message);
    name = g_strdup (kb_client_profile_get_name (kb_sync_get_client (sync)));
    kb_session_manager_shutdown (manager);
  }

  for (guint round = 0; round < ROUNDS; round++)
    for (guint m = 0; m < 2; m++)
      {
        const char *argv[] = { self_path, modes[m], server.url, token, name, NULL };
        g_autofree char *out = NULL;
        g_autoptr(GError) error = NULL;
        int status = 0;

        if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                           &out, NULL, &status, &error) ||
            !g_spawn_check_wait_status (status, &error))
          g_error ("%s: %s", modes[m], error->message);
        frame[m][round] = parse_value (out, "first-frame-us=");
        rss[m][round] = parse_value (out, "peak-rss-kb=");
      }

  {
    gint64 bare_frame = kb_bench_median (frame[0], ROUNDS), kb_frame = kb_bench_median (frame[1], ROUNDS);
    gint64 bare_rss = kb_bench_median (rss[0], ROUNDS), kb_rss = kb_bench_median (rss[1], ROUNDS);

    g_print ("Start-up, median of %d runs each, in one run:\n", ROUNDS);
    g_print ("  bare AdwApplicationWindow   first frame %6.1f ms   peak RSS %6.1f MiB\n",
             bare_frame / 1000.0, bare_rss / 1024.0);
    g_print ("  Kabinet, cached profile     first frame %6.1f ms   peak RSS %6.1f MiB\n",
             kb_frame / 1000.0, kb_rss / 1024.0);
    g_print ("  ratio                       first frame %6.2f×      peak RSS %6.2f×   (targets ≤ 1.30×)\n",
             (double) kb_frame / bare_frame, (double) kb_rss / bare_rss);
  }

  kb_test_server_stop (&server);
  return 0;
}

int
main (int argc, char *argv[])
{
  start_time = g_get_monotonic_time ();
  setlocale (LC_ALL, "");

  if (argc == 1)
    return run_driver (argv[0]);

  gtk_init ();
  adw_init ();
  if (g_str_equal (argv[1], "bare"))
    return run_bare ();
  if (g_str_equal (argv[1], "kabinet") && argc == 5)
    return run_kabinet (argv[2], argv[3], argv[4]);

  g_printerr ("usage: %s [bare | kabinet URL TOKEN NAME]\n", argv[0]);
  return 2;
}
