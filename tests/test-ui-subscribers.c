/* test-ui-subscribers.c — Subscriber Selection through the real window, against the
 * in-process reference server: the list of the demo client's 300 subscribers, search by
 * number in every form people type and by name (Cyrillic, any case, ё as е), filters by
 * status and tariff, choosing a subscriber shows the server's details and puts it in the
 * window's header, and the choice survives a new window. Run in English and Russian. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "kb-api-subscribers.h"
#include "kb-application.h"
#include "kb-phone-number.h"
#include "kb-subscribers-page.h"
#include "kb-test-util.h"
#include "kb-test-widgets.h"
#include "kb-test-window.h"
#include "kb-window.h"

static KbApplication *app;

typedef KbTestWindow Fixture;

static void
sign_in (Fixture *f)
{
  kb_test_window_sign_in (f, "demo", "demo");
}

static KbSubscribers *
subscribers (Fixture *f)
{
  return kb_sync_get_subscribers (kb_session_manager_get_sync (f->manager));
}

static KbSubscribersPage *
open_page (Fixture *f)
{
  GtkWidget *page;

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-section", "s", "subscribers");
  g_assert_cmpstr (kb_window_get_visible_section (f->window), ==, "subscribers");
  page = kb_window_get_page (f->window, "subscribers");
  g_assert_true (KB_IS_SUBSCRIBERS_PAGE (page));
  kb_test_wait_for (kb_subscribers_get_fetched_at (subscribers (f)) != NULL &&
                    !kb_subscribers_get_refreshing (subscribers (f)), 20);
  return KB_SUBSCRIBERS_PAGE (page);
}

static guint
n_shown (KbSubscribersPage *page)
{
  return g_list_model_get_n_items (kb_subscribers_page_get_shown (page));
}

static KbSubscriber *
shown (KbSubscribersPage *page, guint position)
{
  KbSubscriber *subscriber = g_list_model_get_item (kb_subscribers_page_get_shown (page), position);

  g_object_unref (subscriber);
  return subscriber;
}

typedef struct {
  const char *text;
  gboolean searched;
} Search;

static void
on_search_changed (GtkSearchEntry *entry, Search *search)
{
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (entry)), search->text) == 0)
    search->searched = TRUE;
}

/* Types @text and waits until the entry has announced the search for it
 * (from a timeout of its own; setting the text announces the emptied
 * entry first), after the page's handler has filtered. */
static void
search (KbSubscribersPage *page, const char *text)
{
  GtkWidget *entry = kb_test_find_type (GTK_WIDGET (page), GTK_TYPE_SEARCH_ENTRY);
  Search wanted = { text, FALSE };
  gulong id;

  g_assert_nonnull (entry);
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (entry)), text) == 0)
    return;
  gtk_search_entry_set_search_delay (GTK_SEARCH_ENTRY (entry), 0);
  id = g_signal_connect_after (entry, "search-changed", G_CALLBACK (on_search_changed), &wanted);
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  kb_test_wait_for (wanted.searched, 10);
  g_signal_handler_disconnect (entry, id);
}

/* The demo client's subscribers as the server lists them, for what to expect. */
static GPtrArray *
server_subscribers (Fixture *f)
{
  g_autofree char *token = kb_test_sign_in_raw (f->srv.url, "demo", "demo");
  g_autofree char *url = g_strconcat (f->srv.url, "/api/v1/subscribers?limit=1000", NULL);
  guint status = 0;
  g_autoptr(JsonNode) root = kb_test_http_json ("GET", url, token, NULL, &status);
  JsonArray *array;
  GPtrArray *list = g_ptr_array_new_with_free_func (g_object_unref);

  g_assert_cmpuint (status, ==, 200);
  array = json_object_get_array_member (json_node_get_object (root), "subscribers");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autoptr(GError) error = NULL;
      KbSubscriber *subscriber = kb_api_json_to_subscriber (json_array_get_element (array, i), &error);

      g_assert_no_error (error);
      g_ptr_array_add (list, subscriber);
    }
  return list;
}

static gboolean
all_shown_have_number (KbSubscribersPage *page, const char *number)
{
  return n_shown (page) == 1 && g_str_equal (kb_subscriber_get_number (shown (page, 0)), number);
}

