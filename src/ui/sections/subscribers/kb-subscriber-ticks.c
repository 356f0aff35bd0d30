/* kb-subscriber-ticks.c — ticking subscribers for Service Actions: the boxes and the bar.
 *
 * The ticks live in KbSubscribers' selection, where Service Actions reads
 * them; this keeps a set of them for the boxes to look up, hands
 * KbSubscribers each new set sorted, and follows its notify — so a tick
 * made or cleared anywhere shows in the boxes and in the bar's count.
 * As the one widget of each row it keeps, a box also marks its row when it
 * shows the current subscriber (see mark_current()).
 */
#include "config.h"

#include "kb-subscriber-ticks.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kb-cell.h"
#include "kb-phone-number.h"
#include "kb-tooltip.h"

struct _KbSubscriberTicks
{
  AdwBin parent_instance;

  GtkLabel *ticked_label;
  GtkButton *tick_all_button;
  GtkButton *clear_ticks_button;
  GtkButton *service_actions_button;

  KbSubscribers *subscribers;
  GListModel *shown;
  GHashTable *ticked;              /* numbers of KbSubscribers' "selection" */
  GHashTable *checks;              /* the boxes made for the list's rows */
  const char *pressed_number;      /* whose box was last pressed, and when */
  gint64 pressed_at;
};

G_DEFINE_FINAL_TYPE (KbSubscriberTicks, kb_subscriber_ticks, ADW_TYPE_BIN)

static int
compare_numbers (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Hands KbSubscribers the new set, sorted; its notify updates the boxes. */
static void
set_ticked (KbSubscriberTicks *self, GHashTable *numbers)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_sized_new (g_hash_table_size (numbers) + 1);
  GHashTableIter iter;
  gpointer number;

  g_hash_table_iter_init (&iter, numbers);
  while (g_hash_table_iter_next (&iter, &number, NULL))
    g_ptr_array_add (sorted, number);
  g_ptr_array_sort (sorted, compare_numbers);
  g_ptr_array_add (sorted, NULL);
  kb_subscribers_set_selection (self->subscribers, (const char * const *) sorted->pdata);
}

static GHashTable *
copy_ticked (KbSubscriberTicks *self)
{
  GHashTable *copy = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer number;

  g_hash_table_iter_init (&iter, self->ticked);
  while (g_hash_table_iter_next (&iter, &number, NULL))
    g_hash_table_add (copy, number);
  return copy;
}

/* ---- The boxes --------------------------------------------------------- */

static void
on_check_toggled (GtkCheckButton *check, KbSubscriberTicks *self)
{
  const char *number = g_object_get_data (G_OBJECT (check), "kb-number");
  g_autoptr(GHashTable) numbers = NULL;

  if (number == NULL || self->subscribers == NULL)
    return;
  numbers = copy_ticked (self);
  if (gtk_check_button_get_active (check))
    g_hash_table_add (numbers, (gpointer) number);
  else
    g_hash_table_remove (numbers, number);
  set_ticked (self, numbers);
}

static void
set_check_active (KbSubscriberTicks *self, GtkWidget *check, const char *number)
{
  g_signal_handlers_block_by_func (check, on_check_toggled, self);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                               number != NULL && g_hash_table_contains (self->ticked, number));
  g_signal_handlers_unblock_by_func (check, on_check_toggled, self);
}

/* A click on a box ticks; it does not also choose the row, whose
 * single-click activation sees the same click after the box (see
 * kb_subscriber_ticks_claim_click()). */
static void
on_check_pressed (GtkGestureClick   *gesture,
                  int                n_press,
                  double             x,
                  double             y,
                  KbSubscriberTicks *self)
{
  GtkWidget *check = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));

  self->pressed_number = g_object_get_data (G_OBJECT (check), "kb-number");
  self->pressed_at = g_get_monotonic_time ();
}

static void
on_check_finalized (gpointer user_data, GObject *check)
{
  KbSubscriberTicks *self = user_data;

  g_hash_table_remove (self->checks, check);
}

/* The list has no selection of its own: a click chooses the current
 * subscriber, and with single-click activation a selection would follow the
 * pointer. The row of the current subscriber (the box's row: box, cell,
 * row) gets the class "current-subscriber", which data/style.css draws as a
 * selected row. */
