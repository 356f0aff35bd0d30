/* kb-renames.c — Rename Subscriber's data: renaming, one or by a batch, and the history.
 *
 * The history is a GListStore of KbRenameBatch, read from the cache the
 * first time it is asked for (a hundred rows at most) and replaced by each
 * refresh. A rename or a submitted batch refreshes the history after it, so
 * the new entry shows with the server's own status. A batch's rows are
 * cached when it is submitted or opened, so an opened batch still shows
 * them offline.
 */
#include "config.h"

#include "kb-renames.h"

#include "kb-api-error.h"
#include "kb-api-renames.h"
#include "kb-store-renames.h"
#include "kb-sync-private.h"

struct _KbRenames
{
  GObject parent_instance;

  KbApiClient *api;
  KbStore *store;
  GListStore *model;
  gboolean loaded;
  guint refreshing;
  GDateTime *fetched_at;
  GCancellable *cancellable;   /* the refreshes started after a rename */
};

G_DEFINE_FINAL_TYPE (KbRenames, kb_renames, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_REFRESHING,
  PROP_FETCHED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
load_cached (KbRenames *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) batches = NULL;

  if (self->loaded)
    return;
  self->loaded = TRUE;
  batches = kb_store_load_rename_batches (self->store, &self->fetched_at, &error);
  if (batches == NULL)
    {
      g_warning ("Could not read the cached rename history: %s", error->message);
      return;
    }
  g_list_store_splice (self->model, 0, 0, batches->pdata, batches->len);
}

GListModel *
kb_renames_get_model (KbRenames *self)
{
  g_return_val_if_fail (KB_IS_RENAMES (self), NULL);
  load_cached (self);
  return G_LIST_MODEL (self->model);
}

gboolean
kb_renames_get_refreshing (KbRenames *self)
{
  g_return_val_if_fail (KB_IS_RENAMES (self), FALSE);
  return self->refreshing > 0;
}

GDateTime *
kb_renames_get_fetched_at (KbRenames *self)
{
  g_return_val_if_fail (KB_IS_RENAMES (self), NULL);
  load_cached (self);
  return self->fetched_at;
}

static void
set_refreshing (KbRenames *self, gboolean start)
{
  gboolean was = self->refreshing > 0;

  if (start)
    self->refreshing++;
  else if (self->refreshing > 0)
    self->refreshing--;
  if (was != (self->refreshing > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFRESHING]);
}

/* Refresh */

static void
on_list_ready (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  KbRenames *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) batches = kb_api_client_list_rename_batches_finish (KB_API_CLIENT (source), result, &error);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  set_refreshing (self, FALSE);
  if (!_kb_sync_task_check (task, &error))
    return;

  if (!kb_store_save_rename_batches (self->store, batches, now, &error))
    g_warning ("Could not cache the rename history: %s", error->message);
  load_cached (self);
  _kb_sync_replace_all (self->model, batches);
  _kb_sync_set_fetched_at (self, &self->fetched_at, now, properties[PROP_FETCHED_AT]);
  g_task_return_boolean (task, TRUE);
}

void
kb_renames_refresh_async (KbRenames           *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KB_IS_RENAMES (self));

  task = _kb_sync_task_new (self, kb_renames_refresh_async, cancellable, callback, user_data);
  set_refreshing (self, TRUE);
  kb_api_client_list_rename_batches_async (self->api, cancellable, on_list_ready, g_steal_pointer (&task));
}

gboolean
kb_renames_refresh_finish (KbRenames *self, GAsyncResult *result, GError **error)
{
  return _kb_sync_finish_boolean (self, result, error);
}

static void
refresh_in_background (KbRenames *self)
{
  kb_renames_refresh_async (self, self->cancellable, _kb_sync_unwatched_refresh_done,
                            (gpointer) "Refreshing the rename history");
}

/* Single rename */

static void
on_renamed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  KbRenames *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(KbSubscriber) subscriber = kb_api_client_rename_subscriber_finish (KB_API_CLIENT (source),
                                                                               result, &error);

  if (!_kb_sync_task_check (task, &error))
    return;
  refresh_in_background (self);
  g_task_return_pointer (task, g_steal_pointer (&subscriber), g_object_unref);
}

void
kb_renames_rename_async (KbRenames           *self,
                         const char          *subscriber_id,
                         const char          *name,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KB_IS_RENAMES (self));
  g_return_if_fail (subscriber_id != NULL && name != NULL);

  task = _kb_sync_task_new (self, kb_renames_rename_async, cancellable, callback, user_data);
  kb_api_client_rename_subscriber_async (self->api, subscriber_id, name, cancellable, on_renamed,
                                         g_steal_pointer (&task));
}

KbSubscriber *
kb_renames_rename_finish (KbRenames *self, GAsyncResult *result, GError **error)
{
  return _kb_sync_finish_pointer (self, result, error);
}

/* Batches */

static void
on_submitted (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  KbRenames *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(KbRenameBatch) batch = kb_api_client_create_rename_batch_finish (KB_API_CLIENT (source),
                                                                            result, &error);

  if (!_kb_sync_task_check (task, &error))
    return;
  if (!kb_store_save_rename_batch (self->store, batch, &error))
    g_warning ("Could not cache the rename batch: %s", error->message);
  refresh_in_background (self);
  g_task_return_pointer (task, g_steal_pointer (&batch), g_object_unref);
}