static void
test_search (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) expected = NULL;
  KbSubscribersPage *page;
  KbSubscriber *target;
  const char *number;
  g_autofree char *spaced = NULL;
  g_autofree char *national = NULL;
  g_autofree char *local = NULL;
  g_autofree char *upper = NULL;
  g_autofree char *prefix = NULL;
  guint with_prefix = 0, with_name = 0;

  sign_in (f);
  page = open_page (f);
  expected = server_subscribers (f);
  g_assert_cmpuint (n_shown (page), ==, expected->len);
  g_assert_cmpuint (expected->len, ==, 300);
  /* The count in the toolbar, in the UI's language. */
  g_assert_nonnull (kb_test_find_label (GTK_WIDGET (page), kb_test_ntrf ("%u subscriber", "%u subscribers", 300, 300)));

  target = expected->pdata[137];
  number = kb_subscriber_get_number (target);
  /* "+375291234567" → "+375 29 123-45-67", "80291234567", "291234567" */
  spaced = kb_phone_number_format (number);
  national = g_strconcat ("80", number + 4, NULL);
  local = g_strdup (number + 4);

  search (page, number);
  g_assert_true (all_shown_have_number (page, number));
  search (page, spaced);
  g_assert_true (all_shown_have_number (page, number));
  search (page, national);
  g_assert_true (all_shown_have_number (page, number));
  search (page, local);
  g_assert_true (all_shown_have_number (page, number));

  /* A prefix, typed digit by digit: each keystroke narrows. */
  prefix = g_strndup (number + 4, 5);     /* "29123" */
  for (guint i = 0; i < expected->len; i++)
    with_prefix += g_str_has_prefix (kb_subscriber_get_number (expected->pdata[i]) + 4, prefix);
  for (guint length = 1; length <= 5; length++)
    {
      g_autofree char *typed = g_strndup (prefix, length);

      search (page, typed);
      g_assert_cmpuint (n_shown (page), >=, with_prefix);
    }
  g_assert_cmpuint (n_shown (page), ==, with_prefix);
  for (guint i = 0; i < n_shown (page); i++)
    g_assert_true (g_str_has_prefix (kb_subscriber_get_number (shown (page, i)) + 4, prefix));

  /* The last four digits find the number anywhere. */
  search (page, number + 9);
  g_assert_cmpuint (n_shown (page), >=, 1);
  for (guint i = 0; i < n_shown (page); i++)
    g_assert_nonnull (strstr (kb_subscriber_get_number (shown (page, i)), number + 9));

  /* A name in capitals, Cyrillic, finds the same as the server's search. */
  upper = g_utf8_strup (kb_subscriber_get_name (target), -1);
  for (guint i = 0; i < expected->len; i++)
    with_name += g_str_equal (kb_subscriber_get_name (expected->pdata[i]), kb_subscriber_get_name (target));
  search (page, upper);
  g_assert_cmpuint (n_shown (page), ==, with_name);
  /* ё typed as е. */
  search (page, "ковалев");
  g_assert_cmpuint (n_shown (page), >, 0);
  for (guint i = 0; i < n_shown (page); i++)
    g_assert_nonnull (strstr (kb_subscriber_get_name (shown (page, i)), "Ковал"));

  /* A number of another operator: nothing, and the reason in words. */
  search (page, "+375 17 123-45-67");
  g_assert_cmpuint (n_shown (page), ==, 0);
  g_assert_nonnull (kb_test_find_label (GTK_WIDGET (page), _("No Matching Subscribers")));
  g_assert_nonnull (kb_test_find_label_containing (GTK_WIDGET (page), _("The operator code must be 25, 29, 33 or 44.")));

  search (page, "");
  g_assert_cmpuint (n_shown (page), ==, expected->len);
}

