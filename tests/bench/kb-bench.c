/* kb-bench.c — what the UI benchmarks share: frames, typed searches, and the report. */
#include "config.h"

#include "kb-bench.h"

#include <stdlib.h>
#include <time.h>

#include "kb-test-util.h"
#include "kb-window.h"

static int
compare_int64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return (x > y) - (x < y);
}

/* Sorts @values in place. */
gint64
kb_bench_median (gint64 *values, guint n)
{
  qsort (values, n, sizeof (gint64), compare_int64);
  return values[n / 2];
}

/* The value below which @fraction of @values lie (nearest rank); sorts @values in place. */
gint64
kb_bench_percentile (gint64 *values, guint n, double fraction)
{
  guint rank;

  g_return_val_if_fail (n > 0, 0);
  qsort (values, n, sizeof (gint64), compare_int64);
  rank = (guint) (fraction * n + 0.999999);
  return values[CLAMP (rank, 1, n) - 1];
}

/* One figure in the form the issues ask for, so that a reader (or a
 * script) can check every target without reading the prose above it. */
void
kb_bench_line (const char *name, double value, const char *unit, double target)
{
  g_print ("bench: %s %.2f %s target <= %.2f\n", name, value, unit, target);
}

/* The p95 and the worst of @samples (gint64 microseconds) as bench: lines. */
void
kb_bench_lines_p95_worst (const char *prefix, GArray *samples)
{
  gint64 *values = (gint64 *) (gpointer) samples->data;
  g_autofree char *p95 = g_strconcat (prefix, "-p95-ms", NULL);
  g_autofree char *worst = g_strconcat (prefix, "-worst-ms", NULL);

  if (samples->len == 0)
    return;
  kb_bench_line (p95, kb_bench_percentile (values, samples->len, 0.95) / 1000.0, "ms", 33.0);
  kb_bench_line (worst, values[samples->len - 1] / 1000.0, "ms", 50.0);
}

/* Prints the median and the worst of @samples (gint64 microseconds). */
void
kb_bench_report (const char *what, GArray *samples)
{
  gint64 *values = (gint64 *) (gpointer) samples->data;
  gint64 median = kb_bench_median (values, samples->len);

  g_print ("  %-46s median %8.1f ms   worst %8.1f ms   (n = %u)\n", what,
           median / 1000.0, values[samples->len - 1] / 1000.0, samples->len);
}

/* This thread's CPU time, in microseconds. */
static gint64
thread_cpu_time (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* The main thread's CPU time in the frame clock's phases since a
 * keystroke (KB_BENCH_KEYSTROKES): what a keystroke costs, and where. */
typedef struct {
  gint64 at;                  /* when the phase before ended */
  gint64 update, layout, paint;
} Phases;

static Phases phases;

static void
on_before_paint (GdkFrameClock *clock, gpointer user_data)
{
  phases.at = thread_cpu_time ();
}

static void
on_phase_end (GdkFrameClock *clock, gpointer user_data)
{
  gint64 *sum = user_data;
  gint64 now = thread_cpu_time ();

  *sum += now - phases.at;
  phases.at = now;
}

static void
watch_phases (GdkFrameClock *clock)
{
  if (g_object_get_data (G_OBJECT (clock), "kb-bench-phases") != NULL)
    return;
  g_object_set_data (G_OBJECT (clock), "kb-bench-phases", GINT_TO_POINTER (TRUE));
  g_signal_connect (clock, "before-paint", G_CALLBACK (on_before_paint), NULL);
  g_signal_connect_after (clock, "update", G_CALLBACK (on_phase_end), &phases.update);
  g_signal_connect_after (clock, "layout", G_CALLBACK (on_phase_end), &phases.layout);
  g_signal_connect_after (clock, "paint", G_CALLBACK (on_phase_end), &phases.paint);
}

static gboolean painted;

static void
on_after_paint (GdkFrameClock *clock, gpointer user_data)
{
  painted = TRUE;
}

/* Waits for the next frame painted after now. */
void
kb_bench_wait_for_frame (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gulong id;

  painted = FALSE;
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), NULL);
  gtk_widget_queue_draw (widget);
  kb_test_wait_for (painted, 30);
  g_signal_handler_disconnect (clock, id);
}

