/* kb-first-frame.c — work that waits for the window's first frame with content.
 *
 * At start-up everything the first frame does not show waits until it is
 * painted (docs/design.md §7): Feedback's questions and its requests when
 * the window opens on another section; the whole subscriber list behind
 * the screenful Subscriber Selection shows first. Once the application has
 * painted that frame, the work runs at once (from an idle): a section
 * opened later loads as soon as it can.
 */
#include "config.h"

#include "kb-first-frame.h"

/* A window whose frame clock stands still (minimised, on another
 * workspace) must not keep the work waiting for ever. */
#define LONGEST_WAIT_MS 1000

/* Whether a frame has been painted since work first waited for one. */
static gboolean started;

typedef struct {
  GSourceFunc func;
  gpointer data;
  GDestroyNotify destroy;
  GdkFrameClock *clock;
  gulong paint_id;
  guint timeout_id;
} Waiting;

/* A window that goes takes its frame clock's handlers with it. */
static void
disconnect_paint (Waiting *waiting)
{
  if (waiting->paint_id != 0 && g_signal_handler_is_connected (waiting->clock, waiting->paint_id))
    g_signal_handler_disconnect (waiting->clock, waiting->paint_id);
  waiting->paint_id = 0;
}

static void
waiting_free (Waiting *waiting)
{
  disconnect_paint (waiting);
  g_clear_object (&waiting->clock);
  g_clear_handle_id (&waiting->timeout_id, g_source_remove);
  if (waiting->destroy != NULL)
    waiting->destroy (waiting->data);
  g_free (waiting);
}

static gboolean
run_waiting (gpointer user_data)
{
  Waiting *waiting = user_data;

  waiting->func (waiting->data);
  return G_SOURCE_REMOVE;
}

/* Runs the work from an idle, once the frame's painting has returned: at a
 * high priority, before the replies and timers that queued up meanwhile. */
static void
schedule (Waiting *waiting)
{
  disconnect_paint (waiting);
  g_clear_handle_id (&waiting->timeout_id, g_source_remove);
  g_idle_add_full (G_PRIORITY_HIGH, run_waiting, waiting, (GDestroyNotify) waiting_free);
}

static void
on_clock_after_paint (GdkFrameClock *clock, Waiting *waiting)
{
  started = TRUE;
  schedule (waiting);
}

static gboolean
on_longest_wait (gpointer user_data)
{
  Waiting *waiting = user_data;

  waiting->timeout_id = 0;
  started = TRUE;
  schedule (waiting);
  return G_SOURCE_REMOVE;
}

/**
 * kb_first_frame_then:
 * @widget: (nullable): a widget of the window whose frame to wait for
 *
 * Calls @func with @data once the window of @widget has painted its next
 * frame (at most a second from now), or soon if it is not shown or the
 * application's start is over; then @destroy on @data.
 */
void
kb_first_frame_then (GtkWidget *widget, GSourceFunc func, gpointer data, GDestroyNotify destroy)
{
  GtkWidget *window = widget != NULL ? GTK_WIDGET (gtk_widget_get_root (widget)) : NULL;
  GdkFrameClock *clock = window != NULL && gtk_widget_get_visible (window) ? gtk_widget_get_frame_clock (window) : NULL;
  Waiting *waiting = g_new0 (Waiting, 1);

  waiting->func = func;
  waiting->data = data;
  waiting->destroy = destroy;
  if (clock == NULL || started)
    {
      schedule (waiting);
      return;
    }
  waiting->clock = g_object_ref (clock);
  waiting->paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_clock_after_paint), waiting);
  waiting->timeout_id = g_timeout_add (LONGEST_WAIT_MS, on_longest_wait, waiting);
}
