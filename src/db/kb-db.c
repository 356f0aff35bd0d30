/* kb-db.c — one SQLite connection: cached statements, transactions, numbered migrations.
 *
 * The store (the app's cache) and the reference server (its own database)
 * both talk to SQLite through this, so that both prepare, step, nest
 * transactions and migrate a schema the same way, and report failures in one
 * error domain. A connection is used from one thread only (it is opened with
 * SQLITE_OPEN_NOMUTEX); a worker thread opens its own.
 *
 * Statements are prepared once and cached by their SQL text, so a caller
 * never finalizes one; every value is a bound parameter.
 */
#include "config.h"

#include "kb-db.h"

struct _KbDb
{
  GObject parent_instance;

  sqlite3 *db;
  char *path;
  KbDbOpenFlags flags;
  GHashTable *statements;  /* SQL text → sqlite3_stmt */
  guint depth;             /* nesting of begin/commit */
};

G_DEFINE_FINAL_TYPE (KbDb, kb_db, G_TYPE_OBJECT)
G_DEFINE_QUARK (kb-db-error-quark, kb_db_error)

gboolean
kb_db_set_error (KbDb *self, GError **error, const char *what)
{
  g_set_error (error, KB_DB_ERROR, KB_DB_ERROR_SQL,
               "%s: %s", what, self->db != NULL ? sqlite3_errmsg (self->db) : "closed");
  return FALSE;
}

/* Closes the connection; every later call fails with "closed". */
void
kb_db_close (KbDb *self)
{
  g_return_if_fail (KB_IS_DB (self));

  g_hash_table_remove_all (self->statements);
  if (self->db != NULL)
    {
      /* A checkpoint folds the WAL back into the main file, so that a
       * program that stops leaves one self-contained file behind. */
      if (self->flags & KB_DB_OPEN_CHECKPOINT)
        sqlite3_exec (self->db, "PRAGMA wal_checkpoint(TRUNCATE);", NULL, NULL, NULL);
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }
}

static void
kb_db_finalize (GObject *object)
{
  KbDb *self = KB_DB (object);

  kb_db_close (self);
  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_free (self->path);

  G_OBJECT_CLASS (kb_db_parent_class)->finalize (object);
}

static void
kb_db_class_init (KbDbClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kb_db_finalize;
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
kb_db_init (KbDb *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_statement);
}

/**
 * kb_db_open:
 * @busy_timeout_ms: how long a statement waits for another connection's lock
 *
 * Opens @path for reading and writing (only reading with
 * %KB_DB_OPEN_READ_ONLY). The caller sets the journal and other
 * pragmas with kb_db_exec() and brings the schema up with kb_db_migrate().
 */
KbDb *
kb_db_open (const char *path, KbDbOpenFlags flags, guint busy_timeout_ms, GError **error)
{
  g_autoptr(KbDb) self = g_object_new (KB_TYPE_DB, NULL);
  int open_flags = SQLITE_OPEN_NOMUTEX;

  g_return_val_if_fail (path != NULL, NULL);

  if (flags & KB_DB_OPEN_READ_ONLY)
    open_flags |= SQLITE_OPEN_READONLY;
  else
    open_flags |= SQLITE_OPEN_READWRITE;
  if ((flags & KB_DB_OPEN_CREATE) && !(flags & KB_DB_OPEN_READ_ONLY))
    open_flags |= SQLITE_OPEN_CREATE;
  self->path = g_strdup (path);
  self->flags = flags;
  if (sqlite3_open_v2 (path, &self->db, open_flags, NULL) != SQLITE_OK)
    {
      g_set_error (error, KB_DB_ERROR, KB_DB_ERROR_OPEN, "%s: %s", path,
                   self->db != NULL ? sqlite3_errmsg (self->db) : "out of memory");
      return NULL;
    }
  sqlite3_busy_timeout (self->db, (int) MIN (busy_timeout_ms, G_MAXINT));
  return g_steal_pointer (&self);
}

const char *
kb_db_get_path (KbDb *self)
{
  g_return_val_if_fail (KB_IS_DB (self), NULL);
  return self->path;
}

/* Returns: (nullable): the connection, NULL once closed; for what this API
 * does not wrap, such as sqlite3_last_insert_rowid(). */
sqlite3 *
kb_db_get_handle (KbDb *self)
{
  g_return_val_if_fail (KB_IS_DB (self), NULL);
  return self->db;
}

