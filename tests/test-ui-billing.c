/* test-ui-billing.c — the billing sections in the real window under Xvfb, against the
 * in-process reference server, in English and in Russian: the values on screen are
 * the server's; every form refuses bad input with a sentence and keeps what was
 * typed; the invoice rule holds on the 1st, 3rd and 4th by the server's clock; the
 * CSV export is what a Russian spreadsheet reads. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "kb-application.h"
#include "kb-billing-format.h"
#include "kb-date-picker.h"
#include "kb-delivery-dialog.h"
#include "kb-format.h"
#include "kb-invoice-email-dialog.h"
#include "kb-invoices-page.h"
#include "kb-personal-page.h"
#include "kb-sync-billing.h"
#include "kb-money.h"
#include "kb-phone-number.h"
#include "kb-payment-dialog.h"
#include "kb-payment.h"
#include "kb-payments-page.h"
#include "kb-requests.h"
#include "kb-server.h"
#include "kb-test-util.h"
#include "kb-test-widgets.h"
#include "kb-test-window.h"
#include "kb-window.h"

static gboolean russian;
static KbApplication *app;

/* The shared window fixture, and the demo client's own token for asking
 * the server directly what it holds. */
typedef struct {
  KbTestWindow w;
  char *token;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  kb_test_window_open (&f->w, app);
  /* set_server_day() may move the clock days ahead of the token: the 10th
   * while today is the 5th. */
  kb_server_set_token_lifetime (f->w.srv.server, 365 * G_TIME_SPAN_DAY);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  kb_test_window_close (&f->w);
  g_clear_pointer (&f->token, g_free);
}

static GtkWidget *
root (Fixture *f)
{
  return GTK_WIDGET (f->w.window);
}

static void
sign_in (Fixture *f, const char *login, const char *password)
{
  kb_test_window_sign_in (&f->w, login, password);
  f->token = kb_test_sign_in_raw (f->w.srv.url, login, password);
}

static JsonObject *
server_get (Fixture *f, const char *path, JsonNode **keep)
{
  g_autofree char *url = g_strconcat (f->w.srv.url, "/api/v1", path, NULL);
  guint status = 0;

  *keep = kb_test_http_json ("GET", url, f->token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  return json_node_get_object (*keep);
}

static GtkWidget *
show_section (Fixture *f, const char *id)
{
  gtk_widget_activate_action (root (f), "win.show-section", "s", id);
  g_assert_cmpstr (kb_window_get_visible_section (f->w.window), ==, id);
  return kb_window_get_page (f->w.window, id);
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
  kb_test_wait_for (kb_test_is_shown (kb_test_find_label_containing (page, _("Monthly payments in total"))), 15);
  kb_test_wait_for (kb_test_find_row (page, json_object_get_string_member (json_array_get_object_element (array, 0), "equipment")) != NULL, 15);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *item = json_array_get_object_element (array, i);
      GtkWidget *row = NULL;
      g_autofree char *total = money_of (item, "total");
      g_autofree char *monthly_one = money_of (item, "monthly_payment");
      g_autofree char *remaining = money_of (item, "remaining");
      g_autofree char *left = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (item, "payments_left"));
      g_autofree char *payoff = kb_format_iso_date (json_object_get_string_member (item, "payoff_on"));
      g_autofree char *paid = kb_money_format (json_object_get_int_member (json_object_get_object_member (item, "total"), "amount_minor") -
                                               json_object_get_int_member (json_object_get_object_member (item, "remaining"), "amount_minor"),
                                               "BYN");
      g_autofree char *number = kb_phone_number_format (json_object_get_string_member (item, "number"));
      GtkWidget *group = NULL;

      /* Under its subscriber's number, written the way people read it. */
      g_assert_true (g_str_has_prefix (number, "+375 "));
      group = find_group (page, number);
      g_assert_nonnull (group);
      row = kb_test_find_row (group, json_object_get_string_member (item, "equipment"));
      g_assert_nonnull (row);
      g_assert_true (kb_test_is_shown (row));
      g_assert_nonnull (kb_test_find_label (row, total));
      g_assert_nonnull (kb_test_find_label (row, remaining));
      g_assert_nonnull (kb_test_find_label (row, monthly_one));
      g_assert_nonnull (kb_test_find_label (row, left));
      g_assert_nonnull (kb_test_find_label (row, payoff));
      g_assert_nonnull (kb_test_find_label (row, paid));
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

  g_assert_true (kb_server_add_client (f->w.srv.server, "empty", "empty", &error));
  g_assert_no_error (error);
  sign_in (f, "empty", "empty");
  page = show_section (f, "installments");
  kb_test_wait_for (kb_test_is_shown (find_status_page (page, _("No Installments"))), 15);
  g_assert_false (kb_test_is_shown (kb_test_find_type (page, GTK_TYPE_PROGRESS_BAR)));
}

/* Payments */

static char *
today_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

static JsonObject *
server_payments_this_year (Fixture *f, JsonNode **keep)
{
  g_autofree char *today = today_iso ();
  g_autofree char *path = g_strdup_printf ("/payments?from=%.4s-01-01&to=%s", today, today);

  return server_get (f, path, keep);
}

static GtkWidget *
show_payments_this_year (Fixture *f, guint expected)
{
  GtkWidget *page = show_section (f, "payments");
  GListModel *model = kb_payments_page_get_model (KB_PAYMENTS_PAGE (page));
  GtkWidget *dropdown = kb_test_find_type (page, GTK_TYPE_DROP_DOWN);

  g_assert_nonnull (dropdown);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), 2);
  kb_test_wait_for (g_list_model_get_n_items (model) == expected &&
                    kb_test_is_shown (kb_test_find_type (page, GTK_TYPE_COLUMN_VIEW)), 15);
  return page;
}

