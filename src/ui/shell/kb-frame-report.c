/* kb-frame-report.c — tells a benchmark when the window first painted its content.
 *
 * With KABINET_REPORT_FIRST_FRAME=1 in the environment, the first frame
 * whose painting ended with @content showing what it holds (a list with its
 * rows, no spinner) prints one line on stdout:
 *   kb-first-frame: since-exec-ms=… monotonic-us=… peak-rss-kb=…
 * "since-exec" counts from the process's start time in /proc/self/stat (in
 * clock ticks, so to 10 ms); "monotonic" is g_get_monotonic_time() at that
 * moment, which a parent that noted the same clock before exec can subtract
 * exactly. The start-up benchmark (tests/bench/bench-startup.c) reads it.
 * Before it, the steps of the start print a line each (kb_frame_report_mark()),
 *   kb-mark: <step> monotonic-us=…
 * so that the benchmark can say which step the time went to.
 * Without the variable nothing is connected and nothing costs.
 */
#include "config.h"

#include "kb-frame-report.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

/* Returns: how long ago the kernel started this process, or -1. */
gint64
kb_frame_report_process_age_us (void)
{
  g_autofree char *stat = NULL;
  const char *after_name;
  g_auto(GStrv) fields = NULL;
  struct timespec now;
  guint64 start_ticks;

  if (!g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL) ||
      (after_name = strrchr (stat, ')')) == NULL)
    return -1;
  /* Field 22 is the start time; the split starts at field 3, after the name. */
  fields = g_strsplit (after_name + 2, " ", 0);
  if (g_strv_length (fields) < 20)
    return -1;
  start_ticks = g_ascii_strtoull (fields[19], NULL, 10);
  clock_gettime (CLOCK_BOOTTIME, &now);
  return (gint64) now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000 -
         (gint64) (start_ticks * G_USEC_PER_SEC / sysconf (_SC_CLK_TCK));
}

static long
peak_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "VmHWM:")) == NULL)
    return -1;
  return strtol (line + strlen ("VmHWM:"), NULL, 10);
}

/* Prints the report line for @what (e.g. "kb-first-frame") now. */
void
kb_frame_report_print (const char *what)
{
  g_print ("%s: since-exec-ms=%.1f monotonic-us=%" G_GINT64_FORMAT " peak-rss-kb=%ld\n", what,
           kb_frame_report_process_age_us () / 1000.0, g_get_monotonic_time (), peak_rss_kb ());
  fflush (stdout);
}

static gboolean
reporting (void)
{
  static int asked = -1;

  if (asked < 0)
    asked = g_strcmp0 (g_getenv ("KABINET_REPORT_FIRST_FRAME"), "1") == 0;
  return asked;
}

/**
 * kb_frame_report_mark:
 * @step: what the start has just done, one word
 *
 * Prints when @step of the start ended, if the environment asks.
 */
void
kb_frame_report_mark (const char *step)
{
  if (!reporting ())
    return;
  g_print ("kb-mark: %s monotonic-us=%" G_GINT64_FORMAT "\n", step, g_get_monotonic_time ());
  fflush (stdout);
}

/* Whether @widget's mapped part shows content: no spinner turning, and
 * every list on screen with rows in it. */
static gboolean
shows_content (GtkWidget *widget)
{
  if (!gtk_widget_get_mapped (widget))
    return TRUE;
  if (GTK_IS_SPINNER (widget) && gtk_spinner_get_spinning (GTK_SPINNER (widget)))
    return FALSE;
  if (GTK_IS_COLUMN_VIEW (widget))
    {
      GtkSelectionModel *model = gtk_column_view_get_model (GTK_COLUMN_VIEW (widget));

      return model != NULL && g_list_model_get_n_items (G_LIST_MODEL (model)) > 0;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (!shows_content (child))
      return FALSE;
  return TRUE;
}

static void
on_after_paint (GdkFrameClock *clock, GtkWidget *content)
{
  if (!gtk_widget_get_mapped (content) || !shows_content (content))
    return;
  g_signal_handlers_disconnect_by_func (clock, on_after_paint, content);
  kb_frame_report_print ("kb-first-frame");
}

/* The first frame begins: what came before it was the window's
 * construction and its first measuring. */
static void
on_flush_events (GdkFrameClock *clock, gpointer user_data)
{
  g_signal_handlers_disconnect_by_func (clock, on_flush_events, user_data);
  kb_frame_report_mark ("frame");
}

static void
on_window_realize (GtkWidget *window, GtkWidget *content)
{
  g_signal_handlers_disconnect_by_func (window, on_window_realize, content);
  g_signal_connect (gtk_widget_get_frame_clock (window), "flush-events", G_CALLBACK (on_flush_events), NULL);
  g_signal_connect_object (gtk_widget_get_frame_clock (window), "after-paint",
                           G_CALLBACK (on_after_paint), content, 0);
}

/**
 * kb_frame_report_watch:
 * @window: the window whose frames count
 * @content: the part of it that must show its content
 *
 * Reports the first frame that shows @content, if the environment asks.
 */
void
kb_frame_report_watch (GtkWidget *window, GtkWidget *content)
{
  if (!reporting ())
    return;
  if (gtk_widget_get_realized (window))
    on_window_realize (window, content);
  else
    g_signal_connect_object (window, "realize", G_CALLBACK (on_window_realize), content, 0);
}
