/* test-ui-service-actions.c — Service Actions by Subscriber List through the real window,
 * against the in-process reference server: adding a service for the current subscriber
 * with its confirmation and result; the subscribers ticked in Subscriber Selection with
 * their counts and per-subscriber results; a pasted list with a bad row; the history
 * filtered by status, opening an order's results; the confirmation's plural forms (1, 2,
 * 5, 21). Run in English and Russian; in Russian no English is left on the page. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kb-application.h"
#include "kb-list-import.h"
#include "kb-money.h"
#include "kb-service-actions-page.h"
#include "kb-service-order-view.h"
#include "kb-test-util.h"
#include "kb-test-widgets.h"
#include "kb-test-window.h"
#include "kb-window.h"

#define SERVICE "conference"
#define SERVICE_NAME "Конференц-связь"

static gboolean russian;
static KbApplication *app;

typedef KbTestWindow Fixture;

static KbSync *
sync_of (Fixture *f)
{
  return kb_session_manager_get_sync (f->manager);
}

static void
sign_in (Fixture *f)
{
  kb_test_window_sign_in (f, "demo", "demo");
}

/* The numbers of the demo client's first @n subscribers. */
static GPtrArray *
numbers (Fixture *f, guint n)
{
  return kb_test_demo_numbers (f->srv.url, n);
}

/* Puts the service on or off for @number straight on the server. */
static void
server_order (Fixture *f, const char *action, const char *number)
{
  g_autofree char *token = kb_test_sign_in_raw (f->srv.url, "demo", "demo");
  g_autofree char *url = g_strconcat (f->srv.url, "/api/v1/service-orders", NULL);
  g_autofree char *body = g_strdup_printf ("{\"action\":\"%s\",\"service\":\"%s\",\"subscribers\":[\"%s\"]}",
                                           action, SERVICE, number);
  guint status = 0;
  g_autoptr(JsonNode) root = kb_test_http_json ("POST", url, token, body, &status);

  g_assert_cmpuint (status, ==, 201);
}

static KbServiceActionsPage *
open_page (Fixture *f)
{
  KbServiceOrders *orders = kb_sync_get_service_orders (sync_of (f));
  GListModel *services = kb_service_orders_get_services (orders);
  GtkWidget *page;
  GtkWidget *row;
  guint n;

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-section", "s", "service-actions");
  g_assert_cmpstr (kb_window_get_visible_section (f->window), ==, "service-actions");
  page = kb_window_get_page (f->window, "service-actions");
  g_assert_true (KB_IS_SERVICE_ACTIONS_PAGE (page));
  kb_test_wait_for (kb_service_orders_get_fetched_at (orders) != NULL &&
                    g_list_model_get_n_items (services) > 0, 20);

  /* Choose the service as the user does, in the combo row. */
  row = kb_test_find_type (page, ADW_TYPE_COMBO_ROW);
  n = g_list_model_get_n_items (services);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KbService) service = g_list_model_get_item (services, i);

      if (g_str_equal (kb_service_get_code (service), SERVICE))
        adw_combo_row_set_selected (ADW_COMBO_ROW (row), i);
    }
  return KB_SERVICE_ACTIONS_PAGE (page);
}

/* In Russian, nothing on @widget is left in English; BYN, the Latin
 * names of some services (MMS, SMS) and of file formats (CSV) are data. */
static void
assert_no_english (GtkWidget *widget)
{
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);

  if (!russian)
    return;
  kb_test_collect_titles (widget, titles);
  for (guint i = 0; i < titles->len; i++)
    {
      const char *title = g_ptr_array_index (titles, i);

      if (title == NULL || !kb_test_has_latin_letters (title) || strstr (title, "BYN") != NULL ||
          strstr (title, "MMS") != NULL || strstr (title, "SMS") != NULL || strstr (title, "CSV") != NULL)
        continue;
      g_error ("English left on screen in Russian: “%s”", title);
    }
  g_assert_cmpuint (titles->len, >=, 3);
}