static void
test_payments (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) keep = NULL;
  JsonObject *server;
  JsonArray *array;
  GtkWidget *page, *view, *dropdown, *message;
  GListModel *model;
  g_autofree char *total = NULL;
  g_autofree char *first_amount = NULL;
  GListModel *columns;

  sign_in (f, "demo", "demo");
  server = server_payments_this_year (f, &keep);
  array = json_object_get_array_member (server, "payments");
  g_assert_cmpuint (json_array_get_length (array), >, 0);

  page = show_payments_this_year (f, json_array_get_length (array));
  model = kb_payments_page_get_model (KB_PAYMENTS_PAGE (page));

  /* The server's payments, newest first, and its total on screen. */
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(KbPayment) payment = g_list_model_get_item (model, i);
      JsonObject *expected = json_array_get_object_element (array, i);

      g_assert_cmpstr (kb_payment_get_id (payment), ==, json_object_get_string_member (expected, "id"));
      g_assert_cmpint (kb_payment_get_amount (payment), ==,
                       json_object_get_int_member (json_object_get_object_member (expected, "amount"), "amount_minor"));
    }
  /* The total is of confirmed payments, and its label says so; the others
   * are summed on a line of their own. */
  {
    gint64 confirmed = 0, unconfirmed = 0;
    g_autofree char *unconfirmed_text = NULL;
    g_autofree char *unconfirmed_sum = NULL;

    for (guint i = 0; i < json_array_get_length (array); i++)
      {
        JsonObject *payment = json_array_get_object_element (array, i);
        gint64 amount = json_object_get_int_member (json_object_get_object_member (payment, "amount"), "amount_minor");

        if (g_str_equal (json_object_get_string_member (payment, "status"), "confirmed"))
          confirmed += amount;
        else
          unconfirmed += amount;
      }
    total = kb_money_format (confirmed, "BYN");
    kb_test_wait_for (kb_test_is_shown (kb_test_find_label (page, total)), 10);
    g_assert_true (kb_test_is_shown (kb_test_find_label (page, _("Total for the period (confirmed)"))));
    unconfirmed_sum = kb_money_format (unconfirmed, "BYN");
    unconfirmed_text = g_strdup_printf (_("Unconfirmed: %s"), unconfirmed_sum);
    g_assert_true (kb_test_is_shown (kb_test_find_label (page, unconfirmed_text)) == (unconfirmed != 0));
  }
  first_amount = money_of (json_array_get_object_element (array, 0), "amount");
  g_assert_nonnull (kb_test_find_label (page, first_amount));
  g_assert_nonnull (kb_test_find_label (page, json_object_get_string_member (json_array_get_object_element (array, 0), "order_number")));

  /* Sorting by amount, as a click on the column header does. */
  view = kb_test_find_type (page, GTK_TYPE_COLUMN_VIEW);
  columns = gtk_column_view_get_columns (GTK_COLUMN_VIEW (view));
  {
    g_autoptr(GtkColumnViewColumn) amount_column = g_list_model_get_item (columns, 1);

    g_assert_cmpstr (gtk_column_view_column_get_title (amount_column), ==, _("Amount"));
    gtk_column_view_sort_by_column (GTK_COLUMN_VIEW (view), amount_column, GTK_SORT_ASCENDING);
  }
  for (guint i = 1; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(KbPayment) a = g_list_model_get_item (model, i - 1);
      g_autoptr(KbPayment) b = g_list_model_get_item (model, i);

      g_assert_cmpint (kb_payment_get_amount (a), <=, kb_payment_get_amount (b));
    }

  /* A backwards custom range is refused with a sentence; the list stays. */
  dropdown = kb_test_find_type (page, GTK_TYPE_DROP_DOWN);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), 3);
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autoptr(GDateTime) later = g_date_time_add_days (now, 1);
    GtkWidget *from = kb_test_find_type (page, KB_TYPE_DATE_PICKER);

    g_assert_true (kb_test_is_shown (gtk_widget_get_ancestor (from, GTK_TYPE_MENU_BUTTON)));
    kb_date_picker_select_day (KB_DATE_PICKER (from), later);
    message = kb_test_find_label_containing (page, _("The start of the period is after its end. "
                                                        "Choose the dates again."));
    g_assert_true (kb_test_is_shown (message));
  }
}

static void
test_payments_export (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) keep = NULL;
  JsonArray *array;
  GtkWidget *page;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "kabinet-export-test.csv", NULL);
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) done = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *header = NULL;
  g_auto(GStrv) lines = NULL;
  gsize length = 0;

  sign_in (f, "demo", "demo");
  array = json_object_get_array_member (server_payments_this_year (f, &keep), "payments");
  page = show_payments_this_year (f, json_array_get_length (array));

  file = g_file_new_for_path (path);
  kb_payments_page_export_async (KB_PAYMENTS_PAGE (page), file, NULL, kb_test_on_ready, &result);
  done = kb_test_wait_result (&result);
  g_assert_true (kb_payments_page_export_finish (KB_PAYMENTS_PAGE (page), done, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_unlink (path);

  /* UTF-8 with a byte-order mark, CRLF, ";" between fields. */
  g_assert_true (g_str_has_prefix (contents, "\xEF\xBB\xBF"));
  g_assert_true (g_utf8_validate (contents, (gssize) length, NULL));
  lines = g_strsplit (contents + 3, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, json_array_get_length (array) + 2);
  g_assert_cmpstr (lines[g_strv_length (lines) - 1], ==, "");
  header = g_strjoin (";", _("Date"), _("Amount"), _("Currency"), _("Payment order"), _("Purpose"), _("Status"),
                      NULL);
  g_assert_cmpstr (lines[0], ==, header);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *payment = json_array_get_object_element (array, i);
      gint64 amount = json_object_get_int_member (json_object_get_object_member (payment, "amount"), "amount_minor");
      const char *status = json_object_get_string_member (payment, "status");
      g_autofree char *expected = NULL;

      g_assert_null (strchr (json_object_get_string_member (payment, "purpose"), ';'));
      expected = g_strdup_printf ("%s;%s%" G_GINT64_FORMAT "%s%02d;BYN;%s;%s;%s",
                                  json_object_get_string_member (payment, "date"),
                                  amount < 0 ? "-" : "", ABS (amount) / 100, C_("money", "."), (int) (ABS (amount) % 100),
                                  json_object_get_string_member (payment, "order_number"),
                                  json_object_get_string_member (payment, "purpose"),
                                  g_str_equal (status, "confirmed") ? C_("payment", "Confirmed")
                                                                    : C_("payment", "Unconfirmed"));
      g_assert_cmpstr (lines[i + 1], ==, expected);
    }
}

static GtkWidget *
open_payment_dialog (Fixture *f, GtkWidget *page)
{
  GtkWidget *dialog;

  g_signal_emit_by_name (kb_test_find_button (page, _("_Register Payment…")), "clicked");
  kb_test_wait_for ((dialog = kb_test_find_toplevel (KB_TYPE_PAYMENT_DIALOG)) != NULL &&
                    gtk_widget_get_mapped (dialog), 10);
  return dialog;
}

static void
submit (GtkWidget *dialog)
{
  g_signal_emit_by_name (kb_test_find_button (dialog, _("_Register")), "clicked");
}

static void
assert_form_error (GtkWidget *dialog, const char *row_title, const char *message)
{
  GtkWidget *label = kb_test_find_label_containing (dialog, message);

  g_assert_nonnull (label);
  g_assert_true (kb_test_is_shown (label));
  if (row_title != NULL)
    g_assert_true (gtk_widget_has_css_class (kb_test_find_row (dialog, row_title), "error"));
  g_assert_true (kb_test_find_toplevel (KB_TYPE_PAYMENT_DIALOG) == dialog);
}

/* Operator's requests */

/* The page shows the newest request about @target_type (made just now) in
 * its own line, accepted, with its number and what it is about; once the server's clock has
 * moved a day on, the same line says done, in place. */
