/* kb-preferences-window.c — the preferences, all backed by GSettings.
 *
 * The server address is checked before it is saved (https unless on this
 * computer); the refresh interval is shown in minutes and kept in seconds.
 */
#include "config.h"

#include "kb-preferences-window.h"

#include <glib/gi18n.h>

#include "kb-api-client.h"

struct _KbPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  AdwEntryRow *server_row;
  GtkSpinButton *interval_spin;
  GtkSwitch *notifications_switch;
  GtkSwitch *background_switch;

  GSettings *settings;
};

G_DEFINE_FINAL_TYPE (KbPreferencesWindow, kb_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
on_server_applied (KbPreferencesWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->server_row));
  g_autofree char *normalized = NULL;
  g_autoptr(GError) error = NULL;

  if (*text != '\0' && !kb_api_validate_server_url (text, &normalized, &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->server_row), "error");
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (error->message));
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (self->server_row), "error");
  g_settings_set_string (self->settings, "server-url", normalized != NULL ? normalized : "");
  gtk_editable_set_text (GTK_EDITABLE (self->server_row), normalized != NULL ? normalized : "");
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                    adw_toast_new (_("The server address is used the next time you sign in.")));
}

static gboolean
seconds_to_minutes (GValue *value, GVariant *variant, gpointer user_data)
{
  g_value_set_double (value, (double) g_variant_get_uint32 (variant) / 60.0);
  return TRUE;
}

static GVariant *
minutes_to_seconds (const GValue *value, const GVariantType *type, gpointer user_data)
{
  return g_variant_new_uint32 ((guint32) (g_value_get_double (value) * 60.0 + 0.5));
}

static void
kb_preferences_window_dispose (GObject *object)
{
  KbPreferencesWindow *self = KB_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), KB_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (kb_preferences_window_parent_class)->dispose (object);
}

static void
kb_preferences_window_class_init (KbPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kb_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/shell/kb-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KbPreferencesWindow, server_row);
  gtk_widget_class_bind_template_child (widget_class, KbPreferencesWindow, interval_spin);
  gtk_widget_class_bind_template_child (widget_class, KbPreferencesWindow, notifications_switch);
  gtk_widget_class_bind_template_child (widget_class, KbPreferencesWindow, background_switch);
  gtk_widget_class_bind_template_callback (widget_class, on_server_applied);
}

static void
kb_preferences_window_init (KbPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kb_preferences_window_new (GtkWindow *parent, GSettings *settings)
{
  KbPreferencesWindow *self = g_object_new (KB_TYPE_PREFERENCES_WINDOW,
                                            "transient-for", parent,
                                            NULL);
  g_autofree char *server = g_settings_get_string (settings, "server-url");

  self->settings = g_object_ref (settings);
  gtk_editable_set_text (GTK_EDITABLE (self->server_row), server);
  g_settings_bind_with_mapping (settings, "refresh-interval",
                                self->interval_spin, "value", G_SETTINGS_BIND_DEFAULT,
                                seconds_to_minutes, minutes_to_seconds, NULL, NULL);
  g_settings_bind (settings, "notifications", self->notifications_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "run-in-background", self->background_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  return GTK_WIDGET (self);
}
