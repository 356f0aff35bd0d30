/* kb-api-client.c — the HTTP client of the backend contract (docs/openapi.yaml).
 *
 * One SoupSession, made here; every operation goes through
 * _kb_api_client_request_async(), which adds the bearer token, conditional
 * GET headers and the Idempotency-Key, maps transport failures and the
 * server's JSON errors to KB_API_ERROR codes, and retries with back-off —
 * but only requests that are safe to repeat (libsoup itself never retries).
 *
 * What a server may send back is bounded here too: a reply is read as a
 * stream and given up at its operation's size cap (reply_cap()), its JSON
 * goes through kb_api_json_parse(), and redirects are followed by hand,
 * only within the server's own origin and never on sign-in.
 *
 * The file is longer than usual because the request path is one state
 * machine — attempt, deadline, token wait, retry, redirect, capped read,
 * parse (on a worker for long lists) — whose steps share one RequestData
 * and hand one GTask on; split over files, each step would need the
 * others' insides. The operations themselves live in kb-api-<area>.c.
 */
#include "config.h"

#include "kb-api-client-private.h"
#include "kb-api-requests.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "kb-api-json.h"
#include "kb-background.h"
#include "kb-backoff.h"
#include "kb-str.h"

#define DEFAULT_TIMEOUT_SECONDS 30
#define DEFAULT_MAX_RETRIES 2
#define FIRST_BACKOFF_MS 250
#define MAX_BACKOFF_MS 8000
#define MAX_REDIRECTS 5
#define READ_CHUNK (64 * 1024)

struct _KbApiClient
{
  GObject parent_instance;

  SoupSession *session;
  char *server_url;
  char *token;
  guint max_retries;
  guint timeout;
  guint skipped_items;        /* atomic: parse_in_thread() adds to it */
  /* Requests that need the token, held while the client awaits it. */
  GQueue awaiting;
  gboolean awaiting_token;
};

