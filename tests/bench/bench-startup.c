/* bench-startup.c — the real `kabinet` against a bare AdwApplicationWindow (docs/design.md §7, issue 13).
 *
 * The driver signs in to an in-process reference server with the `large`
 * data set (100 000 subscribers, 10 000 questions), fills the account's
 * cache as the app would, and leaves behind what a user who quit would: the
 * token in the session's keyring (this benchmark runs with a keyring of its
 * own), the server, the login and the last page in GSettings (a keyfile in
 * the benchmark's own config directory). Then, for Subscriber Selection and
 * for Feedback's history, it execs in turn, ROUNDS times each, alternating:
 *   bare     bench-bare-window: an AdwApplication and an empty
 *            AdwApplicationWindow of Kabinet's default size
 *   kabinet  the built `kabinet` executable, KABINET_REPORT_FIRST_FRAME=1
 * Both print the moment their first frame showing content was painted
 * (src/ui/shell/kb-frame-report.c; for Kabinet: the cached rows, no
 * spinner) on the monotonic clock, which the driver noted just before the
 * exec, and their peak resident memory at that moment; then the driver
 * stops them. It reports the medians and their ratios, and where the time
 * went: each program also reports when its start's steps ended (main()
 * reached, the toolkit up, the window made and shown, Kabinet's cached
 * content in it, the first frame begun), and the driver prints each step's
 * median share.
 *
 * Run: meson test -C BUILD --benchmark --verbose startup
 * With KB_AB=OTHER_KABINET it instead compares two builds of Kabinet:
 * AB_ROUNDS rounds of the bare window, KABINET_BINARY and OTHER_KABINET, in
 * turn, and prints each one's median, its ratio to the bare window and the
 * median of the two builds' ratio round by round, which the machine's
 * drift between rounds does not move.
 * With KB_BENCH_PERF=FILE it instead records one start of Kabinet on
 * Subscriber Selection (or the section in KB_BENCH_PERF_SECTION, such as
 * "feedback/history") with `perf record --call-graph dwarf -o FILE`, to see where it goes.
 */
#include "config.h"

#include <locale.h>
#include <signal.h>
#include <sys/wait.h>

#include "kb-application.h"
#include "kb-bench.h"
#include "kb-credentials.h"
#include "kb-feedback.h"
#include "kb-store-subscribers.h"
#include "kb-subscribers.h"
#include "kb-test-util.h"
#include "kb-test-window.h"

#define ROUNDS 7
/* Comparing two builds (KB_AB) needs more runs than a ratio: the two
 * differ by a few per cent, the runs of one by ten. */
#define AB_ROUNDS 15

/* The steps of a start as the programs report them (kb_frame_report_mark()),
 * in their order, then the first frame with content. The bare window has no
 * "content" step. */
static const struct {
  const char *mark;    /* as reported */
  const char *label;   /* as printed */
} steps[] = {
  { "main", "exec to main()" },
  { "toolkit", "GTK and libadwaita up" },
  { "window", "window made" },
  { "presented", "window shown" },
  { "content", "cached content in it" },
  { "frame", "measured, frame begins" },
  { "first frame", "first frame painted" },
};
#define N_STEPS G_N_ELEMENTS (steps)

typedef struct {
  gint64 frame_us;
  gint64 rss_kb;
  gint64 step_us[N_STEPS];   /* since the exec; -1 where not reported */
} Run;

static gint64
parse_value (const char *line, const char *key)
{
  const char *found = strstr (line, key);

  if (found == NULL)
    g_error ("No %s in: %s", key, line);
  return g_ascii_strtoll (found + strlen (key), NULL, 10);
}

static void
note_step (Run *run, const char *line, gint64 start)
{
  const char *name = line + strlen ("kb-mark: ");

  for (guint i = 0; i < N_STEPS; i++)
    if (g_str_has_prefix (name, steps[i].mark) && name[strlen (steps[i].mark)] == ' ')
      run->step_us[i] = parse_value (line, "monotonic-us=") - start;
}

