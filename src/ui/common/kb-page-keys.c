/* kb-page-keys.c — going back from a sub-view and finding the search, by keyboard.
 *
 * KbPage's keys are in a file of their own, as gnome-text-editor keeps its
 * window's actions apart: Esc, Alt+← and Back leave the sub-view shown,
 * Ctrl+F focuses the search on the screen, and the `page.back` and
 * `page.search` actions do the same for buttons and menus.
 */
#include "config.h"

#include "kb-page-private.h"

/* Sub-views, found by what the user sees ---------------------------------- */

/* Returns: (nullable): the first widget under @root that is on the screen
 * and passes @match, depth first. */
static GtkWidget *
find_shown (GtkWidget *root, gboolean (*match) (GtkWidget *widget))
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (!gtk_widget_get_mapped (child) || !gtk_widget_is_sensitive (child))
        continue;
      /* A stack's page going away stays mapped while it fades out. */
      if ((GTK_IS_STACK (root) && child != gtk_stack_get_visible_child (GTK_STACK (root))) ||
          (ADW_IS_VIEW_STACK (root) && child != adw_view_stack_get_visible_child (ADW_VIEW_STACK (root))))
        continue;
      if (match (child))
        return child;
      if ((found = find_shown (child, match)) != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_back_button (GtkWidget *widget)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_has_css_class (widget, "page-back");
}

static gboolean
is_search_entry (GtkWidget *widget)
{
  return GTK_IS_SEARCH_ENTRY (widget);
}

/* Every sub-view already has a Back button, marked in its template with the
 * style class "page-back": going back is pressing the one on the screen, so
 * that the key and the button can never disagree. */
static gboolean
kb_page_real_go_back (KbPage *self)
{
  GtkWidget *button = find_shown (GTK_WIDGET (self), is_back_button);

  /* Clicked, not activated: activation waits a moment to show the button
   * pressed, and the view should be gone when the key is handled. */
  if (button == NULL)
    return FALSE;
  g_signal_emit_by_name (button, "clicked");
  return TRUE;
}

/**
 * kb_page_go_back:
 *
 * Leaves the sub-view the page shows (a question's thread, an order, a
 * batch of renames) for the view it was opened from, as Esc and Alt+←
 * do.
 *
 * Returns: %TRUE if the page was in a sub-view
 */
gboolean
kb_page_go_back (KbPage *self)
{
  g_return_val_if_fail (KB_IS_PAGE (self), FALSE);

  return KB_PAGE_GET_CLASS (self)->go_back != NULL && KB_PAGE_GET_CLASS (self)->go_back (self);
}

/**
 * kb_page_focus_search:
 *
 * Moves the keyboard focus to the search entry on the screen, as Ctrl+F
 * does.
 *
 * Returns: %TRUE if the page shows one
 */
gboolean
kb_page_focus_search (KbPage *self)
{
  GtkWidget *entry;

  g_return_val_if_fail (KB_IS_PAGE (self), FALSE);

  entry = find_shown (GTK_WIDGET (self), is_search_entry);
  return entry != NULL && gtk_widget_grab_focus (entry);
}

static void
back_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  kb_page_go_back (KB_PAGE (widget));
}

static void
search_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  kb_page_focus_search (KB_PAGE (widget));
}

/* The keys are bound here as well as in the window: with the focus in the
 * page they reach it before the toast overlay around it, which would take
 * Esc to dismiss a toast. */
static gboolean
go_back_binding (GtkWidget *widget, GVariant *args, gpointer user_data)
{
  return kb_page_go_back (KB_PAGE (widget));
}

static gboolean
search_binding (GtkWidget *widget, GVariant *args, gpointer user_data)
{
  return kb_page_focus_search (KB_PAGE (widget));
}

/**
 * kb_page_add_key_bindings:
 * @widget_class: the class of the page or of the window around the pages
 * @go_back: goes back in the page shown, returning whether it did
 * @search: focuses the search of the page shown, returning whether it did
 *
 * Binds the keys that go back from a sub-view (Esc, Alt+←, Back) and that
 * focus the search (Ctrl+F), in one place for the page and the window.
 */
void
kb_page_add_key_bindings (GtkWidgetClass  *widget_class,
                          GtkShortcutFunc  go_back,
                          GtkShortcutFunc  search)
{
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, go_back, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Left, GDK_ALT_MASK, go_back, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Back, 0, go_back, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, search, NULL);
}

void
_kb_page_class_keys_init (KbPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  klass->go_back = kb_page_real_go_back;
  gtk_widget_class_install_action (widget_class, "page.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "page.search", NULL, search_action);
  kb_page_add_key_bindings (widget_class, go_back_binding, search_binding);
}