/* Frames painted one after another while something runs: a tick callback
 * keeps the frame clock going, as an animation on screen would, so that a
 * main loop held up for longer than a frame shows as a long gap between
 * two paints. */
typedef struct {
  GtkWidget *widget;
  GdkFrameClock *clock;
  guint tick_id;
  gulong paint_id;
  gint64 last_paint;
  gint64 longest;
  guint n_frames;
} KbBenchFrames;

static gboolean
keep_ticking (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static void
on_watched_paint (GdkFrameClock *clock, KbBenchFrames *frames)
{
  gint64 now = g_get_monotonic_time ();

  if (frames->last_paint != 0)
    frames->longest = MAX (frames->longest, now - frames->last_paint);
  frames->last_paint = now;
  frames->n_frames++;
}

/* Starts counting @widget's frames; a mapped widget. */
static KbBenchFrames *
frames_watch (GtkWidget *widget)
{
  KbBenchFrames *frames = g_new0 (KbBenchFrames, 1);

  frames->widget = g_object_ref (widget);
  frames->clock = g_object_ref (gtk_widget_get_frame_clock (widget));
  frames->tick_id = gtk_widget_add_tick_callback (widget, keep_ticking, NULL, NULL);
  frames->paint_id = g_signal_connect (frames->clock, "after-paint", G_CALLBACK (on_watched_paint), frames);
  return frames;
}

/* Stops and frees @frames. Returns: the longest time between two frames
 * painted, in microseconds; @n_frames (nullable): how many were. */
static gint64
frames_stop (KbBenchFrames *frames, guint *n_frames)
{
  gint64 longest = frames->longest;

  if (n_frames != NULL)
    *n_frames = frames->n_frames;
  gtk_widget_remove_tick_callback (frames->widget, frames->tick_id);
  g_signal_handler_disconnect (frames->clock, frames->paint_id);
  g_object_unref (frames->clock);
  g_object_unref (frames->widget);
  g_free (frames);
  return longest;
}

/**
 * kb_bench_first_sync:
 * @section: the section the window opens on (the `last-section` key)
 * @sync: runs the first sync and returns once it is done
 * @sync_time: (out): from the window shown to the sync done, in microseconds
 * @longest_frame: (out): the longest time between two painted frames meanwhile
 *   (the frame after the sync included)
 * @n_frames: (out): how many frames were painted
 *
 * A first sync as a first sign-in makes it, with the window of @width ×
 * @height open on @section.
 *
 * Returns: (transfer none): the window, still shown
 */
GtkWidget *
kb_bench_first_sync (GtkApplication *app, KbSessionManager *manager, GSettings *settings,
                     const char *section, int width, int height, KbBenchSyncFunc sync, gpointer data,
                     gint64 *sync_time, gint64 *longest_frame, guint *n_frames)
{
  GtkWidget *window;
  KbBenchFrames *frames;
  gint64 start;

  g_settings_set_string (settings, "last-section", section);
  window = GTK_WIDGET (kb_window_new (app, manager, settings));
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  start = g_get_monotonic_time ();
  gtk_window_present (GTK_WINDOW (window));
  kb_test_wait_for (gtk_widget_get_mapped (window), 30);
  frames = frames_watch (window);
  sync (data);
  *sync_time = g_get_monotonic_time () - start;
  kb_bench_wait_for_frame (window);
  *longest_frame = frames_stop (frames, n_frames);
  return window;
}

/* Refreshes @feedback and waits until it is done. */
void
kb_bench_refresh_feedback (KbFeedback *feedback)
{
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) done = NULL;

  kb_feedback_refresh_async (feedback, NULL, kb_test_on_ready, &result);
  done = kb_test_wait_result (&result);
  if (!kb_feedback_refresh_finish (feedback, done, &error))
    g_error ("refresh: %s", error->message);
}

