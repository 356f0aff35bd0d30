/* kb-service-actions-format.c — the words and columns that the Service Actions widgets share.
 *
 * The form, the history and the view of one order name the same things —
 * a status's pill style, why a row was refused — and the history and the
 * view show them in columns made the same way; both are here once so the
 * widgets cannot drift apart. The words for an action and a status stand
 * beside their enums in core, as kb_<enum>_to_display().
 */
#include "config.h"

#include "kb-service-actions-format.h"

#include <glib/gi18n.h>

char *
kb_service_actions_format_count (guint n)
{
  return g_strdup_printf ("%'u", n);
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

void
kb_service_actions_add_columns (GtkColumnView *view, const char * const *titles, int pill_column,
                                int expand_column, KbCellTextFunc text, KbCellStyleFunc pill_style)
{
  for (int column = 0; titles[column] != NULL; column++)
    {
      KbCellFlags flags = KB_CELL_ELLIPSIZE;

      if (column == pill_column)
        flags = KB_CELL_PILL;
      else if (column == expand_column)
        flags |= KB_CELL_EXPAND;
      kb_cell_add_column (view, &(KbCellColumn) {
                            .title = titles[column],
                            .column = column,
                            .flags = flags,
                            .text = text,
                            .style = column == pill_column ? pill_style : NULL,
                          });
    }
}
