/* kb-question-history.c — Request History (История обращений).
 *
 * The questions of KbFeedback in a GtkColumnView (its columns in
 * kb-question-columns.c). The model chain is questions → sort (the column
 * view's sorter) → KbFilterListModel (search text and the
 * All/Unread/Waiting/Answered choice) → slots → no selection: sorting comes
 * first so that a keystroke only filters (a sort model under a filter
 * re-sorts on every change, half a second for 10 000 rows), and 10 000
 * questions cost only the rows on screen. What the search reads of each
 * question is copied into a key (kb-question-search.c) when the sorted
 * list changes, so that a keystroke is filtered off the main thread.
 */
#include "config.h"

#include "kb-question-history.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kb-csv.h"
#include "kb-filter-list-model.h"
#include "kb-format.h"
#include "kb-question-columns.h"
#include "kb-question-search.h"
#include "kb-save-chooser.h"
#include "kb-slot-list-model.h"
#include "kb-stack-view.h"
#include "kb-subscriber.h"
#include "kb-tooltip.h"

struct _KbQuestionHistory
{
  AdwBin parent_instance;

  GtkSearchEntry *search_entry;
  GtkDropDown *filter_dropdown;
  GtkButton *export_button;
  GtkStack *content_stack;
  GtkScrolledWindow *scrolled;
  GtkColumnView *column_view;
  GtkColumnViewColumn *date_column;

  GListModel *questions;
  KbFilterListModel *filter_model;
  KbSlotListModel *slots;     /* the selection's */
  GtkSortListModel *sort_model;
  GtkNoSelection *selection;

  KbQuestionQuery query;
  guint top_tick;             /* keep_at_top_tick(), while it runs */
  guint top_frames;           /* its frames so far */
  guint top_settled;          /* its frames in a row that found the view at the top */
  guint rows_source;          /* update_rows() before the next frame (on_sorted_changed()) */
};

G_DEFINE_FINAL_TYPE (KbQuestionHistory, kb_question_history, ADW_TYPE_BIN)

enum {
  SIGNAL_OPEN_QUESTION,
  N_SIGNALS
};

static guint signals[N_SIGNALS];



/* ---- Filtering and sorting --------------------------------------------- */

/* The sorted questions and what the search reads of them: whenever the
 * sorted list changes, and when a question's status or text may have. Once
 * the main loop is idle (the rows drawn), a worker packs the keys into the
 * filter model's index, folding the texts no pass has folded yet, so that
 * they are ready before most first keystrokes. */
static void
update_rows (KbQuestionHistory *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sort_model));
  GPtrArray *items = g_ptr_array_new_full (n, g_object_unref);
  GPtrArray *keys = g_ptr_array_new_full (n, kb_question_key_free);

  g_clear_handle_id (&self->rows_source, g_source_remove);

  for (guint i = 0; i < n; i++)
    {
      KbQuestion *question = g_list_model_get_item (G_LIST_MODEL (self->sort_model), i);

      g_ptr_array_add (items, question);
      g_ptr_array_add (keys, kb_question_key_new (question));
    }
  kb_filter_list_model_set_rows (self->filter_model, items, keys);
}

static gboolean
update_rows_later (gpointer user_data)
{
  KbQuestionHistory *self = user_data;

  self->rows_source = 0;
  update_rows (self);
  return G_SOURCE_REMOVE;
}

/* The sorted list changed: its rows are made again before the next frame,
 * once for all the changes of this turn of the main loop. A page of a first
 * sync changes the list and then the unread count, which invalidates the
 * history: each made the rows of up to 10 000 questions again. A history
 * that shows no rows yet gets them at once: the first frame may come
 * before an idle runs (a window's first one did, and showed no rows). */
static void
on_sorted_changed (KbQuestionHistory *self)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)) == 0)
    update_rows (self);
  else if (self->rows_source == 0)
    self->rows_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 10, update_rows_later, self, NULL);
}

/* The views but the list ("empty", "no-results"): a start shows the list,
 * and GTK would build, style and (the stack being homogeneous) measure the
 * others. They are made when first shown. */
