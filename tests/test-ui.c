/* test-ui.c — the real window under Xvfb against the in-process reference server:
 * sign in through the form, see the server's values on Personal Information (in
 * Russian too), lose the server and see the offline banner, have the session expire,
 * log out. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "kb-application.h"
#include "kb-credentials.h"
#include "kb-money.h"
#include "kb-sections.h"
#include "kb-server.h"
#include "kb-test-util.h"
#include "kb-test-widgets.h"
#include "kb-test-window.h"
#include "kb-window.h"

static gboolean russian;
static KbApplication *app;

typedef KbTestWindow Fixture;

static GtkWidget *
root (Fixture *f)
{
  return GTK_WIDGET (f->window);
}

static void
sign_in_through_form (Fixture *f, const char *login, const char *password)
{
  kb_test_submit_sign_in (f, login, password);
}

static JsonObject *
server_client (Fixture *f, JsonNode **keep)
{
  g_autofree char *token = kb_test_sign_in_raw (f->srv.url, "demo", "demo");
  g_autofree char *url = g_strconcat (f->srv.url, "/api/v1/client", NULL);

  *keep = kb_test_http_json ("GET", url, token, NULL, NULL);
  return json_node_get_object (*keep);
}

static GtkWidget *
personal_page (Fixture *f)
{
  return kb_window_get_page (f->window, "personal-information");
}

static void
wait_for_profile (Fixture *f, const char *name)
{
  kb_test_wait_for (personal_page (f) != NULL &&
                    kb_test_find_label (personal_page (f), name) != NULL &&
                    kb_test_is_shown (kb_test_find_label (personal_page (f), name)), 15);
}

/* Whether @widget is a label that shows the account number @iban, which is
 * shown in groups of four characters. */
static gboolean
match_iban (GtkWidget *widget, gconstpointer iban)
{
  g_autoptr(GString) text = NULL;

  if (!GTK_IS_LABEL (widget))
    return FALSE;
  text = g_string_new (gtk_label_get_text (GTK_LABEL (widget)));
  g_string_replace (text, " ", "", 0);
  return g_str_equal (text->str, iban);
}

static void
test_sign_in_shows_profile (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) keep = NULL;
  JsonObject *client = server_client (f, &keep);
  JsonArray *accounts = json_object_get_array_member (client, "bank_accounts");
  g_autofree char *balance = kb_money_format (
      json_object_get_int_member (json_object_get_object_member (client, "balance"), "amount_minor"),
      json_object_get_string_member (json_object_get_object_member (client, "balance"), "currency"));
  GtkWidget *page;
  GtkWidget *unp_row;

  sign_in_through_form (f, "demo", "demo");
  wait_for_profile (f, json_object_get_string_member (client, "name"));
  page = personal_page (f);

  g_assert_cmpstr (kb_window_get_visible_section (f->window), ==, "personal-information");
  g_assert_nonnull (kb_test_find_label (page, json_object_get_string_member (client, "unp")));
  g_assert_nonnull (kb_test_find_label (page, json_object_get_string_member (client, "okpo")));
  g_assert_nonnull (kb_test_find_label (page, balance));
  g_assert_nonnull (kb_test_find_label (page, json_object_get_string_member (
                                                json_object_get_object_member (client, "contract"), "number")));
  g_assert_nonnull (kb_test_find_label (page, json_object_get_string_member (
                                                json_object_get_object_member (client, "invoice_delivery"), "address")));
  for (guint i = 0; i < json_array_get_length (accounts); i++)
    g_assert_nonnull (kb_test_find_widget (page, match_iban, json_object_get_string_member (
                                                  json_array_get_object_element (accounts, i), "iban")));

  /* The UNP is under its own title, with a copy button. */
  unp_row = kb_test_find_row (page, _("UNP"));
  g_assert_nonnull (unp_row);
  g_assert_nonnull (kb_test_find_label (unp_row, json_object_get_string_member (client, "unp")));
  g_assert_true (kb_test_find_type (unp_row, GTK_TYPE_BUTTON) != NULL);

  /* The offline banner is hidden while the server answers. */
  g_assert_false (kb_test_is_shown (kb_test_find_label_containing (page, kb_test_tr_lead ("Offline — showing data from %s"))));
}

