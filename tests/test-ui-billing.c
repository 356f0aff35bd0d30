/* test-ui-billing.c — the billing sections in the real window under Xvfb, against the
 * in-process reference server, in English and in Russian: the values on screen are
 * the server's; every form refuses bad input with a sentence and keeps what was
 * typed; the invoice rule holds on the 1st, 3rd and 4th by the server's clock; the
 * CSV export is what a Russian spreadsheet reads. */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "kb-application.h"
#include "kb-money.h"
#include "kb-server.h"
#include "kb-test-util.h"
#include "kb-test-widgets.h"
#include "kb-window.h"

static gboolean russian;
static KbApplication *app;

typedef struct {
  KbTestServer srv;
  KbApplication *app;
  KbSessionManager *manager;
  KbWindow *window;
  char *token;
} Fixture;

#define T(en, ru) (russian ? (ru) : (en))

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  kb_test_server_start (&f->srv);
  f->app = app;
  g_settings_reset (kb_application_get_settings (app), "server-url");
  g_settings_reset (kb_application_get_settings (app), "last-login");
  g_settings_reset (kb_application_get_settings (app), "last-section");
  f->manager = kb_application_get_session_manager (f->app);
  f->window = kb_window_new (GTK_APPLICATION (f->app), f->manager, kb_application_get_settings (f->app));
  gtk_window_present (GTK_WINDOW (f->window));
  kb_window_start (f->window, FALSE);
  kb_test_wait_for (gtk_widget_get_mapped (GTK_WIDGET (f->window)), 10);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  kb_session_manager_shutdown (f->manager);
  kb_test_server_stop (&f->srv);
  g_clear_pointer (&f->token, g_free);
  while (g_main_context_iteration (NULL, FALSE));
}

static GtkWidget *
root (Fixture *f)
{
  return GTK_WIDGET (f->window);
}

static void
type_into (GtkWidget *root_widget, const char *row_title, const char *text)
{
  GtkWidget *row = kb_test_find_row (root_widget, row_title);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static void
sign_in (Fixture *f, const char *login, const char *password)
{
  kb_test_wait_for (kb_test_is_shown (kb_test_find_row (root (f), T ("Login", "Логин"))), 10);
  type_into (root (f), T ("Server address", "Адрес сервера"), f->srv.url);
  type_into (root (f), T ("Login", "Логин"), login);
  type_into (root (f), T ("Password", "Пароль"), password);
  g_signal_emit_by_name (kb_test_find_action (root (f), "login.sign-in"), "clicked");
  kb_test_wait_for (kb_window_get_page (f->window, "personal-information") != NULL, 15);
  f->token = kb_test_sign_in_raw (f->srv.url, login, password);
}

static JsonObject *
server_get (Fixture *f, const char *path, JsonNode **keep)
{
  g_autofree char *url = g_strconcat (f->srv.url, "/api/v1", path, NULL);
  guint status = 0;

  *keep = kb_test_http_json ("GET", url, f->token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  return json_node_get_object (*keep);
}

static GtkWidget *
show_section (Fixture *f, const char *id)
{
  gtk_widget_activate_action (root (f), "win.show-section", "s", id);
  g_assert_cmpstr (kb_window_get_visible_section (f->window), ==, id);
  return kb_window_get_page (f->window, id);
}

static char *
money_of (JsonObject *object, const char *member)
{
  JsonObject *money = json_object_get_object_member (object, member);

  return kb_money_format (json_object_get_int_member (money, "amount_minor"),
                          json_object_get_string_member (money, "currency"));
}

static gboolean
has_latin_letters (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_isalpha (*p))
      return TRUE;
  return FALSE;
}

/* In Russian, no interface text on @page is left in English (identifiers,
 * numbers, BYN and equipment names from the server aside). */
static void
assert_no_english (GtkWidget *page, const char * const *allowed)
{
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);

  if (!russian)
    return;
  kb_test_collect_titles (page, titles);
  for (guint i = 0; i < titles->len; i++)
    {
      const char *title = g_ptr_array_index (titles, i);
      gboolean ok = title == NULL || !has_latin_letters (title) || strstr (title, "BYN") != NULL;

      for (guint j = 0; !ok && allowed != NULL && allowed[j] != NULL; j++)
        ok = strstr (title, allowed[j]) != NULL;
      if (!ok)
        g_error ("English left on screen in Russian: “%s”", title);
    }
}

