/* kb-session-manager-demo.c — the demo: the reference server beside this process, signed in to.
 *
 * `kabinet --demo` runs the reference server that Kabinet installs,
 * kabinet-server (src/server/kabinet-server.c), as a child process on a
 * free loopback port, and signs in to it. In a process of its own the
 * server costs the client nothing when there is no demo: the program that
 * starts on a remembered session loads none of the server's code and
 * libraries (libxlsxwriter and OpenSSL's libcrypto under it were 3 ms of
 * every start, before main()).
 *
 * The child ends with the session manager (SIGTERM, then a wait, so that
 * its database is closed before a next demo opens it) and, if Kabinet
 * dies first, with Kabinet (PR_SET_PDEATHSIG).
 */
#include "config.h"

#include "kb-session-manager-private.h"

#include <glib/gi18n.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#define DEMO_LOGIN "demo"
#define DEMO_PASSWORD "demo"
#define DEMO_ANSWER_SECONDS "20"
#define LISTENING "Listening on "

/* Returns: (transfer full): where kabinet-server is: the build's under
 * `meson devenv` and in the tests (KABINET_SERVER), else the installed one. */
static char *
demo_server_path (void)
{
  const char *path = g_getenv ("KABINET_SERVER");

  return g_strdup (path != NULL && *path != '\0' ? path : BINDIR "/kabinet-server");
}

/* In the child, before exec: end with the thread that spawned it, the
 * main thread, which lives as long as Kabinet. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

void
_kb_session_manager_stop_demo_server (KbSessionManager *self)
{
  if (self->demo_server == NULL)
    return;
  g_subprocess_send_signal (self->demo_server, SIGTERM);
  /* Its database must be closed before a next demo opens the file. */
  g_subprocess_wait (self->demo_server, NULL, NULL);
  g_clear_object (&self->demo_server);
  g_clear_pointer (&self->demo_url, g_free);
}

static void
demo_failed (GTask *task, GSubprocess *server, const char *why)
{
  if (server != NULL)
    g_subprocess_force_exit (server);
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                           /* TRANSLATORS: %s says why, e.g. that the program was not found */
                           _("The demo server did not start: %s"), why);
}

static void
on_listening_line (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  KbSessionManager *self = g_task_get_source_object (task);
  SignInData *data = g_task_get_task_data (task);
  GSubprocess *server = g_object_get_data (G_OBJECT (task), "kb-demo-server");
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result,
                                                                      NULL, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_subprocess_force_exit (server);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (line == NULL || !g_str_has_prefix (line, LISTENING))
    {
      /* It wrote why on its standard error, which is Kabinet's. */
      demo_failed (task, server, error != NULL ? error->message : _("it ended before it was ready"));
      return;
    }

  if (self->demo_server == NULL)
    {
      self->demo_server = g_object_ref (server);
      self->demo_url = g_strdup (line + strlen (LISTENING));
    }
  else
    g_subprocess_force_exit (server);   /* another demo was faster */

  data->api = kb_api_client_new (self->demo_url, &error);
  if (data->api == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  _kb_session_manager_start_sign_in (self, g_steal_pointer (&task), DEMO_PASSWORD);
}

/**
 * kb_session_manager_start_demo_async:
 *
 * Starts the reference server (kabinet-server) on a free loopback port,
 * with the demo company, and signs in to it. Nothing is remembered.
 */
void
kb_session_manager_start_demo_async (KbSessionManager    *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GDataInputStream) output = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *program = demo_server_path ();
  /* The demo company lives as long as the demo's cache does: a fresh
   * server under a cache from the last run would reuse its ids for other
   * things (a new order merged into an old request). The server seeds the
   * file only when it is new. */
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "kabinet", NULL);
  g_autofree char *db = g_build_filename (dir, "demo-server.db", NULL);
  const char *argv[] = { program, "--port", "0", "--seed", "demo", "--demo-operator", DEMO_ANSWER_SECONDS,
                         "--db", db, NULL };
  SignInData *data = g_new0 (SignInData, 1);

  g_return_if_fail (KB_IS_SESSION_MANAGER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kb_session_manager_start_demo_async);
  data->login = g_strdup (DEMO_LOGIN);
  data->demo = TRUE;
  g_task_set_task_data (task, data, (GDestroyNotify) _kb_session_manager_sign_in_data_free);

  if (self->demo_server != NULL)
    {
      data->api = kb_api_client_new (self->demo_url, &error);
      if (data->api == NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        _kb_session_manager_start_sign_in (self, g_steal_pointer (&task), DEMO_PASSWORD);
      return;
    }

  /* Without the folder, a temporary database, as before: the arguments
   * end before "--db" and its file, the last two. */
  if (g_mkdir_with_parents (dir, 0700) != 0)
    argv[G_N_ELEMENTS (argv) - 3] = NULL;
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  server = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (server == NULL)
    {
      demo_failed (task, NULL, error->message);
      return;
    }

  /* Seeding the demo database takes a moment: the line comes when it listens. */
  g_object_set_data_full (G_OBJECT (task), "kb-demo-server", g_object_ref (server), g_object_unref);
  output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  /* The pipe stays open with the server: closed, it would kill the server
   * the next time it wrote there. */
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (output), FALSE);
  g_data_input_stream_read_line_async (output, G_PRIORITY_DEFAULT, cancellable, on_listening_line,
                                       g_steal_pointer (&task));
}

gboolean
kb_session_manager_start_demo_finish (KbSessionManager *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
