/* test-list-models.c — the array-backed models behind Subscriber Selection and list import.
 *
 * KbSubscriberFilterModel must show exactly what the match function accepts,
 * in the sorter's order, and announce each change as the one range that
 * differs; KbSlotListModel must keep its rows and pass the new items to the
 * slots that exist. Every check compares with a model built from scratch.
 * KbListImportModel, without a widget, must read a list off the main loop,
 * count its problems and work them out again after each fix and drop,
 * announcing each change so that a copy built from its signals matches.
 */
#include "config.h"

#include <gtk/gtk.h>
#include <string.h>

#include "kb-list-import-model.h"
#include "kb-slot-list-model.h"
#include "kb-subscriber-filter-model.h"
#include "kb-subscriber-model.h"
#include "kb-test-util.h"

typedef struct {
  GListStore *source;
  KbSubscriberFilterModel *model;
  const char *key;          /* matched against the name; NULL: all */
  GPtrArray *mirror;        /* the model as its items-changed described it */
  guint n_changes;
} Fixture;

static gboolean
match (KbSubscriber *subscriber, gpointer user_data)
{
  Fixture *f = user_data;

  return f->key == NULL || strstr (kb_subscriber_get_name (subscriber), f->key) != NULL;
}

/* Applies each announced change to a copy, which must end up equal. */
static void
on_items_changed (GListModel *model, guint position, guint removed, guint added, Fixture *f)
{
  f->n_changes++;
  g_ptr_array_remove_range (f->mirror, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (f->mirror, position + i, g_list_model_get_item (model, position + i));
}

static void
assert_model (Fixture *f)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (f->source));
  guint j = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KbSubscriber) subscriber = g_list_model_get_item (G_LIST_MODEL (f->source), i);

      if (!match (subscriber, f))
        continue;
      g_assert_true (f->mirror->pdata[j] == subscriber);
      j++;
    }
  g_assert_cmpuint (f->mirror->len, ==, j);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, j);
}

static void
add (GListStore *store, guint i, const char *name)
{
  g_autofree char *id = g_strdup_printf ("%u", i);
  g_autofree char *number = g_strdup_printf ("+37529%07u", i);
  g_autoptr(KbSubscriber) subscriber = kb_subscriber_new (id, number, name, "Бизнес", KB_SUBSCRIBER_STATUS_ACTIVE);

  g_list_store_append (store, subscriber);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  static const char * const names[] = { "Иванов", "Петров", "Сидоров", "Иванова", "Кузнецов" };

  f->source = g_list_store_new (KB_TYPE_SUBSCRIBER);
  for (guint i = 0; i < 1000; i++)
    add (f->source, i, names[(i * 7 + i / 3) % G_N_ELEMENTS (names)]);
  f->model = kb_subscriber_filter_model_new (G_LIST_MODEL (f->source), NULL, match, f);
  f->mirror = g_ptr_array_new_with_free_func (g_object_unref);
  on_items_changed (G_LIST_MODEL (f->model), 0, 0, g_list_model_get_n_items (G_LIST_MODEL (f->model)), f);
  g_signal_connect (f->model, "items-changed", G_CALLBACK (on_items_changed), f);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->model);
  g_clear_object (&f->source);
  g_clear_pointer (&f->mirror, g_ptr_array_unref);
}

static void
refilter (Fixture *f, const char *key, GtkFilterChange change)
{
  f->key = key;
  f->n_changes = 0;
  kb_subscriber_filter_model_refilter (f->model, change);
  assert_model (f);
}

