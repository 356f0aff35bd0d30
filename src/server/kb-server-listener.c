/* kb-server-listener.c — accepting connections: backlog, cap, read deadline, EMFILE.
 *
 * libsoup 3.2's own listener stops accepting for good after one failed
 * accept() (out of descriptors, for instance) and listens with a backlog of
 * 10. The server therefore listens on a socket of its own, accepts in its
 * own loop and hands each connection to the SoupServer. That loop keeps
 * the number of open connections below the descriptor limit, gives every
 * connection a deadline for sending its request (headers and body) or, when
 * idle between requests, its next one, and after a failed accept() tries
 * again a little later instead of going deaf.
 */
#include "config.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <errno.h>

#include "kb-server-limited-input.h"
#include "kb-server-routes.h"

/* How many pending connections the kernel queues for us (it caps this at
 * net.core.somaxconn): a burst of a thousand connects must not be lost. */
#define LISTEN_BACKLOG 1024
/* Connections accepted per wake-up, so one burst does not starve the rest
 * of the main loop. */
#define ACCEPT_BATCH 64
/* After a failed accept(): wait this long, then accept again. */
#define ACCEPT_RETRY_MS 100
/* The cap never exceeds this many connections... */
#define MAX_CONNECTIONS 4096
/* ...and leaves descriptors for the database, its journal and the logs. */
#define MIN_SPARE_DESCRIPTORS 32

struct _KbConnection
{
  KbServer *server;
  GSocketConnection *stream;   /* weak: libsoup owns the connection */
  GSocket *socket;             /* (transfer none) the stream's */
  KbServerLimitedInput *input; /* (transfer none) what libsoup reads from */
  GSocketAddress *remote;      /* the key a message leads back by */
  GSource *deadline;           /* while reading a request or idle */
  GSource *hangup;             /* while waiting for a request: the client's close */
  GList link;                  /* in server->connections, oldest first */
  gboolean dropped;
};

#define CONNECTION_KEY "kb-connection"

/* Sets how many connections may be open at once, below the soft limit on
 * descriptors so that accept() itself does not run out: the cap, and a
 * little more for those dropped but not yet closed by libsoup. */
