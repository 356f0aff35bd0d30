/* kb-sync.c — keeps the cache of one signed-in account in step with the server.
 *
 * Every section follows one path: the cached rows are there at once (read
 * from the store when the sync object is made), a refresh asks the server
 * with the ETag it has, writes what is new in one transaction, and notifies
 * the property the page watches. Whether we are "online" is decided by what
 * the requests actually did, never by GNetworkMonitor alone.
 */
#include "config.h"

#include "kb-sync-private.h"

#include "kb-feedback.h"
#include "kb-subscribers.h"

struct _KbSync
{
  GObject parent_instance;

  KbApiClient *api;
  KbStore *store;
  GCancellable *cancellable;

  KbClientProfile *client;
  char *client_etag;
  GDateTime *client_fetched_at;

  KbFeedback *feedback;
  KbSubscribers *subscribers;
  KbRenames *renames;
  KbServiceOrders *service_orders;
  KbRequests *requests;

  gboolean online;
  guint refresh_interval;
  guint refresh_source;
};

G_DEFINE_FINAL_TYPE (KbSync, kb_sync, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_API,
  PROP_STORE,
  PROP_ONLINE,
  PROP_CLIENT,
  PROP_REFRESH_INTERVAL,
  N_PROPS
};

enum {
  UNAUTHORIZED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
set_online (KbSync *self, gboolean online)
{
  if (self->online == online)
    return;
  self->online = online;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONLINE]);
}

/* Sorts the outcome of any request: offline, signed out, or fine. A
 * cancelled request says nothing about either. */
static void
note_outcome (KbSync *self, const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error == NULL || g_error_matches (error, KB_API_ERROR, KB_API_ERROR_NOT_MODIFIED))
    {
      set_online (self, TRUE);
      return;
    }
  if (kb_api_error_is_unreachable (error))
    set_online (self, FALSE);
  else if (kb_api_error_is_auth (error))
    g_signal_emit (self, signals[UNAUTHORIZED], 0, error);
  else
    set_online (self, TRUE);
}

/* KbSync marks the sections' data objects it makes as its own, so that
 * they report to it without keeping a pointer of their own. */
static GQuark
owner_quark (void)
{
  return g_quark_from_static_string ("kb-sync-owner");
}

static gpointer
adopt (KbSync *self, gpointer part)
{
  g_object_set_qdata (G_OBJECT (part), owner_quark (), self);
  return part;
}

static void
disown (gpointer part)
{
  if (part != NULL)
    g_object_set_qdata (G_OBJECT (part), owner_quark (), NULL);
}

/**
 * _kb_sync_note_outcome:
 * @source: the KbSync, or one of the sections' data objects it made
 * @error: (nullable): how a request ended; %NULL when it reached the server
 *
 * The one way every file of the sync layer reports how each request went,
 * from which KbSync decides whether we are online and whether the session
 * still stands. A data object made on its own (as in tests) has no KbSync
 * to tell.
 */
void
_kb_sync_note_outcome (gpointer source, const GError *error)
{
  KbSync *self = KB_IS_SYNC (source) ? source
                                     : g_object_get_qdata (G_OBJECT (source), owner_quark ());

  if (self != NULL)
    note_outcome (self, error);
}

/* Takes a profile the server just sent (e.g. after a change) as the current one. */
void
_kb_sync_set_client (KbSync *self, KbClientProfile *profile, const char *etag, GDateTime *now)
{
  g_autoptr(GError) store_error = NULL;

  if (!kb_store_save_client_profile (self->store, profile, etag, now, &store_error))
    g_warning ("Could not cache the profile: %s", store_error->message);

  g_set_object (&self->client, profile);
  g_free (self->client_etag);
  self->client_etag = g_strdup (etag);
  _kb_sync_set_fetched_at (self, &self->client_fetched_at, now, properties[PROP_CLIENT]);
}

/* The tasks of the sync layer: every request a data object makes on a
 * page's behalf ends the same few ways, so those endings are written once
 * here rather than in each ready callback. */

