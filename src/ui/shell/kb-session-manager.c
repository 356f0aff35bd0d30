/* kb-session-manager.c — signing in and out, remembering the session, the demo server.
 *
 * A signed-in session is a KbSync (the api client with its token, and the
 * account's own cache). The manager makes one on sign-in or from a token
 * remembered in the keyring, and drops it on sign-out or when the server
 * refuses the token. The window only watches KbSessionManager:sync.
 *
 * The demo and restoring a remembered session are in files of their own
 * (kb-session-manager-demo.c, kb-session-manager-restore.c).
 */
#include "config.h"

#include "kb-session-manager-private.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>


G_DEFINE_FINAL_TYPE (KbSessionManager, kb_session_manager, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SYNC,
  N_PROPS
};

enum {
  SIGNED_OUT,
  NOTICE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];


void
_kb_session_manager_sign_in_data_free (SignInData *data)
{
  g_clear_object (&data->api);
  g_free (data->login);
  if (data->password != NULL)
    memset (data->password, 0, strlen (data->password));
  g_free (data->password);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignInData, _kb_session_manager_sign_in_data_free)

static void on_sync_unauthorized (KbSync *sync, const GError *error, KbSessionManager *self);

/* Each account gets its own cache file, so that two logins on one computer
 * never see each other's rows. */
char *
_kb_session_manager_cache_path_for (const char *server_url, const char *login, gboolean demo)
{
  g_autofree char *key = g_strconcat (demo ? "demo" : server_url, "\n", login, NULL);
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);
  g_autofree char *name = g_strdup_printf ("%.16s.db", digest);

  return g_build_filename (g_get_user_cache_dir (), "kabinet", "accounts", name, NULL);
}

void
_kb_session_manager_set_sync (KbSessionManager *self, KbSync *sync)
{
  if (self->sync == sync)
    return;

  if (self->sync != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->sync, self);
      kb_sync_shutdown (self->sync);
    }
  g_set_object (&self->sync, sync);
  if (sync != NULL)
    {
      g_signal_connect_object (sync, "unauthorized", G_CALLBACK (on_sync_unauthorized), self, 0);
      g_settings_bind (self->settings, "refresh-interval", sync, "refresh-interval",
                       G_SETTINGS_BIND_GET);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC]);
}

/* Opens the session's cache. One written by a newer Kabinet (after a
 * downgrade) is set aside whole, not deleted: it may hold a question not yet
 * sent or a draft, which that newer version will still find. */
static KbStore *
open_store (const char *path, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  KbStore *store = kb_store_new (path, &local_error);

  if (store == NULL && g_error_matches (local_error, KB_STORE_ERROR, KB_STORE_ERROR_TOO_NEW))
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
      g_autofree char *aside = g_strdup_printf ("%s.newer-%s", path, stamp);
      const char * const suffixes[] = { "", "-wal", "-shm" };

      g_message ("%s; moving it to %s", local_error->message, aside);
      for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
        {
          g_autofree char *from = g_strconcat (path, suffixes[i], NULL);
          g_autofree char *to = g_strconcat (aside, suffixes[i], NULL);

          if (g_rename (from, to) != 0 && errno != ENOENT)
            g_warning ("Could not move %s aside: %s", from, g_strerror (errno));
        }
      g_clear_error (&local_error);
      store = kb_store_new (path, &local_error);
    }
  if (store == NULL)
    {
      /* TRANSLATORS: %s is the technical reason (in English) */
      g_set_error (error, KB_STORE_ERROR, local_error->code, _("Could not open the local cache: %s"),
                   local_error->message);
      return NULL;
    }
  return store;
}

/* Remembers whether a session ended without signing out (the next start
 * may then show its cache before the keyring answers). Written only when
 * it changes: a write can touch the disk. */
void
_kb_session_manager_set_cached (KbSessionManager *self, gboolean cached)
{
  if (g_settings_get_boolean (self->settings, "session-cached") != cached)
    g_settings_set_boolean (self->settings, "session-cached", cached);
}

