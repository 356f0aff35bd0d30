/* kb-server-schema.h — the numbered migrations of the server's database. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Migration N (1-based) is kb_server_schema_migrations[N - 1]; it brings a
 * file from PRAGMA user_version N-1 to N. */
extern const char * const kb_server_schema_migrations[];
extern const guint kb_server_schema_n_migrations;

G_END_DECLS
