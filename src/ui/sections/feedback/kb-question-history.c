/* kb-question-history.c — Request History (История обращений).
 *
 * The questions of KbFeedback in a GtkColumnView: Question (the first line,
 * the whole text in the tooltip), Answer (a View link and the number of
 * answers), Status (a coloured pill) and Date. The model chain is
 * questions → sort (the column view's sorter) → filter (search text and the
 * All/Unread/Waiting/Answered choice) → no selection: sorting comes first so
 * that a keystroke only filters (a sort model under a filter re-sorts on
 * every change, half a second for 10 000 rows), and 10 000 questions cost
 * only the rows on screen. Cells follow their question's
 * notify signals, so a question answered while shown changes in place.
 */
#include "config.h"

#include "kb-question-history.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kb-format.h"

struct _KbQuestionHistory
{
  AdwBin parent_instance;

  GtkSearchEntry *search_entry;
  GtkDropDown *filter_dropdown;
  GtkStack *content_stack;
  GtkScrolledWindow *scrolled;
  GtkColumnView *column_view;
  GtkColumnViewColumn *date_column;

  GListModel *questions;
  GtkCustomFilter *filter;
  GtkFilterListModel *filter_model;
  GtkSortListModel *sort_model;
  GtkNoSelection *selection;

  char *search;               /* casefolded, NULL when empty */
  KbQuestionFilter mode;
};

G_DEFINE_FINAL_TYPE (KbQuestionHistory, kb_question_history, ADW_TYPE_BIN)

enum {
  SIGNAL_OPEN_QUESTION,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GQuark folded_quark;

/* ---- Shared helpers ---------------------------------------------------- */

/* The .status-pill modifier class, or NULL for the neutral pill. */
const char *
kb_question_status_style (KbQuestionStatus status)
{
  switch (status)
    {
    case KB_QUESTION_STATUS_FAILED: return "error";
    case KB_QUESTION_STATUS_NEW:
    case KB_QUESTION_STATUS_IN_PROGRESS: return "warning";
    case KB_QUESTION_STATUS_ANSWERED: return "success";
    case KB_QUESTION_STATUS_QUEUED:
    case KB_QUESTION_STATUS_CLOSED:
    default: return NULL;
    }
}

char *
kb_question_answers_text (guint n_answers)
{
  /* TRANSLATORS: the number of answers to a question, in Request History */
  return g_strdup_printf (ngettext ("%u answer", "%u answers", n_answers), n_answers);
}

static char *
first_line (const char *text)
{
  const char *end;

  if (text == NULL)
    return g_strdup ("");
  while (*text == '\n' || *text == '\r' || *text == ' ' || *text == '\t')
    text++;
  end = strpbrk (text, "\r\n");
  return end != NULL ? g_strndup (text, end - text) : g_strdup (text);
}

static const char *
folded_text (KbQuestion *question)
{
  const char *folded = g_object_get_qdata (G_OBJECT (question), folded_quark);

  /* A question's text never changes once asked; fold it once. */
  if (folded == NULL)
    {
      const char *text = kb_question_get_text (question);
      char *normalized = g_utf8_normalize (text != NULL ? text : "", -1, G_NORMALIZE_ALL);
      char *casefolded = g_utf8_casefold (normalized != NULL ? normalized : "", -1);

      g_free (normalized);
      g_object_set_qdata_full (G_OBJECT (question), folded_quark, casefolded, g_free);
      folded = casefolded;
    }
  return folded;
}

/* ---- Filtering and sorting --------------------------------------------- */

static gboolean
matches_mode (KbQuestion *question, KbQuestionFilter mode)
{
  KbQuestionStatus status = kb_question_get_status (question);

  switch (mode)
    {
    case KB_QUESTION_FILTER_UNREAD:
      return kb_question_get_unread (question);
    case KB_QUESTION_FILTER_WAITING:
      return status == KB_QUESTION_STATUS_QUEUED || status == KB_QUESTION_STATUS_NEW ||
             status == KB_QUESTION_STATUS_IN_PROGRESS || status == KB_QUESTION_STATUS_FAILED;
    case KB_QUESTION_FILTER_ANSWERED:
      return status == KB_QUESTION_STATUS_ANSWERED || status == KB_QUESTION_STATUS_CLOSED;
    case KB_QUESTION_FILTER_ALL:
    default:
      return TRUE;
    }
}

static gboolean
filter_func (gpointer item, gpointer user_data)
{
  KbQuestionHistory *self = user_data;
  KbQuestion *question = item;

  if (!matches_mode (question, self->mode))
    return FALSE;
  return self->search == NULL || strstr (folded_text (question), self->search) != NULL;
}

static int
compare_dates (GDateTime *a, GDateTime *b)
{
  /* A question still in the outbox has no server time yet: it is the newest. */
  if (a == NULL || b == NULL)
    return (a == NULL) - (b == NULL);
  return g_date_time_compare (a, b);
}

static int
date_sort_func (gconstpointer a, gconstpointer b, gpointer user_data)
{
  int order = compare_dates (kb_question_get_created_at ((KbQuestion *) a),
                             kb_question_get_created_at ((KbQuestion *) b));

  return order < 0 ? GTK_ORDERING_SMALLER : order > 0 ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

static int
status_sort_func (gconstpointer a, gconstpointer b, gpointer user_data)
{
  KbQuestionStatus sa = kb_question_get_status ((KbQuestion *) a);
  KbQuestionStatus sb = kb_question_get_status ((KbQuestion *) b);

  if (sa != sb)
    return sa < sb ? GTK_ORDERING_SMALLER : GTK_ORDERING_LARGER;
  return date_sort_func (a, b, user_data);
}

static void
update_visible_page (KbQuestionHistory *self)
{
  gboolean has_questions = self->questions != NULL && g_list_model_get_n_items (self->questions) > 0;
  gboolean shows_rows = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)) > 0;

  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->search_entry)), has_questions);
  gtk_stack_set_visible_child_name (self->content_stack,
                                    !has_questions ? "empty" : shows_rows ? "list" : "no-results");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.export", has_questions);
}