/* Makes the session from an api client that holds a valid token, or
 * awaits one (kb_session_manager_open_cached()). */
gboolean
_kb_session_manager_open_session (KbSessionManager *self, KbApiClient *api, const char *login,
                                  gboolean demo, GError **error)
{
  g_autofree char *path = _kb_session_manager_cache_path_for (kb_api_client_get_server_url (api),
                                                              login, demo);
  g_autoptr(KbStore) store = open_store (path, error);
  g_autoptr(KbSync) sync = NULL;

  if (store == NULL)
    return FALSE;

  g_free (self->login);
  self->login = g_strdup (login);
  g_free (self->server_url);
  self->server_url = g_strdup (kb_api_client_get_server_url (api));
  self->is_demo = demo;

  sync = kb_sync_new (api, store);
  _kb_session_manager_set_sync (self, sync);
  if (!demo)
    _kb_session_manager_set_cached (self, TRUE);
  return TRUE;
}

static void
on_credentials_stored (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(KbSessionManager) self = user_data;
  g_autoptr(GError) error = NULL;

  /* See the hold in on_api_sign_in_ready(). */
  if (g_application_get_default () != NULL)
    g_application_release (g_application_get_default ());

  if (!kb_credentials_store_finish (KB_CREDENTIALS (source), result, &error))
    {
      g_autofree char *message = kb_credentials_describe_error (error, TRUE);

      g_signal_emit (self, signals[NOTICE], 0, message);
    }
}

static void
on_credentials_cleared (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;

  if (!kb_credentials_clear_finish (KB_CREDENTIALS (source), result, &error))
    g_debug ("Could not clear the stored token: %s", error->message);
}

static void
forget_token (KbSessionManager *self, const char *server_url, const char *login)
{
  if (server_url != NULL && login != NULL)
    kb_credentials_clear_async (self->credentials, server_url, login, NULL,
                                on_credentials_cleared, NULL);
}

static void
drop_session (KbSessionManager *self, const char *reason)
{
  _kb_session_manager_set_cached (self, FALSE);
  _kb_session_manager_set_sync (self, NULL);
  self->is_demo = FALSE;
  g_signal_emit (self, signals[SIGNED_OUT], 0, reason);
}

static void
on_sync_unauthorized (KbSync *sync, const GError *error, KbSessionManager *self)
{
  forget_token (self, self->server_url, self->login);
  drop_session (self, error->message);
}

static void
kb_session_manager_dispose (GObject *object)
{
  KbSessionManager *self = KB_SESSION_MANAGER (object);

  kb_session_manager_shutdown (self);
  g_clear_object (&self->settings);
  g_clear_object (&self->credentials);

  G_OBJECT_CLASS (kb_session_manager_parent_class)->dispose (object);
}

static void
kb_session_manager_finalize (GObject *object)
{
  KbSessionManager *self = KB_SESSION_MANAGER (object);

  g_free (self->login);
  g_free (self->server_url);

  G_OBJECT_CLASS (kb_session_manager_parent_class)->finalize (object);
}