/* The confirmation's heading for adding (or removing) the service for @n
 * subscribers, as the catalogue has it. */
static const char *
confirmation (gboolean add, guint n)
{
  g_autofree char *count = g_strdup_printf ("%u", n);

  if (add)
    return kb_test_ntrf ("Add “%s” for %s subscriber?", "Add “%s” for %s subscribers?", n, SERVICE_NAME, count);
  return kb_test_ntrf ("Remove “%s” for %s subscriber?", "Remove “%s” for %s subscribers?", n, SERVICE_NAME, count);
}

/* Presses Send Order and returns the confirmation. */
static AdwMessageDialog *
ask (KbServiceActionsPage *page)
{
  GtkWidget *button = kb_test_find_button (GTK_WIDGET (page), _("_Send Order…"));
  GtkWidget *dialog = NULL;

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  kb_test_wait_for ((dialog = kb_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL, 10);
  assert_no_english (dialog);
  return ADW_MESSAGE_DIALOG (dialog);
}

static void
answer (AdwMessageDialog *dialog, const char *label)
{
  GtkWidget *button = kb_test_find_button (GTK_WIDGET (dialog), label);

  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  kb_test_wait_for (kb_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) == NULL, 10);
}

static KbServiceResult *
result_at (GListModel *model, guint i)
{
  KbServiceResult *result = g_list_model_get_item (model, i);

  g_object_unref (result);
  return result;
}

static void
test_current (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) list = numbers (f, 1);
  KbSubscribers *subscribers;
  KbServiceActionsPage *page;
  AdwMessageDialog *dialog;
  GListModel *results;
  GtkWidget *choose;

  server_order (f, "remove", g_ptr_array_index (list, 0));
  sign_in (f);
  subscribers = kb_sync_get_subscribers (sync_of (f));
  page = open_page (f);
  results = kb_service_actions_page_get_results (page);
  g_assert_cmpint (kb_service_actions_page_get_source (page), ==, KB_SERVICE_ACTIONS_SOURCE_CURRENT);

  /* No current subscriber: the page says so and offers Subscriber Selection. */
  if (kb_subscribers_get_current (subscribers) == NULL)
    {
      g_assert_nonnull (kb_test_find_label (GTK_WIDGET (page),
                                            _("No subscriber is chosen. Choose one in Subscriber Selection.")));
    }
  assert_no_english (GTK_WIDGET (page));
  choose = kb_test_find_button (GTK_WIDGET (page), _("_Choose…"));
  g_signal_emit_by_name (choose, "clicked");
  g_assert_cmpstr (kb_window_get_visible_section (f->window), ==, "subscribers");

  /* Choose the subscriber there (the list is loaded by that page). */
  kb_test_wait_for (kb_subscribers_get_fetched_at (subscribers) != NULL &&
                    !kb_subscribers_get_refreshing (subscribers), 20);
  {
    GListModel *model = kb_subscribers_get_model (subscribers);
    guint n = g_list_model_get_n_items (model);

    for (guint i = 0; i < n; i++)
      {
        g_autoptr(KbSubscriber) subscriber = g_list_model_get_item (model, i);

        if (g_str_equal (kb_subscriber_get_number (subscriber), g_ptr_array_index (list, 0)))
          kb_subscribers_set_current (subscribers, subscriber);
      }
  }
  g_assert_nonnull (kb_subscribers_get_current (subscribers));
  page = open_page (f);

  dialog = ask (page);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==,
                   confirmation (TRUE, 1));
  answer (dialog, _("_Add Service"));

  kb_test_wait_for (g_list_model_get_n_items (results) == 1, 20);
  g_assert_true (kb_service_result_get_accepted (result_at (results, 0)));
  g_assert_cmpstr (kb_service_result_get_number (result_at (results, 0)), ==, g_ptr_array_index (list, 0));
  assert_no_english (GTK_WIDGET (page));
}

