/* kb-requests.c — the operator's requests of the session, followed to the end.
 *
 * One GListStore of KbOperatorRequest, newest first, and an index by id.
 * Whatever brings a request (an operation's reply through the api client's
 * "request-made", or GET /requests?since=CURSOR) is merged: a known request
 * is updated in place (its "status" notifies, so every label that shows it
 * follows), a new one is inserted in its place. Each merge is written to the
 * cache in one transaction. A request that was unfinished and is now
 * finished is announced with "request-finished", which the application
 * turns into a notification.
 */
#include "config.h"

#include "kb-requests.h"

#include "kb-api-error.h"
#include "kb-api-requests.h"
#include "kb-store-requests.h"
#include "kb-sync-private.h"

struct _KbRequests
{
  GObject parent_instance;

  KbApiClient *api;
  KbStore *store;
  KbApiEvents *events;
  GCancellable *cancellable;  /* of the refreshes it starts itself */

  GListStore *requests;
  GHashTable *by_id;          /* id → KbOperatorRequest (owned by the list) */
  char *cursor;
  char *etag;
  GDateTime *fetched_at;
  guint unfinished;
  gboolean refreshing;
  gboolean refresh_again;     /* an event came while a refresh ran */
};

G_DEFINE_FINAL_TYPE (KbRequests, kb_requests, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_UNFINISHED,
  PROP_FETCHED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  REQUEST_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
count_unfinished (KbRequests *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->requests));
  guint unfinished = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KbOperatorRequest) request = g_list_model_get_item (G_LIST_MODEL (self->requests), i);

      if (!kb_operator_request_is_finished (request))
        unfinished++;
    }
  if (unfinished == self->unfinished)
    return;
  self->unfinished = unfinished;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNFINISHED]);
}

/* Newest first: by creation time, then by id as the server numbers them. */
static int
compare_requests (gconstpointer a, gconstpointer b, gpointer user_data)
{
  KbOperatorRequest *x = (KbOperatorRequest *) a;
  KbOperatorRequest *y = (KbOperatorRequest *) b;
  gint64 cx = kb_operator_request_get_created_at (x);
  gint64 cy = kb_operator_request_get_created_at (y);
  gint64 ix = g_ascii_strtoll (kb_operator_request_get_id (x), NULL, 10);
  gint64 iy = g_ascii_strtoll (kb_operator_request_get_id (y), NULL, 10);

  if (cx != cy)
    return cx > cy ? -1 : 1;
  return ix > iy ? -1 : ix < iy ? 1 : 0;
}

/* Merges @requests into the list; with @announce, a request that finishes
 * is announced. */
static void
merge (KbRequests *self, GPtrArray *requests, gboolean announce)
{
  for (guint i = 0; i < requests->len; i++)
    {
      KbOperatorRequest *request = g_ptr_array_index (requests, i);
      KbOperatorRequest *known = g_hash_table_lookup (self->by_id, kb_operator_request_get_id (request));

      if (known != NULL)
        {
          gboolean was_finished = kb_operator_request_is_finished (known);

          if (kb_operator_request_update (known, request) && announce && !was_finished &&
              kb_operator_request_is_finished (known))
            g_signal_emit (self, signals[REQUEST_FINISHED], 0, known);
          continue;
        }
      g_hash_table_insert (self->by_id, g_strdup (kb_operator_request_get_id (request)), request);
      g_list_store_insert_sorted (self->requests, request, compare_requests, NULL);
    }
  count_unfinished (self);
}

static void
load_cached (KbRequests *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) requests = kb_store_load_operator_requests (self->store, &self->cursor,
                                                                    &self->etag, &error);

  if (requests == NULL)
    {
      g_warning ("Cannot read the cached requests: %s", error->message);
      return;
    }
  merge (self, requests, FALSE);
  self->fetched_at = kb_store_dup_fetched_at (self->store, KB_STORE_REQUESTS);
}

/* An operation's reply carried its request: it joins the list at once, so
 * that the page that made it can show its number. */
static void
on_api_request_made (KbApiClient *api, KbOperatorRequest *request, KbRequests *self)
{
  g_autoptr(GPtrArray) one = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (one, request);
  merge (self, one, TRUE);
  if (!kb_store_save_operator_requests (self->store, one, NULL, NULL, NULL, NULL, &error))
    g_warning ("Cannot cache a request: %s", error->message);
}

