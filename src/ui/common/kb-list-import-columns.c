/* kb-list-import-columns.c — the columns of a list import's preview, where rows are fixed.
 *
 * A GtkColumnView builds cells for the visible rows only, so 100 000 rows
 * stay usable. The number and the name are GtkEditableLabels: an edit that
 * ends with a change fixes the row in the model, which checks it and all
 * rows across again; a cell follows its row's "notify" while it is bound
 * (kb_cell_add_column()), so a row whose problem changed because another
 * was fixed is redrawn. A cell knows its row while bound ("kb-row").
 * Numbers and names are cut short with the whole text in a tooltip, so that
 * one long value never pushes the problem off the view.
 */
#include "config.h"

#include "kb-list-import-columns.h"

#include <glib/gi18n.h>

#include "kb-cell.h"
#include "kb-tooltip.h"
#include "kb-phone-number.h"

typedef enum {
  COLUMN_LINE,
  COLUMN_NUMBER,
  COLUMN_NAME,
  COLUMN_PROBLEM,
  COLUMN_DROP,
} Column;

#define ROW_KEY "kb-row"

/* Returns: (transfer none) (nullable): the row @widget shows, while bound. */
static KbListImportRow *
widget_get_row (GtkWidget *widget, KbListImportModel *model, guint *position)
{
  KbListImportRow *row = g_object_get_data (G_OBJECT (widget), ROW_KEY);

  if (row == NULL || !kb_list_import_model_find (model, row, position))
    return NULL;
  return row;
}

static void
on_editable_label_editing (GtkEditableLabel *label, GParamSpec *pspec, KbListImportModel *model)
{
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (label), "kb-column"));
  const char *text = gtk_editable_get_text (GTK_EDITABLE (label));
  KbListImportRow *row;
  guint position;

  if (gtk_editable_label_get_editing (label))
    return;
  row = widget_get_row (GTK_WIDGET (label), model, &position);
  if (row == NULL)
    return;
  if (column == COLUMN_NUMBER && g_strcmp0 (text, kb_list_import_row_get_raw_number (row)) != 0)
    kb_list_import_model_fix_row (model, position, text, kb_list_import_row_get_name (row));
  else if (column == COLUMN_NAME && g_strcmp0 (text, kb_list_import_row_get_name (row)) != 0)
    kb_list_import_model_fix_row (model, position, kb_list_import_row_get_raw_number (row), text);
}

static void
on_drop_button_clicked (GtkButton *button, KbListImportModel *model)
{
  guint position;

  if (widget_get_row (GTK_WIDGET (button), model, &position) != NULL)
    kb_list_import_model_drop_row (model, position);
}

/* A cell's text that the user can edit in place. GTK 4.8's
 * GtkEditableLabel shows its text in a label of its own that neither wraps
 * nor ellipsizes, so that a name of 150 characters made its column that
 * wide and pushed the problem out of view: that label ellipsizes. */
static GtkWidget *
editable_new (Column column, KbListImportModel *model)
{
  GtkWidget *label = gtk_editable_label_new ("");
  GtkWidget *stack = gtk_widget_get_first_child (label);
  GtkWidget *shown = GTK_IS_STACK (stack) ? gtk_stack_get_child_by_name (GTK_STACK (stack), "label")
                                          : NULL;

  if (GTK_IS_LABEL (shown))
    {
      gtk_label_set_ellipsize (GTK_LABEL (shown), PANGO_ELLIPSIZE_END);
      gtk_label_set_single_line_mode (GTK_LABEL (shown), TRUE);
    }
  g_object_set_data (G_OBJECT (label), "kb-column", GINT_TO_POINTER (column));
  g_signal_connect (label, "notify::editing", G_CALLBACK (on_editable_label_editing), model);
  gtk_widget_set_hexpand (label, TRUE);
  return label;
}

