/* kb-store-private.h — what the files of the store share beyond its public API. */
#pragma once

#include <sqlite3.h>

#include "kb-store.h"

G_BEGIN_DECLS

sqlite3 *_kb_store_get_db (KbStore *self);

G_END_DECLS
