/* test-list-models.c — the array-backed models behind Subscriber Selection and list import.
 *
 * KbSubscriberFilterModel must show exactly what the match function accepts,
 * in the sorter's order, and announce each change as the one range that
 * differs; KbSlotListModel must keep its rows and pass the new items to the
 * slots that exist. Every check compares with a model built from scratch.
 * KbFilterListModel must filter a large list on a worker and never show a
 * stale result (one whose pass a newer keystroke, or new rows, replaced),
 * and announce each result as the smallest range that differs, and keep
 * rows set again unchanged as they were, with their index.
 * KbListImportModel, without a widget, must read a list off the main loop,
 * count its problems and work them out again after each fix and drop,
 * announcing each change so that a copy built from its signals matches.
 */
#include "config.h"

#include <gtk/gtk.h>
#include <string.h>

#include "kb-filter-list-model.h"
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

static KbSubscriber *
named (guint i, const char *name)
{
  g_autofree char *id = g_strdup_printf ("%u", i);
  g_autofree char *number = g_strdup_printf ("+37529%07u", i);

  return kb_subscriber_new (id, number, name, "Бизнес", KB_SUBSCRIBER_STATUS_ACTIVE);
}

static void
add (GListStore *store, guint i, const char *name)
{
  g_autoptr(KbSubscriber) subscriber = named (i, name);

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

static int
compare_numbers (gconstpointer a, gconstpointer b, gpointer user_data)
{
  return gtk_ordering_from_cmpfunc (strcmp (kb_subscriber_get_number ((KbSubscriber *) a),
                                            kb_subscriber_get_number ((KbSubscriber *) b)));
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
  g_autoptr(KbSubscriber) moved = kb_subscriber_new ("3", "+375290000003", "Жук Анна", "Абонент",
                                                     KB_SUBSCRIBER_STATUS_ACTIVE);
  g_autoptr(KbSubscriber) third = NULL;
  const char * const *tariffs;
  static const guint expected[] = { 0, 0, 3, 1, 1, 1, 2, 1, 1, 2, 1, 1, 0, 3, 2 };

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

  /* The tariffs, each once, follow a row that changes its tariff. */
  tariffs = kb_subscriber_model_get_tariffs (model);
  g_assert_cmpuint (g_strv_length ((char **) tariffs), ==, 1);
  g_assert_cmpstr (tariffs[0], ==, "Бизнес");

  kb_subscriber_model_set_item (model, 1, renamed);
  g_assert_true (kb_subscriber_model_peek_item (model, 1) == renamed);
  g_assert_true (kb_subscriber_model_peek_item (model, 0) == rows->pdata[0]);
  g_assert_cmpuint (g_strv_length ((char **) kb_subscriber_model_get_tariffs (model)), ==, 1);
  /* The model shares the array: the row it replaces is kept here to put back. */
  third = g_object_ref (rows->pdata[2]);
  kb_subscriber_model_set_item (model, 2, moved);
  tariffs = kb_subscriber_model_get_tariffs (model);
  g_assert_cmpuint (g_strv_length ((char **) tariffs), ==, 2);
  g_assert_cmpstr (tariffs[0], ==, "Абонент");
  g_assert_cmpstr (tariffs[1], ==, "Бизнес");
  kb_subscriber_model_set_item (model, 2, third);

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

static void
on_caught_up (KbSlotListModel *slots, guint *n)
{
  (*n)++;
}

/* Runs the main loop for @ms milliseconds. */
static void
iterate_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

/* With the view's adjustment, the slots on screen take their new items at
 * once; the others once the list has been quiet for a moment (not between
 * two keystrokes of a word), or when a scroll brings them on screen. */
static void
test_slots_on_screen (Fixture *f, gconstpointer data)
{
  g_autoptr(KbSlotListModel) slots = kb_slot_list_model_new (G_LIST_MODEL (f->model));
  /* 1000 rows of 10 px, 100 px on screen from the top. */
  g_autoptr(GtkAdjustment) adjustment = g_object_ref_sink (gtk_adjustment_new (0, 0, 10000, 10, 100, 100));
  g_autoptr(KbListSlot) top = NULL;
  g_autoptr(KbListSlot) below = NULL;
  g_autoptr(KbListSlot) further = NULL;
  g_autoptr(KbSubscriber) expected = NULL;
  g_autoptr(KbSubscriber) old = NULL;
  guint caught_up = 0;

  kb_slot_list_model_set_vadjustment (slots, adjustment);
  g_signal_connect (slots, "caught-up", G_CALLBACK (on_caught_up), &caught_up);
  top = g_list_model_get_item (G_LIST_MODEL (slots), 2);
  below = g_list_model_get_item (G_LIST_MODEL (slots), 150);
  further = g_list_model_get_item (G_LIST_MODEL (slots), 160);

  /* Two keystrokes in a row: the row on screen follows each at once, the
   * one below waits for the second to settle. */
  refilter (f, "Иван", GTK_FILTER_CHANGE_MORE_STRICT);
  expected = g_list_model_get_item (G_LIST_MODEL (f->model), 2);
  g_assert_true (kb_list_slot_get_item (top) == (gpointer) expected);
  g_clear_object (&expected);
  old = g_object_ref (kb_list_slot_get_item (below));
  iterate_for (50);
  g_assert_true (kb_list_slot_get_item (below) == (gpointer) old);
  refilter (f, "Иванов", GTK_FILTER_CHANGE_MORE_STRICT);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), >, 160);
  expected = g_list_model_get_item (G_LIST_MODEL (f->model), 2);
  g_assert_true (kb_list_slot_get_item (top) == (gpointer) expected);
  g_clear_object (&expected);
  expected = g_list_model_get_item (G_LIST_MODEL (f->model), 150);
  g_assert_true (kb_list_slot_get_item (below) != (gpointer) expected);
  iterate_for (50);
  g_assert_true (kb_list_slot_get_item (below) == (gpointer) old);
  kb_test_wait_for (kb_list_slot_get_item (below) == (gpointer) expected, 5);
  g_clear_object (&expected);
  kb_test_wait_for (caught_up >= 2, 5);

  /* A scroll before they caught up: the rows it brings on screen at once
   * (the view makes the list as long as its rows). */
  refilter (f, "Петров", GTK_FILTER_CHANGE_DIFFERENT);
  expected = g_list_model_get_item (G_LIST_MODEL (f->model), 160);
  g_assert_true (kb_list_slot_get_item (further) != (gpointer) expected);
  gtk_adjustment_set_upper (adjustment, g_list_model_get_n_items (G_LIST_MODEL (f->model)) * 10.0);
  gtk_adjustment_set_value (adjustment, 1500);
  g_assert_true (kb_list_slot_get_item (further) == (gpointer) expected);
}

