/* kb-server-events.c — the events WebSocket: answers and status changes, pushed.
 *
 * Events are rows of the "events" table, written in the same transaction as
 * the change they announce. After its own writes the server flushes the
 * table to the sockets at once; a tick every half second also notices
 * writes by another process (PRAGMA data_version changes), such as
 * "kabinet-server answer", and sends the heartbeat. Each event goes only to
 * the sockets of the client it belongs to.
 */
#include "config.h"

#include <string.h>

#include "kb-json-guard.h"
#include "kb-server-routes.h"

#define TICK_MS 500
/* What a client may send on the socket, which is one-way: a frame's
 * payload at most, and in all enough for years of pongs and the close.
 * libsoup 3.2 caps frames but not a fragmented message that never ends:
 * the connection's input stops after the budget (kb-server-limited-input.c). */
#define MAX_INCOMING_FRAME (64 * 1024)
#define MAX_INCOMING_BYTES (1024 * 1024)
/* A peer that has not answered this many pings in a row is gone. */
#define MISSED_PINGS 3

typedef struct {
  KbServer *server;
  SoupWebsocketConnection *connection;
  gint64 client_id;
  char *token_hash;
  gint64 token_expires;    /* Unix time, on the server's clock */
  GSocket *socket;         /* (nullable) */
  gint64 last_heard;       /* monotonic: the last pong or message */
} KbEventSocket;

static void
event_socket_free (KbEventSocket *socket)
{
  g_signal_handlers_disconnect_by_data (socket->connection, socket);
  g_clear_object (&socket->connection);
  g_clear_object (&socket->socket);
  g_free (socket->token_hash);
  g_free (socket);
}

/* Runs as the request handler of GET /events, after the token was checked:
 * leaving the status unset lets libsoup complete the upgrade. */
void
_kb_server_events_upgrade (KbRequest *req)
{
  g_autoptr(GError) error = NULL;

  if (!soup_websocket_server_check_handshake (req->msg, NULL, NULL, NULL, &error))
    {
      kb_request_reply_error (req, SOUP_STATUS_BAD_REQUEST, "websocket_required",
                              "This is a WebSocket endpoint: %s", error->message);
      return;
    }
  g_object_set_data_full (G_OBJECT (req->msg), "kb-client-id",
                          g_memdup2 (&req->client_id, sizeof req->client_id), g_free);
  g_object_set_data_full (G_OBJECT (req->msg), "kb-token-hash", kb_sha256_hex (req->token, -1),
                          g_free);
  g_object_set_data_full (G_OBJECT (req->msg), "kb-token-expires",
                          g_memdup2 (&req->token_expires, sizeof req->token_expires), g_free);
}

static void
on_socket_closed (SoupWebsocketConnection *connection, KbEventSocket *socket)
{
  KbServer *self = socket->server;

  g_ptr_array_remove_fast (self->sockets, socket);
  event_socket_free (socket);
}

/* Ends @socket with @code. A peer that is gone or misbehaving does not get
 * to hold the connection through the closing handshake: @hard closes it
 * at once. @socket may be freed on return. */