/* Refresh */

static void start_refresh (KbRequests *self, GTask *task);

static void
on_list_ready (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  KbRequests *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(KbApiRequestList) list = kb_api_client_list_requests_finish (KB_API_CLIENT (source), result,
                                                                        &error);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  self->refreshing = FALSE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  _kb_sync_note_outcome (self, g_error_matches (error, KB_API_ERROR, KB_API_ERROR_NOT_MODIFIED) ? NULL
                                                                                               : error);
  if (list != NULL)
    {
      g_autoptr(GError) store_error = NULL;
      /* A first sync from scratch brings history, not news. */
      gboolean announce = self->cursor != NULL;

      merge (self, list->requests, announce);
      g_free (self->cursor);
      self->cursor = g_strdup (list->cursor);
      g_free (self->etag);
      self->etag = g_strdup (list->etag);
      if (!kb_store_save_operator_requests (self->store, list->requests, list->from, list->cursor,
                                            list->etag, now, &store_error))
        g_warning ("Cannot cache the requests: %s", store_error->message);
      g_clear_error (&error);
    }
  if (error == NULL || g_error_matches (error, KB_API_ERROR, KB_API_ERROR_NOT_MODIFIED))
    {
      g_autoptr(GError) store_error = NULL;

      if (list == NULL && !kb_store_set_fetched_at (self->store, KB_STORE_REQUESTS, now, &store_error))
        g_warning ("Cannot note when the requests were fetched: %s", store_error->message);
      _kb_sync_set_fetched_at (self, &self->fetched_at, now, properties[PROP_FETCHED_AT]);
      g_clear_error (&error);
    }

  if (self->refresh_again)
    {
      /* Something changed while we asked: ask again, for this caller too. */
      self->refresh_again = FALSE;
      start_refresh (self, g_steal_pointer (&task));
      return;
    }
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
start_refresh (KbRequests *self, GTask *task)
{
  self->refreshing = TRUE;
  kb_api_client_list_requests_async (self->api, self->cursor, self->etag, g_task_get_cancellable (task),
                                     on_list_ready, task);
}

void
kb_requests_refresh_async (KbRequests          *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KB_IS_REQUESTS (self));

  task = _kb_sync_task_new (self, kb_requests_refresh_async, cancellable, callback, user_data);
  start_refresh (self, g_steal_pointer (&task));
}

gboolean
kb_requests_refresh_finish (KbRequests *self, GAsyncResult *result, GError **error)
{
  return _kb_sync_finish_boolean (self, result, error);
}

/* A push says something changed: one refresh at a time, and one more if
 * another push came meanwhile. */
static void
refresh_for_push (KbRequests *self)
{
  if (self->refreshing)
    {
      self->refresh_again = TRUE;
      return;
    }
  kb_requests_refresh_async (self, self->cancellable, _kb_sync_unwatched_refresh_done,
                             (gpointer) "Requests not refreshed");
}

static void
on_events_request (KbApiEvents *events, const char *request_id, KbRequests *self)
{
  g_debug ("Request %s changed", request_id);
  refresh_for_push (self);
}

static void
on_events_connected_changed (GObject *object, GParamSpec *pspec, KbRequests *self)
{
  gboolean connected = FALSE;

  /* Whatever happened while the socket was down is behind the cursor. */
  g_object_get (object, "push-connected", &connected, NULL);
  if (connected)
    refresh_for_push (self);
}

/**
 * kb_requests_start:
 * @feedback: the session's Feedback, which keeps the events socket open
 *
 * Listens for changes: every "request" event, and every time the socket
 * comes back (whatever happened while it was down is behind the cursor).
 */
void
kb_requests_start (KbRequests *self, KbFeedback *feedback)
{
  g_return_if_fail (KB_IS_REQUESTS (self));
  g_return_if_fail (KB_IS_FEEDBACK (feedback));

  if (self->events != NULL)
    return;
  self->events = g_object_ref (kb_feedback_get_events (feedback));
  g_signal_connect (self->events, "request", G_CALLBACK (on_events_request), self);
  g_signal_connect_object (feedback, "notify::push-connected", G_CALLBACK (on_events_connected_changed),
                           self, 0);
  if (kb_feedback_get_push_connected (feedback))
    refresh_for_push (self);
}