static GtkWidget *
setup_cell (int column, gpointer user_data)
{
  KbListImportModel *model = user_data;
  GtkWidget *cell = NULL;

  switch ((Column) column)
    {
    case COLUMN_NUMBER:
    case COLUMN_NAME:
      {
        GtkWidget *label = editable_new (column, model);

        if (column == COLUMN_NAME)
          return label;

        {
          GtkWidget *formatted = gtk_label_new (NULL);

          cell = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
          gtk_label_set_xalign (GTK_LABEL (formatted), 0.0);
          gtk_widget_add_css_class (formatted, "dim-label");
          gtk_widget_add_css_class (formatted, "caption");
          gtk_box_append (GTK_BOX (cell), label);
          gtk_box_append (GTK_BOX (cell), formatted);
        }
      }
      break;
    case COLUMN_PROBLEM:
      {
        GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
        GtkWidget *label = gtk_label_new (NULL);

        cell = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
        gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        _("Problem"), -1);
        gtk_label_set_xalign (GTK_LABEL (label), 0.0);
        gtk_label_set_wrap (GTK_LABEL (label), TRUE);
        gtk_widget_set_hexpand (label, TRUE);
        gtk_widget_add_css_class (cell, "error");
        gtk_box_append (GTK_BOX (cell), icon);
        gtk_box_append (GTK_BOX (cell), label);
      }
      break;
    case COLUMN_LINE:
    case COLUMN_DROP:
    default:
      cell = gtk_button_new_from_icon_name ("list-remove-symbolic");
      gtk_widget_add_css_class (cell, "flat");
      gtk_widget_set_tooltip_text (cell, _("Drop this row"));
      g_signal_connect (cell, "clicked", G_CALLBACK (on_drop_button_clicked), model);
      break;
    }
  return cell;
}

/* What a screen reader reads for the cell (and the line number's text). */
static char *
cell_text (gpointer item, int column, gpointer user_data)
{
  KbListImportRow *row = item;

  switch ((Column) column)
    {
    case COLUMN_LINE:
      return g_strdup_printf ("%u", kb_list_import_row_get_line (row));
    case COLUMN_NUMBER:
      return g_strdup (kb_list_import_row_get_raw_number (row));
    case COLUMN_NAME:
      return g_strdup (kb_list_import_row_get_name (row));
    case COLUMN_PROBLEM:
      return g_strdup (kb_list_import_row_get_message (row));
    case COLUMN_DROP:
    default:
      return g_strdup_printf (_("Drop line %u"), kb_list_import_row_get_line (row));
    }
}

/* Sets an editable label's text, never under the user's fingers, and the
 * whole text as its tooltip (the label may cut it short). */
static void
show_editable (GtkWidget       *label,
               KbListImportRow *row,
               const char      *text,
               const char      *accessible_name)
{
  g_object_set_data (G_OBJECT (label), ROW_KEY, row);
  if (!gtk_editable_label_get_editing (GTK_EDITABLE_LABEL (label)))
    gtk_editable_set_text (GTK_EDITABLE (label), text != NULL ? text : "");
  kb_tooltip_set (label, text != NULL && *text != '\0' ? text : NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible_name, -1);
}

static void
bind_cell (GtkWidget *cell, gpointer item, int column, gpointer user_data)
{
  KbListImportRow *row = item;
  guint line = kb_list_import_row_get_line (row);

  switch ((Column) column)
    {
    case COLUMN_NUMBER:
      {
        GtkWidget *formatted = gtk_widget_get_last_child (cell);
        const char *raw = kb_list_import_row_get_raw_number (row);
        const char *number = kb_list_import_row_get_number (row);
        g_autofree char *pretty = number != NULL ? kb_phone_number_format (number) : NULL;
        g_autofree char *name = g_strdup_printf (_("Number on line %u"), line);

        show_editable (gtk_widget_get_first_child (cell), row, raw, name);
        /* The number as written, and below it as it will be sent. */
        gtk_label_set_text (GTK_LABEL (formatted), pretty != NULL ? pretty : "");
        gtk_widget_set_visible (formatted, pretty != NULL && g_strcmp0 (pretty, raw) != 0);
      }
      break;
    case COLUMN_NAME:
      {
        g_autofree char *name = g_strdup_printf (_("New name on line %u"), line);

        show_editable (cell, row, kb_list_import_row_get_name (row), name);
      }
      break;
    case COLUMN_PROBLEM:
      {
        const char *text = kb_list_import_row_get_message (row);

        gtk_label_set_text (GTK_LABEL (gtk_widget_get_last_child (cell)), text);
        gtk_widget_set_tooltip_text (cell, *text != '\0' ? text : NULL);
        gtk_widget_set_visible (gtk_widget_get_first_child (cell), *text != '\0');
      }
      break;
    case COLUMN_DROP:
      {
        g_autofree char *name = g_strdup_printf (_("Drop line %u"), line);

        g_object_set_data (G_OBJECT (cell), ROW_KEY, row);
        gtk_accessible_update_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        name, -1);
      }
      break;
    case COLUMN_LINE:
    default:
      break;
    }
}