static void
event_socket_end (KbEventSocket *socket, gushort code, const char *reason, gboolean hard)
{
  g_autoptr(GSocket) raw = socket->socket != NULL ? g_object_ref (socket->socket) : NULL;

  if (soup_websocket_connection_get_state (socket->connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (socket->connection, code, reason);
  if (hard && raw != NULL)
    {
      g_socket_shutdown (raw, TRUE, TRUE, NULL);
      g_socket_close (raw, NULL);
    }
}

static void
on_socket_pong (SoupWebsocketConnection *connection, GBytes *message, KbEventSocket *socket)
{
  socket->last_heard = g_get_monotonic_time ();
}

static void
on_socket_message (SoupWebsocketConnection *connection, gint type, GBytes *message,
                   KbEventSocket *socket)
{
  /* The socket is one-way: whatever a client sends is ignored, but shows
   * it is there. */
  socket->last_heard = g_get_monotonic_time ();
}

void
_kb_server_events_on_socket (SoupServer *soup, SoupServerMessage *msg, const char *path,
                             SoupWebsocketConnection *connection, gpointer user_data)
{
  KbServer *self = user_data;
  gint64 *client_id = g_object_get_data (G_OBJECT (msg), "kb-client-id");
  KbEventSocket *socket;
  guint interval;

  if (client_id == NULL || self->stopped)
    {
      soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION, NULL);
      return;
    }

  socket = g_new0 (KbEventSocket, 1);
  socket->server = self;
  socket->connection = g_object_ref (connection);
  socket->client_id = *client_id;
  socket->token_hash = g_strdup (g_object_get_data (G_OBJECT (msg), "kb-token-hash"));
  socket->token_expires = *(gint64 *) g_object_get_data (G_OBJECT (msg), "kb-token-expires");
  socket->last_heard = g_get_monotonic_time ();
  g_ptr_array_add (self->sockets, socket);

  soup_websocket_connection_set_max_incoming_payload_size (connection, MAX_INCOMING_FRAME);
  _kb_server_message_limit_input (msg, MAX_INCOMING_BYTES);
  if (_kb_server_message_get_socket (msg) != NULL)
    socket->socket = g_object_ref (_kb_server_message_get_socket (msg));

  g_mutex_lock (&self->lock);
  interval = self->heartbeat_interval;
  g_mutex_unlock (&self->lock);
  /* Protocol-level pings keep NATs and proxies from dropping an idle socket;
   * the JSON heartbeat lets the client see that the server is alive. */
  soup_websocket_connection_set_keepalive_interval (connection, interval);

  g_signal_connect (connection, "closed", G_CALLBACK (on_socket_closed), socket);
  g_signal_connect (connection, "message", G_CALLBACK (on_socket_message), socket);
  g_signal_connect (connection, "pong", G_CALLBACK (on_socket_pong), socket);

  soup_websocket_connection_send_text (connection, "{\"type\":\"hello\"}");
}

static void
send_to_client (KbServer *self, gint64 client_id, const char *text)
{
  for (guint i = 0; i < self->sockets->len; i++)
    {
      KbEventSocket *socket = g_ptr_array_index (self->sockets, i);

      if (socket->client_id == client_id &&
          soup_websocket_connection_get_state (socket->connection) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_send_text (socket->connection, text);
    }
}

gint64
_kb_server_events_last_id (KbDb *db)
{
  gint64 id;

  if (!kb_db_read_int (db, kb_db_prepare (db, "SELECT COALESCE(MAX(id), 0) FROM events;", NULL),
                       &id, NULL))
    return 0;
  return id;
}

static gboolean
flush_on_loop (gpointer user_data)
{
  _kb_server_events_flush (user_data);
  return G_SOURCE_REMOVE;
}

/* Pushes every event committed since the last flush. */
void
_kb_server_events_flush (KbServer *self)
{
  sqlite3_stmt *stmt;

  if (self->stopped || !_kb_server_db_is_open (self, NULL))
    return;
  /* The bulk worker (kb-server-worker.c) records events too, with its own
   * connection; the main connection and the sockets belong to the
   * server's loop, which pushes them. */
  if (self->context != NULL && !g_main_context_is_owner (self->context))
    {
      GSource *source = g_idle_source_new ();

      g_source_set_callback (source, flush_on_loop, g_object_ref (self), g_object_unref);
      g_source_attach (source, self->context);
      g_source_unref (source);
      return;
    }

  stmt = kb_db_query (self->db,
                      "SELECT id, client_id, payload FROM events"
                      " WHERE id > ? ORDER BY id;",
                      NULL, KB_DB_INT (self->last_event_id));
  if (stmt == NULL)
    return;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *payload = kb_db_column_text (stmt, 2);
      g_autoptr(JsonParser) parser = json_parser_new ();

      self->last_event_id = id;
      if (self->sockets->len == 0 || payload == NULL)
        continue;
      /* The server writes its events itself, but the file may have been
       * written by anyone: a payload json-glib could not survive is skipped. */
      if (kb_json_depth_ok (payload, strlen (payload), KB_JSON_MAX_DEPTH) &&
          json_parser_load_from_data (parser, payload, -1, NULL) &&
          JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        {
          JsonNode *root = json_parser_get_root (parser);
          g_autofree char *text = NULL;

          _kb_server_set_id_member (json_node_get_object (root), "event_id", id);
          text = kb_json_to_string (root);
          send_to_client (self, sqlite3_column_int64 (stmt, 1), text);
        }
    }
  sqlite3_reset (stmt);
  self->data_version = kb_db_data_version (self->db);
}

/* Ends the sockets whose token expired, and those of peers that missed
 * MISSED_PINGS pings in a row (libsoup 3.2 pings but never gives up). */
static void
check_sockets (KbServer *self, guint interval)
{
  g_autoptr(GDateTime) now = _kb_server_now (self);
  gint64 now_unix = g_date_time_to_unix (now);
  gint64 silent_since = g_get_monotonic_time () -
                        (gint64) (MISSED_PINGS * interval) * G_USEC_PER_SEC - TICK_MS * 1000;
  g_autoptr(GPtrArray) expired = g_ptr_array_new ();
  g_autoptr(GPtrArray) silent = g_ptr_array_new ();

  for (guint i = 0; i < self->sockets->len; i++)
    {
      KbEventSocket *socket = g_ptr_array_index (self->sockets, i);

      if (now_unix >= socket->token_expires)
        g_ptr_array_add (expired, socket);
      else if (socket->last_heard < silent_since)
        g_ptr_array_add (silent, socket);
    }
  for (guint i = 0; i < expired->len; i++)
    event_socket_end (g_ptr_array_index (expired, i), SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION,
                      "The session has expired.", FALSE);
  for (guint i = 0; i < silent->len; i++)
    event_socket_end (g_ptr_array_index (silent, i), SOUP_WEBSOCKET_CLOSE_GOING_AWAY,
                      "No answer to pings.", TRUE);
}

/* Ends the sockets opened with the token whose hash is @token_hash. */
void
_kb_server_events_revoke (KbServer *self, const char *token_hash)
{
  g_autoptr(GPtrArray) revoked = g_ptr_array_new ();

  for (guint i = 0; i < self->sockets->len; i++)
    {
      KbEventSocket *socket = g_ptr_array_index (self->sockets, i);

      if (g_strcmp0 (socket->token_hash, token_hash) == 0)
        g_ptr_array_add (revoked, socket);
    }
  for (guint i = 0; i < revoked->len; i++)
    event_socket_end (g_ptr_array_index (revoked, i), SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION,
                      "Signed out.", FALSE);
}

static gboolean
on_tick (gpointer user_data)
{
  KbServer *self = user_data;
  guint interval;

  if (self->stopped)
    return G_SOURCE_REMOVE;

  /* Another process committed: maybe an answer from the command line. */
  if (kb_db_data_version (self->db) != self->data_version)
    _kb_server_events_flush (self);
  /* Requests move on the server's clock, which a test may have moved. */
  _kb_server_requests_advance (self, FALSE);

  g_mutex_lock (&self->lock);
  interval = self->heartbeat_interval;
  g_mutex_unlock (&self->lock);

  check_sockets (self, interval);

  self->current_heartbeat += TICK_MS;
  if (self->current_heartbeat >= interval * 1000)
    {
      g_autoptr(GDateTime) now = _kb_server_now (self);
      g_autofree char *time = kb_date_time_unix_to_iso (g_date_time_to_unix (now));
      g_autofree char *text = g_strdup_printf ("{\"type\":\"heartbeat\",\"time\":\"%s\"}", time);

      self->current_heartbeat = 0;
      for (guint i = 0; i < self->sockets->len; i++)
        {
          KbEventSocket *socket = g_ptr_array_index (self->sockets, i);

          if (soup_websocket_connection_get_state (socket->connection) == SOUP_WEBSOCKET_STATE_OPEN)
            soup_websocket_connection_send_text (socket->connection, text);
        }
    }
  return G_SOURCE_CONTINUE;
}

void
_kb_server_events_start (KbServer *self)
{
  if (self->poll_source != NULL)
    return;
  self->poll_source = g_timeout_source_new (TICK_MS);
  g_source_set_callback (self->poll_source, on_tick, self, NULL);
  g_source_attach (self->poll_source, self->context);
}

/* Closes every socket ("going away") and stops the tick. */
void
_kb_server_events_stop (KbServer *self)
{
  g_autoptr(GPtrArray) sockets = g_steal_pointer (&self->sockets);

  self->sockets = g_ptr_array_new ();
  for (guint i = 0; sockets != NULL && i < sockets->len; i++)
    {
      KbEventSocket *socket = g_ptr_array_index (sockets, i);

      g_signal_handlers_disconnect_by_data (socket->connection, socket);
      if (soup_websocket_connection_get_state (socket->connection) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (socket->connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY,
                                         "The server is stopping.");
      event_socket_free (socket);
    }

  if (self->poll_source != NULL)
    {
      g_source_destroy (self->poll_source);
      g_clear_pointer (&self->poll_source, g_source_unref);
    }
}
