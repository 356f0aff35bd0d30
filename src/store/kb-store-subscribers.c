/* kb-store-subscribers.c — Subscriber Selection in the cache: the whole list and the current subscriber.
 *
 * The list can be 100 000 rows: reading it takes tens of milliseconds and
 * writing it a few hundred, too long for the main loop. Both run in a GTask
 * thread on a connection opened for the job, so the store's own connection
 * (which is not shared between threads) stays the UI's; WAL lets that one
 * read while the worker writes, and the busy timeouts order two writers.
 */
#include "config.h"

#include "kb-store-subscribers.h"

#include "kb-store-private.h"

#define COLUMNS KB_STORE_SUBSCRIBER_COLUMNS
#define SEARCH_AUTOMERGE(n) \
  "INSERT INTO subscriber_search (subscriber_search, rank) VALUES ('automerge', " #n ");"

KbSubscriber *
_kb_store_subscriber_from_row (sqlite3_stmt *stmt)
{
  KbSubscriber *subscriber = kb_subscriber_new (kb_db_column_text (stmt, 0),
                                                kb_db_column_text (stmt, 1),
                                                kb_db_column_text (stmt, 2),
                                                kb_db_column_text (stmt, 3),
                                                kb_enum_from_nick (KB_TYPE_SUBSCRIBER_STATUS,
                                                                   kb_db_column_text (stmt, 4),
                                                                   KB_SUBSCRIBER_STATUS_UNKNOWN));

  if (sqlite3_column_type (stmt, 5) != SQLITE_NULL)
    {
      g_autoptr(GDateTime) at = NULL;

      if (sqlite3_column_type (stmt, 6) != SQLITE_NULL)
        at = g_date_time_new_from_iso8601 (kb_db_column_text (stmt, 6), NULL);
      kb_subscriber_set_pending (subscriber, kb_db_column_text (stmt, 5), at);
    }
  return subscriber;
}

/* Loading */

typedef struct {
  GPtrArray *subscribers;
  GDateTime *fetched_at;
  const char **tariffs;
} LoadResult;

static void
load_result_free (LoadResult *result)
{
  g_clear_pointer (&result->subscribers, g_ptr_array_unref);
  g_clear_pointer (&result->fetched_at, g_date_time_unref);
  g_free (result->tariffs);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoadResult, load_result_free)

static void
load_in_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  const char *path = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KbDb) db = _kb_store_open_worker (path, &error);
  g_autoptr(LoadResult) result = g_new0 (LoadResult, 1);
  sqlite3_stmt *stmt;

  if (db == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* One read transaction: the list and its time belong together. */
  if (!kb_db_exec (db, "BEGIN;", &error) ||
      (stmt = kb_db_prepare (db, "SELECT " COLUMNS " FROM subscriber ORDER BY rowid;",
                             &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  result->subscribers = _kb_store_load_rows (db, stmt,
                                            (KbStoreRowFunc) _kb_store_subscriber_from_row,
                                            g_object_unref, &error);
  if (error == NULL)
    result->fetched_at = _kb_store_read_fetched_at (db, KB_STORE_SUBSCRIBERS, &error);
  kb_db_exec (db, "COMMIT;", NULL);
  /* The tariff filter's choices, made here rather than by a pass over the
   * rows on the UI thread once they are there. */
  result->tariffs = kb_subscriber_collect_tariffs (result->subscribers);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&result), (GDestroyNotify) load_result_free);
}

void
kb_store_load_subscribers_async (KbStore             *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KB_IS_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kb_store_load_subscribers_async);
  g_task_set_task_data (task, g_strdup (kb_store_get_path (self)), g_free);
  g_task_run_in_thread (task, load_in_thread);
}