static void
test_filter_ranges (Fixture *f, gconstpointer data)
{
  assert_model (f);
  refilter (f, "Иванов", GTK_FILTER_CHANGE_MORE_STRICT);
  g_assert_cmpuint (f->n_changes, ==, 1);
  refilter (f, "Иванова", GTK_FILTER_CHANGE_MORE_STRICT);
  refilter (f, "Иванова", GTK_FILTER_CHANGE_MORE_STRICT);
  g_assert_cmpuint (f->n_changes, ==, 0);   /* nothing changed: nothing announced */
  refilter (f, "ов", GTK_FILTER_CHANGE_LESS_STRICT);
  refilter (f, "Петр", GTK_FILTER_CHANGE_DIFFERENT);
  refilter (f, "нет такого", GTK_FILTER_CHANGE_DIFFERENT);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, 0);
  refilter (f, NULL, GTK_FILTER_CHANGE_LESS_STRICT);

  /* The source changing rebuilds everything. */
  f->key = "Сидоров";
  add (f->source, 5000, "Сидоров");
  g_list_store_remove (f->source, 3);
  assert_model (f);
}

static int
compare_names (gconstpointer a, gconstpointer b, gpointer user_data)
{
  int order = strcmp (kb_subscriber_get_name ((KbSubscriber *) a), kb_subscriber_get_name ((KbSubscriber *) b));

  return order < 0 ? GTK_ORDERING_SMALLER : order > 0 ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

static void
test_sorted (void)
{
  g_autoptr(GListStore) source = g_list_store_new (KB_TYPE_SUBSCRIBER);
  g_autoptr(GtkSorter) sorter = GTK_SORTER (gtk_custom_sorter_new (compare_names, NULL, NULL));
  g_autoptr(KbSubscriberFilterModel) model = NULL;
  g_autoptr(GtkSortListModel) reference = NULL;
  guint n;

  for (guint i = 0; i < 500; i++)
    {
      g_autofree char *name = g_strdup_printf ("Абонент %u", (i * 37) % 101);

      add (source, i, name);
    }
  model = kb_subscriber_filter_model_new (G_LIST_MODEL (source), sorter, NULL, NULL);
  reference = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (source)), g_object_ref (sorter));
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (n, ==, 500);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KbSubscriber) a = g_list_model_get_item (G_LIST_MODEL (model), i);
      g_autoptr(KbSubscriber) b = g_list_model_get_item (G_LIST_MODEL (reference), i);

      /* Same order; among equal names, the source's (both sorts are stable). */
      g_assert_true (a == b);
    }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), n));
}

static void
count_changes (GListModel *model, guint position, guint removed, guint added, GArray *changes)
{
  guint change[3] = { position, removed, added };

  g_array_append_vals (changes, change, 3);
}

/* KbSubscriberModel, the whole list in an array: a new list replaces the
 * old in one change, a row is replaced alone, and the model gives exactly
 * its array's rows, each with a reference of the caller's own. */
static void
test_subscriber_model (void)
{
  g_autoptr(KbSubscriberModel) model = kb_subscriber_model_new ();
  g_autoptr(GListStore) store = g_list_store_new (KB_TYPE_SUBSCRIBER);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) fewer = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(KbSubscriber) renamed = kb_subscriber_new ("2", "+375290000002", "Новик Ева", "Бизнес",
                                                       KB_SUBSCRIBER_STATUS_ACTIVE);
  static const guint expected[] = { 0, 0, 3, 1, 1, 1, 0, 3, 2 };

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == KB_TYPE_SUBSCRIBER);
  g_signal_connect (model, "items-changed", G_CALLBACK (count_changes), changes);
  for (guint i = 0; i < 3; i++)
    add (store, i + 1, "Жук Анна");
  for (guint i = 0; i < 3; i++)
    g_ptr_array_add (rows, g_list_model_get_item (G_LIST_MODEL (store), i));
  g_ptr_array_add (fewer, g_object_ref (rows->pdata[2]));
  g_ptr_array_add (fewer, g_object_ref (rows->pdata[0]));

  kb_subscriber_model_replace (model, rows);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(KbSubscriber) item = g_list_model_get_item (G_LIST_MODEL (model), i);

      g_assert_true (item == rows->pdata[i]);
      g_assert_true (kb_subscriber_model_peek_item (model, i) == item);
    }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), 3));

  kb_subscriber_model_set_item (model, 1, renamed);
  g_assert_true (kb_subscriber_model_peek_item (model, 1) == renamed);
  g_assert_true (kb_subscriber_model_peek_item (model, 0) == rows->pdata[0]);

  kb_subscriber_model_replace (model, fewer);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);
  g_assert_true (kb_subscriber_model_get_items (model) == fewer);
  g_assert_true (kb_subscriber_model_peek_item (model, 0) == rows->pdata[2]);

  g_assert_cmpuint (changes->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < changes->len; i++)
    g_assert_cmpuint (g_array_index (changes, guint, i), ==, expected[i]);
}

