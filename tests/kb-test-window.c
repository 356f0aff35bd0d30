/* kb-test-window.c — the real application and window as the UI tests and benchmarks drive them. */
#include "config.h"

#include "kb-test-window.h"

#include "kb-test-notifications.h"

#include <glib/gi18n-lib.h>

#include "kb-sync-billing.h"
#include "kb-test-widgets.h"

/* kb_test_init() for the programs that show widgets: GTK and libadwaita
 * started, GTK 4.8's harmless focus warning tolerated (every other warning
 * stays fatal), and no cursor blink: the sign-in form makes its focused
 * entries insensitive while it waits, and a blink then is reported as a
 * (fatal) warning. */
void
kb_test_ui_init (int *argc, char ***argv)
{
  kb_test_init (argc, argv);
  gtk_init ();
  adw_init ();
  kb_test_tolerate_gtk_focus_warning ();
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);
  /* The app notifies when the operator finishes a request, which any test
   * that moves the server's clock may cause: someone must own the name. */
  kb_test_notifications_start ();
}

/* The real application object, registered so that its startup runs, but
 * driven by the test instead of g_application_run(); each test makes a
 * window of its own, as a second launch would. Call after kb_test_ui_init(). */
KbApplication *
kb_test_application_new (void)
{
  KbApplication *app;

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

/* Runs the tests registered, then lets @app go. */
int
kb_test_run_application (KbApplication **app)
{
  int status = g_test_run ();

  g_application_quit (G_APPLICATION (*app));
  g_clear_object (app);
  return status;
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

/* For g_test_add(), with the application as the test's data. */
void
kb_test_window_setup (KbTestWindow *window, gconstpointer app)
{
  kb_test_window_open (window, KB_APPLICATION ((gpointer) app));
}

void
kb_test_window_teardown (KbTestWindow *window, gconstpointer data)
{
  kb_test_window_close (window);
}

void
kb_test_window_close (KbTestWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window->window));
  kb_session_manager_shutdown (window->manager);
  kb_test_server_stop (&window->srv);
  /* Let the destroyed widgets and finished requests go. */
  kb_test_drain ();
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

/* Signs in through the form and waits for the session and its first page. */
void
kb_test_window_sign_in (KbTestWindow *window, const char *login, const char *password)
{
  kb_test_submit_sign_in (window, login, password);
  kb_test_wait_for (kb_session_manager_get_sync (window->manager) != NULL &&
                    kb_window_get_page (window->window, "personal-information") != NULL, 15);
}

/* Fetches the subscribers, the questions and the invoices into the
 * session's cache, as visiting their sections does. */
void
kb_test_fill_cache (KbSync *sync)
{
  kb_test_run_async (kb_sync_get_subscribers (sync), G_CALLBACK (kb_subscribers_refresh_async),
                     G_CALLBACK (kb_subscribers_refresh_finish));
  kb_test_run_async (kb_sync_get_feedback (sync), G_CALLBACK (kb_feedback_refresh_async),
                     G_CALLBACK (kb_feedback_refresh_finish));
  kb_test_run_async (sync, G_CALLBACK (kb_sync_refresh_invoices_async),
                     G_CALLBACK (kb_sync_refresh_invoices_finish));
}
