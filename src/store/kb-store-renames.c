/* kb-store-renames.c — the cached rename history, so that it shows offline.
 *
 * The history is short (the server lists the latest 100 entries), so it is
 * written on the calling thread, in one transaction. A batch's rows are
 * cached when the page opened it or it was just submitted, up to
 * KB_STORE_RENAME_ROWS_MAX rows; when the list says a batch is done, its
 * cached pending rows become done with it.
 */
#include "config.h"

#include "kb-store-renames.h"

#include "kb-store-private.h"

static gboolean
write_batch (KbStore *self, KbRenameBatch *batch, GError **error)
{
  g_autoptr(KbStatement) stmt = NULL;

  stmt = _kb_store_prepare (self, "INSERT INTO rename_batch (id, single, created_at, effective_at, status,"
                            " total, accepted, rejected, number, name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                            " ON CONFLICT (id) DO UPDATE SET status = excluded.status,"
                            " accepted = excluded.accepted, rejected = excluded.rejected;", error);
  if (stmt == NULL)
    return FALSE;
  _kb_store_bind_text (stmt, 1, kb_rename_batch_get_id (batch));
  sqlite3_bind_int (stmt, 2, kb_rename_batch_get_single (batch));
  sqlite3_bind_int64 (stmt, 3, g_date_time_to_unix (kb_rename_batch_get_created_at (batch)));
  sqlite3_bind_int64 (stmt, 4, g_date_time_to_unix (kb_rename_batch_get_effective_at (batch)));
  _kb_store_bind_text (stmt, 5,
                       kb_enum_to_nick (KB_TYPE_RENAME_STATUS, kb_rename_batch_get_status (batch)));
  sqlite3_bind_int64 (stmt, 6, kb_rename_batch_get_total (batch));
  sqlite3_bind_int64 (stmt, 7, kb_rename_batch_get_accepted (batch));
  sqlite3_bind_int64 (stmt, 8, kb_rename_batch_get_rejected (batch));
  _kb_store_bind_text (stmt, 9, kb_rename_batch_get_number (batch));
  _kb_store_bind_text (stmt, 10, kb_rename_batch_get_name (batch));
  if (!_kb_store_step_done (self, stmt, error))
    return FALSE;

  if (kb_rename_batch_get_status (batch) == KB_RENAME_STATUS_DONE)
    {
      g_autoptr(KbStatement) done = _kb_store_prepare (self, "UPDATE rename_batch_row SET status = 'done'"
                                                       " WHERE batch_id = ? AND status = 'pending';", error);

      if (done == NULL)
        return FALSE;
      _kb_store_bind_text (done, 1, kb_rename_batch_get_id (batch));
      if (!_kb_store_step_done (self, done, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
delete_batch (KbStore *self, const char *id, GError **error)
{
  static const char * const sql[] = {
    "DELETE FROM rename_batch_row WHERE batch_id = ?;",
    "DELETE FROM rename_batch WHERE id = ?;",
  };

  for (guint i = 0; i < G_N_ELEMENTS (sql); i++)
    {
      g_autoptr(KbStatement) stmt = _kb_store_prepare (self, sql[i], error);

      if (stmt == NULL)
        return FALSE;
      _kb_store_bind_text (stmt, 1, id);
      if (!_kb_store_step_done (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

typedef struct {
  GPtrArray *batches;
  GDateTime *fetched_at;
} SaveList;

static gboolean
write_list (KbStore *self, gpointer data, GError **error)
{
  SaveList *save = data;
  g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(KbStatement) ids = NULL;
  g_autoptr(KbStatement) meta = NULL;
  g_autofree char *fetched = NULL;

  for (guint i = 0; i < save->batches->len; i++)
    {
      KbRenameBatch *batch = save->batches->pdata[i];

      g_hash_table_add (listed, (gpointer) kb_rename_batch_get_id (batch));
      if (!write_batch (self, batch, error))
        return FALSE;
    }

  ids = _kb_store_prepare (self, "SELECT id FROM rename_batch;", error);
  if (ids == NULL)
    return FALSE;
  while (sqlite3_step (ids) == SQLITE_ROW)
    if (!g_hash_table_contains (listed, _kb_store_column_text (ids, 0)))
      g_ptr_array_add (gone, g_strdup (_kb_store_column_text (ids, 0)));
  for (guint i = 0; i < gone->len; i++)
    if (!delete_batch (self, gone->pdata[i], error))
      return FALSE;

  meta = _kb_store_prepare (self, "INSERT OR REPLACE INTO rename_history (id, fetched_at) VALUES (1, ?);", error);
  if (meta == NULL)
    return FALSE;
  fetched = g_date_time_format_iso8601 (save->fetched_at);
  _kb_store_bind_text (meta, 1, fetched);
  return _kb_store_step_done (self, meta, error);
}

gboolean
kb_store_save_rename_batches (KbStore *self, GPtrArray *batches, GDateTime *fetched_at, GError **error)
{
  SaveList save = { batches, fetched_at };

  g_return_val_if_fail (KB_IS_STORE (self), FALSE);
  g_return_val_if_fail (batches != NULL && fetched_at != NULL, FALSE);

  return _kb_store_transaction (self, write_list, &save, error);
}

GPtrArray *
kb_store_load_rename_batches (KbStore *self, GDateTime **fetched_at, GError **error)
{
  g_autoptr(GPtrArray) batches = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(KbStatement) stmt = NULL;
  g_autoptr(KbStatement) meta = NULL;

  g_return_val_if_fail (KB_IS_STORE (self), NULL);

  if (fetched_at != NULL)
    *fetched_at = NULL;
  stmt = _kb_store_prepare (self, "SELECT id, single, created_at, effective_at, status, total, accepted,"
                            " rejected, number, name FROM rename_batch"
                            " ORDER BY created_at DESC, CAST (id AS INTEGER) DESC, id DESC;", error);
  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(GDateTime) created = g_date_time_new_from_unix_utc (sqlite3_column_int64 (stmt, 2));
      g_autoptr(GDateTime) effective = g_date_time_new_from_unix_utc (sqlite3_column_int64 (stmt, 3));

      g_ptr_array_add (batches,
                       kb_rename_batch_new (_kb_store_column_text (stmt, 0), sqlite3_column_int (stmt, 1),
                                            created, effective,
                                            kb_enum_from_nick (KB_TYPE_RENAME_STATUS,
                                                               _kb_store_column_text (stmt, 4),
                                                               KB_RENAME_STATUS_UNKNOWN),
                                            sqlite3_column_int64 (stmt, 5), sqlite3_column_int64 (stmt, 6),
                                            sqlite3_column_int64 (stmt, 7), _kb_store_column_text (stmt, 8),
                                            _kb_store_column_text (stmt, 9)));
    }

  if (fetched_at != NULL)
    {
      meta = _kb_store_prepare (self, "SELECT fetched_at FROM rename_history WHERE id = 1;", error);
      if (meta == NULL)
        return NULL;
      if (sqlite3_step (meta) == SQLITE_ROW)
        *fetched_at = g_date_time_new_from_iso8601 (_kb_store_column_text (meta, 0), NULL);
    }
  return g_steal_pointer (&batches);
}

static gboolean
write_batch_and_rows (KbStore *self, gpointer data, GError **error)
{
  KbRenameBatch *batch = data;
  GPtrArray *rows = kb_rename_batch_get_rows (batch);

  if (!write_batch (self, batch, error))
    return FALSE;
  if (rows == NULL || rows->len > KB_STORE_RENAME_ROWS_MAX)
    return TRUE;

  for (guint i = 0; i < rows->len; i++)
    {
      KbRenameRow *row = rows->pdata[i];
      g_autoptr(KbStatement) stmt = _kb_store_prepare (self, "INSERT OR REPLACE INTO rename_batch_row"
                                                       " (batch_id, row, number, name, status, code, message)"
                                                       " VALUES (?, ?, ?, ?, ?, ?, ?);", error);

      if (stmt == NULL)
        return FALSE;
      _kb_store_bind_text (stmt, 1, kb_rename_batch_get_id (batch));
      sqlite3_bind_int64 (stmt, 2, kb_rename_row_get_row (row));
      _kb_store_bind_text (stmt, 3, kb_rename_row_get_number (row));
      _kb_store_bind_text (stmt, 4, kb_rename_row_get_name (row));
      _kb_store_bind_text (stmt, 5,
                           kb_enum_to_nick (KB_TYPE_RENAME_STATUS, kb_rename_row_get_status (row)));
      _kb_store_bind_text (stmt, 6, kb_rename_row_get_code (row));
      _kb_store_bind_text (stmt, 7, kb_rename_row_get_message (row));
      if (!_kb_store_step_done (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
kb_store_save_rename_batch (KbStore *self, KbRenameBatch *batch, GError **error)
{
  g_return_val_if_fail (KB_IS_STORE (self), FALSE);
  g_return_val_if_fail (KB_IS_RENAME_BATCH (batch), FALSE);

  return _kb_store_transaction (self, write_batch_and_rows, batch, error);
}

GPtrArray *
kb_store_load_rename_rows (KbStore *self, const char *batch_id, GError **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(KbStatement) stmt = NULL;

  g_return_val_if_fail (KB_IS_STORE (self), NULL);

  stmt = _kb_store_prepare (self, "SELECT row, number, name, status, code, message FROM rename_batch_row"
                            " WHERE batch_id = ? ORDER BY row;", error);
  if (stmt == NULL)
    return NULL;
  _kb_store_bind_text (stmt, 1, batch_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (rows, kb_rename_row_new (sqlite3_column_int64 (stmt, 0), _kb_store_column_text (stmt, 1),
                                              _kb_store_column_text (stmt, 2),
                                              kb_enum_from_nick (KB_TYPE_RENAME_STATUS,
                                                                 _kb_store_column_text (stmt, 3),
                                                                 KB_RENAME_STATUS_UNKNOWN),
                                              _kb_store_column_text (stmt, 4), _kb_store_column_text (stmt, 5)));
  return rows->len > 0 ? g_steal_pointer (&rows) : NULL;
}
