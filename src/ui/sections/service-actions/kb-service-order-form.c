/* kb-service-order-form.c — a new service order: the service, Add or Remove, and whom it is for.
 *
 * A service of the catalogue (with its monthly fee), Add or Remove, and the
 * subscribers: the current one of Subscriber Selection, the ones ticked
 * there, or a list from a file, a drop or a paste (KbListImport). A
 * KbServiceOrderConfirmation with the counts comes before the "send"
 * signal; the page sends the order and calls
 * kb_service_order_form_finish_sending(). Nothing the user chose is lost
 * on an error: the form stays as it was.
 */
#include "config.h"

#include "kb-service-order-form.h"

#include <glib/gi18n.h>

#include "kb-api-error.h"
#include "kb-list-import.h"
#include "kb-money.h"
#include "kb-phone-number.h"
#include "kb-service-actions-format.h"
#include "kb-service-order-confirmation.h"
#include "kb-spinner.h"

struct _KbServiceOrderForm
{
  AdwBin parent_instance;

  AdwComboRow *service_row;
  GtkToggleButton *remove_button;
  AdwActionRow *current_row;
  AdwActionRow *selection_row;
  GtkCheckButton *selection_check;
  GtkCheckButton *list_check;
  GtkRevealer *list_revealer;
  GtkBox *list_box;
  GtkWidget *apply_button;
  GtkWidget *submit_spinner;
  GtkLabel *count_label;
  GtkLabel *submit_error_label;

  KbListImport *list_import;
  KbServiceOrders *service_orders;
  KbSubscribers *subscribers;
  GPtrArray *catalog;            /* KbService shown in service_row, in order */
  gboolean sending;
};

G_DEFINE_FINAL_TYPE (KbServiceOrderForm, kb_service_order_form, ADW_TYPE_BIN)

enum {
  SIGNAL_SEND,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The choice */

static KbService *
chosen_service (KbServiceOrderForm *self)
{
  guint selected = adw_combo_row_get_selected (self->service_row);

  if (self->catalog == NULL || selected == GTK_INVALID_LIST_POSITION || selected >= self->catalog->len)
    return NULL;
  return g_ptr_array_index (self->catalog, selected);
}

static KbServiceAction
chosen_action (KbServiceOrderForm *self)
{
  return gtk_toggle_button_get_active (self->remove_button) ? KB_SERVICE_ACTION_REMOVE : KB_SERVICE_ACTION_ADD;
}

KbServiceActionsSource
kb_service_order_form_get_source (KbServiceOrderForm *self)
{
  g_return_val_if_fail (KB_IS_SERVICE_ORDER_FORM (self), KB_SERVICE_ACTIONS_SOURCE_CURRENT);

  if (gtk_check_button_get_active (self->selection_check))
    return KB_SERVICE_ACTIONS_SOURCE_SELECTION;
  if (gtk_check_button_get_active (self->list_check))
    return KB_SERVICE_ACTIONS_SOURCE_LIST;
  return KB_SERVICE_ACTIONS_SOURCE_CURRENT;
}

static KbSubscriber *
current_subscriber (KbServiceOrderForm *self)
{
  return self->subscribers != NULL ? kb_subscribers_get_current (self->subscribers) : NULL;
}

static const char * const *
ticked_numbers (KbServiceOrderForm *self)
{
  return self->subscribers != NULL ? kb_subscribers_get_selection (self->subscribers) : NULL;
}

/* The numbers of the order, from the chosen source (a NULL-terminated
 * array), and how many list rows are left out for their problems. */
static GStrv
collect_numbers (KbServiceOrderForm *self, guint *left_out)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  *left_out = 0;
  switch (kb_service_order_form_get_source (self))
    {
    case KB_SERVICE_ACTIONS_SOURCE_CURRENT:
      if (current_subscriber (self) != NULL)
        g_strv_builder_add (builder, kb_subscriber_get_number (current_subscriber (self)));
      break;
    case KB_SERVICE_ACTIONS_SOURCE_SELECTION:
      if (self->subscribers != NULL)
        g_strv_builder_addv (builder, (const char **) ticked_numbers (self));
      break;
    case KB_SERVICE_ACTIONS_SOURCE_LIST:
    default:
      {
        g_autoptr(GPtrArray) rows = kb_list_import_get_rows (self->list_import);

        for (guint i = 0; i < rows->len; i++)
          g_strv_builder_add (builder, kb_list_import_row_get_number (g_ptr_array_index (rows, i)));
        *left_out = kb_list_import_get_n_problems (self->list_import);
      }
      break;
    }
  return g_strv_builder_end (builder);
}