static void
kb_session_manager_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KbSessionManager *self = KB_SESSION_MANAGER (object);

  switch (prop_id)
    {
    case PROP_SYNC: g_value_set_object (value, self->sync); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kb_session_manager_class_init (KbSessionManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kb_session_manager_dispose;
  object_class->finalize = kb_session_manager_finalize;
  object_class->get_property = kb_session_manager_get_property;

  properties[PROP_SYNC] =
    g_param_spec_object ("sync", NULL, NULL, KB_TYPE_SYNC,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KbSessionManager::signed-out:
   * @reason: (nullable): why, when the user did not ask for it
   */
  signals[SIGNED_OUT] =
    g_signal_new ("signed-out", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * KbSessionManager::notice:
   * @message: something the user should know that is not an error of theirs
   */
  signals[NOTICE] =
    g_signal_new ("notice", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
kb_session_manager_init (KbSessionManager *self)
{
}

KbSessionManager *
kb_session_manager_new (GSettings *settings, KbCredentials *credentials)
{
  KbSessionManager *self = g_object_new (KB_TYPE_SESSION_MANAGER, NULL);

  self->settings = g_object_ref (settings);
  self->credentials = g_object_ref (credentials);
  return self;
}

/* Returns: (transfer none) (nullable): the signed-in session. */
KbSync *
kb_session_manager_get_sync (KbSessionManager *self)
{
  g_return_val_if_fail (KB_IS_SESSION_MANAGER (self), NULL);
  return self->sync;
}

const char *
kb_session_manager_get_login (KbSessionManager *self)
{
  g_return_val_if_fail (KB_IS_SESSION_MANAGER (self), NULL);
  return self->login;
}

gboolean
kb_session_manager_get_is_demo (KbSessionManager *self)
{
  g_return_val_if_fail (KB_IS_SESSION_MANAGER (self), FALSE);
  return self->is_demo;
}

/* Returns: (transfer full) (nullable): the demo server's address, while it runs. */
char *
kb_session_manager_dup_demo_url (KbSessionManager *self)
{
  g_return_val_if_fail (KB_IS_SESSION_MANAGER (self), NULL);
  return self->demo_server != NULL ? g_strdup (self->demo_url) : NULL;
}

/* Sign-in */

static void
on_api_sign_in_ready (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  KbSessionManager *self = g_task_get_source_object (task);
  SignInData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  const char *server_url;

  token = kb_api_client_sign_in_finish (data->api, result, &error);
  if (token == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!_kb_session_manager_open_session (self, data->api, data->login, data->demo, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  server_url = kb_api_client_get_server_url (data->api);
  if (!data->demo)
    {
      g_settings_set_string (self->settings, "server-url", server_url);
      g_settings_set_string (self->settings, "last-login", data->login);
      g_settings_set_boolean (self->settings, "remember-me", data->remember);

      /* Quitting right after signing in must not lose "Remember me": the
       * application stays until the keyring has the token. */
      if (data->remember && g_application_get_default () != NULL)
        g_application_hold (g_application_get_default ());
      if (data->remember)
        kb_credentials_store_async (self->credentials, server_url, data->login, token, NULL,
                                    on_credentials_stored, g_object_ref (self));
      else
        forget_token (self, server_url, data->login);
    }

  g_task_return_boolean (task, TRUE);
}

void
_kb_session_manager_start_sign_in (KbSessionManager *self, GTask *task_in, const char *password)
{
  g_autoptr(GTask) task = task_in;
  SignInData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  kb_api_client_sign_in_async (data->api, data->login, password, cancellable,
                               on_api_sign_in_ready, g_steal_pointer (&task));
}

/**
 * kb_session_manager_sign_in_async:
 * @remember: keep the token in the keyring so the next start signs in by itself
 */
void
kb_session_manager_sign_in_async (KbSessionManager    *self,
                                  const char          *server_url,
                                  const char          *login,
                                  const char          *password,
                                  gboolean             remember,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SignInData) data = g_new0 (SignInData, 1);
  GError *error = NULL;

  g_return_if_fail (KB_IS_SESSION_MANAGER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kb_session_manager_sign_in_async);

  data->api = kb_api_client_new (server_url, &error);
  if (data->api == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  data->login = g_strstrip (g_strdup (login));
  data->remember = remember;
  g_task_set_task_data (task, g_steal_pointer (&data), (GDestroyNotify) _kb_session_manager_sign_in_data_free);

  _kb_session_manager_start_sign_in (self, g_steal_pointer (&task), password);
}

gboolean
kb_session_manager_sign_in_finish (KbSessionManager *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * kb_session_manager_resume:
 * @token: a session token the server issued for @login
 *
 * Opens the session of @login with a token known from elsewhere (the
 * keyring): the cached data shows at once, and the first refresh tells
 * whether the server still accepts the token.
 */
gboolean
kb_session_manager_resume (KbSessionManager  *self,
                           const char        *server_url,
                           const char        *login,
                           const char        *token,
                           GError           **error)
{
  g_autoptr(KbApiClient) api = NULL;

  g_return_val_if_fail (KB_IS_SESSION_MANAGER (self), FALSE);

  api = kb_api_client_new (server_url, error);
  if (api == NULL)
    return FALSE;

  /* Before the session exists: its pages start refreshing as soon as the
   * window sees it, and a request without the token would be refused. */
  kb_api_client_set_token (api, token);
  return _kb_session_manager_open_session (self, api, login, FALSE, error);
}

/**
 * kb_session_manager_dup_cache_path:
 *
 * The cache of the account signed in, or else of the session the next
 * start resumes (a remembered login), whether or not it was resumed yet:
 * what GNOME Shell's search may read without signing in.
 *
 * Returns: (transfer full) (nullable): the cache file, %NULL when no
 * account is signed in or remembered
 */
char *
kb_session_manager_dup_cache_path (KbSessionManager *self)
{
  g_autofree char *server_url = NULL;
  g_autofree char *login = NULL;

  g_return_val_if_fail (KB_IS_SESSION_MANAGER (self), NULL);

  if (self->sync != NULL)
    return g_strdup (kb_store_get_path (kb_sync_get_store (self->sync)));
  server_url = g_settings_get_string (self->settings, "server-url");
  login = g_settings_get_string (self->settings, "last-login");
  if (!g_settings_get_boolean (self->settings, "remember-me") || *server_url == '\0' ||
      *login == '\0')
    return NULL;
  return _kb_session_manager_cache_path_for (server_url, login, FALSE);
}

/* Sign-out */

static void
on_api_sign_out_ready (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  KbSessionManager *self = g_task_get_source_object (task);
  KbSync *sync = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) store_error = NULL;

  if (!kb_api_client_sign_out_finish (KB_API_CLIENT (source), result, &error))
    g_debug ("The server was not told about the sign-out: %s", error->message);

  if (!kb_store_clear (kb_sync_get_store (sync), &store_error))
    g_warning ("Could not clear the cache: %s", store_error->message);

  if (!self->is_demo)
    forget_token (self, self->server_url, self->login);

  if (self->sync == sync)
    drop_session (self, NULL);

  /* Signed out here whatever happened there: report the server's failure
   * only as a notice, the token expires on its own. */
  if (error != NULL && !kb_api_error_is_auth (error))
    {
      g_autofree char *message =
        g_strdup_printf (_("You are signed out, but the server could not be told (%s). The session will expire on its own."),
                         error->message);
      g_signal_emit (self, signals[NOTICE], 0, message);
    }

  g_task_return_boolean (task, TRUE);
}

void
kb_session_manager_sign_out_async (KbSessionManager    *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KB_IS_SESSION_MANAGER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kb_session_manager_sign_out_async);

  if (self->sync == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  g_task_set_task_data (task, g_object_ref (self->sync), g_object_unref);
  kb_api_client_sign_out_async (kb_sync_get_api (self->sync), cancellable,
                                on_api_sign_out_ready, g_steal_pointer (&task));
}

gboolean
kb_session_manager_sign_out_finish (KbSessionManager *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Stops the session's timers and the demo server; the app is quitting. */
void
kb_session_manager_shutdown (KbSessionManager *self)
{
  g_return_if_fail (KB_IS_SESSION_MANAGER (self));

  if (self->sync != NULL)
    {
      g_autoptr(KbApiClient) api = g_object_ref (kb_sync_get_api (self->sync));

      g_signal_handlers_disconnect_by_data (self->sync, self);
      kb_sync_shutdown (self->sync);
      g_clear_object (&self->sync);
      /* Requests held for a token that never came are let go (and fail). */
      if (self->awaiting_token)
        kb_api_client_set_token (api, NULL);
      self->awaiting_token = FALSE;
    }
  _kb_session_manager_stop_demo_server (self);
}