static GtkWidget *
make_content_view (gpointer owner, const char *name)
{
  GtkWidget *view, *ask;

  if (!g_str_equal (name, "empty"))
    return kb_status_page_new ("edit-find-symbolic", _("No Matching Questions"),
                               _("Try other words or another filter."));
  ask = kb_pill_button_new (_("_Ask a Question"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (ask), "feedback.ask");
  view = kb_status_page_new ("kb-feedback-symbolic", _("No Questions Yet"),
                             _("The questions you ask the company’s specialists and their "
                               "answers will appear here."));
  adw_status_page_set_child (ADW_STATUS_PAGE (view), ask);
  return view;
}

/* Shows the view @name ("list", "empty", "no-results"). */
static void
show_content_view (KbQuestionHistory *self, const char *name)
{
  kb_stack_show_view (self->content_stack, name, make_content_view, self);
}

static void
update_visible_page (KbQuestionHistory *self)
{
  gboolean has_questions = self->questions != NULL && g_list_model_get_n_items (self->questions) > 0;
  gboolean shows_rows = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)) > 0;

  /* Hidden behind "no results", the list keeps its rows for the next
   * search rather than destroying them now and making them again then. */
  if (self->slots != NULL)
    kb_slot_list_model_set_frozen (self->slots, has_questions && !shows_rows);
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->search_entry)), has_questions);
  /* Until the page hands it its questions, the history has nothing to say
   * (and a start would make "No Questions Yet" only to hide it). */
  if (self->questions != NULL)
    show_content_view (self, !has_questions ? "empty" : shows_rows ? "list" : "no-results");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.export", has_questions);
}

void
kb_question_history_invalidate (KbQuestionHistory *self)
{
  GtkSorter *sorter;

  g_return_if_fail (KB_IS_QUESTION_HISTORY (self));

  sorter = gtk_column_view_get_sorter (self->column_view);
  if (sorter != NULL)
    gtk_sorter_changed (sorter, GTK_SORTER_CHANGE_DIFFERENT);
  update_rows (self);
  update_visible_page (self);
}

static void
on_search_changed (KbQuestionHistory *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  g_autofree char *old = g_steal_pointer (&self->query.search);
  const char *search;
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;

  if (*stripped != '\0')
    self->query.search = kb_subscriber_fold (stripped);
  search = self->query.search;

  /* Typing one more letter only narrows what is shown: only the rows left
   * are looked at. */
  if (search != NULL && (old == NULL || strstr (search, old) != NULL))
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (old != NULL && (search == NULL || strstr (old, search) != NULL))
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  else if (old == NULL && search == NULL)
    return;

  kb_filter_list_model_refilter (self->filter_model, change);
  update_visible_page (self);
}

static void
on_filter_selected (KbQuestionHistory *self)
{
  guint selected = gtk_drop_down_get_selected (self->filter_dropdown);

  if (selected == GTK_INVALID_LIST_POSITION || selected == (guint) self->query.mode)
    return;
  self->query.mode = selected;
  kb_filter_list_model_refilter (self->filter_model, GTK_FILTER_CHANGE_DIFFERENT);
  update_visible_page (self);
}

/* A GtkDropDown's popover is its child, so the drop-down's tooltip answers
 * for the popover too and covers its first option: no tooltip while open. */
static void
on_filter_popover_visible (GtkWidget *popover, GParamSpec *pspec, GtkWidget *dropdown)
{
  gtk_widget_set_has_tooltip (dropdown, !gtk_widget_get_visible (popover));
  gtk_widget_trigger_tooltip_query (dropdown);
}

static void
watch_filter_popover (KbQuestionHistory *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->filter_dropdown));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER (child))
      g_signal_connect_object (child, "notify::visible", G_CALLBACK (on_filter_popover_visible),
                               self->filter_dropdown, 0);
}

void
kb_question_history_set_filter (KbQuestionHistory *self, KbQuestionFilter filter)
{
  g_return_if_fail (KB_IS_QUESTION_HISTORY (self));
  gtk_drop_down_set_selected (self->filter_dropdown, filter);
}

/* GTK 4.8's list view keeps its anchor row in place when rows arrive above
 * it, so a view put at the top before the new row's first layout ends a few
 * pixels down, the new row half under the column header (and there is no
 * gtk_column_view_scroll_to() before 4.12). So the view is put back at the
 * top on each frame until two frames in a row find it there. */
