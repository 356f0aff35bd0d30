/* fuzz-server-body.c — the reference server's reading of request bodies, over loopback HTTP.
 *
 * The server's body reader and the routes' member readers work on a
 * request that only libsoup's server can make, so the input travels the
 * way a stranger's would: the first byte picks a route, the rest is the
 * body of a POST or PUT with a signed-in company's token (none for the
 * sign-in). The server runs on its own thread in this process, so a crash
 * there is this input's crash.
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "kb-fuzz.h"
#include "kb-server.h"

static const struct {
  const char *method;
  const char *path;
  gboolean authenticated;
} routes[] = {
  { "POST", "/api/v1/session", FALSE },
  { "PUT", "/api/v1/client/invoice-delivery", TRUE },
  { "POST", "/api/v1/payments/unconfirmed", TRUE },
  { "POST", "/api/v1/invoices/1/email", TRUE },
  { "POST", "/api/v1/subscribers/1/rename", TRUE },
  { "POST", "/api/v1/rename-batches", TRUE },
  { "POST", "/api/v1/service-orders", TRUE },
  { "POST", "/api/v1/questions", TRUE },
};

static KbServerThread *thread;
static SoupSession *session;
static char *url;
static char *bearer;

static guint
send (guint route, const char *body, gsize size, GBytes **reply)
{
  g_autofree char *target = g_strconcat (url, routes[route].path, NULL);
  g_autoptr(SoupMessage) message = soup_message_new (routes[route].method, target);
  g_autoptr(GBytes) request = g_bytes_new (body, size);
  g_autoptr(GBytes) bytes = NULL;

  if (routes[route].authenticated)
    soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization",
                                  bearer);
  soup_message_set_request_body_from_bytes (message, "application/json", request);
  bytes = soup_session_send_and_read (session, message, NULL, NULL);
  if (reply != NULL)
    *reply = g_steal_pointer (&bytes);
  return soup_message_get_status (message);
}

/* libFuzzer ends with exit(): stop the server, which removes its
 * temporary database. */
static void
stop_server (void)
{
  g_clear_pointer (&thread, kb_server_thread_stop);
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *sign_in = "{\"login\": \"demo\", \"password\": \"demo\"}";

  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  thread = kb_server_thread_start (NULL, KB_SERVER_SEED_DEMO, &error);
  g_assert_no_error (error);
  atexit (stop_server);
  url = kb_server_thread_dup_url (thread);
  /* A request the server never answers fails in 20 s, not libFuzzer's 20 min. */
  session = soup_session_new_with_options ("timeout", 20, NULL);

  g_assert (send (0, sign_in, strlen (sign_in), &reply) == SOUP_STATUS_CREATED);
  g_assert (json_parser_load_from_data (parser, g_bytes_get_data (reply, NULL),
                                        (gssize) g_bytes_get_size (reply), NULL));
  bearer = g_strconcat ("Bearer ",
                        json_object_get_string_member (json_node_get_object (
                                                         json_parser_get_root (parser)), "token"),
                        NULL);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  guint status;

  if (size == 0)
    return 0;
  status = send (data[0] % G_N_ELEMENTS (routes), (const char *) data + 1, size - 1, NULL);
  /* Whatever the body, the server answers, and never with its own failure. */
  g_assert (status >= 200 && status < 500);
  return 0;
}
