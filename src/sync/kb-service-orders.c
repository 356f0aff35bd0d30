/* kb-service-orders.c — Service Actions' data: the catalogue, orders and their history.
 *
 * The catalogue and the history are small: both live in GListStores filled
 * from the cache when the object is made and replaced by each refresh. An
 * order is sent as one request whatever the length of the list; its results
 * are kept in the cache, and the history is asked again so the new order
 * shows there with the server's counts and status.
 */
#include "config.h"

#include "kb-service-orders.h"

#include "kb-api-error.h"
#include "kb-api-services.h"
#include "kb-store-services.h"
#include "kb-str.h"
#include "kb-sync-private.h"

struct _KbServiceOrders
{
  GObject parent_instance;

  KbApiClient *api;
  KbStore *store;
  GCancellable *cancellable;  /* of the writes it starts itself */

  GListStore *services;
  GListStore *orders;
  char *history_from;
  GDateTime *fetched_at;
};

G_DEFINE_FINAL_TYPE (KbServiceOrders, kb_service_orders, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_HISTORY_FROM,
  PROP_FETCHED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_history (KbServiceOrders *self, GPtrArray *orders, const char *history_from, GDateTime *fetched_at)
{
  _kb_sync_replace_all (self->orders, orders);
  if (kb_set_str (&self->history_from, history_from))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HISTORY_FROM]);
  _kb_sync_set_fetched_at (self, &self->fetched_at, fetched_at, properties[PROP_FETCHED_AT]);
}

static void
load_cached (KbServiceOrders *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) services = kb_store_load_services (self->store, NULL, &error);
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GDateTime) fetched_at = NULL;
  g_autofree char *history_from = NULL;

  if (services != NULL)
    _kb_sync_replace_all (self->services, services);
  else
    g_warning ("Cannot read the cached service catalogue: %s", error->message);
  g_clear_error (&error);

  orders = kb_store_load_service_orders (self->store, &history_from, &fetched_at, &error);
  if (orders != NULL)
    set_history (self, orders, history_from, fetched_at);
  else
    g_warning ("Cannot read the cached service orders: %s", error->message);
}

/* Shows the history the server sent and keeps it in the cache. */
static void
keep_history (KbServiceOrders *self, KbApiServiceOrderList *list)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;

  set_history (self, list->orders, list->from, now);
  if (!kb_store_save_service_orders (self->store, list->orders, list->from, now, &error))
    g_warning ("Cannot cache the service orders: %s", error->message);
}

/* Refresh: the catalogue and the history side by side; the task ends when
 * both have, with the first error. */

typedef struct {
  guint pending;
  GError *error;
} RefreshData;

static void
refresh_data_free (RefreshData *data)
{
  g_clear_error (&data->error);
  g_free (data);
}

