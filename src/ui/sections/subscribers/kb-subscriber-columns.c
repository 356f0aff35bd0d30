/* kb-subscriber-columns.c — Subscriber Selection's columns: a tick box, Number, Name, Tariff and
 * Status.
 *
 * Each row of the view holds a KbListSlot, whose subscriber changes as the
 * search moves rows about; a cell shows the subscriber its slot holds and
 * follows it. Cells get plain label text, no tooltips (GTK 4.8 asks X where
 * the pointer is for each, see kb_tooltip_set()).
 */
#include "config.h"

#include "kb-subscriber-columns.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kb-cell.h"
#include "kb-list-slot.h"
#include "kb-phone-number.h"
#include "kb-subscriber.h"

enum {
  COLUMN_TICK,
  COLUMN_NUMBER,
  COLUMN_NAME,
  COLUMN_TARIFF,
  COLUMN_STATUS,
};

/* Each row of the view is a KbListSlot; a cell shows the subscriber in it. */
static KbSubscriber *
subscriber_of (gpointer slot)
{
  return kb_list_slot_get_item (KB_LIST_SLOT (slot));
}

static GtkWidget *
setup_check (int column, gpointer ticks)
{
  return kb_subscriber_ticks_new_check (KB_SUBSCRIBER_TICKS (ticks));
}

static void
bind_check (GtkWidget *cell, gpointer slot, int column, gpointer ticks)
{
  kb_subscriber_ticks_update_check (cell, subscriber_of (slot));
}

/* The name column takes what the number, the tariff and the status leave:
 * a number is as wide as it is, a tariff of two words may take two lines,
 * and a name too long for its column goes on to a second line rather than
 * being cut off. The status is a pill. */
static GtkWidget *
setup_label (int column, gpointer user_data)
{
  GtkWidget *label;

  switch (column)
    {
    case COLUMN_STATUS:
      label = kb_cell_new_label (KB_CELL_PILL);
      gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
      gtk_widget_set_margin_end (label, 6);
      return label;
    case COLUMN_NUMBER:
      return kb_cell_new_label (KB_CELL_NUMERIC);
    case COLUMN_TARIFF:
      label = kb_cell_new_label (KB_CELL_WRAP);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 12);
      return label;
    case COLUMN_NAME:
    default:
      label = kb_cell_new_label (KB_CELL_WRAP);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD);
      return label;
    }
}

static char *
label_text (gpointer slot, int column, gpointer user_data)
{
  KbSubscriber *subscriber = subscriber_of (slot);

  switch (column)
    {
    case COLUMN_NUMBER: return kb_phone_number_format (kb_subscriber_get_number (subscriber));
    case COLUMN_NAME: return g_strdup (kb_subscriber_get_name (subscriber));
    case COLUMN_TARIFF: return g_strdup (kb_subscriber_get_tariff (subscriber));
    case COLUMN_STATUS:
      return g_strdup (kb_subscriber_status_to_display (kb_subscriber_get_status (subscriber)));
    default: g_return_val_if_reached (NULL);
    }
}

/* Blocked numbers stand out; active is the normal case. */
static const char *
status_style (gpointer slot, int column, gpointer user_data)
{
  KbSubscriberStatus status = kb_subscriber_get_status (subscriber_of (slot));

  return status == KB_SUBSCRIBER_STATUS_BLOCKED ? "error" : NULL;
}

/* ---- Sort orders ------------------------------------------------------- */

static int
compare_names (gconstpointer a, gconstpointer b, gpointer user_data)
{
  return gtk_ordering_from_cmpfunc (strcmp (kb_subscriber_get_folded_name ((KbSubscriber *) a),
                                            kb_subscriber_get_folded_name ((KbSubscriber *) b)));
}

static int
compare_numbers (gconstpointer a, gconstpointer b, gpointer user_data)
{
  return gtk_ordering_from_cmpfunc (strcmp (kb_subscriber_get_number ((KbSubscriber *) a),
                                            kb_subscriber_get_number ((KbSubscriber *) b)));
}

static int
compare_tariffs (gconstpointer a, gconstpointer b, gpointer user_data)
{
  int order = strcmp (kb_subscriber_get_tariff ((KbSubscriber *) a),
                      kb_subscriber_get_tariff ((KbSubscriber *) b));

  if (order == 0)
    return compare_numbers (a, b, user_data);
  return order < 0 ? GTK_ORDERING_SMALLER : GTK_ORDERING_LARGER;
}

static int
compare_statuses (gconstpointer a, gconstpointer b, gpointer user_data)
{
  KbSubscriberStatus sa = kb_subscriber_get_status ((KbSubscriber *) a);
  KbSubscriberStatus sb = kb_subscriber_get_status ((KbSubscriber *) b);

  if (sa == sb)
    return compare_numbers (a, b, user_data);
  return sa < sb ? GTK_ORDERING_SMALLER : GTK_ORDERING_LARGER;
}

/* A cell follows its slot when a search moves another subscriber into its row. */
void
kb_subscriber_columns_add (GtkColumnView *view, KbSubscriberTicks *ticks)
{
  g_return_if_fail (GTK_IS_COLUMN_VIEW (view));
  g_return_if_fail (KB_IS_SUBSCRIBER_TICKS (ticks));

  kb_cell_add_column (view, &(KbCellColumn) {
                        .title = "", .column = COLUMN_TICK, .flags = KB_CELL_FIXED,
                        .setup = setup_check, .bind = bind_check, .follow = "notify::item",
                        .user_data = ticks });
  kb_cell_add_column (view, &(KbCellColumn) {
                        .title = _("Number"), .column = COLUMN_NUMBER, .compare = compare_numbers,
                        .setup = setup_label, .text = label_text, .follow = "notify::item" });
  kb_cell_add_column (view, &(KbCellColumn) {
                        .title = C_("subscriber", "Name"), .column = COLUMN_NAME,
                        .flags = KB_CELL_EXPAND, .compare = compare_names, .setup = setup_label,
                        .text = label_text, .follow = "notify::item" });
  kb_cell_add_column (view, &(KbCellColumn) {
                        .title = _("Tariff"), .column = COLUMN_TARIFF, .compare = compare_tariffs,
                        .setup = setup_label, .text = label_text, .follow = "notify::item" });
  kb_cell_add_column (view, &(KbCellColumn) {
                        .title = _("Status"), .column = COLUMN_STATUS, .compare = compare_statuses,
                        .setup = setup_label, .text = label_text, .style = status_style,
                        .follow = "notify::item" });
}
