/* test-search-provider.c — Kabinet in GNOME Shell's search, called over D-Bus as Shell calls it.
 *
 * The real application owns its name on the test's own session bus and
 * exports org.gnome.Shell.SearchProvider2 where the built
 * search-provider .ini file says; the test calls it through a GDBusProxy
 * on that name and path, as GNOME Shell does: GetInitialResultSet,
 * GetSubsearchResultSet, GetResultMetas, ActivateResult, LaunchSearch.
 * Signed out with nothing remembered, it finds nothing. Signed in to the
 * reference server (with "remember me", the token in a real
 * gnome-keyring), it finds the cached subscribers, questions and invoices,
 * and the request a rename made through the server yields, by its number
 * and by part of it, and describes them in the UI's language; activating a
 * result opens the window at it (the subscriber's details, the question's
 * thread, the invoice's row, the renamed subscriber for the request).
 * With the session gone but remembered — Shell starting Kabinet just to
 * search — it still answers from the cache, and
 * activating a result restores the session and then shows the item.
 * Signed out, it finds nothing again.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "kb-excerpt.h"
#include "kb-feedback.h"
#include "kb-money.h"
#include "kb-phone-number.h"
#include "kb-renames.h"
#include "kb-requests.h"
#include "kb-subscribers.h"
#include "kb-sync-billing.h"
#include "kb-test-util.h"
#include "kb-test-window.h"

static KbApplication *app;
static GDBusProxy *proxy;

/* GetInitialResultSet for @query split at spaces, as Shell splits it. */
static GStrv
initial (const char *query)
{
  g_auto(GStrv) terms = g_strsplit (query, " ", -1);
  g_autoptr(GVariant) reply = kb_test_dbus_call (proxy, "GetInitialResultSet",
                                                 g_variant_new ("(^as)", terms));
  GStrv ids = NULL;

  g_variant_get (reply, "(^as)", &ids);
  return ids;
}

static GStrv
subsearch (const char * const *previous, const char *query)
{
  g_auto(GStrv) terms = g_strsplit (query, " ", -1);
  g_autoptr(GVariant) reply = kb_test_dbus_call (proxy, "GetSubsearchResultSet",
                                                 g_variant_new ("(^as^as)", previous, terms));
  GStrv ids = NULL;

  g_variant_get (reply, "(^as)", &ids);
  return ids;
}

/* GetResultMetas: the metas of @ids, as a table from id to its vardict. */
static GHashTable *
metas (const char * const *ids)
{
  g_autoptr(GVariant) reply = kb_test_dbus_call (proxy, "GetResultMetas",
                                                 g_variant_new ("(^as)", ids));
  g_autoptr(GVariant) list = g_variant_get_child_value (reply, 0);
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) g_variant_dict_unref);

  for (gsize i = 0; i < g_variant_n_children (list); i++)
    {
      g_autoptr(GVariant) meta = g_variant_get_child_value (list, i);
      GVariantDict *dict = g_variant_dict_new (meta);
      const char *id = NULL;

      g_assert_true (g_variant_dict_lookup (dict, "id", "&s", &id));
      g_hash_table_insert (table, g_strdup (id), dict);
    }
  return table;
}

static const char *
meta_string (GHashTable *table, const char *id, const char *key)
{
  GVariantDict *dict = g_hash_table_lookup (table, id);
  const char *value = NULL;

  g_assert_nonnull (dict);
  g_assert_true (g_variant_dict_lookup (dict, key, "&s", &value));
  return value;
}

/* The name of the themed icon in @id's meta. */
static char *
meta_icon (GHashTable *table, const char *id)
{
  g_autoptr(GVariant) serialized = g_variant_dict_lookup_value (g_hash_table_lookup (table, id),
                                                                "icon", NULL);
  g_autoptr(GIcon) icon = NULL;

  g_assert_nonnull (serialized);
  icon = g_icon_deserialize (serialized);
  g_assert_true (G_IS_THEMED_ICON (icon));
  return g_strdup (g_themed_icon_get_names (G_THEMED_ICON (icon))[0]);
}

static void
activate (const char *id)
{
  static const char * const terms[] = { "x", NULL };
  g_autoptr(GVariant) reply = kb_test_dbus_call (proxy, "ActivateResult",
                                                 g_variant_new ("(s^asu)", id, terms, 0));
}

/* Nothing remembered, nobody signed in: a search says nothing, and
 * nothing opens a window. */
