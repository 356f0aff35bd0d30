/* kb-subscriber-details.c — the current subscriber's details: tariff, status, services and
 * installments.
 *
 * Subscriber Selection's side pane. It shows KbSubscribers' current
 * subscriber — the one Rename and Service Actions work with — at once from
 * what the list has, then its services and installments as the server
 * sends them, each group with a spinner until then or the reason it could
 * not be fetched and a button to ask again. Whenever the current subscriber
 * has no services (a rename or a refresh puts the list's copy in its place,
 * and the list has none), the pane asks for them: a spinner is never left
 * without a request that ends it.
 */
#include "config.h"

#include "kb-subscriber-details.h"

#include <glib/gi18n.h>

#include "kb-api-subscribers.h"
#include "kb-format.h"
#include "kb-money.h"
#include "kb-phone-number.h"

struct _KbSubscriberDetails
{
  AdwBin parent_instance;

  GtkStack *stack;
  GtkBox *box;                    /* (nullable): until a subscriber is first shown */

  KbSubscribers *subscribers;
  GCancellable *details_cancellable;
  char *details_id;               /* whose details are being fetched, or NULL */
  GCancellable *installments_cancellable;
  AdwPreferencesGroup *services_group;
  AdwPreferencesGroup *installments_group;
};

G_DEFINE_FINAL_TYPE (KbSubscriberDetails, kb_subscriber_details, ADW_TYPE_BIN)

/* ---- Rows -------------------------------------------------------------- */

static GtkWidget *
value_row (const char *title, const char *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value != NULL && *value != '\0' ? value : "—");
  gtk_widget_add_css_class (row, "property");
  return row;
}

static GtkWidget *
note_row (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "dim-label");
  return label;
}

static GtkWidget *
loading_row (void)
{
  GtkWidget *spinner = gtk_spinner_new ();

  gtk_spinner_start (GTK_SPINNER (spinner));
  gtk_widget_set_halign (spinner, GTK_ALIGN_START);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spinner), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Loading"), -1);
  return spinner;
}

static GtkWidget *
group_new (const char *title)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  return group;
}

static GtkWidget *
installment_row (KbApiInstallment *installment)
{
  g_autofree char *monthly = kb_money_format (installment->monthly_minor, installment->currency);
  g_autofree char *remaining = kb_money_format (installment->remaining_minor,
                                                installment->currency);
  g_autofree char *payoff = NULL;
  g_autofree char *subtitle = NULL;
  GDate date;
  GtkWidget *row = adw_action_row_new ();

  g_date_clear (&date, 1);
  g_date_set_parse (&date, installment->payoff_on);
  payoff = g_date_valid (&date) ? kb_format_local_date (&date) : g_strdup (installment->payoff_on);
  /* TRANSLATORS: an installment: the monthly payment, how many are left,
   * what remains to pay and when it is paid off */
  subtitle = g_strdup_printf (ngettext ("%s a month, %u payment left (%s), paid off on %s",
                                        "%s a month, %u payments left (%s), paid off on %s",
                                        (gulong) installment->payments_left),
                              monthly, (guint) installment->payments_left, remaining, payoff);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), installment->equipment);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

/* The reason a group could not be fetched, and a button that asks again. */
static GtkWidget *
error_row (const char *message, GCallback retry, gpointer user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = note_row (message);
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Retry"));

  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_signal_connect_swapped (button, "clicked", retry, user_data);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), button);
  return box;
}

static void on_services_retry_clicked (KbSubscriberDetails *self);
static void on_installments_retry_clicked (KbSubscriberDetails *self);

/* ---- Groups ------------------------------------------------------------ */

static void
clear (KbSubscriberDetails *self)
{
  GtkWidget *child;

  if (self->box == NULL)
    return;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->box))) != NULL)
    gtk_box_remove (self->box, child);
  self->services_group = NULL;
  self->installments_group = NULL;
}

/* Puts @group where the services go: after the subscriber, before the installments. */
static void
replace_services (KbSubscriberDetails *self, GtkWidget *group)
{
  GtkWidget *installments = GTK_WIDGET (self->installments_group);

  if (self->services_group != NULL)
    gtk_box_remove (self->box, GTK_WIDGET (self->services_group));
  if (installments != NULL)
    gtk_box_insert_child_after (self->box, group, gtk_widget_get_prev_sibling (installments));
  else
    gtk_box_append (self->box, group);
  self->services_group = ADW_PREFERENCES_GROUP (group);
}

static void
fill_services (KbSubscriberDetails *self, KbSubscriber *subscriber)
{
  const char * const *services = kb_subscriber_get_services (subscriber);
  GtkWidget *group = group_new (_("Additional Services"));

  if (services == NULL)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), loading_row ());
  else if (services[0] == NULL)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               note_row (_("No additional services are on.")));
  else
    for (guint i = 0; services[i] != NULL; i++)
      {
        GtkWidget *row = adw_action_row_new ();

        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), services[i]);
        adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
      }
  replace_services (self, group);
}

