/* test-ui-rename.c — Rename Subscriber through the real window, against the in-process
 * reference server: the current subscriber renamed, the new name checked (empty, too long,
 * control characters), a list read from real files (Windows-1251 with ";" and a header,
 * UTF-8 with a BOM and CRLF) and from pasted rows, the preview's problems (unknown number,
 * duplicate, empty and too long name), a row fixed and one dropped, the list sent as one
 * batch with each row's result as the server has it, the history pending and then done as
 * the server's clock moves, and the rule at its edges: in the last two days of 28-, 29-,
 * 30- and 31-day months the page explains the paper application and sends nothing, the day
 * before it does; a 409 from a server whose clock differs says the same. Run in English and
 * Russian; in Russian no English is left on the page. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "kb-api-error.h"
#include "kb-application.h"
#include "kb-phone-number.h"
#include "kb-rename-history.h"
#include "kb-rename-page.h"
#include "kb-rename-rule.h"
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
  /* The tests move the server's clock by years. */
  kb_server_set_token_lifetime (f->srv.server, 20 * 365 * G_TIME_SPAN_DAY);
}

static void
set_server_now (Fixture *f, int year, int month, int day, int hour)
{
  kb_test_set_server_date (f->srv.server, year, month, day, hour);
}

static void
set_page_now (KbRenamePage *page, int year, int month, int day, int hour)
{
  g_autoptr(GDateTime) now = kb_test_date (year, month, day, hour);

  kb_rename_page_set_now (page, now);
}

static KbSync *
sync_of (Fixture *f)
{
  return kb_session_manager_get_sync (f->manager);
}

static KbSubscribers *
subscribers (Fixture *f)
{
  return kb_sync_get_subscribers (sync_of (f));
}

static KbRenames *
renames (Fixture *f)
{
  return kb_sync_get_renames (sync_of (f));
}

/* Signs in with the server's clock on an ordinary day and opens the page
 * with the page's clock on the same day. */
static KbRenamePage *
open_page (Fixture *f)
{
  GtkWidget *page;

  set_server_now (f, 2025, 6, 10, 12);
  kb_test_window_sign_in (f, "demo", "demo");

  /* The client's subscribers, for the unknown numbers and the current one. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-section", "s", "subscribers");
  kb_test_wait_for (kb_subscribers_get_fetched_at (subscribers (f)) != NULL &&
                    !kb_subscribers_get_refreshing (subscribers (f)), 20);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-section", "s", "rename");
  g_assert_cmpstr (kb_window_get_visible_section (f->window), ==, "rename");
  page = kb_window_get_page (f->window, "rename");
  g_assert_true (KB_IS_RENAME_PAGE (page));
  set_page_now (KB_RENAME_PAGE (page), 2025, 6, 10, 12);
  kb_test_wait_for (!kb_renames_get_refreshing (renames (f)) && kb_renames_get_fetched_at (renames (f)) != NULL, 10);
  return KB_RENAME_PAGE (page);
}

static KbSubscriber *
subscriber_at (Fixture *f, guint position)
{
  KbSubscriber *subscriber = g_list_model_get_item (kb_subscribers_get_model (subscribers (f)), position);

  g_object_unref (subscriber);
  return subscriber;
}

static void
show_view (KbRenamePage *page, const char *name)
{
  AdwViewStack *stack = ADW_VIEW_STACK (kb_test_find_type (GTK_WIDGET (page), ADW_TYPE_VIEW_STACK));

  adw_view_stack_set_visible_child_name (stack, name);
}

static GtkWidget *
button (KbRenamePage *page, const char *label)
{
  GtkWidget *widget = kb_test_find_button (GTK_WIDGET (page), label);

  g_assert_nonnull (widget);
  return widget;
}

static gboolean
match_shown_label (GtkWidget *widget, gconstpointer text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0 &&
         kb_test_is_shown (widget);
}

/* Whether a label with @text is on screen (others may be hidden). */
static gboolean
label_shown (KbRenamePage *page, const char *text)
{
  return kb_test_find_widget (GTK_WIDGET (page), match_shown_label, text) != NULL;
}

static gboolean
closed_notice_shown (KbRenamePage *page)
{
  return kb_test_is_shown (kb_test_find_label_containing (GTK_WIDGET (page),
                                                          kb_test_tr_lead ("In the last 2 calendar days of the month "
                                                                           "subscribers are not renamed through the "
                                                                           "Cabinet: renaming is possible only by a paper "
                                                                           "application. The Cabinet accepts renames "
                                                                           "again from %s.")));
}

static void
collect_labels (GtkWidget *root, GPtrArray *texts)
{
  if (!gtk_widget_get_visible (root) || !gtk_widget_get_mapped (root))
    return;
  if (GTK_IS_LABEL (root))
    g_ptr_array_add (texts, g_strdup (gtk_label_get_text (GTK_LABEL (root))));
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, texts);
}