/* A cache written by a newer Kabinet (the user went back a version) is set
 * aside whole, and the session starts on a fresh one. */
static void
test_newer_cache (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) keep = NULL;
  JsonObject *client = server_client (f, &keep);
  g_autofree char *key = g_strconcat (f->srv.url, "\n", "demo", NULL);
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);
  g_autofree char *name = g_strdup_printf ("%.16s.db", digest);
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "kabinet", "accounts", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GDir) listing = NULL;
  const char *entry;
  gboolean aside = FALSE;
  sqlite3 *db = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_unlink (path);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE later (x); PRAGMA user_version = 99;", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  sqlite3_close (db);

  sign_in_through_form (f, "demo", "demo");
  wait_for_profile (f, json_object_get_string_member (client, "name"));

  listing = g_dir_open (dir, 0, NULL);
  while ((entry = g_dir_read_name (listing)) != NULL)
    if (g_str_has_prefix (entry, name) && strstr (entry, ".newer-") != NULL && !g_str_has_suffix (entry, "-wal") &&
        !g_str_has_suffix (entry, "-shm"))
      {
        g_autofree char *moved = g_build_filename (dir, entry, NULL);

        g_assert_cmpint (sqlite3_open (moved, &db), ==, SQLITE_OK);
        g_assert_cmpint (sqlite3_exec (db, "SELECT x FROM later;", NULL, NULL, NULL), ==, SQLITE_OK);
        sqlite3_close (db);
        aside = TRUE;
      }
  g_assert_true (aside);
}

static gboolean
is_sidebar (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_LIST_BOX (widget) && gtk_widget_has_css_class (widget, "navigation-sidebar");
}

static void
test_sidebar_sections (Fixture *f, gconstpointer data)
{
  static const char *english[] = {
    "Personal Information", "Payments", "Invoices", "Installment Information",
    "Subscriber Selection", "Feedback", "View History", "Ask a Question",
    "Rename Subscriber",
    "Service Actions by Subscriber List", "Log Out",
  };
  /* The seed's own labels, word for word: the catalogue must carry them.
   * Feedback's sub-items follow it, as in the web cabinet's menu. */
  static const char *seed[] = {
    "Персональная информация", "Платежи", "Счета", "Информация по рассрочке",
    "Выбор абонента", "Обратная связь", "Просмотр истории", "Задать вопрос",
    "Переименование абонента",
    "Действия с услугами по списку абонентов", "Выход",
  };
  GtkWidget *sidebar;
  guint i = 0;

  sign_in_through_form (f, "demo", "demo");
  kb_test_wait_for (personal_page (f) != NULL, 15);

  sidebar = kb_test_find_widget (root (f), is_sidebar, NULL);
  g_assert_nonnull (sidebar);
  for (GtkWidget *row = gtk_widget_get_first_child (sidebar); row != NULL; row = gtk_widget_get_next_sibling (row), i++)
    {
      g_assert_cmpuint (i, <, G_N_ELEMENTS (seed));
      g_assert_nonnull (kb_test_find_label (row, _(english[i])));
      if (russian)
        g_assert_cmpstr (_(english[i]), ==, seed[i]);
      g_assert_true (kb_test_is_shown (row));
      /* Each row says what its section is for (set quietly: kb_tooltip_set()). */
      g_assert_nonnull (gtk_widget_get_tooltip_text (row));
      if (russian)
        g_assert_false (kb_test_has_latin_letters (gtk_widget_get_tooltip_text (row)));
    }
  g_assert_cmpuint (i, ==, G_N_ELEMENTS (seed));

  /* Every section's icon is found: GtkApplication adds our resources'
   * icons/ to the theme, which is then read again on a worker. */
  {
    GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (root (f)));
    guint n_sections = 0;
    const KbSection *sections = kb_sections_get_all (&n_sections);

    for (guint j = 0; j < n_sections; j++)
      if (sections[j].icon_name != NULL)
        g_assert_true (gtk_icon_theme_has_icon (theme, sections[j].icon_name));
  }

  /* A section whose issue is not done says so, with the seed's description. */
  gtk_widget_activate_action (root (f), "win.show-section", "s", "subscribers");
  g_assert_cmpstr (kb_window_get_visible_section (f->window), ==, "subscribers");
  g_assert_nonnull (kb_test_find_widget (kb_window_get_page (f->window, "subscribers"),
                                         (KbWidgetMatch) (void (*) (void)) ADW_IS_STATUS_PAGE, NULL));

  /* Keyboard: Ctrl+1 goes back to Personal Information. */
  gtk_widget_activate_action (root (f), "win.show-section", "s", "personal-information");
  g_assert_cmpstr (kb_window_get_visible_section (f->window), ==, "personal-information");
}

