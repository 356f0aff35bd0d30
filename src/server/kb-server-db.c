/* kb-server-db.c — the reference server's own SQLite database.
 *
 * One connection, used only from the thread that runs the server. The schema
 * grows by numbered migrations recorded in PRAGMA user_version, each in its
 * own transaction, so a file is always at one known version. The journal is
 * WAL and synchronous=FULL, so that whatever a response acknowledged has
 * reached the disk before the response is written. Statements are prepared
 * once and cached by their SQL text; every value is a bound parameter.
 */
#include "config.h"

#include "kb-server-db.h"

#include "kb-server-schema.h"

struct _KbServerDb
{
  GObject parent_instance;

  sqlite3 *db;
  char *path;
  GHashTable *statements;  /* SQL text → sqlite3_stmt */
  guint depth;             /* nesting of begin/commit */
};

G_DEFINE_FINAL_TYPE (KbServerDb, kb_server_db, G_TYPE_OBJECT)
G_DEFINE_QUARK (kb-server-db-error-quark, kb_server_db_error)

gboolean
kb_server_db_set_error (KbServerDb *self, GError **error, const char *what)
{
  g_set_error (error, KB_SERVER_DB_ERROR, KB_SERVER_DB_ERROR_SQL,
               "%s: %s", what, self->db != NULL ? sqlite3_errmsg (self->db) : "closed");
  return FALSE;
}

void
kb_server_db_close (KbServerDb *self)
{
  g_return_if_fail (KB_IS_SERVER_DB (self));

  g_hash_table_remove_all (self->statements);
  if (self->db != NULL)
    {
      /* A checkpoint folds the WAL back into the main file, so a stopped
       * server leaves one self-contained file behind. */
      sqlite3_exec (self->db, "PRAGMA wal_checkpoint(TRUNCATE);", NULL, NULL, NULL);
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }
}

static void
kb_server_db_finalize (GObject *object)
{
  KbServerDb *self = KB_SERVER_DB (object);

  kb_server_db_close (self);
  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_free (self->path);

  G_OBJECT_CLASS (kb_server_db_parent_class)->finalize (object);
}

static void
kb_server_db_class_init (KbServerDbClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kb_server_db_finalize;
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
kb_server_db_init (KbServerDb *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_statement);
}