/* In Russian, nothing shown on the page is English. */
static void
assert_no_english (KbRenamePage *page)
{
  static const char * const allowed[] = { "CSV", "UTF-8", "Windows-1251", NULL };
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

  if (!russian)
    return;
  collect_labels (GTK_WIDGET (page), texts);
  kb_test_collect_titles (GTK_WIDGET (page), texts);
  for (guint i = 0; i < texts->len; i++)
    {
      g_autofree char *rest = g_strdup (g_ptr_array_index (texts, i));

      if (rest == NULL)
        continue;
      for (guint j = 0; allowed[j] != NULL; j++)
        {
          char *found;

          while ((found = strstr (rest, allowed[j])) != NULL)
            memset (found, ' ', strlen (allowed[j]));
        }
      for (const char *p = rest; *p != '\0'; p++)
        if (g_ascii_isalpha (*p))
          g_error ("English left on the page in Russian: “%s”", (char *) g_ptr_array_index (texts, i));
    }
}

/* A name of 101 characters, in Cyrillic so that the Russian run's check
 * for English does not trip on it. */
static char *
long_name_101 (void)
{
  GString *name = g_string_new (NULL);

  for (guint i = 0; i < 101; i++)
    g_string_append (name, "я");
  return g_string_free (name, FALSE);
}

static void
test_single (Fixture *f, gconstpointer data)
{
  KbRenamePage *page = open_page (f);
  GtkWidget *rename_button = button (page, _("_Rename"));
  GtkWidget *name_row = kb_test_find_type (GTK_WIDGET (page), ADW_TYPE_ENTRY_ROW);
  g_autofree char *long_name = long_name_101 ();
  g_autofree char *accepted = NULL;
  KbSubscriber *subscriber;
  g_autofree char *id = NULL;

  /* Without a current subscriber the page says where to choose one. */
  kb_subscribers_set_current (subscribers (f), NULL);
  kb_test_drain ();
  g_assert_true (label_shown (page, _("No subscriber chosen")));
  g_assert_false (gtk_widget_get_sensitive (rename_button));
  g_signal_emit_by_name (button (page, _("_Choose Subscriber…")), "clicked");
  g_assert_cmpstr (kb_window_get_visible_section (f->window), ==, "subscribers");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-section", "s", "rename");

  subscriber = subscriber_at (f, 3);
  id = g_strdup (kb_subscriber_get_id (subscriber));
  kb_subscribers_set_current (subscribers (f), subscriber);
  kb_test_drain ();
  g_assert_true (label_shown (page, kb_subscriber_get_name (subscriber)));
  g_assert_true (gtk_widget_get_sensitive (rename_button));
  assert_no_english (page);

  /* The name's problems, as the list has them. */
  g_signal_emit_by_name (rename_button, "clicked");
  g_assert_true (label_shown (page, _("The new name is empty.")));
  gtk_editable_set_text (GTK_EDITABLE (name_row), long_name);
  g_assert_true (label_shown (page, _("The new name is longer than 100 characters.")));
  gtk_editable_set_text (GTK_EDITABLE (name_row), "Отдел\tпродаж");
  g_assert_true (label_shown (page, _("The new name contains control characters, such as a line break.")));
  g_signal_emit_by_name (rename_button, "clicked");
  g_assert_cmpuint (g_list_model_get_n_items (kb_renames_get_model (renames (f))), ==, 0);

  /* Renamed: pending for 24 hours, in the history. */
  gtk_editable_set_text (GTK_EDITABLE (name_row), "  Отдел продаж, Петров П.  ");
  g_signal_emit_by_name (rename_button, "clicked");
  /* The sentence up to the date, which is the server's to decide. */
  accepted = g_strdup (kb_test_trf ("Accepted: the subscriber will be called “%s” from %s.",
                                    "Отдел продаж, Петров П.", "\x1f"));
  *strchr (accepted, '\x1f') = '\0';
  kb_test_wait_for (kb_test_is_shown (kb_test_find_label_containing (GTK_WIDGET (page), accepted)), 10);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name_row)), ==, "");
  g_assert_cmpstr (kb_subscriber_get_pending_name (kb_subscribers_get_current (subscribers (f))), ==,
                   "Отдел продаж, Петров П.");
  kb_test_wait_for (g_list_model_get_n_items (kb_renames_get_model (renames (f))) == 1 &&
                    !kb_renames_get_refreshing (renames (f)), 10);
  assert_no_english (page);

  show_view (page, "history");
  kb_test_wait_for (label_shown (page, C_("rename status", "Pending")), 10);
  assert_no_english (page);

  /* A day later on the server's clock: done. */
  set_server_now (f, 2025, 6, 11, 13);
  kb_page_reload (KB_PAGE (page));
  kb_test_wait_for (label_shown (page, C_("rename status", "Done")), 10);

  /* The history entry opens to its one row. */
  kb_rename_page_open_history_entry (page, 0);
  kb_test_wait_for (g_list_model_get_n_items (kb_rename_page_get_batch_rows (page)) == 1, 10);
  {
    g_autoptr(KbRenameRow) row = g_list_model_get_item (kb_rename_page_get_batch_rows (page), 0);

    g_assert_cmpstr (kb_rename_row_get_name (row), ==, "Отдел продаж, Петров П.");
    g_assert_cmpint (kb_rename_row_get_status (row), ==, KB_RENAME_STATUS_DONE);
  }
  assert_no_english (page);
}