G_DEFINE_FINAL_TYPE (KbApiClient, kb_api_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SERVER_URL,
  PROP_TOKEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  REQUEST_MADE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct {
  char *method;
  char *path;
  GBytes *body;
  char *if_none_match;
  char *idempotency_key;
  gboolean authenticated;
  gboolean raw;
  gboolean parse_in_thread;
  KbApiParseFunc parse;
  GDestroyNotify value_free;
  GBytes *reply_bytes;     /* for parse_in_thread() */
  char *body_type;
  char *disposition;
  gboolean retryable;
  gboolean follow_redirects;
  guint attempt;
  guint redirects;
  char *redirect_url;
  gsize max_size;
  SoupMessage *message;
  GInputStream *stream;
  GByteArray *reply;

  /* Each attempt has its own cancellable, cancelled by the caller's or by
   * the deadline, so that a server that accepts and never answers is a
   * timeout whatever the socket does. */
  GCancellable *attempt_cancellable;
  gulong cancelled_id;
  guint deadline_source;
  gboolean timed_out;
} RequestData;

/* Ends the attempt of @task: its deadline, its link to the caller's
 * cancellable and the reply stream, if one was being read, go. */
static void
end_attempt (GTask *task)
{
  RequestData *data = g_task_get_task_data (task);

  g_clear_handle_id (&data->deadline_source, g_source_remove);
  if (data->cancelled_id != 0)
    g_cancellable_disconnect (g_task_get_cancellable (task), data->cancelled_id);
  data->cancelled_id = 0;
  g_clear_object (&data->attempt_cancellable);
  g_clear_object (&data->stream);
}

static void
request_data_free (RequestData *data)
{
  g_free (data->method);
  g_free (data->path);
  g_clear_pointer (&data->body, g_bytes_unref);
  g_free (data->body_type);
  g_free (data->disposition);
  g_free (data->if_none_match);
  g_free (data->idempotency_key);
  g_free (data->redirect_url);
  g_clear_object (&data->message);
  g_clear_object (&data->stream);
  g_clear_pointer (&data->reply, g_byte_array_unref);
  g_clear_pointer (&data->reply_bytes, g_bytes_unref);
  g_clear_handle_id (&data->deadline_source, g_source_remove);
  g_clear_object (&data->attempt_cancellable);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RequestData, request_data_free)

void
kb_api_response_free (KbApiResponse *response)
{
  if (response == NULL)
    return;
  g_free (response->etag);
  if (response->value != NULL && response->value_free != NULL)
    response->value_free (response->value);
  g_free (response);
}

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/**
 * kb_api_validate_server_url:
 * @url: what the user typed
 * @normalized: (out) (optional): the origin to use, without a trailing slash
 *
 * A server address must be http(s) with a host; plain http is allowed only on
 * the loopback interface, where nobody can listen in (docs/design.md §5).
 */
gboolean
kb_api_validate_server_url (const char *url, char **normalized, GError **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *stripped = NULL;
  const char *scheme, *host;

  stripped = g_strstrip (g_strdup (url != NULL ? url : ""));
  uri = g_uri_parse (stripped, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    goto invalid;

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if (host == NULL || *host == '\0' ||
      (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0))
    goto invalid;

  if (g_ascii_strcasecmp (scheme, "http") == 0 && !host_is_loopback (host))
    {
      g_propagate_error (error, kb_api_error_new (KB_API_ERROR_INSECURE_URL));
      return FALSE;
    }

  if (normalized != NULL)
    {
      g_autoptr(GUri) origin = g_uri_build (G_URI_FLAGS_NONE, scheme, NULL, host,
                                            g_uri_get_port (uri), "", NULL, NULL);

      *normalized = g_uri_to_string (origin);
    }
  return TRUE;

invalid:
  g_propagate_error (error, kb_api_error_new (KB_API_ERROR_INVALID_URL));
  return FALSE;
}

static void
kb_api_client_finalize (GObject *object)
{
  KbApiClient *self = KB_API_CLIENT (object);

  g_clear_object (&self->session);
  g_free (self->server_url);
  g_free (self->token);

  G_OBJECT_CLASS (kb_api_client_parent_class)->finalize (object);
}

static void
kb_api_client_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KbApiClient *self = KB_API_CLIENT (object);

  switch (prop_id)
    {
    case PROP_SERVER_URL: g_value_set_string (value, self->server_url); break;
    case PROP_TOKEN: g_value_set_string (value, self->token); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kb_api_client_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  KbApiClient *self = KB_API_CLIENT (object);

  switch (prop_id)
    {
    case PROP_SERVER_URL: self->server_url = g_value_dup_string (value); break;
    case PROP_TOKEN: kb_api_client_set_token (self, g_value_get_string (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kb_api_client_class_init (KbApiClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kb_api_client_finalize;
  object_class->get_property = kb_api_client_get_property;
  object_class->set_property = kb_api_client_set_property;

  properties[PROP_SERVER_URL] =
    g_param_spec_string ("server-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOKEN] =
    g_param_spec_string ("token", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KbApiClient::request-made:
   * @request: the KbOperatorRequest a reply carried
   *
   * Emitted for every reply of a deferred operation that carries its
   * operator's request, before the operation's caller gets the reply.
   */
  signals[REQUEST_MADE] =
    g_signal_new ("request-made", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, KB_TYPE_OPERATOR_REQUEST);
}

static void
kb_api_client_init (KbApiClient *self)
{
  g_autofree char *user_agent = g_strdup_printf ("Kabinet/%s ", PACKAGE_VERSION);

  /* The trailing space makes libsoup append its own product token. */
  self->session = soup_session_new_with_options ("user-agent", user_agent,
                                                 "timeout", DEFAULT_TIMEOUT_SECONDS,
                                                 "idle-timeout", 60,
                                                 NULL);
  self->max_retries = DEFAULT_MAX_RETRIES;
  self->timeout = DEFAULT_TIMEOUT_SECONDS;
}

KbApiClient *
kb_api_client_new (const char *server_url, GError **error)
{
  g_autofree char *normalized = NULL;

  if (!kb_api_validate_server_url (server_url, &normalized, error))
    return NULL;
  return g_object_new (KB_TYPE_API_CLIENT, "server-url", normalized, NULL);
}

const char *
kb_api_client_get_server_url (KbApiClient *self)
{
  g_return_val_if_fail (KB_IS_API_CLIENT (self), NULL);
  return self->server_url;
}

const char *
kb_api_client_get_token (KbApiClient *self)
{
  g_return_val_if_fail (KB_IS_API_CLIENT (self), NULL);
  return self->token;
}

static void send_attempt (GTask *task);

/* Setting the token, even to none, ends the wait: the requests held go. */
void
kb_api_client_set_token (KbApiClient *self, const char *token)
{
  g_return_if_fail (KB_IS_API_CLIENT (self));

  if (kb_set_str (&self->token, token))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKEN]);
  self->awaiting_token = FALSE;
  while (!g_queue_is_empty (&self->awaiting))
    send_attempt (g_queue_pop_head (&self->awaiting));
}

/**
 * kb_api_client_await_token:
 *
 * Holds every request that needs the token until kb_api_client_set_token()
 * is called: a session shown from its cache while the keyring is still
 * being asked for the token can start its refreshes at once.
 */
void
kb_api_client_await_token (KbApiClient *self)
{
  g_return_if_fail (KB_IS_API_CLIENT (self));
  self->awaiting_token = TRUE;
}

void
kb_api_client_set_timeout (KbApiClient *self, guint seconds)
{
  g_return_if_fail (KB_IS_API_CLIENT (self));
  self->timeout = seconds;
  soup_session_set_timeout (self->session, seconds);
}

void
kb_api_client_set_max_retries (KbApiClient *self, guint retries)
{
  g_return_if_fail (KB_IS_API_CLIENT (self));
  self->max_retries = retries;
}

/* A CA file configured by the administrator is the one way, besides a
 * system-trusted certificate, that a TLS connection is accepted. */
gboolean
kb_api_client_set_ca_file (KbApiClient *self, const char *path, GError **error)
{
  g_autoptr(GTlsDatabase) database = NULL;

  g_return_val_if_fail (KB_IS_API_CLIENT (self), FALSE);

  database = g_tls_file_database_new (path, error);
  if (database == NULL)
    return FALSE;
  soup_session_set_tls_database (self->session, database);
  return TRUE;
}

/* Returns: how many items of lists the server sent were left out because
 * they could not be read (kb_api_json_read_list()), since the client was
 * made; each is also logged. */
guint
kb_api_client_get_skipped_items (KbApiClient *self)
{
  g_return_val_if_fail (KB_IS_API_CLIENT (self), 0);
  return (guint) g_atomic_int_get (&self->skipped_items);
}

SoupSession *
_kb_api_client_get_session (KbApiClient *self)
{
  return self->session;
}

char *
_kb_api_client_build_url (KbApiClient *self, const char *path)
{
  return g_strconcat (self->server_url, "/api/v1", path, NULL);
}


static gboolean
retry_cb (gpointer user_data)
{
  g_autoptr(GTask) task = user_data;

  if (g_task_return_error_if_cancelled (task))
    return G_SOURCE_REMOVE;
  send_attempt (g_steal_pointer (&task));
  return G_SOURCE_REMOVE;
}

/* Schedules another attempt if this request may be repeated; returns FALSE
 * (and keeps @task) when it may not. */
static gboolean
maybe_retry (GTask **task)
{
  KbApiClient *self = g_task_get_source_object (*task);
  RequestData *data = g_task_get_task_data (*task);
  guint delay;

  if (!data->retryable || data->attempt >= self->max_retries)
    return FALSE;

  delay = kb_backoff_next_delay (FIRST_BACKOFF_MS, MAX_BACKOFF_MS, data->attempt);
  data->attempt++;
  g_debug ("Retrying %s %s in %u ms (attempt %u)", data->method, data->path, delay, data->attempt + 1);
  g_timeout_add (delay, retry_cb, g_steal_pointer (task));
  return TRUE;
}

static GError *
transport_error (const GError *error)
{
  KbApiError code = KB_API_ERROR_NETWORK;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    code = KB_API_ERROR_TIMEOUT;
  else if (error->domain == G_TLS_ERROR)
    code = KB_API_ERROR_TLS;

  g_debug ("Transport error: %s", error->message);
  return kb_api_error_new (code);
}

/* The server's own error body, if it sent one the contract's way. */
static GError *
status_error (guint status, JsonNode *root)
{
  const char *code = NULL;

  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *error_object = kb_api_json_get_object (json_node_get_object (root), "error", FALSE, NULL);

      if (error_object != NULL)
        code = kb_api_json_get_string (error_object, "code", FALSE, NULL);
    }

  return kb_api_error_new (kb_api_error_from_code (code, status));
}

/* How many bytes a reply to @data's request may have. Measured on the
 * reference server (docs/testing.md): the largest reply of the contract is
 * a bulk job's result with a row for each of up to 100 000 numbers, 14.9 MB
 * when every row is rejected with its message; a page of 1 000 subscribers
 * is 0.15 MB; a page of 1 000 demo questions is 1.1 MB, and questions of
 * 4 000 characters with long answers could make one many times that. Each
 * cap leaves four times the largest real reply or more. A server that sends
 * more is broken or hostile, and reading it all would only take the
 * computer's memory. */
static gsize
reply_cap (const RequestData *data)
{
  if (data->raw)
    return 32 * 1024 * 1024;
  if (g_str_has_prefix (data->path, "/rename-batches") ||
      g_str_has_prefix (data->path, "/service-orders") ||
      g_str_has_prefix (data->path, "/questions"))
    return 64 * 1024 * 1024;
  if (g_str_has_prefix (data->path, "/subscribers"))
    return 16 * 1024 * 1024;
  return 4 * 1024 * 1024;
}

/* A reply that carries the operator's request (issue 15) tells the
 * "request-made" listeners, whatever operation it answers. A malformed one
 * is only logged: the operation itself succeeded. */
static void
announce_request (KbApiClient *self, JsonNode *root)
{
  g_autoptr(KbOperatorRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return;
  object = json_node_get_object (root);
  if (!json_object_has_member (object, "request") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "request")))
    return;
  request = kb_api_json_to_operator_request (json_object_get_object_member (object, "request"),
                                             &error);
  if (request == NULL)
    g_debug ("A reply's request could not be read: %s", error->message);
  else
    g_signal_emit (self, signals[REQUEST_MADE], 0, request);
}

static void
return_error_code (GTask *task, KbApiError code, const char *why)
{
  RequestData *data = g_task_get_task_data (task);

  g_debug ("%s %s: %s", data->method, data->path, why);
  g_task_return_error (task, kb_api_error_new (code));
}

/* Ends the attempt that failed on the way; the request is tried again, or its
 * transport error ends it. */
static void
fail_transport (GTask *task_in, GError *error_in)
{
  g_autoptr(GTask) task = task_in;
  g_autoptr(GError) error = error_in;
  RequestData *data = g_task_get_task_data (task);

  end_attempt (task);
  if (data->timed_out)
    {
      g_clear_error (&error);
      error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "Deadline passed");
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (maybe_retry (&task))
    return;
  g_task_return_error (task, transport_error (error));
}

static int
port_of (GUri *uri)
{
  int port = g_uri_get_port (uri);

  if (port != -1)
    return port;
  return g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0 ? 443 : 80;
}

/* A redirect is followed only where the request could have gone itself:
 * the same scheme, host and port. Anything else could carry the token, or
 * a sign-in's password, to another server or onto plain http, and a
 * profile read there would be trusted as the server's. */
static void
handle_redirect (GTask *task_in)
{
  g_autoptr(GTask) task = task_in;
  RequestData *data = g_task_get_task_data (task);
  GUri *from = soup_message_get_uri (data->message);
  SoupMessageHeaders *headers = soup_message_get_response_headers (data->message);
  const char *location = soup_message_headers_get_one (headers, "Location");
  g_autoptr(GUri) to = NULL;

  if (location != NULL)
    to = g_uri_parse_relative (from, location, SOUP_HTTP_URI_FLAGS, NULL);

  if (to == NULL || !data->follow_redirects || data->redirects >= MAX_REDIRECTS)
    {
      return_error_code (task, KB_API_ERROR_BAD_RESPONSE, "redirect not followed");
      return;
    }
  if (g_ascii_strcasecmp (g_uri_get_scheme (to), g_uri_get_scheme (from)) != 0 ||
      g_uri_get_host (to) == NULL ||
      g_ascii_strcasecmp (g_uri_get_host (to), g_uri_get_host (from)) != 0 ||
      port_of (to) != port_of (from))
    {
      g_autofree char *target = g_uri_to_string (to);
      g_autoptr(GError) error = NULL;

      g_debug ("Refusing a redirect from %s %s to %s", data->method, data->path, target);
      /* Onto plain http, say so; elsewhere, it is simply not the server's answer. */
      if (!kb_api_validate_server_url (target, NULL, &error))
        return_error_code (task, error->code, "redirect to an insecure address");
      else
        return_error_code (task, KB_API_ERROR_BAD_RESPONSE, "redirect to another origin");
      return;
    }

  data->redirects++;
  g_free (data->redirect_url);
  data->redirect_url = g_uri_to_string (to);
  send_attempt (g_steal_pointer (&task));
}

/* Turns the parsed body of a successful reply into the task's value. On
 * the main thread, or on a worker for parse_in_thread. */
static void
return_response (GTask *task, JsonNode *root)
{
  RequestData *data = g_task_get_task_data (task);
  KbApiClient *self = g_task_get_source_object (task);
  g_autoptr(KbApiResponse) response = g_new0 (KbApiResponse, 1);
  g_autoptr(GError) error = NULL;

  response->etag = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (data->message), "ETag"));
  response->value_free = data->value_free;
  if (data->parse != NULL)
    {
      guint skipped;

      kb_api_json_take_skipped ();
      response->value = data->parse (root, &error);
      skipped = kb_api_json_take_skipped ();
      if (skipped > 0)
        {
          g_warning ("%s %s: skipped %u unreadable items", data->method, data->path, skipped);
          g_atomic_int_add (&self->skipped_items, skipped);
        }
      if (response->value == NULL && error != NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }

  g_task_return_pointer (task, g_steal_pointer (&response), (GDestroyNotify) kb_api_response_free);
}

/* A long list (10 000 subscribers) takes json-glib longer than a frame to
 * read: it is read here, so that the window keeps drawing and the next
 * page arrives meanwhile. Such a list is never a deferred operation's
 * reply, so there is no operator's request to announce. */
static void
parse_in_thread (gpointer item, gpointer user_data)
{
  g_autoptr(GTask) task = item;
  RequestData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = g_steal_pointer (&data->reply_bytes);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  gsize size = 0;
  const char *text = g_bytes_get_data (bytes, &size);

  root = kb_api_json_parse (text, size, &error);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    return_response (task, root);
}

/* Replies are read one at a time, on one thread: the pages of a list all
 * arrive together, and read on as many threads they took both cores and
 * held back the window's frames (the first rows of a cached list waited
 * twice as long while the refresh behind them read its pages). That thread
 * gives way to the frames (kb_background_pool_new()). */
static void
parse_later (GTask *task)
{
  static GThreadPool *pool;

  if (g_once_init_enter (&pool))
    g_once_init_leave (&pool, kb_background_pool_new (parse_in_thread, NULL));
  g_thread_pool_push (pool, task, NULL);
}

/* The whole reply is here: turns it into the task's outcome. */
static void
finish_reply (GTask *task_in)
{
  g_autoptr(GTask) task = task_in;
  RequestData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = g_byte_array_free_to_bytes (g_steal_pointer (&data->reply));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(KbApiResponse) response = NULL;
  guint status = soup_message_get_status (data->message);
  gsize size = 0;
  const char *text = g_bytes_get_data (bytes, &size);

  if (status >= 500 && maybe_retry (&task))
    return;

  if (data->raw && SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      response = g_new0 (KbApiResponse, 1);
      response->value = g_bytes_ref (bytes);
      response->value_free = (GDestroyNotify) g_bytes_unref;
      g_task_return_pointer (task, g_steal_pointer (&response), (GDestroyNotify) kb_api_response_free);
      return;
    }

  if (data->parse_in_thread && SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      data->reply_bytes = g_steal_pointer (&bytes);
      parse_later (g_steal_pointer (&task));
      return;
    }

  root = kb_api_json_parse (text, size, &error);
  if (error != NULL)
    {
      /* A 5xx with an HTML page from a proxy is still a server error. */
      if (status >= 500)
        g_task_return_error (task, status_error (status, NULL));
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_task_return_error (task, status_error (status, root));
      return;
    }

  announce_request (g_task_get_source_object (task), root);
  return_response (task, root);
}

static void
on_read_ready (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  RequestData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) chunk = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  if (chunk == NULL)
    {
      fail_transport (g_steal_pointer (&task), g_steal_pointer (&error));
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      SoupMessageHeaders *headers = soup_message_get_response_headers (data->message);

      end_attempt (task);
      /* A connection closed before the announced length is a reply cut
       * short, even if what came is JSON by itself (an empty list, say).
       * A gzipped reply announces its compressed length, and the decoder
       * fails on one cut short by itself. */
      if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
          soup_message_headers_get_one (headers, "Content-Encoding") == NULL &&
          (guint64) soup_message_headers_get_content_length (headers) != data->reply->len)
        return_error_code (task, KB_API_ERROR_BAD_RESPONSE, "reply cut short");
      else
        finish_reply (g_steal_pointer (&task));
      return;
    }

  if (data->reply->len + g_bytes_get_size (chunk) > data->max_size)
    {
      /* Dropping the stream unread closes the connection: the rest is
       * never fetched. */
      end_attempt (task);
      return_error_code (task, KB_API_ERROR_BAD_RESPONSE, "reply larger than its cap");
      return;
    }

  g_byte_array_append (data->reply, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  g_input_stream_read_bytes_async (data->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   data->attempt_cancellable, on_read_ready,
                                   g_steal_pointer (&task));
}

static void
on_send_ready (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  RequestData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = NULL;
  SoupMessageHeaders *headers;
  guint status;

  stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (stream == NULL)
    {
      fail_transport (g_steal_pointer (&task), g_steal_pointer (&error));
      return;
    }

  status = soup_message_get_status (data->message);
  headers = soup_message_get_response_headers (data->message);

  if (status == SOUP_STATUS_NOT_MODIFIED)
    {
      end_attempt (task);
      g_task_return_error (task, kb_api_error_new (KB_API_ERROR_NOT_MODIFIED));
      return;
    }

  if (SOUP_STATUS_IS_REDIRECTION (status))
    {
      end_attempt (task);
      handle_redirect (g_steal_pointer (&task));
      return;
    }

  /* A length announced above the cap is refused before a byte is read. */
  data->max_size = reply_cap (data);
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      (guint64) soup_message_headers_get_content_length (headers) > data->max_size)
    {
      end_attempt (task);
      return_error_code (task, KB_API_ERROR_BAD_RESPONSE, "announced reply larger than its cap");
      return;
    }

  g_clear_pointer (&data->reply, g_byte_array_unref);
  data->reply = g_byte_array_new ();
  data->stream = g_steal_pointer (&stream);
  g_input_stream_read_bytes_async (data->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   data->attempt_cancellable, on_read_ready,
                                   g_steal_pointer (&task));
}

static void
on_caller_cancelled (GCancellable *caller, GCancellable *attempt)
{
  g_cancellable_cancel (attempt);
}

static gboolean
on_deadline (gpointer user_data)
{
  RequestData *data = user_data;

  data->deadline_source = 0;
  data->timed_out = TRUE;
  g_cancellable_cancel (data->attempt_cancellable);
  return G_SOURCE_REMOVE;
}

static void
send_attempt (GTask *task_in)
{
  g_autoptr(GTask) task = task_in;
  KbApiClient *self = g_task_get_source_object (task);
  RequestData *data = g_task_get_task_data (task);
  g_autofree char *url = data->redirect_url != NULL ? g_strdup (data->redirect_url)
                                                    : _kb_api_client_build_url (self, data->path);
  SoupMessageHeaders *headers;
  GCancellable *cancellable;

  g_clear_object (&data->message);
  data->message = soup_message_new (data->method, url);
  if (data->message == NULL)
    {
      g_task_return_error (task, kb_api_error_new (KB_API_ERROR_INVALID_URL));
      return;
    }
  /* Redirects are this file's business (handle_redirect()), not libsoup's. */
  soup_message_add_flags (data->message, SOUP_MESSAGE_NO_REDIRECT);

  headers = soup_message_get_request_headers (data->message);
  soup_message_headers_replace (headers, "Accept", data->raw ? "*/*" : "application/json");
  if (data->authenticated && self->token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", self->token, NULL);

      soup_message_headers_replace (headers, "Authorization", bearer);
    }
  if (data->if_none_match != NULL)
    soup_message_headers_replace (headers, "If-None-Match", data->if_none_match);
  if (data->idempotency_key != NULL)
    soup_message_headers_replace (headers, "Idempotency-Key", data->idempotency_key);
  if (data->disposition != NULL)
    soup_message_headers_replace (headers, "Content-Disposition", data->disposition);
  if (data->body != NULL)
    soup_message_set_request_body_from_bytes (data->message,
                                              data->body_type != NULL ? data->body_type
                                                                      : "application/json",
                                              data->body);

  cancellable = g_task_get_cancellable (task);
  data->timed_out = FALSE;
  data->attempt_cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    data->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_caller_cancelled),
                                                data->attempt_cancellable, NULL);
  if (self->timeout > 0)
    data->deadline_source = g_timeout_add_seconds (self->timeout, on_deadline, data);

  soup_session_send_async (self->session, data->message, G_PRIORITY_DEFAULT,
                           data->attempt_cancellable, on_send_ready, g_steal_pointer (&task));
}