static gboolean
match_group (GtkWidget *widget, gconstpointer title)
{
  return ADW_IS_PREFERENCES_GROUP (widget) &&
         g_strcmp0 (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (widget)), title) == 0;
}

static GtkWidget *
find_group (GtkWidget *page, const char *title)
{
  return kb_test_find_widget (page, match_group, title);
}

static gboolean
match_status_page (GtkWidget *widget, gconstpointer title)
{
  return ADW_IS_STATUS_PAGE (widget) &&
         g_strcmp0 (adw_status_page_get_title (ADW_STATUS_PAGE (widget)), title) == 0;
}

static GtkWidget *
find_status_page (GtkWidget *page, const char *title)
{
  return kb_test_find_widget (page, match_status_page, title);
}

/* Installments */

static void
test_installments (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) keep = NULL;
  JsonArray *array;
  GtkWidget *page;
  gint64 monthly = 0;
  g_autofree char *monthly_text = NULL;
  g_autoptr(GPtrArray) equipment = g_ptr_array_new ();

  sign_in (f, "demo", "demo");
  array = json_object_get_array_member (server_get (f, "/installments", &keep), "installments");
  g_assert_cmpuint (json_array_get_length (array), >, 0);

  page = show_section (f, "installments");
  kb_test_wait_for (kb_test_is_shown (kb_test_find_label_containing (page, T ("Monthly payments in total", "Ежемесячные платежи всего"))), 15);
  kb_test_wait_for (kb_test_find_row (page, json_object_get_string_member (json_array_get_object_element (array, 0), "equipment")) != NULL, 15);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *item = json_array_get_object_element (array, i);
      GtkWidget *row = NULL;
      g_autofree char *total = money_of (item, "total");
      g_autofree char *monthly_one = money_of (item, "monthly_payment");
      g_autofree char *remaining = money_of (item, "remaining");
      g_autofree char *left = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (item, "payments_left"));
      GtkWidget *group = NULL;

      /* Under its subscriber's number. */
      group = find_group (page, json_object_get_string_member (item, "number"));
      g_assert_nonnull (group);
      row = kb_test_find_row (group, json_object_get_string_member (item, "equipment"));
      g_assert_nonnull (row);
      g_assert_true (kb_test_is_shown (row));
      g_assert_nonnull (kb_test_find_label (row, total));
      g_assert_nonnull (kb_test_find_label (row, remaining));
      g_assert_nonnull (kb_test_find_label (row, monthly_one));
      g_assert_nonnull (kb_test_find_label (row, left));
      g_assert_nonnull (kb_test_find_type (row, GTK_TYPE_PROGRESS_BAR));
      g_ptr_array_add (equipment, (gpointer) json_object_get_string_member (item, "equipment"));
      monthly += json_object_get_int_member (json_object_get_object_member (item, "monthly_payment"), "amount_minor");
    }

  monthly_text = kb_money_format (monthly, "BYN");
  g_assert_true (kb_test_is_shown (kb_test_find_label (page, monthly_text)));
  g_ptr_array_add (equipment, NULL);
  assert_no_english (page, (const char * const *) equipment->pdata);
}

static void
test_installments_empty (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *page;

  g_assert_true (kb_server_add_client (f->srv.server, "empty", "empty", &error));
  g_assert_no_error (error);
  sign_in (f, "empty", "empty");
  page = show_section (f, "installments");
  kb_test_wait_for (kb_test_is_shown (find_status_page (page, T ("No Installments", "Рассрочек нет"))), 15);
  g_assert_false (kb_test_is_shown (kb_test_find_type (page, GTK_TYPE_PROGRESS_BAR)));
}

int
main (int argc, char *argv[])
{
  const char *localedir = g_getenv ("KABINET_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  russian = g_strcmp0 (g_getenv ("LANGUAGE"), "ru") == 0;

  gtk_test_init (&argc, &argv, NULL);
  kb_test_tolerate_gtk_focus_warning ();
  adw_init ();

  app = kb_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, NULL))
    g_error ("Could not register the application");

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/ui-billing/installments", test_installments);
  ADD ("/ui-billing/installments-empty", test_installments_empty);
#undef ADD

  {
    int status = g_test_run ();

    g_application_quit (G_APPLICATION (app));
    g_clear_object (&app);
    return status;
  }
}
