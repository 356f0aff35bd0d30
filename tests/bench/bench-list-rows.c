/* bench-list-rows.c — list rows built in C or by GtkBuilderListItemFactory, on 100 000 rows.
 *
 * Issue 11 asks whether the column views should build their rows from
 * .ui templates with property bindings (GtkBuilderListItemFactory) or in C
 * (kb_cell_add_column() over a GtkSignalListItemFactory), and asks for a
 * measurement on GTK 4.8. Both factories here show the same four columns of
 * 100 000 KbQuestion rows (the one model with properties): the text as is,
 * the number of answers, the status and the date through a function (a
 * <closure> in the template), each cell following its row's notify signals;
 * the question's whole text is its tooltip (set while hidden in C, see
 * kb_tooltip_set(); bound in the template).
 *
 *   first-frame   from presenting a new window with the view to its first
 *                 painted frame (the visible rows are made and bound); wall
 *                 time, and "-cpu" the CPU time this thread spent on it
 *   scroll        per painted frame while scrolling a page at a time, and
 *                 jumping to far positions (rows rebound, some made): the
 *                 wall time to the painted frame, which the frame clock's
 *                 60 Hz tick rounds up, and the frame's own work from its
 *                 before-paint to its after-paint, in CPU time
 *                 ("scroll-frame-work") and in wall time ("scroll-frame-wall",
 *                 which adds the waits on the X server)
 *
 * The two factories take turns, so that neither gains from a warm cache.
 * Prints `bench: <name> <value> ms` lines (medians; "-worst" the worst).
 *
 * Run: meson test -C BUILD --benchmark --verbose list-rows
 */
#include "config.h"

#include <string.h>
#include <time.h>

#include "kb-bench.h"
#include "kb-cell.h"
#include "kb-tooltip.h"
#include "kb-format.h"
#include "kb-question-history.h"
#include "kb-test-window.h"

#define N_ROWS 100000
#define N_ROUNDS 7
#define N_PAGE_STEPS 40
#define N_JUMPS 20

typedef enum {
  COLUMN_TEXT,
  COLUMN_ANSWERS,
  COLUMN_STATUS,
  COLUMN_DATE,
  N_COLUMNS
} Column;

static const char * const titles[N_COLUMNS] = { "Question", "Answers", "Status", "Date" };

/* The functions a template calls, and the C factory's text. */

static char *
answers_text (gpointer unused, guint count)
{
  return g_strdup_printf ("%u", count);
}

static char *
status_text (gpointer unused, KbQuestionStatus status)
{
  return g_strdup (kb_question_status_to_display (status));
}

static char *
date_text (gpointer unused, GDateTime *created)
{
  return created != NULL ? kb_format_local_date_time (created) : g_strdup ("—");
}

static char *
cell_text (gpointer item, int column, gpointer user_data)
{
  KbQuestion *question = item;

  switch ((Column) column)
    {
    case COLUMN_TEXT:
      return g_strdup (kb_question_get_text (question));
    case COLUMN_ANSWERS:
      return answers_text (NULL, kb_question_get_answers_count (question));
    case COLUMN_STATUS:
      return status_text (NULL, kb_question_get_status (question));
    case COLUMN_DATE:
    default:
      return date_text (NULL, kb_question_get_created_at (question));
    }
}

/* The whole question in the tooltip, as Feedback shows it. */
static void
bind_text (GtkWidget *cell, gpointer item, int column, gpointer user_data)
{
  if (column == COLUMN_TEXT)
    kb_tooltip_set (cell, kb_question_get_text (item));
}

static void
add_c_columns (GtkColumnView *view)
{
  for (Column column = COLUMN_TEXT; column < N_COLUMNS; column++)
    kb_cell_add_column (view, &(KbCellColumn) {
                          .title = titles[column],
                          .column = column,
                          .flags = column == COLUMN_TEXT ? KB_CELL_EXPAND | KB_CELL_ELLIPSIZE
                                   : column == COLUMN_STATUS ? KB_CELL_PILL : KB_CELL_DEFAULT,
                          .text = cell_text,
                          .bind = bind_text,
                          .follow = "notify",
                        });
}

/* The same cells as templates: a label whose text is bound to the row's
 * property, through a function where the property is not text. */
static const char template_format[] =
  "<?xml version='1.0' encoding='UTF-8'?>\n"
  "<interface>\n"
  "  <template class='GtkListItem'>\n"
  "    <property name='child'>\n"
  "      <object class='GtkLabel'>\n"
  "        <property name='xalign'>0</property>\n"
  "        %s\n"
  "        <binding name='label'>\n"
  "          %s\n"
  "        </binding>\n"
  "      </object>\n"
  "    </property>\n"
  "  </template>\n"
  "</interface>\n";

/* The row's property @name, as a template looks it up. */
#define CLOSURE(function, name) \
  "<closure type='gchararray' function='" function "'>" PROPERTY (name) "</closure>"