static void
assert_request_followed (Fixture *f, GtkWidget *page, const char *target_type)
{
  KbRequests *requests = kb_sync_get_requests (kb_session_manager_get_sync (f->w.manager));
  g_autoptr(GDateTime) now = kb_server_dup_now (f->w.srv.server);
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 1);
  KbOperatorRequest *request;
  GtkWidget *line;
  g_autofree char *number = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *accepted = NULL;
  g_autofree char *done = NULL;

  kb_test_wait_for ((request = kb_requests_find_for (requests, target_type, NULL)) != NULL, 10);
  number = g_strdup (kb_operator_request_get_number (request));
  g_assert_true (g_str_has_prefix (number, "З-"));
  summary = kb_operator_request_dup_summary (request);
  accepted = g_strdup_printf ("%s · %s", kb_test_trf ("Request № %s accepted", number), summary);
  done = g_strdup_printf ("%s · %s", kb_test_trf ("Request № %s done", number), summary);
  kb_test_wait_for ((line = kb_test_find_label (page, accepted)) != NULL &&
                    kb_test_is_shown (line), 10);
  g_assert_false (gtk_widget_has_css_class (line, "success"));

  kb_server_set_now (f->w.srv.server, later);
  kb_test_wait_for (g_strcmp0 (gtk_label_get_text (GTK_LABEL (line)), done) == 0, 20);
  g_assert_true (kb_test_is_shown (line));
  g_assert_true (gtk_widget_has_css_class (line, "success"));
}

static void
test_register_payment (Fixture *f, gconstpointer data)
{
  const char *amount_title = _("Amount, BYN");
  const char *order_title = _("Payment order number");
  const char *purpose_title = _("Purpose of payment");
  const char *date_title = _("Payment date");
  g_autoptr(JsonNode) keep = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  GtkWidget *page, *dialog, *calendar;
  JsonArray *array;
  GListModel *model;
  guint registered = 0;
  g_autofree char *amount_text = NULL;
  /* Amounts typed in the UI's language, with the catalogue's separators. */
  g_autofree char *three_decimals = g_strconcat ("12", C_("money", "."), "345", NULL);
  g_autofree char *good_amount = g_strconcat ("1", C_("money", ","), "234", C_("money", "."), "56", NULL);

  sign_in (f, "demo", "demo");
  array = json_object_get_array_member (server_payments_this_year (f, &keep), "payments");
  page = show_payments_this_year (f, json_array_get_length (array));
  model = kb_payments_page_get_model (KB_PAYMENTS_PAGE (page));
  dialog = open_payment_dialog (f, page);

  /* Nothing typed. */
  submit (dialog);
  assert_form_error (dialog, amount_title, _("Enter the amount of the payment."));

  /* Three decimals, letters, zero. */
  kb_test_type_into (dialog, amount_title, three_decimals);
  submit (dialog);
  assert_form_error (dialog, amount_title, _("The amount can have at most two decimals (kopecks)."));
  kb_test_type_into (dialog, amount_title, "12a");
  submit (dialog);
  assert_form_error (dialog, amount_title, kb_test_tr_lead ("The amount must be a number, such as %s."));
  kb_test_type_into (dialog, amount_title, "0");
  submit (dialog);
  assert_form_error (dialog, amount_title, _("The amount must be greater than zero."));
  /* Below zero is not "not a number"; a corrected amount takes the sentence away at once. */
  kb_test_type_into (dialog, amount_title, "-500");
  submit (dialog);
  assert_form_error (dialog, amount_title, _("The amount must be greater than zero."));
  g_assert_null (kb_test_find_label_containing (dialog, kb_test_tr_lead ("The amount must be a number, such as %s.")));
  kb_test_type_into (dialog, amount_title, "−5");
  g_assert_true (kb_test_is_shown (kb_test_find_label_containing (dialog, _("The amount must be greater than zero."))));
  kb_test_type_into (dialog, amount_title, "500");
  g_assert_false (kb_test_is_shown (kb_test_find_label_containing (dialog, _("The amount must be greater than zero."))));

  /* A good amount in the user's locale; no payment order yet. */
  kb_test_type_into (dialog, amount_title, good_amount);
  submit (dialog);
  assert_form_error (dialog, order_title, _("Enter the number of the payment order."));
  g_assert_false (gtk_widget_has_css_class (kb_test_find_row (dialog, amount_title), "error"));
  kb_test_type_into (dialog, order_title, "123456789012345678901");
  submit (dialog);
  assert_form_error (dialog, order_title, kb_test_ntrf ("The payment order number can be at most %d character long.",
                                                           "The payment order number can be at most %d characters long.",
                                                           20, 20));
  kb_test_type_into (dialog, order_title, "777");
  submit (dialog);
  assert_form_error (dialog, purpose_title, _("Enter the purpose of the payment."));
  kb_test_type_into (dialog, purpose_title, "Оплата услуг связи, тест");

  /* A date in the future. */
  calendar = kb_test_find_type (dialog, KB_TYPE_DATE_PICKER);
  kb_date_picker_select_day (KB_DATE_PICKER (calendar), tomorrow);
  submit (dialog);
  assert_form_error (dialog, date_title, _("The payment date cannot be in the future."));
  kb_date_picker_select_day (KB_DATE_PICKER (calendar), now);
  g_assert_false (kb_test_is_shown (kb_test_find_label_containing (dialog, _("The payment date cannot be in the future."))));

  /* The server fails: its sentence, and everything typed is still there. */
  kb_api_client_set_max_retries (kb_sync_get_api (kb_session_manager_get_sync (f->w.manager)), 0);
  kb_server_set_fault (f->w.srv.server, "/api/v1/payments/unconfirmed", KB_SERVER_FAULT_STATUS_500);
  submit (dialog);
  kb_test_wait_for (kb_test_is_shown (kb_test_find_label_containing (dialog, _("The server had a problem. Please try again later."))), 15);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (kb_test_find_row (dialog, amount_title))), ==, good_amount);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (kb_test_find_row (dialog, order_title))), ==, "777");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (kb_test_find_row (dialog, purpose_title))), ==, "Оплата услуг связи, тест");
  assert_no_english (dialog, NULL);

  /* Sent again: registered once, shown as unconfirmed in the history. */
  kb_server_set_fault (f->w.srv.server, "/api/v1/payments/unconfirmed", KB_SERVER_FAULT_NONE);
  submit (dialog);
  kb_test_wait_for (kb_test_find_toplevel (KB_TYPE_PAYMENT_DIALOG) == NULL, 15);
  kb_test_wait_for (g_list_model_get_n_items (model) == json_array_get_length (array) + 1, 15);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(KbPayment) payment = g_list_model_get_item (model, i);

      if (g_str_equal (kb_payment_get_order_number (payment), "777"))
        {
          g_assert_cmpint (kb_payment_get_amount (payment), ==, 123456);
          g_assert_cmpint (kb_payment_get_status (payment), ==, KB_PAYMENT_STATUS_UNCONFIRMED);
          registered++;
        }
    }
  g_assert_cmpuint (registered, ==, 1);
  amount_text = kb_money_format (123456, "BYN");
  kb_test_wait_for (kb_test_is_shown (kb_test_find_label (page, amount_text)), 10);
  g_assert_nonnull (kb_test_find_label (page, C_("payment", "Unconfirmed")));
  /* The payment's request above the list, followed until it is confirmed. */
  assert_request_followed (f, page, "payment");

  registered = 0;
  array = json_object_get_array_member (server_payments_this_year (f, &after), "payments");
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (array, i), "order_number"), "777"))
      registered++;
  g_assert_cmpuint (registered, ==, 1);
}

