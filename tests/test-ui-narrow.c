/* test-ui-narrow.c — every page at 360×640, as on a phone, in English and in Russian: the
 * window may be that narrow, no label that carries data is ellipsized or wrapped in the
 * middle of a word, and nothing is wider than the window without a scroller around it. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "kb-application.h"
#include "kb-delivery-dialog.h"
#include "kb-invoice-email-dialog.h"
#include "kb-page.h"
#include "kb-payment-dialog.h"
#include "kb-preferences-window.h"
#include "kb-sections.h"
#include "kb-server.h"
#include "kb-service-actions-page.h"
#include "kb-subscribers-page.h"
#include "kb-test-util.h"
#include "kb-test-widgets.h"
#include "kb-test-window.h"
#include "kb-window.h"

#define NARROW_WIDTH  360
#define NARROW_HEIGHT 640

static KbApplication *app;

/* What every view of a test found, reported at its end. */
static GString *report;

static void
fixture_setup (KbTestWindow *w, gconstpointer data)
{
  GSettings *settings = kb_application_get_settings (app);

  /* The window takes its first size from the settings, as on a phone. */
  g_settings_set_int (settings, "window-width", NARROW_WIDTH);
  g_settings_set_int (settings, "window-height", NARROW_HEIGHT);
  g_settings_set_boolean (settings, "window-maximized", FALSE);
  g_string_truncate (report, 0);
  kb_test_window_open (w, app);
}

static void
fixture_teardown (KbTestWindow *w, gconstpointer data)
{
  GSettings *settings = kb_application_get_settings (app);

  kb_test_window_close (w);
  if (report->len > 0)
    g_error ("At %d px:\n%s", NARROW_WIDTH, report->str);
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
}

static GtkWidget *
show_section (KbTestWindow *w, const char *id)
{
  KbPage *page;

  gtk_widget_activate_action (GTK_WIDGET (w->window), "win.show-section", "s", id);
  g_assert_cmpstr (kb_window_get_visible_section (w->window), ==, id);
  kb_test_wait_for (kb_window_get_page (w->window, id) != NULL, 10);
  page = KB_PAGE (kb_window_get_page (w->window, id));
  kb_test_wait_for (!kb_page_get_refreshing (page) &&
                    kb_test_is_shown (kb_page_get_content (page)), 20);
  return GTK_WIDGET (page);
}

static void
open_entry (GtkWidget *page, const char *title)
{
  GtkWidget *row = kb_test_find_row (page, title);

  g_assert_nonnull (row);
  g_signal_emit_by_name (row, "activate");
}

/* Checks the window as it is now, after two frames have laid it out. */
static void
check (KbTestWindow *w, const char *where)
{
  g_autoptr(GString) problems = g_string_new (NULL);
  GtkWidget *window = GTK_WIDGET (w->window);

  kb_test_wait_for_frames (window, 3);
  kb_test_check_narrow (window, NARROW_WIDTH, problems);
  if (problems->len > 0)
    g_string_append_printf (report, "%s:\n%s", where, problems->str);
}

/* The sections whose own content fits the narrow window as it is, without
 * the sideways scroller of KbPage around it. */
static const char *const fitting_sections[] = {
  "personal-information",
  "payments",
  "invoices",
  "installments",
  "feedback",
};

static gboolean
must_fit (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (fitting_sections); i++)
    if (g_str_equal (fitting_sections[i], id))
      return TRUE;
  return FALSE;
}

/* Adds to @problems a header or a content of @page that needs more than the
 * page's width: the sideways scroller would keep its buttons off-screen. */
static void
check_page_fits (GtkWidget *page, const char *where)
{
  GtkWidget *parts[] = { kb_page_get_header (KB_PAGE (page)),
                         kb_page_get_content (KB_PAGE (page)) };
  const char *names[] = { "header", "content" };

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      int minimum = 0;

      if (parts[i] == NULL || !gtk_widget_get_mapped (parts[i]))
        continue;
      gtk_widget_measure (parts[i], GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
      if (minimum > gtk_widget_get_width (page))
        g_string_append_printf (report, "%s: the %s needs %d px of %d\n", where, names[i],
                                minimum, gtk_widget_get_width (page));
    }
}

static void
test_every_page (KbTestWindow *w, gconstpointer data)
{
  guint n_sections;
  const KbSection *sections = kb_sections_get_all (&n_sections);

  kb_test_window_sign_in (w, "demo", "demo");
  for (guint i = 0; i < n_sections; i++)
    {
      GtkWidget *page;

      if (sections[i].get_type == NULL)
        continue;
      page = show_section (w, sections[i].id);

      check (w, sections[i].id);
      if (must_fit (sections[i].id))
        check_page_fits (page, sections[i].id);
    }
}

