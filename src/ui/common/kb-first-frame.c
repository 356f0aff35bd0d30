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
  GtkWidget *widget;          /* not in a window yet: until it is realized */
  gulong realize_id;
  guint timeout_id;
} Waiting;

/* A window that goes takes its frame clock's handlers with it. */
static void
disconnect_paint (Waiting *waiting)
{
  if (waiting->paint_id != 0 && g_signal_handler_is_connected (waiting->clock, waiting->paint_id))
    g_signal_handler_disconnect (waiting->clock, waiting->paint_id);
  waiting->paint_id = 0;
  if (waiting->widget != NULL)
    {
      g_signal_handler_disconnect (waiting->widget, waiting->realize_id);
      g_object_remove_weak_pointer (G_OBJECT (waiting->widget), (gpointer *) &waiting->widget);
      waiting->widget = NULL;
    }
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

static void wait_for_window (Waiting *waiting, GtkWidget *window);

/* A widget made before it was added to its window (a page being built)
 * waits for that window's frame once it is in it. */
static void
on_widget_realize (GtkWidget *widget, Waiting *waiting)
{
  GtkWidget *window = GTK_WIDGET (gtk_widget_get_root (widget));

  disconnect_paint (waiting);
  wait_for_window (waiting, window);
}

static void
wait_for_window (Waiting *waiting, GtkWidget *window)
{
  GdkFrameClock *clock = NULL;

  if (window != NULL && gtk_widget_get_visible (window))
    clock = gtk_widget_get_frame_clock (window);
  if (clock == NULL || started)
    {
      schedule (waiting);
      return;
    }
  waiting->clock = g_object_ref (clock);
  waiting->paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_clock_after_paint),
                                       waiting);
  if (waiting->timeout_id == 0)
    waiting->timeout_id = g_timeout_add (LONGEST_WAIT_MS, on_longest_wait, waiting);
}

/**
 * kb_first_frame_then:
 * @widget: (nullable): a widget of the window whose frame to wait for
 *
 * Calls @func with @data once the window of @widget has painted its next
 * frame (at most a second from now), or soon if it is not shown or the
 * application's start is over; then @destroy on @data. A widget not yet in
 * a window (a page being built) waits for the frame of the window it is
 * realized in.
 */
void
kb_first_frame_then (GtkWidget *widget, GSourceFunc func, gpointer data, GDestroyNotify destroy)
{
  GtkWidget *window = widget != NULL ? GTK_WIDGET (gtk_widget_get_root (widget)) : NULL;
  Waiting *waiting = g_new0 (Waiting, 1);

  waiting->func = func;
  waiting->data = data;
  waiting->destroy = destroy;
  if (widget != NULL && window == NULL && !started)
    {
      waiting->widget = widget;
      g_object_add_weak_pointer (G_OBJECT (widget), (gpointer *) &waiting->widget);
      waiting->realize_id = g_signal_connect (widget, "realize", G_CALLBACK (on_widget_realize),
                                              waiting);
      waiting->timeout_id = g_timeout_add (LONGEST_WAIT_MS, on_longest_wait, waiting);
      return;
    }
  wait_for_window (waiting, window);
}