/* Returns: (transfer full): a task of @source, tagged with @source_tag. */
GTask *
_kb_sync_task_new (gpointer             source,
                   gpointer             source_tag,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  GTask *task = g_task_new (source, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  return task;
}

/**
 * _kb_sync_task_check:
 * @task: the task a request was made for
 * @error: (inout) (nullable): how the request ended
 *
 * Reports the request's outcome for @task's source object and, when it
 * failed, ends @task with @error (taking it).
 *
 * Returns: %TRUE when the request succeeded and the caller goes on.
 */
gboolean
_kb_sync_task_check (GTask *task, GError **error)
{
  _kb_sync_note_outcome (g_task_get_source_object (task), *error);
  if (*error == NULL)
    return TRUE;
  g_task_return_error (task, g_steal_pointer (error));
  return FALSE;
}

/**
 * _kb_sync_refresh_check:
 * @task: the task of a refresh of a cached list, whose source is the KbSync
 * @resource: the list's key in the store (KB_STORE_…)
 * @fetched_at: (inout) (optional) (nullable): where the caller keeps when
 *   the list was last confirmed, updated on 304
 * @error: (inout) (nullable): how the request ended
 *
 * The common ending of a conditional refresh: a cancelled one ends quietly
 * without counting; a 304 confirms the cache as it is (success); any other
 * error ends @task with it.
 *
 * Returns: %TRUE when the server sent a new answer for the caller to store.
 */
gboolean
_kb_sync_refresh_check (GTask *task, const char *resource, GDateTime **fetched_at, GError **error)
{
  KbSync *self = g_task_get_source_object (task);
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GError) store_error = NULL;

  if (g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (error));
      return FALSE;
    }
  if (g_error_matches (*error, KB_API_ERROR, KB_API_ERROR_NOT_MODIFIED))
    {
      note_outcome (self, *error);
      now = g_date_time_new_now_utc ();
      if (!kb_store_set_fetched_at (self->store, resource, now, &store_error))
        g_warning ("Could not update the cached %s: %s", resource, store_error->message);
      if (fetched_at != NULL)
        _kb_sync_set_fetched_at (self, fetched_at, now, NULL);
      g_task_return_boolean (task, TRUE);
      return FALSE;
    }
  return _kb_sync_task_check (task, error);
}