static gboolean
match_history_view (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_COLUMN_VIEW (widget) && gtk_widget_get_parent (widget) != NULL &&
         gtk_widget_has_css_class (gtk_widget_get_parent (widget), "card") &&
         gtk_widget_get_ancestor (widget, KB_TYPE_RENAME_HISTORY) != NULL;
}

/* Esc and Alt+← leave a batch of renames for the history. */
static void
test_keyboard (Fixture *f, gconstpointer data)
{
  static const char *keys[] = { "Escape", "<Alt>Left" };
  KbRenamePage *page = open_page (f);
  GtkWidget *name_row = kb_test_find_type (GTK_WIDGET (page), ADW_TYPE_ENTRY_ROW);
  GtkWidget *history_view;

  kb_subscribers_set_current (subscribers (f), subscriber_at (f, 3));
  kb_test_drain ();
  gtk_editable_set_text (GTK_EDITABLE (name_row), "Отдел продаж, Петров П.");
  g_signal_emit_by_name (button (page, _("_Rename")), "clicked");
  kb_test_wait_for (g_list_model_get_n_items (kb_renames_get_model (renames (f))) == 1 &&
                    !kb_renames_get_refreshing (renames (f)), 10);
  show_view (page, "history");
  history_view = kb_test_find_widget (GTK_WIDGET (page), match_history_view, NULL);
  g_assert_nonnull (history_view);

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      kb_rename_page_open_history_entry (page, 0);
      kb_test_wait_for (g_list_model_get_n_items (kb_rename_page_get_batch_rows (page)) == 1 &&
                        !kb_test_is_shown (history_view), 10);
      g_assert_true (kb_test_press_keys (kb_test_find_type (GTK_WIDGET (page), KB_TYPE_RENAME_HISTORY), keys[i]));
      kb_test_wait_for (kb_test_is_shown (history_view), 5);
    }
}

static char *
write_file (const char *dir, const char *name, const char *data, gssize length)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, length, &error);
  g_assert_no_error (error);
  return path;
}

static void
load_file (KbListImport *import, const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  kb_list_import_load_file (import, file);
  kb_test_wait_for (!kb_list_import_get_busy (import), 20);
}

