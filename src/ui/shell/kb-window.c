/* kb-window.c — the main window: sign-in, or the admin menu and its sections.
 *
 * The window watches KbSessionManager:sync. Without a session it shows the
 * sign-in page; with one, the sidebar of the admin menu (the table in
 * kb-sections.c) and one page per section, created the first time it is
 * visited. Signing out throws the pages away, with whatever they held.
 *
 * It is a little over the ~600 lines a UI file keeps to: what the window
 * shows (starting, sign-in, the sections), the pages it makes on first
 * visit and the badges that follow the session all change together when
 * the session does, and split apart each would reach into the others.
 */
#include "config.h"

#include "kb-window.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kb-feedback.h"

#include "kb-a11y.h"
#include "kb-feedback-page.h"
#include "kb-first-frame.h"
#include "kb-frame-report.h"
#include "kb-phone-number.h"
#include "kb-login-page.h"
#include "kb-page.h"
#include "kb-sidebar-row.h"
#include "kb-tooltip.h"

#include "kb-window-private.h"
#include "kb-spinner.h"

G_DEFINE_FINAL_TYPE (KbWindow, kb_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SESSION_MANAGER,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
kb_window_add_toast (KbWindow *self, const char *message)
{
  g_return_if_fail (KB_IS_WINDOW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

/* The sign-in page is made the first time it is shown: a remembered
 * session starts straight in the cabinet, and its first frame should not
 * pay for a page nobody sees. */
static KbLoginPage *
ensure_login_page (KbWindow *self)
{
  if (self->login_page == NULL)
    {
      self->login_page = g_object_new (KB_TYPE_LOGIN_PAGE, NULL);
      kb_login_page_setup (self->login_page, self->manager, self->settings);
      gtk_stack_add_named (self->main_stack, GTK_WIDGET (self->login_page), "sign-in");
      kb_a11y_name_tree (GTK_WIDGET (self->login_page));
    }
  return self->login_page;
}

static void
show_sign_in (KbWindow *self, const char *message)
{
  KbLoginPage *page = ensure_login_page (self);

  gtk_stack_set_visible_child (self->main_stack, GTK_WIDGET (page));
  if (message != NULL)
    kb_login_page_show_message (page, message);
}

/* The start-up view gets its header bar and spinner only when a start
 * waits for the keyring: a start from the cache replaces the view before
 * the first frame, and GTK would style and measure them all the same. */
static void
fill_starting (KbWindow *self)
{
  GtkWidget *header, *spinner;

  if (gtk_widget_get_first_child (self->starting_box) != NULL)
    return;
  header = adw_header_bar_new ();
  gtk_widget_add_css_class (header, "flat");
  gtk_box_append (GTK_BOX (self->starting_box), header);
  spinner = kb_spinner_new (_("Starting"));
  gtk_widget_set_vexpand (spinner, TRUE);
  gtk_box_append (GTK_BOX (self->starting_box), spinner);
  kb_a11y_name_tree (self->starting_box);
}

static KbSidebarRow *
find_row (KbWindow *self, const char *section_id)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (KB_IS_SIDEBAR_ROW (child) &&
        g_str_equal (kb_sidebar_row_get_section (KB_SIDEBAR_ROW (child))->id, section_id))
      return KB_SIDEBAR_ROW (child);
  return NULL;
}

/* Selects the sidebar row of what the visible page shows: the sub-item
 * named by the page's "target" property (KbFeedbackPage's "history") when
 * the page has one and the menu has that sub-item, else its section. */
static void
select_sidebar_row (KbWindow *self)
{
  GtkWidget *page = gtk_stack_get_visible_child (self->page_stack);
  g_autofree char *target = NULL;
  g_autofree char *name = NULL;
  KbSidebarRow *row = NULL;

  if (self->visible_section == NULL || page == NULL)
    return;
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (page), "target") != NULL)
    g_object_get (page, "target", &target, NULL);
  if (target != NULL)
    {
      name = g_strconcat (self->visible_section->id, "/", target, NULL);
      row = find_row (self, name);
    }
  if (row == NULL)
    row = find_row (self, self->visible_section->id);
  if (row != NULL && gtk_list_box_get_selected_row (self->sidebar_list) != GTK_LIST_BOX_ROW (row))
    gtk_list_box_select_row (self->sidebar_list, GTK_LIST_BOX_ROW (row));
  /* The next start opens what the menu highlights when it is a section
   * or the view a click on its section opens (Feedback's history), not a
   * form such as Ask a Question. Written only when it changes: a write can
   * touch the disk. */
  if (row != NULL)
    {
      g_autofree char *last = g_settings_get_string (self->settings, "last-section");
      const KbSection *shown = kb_sidebar_row_get_section (row);
      const char *id = shown->parent == NULL ||
                       kb_sections_first_child (self->visible_section) == shown
                         ? shown->id : self->visible_section->id;

      if (!g_str_equal (last, id))
        g_settings_set_string (self->settings, "last-section", id);
    }
}