void
_kb_api_client_request_async (KbApiClient          *self,
                              const KbApiRequest   *request,
                              gpointer              source_tag,
                              GCancellable         *cancellable,
                              GAsyncReadyCallback   callback,
                              gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(RequestData) data = g_new0 (RequestData, 1);

  g_return_if_fail (KB_IS_API_CLIENT (self));
  /* NULL where _kb_api_item_path() was given no id. */
  g_return_if_fail (request->path != NULL);

  data->method = g_strdup (request->method);
  data->path = g_strdup (request->path);
  data->if_none_match = g_strdup (request->if_none_match);
  data->idempotency_key = g_strdup (request->idempotency_key);
  data->authenticated = request->authenticated;
  data->raw = request->raw;
  data->parse_in_thread = request->parse_in_thread;
  data->parse = request->parse;
  data->value_free = request->value_free;
  /* A sign-in answered with a redirect is never followed: the password
   * would go along, and a token read elsewhere is not this server's. */
  data->follow_redirects = g_str_equal (request->method, "GET");
  if (request->body != NULL)
    {
      gsize length = 0;
      char *text = json_to_string (request->body, FALSE);

      length = strlen (text);
      data->body = g_bytes_new_take (text, length);
    }
  else if (request->file != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (request->file_name, NULL, FALSE);

      data->body = g_bytes_ref (request->file);
      data->body_type = g_strdup (request->file_type);
      data->disposition = g_strdup_printf ("attachment; filename*=UTF-8''%s", escaped);
    }

  /* Safe to repeat: methods that are idempotent by definition, and anything
   * the server deduplicates by its Idempotency-Key. */
  data->retryable = g_str_equal (request->method, "GET") ||
                    g_str_equal (request->method, "PUT") ||
                    g_str_equal (request->method, "DELETE") ||
                    request->idempotency_key != NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, g_steal_pointer (&data), (GDestroyNotify) request_data_free);

  if (self->awaiting_token && request->authenticated)
    g_queue_push_tail (&self->awaiting, g_steal_pointer (&task));
  else
    send_attempt (g_steal_pointer (&task));
}

