/* test-ui-list-import.c — KbListImport on its own: rows from pasted text and from real files
 * (UTF-8 with a BOM and CRLF, Windows-1251 with ";" and a header), the problems it shows,
 * a row fixed in place and one dropped (duplicates worked out again), rows with problems
 * dropped at once, files that are not lists, a file or text dropped on it, and 100 000
 * rows read off the main loop.
 * Run in English and Russian. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "kb-list-import.h"
#include "kb-test-util.h"
#include "kb-test-widgets.h"
#include "kb-test-window.h"

typedef struct {
  GtkWindow *window;
  KbListImport *import;
  char *dir;
  guint loaded;
} Fixture;

static void
on_loaded (KbListImport *import, Fixture *f)
{
  f->loaded++;
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 900, 600);
  f->import = KB_LIST_IMPORT (kb_list_import_new (GPOINTER_TO_INT (data)));
  g_signal_connect (f->import, "loaded", G_CALLBACK (on_loaded), f);
  gtk_window_set_child (f->window, GTK_WIDGET (f->import));
  gtk_window_present (f->window);
  f->dir = g_dir_make_tmp ("kb-list-import-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_clear_pointer (&f->dir, g_free);
  gtk_window_destroy (f->window);
}

static void
wait_loaded (Fixture *f, guint before)
{
  kb_test_wait_for (f->loaded > before && !kb_list_import_get_busy (f->import), 20);
}

static void
load_text (Fixture *f, const char *text)
{
  guint before = f->loaded;

  kb_list_import_load_text (f->import, text);
  wait_loaded (f, before);
}

static void
load_file (Fixture *f, const char *name, const char *data, gssize length)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  guint before = f->loaded;

  g_file_set_contents (path, data, length, &error);
  g_assert_no_error (error);
  kb_list_import_load_file (f->import, file);
  wait_loaded (f, before);
}

static KbListImportRow *
row_at (Fixture *f, guint position)
{
  KbListImportRow *row = g_list_model_get_item (kb_list_import_get_model (f->import), position);

  g_object_unref (row);
  return row;
}

static void
test_paste (Fixture *f, gconstpointer data)
{
  g_autofree char *long_name = g_strnfill (101, 'x');
  g_autofree char *text = g_strdup_printf ("+375291111111;Иванов\n"
                                           "8 029 222-22-22;Петров\n"
                                           "+375291111111;Повтор\n"
                                           "12345;Плохой номер\n"
                                           "+375293333333;\n"
                                           "+375294444444;%s\n",
                                           long_name);
  g_autoptr(GPtrArray) rows = NULL;

  load_text (f, text);
  g_assert_null (kb_list_import_get_error (f->import));
  g_assert_cmpuint (kb_list_import_get_n_rows (f->import), ==, 6);
  g_assert_cmpuint (kb_list_import_get_n_problems (f->import), ==, 4);
  g_assert_cmpuint (kb_list_import_get_n_valid (f->import), ==, 2);
  g_assert_cmpint (kb_list_import_row_get_problem (row_at (f, 2)), ==, KB_SUBSCRIBER_LIST_PROBLEM_DUPLICATE);
  g_assert_cmpint (kb_list_import_row_get_problem (row_at (f, 3)), ==, KB_SUBSCRIBER_LIST_PROBLEM_BAD_NUMBER);
  g_assert_cmpint (kb_list_import_row_get_problem (row_at (f, 4)), ==, KB_SUBSCRIBER_LIST_PROBLEM_EMPTY_NAME);
  g_assert_cmpint (kb_list_import_row_get_problem (row_at (f, 5)), ==, KB_SUBSCRIBER_LIST_PROBLEM_NAME_TOO_LONG);
  g_assert_cmpstr (kb_list_import_row_get_number (row_at (f, 1)), ==, "+375292222222");
  g_assert_cmpstr (kb_list_import_row_get_raw_number (row_at (f, 1)), ==, "8 029 222-22-22");

  /* The table shows the rows and their translated problems. */
  kb_test_wait_for (kb_test_find_label (GTK_WIDGET (f->import),
                                        _("This number is already in the list above.")) != NULL, 5);
  g_assert_nonnull (kb_test_find_label_containing (GTK_WIDGET (f->import),
                                                   kb_test_trf ("%s, %s", kb_test_ntrf ("%u row", "%u rows", 6, 6),
                                                                kb_test_ntrf ("%u with a problem", "%u with problems",
                                                                              4, 4))));

  /* Fixing the first row's number: the third is no longer a duplicate. */
  kb_list_import_fix_row (f->import, 0, "+375 29 555-55-55", "Иванов");
  g_assert_cmpint (kb_list_import_row_get_problem (row_at (f, 2)), ==, KB_SUBSCRIBER_LIST_PROBLEM_NONE);
  g_assert_cmpstr (kb_list_import_row_get_number (row_at (f, 0)), ==, "+375295555555");
  /* A name fixed. */
  kb_list_import_fix_row (f->import, 4, "+375293333333", "  Сидоров ");
  g_assert_cmpint (kb_list_import_row_get_problem (row_at (f, 4)), ==, KB_SUBSCRIBER_LIST_PROBLEM_NONE);
  g_assert_cmpstr (kb_list_import_row_get_name (row_at (f, 4)), ==, "Сидоров");
  g_assert_cmpuint (kb_list_import_get_n_problems (f->import), ==, 2);

  /* Dropping a row; then the ones with problems. */
  kb_list_import_drop_row (f->import, 3);
  g_assert_cmpuint (kb_list_import_get_n_rows (f->import), ==, 5);
  g_assert_cmpuint (kb_list_import_get_n_problems (f->import), ==, 1);
  g_assert_cmpuint (kb_list_import_drop_problems (f->import), ==, 1);
  g_assert_cmpuint (kb_list_import_get_n_problems (f->import), ==, 0);

  rows = kb_list_import_get_rows (f->import);
  g_assert_cmpuint (rows->len, ==, 4);
  g_assert_cmpstr (kb_list_import_row_get_name (rows->pdata[3]), ==, "Сидоров");
  g_assert_cmpuint (kb_list_import_row_get_line (rows->pdata[3]), ==, 5);
}