static void
mark_current (KbSubscriberTicks *self, GtkWidget *check)
{
  KbSubscriber *current = self->subscribers != NULL ? kb_subscribers_get_current (self->subscribers)
                                                    : NULL;
  const char *number = g_object_get_data (G_OBJECT (check), "kb-number");
  GtkWidget *cell = gtk_widget_get_parent (check);
  GtkWidget *row = cell != NULL ? gtk_widget_get_parent (cell) : NULL;

  if (row == NULL)
    return;
  if (current != NULL && g_strcmp0 (number, kb_subscriber_get_number (current)) == 0)
    gtk_widget_add_css_class (row, "current-subscriber");
  else
    gtk_widget_remove_css_class (row, "current-subscriber");
}

static void
on_current_changed (KbSubscriberTicks *self)
{
  GHashTableIter iter;
  gpointer check;

  g_hash_table_iter_init (&iter, self->checks);
  while (g_hash_table_iter_next (&iter, &check, NULL))
    mark_current (self, check);
}

GtkWidget *
kb_subscriber_ticks_new_check (KbSubscriberTicks *self)
{
  GtkWidget *check = gtk_check_button_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  g_return_val_if_fail (KB_IS_SUBSCRIBER_TICKS (self), NULL);

  g_signal_connect_object (click, "pressed", G_CALLBACK (on_check_pressed), self, 0);
  gtk_widget_add_controller (check, GTK_EVENT_CONTROLLER (click));
  gtk_widget_set_halign (check, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (check), "kb-ticks", self);
  g_signal_connect_object (check, "toggled", G_CALLBACK (on_check_toggled), self, 0);
  /* The list view makes a row's widgets when the row comes into view and
   * drops them when it is no longer needed: the boxes that exist are those
   * that show a subscriber. */
  g_hash_table_add (self->checks, check);
  g_object_weak_ref (G_OBJECT (check), on_check_finalized, self);
  return check;
}

void
kb_subscriber_ticks_update_check (GtkWidget *check, KbSubscriber *subscriber)
{
  KbSubscriberTicks *self = g_object_get_data (G_OBJECT (check), "kb-ticks");
  const char *number = kb_subscriber_get_number (subscriber);
  g_autofree char *formatted = kb_phone_number_format (number);
  /* TRANSLATORS: the accessible name of a row's tick box; %s is a phone number */
  g_autofree char *label = g_strdup_printf (_("Tick %s"), formatted);

  g_return_if_fail (KB_IS_SUBSCRIBER_TICKS (self));

  /* The subscriber lives in KbSubscribers' model as long as the page does. */
  g_object_set_data (G_OBJECT (check), "kb-number", (gpointer) number);
  set_check_active (self, check, number);
  mark_current (self, check);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  kb_cell_set_accessible_text (check, label);
}

gboolean
kb_subscriber_ticks_claim_click (KbSubscriberTicks *self, KbSubscriber *subscriber)
{
  g_return_val_if_fail (KB_IS_SUBSCRIBER_TICKS (self), FALSE);

  if (self->pressed_number != kb_subscriber_get_number (subscriber) ||
      g_get_monotonic_time () - self->pressed_at >= G_USEC_PER_SEC)
    return FALSE;
  self->pressed_number = NULL;
  return TRUE;
}

/* ---- The bar ----------------------------------------------------------- */

static void
on_tick_all_clicked (KbSubscriberTicks *self)
{
  g_autoptr(GHashTable) numbers = copy_ticked (self);
  guint n = g_list_model_get_n_items (self->shown);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KbSubscriber) subscriber = g_list_model_get_item (self->shown, i);

      g_hash_table_add (numbers, (gpointer) kb_subscriber_get_number (subscriber));
    }
  set_ticked (self, numbers);
}

static void
on_clear_ticks_clicked (KbSubscriberTicks *self)
{
  kb_subscribers_set_selection (self->subscribers, NULL);
}

static void
on_service_actions_clicked (KbSubscriberTicks *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-section", "s", "service-actions");
}

/* Until the whole list is read, the first rows stand in for it: Tick All waits. */
static void
update_tick_all (KbSubscriberTicks *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->tick_all_button),
                            g_list_model_get_n_items (self->shown) > 0 &&
                            kb_subscribers_get_loaded (self->subscribers));
}