static gboolean
all_spares (KbSlotListModel *slots, guint from, guint to)
{
  for (guint i = from; i < to; i++)
    {
      g_autoptr(KbListSlot) slot = g_list_model_get_item (G_LIST_MODEL (slots), i);

      if (kb_list_slot_get_item (slot) != NULL)
        return FALSE;
    }
  return TRUE;
}

/* A list cut short under a view keeps the rows held right past its new end
 * as spares, without items (their rows hidden), until it is quiet; a list
 * that grows back into them fills them at once, on screen or not. */
static void
test_slots_spares (Fixture *f, gconstpointer data)
{
  g_autoptr(KbSlotListModel) slots = NULL;
  g_autoptr(GtkAdjustment) adjustment = NULL;
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(KbSubscriber) expected = NULL;
  guint n;

  for (guint i = 0; i < 3; i++)
    add (f->source, 2000 + i, "Ёлкин");
  slots = kb_slot_list_model_new (G_LIST_MODEL (f->model));
  /* 1003 rows of 10 px, 100 px on screen from the top. */
  adjustment = g_object_ref_sink (gtk_adjustment_new (0, 0, 10030, 10, 100, 100));
  kb_slot_list_model_set_vadjustment (slots, adjustment);
  /* The rows a view holds: 40 from the top, and one far down. */
  for (guint i = 0; i < 40; i++)
    g_ptr_array_add (held, g_list_model_get_item (G_LIST_MODEL (slots), i));
  g_ptr_array_add (held, g_list_model_get_item (G_LIST_MODEL (slots), 900));
  g_signal_connect (slots, "items-changed", G_CALLBACK (count_changes), changes);

  /* Three rows left: the 37 held after them stay, as spares; the rest goes. */
  refilter (f, "Ёлкин", GTK_FILTER_CHANGE_DIFFERENT);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (slots)), ==, 40);
  g_assert_cmpuint (changes->len, ==, 3);
  g_assert_cmpuint (g_array_index (changes, guint, 0), ==, 40);
  g_assert_cmpuint (g_array_index (changes, guint, 1), ==, 963);
  g_assert_cmpuint (g_array_index (changes, guint, 2), ==, 0);
  for (guint i = 0; i < 3; i++)
    {
      expected = g_list_model_get_item (G_LIST_MODEL (f->model), i);
      g_assert_true (kb_list_slot_get_item (held->pdata[i]) == (gpointer) expected);
      g_clear_object (&expected);
    }
  g_assert_true (all_spares (slots, 3, 40));

  /* Once the list is quiet, the view is told they are gone. */
  g_array_set_size (changes, 0);
  kb_test_wait_for (g_list_model_get_n_items (G_LIST_MODEL (slots)) == 3, 5);
  g_assert_cmpuint (changes->len, ==, 3);
  g_assert_cmpuint (g_array_index (changes, guint, 0), ==, 3);
  g_assert_cmpuint (g_array_index (changes, guint, 1), ==, 37);
  g_assert_cmpuint (g_array_index (changes, guint, 2), ==, 0);

  /* Grown back into spares before that: they take their items at once,
   * below the screen too, and only the rows past them are new. */
  refilter (f, NULL, GTK_FILTER_CHANGE_LESS_STRICT);
  kb_test_wait_for (g_list_model_get_n_items (G_LIST_MODEL (slots)) == 1003, 5);
  refilter (f, "Ёлкин", GTK_FILTER_CHANGE_MORE_STRICT);
  g_assert_true (all_spares (slots, 3, 40));
  g_array_set_size (changes, 0);
  refilter (f, "Петров", GTK_FILTER_CHANGE_DIFFERENT);
  n = g_list_model_get_n_items (G_LIST_MODEL (f->model));
  g_assert_cmpuint (n, >, 40);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (slots)), ==, n);
  g_assert_cmpuint (changes->len, ==, 3);
  g_assert_cmpuint (g_array_index (changes, guint, 0), ==, 40);
  g_assert_cmpuint (g_array_index (changes, guint, 1), ==, 0);
  g_assert_cmpuint (g_array_index (changes, guint, 2), ==, n - 40);
  expected = g_list_model_get_item (G_LIST_MODEL (f->model), 30);
  g_assert_true (kb_list_slot_get_item (held->pdata[30]) == (gpointer) expected);
}

