/* kb-store-services.c — the cached service catalogue and service-order history.
 *
 * The catalogue and the history are each replaced whole in one transaction,
 * with the time the server sent them (and, for the history, its first day),
 * so they show offline. An order's per-subscriber results are kept when it
 * is sent or opened — on a worker thread, as there can be 100 000 — and
 * dropped with the order when it leaves the history.
 */
#include "config.h"

#include "kb-store-services.h"

#include "kb-store-private.h"

typedef struct {
  GPtrArray *items;
  const char *history_from;
  GDateTime *fetched_at;
} Write;

static void
bind_service (sqlite3_stmt *stmt, gpointer item, guint position)
{
  kb_db_bind_text (stmt, 1, kb_service_get_code (item));
  sqlite3_bind_int (stmt, 2, (int) position);
  kb_db_bind_text (stmt, 3, kb_service_get_name (item));
  sqlite3_bind_int64 (stmt, 4, kb_service_get_monthly_fee (item));
  kb_db_bind_text (stmt, 5, kb_service_get_currency (item));
}

static gboolean
write_services (KbDb *db, gpointer data, GError **error)
{
  Write *w = data;

  return _kb_store_replace_rows (db, "service",
                                 "INSERT INTO service (code, position, name, fee_minor, currency)"
                                 " VALUES (?1, ?2, ?3, ?4, ?5)",
                                 w->items, bind_service, error) &&
         _kb_store_write_fetched_at (db, KB_STORE_SERVICES, w->fetched_at, error);
}

/**
 * kb_store_save_services:
 * @services: (element-type KbService): the whole catalogue, in order
 *
 * Replaces the cached catalogue in one transaction.
 */
gboolean
kb_store_save_services (KbStore *self, GPtrArray *services, GDateTime *fetched_at, GError **error)
{
  Write w = { services, NULL, fetched_at };

  g_return_val_if_fail (KB_IS_STORE (self), FALSE);
  return kb_db_transaction (_kb_store_get_db (self), write_services, &w, error);
}

/**
 * kb_store_load_services:
 * @fetched_at: (out) (optional) (nullable): when the server sent it; NULL
 *   when it never did
 *
 * Returns: (transfer full) (element-type KbService): the cached catalogue
 */
static gpointer
service_from_row (sqlite3_stmt *stmt)
{
  return kb_service_new (kb_db_column_text (stmt, 0), kb_db_column_text (stmt, 1),
                         sqlite3_column_int64 (stmt, 2), kb_db_column_text (stmt, 3));
}

GPtrArray *
kb_store_load_services (KbStore *self, GDateTime **fetched_at, GError **error)
{
  g_return_val_if_fail (KB_IS_STORE (self), NULL);
  return _kb_store_load_list (self, "SELECT code, name, fee_minor, currency FROM service"
                              " ORDER BY position", service_from_row, KB_STORE_SERVICES, fetched_at,
                              error);
}

/* The history is ordered by creation, not by position. */
static void
bind_order (sqlite3_stmt *stmt, gpointer item, guint position)
{
  KbServiceOrder *order = item;

  kb_db_bind_text (stmt, 1, kb_service_order_get_id (order));
  kb_db_bind_text (stmt, 2,
                   kb_enum_to_nick (KB_TYPE_SERVICE_ACTION, kb_service_order_get_action (order)));
  kb_db_bind_text (stmt, 3, kb_service_order_get_service (order));
  kb_db_bind_text (stmt, 4, kb_service_order_get_service_name (order));
  sqlite3_bind_int64 (stmt, 5, kb_service_order_get_created_at (order));
  sqlite3_bind_int64 (stmt, 6, kb_service_order_get_total (order));
  sqlite3_bind_int64 (stmt, 7, kb_service_order_get_accepted (order));
  sqlite3_bind_int64 (stmt, 8, kb_service_order_get_rejected (order));
}

