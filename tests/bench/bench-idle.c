/* bench-idle.c — what Kabinet does when nothing happens (docs/design.md §7, issue 13).
 *
 * The real window on a session with the demo data, shown on each section
 * in turn (and on Feedback's history), left alone: after the page's own
 * refresh has settled, for IDLE_SECONDS (20; KB_BENCH_IDLE_SECONDS to
 * change) it counts the window's frame-clock ticks ("update") and the CPU
 * time the process used (getrusage: every thread, the reference server's
 * included, which has nothing to do unless asked). Then the same with the
 * window closed and "Run in background" on, the session's sync alive.
 * Nothing happening should mean no tick and no CPU: a frame clock that
 * keeps ticking (a spinner, an animation, a tick callback) drains a
 * laptop's battery for as long as the app runs.
 *
 * Run: meson test -C BUILD --benchmark --verbose idle
 */
#include "config.h"

#include <sys/resource.h>

#include "kb-application.h"
#include "kb-bench.h"
#include "kb-page.h"
#include "kb-sections.h"
#include "kb-test-util.h"
#include "kb-test-widgets.h"
#include "kb-test-window.h"
#include "kb-window.h"

static guint ticks;

static void
on_update (GdkFrameClock *clock, gpointer user_data)
{
  ticks++;
}

static gint64
cpu_time_us (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (gint64) (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * G_USEC_PER_SEC +
         usage.ru_utime.tv_usec + usage.ru_stime.tv_usec;
}

/* Sleeps in the main loop for @seconds: kb_test_run_for() wakes up every
 * few milliseconds to check its condition, which would be counted. */
static gboolean
on_idle_over (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static void
idle_for (guint seconds)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  g_timeout_add (seconds * 1000, on_idle_over, loop);
  g_main_loop_run (loop);
}

/* Idles for @seconds; adds the ticks and the CPU share to the worst so far. */
static void
measure (const char *what, GtkWidget *window, guint seconds, guint *worst_ticks, double *worst_cpu)
{
  GdkFrameClock *clock = window != NULL ? gtk_widget_get_frame_clock (window) : NULL;
  gulong id = clock != NULL ? g_signal_connect (clock, "update", G_CALLBACK (on_update), NULL) : 0;
  gint64 wall = g_get_monotonic_time (), cpu = cpu_time_us ();
  double percent;

  ticks = 0;
  idle_for (seconds);
  cpu = cpu_time_us () - cpu;
  wall = g_get_monotonic_time () - wall;
  if (clock != NULL)
    g_signal_handler_disconnect (clock, id);
  percent = 100.0 * cpu / wall;
  g_print ("  %-34s %5u frame-clock ticks   CPU %6.1f ms = %5.2f %%\n", what, ticks, cpu / 1000.0, percent);
  *worst_ticks = MAX (*worst_ticks, ticks);
  *worst_cpu = MAX (*worst_cpu, percent);
}

/* Waits until the page shown has finished its refresh, and a little more
 * for what that refresh set off (a fade, a frame or two). */
static void
settle (KbWindow *window, const char *section_id)
{
  GtkWidget *page = kb_window_get_page (window, section_id);

  kb_test_wait_for (!kb_page_get_refreshing (KB_PAGE (page)), 60);
  kb_test_run_for (1500);
}

static void
bench_idle (void)
{
  KbTestServer server = { 0 };
  g_autofree char *token = NULL;
  g_autoptr(KbApplication) app = NULL;
  KbWindow *window;
  guint n_sections, worst_ticks = 0;
  const KbSection *sections = kb_sections_get_all (&n_sections);
  const char *seconds_text = g_getenv ("KB_BENCH_IDLE_SECONDS");
  guint seconds = seconds_text != NULL ? (guint) g_ascii_strtoull (seconds_text, NULL, 10) : 20;
  double worst_cpu = 0;

  kb_test_server_start (&server);
  token = kb_test_sign_in_raw (server.url, "demo", "demo");
  app = kb_test_application_with_session (server.url, "demo", token);
  g_settings_set_boolean (kb_application_get_settings (app), "notifications", FALSE);

  window = kb_window_new (GTK_APPLICATION (app), kb_application_get_session_manager (app),
                          kb_application_get_settings (app));
  gtk_window_present (GTK_WINDOW (window));
  kb_test_wait_for (gtk_widget_get_mapped (GTK_WIDGET (window)), 30);

  g_print ("Idle for %u s each, %s:\n", seconds, "the window shown");
  for (guint i = 0; i < n_sections; i++)
    {
      const char *id = sections[i].parent != NULL ? sections[i].parent : sections[i].id;

      /* Log Out is no page; Ask a Question has no list to idle over. */
      if (sections[i].get_type == NULL && sections[i].parent == NULL)
        continue;
      if (g_str_has_suffix (sections[i].id, "/ask"))
        continue;
      gtk_widget_activate_action (GTK_WIDGET (window), "win.show-section", "s", sections[i].id);
      settle (window, id);
      measure (sections[i].id, GTK_WIDGET (window), seconds, &worst_ticks, &worst_cpu);
    }

  /* Closed, kept running for the answers' notifications. */
  g_settings_set_boolean (kb_application_get_settings (app), "run-in-background", TRUE);
  gtk_window_destroy (GTK_WINDOW (window));
  kb_test_run_for (1500);
  measure ("window closed, run in background", NULL, seconds, &worst_ticks, &worst_cpu);

  kb_bench_line ("idle-cpu-percent", worst_cpu, "%", 0.1);
  kb_bench_line ("idle-frame-ticks", worst_ticks, "ticks", 0);

  kb_session_manager_shutdown (kb_application_get_session_manager (app));
  kb_test_server_stop (&server);
}

int
main (int argc, char *argv[])
{
  kb_test_ui_init (&argc, &argv);
  g_test_add_func ("/bench/idle", bench_idle);
  return g_test_run ();
}
