/* test-server-limits.c — the server process against endless bodies, and what it leaves on disk. */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "kb-server-process.h"
#include "kb-test-util.h"

#define MIB (1024 * 1024)

/* Streams up to @total bytes as one chunked body to @path, in 64 KiB
 * chunks. Returns how many bytes went out before the server dropped the
 * connection. */
static gsize
stream_chunked (guint port, const char *path, gsize total)
{
  g_autofree char *head = g_strdup_printf ("POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                           "Content-Type: application/json\r\n"
                                           "Transfer-Encoding: chunked\r\n\r\n", path);
  g_autofree char *chunk = g_malloc (64 * 1024 + 16);
  gsize chunk_size, sent = 0;
  int fd = kb_raw_connect (port, TRUE);

  g_assert_cmpint (fd, >=, 0);
  chunk_size = (gsize) g_snprintf (chunk, 16, "10000\r\n");
  memset (chunk + chunk_size, '[', 64 * 1024);
  chunk_size += 64 * 1024;
  memcpy (chunk + chunk_size, "\r\n", 2);
  chunk_size += 2;

  g_assert_true (kb_raw_send_all (fd, head, strlen (head)));
  while (sent < total && kb_raw_send_all (fd, chunk, chunk_size))
    sent += 64 * 1024;
  close (fd);
  return sent;
}

/* Streams @total bytes to @path and returns the growth of the server's
 * peak memory, in KiB. */
static guint64
peak_growth (KbServerProcess *server, const char *path, gsize total, gsize *sent)
{
  guint64 before = kb_server_process_peak_kib (server);
  guint64 after;

  *sent = stream_chunked (server->port, path, total);
  after = kb_server_process_peak_kib (server);
  g_test_message ("%" G_GSIZE_FORMAT " MiB chunked to %s: %" G_GSIZE_FORMAT " KiB sent before"
                  " the drop; server peak %" G_GUINT64_FORMAT " → %" G_GUINT64_FORMAT " KiB",
                  total / MIB, path, *sent / 1024, before, after);
  return after - before;
}

/* Issue 16, item 2: 512 MiB chunked to POST /session took the server to
 * 1 GiB, buffered whole before the 64 KiB check. */
static void
test_chunked_body (void)
{
  g_autoptr(KbServerProcess) server = kb_server_process_start (0, NULL, NULL);
  g_autofree char *reply = NULL;
  gsize sent;

  if (server == NULL)
    return;

  g_assert_cmpuint (peak_growth (server, "/api/v1/session", 512 * (gsize) MIB, &sent), <,
                    16 * 1024);
  g_assert_cmpuint (sent, <, 64 * MIB);

  /* The bulk routes take up to 16 MiB, and not a chunk more. */
  g_assert_cmpuint (peak_growth (server, "/api/v1/rename-batches", 128 * (gsize) MIB, &sent), <,
                    48 * 1024);
  g_assert_cmpuint (sent, <, 96 * MIB);

  /* The server goes on answering. */
  reply = kb_raw_request (server->port, "GET /api/v1/client HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          "Connection: close\r\n\r\n", 5);
  g_assert_nonnull (reply);
  g_assert_true (g_str_has_prefix (reply, "HTTP/1.1 401"));
}

/* Issue 16, item 13: every run with the default database left
 * kabinet-server-*.db, -wal and -shm in /tmp. Each server here runs with
 * a TMPDIR of the test's own and is stopped as a user or the system would. */
static void
test_temp_files (void)
{
  g_autofree char *tmp = g_dir_make_tmp ("kb-limits-XXXXXX", NULL);
  const int signals[] = { SIGTERM, SIGINT };
  guint left[3];

  g_assert_nonnull (tmp);
  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    {
      g_autoptr(KbServerProcess) server = kb_server_process_start (0, tmp, NULL);

      if (server == NULL)
        return;
      g_assert_cmpuint (kb_count_dir_entries (tmp), >, 0);
      kb_server_process_stop (server, signals[i]);
      left[i] = kb_count_dir_entries (tmp);
    }

  /* Killed, it cannot clean up: the next server to start does. */
  {
    g_autoptr(KbServerProcess) killed = kb_server_process_start (0, tmp, NULL);
    g_autoptr(KbServerProcess) next = NULL;

    kb_server_process_stop (killed, SIGKILL);
    g_assert_cmpuint (kb_count_dir_entries (tmp), >, 0);
    next = kb_server_process_start (0, tmp, NULL);
    kb_server_process_stop (next, SIGTERM);
    left[2] = kb_count_dir_entries (tmp);
  }

  g_test_message ("entries left in TMPDIR after SIGTERM: %u, SIGINT: %u, SIGKILL and a restart: %u",
                  left[0], left[1], left[2]);
  g_assert_cmpuint (left[0], ==, 0);
  g_assert_cmpuint (left[1], ==, 0);
  g_assert_cmpuint (left[2], ==, 0);
  g_rmdir (tmp);
}

int
main (int argc, char *argv[])
{
  kb_test_init (&argc, &argv);

  g_test_add_func ("/server/limits/chunked-body", test_chunked_body);
  g_test_add_func ("/server/limits/temp-files", test_temp_files);

  return g_test_run ();
}