static void
test_files (Fixture *f, gconstpointer data)
{
  /* Excel on Russian Windows: Windows-1251, ";", a header, CRLF. */
  static const char cp1251[] =
    "\xcd\xee\xec\xe5\xf0;\xc8\xec\xff\r\n"            /* Номер;Имя */
    "+375291111111;\xc8\xe2\xe0\xed\xee\xe2\r\n"       /* Иванов */
    "\"+375292222222\";\"\xce\xce\xce \"\"\xd0\xee\xec\xe0\xf8\xea\xe0\"\"\"\r\n"; /* ООО "Ромашка" */
  g_autofree char *path = NULL;

  load_file (f, "cp1251.csv", cp1251, sizeof cp1251 - 1);
  g_assert_null (kb_list_import_get_error (f->import));
  g_assert_cmpuint (kb_list_import_get_n_rows (f->import), ==, 2);
  g_assert_cmpstr (kb_list_import_row_get_name (row_at (f, 0)), ==, "Иванов");
  g_assert_cmpstr (kb_list_import_row_get_name (row_at (f, 1)), ==, "ООО \"Ромашка\"");
  g_assert_cmpuint (kb_list_import_row_get_line (row_at (f, 1)), ==, 3);

  /* UTF-8 with a BOM, "," and no header. */
  load_file (f, "bom.csv", "\xef\xbb\xbf+375293333333,Сидоров\r\n+375294444444,Козлов\r\n", -1);
  g_assert_cmpuint (kb_list_import_get_n_rows (f->import), ==, 2);
  g_assert_cmpstr (kb_list_import_row_get_number (row_at (f, 0)), ==, "+375293333333");
  g_assert_cmpstr (kb_list_import_row_get_name (row_at (f, 1)), ==, "Козлов");

  /* Not a list: the error is said, the rows stay. */
  load_file (f, "sheet.xlsx", "PK\x03\x04\x00\x00\x08\x00", 8);
  g_assert_nonnull (kb_list_import_get_error (f->import));
  g_assert_cmpuint (kb_list_import_get_n_rows (f->import), ==, 2);
  g_assert_true (kb_test_is_shown (kb_test_find_label (GTK_WIDGET (f->import),
                                                       kb_list_import_get_error (f->import))));

  load_file (f, "empty.csv", "\r\n;;\r\n", -1);
  g_assert_cmpstr (kb_list_import_get_error (f->import), ==,
                   _("There are no rows in this list."));

  path = g_build_filename (f->dir, "missing.csv", NULL);
  {
    g_autoptr(GFile) file = g_file_new_for_path (path);
    guint before = f->loaded;

    kb_list_import_load_file (f->import, file);
    wait_loaded (f, before);
    g_assert_true (g_str_has_prefix (kb_list_import_get_error (f->import),
                                     kb_test_tr_lead ("The file could not be read: %s")));
  }

  /* A good list clears the error. */
  load_text (f, "+375291111111;Иванов");
  g_assert_null (kb_list_import_get_error (f->import));
  g_assert_cmpuint (kb_list_import_get_n_rows (f->import), ==, 1);
}