static void
update_sources (KbServiceOrderForm *self)
{
  KbSubscriber *current = current_subscriber (self);
  const char * const *selection = ticked_numbers (self);
  guint n_selected = selection != NULL ? g_strv_length ((GStrv) selection) : 0;
  g_autofree char *selection_text = NULL;

  if (current != NULL)
    {
      g_autofree char *number =
        kb_phone_number_format_canonical (kb_subscriber_get_number (current));
      g_autofree char *text = g_strdup_printf ("%s — %s", number, kb_subscriber_get_name (current));

      adw_action_row_set_subtitle (self->current_row, text);
    }
  else
    adw_action_row_set_subtitle (self->current_row,
                                 _("No subscriber is chosen. Choose one in Subscriber Selection."));

  if (n_selected > 0)
    {
      g_autofree char *count = kb_service_actions_format_count (n_selected);

      selection_text = g_strdup_printf (ngettext ("%s subscriber ticked", "%s subscribers ticked", n_selected),
                                        count);
    }
  else
    selection_text = g_strdup (_("None ticked. Tick subscribers in Subscriber Selection."));
  adw_action_row_set_subtitle (self->selection_row, selection_text);

  gtk_revealer_set_reveal_child (self->list_revealer,
                                 kb_service_order_form_get_source (self) == KB_SERVICE_ACTIONS_SOURCE_LIST);
}

static void
update (KbServiceOrderForm *self)
{
  g_auto(GStrv) numbers = NULL;
  guint left_out;
  guint n;

  update_sources (self);

  numbers = collect_numbers (self, &left_out);
  n = g_strv_length (numbers);
  if (n > 0)
    {
      g_autofree char *count = kb_service_actions_format_count (n);
      g_autofree char *text = g_strdup_printf (ngettext ("The order is for %s subscriber.",
                                                         "The order is for %s subscribers.", n), count);

      gtk_label_set_text (self->count_label, text);
    }
  else
    gtk_label_set_text (self->count_label, _("No subscribers are chosen yet."));

  gtk_widget_set_sensitive (self->apply_button,
                            !self->sending && n > 0 && chosen_service (self) != NULL &&
                            !kb_list_import_get_busy (self->list_import));
}

static void
on_service_row_notify_selected (KbServiceOrderForm *self)
{
  update (self);
}

static void
on_action_button_toggled (KbServiceOrderForm *self)
{
  update (self);
}

static void
on_source_check_toggled (KbServiceOrderForm *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->submit_error_label), FALSE);
  update (self);
}

static void
on_choose_button_clicked (KbServiceOrderForm *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-section", "s", "subscribers");
}

/* Ticking subscribers in Subscriber Selection (and its button that opens
 * this section) makes them the source of the next order. */
static void
on_subscribers_notify_selection (KbServiceOrderForm *self)
{
  const char * const *selection = ticked_numbers (self);

  if (selection != NULL && selection[0] != NULL)
    gtk_check_button_set_active (self->selection_check, TRUE);
  update (self);
}

/* The catalogue */

/* The price of @service, for the second line of its item in the picker. */
static char *
fee_text (KbService *service)
{
  g_autofree char *fee = NULL;

  if (kb_service_get_monthly_fee (service) == 0)
    /* TRANSLATORS: the monthly fee of a service that costs nothing */
    return g_strdup (_("Free"));
  fee = kb_money_format (kb_service_get_monthly_fee (service), kb_service_get_currency (service));
  /* TRANSLATORS: the monthly fee of a service of the catalogue */
  return g_strdup_printf (_("%s a month"), fee);
}

