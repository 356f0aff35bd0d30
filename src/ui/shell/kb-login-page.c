/* kb-login-page.c — the first-run page: sign in, or try the demo.
 *
 * The page checks what it can before asking the server (empty fields, a
 * server address that is not https), keeps everything typed when sign-in
 * fails, and says why in a sentence the user can act on.
 */
#include "config.h"

#include "kb-login-page.h"

#include <glib/gi18n.h>

struct _KbLoginPage
{
  AdwBin parent_instance;

  AdwEntryRow *server_row;
  AdwEntryRow *login_row;
  AdwPasswordEntryRow *password_row;
  GtkSwitch *remember_switch;
  GtkRevealer *message_revealer;
  GtkLabel *message_label;
  GtkButton *sign_in_button;
  GtkButton *demo_button;
  GtkSpinner *spinner;
  GtkWidget *form;

  KbSessionManager *manager;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (KbLoginPage, kb_login_page, ADW_TYPE_BIN)

static void
set_busy (KbLoginPage *self, gboolean busy)
{
  gtk_widget_set_sensitive (self->form, !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->demo_button), !busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
}

void
kb_login_page_show_message (KbLoginPage *self, const char *message)
{
  g_return_if_fail (KB_IS_LOGIN_PAGE (self));

  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_revealer_set_reveal_child (self->message_revealer, message != NULL && *message != '\0');
}

static void
mark_row (GtkWidget *row, gboolean invalid)
{
  if (invalid)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
}

static void
on_sign_in_ready (GObject *source, GAsyncResult *result, gpointer user_data)
{
  KbLoginPage *self;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  /* Both sign-in paths end here: the demo and a real server. */
  if (g_task_get_source_tag (G_TASK (result)) == kb_session_manager_start_demo_async)
    ok = kb_session_manager_start_demo_finish (KB_SESSION_MANAGER (source), result, &error);
  else
    ok = kb_session_manager_sign_in_finish (KB_SESSION_MANAGER (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = KB_LOGIN_PAGE (user_data);
  set_busy (self, FALSE);

  if (!ok)
    {
      kb_login_page_show_message (self, error->message);
      if (g_error_matches (error, KB_API_ERROR, KB_API_ERROR_INVALID_CREDENTIALS))
        gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      else if (g_error_matches (error, KB_API_ERROR, KB_API_ERROR_INVALID_URL) ||
               g_error_matches (error, KB_API_ERROR, KB_API_ERROR_INSECURE_URL))
        {
          mark_row (GTK_WIDGET (self->server_row), TRUE);
          gtk_widget_grab_focus (GTK_WIDGET (self->server_row));
        }
      return;
    }

  /* The password is not kept in the page once it has done its job. */
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  kb_login_page_show_message (self, NULL);
}

static void
sign_in (KbLoginPage *self)
{
  const char *server = gtk_editable_get_text (GTK_EDITABLE (self->server_row));
  const char *login = gtk_editable_get_text (GTK_EDITABLE (self->login_row));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  g_autofree char *server_stripped = g_strstrip (g_strdup (server));
  g_autofree char *login_stripped = g_strstrip (g_strdup (login));
  g_autoptr(GError) error = NULL;
  GtkWidget *first_invalid = NULL;
  const char *message = NULL;

  mark_row (GTK_WIDGET (self->server_row), FALSE);
  mark_row (GTK_WIDGET (self->login_row), FALSE);
  mark_row (GTK_WIDGET (self->password_row), FALSE);

  if (*password == '\0')
    {
      first_invalid = GTK_WIDGET (self->password_row);
      message = _("Enter your password.");
    }
  if (*login_stripped == '\0')
    {
      first_invalid = GTK_WIDGET (self->login_row);
      message = _("Enter your login.");
    }
  if (*server_stripped == '\0')
    {
      first_invalid = GTK_WIDGET (self->server_row);
      message = _("Enter the address of your operator’s cabinet server, or try the demo.");
    }
  else if (!kb_api_validate_server_url (server_stripped, NULL, &error))
    {
      first_invalid = GTK_WIDGET (self->server_row);
      message = error->message;
    }

  if (first_invalid != NULL)
    {
      mark_row (first_invalid, TRUE);
      kb_login_page_show_message (self, message);
      gtk_widget_grab_focus (first_invalid);
      return;
    }

  kb_login_page_show_message (self, NULL);
  set_busy (self, TRUE);
  kb_session_manager_sign_in_async (self->manager, server_stripped, login_stripped, password,
                                    gtk_switch_get_active (self->remember_switch),
                                    self->cancellable, on_sign_in_ready, self);
}

void
kb_login_page_start_demo (KbLoginPage *self)
{
  g_return_if_fail (KB_IS_LOGIN_PAGE (self));

  kb_login_page_show_message (self, NULL);
  set_busy (self, TRUE);
  kb_session_manager_start_demo_async (self->manager, self->cancellable, on_sign_in_ready, self);
}

static void
sign_in_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  sign_in (KB_LOGIN_PAGE (widget));
}

static void
demo_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  kb_login_page_start_demo (KB_LOGIN_PAGE (widget));
}

static void
on_entry_activated (KbLoginPage *self)
{
  sign_in (self);
}

/* Whoever arrives at the page can type at once, into the first field
 * still empty. */
static void
kb_login_page_map (GtkWidget *widget)
{
  KbLoginPage *self = KB_LOGIN_PAGE (widget);
  GtkWidget *rows[] = {
    GTK_WIDGET (self->server_row), GTK_WIDGET (self->login_row), GTK_WIDGET (self->password_row),
  };

  GTK_WIDGET_CLASS (kb_login_page_parent_class)->map (widget);

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (*gtk_editable_get_text (GTK_EDITABLE (rows[i])) == '\0' || i == G_N_ELEMENTS (rows) - 1)
      {
        gtk_widget_grab_focus (rows[i]);
        break;
      }
}

static void
kb_login_page_dispose (GObject *object)
{
  KbLoginPage *self = KB_LOGIN_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->manager);
  gtk_widget_dispose_template (GTK_WIDGET (object), KB_TYPE_LOGIN_PAGE);

