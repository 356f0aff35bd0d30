/* kb-server-process.c — the kabinet-server program as a child process, and raw sockets to it.
 *
 * The tests of hostile clients need what a thread in the test process
 * cannot give: the server's own peak memory and descriptor limit, signals,
 * and what it leaves behind. Their clients speak HTTP by hand, because a
 * well-behaved HTTP library cannot be slow or endless on purpose.
 */
#include "config.h"

#include "kb-server-process.h"

#include <glib-unix.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>

/* Runs in the child: a server outliving a failed test would hold its
 * port and memory. */
static void
setup_child (gpointer user_data)
{
  struct rlimit limit;

  prctl (PR_SET_PDEATHSIG, SIGKILL);
  limit.rlim_cur = limit.rlim_max = GPOINTER_TO_UINT (user_data);
  if (limit.rlim_cur > 0)
    setrlimit (RLIMIT_NOFILE, &limit);
}

/* Starts KB_SERVER_PROGRAM on a free port and waits for "Listening on".
 * @max_files: the child's descriptor limit, 0 to inherit; @tmp_dir: its
 * TMPDIR, or NULL. Returns NULL (after g_test_skip) without the program. */
KbServerProcess *
kb_server_process_start (guint max_files, const char *tmp_dir, const char *const *extra_args)
{
  const char *program = g_getenv ("KB_SERVER_PROGRAM");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) output = g_string_new (NULL);
  KbServerProcess *server;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  const char *line;

  if (program == NULL)
    {
      g_test_skip ("KB_SERVER_PROGRAM is not set");
      return NULL;
    }
  g_ptr_array_add (argv, (char *) program);
  g_ptr_array_add (argv, "--port");
  g_ptr_array_add (argv, "0");
  for (guint i = 0; extra_args != NULL && extra_args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) extra_args[i]);
  g_ptr_array_add (argv, NULL);
  if (tmp_dir != NULL)
    envp = g_environ_setenv (envp, "TMPDIR", tmp_dir, TRUE);

  server = g_new0 (KbServerProcess, 1);
  g_spawn_async_with_pipes (NULL, (char **) argv->pdata, envp, G_SPAWN_DO_NOT_REAP_CHILD,
                            setup_child, GUINT_TO_POINTER (max_files), &server->pid, NULL,
                            &server->stdout_fd, NULL, &error);
  g_assert_no_error (error);

  while ((line = strstr (output->str, "Listening on ")) == NULL || strchr (line, '\n') == NULL)
    {
      struct pollfd pfd = { server->stdout_fd, POLLIN, 0 };
      char buffer[256];
      gssize got;

      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      if (poll (&pfd, 1, 100) <= 0)
        continue;
      got = read (server->stdout_fd, buffer, sizeof buffer);
      g_assert_cmpint (got, >, 0);
      g_string_append_len (output, buffer, got);
    }
  server->url = g_strndup (line + strlen ("Listening on "), strcspn (line + 13, "\n"));
  server->port = (guint) g_ascii_strtoull (strrchr (server->url, ':') + 1, NULL, 10);
  g_assert_cmpuint (server->port, >, 0);
  return server;
}

/* Returns the peak resident memory (VmHWM) of process @pid, in KiB. */
guint64
kb_peak_kib (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", pid);
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents (path, &status, NULL, NULL));
  line = strstr (status, "VmHWM:");
  g_assert_nonnull (line);
  return g_ascii_strtoull (line + strlen ("VmHWM:"), NULL, 10);
}

/* Returns the child's peak resident memory (VmHWM), in KiB. */
guint64
kb_server_process_peak_kib (KbServerProcess *server)
{
  return kb_peak_kib (server->pid);
}

/* Returns how many entries @dir has. */
guint
kb_count_dir_entries (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (listing);
  while (g_dir_read_name (listing) != NULL)
    n++;
  return n;
}

/* Returns how many descriptors the child has open. */
guint
kb_server_process_n_files (KbServerProcess *server)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/fd", server->pid);

  return kb_count_dir_entries (path);
}

