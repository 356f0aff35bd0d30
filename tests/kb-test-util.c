/* kb-test-util.c — what every Kabinet test program shares. */
#include "config.h"

#include "kb-test-util.h"

#include <libsoup/soup.h>
#include <string.h>

void
kb_test_server_start (KbTestServer *server)
{
  g_autoptr(GError) error = NULL;

  server->thread = kb_server_thread_start (NULL, KB_SERVER_SEED_DEMO, &error);
  g_assert_no_error (error);
  server->server = kb_server_thread_get_server (server->thread);
  server->url = kb_server_thread_dup_url (server->thread);
}

void
kb_test_server_stop (KbTestServer *server)
{
  g_clear_pointer (&server->thread, kb_server_thread_stop);
  server->server = NULL;
  g_clear_pointer (&server->url, g_free);
}

/* A GAsyncReadyCallback that stores the result in the GAsyncResult* slot
 * given as user data. */
void
kb_test_on_ready (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_null (*slot);
  *slot = g_object_ref (result);
}

/* Returns: (transfer full): the result, once the operation has finished. */
GAsyncResult *
kb_test_wait_result (GAsyncResult **slot)
{
  kb_test_wait_for (*slot != NULL, 30);
  return g_steal_pointer (slot);
}

/* A plain HTTP request on a session of its own, independent of the client
 * under test: the tests compare what Kabinet shows with what the server
 * says through this. Returns: (transfer full) (nullable): the JSON body. */
JsonNode *
kb_test_http_json (const char *method, const char *url, const char *token, const char *body,
                   guint *status)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) message = soup_message_new (method, url);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize size;
  const char *data;

  if (token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", bearer);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (message, "application/json", request);
    }

  bytes = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  if (status != NULL)
    *status = soup_message_get_status (message);

  data = g_bytes_get_data (bytes, &size);
  if (size == 0 || !json_parser_load_from_data (parser, data, (gssize) size, NULL))
    return NULL;
  return json_parser_steal_root (parser);
}

/* Returns: (transfer full): a fresh session token for @login. */
char *
kb_test_sign_in_raw (const char *server_url, const char *login, const char *password)
{
  g_autofree char *url = g_strconcat (server_url, "/api/v1/session", NULL);
  g_autofree char *body = g_strdup_printf ("{\"login\":\"%s\",\"password\":\"%s\"}", login, password);
  g_autoptr(JsonNode) root = NULL;
  guint status = 0;

  root = kb_test_http_json ("POST", url, NULL, body, &status);
  g_assert_cmpuint (status, ==, 201);
  g_assert_nonnull (root);
  return g_strdup (json_object_get_string_member (json_node_get_object (root), "token"));
}
