/* kb-session-manager-restore.c — signing in with a token the keyring remembers.
 *
 * A session that ended without signing out is shown from its cache at the
 * next start before the keyring is asked (kb_session_manager_open_cached()):
 * the keyring is another process, which may even prompt, and the first
 * frame needs only the cache. Its requests wait for the token meanwhile.
 */
#include "config.h"

#include "kb-session-manager-private.h"

#include "kb-credentials.h"

/* The keyring has no token for the session shown from the cache, or could
 * not be asked: that session closes, and its held requests fail. */
static void
close_cached (KbSessionManager *self)
{
  g_autoptr(KbApiClient) api = NULL;

  if (!self->awaiting_token)
    return;
  self->awaiting_token = FALSE;
  api = g_object_ref (kb_sync_get_api (self->sync));
  _kb_session_manager_set_sync (self, NULL);
  kb_api_client_set_token (api, NULL);
}

/**
 * kb_session_manager_open_cached:
 *
 * Opens the remembered session from its cache alone, if the last one ended
 * without signing out: the pages show what is cached at once, and their
 * requests wait until kb_session_manager_restore_async() has the token from
 * the keyring — or closes the session when there is none.
 *
 * Returns: whether a session was opened
 */
gboolean
kb_session_manager_open_cached (KbSessionManager *self)
{
  g_autofree char *server_url = NULL;
  g_autofree char *login = NULL;
  g_autofree char *path = NULL;
  g_autoptr(KbApiClient) api = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (KB_IS_SESSION_MANAGER (self), FALSE);

  if (self->sync != NULL || !g_settings_get_boolean (self->settings, "remember-me") ||
      !g_settings_get_boolean (self->settings, "session-cached"))
    return FALSE;
  server_url = g_settings_get_string (self->settings, "server-url");
  login = g_settings_get_string (self->settings, "last-login");
  if (*server_url == '\0' || *login == '\0')
    return FALSE;
  path = _kb_session_manager_cache_path_for (server_url, login, FALSE);
  if (!g_file_test (path, G_FILE_TEST_EXISTS) ||
      (api = kb_api_client_new (server_url, NULL)) == NULL)
    return FALSE;

  kb_api_client_await_token (api);
  if (!_kb_session_manager_open_session (self, api, login, FALSE, &error))
    {
      g_debug ("The cached session does not open: %s", error->message);
      kb_api_client_set_token (api, NULL);
      return FALSE;
    }
  self->awaiting_token = TRUE;
  return TRUE;
}

static void
on_token_found (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  KbSessionManager *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *server_url = g_settings_get_string (self->settings, "server-url");
  g_autofree char *login = g_settings_get_string (self->settings, "last-login");

  token = kb_credentials_lookup_finish (KB_CREDENTIALS (source), result, &error);
  if (error != NULL)
    {
      g_autofree char *message = kb_credentials_describe_error (error, FALSE);

      close_cached (self);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", message);
      return;
    }
  if (token == NULL)
    {
      close_cached (self);
      _kb_session_manager_set_cached (self, FALSE);
      g_task_return_boolean (task, FALSE);
      return;
    }

  if (self->awaiting_token)
    {
      /* The session shown from the cache is this one: its held requests go. */
      self->awaiting_token = FALSE;
      kb_api_client_set_token (kb_sync_get_api (self->sync), token);
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (!kb_session_manager_resume (self, server_url, login, token, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/**
 * kb_session_manager_restore_async:
 *
 * Signs in with the token remembered in the keyring, if there is one. The
 * result is %FALSE with no error when nothing is remembered. The token is
 * checked by the first refresh; if the server refuses it,
 * KbSessionManager::signed-out says so.
 */
void
kb_session_manager_restore_async (KbSessionManager    *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *server_url = NULL;
  g_autofree char *login = NULL;

  g_return_if_fail (KB_IS_SESSION_MANAGER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kb_session_manager_restore_async);

  server_url = g_settings_get_string (self->settings, "server-url");
  login = g_settings_get_string (self->settings, "last-login");
  if (!g_settings_get_boolean (self->settings, "remember-me") || *server_url == '\0' || *login == '\0')
    {
      g_task_return_boolean (task, FALSE);
      return;
    }

  kb_credentials_lookup_async (self->credentials, server_url, login, cancellable,
                               on_token_found, g_steal_pointer (&task));
}

gboolean
kb_session_manager_restore_finish (KbSessionManager *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