static void
test_numbers_only (Fixture *f, gconstpointer data)
{
  load_text (f, "+375291111111\n+375291111111\n375292222222\n");
  g_assert_cmpuint (kb_list_import_get_n_rows (f->import), ==, 3);
  g_assert_cmpuint (kb_list_import_get_n_problems (f->import), ==, 1);
  g_assert_null (kb_list_import_row_get_name (row_at (f, 0)));
  /* No name column. */
  g_assert_cmpuint (g_list_model_get_n_items (gtk_column_view_get_columns (GTK_COLUMN_VIEW (
                      kb_test_find_type (GTK_WIDGET (f->import), GTK_TYPE_COLUMN_VIEW)))), ==, 4);
}

static GtkDropTarget *
drop_target (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        return GTK_DROP_TARGET (controller);
    }
  return NULL;
}

/* A file or text dropped anywhere on the widget is read like an opened file
 * or a paste (the drop target's "drop", as GTK emits it). */
static void
test_drop (Fixture *f, gconstpointer data)
{
  GtkDropTarget *target = drop_target (GTK_WIDGET (f->import));
  g_autofree char *path = g_build_filename (f->dir, "dropped.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_auto(GValue) file_value = G_VALUE_INIT;
  g_auto(GValue) text_value = G_VALUE_INIT;
  gboolean accepted = FALSE;
  guint before;

  g_assert_nonnull (target);
  g_file_set_contents (path, "+375291111111;Иванов\r\n+375292222222;Петров\r\n", -1, NULL);

  g_value_init (&file_value, G_TYPE_FILE);
  g_value_set_object (&file_value, file);
  before = f->loaded;
  g_signal_emit_by_name (target, "drop", &file_value, 10.0, 10.0, &accepted);
  g_assert_true (accepted);
  wait_loaded (f, before);
  g_assert_cmpuint (kb_list_import_get_n_rows (f->import), ==, 2);

  g_value_init (&text_value, G_TYPE_STRING);
  g_value_set_string (&text_value, "+375293333333;Сидоров");
  before = f->loaded;
  g_signal_emit_by_name (target, "drop", &text_value, 10.0, 10.0, &accepted);
  g_assert_true (accepted);
  wait_loaded (f, before);
  g_assert_cmpuint (kb_list_import_get_n_rows (f->import), ==, 1);
  g_assert_cmpstr (kb_list_import_row_get_name (row_at (f, 0)), ==, "Сидоров");
}

typedef struct {
  Fixture *f;
  guint before;
  gint64 last;
  gint64 longest;
} BigLoad;

/* Whether the list is read, noting the longest the main loop took to turn. */
static gboolean
big_loaded (gpointer data)
{
  BigLoad *load = data;
  gint64 now = g_get_monotonic_time ();

  load->longest = MAX (load->longest, now - load->last);
  load->last = now;
  return load->f->loaded != load->before;
}

static void
test_big (Fixture *f, gconstpointer data)
{
  g_autoptr(GString) text = g_string_new ("Номер;Имя\n");
  BigLoad load = { f, f->loaded, 0, 0 };
  gint64 start;

  for (guint i = 0; i < 100000; i++)
    g_string_append_printf (text, "+37529%07u;Абонент %u\n", 1000000 + i, i);

  /* The main loop keeps turning while the list is parsed. */
  kb_list_import_load_text (f->import, text->str);
  start = load.last = g_get_monotonic_time ();
  kb_test_wait_until (big_loaded, &load, 30000);
  g_assert_cmpuint (kb_list_import_get_n_rows (f->import), ==, 100000);
  g_assert_cmpuint (kb_list_import_get_n_problems (f->import), ==, 0);
  g_test_message ("100 000 rows in %" G_GINT64_FORMAT " ms; longest main-loop gap %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - start) / 1000, load.longest / 1000);

  /* A fix re-checks all rows quickly. */
  start = g_get_monotonic_time ();
  kb_list_import_fix_row (f->import, 99999, "+375291000000", "Повтор");
  g_assert_cmpint (kb_list_import_row_get_problem (row_at (f, 99999)), ==, KB_SUBSCRIBER_LIST_PROBLEM_DUPLICATE);
  g_test_message ("a fix re-checked 100 000 rows in %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - start) / 1000);
}

/* The table's view, its scroller and, in it, the label showing @text. */
static GtkWidget *
table_view (Fixture *f)
{
  GtkWidget *view = kb_test_find_type (GTK_WIDGET (f->import), GTK_TYPE_COLUMN_VIEW);

  g_assert_nonnull (view);
  return view;
}

static gboolean
match_label_of (GtkWidget *widget, gconstpointer text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0 &&
         gtk_widget_get_mapped (widget);
}

/* Whether the label showing @text lies inside the table's scroller,
 * across, on @lines or fewer lines. */
static gboolean
label_in_view (Fixture *f, const char *text, int lines)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (table_view (f), GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *label = kb_test_find_widget (scroller, match_label_of, text);
  graphene_rect_t bounds;

  if (label == NULL || !gtk_widget_compute_bounds (label, scroller, &bounds))
    return FALSE;
  return bounds.origin.x >= 0 && bounds.size.width > 0 &&
         bounds.origin.x + bounds.size.width <= gtk_widget_get_width (scroller) &&
         pango_layout_get_line_count (gtk_label_get_layout (GTK_LABEL (label))) <= lines;
}

/* A name of 150 characters is cut short with the whole of it in the
 * tooltip, and the problem beside it stays in view on one or two lines;
 * after the table was scrolled sideways another file shows its rows. */
static void
test_long_values (Fixture *f, gconstpointer data)
{
  GString *name = g_string_new (NULL);
  g_autofree char *first = NULL;
  GtkWidget *view = table_view (f);
  const char *too_long = _("The new name is longer than 100 characters.");
  g_autoptr(GtkColumnViewColumn) line_column = NULL;
  GtkAdjustment *hadjustment;
  GtkWidget *name_cell;

  for (guint i = 0; i < 150; i++)
    g_string_append_unichar (name, 0x0430 + i % 32);
  first = g_strdup_printf ("+375291111111;%s\n+375292222222;Петров\n", name->str);
  load_file (f, "long.csv", first, -1);
  g_assert_cmpuint (kb_list_import_get_n_problems (f->import), ==, 1);
  kb_test_wait_for (label_in_view (f, too_long, 2), 5);

  /* The name is ellipsized, and whole in its tooltip. */
  name_cell = kb_test_find_widget (table_view (f), match_label_of, name->str);
  g_assert_nonnull (name_cell);
  g_assert_true (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (name_cell))));
  {
    GtkWidget *editable = gtk_widget_get_ancestor (name_cell, GTK_TYPE_EDITABLE_LABEL);

    g_assert_cmpstr (gtk_widget_get_tooltip_text (editable), ==, name->str);
  }

  /* Scrolled sideways as far as it goes (the table made wider than the
   * window by its first column, as at a narrow width), then a corrected
   * file, narrower. */
  line_column = g_list_model_get_item (gtk_column_view_get_columns (GTK_COLUMN_VIEW (view)), 0);
  gtk_column_view_column_set_fixed_width (line_column, 2000);
  hadjustment = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (view));
  kb_test_wait_for (gtk_adjustment_get_upper (hadjustment) >= 2000, 5);
  gtk_adjustment_set_value (hadjustment, gtk_adjustment_get_upper (hadjustment));
  kb_test_drain ();
  g_assert_cmpfloat (gtk_adjustment_get_value (hadjustment), >, 1000);
  gtk_column_view_column_set_fixed_width (line_column, -1);
  load_file (f, "fixed.csv", "+375291111111;Иванов\n+375292222222;Петров\n", -1);
  g_assert_cmpuint (kb_list_import_get_n_problems (f->import), ==, 0);
  kb_test_wait_for (label_in_view (f, "Иванов", 1) && label_in_view (f, "Петров", 1) &&
                    label_in_view (f, _("New name"), 1), 5);
  g_string_free (name, TRUE);
}

int
main (int argc, char *argv[])
{
  kb_test_ui_init (&argc, &argv);

#define ADD(path, kind, func) \
  g_test_add (path, Fixture, GINT_TO_POINTER (kind), fixture_setup, func, fixture_teardown)
  ADD ("/list-import/paste", KB_SUBSCRIBER_LIST_RENAME, test_paste);
  ADD ("/list-import/files", KB_SUBSCRIBER_LIST_RENAME, test_files);
  ADD ("/list-import/numbers-only", KB_SUBSCRIBER_LIST_NUMBERS, test_numbers_only);
  ADD ("/list-import/drop", KB_SUBSCRIBER_LIST_RENAME, test_drop);
  ADD ("/list-import/100000-rows", KB_SUBSCRIBER_LIST_RENAME, test_big);
  ADD ("/list-import/long-values", KB_SUBSCRIBER_LIST_RENAME, test_long_values);
#undef ADD

  return g_test_run ();
}
