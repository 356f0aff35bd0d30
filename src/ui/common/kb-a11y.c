/* kb-a11y.c — accessible names that GTK 4.8 gets wrong, fixed once for every widget.
 *
 * GTK 4.8 gives a button with a mnemonic the label as written ("_Log In")
 * and adds its child label's text, so that a screen reader says "_Log In Log
 * In"; a check button keeps the underscore; a menu button with a label and
 * the toggle button inside a drop-down are named after their type
 * ("GtkMenuButton", "GtkToggleButton"). Rather than name each control by
 * hand in its template (and forget the next one), an emission hook on
 * GtkWidget::map looks at every widget the first time it is shown, in any
 * window or dialog, and names it as it reads on the screen.
 */
#include "config.h"

#include "kb-a11y.h"

#include <string.h>

#define NAMED_KEY "kb-a11y-named"

/**
 * kb_a11y_strip_mnemonic:
 * @label: a label that may mark its mnemonic with an underscore
 *
 * Returns: (transfer full): @label as it reads on the screen: "_Log In"
 *   gives "Log In", and "__" gives "_".
 */
char *
kb_a11y_strip_mnemonic (const char *label)
{
  GString *text = g_string_sized_new (strlen (label));

  for (const char *p = label; *p != '\0'; p++)
    {
      if (*p == '_')
        {
          p++;
          if (*p == '\0')
            break;
        }
      g_string_append_c (text, *p);
    }
  return g_string_free (text, FALSE);
}

/* GTK itself sets the label as written, underscore included: only that
 * one is replaced, never a name a template gave on purpose. */
static gboolean
is_named_by_gtk (GtkWidget *widget, const char *label)
{
  g_autofree char *mismatch = NULL;

  if (!gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL))
    return TRUE;
  mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                 label);
  return mismatch == NULL;
}

static void
name_after_label (GtkWidget *widget, const char *label, gboolean use_underline)
{
  g_autofree char *name = NULL;

  if (label == NULL || *label == '\0' || !is_named_by_gtk (widget, label))
    return;
  name = use_underline ? kb_a11y_strip_mnemonic (label) : g_strdup (label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  /* The child label the button is also "labelled by" would say it twice. */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
}

/* GtkButton sets its accessible label again whenever its label changes. */
static void
on_button_label_changed (GtkButton *button)
{
  if (gtk_button_get_use_underline (button))
    name_after_label (GTK_WIDGET (button), gtk_button_get_label (button), TRUE);
}

static void
on_check_button_label_changed (GtkCheckButton *button)
{
  if (gtk_check_button_get_use_underline (button))
    name_after_label (GTK_WIDGET (button), gtk_check_button_get_label (button), TRUE);
}

static void
name_menu_button (GtkMenuButton *button)
{
  const char *label = gtk_menu_button_get_label (button);

  if (gtk_test_accessible_has_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL))
    return;
  if (label != NULL)
    name_after_label (GTK_WIDGET (button), label, gtk_menu_button_get_use_underline (button));
  else if (gtk_widget_get_tooltip_text (GTK_WIDGET (button)) != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    gtk_widget_get_tooltip_text (GTK_WIDGET (button)), -1);
}

/* A drop-down's toggle button is what takes the focus: it gets the name
 * of the drop-down, which its template gives as the tooltip. */
static void
name_drop_down_button (GtkWidget *button, GtkWidget *drop_down)
{
  const char *tooltip = gtk_widget_get_tooltip_text (drop_down);

  if (tooltip != NULL &&
      !gtk_test_accessible_has_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL))
    gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
}

/**
 * kb_a11y_name_widget:
 *
 * Gives @widget the accessible name it reads as on the screen, if GTK 4.8
 * would get it wrong (see the top of this file), and keeps it so when its
 * label changes. Safe to call more than once.
 */
void
kb_a11y_name_widget (GtkWidget *widget)
{
  GtkWidget *parent = gtk_widget_get_parent (widget);

  if (g_object_get_data (G_OBJECT (widget), NAMED_KEY) != NULL)
    return;
  g_object_set_data (G_OBJECT (widget), NAMED_KEY, GINT_TO_POINTER (TRUE));

  if (GTK_IS_TOGGLE_BUTTON (widget) && GTK_IS_DROP_DOWN (parent))
    name_drop_down_button (widget, parent);
  else if (GTK_IS_BUTTON (widget))
    {
      on_button_label_changed (GTK_BUTTON (widget));
      g_signal_connect (widget, "notify::label", G_CALLBACK (on_button_label_changed), NULL);
    }
  else if (GTK_IS_CHECK_BUTTON (widget))
    {
      on_check_button_label_changed (GTK_CHECK_BUTTON (widget));
      g_signal_connect (widget, "notify::label", G_CALLBACK (on_check_button_label_changed), NULL);
    }
  else if (GTK_IS_MENU_BUTTON (widget))
    name_menu_button (GTK_MENU_BUTTON (widget));
}

/**
 * kb_a11y_name_tree:
 *
 * Names @root and every widget under it as kb_a11y_name_widget() does,
 * shown or not: a screen reader also lists what sits in a stack's other
 * pages, which are never mapped until shown.
 */
void
kb_a11y_name_tree (GtkWidget *root)
{
  kb_a11y_name_widget (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    kb_a11y_name_tree (child);
}

static gboolean
on_widget_map (GSignalInvocationHint *hint,
               guint                  n_params,
               const GValue          *params,
               gpointer               user_data)
{
  kb_a11y_name_widget (g_value_get_object (&params[0]));
  return TRUE;
}

/**
 * kb_a11y_init:
 *
 * Names every widget of the process as kb_a11y_name_widget() does, the
 * first time it is shown, in any window, dialog or popover. Called by the
 * window and the page base class; only the first call does anything.
 */
void
kb_a11y_init (void)
{
  static gsize installed = 0;

  if (g_once_init_enter (&installed))
    {
      guint map_signal = g_signal_lookup ("map", GTK_TYPE_WIDGET);

      g_signal_add_emission_hook (map_signal, 0, on_widget_map, NULL, NULL);
      g_once_init_leave (&installed, 1);
    }
}
