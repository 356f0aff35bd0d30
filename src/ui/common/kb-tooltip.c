/* kb-tooltip.c — setting a tooltip without GTK 4.8's round trips to the X server.
 *
 * GTK 4.8 asks the display server where the pointer is (two X round trips)
 * whenever a visible widget's tooltip is set, so as to show or hide the
 * tooltip under it at once. For cells rebound on every search keystroke that
 * was half a second over 10 000 rows; for the sidebar's rows, made before
 * the first frame, 2–3 ms of the start. A hidden widget skips the query, and
 * nothing is under the pointer before it is drawn.
 *
 * So the widgets made before the first frame (the window's, and those of the
 * pages a start may open on: Subscriber Selection, Feedback) get their
 * tooltips here rather than from their templates' tooltip-text, which GTK
 * sets while they are visible. A widget whose template hides it until a
 * binding shows it may keep its tooltip-text after <property name="visible">.
 */
#include "config.h"

#include "kb-tooltip.h"

/**
 * kb_tooltip_set:
 * @widget: a widget, shown or not
 * @text: (nullable): its tooltip, or %NULL for none
 *
 * Sets @widget's tooltip (and so its accessible description) as
 * gtk_widget_set_tooltip_text() does, without the query unless @widget
 * has the keyboard's focus. A tooltip shown under the pointer at that
 * moment closes, to open again when the pointer moves.
 */
void
kb_tooltip_set (GtkWidget *widget, const char *text)
{
  gboolean visible;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (g_strcmp0 (gtk_widget_get_tooltip_text (widget), text) == 0)
    return;
  /* Hidden, a widget would give its focus away (a menu button, with its
   * open popover): that one pays for the query. */
  if ((gtk_widget_get_state_flags (widget) & (GTK_STATE_FLAG_FOCUSED | GTK_STATE_FLAG_FOCUS_WITHIN)) != 0)
    {
      gtk_widget_set_tooltip_text (widget, text);
      return;
    }
  visible = gtk_widget_get_visible (widget);
  gtk_widget_set_visible (widget, FALSE);
  gtk_widget_set_tooltip_text (widget, text);
  gtk_widget_set_visible (widget, visible);
}