/* Sends @signal_number and reaps the child. Returns its wait status. */
int
kb_server_process_stop (KbServerProcess *server, int signal_number)
{
  int status = 0;

  if (server->pid <= 0)
    return 0;
  kill (server->pid, signal_number);
  g_assert_cmpint (waitpid (server->pid, &status, 0), ==, server->pid);
  g_spawn_close_pid (server->pid);
  server->pid = 0;
  return status;
}

void
kb_server_process_free (KbServerProcess *server)
{
  kb_server_process_stop (server, SIGTERM);
  if (server->stdout_fd >= 0)
    close (server->stdout_fd);
  g_free (server->url);
  g_free (server);
}

/* Returns: a socket connected to 127.0.0.1:@port — or, not @blocking, one
 * that is connecting — or -1 when the test process is out of descriptors
 * or the connect took over two seconds (a deaf server's queue is full). */
int
kb_raw_connect (guint port, gboolean blocking)
{
  struct sockaddr_in address = { 0 };
  struct pollfd pfd = { -1, POLLOUT, 0 };
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  int error = 0;
  socklen_t length = sizeof error;

  if (fd < 0)
    return -1;
  address.sin_family = AF_INET;
  address.sin_port = htons ((guint16) port);
  address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (connect (fd, (struct sockaddr *) &address, sizeof address) < 0 && errno != EINPROGRESS)
    {
      close (fd);
      return -1;
    }
  if (!blocking)
    return fd;

  pfd.fd = fd;
  if (poll (&pfd, 1, 2000) <= 0 ||
      getsockopt (fd, SOL_SOCKET, SO_ERROR, &error, &length) < 0 || error != 0)
    {
      close (fd);
      return -1;
    }
  g_unix_set_fd_nonblocking (fd, FALSE, NULL);
  return fd;
}

/* Returns FALSE once the peer has dropped the connection. */
gboolean
kb_raw_send_all (int fd, const char *data, gsize size)
{
  while (size > 0)
    {
      gssize sent = send (fd, data, size, MSG_NOSIGNAL);

      if (sent < 0 && errno == EINTR)
        continue;
      if (sent <= 0)
        return FALSE;
      data += sent;
      size -= (gsize) sent;
    }
  return TRUE;
}

/* Reads and throws away until the peer closes. Returns FALSE if it is
 * still open after @seconds. */
gboolean
kb_raw_wait_closed (int fd, double seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < deadline)
    {
      struct pollfd pfd = { fd, POLLIN, 0 };
      char buffer[4096];
      int left = (int) ((deadline - g_get_monotonic_time ()) / 1000);

      if (poll (&pfd, 1, MAX (left, 1)) <= 0)
        continue;
      if (recv (fd, buffer, sizeof buffer, 0) <= 0)
        return TRUE;
    }
  return FALSE;
}

/* Sends @request on a new connection and returns all the server said
 * before it closed, or NULL if that took longer than @seconds. */
char *
kb_raw_request (guint port, const char *request, double seconds)
{
  g_autoptr(GString) reply = g_string_new (NULL);
  gint64 deadline = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
  int fd = kb_raw_connect (port, TRUE);

  if (fd < 0)
    return NULL;
  if (!kb_raw_send_all (fd, request, strlen (request)))
    {
      close (fd);
      return NULL;
    }
  while (g_get_monotonic_time () < deadline)
    {
      struct pollfd pfd = { fd, POLLIN, 0 };
      char buffer[4096];
      gssize got;
      int left = (int) ((deadline - g_get_monotonic_time ()) / 1000);

      if (poll (&pfd, 1, MAX (left, 1)) <= 0)
        continue;
      got = recv (fd, buffer, sizeof buffer, 0);
      if (got <= 0)
        {
          close (fd);
          return g_string_free (g_steal_pointer (&reply), FALSE);
        }
      g_string_append_len (reply, buffer, got);
    }
  close (fd);
  return NULL;
}