/* Frozen, the slots pass no change on; thawed, they catch up at once. */
static void
test_slots_frozen (Fixture *f, gconstpointer data)
{
  g_autoptr(KbSlotListModel) slots = kb_slot_list_model_new (G_LIST_MODEL (f->model));
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(KbListSlot) first = g_list_model_get_item (G_LIST_MODEL (slots), 0);
  g_autoptr(KbSubscriber) expected = NULL;

  g_signal_connect (slots, "items-changed", G_CALLBACK (count_changes), changes);
  kb_slot_list_model_set_frozen (slots, TRUE);
  refilter (f, "нет такого", GTK_FILTER_CHANGE_MORE_STRICT);
  g_assert_cmpuint (changes->len, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (slots)), ==, 1000);

  refilter (f, "Петров", GTK_FILTER_CHANGE_DIFFERENT);
  kb_slot_list_model_set_frozen (slots, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (slots)), ==,
                    g_list_model_get_n_items (G_LIST_MODEL (f->model)));
  g_assert_cmpuint (changes->len, ==, 3);
  expected = g_list_model_get_item (G_LIST_MODEL (f->model), 0);
  g_assert_true (kb_list_slot_get_item (first) == (gpointer) expected);
}

/* KbFilterListModel */

typedef struct {
  char *prefix;             /* NULL: all */
} Query;

typedef struct {
  KbFilterListModel *model;
  GPtrArray *mirror;
  GArray *changes;          /* position, removed, added of each items-changed */
  Query query;              /* the live query; passes off the main thread take copies */
} FilterFixture;

static gint off_main_passes;
static GThread *test_thread;

/* Rows whose string starts with the query's prefix. */
static gboolean
starts_with (gpointer item, gconstpointer data)
{
  const Query *query = data;

  if (g_thread_self () != test_thread)
    g_atomic_int_inc (&off_main_passes);
  return query->prefix == NULL || g_str_has_prefix (gtk_string_object_get_string (item), query->prefix);
}

static gpointer
query_copy (gpointer data)
{
  const Query *query = data;
  Query *copy = g_new (Query, 1);

  copy->prefix = g_strdup (query->prefix);
  return copy;
}

static void
query_free (gpointer data)
{
  Query *query = data;

  g_free (query->prefix);
  g_free (query);
}

