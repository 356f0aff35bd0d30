/* kb-server-test.c — what the server's test programs share: a server thread and plain HTTP. */
#include "config.h"

#include "kb-server-test.h"

#include <string.h>

SoupSession *
kb_test_session_new (void)
{
  return soup_session_new_with_options ("timeout", 20, NULL);
}

void
kb_server_fixture_setup (KbServerFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  KbServerSeed seed = data != NULL ? (KbServerSeed) GPOINTER_TO_INT (data) - 1 : KB_SERVER_SEED_DEMO;

  f->thread = kb_server_thread_start (NULL, seed, &error);
  g_assert_no_error (error);
  f->server = kb_server_thread_get_server (f->thread);
  f->url = kb_server_thread_dup_url (f->thread);
  f->session = kb_test_session_new ();
}

void
kb_server_fixture_teardown (KbServerFixture *f, gconstpointer data)
{
  g_clear_object (&f->session);
  g_clear_pointer (&f->thread, kb_server_thread_stop);
  g_clear_pointer (&f->url, g_free);
}

void
kb_reply_free (KbReply *reply)
{
  g_clear_error (&reply->error);
  g_clear_pointer (&reply->json, json_node_unref);
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_clear_pointer (&reply->headers, soup_message_headers_unref);
  g_free (reply);
}

/* Sends one request. @headers is a NULL-terminated list of name, value. */
KbReply *
kb_http_bytes (KbServerFixture *f, const char *method, const char *path, const char *token,
               GBytes *body, const char *content_type, GStrv headers)
{
  g_autofree char *url = g_strconcat (f->url, path, NULL);
  g_autoptr(SoupMessage) message = soup_message_new (method, url);
  KbReply *reply = g_new0 (KbReply, 1);
  SoupMessageHeaders *request_headers;
  const char *data;
  gsize size;

  g_assert_nonnull (message);
  request_headers = soup_message_get_request_headers (message);
  if (token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (request_headers, "Authorization", bearer);
    }
  for (guint i = 0; headers != NULL && headers[i] != NULL && headers[i + 1] != NULL; i += 2)
    soup_message_headers_replace (request_headers, headers[i], headers[i + 1]);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (message, content_type, body);

  reply->body = soup_session_send_and_read (f->session, message, NULL, &reply->error);
  if (reply->error != NULL)
    return reply;

  reply->status = soup_message_get_status (message);
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (message));
  data = g_bytes_get_data (reply->body, &size);
  if (size > 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (json_parser_load_from_data (parser, data, (gssize) size, NULL))
        reply->json = json_parser_steal_root (parser);
    }
  return reply;
}

KbReply *
kb_http (KbServerFixture *f, const char *method, const char *path, const char *token,
         const char *body, ...)
{
  g_autoptr(GPtrArray) headers = g_ptr_array_new ();
  g_autoptr(GBytes) bytes = body != NULL ? g_bytes_new (body, strlen (body)) : NULL;
  const char *name;
  va_list args;

  va_start (args, body);
  while ((name = va_arg (args, const char *)) != NULL)
    {
      g_ptr_array_add (headers, (gpointer) name);
      g_ptr_array_add (headers, va_arg (args, char *));
    }
  va_end (args);
  g_ptr_array_add (headers, NULL);

  return kb_http_bytes (f, method, path, token, bytes, "application/json", (GStrv) headers->pdata);
}

JsonObject *
kb_reply_object (KbReply *reply)
{
  g_assert_nonnull (reply->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (reply->json));
  return json_node_get_object (reply->json);
}

/* The error code of a contract-shaped error body; fails the test for any
 * other shape. */
const char *
kb_reply_error_code (KbReply *reply)
{
  JsonObject *error;

  g_assert_no_error (reply->error);
  error = json_object_get_object_member (kb_reply_object (reply), "error");
  g_assert_nonnull (error);
  g_assert_nonnull (json_object_get_string_member (error, "message"));
  return json_object_get_string_member (error, "code");
}

const char *
kb_reply_header (KbReply *reply, const char *name)
{
  return reply->headers != NULL ? soup_message_headers_get_one (reply->headers, name) : NULL;
}

char *
kb_sign_in (KbServerFixture *f, const char *login, const char *password)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;
  g_autoptr(KbReply) reply = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "login");
  json_builder_add_string_value (builder, login);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  body = json_to_string (root, FALSE);

  reply = kb_http (f, "POST", "/api/v1/session", NULL, body, NULL);
  g_assert_no_error (reply->error);
  g_assert_cmpuint (reply->status, ==, 201);
  return g_strdup (json_object_get_string_member (kb_reply_object (reply), "token"));
}

/* ---- The events socket ---------------------------------------------------------- */

static void
on_message (SoupWebsocketConnection *connection, gint type, GBytes *message, KbTestSocket *socket)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size;
  const char *data = g_bytes_get_data (message, &size);

  g_assert_true (json_parser_load_from_data (parser, data, (gssize) size, NULL));
  g_ptr_array_add (socket->messages, json_parser_steal_root (parser));
}

static void
on_connected (GObject *source, GAsyncResult *result, gpointer user_data)
{
  KbTestSocket *socket = user_data;

  socket->connection = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &socket->error);
  if (socket->connection != NULL)
    g_signal_connect (socket->connection, "message", G_CALLBACK (on_message), socket);
  socket->done = TRUE;
}

KbTestSocket *
kb_test_events_connect (KbServerFixture *f, const char *token)
{
  KbTestSocket *socket = g_new0 (KbTestSocket, 1);
  g_autofree char *url = g_strconcat (f->url, "/api/v1/events", NULL);
  g_autoptr(SoupMessage) message = soup_message_new ("GET", url);

  if (token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", bearer);
    }
  socket->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  soup_session_websocket_connect_async (f->session, message, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        on_connected, socket);
  kb_test_wait_for (socket->done, 10);
  socket->status = soup_message_get_status (message);
  return socket;
}

void
kb_test_socket_free (KbTestSocket *socket)
{
  if (socket->connection != NULL)
    {
      g_signal_handlers_disconnect_by_data (socket->connection, socket);
      if (soup_websocket_connection_get_state (socket->connection) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (socket->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_object_unref (socket->connection);
    }
  g_clear_error (&socket->error);
  g_ptr_array_unref (socket->messages);
  g_free (socket);
}


typedef struct {
  KbTestSocket *socket;
  const char *type;
  JsonObject *found;
} EventWait;

static gboolean
event_arrived (gpointer data)
{
  EventWait *wait = data;

  for (guint i = 0; i < wait->socket->messages->len; i++)
    {
      JsonObject *object = json_node_get_object (g_ptr_array_index (wait->socket->messages, i));

      if (g_str_equal (json_object_get_string_member (object, "type"), wait->type))
        {
          wait->found = object;
          return TRUE;
        }
    }
  return FALSE;
}

/* Waits for a message of @type (skipping hello and heartbeats unless asked
 * for) and returns it, or NULL if none came in @seconds. */
JsonObject *
kb_test_events_wait (KbTestSocket *socket, const char *type, guint seconds)
{
  EventWait wait = { socket, type, NULL };

  kb_test_poll_until (event_arrived, &wait, seconds * 1000);
  return wait.found;
}