#define TOP_MAX_FRAMES 30

static gboolean
keep_at_top_tick (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
  KbQuestionHistory *self = KB_QUESTION_HISTORY (widget);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled);

  if (gtk_adjustment_get_value (adjustment) <= gtk_adjustment_get_lower (adjustment) &&
      gtk_widget_get_mapped (widget))
    self->top_settled++;
  else
    {
      self->top_settled = 0;
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
    }
  if (self->top_settled < 2 && ++self->top_frames < TOP_MAX_FRAMES)
    return G_SOURCE_CONTINUE;
  self->top_tick = 0;
  return G_SOURCE_REMOVE;
}

static void
scroll_to_top (KbQuestionHistory *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled);

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
  self->top_frames = 0;
  self->top_settled = 0;
  if (self->top_tick == 0)
    self->top_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), keep_at_top_tick, NULL, NULL);
}

/* Shows everything, newest first, from the top: as after sending a question. */
void
kb_question_history_reset_view (KbQuestionHistory *self)
{
  g_return_if_fail (KB_IS_QUESTION_HISTORY (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  on_search_changed (self);
  kb_question_history_set_filter (self, KB_QUESTION_FILTER_ALL);
  gtk_column_view_sort_by_column (self->column_view, self->date_column, GTK_SORT_DESCENDING);
  scroll_to_top (self);
}

GListModel *
kb_question_history_get_shown (KbQuestionHistory *self)
{
  g_return_val_if_fail (KB_IS_QUESTION_HISTORY (self), NULL);
  return G_LIST_MODEL (self->filter_model);
}

static void
open_question (KbQuestion *question, gpointer user_data)
{
  g_signal_emit (KB_QUESTION_HISTORY (user_data), signals[SIGNAL_OPEN_QUESTION], 0, question);
}

static void
on_row_activated (KbQuestionHistory *self, guint position)
{
  g_autoptr(KbQuestion) question = g_list_model_get_item (G_LIST_MODEL (self->filter_model), position);

  if (question != NULL && kb_question_get_id (question) != NULL)
    g_signal_emit (self, signals[SIGNAL_OPEN_QUESTION], 0, question);
}

static void
on_items_changed (KbQuestionHistory *self)
{
  update_visible_page (self);
}

void
kb_question_history_set_screenful (KbQuestionHistory *self, guint rows)
{
  g_return_if_fail (KB_IS_QUESTION_HISTORY (self));
  kb_slot_list_model_set_screenful (self->slots, rows);
}

void
kb_question_history_set_model (KbQuestionHistory *self, GListModel *questions)
{
  g_return_if_fail (KB_IS_QUESTION_HISTORY (self));

  if (self->questions != NULL)
    g_signal_handlers_disconnect_by_func (self->questions, on_items_changed, self);
  g_set_object (&self->questions, questions);
  gtk_sort_list_model_set_model (self->sort_model, questions);
  if (questions != NULL)
    g_signal_connect_object (questions, "items-changed", G_CALLBACK (on_items_changed), self,
                             G_CONNECT_SWAPPED);
  update_visible_page (self);
}

/* ---- Export ------------------------------------------------------------ */

static void
on_export_written (GObject *source, GAsyncResult *result, gpointer user_data)
{
  KbQuestionHistory *self = KB_QUESTION_HISTORY (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    /* TRANSLATORS: %s is the reason */
    message = g_strdup_printf (_("Could not export the history: %s"), error->message);
  else
    message = g_strdup (_("The history was exported"));
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", message);
}

static void
export_to (gpointer owner, GFile *file)
{
  KbQuestionHistory *self = owner;
  g_autoptr(GBytes) csv = kb_question_history_build_csv (G_LIST_MODEL (self->filter_model));

  kb_save_bytes (file, csv, g_task_new (self, NULL, on_export_written, NULL));
}

static void
export_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KbQuestionHistory *self = KB_QUESTION_HISTORY (widget);
  /* TRANSLATORS: the suggested file name of the exported history */
  const char *name = _("questions.csv");

  kb_save_chooser_show (kb_csv_chooser_new (widget, _("Export Request History"), _("_Export"), name),
                        self, export_to);
}

/* ---- Object ------------------------------------------------------------ */

static void
kb_question_history_dispose (GObject *object)
{
  KbQuestionHistory *self = KB_QUESTION_HISTORY (object);

  self->slots = NULL;

  if (self->questions != NULL)
    g_signal_handlers_disconnect_by_func (self->questions, on_items_changed, self);
  gtk_widget_dispose_template (GTK_WIDGET (object), KB_TYPE_QUESTION_HISTORY);
  g_clear_object (&self->selection);
  g_clear_handle_id (&self->rows_source, g_source_remove);
  if (self->sort_model != NULL)
    g_signal_handlers_disconnect_by_data (self->sort_model, self);
  g_clear_object (&self->sort_model);
  g_clear_object (&self->questions);
  g_clear_pointer (&self->query.search, g_free);

  G_OBJECT_CLASS (kb_question_history_parent_class)->dispose (object);
}

static void
kb_question_history_class_init (KbQuestionHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kb_question_history_dispose;



  signals[SIGNAL_OPEN_QUESTION] =
    g_signal_new ("open-question", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, KB_TYPE_QUESTION);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/sections/feedback/kb-question-history.ui");
  gtk_widget_class_bind_template_child (widget_class, KbQuestionHistory, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KbQuestionHistory, filter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KbQuestionHistory, export_button);
  gtk_widget_class_bind_template_child (widget_class, KbQuestionHistory, content_stack);
  gtk_widget_class_bind_template_child (widget_class, KbQuestionHistory, scrolled);
  gtk_widget_class_bind_template_child (widget_class, KbQuestionHistory, column_view);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);

  gtk_widget_class_install_action (widget_class, "history.export", NULL, export_action);
}

static void
kb_question_history_init (KbQuestionHistory *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Not in the template: see kb_tooltip_set(). */
  kb_tooltip_set (GTK_WIDGET (self->filter_dropdown), _("Show questions"));
  kb_tooltip_set (GTK_WIDGET (self->export_button), _("Export to CSV"));

  self->date_column = kb_question_columns_add (self->column_view, open_question, self);
  self->sort_model = gtk_sort_list_model_new (NULL, g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  g_signal_connect_object (self->sort_model, "items-changed", G_CALLBACK (on_sorted_changed), self,
                           G_CONNECT_SWAPPED);
  self->filter_model = kb_filter_list_model_new (KB_TYPE_QUESTION);
  kb_filter_list_model_set_search (self->filter_model, kb_question_index_new, kb_question_index_free,
                                   kb_question_index_search);
  kb_filter_list_model_set_key_equal (self->filter_model, kb_question_key_equal);
  kb_filter_list_model_set_match (self->filter_model, kb_question_key_matches, &self->query,
                                  kb_question_query_copy, kb_question_query_free);
  /* A pass over 10 000 folded texts takes a few ms on a worker: waiting
   * for it puts the result in the keystroke's first frame. */
  kb_filter_list_model_set_wait (self->filter_model, 10);
  /* A search filtered on a worker is shown after its keystroke's handlers. */
  g_signal_connect_object (self->filter_model, "items-changed", G_CALLBACK (update_visible_page), self,
                           G_CONNECT_SWAPPED);
  /* The selection owns the slots, which own the filter model; the sort
   * model is ours. Over slots a search keeps the rows and their widgets
   * (see KbSlotListModel), and the cells follow the questions through them. */
  self->slots = kb_slot_list_model_new (G_LIST_MODEL (self->filter_model));
  g_object_unref (self->filter_model);
  kb_slot_list_model_set_follow_items (self->slots);
  /* The slots on screen show a search's result in its first frame; the
   * other rows GTK keeps follow after it. */
  self->selection = kb_slot_list_model_show_in (self->slots, self->column_view);
  gtk_column_view_sort_by_column (self->column_view, self->date_column, GTK_SORT_DESCENDING);

  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
  watch_filter_popover (self);
  update_visible_page (self);
}

GtkWidget *
kb_question_history_new (void)
{
  return g_object_new (KB_TYPE_QUESTION_HISTORY, NULL);
}