static void
on_page_target_changed (KbWindow *self, GParamSpec *pspec, GtkWidget *page)
{
  if (page == gtk_stack_get_visible_child (self->page_stack))
    select_sidebar_row (self);
}

/* Returns: (transfer none) (nullable): the page of a section, if it was made. */
GtkWidget *
kb_window_get_page (KbWindow *self, const char *section_id)
{
  g_return_val_if_fail (KB_IS_WINDOW (self), NULL);
  return gtk_stack_get_child_by_name (self->page_stack, section_id);
}

const char *
kb_window_get_visible_section (KbWindow *self)
{
  g_return_val_if_fail (KB_IS_WINDOW (self), NULL);
  return self->visible_section != NULL ? self->visible_section->id : NULL;
}

static void
update_actions (KbWindow *self)
{
  gboolean signed_in = kb_session_manager_get_sync (self->manager) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh", signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.log-out", signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-section", signed_in);
}

/* The height a new page's first frame fills: the window's, or 0 (as tall
 * as a monitor) for a window that is maximized or is to be: the window
 * manager may not have said so yet when a start opens the page. */
static int
first_frame_height (KbWindow *self)
{
  int width, height;

  if (gtk_window_is_maximized (GTK_WINDOW (self)) || gtk_window_is_fullscreen (GTK_WINDOW (self)) ||
      g_settings_get_boolean (self->settings, "window-maximized"))
    return 0;
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  return MAX (MAX (height, gtk_widget_get_height (GTK_WIDGET (self))), 0);
}

/**
 * kb_window_show_section:
 *
 * Shows a section's page, creating it the first time. The Log Out entry is
 * not a page: it asks for confirmation instead.
 *
 * Returns: %TRUE if @section_id names a section that has a page
 */
gboolean
kb_window_show_section (KbWindow *self, const char *section_id)
{
  const KbSection *section = kb_sections_lookup (section_id);
  KbSync *sync = kb_session_manager_get_sync (self->manager);
  GtkWidget *page;

  g_return_val_if_fail (KB_IS_WINDOW (self), FALSE);

  /* A sub-item is not a page: win.show-section shows it ("feedback/history"). */
  if (section == NULL || section->parent != NULL || sync == NULL)
    return FALSE;

  if (section->get_type == NULL)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "win.log-out", NULL);
      /* Keep the sidebar on the section the user is looking at. */
      select_sidebar_row (self);
      return FALSE;
    }

  page = gtk_stack_get_child_by_name (self->page_stack, section->id);
  if (page == NULL)
    {
      page = g_object_new (section->get_type (), "sync", sync, "section-id", section->id,
                           "window-height", first_frame_height (self), NULL);
      gtk_stack_add_named (self->page_stack, page, section->id);
      /* The sidebar follows the page's own navigation between its sub-items. */
      g_signal_connect_object (page, "notify::target", G_CALLBACK (on_page_target_changed), self,
                               G_CONNECT_SWAPPED);
    }
  /* Every visit, the first included, shows the cache and asks for news. */
  kb_page_reload (KB_PAGE (page));

  self->visible_section = section;
  gtk_stack_set_visible_child (self->page_stack, page);
  adw_window_title_set_title (self->content_title, _(section->title));
  select_sidebar_row (self);
  return TRUE;
}

/* The main menu is made the first time it opens (a click, F10): the first
 * frame shows only its button, and a menu button given its model makes the
 * whole menu at once. */