void
kb_renames_submit_async (KbRenames           *self,
                         const char * const  *numbers,
                         const char * const  *names,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KB_IS_RENAMES (self));

  task = _kb_sync_task_new (self, kb_renames_submit_async, cancellable, callback, user_data);
  kb_api_client_create_rename_batch_async (self->api, numbers, names, cancellable, on_submitted,
                                           g_steal_pointer (&task));
}

KbRenameBatch *
kb_renames_submit_finish (KbRenames *self, GAsyncResult *result, GError **error)
{
  return _kb_sync_finish_pointer (self, result, error);
}

static KbRenameBatch *
find_batch (KbRenames *self, const char *batch_id)
{
  GListModel *model = kb_renames_get_model (self);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(KbRenameBatch) batch = g_list_model_get_item (model, i);

      if (g_str_equal (kb_rename_batch_get_id (batch), batch_id))
        return g_steal_pointer (&batch);
    }
  return NULL;
}

static void
on_batch_fetched (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  KbRenames *self = g_task_get_source_object (task);
  const char *batch_id = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) store_error = NULL;
  g_autoptr(KbRenameBatch) batch = kb_api_client_get_rename_batch_finish (KB_API_CLIENT (source),
                                                                         result, &error);
  g_autoptr(KbRenameBatch) cached = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  _kb_sync_note_outcome (self, error);
  if (batch != NULL)
    {
      if (!kb_store_save_rename_batch (self->store, batch, &store_error))
        g_warning ("Could not cache the rename batch: %s", store_error->message);
      g_task_return_pointer (task, g_steal_pointer (&batch), g_object_unref);
      return;
    }

  /* Offline: the cached rows, if this batch was opened or sent before. */
  if (kb_api_error_is_unreachable (error) &&
      (cached = find_batch (self, batch_id)) != NULL &&
      (rows = kb_store_load_rename_rows (self->store, batch_id, NULL)) != NULL)
    {
      g_autoptr(KbRenameBatch) copy = kb_rename_batch_new (kb_rename_batch_get_id (cached),
                                                           kb_rename_batch_get_single (cached),
                                                           kb_rename_batch_get_created_at (cached),
                                                           kb_rename_batch_get_effective_at (cached),
                                                           kb_rename_batch_get_status (cached),
                                                           kb_rename_batch_get_total (cached),
                                                           kb_rename_batch_get_accepted (cached),
                                                           kb_rename_batch_get_rejected (cached),
                                                           kb_rename_batch_get_number (cached),
                                                           kb_rename_batch_get_name (cached));

      kb_rename_batch_set_rows (copy, rows);
      g_task_return_pointer (task, g_steal_pointer (&copy), g_object_unref);
      return;
    }
  g_task_return_error (task, g_steal_pointer (&error));
}

void
kb_renames_fetch_batch_async (KbRenames           *self,
                              const char          *batch_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KB_IS_RENAMES (self));
  g_return_if_fail (batch_id != NULL);

  task = _kb_sync_task_new (self, kb_renames_fetch_batch_async, cancellable, callback, user_data);
  g_task_set_task_data (task, g_strdup (batch_id), g_free);
  kb_api_client_get_rename_batch_async (self->api, batch_id, cancellable, on_batch_fetched,
                                        g_steal_pointer (&task));
}

KbRenameBatch *
kb_renames_fetch_batch_finish (KbRenames *self, GAsyncResult *result, GError **error)
{
  return _kb_sync_finish_pointer (self, result, error);
}

void
kb_renames_stop (KbRenames *self)
{
  g_return_if_fail (KB_IS_RENAMES (self));

  /* Stays cancelled: a stopped session starts nothing more. */
  g_cancellable_cancel (self->cancellable);
}

/* GObject */

static void
kb_renames_dispose (GObject *object)
{
  KbRenames *self = KB_RENAMES (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (kb_renames_parent_class)->dispose (object);
}

static void
kb_renames_finalize (GObject *object)
{
  KbRenames *self = KB_RENAMES (object);

  g_clear_object (&self->api);
  g_clear_object (&self->store);
  g_clear_object (&self->model);
  g_clear_pointer (&self->fetched_at, g_date_time_unref);

  G_OBJECT_CLASS (kb_renames_parent_class)->finalize (object);
}

static void
kb_renames_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KbRenames *self = KB_RENAMES (object);

  switch (prop_id)
    {
    case PROP_REFRESHING: g_value_set_boolean (value, kb_renames_get_refreshing (self)); break;
    case PROP_FETCHED_AT: g_value_set_boxed (value, self->fetched_at); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kb_renames_class_init (KbRenamesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kb_renames_dispose;
  object_class->finalize = kb_renames_finalize;
  object_class->get_property = kb_renames_get_property;

  properties[PROP_REFRESHING] = _kb_sync_param_refreshing ();
  properties[PROP_FETCHED_AT] = _kb_sync_param_fetched_at ();
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kb_renames_init (KbRenames *self)
{
  self->model = g_list_store_new (KB_TYPE_RENAME_BATCH);
  self->cancellable = g_cancellable_new ();
}

KbRenames *
kb_renames_new (KbApiClient *api, KbStore *store)
{
  KbRenames *self;

  g_return_val_if_fail (KB_IS_API_CLIENT (api), NULL);
  g_return_val_if_fail (KB_IS_STORE (store), NULL);

  self = g_object_new (KB_TYPE_RENAMES, NULL);
  self->api = g_object_ref (api);
  self->store = g_object_ref (store);
  return self;
}