/* Execs @argv and waits for its report line; then stops it. */
static Run
run_once (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOChannel) channel = NULL;
  g_autofree char *line = NULL;
  GPid pid;
  int out_fd, status;
  gint64 start;
  Run run = { 0 };

  for (guint i = 0; i < N_STEPS; i++)
    run.step_us[i] = -1;
  start = g_get_monotonic_time ();
  if (!g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_SEARCH_PATH,
                                 NULL, NULL,
                                 &pid, NULL, &out_fd, NULL, &error))
    g_error ("%s: %s", argv[0], error->message);

  channel = g_io_channel_unix_new (out_fd);
  g_io_channel_set_close_on_unref (channel, TRUE);
  for (;;)
    {
      g_clear_pointer (&line, g_free);
      if (g_io_channel_read_line (channel, &line, NULL, NULL, &error) != G_IO_STATUS_NORMAL)
        g_error ("%s ended before its first frame: %s", argv[0], error != NULL ? error->message : "EOF");
      if (g_str_has_prefix (line, "kb-first-frame:"))
        break;
      if (g_str_has_prefix (line, "kb-mark: "))
        note_step (&run, line, start);
    }
  run.frame_us = parse_value (line, "monotonic-us=") - start;
  run.step_us[N_STEPS - 1] = run.frame_us;
  run.rss_kb = parse_value (line, "peak-rss-kb=");

  kill (pid, SIGTERM);
  if (waitpid (pid, &status, 0) < 0)
    g_error ("waitpid: %s", g_strerror (errno));
  g_spawn_close_pid (pid);
  /* Let the exit (and the server's end of its requests) settle before the next start. */
  g_usleep (300 * 1000);
  return run;
}

static void
refresh_cache (KbSync *sync)
{
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) done = NULL;
  g_autoptr(GAsyncResult) done2 = NULL;

  kb_subscribers_refresh_async (kb_sync_get_subscribers (sync), NULL, kb_test_on_ready, &result);
  done = kb_test_wait_result (&result);
  if (!kb_subscribers_refresh_finish (kb_sync_get_subscribers (sync), done, &error))
    g_error ("subscribers: %s", error->message);
  kb_feedback_refresh_async (kb_sync_get_feedback (sync), NULL, kb_test_on_ready, &result);
  done2 = kb_test_wait_result (&result);
  if (!kb_feedback_refresh_finish (kb_sync_get_feedback (sync), done2, &error))
    g_error ("feedback: %s", error->message);
  /* The subscribers' search index follows their save on a worker
   * (kb_store_index_subscribers_async()): made before the starts, so that
   * it takes no processor from them. */
  kb_test_run_async (kb_sync_get_store (sync), G_CALLBACK (kb_store_index_subscribers_async),
                     G_CALLBACK (kb_store_index_subscribers_finish));
}

/* Leaves what a user who quit on @url as "demo" leaves: the token in the
 * keyring, the session's settings, and the cache. */
static void
remember_session (KbApplication *app, const char *url, const char *token)
{
  GSettings *settings = kb_application_get_settings (app);
  KbSessionManager *manager = kb_application_get_session_manager (app);
  g_autoptr(KbCredentials) credentials = kb_credentials_new ();
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) done = NULL;

  refresh_cache (kb_session_manager_get_sync (manager));
  kb_session_manager_shutdown (manager);

  g_settings_set_string (settings, "server-url", url);
  g_settings_set_string (settings, "last-login", "demo");
  g_settings_set_boolean (settings, "remember-me", TRUE);
  g_settings_set_boolean (settings, "notifications", FALSE);

  kb_credentials_store_async (credentials, url, "demo", token, NULL, kb_test_on_ready, &result);
  done = kb_test_wait_result (&result);
  if (!kb_credentials_store_finish (credentials, done, &error))
    g_error ("keyring: %s", error->message);
}