static void
on_primary_menu_button_create_popup (GtkMenuButton *button, gpointer user_data)
{
  KbWindow *self = user_data;

  if (gtk_menu_button_get_menu_model (button) == NULL)
    gtk_menu_button_set_menu_model (button, self->primary_menu);
}

static void
on_back_clicked (KbWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
remove_pages (KbWindow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->page_stack))) != NULL)
    gtk_stack_remove (self->page_stack, child);
  self->visible_section = NULL;
}

static void
update_feedback_badge (KbWindow *self)
{
  KbSidebarRow *row = find_row (self, "feedback");

  if (row != NULL)
    kb_sidebar_row_set_badge_count (row, self->feedback != NULL ? kb_feedback_get_unread_count (self->feedback) : 0);
}

static void
watch_feedback (KbWindow *self, KbFeedback *feedback)
{
  if (self->feedback != NULL)
    g_signal_handlers_disconnect_by_func (self->feedback, update_feedback_badge, self);
  g_set_object (&self->feedback, feedback);
  if (feedback != NULL)
    g_signal_connect_object (feedback, "notify::unread-count", G_CALLBACK (update_feedback_badge), self,
                             G_CONNECT_SWAPPED);
  update_feedback_badge (self);
}

/* The current subscriber — the context of Rename and Service Actions — stays
 * in the content pane's header, under the section's title, until changed. */
static void
update_current_subscriber (KbWindow *self)
{
  KbSubscriber *current = self->subscribers != NULL ? kb_subscribers_get_current (self->subscribers) : NULL;
  g_autofree char *number = NULL;
  g_autofree char *subtitle = NULL;

  if (current != NULL)
    {
      number = kb_phone_number_format (kb_subscriber_get_number (current));
      /* TRANSLATORS: the window's subtitle: the current subscriber's number and name */
      subtitle = g_strdup_printf (_("Subscriber %s, %s"), number, kb_subscriber_get_name (current));
    }
  adw_window_title_set_subtitle (self->content_title, subtitle != NULL ? subtitle : "");
}

static void
watch_subscribers (KbWindow *self, KbSubscribers *subscribers)
{
  if (self->subscribers != NULL)
    g_signal_handlers_disconnect_by_func (self->subscribers, update_current_subscriber, self);
  g_set_object (&self->subscribers, subscribers);
  if (subscribers != NULL)
    g_signal_connect_object (subscribers, "notify::current-subscriber", G_CALLBACK (update_current_subscriber),
                             self, G_CONNECT_SWAPPED);
  update_current_subscriber (self);
}

/* A section with sub-items opens on its first one (Feedback on View
 * History); a sub-item opens its view ("feedback/ask"). */
static void
on_sidebar_row_activated (KbWindow *self, GtkListBoxRow *row)
{
  const KbSection *section = kb_sidebar_row_get_section (KB_SIDEBAR_ROW (row));
  const KbSection *child = kb_sections_first_child (section);

  _kb_window_show_section_target (self, child != NULL ? child->id : section->id);
}

static void
on_sync_changed (KbWindow *self)
{
  KbSync *sync = kb_session_manager_get_sync (self->manager);

  remove_pages (self);
  update_actions (self);
  watch_feedback (self, sync != NULL ? kb_sync_get_feedback (sync) : NULL);
  watch_subscribers (self, sync != NULL ? kb_sync_get_subscribers (sync) : NULL);
  kb_requests_button_set_sync (self->requests_button, sync);

  if (sync == NULL)
    {
      show_sign_in (self, NULL);
      return;
    }

  adw_window_title_set_subtitle (self->sidebar_title,
                                 kb_session_manager_get_is_demo (self->manager)
                                   ? _("Demo")
                                   : kb_session_manager_get_login (self->manager));
  /* From the start-up spinner, the cached content shows at once: a
   * crossfade would keep the spinner on screen for its duration. */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "starting") == 0)
    gtk_stack_set_visible_child_full (self->main_stack, "cabinet", GTK_STACK_TRANSITION_TYPE_NONE);
  else
    gtk_stack_set_visible_child_name (self->main_stack, "cabinet");

  {
    g_autofree char *last = g_settings_get_string (self->settings, "last-section");
    char *slash = strchr (last, '/');
    GtkListBoxRow *selected;

    /* A sub-item ("feedback/history") opens its section on that view. */
    if (slash != NULL)
      *slash = '\0';
    if (!kb_window_show_section (self, last))
      kb_window_show_section (self, "personal-information");
    else if (slash != NULL)
      kb_page_show_target (KB_PAGE (gtk_stack_get_visible_child (self->page_stack)), slash + 1);

    /* Keyboard users start in the menu, on the section shown. */
    selected = gtk_list_box_get_selected_row (self->sidebar_list);
    if (selected != NULL)
      gtk_widget_grab_focus (GTK_WIDGET (selected));
  }
}