static gint64 search_changed_at;
static gint64 search_changed_cpu;
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
    {
      search_changed_at = g_get_monotonic_time ();
      search_changed_cpu = thread_cpu_time ();
    }
  return TRUE;
}

/* The entry's own pause before searching (150 ms) is not ours to count:
 * without it every keystroke is searched, and timed from the moment the
 * search is announced to the end of its handlers and to the painted frame. */
static void
time_searches (GtkWidget *entry)
{
  static gboolean hooked;

  if (g_object_get_data (G_OBJECT (entry), "kb-bench-timed") != NULL)
    return;
  g_object_set_data (G_OBJECT (entry), "kb-bench-timed", GINT_TO_POINTER (TRUE));
  gtk_search_entry_set_search_delay (GTK_SEARCH_ENTRY (entry), 0);
  g_signal_connect_after (entry, "search-changed", G_CALLBACK (on_search_done), NULL);
  if (!hooked)
    g_signal_add_emission_hook (g_signal_lookup ("search-changed", GTK_TYPE_SEARCH_ENTRY), 0,
                                on_search_changed_hook, NULL, NULL);
  hooked = TRUE;
}

/* Whether @shown still filters on a worker ("pending", where it has one). */
static gboolean
is_pending (GListModel *shown)
{
  gboolean pending = FALSE;

  if (g_object_class_find_property (G_OBJECT_GET_CLASS (shown), "pending") != NULL)
    g_object_get (shown, "pending", &pending, NULL);
  return pending;
}

/* Types @query into @entry a character at a time, adding each keystroke's
 * filtering time and time to the painted frame to the two arrays. The
 * frame is the first painted once @shown holds the keystroke's result: a
 * list filtered off the main thread paints frames before that. With
 * KB_BENCH_KEYSTROKES set, prints each keystroke's times, and the main
 * thread's CPU time from the search to that frame, in all and in the frame
 * clock's update, layout and paint phases. */
void
kb_bench_type_query (GtkWidget  *window,
                     GtkWidget  *entry,
                     GListModel *shown,
                     const char *query,
                     GArray     *filter_time,
                     GArray     *keystroke_time)
{
  const char *start = query;
  gboolean each = g_getenv ("KB_BENCH_KEYSTROKES") != NULL;

  time_searches (entry);
  watch_phases (gtk_widget_get_frame_clock (window));
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  while (*start != '\0')
    {
      const char *end = g_utf8_next_char (start);
      int position = -1;

      /* One character at the end, as a keystroke adds it (setting the whole
       * text would empty the entry first and search twice). */
      search_changed_at = 0;
      phases = (Phases) { 0 };
      gtk_editable_set_position (GTK_EDITABLE (entry), -1);
      position = gtk_editable_get_position (GTK_EDITABLE (entry));
      gtk_editable_insert_text (GTK_EDITABLE (entry), start, end - start, &position);
      start = end;
      kb_test_wait_for (search_changed_at != 0, 10);
      kb_test_wait_for (!is_pending (shown), 10);
      kb_bench_wait_for_frame (window);
      g_array_append_val (keystroke_time, (gint64) { g_get_monotonic_time () - search_changed_at });
      g_array_append_val (filter_time, (gint64) { search_done_at - search_changed_at });
      if (each)
        g_print ("  key “%s”: handlers %.1f, frame %.1f ms; CPU %.1f ms (update %.1f, layout %.1f,"
                 " paint %.1f); shows %u\n",
                 gtk_editable_get_text (GTK_EDITABLE (entry)),
                 (search_done_at - search_changed_at) / 1000.0,
                 g_array_index (keystroke_time, gint64, keystroke_time->len - 1) / 1000.0,
                 (thread_cpu_time () - search_changed_cpu) / 1000.0, phases.update / 1000.0,
                 phases.layout / 1000.0, phases.paint / 1000.0, g_list_model_get_n_items (shown));
    }
}
