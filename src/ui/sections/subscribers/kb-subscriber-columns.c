/* kb-subscriber-columns.c — Subscriber Selection's columns: a tick box, Number, Name, Tariff, Status.
 *
 * Each row of the view holds a KbListSlot, whose subscriber changes as the
 * search moves rows about; a cell shows the subscriber its slot holds and
 * follows it. Cells get plain label text, no tooltips (GTK 4.8 asks X where
 * the pointer is for each, see kb-question-history.c).
 */
#include "config.h"

#include "kb-subscriber-columns.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kb-list-slot.h"
#include "kb-phone-number.h"
#include "kb-subscriber-details.h"

typedef void (*CellUpdate) (GtkWidget *cell, KbSubscriber *subscriber);

static void
update_number_cell (GtkWidget *cell, KbSubscriber *subscriber)
{
  g_autofree char *number = kb_phone_number_format (kb_subscriber_get_number (subscriber));

  gtk_label_set_text (GTK_LABEL (cell), number);
}

static void
update_name_cell (GtkWidget *cell, KbSubscriber *subscriber)
{
  gtk_label_set_text (GTK_LABEL (cell), kb_subscriber_get_name (subscriber));
}

static void
update_tariff_cell (GtkWidget *cell, KbSubscriber *subscriber)
{
  gtk_label_set_text (GTK_LABEL (cell), kb_subscriber_get_tariff (subscriber));
}

static void
update_status_cell (GtkWidget *cell, KbSubscriber *subscriber)
{
  gboolean blocked = kb_subscriber_get_status (subscriber) == KB_SUBSCRIBER_STATUS_BLOCKED;

  gtk_label_set_text (GTK_LABEL (cell), kb_subscriber_status_display (kb_subscriber_get_status (subscriber)));
  /* Blocked numbers stand out; active is the normal case. */
  if (blocked)
    gtk_widget_add_css_class (cell, "error");
  else
    gtk_widget_remove_css_class (cell, "error");
}

static void
setup_check (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *check = kb_subscriber_ticks_new_check (KB_SUBSCRIBER_TICKS (user_data));

  g_object_set_data (G_OBJECT (check), "kb-update", kb_subscriber_ticks_update_check);
  gtk_list_item_set_child (item, check);
}

static GtkWidget *
label_cell (CellUpdate update, int width_chars)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_width_chars (GTK_LABEL (label), width_chars);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  g_object_set_data (G_OBJECT (label), "kb-update", update);
  return label;
}

static void
setup_number (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *label = label_cell (update_number_cell, 17);

  gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
setup_name (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  gtk_list_item_set_child (item, label_cell (update_name_cell, 8));
}

static void
setup_tariff (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  gtk_list_item_set_child (item, label_cell (update_tariff_cell, 6));
}

static void
setup_status (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_add_css_class (label, "status-pill");
  gtk_widget_set_halign (label, GTK_ALIGN_START);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_end (label, 6);
  g_object_set_data (G_OBJECT (label), "kb-update", update_status_cell);
  gtk_list_item_set_child (item, label);
}

/* A cell shows the subscriber its row's slot holds, and follows it when a
 * search moves another subscriber into that row. */
static void
update_cell (GtkWidget *cell, GParamSpec *pspec, KbListSlot *slot)
{
  CellUpdate update = g_object_get_data (G_OBJECT (cell), "kb-update");

  update (cell, kb_list_slot_get_item (slot));
}

static void
bind_cell (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *cell = gtk_list_item_get_child (item);
  KbListSlot *slot = gtk_list_item_get_item (item);

  g_signal_connect_object (slot, "notify::item", G_CALLBACK (update_cell), cell, G_CONNECT_SWAPPED);
  update_cell (cell, NULL, slot);
}

static void
unbind_cell (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (item), update_cell,
                                       gtk_list_item_get_child (item));
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
  int order = strcmp (kb_subscriber_get_tariff ((KbSubscriber *) a), kb_subscriber_get_tariff ((KbSubscriber *) b));

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

static GtkColumnViewColumn *
add_column (GtkColumnView *view, const char *title, GCallback setup, gpointer data, GtkCustomSorter *sorter)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) column = NULL;

  g_signal_connect (factory, "setup", setup, data);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell), NULL);
  column = gtk_column_view_column_new (title, g_steal_pointer (&factory));
  gtk_column_view_column_set_resizable (column, sorter != NULL);
  if (sorter != NULL)
    {
      gtk_column_view_column_set_sorter (column, GTK_SORTER (sorter));
      g_object_unref (sorter);
    }
  gtk_column_view_append_column (view, column);
  return column;  /* the view keeps it */
}

void
kb_subscriber_columns_add (GtkColumnView *view, KbSubscriberTicks *ticks)
{
  GtkColumnViewColumn *name_column;

  g_return_if_fail (GTK_IS_COLUMN_VIEW (view));
  g_return_if_fail (KB_IS_SUBSCRIBER_TICKS (ticks));

  add_column (view, "", G_CALLBACK (setup_check), ticks, NULL);
  add_column (view, _("Number"), G_CALLBACK (setup_number), NULL, gtk_custom_sorter_new (compare_numbers, NULL, NULL));
  name_column = add_column (view, C_("subscriber", "Name"), G_CALLBACK (setup_name), NULL,
                            gtk_custom_sorter_new (compare_names, NULL, NULL));
  gtk_column_view_column_set_expand (name_column, TRUE);
  add_column (view, _("Tariff"), G_CALLBACK (setup_tariff), NULL, gtk_custom_sorter_new (compare_tariffs, NULL, NULL));
  add_column (view, _("Status"), G_CALLBACK (setup_status), NULL,
              gtk_custom_sorter_new (compare_statuses, NULL, NULL));
}