static gboolean
write_orders (KbDb *db, gpointer data, GError **error)
{
  Write *w = data;

  if (!_kb_store_replace_rows (db, "service_order",
                               "INSERT INTO service_order (id, action, service, service_name,"
                               " created_at, total, accepted, rejected)"
                               " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                               w->items, bind_order, error))
    return FALSE;
  /* Results of orders that left the history go with them. */
  return kb_db_exec (db, "DELETE FROM service_order_result WHERE order_id NOT IN"
                     " (SELECT id FROM service_order);", error) &&
         kb_db_run (db, "INSERT OR REPLACE INTO service_state (resource, history_from)"
                    " VALUES (?1, ?2)", error, KB_DB_TEXT (KB_STORE_SERVICE_ORDERS),
                    KB_DB_TEXT (w->history_from)) &&
         _kb_store_write_fetched_at (db, KB_STORE_SERVICE_ORDERS, w->fetched_at, error);
}

/**
 * kb_store_save_service_orders:
 * @orders: (element-type KbServiceOrder): the whole history, newest first
 * @history_from: YYYY-MM-DD, the first day the history covers
 *
 * Replaces the cached history in one transaction.
 */
gboolean
kb_store_save_service_orders (KbStore    *self,
                              GPtrArray  *orders,
                              const char *history_from,
                              GDateTime  *fetched_at,
                              GError    **error)
{
  Write w = { orders, history_from, fetched_at };

  g_return_val_if_fail (KB_IS_STORE (self), FALSE);
  return kb_db_transaction (_kb_store_get_db (self), write_orders, &w, error);
}

/**
 * kb_store_load_service_orders:
 * @history_from: (out) (optional) (nullable): the first day of the history
 * @fetched_at: (out) (optional) (nullable): when the server sent it
 *
 * Returns: (transfer full) (element-type KbServiceOrder): the cached
 *   history, newest first, without results
 */
static gpointer
order_from_row (sqlite3_stmt *stmt)
{
  return kb_service_order_new (&(KbServiceOrderFields) {
    .id = kb_db_column_text (stmt, 0),
    .action = kb_enum_from_nick (KB_TYPE_SERVICE_ACTION, kb_db_column_text (stmt, 1),
                                 KB_SERVICE_ACTION_ADD),
    .service = kb_db_column_text (stmt, 2),
    .service_name = kb_db_column_text (stmt, 3),
    .created_at = sqlite3_column_int64 (stmt, 4),
    .total = (guint) sqlite3_column_int64 (stmt, 5),
    .accepted = (guint) sqlite3_column_int64 (stmt, 6),
    .rejected = (guint) sqlite3_column_int64 (stmt, 7),
  });
}

GPtrArray *
kb_store_load_service_orders (KbStore *self, char **history_from, GDateTime **fetched_at, GError **error)
{
  GPtrArray *orders;

  g_return_val_if_fail (KB_IS_STORE (self), NULL);

  if (history_from != NULL)
    *history_from = NULL;
  orders = _kb_store_load_list (self, "SELECT id, action, service, service_name, created_at,"
                                " total, accepted, rejected FROM service_order"
                                " ORDER BY created_at DESC, CAST (id AS INTEGER) DESC",
                                order_from_row, KB_STORE_SERVICE_ORDERS, fetched_at, error);
  if (orders != NULL && history_from != NULL)
    *history_from = _kb_store_dup_text (_kb_store_get_db (self), "SELECT history_from"
                                        " FROM service_state WHERE resource = ?1",
                                        KB_STORE_SERVICE_ORDERS, NULL);
  return orders;
}

typedef struct {
  char *order_id;
  GPtrArray *results;
} ResultsData;

static void
results_data_free (ResultsData *data)
{
  g_free (data->order_id);
  g_clear_pointer (&data->results, g_ptr_array_unref);
  g_free (data);
}

/* A result of an order whose id is bound once. */
static void
bind_result (sqlite3_stmt *stmt, gpointer item, guint position)
{
  sqlite3_bind_int64 (stmt, 2, kb_service_result_get_row (item));
  kb_db_bind_text (stmt, 3, kb_service_result_get_number (item));
  kb_db_bind_text (stmt, 4, kb_service_result_get_code (item));
}

static gboolean
write_results (KbDb *db, gpointer user_data, GError **error)
{
  ResultsData *data = user_data;

  return kb_db_run (db, "DELETE FROM service_order_result WHERE order_id = ?1", error,
                    KB_DB_TEXT (data->order_id)) &&
         _kb_store_insert_rows (db, kb_db_query (db, "INSERT INTO service_order_result (order_id,"
                                                 " row, number, code) VALUES (?1, ?2, ?3, ?4)",
                                                 error, KB_DB_TEXT (data->order_id)),
                                data->results, bind_result, error);
}

/**
 * kb_store_save_service_order_results_async:
 * @order: an order with its results
 *
 * Keeps the results of @order in one transaction, on a worker thread: an
 * order can have 100 000 rows.
 */
void
kb_store_save_service_order_results_async (KbStore             *self,
                                           KbServiceOrder      *order,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  ResultsData *data;

  g_return_if_fail (KB_IS_STORE (self));
  g_return_if_fail (kb_service_order_get_results (order) != NULL);

  data = g_new0 (ResultsData, 1);
  data->order_id = g_strdup (kb_service_order_get_id (order));
  data->results = g_ptr_array_ref (kb_service_order_get_results (order));

  _kb_store_write_async (self, kb_store_save_service_order_results_async, write_results, data,
                         (GDestroyNotify) results_data_free, cancellable, callback, user_data);
}

gboolean
kb_store_save_service_order_results_finish (KbStore *self, GAsyncResult *result, GError **error)
{
  return _kb_store_write_finish (self, result, error);
}

/* Returns: (transfer full) (nullable) (element-type KbServiceResult): the
 * cached results of the order, in row order; NULL when none are cached. */
static gpointer
result_from_row (sqlite3_stmt *stmt)
{
  return kb_service_result_new ((guint) sqlite3_column_int64 (stmt, 0), kb_db_column_text (stmt, 1),
                                kb_db_column_text (stmt, 2));
}

GPtrArray *
kb_store_load_service_order_results (KbStore *self, const char *order_id, GError **error)
{
  g_autoptr(GPtrArray) results = NULL;
  KbDb *db;

  g_return_val_if_fail (KB_IS_STORE (self), NULL);

  db = _kb_store_get_db (self);
  results = _kb_store_load_rows (db, kb_db_query (db, "SELECT row, number, code"
                                                  " FROM service_order_result WHERE order_id = ?1"
                                                  " ORDER BY row", error, KB_DB_TEXT (order_id)),
                                 result_from_row, g_object_unref, error);
  return results != NULL && results->len > 0 ? g_steal_pointer (&results) : NULL;
}