  G_OBJECT_CLASS (kb_login_page_parent_class)->dispose (object);
}

static void
kb_login_page_class_init (KbLoginPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kb_login_page_dispose;
  widget_class->map = kb_login_page_map;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/shell/kb-login-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KbLoginPage, server_row);
  gtk_widget_class_bind_template_child (widget_class, KbLoginPage, login_row);
  gtk_widget_class_bind_template_child (widget_class, KbLoginPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, KbLoginPage, remember_switch);
  gtk_widget_class_bind_template_child (widget_class, KbLoginPage, message_revealer);
  gtk_widget_class_bind_template_child (widget_class, KbLoginPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, KbLoginPage, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, KbLoginPage, demo_button);
  gtk_widget_class_bind_template_child (widget_class, KbLoginPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, KbLoginPage, form);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated);

  gtk_widget_class_install_action (widget_class, "login.sign-in", NULL, sign_in_action);
  gtk_widget_class_install_action (widget_class, "login.demo", NULL, demo_action);
}

/* libadwaita 1.2's show-password button has an icon and a tooltip but no
 * accessible name (a screen reader says "GtkImage"): give icon-only
 * buttons their own, already translated, tooltip as their name. */
static void
name_buttons_from_tooltips (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *tooltip = gtk_widget_get_tooltip_text (child);

      if (GTK_IS_BUTTON (child) && gtk_button_get_label (GTK_BUTTON (child)) == NULL && tooltip != NULL)
        gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
      name_buttons_from_tooltips (child);
    }
}

static void
kb_login_page_init (KbLoginPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  name_buttons_from_tooltips (GTK_WIDGET (self->password_row));
}

void
kb_login_page_setup (KbLoginPage *self, KbSessionManager *manager, GSettings *settings)
{
  g_autofree char *server = NULL;
  g_autofree char *login = NULL;

  g_return_if_fail (KB_IS_LOGIN_PAGE (self));

  g_set_object (&self->manager, manager);
  server = g_settings_get_string (settings, "server-url");
  login = g_settings_get_string (settings, "last-login");
  gtk_editable_set_text (GTK_EDITABLE (self->server_row), server);
  gtk_editable_set_text (GTK_EDITABLE (self->login_row), login);
  gtk_switch_set_active (self->remember_switch, g_settings_get_boolean (settings, "remember-me"));
}