/* The picker's items. AdwComboRow's own are cut after 20 characters, and
 * two services that differ at the end of the name or in the price looked
 * the same: each item shows the whole name, and under it the price, with a
 * check mark on the one chosen. The row's subtitle shows that one whole. */
static void
on_service_item_setup (GtkSignalListItemFactory *factory, GtkListItem *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *lines = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *fee = gtk_label_new (NULL);
  GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_wrap (GTK_LABEL (name), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (name), 40);
  gtk_label_set_xalign (GTK_LABEL (fee), 0);
  gtk_widget_add_css_class (fee, "dim-label");
  gtk_widget_add_css_class (fee, "caption");
  gtk_widget_set_hexpand (lines, TRUE);
  gtk_box_append (GTK_BOX (lines), name);
  gtk_box_append (GTK_BOX (lines), fee);
  gtk_box_append (GTK_BOX (box), lines);
  gtk_box_append (GTK_BOX (box), check);
  gtk_list_item_set_child (item, box);
}

static void
update_service_item_check (GtkListItem *item, GParamSpec *pspec, AdwComboRow *row)
{
  GtkWidget *check = gtk_widget_get_last_child (gtk_list_item_get_child (item));

  gtk_widget_set_opacity (check, adw_combo_row_get_selected (row) == gtk_list_item_get_position (item));
}

static void
on_service_item_bind (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      KbServiceOrderForm       *self)
{
  guint position = gtk_list_item_get_position (item);
  GtkWidget *lines = gtk_widget_get_first_child (gtk_list_item_get_child (item));
  KbService *service;
  g_autofree char *fee = NULL;
  g_autofree char *text = NULL;

  if (position >= self->catalog->len)
    return;
  service = g_ptr_array_index (self->catalog, position);
  fee = fee_text (service);
  gtk_label_set_text (GTK_LABEL (gtk_widget_get_first_child (lines)), kb_service_get_name (service));
  gtk_label_set_text (GTK_LABEL (gtk_widget_get_last_child (lines)), fee);
  text = g_strdup_printf ("%s, %s", kb_service_get_name (service), fee);
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_list_item_get_child (item)),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  g_signal_connect_object (self->service_row, "notify::selected",
                           G_CALLBACK (update_service_item_check), item, G_CONNECT_SWAPPED);
  update_service_item_check (item, NULL, self->service_row);
}

static void
on_service_item_unbind (GtkSignalListItemFactory *factory,
                        GtkListItem              *item,
                        KbServiceOrderForm       *self)
{
  g_signal_handlers_disconnect_by_func (self->service_row, update_service_item_check, item);
}

static void
on_services_items_changed (KbServiceOrderForm *self)
{
  GListModel *services = kb_service_orders_get_services (self->service_orders);
  KbService *was = chosen_service (self);
  g_autofree char *was_code = g_strdup (was != NULL ? kb_service_get_code (was) : NULL);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint n = g_list_model_get_n_items (services);
  guint selected = 0;

  g_ptr_array_set_size (self->catalog, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KbService) service = g_list_model_get_item (services, i);
      g_autofree char *fee = kb_money_format (kb_service_get_monthly_fee (service),
                                              kb_service_get_currency (service));
      g_autofree char *text = NULL;

      if (kb_service_get_monthly_fee (service) == 0)
        /* TRANSLATORS: a service of the catalogue that costs nothing a month */
        text = g_strdup_printf (_("%s — free"), kb_service_get_name (service));
      else
        /* TRANSLATORS: a service of the catalogue and its monthly fee */
        text = g_strdup_printf (_("%s — %s a month"), kb_service_get_name (service), fee);
      gtk_string_list_append (names, text);
      if (g_strcmp0 (was_code, kb_service_get_code (service)) == 0)
        selected = i;
      g_ptr_array_add (self->catalog, g_object_ref (service));
    }
  adw_combo_row_set_model (self->service_row, G_LIST_MODEL (names));
  if (n > 0)
    adw_combo_row_set_selected (self->service_row, selected);
  update (self);
}

