/* kb-question-columns.c — Request History's columns and how its rows show a question.
 *
 * Question (its first line, the whole text in the tooltip), Answer (a
 * View link and the number of answers), Status (a coloured pill, with the
 * client's rating) and Date (the last activity, which the history sorts
 * by). An unread question is bold. Cells follow their question's notify
 * signals, so that a question answered while shown changes in place.
 */
#include "config.h"

#include "kb-question-columns.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kb-cell.h"
#include "kb-tooltip.h"
#include "kb-format.h"
#include "kb-list-slot.h"

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

/* The time of a question's last message or change of status: the server
 * moves updated_at on each of them, so a question answered again, or
 * followed up, goes back to the top of the history. A question without it
 * (one still in the outbox) was last active when it was asked. */
static GDateTime *
last_activity (KbQuestion *question)
{
  GDateTime *updated = kb_question_get_updated_at (question);

  return updated != NULL ? updated : kb_question_get_created_at (question);
}

/* A GtkCustomSorter makes a GtkOrdering of any sign itself. */
static int
date_sort_func (gconstpointer a, gconstpointer b, gpointer user_data)
{
  GDateTime *x = last_activity ((KbQuestion *) a);
  GDateTime *y = last_activity ((KbQuestion *) b);

  /* A question still in the outbox has no server time yet: it is the newest. */
  if (x == NULL || y == NULL)
    return (x == NULL) - (y == NULL);
  return g_date_time_compare (x, y);
}

static int
status_sort_func (gconstpointer a, gconstpointer b, gpointer user_data)
{
  KbQuestionStatus sa = kb_question_get_status ((KbQuestion *) a);
  KbQuestionStatus sb = kb_question_get_status ((KbQuestion *) b);

  if (sa != sb)
    return sa < sb ? -1 : 1;
  return date_sort_func (a, b, user_data);
}

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

static void
bind_question_cell (GtkWidget *cell, gpointer item, int column, gpointer user_data)
{
  KbQuestion *question = kb_list_slot_get_item (item);
  g_autofree char *line = first_line (kb_question_get_text (question));

  gtk_label_set_text (GTK_LABEL (cell), line);
  kb_tooltip_set (cell, kb_question_get_text (question));
  set_unread_weight (GTK_LABEL (cell), kb_question_get_unread (question));
}

static void
bind_answer_cell (GtkWidget *cell, gpointer item, int column, gpointer user_data)
{
  KbQuestion *question = kb_list_slot_get_item (item);
  GtkWidget *link = gtk_widget_get_first_child (cell);
  GtkWidget *count = gtk_widget_get_next_sibling (link);
  g_autofree char *text = kb_question_answers_text (kb_question_get_answers_count (question));

  /* Only a question the server has accepted has a thread to open. */
  gtk_widget_set_sensitive (link, kb_question_get_id (question) != NULL);
  /* Held, not borrowed: a click (or an AT-SPI "click") may reach a row whose
   * item GTK has not unbound yet after the model changed under it. */
  g_object_set_data_full (G_OBJECT (link), "kb-question", g_object_ref (question), g_object_unref);
  gtk_label_set_text (GTK_LABEL (count), text);
  set_unread_weight (GTK_LABEL (count), kb_question_get_unread (question));
}

static void
unbind_answer_cell (GtkWidget *cell, gpointer item, int column, gpointer user_data)
{
  g_object_set_data (G_OBJECT (gtk_widget_get_first_child (cell)), "kb-question", NULL);
}

static void
bind_status_cell (GtkWidget *cell, gpointer item, int column, gpointer user_data)
{
  KbQuestion *question = kb_list_slot_get_item (item);
  KbQuestionStatus status = kb_question_get_status (question);
  const char *rating = kb_question_get_rating (question);
  const char *display = kb_question_status_to_display (status);
  g_autofree char *text = NULL;

  /* The client's rating rides on the status, so that the history shows it
   * without a column more at 360 px; its comment is the tooltip. */
  if (g_strcmp0 (rating, "good") == 0)
    /* TRANSLATORS: a question's status and its rating, e.g. "Answered · helped" */
    text = g_strdup_printf (_("%s · helped"), display);
  else if (g_strcmp0 (rating, "bad") == 0)
    /* TRANSLATORS: a question's status and its rating, e.g. "Answered · did not help" */
    text = g_strdup_printf (_("%s · did not help"), display);
  kb_cell_set_pill (cell, text != NULL ? text : display, kb_question_status_style (status));
  kb_tooltip_set (cell, status == KB_QUESTION_STATUS_FAILED
                               ? kb_question_get_error_message (question)
                               : kb_question_get_rating_comment (question));
}