static void
test_signed_out (void)
{
  static const char * const ids[] = { "subscribers/subscriber/1", NULL };
  g_auto(GStrv) found = initial ("Иванов");
  g_auto(GStrv) narrower = subsearch ((const char * const *) found, "Иванов Иван");
  g_autoptr(GHashTable) described = metas (ids);

  g_assert_cmpuint (g_strv_length (found), ==, 0);
  g_assert_cmpuint (g_strv_length (narrower), ==, 0);
  g_assert_cmpuint (g_hash_table_size (described), ==, 0);
  g_assert_null (gtk_application_get_active_window (GTK_APPLICATION (app)));
}

static KbWindow *
window (void)
{
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (app));

  return KB_IS_WINDOW (active) ? KB_WINDOW (active) : NULL;
}

static const char *
current_subscriber_id (void)
{
  KbSync *sync = kb_session_manager_get_sync (kb_application_get_session_manager (app));
  KbSubscriber *current = NULL;

  if (sync != NULL)
    current = kb_subscribers_get_current (kb_sync_get_subscribers (sync));
  return current != NULL ? kb_subscriber_get_id (current) : NULL;
}

/* The id of the invoice whose row has the focus, if one has. */
static const char *
focused_invoice_id (void)
{
  GtkWidget *focus = window () != NULL ? gtk_window_get_focus (GTK_WINDOW (window ())) : NULL;

  for (; focus != NULL; focus = gtk_widget_get_parent (focus))
    {
      KbInvoice *invoice = g_object_get_data (G_OBJECT (focus), "kb-invoice");

      if (invoice != NULL && ADW_IS_ACTION_ROW (focus))
        return kb_invoice_get_id (invoice);
    }
  return NULL;
}

static gboolean
contains (GStrv ids, const char *id)
{
  return g_strv_contains ((const char * const *) ids, id);
}