/* Invoices */

static void
set_server_day (Fixture *f, int day)
{
  kb_test_set_server_day (f->w.srv.server, day);
}

static gboolean
match_tooltip_prefix (GtkWidget *widget, gconstpointer prefix)
{
  const char *tooltip = gtk_widget_get_tooltip_text (widget);

  return (GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget)) && tooltip != NULL &&
         g_str_has_prefix (tooltip, prefix);
}

static GtkWidget *
email_button (GtkWidget *page)
{
  return kb_test_find_widget (page, match_tooltip_prefix, kb_test_tr_lead ("Order the invoice for %s by e-mail"));
}

static GtkWidget *
closed_label (GtkWidget *page)
{
  return kb_test_find_label (page, _("Invoices Are Being Generated"));
}

static GtkWidget *
show_invoices_open (Fixture *f, int day)
{
  GtkWidget *page;

  set_server_day (f, day);
  page = show_section (f, "invoices");
  gtk_widget_activate_action (root (f), "win.refresh", NULL);
  kb_test_wait_for (kb_test_is_shown (email_button (page)) && !kb_test_is_shown (closed_label (page)), 15);
  return page;
}

static void
test_invoices (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) keep = NULL;
  JsonArray *array;
  GtkWidget *page;

  sign_in (f, "demo", "demo");
  page = show_invoices_open (f, 10);
  array = json_object_get_array_member (server_get (f, "/invoices", &keep), "invoices");
  g_assert_cmpuint (json_array_get_length (array), >, 0);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *invoice = json_array_get_object_element (array, i);
      g_autofree char *period = kb_format_period (json_object_get_string_member (invoice, "period"));
      g_autofree char *amount = money_of (invoice, "amount");
      KbInvoiceStatus status = kb_enum_from_nick (KB_TYPE_INVOICE_STATUS,
                                                  json_object_get_string_member (invoice, "status"),
                                                  KB_INVOICE_STATUS_UNKNOWN);
      GtkWidget *row = kb_test_find_row (page, period);

      g_assert_nonnull (row);
      g_assert_nonnull (kb_test_find_label (row, amount));
      g_assert_nonnull (kb_test_find_label (row, kb_invoice_status_to_display (status)));
      g_assert_nonnull (kb_test_find_label_containing (row, json_object_get_string_member (invoice, "number")));
      g_assert_nonnull (email_button (row));

      /* The row's title stands alone («Ноябрь 2026»); inside a sentence the
       * month is lowercase («Заказать счёт за ноябрь 2026 …»). */
      {
        g_autofree char *in_sentence = kb_format_period_in_sentence (json_object_get_string_member (invoice, "period"));
        g_autofree char *tooltip = g_strdup_printf (_("Order the invoice for %s by e-mail"), in_sentence);

        g_assert_cmpstr (gtk_widget_get_tooltip_text (email_button (row)), ==, tooltip);
        if (russian)
          {
            g_assert_true (g_unichar_isupper (g_utf8_get_char (period)));
            g_assert_true (g_unichar_islower (g_utf8_get_char (in_sentence)));
            g_assert_null (strstr (tooltip, period));
          }
      }
    }

  /* The delivery row says where invoices go now (the demo: by e-mail). */
  kb_test_wait_for (kb_test_find_label_containing (page, "buh@beltechservice.by") != NULL, 15);
  assert_no_english (page, NULL);
}

/* The rule at its edges, by the server's clock: closed on the 1st and the
 * 3rd with the day it reopens, open on the 4th. */
static void
test_invoice_rule (Fixture *f, gconstpointer data)
{
  static const int days[] = { 1, 3, 4, 3 };
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDate) fourth = g_date_new_dmy (4, (GDateMonth) g_date_time_get_month (now),
                                            (GDateYear) g_date_time_get_year (now));
  g_autofree char *reopens = kb_format_local_date (fourth);
  GtkWidget *page;

  sign_in (f, "demo", "demo");
  page = show_invoices_open (f, 10);

  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    {
      gboolean open = days[i] > 3;

      set_server_day (f, days[i]);
      gtk_widget_activate_action (root (f), "win.refresh", NULL);
      kb_test_wait_for (kb_test_is_shown (closed_label (page)) == !open &&
                        kb_test_is_shown (email_button (page)) == open, 15);
      if (!open)
        {
          GtkWidget *explanation = kb_test_find_label_containing (page, reopens);

          g_assert_nonnull (explanation);
          g_assert_true (kb_test_is_shown (explanation));
          g_assert_nonnull (kb_test_find_label_containing (page, kb_test_tr_lead (
            "From the 1st to the 3rd of each month invoices for communication services are being generated, so "
            "they cannot be ordered by e-mail. Ordering is possible again from %s. You can still download "
            "invoices.")));
        }
      /* Downloading stays possible. */
      g_assert_true (kb_test_is_shown (kb_test_find_widget (page, match_tooltip_prefix,
                                                            kb_test_tr_lead ("Download the invoice for %s"))));
    }
}

static GtkWidget *
open_email_dialog (GtkWidget *page)
{
  GtkWidget *dialog;

  g_signal_emit_by_name (email_button (page), "clicked");
  kb_test_wait_for ((dialog = kb_test_find_toplevel (KB_TYPE_INVOICE_EMAIL_DIALOG)) != NULL &&
                    gtk_widget_get_mapped (dialog), 10);
  return dialog;
}