static void
on_filter_items_changed (GListModel *model, guint position, guint removed, guint added, FilterFixture *f)
{
  guint change[3] = { position, removed, added };

  g_array_append_vals (f->changes, change, 3);
  g_ptr_array_remove_range (f->mirror, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (f->mirror, position + i, g_list_model_get_item (model, position + i));
}

static GPtrArray *
string_rows (guint n, guint step)
{
  GPtrArray *items = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = g_strdup_printf ("%05u", i * step);

      g_ptr_array_add (items, gtk_string_object_new (text));
    }
  return items;
}

/* The model, as its signals described it, holds exactly the rows of
 * @items that the live query accepts, in their order. */
static void
assert_filtered (FilterFixture *f, GPtrArray *items)
{
  guint j = 0;

  for (guint i = 0; i < items->len; i++)
    if (starts_with (items->pdata[i], &f->query))
      {
        g_assert_cmpuint (j, <, f->mirror->len);
        g_assert_true (f->mirror->pdata[j] == items->pdata[i]);
        j++;
      }
  g_assert_cmpuint (f->mirror->len, ==, j);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, j);
}

static void
filter_fixture_set_up (FilterFixture *f, gconstpointer data)
{
  test_thread = g_thread_self ();
  f->model = kb_filter_list_model_new (GTK_TYPE_STRING_OBJECT);
  f->mirror = g_ptr_array_new_with_free_func (g_object_unref);
  f->changes = g_array_new (FALSE, FALSE, sizeof (guint));
  kb_filter_list_model_set_match (f->model, starts_with, &f->query, NULL, NULL);
  g_signal_connect (f->model, "items-changed", G_CALLBACK (on_filter_items_changed), f);
}

static void
filter_fixture_tear_down (FilterFixture *f, gconstpointer data)
{
  g_clear_object (&f->model);
  g_clear_pointer (&f->mirror, g_ptr_array_unref);
  g_clear_pointer (&f->changes, g_array_unref);
  g_clear_pointer (&f->query.prefix, g_free);
}

static void
set_query (FilterFixture *f, const char *query, GtkFilterChange change)
{
  g_free (f->query.prefix);
  f->query.prefix = g_strdup (query);
  g_array_set_size (f->changes, 0);
  kb_filter_list_model_refilter (f->model, change);
}

static void
assert_change (FilterFixture *f, guint position, guint removed, guint added)
{
  g_assert_cmpuint (f->changes->len, ==, 3);
  g_assert_cmpuint (g_array_index (f->changes, guint, 0), ==, position);
  g_assert_cmpuint (g_array_index (f->changes, guint, 1), ==, removed);
  g_assert_cmpuint (g_array_index (f->changes, guint, 2), ==, added);
}

/* A pass that a newer one replaced never shows, though it ran to its end
 * (or was cut short) on a worker; nor does one on rows replaced since. */
static void
test_filter_generations (FilterFixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) rows = string_rows (60000, 1);
  g_autoptr(GPtrArray) other_rows = string_rows (60000, 3);
  gint passes_before;

  /* From now on each pass copies the query, so 60 000 rows go to a worker. */
  kb_filter_list_model_set_match (f->model, starts_with, &f->query, query_copy, query_free);
  kb_filter_list_model_set_rows (f->model, g_ptr_array_ref (rows), NULL);
  assert_filtered (f, rows);
  g_assert_false (kb_filter_list_model_get_pending (f->model));

  /* Two keystrokes before the main loop runs: only the second shows. */
  passes_before = g_atomic_int_get (&off_main_passes);
  set_query (f, "1", GTK_FILTER_CHANGE_MORE_STRICT);
  g_assert_true (kb_filter_list_model_get_pending (f->model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, 60000);
  set_query (f, "2", GTK_FILTER_CHANGE_DIFFERENT);
  kb_test_wait_for (!kb_filter_list_model_get_pending (f->model), 10);
  /* Let the first pass's result arrive too, if it had not. */
  kb_test_run_for (100);
  assert_filtered (f, rows);
  assert_change (f, 0, 60000, 10000);
  g_assert_cmpint (g_atomic_int_get (&off_main_passes), >, passes_before);

  /* Narrower than a pass still running that was not narrower: all rows are
   * looked at again, not only those shown. */
  set_query (f, "3", GTK_FILTER_CHANGE_DIFFERENT);
  set_query (f, "33", GTK_FILTER_CHANGE_MORE_STRICT);
  kb_test_wait_for (!kb_filter_list_model_get_pending (f->model), 10);
  kb_test_run_for (100);
  assert_filtered (f, rows);

  /* New rows while a pass runs on the old ones: its result is stale. */
  set_query (f, "4", GTK_FILTER_CHANGE_DIFFERENT);
  g_assert_true (kb_filter_list_model_get_pending (f->model));
  kb_filter_list_model_set_rows (f->model, g_ptr_array_ref (other_rows), NULL);
  g_assert_false (kb_filter_list_model_get_pending (f->model));
  assert_filtered (f, other_rows);
  g_array_set_size (f->changes, 0);
  kb_test_run_for (200);
  g_assert_cmpuint (f->changes->len, ==, 0);
  assert_filtered (f, other_rows);
}