static void
on_selection_changed (KbSubscriberTicks *self)
{
  const char * const *numbers = kb_subscribers_get_selection (self->subscribers);
  guint n = g_strv_length ((char **) numbers);
  g_autofree char *text = NULL;
  GHashTableIter iter;
  gpointer check;

  g_hash_table_remove_all (self->ticked);
  for (guint i = 0; i < n; i++)
    g_hash_table_add (self->ticked, g_strdup (numbers[i]));

  g_hash_table_iter_init (&iter, self->checks);
  while (g_hash_table_iter_next (&iter, &check, NULL))
    set_check_active (self, check, g_object_get_data (check, "kb-number"));

  /* TRANSLATORS: how many subscribers are ticked for Service Actions */
  text = g_strdup_printf (ngettext ("%u ticked", "%u ticked", n), n);
  gtk_label_set_text (self->ticked_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->ticked_label), n > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->clear_ticks_button), n > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->service_actions_button), n > 0);
}

void
kb_subscriber_ticks_set_subscribers (KbSubscriberTicks *self,
                                     KbSubscribers     *subscribers,
                                     GListModel        *shown)
{
  g_return_if_fail (KB_IS_SUBSCRIBER_TICKS (self));
  g_return_if_fail (KB_IS_SUBSCRIBERS (subscribers));
  g_return_if_fail (G_IS_LIST_MODEL (shown));
  g_return_if_fail (self->subscribers == NULL);

  self->subscribers = g_object_ref (subscribers);
  self->shown = g_object_ref (shown);
  g_signal_connect_object (subscribers, "notify::selection", G_CALLBACK (on_selection_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (subscribers, "notify::loaded", G_CALLBACK (update_tick_all), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (subscribers, "notify::current-subscriber",
                           G_CALLBACK (on_current_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (shown, "items-changed", G_CALLBACK (update_tick_all), self,
                           G_CONNECT_SWAPPED);
  on_selection_changed (self);
  update_tick_all (self);
}

/* ---- Object ------------------------------------------------------------ */

static void
kb_subscriber_ticks_dispose (GObject *object)
{
  KbSubscriberTicks *self = KB_SUBSCRIBER_TICKS (object);
  GHashTableIter iter;
  gpointer check;

  if (self->checks != NULL)
    {
      g_hash_table_iter_init (&iter, self->checks);
      while (g_hash_table_iter_next (&iter, &check, NULL))
        g_object_weak_unref (check, on_check_finalized, self);
    }

  /* AdwBin would unparent its child again after the template did. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), KB_TYPE_SUBSCRIBER_TICKS);
  g_clear_object (&self->subscribers);
  g_clear_object (&self->shown);
  g_clear_pointer (&self->ticked, g_hash_table_unref);
  g_clear_pointer (&self->checks, g_hash_table_unref);

  G_OBJECT_CLASS (kb_subscriber_ticks_parent_class)->dispose (object);
}

static void
kb_subscriber_ticks_class_init (KbSubscriberTicksClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kb_subscriber_ticks_dispose;

  gtk_widget_class_set_template_from_resource (
    widget_class, RESOURCE_BASE "/ui/sections/subscribers/kb-subscriber-ticks.ui");
  gtk_widget_class_bind_template_child (widget_class, KbSubscriberTicks, ticked_label);
  gtk_widget_class_bind_template_child (widget_class, KbSubscriberTicks, tick_all_button);
  gtk_widget_class_bind_template_child (widget_class, KbSubscriberTicks, clear_ticks_button);
  gtk_widget_class_bind_template_child (widget_class, KbSubscriberTicks, service_actions_button);
  gtk_widget_class_bind_template_callback (widget_class, on_tick_all_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_clear_ticks_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_service_actions_clicked);
}

static void
kb_subscriber_ticks_init (KbSubscriberTicks *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Not in the template: see kb_tooltip_set(). */
  kb_tooltip_set (GTK_WIDGET (self->tick_all_button), _("Tick every subscriber the search and filters show"));
  kb_tooltip_set (GTK_WIDGET (self->service_actions_button),
                  _("Add or remove a service for the ticked subscribers"));
  self->ticked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->checks = g_hash_table_new (NULL, NULL);
}
