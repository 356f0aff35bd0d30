/* kb-page.c — the base class of every section page.
 *
 * A page belongs to one signed-in session (its KbSync, a construct
 * property) and one section of the table. It owns a cancellable that is
 * cancelled when the page goes, so that no callback of a finished request
 * touches a dead widget.
 */
#include "config.h"

#include "kb-page.h"

#include "kb-a11y.h"
#include "kb-billing-format.h"

typedef struct
{
  KbSync *sync;
  const KbSection *section;
  GCancellable *cancellable;

  /* Template children of the subclass (not referenced: the template owns
   * them) where kb_page_show_refresh_outcome() shows a refresh's outcome. */
  GtkStack *content_stack;
  AdwStatusPage *error_page;
  GtkRevealer *offline_revealer;
  GtkLabel *offline_label;
} KbPagePrivate;

G_DEFINE_TYPE_WITH_PRIVATE (KbPage, kb_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SYNC,
  PROP_SECTION_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kb_page_dispose (GObject *object)
{
  KbPagePrivate *priv = kb_page_get_instance_private (KB_PAGE (object));

  g_cancellable_cancel (priv->cancellable);
  g_clear_object (&priv->cancellable);
  g_clear_object (&priv->sync);

  G_OBJECT_CLASS (kb_page_parent_class)->dispose (object);
}

/* The subclass's template is complete by now: its controls are named
 * before any of them is shown, the views of its stacks included. */
static void
kb_page_constructed (GObject *object)
{
  G_OBJECT_CLASS (kb_page_parent_class)->constructed (object);

  kb_a11y_name_tree (GTK_WIDGET (object));
}

static void
kb_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KbPagePrivate *priv = kb_page_get_instance_private (KB_PAGE (object));

  switch (prop_id)
    {
    case PROP_SYNC: g_value_set_object (value, priv->sync); break;
    case PROP_SECTION_ID: g_value_set_string (value, priv->section ? priv->section->id : NULL); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kb_page_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  KbPagePrivate *priv = kb_page_get_instance_private (KB_PAGE (object));

  switch (prop_id)
    {
    case PROP_SYNC: priv->sync = g_value_dup_object (value); break;
    case PROP_SECTION_ID: priv->section = kb_sections_lookup (g_value_get_string (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

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

static void
kb_page_class_init (KbPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = kb_page_constructed;
  object_class->dispose = kb_page_dispose;
  object_class->get_property = kb_page_get_property;
  object_class->set_property = kb_page_set_property;

  properties[PROP_SYNC] =
    g_param_spec_object ("sync", NULL, NULL, KB_TYPE_SYNC,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SECTION_ID] =
    g_param_spec_string ("section-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  klass->go_back = kb_page_real_go_back;
  gtk_widget_class_install_action (widget_class, "page.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "page.search", NULL, search_action);
  kb_page_add_key_bindings (widget_class, go_back_binding, search_binding);

  kb_a11y_init ();
}

static void
kb_page_init (KbPage *self)
{
  KbPagePrivate *priv = kb_page_get_instance_private (self);

  priv->cancellable = g_cancellable_new ();
}

KbSync *
kb_page_get_sync (KbPage *self)
{
  KbPagePrivate *priv = kb_page_get_instance_private (self);

  g_return_val_if_fail (KB_IS_PAGE (self), NULL);
  return priv->sync;
}

const KbSection *
kb_page_get_section (KbPage *self)
{
  KbPagePrivate *priv = kb_page_get_instance_private (self);

  g_return_val_if_fail (KB_IS_PAGE (self), NULL);
  return priv->section;
}

GCancellable *
kb_page_get_cancellable (KbPage *self)
{
  KbPagePrivate *priv = kb_page_get_instance_private (self);

  g_return_val_if_fail (KB_IS_PAGE (self), NULL);
  return priv->cancellable;
}

void
kb_page_reload (KbPage *self)
{
  g_return_if_fail (KB_IS_PAGE (self));

  if (KB_PAGE_GET_CLASS (self)->reload != NULL)
    KB_PAGE_GET_CLASS (self)->reload (self);
}

/**
 * kb_page_show_target:
 * @target: what to show, in the page's own words (e.g. "delivery")
 *
 * Shows one thing in the page, as the win.show-section action asks when
 * another section points here; a page that has nothing by that name just
 * stays as it is.
 */
void
kb_page_show_target (KbPage *self, const char *target)
{
  g_return_if_fail (KB_IS_PAGE (self));
  g_return_if_fail (target != NULL);

  if (KB_PAGE_GET_CLASS (self)->show_target != NULL)
    KB_PAGE_GET_CLASS (self)->show_target (self, target);
}

/**
 * kb_page_set_refresh_widgets:
 * @content_stack: the page's stack, with an "error" child
 * @error_page: that child, which says why there is nothing to show
 * @offline_revealer: reveals @offline_label over cached content
 * @offline_label: says why the content shown may be stale
 *
 * Names the widgets of the subclass's template in which
 * kb_page_show_refresh_outcome() shows how a refresh went. Called from the
 * subclass's init, after gtk_widget_init_template().
 */
void
kb_page_set_refresh_widgets (KbPage        *self,
                             GtkStack      *content_stack,
                             AdwStatusPage *error_page,
                             GtkRevealer   *offline_revealer,
                             GtkLabel      *offline_label)
{
  KbPagePrivate *priv = kb_page_get_instance_private (self);

  g_return_if_fail (KB_IS_PAGE (self));

  priv->content_stack = content_stack;
  priv->error_page = error_page;
  priv->offline_revealer = offline_revealer;
  priv->offline_label = offline_label;
}

/**
 * kb_page_show_refresh_outcome:
 * @error: (nullable): why the refresh failed, or %NULL when it did not
 * @fetched_at: (nullable): when the server last confirmed what is cached,
 *   or %NULL when it never did
 *
 * Shows how a refresh of a cached page went: with nothing cached, a failure
 * fills the page with the error; otherwise the offline banner says why what
 * is shown may be stale, and goes when a refresh succeeds.
 *
 * Returns: %TRUE when the page should now show what is cached.
 */
gboolean
kb_page_show_refresh_outcome (KbPage *self, const GError *error, GDateTime *fetched_at)
{
  KbPagePrivate *priv = kb_page_get_instance_private (self);

  g_return_val_if_fail (KB_IS_PAGE (self), FALSE);

  if (error != NULL && fetched_at == NULL)
    {
      adw_status_page_set_description (priv->error_page, error->message);
      gtk_stack_set_visible_child_name (priv->content_stack, "error");
      gtk_revealer_set_reveal_child (priv->offline_revealer, FALSE);
      return FALSE;
    }
  if (error != NULL)
    {
      g_autofree char *text = kb_format_stale_banner (error, fetched_at);

      gtk_label_set_text (priv->offline_label, text);
    }
  gtk_revealer_set_reveal_child (priv->offline_revealer, error != NULL);
  return TRUE;
}