static void
test_signed_in (void)
{
  KbSessionManager *manager = kb_application_get_session_manager (app);
  KbTestServer srv = { 0 };
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  KbSync *sync;
  g_autoptr(KbSubscriber) subscriber = NULL;
  g_autoptr(KbQuestion) question = NULL;
  g_autoptr(GPtrArray) invoices = NULL;
  KbInvoice *invoice;
  g_autofree char *subscriber_id = NULL;
  g_autofree char *question_id = NULL;
  g_autofree char *invoice_id = NULL;
  g_autofree char *subscriber_query = NULL;
  g_autofree char *number = NULL;
  g_autofree char *amount = NULL;
  g_autofree char *excerpt = NULL;
  g_auto(GStrv) surname = NULL;
  g_auto(GStrv) broad = NULL;
  g_auto(GStrv) narrow = NULL;
  g_auto(GStrv) found_question = NULL;
  g_auto(GStrv) found_invoice = NULL;
  g_auto(GStrv) remembered = NULL;
  g_auto(GStrv) after_sign_out = NULL;
  g_autoptr(GHashTable) described = NULL;
  g_autoptr(GHashTable) described_after = NULL;
  g_autofree char *icon = NULL;
  g_autoptr(GVariant) launched = NULL;
  const char *all_ids[5];
  gboolean known, open;
  const char *status;
  g_autofree char *reopens_on = NULL;
  g_autoptr(KbSubscriber) renamed = NULL;
  g_autoptr(KbSubscriber) pending = NULL;
  KbOperatorRequest *request;
  g_autofree char *request_id = NULL;
  g_autofree char *request_number = NULL;
  g_auto(GStrv) by_number = NULL;
  g_auto(GStrv) by_digits = NULL;
  g_auto(GStrv) by_part = NULL;
  g_autoptr(GHashTable) described_request = NULL;
  const char *request_ids[2];
  const char *request_description;

  kb_test_server_start (&srv);
  kb_session_manager_sign_in_async (manager, srv.url, "demo", "demo", TRUE, NULL, kb_test_on_ready,
                                    &slot);
  result = kb_test_wait_result (&slot);
  g_assert_true (kb_session_manager_sign_in_finish (manager, result, &error));
  g_assert_no_error (error);
  sync = kb_session_manager_get_sync (manager);

  kb_test_fill_cache (sync);

  subscriber = g_list_model_get_item (kb_subscribers_get_model (kb_sync_get_subscribers (sync)), 7);
  question = g_list_model_get_item (kb_feedback_get_questions (kb_sync_get_feedback (sync)), 0);
  invoices = kb_sync_load_invoices (sync, &known, &open, &reopens_on);
  g_assert_nonnull (subscriber);
  g_assert_nonnull (question);
  g_assert_cmpuint (invoices->len, >, 0);
  invoice = invoices->pdata[invoices->len - 1];
  subscriber_id = g_strconcat ("subscribers/subscriber/", kb_subscriber_get_id (subscriber), NULL);
  question_id = g_strconcat ("feedback/question/", kb_question_get_id (question), NULL);
  invoice_id = g_strconcat ("invoices/invoice/", kb_invoice_get_id (invoice), NULL);

  /* A surname finds subscribers only; the whole name with the end of the
   * number, typed in pieces, narrows it down to the one. */
  surname = g_strsplit (kb_subscriber_get_name (subscriber), " ", 2);
  broad = initial (surname[0]);
  g_assert_cmpuint (g_strv_length (broad), >, 0);
  g_assert_cmpuint (g_strv_length (broad), <=, 3 * 5);
  number = kb_phone_number_format (kb_subscriber_get_number (subscriber));
  subscriber_query = g_strdup_printf ("%s %s", kb_subscriber_get_name (subscriber), number + 5);
  narrow = subsearch ((const char * const *) broad, subscriber_query);
  g_assert_true (contains (narrow, subscriber_id));
  g_assert_cmpuint (g_strv_length (narrow), ==, 1);

  /* A rename through the server yields a request, found by its number
   * as shown, without its letter and by its own last digits. */
  renamed = g_list_model_get_item (kb_subscribers_get_model (kb_sync_get_subscribers (sync)), 3);
  kb_renames_rename_async (kb_sync_get_renames (sync), kb_subscriber_get_id (renamed),
                           "Склад Гомель", NULL, kb_test_on_ready, &slot);
  g_clear_object (&result);
  result = kb_test_wait_result (&slot);
  pending = kb_renames_rename_finish (kb_sync_get_renames (sync), result, &error);
  g_assert_no_error (error);
  request = kb_requests_find_for (kb_sync_get_requests (sync), "subscriber",
                                  kb_subscriber_get_id (renamed));
  g_assert_nonnull (request);
  request_number = g_strdup (kb_operator_request_get_number (request));
  g_assert_true (g_str_has_prefix (request_number, "З-"));
  request_id = g_strconcat ("requests/", kb_operator_request_get_id (request), NULL);
  by_number = initial (request_number);
  g_assert_cmpstrv (by_number, ((const char * const []) { request_id, NULL }));
  by_digits = initial (request_number + strlen ("З-"));
  g_assert_true (contains (by_digits, request_id));
  by_part = subsearch ((const char * const *) by_digits, strrchr (request_number, '-') + 1);
  g_assert_true (contains (by_part, request_id));
  request_ids[0] = request_id;
  request_ids[1] = NULL;
  described_request = metas (request_ids);
  g_assert_cmpstr (meta_string (described_request, request_id, "name"), ==,
                   kb_test_trf ("Request № %s", request_number));
  request_description = meta_string (described_request, request_id, "description");
  g_test_message ("%s: %s", meta_string (described_request, request_id, "name"),
                  request_description);
  g_assert_nonnull (strstr (request_description, "Склад Гомель"));
  g_assert_true (g_str_has_suffix (request_description,
                                   C_("request status", "Accepted")));

  /* A question by its words, an invoice by its number. */
  found_question = initial (kb_question_get_text (question));
  g_assert_true (contains (found_question, question_id));
  found_invoice = initial (kb_invoice_get_number (invoice));
  g_assert_true (contains (found_invoice, invoice_id));

  /* What Shell shows of each, in the UI's language; an id the cache does
   * not have is left out. */
  all_ids[0] = subscriber_id;
  all_ids[1] = question_id;
  all_ids[2] = invoice_id;
  all_ids[3] = "subscribers/subscriber/no-such-id";
  all_ids[4] = NULL;
  described = metas (all_ids);
  g_assert_cmpuint (g_hash_table_size (described), ==, 3);
  g_assert_cmpstr (meta_string (described, subscriber_id, "name"), ==,
                   kb_subscriber_get_name (subscriber));
  g_assert_true (g_str_has_prefix (meta_string (described, subscriber_id, "description"), number));
  g_assert_nonnull (strstr (meta_string (described, subscriber_id, "description"),
                            kb_subscriber_get_tariff (subscriber)));
  excerpt = kb_excerpt (kb_question_get_text (question), 60);
  status = kb_question_status_to_display (kb_question_get_status (question));
  g_assert_cmpstr (meta_string (described, question_id, "name"), ==, excerpt);
  g_assert_cmpstr (meta_string (described, question_id, "description"), ==,
                   kb_test_trf ("Question · %s", status));
  g_assert_cmpstr (meta_string (described, invoice_id, "name"), ==,
                   kb_test_trf ("Invoice No. %s", kb_invoice_get_number (invoice)));
  amount = kb_money_format (kb_invoice_get_amount (invoice), kb_invoice_get_currency (invoice));
  g_assert_nonnull (strstr (meta_string (described, invoice_id, "description"), amount));
  icon = meta_icon (described, subscriber_id);
  g_assert_cmpstr (icon, ==, "avatar-default-symbolic");

  /* Activating a result opens Kabinet at it. */
  g_assert_null (window ());
  activate (subscriber_id);
  kb_test_wait_for (window () != NULL && gtk_widget_get_mapped (GTK_WIDGET (window ())), 10);
  kb_test_wait_for (g_strcmp0 (kb_window_get_visible_section (window ()), "subscribers") == 0 &&
                    g_strcmp0 (current_subscriber_id (), kb_subscriber_get_id (subscriber)) == 0,
                    10);
  activate (question_id);
  kb_test_wait_for (g_strcmp0 (kb_window_get_open_question (window ()),
                               kb_question_get_id (question)) == 0, 10);
  activate (invoice_id);
  kb_test_wait_for (g_strcmp0 (kb_window_get_visible_section (window ()), "invoices") == 0 &&
                    g_strcmp0 (focused_invoice_id (), kb_invoice_get_id (invoice)) == 0, 10);
  /* A request opens what it concerns: the renamed subscriber. */
  activate (request_id);
  kb_test_wait_for (g_strcmp0 (kb_window_get_visible_section (window ()), "subscribers") == 0 &&
                    g_strcmp0 (current_subscriber_id (), kb_subscriber_get_id (renamed)) == 0,
                    10);
  /* The application's icon beside the results opens the same window. */
  launched = kb_test_dbus_call (proxy, "LaunchSearch", g_variant_new ("(^asu)", all_ids, 0));
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, 1);

  /* Shell starts Kabinet just to search: no window, no session yet, the
   * account remembered. The cache answers; a result opens once the
   * session is back from the keyring. */
  gtk_window_destroy (GTK_WINDOW (window ()));
  kb_session_manager_shutdown (manager);
  kb_test_drain ();
  g_assert_null (kb_session_manager_get_sync (manager));
  remembered = subsearch ((const char * const *) broad, subscriber_query);
  g_assert_true (contains (remembered, subscriber_id));
  activate (invoice_id);
  kb_test_wait_for (window () != NULL && kb_session_manager_get_sync (manager) != NULL, 15);
  kb_test_wait_for (g_strcmp0 (kb_window_get_visible_section (window ()), "invoices") == 0 &&
                    g_strcmp0 (focused_invoice_id (), kb_invoice_get_id (invoice)) == 0, 10);

  /* Signed out: nothing, not even what was cached a moment ago. */
  kb_session_manager_sign_out_async (manager, NULL, kb_test_on_ready, &slot);
  g_clear_object (&result);
  result = kb_test_wait_result (&slot);
  g_assert_true (kb_session_manager_sign_out_finish (manager, result, &error));
  g_assert_no_error (error);
  after_sign_out = initial (subscriber_query);
  g_assert_cmpuint (g_strv_length (after_sign_out), ==, 0);
  described_after = metas (all_ids);
  g_assert_cmpuint (g_hash_table_size (described_after), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window ()));
  kb_session_manager_shutdown (manager);
  kb_test_server_stop (&srv);
  kb_test_drain ();
}