void
kb_requests_stop (KbRequests *self)
{
  g_return_if_fail (KB_IS_REQUESTS (self));

  /* Stays cancelled: a stopped session starts nothing more. */
  g_cancellable_cancel (self->cancellable);
  if (self->events != NULL)
    g_signal_handlers_disconnect_by_data (self->events, self);
  g_signal_handlers_disconnect_by_data (self->api, self);
}

GListModel *
kb_requests_get_model (KbRequests *self)
{
  g_return_val_if_fail (KB_IS_REQUESTS (self), NULL);
  return G_LIST_MODEL (self->requests);
}

guint
kb_requests_get_unfinished (KbRequests *self)
{
  g_return_val_if_fail (KB_IS_REQUESTS (self), 0);
  return self->unfinished;
}

GDateTime *
kb_requests_get_fetched_at (KbRequests *self)
{
  g_return_val_if_fail (KB_IS_REQUESTS (self), NULL);
  return self->fetched_at;
}

/* Returns: (transfer none) (nullable): the request @id, if it is known. */
KbOperatorRequest *
kb_requests_lookup (KbRequests *self, const char *id)
{
  g_return_val_if_fail (KB_IS_REQUESTS (self), NULL);
  return id != NULL ? g_hash_table_lookup (self->by_id, id) : NULL;
}

/**
 * kb_requests_find_for:
 * @target_type: what the request concerns: subscriber, service_order,
 *   rename_batch, invoice, payment, client
 * @target_id: (nullable): its id; NULL for any
 *
 * Returns: (transfer none) (nullable): the newest request for that thing.
 */
KbOperatorRequest *
kb_requests_find_for (KbRequests *self, const char *target_type, const char *target_id)
{
  guint n;

  g_return_val_if_fail (KB_IS_REQUESTS (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->requests));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KbOperatorRequest) request = g_list_model_get_item (G_LIST_MODEL (self->requests), i);

      if (g_str_equal (kb_operator_request_get_target_type (request), target_type) &&
          (target_id == NULL || g_str_equal (kb_operator_request_get_target_id (request), target_id)))
        return request;   /* the list holds it */
    }
  return NULL;
}

static void
kb_requests_finalize (GObject *object)
{
  KbRequests *self = KB_REQUESTS (object);

  g_cancellable_cancel (self->cancellable);
  if (self->events != NULL)
    g_signal_handlers_disconnect_by_data (self->events, self);
  g_clear_object (&self->events);
  if (self->api != NULL)
    g_signal_handlers_disconnect_by_data (self->api, self);
  g_clear_object (&self->api);
  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_object (&self->requests);
  g_free (self->cursor);
  g_free (self->etag);
  g_clear_pointer (&self->fetched_at, g_date_time_unref);

  G_OBJECT_CLASS (kb_requests_parent_class)->finalize (object);
}

static void
kb_requests_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KbRequests *self = KB_REQUESTS (object);

  switch (prop_id)
    {
    case PROP_UNFINISHED: g_value_set_uint (value, self->unfinished); break;
    case PROP_FETCHED_AT: g_value_set_boxed (value, self->fetched_at); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kb_requests_class_init (KbRequestsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kb_requests_finalize;
  object_class->get_property = kb_requests_get_property;

  properties[PROP_UNFINISHED] =
    g_param_spec_uint ("unfinished", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FETCHED_AT] = _kb_sync_param_fetched_at ();
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[REQUEST_FINISHED] =
    g_signal_new ("request-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, KB_TYPE_OPERATOR_REQUEST);
}

static void
kb_requests_init (KbRequests *self)
{
  self->cancellable = g_cancellable_new ();
  self->requests = g_list_store_new (KB_TYPE_OPERATOR_REQUEST);
  self->by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

KbRequests *
kb_requests_new (KbApiClient *api, KbStore *store)
{
  KbRequests *self;

  g_return_val_if_fail (KB_IS_API_CLIENT (api), NULL);
  g_return_val_if_fail (KB_IS_STORE (store), NULL);

  self = g_object_new (KB_TYPE_REQUESTS, NULL);
  self->api = g_object_ref (api);
  self->store = g_object_ref (store);
  g_signal_connect (api, "request-made", G_CALLBACK (on_api_request_made), self);
  load_cached (self);
  return self;
}