void
kb_question_history_invalidate (KbQuestionHistory *self)
{
  GtkSorter *sorter;

  g_return_if_fail (KB_IS_QUESTION_HISTORY (self));

  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  sorter = gtk_column_view_get_sorter (self->column_view);
  if (sorter != NULL)
    gtk_sorter_changed (sorter, GTK_SORTER_CHANGE_DIFFERENT);
  update_visible_page (self);
}

static void
on_search_changed (KbQuestionHistory *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  g_autofree char *old = g_steal_pointer (&self->search);
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;

  if (*stripped != '\0')
    {
      g_autofree char *normalized = g_utf8_normalize (stripped, -1, G_NORMALIZE_ALL);

      self->search = g_utf8_casefold (normalized, -1);
    }

  /* Typing one more letter only narrows what is shown: GTK filters just the rows left. */
  if (old != NULL && self->search != NULL && strstr (self->search, old) != NULL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (old != NULL && (self->search == NULL || strstr (old, self->search) != NULL))
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  else if (old == NULL && self->search == NULL)
    return;

  gtk_filter_changed (GTK_FILTER (self->filter), change);
  update_visible_page (self);
}

static void
on_filter_selected (KbQuestionHistory *self)
{
  guint selected = gtk_drop_down_get_selected (self->filter_dropdown);

  if (selected == GTK_INVALID_LIST_POSITION || selected == (guint) self->mode)
    return;
  self->mode = selected;
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_visible_page (self);
}

void
kb_question_history_set_filter (KbQuestionHistory *self, KbQuestionFilter filter)
{
  g_return_if_fail (KB_IS_QUESTION_HISTORY (self));
  gtk_drop_down_set_selected (self->filter_dropdown, filter);
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
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled), 0);
}

GListModel *
kb_question_history_get_shown (KbQuestionHistory *self)
{
  g_return_val_if_fail (KB_IS_QUESTION_HISTORY (self), NULL);
  return G_LIST_MODEL (self->filter_model);
}