static KbListImportRow *
import_row (KbListImport *import, guint position)
{
  KbListImportRow *row = g_list_model_get_item (kb_list_import_get_model (import), position);

  g_object_unref (row);
  return row;
}

/* Converts UTF-8 to Windows-1251, as Excel on Russian Windows saves. */
static char *
to_cp1251 (const char *text, gsize *length)
{
  g_autoptr(GError) error = NULL;
  char *converted = g_convert (text, -1, "WINDOWS-1251", "UTF-8", NULL, length, &error);

  g_assert_no_error (error);
  return converted;
}

static KbRenameStatus
first_row_status (KbRenamePage *page)
{
  g_autoptr(KbRenameRow) row = g_list_model_get_item (kb_rename_page_get_batch_rows (page), 0);

  return row != NULL ? kb_rename_row_get_status (row) : KB_RENAME_STATUS_UNKNOWN;
}

static void
test_list (Fixture *f, gconstpointer data)
{
  KbRenamePage *page = open_page (f);
  KbListImport *import = kb_rename_page_get_list_import (page);
  GtkWidget *submit_button = button (page, _("_Submit Renames…"));
  g_autofree char *dir = g_dir_make_tmp ("kb-rename-XXXXXX", NULL);
  const char *n0 = kb_subscriber_get_number (subscriber_at (f, 0));
  const char *n1 = kb_subscriber_get_number (subscriber_at (f, 1));
  const char *n2 = kb_subscriber_get_number (subscriber_at (f, 2));
  const char *n3 = kb_subscriber_get_number (subscriber_at (f, 3));
  const char *n4 = kb_subscriber_get_number (subscriber_at (f, 4));
  g_autofree char *long_name = long_name_101 ();
  g_autofree char *n1_local = g_strdup_printf ("8 0%c%c %c%c%c-%c%c-%c%c", n1[4], n1[5], n1[6], n1[7], n1[8],
                                               n1[9], n1[10], n1[11], n1[12]);
  g_autofree char *utf8 = g_strdup_printf ("Номер;ФИО\r\n"
                                           "%s;Бухгалтерия\r\n"
                                           "%s;\"ООО \"\"Ромашка\"\", склад\"\r\n"
                                           "+375290000001;Чужой номер\r\n"
                                           "%s;Повтор\r\n"
                                           "%s;\r\n"
                                           "%s;%s\r\n",
                                           n0, n1_local, n0, n2, n3, long_name);
  gsize cp1251_length = 0;
  g_autofree char *cp1251 = to_cp1251 (utf8, &cp1251_length);
  g_autofree char *cp1251_path = write_file (dir, "list-1251.csv", cp1251, cp1251_length);
  g_autofree char *bom = g_strconcat ("\xef\xbb\xbf", utf8, NULL);
  g_autofree char *bom_path = write_file (dir, "list-bom.csv", bom, -1);
  g_autofree char *batch_path = NULL;
  g_autoptr(JsonNode) server_batch = NULL;
  AdwMessageDialog *dialog;
  JsonArray *server_rows;
  guint status = 0;

  show_view (page, "list");
  g_assert_false (gtk_widget_get_sensitive (submit_button));

  /* The same list in both encodings reads the same. */
  for (guint pass = 0; pass < 2; pass++)
    {
      load_file (import, pass == 0 ? cp1251_path : bom_path);
      g_assert_null (kb_list_import_get_error (import));
      g_assert_cmpuint (kb_list_import_get_n_rows (import), ==, 6);
      g_assert_cmpstr (kb_list_import_row_get_number (import_row (import, 1)), ==, n1);
      g_assert_cmpstr (kb_list_import_row_get_name (import_row (import, 1)), ==, "ООО \"Ромашка\", склад");
      g_assert_cmpint (kb_list_import_row_get_problem (import_row (import, 0)), ==, KB_SUBSCRIBER_LIST_PROBLEM_NONE);
      g_assert_cmpint (kb_list_import_row_get_problem (import_row (import, 2)), ==, KB_SUBSCRIBER_LIST_PROBLEM_UNKNOWN_NUMBER);
      g_assert_cmpint (kb_list_import_row_get_problem (import_row (import, 3)), ==, KB_SUBSCRIBER_LIST_PROBLEM_DUPLICATE);
      g_assert_cmpint (kb_list_import_row_get_problem (import_row (import, 4)), ==, KB_SUBSCRIBER_LIST_PROBLEM_EMPTY_NAME);
      g_assert_cmpint (kb_list_import_row_get_problem (import_row (import, 5)), ==, KB_SUBSCRIBER_LIST_PROBLEM_NAME_TOO_LONG);
      g_assert_cmpuint (kb_list_import_get_n_problems (import), ==, 4);
      g_assert_false (gtk_widget_get_sensitive (submit_button));
    }
  kb_test_wait_for (label_shown (page, _("This number is not one of your subscribers.")), 5);
  g_assert_true (label_shown (page, _("This number is already in the list above.")));
  g_assert_true (label_shown (page, _("The new name is empty.")));
  assert_no_english (page);

  /* Fix the unknown number and the empty name, drop the duplicate and the
   * too long name. */
  kb_list_import_fix_row (import, 2, n4, "Склад");
  kb_list_import_fix_row (import, 4, n2, "Приёмная");
  kb_list_import_drop_row (import, 5);
  g_signal_emit_by_name (button (page, _("_Drop Rows with Problems")), "clicked");
  g_assert_cmpuint (kb_list_import_get_n_rows (import), ==, 4);
  g_assert_cmpuint (kb_list_import_get_n_problems (import), ==, 0);
  g_assert_true (gtk_widget_get_sensitive (submit_button));

  /* Sent after a confirmation; each row's result as the server has it. */
  g_signal_emit_by_name (submit_button, "clicked");
  kb_test_wait_for ((dialog = (AdwMessageDialog *) kb_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL, 5);
  adw_message_dialog_response (dialog, "submit");
  gtk_window_destroy (GTK_WINDOW (dialog));
  kb_test_wait_for (g_list_model_get_n_items (kb_rename_page_get_results (page)) == 4, 15);
  g_assert_true (label_shown (page, kb_test_trf ("%s, %s",
                                                 kb_test_ntrf ("%u rename accepted", "%u renames accepted", 4, 4),
                                                 kb_test_ntrf ("%u row rejected", "%u rows rejected", 0, 0))));
  g_assert_cmpuint (kb_list_import_get_n_rows (import), ==, 0);
  assert_no_english (page);

  kb_test_wait_for (g_list_model_get_n_items (kb_renames_get_model (renames (f))) == 1 &&
                    !kb_renames_get_refreshing (renames (f)), 10);
  {
    g_autoptr(KbRenameBatch) batch = g_list_model_get_item (kb_renames_get_model (renames (f)), 0);
    g_autofree char *url = g_strdup_printf ("%s/api/v1/rename-batches/%s", f->srv.url, kb_rename_batch_get_id (batch));
    g_autofree char *token = kb_test_sign_in_raw (f->srv.url, "demo", "demo");

    server_batch = kb_test_http_json ("GET", url, token, NULL, &status);
    g_assert_cmpuint (status, ==, 200);
  }
  server_rows = json_object_get_array_member (json_node_get_object (server_batch), "rows");
  g_assert_cmpuint (json_array_get_length (server_rows), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(KbRenameRow) shown = g_list_model_get_item (kb_rename_page_get_results (page), i);
      JsonObject *server_row = json_array_get_object_element (server_rows, i);

      g_assert_cmpstr (kb_rename_row_get_number (shown), ==, json_object_get_string_member (server_row, "number"));
      g_assert_cmpstr (kb_rename_row_get_name (shown), ==, json_object_get_string_member (server_row, "name"));
      g_assert_cmpstr (kb_enum_to_nick (KB_TYPE_RENAME_STATUS, kb_rename_row_get_status (shown)), ==,
                       json_object_get_string_member (server_row, "status"));
    }

  /* The history: the batch pending, then done a day later. */
  show_view (page, "history");
  kb_rename_page_open_history_entry (page, 0);
  kb_test_wait_for (g_list_model_get_n_items (kb_rename_page_get_batch_rows (page)) == 4, 10);
  kb_test_wait_for (label_shown (page, C_("rename status", "Pending")), 5);
  assert_no_english (page);
  set_server_now (f, 2025, 6, 11, 13);
  kb_rename_page_open_history_entry (page, 0);
  kb_test_wait_for (first_row_status (page) == KB_RENAME_STATUS_DONE, 10);

  /* Rows pasted: the same checks. */
  show_view (page, "list");
  gtk_stack_set_visible_child_name (GTK_STACK (gtk_widget_get_parent (gtk_widget_get_parent (GTK_WIDGET (import)))), "import");
  {
    GtkTextView *view = GTK_TEXT_VIEW (kb_test_find_type (GTK_WIDGET (import), GTK_TYPE_TEXT_VIEW));
    g_autofree char *pasted = g_strdup_printf ("%s,Новое имя\n%s,Ещё раз\n+375291,Короткий\n", n0, n0);

    gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), pasted, -1);
    g_signal_emit_by_name (kb_test_find_button (GTK_WIDGET (import), _("_Check Rows")), "clicked");
    kb_test_wait_for (!kb_list_import_get_busy (import) && kb_list_import_get_n_rows (import) == 3, 10);
    g_assert_cmpint (kb_list_import_row_get_problem (import_row (import, 1)), ==, KB_SUBSCRIBER_LIST_PROBLEM_DUPLICATE);
    g_assert_cmpint (kb_list_import_row_get_problem (import_row (import, 2)), ==, KB_SUBSCRIBER_LIST_PROBLEM_BAD_NUMBER);
  }

  {
    g_autofree char *a = g_build_filename (dir, "list-1251.csv", NULL);
    g_autofree char *b = g_build_filename (dir, "list-bom.csv", NULL);

    g_unlink (a);
    g_unlink (b);
    g_rmdir (dir);
  }
}