/* Feedback's history and its form for a new question. */
static void
test_feedback_views (KbTestWindow *w, gconstpointer data)
{
  GtkWidget *page;

  kb_test_window_sign_in (w, "demo", "demo");
  page = show_section (w, "feedback");
  open_entry (page, _("Ask a Question"));
  kb_test_wait_for (kb_test_is_shown (kb_test_find_label (page, _("Write your question"))), 5);
  check (w, "feedback: ask");

  page = show_section (w, "feedback");
  g_signal_emit_by_name (kb_test_find_button (page, _("_Back")), "clicked");
  kb_test_wait_for (kb_test_is_shown (kb_test_find_row (page, _("View History"))), 5);
  open_entry (page, _("View History"));
  kb_test_wait_for (!kb_test_is_shown (kb_test_find_row (page, _("View History"))), 5);
  check (w, "feedback: history");
}

/* The pages whose own content fits the window at 360 px, rather than
 * scrolling sideways as a whole. */
static const char * const fitting_pages[] = {
  "subscribers",
  "rename",
  "service-actions",
};

/* Adds to the report a scroller under @widget that scrolls sideways what is
 * not a table: a form or a row of buttons wider than the window. */
static void
find_sideways (const char *id, GtkWidget *widget)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_SCROLLED_WINDOW (widget))
    {
      GtkAdjustment *h = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (widget));
      GtkWidget *child = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (widget));

      if (child != NULL && !GTK_IS_COLUMN_VIEW (child) && !GTK_IS_TEXT_VIEW (child) &&
          gtk_adjustment_get_upper (h) > gtk_adjustment_get_page_size (h) + 0.5)
        g_string_append_printf (report, "%s: a %s is %.0f px wide in a scroller of %.0f px\n", id,
                                G_OBJECT_TYPE_NAME (child), gtk_adjustment_get_upper (h),
                                gtk_adjustment_get_page_size (h));
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    find_sideways (id, child);
}

/* Adds to the report a part of @page (its header or content) that is wider
 * than the window, and so scrolls sideways inside the page, or that holds a
 * form scrolling sideways. */
static void
check_fits (KbTestWindow *w, const char *id, const char *part, GtkWidget *widget)
{
  int minimum;

  if (widget == NULL)
    return;
  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  if (minimum > NARROW_WIDTH || gtk_widget_get_width (widget) > NARROW_WIDTH)
    g_string_append_printf (report, "%s: the page's %s needs %d px and is %d px wide\n", id, part,
                            minimum, gtk_widget_get_width (widget));
  find_sideways (id, widget);
}

/* Neither the header nor the content of these pages is wider than the
 * window: the page fits (each of their tabs too, as their stacks are as
 * wide as their widest tab). */
static void
test_pages_fit (KbTestWindow *w, gconstpointer data)
{
  kb_test_window_sign_in (w, "demo", "demo");
  for (guint i = 0; i < G_N_ELEMENTS (fitting_pages); i++)
    {
      KbPage *page = KB_PAGE (show_section (w, fitting_pages[i]));

      kb_test_wait_for_frames (GTK_WIDGET (w->window), 3);
      check_fits (w, fitting_pages[i], "header", kb_page_get_header (page));
      check_fits (w, fitting_pages[i], "content", kb_page_get_content (page));
    }

  /* Service Actions for a list of numbers, with the list's buttons. */
  {
    KbPage *page = KB_PAGE (show_section (w, "service-actions"));
    GtkWidget *row = kb_test_find_row (GTK_WIDGET (page), _("A list of numbers"));

    g_assert_nonnull (row);
    gtk_check_button_set_active (GTK_CHECK_BUTTON (kb_test_find_type (row, GTK_TYPE_CHECK_BUTTON)),
                                 TRUE);
    kb_test_wait_for_frames (GTK_WIDGET (w->window), 3);
    check_fits (w, "service-actions: a list", "content", kb_page_get_content (page));
  }
}