/* A refilter that waits for its worker shows the result before it returns,
 * and only once; one whose pass outlasts the wait shows it when it comes. */
static void
test_filter_wait (FilterFixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) rows = string_rows (60000, 1);
  gint passes_before;

  kb_filter_list_model_set_match (f->model, starts_with, &f->query, query_copy, query_free);
  kb_filter_list_model_set_rows (f->model, g_ptr_array_ref (rows), NULL);
  /* Long enough for a loaded machine: a wait that is cut short fails. */
  kb_filter_list_model_set_wait (f->model, 5000);

  passes_before = g_atomic_int_get (&off_main_passes);
  set_query (f, "1", GTK_FILTER_CHANGE_MORE_STRICT);
  g_assert_cmpint (g_atomic_int_get (&off_main_passes), >, passes_before);
  g_assert_false (kb_filter_list_model_get_pending (f->model));
  assert_change (f, 0, 60000, 10000);
  assert_filtered (f, rows);
  kb_test_run_for (200);
  assert_change (f, 0, 60000, 10000);

  set_query (f, "12", GTK_FILTER_CHANGE_MORE_STRICT);
  g_assert_false (kb_filter_list_model_get_pending (f->model));
  assert_filtered (f, rows);

  /* No wait: the pass is still running when the refilter returns. */
  kb_filter_list_model_set_wait (f->model, 0);
  set_query (f, "2", GTK_FILTER_CHANGE_DIFFERENT);
  g_assert_true (kb_filter_list_model_get_pending (f->model));
  kb_test_wait_for (!kb_filter_list_model_get_pending (f->model), 10);
  assert_filtered (f, rows);
}

/* Each result is announced as the one range in which it differs. */
static void
test_filter_smallest_change (FilterFixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) rows = string_rows (1000, 1);
  g_autoptr(GPtrArray) more_rows = g_ptr_array_new_with_free_func (g_object_unref);

  kb_filter_list_model_set_rows (f->model, g_ptr_array_ref (rows), NULL);
  assert_change (f, 0, 0, 1000);

  set_query (f, "00", GTK_FILTER_CHANGE_MORE_STRICT);       /* 00000 … 00999: all */
  g_assert_cmpuint (f->changes->len, ==, 0);
  set_query (f, "000", GTK_FILTER_CHANGE_MORE_STRICT);      /* 00000 … 00099 */
  assert_change (f, 100, 900, 0);
  assert_filtered (f, rows);
  set_query (f, "00", GTK_FILTER_CHANGE_LESS_STRICT);
  assert_change (f, 100, 0, 900);
  set_query (f, "005", GTK_FILTER_CHANGE_DIFFERENT);        /* 00500 … 00599 */
  assert_change (f, 0, 1000, 100);
  assert_filtered (f, rows);

  /* New rows: one more among the same items is announced as itself. */
  for (guint i = 0; i < rows->len; i++)
    {
      g_ptr_array_add (more_rows, g_object_ref (rows->pdata[i]));
      if (i == 550)
        g_ptr_array_add (more_rows, gtk_string_object_new ("00550½"));
    }
  g_array_set_size (f->changes, 0);
  kb_filter_list_model_set_rows (f->model, g_ptr_array_ref (more_rows), NULL);
  assert_change (f, 51, 0, 1);
  assert_filtered (f, more_rows);
}

/* Keyed rows: each key the text of its item, matched and indexed as such. */

static gint indexes_made;

static gboolean
key_starts_with (gpointer key, gconstpointer data)
{
  const Query *query = data;

  return query->prefix == NULL || g_str_has_prefix (key, query->prefix);
}

static gboolean
key_equal (gconstpointer a, gconstpointer b)
{
  return g_str_equal (a, b);
}

static gpointer
index_keys (GPtrArray *keys)
{
  g_atomic_int_inc (&indexes_made);
  return g_ptr_array_ref (keys);
}

static void
free_index (gpointer index)
{
  g_ptr_array_unref (index);
}

static GArray *
search_keys (gpointer index, GArray *candidates, gconstpointer query, GCancellable *cancellable)
{
  GPtrArray *keys = index;
  guint n = candidates != NULL ? candidates->len : keys->len;
  GArray *found = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < n; i++)
    {
      guint row = candidates != NULL ? g_array_index (candidates, guint, i) : i;

      if (key_starts_with (keys->pdata[row], query))
        g_array_append_val (found, row);
    }
  return found;
}