static void
test_invoice_email (Fixture *f, gconstpointer data)
{
  const char *email_title = _("E-mail address");
  GtkWidget *page, *dialog, *row, *toast;

  sign_in (f, "demo", "demo");
  page = show_invoices_open (f, 10);
  dialog = open_email_dialog (page);

  /* The title wraps rather than being cut («Заказ счёта по электронн…»). */
  {
    GtkWidget *title = kb_test_find_label (dialog, _("Order Invoice by E-mail"));

    g_assert_nonnull (title);
    g_assert_true (kb_test_is_shown (title));
    g_assert_cmpint (gtk_label_get_ellipsize (GTK_LABEL (title)), ==, PANGO_ELLIPSIZE_NONE);
    g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (title))));
    g_assert_cmpint (gtk_widget_get_width (title), <=, gtk_widget_get_width (dialog));
  }

  /* The sentence names the month in lowercase in Russian. */
  {
    KbInvoice *invoice = g_object_get_data (G_OBJECT (email_button (page)), "kb-invoice");
    g_autofree char *period = kb_format_period (kb_invoice_get_period (invoice));
    g_autofree char *in_sentence = kb_format_period_in_sentence (kb_invoice_get_period (invoice));

    g_assert_nonnull (kb_test_find_label_containing (dialog, in_sentence));
    if (russian)
      g_assert_null (kb_test_find_label_containing (dialog, period));
  }

  /* Prefilled from the profile. */
  row = kb_test_find_row (dialog, email_title);
  kb_test_wait_for (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row)), "buh@beltechservice.by") == 0, 10);

  gtk_editable_set_text (GTK_EDITABLE (row), "  ");
  g_signal_emit_by_name (kb_test_find_button (dialog, _("_Send")), "clicked");
  g_assert_true (kb_test_is_shown (kb_test_find_label_containing (dialog, _("Enter the e-mail address to send the invoice to."))));
  g_assert_true (gtk_widget_has_css_class (row, "error"));

  gtk_editable_set_text (GTK_EDITABLE (row), "buh@example");
  g_signal_emit_by_name (kb_test_find_button (dialog, _("_Send")), "clicked");
  g_assert_true (kb_test_is_shown (kb_test_find_label_containing (dialog, _("This is not a valid e-mail address. It should look like buh@example.by."))));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "buh@example");
  assert_no_english (dialog, (const char * const []) { "buh@example", NULL });

  /* Ordering closes while the form is open: the server's refusal, the text kept, the page updated. */
  set_server_day (f, 2);
  gtk_editable_set_text (GTK_EDITABLE (row), "office@example.by");
  g_signal_emit_by_name (kb_test_find_button (dialog, _("_Send")), "clicked");
  kb_test_wait_for (kb_test_is_shown (kb_test_find_label_containing (dialog, _("Invoices are not ordered from the 1st to the 3rd of the month, "
                                                                                       "while they are being generated."))), 15);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "office@example.by");
  kb_test_wait_for (kb_test_is_shown (closed_label (page)), 15);

  /* The file's format is picked in the form: the three, PDF first. */
  {
    GtkWidget *format_row = kb_test_find_row (dialog, _("File format"));
    GListModel *formats;

    g_assert_true (ADW_IS_COMBO_ROW (format_row));
    g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (format_row)), ==, KB_INVOICE_FORMAT_PDF);
    formats = adw_combo_row_get_model (ADW_COMBO_ROW (format_row));
    g_assert_cmpuint (g_list_model_get_n_items (formats), ==, 3);
    for (guint i = 0; i < 3; i++)
      g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (formats), i), ==,
                       kb_invoice_format_to_display ((KbInvoiceFormat) i));
    if (russian)
      g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (formats), 2), ==, "Текст (TXT)");
    adw_combo_row_set_selected (ADW_COMBO_ROW (format_row), KB_INVOICE_FORMAT_TXT);
  }

  /* Open again: sent, and the toast names the address. */
  set_server_day (f, 4);
  g_signal_emit_by_name (kb_test_find_button (dialog, _("_Send")), "clicked");
  kb_test_wait_for (kb_test_find_toplevel (KB_TYPE_INVOICE_EMAIL_DIALOG) == NULL, 15);
  kb_test_wait_for ((toast = kb_test_find_label_containing (root (f), "office@example.by")) != NULL &&
                    kb_test_is_shown (toast), 10);
  /* The invoice's request under the invoices, followed until it is sent. */
  assert_request_followed (f, page, "invoice");
}

/* The save dialog that has just been asked for: its folder and suggested name. */
static GtkWidget *wait_save_dialog (const char *folder, const char *name);
static char *expected_save_folder (void);

/* Each format from the row's download menu: the save dialog suggests the
 * format's extension, and the file saved is that kind of file. */
static void
test_invoice_download (Fixture *f, gconstpointer data)
{
  static const char * const magic[] = { "%PDF-", "PK", "СЧЁТ-ФАКТУРА" };
  g_autofree char *folder = expected_save_folder ();
  g_autofree char *number = NULL;
  GtkWidget *page, *button;
  GMenuModel *menu;
  KbInvoice *invoice;

  sign_in (f, "demo", "demo");
  page = show_invoices_open (f, 10);
  button = kb_test_find_widget (page, match_tooltip_prefix, kb_test_tr_lead ("Download the invoice for %s"));
  g_assert_true (GTK_IS_MENU_BUTTON (button));
  invoice = g_object_get_data (G_OBJECT (button), "kb-invoice");
  number = g_strdup (kb_invoice_get_number (invoice));
  g_strdelimit (number, "/", '-');
  menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button));
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, 3);

  for (KbInvoiceFormat format = KB_INVOICE_FORMAT_PDF; format <= KB_INVOICE_FORMAT_TXT; format++)
    {
      const char *extension = kb_enum_to_nick (KB_TYPE_INVOICE_FORMAT, format);
      g_autofree char *label = NULL;
      g_autofree char *action = NULL;
      g_autoptr(GVariant) target = NULL;
      g_autofree char *name = g_strdup_printf (_("Invoice %s.%s"), number, extension);
      g_autofree char *saved = g_strdup_printf (_("Invoice saved to “%s”"), name);
      g_autofree char *path = g_build_filename (folder, name, NULL);
      g_autofree char *contents = NULL;
      g_autoptr(GError) error = NULL;
      GtkWidget *dialog, *toast;
      gsize length;

      g_test_message ("format %s", extension);
      g_assert_true (g_menu_model_get_item_attribute (menu, format, G_MENU_ATTRIBUTE_LABEL, "s", &label));
      g_assert_cmpstr (label, ==, kb_invoice_format_to_display (format));
      if (russian)
        g_assert_cmpstr (label, ==, ((const char * const []) { "PDF", "Excel (XLSX)", "Текст (TXT)" })[format]);
      g_assert_true (g_menu_model_get_item_attribute (menu, format, G_MENU_ATTRIBUTE_ACTION, "s", &action));
      target = g_menu_model_get_item_attribute_value (menu, format, G_MENU_ATTRIBUTE_TARGET, G_VARIANT_TYPE ("(ss)"));
      g_assert_nonnull (target);

      g_assert_true (gtk_widget_activate_action_variant (button, action, target));
      dialog = wait_save_dialog (folder, name);
      gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
      kb_test_wait_for ((toast = kb_test_find_label_containing (root (f), saved)) != NULL &&
                        kb_test_is_shown (toast), 15);
      kb_test_wait_for (kb_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG) == NULL, 10);

      g_assert_true (g_file_get_contents (path, &contents, &length, &error));
      g_assert_no_error (error);
      g_unlink (path);
      g_assert_true (g_str_has_prefix (contents, magic[format]));
      if (format == KB_INVOICE_FORMAT_TXT)
        {
          g_assert_true (g_utf8_validate (contents, (gssize) length, NULL));
          g_assert_nonnull (strstr (contents, kb_invoice_get_number (invoice)));
        }
    }
}

/* Personal Information: delivery */

static GtkWidget *
open_delivery_dialog (GtkWidget *page)
{
  GtkWidget *dialog;

  g_signal_emit_by_name (kb_test_find_button (page, _("_Change…")), "clicked");
  kb_test_wait_for ((dialog = kb_test_find_toplevel (KB_TYPE_DELIVERY_DIALOG)) != NULL &&
                    gtk_widget_get_mapped (dialog), 10);
  return dialog;
}

