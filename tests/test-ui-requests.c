/* test-ui-requests.c — the operator's requests through the real window, against the
 * in-process reference server: rename a subscriber and see the request's number in the page
 * and in the header bar's Requests list as accepted; move the server's clock and see it done
 * in both places, with a desktop notification (recorded by a fake
 * org.freedesktop.Notifications on the test's session bus) whose action lands on the
 * subscriber; the same for a service order with a rejected row, which ends partially done
 * and lands on the order with its results. Run in English and Russian. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kb-application.h"
#include "kb-rename-page.h"
#include "kb-requests-button.h"
#include "kb-service-actions-page.h"
#include "kb-test-notifications.h"
#include "kb-test-util.h"
#include "kb-test-widgets.h"
#include "kb-test-window.h"
#include "kb-window.h"

static gboolean russian;
static KbApplication *app;

typedef KbTestWindow Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  kb_test_window_open (f, app);
  kb_test_notifications_clear ();
  /* The tests move the server's clock by a day. */
  kb_server_set_token_lifetime (f->srv.server, 30 * G_TIME_SPAN_DAY);
  kb_test_set_server_date (f->srv.server, 2026, 6, 10, 12);
}

static KbSync *
sync_of (Fixture *f)
{
  return kb_session_manager_get_sync (f->manager);
}

static KbRequests *
requests (Fixture *f)
{
  return kb_sync_get_requests (sync_of (f));
}

static KbSubscribers *
subscribers (Fixture *f)
{
  return kb_sync_get_subscribers (sync_of (f));
}

/* Signs in and waits until the events socket is up and the requests have
 * been listed once, so that what follows is news. */
static void
sign_in (Fixture *f)
{
  kb_test_window_sign_in (f, "demo", "demo");
  kb_test_wait_for (kb_feedback_get_push_connected (kb_sync_get_feedback (sync_of (f))), 20);
  kb_test_wait_for (kb_requests_get_fetched_at (requests (f)) != NULL, 20);
}

static KbRequestsButton *
requests_button (Fixture *f)
{
  GtkWidget *button = kb_test_find_type (GTK_WIDGET (f->window), KB_TYPE_REQUESTS_BUTTON);

  g_assert_nonnull (button);
  return KB_REQUESTS_BUTTON (button);
}

static GtkWidget *
requests_list (Fixture *f)
{
  return GTK_WIDGET (kb_requests_button_get_list (requests_button (f)));
}

/* Opens the Requests list, as a click on the header bar's button does. */
static void
open_list (Fixture *f)
{
  kb_requests_button_popup (requests_button (f));
  kb_test_wait_for (gtk_widget_get_mapped (requests_list (f)), 10);
}

static void
close_list (Fixture *f)
{
  GtkWidget *popover = gtk_widget_get_ancestor (requests_list (f), GTK_TYPE_POPOVER);

  gtk_popover_popdown (GTK_POPOVER (popover));
  kb_test_wait_for (!gtk_widget_get_mapped (requests_list (f)), 10);
}

/* The row of the Requests list with @number, if it shows @status. */
static gboolean
list_shows (Fixture *f, const char *number, const char *status)
{
  GtkWidget *list = requests_list (f);
  GtkWidget *label = kb_test_find_label (list, number);
  GtkWidget *row = label != NULL ? gtk_widget_get_ancestor (label, GTK_TYPE_LIST_BOX_ROW) : NULL;

  return row != NULL && kb_test_find_label (row, status) != NULL;
}

