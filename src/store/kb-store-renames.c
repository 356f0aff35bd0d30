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
write_batch (KbDb *db, KbRenameBatch *batch, GError **error)
{
  sqlite3_stmt *stmt;

  stmt = kb_db_prepare (db, "INSERT INTO rename_batch (id, single, created_at, effective_at,"
                        " status, total, accepted, rejected, number, name)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        " ON CONFLICT (id) DO UPDATE SET status = excluded.status,"
                        " accepted = excluded.accepted, rejected = excluded.rejected;", error);
  if (stmt == NULL)
    return FALSE;
  kb_db_bind_text (stmt, 1, kb_rename_batch_get_id (batch));
  sqlite3_bind_int (stmt, 2, kb_rename_batch_get_single (batch));
  sqlite3_bind_int64 (stmt, 3, g_date_time_to_unix (kb_rename_batch_get_created_at (batch)));
  sqlite3_bind_int64 (stmt, 4, g_date_time_to_unix (kb_rename_batch_get_effective_at (batch)));
  kb_db_bind_text (stmt, 5,
                   kb_enum_to_nick (KB_TYPE_RENAME_STATUS, kb_rename_batch_get_status (batch)));
  sqlite3_bind_int64 (stmt, 6, kb_rename_batch_get_total (batch));
  sqlite3_bind_int64 (stmt, 7, kb_rename_batch_get_accepted (batch));
  sqlite3_bind_int64 (stmt, 8, kb_rename_batch_get_rejected (batch));
  kb_db_bind_text (stmt, 9, kb_rename_batch_get_number (batch));
  kb_db_bind_text (stmt, 10, kb_rename_batch_get_name (batch));
  if (!kb_db_step_done (db, stmt, error))
    return FALSE;

  if (kb_rename_batch_get_status (batch) == KB_RENAME_STATUS_DONE)
    return kb_db_run (db, "UPDATE rename_batch_row SET status = 'done'"
                      " WHERE batch_id = ? AND status = 'pending';", error,
                      KB_DB_TEXT (kb_rename_batch_get_id (batch)));
  return TRUE;
}

static gboolean
delete_batch (KbDb *db, const char *id, GError **error)
{
  static const char * const sql[] = {
    "DELETE FROM rename_batch_row WHERE batch_id = ?;",
    "DELETE FROM rename_batch WHERE id = ?;",
  };

  for (guint i = 0; i < G_N_ELEMENTS (sql); i++)
    if (!kb_db_run (db, sql[i], error, KB_DB_TEXT (id)))
      return FALSE;
  return TRUE;
}

typedef struct {
  GPtrArray *batches;
  GDateTime *fetched_at;
} SaveList;

static gboolean
write_list (KbDb *db, gpointer data, GError **error)
{
  SaveList *save = data;
  g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_free);
  GError *local_error = NULL;
  sqlite3_stmt *ids;

  for (guint i = 0; i < save->batches->len; i++)
    {
      KbRenameBatch *batch = save->batches->pdata[i];

      g_hash_table_add (listed, (gpointer) kb_rename_batch_get_id (batch));
      if (!write_batch (db, batch, error))
        return FALSE;
    }

  ids = kb_db_prepare (db, "SELECT id FROM rename_batch;", error);
  if (ids == NULL)
    return FALSE;
  while (kb_db_step_row (db, ids, &local_error))
    if (!g_hash_table_contains (listed, kb_db_column_text (ids, 0)))
      g_ptr_array_add (gone, g_strdup (kb_db_column_text (ids, 0)));
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  for (guint i = 0; i < gone->len; i++)
    if (!delete_batch (db, gone->pdata[i], error))
      return FALSE;

  return _kb_store_write_fetched_at (db, KB_STORE_RENAMES, save->fetched_at, error);
}

gboolean
kb_store_save_rename_batches (KbStore *self, GPtrArray *batches, GDateTime *fetched_at, GError **error)
{
  SaveList save = { batches, fetched_at };

  g_return_val_if_fail (KB_IS_STORE (self), FALSE);
  g_return_val_if_fail (batches != NULL && fetched_at != NULL, FALSE);

  return kb_db_transaction (_kb_store_get_db (self), write_list, &save, error);
}

