/* kb-server-schema.h — the server's database: its numbered migrations, and opening it. */
#pragma once

#include "kb-db.h"

G_BEGIN_DECLS

KbDb  *kb_server_schema_open     (const char  *path,
                                  GError     **error);
gint64 kb_server_schema_next_seq (KbDb        *db,
                                  const char  *table,
                                  GError     **error);

G_END_DECLS
