/* kb-test-widgets.c — finding and driving widgets the way a user sees them:
 * by a row's title, a label's text or a button's action, never by a private
 * field of the widget under test. */
#include "config.h"

#include "kb-test-widgets.h"

#include <glib/gprintf.h>
#include <stdlib.h>
#include <string.h>

#include "kb-test-util.h"

GtkWidget *
kb_test_find_widget (GtkWidget *root, KbWidgetMatch match, gconstpointer data)
{
  if (root == NULL)
    return NULL;
  if (match (root, data))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = kb_test_find_widget (child, match, data);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
match_type (GtkWidget *widget, gconstpointer data)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (data));
}

GtkWidget *
kb_test_find_type (GtkWidget *root, GType type)
{
  return kb_test_find_widget (root, match_type, GSIZE_TO_POINTER (type));
}

static gboolean
match_row (GtkWidget *widget, gconstpointer data)
{
  return ADW_IS_PREFERENCES_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), data) == 0;
}

GtkWidget *
kb_test_find_row (GtkWidget *root, const char *title)
{
  return kb_test_find_widget (root, match_row, title);
}

static gboolean
match_action (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_ACTIONABLE (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), data) == 0;
}

GtkWidget *
kb_test_find_action (GtkWidget *root, const char *action_name)
{
  return kb_test_find_widget (root, match_action, action_name);
}

static gboolean
match_button (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), data) == 0;
}

GtkWidget *
kb_test_find_button (GtkWidget *root, const char *label)
{
  return kb_test_find_widget (root, match_button, label);
}

static gboolean
match_label (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), data) == 0;
}

GtkWidget *
kb_test_find_label (GtkWidget *root, const char *text)
{
  return kb_test_find_widget (root, match_label, text);
}

static gboolean
match_label_containing (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), data) != NULL;
}

GtkWidget *
kb_test_find_label_containing (GtkWidget *root, const char *text)
{
  return kb_test_find_widget (root, match_label_containing, text);
}

/* Whether the user can see the widget: it and every ancestor are visible
 * and it is mapped (the visible child of its stacks, a revealed revealer). */
gboolean
kb_test_is_shown (GtkWidget *widget)
{
  if (widget == NULL)
    return FALSE;
  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    {
      if (!gtk_widget_get_visible (w))
        return FALSE;
      if (GTK_IS_REVEALER (w) && !gtk_revealer_get_child_revealed (GTK_REVEALER (w)) &&
          !gtk_revealer_get_reveal_child (GTK_REVEALER (w)))
        return FALSE;
    }
  return gtk_widget_get_mapped (widget);
}

/* Collects the texts a user reads as labels of the interface — row and group
 * titles, the text of visible labels, and the controls' tooltips — for the
 * "no English left" checks. */
void
kb_test_collect_titles (GtkWidget *root, GPtrArray *titles)
{
  if (!gtk_widget_get_visible (root))
    return;

  if (ADW_IS_PREFERENCES_ROW (root))
    g_ptr_array_add (titles, g_strdup (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root))));
  else if (ADW_IS_PREFERENCES_GROUP (root) && adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (root)))
    g_ptr_array_add (titles, g_strdup (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (root))));
  else if (ADW_IS_WINDOW_TITLE (root))
    g_ptr_array_add (titles, g_strdup (adw_window_title_get_title (ADW_WINDOW_TITLE (root))));
  else if (GTK_IS_BUTTON (root) && gtk_button_get_label (GTK_BUTTON (root)) != NULL)
    g_ptr_array_add (titles, g_strdup (gtk_button_get_label (GTK_BUTTON (root))));
  /* A control's tooltip, not a cell's: that one repeats the data. Some are
   * set in code rather than in the template (kb_tooltip_set()). */
  if ((GTK_IS_BUTTON (root) || GTK_IS_MENU_BUTTON (root) || GTK_IS_DROP_DOWN (root) ||
       GTK_IS_LIST_BOX_ROW (root)) && gtk_widget_get_tooltip_text (root) != NULL)
    g_ptr_array_add (titles, g_strdup (gtk_widget_get_tooltip_text (root)));

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    kb_test_collect_titles (child, titles);
}