/* The rule at its edges, on the page's clock: the last two days of a 28-,
 * 29-, 30- and 31-day month are closed, the day before is open. */
/* Rename opened before Subscriber Selection ever was, on a fresh cache: the
 * page asks for the client's list itself, and a number that is not the
 * client's is then marked unknown. */
static void
test_unknown_first (Fixture *f, gconstpointer data)
{
  KbListImport *import;
  GtkWidget *page;

  set_server_now (f, 2025, 6, 10, 12);
  kb_test_window_sign_in (f, "demo", "demo");
  g_assert_null (kb_subscribers_get_fetched_at (subscribers (f)));

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-section", "s", "rename");
  page = kb_window_get_page (f->window, "rename");
  set_page_now (KB_RENAME_PAGE (page), 2025, 6, 10, 12);
  import = kb_rename_page_get_list_import (KB_RENAME_PAGE (page));
  kb_list_import_load_text (import, "+375 25 100-00-01;Склад\n+375 29 999-99-99;Неизвестный\n");
  kb_test_wait_for (!kb_list_import_get_busy (import) && kb_list_import_get_n_rows (import) == 2, 10);

  kb_test_wait_for (kb_subscribers_get_fetched_at (subscribers (f)) != NULL &&
                    kb_list_import_get_n_problems (import) == 1, 20);
  g_assert_cmpint (kb_list_import_row_get_problem (import_row (import, 0)), ==, KB_SUBSCRIBER_LIST_PROBLEM_NONE);
  g_assert_cmpint (kb_list_import_row_get_problem (import_row (import, 1)), ==,
                   KB_SUBSCRIBER_LIST_PROBLEM_UNKNOWN_NUMBER);
}

