/* kb-application-actions.c — the app.* actions and their keyboard shortcuts. */
#include "config.h"

#include "kb-application-private.h"

#include <glib/gi18n.h>

#include "kb-preferences-window.h"

static void
quit_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  GApplication *application = G_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (application));

  /* Closing the windows first lets each save its state. */
  while (windows != NULL)
    {
      GList *next = windows->next;

      gtk_window_close (GTK_WINDOW (windows->data));
      windows = next;
    }
  g_application_quit (application);
}

static void
preferences_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  KbApplication *self = KB_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *window = kb_preferences_window_new (parent, kb_application_get_settings (self));

  gtk_window_present (GTK_WINDOW (window));
}

static void
about_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  KbApplication *self = KB_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  static const char *developers[] = { "Kabinet developers", NULL };

  adw_show_about_window (parent,
                         "application-name", _("Kabinet"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", _("The Kabinet developers"),
                         "developers", developers,
                         "comments", _("Run your company’s telecom account: personal information, payments, invoices, subscribers, and questions to the operator’s specialists."),
                         "website", "https://github.com/kabinet/kabinet",
                         "issue-url", "https://github.com/kabinet/kabinet/issues",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "copyright", "© 2026 The Kabinet developers",
                         /* TRANSLATORS: your names, one per line */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

/* Returns: (transfer none) (nullable): the main window, raised; with the
 * window closed (running in the background), one is opened first. For the
 * actions of notifications. */
KbWindow *
_kb_application_present_main_window (KbApplication *self)
{
  KbWindow *window = kb_application_get_main_window (self);

  if (window == NULL)
    {
      g_application_activate (G_APPLICATION (self));
      window = kb_application_get_main_window (self);
    }
  if (window != NULL)
    gtk_window_present (GTK_WINDOW (window));
  return window;
}

/* A notification's default action: the thread of the answered question. */
static void
open_question_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  KbApplication *self = KB_APPLICATION (user_data);
  const char *id = g_variant_get_string (parameter, NULL);
  g_autofree char *notification_id = g_strconcat ("answer-", id, NULL);
  KbWindow *window = _kb_application_present_main_window (self);

  if (window == NULL)
    return;
  kb_window_open_question (window, id);
  g_application_withdraw_notification (G_APPLICATION (self), notification_id);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated, NULL, NULL, NULL, { 0 } },
  { "preferences", preferences_activated, NULL, NULL, NULL, { 0 } },
  { "about", about_activated, NULL, NULL, NULL, { 0 } },
  { "open-question", open_question_activated, "s", NULL, NULL, { 0 } },
};

void
_kb_application_install_actions (KbApplication *self)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *help_overlay_accels[] = { "<Control>question", NULL };
  static const char *log_out_accels[] = { "<Control><Shift>q", NULL };

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-help-overlay", help_overlay_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.log-out", log_out_accels);
}