KbApiResponse *
_kb_api_client_request_finish (KbApiClient *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
_kb_api_client_get_async (KbApiClient         *self,
                          const char          *path,
                          const char          *etag,
                          gboolean             parse_in_thread,
                          KbApiParseFunc       parse,
                          GDestroyNotify       value_free,
                          gpointer             source_tag,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  KbApiRequest request = {
    .method = "GET",
    .path = path,
    .if_none_match = etag,
    .authenticated = TRUE,
    .parse_in_thread = parse_in_thread,
    .parse = parse,
    .value_free = value_free,
  };

  _kb_api_client_request_async (self, &request, source_tag, cancellable, callback, user_data);
}

/* Returns: (transfer full) (nullable): the request's parsed value, and in
 * @etag (when not NULL) the response's ETag; NULL with @error set when the
 * request failed. */
gpointer
_kb_api_client_request_finish_value (KbApiClient   *self,
                                     GAsyncResult  *result,
                                     char         **etag,
                                     GError       **error)
{
  g_autoptr(KbApiResponse) response = _kb_api_client_request_finish (self, result, error);

  if (response == NULL)
    return NULL;
  if (etag != NULL)
    *etag = g_steal_pointer (&response->etag);
  return g_steal_pointer (&response->value);
}

/**
 * kb_api_client_list_finish:
 * @etag: (out) (optional): the response's ETag, to send with the next request
 *
 * Finishes any of the lists the server tags as a whole (payments, invoices,
 * installments), for a caller that treats them alike.
 *
 * Returns: (transfer full): the list, as its own finish function gives it;
 * KB_API_ERROR_NOT_MODIFIED when the ETag sent is still current.
 */
gpointer
kb_api_client_list_finish (KbApiClient *self, GAsyncResult *result, char **etag, GError **error)
{
  return _kb_api_client_request_finish_value (self, result, etag, error);
}

/**
 * _kb_api_item_path:
 * @collection: "/questions", "/subscribers"…
 * @suffix: (nullable): what follows the item, such as "/read"
 *
 * Returns: (transfer full): the path of one item of @collection, its @id
 * escaped as one segment, so that no id can reach another route.
 */
char *
_kb_api_item_path (const char *collection, const char *id, const char *suffix)
{
  g_autofree char *escaped = NULL;

  g_return_val_if_fail (id != NULL, NULL);

  escaped = g_uri_escape_string (id, NULL, FALSE);
  return g_strconcat (collection, "/", escaped, suffix, NULL);
}
