/* kb-backoff.h — retry delays (doubling, capped, with jitter) and the timer that waits one out. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The most a delay is shortened at random, as a fraction of it. */
#define KB_BACKOFF_JITTER 0.25

guint kb_backoff_delay      (guint  base_ms,
                             guint  max_ms,
                             guint  attempt,
                             double jitter);
guint kb_backoff_next_delay (guint  base_ms,
                             guint  max_ms,
                             guint  attempt);

void  kb_backoff_schedule   (guint           *source,
                             guint            delay_ms,
                             GSourceOnceFunc  func,
                             gpointer         data);

G_END_DECLS