/* Returns: (transfer none) (nullable): a shown toplevel of @type. */
GtkWidget *
kb_test_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (window))
        return window;
    }
  return NULL;
}

static GLogWriterOutput
strict_log_writer (GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer data)
{
  const char *domain = NULL, *message = NULL;
  GLogWriterOutput output;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
        domain = fields[i].value;
      else if (g_str_equal (fields[i].key, "MESSAGE"))
        message = fields[i].value;
    }

  /* GTK 4.8 warns when a focused text field is hidden or destroyed without
   * a focus-out (its cursor keeps blinking): harmless, and not ours. */
  if ((level & G_LOG_LEVEL_WARNING) && g_strcmp0 (domain, "Gtk") == 0 &&
      message != NULL && strstr (message, "did not receive a focus-out event") != NULL)
    return G_LOG_WRITER_HANDLED;

  output = g_log_writer_default (level, fields, n_fields, data);

  /* Every other warning still fails the test, as g_test_init() would. */
  if (level & (G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR))
    {
      g_printf ("Bail out! %s: %s\n", domain != NULL ? domain : "", message != NULL ? message : "");
      abort ();
    }
  return output;
}

void
kb_test_tolerate_gtk_focus_warning (void)
{
  g_log_set_always_fatal (G_LOG_FATAL_MASK);
  g_log_set_writer_func (strict_log_writer, NULL, NULL);
}

/* Whether @text has a Latin letter: in a Russian run, English left on screen. */
gboolean
kb_test_has_latin_letters (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_isalpha (*p))
      return TRUE;
  return FALSE;
}

/* Keys ------------------------------------------------------------------- */

static gboolean
trigger_matches (GtkShortcutTrigger *trigger, guint keyval, GdkModifierType modifiers)
{
  if (GTK_IS_ALTERNATIVE_TRIGGER (trigger))
    return trigger_matches (gtk_alternative_trigger_get_first (GTK_ALTERNATIVE_TRIGGER (trigger)), keyval, modifiers) ||
           trigger_matches (gtk_alternative_trigger_get_second (GTK_ALTERNATIVE_TRIGGER (trigger)), keyval, modifiers);
  if (GTK_IS_KEYVAL_TRIGGER (trigger))
    return gdk_keyval_to_lower (gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger))) == gdk_keyval_to_lower (keyval) &&
           gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == modifiers;
  return FALSE;
}

/* Runs the first shortcut of @widget's controllers in @phase that @keyval
 * and @modifiers trigger and that accepts them. */
static gboolean
run_shortcuts (GtkWidget *widget, GtkPropagationPhase phase, guint keyval, GdkModifierType modifiers)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller) ||
          gtk_event_controller_get_propagation_phase (controller) != phase)
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (trigger_matches (gtk_shortcut_get_trigger (shortcut), keyval, modifiers) &&
              gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), GTK_SHORTCUT_ACTION_EXCLUSIVE,
                                            widget, gtk_shortcut_get_arguments (shortcut)))
            return TRUE;
        }
    }
  return FALSE;
}

/**
 * kb_test_press_keys:
 * @focus: the widget that has the keyboard focus
 * @accelerator: the keys, as gtk_accelerator_parse() reads them ("<Alt>Left")
 *
 * Presses keys as GTK hands them to shortcuts: the capture phase from the
 * window down to @focus, then the bubble phase back up; the first shortcut
 * that takes them wins. Key presses cannot be synthesized in GTK 4, but
 * this goes through the same shortcuts, so a key that is not bound where
 * the user is does nothing here either.
 *
 * Returns: %TRUE if a shortcut took the keys
 */
