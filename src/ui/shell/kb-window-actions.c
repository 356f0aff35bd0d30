/* kb-window-actions.c — the main window's actions (win.*) and navigation by name.
 *
 * Split from kb-window.c as gnome-text-editor keeps editor-window-actions.c: the
 * window builds and switches its pages; this file says what its actions do, and
 * how a "section/target" name (the win.show-section action, a notification) is
 * shown.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kb-feedback-page.h"
#include "kb-page.h"
#include "kb-window-private.h"

static void
on_sign_out_ready (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;

  if (!kb_session_manager_sign_out_finish (KB_SESSION_MANAGER (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Sign-out failed: %s", error->message);
}

static void
on_log_out_response (AdwMessageDialog *dialog, const char *response, KbWindow *self)
{
  if (g_strcmp0 (response, "log-out") == 0)
    kb_session_manager_sign_out_async (self->manager, NULL, on_sign_out_ready, NULL);
}

static void
confirm_log_out (KbWindow *self)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Log Out?"),
                                                       _("You will need your login and password to sign in again. The data Kabinet keeps for this account on this computer will be deleted.")));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "log-out", _("_Log Out"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "log-out", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_log_out_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Shows a section's page, and in it one thing when @name is
 * "section/target" (kb_page_show_target()): what the win.show-section
 * action does, so that sections point to each other without knowing the
 * window or each other's pages. */
gboolean
_kb_window_show_section_target (KbWindow *self, const char *name)
{
  const char *slash = strchr (name, '/');
  g_autofree char *section_id = slash != NULL ? g_strndup (name, slash - name) : g_strdup (name);
  GApplication *app;

  if (!kb_window_show_section (self, section_id))
    return FALSE;
  adw_leaflet_set_visible_child (self->leaflet, self->content_box);
  if (slash != NULL)
    kb_page_show_target (KB_PAGE (gtk_stack_get_visible_child (self->page_stack)), slash + 1);
  g_free (self->shown_target);
  self->shown_target = g_strdup (name);
  /* What a request concerns is seen now: its notification can go. */
  app = g_application_get_default ();
  if (slash != NULL && app != NULL && g_action_group_has_action (G_ACTION_GROUP (app), "request-target-seen"))
    g_action_group_activate_action (G_ACTION_GROUP (app), "request-target-seen", g_variant_new_string (name));
  return TRUE;
}

/* Returns: (nullable): the "section/target" the window shows, if the
 * section shown is still the one it was asked for. */
const char *
kb_window_get_shown_target (KbWindow *self)
{
  g_return_val_if_fail (KB_IS_WINDOW (self), NULL);

  if (self->shown_target == NULL || self->visible_section == NULL ||
      !g_str_has_prefix (self->shown_target, self->visible_section->id))
    return NULL;
  return self->shown_target;
}

/**
 * kb_window_open_question:
 *
 * Shows a question's thread in the Feedback section, as a notification's
 * action asks.
 *
 * Returns: %TRUE if there is a session to show it in
 */
gboolean
kb_window_open_question (KbWindow *self, const char *question_id)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (KB_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (question_id != NULL, FALSE);

  name = g_strconcat ("feedback/question/", question_id, NULL);
  return _kb_window_show_section_target (self, name);
}

/* Returns: (nullable): the id of the question whose thread the window shows. */
const char *
kb_window_get_open_question (KbWindow *self)
{
  GtkWidget *page;

  g_return_val_if_fail (KB_IS_WINDOW (self), NULL);

  if (self->visible_section == NULL || !g_str_equal (self->visible_section->id, "feedback"))
    return NULL;
  page = kb_window_get_page (self, "feedback");
  return KB_IS_FEEDBACK_PAGE (page) ? kb_feedback_page_get_open_question_id (KB_FEEDBACK_PAGE (page)) : NULL;
}

static void
refresh_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KbWindow *self = KB_WINDOW (widget);
  GtkWidget *page = gtk_stack_get_visible_child (self->page_stack);

  if (page != NULL)
    kb_page_reload (KB_PAGE (page));
}

/* The parameter is a section id, or "section/target" (_kb_window_show_section_target()). */
static void
show_section_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  _kb_window_show_section_target (KB_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
log_out_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  confirm_log_out (KB_WINDOW (widget));
}

/* The Shortcuts window is built when asked for, not with every window as
 * GtkApplication would do with a gtk/help-overlay.ui resource: it is not
 * part of the first frame. */
static void
show_help_overlay_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (RESOURCE_BASE "/ui/shell/help-overlay.ui");
  GtkWindow *overlay = GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay"));

  /* A new one each time, so closing must destroy it rather than hide it. */
  gtk_window_set_hide_on_close (overlay, FALSE);
  gtk_window_set_transient_for (overlay, GTK_WINDOW (widget));
  gtk_window_present (overlay);
}

static void
toast_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  kb_window_add_toast (KB_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static KbPage *
get_visible_page (KbWindow *self)
{
  GtkWidget *page = gtk_stack_get_visible_child (self->page_stack);

  if (page == NULL || !gtk_widget_get_mapped (page))
    return NULL;
  return KB_PAGE (page);
}

/* Esc and Alt+← reach the page wherever the focus is (in the sidebar, or
 * nowhere after the view that had it went), and pass on when the page is
 * not in a sub-view, so that Esc still closes what it closes elsewhere. */
static gboolean
go_back_binding (GtkWidget *widget, GVariant *args, gpointer user_data)
{
  KbPage *page = get_visible_page (KB_WINDOW (widget));

  return page != NULL && kb_page_go_back (page);
}

static gboolean
search_binding (GtkWidget *widget, GVariant *args, gpointer user_data)
{
  KbPage *page = get_visible_page (KB_WINDOW (widget));

  return page != NULL && kb_page_focus_search (page);
}

/* Installs the win.* actions and their shortcuts; called by the class_init. */
void
kb_window_class_actions_init (GtkWidgetClass *widget_class)
{
  guint n_sections;
  const KbSection *sections = kb_sections_get_all (&n_sections);

  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.show-section", "s", show_section_action);
  gtk_widget_class_install_action (widget_class, "win.log-out", NULL, log_out_action);
  gtk_widget_class_install_action (widget_class, "win.toast", "s", toast_action);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL, show_help_overlay_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.refresh", NULL);
  kb_page_add_key_bindings (widget_class, go_back_binding, search_binding);
  for (guint i = 0; i < n_sections; i++)
    {
      guint key;
      GdkModifierType mods;

      if (sections[i].accel != NULL && gtk_accelerator_parse (sections[i].accel, &key, &mods))
        gtk_widget_class_add_binding_action (widget_class, key, mods, "win.show-section", "s",
                                             sections[i].id);
    }
}
