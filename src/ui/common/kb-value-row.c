/* kb-value-row.c — a row that shows one value under its title, for reading and copying.
 *
 * Personal Information and Installment Information show their figures
 * alike: the title at the start, the value at the end, selectable so that
 * it can be copied, and named by the title for a screen reader, which
 * would otherwise read a bare number.
 */
#include "config.h"

#include "kb-value-row.h"

/**
 * kb_value_row_new:
 * @title: the row's title, translated
 * @value: (nullable): the value to show
 * @value_label: (out) (optional) (transfer none): the label that shows it,
 *   for a page that changes it later or lays it out further
 *
 * Returns: (transfer floating): an #AdwActionRow
 */
GtkWidget *
kb_value_row_new (const char *title, const char *value, GtkLabel **value_label)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (value);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 1.0);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (label),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, row, NULL, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  if (value_label != NULL)
    *value_label = GTK_LABEL (label);
  return row;
}