gboolean
kb_test_press_keys (GtkWidget *focus, const char *accelerator)
{
  g_autoptr(GPtrArray) path = g_ptr_array_new ();
  guint keyval;
  GdkModifierType modifiers;

  g_assert_true (gtk_accelerator_parse (accelerator, &keyval, &modifiers));
  for (GtkWidget *widget = focus; widget != NULL; widget = gtk_widget_get_parent (widget))
    g_ptr_array_add (path, widget);

  for (guint i = path->len; i > 0; i--)
    if (run_shortcuts (path->pdata[i - 1], GTK_PHASE_CAPTURE, keyval, modifiers))
      return TRUE;
  for (guint i = 0; i < path->len; i++)
    if (run_shortcuts (path->pdata[i], GTK_PHASE_BUBBLE, keyval, modifiers))
      return TRUE;
  return FALSE;
}

static void
on_after_paint (guint *painted)
{
  (*painted)++;
}

/* Whether a stack or leaflet under @widget is still moving between children. */
static gboolean
in_transition (GtkWidget *widget)
{
  if (GTK_IS_STACK (widget) && gtk_stack_get_transition_running (GTK_STACK (widget)))
    return TRUE;
  if (ADW_IS_LEAFLET (widget) && adw_leaflet_get_child_transition_running (ADW_LEAFLET (widget)))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (in_transition (child))
      return TRUE;
  return FALSE;
}

typedef struct {
  guint painted;
  guint wanted;
} Frames;

static gboolean
painted_enough (gpointer data)
{
  Frames *frames = data;

  return frames->painted >= frames->wanted;
}

/* Iterates until every transition in @widget's window has ended and it has
 * been painted @n times more, so that what was shown or resized last has
 * been measured, allocated and drawn alone. A window that nothing dirties
 * is not painted: after a second, its layout is taken as done. */
void
kb_test_wait_for_frames (GtkWidget *widget, guint n)
{
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (widget));
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  Frames frames = { 0, n };
  gulong handler;

  g_assert_nonnull (clock);
  kb_test_wait_for (!in_transition (root), 10);
  handler = g_signal_connect_swapped (clock, "after-paint", G_CALLBACK (on_after_paint),
                                      &frames.painted);
  gtk_widget_queue_resize (widget);
  kb_test_poll_until (painted_enough, &frames, 1000);
  g_signal_handler_disconnect (clock, handler);
}

/* Whether @widget sits in something that scrolls, between it and the window. */
static gboolean
scrolls (GtkWidget *widget)
{
  for (GtkWidget *w = gtk_widget_get_parent (widget); w != NULL; w = gtk_widget_get_parent (w))
    if (GTK_IS_SCROLLED_WINDOW (w) || GTK_IS_VIEWPORT (w))
      return TRUE;
  return FALSE;
}

/* Whether @widget's label is chrome rather than data: a column's header, a
 * header bar's title, which GNOME ellipsizes by design (a dialog's title is
 * its own business), or the placeholder of an entry, a hint that goes once
 * the user types. */
static gboolean
is_chrome (GtkWidget *widget)
{
  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    if (g_str_equal (G_OBJECT_TYPE_NAME (w), "GtkColumnViewTitle") || ADW_IS_WINDOW_TITLE (w) ||
        (GTK_IS_LABEL (w) && gtk_widget_has_css_class (w, "title") &&
         gtk_widget_get_ancestor (w, ADW_TYPE_HEADER_BAR) != NULL) ||
        GTK_IS_TEXT (w))
      return TRUE;
  return FALSE;
}

/* Whether the whole of @text is in the tooltip of @widget or of one around
 * it: a long value may be ellipsized when the tooltip says it all. */