/* The same items in an array of their own. */
static GPtrArray *
copy_of (GPtrArray *items)
{
  return g_ptr_array_copy (items, (GCopyFunc) (void (*) (void)) g_object_ref, NULL);
}

static gboolean
keep_busy (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static GPtrArray *
keys_of (GPtrArray *items, guint changed)
{
  GPtrArray *keys = g_ptr_array_new_full (items->len, g_free);

  for (guint i = 0; i < items->len; i++)
    g_ptr_array_add (keys, i == changed ? g_strdup ("00500 again")
                                        : g_strdup (gtk_string_object_get_string (items->pdata[i])));
  return keys;
}

/* Rows set again with the same items and equal keys (a list invalidated
 * with nothing new) stay as they were, index and all, without a change
 * announced; a key that differs makes them new rows, indexed anew. The
 * index of new rows is made without waiting for an idle main loop. */
static void
test_filter_same_rows (FilterFixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) rows = string_rows (1000, 1);
  GPtrArray *shown_items;

  kb_filter_list_model_set_match (f->model, key_starts_with, &f->query, NULL, NULL);
  kb_filter_list_model_set_search (f->model, index_keys, free_index, search_keys);
  kb_filter_list_model_set_key_equal (f->model, key_equal);
  g_atomic_int_set (&indexes_made, 0);
  kb_filter_list_model_set_rows (f->model, copy_of (rows), keys_of (rows, G_MAXUINT));
  shown_items = kb_filter_list_model_peek_items (f->model);
  assert_change (f, 0, 0, 1000);
  /* A main loop that never idles: a timeout due at once, over and over. */
  {
    guint busy = g_timeout_add (0, keep_busy, NULL);

    kb_test_wait_for (g_atomic_int_get (&indexes_made) == 1, 10);
    g_source_remove (busy);
  }

  set_query (f, "005", GTK_FILTER_CHANGE_MORE_STRICT);
  assert_change (f, 0, 1000, 100);
  g_array_set_size (f->changes, 0);
  kb_filter_list_model_set_rows (f->model, copy_of (rows), keys_of (rows, G_MAXUINT));
  kb_test_run_for (100);
  g_assert_cmpuint (f->changes->len, ==, 0);
  g_assert_true (kb_filter_list_model_peek_items (f->model) == shown_items);
  g_assert_cmpint (g_atomic_int_get (&indexes_made), ==, 1);

  /* Row 700's key now starts with 005: it is shown, after the others. */
  kb_filter_list_model_set_rows (f->model, copy_of (rows), keys_of (rows, 700));
  assert_change (f, 100, 0, 1);
  g_assert_true (kb_filter_list_model_peek_items (f->model) != shown_items);
  kb_test_wait_for (g_atomic_int_get (&indexes_made) == 2, 10);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, 101);
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

/* A model of @rows, which are made: @n numbered 1 to @n (or @n down to 1). */
static KbSubscriberModel *
model_of_rows (GPtrArray *rows, guint n, gboolean backwards)
{
  KbSubscriberModel *model = kb_subscriber_model_new ();

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (rows, named (backwards ? n - i : i + 1, "Жук Анна"));
  kb_subscriber_model_replace (model, rows);
  return model;
}

/* Rows lent to a reader stay as they were when the model then changes a
 * row: the model changes a copy, which is its own until it lends it. */
static void
test_subscriber_model_lent (void)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(KbSubscriberModel) model = model_of_rows (rows, 3, FALSE);
  g_autoptr(GPtrArray) lent = NULL;
  g_autoptr(GPtrArray) lent_again = NULL;
  g_autoptr(KbSubscriber) first = NULL;
  g_autoptr(KbSubscriber) renamed = named (1, "Жук Борис");
  g_autoptr(KbSubscriber) again = named (1, "Жук Вера");

  first = g_object_ref (rows->pdata[0]);

  lent = kb_subscriber_model_dup_items (model);
  g_assert_true (lent == rows);
  kb_subscriber_model_set_item (model, 0, renamed);
  g_assert_true (kb_subscriber_model_peek_item (model, 0) == renamed);
  g_assert_true (kb_subscriber_model_get_items (model) != lent);
  g_assert_true (lent->pdata[0] == (gpointer) first);
  g_assert_cmpuint (lent->len, ==, 3);
  for (guint i = 1; i < 3; i++)
    g_assert_true (kb_subscriber_model_peek_item (model, i) == lent->pdata[i]);

  /* The copy is the model's own until lent again. */
  lent_again = kb_subscriber_model_dup_items (model);
  g_assert_true (lent_again == kb_subscriber_model_get_items (model));
  g_clear_pointer (&lent_again, g_ptr_array_unref);
  kb_subscriber_model_set_item (model, 0, again);
  g_assert_true (kb_subscriber_model_peek_item (model, 0) == again);
  g_assert_true (lent->pdata[0] == (gpointer) first);
}

