/* kb-feedback-events.c — how KbFeedback learns of changes: the events socket, or polling.
 *
 * The events socket's events are hints to fetch the questions changed since
 * the cursor (_kb_feedback_start_sync()); whenever it is down, KbFeedback
 * polls with If-None-Match at the poll interval, backing off while the
 * server does not answer, and reconnects the socket after a back-off.
 */
#include "config.h"

#include "kb-backoff.h"
#include "kb-feedback-private.h"
#include "kb-sync-private.h"

#define MAX_BACKOFF_MS (300 * 1000)
/* Waits before the socket's reconnection, doubled for each failure in a
 * row (kb_backoff_next_delay()). */
#define RECONNECT_BASE_MS 2000

/* Polling: only while the events socket is down. */

static void
on_poll_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  KbFeedback *self = KB_FEEDBACK (source);
  g_autoptr(GError) error = NULL;

  if (!kb_feedback_refresh_finish (self, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (kb_api_error_is_unreachable (error))
        self->poll_failures++;
      g_debug ("Poll failed (%u in a row): %s", self->poll_failures, error->message);
    }
  else
    self->poll_failures = 0;
  _kb_feedback_schedule_poll (self);
}

static gboolean
on_poll (gpointer user_data)
{
  KbFeedback *self = user_data;

  self->poll_source = 0;
  kb_feedback_refresh_async (self, NULL, on_poll_done, NULL);
  return G_SOURCE_REMOVE;
}

/* The next poll comes after the interval, backing off from it for each
 * failure in a row while the server is unreachable, up to five minutes (or
 * the interval, when that is longer). */
void
_kb_feedback_schedule_poll (KbFeedback *self)
{
  guint interval_ms;

  g_clear_handle_id (&self->poll_source, g_source_remove);
  if (!self->started || self->push_connected || self->poll_interval == 0)
    return;
  if (self->poll_failures == 0)
    {
      self->poll_source = g_timeout_add_seconds (self->poll_interval, on_poll, self);
      return;
    }
  interval_ms = MIN (self->poll_interval, G_MAXUINT / 1000) * 1000;
  self->poll_source = g_timeout_add (kb_backoff_next_delay (interval_ms,
                                                            MAX (interval_ms, MAX_BACKOFF_MS),
                                                            self->poll_failures),
                                     on_poll, self);
}

/* The events socket */

static void
on_event (KbApiEvents *events, const char *type, const char *question_id, KbFeedback *self)
{
  g_debug ("Event %s for question %s", type, question_id);
  _kb_feedback_start_sync (self);
}

static void
schedule_reconnect (KbFeedback *self)
{
  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  if (!self->started || !self->push_enabled)
    return;
  kb_backoff_schedule (&self->reconnect_source,
                       kb_backoff_next_delay (RECONNECT_BASE_MS, MAX_BACKOFF_MS,
                                              self->reconnect_failures),
                       (GSourceOnceFunc) _kb_feedback_connect_events, self);
}

static void
on_events_closed (KbApiEvents *events, GError *reason, KbFeedback *self)
{
  g_debug ("Events socket lost: %s", reason != NULL ? reason->message : "closed");
  _kb_feedback_set_push_connected (self, FALSE);
  self->reconnect_failures++;
  _kb_feedback_schedule_poll (self);
  schedule_reconnect (self);
}

static void
on_events_connected (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(KbFeedback) self = user_data;
  g_autoptr(GError) error = NULL;

  self->connecting = FALSE;
  if (!kb_api_events_connect_finish (KB_API_EVENTS (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_debug ("Events socket: %s", error->message);
          _kb_sync_note_outcome (self, error);
          self->reconnect_failures++;
          _kb_feedback_schedule_poll (self);
          if (!kb_api_error_is_auth (error))
            schedule_reconnect (self);
        }
      return;
    }

  self->reconnect_failures = 0;
  _kb_feedback_set_push_connected (self, TRUE);
  g_clear_handle_id (&self->poll_source, g_source_remove);
  /* Whatever happened while the socket was down is behind the cursor. */
  _kb_feedback_start_sync (self);
}

void
_kb_feedback_connect_events (KbFeedback *self)
{
  if (!self->started || !self->push_enabled || self->connecting || self->push_connected)
    return;
  self->connecting = TRUE;
  kb_api_events_connect_async (self->events, self->cancellable, on_events_connected, g_object_ref (self));
}

/* Makes the events socket, which KbFeedback keeps for its life, and
 * listens to it. */
void
_kb_feedback_events_init (KbFeedback *self)
{
  self->events = kb_api_events_new (self->api);
  g_signal_connect (self->events, "event", G_CALLBACK (on_event), self);
  g_signal_connect (self->events, "closed", G_CALLBACK (on_events_closed), self);
}
