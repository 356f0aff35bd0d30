/* kb-stack-view.c — a stack's views made the first time they are shown.
 *
 * GTK builds and styles every child of a stack before the window's first
 * frame, shown or not. A page's spinner, error state and "nothing here"
 * pages are seldom what a start shows: they are left out of the templates
 * and made here when first asked for (docs/architecture.md, start-up).
 */
#include "config.h"

#include "kb-stack-view.h"

/**
 * kb_stack_show_view:
 * @make: makes the view when @stack has no child named @name yet
 *
 * Shows the child @name of @stack, made with @make the first time.
 */
void
kb_stack_show_view (GtkStack *stack, const char *name, KbStackViewMake make, gpointer owner)
{
  g_return_if_fail (GTK_IS_STACK (stack));

  if (gtk_stack_get_child_by_name (stack, name) == NULL)
    {
      GtkWidget *view = make (owner, name);

      g_return_if_fail (view != NULL);
      gtk_stack_add_named (stack, view, name);
    }
  gtk_stack_set_visible_child_name (stack, name);
}

/* An AdwStatusPage; @description may be NULL. */
GtkWidget *
kb_status_page_new (const char *icon_name, const char *title, const char *description)
{
  return g_object_new (ADW_TYPE_STATUS_PAGE, "icon-name", icon_name, "title", title,
                       "description", description, NULL);
}

/* The suggested action of a status page: a centred pill button. */
GtkWidget *
kb_pill_button_new (const char *mnemonic)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (mnemonic);

  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "pill");
  gtk_widget_add_css_class (button, "suggested-action");
  return button;
}
