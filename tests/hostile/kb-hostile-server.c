/* kb-hostile-server.c — an HTTP server that answers as no honest server does (hostile suite).
 *
 * Raw sockets on loopback, one thread per connection and blocking I/O: the
 * point is to send what libsoup's server would never let us send (a body
 * cut short, a gigabyte, a drip), and to count what the client read before
 * it hung up. Each connection reads one request and is closed after the
 * reply, so that every request of the client meets the current mode.
 */
#include "config.h"

#include "kb-hostile-server.h"

#include <string.h>

#define HUGE_SIZE (G_GUINT64_CONSTANT (1) << 30)
#define CHUNK_SIZE (64 * 1024)

struct _KbHostileServer
{
  GSocketListener *listener;
  GCancellable *cancellable;
  GThread *thread;
  char *url;

  GMutex lock;
  KbHostileMode mode;
  GBytes *reply;
  char *last_request;
  guint64 sent;
};

static gboolean
write_all (GOutputStream *out, const void *data, gsize size, KbHostileServer *self)
{
  gsize written = 0;

  if (!g_output_stream_write_all (out, data, size, &written, NULL, NULL))
    return FALSE;
  g_mutex_lock (&self->lock);
  self->sent += written;
  g_mutex_unlock (&self->lock);
  return TRUE;
}

/* Reads the request line and headers, and the body if it has a length. */
static char *
read_request (GInputStream *in)
{
  g_autoptr(GString) request = g_string_new (NULL);
  const char *length;
  char c;

  while (!g_str_has_suffix (request->str, "\r\n\r\n"))
    {
      if (g_input_stream_read (in, &c, 1, NULL, NULL) != 1)
        return NULL;
      g_string_append_c (request, c);
    }
  length = strstr (request->str, "Content-Length: ");
  if (length != NULL)
    {
      gsize size = g_ascii_strtoull (length + strlen ("Content-Length: "), NULL, 10);
      g_autofree char *body = g_malloc (size + 1);
      gsize n = 0;

      if (g_input_stream_read_all (in, body, size, &n, NULL, NULL))
        g_string_append_len (request, body, (gssize) n);
    }
  return g_string_free (g_steal_pointer (&request), FALSE);
}

static void
send_huge (GOutputStream *out, gboolean chunked, KbHostileServer *self)
{
  g_autofree char *filler = g_malloc (CHUNK_SIZE);
  g_autofree char *head = NULL;
  char chunk_head[32];

  head = chunked ? g_strdup ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                             "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
                 : g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                    "Content-Length: %" G_GUINT64_FORMAT "\r\n"
                                    "Connection: close\r\n\r\n", HUGE_SIZE);
  if (!write_all (out, head, strlen (head), self))
    return;
  /* Valid JSON as far as it goes: an array of ones. */
  for (gsize i = 0; i < CHUNK_SIZE; i += 2)
    memcpy (filler + i, i == 0 ? "[1" : ",1", 2);
  g_snprintf (chunk_head, sizeof chunk_head, "%x\r\n", CHUNK_SIZE);

  for (guint64 done = 0; done < HUGE_SIZE; done += CHUNK_SIZE)
    {
      if (chunked && !write_all (out, chunk_head, strlen (chunk_head), self))
        return;
      if (!write_all (out, filler, CHUNK_SIZE, self))
        return;
      if (chunked && !write_all (out, "\r\n", 2, self))
        return;
      filler[0] = ',';
    }
}

static void
send_drip (GOutputStream *out, KbHostileServer *self)
{
  const char *head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                     "Content-Length: 1000\r\nConnection: close\r\n\r\n";

  if (!write_all (out, head, strlen (head), self))
    return;
  for (guint i = 0; i < 1000; i++)
    {
      if (!write_all (out, " ", 1, self) || !g_output_stream_flush (out, NULL, NULL))
        return;
      g_usleep (200 * G_TIME_SPAN_MILLISECOND);
    }
}

