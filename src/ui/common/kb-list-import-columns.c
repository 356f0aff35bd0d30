/* kb-list-import-columns.c — the columns of a list import's preview, where rows are fixed in place.
 *
 * A GtkColumnView builds cells for the visible rows only, so 100 000 rows
 * stay usable. The number and the name are GtkEditableLabels: an edit that
 * ends with a change fixes the row in the model, which checks it and all
 * rows across again; a cell follows its row's "notify" while it is bound,
 * so a row whose problem changed because another was fixed is redrawn.
 */
#include "config.h"

#include "kb-list-import-columns.h"

#include <glib/gi18n.h>

#include "kb-cell.h"
#include "kb-phone-number.h"

typedef enum {
  COLUMN_LINE,
  COLUMN_NUMBER,
  COLUMN_NAME,
  COLUMN_PROBLEM,
  COLUMN_DROP,
} Column;

static KbListImportModel *
cell_get_model (GtkWidget *cell)
{
  return g_object_get_data (G_OBJECT (cell), "kb-list-import-model");
}

static void
on_editing_changed (GtkEditableLabel *label, GParamSpec *pspec, GtkListItem *item)
{
  GtkWidget *cell = gtk_list_item_get_child (item);
  KbListImportModel *model = cell_get_model (cell);
  KbListImportRow *row = gtk_list_item_get_item (item);
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (label), "kb-column"));
  const char *text = gtk_editable_get_text (GTK_EDITABLE (label));
  guint position = gtk_list_item_get_position (item);

  if (gtk_editable_label_get_editing (label) || row == NULL || position == GTK_INVALID_LIST_POSITION)
    return;
  if (column == COLUMN_NUMBER && g_strcmp0 (text, kb_list_import_row_get_raw_number (row)) != 0)
    kb_list_import_model_fix_row (model, position, text, kb_list_import_row_get_name (row));
  else if (column == COLUMN_NAME && g_strcmp0 (text, kb_list_import_row_get_name (row)) != 0)
    kb_list_import_model_fix_row (model, position, kb_list_import_row_get_raw_number (row), text);
}

static void
on_drop_row_clicked (GtkButton *button, GtkListItem *item)
{
  KbListImportModel *model = cell_get_model (GTK_WIDGET (button));
  guint position = gtk_list_item_get_position (item);

  if (position != GTK_INVALID_LIST_POSITION)
    kb_list_import_model_drop_row (model, position);
}

static void
setup_cell (GtkSignalListItemFactory *factory, GtkListItem *item, KbListImportModel *model)
{
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "kb-column"));
  GtkWidget *cell = NULL;

  switch (column)
    {
    case COLUMN_LINE:
      cell = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (cell), 1.0);
      gtk_widget_add_css_class (cell, "numeric");
      gtk_widget_add_css_class (cell, "dim-label");
      break;
    case COLUMN_NUMBER:
    case COLUMN_NAME:
      {
        GtkWidget *label = gtk_editable_label_new ("");

        g_object_set_data (G_OBJECT (label), "kb-column", GINT_TO_POINTER (column));
        g_signal_connect (label, "notify::editing", G_CALLBACK (on_editing_changed), item);
        gtk_widget_set_hexpand (label, TRUE);
        if (column == COLUMN_NAME)
          cell = label;
        else
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
    case COLUMN_DROP:
    default:
      cell = gtk_button_new_from_icon_name ("list-remove-symbolic");
      gtk_widget_add_css_class (cell, "flat");
      gtk_widget_set_tooltip_text (cell, _("Drop this row"));
      g_signal_connect (cell, "clicked", G_CALLBACK (on_drop_row_clicked), item);
      break;
    }
  g_object_set_data (G_OBJECT (cell), "kb-list-import-model", model);
  gtk_list_item_set_child (item, cell);
}