static void
set_connection_limits (KbServer *self)
{
  struct rlimit limit;
  guint64 descriptors = MAX_CONNECTIONS * 2;
  guint64 spare;

  if (getrlimit (RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY)
    descriptors = limit.rlim_cur;
  spare = MAX (MIN_SPARE_DESCRIPTORS, descriptors / 8);
  if (descriptors <= spare + 16)
    self->max_connections = 8;
  else
    self->max_connections = (guint) MIN (descriptors - spare, MAX_CONNECTIONS);
  self->max_open = self->max_connections + (guint) MIN (spare / 2, MAX_CONNECTIONS);
}

static void start_accepting (KbServer *self);

/* Destroys and forgets a source of ours, if there is one. */
static void
clear_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

static void
connection_free (KbConnection *connection)
{
  clear_source (&connection->deadline);
  clear_source (&connection->hangup);
  g_object_set_data (G_OBJECT (connection->remote), CONNECTION_KEY, NULL);
  g_object_unref (connection->remote);
  g_free (connection);
}

/* The stream is gone: libsoup closed the connection and let it go. */
static void
on_connection_finalized (gpointer data, GObject *where_the_object_was)
{
  KbConnection *connection = data;
  KbServer *self = connection->server;

  g_queue_unlink (self->connections, &connection->link);
  if (connection->dropped)
    self->n_dropped--;
  connection_free (connection);

  /* Accepting paused at the cap: there is room again. */
  if (self->accept_source == NULL && self->accept_retry == NULL && !self->stopped)
    start_accepting (self);
}

/* Closes the socket under libsoup: its descriptor is free at once, and
 * libsoup's next read fails (GSocket refuses a closed socket, even when
 * the number is reused) so it lets the connection go. Shutting down alone
 * would not do: Linux goes on queueing what a client sends after it, and
 * libsoup goes on reading that. */
static void
connection_drop (KbConnection *connection)
{
  if (connection->dropped)
    return;
  connection->dropped = TRUE;
  connection->server->n_dropped++;
  clear_source (&connection->deadline);
  clear_source (&connection->hangup);
  g_socket_shutdown (connection->socket, TRUE, TRUE, NULL);
  g_socket_close (connection->socket, NULL);

  /* Its descriptor is free: accepting paused at the cap may go on. */
  if (connection->server->accept_source == NULL && connection->server->accept_retry == NULL &&
      !connection->server->stopped)
    start_accepting (connection->server);
}

static gboolean
on_connection_deadline (gpointer user_data)
{
  KbConnection *connection = user_data;

  g_clear_pointer (&connection->deadline, g_source_unref);
  connection_drop (connection);
  return G_SOURCE_REMOVE;
}

/* Something to read on a connection waiting for a request: a request,
 * which libsoup reads, or the client's close, which it would not see. */
static gboolean
on_connection_hangup (GSocket *socket, GIOCondition condition, gpointer user_data)
{
  KbConnection *connection = user_data;
  char byte;
  gssize n = recv (g_socket_get_fd (socket), &byte, 1, MSG_PEEK | MSG_DONTWAIT);

  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
    return G_SOURCE_CONTINUE;
  g_clear_pointer (&connection->hangup, g_source_unref);
  if (n <= 0)
    connection_drop (connection);
  return G_SOURCE_REMOVE;
}

static void
connection_arm (KbConnection *connection)
{
  KbServer *self = connection->server;
  guint timeout;

  if (connection->dropped)
    return;
  clear_source (&connection->deadline);
  g_mutex_lock (&self->lock);
  timeout = self->read_timeout_ms;
  g_mutex_unlock (&self->lock);

  connection->deadline = g_timeout_source_new (timeout);
  g_source_set_callback (connection->deadline, on_connection_deadline, connection, NULL);
  g_source_attach (connection->deadline, self->context);

  /* libsoup does not notice a client that closes a connection between
   * requests: it stayed in CLOSE-WAIT until the deadline, and a client
   * that opens a connection per request filled the cap within seconds. */
  clear_source (&connection->hangup);
  connection->hangup = g_socket_create_source (connection->socket,
                                               G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
  g_source_set_callback (connection->hangup, (GSourceFunc) (void (*) (void)) on_connection_hangup,
                         connection, NULL);
  g_source_attach (connection->hangup, self->context);
}

/* At the cap, the oldest connection that is only waiting for a client
 * (slow to send its request, or idle) makes room for a new one: a
 * thousand slow clients cannot keep a quick one out. Connections busy with
 * a request and event sockets are left alone. */
static gboolean
drop_oldest_waiting (KbServer *self)
{
  for (GList *l = self->connections->head; l != NULL; l = l->next)
    {
      KbConnection *connection = l->data;

      if (!connection->dropped && connection->deadline != NULL)
        {
          connection_drop (connection);
          return TRUE;
        }
    }
  return FALSE;
}

static void
add_connection (KbServer *self, GSocket *socket)
{
  g_autoptr(GSocketConnection) stream = g_socket_connection_factory_create_connection (socket);
  g_autoptr(GSocketAddress) local = g_socket_get_local_address (socket, NULL);
  GSocketAddress *remote = g_socket_get_remote_address (socket, NULL);
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(GIOStream) io = NULL;
  KbConnection *connection;

  if (local == NULL || remote == NULL)
    {
      g_clear_object (&remote);
      g_socket_close (socket, NULL);
      return;
    }
  g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, TRUE, NULL);

  connection = g_new0 (KbConnection, 1);
  connection->server = self;
  connection->stream = stream;
  connection->socket = socket;
  connection->remote = remote;
  connection->link.data = connection;
  g_object_set_data (G_OBJECT (remote), CONNECTION_KEY, connection);
  g_object_weak_ref (G_OBJECT (stream), on_connection_finalized, connection);
  g_queue_push_tail_link (self->connections, &connection->link);
  connection_arm (connection);

  input = kb_server_limited_input_new (G_IO_STREAM (stream));
  connection->input = KB_SERVER_LIMITED_INPUT (input);
  io = g_simple_io_stream_new (input, g_io_stream_get_output_stream (G_IO_STREAM (stream)));
  soup_server_accept_iostream (self->soup, io, local, remote, NULL);

  if (self->connections->length - self->n_dropped > self->max_connections &&
      !drop_oldest_waiting (self))
    connection_drop (connection);
}

static gboolean
on_accept_retry (gpointer user_data)
{
  KbServer *self = user_data;

  g_clear_pointer (&self->accept_retry, g_source_unref);
  start_accepting (self);
  return G_SOURCE_REMOVE;
}

static gboolean
on_listen_socket_ready (GSocket *listener, GIOCondition condition, gpointer user_data)
{
  KbServer *self = user_data;

  for (guint i = 0; i < ACCEPT_BATCH; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocket) socket = g_socket_accept (listener, NULL, &error);

      if (socket != NULL)
        {
          add_connection (self, socket);
          /* Dropped connections hold descriptors until libsoup lets
           * them go: past the cap and its margin, wait for that. */
          if (self->connections->length - self->n_dropped >= self->max_open)
            {
              clear_source (&self->accept_source);
              return G_SOURCE_REMOVE;
            }
          continue;
        }
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        return G_SOURCE_CONTINUE;
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED))
        continue;

      /* Out of descriptors or memory: what is open now will close, so
       * try again soon rather than never. The pending connections wait
       * in the kernel's queue meanwhile. */
      g_debug ("accept failed, retrying in %d ms: %s", ACCEPT_RETRY_MS, error->message);
      clear_source (&self->accept_source);
      self->accept_retry = g_timeout_source_new (ACCEPT_RETRY_MS);
      g_source_set_callback (self->accept_retry, on_accept_retry, self, NULL);
      g_source_attach (self->accept_retry, self->context);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