static void
on_signed_out (KbWindow *self, const char *reason)
{
  show_sign_in (self, reason);
}

static void
on_notice (KbWindow *self, const char *message)
{
  kb_window_add_toast (self, message);
}

static void
on_restore_ready (GObject *source, GAsyncResult *result, gpointer user_data)
{
  KbWindow *self;
  g_autoptr(GError) error = NULL;
  gboolean restored;

  restored = kb_session_manager_restore_finish (KB_SESSION_MANAGER (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = KB_WINDOW (user_data);
  if (!restored)
    show_sign_in (self, error != NULL ? error->message : NULL);
}

static gboolean
start_restore (gpointer user_data)
{
  KbWindow *self = user_data;

  /* Closed before its first frame: nothing to restore into. */
  if (self->cancellable != NULL)
    kb_session_manager_restore_async (self->manager, self->cancellable, on_restore_ready, self);
  return G_SOURCE_REMOVE;
}

static void
on_map_restore (KbWindow *self)
{
  g_signal_handlers_disconnect_by_func (self, on_map_restore, NULL);
  kb_first_frame_then (GTK_WIDGET (self), start_restore, g_object_ref (self), g_object_unref);
}

/**
 * kb_window_start:
 * @demo: sign in to the built-in demo server instead
 *
 * Picks up a remembered session: from its cache at once, asking the keyring
 * for its token once the first frame is painted (the keyring may be locked
 * and prompt: this never blocks), or from the keyring first; else shows the
 * sign-in page.
 */
void
kb_window_start (KbWindow *self, gboolean demo)
{
  g_return_if_fail (KB_IS_WINDOW (self));

  if (kb_session_manager_get_sync (self->manager) != NULL)
    return;

  if (demo)
    {
      show_sign_in (self, NULL);
      kb_login_page_start_demo (self->login_page);
      return;
    }

  /* From "starting", the cabinet shows at once (see on_sync_changed()). */
  gtk_stack_set_visible_child_name (self->main_stack, "starting");
  if (kb_session_manager_open_cached (self->manager))
    {
      if (gtk_widget_get_mapped (GTK_WIDGET (self)))
        on_map_restore (self);
      else
        g_signal_connect (self, "map", G_CALLBACK (on_map_restore), NULL);
      return;
    }
  /* Nothing remembered: the sign-in page, with no spinner before it. */
  {
    g_autofree char *remembered = kb_session_manager_dup_cache_path (self->manager);

    if (remembered == NULL)
      {
        show_sign_in (self, NULL);
        return;
      }
  }
  fill_starting (self);
  kb_session_manager_restore_async (self->manager, self->cancellable, on_restore_ready, self);
}

/* GtkListBox selects the row the cursor moves to (arrow keys, Tab into the
 * list): the sidebar would then highlight one section while the window
 * shows another, and Log Out, which is no page, would stay highlighted.
 * The highlight is what is shown; the focus ring alone says where the
 * keyboard is, and activating a row is what shows its section. */
static void
on_sidebar_row_selected (KbWindow *self, GtkListBoxRow *row)
{
  /* No row: the list is being emptied, with the window. */
  if (row == NULL || self->visible_section == NULL)
    return;
  select_sidebar_row (self);
}

static void
populate_sidebar (KbWindow *self)
{
  guint n_sections;
  const KbSection *sections = kb_sections_get_all (&n_sections);

  for (guint i = 0; i < n_sections; i++)
    gtk_list_box_append (self->sidebar_list, kb_sidebar_row_new (&sections[i]));
}

static gboolean
kb_window_close_request (GtkWindow *window)
{
  KbWindow *self = KB_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));

  return GTK_WINDOW_CLASS (kb_window_parent_class)->close_request (window);
}