static void
update_cell (GtkListItem *item, Column column)
{
  KbListImportRow *row = gtk_list_item_get_item (item);
  GtkWidget *cell = gtk_list_item_get_child (item);
  guint line = kb_list_import_row_get_line (row);
  g_autofree char *text = NULL;

  switch (column)
    {
    case COLUMN_LINE:
      text = g_strdup_printf ("%u", line);
      gtk_label_set_text (GTK_LABEL (cell), text);
      break;
    case COLUMN_NUMBER:
      {
        GtkWidget *label = gtk_widget_get_first_child (cell);
        GtkWidget *formatted = gtk_widget_get_last_child (cell);
        const char *number = kb_list_import_row_get_number (row);
        g_autofree char *pretty = number != NULL ? kb_phone_number_format (number) : NULL;
        g_autofree char *name = g_strdup_printf (_("Number on line %u"), line);

        text = g_strdup (kb_list_import_row_get_raw_number (row));
        /* Never under the user's fingers. */
        if (!gtk_editable_label_get_editing (GTK_EDITABLE_LABEL (label)))
          gtk_editable_set_text (GTK_EDITABLE (label), text);
        gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
        /* The number as written, and below it as it will be sent. */
        gtk_label_set_text (GTK_LABEL (formatted), pretty != NULL ? pretty : "");
        gtk_widget_set_visible (formatted, pretty != NULL && g_strcmp0 (pretty, text) != 0);
      }
      break;
    case COLUMN_NAME:
      {
        g_autofree char *name = g_strdup_printf (_("New name on line %u"), line);

        text = g_strdup (kb_list_import_row_get_name (row));
        if (!gtk_editable_label_get_editing (GTK_EDITABLE_LABEL (cell)))
          gtk_editable_set_text (GTK_EDITABLE (cell), text != NULL ? text : "");
        gtk_accessible_update_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      }
      break;
    case COLUMN_PROBLEM:
      text = g_strdup (kb_list_import_row_get_message (row));
      gtk_label_set_text (GTK_LABEL (gtk_widget_get_last_child (cell)), text);
      gtk_widget_set_tooltip_text (cell, *text != '\0' ? text : NULL);
      gtk_widget_set_visible (gtk_widget_get_first_child (cell), *text != '\0');
      break;
    case COLUMN_DROP:
    default:
      text = g_strdup_printf (_("Drop line %u"), line);
      gtk_accessible_update_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
      break;
    }
  kb_cell_set_accessible_text (cell, text != NULL ? text : "");
}

static void
on_row_notify (KbListImportRow *row, GParamSpec *pspec, GtkListItem *item)
{
  GtkWidget *cell = gtk_list_item_get_child (item);

  update_cell (item, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (cell), "kb-column-shown")));
}

static void
bind_cell (GtkSignalListItemFactory *factory, GtkListItem *item, KbListImportModel *model)
{
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "kb-column"));
  KbListImportRow *row = gtk_list_item_get_item (item);
  GtkWidget *cell = gtk_list_item_get_child (item);
  gulong id;

  g_object_set_data (G_OBJECT (cell), "kb-column-shown", GINT_TO_POINTER (column));
  update_cell (item, column);
  id = g_signal_connect (row, "notify", G_CALLBACK (on_row_notify), item);
  g_object_set_data (G_OBJECT (cell), "kb-row-handler", GUINT_TO_POINTER ((guint) id));
}

static void
unbind_cell (GtkSignalListItemFactory *factory, GtkListItem *item, KbListImportModel *model)
{
  KbListImportRow *row = gtk_list_item_get_item (item);
  GtkWidget *cell = gtk_list_item_get_child (item);
  gulong id = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (cell), "kb-row-handler"));

  if (row != NULL && id != 0)
    g_signal_handler_disconnect (row, id);
  g_object_set_data (G_OBJECT (cell), "kb-row-handler", NULL);
}

static void
add_column (GtkColumnView *view, KbListImportModel *model, const char *title, Column column)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *view_column;

  g_object_set_data (G_OBJECT (factory), "kb-column", GINT_TO_POINTER (column));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), model);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), model);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell), model);
  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (view_column, column != COLUMN_DROP);
  if (column == COLUMN_PROBLEM || column == COLUMN_NAME)
    gtk_column_view_column_set_expand (view_column, TRUE);
  gtk_column_view_append_column (view, view_column);
  g_object_unref (view_column);
}

void
kb_list_import_columns_setup (GtkColumnView *view, KbListImportModel *model)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  g_return_if_fail (GTK_IS_COLUMN_VIEW (view));
  g_return_if_fail (KB_IS_LIST_IMPORT_MODEL (model));

  add_column (view, model, _("Line"), COLUMN_LINE);
  add_column (view, model, _("Number"), COLUMN_NUMBER);
  if (kb_list_import_model_get_kind (model) == KB_SUBSCRIBER_LIST_RENAME)
    add_column (view, model, _("New name"), COLUMN_NAME);
  add_column (view, model, _("Problem"), COLUMN_PROBLEM);
  add_column (view, model, "", COLUMN_DROP);

  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (model)));
  gtk_column_view_set_model (view, GTK_SELECTION_MODEL (selection));
}