/* «Изменить…» on Invoices opens the delivery form over Invoices, which stays shown. */
static void
test_delivery_in_place (Fixture *f, gconstpointer data)
{
  GtkWidget *page, *dialog;

  sign_in (f, "demo", "demo");
  page = show_invoices_open (f, 10);
  /* The form may open before the profile is read: it fills itself when
   * the profile comes. */
  g_signal_emit_by_name (kb_test_find_button (page, _("_Change…")), "clicked");
  kb_test_wait_for ((dialog = kb_test_find_toplevel (KB_TYPE_DELIVERY_DIALOG)) != NULL &&
                    gtk_widget_get_mapped (dialog), 10);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (f->w.window));
  g_assert_cmpstr (kb_window_get_visible_section (f->w.window), ==, "invoices");
  g_assert_true (kb_test_is_shown (page));
  kb_test_wait_for (g_str_equal (gtk_editable_get_text (GTK_EDITABLE (kb_test_find_row (dialog, _("E-mail address")))),
                                 "buh@beltechservice.by"), 10);
  gtk_window_close (GTK_WINDOW (dialog));
  kb_test_wait_for (kb_test_find_toplevel (KB_TYPE_DELIVERY_DIALOG) == NULL, 10);
  g_assert_cmpstr (kb_window_get_visible_section (f->w.window), ==, "invoices");
}

/* What the user typed in the delivery form is never replaced by a
 * profile that arrives while the form is open. */
static void
test_delivery_typed_kept (Fixture *f, gconstpointer data)
{
  KbSync *sync;
  GtkWidget *page, *dialog, *row;

  sign_in (f, "demo", "demo");
  sync = kb_session_manager_get_sync (f->w.manager);
  page = show_invoices_open (f, 10);
  g_signal_emit_by_name (kb_test_find_button (page, _("_Change…")), "clicked");
  kb_test_wait_for ((dialog = kb_test_find_toplevel (KB_TYPE_DELIVERY_DIALOG)) != NULL &&
                    gtk_widget_get_mapped (dialog), 10);
  row = kb_test_find_row (dialog, _("E-mail address"));
  gtk_editable_set_text (GTK_EDITABLE (row), "typed@example.by");
  kb_test_wait_for (kb_sync_get_client (sync) != NULL, 10);
  kb_test_run_async (sync, G_CALLBACK (kb_sync_refresh_client_async),
                     G_CALLBACK (kb_sync_refresh_client_finish));
  kb_test_drain ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "typed@example.by");
  gtk_window_close (GTK_WINDOW (dialog));
}

static void
test_delivery_form (Fixture *f, gconstpointer data)
{
  const char *post = "220030, г. Минск, ул. Ленина, д. 1, бухгалтерия";
  g_autoptr(JsonNode) keep = NULL;
  JsonObject *delivery;
  GtkWidget *page, *dialog, *row, *combo, *message;

  sign_in (f, "demo", "demo");
  page = kb_window_get_page (f->w.window, "personal-information");
  kb_test_wait_for (kb_test_is_shown (kb_test_find_label (page, "buh@beltechservice.by")), 15);
  dialog = open_delivery_dialog (page);
  row = kb_test_find_row (dialog, _("E-mail address"));
  combo = kb_test_find_type (dialog, ADW_TYPE_COMBO_ROW);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "buh@beltechservice.by");

  gtk_editable_set_text (GTK_EDITABLE (row), "");
  g_signal_emit_by_name (kb_test_find_button (dialog, _("_Save")), "clicked");
  g_assert_true (kb_test_is_shown (kb_test_find_label_containing (dialog, _("Enter the e-mail address to send invoices to."))));
  gtk_editable_set_text (GTK_EDITABLE (row), "buh@");
  g_signal_emit_by_name (kb_test_find_button (dialog, _("_Save")), "clicked");
  g_assert_true (kb_test_is_shown (kb_test_find_label_containing (dialog, _("This is not a valid e-mail address. It should look like buh@example.by."))));
  g_assert_true (gtk_widget_has_css_class (row, "error"));

  /* By post: its own address; a too short one is refused. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (combo), 1);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, _("Postal address"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "");
  gtk_editable_set_text (GTK_EDITABLE (row), "Минск");
  g_signal_emit_by_name (kb_test_find_button (dialog, _("_Save")), "clicked");
  g_assert_true (kb_test_is_shown (kb_test_find_label_containing (dialog, _("Enter the full postal address: postcode, city, street and building."))));

  /* Back to e-mail: what was typed there is still there. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (combo), 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "buh@");
  adw_combo_row_set_selected (ADW_COMBO_ROW (combo), 1);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "Минск");
  assert_no_english (dialog, NULL);

  /* The server fails: its sentence, the text kept. */
  kb_api_client_set_max_retries (kb_sync_get_api (kb_session_manager_get_sync (f->w.manager)), 0);
  kb_server_set_fault (f->w.srv.server, "/api/v1/client/invoice-delivery", KB_SERVER_FAULT_STATUS_500);
  gtk_editable_set_text (GTK_EDITABLE (row), post);
  g_signal_emit_by_name (kb_test_find_button (dialog, _("_Save")), "clicked");
  kb_test_wait_for (kb_test_is_shown (kb_test_find_label_containing (dialog, _("The server had a problem. Please try again later."))), 15);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, post);

  /* Saved: the server's answer in a toast and on the page. */
  kb_server_set_fault (f->w.srv.server, "/api/v1/client/invoice-delivery", KB_SERVER_FAULT_NONE);
  g_signal_emit_by_name (kb_test_find_button (dialog, _("_Save")), "clicked");
  kb_test_wait_for (kb_test_find_toplevel (KB_TYPE_DELIVERY_DIALOG) == NULL, 15);
  kb_test_wait_for ((message = kb_test_find_label_containing (root (f), kb_test_tr_lead ("Invoices will be sent by post to %s."))) != NULL &&
                    kb_test_is_shown (message), 10);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (message)), post));
  kb_test_wait_for (kb_test_is_shown (kb_test_find_label (page, post)), 10);
  g_assert_true (kb_test_is_shown (kb_test_find_label (page, _("By post"))));
  /* The change's request under the settings, followed until it is made. */
  assert_request_followed (f, page, "client");

  delivery = json_object_get_object_member (server_get (f, "/client", &keep), "invoice_delivery");
  g_assert_cmpstr (json_object_get_string_member (delivery, "method"), ==, "post");
  g_assert_cmpstr (json_object_get_string_member (delivery, "address"), ==, post);
}

/* Personal Information: the fields, copying, the balance's colour */

static void
on_clipboard_text (GObject *source, GAsyncResult *result, gpointer user_data)
{
  char **text = user_data;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  if (*text == NULL)
    *text = g_strdup ("");
}

