/* kb-credentials.c — the session token in the Secret Service, never anywhere else.
 *
 * Every call is asynchronous: a locked keyring may show a prompt and wait
 * for the user, which must never block the main loop. Under Flatpak,
 * libsecret uses the Secret portal by itself.
 */
#include "config.h"

#include "kb-credentials.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>
#include <string.h>

struct _KbCredentials
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE (KbCredentials, kb_credentials, G_TYPE_OBJECT)

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    "io.github.kabinet.Kabinet.Session", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "login", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL
  };
  return &schema;
}

/* Returns: (transfer full): what names the token's item: the server and
 * the login, so that each account on each server keeps its own. */
static GHashTable *
item_attributes (const char *server_url, const char *login)
{
  return secret_attributes_build (get_schema (), "server", server_url, "login", login, NULL);
}

static void
kb_credentials_class_init (KbCredentialsClass *klass)
{
}

static void
kb_credentials_init (KbCredentials *self)
{
}

KbCredentials *
kb_credentials_new (void)
{
  return g_object_new (KB_TYPE_CREDENTIALS, NULL);
}

typedef gboolean (*SecretFinishFunc) (GAsyncResult *result, GError **error);

/* Every call starts the same: a task tagged with the public function, and
 * for storing and clearing the libsecret function that finishes it. */
static GTask *
new_task (KbCredentials       *self,
          gpointer             source_tag,
          SecretFinishFunc     secret_finish,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, (gpointer) secret_finish, NULL);
  return task;
}

static gboolean
propagate_done (KbCredentials *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Storing and clearing end the same way; the task's data is the libsecret
 * function that finishes the call. */
static void
on_secret_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  SecretFinishFunc finish = (SecretFinishFunc) g_task_get_task_data (task);
  GError *error = NULL;

  finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
kb_credentials_store_async (KbCredentials       *self,
                            const char          *server_url,
                            const char          *login,
                            const char          *token,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = new_task (self, kb_credentials_store_async, secret_password_store_finish,
                                    cancellable, callback, user_data);
  /* TRANSLATORS: the label of the keyring item; %s is the login */
  g_autofree char *label = g_strdup_printf (_("Kabinet session of %s"), login);
  g_autoptr(GHashTable) attributes = item_attributes (server_url, login);

  secret_password_storev (get_schema (), attributes, SECRET_COLLECTION_DEFAULT, label, token,
                          cancellable, on_secret_done, g_steal_pointer (&task));
}

gboolean
kb_credentials_store_finish (KbCredentials *self, GAsyncResult *result, GError **error)
{
  return propagate_done (self, result, error);
}

static void
on_lookup_ready (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *token = secret_password_lookup_finish (result, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, token, (GDestroyNotify) secret_password_free);
}

void
kb_credentials_lookup_async (KbCredentials       *self,
                             const char          *server_url,
                             const char          *login,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = new_task (self, kb_credentials_lookup_async, NULL,
                                    cancellable, callback, user_data);
  g_autoptr(GHashTable) attributes = item_attributes (server_url, login);

  secret_password_lookupv (get_schema (), attributes, cancellable, on_lookup_ready,
                           g_steal_pointer (&task));
}

/* Returns: (transfer full) (nullable): the token, or %NULL with no error
 * when none is stored. Free it with g_free(). */
char *
kb_credentials_lookup_finish (KbCredentials *self, GAsyncResult *result, GError **error)
{
  g_autofree char *secret = NULL;
  char *token;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  /* Copy out of libsecret's non-pageable memory so callers can g_free(). */
  secret = g_task_propagate_pointer (G_TASK (result), error);
  if (secret == NULL)
    return NULL;
  token = g_strdup (secret);
  memset (secret, 0, strlen (secret));
  return token;
}

void
kb_credentials_clear_async (KbCredentials       *self,
                            const char          *server_url,
                            const char          *login,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = new_task (self, kb_credentials_clear_async, secret_password_clear_finish,
                                    cancellable, callback, user_data);
  g_autoptr(GHashTable) attributes = item_attributes (server_url, login);

  secret_password_clearv (get_schema (), attributes, cancellable, on_secret_done,
                          g_steal_pointer (&task));
}

gboolean
kb_credentials_clear_finish (KbCredentials *self, GAsyncResult *result, GError **error)
{
  return propagate_done (self, result, error);
}

/**
 * kb_credentials_describe_error:
 * @storing: %TRUE when the token was being saved, %FALSE when it was being
 *   read back at start-up
 *
 * Returns: (transfer full): a short sentence for the user about a keyring
 * failure; short, because it is shown in a toast. The D-Bus details go to
 * the log, not to the user.
 */
char *
kb_credentials_describe_error (const GError *error, gboolean storing)
{
  enum { NO_SERVICE, LOCKED, OTHER } kind = OTHER;

  g_message ("Keyring: %s", error->message);

  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    kind = NO_SERVICE;
  /* A locked or never-created login collection, or a dismissed prompt. */
  else if (g_error_matches (error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED) ||
           g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_OBJECT) ||
           strstr (error->message, "/org/freedesktop/secrets/collection/") != NULL ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    kind = LOCKED;

  switch (kind)
    {
    case NO_SERVICE:
      return g_strdup (storing ? _("Not remembered: no keyring is available")
                               : _("No keyring is available: sign in with your password."));
    case LOCKED:
      return g_strdup (storing ? _("Not remembered: the keyring is locked")
                               : _("The keyring is locked: sign in with your password."));
    case OTHER:
    default:
      return g_strdup (storing ? _("Not remembered: the keyring refused")
                               : _("The keyring could not be read: sign in with your password."));
    }
}