/* Every tab of Rename Subscriber. */
static void
test_rename_tabs (KbTestWindow *w, gconstpointer data)
{
  GtkWidget *page;
  AdwViewStack *stack;
  g_autoptr(GtkSelectionModel) pages = NULL;

  kb_test_window_sign_in (w, "demo", "demo");
  page = show_section (w, "rename");
  stack = ADW_VIEW_STACK (kb_test_find_type (page, ADW_TYPE_VIEW_STACK));
  g_assert_nonnull (stack);
  pages = adw_view_stack_get_pages (stack);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (pages)); i++)
    {
      g_autoptr(AdwViewStackPage) tab = g_list_model_get_item (G_LIST_MODEL (pages), i);
      g_autofree char *where = g_strdup_printf ("rename: %s", adw_view_stack_page_get_name (tab));

      adw_view_stack_set_visible_child (stack, adw_view_stack_page_get_child (tab));
      check (w, where);
    }
}

/* Orders straight on the server for the demo client's first subscriber:
 * one done and one partly done (with a number that is not the client's),
 * so that the history has rows of both kinds. */
static void
server_orders (KbTestWindow *w)
{
  g_autofree char *token = kb_test_sign_in_raw (w->srv.url, "demo", "demo");
  g_autofree char *list_url = g_strdup_printf ("%s/api/v1/subscribers?limit=1", w->srv.url);
  g_autofree char *order_url = g_strdup_printf ("%s/api/v1/service-orders", w->srv.url);
  guint status = 0;
  g_autoptr(JsonNode) list = kb_test_http_json ("GET", list_url, token, NULL, &status);
  JsonArray *array = json_object_get_array_member (json_node_get_object (list), "subscribers");
  const char *number = json_object_get_string_member (json_array_get_object_element (array, 0),
                                                      "number");
  g_autofree char *one = g_strdup_printf ("\"%s\"", number);
  g_autofree char *mixed = g_strdup_printf ("\"%s\",\"+37529\"", number);
  const char *actions[] = { "add", "remove" };
  const char *lists[] = { one, mixed };

  g_assert_cmpuint (status, ==, 200);
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"action\":\"%s\",\"service\":\"conference\","
                                               "\"subscribers\":[%s]}", actions[i], lists[i]);
      g_autoptr(JsonNode) answer = kb_test_http_json ("POST", order_url, token, body, &status);

      g_assert_cmpuint (status, ==, 201);
    }
}

/* Service Actions' history of orders. */
static void
test_service_history (KbTestWindow *w, gconstpointer data)
{
  GtkWidget *page;
  GtkWidget *switcher;
  GListModel *history;

  server_orders (w);
  kb_test_window_sign_in (w, "demo", "demo");
  page = show_section (w, "service-actions");
  switcher = kb_test_find_type (page, GTK_TYPE_STACK_SWITCHER);
  g_assert_nonnull (switcher);
  gtk_stack_set_visible_child_name (gtk_stack_switcher_get_stack (GTK_STACK_SWITCHER (switcher)),
                                    "history");
  history = kb_service_actions_page_get_history (KB_SERVICE_ACTIONS_PAGE (page));
  kb_test_wait_for (g_list_model_get_n_items (history) >= 2, 20);
  check (w, "service-actions: history");
}

/* Subscriber Selection with a subscriber chosen, its details shown. */
static void
test_subscriber_chosen (KbTestWindow *w, gconstpointer data)
{
  GtkWidget *page;
  GtkWidget *view;
  GListModel *shown;

  kb_test_window_sign_in (w, "demo", "demo");
  page = show_section (w, "subscribers");
  shown = kb_subscribers_page_get_shown (KB_SUBSCRIBERS_PAGE (page));
  kb_test_wait_for (g_list_model_get_n_items (shown) > 0, 20);
  view = kb_test_find_type (page, GTK_TYPE_COLUMN_VIEW);
  g_assert_nonnull (view);
  g_signal_emit_by_name (view, "activate", 0);
  kb_test_wait_for (kb_test_is_shown (kb_test_find_row (page, _("Tariff"))), 20);
  check (w, "subscribers: chosen");

  /* The window is too narrow for both: the details take the list's place,
   * and Esc brings the list back. */
  kb_test_wait_for (!kb_test_is_shown (view), 5);
  g_assert_true (kb_test_press_keys (kb_test_find_row (page, _("Tariff")), "Escape"));
  kb_test_wait_for (kb_test_is_shown (view) &&
                    !kb_test_is_shown (kb_test_find_row (page, _("Tariff"))), 5);
}

/* Whether @widget is a button whose tooltip starts with @prefix. */
static gboolean
match_tooltip_prefix (GtkWidget *widget, gconstpointer prefix)
{
  const char *tooltip = gtk_widget_get_tooltip_text (widget);

  return GTK_IS_BUTTON (widget) && tooltip != NULL && g_str_has_prefix (tooltip, prefix);
}