static void
test_personal_information (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) keep = NULL;
  JsonObject *client;
  JsonObject *contract;
  g_autofree char *balance = NULL;
  g_autofree char *contract_date = NULL;
  g_autofree char *copied = NULL;
  GtkWidget *page, *row, *copy, *balance_label, *toast;

  sign_in (f, "demo", "demo");
  client = server_get (f, "/client", &keep);
  contract = json_object_get_object_member (client, "contract");
  page = kb_window_get_page (f->w.window, "personal-information");
  kb_test_wait_for (kb_test_is_shown (kb_test_find_label (page, json_object_get_string_member (client, "name"))), 15);

  /* Every field, as the server has it. */
  g_assert_nonnull (kb_test_find_label (kb_test_find_row (page, _("Legal address")),
                                        json_object_get_string_member (client, "legal_address")));
  g_assert_nonnull (kb_test_find_label (kb_test_find_row (page, _("Client status")),
                                        _("Active")));
  g_assert_cmpstr (json_object_get_string_member (client, "status"), ==, "active");
  g_assert_nonnull (kb_test_find_label (kb_test_find_row (page, _("Payment form")),
                                        _("Credit")));
  g_assert_cmpstr (json_object_get_string_member (client, "payment_form"), ==, "credit");
  g_assert_nonnull (kb_test_find_label (kb_test_find_row (page, _("Contract number")),
                                        json_object_get_string_member (contract, "number")));
  contract_date = kb_format_iso_date (json_object_get_string_member (contract, "date"));
  g_assert_nonnull (kb_test_find_label (kb_test_find_row (page, _("Contract date")), contract_date));

  /* The demo company owes money: the balance is red. */
  balance = money_of (client, "balance");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (client, "balance"), "amount_minor"), <, 0);
  balance_label = kb_test_find_label (page, balance);
  g_assert_nonnull (balance_label);
  g_assert_true (gtk_widget_has_css_class (balance_label, "balance-negative"));

  /* One click copies the UNP, says so, and the button has a name. */
  row = kb_test_find_row (page, _("UNP"));
  copy = kb_test_find_type (row, GTK_TYPE_BUTTON);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (copy), ==, kb_test_trf ("Copy %s", _("UNP")));
  g_signal_emit_by_name (copy, "clicked");
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (copy), NULL, on_clipboard_text, &copied);
  kb_test_wait_for (copied != NULL, 10);
  g_assert_cmpstr (copied, ==, json_object_get_string_member (client, "unp"));
  kb_test_wait_for ((toast = kb_test_find_label (root (f), _("Copied to the clipboard"))) != NULL &&
                    kb_test_is_shown (toast), 10);
}

static gboolean
was_fetched (Fixture *f, const char *resource)
{
  g_autoptr(GDateTime) fetched_at = kb_sync_dup_fetched_at (kb_session_manager_get_sync (f->w.manager), resource);

  return fetched_at != NULL;
}

/* Offline: cached rows stay, the banner says how old they are. */
static void
test_billing_offline (Fixture *f, gconstpointer data)
{
  static const struct { const char *section, *path, *resource; } cases[] = {
    { "payments", "/api/v1/payments", KB_STORE_PAYMENTS },
    { "invoices", "/api/v1/invoices", KB_STORE_INVOICES },
    { "installments", "/api/v1/installments", KB_STORE_INSTALLMENTS },
  };
  g_autoptr(JsonNode) keep = NULL;
  JsonArray *installments;

  sign_in (f, "demo", "demo");
  installments = json_object_get_array_member (server_get (f, "/installments", &keep), "installments");
  kb_api_client_set_max_retries (kb_sync_get_api (kb_session_manager_get_sync (f->w.manager)), 0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GtkWidget *page = show_section (f, cases[i].section);
      GtkWidget *banner;

      /* First online, so there is a cache. */
      kb_test_wait_for (was_fetched (f, cases[i].resource) &&
                        !kb_test_is_shown (kb_test_find_type (page, GTK_TYPE_SPINNER)), 15);
      kb_server_set_fault (f->w.srv.server, cases[i].path, KB_SERVER_FAULT_DISCONNECT);
      gtk_widget_activate_action (root (f), "win.refresh", NULL);
      kb_test_wait_for ((banner = kb_test_find_label_containing (page, kb_test_tr_lead ("Offline — showing data from %s"))) != NULL &&
                        kb_test_is_shown (banner), 15);
      kb_server_set_fault (f->w.srv.server, cases[i].path, KB_SERVER_FAULT_NONE);
    }

  /* The cached installments are still on screen. */
  g_assert_true (kb_test_is_shown (kb_test_find_row (kb_window_get_page (f->w.window, "installments"),
                                                     json_object_get_string_member (json_array_get_object_element (installments, 0), "equipment"))));
  g_assert_false (kb_sync_get_online (kb_session_manager_get_sync (f->w.manager)));
}

/* Nothing cached and the server failing: the page says so and offers to
 * try again, and trying again once the server answers shows the data. */
static void
test_billing_error_state (Fixture *f, gconstpointer data)
{
  GtkWidget *page;
  GtkWidget *status;
  GtkWidget *button;

  sign_in (f, "demo", "demo");
  kb_api_client_set_max_retries (kb_sync_get_api (kb_session_manager_get_sync (f->w.manager)), 0);
  kb_server_set_fault (f->w.srv.server, "/api/v1/installments", KB_SERVER_FAULT_STATUS_500);

  page = show_section (f, "installments");
  kb_test_wait_for ((status = find_status_page (page, _("Cannot Show Installments"))) != NULL &&
                    kb_test_is_shown (status), 15);
  g_assert_false (kb_test_is_shown (
    kb_test_find_label_containing (page, kb_test_tr_lead ("Offline — showing data from %s"))));

  kb_server_set_fault (f->w.srv.server, "/api/v1/installments", KB_SERVER_FAULT_NONE);
  button = kb_test_find_button (status, _("_Try Again"));
  g_assert_nonnull (button);
  gtk_widget_activate (button);
  kb_test_wait_for (kb_test_is_shown (kb_test_find_label_containing (page, _("Monthly payments in total"))), 15);
  g_assert_false (kb_test_is_shown (status));
}

/* Save dialogs */

/* Where a save dialog should start: Downloads, or home without one. GLib's
 * isolated test directories hide user-dirs.dirs (it reads /dev/null), so
 * this is the home folder under test — never the folder the tests run in,
 * which is where a chooser left alone would start. */
static char *
expected_save_folder (void)
{
  const char *downloads = g_get_user_special_dir (G_USER_DIRECTORY_DOWNLOAD);

  if (downloads != NULL && g_file_test (downloads, G_FILE_TEST_IS_DIR))
    return g_strdup (downloads);
  /* The isolated home is only a name until something is put there. */
  g_assert_cmpint (g_mkdir_with_parents (g_get_home_dir (), 0700), ==, 0);
  return g_strdup (g_get_home_dir ());
}

static gboolean
in_folder (GtkWidget *dialog, const char *folder)
{
  g_autoptr(GFile) current = gtk_file_chooser_get_current_folder (GTK_FILE_CHOOSER (dialog));

  g_test_message ("current folder: %s", current != NULL ? g_file_peek_path (current) : "(none)");
  return current != NULL && g_strcmp0 (g_file_peek_path (current), folder) == 0;
}

