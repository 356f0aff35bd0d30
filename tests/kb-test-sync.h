/* kb-test-sync.h — the sync layer as the unit tests make it: over the test's server, into a cache file of its own. */
#pragma once

#include "kb-sync.h"

G_BEGIN_DECLS

KbApiClient *kb_test_api_new   (const char *url,
                                const char *token);
KbStore     *kb_test_store_new (const char *db_path);
KbSync      *kb_test_sync_new  (const char *url,
                                const char *token,
                                const char *db_path);

G_END_DECLS
