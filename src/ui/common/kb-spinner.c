/* kb-spinner.c — spinners that turn only while they are on screen.
 *
 * A GtkSpinner's turning is a CSS animation, and GTK 4 animates the style
 * of every visible widget, mapped or not: a spinner with "spinning" set in
 * a stack page that is not shown (a page's "loading" view behind its
 * content) keeps the window's frame clock ticking ~60 times a second,
 * forever, and the process never sleeps. The spinners a template declares
 * turning are made to turn only between "map" and "unmap" instead.
 */
#include "config.h"

#include "kb-spinner.h"

static void
on_spinner_map (GtkSpinner *spinner)
{
  gtk_spinner_start (spinner);
}

static void
on_spinner_unmap (GtkSpinner *spinner)
{
  gtk_spinner_stop (spinner);
}

/**
 * kb_spinner_spin_while_mapped:
 * @root: a widget just built from its template
 *
 * Makes every spinner under @root (and @root itself) that is turning now
 * turn only while it is mapped. Spinners the code starts and stops itself
 * are not turning when the template is built, and are left alone.
 */
void
kb_spinner_spin_while_mapped (GtkWidget *root)
{
  if (GTK_IS_SPINNER (root) && gtk_spinner_get_spinning (GTK_SPINNER (root)))
    {
      g_signal_connect (root, "map", G_CALLBACK (on_spinner_map), NULL);
      g_signal_connect (root, "unmap", G_CALLBACK (on_spinner_unmap), NULL);
      gtk_spinner_set_spinning (GTK_SPINNER (root), gtk_widget_get_mapped (root));
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    kb_spinner_spin_while_mapped (child);
}

/**
 * kb_spinner_new:
 * @accessible_label: what a screen reader says it is waiting for
 *
 * Returns: (transfer floating): a spinner of 32 px in the middle of its
 *   space, as a page shows while it waits, turning while it is mapped
 */
GtkWidget *
kb_spinner_new (const char *accessible_label)
{
  GtkWidget *spinner = gtk_spinner_new ();

  gtk_widget_set_halign (spinner, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (spinner, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (spinner, 32, 32);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spinner), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible_label, -1);
  gtk_spinner_set_spinning (GTK_SPINNER (spinner), TRUE);
  kb_spinner_spin_while_mapped (spinner);
  return spinner;
}