static void
test_selection (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) list = numbers (f, 3);
  KbServiceActionsPage *page;
  AdwMessageDialog *dialog;
  GListModel *results;

  /* The first already has the service, the others do not. */
  server_order (f, "add", g_ptr_array_index (list, 0));
  server_order (f, "remove", g_ptr_array_index (list, 1));
  server_order (f, "remove", g_ptr_array_index (list, 2));
  sign_in (f);
  page = open_page (f);
  results = kb_service_actions_page_get_results (page);

  kb_subscribers_set_selection (kb_sync_get_subscribers (sync_of (f)), (const char * const *) list->pdata);
  g_assert_cmpint (kb_service_actions_page_get_source (page), ==, KB_SERVICE_ACTIONS_SOURCE_SELECTION);
  g_assert_nonnull (kb_test_find_label (GTK_WIDGET (page), kb_test_ntrf ("%s subscriber ticked", "%s subscribers ticked", 3, "3")));

  dialog = ask (page);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==,
                   confirmation (TRUE, 3));
  answer (dialog, _("_Add Service"));

  kb_test_wait_for (g_list_model_get_n_items (results) == 3, 20);
  g_assert_false (kb_service_result_get_accepted (result_at (results, 0)));
  g_assert_cmpstr (kb_service_result_get_code (result_at (results, 0)), ==, "already_on");
  g_assert_true (kb_service_result_get_accepted (result_at (results, 1)));
  g_assert_true (kb_service_result_get_accepted (result_at (results, 2)));
  kb_test_wait_for (kb_test_find_label (GTK_WIDGET (page), _("The service is already on")) != NULL, 10);
  assert_no_english (GTK_WIDGET (page));

  /* Removing for the same three: the first two are accepted... all three are on now. */
  g_signal_emit_by_name (kb_test_find_button (GTK_WIDGET (page), _("_Remove")), "clicked");
  dialog = ask (page);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==,
                   confirmation (FALSE, 3));
  answer (dialog, _("_Remove Service"));
  kb_test_wait_for (g_list_model_get_n_items (results) == 3 &&
                    kb_service_result_get_accepted (result_at (results, 0)), 20);
  g_assert_true (kb_service_result_get_accepted (result_at (results, 2)));
}

static void
test_list (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) list = numbers (f, 2);
  g_autofree char *pasted = NULL;
  KbServiceActionsPage *page;
  KbListImport *import;
  AdwMessageDialog *dialog;
  GListModel *results;

  server_order (f, "remove", g_ptr_array_index (list, 0));
  server_order (f, "remove", g_ptr_array_index (list, 1));
  sign_in (f);
  page = open_page (f);
  results = kb_service_actions_page_get_results (page);

  {
    GtkWidget *import_widget = kb_test_find_type (GTK_WIDGET (page), KB_TYPE_LIST_IMPORT);
    GtkWidget *row = kb_test_find_row (GTK_WIDGET (page), _("A list of numbers"));

    g_assert_nonnull (row);
    gtk_check_button_set_active (GTK_CHECK_BUTTON (kb_test_find_type (row, GTK_TYPE_CHECK_BUTTON)), TRUE);
    import = KB_LIST_IMPORT (import_widget);
  }
  g_assert_cmpint (kb_service_actions_page_get_source (page), ==, KB_SERVICE_ACTIONS_SOURCE_LIST);

  /* Two good numbers in the forms people type, and a bad row. */
  pasted = g_strdup_printf ("%s\nnot a number\n8 0%s\n", (char *) g_ptr_array_index (list, 0),
                            (char *) g_ptr_array_index (list, 1) + 4);
  kb_list_import_load_text (import, pasted);
  kb_test_wait_for (kb_list_import_get_n_rows (import) == 3 && !kb_list_import_get_busy (import), 10);
  g_assert_cmpuint (kb_list_import_get_n_problems (import), ==, 1);

  dialog = ask (page);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==,
                   confirmation (TRUE, 2));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog),
                            kb_test_ntrf ("%s row with a problem is left out.",
                                          "%s rows with problems are left out.", 1, "1")));
  answer (dialog, _("_Add Service"));
  kb_test_wait_for (g_list_model_get_n_items (results) == 2, 20);
  g_assert_true (kb_service_result_get_accepted (result_at (results, 0)));
  g_assert_true (kb_service_result_get_accepted (result_at (results, 1)));
  g_assert_cmpstr (kb_service_result_get_number (result_at (results, 1)), ==, g_ptr_array_index (list, 1));

  /* The list stays for the next order. */
  g_assert_cmpuint (kb_list_import_get_n_rows (import), ==, 3);
  assert_no_english (GTK_WIDGET (page));
}