static void
bind_date_cell (GtkWidget *cell, gpointer item, int column, gpointer user_data)
{
  KbQuestion *question = kb_list_slot_get_item (item);
  GDateTime *created = kb_question_get_created_at (question);
  GDateTime *active = last_activity (question);
  g_autofree char *text = active != NULL ? kb_format_local_date_time (active) : g_strdup ("—");
  g_autofree char *asked = NULL;

  /* The column shows what it is sorted by, the last activity; the date the
   * question was asked stays in reach when it differs. */
  if (created != NULL && active != created && !g_date_time_equal (active, created))
    {
      g_autofree char *when = kb_format_local_date_time (created);

      /* TRANSLATORS: %s is the date and time a question was asked */
      asked = g_strdup_printf (_("Asked %s"), when);
    }
  gtk_label_set_text (GTK_LABEL (cell), text);
  kb_tooltip_set (cell, asked);
  set_unread_weight (GTK_LABEL (cell), kb_question_get_unread (question));
}

/* The "View" link's owner: what it calls with the question to open. */
typedef struct {
  KbQuestionOpenFunc open;
  gpointer user_data;
} OpenLink;

static void
on_view_clicked (GtkButton *button, OpenLink *link)
{
  KbQuestion *question = g_object_get_data (G_OBJECT (button), "kb-question");

  if (question != NULL && kb_question_get_id (question) != NULL)
    link->open (question, link->user_data);
}

static GtkWidget *
setup_question (int column, gpointer user_data)
{
  GtkWidget *label = kb_cell_new_label (KB_CELL_ELLIPSIZE);

  gtk_label_set_width_chars (GTK_LABEL (label), 20);
  return label;
}

static GtkWidget *
setup_answer (int column, gpointer user_data)
{
  OpenLink *open = user_data;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *link = gtk_button_new_with_label (_("View"));
  GtkWidget *count = kb_cell_new_label (KB_CELL_DIM);

  gtk_widget_add_css_class (link, "link");
  gtk_widget_add_css_class (link, "flat");
  gtk_widget_set_valign (link, GTK_ALIGN_CENTER);
  kb_tooltip_set (link, _("Open the question and its answers"));
  g_signal_connect (link, "clicked", G_CALLBACK (on_view_clicked), open);
  gtk_box_append (GTK_BOX (box), link);
  gtk_box_append (GTK_BOX (box), count);
  return box;
}

static GtkWidget *
setup_status (int column, gpointer user_data)
{
  GtkWidget *label = kb_cell_new_label (KB_CELL_PILL);

  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  return label;
}

static GtkWidget *
setup_date (int column, gpointer user_data)
{
  GtkWidget *label = kb_cell_new_label (KB_CELL_NUMERIC);

  gtk_widget_set_margin_end (label, 6);
  return label;
}

/**
 * kb_question_columns_add:
 * @open: called with the question whose View link is clicked
 *
 * Adds the history's four columns to @view, sortable by status and date.
 *
 * Returns: (transfer none): the Date column, which the history sorts by
 */
GtkColumnViewColumn *
kb_question_columns_add (GtkColumnView *view, KbQuestionOpenFunc open, gpointer user_data)
{
  OpenLink *link = g_new (OpenLink, 1);

  link->open = open;
  link->user_data = user_data;
  g_object_set_data_full (G_OBJECT (view), "kb-question-open-link", link, g_free);

  kb_cell_add_column (view, &(KbCellColumn) {
                        .title = _("Question"), .flags = KB_CELL_EXPAND,
                        .setup = setup_question, .bind = bind_question_cell, .follow = "notify" });
  kb_cell_add_column (view, &(KbCellColumn) {
                        .title = _("Answer"),
                        .setup = setup_answer, .bind = bind_answer_cell,
                        .unbind = unbind_answer_cell,
                        .follow = "notify", .user_data = link });
  kb_cell_add_column (view, &(KbCellColumn) {
                        .title = _("Status"), .compare = status_sort_func,
                        .setup = setup_status, .bind = bind_status_cell, .follow = "notify" });
  return kb_cell_add_column (view, &(KbCellColumn) {
                               .title = _("Date"), .compare = date_sort_func,
                               .setup = setup_date, .bind = bind_date_cell, .follow = "notify" });
}