/* ---- Cells ------------------------------------------------------------- */

typedef void (*CellUpdate) (GtkWidget *cell, KbQuestion *question);

static void
set_unread_weight (GtkLabel *label, gboolean unread)
{
  if (unread)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      gtk_label_set_attributes (label, attrs);
      pango_attr_list_unref (attrs);
    }
  else
    gtk_label_set_attributes (label, NULL);
}

/* GTK 4.8 asks the display server where the pointer is (two X round trips)
 * whenever a visible widget's tooltip is set: for cells rebound on every
 * search keystroke that was half a second over 10 000 rows. A hidden
 * widget skips the query, and a cell is rebound before it is drawn. */
static void
set_tooltip_quietly (GtkWidget *cell, const char *text)
{
  gboolean visible;

  if (g_strcmp0 (gtk_widget_get_tooltip_text (cell), text) == 0)
    return;
  visible = gtk_widget_get_visible (cell);
  gtk_widget_set_visible (cell, FALSE);
  gtk_widget_set_tooltip_text (cell, text);
  gtk_widget_set_visible (cell, visible);
}

static void
update_question_cell (GtkWidget *cell, KbQuestion *question)
{
  g_autofree char *line = first_line (kb_question_get_text (question));

  gtk_label_set_text (GTK_LABEL (cell), line);
  set_tooltip_quietly (cell, kb_question_get_text (question));
  set_unread_weight (GTK_LABEL (cell), kb_question_get_unread (question));
}

static void
update_answer_cell (GtkWidget *cell, KbQuestion *question)
{
  GtkWidget *link = gtk_widget_get_first_child (cell);
  GtkWidget *count = gtk_widget_get_next_sibling (link);
  g_autofree char *text = kb_question_answers_text (kb_question_get_answers_count (question));

  /* Only a question the server has accepted has a thread to open. */
  gtk_widget_set_sensitive (link, kb_question_get_id (question) != NULL);
  gtk_label_set_text (GTK_LABEL (count), text);
  set_unread_weight (GTK_LABEL (count), kb_question_get_unread (question));
}

static void
update_status_cell (GtkWidget *cell, KbQuestion *question)
{
  static const char *styles[] = { "success", "warning", "error" };
  KbQuestionStatus status = kb_question_get_status (question);
  const char *style = kb_question_status_style (status);

  gtk_label_set_text (GTK_LABEL (cell), kb_question_status_to_display (status));
  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    if (g_strcmp0 (style, styles[i]) != 0)
      gtk_widget_remove_css_class (cell, styles[i]);
  if (style != NULL)
    gtk_widget_add_css_class (cell, style);
  set_tooltip_quietly (cell, status == KB_QUESTION_STATUS_FAILED
                                       ? kb_question_get_error_message (question) : NULL);
}

static void
update_date_cell (GtkWidget *cell, KbQuestion *question)
{
  GDateTime *created = kb_question_get_created_at (question);
  g_autofree char *text = created != NULL ? kb_format_local_date_time (created) : g_strdup ("—");

  gtk_label_set_text (GTK_LABEL (cell), text);
  set_unread_weight (GTK_LABEL (cell), kb_question_get_unread (question));
}

static void
on_question_notify (KbQuestion *question, GParamSpec *pspec, GtkWidget *cell)
{
  CellUpdate update = g_object_get_data (G_OBJECT (cell), "kb-update");

  update (cell, question);
}

static void
on_view_clicked (GtkButton *button, KbQuestionHistory *self)
{
  KbQuestion *question = g_object_get_data (G_OBJECT (button), "kb-question");

  if (question != NULL && kb_question_get_id (question) != NULL)
    g_signal_emit (self, signals[SIGNAL_OPEN_QUESTION], 0, question);
}

static GtkWidget *
label_cell (void)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  return label;
}