/* Sending */

static char *
submit_error_text (const GError *error)
{
  if (g_error_matches (error, KB_API_ERROR, KB_API_ERROR_SERVER))
    return g_strdup (_("The order was not sent: the server had a problem. Your choice is kept; send it again a little later."));
  if (kb_api_error_is_unreachable (error))
    return g_strdup (_("The order was not sent: the server could not be reached. Your choice is kept; send it again when the connection is back."));
  if (g_error_matches (error, KB_API_ERROR, KB_API_ERROR_PAYLOAD_TOO_LARGE))
    return g_strdup (_("The order was not sent: the list is too large for the server. Split it into smaller lists of up to 100 000 numbers."));
  if (g_error_matches (error, KB_API_ERROR, KB_API_ERROR_INVALID_REQUEST))
    return g_strdup (_("The server did not accept the order. Check the service and the list, and send it again."));
  /* TRANSLATORS: %s says why */
  return g_strdup_printf (_("The order was not sent: %s"), error->message);
}

void
kb_service_order_form_finish_sending (KbServiceOrderForm *self, const GError *error)
{
  g_return_if_fail (KB_IS_SERVICE_ORDER_FORM (self));

  self->sending = FALSE;
  gtk_widget_set_visible (self->submit_spinner, FALSE);
  update (self);
  if (error != NULL)
    {
      g_autofree char *text = submit_error_text (error);

      gtk_label_set_text (self->submit_error_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->submit_error_label), TRUE);
    }
}

static void
on_confirmation_response (KbServiceOrderConfirmation *confirmation, const char *response,
                          KbServiceOrderForm *self)
{
  if (g_strcmp0 (response, "send") != 0 || self->sending)
    return;

  self->sending = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->submit_error_label), FALSE);
  gtk_widget_set_visible (self->submit_spinner, TRUE);
  update (self);
  g_signal_emit (self, signals[SIGNAL_SEND], 0, kb_service_order_confirmation_get_action (confirmation),
                 kb_service_order_confirmation_get_service (confirmation),
                 kb_service_order_confirmation_get_numbers (confirmation));
}

static void
on_apply_button_clicked (KbServiceOrderForm *self)
{
  KbService *service = chosen_service (self);
  g_auto(GStrv) numbers = NULL;
  GtkWidget *confirmation;
  guint left_out;

  if (service == NULL || self->sending)
    return;
  numbers = collect_numbers (self, &left_out);
  if (numbers[0] == NULL)
    return;

  confirmation = kb_service_order_confirmation_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                    service, chosen_action (self),
                                                    (const char * const *) numbers, left_out);
  g_signal_connect_object (confirmation, "response", G_CALLBACK (on_confirmation_response), self, 0);
  gtk_window_present (GTK_WINDOW (confirmation));
}

/* Life */

void
kb_service_order_form_set_service_orders (KbServiceOrderForm *self, KbServiceOrders *service_orders)
{
  g_return_if_fail (KB_IS_SERVICE_ORDER_FORM (self));
  g_return_if_fail (service_orders == NULL || KB_IS_SERVICE_ORDERS (service_orders));

  if (self->service_orders == service_orders)
    return;
  if (self->service_orders != NULL)
    g_signal_handlers_disconnect_by_data (kb_service_orders_get_services (self->service_orders), self);
  g_set_object (&self->service_orders, service_orders);
  if (service_orders != NULL)
    {
      g_signal_connect_object (kb_service_orders_get_services (service_orders), "items-changed",
                               G_CALLBACK (on_services_items_changed), self, G_CONNECT_SWAPPED);
      on_services_items_changed (self);
    }
}