#define PROPERTY(name) \
  "<lookup name='" name "' type='KbQuestion'><lookup name='item'>GtkListItem</lookup></lookup>"

static const char *
lookup_xml (Column column)
{
  switch (column)
    {
    case COLUMN_TEXT:
      return PROPERTY ("text");
    case COLUMN_ANSWERS:
      return CLOSURE ("answers_text", "answers-count");
    case COLUMN_STATUS:
      return CLOSURE ("status_text", "status");
    case COLUMN_DATE:
    default:
      return CLOSURE ("date_text", "created-at");
    }
}

static void
add_builder_columns (GtkColumnView *view)
{
  g_autoptr(GtkBuilderScope) scope = gtk_builder_cscope_new ();

  gtk_builder_cscope_add_callback_symbols (GTK_BUILDER_CSCOPE (scope),
                                           "answers_text", G_CALLBACK (answers_text),
                                           "status_text", G_CALLBACK (status_text),
                                           "date_text", G_CALLBACK (date_text),
                                           NULL);
  for (Column column = COLUMN_TEXT; column < N_COLUMNS; column++)
    {
      const char *look = column == COLUMN_TEXT ? "<property name='ellipsize'>end</property>"
                                                 "<binding name='tooltip-text'>" PROPERTY ("text")
                                                 "</binding>"
                         : column == COLUMN_STATUS ? "<property name='halign'>start</property>"
                                                     "<style><class name='status-pill'/></style>"
                         : "";
      char *xml = g_strdup_printf (template_format, look, lookup_xml (column));
      g_autoptr(GBytes) bytes = g_bytes_new_take (xml, strlen (xml));
      GtkListItemFactory *factory = gtk_builder_list_item_factory_new_from_bytes (scope, bytes);
      g_autoptr(GtkColumnViewColumn) view_column = NULL;

      view_column = gtk_column_view_column_new (titles[column], factory);
      gtk_column_view_column_set_expand (view_column, column == COLUMN_TEXT);
      gtk_column_view_column_set_resizable (view_column, TRUE);
      gtk_column_view_append_column (view, view_column);
    }
}

static GListModel *
make_questions (void)
{
  GListStore *store = g_list_store_new (KB_TYPE_QUESTION);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GDateTime) start = g_date_time_new_utc (2026, 1, 1, 9, 0, 0);

  for (guint i = 0; i < N_ROWS; i++)
    {
      KbQuestion *question = kb_question_new ();
      g_autofree char *text = g_strdup_printf ("Question %u: когда придёт счёт по договору №%u?", i,
                                               1000 + i % 977);
      g_autoptr(GDateTime) created = g_date_time_add_minutes (start, i);

      kb_question_set_text (question, text);
      kb_question_set_status (question, (KbQuestionStatus) (i % 4));
      kb_question_set_answers_count (question, i % 5);
      kb_question_set_created_at (question, created);
      g_ptr_array_add (rows, question);
    }
  g_list_store_splice (store, 0, 0, rows->pdata, rows->len);
  return G_LIST_MODEL (store);
}

typedef struct {
  const char *name;
  void (*add_columns) (GtkColumnView *view);
  GArray *first_frame;
  GArray *first_frame_cpu;
  GArray *scroll;
  GArray *scroll_work;
  GArray *scroll_work_wall;
} Factory;

/* The work of the last frame: from its before-paint to its after-paint
 * (layout, where rows are made and bound, then drawing), without the wait
 * for the frame clock's next tick that the wall time includes. */
static gint64 frame_began, frame_began_wall;
static gint64 frame_work, frame_work_wall;

/* CPU time of this thread, where GTK does all of it (the renderer is
 * cairo): unlike wall time, it does not count other programs' turns on a
 * busy machine. */
static gint64
cpu_time (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return (gint64) now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000;
}

static void
on_before_paint (GdkFrameClock *clock, gpointer user_data)
{
  frame_began = cpu_time ();
  frame_began_wall = g_get_monotonic_time ();
}

static void
on_after_paint (GdkFrameClock *clock, gpointer user_data)
{
  frame_work = cpu_time () - frame_began;
  frame_work_wall = g_get_monotonic_time () - frame_began_wall;
}

/* Every cell shows its row: the factory works, not just runs. */
static void
assert_rows_shown (GtkWidget *widget, guint *n_found)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) &&
          g_str_has_prefix (gtk_label_get_text (GTK_LABEL (child)), "Question "))
        (*n_found)++;
      assert_rows_shown (child, n_found);
    }
}