static void
unbind_cell (GtkWidget *cell, gpointer item, int column, gpointer user_data)
{
  if (column == COLUMN_NUMBER)
    cell = gtk_widget_get_first_child (cell);
  g_object_set_data (G_OBJECT (cell), ROW_KEY, NULL);
}

/* GTK 4.8's GtkColumnView reads its horizontal offset before it works out
 * how wide its columns are. When the content became narrower than that
 * offset (another list after scrolling sideways, a wide row dropped), the
 * adjustment is clamped but the header and the rows stay shifted by the old
 * offset, out of view: the table looked blank until it was cleared. The
 * clamp's value-changed comes inside that allocation, where a new one cannot
 * be queued; it is queued for the next frame. */
#define REALLOCATE_KEY "kb-reallocate"

static gboolean
reallocate (GtkWidget *view, GdkFrameClock *clock, gpointer user_data)
{
  g_object_set_data (G_OBJECT (view), REALLOCATE_KEY, NULL);
  gtk_widget_queue_allocate (view);
  return G_SOURCE_REMOVE;
}

static void
on_hadjustment_value_changed (GtkAdjustment *adjustment, GtkWidget *view)
{
  guint id;

  if (g_object_get_data (G_OBJECT (view), REALLOCATE_KEY) != NULL)
    return;
  id = gtk_widget_add_tick_callback (view, reallocate, NULL, NULL);
  g_object_set_data (G_OBJECT (view), REALLOCATE_KEY, GUINT_TO_POINTER (id));
}

void
kb_list_import_columns_setup (GtkColumnView *view, KbListImportModel *model)
{
  g_autoptr(GtkNoSelection) selection = NULL;
  const struct {
    const char *title;
    KbCellFlags flags;
  } columns[] = {
    [COLUMN_LINE] = { N_("Line"), KB_CELL_END | KB_CELL_NUMERIC | KB_CELL_DIM },
    [COLUMN_NUMBER] = { N_("Number"), KB_CELL_DEFAULT },
    [COLUMN_NAME] = { N_("New name"), KB_CELL_EXPAND },
    [COLUMN_PROBLEM] = { N_("Problem"), KB_CELL_EXPAND },
    [COLUMN_DROP] = { "", KB_CELL_FIXED },
  };

  g_return_if_fail (GTK_IS_COLUMN_VIEW (view));
  g_return_if_fail (KB_IS_LIST_IMPORT_MODEL (model));

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      if (i == COLUMN_NAME && kb_list_import_model_get_kind (model) != KB_SUBSCRIBER_LIST_RENAME)
        continue;
      kb_cell_add_column (view, &(KbCellColumn) {
                                  .title = *columns[i].title != '\0' ? _(columns[i].title) : "",
                                  .column = i,
                                  .flags = columns[i].flags,
                                  .setup = i == COLUMN_LINE ? NULL : setup_cell,
                                  .text = cell_text,
                                  .bind = bind_cell,
                                  .unbind = unbind_cell,
                                  .follow = "notify",
                                  .user_data = model,
                                });
    }

  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (model)));
  gtk_column_view_set_model (view, GTK_SELECTION_MODEL (selection));
  g_signal_connect_object (gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (view)), "value-changed",
                           G_CALLBACK (on_hadjustment_value_changed), view, 0);
}