static KbServiceOrder *
submit (Fixture *f, KbServiceAction action, const char * const *list)
{
  KbServiceOrders *orders = kb_sync_get_service_orders (sync_of (f));
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) done = NULL;
  g_autoptr(GError) error = NULL;
  KbServiceOrder *order;

  kb_service_orders_submit_async (orders, action, SERVICE, list, NULL, kb_test_on_ready, &result);
  done = kb_test_wait_result (&result);
  order = kb_service_orders_submit_finish (orders, done, &error);
  g_assert_no_error (error);
  return order;
}

static gboolean
all_have_status (GListModel *model, KbServiceOrderStatus status)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KbServiceOrder) order = g_list_model_get_item (model, i);

      if (kb_service_order_get_status (order) != status)
        return FALSE;
    }
  return n > 0;
}

static gboolean
match_status_filter (GtkWidget *widget, gconstpointer data)
{
  GListModel *model;

  if (!GTK_IS_DROP_DOWN (widget))
    return FALSE;
  model = gtk_drop_down_get_model (GTK_DROP_DOWN (widget));
  return GTK_IS_STRING_LIST (model) && g_list_model_get_n_items (model) == 4 &&
         g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), 0), _("All statuses")) == 0;
}

static gboolean
match_history_view (GtkWidget *widget, gconstpointer history)
{
  GtkSelectionModel *model;

  if (!GTK_IS_COLUMN_VIEW (widget))
    return FALSE;
  model = gtk_column_view_get_model (GTK_COLUMN_VIEW (widget));
  return GTK_IS_SINGLE_SELECTION (model) &&
         gtk_single_selection_get_model (GTK_SINGLE_SELECTION (model)) == history;
}

static void
test_history (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) list = numbers (f, 2);
  const char *one[] = { g_ptr_array_index (list, 0), NULL };
  const char *partial[] = { g_ptr_array_index (list, 0), g_ptr_array_index (list, 1), "+37529", NULL };
  g_autoptr(KbServiceOrder) cleared = NULL;
  g_autoptr(KbServiceOrder) off = NULL;
  g_autoptr(KbServiceOrder) mixed = NULL;
  KbServiceActionsPage *page;
  GListModel *history;
  GtkDropDown *filter;
  GtkStack *views;

  sign_in (f);
  page = open_page (f);
  history = kb_service_actions_page_get_history (page);
  server_order (f, "add", g_ptr_array_index (list, 0));
  cleared = submit (f, KB_SERVICE_ACTION_REMOVE, one);
  off = submit (f, KB_SERVICE_ACTION_REMOVE, one);
  mixed = submit (f, KB_SERVICE_ACTION_ADD, partial);
  g_assert_cmpint (kb_service_order_get_status (mixed), ==, KB_SERVICE_ORDER_STATUS_PARTIAL);

  views = gtk_stack_switcher_get_stack (GTK_STACK_SWITCHER (kb_test_find_type (GTK_WIDGET (page),
                                                                              GTK_TYPE_STACK_SWITCHER)));
  gtk_stack_set_visible_child_name (views, "history");
  g_assert_nonnull (kb_test_find_label_containing (GTK_WIDGET (page), kb_test_tr_lead ("Orders of the current and the two previous months, since %s")));
  assert_no_english (GTK_WIDGET (page));

  /* Newest first, every status; then each filter. */
  kb_test_wait_for (g_list_model_get_n_items (history) >= 4, 10);
  {
    g_autoptr(KbServiceOrder) newest = g_list_model_get_item (history, 0);
    g_assert_cmpstr (kb_service_order_get_id (newest), ==, kb_service_order_get_id (mixed));
  }
  filter = GTK_DROP_DOWN (kb_test_find_widget (GTK_WIDGET (page), match_status_filter, NULL));
  g_assert_nonnull (filter);
  gtk_drop_down_set_selected (filter, 1);
  g_assert_true (all_have_status (history, KB_SERVICE_ORDER_STATUS_DONE));
  gtk_drop_down_set_selected (filter, 2);
  g_assert_true (all_have_status (history, KB_SERVICE_ORDER_STATUS_PARTIAL));
  g_assert_cmpuint (g_list_model_get_n_items (history), ==, 1);
  g_assert_nonnull (kb_test_find_label (GTK_WIDGET (page), C_("order status", "Partially done")));
  gtk_drop_down_set_selected (filter, 3);
  g_assert_true (all_have_status (history, KB_SERVICE_ORDER_STATUS_REJECTED));

  /* Opening the partial order shows its three results. */
  gtk_drop_down_set_selected (filter, 2);
  g_signal_emit_by_name (kb_test_find_widget (GTK_WIDGET (page), match_history_view, history), "activate", 0);
  {
    GListModel *results = kb_service_actions_page_get_order_results (page);

    kb_test_wait_for (g_list_model_get_n_items (results) == 3, 20);
    g_assert_cmpstr (kb_service_result_get_code (result_at (results, 2)), ==, "invalid_number");
  }
  assert_no_english (GTK_WIDGET (page));
}

