/* kb-rename-columns.c — the columns of the Rename section's tables.
 *
 * The rows of a list just sent and those of a history entry are shown the
 * same way, each under the line of the source it came from, with its status
 * as a pill and, when refused, the reason translated by its code; the
 * history's own table shows a batch's status the same way.
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

const char *
kb_rename_columns_status_style (KbRenameStatus status, gboolean just_sent)
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

static char *
row_cell_text (gpointer item, int column, gpointer user_data)
{
  KbRenameRow *row = item;

  switch ((RowColumn) column)
    {
    case COLUMN_LINE:
      return g_strdup_printf ("%u", kb_rename_row_get_row (row));
    case COLUMN_NUMBER:
      return kb_phone_number_format_canonical (kb_rename_row_get_number (row));
    case COLUMN_NAME:
      return g_strdup (kb_rename_row_get_name (row));
    case COLUMN_STATUS:
      /* In a list just sent, a pending row says that the server took it. */
      if (GPOINTER_TO_INT (user_data) && kb_rename_row_get_status (row) == KB_RENAME_STATUS_PENDING)
        return g_strdup (_("Accepted"));
      return g_strdup (kb_rename_status_to_display (kb_rename_row_get_status (row)));
    case COLUMN_REASON:
    default:
      return g_strdup (reason_for_code (kb_rename_row_get_code (row)));
    }
}

static const char *
row_status_style (gpointer item, int column, gpointer user_data)
{
  return kb_rename_columns_status_style (kb_rename_row_get_status (item),
                                         GPOINTER_TO_INT (user_data));
}

void
kb_rename_columns_setup_rows (GtkColumnView *view, GListModel *model, gboolean just_sent)
{
  g_autoptr(GtkNoSelection) selection = gtk_no_selection_new (g_object_ref (model));
  const struct {
    const char *title;
    KbCellFlags flags;
  } columns[] = {
    [COLUMN_LINE] = { N_("Line"), KB_CELL_END | KB_CELL_WRAP | KB_CELL_DIM },
    [COLUMN_NUMBER] = { N_("Number"), KB_CELL_WRAP },
    [COLUMN_NAME] = { N_("New name"), KB_CELL_EXPAND | KB_CELL_WRAP },
    [COLUMN_STATUS] = { just_sent ? N_("Result") : N_("Status"), KB_CELL_PILL },
    [COLUMN_REASON] = { N_("Reason"), KB_CELL_EXPAND | KB_CELL_WRAP },
  };

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    kb_cell_add_column (view, &(KbCellColumn) {
                                .title = _(columns[i].title),
                                .column = i,
                                .flags = columns[i].flags,
                                .text = row_cell_text,
                                .style = i == COLUMN_STATUS ? row_status_style : NULL,
                                .user_data = GINT_TO_POINTER (just_sent),
                              });
  gtk_column_view_set_model (view, GTK_SELECTION_MODEL (selection));
}