static GtkWidget *
wait_save_dialog (const char *folder, const char *name)
{
  GtkWidget *dialog;
  g_autofree char *current_name = NULL;

  kb_test_wait_for ((dialog = kb_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG)) != NULL &&
                    gtk_widget_get_mapped (dialog), 10);
  /* The chooser takes its folder once it has looked it up, asynchronously. */
  kb_test_wait_for (in_folder (dialog, folder), 10);
  current_name = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (dialog));
  g_assert_cmpstr (current_name, ==, name);
  g_assert_null (strchr (current_name, '/'));
  return dialog;
}

static void
close_save_dialog (GtkWidget *dialog)
{
  gtk_window_close (GTK_WINDOW (dialog));
  kb_test_wait_for (kb_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG) == NULL, 10);
}

/* The save dialog @button opens: its folder and suggested name; then it is cancelled. */
static void
assert_save_dialog (GtkWidget *button, const char *folder, const char *name)
{
  g_signal_emit_by_name (button, "clicked");
  close_save_dialog (wait_save_dialog (folder, name));
}

static void
count_signal (guint *count)
{
  (*count)++;
}

static void
test_save_dialogs (Fixture *f, gconstpointer data)
{
  g_autofree char *folder = expected_save_folder ();
  g_autofree char *cwd = g_get_current_dir ();
  g_autoptr(JsonNode) keep = NULL;
  g_autofree char *today = today_iso ();
  g_autofree char *year_start = g_strdup_printf ("%.4s-01-01", today);
  g_autofree char *csv_name = g_strdup_printf (_("Payments %s — %s.csv"), year_start, today);
  g_autofree char *pdf_name = NULL;
  g_autofree char *number = NULL;
  JsonArray *array;
  GtkWidget *page, *button;
  KbInvoice *invoice;

  g_assert_cmpstr (folder, !=, cwd);
  sign_in (f, "demo", "demo");
  array = json_object_get_array_member (server_payments_this_year (f, &keep), "payments");
  page = show_payments_this_year (f, json_array_get_length (array));
  assert_save_dialog (kb_test_find_button (page, _("_Export CSV…")), folder, csv_name);

  /* An invoice is named by its number, whose "/" a file name cannot hold. */
  page = show_invoices_open (f, 10);
  button = kb_test_find_widget (page, match_tooltip_prefix, kb_test_tr_lead ("Download the invoice for %s"));
  invoice = g_object_get_data (G_OBJECT (button), "kb-invoice");
  number = g_strdup (kb_invoice_get_number (invoice));
  g_assert_nonnull (strchr (number, '/'));
  g_strdelimit (number, "/", '-');
  pdf_name = g_strdup_printf (_("Invoice %s.%s"), number, "pdf");
  g_assert_true (gtk_widget_activate_action (button, "invoices.download", "(ss)", kb_invoice_get_id (invoice), "pdf"));
  close_save_dialog (wait_save_dialog (folder, pdf_name));
}

/* The date picker */

static GtkWidget *
first_day_button (GtkWidget *picker)
{
  GtkWidget *grid = kb_test_find_type (picker, GTK_TYPE_GRID);

  return gtk_grid_get_child_at (GTK_GRID (grid), 0, 1);
}

/* In Russian the weeks start on Monday and the days are named in Russian,
 * whatever LC_TIME says; in English, on Sunday. */
static void
test_date_picker (Fixture *f, gconstpointer data)
{
  static const char * const ru_days[] = { "Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс" };
  static const char * const en_days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
  /* 1 November 2026 is a Sunday. */
  g_autoptr(GDateTime) day = g_date_time_new_local (2026, 11, 18, 0, 0, 0);
  g_autoptr(GDateTime) picked = NULL;
  GtkWidget *page, *picker, *grid, *first;
  guint selected = 0;

  sign_in (f, "demo", "demo");
  page = show_section (f, "payments");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (kb_test_find_type (page, GTK_TYPE_DROP_DOWN)), 3);
  picker = kb_test_find_type (page, KB_TYPE_DATE_PICKER);
  g_assert_nonnull (picker);
  g_signal_connect_swapped (picker, "day-selected", G_CALLBACK (count_signal), &selected);
  kb_date_picker_select_day (KB_DATE_PICKER (picker), day);
  g_assert_cmpuint (selected, ==, 1);
  picked = kb_date_picker_get_date (KB_DATE_PICKER (picker));
  g_assert_cmpint (g_date_time_get_day_of_month (picked), ==, 18);
  g_assert_cmpint (g_date_time_get_month (picked), ==, 11);

  grid = kb_test_find_type (picker, GTK_TYPE_GRID);
  for (int column = 0; column < 7; column++)
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_grid_get_child_at (GTK_GRID (grid), column, 0))), ==,
                     russian ? ru_days[column] : en_days[column]);
  g_assert_nonnull (kb_test_find_label (picker, russian ? "Ноябрь 2026" : "November 2026"));

  /* The first row begins on Monday 26 October in Russian, Sunday 1 November in English. */
  first = first_day_button (picker);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (first)), ==, russian ? "26" : "1");
  g_assert_cmpuint (kb_date_picker_get_week_start (), ==, russian ? 1 : 0);

  /* A click picks the day. */
  g_signal_emit_by_name (first, "clicked");
  g_assert_cmpuint (selected, ==, 2);
  g_clear_pointer (&picked, g_date_time_unref);
  picked = kb_date_picker_get_date (KB_DATE_PICKER (picker));
  g_assert_cmpint (g_date_time_get_day_of_month (picked), ==, russian ? 26 : 1);
  assert_no_english (picker, NULL);
}

int
main (int argc, char *argv[])
{
  kb_test_ui_init (&argc, &argv);
  russian = kb_test_in_russian ();

  app = kb_test_application_new ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/ui-billing/installments", test_installments);
  ADD ("/ui-billing/installments-empty", test_installments_empty);
  ADD ("/ui-billing/error-state", test_billing_error_state);
  ADD ("/ui-billing/payments", test_payments);
  ADD ("/ui-billing/payments-export", test_payments_export);
  ADD ("/ui-billing/register-payment", test_register_payment);
  ADD ("/ui-billing/invoices", test_invoices);
  ADD ("/ui-billing/invoice-rule", test_invoice_rule);
  ADD ("/ui-billing/invoice-email", test_invoice_email);
  ADD ("/ui-billing/invoice-download", test_invoice_download);
  ADD ("/ui-billing/delivery-in-place", test_delivery_in_place);
  ADD ("/ui-billing/delivery-typed-kept", test_delivery_typed_kept);
  ADD ("/ui-billing/delivery-form", test_delivery_form);
  ADD ("/ui-billing/personal-information", test_personal_information);
  ADD ("/ui-billing/offline", test_billing_offline);
  ADD ("/ui-billing/save-dialogs", test_save_dialogs);
  ADD ("/ui-billing/date-picker", test_date_picker);
#undef ADD

  return kb_test_run_application (&app);
}