static gboolean
match_shown_order_view (GtkWidget *widget, gconstpointer data)
{
  return KB_IS_SERVICE_ORDER_VIEW (widget) && kb_test_is_shown (widget);
}

/* Esc and Alt+← leave an opened order for the history. */
static void
test_keyboard (Fixture *f, gconstpointer data)
{
  static const char *keys[] = { "Escape", "<Alt>Left" };
  g_autoptr(GPtrArray) list = numbers (f, 1);
  const char *one[] = { g_ptr_array_index (list, 0), NULL };
  g_autoptr(KbServiceOrder) order = NULL;
  KbServiceActionsPage *page;
  GListModel *history;
  GtkWidget *history_view;
  GtkStack *views;

  sign_in (f);
  page = open_page (f);
  history = kb_service_actions_page_get_history (page);
  order = submit (f, KB_SERVICE_ACTION_ADD, one);
  views = gtk_stack_switcher_get_stack (GTK_STACK_SWITCHER (kb_test_find_type (GTK_WIDGET (page),
                                                                              GTK_TYPE_STACK_SWITCHER)));
  gtk_stack_set_visible_child_name (views, "history");
  kb_test_wait_for (g_list_model_get_n_items (history) >= 1, 10);
  history_view = kb_test_find_widget (GTK_WIDGET (page), match_history_view, history);

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      GtkWidget *order_view;

      g_signal_emit_by_name (history_view, "activate", 0);
      kb_test_wait_for ((order_view = kb_test_find_widget (GTK_WIDGET (page), match_shown_order_view, NULL)) != NULL &&
                        !kb_test_is_shown (history_view), 5);
      g_assert_true (kb_test_press_keys (order_view, keys[i]));
      kb_test_wait_for (kb_test_is_shown (history_view) &&
                        kb_test_find_widget (GTK_WIDGET (page), match_shown_order_view, NULL) == NULL, 5);
    }
}