static GtkWidget *
sidebar_row (Fixture *f, const char *section_id)
{
  GtkWidget *sidebar = kb_test_find_widget (root (f), is_sidebar, NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (sidebar); row != NULL; row = gtk_widget_get_next_sibling (row))
    if (g_str_equal (gtk_widget_get_name (row), section_id))
      return row;
  g_assert_not_reached ();
}

/* Moving through the sidebar with the keyboard, past Log Out too, never
 * highlights a section other than the one shown; activating a row does. */
static void
test_sidebar_selection_follows_page (Fixture *f, gconstpointer data)
{
  GtkListBox *sidebar;

  sign_in_through_form (f, "demo", "demo");
  kb_test_wait_for (personal_page (f) != NULL, 15);
  sidebar = GTK_LIST_BOX (kb_test_find_widget (root (f), is_sidebar, NULL));

  gtk_widget_activate_action (root (f), "win.show-section", "s", "feedback");
  gtk_widget_grab_focus (sidebar_row (f, "feedback"));
  g_assert_true (kb_test_press_keys (sidebar_row (f, "feedback"), "End"));
  g_assert_true (gtk_widget_has_focus (sidebar_row (f, "log-out")));
  g_assert_cmpstr (kb_window_get_visible_section (f->window), ==, "feedback");
  g_assert_true (gtk_list_box_get_selected_row (sidebar) == GTK_LIST_BOX_ROW (sidebar_row (f, "feedback")));

  g_assert_true (kb_test_press_keys (sidebar_row (f, "log-out"), "Up"));
  g_assert_true (gtk_list_box_get_selected_row (sidebar) == GTK_LIST_BOX_ROW (sidebar_row (f, "feedback")));

  g_signal_emit_by_name (sidebar, "row-activated", sidebar_row (f, "service-actions"));
  g_assert_cmpstr (kb_window_get_visible_section (f->window), ==, "service-actions");
  g_assert_true (gtk_list_box_get_selected_row (sidebar) == GTK_LIST_BOX_ROW (sidebar_row (f, "service-actions")));
}

static void
test_no_english_left (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) keep = NULL;
  JsonObject *client = server_client (f, &keep);
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);

  if (!russian)
    {
      g_test_skip ("Only meaningful in Russian");
      return;
    }

  /* The sign-in page first, then the cabinet. Its title is checked word for
   * word, so that a catalogue that does not load fails here. */
  kb_test_wait_for (kb_test_find_row (root (f), _("Login")) != NULL, 10);
  g_assert_nonnull (kb_test_find_label (root (f), "Добро пожаловать в Кабинет"));
  kb_test_collect_titles (root (f), titles);
  sign_in_through_form (f, "demo", "demo");
  wait_for_profile (f, json_object_get_string_member (client, "name"));
  kb_test_collect_titles (root (f), titles);

  for (guint i = 0; i < titles->len; i++)
    {
      const char *title = g_ptr_array_index (titles, i);

      /* Identifiers are Latin by nature: IBANs, BIC, BYN, and the demo
       * server's own loopback address. */
      if (title == NULL || g_str_has_prefix (title, "BY") || strstr (title, "127.0.0.1") != NULL)
        continue;
      if (kb_test_has_latin_letters (title))
        g_error ("English left on screen in Russian: “%s”", title);
    }
  g_assert_cmpuint (titles->len, >, 20);
}