/* Prints each step's median share of the start, for both programs. */
static void
print_steps (Run runs[2][ROUNDS])
{
  g_print ("  each step, median ms           bare  kabinet\n");
  for (guint i = 0; i < N_STEPS; i++)
    {
      double share[2] = { -1, -1 };

      for (guint kabinet = 0; kabinet < 2; kabinet++)
        {
          gint64 own[ROUNDS];
          guint n = 0;

          for (guint round = 0; round < ROUNDS; round++)
            {
              const Run *run = &runs[kabinet][round];
              gint64 before = 0;

              if (run->step_us[i] < 0)
                continue;
              for (guint j = 0; j < i; j++)
                before = MAX (before, run->step_us[j]);
              own[n++] = run->step_us[i] - before;
            }
          if (n > 0)
            share[kabinet] = kb_bench_median (own, n) / 1000.0;
        }
      g_print ("    %-26s", steps[i].label);
      for (guint kabinet = 0; kabinet < 2; kabinet++)
        if (share[kabinet] < 0)
          g_print ("        —");
        else
          g_print ("  %7.1f", share[kabinet]);
      g_print ("\n");
    }
}

static void
compare (KbApplication *app, const char *section, const char *bare_path, const char *kabinet_path,
         const char *ratio_name, gint64 *rss_ratio_permille)
{
  const char *bare_argv[] = { bare_path, NULL };
  const char *kabinet_argv[] = { kabinet_path, NULL };
  gint64 frame[2][ROUNDS], rss[2][ROUNDS];
  Run runs[2][ROUNDS];
  gint64 bare_frame, kb_frame, bare_rss, kb_rss;

  g_settings_set_string (kb_application_get_settings (app), "last-section", section);
  g_settings_sync ();

  for (guint round = 0; round < ROUNDS; round++)
    for (guint m = 0; m < 2; m++)
      {
        /* Kabinet first in odd rounds: neither always runs after the other. */
        gboolean kabinet = (m == 0) == (round % 2 == 1);
        Run run = run_once (kabinet ? kabinet_argv : bare_argv);

        runs[kabinet][round] = run;
        frame[kabinet][round] = run.frame_us;
        rss[kabinet][round] = run.rss_kb;
        g_print ("  %-8s %-18s first frame %7.1f ms   peak RSS %6.1f MiB\n",
                 kabinet ? "kabinet" : "bare", section, run.frame_us / 1000.0, run.rss_kb / 1024.0);
      }

  bare_frame = kb_bench_median (frame[0], ROUNDS);
  kb_frame = kb_bench_median (frame[1], ROUNDS);
  bare_rss = kb_bench_median (rss[0], ROUNDS);
  kb_rss = kb_bench_median (rss[1], ROUNDS);
  g_print ("Start-up on %s, exec → first frame with content, median of %d runs each:\n", section, ROUNDS);
  g_print ("  bare AdwApplicationWindow   %6.1f ms   peak RSS %6.1f MiB\n", bare_frame / 1000.0, bare_rss / 1024.0);
  g_print ("  kabinet                     %6.1f ms   peak RSS %6.1f MiB\n", kb_frame / 1000.0, kb_rss / 1024.0);
  print_steps (runs);
  kb_bench_line (ratio_name, (double) kb_frame / bare_frame, "x", 1.30);
  *rss_ratio_permille = MAX (*rss_ratio_permille, kb_rss * 1000 / bare_rss);
}