GPtrArray *
kb_store_load_subscribers_finish_full (KbStore       *self,
                                       GAsyncResult  *result,
                                       GDateTime    **fetched_at,
                                       const char  ***tariffs,
                                       GError       **error)
{
  g_autoptr(LoadResult) loaded = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (fetched_at != NULL)
    *fetched_at = NULL;
  if (tariffs != NULL)
    *tariffs = NULL;
  loaded = g_task_propagate_pointer (G_TASK (result), error);
  if (loaded == NULL)
    return NULL;
  if (fetched_at != NULL)
    *fetched_at = g_steal_pointer (&loaded->fetched_at);
  if (tariffs != NULL)
    *tariffs = g_steal_pointer (&loaded->tariffs);
  return g_steal_pointer (&loaded->subscribers);
}

GPtrArray *
kb_store_load_subscribers_finish (KbStore       *self,
                                  GAsyncResult  *result,
                                  GDateTime    **fetched_at,
                                  GError       **error)
{
  return kb_store_load_subscribers_finish_full (self, result, fetched_at, NULL, error);
}

/* Saving */

typedef struct {
  GPtrArray *subscribers;
  GDateTime *fetched_at;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_ptr_array_unref (data->subscribers);
  g_date_time_unref (data->fetched_at);
  g_free (data);
}

static void
bind_subscriber (sqlite3_stmt *stmt, gpointer item, guint position)
{
  KbSubscriber *subscriber = item;
  GDateTime *pending_at = kb_subscriber_get_pending_at (subscriber);
  g_autofree char *at = pending_at != NULL ? g_date_time_format_iso8601 (pending_at) : NULL;

  kb_db_bind_text (stmt, 1, kb_subscriber_get_id (subscriber));
  kb_db_bind_text (stmt, 2, kb_subscriber_get_number (subscriber));
  kb_db_bind_text (stmt, 3, kb_subscriber_get_name (subscriber));
  kb_db_bind_text (stmt, 4, kb_subscriber_get_tariff (subscriber));
  kb_db_bind_text (stmt, 5,
                   kb_enum_to_nick (KB_TYPE_SUBSCRIBER_STATUS,
                                    kb_subscriber_get_status (subscriber)));
  kb_db_bind_text (stmt, 6, kb_subscriber_get_pending_name (subscriber));
  kb_db_bind_text (stmt, 7, at);
}

static gboolean
write_subscribers (KbDb *db, gpointer user_data, GError **error)
{
  SaveData *data = user_data;

  if (!_kb_store_replace_rows (db, "subscriber",
                               "INSERT INTO subscriber (" COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?);",
                               data->subscribers, bind_subscriber, error))
    return FALSE;
  /* The search index follows in a write of its own
   * (kb_store_index_subscribers_async()): it took 600 ms of a first sync's
   * two seconds, and the list shows the rows, not the index. Until then
   * the mark says the index is behind the rows, and GNOME Shell's search
   * reads the rows. */
  return _kb_store_set_meta (db, KB_STORE_SUBSCRIBER_SEARCH_STALE, "1", error) &&
         _kb_store_write_fetched_at (db, KB_STORE_SUBSCRIBERS, data->fetched_at, error);
}

void
kb_store_save_subscribers_async (KbStore             *self,
                                 GPtrArray           *subscribers,
                                 GDateTime           *fetched_at,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  SaveData *data;

  g_return_if_fail (KB_IS_STORE (self));
  g_return_if_fail (subscribers != NULL && fetched_at != NULL);

  data = g_new0 (SaveData, 1);
  data->subscribers = g_ptr_array_ref (subscribers);
  data->fetched_at = g_date_time_ref (fetched_at);

  _kb_store_write_async (self, kb_store_save_subscribers_async, write_subscribers, data,
                         (GDestroyNotify) save_data_free, cancellable, callback, user_data);
}

gboolean
kb_store_save_subscribers_finish (KbStore *self, GAsyncResult *result, GError **error)
{
  return _kb_store_write_finish (self, result, error);
}

/* The search index */