static void
run_round (Factory *factory, GListModel *questions, GRand *rand)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *view = gtk_column_view_new (NULL);
  g_autoptr(GtkNoSelection) selection = gtk_no_selection_new (g_object_ref (questions));
  GtkAdjustment *adjustment;
  GdkFrameClock *clock;
  double page, upper;
  gint64 start, cpu_start;

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  factory->add_columns (GTK_COLUMN_VIEW (view));
  gtk_column_view_set_model (GTK_COLUMN_VIEW (view), GTK_SELECTION_MODEL (selection));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_window_set_child (GTK_WINDOW (window), scrolled);

  start = g_get_monotonic_time ();
  cpu_start = cpu_time ();
  gtk_window_present (GTK_WINDOW (window));
  kb_bench_wait_for_frame (window);
  g_array_append_val (factory->first_frame, (gint64) { g_get_monotonic_time () - start });
  g_array_append_val (factory->first_frame_cpu, (gint64) { cpu_time () - cpu_start });
  {
    guint n_found = 0;

    assert_rows_shown (view, &n_found);
    g_assert_cmpuint (n_found, >=, 10);
  }
  clock = gtk_widget_get_frame_clock (window);
  g_signal_connect (clock, "before-paint", G_CALLBACK (on_before_paint), NULL);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), NULL);

  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  page = gtk_adjustment_get_page_size (adjustment);
  kb_test_wait_for (gtk_adjustment_get_upper (adjustment) > page, 10);
  for (guint i = 0; i < N_PAGE_STEPS + N_JUMPS; i++)
    {
      double value;

      page = gtk_adjustment_get_page_size (adjustment);
      upper = gtk_adjustment_get_upper (adjustment) - page;
      value = i < N_PAGE_STEPS ? gtk_adjustment_get_value (adjustment) + page
                               : g_rand_double_range (rand, 0, upper);

      start = g_get_monotonic_time ();
      gtk_adjustment_set_value (adjustment, MIN (value, upper));
      kb_bench_wait_for_frame (window);
      g_array_append_val (factory->scroll, (gint64) { g_get_monotonic_time () - start });
      g_array_append_val (factory->scroll_work, frame_work);
      g_array_append_val (factory->scroll_work_wall, frame_work_wall);
    }

  g_signal_handlers_disconnect_by_func (clock, on_before_paint, NULL);
  g_signal_handlers_disconnect_by_func (clock, on_after_paint, NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  kb_test_drain ();
}

static void
report (const char *what, const char *name, GArray *samples)
{
  gint64 *values = (gint64 *) (gpointer) samples->data;
  gint64 median = kb_bench_median (values, samples->len);

  g_print ("bench: %s-%s %.1f ms\n", what, name, median / 1000.0);
  g_print ("bench: %s-%s-worst %.1f ms\n", what, name, values[samples->len - 1] / 1000.0);
}

static void
bench_list_rows (void)
{
  Factory factories[] = {
    { "c", add_c_columns, NULL, NULL, NULL, NULL, NULL },
    { "builder", add_builder_columns, NULL, NULL, NULL, NULL, NULL },
  };
  g_autoptr(GListModel) questions = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);

  g_type_ensure (KB_TYPE_QUESTION);

  questions = make_questions ();
  g_print ("# %u rows, %d rounds, GTK %u.%u.%u, renderer %s\n",
           g_list_model_get_n_items (questions), N_ROUNDS,
           gtk_get_major_version (), gtk_get_minor_version (), gtk_get_micro_version (),
           g_getenv ("GSK_RENDERER") != NULL ? g_getenv ("GSK_RENDERER") : "default");
  for (guint f = 0; f < G_N_ELEMENTS (factories); f++)
    {
      factories[f].first_frame = g_array_new (FALSE, FALSE, sizeof (gint64));
      factories[f].first_frame_cpu = g_array_new (FALSE, FALSE, sizeof (gint64));
      factories[f].scroll = g_array_new (FALSE, FALSE, sizeof (gint64));
      factories[f].scroll_work = g_array_new (FALSE, FALSE, sizeof (gint64));
      factories[f].scroll_work_wall = g_array_new (FALSE, FALSE, sizeof (gint64));
    }

  for (guint round = 0; round < N_ROUNDS; round++)
    for (guint f = 0; f < G_N_ELEMENTS (factories); f++)
      run_round (&factories[(f + round) % G_N_ELEMENTS (factories)], questions, rand);

  for (guint f = 0; f < G_N_ELEMENTS (factories); f++)
    {
      report ("first-frame", factories[f].name, factories[f].first_frame);
      report ("first-frame-cpu", factories[f].name, factories[f].first_frame_cpu);
      g_array_unref (factories[f].first_frame_cpu);
      report ("scroll", factories[f].name, factories[f].scroll);
      report ("scroll-frame-work", factories[f].name, factories[f].scroll_work);
      report ("scroll-frame-wall", factories[f].name, factories[f].scroll_work_wall);
      g_array_unref (factories[f].scroll_work);
      g_array_unref (factories[f].scroll_work_wall);
      g_array_unref (factories[f].first_frame);
      g_array_unref (factories[f].scroll);
    }
}

int
main (int argc, char *argv[])
{
  kb_test_ui_init (&argc, &argv);
  g_test_add_func ("/bench/list-rows", bench_list_rows);
  return g_test_run ();
}
