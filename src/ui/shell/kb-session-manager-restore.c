/* kb-session-manager-restore.c — signing in with a token the keyring remembers.
 */
#include "config.h"

#include "kb-session-manager-private.h"

#include "kb-credentials.h"

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

      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", message);
      return;
    }
  if (token == NULL)
    {
      g_task_return_boolean (task, FALSE);
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
