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