static void
test_slots (Fixture *f, gconstpointer data)
{
  g_autoptr(KbSlotListModel) slots = kb_slot_list_model_new (G_LIST_MODEL (f->model));
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(KbListSlot) first = NULL;
  g_autoptr(KbListSlot) tenth = NULL;
  g_autoptr(KbSubscriber) expected = NULL;
  guint n;

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (slots)) == KB_TYPE_LIST_SLOT);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (slots)), ==, 1000);
  first = g_list_model_get_item (G_LIST_MODEL (slots), 0);
  tenth = g_list_model_get_item (G_LIST_MODEL (slots), 9);
  g_assert_cmpuint (kb_list_slot_get_position (tenth), ==, 9);
  g_signal_connect (slots, "items-changed", G_CALLBACK (count_changes), changes);

  /* Filtering: the slots held take their new items; only the end moves. */
  refilter (f, "Петров", GTK_FILTER_CHANGE_MORE_STRICT);
  n = g_list_model_get_n_items (G_LIST_MODEL (f->model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (slots)), ==, n);
  g_assert_cmpuint (changes->len, ==, 3);
  g_assert_cmpuint (g_array_index (changes, guint, 0), ==, n);
  g_assert_cmpuint (g_array_index (changes, guint, 1), ==, 1000 - n);
  g_assert_cmpuint (g_array_index (changes, guint, 2), ==, 0);
  expected = g_list_model_get_item (G_LIST_MODEL (f->model), 9);
  g_assert_true (kb_list_slot_get_item (tenth) == (gpointer) expected);
  g_assert_true (g_list_model_get_item (G_LIST_MODEL (slots), 9) == (gpointer) tenth);
  g_object_unref (tenth);   /* the extra reference just taken */
  g_clear_object (&expected);

  /* Back to all: the end grows again, and the held slot follows. */
  g_array_set_size (changes, 0);
  refilter (f, NULL, GTK_FILTER_CHANGE_LESS_STRICT);
  g_assert_cmpuint (changes->len, ==, 3);
  g_assert_cmpuint (g_array_index (changes, guint, 0), ==, n);
  g_assert_cmpuint (g_array_index (changes, guint, 2), ==, 1000 - n);
  expected = g_list_model_get_item (G_LIST_MODEL (f->model), 0);
  g_assert_true (kb_list_slot_get_item (first) == (gpointer) expected);

  /* A slot nobody holds is gone; a new one is made on demand. */
  g_clear_object (&tenth);
  tenth = g_list_model_get_item (G_LIST_MODEL (slots), 9);
  g_assert_cmpuint (kb_list_slot_get_position (tenth), ==, 9);
}

/* KbListImportModel */

static void
on_import_loaded (KbListImportModel *model, guint *n_loaded)
{
  (*n_loaded)++;
}

static void
load_and_wait (KbListImportModel *model, const char *text, guint *n_loaded)
{
  guint before = *n_loaded;

  kb_list_import_model_load_text (model, text);
  g_assert_true (kb_list_import_model_get_busy (model));
  kb_test_wait_for (*n_loaded != before, 10);
  g_assert_false (kb_list_import_model_get_busy (model));
}

static void
assert_mirror (KbListImportModel *model, GPtrArray *mirror)
{
  g_assert_cmpuint (mirror->len, ==, g_list_model_get_n_items (G_LIST_MODEL (model)));
  for (guint i = 0; i < mirror->len; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (model), i);

      g_assert_true (item == mirror->pdata[i]);
    }
}