static void
setup_question (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *label = label_cell ();

  gtk_label_set_width_chars (GTK_LABEL (label), 20);
  g_object_set_data (G_OBJECT (label), "kb-update", update_question_cell);
  gtk_list_item_set_child (item, label);
}

static void
setup_answer (GtkSignalListItemFactory *factory, GtkListItem *item, KbQuestionHistory *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *link = gtk_button_new_with_label (_("View"));
  GtkWidget *count = label_cell ();

  gtk_widget_add_css_class (link, "link");
  gtk_widget_add_css_class (link, "flat");
  gtk_widget_set_valign (link, GTK_ALIGN_CENTER);
  set_tooltip_quietly (link, _("Open the question and its answers"));
  g_signal_connect_object (link, "clicked", G_CALLBACK (on_view_clicked), self, 0);
  gtk_widget_add_css_class (count, "dim-label");
  gtk_box_append (GTK_BOX (box), link);
  gtk_box_append (GTK_BOX (box), count);
  g_object_set_data (G_OBJECT (box), "kb-update", update_answer_cell);
  gtk_list_item_set_child (item, box);
}

static void
setup_status (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_add_css_class (label, "status-pill");
  gtk_widget_set_halign (label, GTK_ALIGN_START);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (label), "kb-update", update_status_cell);
  gtk_list_item_set_child (item, label);
}

static void
setup_date (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *label = label_cell ();

  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_set_margin_end (label, 6);
  g_object_set_data (G_OBJECT (label), "kb-update", update_date_cell);
  gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *cell = gtk_list_item_get_child (item);
  KbQuestion *question = gtk_list_item_get_item (item);
  CellUpdate update = g_object_get_data (G_OBJECT (cell), "kb-update");
  gulong handler;

  update (cell, question);
  handler = g_signal_connect (question, "notify", G_CALLBACK (on_question_notify), cell);
  g_object_set_data (G_OBJECT (cell), "kb-handler", GSIZE_TO_POINTER (handler));
  if (GTK_IS_BOX (cell))
    g_object_set_data (G_OBJECT (gtk_widget_get_first_child (cell)), "kb-question", question);
}

static void
unbind_cell (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *cell = gtk_list_item_get_child (item);
  KbQuestion *question = gtk_list_item_get_item (item);
  gulong handler = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (cell), "kb-handler"));

  if (handler != 0 && question != NULL)
    g_signal_handler_disconnect (question, handler);
  g_object_set_data (G_OBJECT (cell), "kb-handler", NULL);
  if (GTK_IS_BOX (cell))
    g_object_set_data (G_OBJECT (gtk_widget_get_first_child (cell)), "kb-question", NULL);
}

static GtkColumnViewColumn *
add_column (KbQuestionHistory *self, const char *title, GCallback setup, GtkSorter *sorter)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;

  g_signal_connect (factory, "setup", setup, self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell), self);
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (column, TRUE);
  if (sorter != NULL)
    gtk_column_view_column_set_sorter (column, sorter);
  gtk_column_view_append_column (self->column_view, column);
  g_clear_object (&sorter);
  g_object_unref (column);  /* the column view keeps it */
  return column;
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
append_csv_field (GString *csv, const char *value, gboolean last)
{
  g_string_append_c (csv, '"');
  for (const char *p = value != NULL ? value : ""; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (csv, '"');
      g_string_append_c (csv, *p);
    }
  g_string_append (csv, last ? "\"\r\n" : "\";");
}