static void
test_rule_edges (Fixture *f, gconstpointer data)
{
  static const struct { int year, month, day; gboolean open; const char *reopens; } days[] = {
    { 2027, 2, 26, TRUE, NULL }, { 2027, 2, 27, FALSE, "2027-03-01" }, { 2027, 2, 28, FALSE, "2027-03-01" },
    { 2028, 2, 27, TRUE, NULL }, { 2028, 2, 28, FALSE, "2028-03-01" }, { 2028, 2, 29, FALSE, "2028-03-01" },
    { 2025, 4, 28, TRUE, NULL }, { 2025, 4, 29, FALSE, "2025-05-01" }, { 2025, 4, 30, FALSE, "2025-05-01" },
    { 2025, 12, 29, TRUE, NULL }, { 2025, 12, 30, FALSE, "2026-01-01" }, { 2025, 12, 31, FALSE, "2026-01-01" },
    { 2026, 1, 1, TRUE, NULL },
  };
  KbRenamePage *page = open_page (f);
  KbListImport *import = kb_rename_page_get_list_import (page);
  GtkWidget *rename_button = button (page, _("_Rename"));
  GtkWidget *submit_button = button (page, _("_Submit Renames…"));
  GtkWidget *name_row = kb_test_find_type (GTK_WIDGET (page), ADW_TYPE_ENTRY_ROW);
  g_autofree char *list = g_strdup_printf ("%s;Склад\n", kb_subscriber_get_number (subscriber_at (f, 5)));

  kb_subscribers_set_current (subscribers (f), subscriber_at (f, 6));
  kb_list_import_load_text (import, list);
  kb_test_wait_for (!kb_list_import_get_busy (import) && kb_list_import_get_n_rows (import) == 1, 10);
  gtk_editable_set_text (GTK_EDITABLE (name_row), "Бухгалтерия");

  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    {
      g_test_message ("%d-%02d-%02d", days[i].year, days[i].month, days[i].day);
      set_page_now (page, days[i].year, days[i].month, days[i].day, 12);
      kb_test_drain ();
      g_assert_cmpint (kb_rename_page_get_open (page), ==, days[i].open);
      g_assert_cmpint (closed_notice_shown (page), ==, !days[i].open);
      g_assert_cmpint (gtk_widget_get_sensitive (rename_button), ==, days[i].open);
      g_assert_cmpint (gtk_widget_get_sensitive (submit_button), ==, days[i].open);
      if (!days[i].open)
        {
          g_autoptr(GDate) date = g_date_new ();
          g_autofree char *text = NULL;

          g_date_set_parse (date, days[i].reopens);
          text = g_strdup_printf ("%02d.%02d.%04d", g_date_get_day (date), g_date_get_month (date),
                                  g_date_get_year (date));
          if (russian)
            g_assert_nonnull (kb_test_find_label_containing (GTK_WIDGET (page), text));
          assert_no_english (page);

          /* Pressing the buttons sends nothing and keeps what was typed. */
          g_signal_emit_by_name (rename_button, "clicked");
          g_signal_emit_by_name (submit_button, "clicked");
          kb_test_drain ();
          g_assert_null (kb_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
          g_assert_cmpuint (g_list_model_get_n_items (kb_renames_get_model (renames (f))), ==, 0);
          g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name_row)), ==, "Бухгалтерия");
          g_assert_cmpuint (kb_list_import_get_n_rows (import), ==, 1);
        }
    }

  /* The page's clock says open, the server's says the month's last day:
   * its 409 shows the same notice, and the name stays. */
  set_page_now (page, 2025, 6, 28, 23);
  set_server_now (f, 2025, 6, 29, 0);
  kb_test_drain ();
  g_assert_false (closed_notice_shown (page));
  g_signal_emit_by_name (rename_button, "clicked");
  kb_test_wait_for (closed_notice_shown (page), 10);
  g_assert_false (gtk_widget_get_sensitive (rename_button));
  g_assert_false (gtk_widget_get_sensitive (submit_button));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name_row)), ==, "Бухгалтерия");
  g_assert_cmpuint (kb_list_import_get_n_rows (import), ==, 1);
  if (russian)
    g_assert_nonnull (kb_test_find_label_containing (GTK_WIDGET (page), "01.07.2025"));
  assert_no_english (page);
}

