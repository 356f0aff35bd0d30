/* kb-server-dispatch.c — every request's way in: faults, route, token, body, handler.
 *
 * Every request goes through one handler that applies injected faults, finds
 * the route (404 for an unknown path, 405 for a known path with another
 * method), checks the bearer token, parses the JSON body and calls the
 * route's function, which runs to completion on the server's thread. One
 * request at a time touches the database, so two identical requests racing
 * each other are simply handled one after the other. The bulk routes are
 * the exception: they go to the bulk worker (kb-server-worker.c), which
 * serves them one at a time on a connection of its own.
 */
#include "config.h"

#include <string.h>

#include "kb-server-private.h"
#include "kb-server-routes.h"


/* Matches @path against @pattern segment by segment; a "{…}" segment matches
 * any non-empty segment and is captured into @params. */
static gboolean
match_pattern (const char *pattern, const char *path, char **params)
{
  g_auto(GStrv) want = g_strsplit (pattern, "/", -1);
  g_auto(GStrv) have = g_strsplit (path, "/", -1);
  guint n = 0;

  if (g_strv_length (want) != g_strv_length (have))
    return FALSE;

  for (guint i = 0; want[i] != NULL; i++)
    {
      if (want[i][0] == '{')
        {
          if (have[i][0] == '\0' || n >= 4)
            return FALSE;
          params[n++] = g_uri_unescape_string (have[i], NULL);
          if (params[n - 1] == NULL)
            return FALSE;
        }
      else if (!g_str_equal (want[i], have[i]))
        return FALSE;
    }
  return TRUE;
}

static void
clear_params (char **params)
{
  for (guint i = 0; i < 4; i++)
    g_clear_pointer (&params[i], g_free);
}

/* Returns the route for @method and @path, or NULL with @path_known set when
 * the path exists under other methods (listed in @allow). */
static const KbRoute *
find_route (const char *method, const char *path, char **params, gboolean *path_known,
            GString *allow)
{
  *path_known = FALSE;

  for (guint i = 0; i < kb_server_n_routes; i++)
    {
      const KbRoute *route = &kb_server_routes[i];

      if (!match_pattern (route->pattern, path, params))
        {
          clear_params (params);
          continue;
        }
      if (g_str_equal (route->method, method))
        return route;

      clear_params (params);
      *path_known = TRUE;
      if (allow->len > 0)
        g_string_append (allow, ", ");
      g_string_append (allow, route->method);
    }
  return NULL;
}

GStrv
kb_server_dup_routes (void)
{
  g_autoptr(GPtrArray) routes = g_ptr_array_new ();

  for (guint i = 0; i < kb_server_n_routes; i++)
    g_ptr_array_add (routes, g_strdup_printf ("%s %s", kb_server_routes[i].method,
                                              kb_server_routes[i].pattern));
  g_ptr_array_add (routes, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&routes), FALSE);
}

/* Applies an injected fault. Returns TRUE when the request is taken care of. */
static gboolean
apply_fault (KbServer *self, SoupServerMessage *msg, const char *path)
{
  static const char garbage[] = "<html><body>502 Bad Gateway — upstream said \xff\xfe</body>";
  g_autoptr(GBytes) body = NULL;
  GSocket *socket;

  switch (_kb_server_find_fault (self, path, &body))
    {
    case KB_SERVER_FAULT_NONE:
      return FALSE;

    case KB_SERVER_FAULT_STATUS_500:
      kb_server_message_reply_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error",
                                     "Injected fault: the server failed.");
      return TRUE;

    case KB_SERVER_FAULT_GARBAGE_BODY:
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                        garbage, sizeof garbage - 1);
      return TRUE;

    case KB_SERVER_FAULT_BODY:
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (body, NULL), g_bytes_get_size (body));
      return TRUE;

    case KB_SERVER_FAULT_HANG:
      /* The message stays paused, unanswered, until the server stops. */
      soup_server_message_pause (msg);
      g_ptr_array_add (self->hanging, g_object_ref (msg));
      return TRUE;

    case KB_SERVER_FAULT_DISCONNECT:
      /* Shutting the socket down makes the client read EOF where it waits
       * for a status line, as when a server process dies mid-request. */
      socket = _kb_server_message_get_socket (msg);
      if (socket != NULL)
        g_socket_shutdown (socket, TRUE, TRUE, NULL);
      soup_server_message_set_status (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Connection", "close");
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

static const char *
bearer_token (SoupServerMessage *msg, GHashTable *query, gboolean allow_query)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Authorization");

  if (header != NULL && g_ascii_strncasecmp (header, "Bearer ", 7) == 0)
    {
      header += 7;
      while (*header == ' ')
        header++;
      return *header != '\0' ? header : NULL;
    }
  /* Browsers cannot set headers on a WebSocket: the events socket also
   * takes the token as ?access_token=. */
  if (allow_query && query != NULL)
    return g_hash_table_lookup (query, "access_token");
  return NULL;
}