/* Over KbSubscriberModel in its own order the filter model reads the
 * model's rows as lent, and still shows a row the model changes. */
static void
test_filter_over_subscriber_model (void)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(KbSubscriberModel) model = model_of_rows (rows, 5, TRUE);
  g_autoptr(KbSubscriberFilterModel) filtered = NULL;
  g_autoptr(GtkSorter) sorter = GTK_SORTER (gtk_custom_sorter_new (compare_numbers, NULL, NULL));
  g_autoptr(KbSubscriber) renamed = named (2, "Жук Борис");
  g_autoptr(KbSubscriber) shown = NULL;

  filtered = kb_subscriber_filter_model_new (G_LIST_MODEL (model), NULL, NULL, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (filtered)), ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(KbSubscriber) item = g_list_model_get_item (G_LIST_MODEL (filtered), i);

      g_assert_true (item == rows->pdata[i]);
    }

  kb_subscriber_model_set_item (model, 3, renamed);
  shown = g_list_model_get_item (G_LIST_MODEL (filtered), 3);
  g_assert_true (shown == renamed);
  g_assert_true (rows->pdata[3] != (gpointer) renamed);
  g_clear_object (&shown);

  /* Rows not in a sorter's order are still sorted (a copy of them). */
  g_clear_object (&filtered);
  filtered = kb_subscriber_filter_model_new (G_LIST_MODEL (model), sorter, NULL, NULL);
  shown = g_list_model_get_item (G_LIST_MODEL (filtered), 0);
  g_assert_cmpstr (kb_subscriber_get_number (shown), ==, "+375290000001");
}

/* The tariffs gathered a page at a time are those of the whole list. */
static void
test_tariffs_by_page (void)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) page = g_ptr_array_new ();
  g_autoptr(GHashTable) gathered = g_hash_table_new (NULL, NULL);
  static const char * const tariffs[] = { "Бизнес", "Абонент", "Безлимит", "Бизнес", "Абонент" };
  g_autofree const char **whole = NULL;
  g_autofree const char **by_page = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (tariffs); i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", i);

      g_ptr_array_add (all, kb_subscriber_new (id, "+375290000001", "Жук Анна", tariffs[i],
                                               KB_SUBSCRIBER_STATUS_ACTIVE));
    }
  for (guint i = 0; i < all->len; i++)
    {
      g_ptr_array_add (page, all->pdata[i]);
      if (page->len == 2 || i + 1 == all->len)
        {
          kb_subscriber_gather_tariffs (gathered, page);
          g_ptr_array_set_size (page, 0);
        }
    }
  whole = kb_subscriber_collect_tariffs (all);
  by_page = kb_subscriber_sort_tariffs (gathered);
  g_assert_cmpstrv (whole, ((const char * const []) { "Абонент", "Безлимит", "Бизнес", NULL }));
  g_assert_cmpstrv (by_page, whole);
}

static void
record_length (GListModel *model, guint position, guint removed, guint added, GArray *lengths)
{
  guint n = g_list_model_get_n_items (model);

  g_array_append_val (lengths, n);
}

/* In a shown window, a list that grows by many rows at once is told to its
 * view a screenful first, then a few rows a frame, up to the rows GTK 4.8
 * makes, then the rest at once; with the window hidden, all at once. The
 * slots show the same items as the model all along. */