static gpointer
batch_from_row (sqlite3_stmt *stmt)
{
  g_autoptr(GDateTime) created = g_date_time_new_from_unix_utc (sqlite3_column_int64 (stmt, 2));
  g_autoptr(GDateTime) effective = g_date_time_new_from_unix_utc (sqlite3_column_int64 (stmt, 3));

  return kb_rename_batch_new (kb_db_column_text (stmt, 0), sqlite3_column_int (stmt, 1),
                              created, effective,
                              kb_enum_from_nick (KB_TYPE_RENAME_STATUS, kb_db_column_text (stmt, 4),
                                                 KB_RENAME_STATUS_UNKNOWN),
                              sqlite3_column_int64 (stmt, 5), sqlite3_column_int64 (stmt, 6),
                              sqlite3_column_int64 (stmt, 7), kb_db_column_text (stmt, 8),
                              kb_db_column_text (stmt, 9));
}

GPtrArray *
kb_store_load_rename_batches (KbStore *self, GDateTime **fetched_at, GError **error)
{
  g_return_val_if_fail (KB_IS_STORE (self), NULL);
  return _kb_store_load_list (self, "SELECT id, single, created_at, effective_at, status, total,"
                              " accepted, rejected, number, name FROM rename_batch"
                              " ORDER BY created_at DESC, CAST (id AS INTEGER) DESC, id DESC;",
                              batch_from_row, KB_STORE_RENAMES, fetched_at, error);
}

/* A row of a batch whose id is bound once. */
static void
bind_row (sqlite3_stmt *stmt, gpointer item, guint position)
{
  KbRenameRow *row = item;

  sqlite3_bind_int64 (stmt, 2, kb_rename_row_get_row (row));
  kb_db_bind_text (stmt, 3, kb_rename_row_get_number (row));
  kb_db_bind_text (stmt, 4, kb_rename_row_get_name (row));
  kb_db_bind_text (stmt, 5,
                   kb_enum_to_nick (KB_TYPE_RENAME_STATUS, kb_rename_row_get_status (row)));
  kb_db_bind_text (stmt, 6, kb_rename_row_get_code (row));
  kb_db_bind_text (stmt, 7, kb_rename_row_get_message (row));
}

static gboolean
write_batch_and_rows (KbDb *db, gpointer data, GError **error)
{
  KbRenameBatch *batch = data;
  GPtrArray *rows = kb_rename_batch_get_rows (batch);

  if (!write_batch (db, batch, error))
    return FALSE;
  if (rows == NULL || rows->len > KB_STORE_RENAME_ROWS_MAX)
    return TRUE;
  return _kb_store_insert_rows (db, kb_db_query (db, "INSERT OR REPLACE INTO rename_batch_row"
                                                 " (batch_id, row, number, name, status, code,"
                                                 " message) VALUES (?, ?, ?, ?, ?, ?, ?);", error,
                                                 KB_DB_TEXT (kb_rename_batch_get_id (batch))),
                                rows, bind_row, error);
}

gboolean
kb_store_save_rename_batch (KbStore *self, KbRenameBatch *batch, GError **error)
{
  g_return_val_if_fail (KB_IS_STORE (self), FALSE);
  g_return_val_if_fail (KB_IS_RENAME_BATCH (batch), FALSE);

  return kb_db_transaction (_kb_store_get_db (self), write_batch_and_rows, batch, error);
}

static gpointer
rename_row_from_row (sqlite3_stmt *stmt)
{
  return kb_rename_row_new (sqlite3_column_int64 (stmt, 0), kb_db_column_text (stmt, 1),
                            kb_db_column_text (stmt, 2),
                            kb_enum_from_nick (KB_TYPE_RENAME_STATUS, kb_db_column_text (stmt, 3),
                                               KB_RENAME_STATUS_UNKNOWN),
                            kb_db_column_text (stmt, 4), kb_db_column_text (stmt, 5));
}

GPtrArray *
kb_store_load_rename_rows (KbStore *self, const char *batch_id, GError **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  KbDb *db;

  g_return_val_if_fail (KB_IS_STORE (self), NULL);

  db = _kb_store_get_db (self);
  rows = _kb_store_load_rows (db, kb_db_query (db, "SELECT row, number, name, status, code, message"
                                               " FROM rename_batch_row WHERE batch_id = ?"
                                               " ORDER BY row;", error, KB_DB_TEXT (batch_id)),
                              rename_row_from_row, g_object_unref, error);
  return rows != NULL && rows->len > 0 ? g_steal_pointer (&rows) : NULL;
}
