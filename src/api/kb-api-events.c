/* kb-api-events.c — the events WebSocket of the contract (docs/api.md, "Events socket").
 *
 * Events are hints: the caller reacts by fetching the questions changed since
 * its cursor. So this object only has to say "something happened to question
 * N" and "the socket is gone"; reconnecting is the caller's policy.
 */
#include "config.h"

#include "kb-api-events.h"

#include <json-glib/json-glib.h>

#include "kb-api-client-private.h"
#include "kb-api-json.h"

#define DEFAULT_SILENCE_TIMEOUT 65

struct _KbApiEvents
{
  GObject parent_instance;

  KbApiClient *api;
  SoupWebsocketConnection *connection;
  guint silence_timeout;
  guint silence_source;
  gulong message_id;
  gulong closed_id;
};

G_DEFINE_FINAL_TYPE (KbApiEvents, kb_api_events, G_TYPE_OBJECT)

enum {
  EVENT,
  REQUEST,
  CLOSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
drop_connection (KbApiEvents *self)
{
  g_clear_handle_id (&self->silence_source, g_source_remove);
  if (self->connection == NULL)
    return;
  g_clear_signal_handler (&self->message_id, self->connection);
  g_clear_signal_handler (&self->closed_id, self->connection);
  if (soup_websocket_connection_get_state (self->connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (self->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_clear_object (&self->connection);
}

static void
lost (KbApiEvents *self, GError *reason)
{
  drop_connection (self);
  g_signal_emit (self, signals[CLOSED], 0, reason);
}

static gboolean
on_silence (gpointer user_data)
{
  KbApiEvents *self = user_data;
  g_autoptr(GError) error = kb_api_error_new (KB_API_ERROR_TIMEOUT);

  self->silence_source = 0;
  g_debug ("Events socket silent for %u s", self->silence_timeout);
  lost (self, error);
  return G_SOURCE_REMOVE;
}

static void
restart_watchdog (KbApiEvents *self)
{
  g_clear_handle_id (&self->silence_source, g_source_remove);
  if (self->silence_timeout > 0)
    self->silence_source = g_timeout_add_seconds (self->silence_timeout, on_silence, self);
}

/**
 * _kb_api_events_parse_message:
 * @type: (out): the event's type
 * @subject_id: (out): what it is about: the operator's request for a
 *   "request" event, the question for every other
 *
 * Reads one text message of the socket, with the same guarded parser as
 * every reply: a message nested too deep for json-glib is unreadable, not
 * a crash. Returns FALSE for anything that is not an event about a
 * question or a request: unreadable text, a hello, a heartbeat, or
 * something a newer server says. (The events fuzz target calls this
 * directly.)
 */
gboolean
_kb_api_events_parse_message (const char  *data,
                              gsize        size,
                              char       **type,
                              char       **subject_id)
{
  g_autoptr(JsonNode) root = kb_api_json_parse (data, size, NULL);
  JsonObject *object;
  const char *event_type, *id;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_debug ("Ignoring an unreadable event");
      return FALSE;
    }
  object = json_node_get_object (root);
  event_type = kb_api_json_get_string (object, "type", FALSE, NULL);
  id = kb_api_json_get_string (object,
                               g_strcmp0 (event_type, "request") == 0 ? "request_id" : "question_id",
                               FALSE, NULL);
  if (event_type == NULL || id == NULL)
    return FALSE;
  *type = g_strdup (event_type);
  *subject_id = g_strdup (id);
  return TRUE;
}

static void
on_message (SoupWebsocketConnection *connection,
            int                      type,
            GBytes                  *message,
            KbApiEvents             *self)
{
  g_autoptr(GObject) guard = g_object_ref (G_OBJECT (self));
  g_autofree char *event_type = NULL;
  g_autofree char *subject_id = NULL;
  gsize size = 0;
  const char *data = g_bytes_get_data (message, &size);

  restart_watchdog (self);
  if (type != SOUP_WEBSOCKET_DATA_TEXT ||
      !_kb_api_events_parse_message (data, size, &event_type, &subject_id))
    return;
  if (g_strcmp0 (event_type, "request") == 0)
    g_signal_emit (self, signals[REQUEST], 0, subject_id);
  else
    g_signal_emit (self, signals[EVENT], 0, event_type, subject_id);
}

static void
on_closed (SoupWebsocketConnection *connection, KbApiEvents *self)
{
  g_autoptr(GError) error = kb_api_error_new (KB_API_ERROR_NETWORK);

  g_debug ("Events socket closed (code %u)", soup_websocket_connection_get_close_code (connection));
  lost (self, error);
}

static void
kb_api_events_dispose (GObject *object)
{
  KbApiEvents *self = KB_API_EVENTS (object);

  drop_connection (self);
  g_clear_object (&self->api);

  G_OBJECT_CLASS (kb_api_events_parent_class)->dispose (object);
}

static void
kb_api_events_class_init (KbApiEventsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kb_api_events_dispose;

  signals[EVENT] =
    g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  signals[REQUEST] =
    g_signal_new ("request", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[CLOSED] =
    g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
kb_api_events_init (KbApiEvents *self)
{
  self->silence_timeout = DEFAULT_SILENCE_TIMEOUT;
}

KbApiEvents *
kb_api_events_new (KbApiClient *api)
{
  KbApiEvents *self;

  g_return_val_if_fail (KB_IS_API_CLIENT (api), NULL);

  self = g_object_new (KB_TYPE_API_EVENTS, NULL);
  self->api = g_object_ref (api);
  return self;
}

void
kb_api_events_set_silence_timeout (KbApiEvents *self, guint seconds)
{
  g_return_if_fail (KB_IS_API_EVENTS (self));
  self->silence_timeout = seconds;
  if (self->connection != NULL)
    restart_watchdog (self);
}

gboolean
kb_api_events_is_connected (KbApiEvents *self)
{
  g_return_val_if_fail (KB_IS_API_EVENTS (self), FALSE);
  return self->connection != NULL;
}

/* Closes the socket without emitting "closed": the caller asked for it. */
void
kb_api_events_close (KbApiEvents *self)
{
  g_return_if_fail (KB_IS_API_EVENTS (self));
  drop_connection (self);
}

static void
on_connected (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  KbApiEvents *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  SoupMessage *message = g_task_get_task_data (task);
  SoupWebsocketConnection *connection;

  connection = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  if (connection == NULL)
    {
      guint status = soup_message_get_status (message);
      KbApiError code = status == SOUP_STATUS_UNAUTHORIZED ? KB_API_ERROR_UNAUTHORIZED
                        : status >= 400 ? KB_API_ERROR_SERVER : KB_API_ERROR_NETWORK;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        {
          g_debug ("Events socket: %s (HTTP %u)", error->message, status);
          g_task_return_error (task, kb_api_error_new (code));
        }
      return;
    }

  drop_connection (self);
  self->connection = connection;
  self->message_id = g_signal_connect (connection, "message", G_CALLBACK (on_message), self);
  self->closed_id = g_signal_connect (connection, "closed", G_CALLBACK (on_closed), self);
  restart_watchdog (self);
  g_task_return_boolean (task, TRUE);
}

/* Opens the socket with the client's token. Fails with KB_API_ERROR_UNAUTHORIZED
 * when the server refuses the token, otherwise with a network error. */
void
kb_api_events_connect_async (KbApiEvents         *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *url = NULL;
  g_autofree char *bearer = NULL;
  SoupMessage *message;

  g_return_if_fail (KB_IS_API_EVENTS (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kb_api_events_connect_async);

  url = _kb_api_client_build_url (self->api, "/events");
  message = soup_message_new ("GET", url);
  if (message == NULL)
    {
      g_task_return_error (task, kb_api_error_new (KB_API_ERROR_INVALID_URL));
      return;
    }
  bearer = g_strconcat ("Bearer ", kb_api_client_get_token (self->api), NULL);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", bearer);
  g_task_set_task_data (task, message, g_object_unref);

  soup_session_websocket_connect_async (_kb_api_client_get_session (self->api), message,
                                        NULL, NULL, G_PRIORITY_DEFAULT, cancellable,
                                        on_connected, g_steal_pointer (&task));
}

gboolean
kb_api_events_connect_finish (KbApiEvents *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