/* Adds to @problems every label of @widget's header bars that is cut with
 * an ellipsis: a dialog's title must wrap instead. */
static void
check_titles (GtkWidget *widget, gboolean in_header_bar, GString *problems)
{
  in_header_bar = in_header_bar || ADW_IS_HEADER_BAR (widget);
  if (in_header_bar && GTK_IS_LABEL (widget) &&
      pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (widget))))
    g_string_append_printf (problems, "  the title is cut: “%s”\n",
                            gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_titles (child, in_header_bar, problems);
}

/* Opens the dialog of @type through @button, checks it at the narrow size
 * and closes it. */
static void
check_dialog (KbTestWindow *w, GtkWidget *button, GType type, const char *where)
{
  g_autoptr(GString) problems = g_string_new (NULL);
  GtkWidget *dialog;

  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  kb_test_wait_for ((dialog = kb_test_find_toplevel (type)) != NULL &&
                    gtk_widget_get_mapped (dialog), 10);
  gtk_window_set_default_size (GTK_WINDOW (dialog), NARROW_WIDTH, NARROW_HEIGHT);
  kb_test_wait_for_frames (dialog, 3);
  kb_test_check_narrow (dialog, NARROW_WIDTH, problems);
  check_titles (dialog, FALSE, problems);
  if (problems->len > 0)
    g_string_append_printf (report, "%s:\n%s", where, problems->str);
  gtk_window_destroy (GTK_WINDOW (dialog));
  kb_test_wait_for (kb_test_find_toplevel (type) == NULL, 10);
}

/* The dialogs of the sections and the preferences fit a narrow screen. */
static void
test_dialogs (KbTestWindow *w, gconstpointer data)
{
  GtkWidget *page;
  GtkWidget *dialog;
  const char *order;
  g_autoptr(GString) problems = g_string_new (NULL);

  /* The session lasts past the days the server's clock moves below. */
  kb_server_set_token_lifetime (w->srv.server, 365 * G_TIME_SPAN_DAY);
  kb_test_window_sign_in (w, "demo", "demo");

  page = show_section (w, "payments");
  check_dialog (w, kb_test_find_button (page, _("_Register Payment…")), KB_TYPE_PAYMENT_DIALOG,
                "payment dialog");

  page = show_section (w, "personal-information");
  check_dialog (w, kb_test_find_button (page, _("_Change…")), KB_TYPE_DELIVERY_DIALOG,
                "delivery dialog");

  /* Invoices can be ordered by e-mail from the 4th on. */
  kb_test_set_server_day (w->srv.server, 10);
  page = show_section (w, "invoices");
  gtk_widget_activate_action (GTK_WIDGET (w->window), "win.refresh", NULL);
  order = kb_test_tr_lead ("Order the invoice for %s by e-mail");
  kb_test_wait_for (kb_test_is_shown (kb_test_find_widget (page, match_tooltip_prefix, order)), 15);
  check_dialog (w, kb_test_find_widget (page, match_tooltip_prefix, order),
                KB_TYPE_INVOICE_EMAIL_DIALOG, "e-mail order dialog");

  g_action_group_activate_action (G_ACTION_GROUP (w->app), "preferences", NULL);
  kb_test_wait_for ((dialog = kb_test_find_toplevel (KB_TYPE_PREFERENCES_WINDOW)) != NULL &&
                    gtk_widget_get_mapped (dialog), 10);
  gtk_window_set_default_size (GTK_WINDOW (dialog), NARROW_WIDTH, NARROW_HEIGHT);
  kb_test_wait_for_frames (dialog, 3);
  kb_test_check_narrow (dialog, NARROW_WIDTH, problems);
  if (problems->len > 0)
    g_string_append_printf (report, "preferences:\n%s", problems->str);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int argc, char *argv[])
{
  kb_test_ui_init (&argc, &argv);
  app = kb_test_application_new ();
  report = g_string_new (NULL);

#define ADD(path, func) \
  g_test_add (path, KbTestWindow, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/ui-narrow/every-page", test_every_page);
  ADD ("/ui-narrow/feedback", test_feedback_views);
  ADD ("/ui-narrow/pages-fit", test_pages_fit);
  ADD ("/ui-narrow/rename-tabs", test_rename_tabs);
  ADD ("/ui-narrow/service-history", test_service_history);
  ADD ("/ui-narrow/subscriber-chosen", test_subscriber_chosen);
  ADD ("/ui-narrow/dialogs", test_dialogs);
#undef ADD

  return kb_test_run_application (&app);
}