gboolean
kb_server_db_exec (KbServerDb *self, const char *sql, GError **error)
{
  char *message = NULL;

  if (self->db == NULL)
    return kb_server_db_set_error (self, error, "exec");
  if (sqlite3_exec (self->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, KB_SERVER_DB_ERROR, KB_SERVER_DB_ERROR_SQL, "%s", message);
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

/* Returns: (transfer none): a reset statement for @sql, owned by the cache. */
sqlite3_stmt *
kb_server_db_prepare (KbServerDb *self, const char *sql, GError **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KB_IS_SERVER_DB (self), NULL);

  if (self->db == NULL)
    {
      kb_server_db_set_error (self, error, "prepare");
      return NULL;
    }

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      kb_server_db_set_error (self, error, sql);
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

/* Steps a statement that returns no rows. */
gboolean
kb_server_db_step_done (KbServerDb *self, sqlite3_stmt *stmt, GError **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return kb_server_db_set_error (self, error, sqlite3_sql (stmt));
  return TRUE;
}

/* Steps a query: TRUE with a row to read; FALSE at the end, or with @error
 * set when SQLite failed (not every row was seen). The statement is reset
 * when it returns FALSE. */
gboolean
kb_server_db_step_row (KbServerDb *self, sqlite3_stmt *stmt, GError **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    kb_server_db_set_error (self, error, sqlite3_sql (stmt));
  sqlite3_reset (stmt);
  return FALSE;
}

/* Transactions nest: only the outermost begin and commit reach SQLite, so a
 * helper that writes can be called alone or inside a larger transaction. */
gboolean
kb_server_db_begin (KbServerDb *self, GError **error)
{
  if (self->depth++ > 0)
    return TRUE;
  /* IMMEDIATE takes the write lock at once: another process (the "answer"
   * command) then waits in busy_timeout instead of failing half-way. */
  if (!kb_server_db_exec (self, "BEGIN IMMEDIATE;", error))
    {
      self->depth = 0;
      return FALSE;
    }
  return TRUE;
}

gboolean
kb_server_db_commit (KbServerDb *self, GError **error)
{
  g_return_val_if_fail (self->depth > 0, FALSE);

  if (--self->depth > 0)
    return TRUE;
  if (!kb_server_db_exec (self, "COMMIT;", error))
    {
      kb_server_db_exec (self, "ROLLBACK;", NULL);
      return FALSE;
    }
  return TRUE;
}

/* Rolls the whole transaction back, however deep the caller is. */
void
kb_server_db_rollback (KbServerDb *self)
{
  if (self->depth == 0)
    return;
  self->depth = 0;
  kb_server_db_exec (self, "ROLLBACK;", NULL);
}

/* PRAGMA data_version changes whenever another connection (another process)
 * commits to the file, which is how the server notices an answer written by
 * "kabinet-server answer". */
gint64
kb_server_db_data_version (KbServerDb *self)
{
  sqlite3_stmt *stmt = kb_server_db_prepare (self, "PRAGMA data_version;", NULL);
  gint64 version = -1;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return version;
}

/* kb_lower(text): Unicode lower case, for searching Cyrillic names (the
 * built-in lower() and LIKE fold ASCII only). */
static void
sql_kb_lower (sqlite3_context *context, int argc, sqlite3_value **argv)
{
  const char *text = (const char *) sqlite3_value_text (argv[0]);
  char *lower;

  if (text == NULL)
    {
      sqlite3_result_null (context);
      return;
    }
  lower = g_utf8_strdown (text, -1);
  sqlite3_result_text (context, lower, -1, g_free);
}

static gboolean
migrate (KbServerDb *self, GError **error)
{
  sqlite3_stmt *stmt;
  int version = 0;

  stmt = kb_server_db_prepare (self, "PRAGMA user_version;", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);

  if (version > (int) kb_server_schema_n_migrations)
    {
      g_set_error (error, KB_SERVER_DB_ERROR, KB_SERVER_DB_ERROR_TOO_NEW,
                   "%s has schema version %d; this server knows up to %u",
                   self->path, version, kb_server_schema_n_migrations);
      return FALSE;
    }

  for (; version < (int) kb_server_schema_n_migrations; version++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d;", version + 1);

      if (!kb_server_db_begin (self, error))
        return FALSE;
      if (!kb_server_db_exec (self, kb_server_schema_migrations[version], error) ||
          !kb_server_db_exec (self, bump, error) ||
          !kb_server_db_commit (self, error))
        {
          kb_server_db_rollback (self);
          g_prefix_error (error, "Migration %d: ", version + 1);
          return FALSE;
        }
    }
  return TRUE;
}

KbServerDb *
kb_server_db_open (const char *path, GError **error)
{
  g_autoptr(KbServerDb) self = g_object_new (KB_TYPE_SERVER_DB, NULL);
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  self->path = g_strdup (path);
  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      kb_server_db_set_error (self, error, path);
      return NULL;
    }

  sqlite3_busy_timeout (self->db, 5000);
  sqlite3_create_function_v2 (self->db, "kb_lower", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                              sql_kb_lower, NULL, NULL, NULL);
  if (!kb_server_db_exec (self,
                          "PRAGMA journal_mode = WAL;"
                          "PRAGMA synchronous = FULL;"
                          "PRAGMA foreign_keys = ON;", error) ||
      !migrate (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
kb_server_db_get_path (KbServerDb *self)
{
  g_return_val_if_fail (KB_IS_SERVER_DB (self), NULL);
  return self->path;
}

sqlite3 *
kb_server_db_get_handle (KbServerDb *self)
{
  g_return_val_if_fail (KB_IS_SERVER_DB (self), NULL);
  return self->db;
}
