/* kb-store-private.h — what the files of the store share beyond its public API. */
#pragma once

#include <sqlite3.h>

#include "kb-store.h"

G_BEGIN_DECLS

typedef sqlite3_stmt KbStatement;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KbStatement, sqlite3_finalize)

gboolean      _kb_store_set_sql_error (KbStore       *self,
                                       GError       **error,
                                       const char    *what);
gboolean      _kb_store_exec          (KbStore       *self,
                                       const char    *sql,
                                       GError       **error);
sqlite3_stmt *_kb_store_prepare       (KbStore       *self,
                                       const char    *sql,
                                       GError       **error);
void          _kb_store_bind_text     (sqlite3_stmt  *stmt,
                                       int            index,
                                       const char    *text);
gboolean      _kb_store_step_done     (KbStore       *self,
                                       sqlite3_stmt  *stmt,
                                       GError       **error);
const char   *_kb_store_column_text   (sqlite3_stmt  *stmt,
                                       int            column);
/* Runs @write inside one IMMEDIATE transaction, rolled back if it fails. */
gboolean      _kb_store_transaction   (KbStore       *self,
                                       gboolean     (*write) (KbStore  *self,
                                                              gpointer  data,
                                                              GError  **error),
                                       gpointer       data,
                                       GError       **error);

/* The connection, for the store's own files that keep their own helpers. */
sqlite3 *_kb_store_get_db (KbStore *self);

/* Bulk reads and writes run in a GTask thread on a connection opened for
 * the job (the store's own connection stays the UI's); WAL lets that one
 * read while a worker writes, and the busy timeouts order two writers. */
typedef sqlite3 KbConnection;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KbConnection, sqlite3_close)

sqlite3  *_kb_store_open_worker          (const char    *path,
                                          GError       **error);
gboolean  _kb_store_connection_error     (sqlite3       *db,
                                          GError       **error,
                                          const char    *what);
/* Runs @write inside one IMMEDIATE transaction on a worker connection to
 * @path, rolled back if it fails. */
gboolean  _kb_store_worker_transaction   (const char    *path,
                                          gboolean     (*write) (sqlite3  *db,
                                                                 gpointer  data,
                                                                 GError  **error),
                                          gpointer       data,
                                          GError       **error);

G_END_DECLS