/* Whether @widget is the drop-down whose tooltip is @tooltip. */
static gboolean
match_dropdown (GtkWidget *widget, gconstpointer tooltip)
{
  return GTK_IS_DROP_DOWN (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0;
}

static void
test_filters (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) expected = NULL;
  KbSubscribersPage *page;
  GtkWidget *status_dropdown, *tariff_dropdown;
  guint blocked = 0, tariff_count = 0, both = 0;
  GListModel *tariffs;
  const char *tariff = NULL;
  guint tariff_position = 0;

  sign_in (f);
  page = open_page (f);
  expected = server_subscribers (f);

  status_dropdown = kb_test_find_widget (GTK_WIDGET (page), match_dropdown, _("Status"));
  tariff_dropdown = kb_test_find_widget (GTK_WIDGET (page), match_dropdown, _("Tariff"));
  g_assert_true (GTK_IS_DROP_DOWN (status_dropdown));
  g_assert_true (GTK_IS_DROP_DOWN (tariff_dropdown));

  /* The tariffs offered are the client's, after "All Tariffs". */
  tariffs = gtk_drop_down_get_model (GTK_DROP_DOWN (tariff_dropdown));
  g_assert_cmpstr (gtk_string_object_get_string (g_list_model_get_item (tariffs, 0)), ==,
                   C_("subscribers", "All Tariffs"));
  g_object_unref (g_list_model_get_item (tariffs, 0));
  g_assert_cmpuint (g_list_model_get_n_items (tariffs), >, 2);
  {
    g_autoptr(GtkStringObject) item = g_list_model_get_item (tariffs, 2);

    tariff = g_intern_string (gtk_string_object_get_string (item));
    tariff_position = 2;
  }

  for (guint i = 0; i < expected->len; i++)
    {
      gboolean is_blocked = kb_subscriber_get_status (expected->pdata[i]) == KB_SUBSCRIBER_STATUS_BLOCKED;
      gboolean has_tariff = kb_subscriber_get_tariff (expected->pdata[i]) == tariff;

      blocked += is_blocked;
      tariff_count += has_tariff;
      both += is_blocked && has_tariff;
    }
  g_assert_cmpuint (blocked, >, 0);

  gtk_drop_down_set_selected (GTK_DROP_DOWN (status_dropdown), 2);   /* Blocked */
  g_assert_cmpuint (n_shown (page), ==, blocked);
  for (guint i = 0; i < n_shown (page); i++)
    g_assert_cmpint (kb_subscriber_get_status (shown (page, i)), ==, KB_SUBSCRIBER_STATUS_BLOCKED);
  g_assert_nonnull (kb_test_find_label (GTK_WIDGET (page), C_("subscriber status", "Blocked")));

  gtk_drop_down_set_selected (GTK_DROP_DOWN (tariff_dropdown), tariff_position);
  g_assert_cmpuint (n_shown (page), ==, both);

  gtk_drop_down_set_selected (GTK_DROP_DOWN (status_dropdown), 0);
  g_assert_cmpuint (n_shown (page), ==, tariff_count);
  for (guint i = 0; i < n_shown (page); i++)
    g_assert_true (kb_subscriber_get_tariff (shown (page, i)) == tariff);

  gtk_drop_down_set_selected (GTK_DROP_DOWN (tariff_dropdown), 0);
  g_assert_cmpuint (n_shown (page), ==, expected->len);
}

static gboolean
details_show (KbSubscribersPage *page, const char *text)
{
  GtkWidget *row = kb_test_find_row (GTK_WIDGET (page), text);

  return row != NULL && kb_test_is_shown (row);
}