void
kb_service_order_form_set_subscribers (KbServiceOrderForm *self, KbSubscribers *subscribers)
{
  g_return_if_fail (KB_IS_SERVICE_ORDER_FORM (self));
  g_return_if_fail (subscribers == NULL || KB_IS_SUBSCRIBERS (subscribers));

  if (self->subscribers == subscribers)
    return;
  if (self->subscribers != NULL)
    g_signal_handlers_disconnect_by_data (self->subscribers, self);
  g_set_object (&self->subscribers, subscribers);
  kb_list_import_set_subscribers (self->list_import, subscribers);
  if (subscribers != NULL)
    {
      g_signal_connect_object (subscribers, "notify::current-subscriber", G_CALLBACK (update), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (subscribers, "notify::selection", G_CALLBACK (on_subscribers_notify_selection),
                               self, G_CONNECT_SWAPPED);
    }
  on_subscribers_notify_selection (self);
}

GtkWidget *
kb_service_order_form_new (void)
{
  return g_object_new (KB_TYPE_SERVICE_ORDER_FORM, NULL);
}

static void
kb_service_order_form_dispose (GObject *object)
{
  KbServiceOrderForm *self = KB_SERVICE_ORDER_FORM (object);

  /* The handlers connected with g_signal_connect_object() go only at the
   * end of the dispose chain; a signal from the session's objects before
   * then would reach template children already gone. */
  if (self->service_orders != NULL)
    g_signal_handlers_disconnect_by_data (kb_service_orders_get_services (self->service_orders), self);
  if (self->subscribers != NULL)
    g_signal_handlers_disconnect_by_data (self->subscribers, self);
  if (self->list_import != NULL)
    g_signal_handlers_disconnect_by_data (self->list_import, self);
  self->list_import = NULL;  /* Inside the template, which goes next. */
  gtk_widget_dispose_template (GTK_WIDGET (self), KB_TYPE_SERVICE_ORDER_FORM);
  g_clear_object (&self->service_orders);
  g_clear_object (&self->subscribers);
  g_clear_pointer (&self->catalog, g_ptr_array_unref);

  G_OBJECT_CLASS (kb_service_order_form_parent_class)->dispose (object);
}

static void
kb_service_order_form_class_init (KbServiceOrderFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kb_service_order_form_dispose;

  /* The user confirmed the order: the action (a KbServiceAction), the
   * KbService and the numbers. The form shows that it is sending until
   * kb_service_order_form_finish_sending(). */
  signals[SIGNAL_SEND] = g_signal_new ("send", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                       NULL, G_TYPE_NONE, 3, G_TYPE_INT, KB_TYPE_SERVICE, G_TYPE_STRV);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/sections/service-actions/kb-service-order-form.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, KbServiceOrderForm, name)
  BIND (service_row);
  BIND (remove_button);
  BIND (current_row);
  BIND (selection_row);
  BIND (selection_check);
  BIND (list_check);
  BIND (list_revealer);
  BIND (list_box);
  BIND (apply_button);
  BIND (submit_spinner);
  BIND (count_label);
  BIND (submit_error_label);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_service_row_notify_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_action_button_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_source_check_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_button_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_apply_button_clicked);
}

static void
kb_service_order_form_init (KbServiceOrderForm *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  kb_spinner_spin_while_mapped (GTK_WIDGET (self));

  g_signal_connect (factory, "setup", G_CALLBACK (on_service_item_setup), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_service_item_bind), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_service_item_unbind), self);
  adw_combo_row_set_list_factory (self->service_row, factory);

  self->catalog = g_ptr_array_new_with_free_func (g_object_unref);
  self->list_import = KB_LIST_IMPORT (kb_list_import_new (KB_SUBSCRIBER_LIST_NUMBERS));
  gtk_box_append (self->list_box, GTK_WIDGET (self->list_import));
  g_signal_connect_object (self->list_import, "notify::n-rows", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list_import, "notify::n-valid", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list_import, "notify::busy", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
}