static gboolean
match_spinning (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_SPINNER (widget) && gtk_spinner_get_spinning (GTK_SPINNER (widget)) &&
         kb_test_is_shown (widget);
}

/* After a rename Subscriber Selection's details pane ends its spinners:
 * the rename makes the list's copy of the subscriber, which has no
 * services, the current one, and the pane asks the server for them again. */
static void
test_services_after_rename (Fixture *f, gconstpointer data)
{
  KbRenamePage *page = open_page (f);
  GtkWidget *subscribers_page = kb_window_get_page (f->window, "subscribers");
  GtkWidget *view = kb_test_find_type (subscribers_page, GTK_TYPE_COLUMN_VIEW);
  GtkWidget *name_row = kb_test_find_type (GTK_WIDGET (page), ADW_TYPE_ENTRY_ROW);
  KbSubscriber *subscriber;
  g_autofree char *id = NULL;

  /* Chosen in Subscriber Selection, as a click does: its services shown. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-section", "s", "subscribers");
  g_signal_emit_by_name (view, "activate", 2);
  subscriber = kb_subscribers_get_current (subscribers (f));
  g_assert_nonnull (subscriber);
  id = g_strdup (kb_subscriber_get_id (subscriber));
  kb_test_wait_for (kb_subscriber_get_services (kb_subscribers_get_current (subscribers (f))) != NULL &&
                    kb_test_find_widget (subscribers_page, match_spinning, NULL) == NULL, 10);

  /* Renamed. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-section", "s", "rename");
  gtk_editable_set_text (GTK_EDITABLE (name_row), "Склад, Сидоров С.");
  g_signal_emit_by_name (button (page, _("_Rename")), "clicked");
  kb_test_wait_for (kb_subscriber_get_pending_name (kb_subscribers_get_current (subscribers (f))) != NULL, 10);
  g_assert_cmpstr (kb_subscriber_get_id (kb_subscribers_get_current (subscribers (f))), ==, id);

  /* Back in Subscriber Selection the services come, and no spinner is left. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-section", "s", "subscribers");
  kb_test_wait_for (kb_subscriber_get_services (kb_subscribers_get_current (subscribers (f))) != NULL &&
                    kb_test_find_widget (subscribers_page, match_spinning, NULL) == NULL, 10);
  g_assert_nonnull (kb_test_find_label (subscribers_page, _("Additional Services")));
}

/* Both the form and the list hand the rule every refusal: only the
 * server's word that renaming is closed closes it, until a reload. */
static void
test_rule_refusal (void)
{
  g_autoptr(KbRenameRule) rule = kb_rename_rule_new ();
  g_autoptr(GDateTime) now = g_date_time_new_utc (2025, 6, 28, 12, 0, 0);
  g_autoptr(GError) offline = g_error_new_literal (KB_API_ERROR, KB_API_ERROR_NETWORK, "offline");
  g_autoptr(GError) closed = g_error_new_literal (KB_API_ERROR, KB_API_ERROR_RENAME_WINDOW_CLOSED,
                                                  "closed");
  g_autoptr(GDateTime) reopens = NULL;

  kb_rename_rule_set_now (rule, now);
  g_assert_true (kb_rename_rule_get_open (rule));
  kb_rename_rule_note_refusal (rule, offline);
  g_assert_true (kb_rename_rule_get_open (rule));
  g_assert_null (kb_rename_rule_get_reopens (rule));

  kb_rename_rule_note_refusal (rule, closed);
  g_assert_false (kb_rename_rule_get_open (rule));
  reopens = kb_rename_rule_get_reopens (rule);
  g_assert_nonnull (reopens);
  g_assert_cmpint (g_date_time_get_month (reopens), ==, 7);
  g_assert_cmpint (g_date_time_get_day_of_month (reopens), ==, 1);

  kb_rename_rule_forget_server (rule);
  g_assert_true (kb_rename_rule_get_open (rule));
}

int
main (int argc, char *argv[])
{
  kb_test_ui_init (&argc, &argv);
  russian = kb_test_in_russian ();

  app = kb_test_application_new ();
  g_settings_set_boolean (kb_application_get_settings (app), "notifications", FALSE);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, kb_test_window_teardown)
  ADD ("/ui-rename/single", test_single);
  ADD ("/ui-rename/list", test_list);
  ADD ("/ui-rename/unknown-first", test_unknown_first);
  ADD ("/ui-rename/rule-edges", test_rule_edges);
  ADD ("/ui-rename/services-after-rename", test_services_after_rename);
  ADD ("/ui-rename/keyboard", test_keyboard);
#undef ADD
  g_test_add_func ("/ui-rename/rule-refusal", test_rule_refusal);

  return kb_test_run_application (&app);
}