/* A failed order says why, in the user's language, and keeps the choice. */
static void
test_errors (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) list = numbers (f, 2);
  KbServiceActionsPage *page;
  GListModel *results;
  GtkWidget *label;

  server_order (f, "remove", g_ptr_array_index (list, 0));
  server_order (f, "remove", g_ptr_array_index (list, 1));
  sign_in (f);
  page = open_page (f);
  results = kb_service_actions_page_get_results (page);
  kb_subscribers_set_selection (kb_sync_get_subscribers (sync_of (f)), (const char * const *) list->pdata);

  kb_server_set_fault (f->srv.server, "/api/v1/service-orders", KB_SERVER_FAULT_DISCONNECT);
  answer (ask (page), _("_Add Service"));
  kb_test_wait_for ((label = kb_test_find_label_containing (GTK_WIDGET (page),
                                                            _("The order was not sent: the server could not be "
                                                              "reached. Your choice is kept; send it again when "
                                                              "the connection is back."))) != NULL &&
                    kb_test_is_shown (label), 20);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 0);
  g_assert_cmpint (kb_service_actions_page_get_source (page), ==, KB_SERVICE_ACTIONS_SOURCE_SELECTION);
  assert_no_english (GTK_WIDGET (page));

  kb_server_set_fault (f->srv.server, "/api/v1/service-orders", KB_SERVER_FAULT_STATUS_500);
  answer (ask (page), _("_Add Service"));
  kb_test_wait_for (kb_test_find_label_containing (GTK_WIDGET (page),
                                                   _("The order was not sent: the server had a problem. "
                                                     "Your choice is kept; send it again a little later.")) != NULL,
                    20);
  assert_no_english (GTK_WIDGET (page));

  /* The same choice, sent again when the server is back. */
  kb_server_set_fault (f->srv.server, "/api/v1/service-orders", KB_SERVER_FAULT_NONE);
  answer (ask (page), _("_Add Service"));
  kb_test_wait_for (g_list_model_get_n_items (results) == 2, 20);
  g_assert_true (kb_service_result_get_accepted (result_at (results, 1)));
  g_assert_false (kb_test_is_shown (label));
}

/* The confirmation in the language's plural forms. */
static void
test_plurals (Fixture *f, gconstpointer data)
{
  static const guint counts[] = { 1, 2, 5, 21 };
  /* Russian's three forms, word for word: the catalogue must have them. */
  static const char * const russian_headings[] = {
    "Добавить «" SERVICE_NAME "» для 1 абонента?", "Добавить «" SERVICE_NAME "» для 2 абонентов?",
    "Добавить «" SERVICE_NAME "» для 5 абонентов?", "Добавить «" SERVICE_NAME "» для 21 абонента?",
  };
  static const char * const russian_bodies[] = {
    "В заявке 1 абонент.", "В заявке 2 абонента.", "В заявке 5 абонентов.", "В заявке 21 абонент.",
  };
  g_autoptr(GPtrArray) list = numbers (f, 21);
  KbSubscribers *subscribers;
  KbServiceActionsPage *page;

  sign_in (f);
  subscribers = kb_sync_get_subscribers (sync_of (f));
  page = open_page (f);
  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      g_autoptr(GPtrArray) some = g_ptr_array_new ();
      g_autofree char *count = g_strdup_printf ("%u", counts[i]);
      const char *body = kb_test_ntrf ("The order has %s subscriber.", "The order has %s subscribers.",
                                       counts[i], count);
      AdwMessageDialog *dialog;

      for (guint j = 0; j < counts[i]; j++)
        g_ptr_array_add (some, g_ptr_array_index (list, j));
      g_ptr_array_add (some, NULL);
      kb_subscribers_set_selection (subscribers, (const char * const *) some->pdata);
      dialog = ask (page);
      g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, confirmation (TRUE, counts[i]));
      g_assert_true (g_str_has_prefix (adw_message_dialog_get_body (dialog), body));
      if (russian)
        {
          g_assert_cmpstr (confirmation (TRUE, counts[i]), ==, russian_headings[i]);
          g_assert_cmpstr (body, ==, russian_bodies[i]);
        }
      answer (dialog, _("_Cancel"));
    }
}

static gboolean
match_whole_label (GtkWidget *widget, gconstpointer text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0 &&
         !pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (widget)));
}

/* The service picker shows every service's whole name and its price, and
 * the chosen one whole; a list of numbers gets the height it needs. */