static void
test_choose (Fixture *f, gconstpointer data)
{
  KbSubscribersPage *page;
  GtkWidget *view;
  KbSubscriber *target;
  g_autofree char *formatted = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *token = NULL;
  g_autofree char *url = NULL;
  g_autoptr(JsonNode) details = NULL;
  JsonArray *services;
  guint status = 0;

  sign_in (f);
  page = open_page (f);
  view = kb_test_find_type (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW);
  g_assert_nonnull (kb_test_find_label (GTK_WIDGET (page), _("No Subscriber Chosen")));

  /* Find one by its last digits and choose the first row, as a click does. */
  search (page, "05");
  g_assert_cmpuint (n_shown (page), >, 0);
  target = shown (page, 0);
  g_signal_emit_by_name (view, "activate", 0);
  g_assert_true (kb_subscribers_get_current (subscribers (f)) == target);

  /* The header shows it until changed. */
  formatted = kb_phone_number_format (kb_subscriber_get_number (target));
  subtitle = g_strdup_printf (_("Subscriber %s, %s"), formatted, kb_subscriber_get_name (target));
  g_assert_nonnull (kb_test_find_label (GTK_WIDGET (f->window), subtitle));

  /* The details, as the server has them. */
  token = kb_test_sign_in_raw (f->srv.url, "demo", "demo");
  url = g_strdup_printf ("%s/api/v1/subscribers/%s", f->srv.url, kb_subscriber_get_id (target));
  details = kb_test_http_json ("GET", url, token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  services = json_object_get_array_member (json_node_get_object (details), "services");
  kb_test_wait_for (kb_subscriber_get_services (kb_subscribers_get_current (subscribers (f))) != NULL, 10);
  g_assert_nonnull (kb_test_find_label (GTK_WIDGET (page), _("Additional Services")));
  if (json_array_get_length (services) == 0)
    g_assert_nonnull (kb_test_find_label (GTK_WIDGET (page), _("No additional services are on.")));
  for (guint i = 0; i < json_array_get_length (services); i++)
    g_assert_true (details_show (page, json_object_get_string_member (json_array_get_object_element (services, i),
                                                                      "name")));
  g_assert_true (details_show (page, _("Tariff")));
  g_assert_nonnull (kb_test_find_label (GTK_WIDGET (page), kb_subscriber_get_tariff (target)));
  g_assert_nonnull (kb_test_find_label (GTK_WIDGET (page), _("Installments")));

  /* Another section keeps it in the header. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-section", "s", "feedback");
  g_assert_nonnull (kb_test_find_label (GTK_WIDGET (f->window), subtitle));

  /* A new window of the same session starts with it. */
  {
    KbWindow *second = kb_window_new (GTK_APPLICATION (app), f->manager, kb_application_get_settings (app));

    gtk_window_present (GTK_WINDOW (second));
    kb_test_wait_for (gtk_widget_get_mapped (GTK_WIDGET (second)), 10);
    g_assert_nonnull (kb_test_find_label (GTK_WIDGET (second), subtitle));
    gtk_window_destroy (GTK_WINDOW (second));
  }
}

static guint
n_ticked (Fixture *f)
{
  return g_strv_length ((char **) kb_subscribers_get_selection (subscribers (f)));
}

/* Ticks for Service Actions: one row's box, all that a search shows,
 * clearing; the ticks are KbSubscribers' selection, which Service Actions
 * reads, and the button there opens that section. */
static void
test_tick (Fixture *f, gconstpointer data)
{
  KbSubscribersPage *page;
  GtkWidget *view, *check, *actions;
  const char *number;
  const char * const *selection;
  guint n;

  sign_in (f);
  page = open_page (f);
  kb_subscribers_set_selection (subscribers (f), NULL);
  view = kb_test_find_type (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW);
  actions = kb_test_find_button (GTK_WIDGET (page), _("_Service Actions…"));
  g_assert_nonnull (actions);
  g_assert_false (gtk_widget_get_sensitive (actions));
  g_assert_false (kb_test_is_shown (kb_test_find_button (GTK_WIDGET (page), _("C_lear Ticks"))));

  /* One box, as a click does. */
  kb_test_wait_for ((check = kb_test_find_type (view, GTK_TYPE_CHECK_BUTTON)) != NULL, 10);
  number = g_object_get_data (G_OBJECT (check), "kb-number");
  g_assert_nonnull (number);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  selection = kb_subscribers_get_selection (subscribers (f));
  g_assert_cmpuint (n_ticked (f), ==, 1);
  g_assert_cmpstr (selection[0], ==, number);
  g_assert_nonnull (kb_test_find_label (GTK_WIDGET (page), kb_test_ntrf ("%u ticked", "%u ticked", 1, 1)));
  g_assert_true (gtk_widget_get_sensitive (actions));

  /* Everything a search shows, on top of it. */
  search (page, "иванов");
  n = n_shown (page);
  g_assert_cmpuint (n, >, 1);
  g_signal_emit_by_name (kb_test_find_button (GTK_WIDGET (page), _("Tick _All")), "clicked");
  g_assert_cmpuint (n_ticked (f), >=, n);
  g_assert_cmpuint (n_ticked (f), <=, n + 1);
  for (guint i = 0; i < n; i++)
    g_assert_true (g_strv_contains (kb_subscribers_get_selection (subscribers (f)),
                                    kb_subscriber_get_number (shown (page, i))));
  g_assert_nonnull (kb_test_find_label (GTK_WIDGET (page), kb_test_ntrf ("%u ticked", "%u ticked", n_ticked (f),
                                                                          n_ticked (f))));
  /* The boxes on screen follow. */
  check = kb_test_find_type (view, GTK_TYPE_CHECK_BUTTON);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));

  /* Unticking one box takes that number only. */
  number = g_object_get_data (G_OBJECT (check), "kb-number");
  n = n_ticked (f);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), FALSE);
  g_assert_cmpuint (n_ticked (f), ==, n - 1);
  g_assert_false (g_strv_contains (kb_subscribers_get_selection (subscribers (f)), number));

  /* The button opens Service Actions; clearing unticks everything. */
  g_signal_emit_by_name (actions, "clicked");
  g_assert_cmpstr (kb_window_get_visible_section (f->window), ==, "service-actions");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-section", "s", "subscribers");
  g_signal_emit_by_name (kb_test_find_button (GTK_WIDGET (page), _("C_lear Ticks")), "clicked");
  g_assert_cmpuint (n_ticked (f), ==, 0);
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (kb_test_find_type (view, GTK_TYPE_CHECK_BUTTON))));
  g_assert_false (gtk_widget_get_sensitive (actions));
  g_assert_false (kb_test_is_shown (kb_test_find_button (GTK_WIDGET (page), _("C_lear Ticks"))));
}

