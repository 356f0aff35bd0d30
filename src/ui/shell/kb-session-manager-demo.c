/* kb-session-manager-demo.c — the demo: the reference server in this process, signed in to.
 */
#include "config.h"

#include "kb-session-manager-private.h"

#define DEMO_LOGIN "demo"
#define DEMO_PASSWORD "demo"
#define DEMO_ANSWER_SECONDS 20

static void
start_demo_server_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GError *error = NULL;
  /* The demo company lives as long as the demo's cache does: a fresh
   * server under a cache from the last run would reuse its ids for other
   * things (a new order merged into an old request). The server seeds the
   * file only when it is new. */
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "kabinet", NULL);
  g_autofree char *path = g_build_filename (dir, "demo-server.db", NULL);
  KbServerThread *server;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    g_clear_pointer (&path, g_free);   /* then a temporary one, as before */
  server = kb_server_thread_start (path, KB_SERVER_SEED_DEMO, &error);

  if (server == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* A specialist of the demo operator answers each new question after a
   * little while, so that a newcomer sees an answer arrive. */
  kb_server_set_demo_operator (kb_server_thread_get_server (server), DEMO_ANSWER_SECONDS);
  g_task_return_pointer (task, server, (GDestroyNotify) kb_server_thread_stop);
}

static void
on_demo_server_started (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  KbSessionManager *self = KB_SESSION_MANAGER (source);
  SignInData *data = g_task_get_task_data (task);
  GError *error = NULL;
  g_autofree char *url = NULL;
  KbServerThread *server = g_task_propagate_pointer (G_TASK (result), &error);

  if (server == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (self->demo_server == NULL)
    self->demo_server = server;
  else
    kb_server_thread_stop (server);

  url = kb_server_thread_dup_url (self->demo_server);
  data->api = kb_api_client_new (url, &error);
  if (data->api == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  _kb_session_manager_start_sign_in (self, g_steal_pointer (&task), DEMO_PASSWORD);
}

/**
 * kb_session_manager_start_demo_async:
 *
 * Starts the reference server in this process, on a free loopback port,
 * with the demo company, and signs in to it. Nothing is remembered.
 */
void
kb_session_manager_start_demo_async (KbSessionManager    *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) server_task = NULL;
  SignInData *data = g_new0 (SignInData, 1);

  g_return_if_fail (KB_IS_SESSION_MANAGER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kb_session_manager_start_demo_async);
  data->login = g_strdup (DEMO_LOGIN);
  data->demo = TRUE;
  g_task_set_task_data (task, data, (GDestroyNotify) _kb_session_manager_sign_in_data_free);

  /* Seeding the demo database takes a moment: not on the main loop. */
  server_task = g_task_new (self, cancellable, on_demo_server_started, g_steal_pointer (&task));
  g_task_run_in_thread (server_task, start_demo_server_thread);
}

gboolean
kb_session_manager_start_demo_finish (KbSessionManager *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
