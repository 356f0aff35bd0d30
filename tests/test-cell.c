/* test-cell.c — kb_cell_add_column(), the one column helper of every column view.
 *
 * A column made from a KbCellColumn must be what its flags say, sort with
 * its compare function, show each row through its text and bind functions,
 * show a row again when the row notifies, colour its status pills through
 * its style function, let its rows go through its unbind function, and name
 * its cells and rows for screen readers, also when a wrapping label sits
 * in a KbLabelBin. The label, pill and tooltip helpers and the bin's
 * measuring are checked too.
 */
#include "config.h"

#include <gtk/gtk.h>

#include "kb-cell.h"
#include "kb-label-bin.h"
#include "kb-tooltip.h"
#include "kb-question.h"
#include "kb-test-widgets.h"
#include "kb-test-window.h"

typedef struct {
  guint n_setup;
  guint n_bind;
  guint n_unbind;
} Counts;

static char *
question_text (gpointer item, int column, gpointer user_data)
{
  g_assert_cmpint (column, ==, 7);
  return g_strdup (kb_question_get_text (item));
}

static int
compare_text (gconstpointer a, gconstpointer b, gpointer user_data)
{
  return g_strcmp0 (kb_question_get_text ((KbQuestion *) a),
                    kb_question_get_text ((KbQuestion *) b));
}

static GtkWidget *
setup_count (int column, gpointer user_data)
{
  Counts *counts = user_data;

  counts->n_setup++;
  return gtk_button_new ();
}

static void
bind_count (GtkWidget *cell, gpointer item, int column, gpointer user_data)
{
  Counts *counts = user_data;

  g_assert_true (GTK_IS_BUTTON (cell));
  g_assert_true (KB_IS_QUESTION (item));
  counts->n_bind++;
}

static void
unbind_count (GtkWidget *cell, gpointer item, int column, gpointer user_data)
{
  Counts *counts = user_data;

  counts->n_unbind++;
}

static void
collect_labels (GtkWidget *widget, GPtrArray *texts)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (child)), "q-"))
        g_ptr_array_add (texts, g_strdup (gtk_label_get_text (GTK_LABEL (child))));
      collect_labels (child, texts);
    }
}

static gboolean
shows (GtkWidget *view, const char *text)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

  collect_labels (view, texts);
  for (guint i = 0; i < texts->len; i++)
    if (g_str_equal (texts->pdata[i], text))
      return TRUE;
  return FALSE;
}

/* Shows @view with the rows of @rows in a window of its own. */
static GtkWidget *
present_view (GtkWidget *view, GListStore *rows)
{
  g_autoptr(GtkNoSelection) selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (rows)));
  GtkWidget *window = gtk_window_new ();

  gtk_column_view_set_model (GTK_COLUMN_VIEW (view), GTK_SELECTION_MODEL (selection));
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_set_default_size (GTK_WINDOW (window), 400, 300);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
test_column (void)
{
  g_autoptr(GListStore) questions = g_list_store_new (KB_TYPE_QUESTION);
  GtkWidget *window;
  GtkWidget *view = gtk_column_view_new (NULL);
  GtkColumnViewColumn *text_column, *count_column;
  Counts counts = { 0 };
  g_autoptr(KbQuestion) first = NULL;

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(KbQuestion) question = kb_question_new ();
      g_autofree char *text = g_strdup_printf ("q-%u", 3 - i);

      kb_question_set_text (question, text);
      g_list_store_append (questions, question);
    }
  first = g_list_model_get_item (G_LIST_MODEL (questions), 0);

  text_column = kb_cell_add_column (GTK_COLUMN_VIEW (view), &(KbCellColumn) {
                                      .title = "Text", .column = 7,
                                      .flags = KB_CELL_EXPAND | KB_CELL_ELLIPSIZE,
                                      .compare = compare_text, .text = question_text,
                                      .follow = "notify::text" });
  count_column = kb_cell_add_column (GTK_COLUMN_VIEW (view), &(KbCellColumn) {
                                       .title = "", .flags = KB_CELL_FIXED, .setup = setup_count,
                                       .bind = bind_count, .unbind = unbind_count,
                                       .user_data = &counts });

  /* The column is what its flags say, and sorts only with a compare function. */
  g_assert_true (gtk_column_view_column_get_column_view (text_column) == GTK_COLUMN_VIEW (view));
  g_assert_cmpstr (gtk_column_view_column_get_title (text_column), ==, "Text");
  g_assert_true (gtk_column_view_column_get_expand (text_column));
  g_assert_true (gtk_column_view_column_get_resizable (text_column));
  g_assert_nonnull (gtk_column_view_column_get_sorter (text_column));
  g_assert_false (gtk_column_view_column_get_expand (count_column));
  g_assert_false (gtk_column_view_column_get_resizable (count_column));
  g_assert_null (gtk_column_view_column_get_sorter (count_column));

  window = present_view (view, questions);

  /* Every row shows through the text function, and the custom cells are made and bound. */
  kb_test_wait_for (shows (view, "q-1"), 10);
  g_assert_true (shows (view, "q-2"));
  g_assert_true (shows (view, "q-3"));
  g_assert_cmpuint (counts.n_setup, >=, 3);
  g_assert_cmpuint (counts.n_bind, >=, 3);

  /* A row that changes in place is shown again. */
  kb_question_set_text (first, "q-changed");
  g_assert_true (shows (view, "q-changed"));
  g_assert_false (shows (view, "q-3"));

  /* Rows that go are let go of. */
  gtk_column_view_set_model (GTK_COLUMN_VIEW (view), NULL);
  kb_test_drain ();
  g_assert_cmpuint (counts.n_unbind, ==, counts.n_bind);

  /* After unbinding, a change reaches no cell. */
  kb_question_set_text (first, "q-after");
  g_assert_false (shows (view, "q-after"));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