static void
test_offline_banner (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) keep = NULL;
  JsonObject *client = server_client (f, &keep);
  GtkWidget *banner;

  sign_in_through_form (f, "demo", "demo");
  wait_for_profile (f, json_object_get_string_member (client, "name"));

  kb_server_set_fault (f->srv.server, "/api/v1/client", KB_SERVER_FAULT_DISCONNECT);
  kb_api_client_set_max_retries (kb_sync_get_api (kb_session_manager_get_sync (f->manager)), 0);
  gtk_widget_activate_action (root (f), "win.refresh", NULL);
  kb_test_wait_for ((banner = kb_test_find_label_containing (personal_page (f), kb_test_tr_lead ("Offline — showing data from %s"))) != NULL &&
                    kb_test_is_shown (banner), 15);

  /* The cached data stays on screen. */
  g_assert_true (kb_test_is_shown (kb_test_find_label (personal_page (f), json_object_get_string_member (client, "name"))));

  /* The server is back: the banner goes. */
  kb_server_set_fault (f->srv.server, "/api/v1/client", KB_SERVER_FAULT_NONE);
  gtk_widget_activate_action (root (f), "win.refresh", NULL);
  kb_test_wait_for (!gtk_revealer_get_reveal_child (GTK_REVEALER (gtk_widget_get_ancestor (banner, GTK_TYPE_REVEALER))), 15);
}

static void
test_session_expired (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) keep = NULL;
  JsonObject *client = server_client (f, &keep);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 30);
  GtkWidget *message;

  sign_in_through_form (f, "demo", "demo");
  wait_for_profile (f, json_object_get_string_member (client, "name"));

  /* A month later the token is long dead. */
  kb_server_set_now (f->srv.server, later);
  gtk_widget_activate_action (root (f), "win.refresh", NULL);
  kb_test_wait_for ((message = kb_test_find_label_containing (root (f), _("Your session has expired. Please sign in again."))) != NULL &&
                    kb_test_is_shown (message), 15);
  g_assert_null (kb_session_manager_get_sync (f->manager));
  g_assert_null (kb_window_get_page (f->window, "personal-information"));
}

static void
test_log_out (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) keep = NULL;
  JsonObject *client = server_client (f, &keep);
  g_autofree char *token = NULL;
  g_autofree char *client_url = g_strconcat (f->srv.url, "/api/v1/client", NULL);
  g_autoptr(JsonNode) after = NULL;
  GtkWidget *dialog;
  guint status = 0;

  sign_in_through_form (f, "demo", "demo");
  wait_for_profile (f, json_object_get_string_member (client, "name"));
  token = g_strdup (kb_api_client_get_token (kb_sync_get_api (kb_session_manager_get_sync (f->manager))));

  /* Log Out in the sidebar asks first; Cancel keeps the session. */
  gtk_widget_activate_action (root (f), "win.show-section", "s", "log-out");
  kb_test_wait_for ((dialog = kb_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL, 10);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, _("Log Out?"));
  g_signal_emit_by_name (kb_test_find_button (dialog, _("_Cancel")), "clicked");
  kb_test_wait_for (kb_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) == NULL, 10);
  g_assert_nonnull (kb_session_manager_get_sync (f->manager));
  g_assert_cmpstr (kb_window_get_visible_section (f->window), ==, "personal-information");

  gtk_widget_activate_action (root (f), "win.log-out", NULL);
  kb_test_wait_for ((dialog = kb_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL, 10);
  g_signal_emit_by_name (kb_test_find_button (dialog, _("_Log Out")), "clicked");

  kb_test_wait_for (kb_session_manager_get_sync (f->manager) == NULL, 15);
  kb_test_wait_for (kb_test_is_shown (kb_test_find_row (root (f), _("Password"))), 10);

  /* The server no longer takes the old token. */
  after = kb_test_http_json ("GET", client_url, token, NULL, &status);
  g_assert_cmpuint (status, ==, 401);
}

static gboolean
keyring_has_token (Fixture *f)
{
  g_autoptr(KbCredentials) credentials = kb_credentials_new ();
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) done = NULL;
  g_autofree char *token = NULL;

  kb_credentials_lookup_async (credentials, f->srv.url, "demo", NULL, kb_test_on_ready, &result);
  done = kb_test_wait_result (&result);
  token = kb_credentials_lookup_finish (credentials, done, NULL);
  return token != NULL;
}

