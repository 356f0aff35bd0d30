/* kb-db.h — one SQLite connection: cached statements, transactions, numbered migrations. */
#pragma once

#include <glib-object.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define KB_DB_ERROR (kb_db_error_quark ())

typedef enum {
  KB_DB_ERROR_OPEN,
  KB_DB_ERROR_TOO_NEW,
  KB_DB_ERROR_SQL,
} KbDbError;

GQuark kb_db_error_quark (void);

typedef enum {
  KB_DB_OPEN_CREATE = 1 << 0,      /* create the file when it is missing */
  KB_DB_OPEN_CHECKPOINT = 1 << 1,  /* fold the WAL back into the file on close */
  KB_DB_OPEN_READ_ONLY = 1 << 2,   /* a reader that can never write, nor create the file */
} KbDbOpenFlags;

#define KB_TYPE_DB (kb_db_get_type ())
G_DECLARE_FINAL_TYPE (KbDb, kb_db, KB, DB, GObject)

/* Writes done by kb_db_transaction(); FALSE with @error set rolls them back. */
typedef gboolean (*KbDbWriteFunc) (KbDb     *db,
                                   gpointer  data,
                                   GError  **error);

KbDb          *kb_db_open             (const char          *path,
                                       KbDbOpenFlags        flags,
                                       guint                busy_timeout_ms,
                                       GError             **error);
void           kb_db_close            (KbDb                *self);
const char    *kb_db_get_path         (KbDb                *self);
sqlite3       *kb_db_get_handle       (KbDb                *self);
gboolean       kb_db_set_error        (KbDb                *self,
                                       GError             **error,
                                       const char          *what);

gboolean       kb_db_exec             (KbDb                *self,
                                       const char          *sql,
                                       GError             **error);
sqlite3_stmt  *kb_db_prepare          (KbDb                *self,
                                       const char          *sql,
                                       GError             **error);
gboolean       kb_db_step_done        (KbDb                *self,
                                       sqlite3_stmt        *stmt,
                                       GError             **error);
gboolean       kb_db_step_row         (KbDb                *self,
                                       sqlite3_stmt        *stmt,
                                       GError             **error);
void           kb_db_bind_text        (sqlite3_stmt        *stmt,
                                       int                  index,
                                       const char          *text);
const char    *kb_db_column_text      (sqlite3_stmt        *stmt,
                                       int                  column);

/* One value for a statement's parameter: KB_DB_INT (an integer, or a
 * boolean) or KB_DB_TEXT (a UTF-8 string; NULL binds SQL NULL). The macros
 * convert as an assignment would, so a wrong type is a compiler warning. */
typedef struct {
  gboolean is_text;
  gint64 integer;
  const char *text;
} KbDbValue;

#define KB_DB_INT(value)  ((KbDbValue) { FALSE, (value), NULL })
#define KB_DB_TEXT(value) ((KbDbValue) { TRUE, 0, (value) })
/* SQL NULL, for a value that is not there. */
#define KB_DB_NULL        KB_DB_TEXT (NULL)

sqlite3_stmt  *kb_db_query_values     (KbDb                *self,
                                       const char          *sql,
                                       GError             **error,
                                       const KbDbValue     *values,
                                       gsize                n_values);
gboolean       kb_db_run_values       (KbDb                *self,
                                       const char          *sql,
                                       GError             **error,
                                       const KbDbValue     *values,
                                       gsize                n_values);

/* The arguments @values, @n_values of a function above from a list of
 * KB_DB_INT() and KB_DB_TEXT(): what the macros below pass. */
#define KB_DB_VALUES(...) \
  (const KbDbValue[]) { __VA_ARGS__ }, G_N_ELEMENTS (((const KbDbValue[]) { __VA_ARGS__ }))

/* kb_db_query (db, sql, error, KB_DB_INT (id), …): kb_db_prepare() with
 * the values bound to ?1, ?2… in order; NULL with @error set when it fails. */
#define kb_db_query(self, sql, error, ...) \
  kb_db_query_values ((self), (sql), (error), KB_DB_VALUES (__VA_ARGS__))
/* kb_db_run (db, sql, error, KB_DB_TEXT (name), …): an INSERT, UPDATE or
 * DELETE with these values, stepped to its end: FALSE with @error set. */
#define kb_db_run(self, sql, error, ...) \
  kb_db_run_values ((self), (sql), (error), KB_DB_VALUES (__VA_ARGS__))

gboolean       kb_db_read_int         (KbDb                *self,
                                       sqlite3_stmt        *stmt,
                                       gint64              *value,
                                       GError             **error);
char          *kb_db_dup_text         (KbDb                *self,
                                       sqlite3_stmt        *stmt,
                                       GError             **error);

gboolean       kb_db_begin            (KbDb                *self,
                                       GError             **error);
gboolean       kb_db_commit           (KbDb                *self,
                                       GError             **error);
void           kb_db_rollback         (KbDb                *self);
gboolean       kb_db_transaction      (KbDb                *self,
                                       KbDbWriteFunc        write,
                                       gpointer             data,
                                       GError             **error);

int            kb_db_get_user_version (KbDb                *self,
                                       GError             **error);
gboolean       kb_db_migrate          (KbDb                *self,
                                       const char * const  *migrations,
                                       guint                n_migrations,
                                       GError             **error);
gint64         kb_db_data_version     (KbDb                *self);

/* A statement from kb_db_prepare() that g_autoptr() resets (the cache owns
 * it): a read that stops at its first row then holds no snapshot open. */
typedef sqlite3_stmt KbDbStatement;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KbDbStatement, sqlite3_reset)

G_END_DECLS
