/* kb-test-window.c — the real application and window as the UI tests and benchmarks drive them. */
#include "config.h"

#include "kb-test-window.h"

#include <glib/gi18n-lib.h>

#include "kb-test-widgets.h"

/* The real application object, registered so that its startup runs, but
 * driven by the test instead of g_application_run(); each test makes a
 * window of its own, as a second launch would. Call after gtk_test_init(). */
KbApplication *
kb_test_application_new (void)
{
  const char *localedir = g_getenv ("KABINET_LOCALEDIR");
  KbApplication *app;

  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = kb_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, NULL))
    g_error ("Could not register the application");
  return app;
}

/* The application with @login's session resumed from @token: what a start
 * with a remembered session has. */
KbApplication *
kb_test_application_with_session (const char *url, const char *login, const char *token)
{
  KbApplication *app = kb_test_application_new ();
  g_autoptr(GError) error = NULL;

  if (!kb_session_manager_resume (kb_application_get_session_manager (app), url, login, token, &error))
    g_error ("resume: %s", error->message);
  return app;
}

/* A server of the test's own and a new window, as on a first run: nothing remembered. */
void
kb_test_window_open (KbTestWindow *window, KbApplication *app)
{
  GSettings *settings = kb_application_get_settings (app);

  kb_test_server_start (&window->srv);
  g_settings_reset (settings, "server-url");
  g_settings_reset (settings, "last-login");
  g_settings_reset (settings, "last-section");
  g_settings_reset (settings, "notifications");

  window->app = app;
  window->manager = kb_application_get_session_manager (app);
  window->window = kb_window_new (GTK_APPLICATION (app), window->manager, settings);
  gtk_window_present (GTK_WINDOW (window->window));
  kb_window_start (window->window, FALSE);
  kb_test_wait_for (gtk_widget_get_mapped (GTK_WIDGET (window->window)), 10);
}

void
kb_test_window_close (KbTestWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window->window));
  kb_session_manager_shutdown (window->manager);
  kb_test_server_stop (&window->srv);
  /* Let the destroyed widgets and finished requests go. */
  while (g_main_context_iteration (NULL, FALSE));
}

void
kb_test_type_into (GtkWidget *root, const char *row_title, const char *text)
{
  GtkWidget *row = kb_test_find_row (root, row_title);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

/* Fills the sign-in form with the test server's address and presses Sign In;
 * the labels are looked up in the UI's own language. */
void
kb_test_submit_sign_in (KbTestWindow *window, const char *login, const char *password)
{
  GtkWidget *root = GTK_WIDGET (window->window);
  GtkWidget *button;

  kb_test_wait_for (kb_test_find_row (root, _("Login")) != NULL &&
                    kb_test_is_shown (kb_test_find_row (root, _("Login"))), 10);
  kb_test_type_into (root, _("Server address"), window->srv.url);
  kb_test_type_into (root, _("Login"), login);
  kb_test_type_into (root, _("Password"), password);

  button = kb_test_find_action (root, "login.sign-in");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
}
