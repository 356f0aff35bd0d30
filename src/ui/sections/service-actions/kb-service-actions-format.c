/* kb-service-actions-format.c — the words and cells that the Service Actions widgets share.
 *
 * The form, the history and the view of one order name the same things —
 * an action, a status, why a row was refused — and show statuses as the
 * same pills; the words are here once so the three cannot drift apart.
 */
#include "config.h"

#include "kb-service-actions-format.h"

#include <glib/gi18n.h>

#include "kb-phone-number.h"

/* Words */

char *
kb_service_actions_format_count (guint n)
{
  return g_strdup_printf ("%'u", n);
}

char *
kb_service_actions_format_number (const char *number)
{
  if (kb_phone_number_is_canonical (number))
    return kb_phone_number_format (number);
  return g_strdup (number);
}

char *
kb_service_actions_format_counts (KbServiceOrder *order)
{
  guint total = kb_service_order_get_total (order);
  g_autofree char *total_text = kb_service_actions_format_count (total);
  g_autofree char *accepted_text = kb_service_actions_format_count (kb_service_order_get_accepted (order));
  g_autofree char *rejected_text = kb_service_actions_format_count (kb_service_order_get_rejected (order));

  /* TRANSLATORS: the counts of an order: accepted, rejected, of how many subscribers */
  return g_strdup_printf (ngettext ("Accepted: %s, rejected: %s, of %s subscriber",
                                    "Accepted: %s, rejected: %s, of %s subscribers", total),
                          accepted_text, rejected_text, total_text);
}

const char *
kb_service_actions_action_text (KbServiceAction action)
{
  return action == KB_SERVICE_ACTION_ADD ? _("Adding") : _("Removal");
}

const char *
kb_service_actions_status_text (KbServiceOrderStatus status)
{
  switch (status)
    {
    case KB_SERVICE_ORDER_STATUS_DONE: return C_("order status", "Done");
    case KB_SERVICE_ORDER_STATUS_PARTIAL: return C_("order status", "Partially done");
    case KB_SERVICE_ORDER_STATUS_REJECTED:
    default: return C_("order status", "Rejected");
    }
}

const char *
kb_service_actions_status_style (KbServiceOrderStatus status)
{
  switch (status)
    {
    case KB_SERVICE_ORDER_STATUS_DONE: return "success";
    case KB_SERVICE_ORDER_STATUS_PARTIAL: return "warning";
    case KB_SERVICE_ORDER_STATUS_REJECTED:
    default: return "error";
    }
}

/* Why the server rejected a row, from the contract's code. */
const char *
kb_service_actions_reason_text (const char *code)
{
  if (code == NULL)
    return "";
  if (g_str_equal (code, "invalid_number"))
    return _("Not a valid number");
  if (g_str_equal (code, "duplicate_row"))
    return _("The number is already in the list above");
  if (g_str_equal (code, "unknown_subscriber"))
    return _("Not one of your subscribers");
  if (g_str_equal (code, "already_on"))
    return _("The service is already on");
  if (g_str_equal (code, "already_off"))
    return _("The service is already off");
  if (g_str_equal (code, "invalid_row"))
    return _("The row is not a number");
  return _("Refused by the operator");
}

/* Cells */

static void
on_label_factory_setup (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
on_pill_factory_setup (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_halign (label, GTK_ALIGN_START);
  gtk_widget_add_css_class (label, "status-pill");
  gtk_list_item_set_child (item, label);
}

void
kb_service_actions_set_pill (GtkLabel *label, const char *text, const char *style)
{
  static const char * const styles[] = { "success", "warning", "error" };

  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (label), styles[i]);
  gtk_widget_add_css_class (GTK_WIDGET (label), style);
  gtk_label_set_text (label, text);
}

void
kb_service_actions_add_column (GtkColumnView *view, const char *title, int column, gboolean pill,
                               GCallback bind, gboolean expand)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) view_column = NULL;

  g_signal_connect (factory, "setup",
                    pill ? G_CALLBACK (on_pill_factory_setup) : G_CALLBACK (on_label_factory_setup), NULL);
  g_signal_connect (factory, "bind", bind, GINT_TO_POINTER (column));
  view_column = gtk_column_view_column_new (title, g_object_ref (factory));
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_append_column (view, view_column);
}