static void
refresh_part_done (GTask *task, GError *error)
{
  RefreshData *data = g_task_get_task_data (task);

  if (error != NULL && data->error == NULL)
    data->error = g_error_copy (error);
  if (--data->pending > 0)
    return;
  if (data->error != NULL)
    g_task_return_error (task, g_steal_pointer (&data->error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_services_ready (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  KbServiceOrders *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) services = kb_api_client_list_services_finish (KB_API_CLIENT (source), result, &error);

  if (services != NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autoptr(GError) store_error = NULL;

      _kb_sync_replace_all (self->services, services);
      if (!kb_store_save_services (self->store, services, now, &store_error))
        g_warning ("Cannot cache the service catalogue: %s", store_error->message);
    }
  _kb_sync_note_outcome (self, error);
  refresh_part_done (task, error);
}

static void
on_orders_ready (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  KbServiceOrders *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(KbApiServiceOrderList) list = kb_api_client_list_service_orders_finish (KB_API_CLIENT (source),
                                                                                   result, &error);

  if (list != NULL)
    keep_history (self, list);
  _kb_sync_note_outcome (self, error);
  refresh_part_done (task, error);
}

void
kb_service_orders_refresh_async (KbServiceOrders     *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RefreshData *data;

  g_return_if_fail (KB_IS_SERVICE_ORDERS (self));

  task = _kb_sync_task_new (self, kb_service_orders_refresh_async,
                            cancellable, callback, user_data);
  data = g_new0 (RefreshData, 1);
  data->pending = 2;
  g_task_set_task_data (task, data, (GDestroyNotify) refresh_data_free);

  kb_api_client_list_services_async (self->api, cancellable, on_services_ready, g_object_ref (task));
  kb_api_client_list_service_orders_async (self->api, cancellable, on_orders_ready, g_steal_pointer (&task));
}

gboolean
kb_service_orders_refresh_finish (KbServiceOrders *self, GAsyncResult *result, GError **error)
{
  return _kb_sync_finish_boolean (self, result, error);
}

/* Submit */

static void
on_history_after_submit (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  KbServiceOrders *self = g_task_get_source_object (task);
  KbServiceOrder *order = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(KbApiServiceOrderList) list = kb_api_client_list_service_orders_finish (KB_API_CLIENT (source),
                                                                                   result, &error);

  /* The order is done whatever happens to the history; a history that
   * cannot be fetched now is fetched by the next refresh. */
  if (list != NULL)
    keep_history (self, list);
  g_task_return_pointer (task, g_object_ref (order), g_object_unref);
}

static void
on_results_saved (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!kb_store_save_service_order_results_finish (KB_STORE (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Cannot cache the results of a service order: %s", error->message);
  if (task != NULL)
    {
      KbServiceOrders *self = g_task_get_source_object (task);
      GCancellable *cancellable = g_task_get_cancellable (task);

      kb_api_client_list_service_orders_async (self->api, cancellable, on_history_after_submit,
                                               g_steal_pointer (&task));
    }
}

static void
on_order_ready (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  KbServiceOrders *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(KbServiceOrder) order = kb_api_client_order_service_finish (KB_API_CLIENT (source), result, &error);
  KbServiceOrder *kept;

  if (!_kb_sync_task_check (task, &error))
    return;

  /* The results are in the cache before the history is asked again, so
   * the order opened from the history offline shows them. */
  kept = order;
  g_task_set_task_data (task, g_steal_pointer (&order), g_object_unref);
  if (kb_service_order_get_results (kept) != NULL)
    kb_store_save_service_order_results_async (self->store, kept, self->cancellable, on_results_saved,
                                               g_steal_pointer (&task));
  else
    {
      GCancellable *cancellable = g_task_get_cancellable (task);

      kb_api_client_list_service_orders_async (self->api, cancellable, on_history_after_submit,
                                               g_steal_pointer (&task));
    }
}

/**
 * kb_service_orders_submit_async:
 * @numbers: (array zero-terminated=1): canonical numbers, or numbers as the
 *   user gave them (the server answers for each, in order)
 *
 * Adds or removes @service for every number, in one request; then fetches
 * the history again.
 */
void
kb_service_orders_submit_async (KbServiceOrders     *self,
                                KbServiceAction      action,
                                const char          *service,
                                const char * const  *numbers,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KB_IS_SERVICE_ORDERS (self));
  g_return_if_fail (service != NULL && numbers != NULL && numbers[0] != NULL);

  task = _kb_sync_task_new (self, kb_service_orders_submit_async, cancellable, callback, user_data);
  kb_api_client_order_service_async (self->api, action, service, numbers, cancellable, on_order_ready,
                                     g_steal_pointer (&task));
}

/* Returns: (transfer full): the order with every row's result. */
KbServiceOrder *
kb_service_orders_submit_finish (KbServiceOrders *self, GAsyncResult *result, GError **error)
{
  return _kb_sync_finish_pointer (self, result, error);
}

/* Results of an order of the history */

static void
on_order_details_ready (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  KbServiceOrders *self = g_task_get_source_object (task);
  const char *id = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(KbServiceOrder) order = kb_api_client_get_service_order_finish (KB_API_CLIENT (source), result,
                                                                           &error);
  GPtrArray *results;

  _kb_sync_note_outcome (self, error);
  if (order == NULL || (results = kb_service_order_get_results (order)) == NULL)
    {
      g_autoptr(GPtrArray) cached = NULL;

      /* Offline, the results kept when the order was sent or last opened. */
      if (kb_api_error_is_unreachable (error))
        cached = kb_store_load_service_order_results (self->store, id, NULL);
      if (cached != NULL)
        g_task_return_pointer (task, g_steal_pointer (&cached), (GDestroyNotify) g_ptr_array_unref);
      else if (error != NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_pointer (task, g_ptr_array_new_with_free_func (g_object_unref),
                               (GDestroyNotify) g_ptr_array_unref);
      return;
    }
  kb_store_save_service_order_results_async (self->store, order, self->cancellable, on_results_saved, NULL);
  g_task_return_pointer (task, g_ptr_array_ref (results), (GDestroyNotify) g_ptr_array_unref);
}

void
kb_service_orders_fetch_results_async (KbServiceOrders     *self,
                                       KbServiceOrder      *order,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  const char *id;

  g_return_if_fail (KB_IS_SERVICE_ORDERS (self));
  g_return_if_fail (KB_IS_SERVICE_ORDER (order));

  id = kb_service_order_get_id (order);
  task = _kb_sync_task_new (self, kb_service_orders_fetch_results_async,
                            cancellable, callback, user_data);
  g_task_set_task_data (task, g_strdup (id), g_free);
  kb_api_client_get_service_order_async (self->api, id, cancellable, on_order_details_ready,
                                         g_steal_pointer (&task));
}

/* Returns: (transfer full) (element-type KbServiceResult): in row order. */
GPtrArray *
kb_service_orders_fetch_results_finish (KbServiceOrders *self, GAsyncResult *result, GError **error)
{
  return _kb_sync_finish_pointer (self, result, error);
}

/* Accessors */

GListModel *
kb_service_orders_get_services (KbServiceOrders *self)
{
  g_return_val_if_fail (KB_IS_SERVICE_ORDERS (self), NULL);
  return G_LIST_MODEL (self->services);
}

GListModel *
kb_service_orders_get_orders (KbServiceOrders *self)
{
  g_return_val_if_fail (KB_IS_SERVICE_ORDERS (self), NULL);
  return G_LIST_MODEL (self->orders);
}

const char *
kb_service_orders_get_history_from (KbServiceOrders *self)
{
  g_return_val_if_fail (KB_IS_SERVICE_ORDERS (self), NULL);
  return self->history_from;
}

GDateTime *
kb_service_orders_get_fetched_at (KbServiceOrders *self)
{
  g_return_val_if_fail (KB_IS_SERVICE_ORDERS (self), NULL);
  return self->fetched_at;
}

/* Returns: (transfer none) (nullable): the catalogue's service of @code. */
KbService *
kb_service_orders_lookup_service (KbServiceOrders *self, const char *code)
{
  guint n;

  g_return_val_if_fail (KB_IS_SERVICE_ORDERS (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->services));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KbService) service = g_list_model_get_item (G_LIST_MODEL (self->services), i);

      if (g_strcmp0 (kb_service_get_code (service), code) == 0)
        return service;
    }
  return NULL;
}

/* Ends the session's work: no more writes to the cache are started. */
void
kb_service_orders_stop (KbServiceOrders *self)
{
  g_return_if_fail (KB_IS_SERVICE_ORDERS (self));

  /* Stays cancelled: a stopped session starts nothing more. */
  g_cancellable_cancel (self->cancellable);
}

static void
kb_service_orders_finalize (GObject *object)
{
  KbServiceOrders *self = KB_SERVICE_ORDERS (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->api);
  g_clear_object (&self->store);
  g_clear_object (&self->services);
  g_clear_object (&self->orders);
  g_free (self->history_from);
  g_clear_pointer (&self->fetched_at, g_date_time_unref);

  G_OBJECT_CLASS (kb_service_orders_parent_class)->finalize (object);
}

static void
kb_service_orders_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KbServiceOrders *self = KB_SERVICE_ORDERS (object);

  switch (prop_id)
    {
    case PROP_HISTORY_FROM: g_value_set_string (value, self->history_from); break;
    case PROP_FETCHED_AT: g_value_set_boxed (value, self->fetched_at); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kb_service_orders_class_init (KbServiceOrdersClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kb_service_orders_finalize;
  object_class->get_property = kb_service_orders_get_property;

  properties[PROP_HISTORY_FROM] =
    g_param_spec_string ("history-from", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FETCHED_AT] = _kb_sync_param_fetched_at ();
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kb_service_orders_init (KbServiceOrders *self)
{
  self->cancellable = g_cancellable_new ();
  self->services = g_list_store_new (KB_TYPE_SERVICE);
  self->orders = g_list_store_new (KB_TYPE_SERVICE_ORDER);
}

/* Fills the catalogue and the history from the cache at once. */
KbServiceOrders *
kb_service_orders_new (KbApiClient *api, KbStore *store)
{
  KbServiceOrders *self;

  g_return_val_if_fail (KB_IS_API_CLIENT (api), NULL);
  g_return_val_if_fail (KB_IS_STORE (store), NULL);

  self = g_object_new (KB_TYPE_SERVICE_ORDERS, NULL);
  self->api = g_object_ref (api);
  self->store = g_object_ref (store);
  load_cached (self);
  return self;
}
