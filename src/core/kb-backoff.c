/* kb-backoff.c — how long to wait before trying again: doubling, capped, with jitter.
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
