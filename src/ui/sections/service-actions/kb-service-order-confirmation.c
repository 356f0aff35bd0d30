/* kb-service-order-confirmation.c — the question before a service order is sent.
 *
 * Says what is about to be sent and to how many subscribers, how many rows
 * of a list are left out, and what the service costs, in the plural forms
 * of the user's language; it keeps the order's service, action and
 * numbers for whoever answers its "send" response.
 */
#include "config.h"

#include "kb-service-order-confirmation.h"

#include <glib/gi18n.h>

#include "kb-form.h"
#include "kb-money.h"
#include "kb-service-actions-format.h"

struct _KbServiceOrderConfirmation
{
  AdwMessageDialog parent_instance;

  KbService *service;
  KbServiceAction action;
  GStrv numbers;
};

G_DEFINE_FINAL_TYPE (KbServiceOrderConfirmation, kb_service_order_confirmation, ADW_TYPE_MESSAGE_DIALOG)

static char *
heading_text (KbService *service, KbServiceAction action, guint n)
{
  g_autofree char *count = kb_service_actions_format_count (n);

  if (action == KB_SERVICE_ACTION_ADD)
    /* TRANSLATORS: the confirmation before an order; the service, then how many subscribers */
    return g_strdup_printf (ngettext ("Add “%s” for %s subscriber?", "Add “%s” for %s subscribers?", n),
                            kb_service_get_name (service), count);
  /* TRANSLATORS: the confirmation before an order; the service, then how many subscribers */
  return g_strdup_printf (ngettext ("Remove “%s” for %s subscriber?", "Remove “%s” for %s subscribers?", n),
                          kb_service_get_name (service), count);
}

static char *
body_text (KbService *service, KbServiceAction action, guint n, guint left_out)
{
  g_autofree char *count = kb_service_actions_format_count (n);
  g_autoptr(GString) body = g_string_new (NULL);

  g_string_append_printf (body, ngettext ("The order has %s subscriber.", "The order has %s subscribers.", n),
                          count);
  if (left_out > 0)
    {
      g_autofree char *left = kb_service_actions_format_count (left_out);

      g_string_append_c (body, ' ');
      g_string_append_printf (body, ngettext ("%s row with a problem is left out.",
                                              "%s rows with problems are left out.", left_out), left);
    }
  if (action == KB_SERVICE_ACTION_ADD && kb_service_get_monthly_fee (service) > 0)
    {
      g_autofree char *fee = kb_money_format (kb_service_get_monthly_fee (service),
                                              kb_service_get_currency (service));

      g_string_append_c (body, ' ');
      /* TRANSLATORS: %s is the monthly fee */
      g_string_append_printf (body, _("The service costs %s a month for each subscriber."), fee);
    }
  g_string_append_c (body, ' ');
  g_string_append (body, _("The result for each subscriber is shown right after sending."));
  return g_string_free (g_steal_pointer (&body), FALSE);
}

GtkWidget *
kb_service_order_confirmation_new (GtkWindow *parent, KbService *service, KbServiceAction action,
                                   const char * const *numbers, guint left_out)
{
  KbServiceOrderConfirmation *self;
  AdwMessageDialog *dialog;
  gboolean adding = action == KB_SERVICE_ACTION_ADD;
  guint n;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;

  g_return_val_if_fail (KB_IS_SERVICE (service), NULL);
  g_return_val_if_fail (numbers != NULL, NULL);

  n = g_strv_length ((GStrv) numbers);
  heading = heading_text (service, action, n);
  body = body_text (service, action, n, left_out);
  self = g_object_new (KB_TYPE_SERVICE_ORDER_CONFIRMATION,
                       "transient-for", parent,
                       "heading", heading,
                       "body", body,
                       NULL);
  self->service = g_object_ref (service);
  self->action = action;
  self->numbers = g_strdupv ((GStrv) numbers);

  dialog = ADW_MESSAGE_DIALOG (self);
  kb_form_add_confirm_responses (dialog, "send", adding ? _("_Add Service") : _("_Remove Service"),
                                 adding ? ADW_RESPONSE_SUGGESTED : ADW_RESPONSE_DESTRUCTIVE);
  return GTK_WIDGET (self);
}

KbService *
kb_service_order_confirmation_get_service (KbServiceOrderConfirmation *self)
{
  g_return_val_if_fail (KB_IS_SERVICE_ORDER_CONFIRMATION (self), NULL);
  return self->service;
}

KbServiceAction
kb_service_order_confirmation_get_action (KbServiceOrderConfirmation *self)
{
  g_return_val_if_fail (KB_IS_SERVICE_ORDER_CONFIRMATION (self), KB_SERVICE_ACTION_ADD);
  return self->action;
}

const char * const *
kb_service_order_confirmation_get_numbers (KbServiceOrderConfirmation *self)
{
  g_return_val_if_fail (KB_IS_SERVICE_ORDER_CONFIRMATION (self), NULL);
  return (const char * const *) self->numbers;
}

static void
kb_service_order_confirmation_finalize (GObject *object)
{
  KbServiceOrderConfirmation *self = KB_SERVICE_ORDER_CONFIRMATION (object);

  g_clear_object (&self->service);
  g_clear_pointer (&self->numbers, g_strfreev);

  G_OBJECT_CLASS (kb_service_order_confirmation_parent_class)->finalize (object);
}

static void
kb_service_order_confirmation_class_init (KbServiceOrderConfirmationClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kb_service_order_confirmation_finalize;
}

static void
kb_service_order_confirmation_init (KbServiceOrderConfirmation *self)
{
}
