/* kb-application.c — Kabinet's application object: owns the long-lived services.
 *
 * The settings, the keyring access and the session manager live as long as
 * the application and are handed to each window. `kabinet --demo` starts
 * the built-in reference server and signs in to it.
 */
#include "config.h"

#include "kb-application-private.h"

#include <glib/gi18n.h>

#include "kb-credentials.h"
#include "kb-window.h"

struct _KbApplication
{
  AdwApplication parent_instance;

  GSettings *settings;
  KbCredentials *credentials;
  KbSessionManager *manager;
  gboolean demo;
};

G_DEFINE_FINAL_TYPE (KbApplication, kb_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Start the built-in demo server and sign in to it"), NULL },
  { NULL }
};

static int
kb_application_handle_local_options (GApplication *application, GVariantDict *options)
{
  KbApplication *self = KB_APPLICATION (application);

  if (g_variant_dict_contains (options, "demo"))
    self->demo = TRUE;
  return -1;
}

static void
kb_application_startup (GApplication *application)
{
  KbApplication *self = KB_APPLICATION (application);

  G_APPLICATION_CLASS (kb_application_parent_class)->startup (application);

  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    RESOURCE_BASE "/icons");

  self->settings = g_settings_new ("io.github.kabinet.Kabinet");
  self->credentials = kb_credentials_new ();
  self->manager = kb_session_manager_new (self->settings, self->credentials);

  _kb_application_install_actions (self);
}

static void
kb_application_activate (GApplication *application)
{
  KbApplication *self = KB_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (application));

  if (window == NULL)
    {
      window = GTK_WINDOW (kb_window_new (GTK_APPLICATION (application), self->manager, self->settings));
      kb_window_start (KB_WINDOW (window), self->demo);
    }

  gtk_window_present (window);
}

static void
kb_application_shutdown (GApplication *application)
{
  KbApplication *self = KB_APPLICATION (application);

  if (self->manager != NULL)
    kb_session_manager_shutdown (self->manager);

  G_APPLICATION_CLASS (kb_application_parent_class)->shutdown (application);
}

static void
kb_application_dispose (GObject *object)
{
  KbApplication *self = KB_APPLICATION (object);

  g_clear_object (&self->manager);
  g_clear_object (&self->credentials);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (kb_application_parent_class)->dispose (object);
}

static void
kb_application_class_init (KbApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = kb_application_dispose;
  app_class->handle_local_options = kb_application_handle_local_options;
  app_class->startup = kb_application_startup;
  app_class->activate = kb_application_activate;
  app_class->shutdown = kb_application_shutdown;
}

static void
kb_application_init (KbApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
}

KbApplication *
kb_application_new (void)
{
  return g_object_new (KB_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_BASE,
                       NULL);
}

KbSessionManager *
kb_application_get_session_manager (KbApplication *self)
{
  g_return_val_if_fail (KB_IS_APPLICATION (self), NULL);
  return self->manager;
}

GSettings *
kb_application_get_settings (KbApplication *self)
{
  g_return_val_if_fail (KB_IS_APPLICATION (self), NULL);
  return self->settings;
}
