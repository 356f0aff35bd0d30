/* kb-rename-columns.c — the columns of the Rename section's tables.
 *
 * The rows of a list just sent and those of a history entry are shown the
 * same way, each under the line of the source it came from, with its status
 * as a pill and, when refused, the reason translated by its code; the
 * history's own table uses the same cells.
 */
#include "config.h"

#include "kb-rename-columns.h"

#include <glib/gi18n.h>

#include "kb-cell.h"
#include "kb-phone-number.h"
#include "kb-subscriber-list.h"

typedef enum {
  COLUMN_LINE,
  COLUMN_NUMBER,
  COLUMN_NAME,
  COLUMN_STATUS,
  COLUMN_REASON,
} RowColumn;

/* Returns: (transfer none): why the server refused a row, translated by its
 * code. A code this version does not know gets a translated sentence too:
 * the server's own words are English, for its logs. */
static const char *
reason_for_code (const char *code)
{
  if (code == NULL)
    return "";
  for (KbSubscriberListProblem problem = KB_SUBSCRIBER_LIST_PROBLEM_MISSING_COLUMN;
       problem <= KB_SUBSCRIBER_LIST_PROBLEM_UNKNOWN_NUMBER; problem++)
    if (g_strcmp0 (kb_subscriber_list_problem_to_code (problem), code) == 0)
      return kb_subscriber_list_problem_get_message (problem);
  return _("Refused by the operator");
}

static const char *
status_text (KbRenameStatus status, gboolean just_sent)
{
  switch (status)
    {
    case KB_RENAME_STATUS_PENDING:
      return just_sent ? _("Accepted") : C_("rename status", "Pending");
    case KB_RENAME_STATUS_DONE:
      return C_("rename status", "Done");
    case KB_RENAME_STATUS_REJECTED:
      return C_("rename status", "Rejected");
    case KB_RENAME_STATUS_UNKNOWN:
    default:
      return "—";
    }
}

static const char *
status_style (KbRenameStatus status, gboolean just_sent)
{
  switch (status)
    {
    case KB_RENAME_STATUS_PENDING:
      return just_sent ? "success" : "warning";
    case KB_RENAME_STATUS_DONE:
      return "success";
    case KB_RENAME_STATUS_REJECTED:
      return "error";
    case KB_RENAME_STATUS_UNKNOWN:
    default:
      return NULL;
    }
}

const char *
kb_rename_columns_show_status (GtkWidget *label, KbRenameStatus status, gboolean just_sent)
{
  static const char * const styles[] = { "warning", "success", "error" };
  const char *text = status_text (status, just_sent);
  const char *style = status_style (status, just_sent);

  gtk_label_set_text (GTK_LABEL (label), text);
  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    gtk_widget_remove_css_class (label, styles[i]);
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  return text;
}

static void
setup_label_cell (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  int column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "kb-column"));
  gboolean pill = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "kb-pill"));
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), column == COLUMN_LINE ? 1.0 : 0.0);
  if (pill)
    {
      gtk_widget_set_halign (label, GTK_ALIGN_START);
      gtk_widget_add_css_class (label, "status-pill");
    }
  else
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
    }
  if (column == COLUMN_LINE)
    gtk_widget_add_css_class (label, "dim-label");
  gtk_list_item_set_child (item, label);
}

static void
bind_row_cell (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  gboolean just_sent = GPOINTER_TO_INT (data);
  RowColumn column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "kb-column"));
  KbRenameRow *row = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  g_autofree char *text = NULL;

  switch (column)
    {
    case COLUMN_LINE:
      text = g_strdup_printf ("%u", kb_rename_row_get_row (row));
      break;
    case COLUMN_NUMBER:
      text = kb_phone_number_is_canonical (kb_rename_row_get_number (row))
               ? kb_phone_number_format (kb_rename_row_get_number (row))
               : g_strdup (kb_rename_row_get_number (row));
      break;
    case COLUMN_NAME:
      text = g_strdup (kb_rename_row_get_name (row));
      break;
    case COLUMN_STATUS:
      text = g_strdup (kb_rename_columns_show_status (label, kb_rename_row_get_status (row), just_sent));
      break;
    case COLUMN_REASON:
    default:
      text = g_strdup (reason_for_code (kb_rename_row_get_code (row)));
      break;
    }
  if (column != COLUMN_STATUS)
    gtk_label_set_text (GTK_LABEL (label), text);
  kb_cell_set_accessible_text (label, text);
}

void
kb_rename_columns_add (GtkColumnView *view,
                       const char    *title,
                       int            column,
                       gboolean       pill,
                       gboolean       expand,
                       GCallback      bind,
                       gpointer       bind_data)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *view_column;

  g_object_set_data (G_OBJECT (factory), "kb-column", GINT_TO_POINTER (column));
  g_object_set_data (G_OBJECT (factory), "kb-pill", GINT_TO_POINTER (pill));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_label_cell), NULL);
  g_signal_connect (factory, "bind", bind, bind_data);
  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_append_column (view, view_column);
  g_object_unref (view_column);
}

void
kb_rename_columns_setup_rows (GtkColumnView *view, GListModel *model, gboolean just_sent)
{
  GtkNoSelection *selection = gtk_no_selection_new (g_object_ref (model));

  kb_rename_columns_add (view, _("Line"), COLUMN_LINE, FALSE, FALSE, G_CALLBACK (bind_row_cell), GINT_TO_POINTER (just_sent));
  kb_rename_columns_add (view, _("Number"), COLUMN_NUMBER, FALSE, FALSE, G_CALLBACK (bind_row_cell), GINT_TO_POINTER (just_sent));
  kb_rename_columns_add (view, _("New name"), COLUMN_NAME, FALSE, TRUE, G_CALLBACK (bind_row_cell), GINT_TO_POINTER (just_sent));
  kb_rename_columns_add (view, just_sent ? _("Result") : _("Status"), COLUMN_STATUS, TRUE, FALSE,
              G_CALLBACK (bind_row_cell), GINT_TO_POINTER (just_sent));
  kb_rename_columns_add (view, _("Reason"), COLUMN_REASON, FALSE, TRUE, G_CALLBACK (bind_row_cell), GINT_TO_POINTER (just_sent));
  gtk_column_view_set_model (view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
}