/* The finish function of a task of @source that returns a boolean. */
gboolean
_kb_sync_finish_boolean (gpointer source, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The finish function of a task of @source that returns a pointer. */
gpointer
_kb_sync_finish_pointer (gpointer source, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * _kb_sync_unwatched_refresh_done:
 * @user_data: (type utf8): what the refresh is, for the log
 *
 * The callback of a refresh that no page waits for (a timer's, a push's,
 * one after a change): its outcome was already reported as every
 * request's is, so a failure is only logged, and a cancelled one not even
 * that.
 */
void
_kb_sync_unwatched_refresh_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;

  if (!_kb_sync_finish_boolean (source, result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("%s: %s", (const char *) user_data, error->message);
}

/* Makes @store hold @items (of its item type), in one change. */
void
_kb_sync_replace_all (GListStore *store, GPtrArray *items)
{
  g_list_store_splice (store, 0, g_list_model_get_n_items (G_LIST_MODEL (store)),
                       items->pdata, items->len);
}

/**
 * _kb_sync_set_fetched_at:
 * @source: the object that keeps @field
 * @field: (inout): its "last fetched" time
 * @fetched_at: (nullable): the new time
 * @pspec: (nullable): @source's property of @field, notified
 *
 * Sets a data object's "last fetched" time, the way every one keeps it.
 */
void
_kb_sync_set_fetched_at (gpointer     source,
                         GDateTime  **field,
                         GDateTime   *fetched_at,
                         GParamSpec  *pspec)
{
  g_clear_pointer (field, g_date_time_unref);
  *field = fetched_at != NULL ? g_date_time_ref (fetched_at) : NULL;
  if (pspec != NULL)
    g_object_notify_by_pspec (G_OBJECT (source), pspec);
}

/* The "refreshing" property every section's data object has: whether a
 * refresh it started is under way. */
GParamSpec *
_kb_sync_param_refreshing (void)
{
  return g_param_spec_boolean ("refreshing", NULL, NULL, FALSE,
                               G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

/* The "fetched-at" property every section's data object has: when the
 * server last confirmed what it shows, %NULL if it never did. */
GParamSpec *
_kb_sync_param_fetched_at (void)
{
  return g_param_spec_boxed ("fetched-at", NULL, NULL, G_TYPE_DATE_TIME,
                             G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static void
load_cached (KbSync *self)
{
  g_autoptr(GError) error = NULL;

  self->client = kb_store_load_client_profile (self->store, &self->client_etag,
                                               &self->client_fetched_at, &error);
  if (error != NULL)
    g_warning ("Could not read the cached profile: %s", error->message);
}

static gboolean
on_refresh_timeout (gpointer user_data)
{
  KbSync *self = user_data;

  kb_sync_refresh_client_async (self, NULL, _kb_sync_unwatched_refresh_done,
                                (gpointer) "Periodic refresh");
  return G_SOURCE_CONTINUE;
}

static void
restart_timer (KbSync *self)
{
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (self->refresh_interval > 0 && self->cancellable != NULL)
    self->refresh_source = g_timeout_add_seconds (self->refresh_interval, on_refresh_timeout, self);
}

static void
kb_sync_constructed (GObject *object)
{
  KbSync *self = KB_SYNC (object);

  G_OBJECT_CLASS (kb_sync_parent_class)->constructed (object);
  load_cached (self);
  self->feedback = adopt (self, kb_feedback_new (self->api, self->store));
  if (self->refresh_interval > 0)
    kb_feedback_set_poll_interval (self->feedback, self->refresh_interval);
  self->subscribers = adopt (self, kb_subscribers_new (self->api, self->store));
  self->renames = adopt (self, kb_renames_new (self->api, self->store));
  self->service_orders = adopt (self, kb_service_orders_new (self->api, self->store));
  self->requests = adopt (self, kb_requests_new (self->api, self->store));
  kb_requests_start (self->requests, self->feedback);
  restart_timer (self);
}

static void
kb_sync_dispose (GObject *object)
{
  kb_sync_shutdown (KB_SYNC (object));
  G_OBJECT_CLASS (kb_sync_parent_class)->dispose (object);
}

static void
kb_sync_finalize (GObject *object)
{
  KbSync *self = KB_SYNC (object);

  g_clear_object (&self->api);
  g_clear_object (&self->store);
  g_clear_object (&self->client);
  /* A page may keep a data object longer than this KbSync lives. */
  disown (self->feedback);
  disown (self->subscribers);
  disown (self->renames);
  disown (self->service_orders);
  disown (self->requests);
  g_clear_object (&self->feedback);
  g_clear_object (&self->subscribers);
  g_clear_object (&self->renames);
  g_clear_object (&self->service_orders);
  g_clear_object (&self->requests);
  g_free (self->client_etag);
  g_clear_pointer (&self->client_fetched_at, g_date_time_unref);

  G_OBJECT_CLASS (kb_sync_parent_class)->finalize (object);
}

static void
kb_sync_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KbSync *self = KB_SYNC (object);

  switch (prop_id)
    {
    case PROP_API: g_value_set_object (value, self->api); break;
    case PROP_STORE: g_value_set_object (value, self->store); break;
    case PROP_ONLINE: g_value_set_boolean (value, self->online); break;
    case PROP_CLIENT: g_value_set_object (value, self->client); break;
    case PROP_REFRESH_INTERVAL: g_value_set_uint (value, self->refresh_interval); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kb_sync_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  KbSync *self = KB_SYNC (object);

  switch (prop_id)
    {
    case PROP_API: self->api = g_value_dup_object (value); break;
    case PROP_STORE: self->store = g_value_dup_object (value); break;
    case PROP_REFRESH_INTERVAL: kb_sync_set_refresh_interval (self, g_value_get_uint (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kb_sync_class_init (KbSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = kb_sync_constructed;
  object_class->dispose = kb_sync_dispose;
  object_class->finalize = kb_sync_finalize;
  object_class->get_property = kb_sync_get_property;
  object_class->set_property = kb_sync_set_property;

  properties[PROP_API] =
    g_param_spec_object ("api", NULL, NULL, KB_TYPE_API_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, KB_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ONLINE] =
    g_param_spec_boolean ("online", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, KB_TYPE_CLIENT_PROFILE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REFRESH_INTERVAL] =
    g_param_spec_uint ("refresh-interval", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KbSync::unauthorized:
   * @error: why the server refused the session
   *
   * The server no longer accepts the token: the user must sign in again.
   */
  signals[UNAUTHORIZED] =
    g_signal_new ("unauthorized", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
kb_sync_init (KbSync *self)
{
  self->online = TRUE;
  self->cancellable = g_cancellable_new ();
}

KbSync *
kb_sync_new (KbApiClient *api, KbStore *store)
{
  g_return_val_if_fail (KB_IS_API_CLIENT (api), NULL);
  g_return_val_if_fail (KB_IS_STORE (store), NULL);
  return g_object_new (KB_TYPE_SYNC, "api", api, "store", store, NULL);
}

KbApiClient *
kb_sync_get_api (KbSync *self)
{
  g_return_val_if_fail (KB_IS_SYNC (self), NULL);
  return self->api;
}

KbStore *
kb_sync_get_store (KbSync *self)
{
  g_return_val_if_fail (KB_IS_SYNC (self), NULL);
  return self->store;
}

gboolean
kb_sync_get_online (KbSync *self)
{
  g_return_val_if_fail (KB_IS_SYNC (self), FALSE);
  return self->online;
}

/* Returns: (transfer none) (nullable): the freshest profile known, cached or fetched. */
KbClientProfile *
kb_sync_get_client (KbSync *self)
{
  g_return_val_if_fail (KB_IS_SYNC (self), NULL);
  return self->client;
}

/* Returns: (transfer none) (nullable): when the server last confirmed the profile. */
GDateTime *
kb_sync_get_client_fetched_at (KbSync *self)
{
  g_return_val_if_fail (KB_IS_SYNC (self), NULL);
  return self->client_fetched_at;
}

guint
kb_sync_get_refresh_interval (KbSync *self)
{
  g_return_val_if_fail (KB_IS_SYNC (self), 0);
  return self->refresh_interval;
}

/* Refreshes every @seconds (0: only when asked). */
void
kb_sync_set_refresh_interval (KbSync *self, guint seconds)
{
  g_return_if_fail (KB_IS_SYNC (self));

  if (self->refresh_interval == seconds)
    return;
  self->refresh_interval = seconds;
  restart_timer (self);
  /* Answers are polled for at the same interval when push is down. */
  if (self->feedback != NULL && seconds > 0)
    kb_feedback_set_poll_interval (self->feedback, seconds);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFRESH_INTERVAL]);
}

static void
on_get_client_ready (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  KbSync *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(KbClientProfile) profile = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *etag = NULL;

  profile = kb_api_client_get_client_finish (KB_API_CLIENT (source), result, &etag, &error);
  if (!_kb_sync_refresh_check (task, KB_STORE_CLIENT_PROFILE, &self->client_fetched_at, &error))
    return;

  now = g_date_time_new_now_utc ();
  _kb_sync_set_client (self, profile, etag, now);
  g_task_return_boolean (task, TRUE);
}

/**
 * kb_sync_refresh_client_async:
 *
 * Asks the server for the profile, conditionally on the cached ETag. On
 * success KbSync:client holds the new profile (or stays as it is on 304).
 * Unreachable servers turn KbSync:online off; a refused token emits
 * KbSync::unauthorized. The finish function reports the error either way.
 */
void
kb_sync_refresh_client_async (KbSync              *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KB_IS_SYNC (self));

  task = _kb_sync_task_new (self, kb_sync_refresh_client_async, cancellable, callback, user_data);

  /* Without a cached profile a stale ETag would only earn an empty 304. */
  kb_api_client_get_client_async (self->api, self->client != NULL ? self->client_etag : NULL,
                                  cancellable, on_get_client_ready, g_steal_pointer (&task));
}

gboolean
kb_sync_refresh_client_finish (KbSync *self, GAsyncResult *result, GError **error)
{
  return _kb_sync_finish_boolean (self, result, error);
}

/* Stops the timers and cancels what is in flight; used on sign-out. */
void
kb_sync_shutdown (KbSync *self)
{
  g_return_if_fail (KB_IS_SYNC (self));

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (self->feedback != NULL)
    kb_feedback_stop (self->feedback);
  if (self->subscribers != NULL)
    kb_subscribers_stop (self->subscribers);
  if (self->renames != NULL)
    kb_renames_stop (self->renames);
  if (self->service_orders != NULL)
    kb_service_orders_stop (self->service_orders);
  if (self->requests != NULL)
    kb_requests_stop (self->requests);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

/* Returns: (transfer none): the Feedback section's data of this session. */
KbFeedback *
kb_sync_get_feedback (KbSync *self)
{
  g_return_val_if_fail (KB_IS_SYNC (self), NULL);
  return self->feedback;
}

/* Returns: (transfer none): Subscriber Selection's data of this session,
 * with the current subscriber that Rename and Service Actions act on. */
KbSubscribers *
kb_sync_get_subscribers (KbSync *self)
{
  g_return_val_if_fail (KB_IS_SYNC (self), NULL);
  return self->subscribers;
}

/* Returns: (transfer none): Rename Subscriber's data of this session. */
KbRenames *
kb_sync_get_renames (KbSync *self)
{
  g_return_val_if_fail (KB_IS_SYNC (self), NULL);
  return self->renames;
}

/* Returns: (transfer none): Service Actions' data of this session. */
KbServiceOrders *
kb_sync_get_service_orders (KbSync *self)
{
  g_return_val_if_fail (KB_IS_SYNC (self), NULL);
  return self->service_orders;
}

/* Returns: (transfer none): the operator's requests of this session. */
KbRequests *
kb_sync_get_requests (KbSync *self)
{
  g_return_val_if_fail (KB_IS_SYNC (self), NULL);
  return self->requests;
}