start_accepting (KbServer *self)
{
  if (self->accept_source != NULL || self->listen_socket == NULL)
    return;
  self->accept_source = g_socket_create_source (self->listen_socket, G_IO_IN, NULL);
  g_source_set_callback (self->accept_source,
                         (GSourceFunc) (void (*) (void)) on_listen_socket_ready, self, NULL);
  g_source_attach (self->accept_source, self->context);
}

static KbConnection *
connection_for_message (SoupServerMessage *msg)
{
  GSocketAddress *remote = soup_server_message_get_remote_address (msg);

  return remote != NULL ? g_object_get_data (G_OBJECT (remote), CONNECTION_KEY) : NULL;
}

/* The request is in, headers and body: what the handler does with it is
 * not the client's delay. */
static void
on_soup_request_read (SoupServer *soup, SoupServerMessage *msg, gpointer user_data)
{
  KbConnection *connection = connection_for_message (msg);

  if (connection != NULL)
    {
      clear_source (&connection->deadline);
      clear_source (&connection->hangup);
    }
}

/* Answered: the connection may carry another request, which must start
 * within the deadline too. An upgraded one is an event socket now, kept
 * alive by its own pings. */
static void
on_soup_request_finished (SoupServer *soup, SoupServerMessage *msg, gpointer user_data)
{
  KbConnection *connection = connection_for_message (msg);

  if (connection != NULL &&
      soup_server_message_get_status (msg) != SOUP_STATUS_SWITCHING_PROTOCOLS)
    connection_arm (connection);
}

/* Drops the connection @msg came on, unanswered. */
void
_kb_server_drop_connection (SoupServerMessage *msg)
{
  KbConnection *connection = connection_for_message (msg);

  if (connection != NULL)
    connection_drop (connection);
}

/* From now on, the peer of @msg may send @bytes more and no more. */
void
_kb_server_message_limit_input (SoupServerMessage *msg, guint64 bytes)
{
  KbConnection *connection = connection_for_message (msg);

  if (connection != NULL)
    kb_server_limited_input_set_budget (connection->input, bytes);
}

/* Returns: (transfer none) (nullable): the socket @msg came on. */
GSocket *
_kb_server_message_get_socket (SoupServerMessage *msg)
{
  KbConnection *connection = connection_for_message (msg);

  return connection != NULL ? connection->socket : NULL;
}

guint
_kb_server_listener_count (KbServer *self)
{
  return self->connections->length;
}

/* libsoup keeps a connection open after a response only while it has a
 * listener of its own (request_finished() in soup-server.c): it gets one
 * that never accepts anything — bound, listening and at once shut down. */
static gboolean
give_soup_a_listener (KbServer *self, GSocketAddress *address, GError **error)
{
  g_autoptr(GInetSocketAddress) any_port = NULL;
  g_autoptr(GSocket) socket = NULL;

  any_port = G_INET_SOCKET_ADDRESS (g_inet_socket_address_new (
    g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address)), 0));
  socket = g_socket_new (g_socket_address_get_family (address), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL ||
      !g_socket_bind (socket, G_SOCKET_ADDRESS (any_port), FALSE, error) ||
      !g_socket_listen (socket, error) ||
      !soup_server_listen_socket (self->soup, socket, 0, error))
    return FALSE;
  g_socket_shutdown (socket, TRUE, FALSE, NULL);
  return TRUE;
}

gboolean
_kb_server_listener_start (KbServer *self, GSocketAddress *address, GError **error)
{
  g_autoptr(GSocket) socket = NULL;

  socket = g_socket_new (g_socket_address_get_family (address), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return FALSE;
  g_socket_set_blocking (socket, FALSE);
  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  if (!g_socket_bind (socket, address, TRUE, error) || !g_socket_listen (socket, error))
    return FALSE;

  self->listen_socket = g_steal_pointer (&socket);
  if (!give_soup_a_listener (self, address, error))
    return FALSE;
  set_connection_limits (self);
  g_signal_connect (self->soup, "request-read", G_CALLBACK (on_soup_request_read), self);
  g_signal_connect (self->soup, "request-finished", G_CALLBACK (on_soup_request_finished), self);
  g_signal_connect (self->soup, "request-aborted", G_CALLBACK (on_soup_request_finished), self);
  start_accepting (self);
  return TRUE;
}

/* Stops accepting and forgets the connections (libsoup closes them). */
void
_kb_server_listener_stop (KbServer *self)
{
  KbConnection *connection;
  GList *link;

  clear_source (&self->accept_source);
  clear_source (&self->accept_retry);
  if (self->listen_socket != NULL)
    {
      g_socket_close (self->listen_socket, NULL);
      g_clear_object (&self->listen_socket);
    }
  while ((link = g_queue_pop_head_link (self->connections)) != NULL)
    {
      connection = link->data;
      g_object_weak_unref (G_OBJECT (connection->stream), on_connection_finalized, connection);
      connection_free (connection);
    }
}
