/* kb-server-thread.c — a KbServer on a thread of its own, with its own main context.
 *
 * The app's demo mode and the tests run the server this way, so that the
 * caller's main loop (or a test blocked in a synchronous request) never has
 * to serve HTTP itself. The KbServer is created, used and finalized on that
 * thread only; other threads use the calls kb-server.h marks thread-safe.
 */
#include "config.h"

#include "kb-server.h"

struct _KbServerThread
{
  GThread *thread;
  GMainContext *context;
  GMainLoop *loop;
  KbServer *server;
  char *db_path;
  KbServerSeed seed;

  GMutex mutex;
  GCond cond;
  gboolean ready;
  GError *error;
};

static gpointer
server_thread_main (gpointer user_data)
{
  KbServerThread *thread = user_data;
  g_autoptr(KbServer) server = NULL;
  GError *error = NULL;

  g_main_context_push_thread_default (thread->context);

  server = kb_server_new (thread->db_path, thread->seed, &error);
  if (server != NULL && !kb_server_listen_local (server, 0, &error))
    g_clear_object (&server);

  g_mutex_lock (&thread->mutex);
  thread->server = server;
  thread->error = error;
  thread->ready = TRUE;
  g_cond_signal (&thread->cond);
  g_mutex_unlock (&thread->mutex);

  if (server != NULL)
    {
      g_main_loop_run (thread->loop);
      kb_server_stop (server);
    }

  /* Let the sources the stop released run their finalizers here. */
  while (g_main_context_iteration (thread->context, FALSE))
    ;
  g_clear_object (&server);
  g_main_context_pop_thread_default (thread->context);
  return NULL;
}

static void
server_thread_free (KbServerThread *thread)
{
  g_clear_pointer (&thread->loop, g_main_loop_unref);
  g_clear_pointer (&thread->context, g_main_context_unref);
  g_free (thread->db_path);
  g_mutex_clear (&thread->mutex);
  g_cond_clear (&thread->cond);
  g_free (thread);
}

/* Returns: (transfer full) (nullable): a running server thread, once the
 * server listens on a free 127.0.0.1 port; NULL with @error otherwise. */
KbServerThread *
kb_server_thread_start (const char *db_path, KbServerSeed seed, GError **error)
{
  KbServerThread *thread = g_new0 (KbServerThread, 1);

  thread->db_path = g_strdup (db_path);
  thread->seed = seed;
  thread->context = g_main_context_new ();
  thread->loop = g_main_loop_new (thread->context, FALSE);
  g_mutex_init (&thread->mutex);
  g_cond_init (&thread->cond);

  thread->thread = g_thread_new ("kabinet-server", server_thread_main, thread);

  g_mutex_lock (&thread->mutex);
  while (!thread->ready)
    g_cond_wait (&thread->cond, &thread->mutex);
  g_mutex_unlock (&thread->mutex);

  if (thread->server == NULL)
    {
      g_thread_join (thread->thread);
      g_propagate_error (error, thread->error);
      server_thread_free (thread);
      return NULL;
    }
  return thread;
}

char *
kb_server_thread_dup_url (KbServerThread *thread)
{
  g_return_val_if_fail (thread != NULL, NULL);
  return kb_server_dup_url (thread->server);
}

/* Returns: (transfer none): the server, for the thread-safe calls only. */
KbServer *
kb_server_thread_get_server (KbServerThread *thread)
{
  g_return_val_if_fail (thread != NULL, NULL);
  return thread->server;
}

static gboolean
quit_loop (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

/* Stops the server (closing its database cleanly), joins the thread and
 * frees everything. */
void
kb_server_thread_stop (KbServerThread *thread)
{
  GSource *source;

  if (thread == NULL)
    return;

  /* An idle source, not g_main_context_invoke(): it must run inside the
   * loop, even if the loop has not started running yet. */
  source = g_idle_source_new ();
  g_source_set_callback (source, quit_loop, thread->loop, NULL);
  g_source_attach (source, thread->context);
  g_source_unref (source);
  g_thread_join (thread->thread);
  server_thread_free (thread);
}