static gpointer
serve_connection (gpointer user_data)
{
  g_autoptr(GSocketConnection) connection = user_data;
  KbHostileServer *self = g_object_get_data (G_OBJECT (connection), "kb-hostile-server");
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autofree char *request = read_request (in);
  g_autoptr(GBytes) reply = NULL;
  KbHostileMode mode;

  if (request == NULL)
    return NULL;
  g_mutex_lock (&self->lock);
  g_free (self->last_request);
  self->last_request = g_strdup (request);
  mode = self->mode;
  reply = self->reply != NULL ? g_bytes_ref (self->reply) : NULL;
  g_mutex_unlock (&self->lock);

  switch (mode)
    {
    case KB_HOSTILE_CANNED:
      if (reply != NULL)
        write_all (out, g_bytes_get_data (reply, NULL), g_bytes_get_size (reply), self);
      break;
    case KB_HOSTILE_HUGE_CHUNKED:
    case KB_HOSTILE_HUGE_LENGTH:
      send_huge (out, mode == KB_HOSTILE_HUGE_CHUNKED, self);
      break;
    case KB_HOSTILE_SLOW_DRIP:
      send_drip (out, self);
      break;
    default:
      g_assert_not_reached ();
    }
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return NULL;
}

static gpointer
accept_loop (gpointer user_data)
{
  KbHostileServer *self = user_data;

  for (;;)
    {
      GSocketConnection *connection = g_socket_listener_accept (self->listener, NULL,
                                                                self->cancellable, NULL);

      if (connection == NULL)
        return NULL;
      g_object_set_data (G_OBJECT (connection), "kb-hostile-server", self);
      g_thread_unref (g_thread_new ("hostile-connection", serve_connection, connection));
    }
}

/* Returns: (transfer full): a server listening on 127.0.0.1, in
 * KB_HOSTILE_CANNED mode with no reply yet. */
KbHostileServer *
kb_hostile_server_new (void)
{
  KbHostileServer *self = g_new0 (KbHostileServer, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_mutex_init (&self->lock);
  self->listener = g_socket_listener_new ();
  self->cancellable = g_cancellable_new ();
  g_socket_listener_add_address (self->listener, address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  self->url = g_strdup_printf ("http://127.0.0.1:%u",
                               g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  self->thread = g_thread_new ("hostile-server", accept_loop, self);
  return self;
}

/* Stops accepting; connections still being served end on their own when
 * the client hangs up. */
void
kb_hostile_server_free (KbHostileServer *self)
{
  g_cancellable_cancel (self->cancellable);
  g_thread_join (self->thread);
  g_socket_listener_close (self->listener);
  g_object_unref (self->listener);
  g_object_unref (self->cancellable);
  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->reply, g_bytes_unref);
  g_clear_pointer (&self->last_request, g_free);
  g_mutex_unlock (&self->lock);
  g_free (self->url);
  /* The lock and the struct stay: a connection thread may still count
   * what it sends. */
}

const char *
kb_hostile_server_get_url (KbHostileServer *self)
{
  return self->url;
}

void
kb_hostile_server_set_mode (KbHostileServer *self, KbHostileMode mode)
{
  g_mutex_lock (&self->lock);
  self->mode = mode;
  self->sent = 0;
  g_mutex_unlock (&self->lock);
}

/* Sets the reply of KB_HOSTILE_CANNED: @head (status line and headers,
 * without the blank line that ends them) and @body (-1: up to its NUL).
 * No Content-Length is added: @head says what the test wants said. */
void
kb_hostile_server_set_reply (KbHostileServer *self, const char *head, const char *body,
                             gssize body_length)
{
  g_autoptr(GByteArray) reply = g_byte_array_new ();

  if (body_length < 0)
    body_length = body != NULL ? (gssize) strlen (body) : 0;
  g_byte_array_append (reply, (const guint8 *) head, strlen (head));
  g_byte_array_append (reply, (const guint8 *) "\r\nConnection: close\r\n\r\n", 23);
  if (body_length > 0)
    g_byte_array_append (reply, (const guint8 *) body, (guint) body_length);

  g_mutex_lock (&self->lock);
  self->mode = KB_HOSTILE_CANNED;
  g_clear_pointer (&self->reply, g_bytes_unref);
  self->reply = g_byte_array_free_to_bytes (g_steal_pointer (&reply));
  g_mutex_unlock (&self->lock);
}

/* Returns: how many bytes of replies were written since the mode was set. */
guint64
kb_hostile_server_get_sent (KbHostileServer *self)
{
  guint64 sent;

  g_mutex_lock (&self->lock);
  sent = self->sent;
  g_mutex_unlock (&self->lock);
  return sent;
}

/* Returns: (transfer full) (nullable): the last request's head and body. */
char *
kb_hostile_server_dup_last_request (KbHostileServer *self)
{
  char *request;

  g_mutex_lock (&self->lock);
  request = g_strdup (self->last_request);
  g_mutex_unlock (&self->lock);
  return request;
}