static KbSubscriberListProblem
problem_at (KbListImportModel *model, guint position)
{
  g_autoptr(KbListImportRow) row = g_list_model_get_item (G_LIST_MODEL (model), position);

  return kb_list_import_row_get_problem (row);
}

static void
test_list_import_model (void)
{
  g_autoptr(KbListImportModel) model = kb_list_import_model_new (KB_SUBSCRIBER_LIST_RENAME);
  g_autoptr(GPtrArray) mirror = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) valid = NULL;
  Fixture f = { .mirror = mirror };
  guint n_loaded = 0;

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == KB_TYPE_LIST_IMPORT_ROW);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), &f);
  g_signal_connect (model, "loaded", G_CALLBACK (on_import_loaded), &n_loaded);

  load_and_wait (model,
                 "+375291111111;Иванов\n"
                 "+375292222222;Петров\n"
                 "+375291111111;Повтор\n"
                 "12345;Плохой номер\n"
                 "+375293333333;\n",
                 &n_loaded);
  g_assert_null (kb_list_import_model_get_error (model));
  g_assert_cmpuint (kb_list_import_model_get_n_rows (model), ==, 5);
  g_assert_cmpuint (kb_list_import_model_get_n_problems (model), ==, 3);
  g_assert_cmpuint (kb_list_import_model_get_n_valid (model), ==, 2);
  g_assert_cmpint (problem_at (model, 2), ==, KB_SUBSCRIBER_LIST_PROBLEM_DUPLICATE);
  g_assert_cmpint (problem_at (model, 3), ==, KB_SUBSCRIBER_LIST_PROBLEM_BAD_NUMBER);
  g_assert_cmpint (problem_at (model, 4), ==, KB_SUBSCRIBER_LIST_PROBLEM_EMPTY_NAME);
  assert_mirror (model, mirror);

  /* The first row's number fixed: the third is no longer a duplicate. */
  kb_list_import_model_fix_row (model, 0, "+375 29 555-55-55", "Иванов");
  g_assert_cmpint (problem_at (model, 2), ==, KB_SUBSCRIBER_LIST_PROBLEM_NONE);
  g_assert_cmpuint (kb_list_import_model_get_n_problems (model), ==, 2);

  /* A row dropped, then those with problems. */
  kb_list_import_model_drop_row (model, 3);
  assert_mirror (model, mirror);
  g_assert_cmpuint (kb_list_import_model_get_n_problems (model), ==, 1);
  g_assert_cmpuint (kb_list_import_model_drop_problems (model), ==, 1);
  assert_mirror (model, mirror);
  g_assert_cmpuint (kb_list_import_model_get_n_problems (model), ==, 0);
  valid = kb_list_import_model_get_valid_rows (model);
  g_assert_cmpuint (valid->len, ==, 3);
  g_assert_cmpstr (kb_list_import_row_get_number (valid->pdata[0]), ==, "+375295555555");
  g_assert_cmpuint (kb_list_import_row_get_line (valid->pdata[2]), ==, 3);

  /* Text that is no list: the error is said, the rows stay. */
  load_and_wait (model, "\r\n;;\r\n", &n_loaded);
  g_assert_nonnull (kb_list_import_model_get_error (model));
  g_assert_cmpuint (kb_list_import_model_get_n_rows (model), ==, 3);

  kb_list_import_model_clear (model);
  g_assert_null (kb_list_import_model_get_error (model));
  g_assert_cmpuint (kb_list_import_model_get_n_rows (model), ==, 0);
  assert_mirror (model, mirror);
}

int
main (int argc, char *argv[])
{
  kb_test_init (&argc, &argv);

  g_test_add ("/list-models/filter-ranges", Fixture, NULL, fixture_set_up, test_filter_ranges, fixture_tear_down);
  g_test_add_func ("/list-models/sorted", test_sorted);
  g_test_add_func ("/list-models/subscriber-model", test_subscriber_model);
  g_test_add ("/list-models/slots", Fixture, NULL, fixture_set_up, test_slots, fixture_tear_down);
  g_test_add_func ("/list-models/list-import", test_list_import_model);
  return g_test_run ();
}