static GBytes *
build_csv (GListModel *questions)
{
  GString *csv = g_string_new ("\xEF\xBB\xBF");  /* the BOM, so that spreadsheets read UTF-8 */
  guint n = g_list_model_get_n_items (questions);

  append_csv_field (csv, _("Question"), FALSE);
  append_csv_field (csv, _("Status"), FALSE);
  append_csv_field (csv, _("Answers"), FALSE);
  append_csv_field (csv, _("Date"), FALSE);
  append_csv_field (csv, _("Unread"), TRUE);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KbQuestion) question = g_list_model_get_item (questions, i);
      GDateTime *created = kb_question_get_created_at (question);
      g_autofree char *count = g_strdup_printf ("%u", kb_question_get_answers_count (question));
      g_autoptr(GDateTime) local = created != NULL ? g_date_time_to_local (created) : NULL;
      g_autofree char *date = local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M:%S") : NULL;

      append_csv_field (csv, kb_question_get_text (question), FALSE);
      append_csv_field (csv, kb_question_status_to_display (kb_question_get_status (question)),
                        FALSE);
      append_csv_field (csv, count, FALSE);
      append_csv_field (csv, date, FALSE);
      append_csv_field (csv, kb_question_get_unread (question) ? _("Yes") : _("No"), TRUE);
    }

  return g_string_free_to_bytes (csv);
}

static void
on_export_written (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(KbQuestionHistory) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    /* TRANSLATORS: %s is the reason */
    message = g_strdup_printf (_("Could not export the history: %s"), error->message);
  else
    message = g_strdup (_("The history was exported"));
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", message);
}

static void
on_export_response (GtkNativeDialog *dialog, int response, KbQuestionHistory *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GBytes) csv = build_csv (G_LIST_MODEL (self->filter_model));

      g_file_replace_contents_bytes_async (file, csv, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                           NULL, on_export_written, g_object_ref (self));
    }
  g_object_unref (dialog);
}

static void
export_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KbQuestionHistory *self = KB_QUESTION_HISTORY (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  dialog = gtk_file_chooser_native_new (_("Export Request History"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  /* TRANSLATORS: the suggested file name of the exported history */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), _("questions.csv"));
  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_export_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* ---- Object ------------------------------------------------------------ */

static void
kb_question_history_dispose (GObject *object)
{
  KbQuestionHistory *self = KB_QUESTION_HISTORY (object);

  if (self->questions != NULL)
    g_signal_handlers_disconnect_by_func (self->questions, on_items_changed, self);
  gtk_widget_dispose_template (GTK_WIDGET (object), KB_TYPE_QUESTION_HISTORY);
  g_clear_object (&self->selection);
  g_clear_object (&self->questions);
  g_clear_pointer (&self->search, g_free);

  G_OBJECT_CLASS (kb_question_history_parent_class)->dispose (object);
}

static void
kb_question_history_class_init (KbQuestionHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kb_question_history_dispose;

  folded_quark = g_quark_from_static_string ("kb-question-history-folded");

  signals[SIGNAL_OPEN_QUESTION] =
    g_signal_new ("open-question", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, KB_TYPE_QUESTION);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/sections/feedback/kb-question-history.ui");
  gtk_widget_class_bind_template_child (widget_class, KbQuestionHistory, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KbQuestionHistory, filter_dropdown);
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
  GtkColumnViewColumn *question_column;

  gtk_widget_init_template (GTK_WIDGET (self));

  question_column = add_column (self, _("Question"), G_CALLBACK (setup_question), NULL);
  gtk_column_view_column_set_expand (question_column, TRUE);
  add_column (self, _("Answer"), G_CALLBACK (setup_answer), NULL);
  add_column (self, _("Status"), G_CALLBACK (setup_status),
              GTK_SORTER (gtk_custom_sorter_new (status_sort_func, NULL, NULL)));
  self->date_column = add_column (self, _("Date"), G_CALLBACK (setup_date),
                                  GTK_SORTER (gtk_custom_sorter_new (date_sort_func, NULL, NULL)));

  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->sort_model = gtk_sort_list_model_new (NULL, g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  /* Each model owns the one below; only the selection is ours. */
  self->filter_model = gtk_filter_list_model_new (G_LIST_MODEL (self->sort_model), GTK_FILTER (self->filter));
  self->selection = gtk_no_selection_new (G_LIST_MODEL (self->filter_model));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  gtk_column_view_sort_by_column (self->column_view, self->date_column, GTK_SORT_DESCENDING);

  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
  update_visible_page (self);
}

GtkWidget *
kb_question_history_new (void)
{
  return g_object_new (KB_TYPE_QUESTION_HISTORY, NULL);
}
