/* kb-background.c — threads for work that nobody watches happen: parsing replies, writing the cache.
 *
 * On a machine of two cores the window's frames share the processor with
 * such work: a first sign-in parses and writes 110 000 rows while the
 * subscriber list comes on screen, and with a worker on each core the main
 * thread waited for one, its frames taking up to twice as long. These
 * threads run at a lower priority (a higher nice value, which Linux keeps
 * per thread): when the main thread has a frame to make it gets a core
 * first, and on an idle core the work goes as fast as before.
 */
#include "config.h"

#include "kb-background.h"

#include <errno.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

/* How much lower: a thread at nice 10 gets about a tenth of a core that
 * the main thread, at 0, wants too. */
#define BACKGROUND_NICE 10

typedef struct {
  GFunc func;
  gpointer user_data;
  gboolean lowered;     /* read and written by the pool's one thread only */
} Work;

static void
lower_priority (void)
{
  pid_t thread = (pid_t) syscall (SYS_gettid);
  int nice_value;

  errno = 0;
  nice_value = getpriority (PRIO_PROCESS, (id_t) thread);
  if (errno != 0 || setpriority (PRIO_PROCESS, (id_t) thread, MIN (nice_value + BACKGROUND_NICE, 19)) != 0)
    g_debug ("Could not lower a background thread's priority: %s", g_strerror (errno));
}

static void
run (gpointer item, gpointer data)
{
  Work *work = data;

  if (!work->lowered)
    {
      work->lowered = TRUE;
      lower_priority ();
    }
  work->func (item, work->user_data);
}

/**
 * kb_background_pool_new:
 * @func: called with each item pushed, in the order pushed
 * @user_data: passed to @func
 *
 * A pool of one thread of its own, at a lower priority, for the life of
 * the program: a thread's priority once lowered cannot be raised again, so
 * it never runs anyone else's work (a shared GLib pool thread might next
 * filter a keystroke's search).
 *
 * Returns: (transfer full): the pool; push items with g_thread_pool_push()
 */
GThreadPool *
kb_background_pool_new (GFunc func, gpointer user_data)
{
  Work *work = g_new0 (Work, 1);
  g_autoptr(GError) error = NULL;
  GThreadPool *pool;

  work->func = func;
  work->user_data = user_data;
  pool = g_thread_pool_new (run, work, 1, TRUE, &error);
  if (pool == NULL)
    g_error ("Could not start a background thread: %s", error->message);
  return pool;
}