static void
fill_installments (KbSubscriberDetails *self, GPtrArray *installments, const GError *error)
{
  GtkWidget *group = group_new (_("Installments"));

  if (error != NULL)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               error_row (error->message, G_CALLBACK (on_installments_retry_clicked),
                                          self));
  else if (installments == NULL)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), loading_row ());
  else if (installments->len == 0)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               note_row (_("No equipment bought in installments.")));
  else
    for (guint i = 0; i < installments->len; i++)
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                                 installment_row (installments->pdata[i]));
  if (self->installments_group != NULL)
    gtk_box_remove (self->box, GTK_WIDGET (self->installments_group));
  gtk_box_append (self->box, group);
  self->installments_group = ADW_PREFERENCES_GROUP (group);
}

/* The details' view, made when a subscriber is first shown: a start shows
 * "No Subscriber Chosen", and GTK would build and style it all the same. */
static void
ensure_details_view (KbSubscriberDetails *self)
{
  GtkWidget *scrolled;

  if (self->box != NULL)
    return;
  self->box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 18));
  gtk_widget_set_margin_start (GTK_WIDGET (self->box), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->box), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (self->box), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->box), 12);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->box));
  gtk_stack_add_named (self->stack, scrolled, "details");
}

static void
show_subscriber (KbSubscriberDetails *self, KbSubscriber *subscriber)
{
  AdwPreferencesGroup *group;
  g_autofree char *number = NULL;

  clear (self);
  if (subscriber == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }

  ensure_details_view (self);
  number = kb_phone_number_format (kb_subscriber_get_number (subscriber));
  group = ADW_PREFERENCES_GROUP (group_new (_("Current Subscriber")));
  adw_preferences_group_add (group, value_row (_("Number"), number));
  adw_preferences_group_add (group, value_row (C_("subscriber", "Name"),
                                               kb_subscriber_get_name (subscriber)));
  adw_preferences_group_add (group, value_row (_("Tariff"), kb_subscriber_get_tariff (subscriber)));
  adw_preferences_group_add (group, value_row (_("Status"), kb_subscriber_status_to_display (
                                                 kb_subscriber_get_status (subscriber))));
  if (kb_subscriber_get_pending_name (subscriber) != NULL)
    {
      GDateTime *at = kb_subscriber_get_pending_at (subscriber);
      g_autofree char *when = at != NULL ? kb_format_local_date_time (at) : NULL;
      /* TRANSLATORS: a rename waiting to take effect: the new name and when */
      g_autofree char *text = g_strdup_printf (_("%s (from %s)"),
                                               kb_subscriber_get_pending_name (subscriber),
                                               when != NULL ? when : "—");

      adw_preferences_group_add (group, value_row (_("New name"), text));
    }
  gtk_box_append (self->box, GTK_WIDGET (group));
  fill_services (self, subscriber);
  gtk_stack_set_visible_child_name (self->stack, "details");
}

/* ---- Fetching ---------------------------------------------------------- */