static gboolean
has_full_tooltip (GtkWidget *widget, const char *text)
{
  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    {
      const char *tooltip = gtk_widget_get_tooltip_text (w);

      if (tooltip != NULL && strstr (tooltip, text) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* Whether a line may break between @before and @after: at a space, a hyphen
 * or punctuation, never inside a word or a number. */
static gboolean
is_break (gunichar before, gunichar after)
{
  return g_unichar_isspace (before) || g_unichar_isspace (after) ||
         g_unichar_ispunct (before) || g_unichar_ispunct (after) ||
         g_unichar_type (before) == G_UNICODE_DASH_PUNCTUATION;
}

/* Adds to @problems where @label's text is cut off or broken inside a word. */
static void
check_label (GtkLabel *label, GString *problems)
{
  PangoLayout *layout = gtk_label_get_layout (label);
  const char *text = pango_layout_get_text (layout);
  PangoLayoutIter *iter;

  if (text == NULL || *text == '\0')
    return;
  if (pango_layout_is_ellipsized (layout) && !has_full_tooltip (GTK_WIDGET (label), text))
    g_string_append_printf (problems, "  ellipsized: “%s”\n", text);

  iter = pango_layout_get_iter (layout);
  while (pango_layout_iter_next_line (iter))
    {
      PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
      const char *start = text + line->start_index;
      const char *before = g_utf8_find_prev_char (text, start);

      if (before != NULL && *start != '\0' &&
          !is_break (g_utf8_get_char (before), g_utf8_get_char (start)))
        {
          g_string_append_printf (problems, "  broken inside a word: “%.*s / %s”\n",
                                  (int) (start - text), text, start);
          break;
        }
    }
  pango_layout_iter_free (iter);
}

static int
minimum_width (GtkWidget *widget)
{
  int minimum = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  return minimum;
}

/* Adds to @problems the innermost widgets under @widget that need more than
 * @width, which are what keeps the window wide. */
static gboolean
find_wide (GtkWidget *widget, int width, GString *problems)
{
  gboolean inner = FALSE;

  if (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget) ||
      minimum_width (widget) <= width || GTK_IS_SCROLLED_WINDOW (gtk_widget_get_parent (widget)))
    return FALSE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    inner |= find_wide (child, width, problems);
  if (!inner)
    g_string_append_printf (problems, "  %s%s%s needs %d px\n", G_OBJECT_TYPE_NAME (widget),
                            GTK_IS_LABEL (widget) ? " " : "",
                            GTK_IS_LABEL (widget) ? gtk_label_get_text (GTK_LABEL (widget)) : "",
                            minimum_width (widget));
  return TRUE;
}

static void
check_narrow (GtkWidget *window, GtkWidget *widget, GString *problems)
{
  graphene_rect_t bounds;

  if (!gtk_widget_get_mapped (widget) || !gtk_widget_get_child_visible (widget))
    return;

  /* Header bars reach a pixel past each side of the window's content. */
  if (gtk_widget_compute_bounds (widget, window, &bounds) &&
      bounds.size.width > gtk_widget_get_width (window) + 2.5 && !scrolls (widget))
    g_string_append_printf (problems, "  %s is %.0f px wide, with no scroller around it\n",
                            G_OBJECT_TYPE_NAME (widget), bounds.size.width);

  if (GTK_IS_LABEL (widget) && !is_chrome (widget))
    check_label (GTK_LABEL (widget), problems);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_narrow (window, child, problems);
}

/* Adds to @problems what keeps @window from being used at @width: the
 * minimum width of its content (the window's own frame aside), a widget
 * wider than that content without a scroller around it, a label
 * ellipsized or wrapped inside a word. */
void
kb_test_check_narrow (GtkWidget *window, int width, GString *problems)
{
  GtkWidget *content = gtk_window_get_child (GTK_WINDOW (window));
  int minimum = minimum_width (content);

  if (minimum > width)
    {
      g_string_append_printf (problems, "  the window needs %d px\n", minimum);
      find_wide (content, width, problems);
    }
  if (gtk_widget_get_width (content) > width)
    g_string_append_printf (problems, "  the window is %d px wide\n",
                            gtk_widget_get_width (content));
  for (GtkWidget *child = gtk_widget_get_first_child (content);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_narrow (content, child, problems);
}