static void
test_slots_grow (Fixture *f, gconstpointer data)
{
  g_autoptr(KbSlotListModel) slots = kb_slot_list_model_new (G_LIST_MODEL (f->model));
  g_autoptr(GArray) lengths = g_array_new (FALSE, FALSE, sizeof (guint));
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = gtk_label_new ("");
  guint steps;

  gtk_window_set_child (GTK_WINDOW (window), view);
  kb_slot_list_model_set_view (slots, view);
  kb_slot_list_model_set_screenful (slots, 30);
  g_signal_connect (slots, "items-changed", G_CALLBACK (record_length), lengths);

  /* Hidden: down to a few rows and back up, at once. */
  refilter (f, "Петров", GTK_FILTER_CHANGE_MORE_STRICT);
  refilter (f, NULL, GTK_FILTER_CHANGE_LESS_STRICT);
  g_assert_cmpuint (g_array_index (lengths, guint, lengths->len - 1), ==, 1000);
  g_array_set_size (lengths, 0);

  /* Shown: from none (more than GTK 4.8 makes rows for would not grow). */
  gtk_window_present (GTK_WINDOW (window));
  kb_test_wait_for (gtk_widget_get_mapped (window), 10);
  refilter (f, "нет такого", GTK_FILTER_CHANGE_MORE_STRICT);
  kb_test_wait_for (g_list_model_get_n_items (G_LIST_MODEL (slots)) == g_list_model_get_n_items (G_LIST_MODEL (f->model)), 10);
  g_array_set_size (lengths, 0);

  refilter (f, NULL, GTK_FILTER_CHANGE_LESS_STRICT);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, 1000);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (slots)), <, 1000);
  kb_test_wait_for (g_list_model_get_n_items (G_LIST_MODEL (slots)) == 1000, 10);
  steps = lengths->len;
  g_assert_cmpuint (steps, >=, 3);
  g_assert_cmpuint (g_array_index (lengths, guint, 0), ==, 30);
  for (guint i = 1; i + 1 < steps; i++)
    g_assert_cmpuint (g_array_index (lengths, guint, i) - g_array_index (lengths, guint, i - 1), <=, 8);
  g_assert_cmpuint (g_array_index (lengths, guint, steps - 2), <, 200);
  for (guint i = 0; i < 1000; i += 97)
    {
      g_autoptr(KbListSlot) slot = g_list_model_get_item (G_LIST_MODEL (slots), i);
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (f->model), i);

      g_assert_true (kb_list_slot_get_item (slot) == (gpointer) item);
    }

  /* A window that goes while the list grows takes nothing with it. */
  refilter (f, "нет такого", GTK_FILTER_CHANGE_MORE_STRICT);
  kb_test_wait_for (g_list_model_get_n_items (G_LIST_MODEL (slots)) == 0, 10);
  refilter (f, NULL, GTK_FILTER_CHANGE_LESS_STRICT);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (slots)), <, 1000);
  gtk_window_destroy (GTK_WINDOW (window));
  kb_test_wait_for (g_list_model_get_n_items (G_LIST_MODEL (slots)) == 1000, 10);
}

int
main (int argc, char *argv[])
{
  kb_test_init (&argc, &argv);
  gtk_init ();

  g_test_add ("/list-models/filter-ranges", Fixture, NULL, fixture_set_up, test_filter_ranges, fixture_tear_down);
  g_test_add_func ("/list-models/sorted", test_sorted);
  g_test_add_func ("/list-models/subscriber-model", test_subscriber_model);
  g_test_add_func ("/list-models/subscriber-model-lent", test_subscriber_model_lent);
  g_test_add_func ("/list-models/filter-over-subscriber-model", test_filter_over_subscriber_model);
  g_test_add_func ("/list-models/tariffs-by-page", test_tariffs_by_page);
  g_test_add ("/list-models/slots", Fixture, NULL, fixture_set_up, test_slots, fixture_tear_down);
  g_test_add ("/list-models/slots-on-screen", Fixture, NULL, fixture_set_up, test_slots_on_screen, fixture_tear_down);
  g_test_add ("/list-models/slots-spares", Fixture, NULL, fixture_set_up, test_slots_spares, fixture_tear_down);
  g_test_add ("/list-models/slots-frozen", Fixture, NULL, fixture_set_up, test_slots_frozen, fixture_tear_down);
  g_test_add ("/list-models/slots-grow", Fixture, NULL, fixture_set_up, test_slots_grow, fixture_tear_down);
  g_test_add ("/list-models/filter-generations", FilterFixture, NULL, filter_fixture_set_up,
              test_filter_generations, filter_fixture_tear_down);
  g_test_add ("/list-models/filter-wait", FilterFixture, NULL, filter_fixture_set_up,
              test_filter_wait, filter_fixture_tear_down);
  g_test_add ("/list-models/filter-smallest-change", FilterFixture, NULL, filter_fixture_set_up,
              test_filter_smallest_change, filter_fixture_tear_down);
  g_test_add ("/list-models/filter-same-rows", FilterFixture, NULL, filter_fixture_set_up,
              test_filter_same_rows, filter_fixture_tear_down);
  g_test_add_func ("/list-models/list-import", test_list_import_model);
  return g_test_run ();
}