static void
on_details_ready (GObject *source, GAsyncResult *result, gpointer user_data)
{
  KbSubscriberDetails *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(KbSubscriber) details = NULL;

  details = kb_subscribers_fetch_details_finish (KB_SUBSCRIBERS (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = KB_SUBSCRIBER_DETAILS (user_data);
  g_clear_pointer (&self->details_id, g_free);
  /* Otherwise KbSubscribers made it the current subscriber; the notify redraws. */
  if (details == NULL && self->services_group != NULL)
    {
      GtkWidget *group = group_new (_("Additional Services"));

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                                 error_row (error->message, G_CALLBACK (on_services_retry_clicked),
                                            self));
      replace_services (self, group);
    }
}

static void
on_installments_ready (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) installments = NULL;

  installments = kb_subscribers_fetch_installments_finish (KB_SUBSCRIBERS (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  fill_installments (KB_SUBSCRIBER_DETAILS (user_data), installments, error);
}

/* Asks for @subscriber's details (its services), unless that is being asked already. */
static void
fetch_details (KbSubscriberDetails *self, KbSubscriber *subscriber)
{
  const char *id = kb_subscriber_get_id (subscriber);

  if (g_strcmp0 (self->details_id, id) == 0)
    return;
  g_cancellable_cancel (self->details_cancellable);
  g_clear_object (&self->details_cancellable);
  self->details_cancellable = g_cancellable_new ();
  g_free (self->details_id);
  self->details_id = g_strdup (id);
  kb_subscribers_fetch_details_async (self->subscribers, id, self->details_cancellable,
                                      on_details_ready, self);
}

static void
fetch_installments (KbSubscriberDetails *self, KbSubscriber *subscriber)
{
  g_cancellable_cancel (self->installments_cancellable);
  g_clear_object (&self->installments_cancellable);
  self->installments_cancellable = g_cancellable_new ();
  fill_installments (self, NULL, NULL);
  kb_subscribers_fetch_installments_async (self->subscribers, kb_subscriber_get_id (subscriber),
                                           self->installments_cancellable, on_installments_ready,
                                           self);
}

static void
fetch (KbSubscriberDetails *self, KbSubscriber *subscriber)
{
  fetch_details (self, subscriber);
  fetch_installments (self, subscriber);
}

static void
on_services_retry_clicked (KbSubscriberDetails *self)
{
  KbSubscriber *current = kb_subscribers_get_current (self->subscribers);

  if (current == NULL)
    return;
  fill_services (self, current);
  fetch_details (self, current);
}

static void
on_installments_retry_clicked (KbSubscriberDetails *self)
{
  KbSubscriber *current = kb_subscribers_get_current (self->subscribers);

  if (current != NULL)
    fetch_installments (self, current);
}

static void
on_current_changed (KbSubscriberDetails *self)
{
  KbSubscriber *current = kb_subscribers_get_current (self->subscribers);
  g_autoptr(GtkWidget) installments = NULL;

  /* The same subscriber with new details: keep the installments shown. */
  if (current == NULL || self->installments_group == NULL)
    show_subscriber (self, current);
  else
    {
      installments = g_object_ref (GTK_WIDGET (self->installments_group));
      gtk_box_remove (self->box, installments);
      self->installments_group = NULL;
      show_subscriber (self, current);
      gtk_box_append (self->box, installments);
      self->installments_group = ADW_PREFERENCES_GROUP (installments);
    }
  /* A copy without services (a rename's, a refresh's) shows a spinner: ask. */
  if (current != NULL && kb_subscriber_get_services (current) == NULL)
    fetch_details (self, current);
}

void
kb_subscriber_details_choose (KbSubscriberDetails *self, KbSubscriber *subscriber)
{
  KbSubscriber *current;

  g_return_if_fail (KB_IS_SUBSCRIBER_DETAILS (self));
  g_return_if_fail (KB_IS_SUBSCRIBER (subscriber));
  g_return_if_fail (self->subscribers != NULL);

  current = kb_subscribers_get_current (self->subscribers);
  if (current == NULL ||
      !g_str_equal (kb_subscriber_get_id (current), kb_subscriber_get_id (subscriber)))
    {
      /* Another subscriber: nothing of the last one stays. */
      clear (self);
      kb_subscribers_set_current (self->subscribers, subscriber);
    }
  fetch (self, subscriber);
}

void
kb_subscriber_details_set_subscribers (KbSubscriberDetails *self, KbSubscribers *subscribers)
{
  KbSubscriber *current;

  g_return_if_fail (KB_IS_SUBSCRIBER_DETAILS (self));
  g_return_if_fail (KB_IS_SUBSCRIBERS (subscribers));
  g_return_if_fail (self->subscribers == NULL);

  self->subscribers = g_object_ref (subscribers);
  g_signal_connect_object (subscribers, "notify::current-subscriber",
                           G_CALLBACK (on_current_changed), self, G_CONNECT_SWAPPED);
  current = kb_subscribers_get_current (subscribers);
  if (current != NULL)
    {
      show_subscriber (self, current);
      fetch (self, current);
    }
}

/* ---- Object ------------------------------------------------------------ */

static void
kb_subscriber_details_dispose (GObject *object)
{
  KbSubscriberDetails *self = KB_SUBSCRIBER_DETAILS (object);

  g_cancellable_cancel (self->details_cancellable);
  g_clear_object (&self->details_cancellable);
  g_clear_pointer (&self->details_id, g_free);
  g_cancellable_cancel (self->installments_cancellable);
  g_clear_object (&self->installments_cancellable);
  /* AdwBin would unparent its child again after the template did. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), KB_TYPE_SUBSCRIBER_DETAILS);
  self->services_group = NULL;
  self->installments_group = NULL;
  g_clear_object (&self->subscribers);

  G_OBJECT_CLASS (kb_subscriber_details_parent_class)->dispose (object);
}

static void
kb_subscriber_details_class_init (KbSubscriberDetailsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kb_subscriber_details_dispose;

  gtk_widget_class_set_template_from_resource (
    widget_class, RESOURCE_BASE "/ui/sections/subscribers/kb-subscriber-details.ui");
  gtk_widget_class_bind_template_child (widget_class, KbSubscriberDetails, stack);
}

static void
kb_subscriber_details_init (KbSubscriberDetails *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