static void
kb_window_constructed (GObject *object)
{
  KbWindow *self = KB_WINDOW (object);

  G_OBJECT_CLASS (kb_window_parent_class)->constructed (object);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_signal_connect_object (self->manager, "notify::sync", G_CALLBACK (on_sync_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->manager, "signed-out", G_CALLBACK (on_signed_out), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->manager, "notice", G_CALLBACK (on_notice), self,
                           G_CONNECT_SWAPPED);

  /* Without a session the window stays on "starting" until
   * kb_window_start() knows whether one is remembered: a remembered session
   * never builds the sign-in page, and one opened from its cache not even
   * the start-up spinner. */
  if (kb_session_manager_get_sync (self->manager) != NULL)
    on_sync_changed (self);
  update_actions (self);

  kb_frame_report_watch (GTK_WIDGET (self), GTK_WIDGET (self->page_stack));
}

static void
kb_window_dispose (GObject *object)
{
  KbWindow *self = KB_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->feedback != NULL)
    g_signal_handlers_disconnect_by_func (self->feedback, update_feedback_badge, self);
  g_clear_object (&self->feedback);
  if (self->subscribers != NULL)
    g_signal_handlers_disconnect_by_func (self->subscribers, update_current_subscriber, self);
  g_clear_object (&self->subscribers);
  g_clear_pointer (&self->shown_target, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (object), KB_TYPE_WINDOW);
  g_clear_object (&self->manager);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (kb_window_parent_class)->dispose (object);
}

static void
kb_window_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KbWindow *self = KB_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION_MANAGER: g_value_set_object (value, self->manager); break;
    case PROP_SETTINGS: g_value_set_object (value, self->settings); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kb_window_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  KbWindow *self = KB_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION_MANAGER: self->manager = g_value_dup_object (value); break;
    case PROP_SETTINGS: self->settings = g_value_dup_object (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kb_window_class_init (KbWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  kb_a11y_init ();
  g_type_ensure (KB_TYPE_REQUESTS_BUTTON);

  object_class->constructed = kb_window_constructed;
  object_class->dispose = kb_window_dispose;
  object_class->get_property = kb_window_get_property;
  object_class->set_property = kb_window_set_property;
  window_class->close_request = kb_window_close_request;

  properties[PROP_SESSION_MANAGER] =
    g_param_spec_object ("session-manager", NULL, NULL, KB_TYPE_SESSION_MANAGER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/shell/kb-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KbWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KbWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, KbWindow, starting_box);
  gtk_widget_class_bind_template_child (widget_class, KbWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, KbWindow, content_box);
  gtk_widget_class_bind_template_child (widget_class, KbWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, KbWindow, sidebar_title);
  gtk_widget_class_bind_template_child (widget_class, KbWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, KbWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, KbWindow, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, KbWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, KbWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, KbWindow, requests_button);
  gtk_widget_class_bind_template_child (widget_class, KbWindow, page_stack);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_selected);

  kb_window_class_actions_init (widget_class);
}

static void
kb_window_init (KbWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Not in the template: see kb_tooltip_set(). */
  kb_tooltip_set (GTK_WIDGET (self->primary_menu_button), _("Main Menu"));
  kb_tooltip_set (GTK_WIDGET (self->back_button), _("Back to Sections"));
  kb_tooltip_set (GTK_WIDGET (self->refresh_button), _("Refresh"));
  gtk_menu_button_set_create_popup_func (self->primary_menu_button, on_primary_menu_button_create_popup,
                                         self, NULL);
  self->cancellable = g_cancellable_new ();
  populate_sidebar (self);
  kb_a11y_name_tree (GTK_WIDGET (self));
}

KbWindow *
kb_window_new (GtkApplication *application, KbSessionManager *manager, GSettings *settings)
{
  return g_object_new (KB_TYPE_WINDOW,
                       "application", application,
                       "session-manager", manager,
                       "settings", settings,
                       NULL);
}