bind_reply (GtkWidget *cell, gpointer item, int column, gpointer user_data)
{
  g_autofree char *text = g_strconcat ("re ", kb_question_get_text (item), NULL);

  gtk_label_set_text (GTK_LABEL (cell), text);
}

/* Whether @widget's accessible label is @text. */
static gboolean
is_named (GtkWidget *widget, const char *text)
{
  g_autofree char *error = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                                               GTK_ACCESSIBLE_PROPERTY_LABEL, text);

  return error == NULL;
}

/* Whether the cell and the row around the label saying @label are named
 * @cell_name and @row_name. */
static gboolean
row_is_named (GtkWidget *view, const char *label, const char *cell_name, const char *row_name)
{
  GtkWidget *found = kb_test_find_label (view, label);
  GtkWidget *cell = found != NULL ? gtk_widget_get_parent (found) : NULL;
  GtkWidget *row;

  /* A wrapping label is held by a bin, which is the list item's child. */
  if (cell != NULL && KB_IS_LABEL_BIN (cell))
    cell = gtk_widget_get_parent (cell);
  row = cell != NULL ? gtk_widget_get_parent (cell) : NULL;

  return row != NULL && is_named (cell, cell_name) && is_named (row, row_name);
}

/* Makes the reply column's labels with the flags its column was given. */
static GtkWidget *
setup_reply (int column, gpointer user_data)
{
  return kb_cell_new_label (GPOINTER_TO_UINT (user_data));
}

/* GTK 4.8 names cells and rows after nothing: a cell reads as its text
 * (the text function's, or its labels'), a row as all its cells, also
 * after the row changes in place. With %KB_CELL_WRAP each label sits in a
 * KbLabelBin, and the column's functions still get the label. */
