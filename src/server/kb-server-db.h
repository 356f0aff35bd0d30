/* kb-server-db.h — the reference server's own SQLite database. */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define KB_SERVER_DB_ERROR (kb_server_db_error_quark ())

typedef enum {
  KB_SERVER_DB_ERROR_SQL,
  KB_SERVER_DB_ERROR_TOO_NEW,
} KbServerDbError;

#define KB_TYPE_SERVER_DB (kb_server_db_get_type ())
G_DECLARE_FINAL_TYPE (KbServerDb, kb_server_db, KB, SERVER_DB, GObject)

GQuark        kb_server_db_error_quark  (void);

KbServerDb   *kb_server_db_open         (const char  *path,
                                         GError     **error);
void          kb_server_db_close        (KbServerDb  *self);
const char   *kb_server_db_get_path     (KbServerDb  *self);
sqlite3      *kb_server_db_get_handle   (KbServerDb  *self);

sqlite3_stmt *kb_server_db_prepare      (KbServerDb  *self,
                                         const char  *sql,
                                         GError     **error);
gboolean      kb_server_db_exec         (KbServerDb  *self,
                                         const char  *sql,
                                         GError     **error);
gboolean      kb_server_db_step_done    (KbServerDb  *self,
                                         sqlite3_stmt *stmt,
                                         GError     **error);
gboolean      kb_server_db_step_row     (KbServerDb  *self,
                                         sqlite3_stmt *stmt,
                                         GError     **error);
gboolean      kb_server_db_begin        (KbServerDb  *self,
                                         GError     **error);
gboolean      kb_server_db_commit       (KbServerDb  *self,
                                         GError     **error);
void          kb_server_db_rollback     (KbServerDb  *self);
gboolean      kb_server_db_set_error    (KbServerDb  *self,
                                         GError     **error,
                                         const char  *what);
gint64        kb_server_db_data_version (KbServerDb  *self);

/* Binds a UTF-8 string, or NULL as SQL NULL, to parameter @index. */
#define kb_sql_bind_text(stmt, index, text) \
  sqlite3_bind_text ((stmt), (index), (text), -1, SQLITE_TRANSIENT)

/* The text of column @col, or NULL; valid until the next step or reset. */
#define kb_sql_column_text(stmt, col) ((const char *) sqlite3_column_text ((stmt), (col)))

G_END_DECLS
