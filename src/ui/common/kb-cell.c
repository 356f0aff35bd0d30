/* kb-cell.c — what every column-view cell of the app does the same way. */
#include "config.h"

#include "kb-cell.h"

/* GTK 4.8 names a column-view cell after nothing: gives the cell around
 * @cell (a list item's child) its text, so that a screen reader reads the
 * value, not "table cell". Call from the factory's bind. */
void
kb_cell_set_accessible_text (GtkWidget *cell, const char *text)
{
  GtkWidget *parent;

  g_return_if_fail (GTK_IS_WIDGET (cell));

  parent = gtk_widget_get_parent (cell);
  if (parent != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (parent), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    text != NULL ? text : "", -1);
}