static void
check_names (KbCellFlags flags)
{
  g_autoptr(GListStore) questions = g_list_store_new (KB_TYPE_QUESTION);
  g_autoptr(KbQuestion) question = kb_question_new ();
  GtkWidget *view = gtk_column_view_new (NULL);
  gboolean in_bin = (flags & KB_CELL_WRAP) != 0;
  GtkWidget *window, *label;

  kb_question_set_text (question, "q-1");
  g_list_store_append (questions, question);
  kb_cell_add_column (GTK_COLUMN_VIEW (view), &(KbCellColumn) {
                        .title = "Text", .column = 7, .flags = flags, .text = question_text,
                        .follow = "notify::text" });
  kb_cell_add_column (GTK_COLUMN_VIEW (view), &(KbCellColumn) {
                        .title = "Reply", .setup = setup_reply, .bind = bind_reply,
                        .follow = "notify::text", .user_data = GUINT_TO_POINTER (flags) });
  window = present_view (view, questions);

  kb_test_wait_for (row_is_named (view, "q-1", "q-1", "q-1 re q-1"), 10);
  kb_test_wait_for (row_is_named (view, "re q-1", "re q-1", "q-1 re q-1"), 10);
  label = kb_test_find_label (view, "q-1");
  g_assert_cmpint (KB_IS_LABEL_BIN (gtk_widget_get_parent (label)), ==, in_bin);
  g_assert_cmpint (KB_IS_LABEL_BIN (gtk_widget_get_parent (kb_test_find_label (view, "re q-1"))), ==, in_bin);

  kb_question_set_text (question, "q-changed");
  kb_test_wait_for (row_is_named (view, "q-changed", "q-changed", "q-changed re q-changed"), 10);
  g_assert_true (row_is_named (view, "re q-changed", "re q-changed", "q-changed re q-changed"));
  g_assert_true (kb_test_find_label (view, "q-changed") == label);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_accessible_names (void)
{
  check_names (KB_CELL_DEFAULT);
}

static void
test_wrapping_cells (void)
{
  check_names (KB_CELL_WRAP);
}

/* Asked for its width at a height, the bin gives its label's width
 * without one (a wrapping label would search for the narrowest width that
 * fits that height); heights and the allocation go through. */
static void
test_label_bin (void)
{
  GtkWidget *label = gtk_label_new ("one two three four five six seven eight nine ten");
  GtkWidget *bin = g_object_ref_sink (kb_label_bin_new (label));
  int min, nat, free_min, free_nat, line, bin_line, narrow_min;

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, TRUE);
  g_assert_true (kb_label_bin_get_child (KB_LABEL_BIN (bin)) == label);
  g_assert_true (gtk_widget_get_parent (label) == bin);
  g_assert_cmpint (gtk_widget_get_request_mode (bin), ==, GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH);
  g_assert_true (gtk_widget_compute_expand (bin, GTK_ORIENTATION_HORIZONTAL));
  g_assert_false (gtk_widget_compute_expand (bin, GTK_ORIENTATION_VERTICAL));

  gtk_widget_measure (label, GTK_ORIENTATION_HORIZONTAL, -1, &free_min, &free_nat, NULL, NULL);
  gtk_widget_measure (label, GTK_ORIENTATION_VERTICAL, free_nat, &line, NULL, NULL, NULL);
  /* The label alone, held to one line, needs its whole width. */
  gtk_widget_measure (label, GTK_ORIENTATION_HORIZONTAL, line, &narrow_min, NULL, NULL, NULL);
  g_assert_cmpint (narrow_min, >, free_min);

  gtk_widget_measure (bin, GTK_ORIENTATION_HORIZONTAL, line, &min, &nat, NULL, NULL);
  g_assert_cmpint (min, ==, free_min);
  g_assert_cmpint (nat, ==, free_nat);
  gtk_widget_measure (bin, GTK_ORIENTATION_VERTICAL, free_nat, &bin_line, NULL, NULL, NULL);
  g_assert_cmpint (bin_line, ==, line);
  gtk_widget_measure (bin, GTK_ORIENTATION_VERTICAL, free_min, &min, NULL, NULL, NULL);
  g_assert_cmpint (min, >, line);

  kb_label_bin_set_child (KB_LABEL_BIN (bin), NULL);
  g_assert_null (kb_label_bin_get_child (KB_LABEL_BIN (bin)));
  gtk_widget_measure (bin, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  g_assert_cmpint (nat, ==, 0);
  g_object_unref (bin);
}

static const char *
question_style (gpointer item, int column, gpointer user_data)
{
  return g_str_has_suffix (kb_question_get_text (item), "-late") ? "error" : NULL;
}

/* A pill column's style function colours each row's pill, and again when
 * the row changes. */
static void
test_pill_style (void)
{
  g_autoptr(GListStore) questions = g_list_store_new (KB_TYPE_QUESTION);
  g_autoptr(KbQuestion) on_time = kb_question_new ();
  g_autoptr(KbQuestion) late = kb_question_new ();
  GtkWidget *window;
  GtkWidget *view = gtk_column_view_new (NULL);
  GtkWidget *pill;

  kb_question_set_text (on_time, "q-on-time");
  kb_question_set_text (late, "q-late");
  g_list_store_append (questions, on_time);
  g_list_store_append (questions, late);
  kb_cell_add_column (GTK_COLUMN_VIEW (view), &(KbCellColumn) {
                        .title = "Status", .column = 7, .flags = KB_CELL_PILL,
                        .text = question_text, .style = question_style,
                        .follow = "notify::text" });
  window = present_view (view, questions);

  kb_test_wait_for (kb_test_find_label (view, "q-late") != NULL, 10);
  pill = kb_test_find_label (view, "q-late");
  g_assert_true (gtk_widget_has_css_class (pill, "status-pill"));
  g_assert_true (gtk_widget_has_css_class (pill, "error"));
  g_assert_false (gtk_widget_has_css_class (kb_test_find_label (view, "q-on-time"), "error"));

  kb_question_set_text (late, "q-now-on-time");
  g_assert_true (kb_test_find_label (view, "q-now-on-time") == pill);
  g_assert_false (gtk_widget_has_css_class (pill, "error"));
  kb_question_set_text (on_time, "q-now-late");
  g_assert_true (gtk_widget_has_css_class (kb_test_find_label (view, "q-now-late"), "error"));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_label (void)
{
  GtkWidget *plain = g_object_ref_sink (kb_cell_new_label (KB_CELL_DEFAULT));
  GtkWidget *amount = g_object_ref_sink (kb_cell_new_label (KB_CELL_END | KB_CELL_NUMERIC |
                                                            KB_CELL_DIM));
  GtkWidget *pill = g_object_ref_sink (kb_cell_new_label (KB_CELL_PILL | KB_CELL_ELLIPSIZE));

  g_assert_cmpfloat (gtk_label_get_xalign (GTK_LABEL (plain)), ==, 0.0);
  g_assert_cmpint (gtk_label_get_ellipsize (GTK_LABEL (plain)), ==, PANGO_ELLIPSIZE_NONE);
  g_assert_cmpfloat (gtk_label_get_xalign (GTK_LABEL (amount)), ==, 1.0);
  g_assert_true (gtk_widget_has_css_class (amount, "numeric"));
  g_assert_true (gtk_widget_has_css_class (amount, "dim-label"));
  g_assert_true (gtk_widget_has_css_class (pill, "status-pill"));
  g_assert_cmpint (gtk_widget_get_halign (pill), ==, GTK_ALIGN_START);
  g_assert_cmpint (gtk_label_get_ellipsize (GTK_LABEL (pill)), ==, PANGO_ELLIPSIZE_END);

  /* A pill has one colour at a time, or none. */
  kb_cell_set_pill (pill, "Answered", "success");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (pill)), ==, "Answered");
  g_assert_true (gtk_widget_has_css_class (pill, "success"));
  kb_cell_set_pill (pill, NULL, "error");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (pill)), ==, "Answered");
  g_assert_false (gtk_widget_has_css_class (pill, "success"));
  g_assert_true (gtk_widget_has_css_class (pill, "error"));
  kb_cell_set_pill (pill, "New", NULL);
  g_assert_false (gtk_widget_has_css_class (pill, "error"));
  g_assert_true (gtk_widget_has_css_class (pill, "status-pill"));

  /* The tooltip changes; whether the cell is shown does not. */
  kb_tooltip_set (plain, "whole text");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (plain), ==, "whole text");
  g_assert_true (gtk_widget_get_visible (plain));
  kb_tooltip_set (plain, NULL);
  g_assert_null (gtk_widget_get_tooltip_text (plain));
  g_assert_true (gtk_widget_get_visible (plain));

  g_object_unref (plain);
  g_object_unref (amount);
  g_object_unref (pill);
}

int
main (int argc, char *argv[])
{
  kb_test_ui_init (&argc, &argv);

  g_test_add_func ("/cell/column", test_column);
  g_test_add_func ("/cell/pill-style", test_pill_style);
  g_test_add_func ("/cell/accessible-names", test_accessible_names);
  g_test_add_func ("/cell/label", test_label);
  g_test_add_func ("/cell/wrapping-cells", test_wrapping_cells);
  g_test_add_func ("/cell/label-bin", test_label_bin);
  return g_test_run ();
}