static gboolean
authenticate (KbRequest *req, GHashTable *query)
{
  KbTokenState state;

  req->token = bearer_token (req->msg, query, req->route->func == _kb_server_events_upgrade);

  if (req->route->auth == KB_AUTH_OPERATOR)
    {
      if (!_kb_server_check_operator (req->server, req->token))
        {
          kb_request_reply_error (req, SOUP_STATUS_UNAUTHORIZED, "unauthorized",
                                  "The operator token is missing or wrong.");
          return FALSE;
        }
      return TRUE;
    }

  if (req->token == NULL)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                    "WWW-Authenticate", "Bearer realm=\"kabinet\"");
      kb_request_reply_error (req, SOUP_STATUS_UNAUTHORIZED, "unauthorized",
                              "Sign in first: this request needs a bearer token.");
      return FALSE;
    }

  state = _kb_server_check_token (req->server, req->token, req->now_unix, &req->client_id,
                                  &req->token_expires);
  if (state == KB_TOKEN_VALID)
    return TRUE;

  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "WWW-Authenticate",
                                "Bearer realm=\"kabinet\", error=\"invalid_token\"");
  if (state == KB_TOKEN_EXPIRED)
    kb_request_reply_error (req, SOUP_STATUS_UNAUTHORIZED, "token_expired",
                            "The session has expired. Sign in again.");
  else
    kb_request_reply_error (req, SOUP_STATUS_UNAUTHORIZED, "unauthorized",
                            "The session is not known. Sign in again.");
  return FALSE;
}

/* Returns: (transfer full) (nullable): the request's body, or NULL after
 * replying 413. */
static GBytes *
take_body (KbRequest *req)
{
  SoupMessageBody *body = soup_server_message_get_request_body (req->msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  gsize limit = req->route->body_limit > 0 ? req->route->body_limit : KB_SERVER_BODY_LIMIT;

  /* A chunked body has no Content-Length for the early check: check here. */
  if (g_bytes_get_size (bytes) > limit)
    {
      kb_request_reply_error (req, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "payload_too_large",
                              "The body is larger than %" G_GSIZE_FORMAT " bytes.", limit);
      return NULL;
    }
  return g_steal_pointer (&bytes);
}

static gboolean
parse_body (KbRequest *req, GBytes *bytes)
{
  g_auto(KbServerBodyProblem) problem = { 0 };
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  /* An attachment's body is the file itself, read by its route. */
  if (size == 0 || _kb_server_route_has_file_body (req->route))
    return TRUE;

  if (!_kb_server_read_body (data, size, &req->body, &problem))
    {
      kb_request_reply_invalid (req, problem.reason, problem.field, problem.message);
      return FALSE;
    }
  return TRUE;
}

static void
on_request (SoupServer *soup, SoupServerMessage *msg, const char *path, GHashTable *query,
            gpointer user_data)
{
  KbServer *self = user_data;
  KbRequest req = { 0 };
  g_autoptr(GString) allow = g_string_new (NULL);
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GBytes) body = NULL;
  gboolean path_known;

  req.server = self;
  req.db = self->db;
  req.msg = msg;
  req.method = soup_server_message_get_method (msg);
  req.path = path;
  req.query = query;

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "X-Content-Type-Options", "nosniff");

  if (self->stopped)
    {
      kb_server_message_reply_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable",
                                     "The server is stopping.");
      return;
    }

  if (apply_fault (self, msg, path))
    return;

  req.route = find_route (req.method, path, req.params, &path_known, allow);
  if (req.route == NULL)
    {
      if (path_known)
        {
          soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                        "Allow", allow->str);
          kb_server_message_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed",
                                         "This method is not allowed here.");
        }
      else
        kb_server_message_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found",
                                       "There is no such resource.");
      return;
    }

  if (req.route->auth == KB_AUTH_OPERATOR && !_kb_server_operator_enabled (self))
    {
      kb_server_message_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found",
                                     "There is no such resource.");
      goto out;
    }

  now = _kb_server_now (self);
  req.now = now;
  req.now_unix = g_date_time_to_unix (now);

  if (req.route->auth != KB_AUTH_NONE && !authenticate (&req, query))
    goto out;
  body = take_body (&req);
  if (body == NULL)
    goto out;
  /* The routes that take large JSON bodies are the bulk ones: they are
   * served off the main loop, so that other clients are not kept waiting.
   * An attachment's body is a file, not JSON; its route stays here. */
  if (self->worker != NULL && req.route->body_limit > KB_SERVER_BODY_LIMIT &&
      !_kb_server_route_has_file_body (req.route))
    {
      _kb_server_worker_push (self->worker, &req, body);
      goto out;
    }
  if (!parse_body (&req, body))
    goto out;

  req.route->func (&req);

  /* A route that forgot to answer is a bug, but the client still gets one. */
  if (soup_server_message_get_status (msg) == 0 && req.route->func != _kb_server_events_upgrade)
    kb_server_message_reply_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error",
                                   "The request was not answered.");