gboolean
kb_db_exec (KbDb *self, const char *sql, GError **error)
{
  char *message = NULL;

  g_return_val_if_fail (KB_IS_DB (self), FALSE);

  if (self->db == NULL)
    return kb_db_set_error (self, error, "exec");
  if (sqlite3_exec (self->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, KB_DB_ERROR, KB_DB_ERROR_SQL, "%s",
                   message != NULL ? message : sqlite3_errmsg (self->db));
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

/* Returns: (transfer none): a reset statement for @sql with no bindings,
 * owned by the cache. The same SQL gives the same statement, so a caller
 * does not prepare a query again while it still steps through it. */
sqlite3_stmt *
kb_db_prepare (KbDb *self, const char *sql, GError **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KB_IS_DB (self), NULL);

  if (self->db == NULL)
    {
      kb_db_set_error (self, error, "prepare");
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
      kb_db_set_error (self, error, sql);
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

/* Steps a statement that returns no rows, and resets it. */
gboolean
kb_db_step_done (KbDb *self, sqlite3_stmt *stmt, GError **error)
{
  gboolean ok = sqlite3_step (stmt) == SQLITE_DONE;

  if (!ok)
    kb_db_set_error (self, error, sqlite3_sql (stmt));
  sqlite3_reset (stmt);
  return ok;
}

/* Steps a query: TRUE with a row to read; FALSE at the end, or with @error
 * set when SQLite failed (not every row was seen). The statement is reset
 * when it returns FALSE. */
gboolean
kb_db_step_row (KbDb *self, sqlite3_stmt *stmt, GError **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    kb_db_set_error (self, error, sqlite3_sql (stmt));
  sqlite3_reset (stmt);
  return FALSE;
}

/* Binds a UTF-8 string, or NULL as SQL NULL, to parameter @index. */
void
kb_db_bind_text (sqlite3_stmt *stmt, int index, const char *text)
{
  sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

/* The text of column @column, or NULL; valid until the next step or reset. */
const char *
kb_db_column_text (sqlite3_stmt *stmt, int column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

/**
 * kb_db_query_values:
 * @values: (array length=n_values): bound to ?1, ?2… in order
 *
 * Returns: (transfer none) (nullable): the statement of @sql as
 * kb_db_prepare() gives it, with @values bound; to step with
 * kb_db_step_row(). Call it through kb_db_query().
 */
sqlite3_stmt *
kb_db_query_values (KbDb *self, const char *sql, GError **error, const KbDbValue *values,
                    gsize n_values)
{
  sqlite3_stmt *stmt = kb_db_prepare (self, sql, error);

  if (stmt == NULL)
    return NULL;
  for (gsize i = 0; i < n_values; i++)
    {
      if (values[i].is_text)
        kb_db_bind_text (stmt, (int) i + 1, values[i].text);
      else
        sqlite3_bind_int64 (stmt, (int) i + 1, values[i].integer);
    }
  return stmt;
}

/* Runs @sql, which returns no rows, with @values bound to ?1, ?2… in order.
 * Call it through kb_db_run(). */
gboolean
kb_db_run_values (KbDb *self, const char *sql, GError **error, const KbDbValue *values,
                  gsize n_values)
{
  sqlite3_stmt *stmt = kb_db_query_values (self, sql, error, values, n_values);

  return stmt != NULL && kb_db_step_done (self, stmt, error);
}

/**
 * kb_db_read_int:
 * @stmt: (nullable): from kb_db_prepare() or kb_db_query(); NULL when that
 *   failed and set @error
 * @value: (out): column 0 of its first row
 *
 * Reads the one number a query such as a COUNT(*) or a MAX() gives, and
 * resets the statement.
 *
 * Returns: FALSE with @error set when the query fails or gives no row
 */
gboolean
kb_db_read_int (KbDb *self, sqlite3_stmt *stmt, gint64 *value, GError **error)
{
  g_autoptr(KbDbStatement) reset_on_return = stmt;
  GError *local_error = NULL;

  if (stmt == NULL)
    return FALSE;
  if (!kb_db_step_row (self, stmt, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, local_error);
      else
        g_set_error (error, KB_DB_ERROR, KB_DB_ERROR_SQL, "%s: no row", sqlite3_sql (stmt));
      return FALSE;
    }
  *value = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

/**
 * kb_db_dup_text:
 * @stmt: (nullable): from kb_db_prepare() or kb_db_query(); NULL when that
 *   failed and set @error
 *
 * Reads the one text a lookup such as a name by its id gives, column 0 of
 * its first row, and resets the statement.
 *
 * Returns: (transfer full) (nullable): the text; NULL without an error
 * when there is no row, with @error set when the query fails
 */
char *
kb_db_dup_text (KbDb *self, sqlite3_stmt *stmt, GError **error)
{
  g_autoptr(KbDbStatement) reset_on_return = stmt;

  if (stmt == NULL || !kb_db_step_row (self, stmt, error))
    return NULL;
  return g_strdup (kb_db_column_text (stmt, 0));
}

/* Transactions nest: only the outermost begin and commit reach SQLite, so a
 * helper that writes can be called alone or inside a larger transaction. */
gboolean
kb_db_begin (KbDb *self, GError **error)
{
  g_return_val_if_fail (KB_IS_DB (self), FALSE);

  if (self->depth++ > 0)
    return TRUE;
  /* IMMEDIATE takes the write lock at once: another connection then waits
   * in busy_timeout instead of failing half-way. */
  if (!kb_db_exec (self, "BEGIN IMMEDIATE;", error))
    {
      self->depth = 0;
      return FALSE;
    }
  return TRUE;
}

gboolean
kb_db_commit (KbDb *self, GError **error)
{
  g_return_val_if_fail (KB_IS_DB (self), FALSE);
  g_return_val_if_fail (self->depth > 0, FALSE);

  if (--self->depth > 0)
    return TRUE;
  if (!kb_db_exec (self, "COMMIT;", error))
    {
      kb_db_exec (self, "ROLLBACK;", NULL);
      return FALSE;
    }
  return TRUE;
}

/* Rolls the whole transaction back, however deep the caller is. */
void
kb_db_rollback (KbDb *self)
{
  g_return_if_fail (KB_IS_DB (self));

  if (self->depth == 0)
    return;
  self->depth = 0;
  kb_db_exec (self, "ROLLBACK;", NULL);
}

/* Runs @write inside one transaction (or inside the caller's), rolled back
 * if it fails. */
gboolean
kb_db_transaction (KbDb *self, KbDbWriteFunc write, gpointer data, GError **error)
{
  if (!kb_db_begin (self, error))
    return FALSE;
  if (!write (self, data, error))
    {
      kb_db_rollback (self);
      return FALSE;
    }
  return kb_db_commit (self, error);
}

/* Returns: PRAGMA user_version, the number of migrations the file has had;
 * -1 with @error set when it cannot be read. */
int
kb_db_get_user_version (KbDb *self, GError **error)
{
  gint64 version;

  if (!kb_db_read_int (self, kb_db_prepare (self, "PRAGMA user_version;", error), &version, error))
    return -1;
  return (int) version;
}

typedef struct {
  const char *migration;
  int version;
} Migration;

static gboolean
run_migration (KbDb *self, gpointer data, GError **error)
{
  Migration *migration = data;
  g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d;", migration->version);

  return kb_db_exec (self, migration->migration, error) && kb_db_exec (self, bump, error);
}

/**
 * kb_db_migrate:
 * @migrations: (array length=n_migrations): SQL scripts; number N (1-based)
 *   brings a file from user_version N-1 to N
 *
 * Runs the migrations the file has not had, each in its own transaction, so
 * that a file is always at one known version. Never edit a migration that
 * has shipped: add the next. A file at a version above @n_migrations was
 * written by a newer program and fails with %KB_DB_ERROR_TOO_NEW.
 */
gboolean
kb_db_migrate (KbDb *self, const char * const *migrations, guint n_migrations, GError **error)
{
  int version = kb_db_get_user_version (self, error);

  if (version < 0)
    return FALSE;
  if (version > (int) n_migrations)
    {
      g_set_error (error, KB_DB_ERROR, KB_DB_ERROR_TOO_NEW,
                   "%s has schema version %d; this program knows up to %u",
                   self->path, version, n_migrations);
      return FALSE;
    }

  for (; version < (int) n_migrations; version++)
    {
      Migration migration = { migrations[version], version + 1 };

      if (!kb_db_transaction (self, run_migration, &migration, error))
        {
          g_prefix_error (error, "Migration %d: ", version + 1);
          return FALSE;
        }
    }
  return TRUE;
}

/* PRAGMA data_version changes whenever another connection (another process)
 * commits to the file: how a program notices what another one wrote.
 * Returns -1 when it cannot be read. */
gint64
kb_db_data_version (KbDb *self)
{
  gint64 version;

  if (!kb_db_read_int (self, kb_db_prepare (self, "PRAGMA data_version;", NULL), &version, NULL))
    return -1;
  return version;
}