/* A second start after "Remember me": straight into the cabinet, from the
 * token in the keyring, with no sign-in page. */
static void
test_remembered_session (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) keep = NULL;
  JsonObject *client = server_client (f, &keep);
  GtkWidget *remember;

  remember = kb_test_find_type (kb_test_find_row (root (f), _("_Remember me")), GTK_TYPE_SWITCH);
  g_assert_nonnull (remember);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (remember)));
  sign_in_through_form (f, "demo", "demo");
  wait_for_profile (f, json_object_get_string_member (client, "name"));

  /* The keyring has the token (the application is held until it does). */
  kb_test_wait_for (keyring_has_token (f), 15);

  /* Quit (the window goes, the session object with it) and start again. */
  gtk_window_destroy (GTK_WINDOW (f->window));
  kb_session_manager_shutdown (f->manager);
  f->window = kb_window_new (GTK_APPLICATION (f->app), f->manager, kb_application_get_settings (f->app));
  gtk_window_present (GTK_WINDOW (f->window));
  kb_window_start (f->window, FALSE);

  wait_for_profile (f, json_object_get_string_member (client, "name"));

  /* Not just the cache: the server takes the remembered token. The first
   * refresh after the restart is answered before this one's. */
  {
    KbSync *sync = kb_session_manager_get_sync (f->manager);
    GAsyncResult *result = NULL;
    g_autoptr(GAsyncResult) done = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_nonnull (sync);
    kb_sync_refresh_client_async (sync, NULL, kb_test_on_ready, &result);
    done = kb_test_wait_result (&result);
    g_assert_true (kb_sync_refresh_client_finish (sync, done, &error));
    g_assert_no_error (error);
  }
  g_assert_nonnull (kb_session_manager_get_sync (f->manager));
  g_assert_false (kb_test_is_shown (kb_test_find_row (root (f), _("Password"))));
  g_assert_true (keyring_has_token (f));
}

static void
test_bad_sign_in (Fixture *f, gconstpointer data)
{
  GtkWidget *message;

  /* A wrong password: a sentence, and the form keeps what was typed. */
  sign_in_through_form (f, "demo", "wrong");
  kb_test_wait_for ((message = kb_test_find_label_containing (root (f), _("The login or password is wrong."))) != NULL &&
                    kb_test_is_shown (message), 15);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (kb_test_find_row (root (f), _("Login")))), ==, "demo");

  /* A plain-http address of another computer is refused before any request. */
  kb_test_type_into (root (f), _("Server address"), "http://cabinet.example.by");
  g_signal_emit_by_name (kb_test_find_action (root (f), "login.sign-in"), "clicked");
  g_assert_true (gtk_widget_has_css_class (kb_test_find_row (root (f), _("Server address")), "error"));
  g_assert_nonnull (kb_test_find_label_containing (root (f), "https://"));
  g_assert_null (kb_session_manager_get_sync (f->manager));
}

int
main (int argc, char *argv[])
{
  kb_test_ui_init (&argc, &argv);
  russian = kb_test_in_russian ();

  app = kb_test_application_new ();

#define ADD(path, func) g_test_add (path, Fixture, app, kb_test_window_setup, func, kb_test_window_teardown)
  ADD ("/ui/sign-in-shows-profile", test_sign_in_shows_profile);
  ADD ("/ui/newer-cache", test_newer_cache);
  ADD ("/ui/sidebar-sections", test_sidebar_sections);
  ADD ("/ui/sidebar-selection-follows-page", test_sidebar_selection_follows_page);
  ADD ("/ui/no-english-left", test_no_english_left);
  ADD ("/ui/offline-banner", test_offline_banner);
  ADD ("/ui/session-expired", test_session_expired);
  ADD ("/ui/log-out", test_log_out);
  ADD ("/ui/bad-sign-in", test_bad_sign_in);
  ADD ("/ui/remembered-session", test_remembered_session);
#undef ADD

  return kb_test_run_application (&app);
}