out:
  clear_params (req.params);
  g_clear_pointer (&req.body, json_node_unref);
}

typedef struct {
  gsize limit;
  gsize received;
} BodyBudget;

/* Counts a body as it arrives, chunked or not: past the limit the
 * connection is dropped and what was kept is let go, so a client that
 * streams without end costs one chunk of memory, not all it sent. */
static void
on_message_got_chunk (SoupServerMessage *msg, GBytes *chunk, gpointer user_data)
{
  BodyBudget *budget = user_data;
  SoupMessageBody *body;

  budget->received += g_bytes_get_size (chunk);
  if (budget->received <= budget->limit)
    return;

  body = soup_server_message_get_request_body (msg);
  soup_message_body_set_accumulate (body, FALSE);
  soup_message_body_truncate (body);
  _kb_server_drop_connection (msg);
}

/* Runs once the headers are in, before the body is read: a body announced
 * as too large is refused without reading it; any other is counted as it
 * comes in. */
static void
on_early_request (SoupServer *soup, SoupServerMessage *msg, const char *path, GHashTable *query,
                  gpointer user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  goffset length = soup_message_headers_get_content_length (headers);
  gsize limit = KB_SERVER_BODY_LIMIT;
  BodyBudget *budget;

  for (guint i = 0; i < kb_server_n_routes; i++)
    {
      char *params[4] = { NULL };

      if (match_pattern (kb_server_routes[i].pattern, path, params) &&
          kb_server_routes[i].body_limit > limit)
        limit = kb_server_routes[i].body_limit;
      clear_params (params);
    }

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      length > (goffset) limit)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Connection", "close");
      kb_server_message_reply_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
                                     "payload_too_large", "The body is too large.");
      return;
    }

  budget = g_new0 (BodyBudget, 1);
  budget->limit = limit;
  g_signal_connect_data (msg, "got-chunk", G_CALLBACK (on_message_got_chunk), budget,
                         (GClosureNotify) (void (*) (void)) g_free, 0);
}

/* Installs the handlers every request goes through on the server's
 * SoupServer, the events socket's with them. */
void
_kb_server_dispatch_attach (KbServer *self)
{
  soup_server_add_early_handler (self->soup, NULL, on_early_request, self, NULL);
  soup_server_add_handler (self->soup, NULL, on_request, self, NULL);
  /* The events socket: the same handler checks the token first; libsoup
   * completes the upgrade only if it left the status unset. */
  soup_server_add_handler (self->soup, "/api/v1/events", on_request, self, NULL);
  soup_server_add_websocket_handler (self->soup, "/api/v1/events", NULL, NULL,
                                     _kb_server_events_on_socket, self, NULL);
}
