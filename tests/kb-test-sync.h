/* kb-test-sync.h — the sync layer as unit tests make it: on the test's server and cache file. */
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
