/* kb-backoff.c — retry delays (doubling, capped, with jitter) and the timer that waits one out.
 *
 * Every retry of the app waits this way: the HTTP client before it repeats
 * a request that is safe to repeat, and the Feedback sync before it polls,
 * reconnects the events socket or sends the outbox again while the server
 * is away. The delay doubles with each failure in a row up to a cap, and is
 * shortened by up to a quarter at random so that many clients that lost the
 * same server do not all come back in the same second. The jitter only ever
 * shortens: no caller waits longer than the cap.
 */
#include "config.h"

#include "kb-backoff.h"

/**
 * kb_backoff_delay:
 * @base_ms: the delay after the first failure
 * @max_ms: the cap
 * @attempt: the failures in a row before this one (0 for the first retry)
 * @jitter: a number from 0 to 1, drawn at random by the caller
 *
 * A pure function, so that tests can check its bounds.
 *
 * Returns: @base_ms doubled @attempt times, at most @max_ms, then shortened
 * by @jitter × %KB_BACKOFF_JITTER of itself.
 */
guint
kb_backoff_delay (guint base_ms, guint max_ms, guint attempt, double jitter)
{
  guint64 delay = base_ms;

  for (guint i = 0; i < attempt && delay < max_ms; i++)
    delay *= 2;
  delay = MIN (delay, max_ms);
  jitter = CLAMP (jitter, 0.0, 1.0);
  return (guint) (delay - (guint64) ((double) delay * KB_BACKOFF_JITTER * jitter));
}

/* Returns: kb_backoff_delay() with a jitter drawn from GLib's generator. */
guint
kb_backoff_next_delay (guint base_ms, guint max_ms, guint attempt)
{
  return kb_backoff_delay (base_ms, max_ms, attempt, g_random_double ());
}

typedef struct {
  guint *source;
  GSourceOnceFunc func;
  gpointer data;
} Retry;

static gboolean
on_retry_due (gpointer user_data)
{
  Retry *retry = user_data;

  /* Zeroed first: @func may schedule the next try in the same place. */
  *retry->source = 0;
  retry->func (retry->data);
  return G_SOURCE_REMOVE;
}

/**
 * kb_backoff_schedule:
 * @source: where the owner keeps the timer's id: a pending one is replaced,
 *   and it is zero again once @func has been called
 * @delay_ms: usually kb_backoff_next_delay()
 *
 * Calls @func with @data once, after @delay_ms. The owner removes a pending
 * timer (g_clear_handle_id()) before @data goes.
 */
void
kb_backoff_schedule (guint *source, guint delay_ms, GSourceOnceFunc func, gpointer data)
{
  Retry *retry = g_new (Retry, 1);

  retry->source = source;
  retry->func = func;
  retry->data = data;
  g_clear_handle_id (source, g_source_remove);
  *source = g_timeout_add_full (G_PRIORITY_DEFAULT, delay_ms, on_retry_due, retry, g_free);
}