/* Makes the index anew from all the rows in one statement, if the last
 * save left it behind them. As it fills, FTS5 merges its segments
 * (automerge), which took a sixth of the making and gave no faster a
 * search on 100 000 rows: it merges none while it is made, and as before
 * (FTS5's default) afterwards. The mark goes in the same transaction, so
 * a program that ends half-way leaves it, and the next load makes the
 * index again. */
static gboolean
write_search_index (KbDb *db, gpointer data, GError **error)
{
  GError *local_error = NULL;
  g_autofree char *stale = _kb_store_dup_meta (db, KB_STORE_SUBSCRIBER_SEARCH_STALE, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (stale == NULL)
    return TRUE;
  return kb_db_exec (db, SEARCH_AUTOMERGE (0), error) &&
         _kb_store_search_reindex (db, "subscriber", error) &&
         kb_db_exec (db, SEARCH_AUTOMERGE (4), error) &&
         _kb_store_set_meta (db, KB_STORE_SUBSCRIBER_SEARCH_STALE, NULL, error);
}

/**
 * kb_store_index_subscribers_async:
 *
 * Brings GNOME Shell's search index of the subscribers up to the rows
 * (kb-store-search.c) on a worker, if a save left it behind them; done at
 * once when it is not. A write of the list asked for meanwhile waits for
 * it, and one asked for after kb_store_clear() does nothing.
 */
void
kb_store_index_subscribers_async (KbStore             *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (KB_IS_STORE (self));

  _kb_store_write_async (self, kb_store_index_subscribers_async, write_search_index, NULL, NULL,
                         cancellable, callback, user_data);
}

gboolean
kb_store_index_subscribers_finish (KbStore *self, GAsyncResult *result, GError **error)
{
  return _kb_store_write_finish (self, result, error);
}

/* Whether the search index has every row the last save wrote (a read of
 * one key on the store's own connection). */
gboolean
kb_store_get_subscribers_indexed (KbStore *self)
{
  g_autofree char *stale = NULL;

  g_return_val_if_fail (KB_IS_STORE (self), FALSE);

  stale = _kb_store_dup_meta (_kb_store_get_db (self), KB_STORE_SUBSCRIBER_SEARCH_STALE, NULL);
  return stale == NULL;
}

/* One row, and the current subscriber, on the store's own connection */

GPtrArray *
kb_store_load_subscribers_head (KbStore *self, guint limit, GError **error)
{
  KbDb *db;

  g_return_val_if_fail (KB_IS_STORE (self), NULL);

  db = _kb_store_get_db (self);
  return _kb_store_load_rows (db, kb_db_query (db, "SELECT " COLUMNS " FROM subscriber"
                                               " ORDER BY rowid LIMIT ?;", error,
                                               KB_DB_INT (limit)),
                              (KbStoreRowFunc) _kb_store_subscriber_from_row, g_object_unref,
                              error);
}

KbSubscriber *
kb_store_load_subscriber (KbStore *self, const char *id, GError **error)
{
  g_autoptr(KbDbStatement) stmt = NULL;
  KbDb *db;

  g_return_val_if_fail (KB_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  db = _kb_store_get_db (self);
  stmt = kb_db_prepare (db, "SELECT " COLUMNS " FROM subscriber WHERE id = ?;", error);
  if (stmt == NULL)
    return NULL;
  kb_db_bind_text (stmt, 1, id);
  if (!kb_db_step_row (db, stmt, NULL))
    return NULL;
  return _kb_store_subscriber_from_row (stmt);
}

char *
kb_store_dup_current_subscriber (KbStore *self, GError **error)
{
  g_return_val_if_fail (KB_IS_STORE (self), NULL);
  return _kb_store_dup_meta (_kb_store_get_db (self), "current_subscriber", error);
}

gboolean
kb_store_set_current_subscriber (KbStore *self, const char *id, GError **error)
{
  g_return_val_if_fail (KB_IS_STORE (self), FALSE);
  return _kb_store_set_meta (_kb_store_get_db (self), "current_subscriber", id, error);
}