/* Starts the bare window, @a_path and @b_path in turn, AB_ROUNDS times. */
static void
compare_ab (KbApplication *app, const char *section, const char *bare_path, const char *a_path,
            const char *b_path)
{
  const char *argvs[3][2] = { { bare_path, NULL }, { a_path, NULL }, { b_path, NULL } };
  gint64 frame[3][AB_ROUNDS], a_per_b[AB_ROUNDS];
  gint64 bare, a, b;

  g_settings_set_string (kb_application_get_settings (app), "last-section", section);
  g_settings_sync ();
  for (guint round = 0; round < AB_ROUNDS; round++)
    {
      /* Each program first, second and third in turn. */
      for (guint m = 0; m < 3; m++)
        {
          guint which = (m + round) % 3;

          frame[which][round] = run_once (argvs[which]).frame_us;
        }
      a_per_b[round] = frame[1][round] * 1000 / frame[2][round];
    }
  bare = kb_bench_median (frame[0], AB_ROUNDS);
  a = kb_bench_median (frame[1], AB_ROUNDS);
  b = kb_bench_median (frame[2], AB_ROUNDS);
  g_print ("Start-up on %s, median of %d runs each:\n", section, AB_ROUNDS);
  g_print ("  bare %.1f ms   A %.1f ms (%.2f x)   B %.1f ms (%.2f x)   A/B by round %.3f\n",
           bare / 1000.0, a / 1000.0, (double) a / bare, b / 1000.0, (double) b / bare,
           kb_bench_median (a_per_b, AB_ROUNDS) / 1000.0);
}

int
main (int argc, char *argv[])
{
  KbTestServer server = { 0 };
  g_autofree char *token = NULL;
  g_autoptr(KbApplication) app = NULL;
  g_autofree char *dir = g_path_get_dirname (argv[0]);
  g_autofree char *bare_path = g_build_filename (dir, "bench-bare-window", NULL);
  const char *kabinet_path = g_getenv ("KABINET_BINARY");
  gint64 rss_ratio_permille = 0;

  /* The children read what the driver remembers: settings in a keyfile in
   * the benchmark's own config directory, not in this process's memory. */
  g_setenv ("GSETTINGS_BACKEND", "keyfile", TRUE);
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_setenv ("KABINET_REPORT_FIRST_FRAME", "1", TRUE);
  setlocale (LC_ALL, "");
  if (kabinet_path == NULL)
    g_error ("KABINET_BINARY is not set");
  gtk_init ();
  adw_init ();

  kb_test_server_start_seeded (&server, KB_SERVER_SEED_LARGE);
  token = kb_test_sign_in_raw (server.url, "demo", "demo");
  app = kb_test_application_with_session (server.url, "demo", token);
  remember_session (app, server.url, token);

  if (g_getenv ("KB_BENCH_PERF") != NULL)
    {
      const char *perf_argv[] = { "perf", "record", "-F", "2000", "--call-graph", "dwarf,32768", "-o", g_getenv ("KB_BENCH_PERF"), "--",
                                  kabinet_path, NULL };
      const char *section = g_getenv ("KB_BENCH_PERF_SECTION");

      g_settings_set_string (kb_application_get_settings (app), "last-section",
                             section != NULL ? section : "subscribers");
      g_settings_sync ();
      run_once (perf_argv);
      run_once (perf_argv);
      g_application_quit (G_APPLICATION (app));
      kb_test_server_stop (&server);
      return 0;
    }

  if (g_getenv ("KB_AB") != NULL)
    {
      compare_ab (app, "subscribers", bare_path, kabinet_path, g_getenv ("KB_AB"));
      compare_ab (app, "feedback/history", bare_path, kabinet_path, g_getenv ("KB_AB"));
      g_application_quit (G_APPLICATION (app));
      kb_test_server_stop (&server);
      return 0;
    }
  compare (app, "subscribers", bare_path, kabinet_path, "startup-ratio-subscribers", &rss_ratio_permille);
  compare (app, "feedback/history", bare_path, kabinet_path, "startup-ratio-feedback", &rss_ratio_permille);
  kb_bench_line ("startup-rss-ratio", rss_ratio_permille / 1000.0, "x", 1.30);

  g_application_quit (G_APPLICATION (app));
  g_clear_object (&app);
  kb_test_server_stop (&server);
  return 0;
}