static gboolean
match_current_row (GtkWidget *widget, gconstpointer data)
{
  return gtk_widget_has_css_class (widget, "current-subscriber") && kb_test_is_shown (widget);
}

/* The number of the subscriber the row marked as current shows, or NULL. */
static const char *
marked_number (GtkWidget *view)
{
  GtkWidget *row = kb_test_find_widget (view, match_current_row, NULL);
  GtkWidget *check = row != NULL ? kb_test_find_type (row, GTK_TYPE_CHECK_BUTTON) : NULL;

  return check != NULL ? g_object_get_data (G_OBJECT (check), "kb-number") : NULL;
}

static void
collect_name_labels (GtkWidget *root, GPtrArray *subscribers, GPtrArray *labels)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_mapped (root))
    for (guint i = 0; i < subscribers->len; i++)
      if (g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)),
                     kb_subscriber_get_name (subscribers->pdata[i])) == 0)
        {
          g_ptr_array_add (labels, root);
          return;
        }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_name_labels (child, subscribers, labels);
}

/* At the default width the names in the list are whole, and the row of the
 * current subscriber is marked, by a rule of the app's style sheet. */
static void
test_look (Fixture *f, gconstpointer data)
{
  KbSubscribersPage *page;
  GtkWidget *view;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autoptr(GBytes) css = NULL;

  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (f->window), &width, &height);
  g_assert_cmpint (width, ==, 1180);
  sign_in (f);
  page = open_page (f);
  view = kb_test_find_type (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW);
  kb_test_wait_for (kb_test_find_type (view, GTK_TYPE_CHECK_BUTTON) != NULL, 10);
  kb_test_drain ();

  /* Every name shown is whole. */
  all = server_subscribers (f);
  collect_name_labels (view, all, labels);
  g_assert_cmpuint (labels->len, >, 5);
  for (guint i = 0; i < labels->len; i++)
    if (pango_layout_is_ellipsized (gtk_label_get_layout (labels->pdata[i])))
      g_error ("The name “%s” is cut off", gtk_label_get_text (labels->pdata[i]));

  /* Choosing a row marks it, and only it. */
  g_signal_emit_by_name (view, "activate", 1);
  kb_test_drain ();
  g_assert_cmpstr (marked_number (view), ==,
                   kb_subscriber_get_number (kb_subscribers_get_current (subscribers (f))));
  g_signal_emit_by_name (view, "activate", 3);
  kb_test_drain ();
  g_assert_cmpstr (marked_number (view), ==, kb_subscriber_get_number (shown (page, 3)));
  g_assert_true (kb_test_find_widget (view, match_current_row, NULL) != NULL);

  css = g_resources_lookup_data (RESOURCE_BASE "/style.css", 0, NULL);
  g_assert_nonnull (css);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (css, NULL), g_bytes_get_size (css),
                                  "row.current-subscriber {"));
}

/* Ctrl+F finds the search, from the sidebar as from inside the page; a
 * page without one lets the keys go. */
static void
test_search_key (Fixture *f, gconstpointer data)
{
  GtkWidget *page;
  GtkWidget *search;
  GtkWidget *focus;
  GtkWidget *personal;

  sign_in (f);
  personal = kb_window_get_page (f->window, "personal-information");
  g_assert_false (kb_test_press_keys (personal, "<Control>f"));

  page = GTK_WIDGET (open_page (f));
  search = kb_test_find_type (page, GTK_TYPE_SEARCH_ENTRY);
  g_assert_true (kb_test_press_keys (GTK_WIDGET (f->window), "<Control>f"));
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_true (focus == search || gtk_widget_is_ancestor (focus, search));

  gtk_widget_grab_focus (kb_test_find_type (page, GTK_TYPE_COLUMN_VIEW));
  g_assert_true (kb_test_press_keys (gtk_root_get_focus (GTK_ROOT (f->window)), "<Control>f"));
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_true (focus == search || gtk_widget_is_ancestor (focus, search));
}

int
main (int argc, char *argv[])
{
  kb_test_ui_init (&argc, &argv);

  app = kb_test_application_new ();
  g_settings_set_boolean (kb_application_get_settings (app), "notifications", FALSE);

#define ADD(path, func) g_test_add (path, Fixture, app, kb_test_window_setup, func, kb_test_window_teardown)
  ADD ("/ui-subscribers/search", test_search);
  ADD ("/ui-subscribers/filters", test_filters);
  ADD ("/ui-subscribers/choose", test_choose);
  ADD ("/ui-subscribers/tick", test_tick);
  ADD ("/ui-subscribers/look", test_look);
  ADD ("/ui-subscribers/search-key", test_search_key);
#undef ADD

  return kb_test_run_application (&app);
}