static void
test_picker (Fixture *f, gconstpointer data)
{
  GListModel *services;
  KbServiceActionsPage *page;
  GtkWidget *row, *popover, *check, *view, *scroller;
  KbListImport *import;
  g_autoptr(GString) pasted = g_string_new (NULL);
  guint n;

  sign_in (f);
  page = open_page (f);
  services = kb_service_orders_get_services (kb_sync_get_service_orders (sync_of (f)));
  row = kb_test_find_type (GTK_WIDGET (page), ADW_TYPE_COMBO_ROW);
  n = g_list_model_get_n_items (services);
  g_assert_cmpuint (n, >, 5);

  /* The chosen service, whole, as the row's subtitle. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KbService) service = g_list_model_get_item (services, i);

      adw_combo_row_set_selected (ADW_COMBO_ROW (row), i);
      g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                                kb_service_get_name (service)));
    }

  /* Every item of the list: the whole name, and under it the price. */
  gtk_widget_activate (row);
  kb_test_wait_for ((popover = kb_test_find_type (row, GTK_TYPE_POPOVER)) != NULL &&
                    gtk_widget_get_mapped (popover), 10);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KbService) service = g_list_model_get_item (services, i);
      g_autofree char *fee = kb_money_format (kb_service_get_monthly_fee (service),
                                              kb_service_get_currency (service));
      g_autofree char *price = kb_service_get_monthly_fee (service) == 0
                                 ? g_strdup (_("Free"))
                                 : g_strdup (kb_test_trf ("%s a month", fee));
      GtkListView *list = GTK_LIST_VIEW (kb_test_find_type (popover, GTK_TYPE_LIST_VIEW));

      gtk_widget_activate_action (GTK_WIDGET (list), "list.scroll-to-item", "u", i);
      kb_test_wait_for (kb_test_find_widget (popover, match_whole_label, kb_service_get_name (service)) != NULL,
                        5);
      g_assert_nonnull (kb_test_find_widget (popover, match_whole_label, price));
      if (russian)
        g_assert_false (strstr (price, "month") != NULL || g_str_equal (price, "Free"));
    }
  gtk_popover_popdown (GTK_POPOVER (popover));

  /* Thirty numbers: far more than three rows are in view. */
  check = kb_test_find_type (kb_test_find_row (GTK_WIDGET (page), _("A list of numbers")),
                             GTK_TYPE_CHECK_BUTTON);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  import = KB_LIST_IMPORT (kb_test_find_type (GTK_WIDGET (page), KB_TYPE_LIST_IMPORT));
  for (guint i = 0; i < 30; i++)
    g_string_append_printf (pasted, "+3752910000%02u\n", i);
  kb_list_import_load_text (import, pasted->str);
  kb_test_wait_for (kb_list_import_get_n_rows (import) == 30 && !kb_list_import_get_busy (import), 10);
  view = kb_test_find_type (GTK_WIDGET (import), GTK_TYPE_COLUMN_VIEW);
  scroller = gtk_widget_get_ancestor (view, GTK_TYPE_SCROLLED_WINDOW);
  kb_test_wait_for (gtk_widget_get_height (scroller) >= 400, 10);
}

int
main (int argc, char *argv[])
{
  kb_test_ui_init (&argc, &argv);
  russian = kb_test_in_russian ();

  app = kb_test_application_new ();
  g_settings_set_boolean (kb_application_get_settings (app), "notifications", FALSE);

#define ADD(path, func) g_test_add (path, Fixture, app, kb_test_window_setup, func, kb_test_window_teardown)
  ADD ("/ui-service-actions/current", test_current);
  ADD ("/ui-service-actions/selection", test_selection);
  ADD ("/ui-service-actions/list", test_list);
  ADD ("/ui-service-actions/history", test_history);
  ADD ("/ui-service-actions/plurals", test_plurals);
  ADD ("/ui-service-actions/errors", test_errors);
  ADD ("/ui-service-actions/picker", test_picker);
  ADD ("/ui-service-actions/keyboard", test_keyboard);
#undef ADD

  return kb_test_run_application (&app);
}