int
main (int argc, char *argv[])
{
  g_autoptr(GKeyFile) ini = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *bus_name = NULL;
  g_autofree char *object_path = NULL;
  const char *ini_path = g_getenv ("KB_SEARCH_PROVIDER_INI");
  int status;

  kb_test_ui_init (&argc, &argv);

  /* The application owns its name, as when Shell starts it: no NON_UNIQUE. */
  app = kb_application_new ();
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("Could not register the application: %s", error->message);

  /* Where the installed .ini file tells Shell to look. */
  g_assert_nonnull (ini_path);
  if (!g_key_file_load_from_file (ini, ini_path, G_KEY_FILE_NONE, &error))
    g_error ("%s: %s", ini_path, error->message);
  bus_name = g_key_file_get_string (ini, "Shell Search Provider", "BusName", &error);
  object_path = g_key_file_get_string (ini, "Shell Search Provider", "ObjectPath", &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_key_file_get_integer (ini, "Shell Search Provider", "Version", NULL), ==, 2);
  g_assert_cmpstr (bus_name, ==, g_application_get_application_id (G_APPLICATION (app)));

  proxy = kb_test_dbus_proxy (bus_name, object_path, "org.gnome.Shell.SearchProvider2");

  g_test_add_func ("/search-provider/signed-out", test_signed_out);
  g_test_add_func ("/search-provider/signed-in", test_signed_in);
  status = g_test_run ();
  g_clear_object (&proxy);
  g_application_quit (G_APPLICATION (app));
  g_clear_object (&app);
  return status;
}