/* Counts the labels under @widget, and fails on one in English. */
static guint
check_labels (GtkWidget *widget)
{
  guint n = 0;

  if (GTK_IS_LABEL (widget) && *gtk_label_get_text (GTK_LABEL (widget)) != '\0')
    {
      if (kb_test_has_latin_letters (gtk_label_get_text (GTK_LABEL (widget))))
        g_error ("English left in the Requests list: “%s”", gtk_label_get_text (GTK_LABEL (widget)));
      n++;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += check_labels (child);
  return n;
}

/* In Russian, nothing in the Requests list is left in English: the number,
 * what and for whom, kind and section, status and times of each row. */
static void
assert_list_in_russian (Fixture *f)
{
  if (russian)
    g_assert_cmpuint (check_labels (requests_list (f)), >=, 5);
}

static KbTestNotification *
wait_notification (void)
{
  kb_test_wait_for (kb_test_notifications_get ()->len == 1, 20);
  return g_ptr_array_index (kb_test_notifications_get (), 0);
}

/* A rename: its number in the page and in the Requests list, accepted;
 * done a day later on the server's clock, in place, with a notification
 * whose action opens the subscriber. */
static void
test_rename (Fixture *f, gconstpointer data)
{
  g_autoptr(GDateTime) now = kb_test_date (2026, 6, 10, 12);
  KbSubscriber *subscriber;
  KbOperatorRequest *request;
  KbTestNotification *n;
  GtkWidget *page;
  GtkWidget *name_row;
  g_autofree char *id = NULL;
  g_autofree char *number = NULL;
  g_autofree char *outcome = NULL;

  sign_in (f);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-section", "s", "subscribers");
  kb_test_wait_for (kb_subscribers_get_fetched_at (subscribers (f)) != NULL &&
                    !kb_subscribers_get_refreshing (subscribers (f)), 20);
  subscriber = g_list_model_get_item (kb_subscribers_get_model (subscribers (f)), 2);
  g_object_unref (subscriber);   /* the list keeps it */
  id = g_strdup (kb_subscriber_get_id (subscriber));
  kb_subscribers_set_current (subscribers (f), subscriber);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-section", "s", "rename");
  page = kb_window_get_page (f->window, "rename");
  kb_rename_page_set_now (KB_RENAME_PAGE (page), now);
  name_row = kb_test_find_type (page, ADW_TYPE_ENTRY_ROW);
  gtk_editable_set_text (GTK_EDITABLE (name_row), "Склад, Петров П.");
  g_signal_emit_by_name (kb_test_find_button (page, _("_Rename")), "clicked");

  /* Accepted, with its number, in the page and in the list. */
  kb_test_wait_for ((request = kb_requests_find_for (requests (f), "subscriber", id)) != NULL, 10);
  number = g_strdup (kb_operator_request_get_number (request));
  g_assert_true (g_str_has_prefix (number, "З-2026-"));
  kb_test_wait_for (kb_test_is_shown (kb_test_find_label (page, kb_test_trf ("Request № %s accepted", number))), 10);
  g_assert_nonnull (kb_test_find_label (GTK_WIDGET (requests_button (f)), "1"));
  open_list (f);
  kb_test_wait_for (list_shows (f, number, C_("request status", "Accepted")), 10);
  assert_list_in_russian (f);
  g_assert_cmpuint (kb_test_notifications_get ()->len, ==, 0);

  /* A day later the operator has renamed it: the same line says so. */
  kb_test_set_server_date (f->srv.server, 2026, 6, 11, 13);
  kb_test_wait_for (kb_test_is_shown (kb_test_find_label (page, kb_test_trf ("Request № %s done", number))), 20);
  /* The open list follows in place. */
  kb_test_wait_for (list_shows (f, number, C_("request status", "Done")), 10);
  g_assert_cmpuint (kb_requests_get_unfinished (requests (f)), ==, 0);
  g_assert_null (kb_test_find_label (GTK_WIDGET (requests_button (f)), "1"));
  close_list (f);

  n = wait_notification ();
  outcome = kb_operator_request_dup_outcome (request);
  g_assert_cmpstr (n->summary, ==, kb_test_trf ("%s: request № %s", _("Rename"), number));
  g_assert_cmpstr (n->body, ==, outcome);
  g_assert_nonnull (strstr (n->body, "Склад, Петров П."));
  g_assert_true (g_strv_contains ((const char * const *) n->actions, "default"));

  /* Its action lands on the subscriber, and the notification goes. */
  kb_subscribers_set_current (subscribers (f), NULL);
  kb_test_notification_invoke (n->id, "default");
  kb_test_wait_for (g_strcmp0 (kb_window_get_visible_section (f->window), "subscribers") == 0, 10);
  kb_test_wait_for (kb_subscribers_get_current (subscribers (f)) != NULL &&
                    g_str_equal (kb_subscriber_get_id (kb_subscribers_get_current (subscribers (f))), id), 10);
  kb_test_wait_for (kb_test_notification_was_closed (n->id), 10);
}

/* The numbers of the demo client's first @n subscribers. */
static GPtrArray *
numbers (Fixture *f, guint n)
{
  return kb_test_demo_numbers (f->srv.url, n);
}

/* A service order whose first row is rejected (the service is on): its
 * number under the results, accepted; partially done a few minutes later;
 * the notification says how many rows were rejected and opens the order. */
static void
test_service_order_partly (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) list = numbers (f, 2);
  KbServiceOrders *orders;
  KbServiceActionsPage *page;
  KbServiceOrderView *view;
  GtkWidget *dialog = NULL;
  KbOperatorRequest *request = NULL;
  KbTestNotification *n;
  g_autofree char *number = NULL;
  g_autofree char *body = NULL;

  sign_in (f);
  orders = kb_sync_get_service_orders (sync_of (f));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-section", "s", "service-actions");
  page = KB_SERVICE_ACTIONS_PAGE (kb_window_get_page (f->window, "service-actions"));
  kb_test_wait_for (kb_service_orders_get_fetched_at (orders) != NULL &&
                    g_list_model_get_n_items (kb_service_orders_get_services (orders)) > 0, 20);
  {
    GListModel *services = kb_service_orders_get_services (orders);
    GtkWidget *row = kb_test_find_type (GTK_WIDGET (page), ADW_TYPE_COMBO_ROW);

    for (guint i = 0; i < g_list_model_get_n_items (services); i++)
      {
        g_autoptr(KbService) service = g_list_model_get_item (services, i);

        if (g_str_equal (kb_service_get_code (service), "roaming"))
          adw_combo_row_set_selected (ADW_COMBO_ROW (row), i);
      }
  }
  /* The demo's first subscriber has roaming on; the second has not. */
  {
    g_autofree char *token = kb_test_sign_in_raw (f->srv.url, "demo", "demo");
    g_autofree char *url = g_strconcat (f->srv.url, "/api/v1/service-orders", NULL);
    g_autofree char *on = g_strdup_printf ("{\"action\":\"add\",\"service\":\"roaming\",\"subscribers\":[\"%s\"]}",
                                           (char *) g_ptr_array_index (list, 0));
    g_autofree char *off = g_strdup_printf ("{\"action\":\"remove\",\"service\":\"roaming\",\"subscribers\":[\"%s\"]}",
                                            (char *) g_ptr_array_index (list, 1));
    guint status = 0;
    g_autoptr(JsonNode) a = kb_test_http_json ("POST", url, token, on, &status);
    g_autoptr(JsonNode) b = kb_test_http_json ("POST", url, token, off, &status);
  }
  kb_subscribers_set_selection (subscribers (f), (const char * const *) list->pdata);
  g_signal_emit_by_name (kb_test_find_button (GTK_WIDGET (page), _("_Send Order…")), "clicked");
  kb_test_wait_for ((dialog = kb_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL, 10);
  g_signal_emit_by_name (kb_test_find_button (dialog, _("_Add Service")), "clicked");

  view = kb_service_actions_page_get_results_view (page);
  kb_test_wait_for (g_list_model_get_n_items (kb_service_order_view_get_results (view)) == 2, 20);
  /* The two orders made straight on the server came before: the newest is ours. */
  request = g_list_model_get_item (kb_requests_get_model (requests (f)), 0);
  g_object_unref (request);
  g_assert_cmpint (kb_operator_request_get_kind (request), ==, KB_OPERATOR_REQUEST_KIND_SERVICE_ORDER);
  number = g_strdup (kb_operator_request_get_number (request));
  g_assert_cmpstr (kb_service_order_view_get_request_text (view), ==, kb_test_trf ("Request № %s accepted", number));
  /* One status, the request's: the order's own is not shown beside it. */
  g_assert_null (kb_test_find_label_containing (GTK_WIDGET (view),
                                                kb_test_tr_lead ("Status: %s. %s.")));
  open_list (f);
  kb_test_wait_for (list_shows (f, number, C_("request status", "Accepted")), 10);
  assert_list_in_russian (f);
  close_list (f);

  kb_test_set_server_date (f->srv.server, 2026, 6, 10, 13);
  kb_test_wait_for (g_strcmp0 (kb_service_order_view_get_request_text (view),
                               kb_test_trf ("Request № %s partially done", number)) == 0, 20);
  open_list (f);
  kb_test_wait_for (list_shows (f, number, C_("request status", "Partially done")), 10);
  close_list (f);

  /* Only ours finished unseen from then on: the two made on the server
   * were rejected or done before anyone looked. */
  kb_test_wait_for (kb_test_notifications_get ()->len >= 1, 20);
  n = NULL;
  for (guint i = 0; i < kb_test_notifications_get ()->len; i++)
    {
      KbTestNotification *candidate = g_ptr_array_index (kb_test_notifications_get (), i);

      if (g_str_equal (candidate->summary, kb_test_trf ("%s: request № %s", _("Service order"), number)))
        n = candidate;
    }
  g_assert_nonnull (n);
  body = kb_operator_request_dup_outcome (request);
  g_assert_cmpstr (n->body, ==, body);
  g_assert_cmpstr (n->body, ==, kb_test_ntrf ("Partially done: %s; %u row was rejected.",
                                              "Partially done: %s; %u rows were rejected.", 1,
                                              kb_test_ntrf ("%s: %s, %u subscriber", "%s: %s, %u subscribers", 2,
                                                            _("Adding"), "Международный роуминг", 2),
                                              1));

  /* Its action opens the order in the history, with its results. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-section", "s", "personal-information");
  kb_test_notification_invoke (n->id, "default");
  kb_test_wait_for (g_strcmp0 (kb_window_get_visible_section (f->window), "service-actions") == 0, 10);
  view = kb_service_order_history_get_order_view (kb_service_actions_page_get_history_view (page));
  kb_test_wait_for (g_strcmp0 (kb_service_order_view_get_request_text (view),
                               kb_test_trf ("Request № %s partially done", number)) == 0, 10);
  kb_test_wait_for (g_list_model_get_n_items (kb_service_order_view_get_results (view)) == 2, 20);
  kb_test_wait_for (kb_test_notification_was_closed (n->id), 10);
}

/* A rename by list with a rejected row: a request of its own, which opens
 * the batch in Rename Subscriber's history, row by row. */
static void
test_rename_batch_target (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) list = numbers (f, 1);
  const char *batch_numbers[] = { g_ptr_array_index (list, 0), "+375290000000", NULL };
  const char *names[] = { "Касса", "Никто", NULL };
  KbRenames *renames;
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) done = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KbRenameBatch) batch = NULL;
  KbOperatorRequest *request;
  g_autofree char *target = NULL;
  g_autofree char *summary = NULL;
  GtkWidget *page;

  sign_in (f);
  renames = kb_sync_get_renames (sync_of (f));
  kb_renames_submit_async (renames, batch_numbers, names, NULL, kb_test_on_ready, &result);
  done = kb_test_wait_result (&result);
  batch = kb_renames_submit_finish (renames, done, &error);
  g_assert_no_error (error);

  request = kb_requests_find_for (requests (f), "rename_batch", kb_rename_batch_get_id (batch));
  g_assert_nonnull (request);
  g_assert_cmpint (kb_operator_request_get_kind (request), ==, KB_OPERATOR_REQUEST_KIND_RENAME_BATCH);
  g_assert_cmpuint (kb_operator_request_get_rejected_count (request), ==, 1);
  summary = kb_operator_request_dup_summary (request);
  g_assert_cmpstr (summary, ==, kb_test_ntrf ("%u subscriber", "%u subscribers", 2, 2));

  target = kb_operator_request_dup_section_target (request);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-section", "s", target);
  g_assert_cmpstr (kb_window_get_visible_section (f->window), ==, "rename");
  page = kb_window_get_page (f->window, "rename");
  kb_test_wait_for (g_list_model_get_n_items (kb_rename_page_get_batch_rows (KB_RENAME_PAGE (page))) == 2, 20);
}

int
main (int argc, char *argv[])
{
  kb_test_ui_init (&argc, &argv);
  russian = kb_test_in_russian ();
  kb_test_notifications_start ();

  app = kb_test_application_new ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, kb_test_window_teardown)
  ADD ("/ui-requests/rename", test_rename);
  ADD ("/ui-requests/service-order-partly", test_service_order_partly);
  ADD ("/ui-requests/rename-batch-target", test_rename_batch_target);
#undef ADD

  return kb_test_run_application (&app);
}
