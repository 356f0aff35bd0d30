/* kb-test-sync.c — the sync layer as unit tests make it: on the test's server and cache file. */
#include "config.h"

#include "kb-test-sync.h"

/* Returns: (transfer full): a client of @url with @token (nullable) that
 * does not retry, so that a fault the test sets is seen at once. */
KbApiClient *
kb_test_api_new (const char *url, const char *token)
{
  g_autoptr(GError) error = NULL;
  KbApiClient *api = kb_api_client_new (url, &error);

  g_assert_no_error (error);
  if (token != NULL)
    kb_api_client_set_token (api, token);
  kb_api_client_set_max_retries (api, 0);
  return api;
}

/* Returns: (transfer full): the cache in @db_path. */
KbStore *
kb_test_store_new (const char *db_path)
{
  g_autoptr(GError) error = NULL;
  KbStore *store = kb_store_new (db_path, &error);

  g_assert_no_error (error);
  return store;
}

/* Returns: (transfer full): a session's sync layer, as after a sign-in or
 * a restart: the client of kb_test_api_new() and the cache in @db_path. */
KbSync *
kb_test_sync_new (const char *url, const char *token, const char *db_path)
{
  g_autoptr(KbApiClient) api = kb_test_api_new (url, token);
  g_autoptr(KbStore) store = kb_test_store_new (db_path);

  return kb_sync_new (api, store);
}
