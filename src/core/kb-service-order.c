/* kb-service-order.c — one request to add or remove a service for a list of subscribers.
 *
 * The counts and the status come from the server; the status follows from
 * the counts (done when nothing was rejected, rejected when nothing was
 * accepted, partial otherwise), as the contract defines it. The results of
 * each row (KbServiceResult) are there when the order was just sent or was
 * opened from the history, and NULL in a plain history list.
 */
#include "config.h"

#include "kb-service-order.h"

#include <glib/gi18n-lib.h>

struct _KbServiceOrder
{
  GObject parent_instance;

  char *id;
  KbServiceAction action;
  char *service;
  char *service_name;
  gint64 created_at;
  guint total;
  guint accepted;
  guint rejected;
  GPtrArray *results;
};

G_DEFINE_FINAL_TYPE (KbServiceOrder, kb_service_order, G_TYPE_OBJECT)

static void
kb_service_order_finalize (GObject *object)
{
  KbServiceOrder *self = KB_SERVICE_ORDER (object);

  g_free (self->id);
  g_free (self->service);
  g_free (self->service_name);
  g_clear_pointer (&self->results, g_ptr_array_unref);

  G_OBJECT_CLASS (kb_service_order_parent_class)->finalize (object);
}

static void
kb_service_order_class_init (KbServiceOrderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kb_service_order_finalize;
}

static void
kb_service_order_init (KbServiceOrder *self)
{
}

KbServiceOrder *
kb_service_order_new (const KbServiceOrderFields *fields)
{
  KbServiceOrder *self = g_object_new (KB_TYPE_SERVICE_ORDER, NULL);

  self->id = g_strdup (fields->id);
  self->action = fields->action;
  self->service = g_strdup (fields->service);
  self->service_name = g_strdup (fields->service_name != NULL ? fields->service_name
                                                              : fields->service);
  self->created_at = fields->created_at;
  self->total = fields->total;
  self->accepted = fields->accepted;
  self->rejected = fields->rejected;
  return self;
}

const char *
kb_service_order_get_id (KbServiceOrder *self)
{
  g_return_val_if_fail (KB_IS_SERVICE_ORDER (self), NULL);
  return self->id;
}

KbServiceAction
kb_service_order_get_action (KbServiceOrder *self)
{
  g_return_val_if_fail (KB_IS_SERVICE_ORDER (self), KB_SERVICE_ACTION_ADD);
  return self->action;
}

const char *
kb_service_order_get_service (KbServiceOrder *self)
{
  g_return_val_if_fail (KB_IS_SERVICE_ORDER (self), NULL);
  return self->service;
}

const char *
kb_service_order_get_service_name (KbServiceOrder *self)
{
  g_return_val_if_fail (KB_IS_SERVICE_ORDER (self), NULL);
  return self->service_name;
}

gint64
kb_service_order_get_created_at (KbServiceOrder *self)
{
  g_return_val_if_fail (KB_IS_SERVICE_ORDER (self), 0);
  return self->created_at;
}

guint
kb_service_order_get_total (KbServiceOrder *self)
{
  g_return_val_if_fail (KB_IS_SERVICE_ORDER (self), 0);
  return self->total;
}

guint
kb_service_order_get_accepted (KbServiceOrder *self)
{
  g_return_val_if_fail (KB_IS_SERVICE_ORDER (self), 0);
  return self->accepted;
}

guint
kb_service_order_get_rejected (KbServiceOrder *self)
{
  g_return_val_if_fail (KB_IS_SERVICE_ORDER (self), 0);
  return self->rejected;
}

KbServiceOrderStatus
kb_service_order_get_status (KbServiceOrder *self)
{
  g_return_val_if_fail (KB_IS_SERVICE_ORDER (self), KB_SERVICE_ORDER_STATUS_REJECTED);
  return kb_service_order_status_from_counts (self->accepted, self->rejected);
}

/* The contract's rule, which the reference server also applies: done when
 * no row was rejected, rejected when none was accepted, partial otherwise. */
KbServiceOrderStatus
kb_service_order_status_from_counts (guint accepted, guint rejected)
{
  if (rejected == 0)
    return KB_SERVICE_ORDER_STATUS_DONE;
  if (accepted == 0)
    return KB_SERVICE_ORDER_STATUS_REJECTED;
  return KB_SERVICE_ORDER_STATUS_PARTIAL;
}

/* Returns: (transfer none) (nullable): the KbServiceResult of each row, in
 * row order, or %NULL when they are not known here. */
GPtrArray *
kb_service_order_get_results (KbServiceOrder *self)
{
  g_return_val_if_fail (KB_IS_SERVICE_ORDER (self), NULL);
  return self->results;
}

void
kb_service_order_set_results (KbServiceOrder *self, GPtrArray *results)
{
  g_return_if_fail (KB_IS_SERVICE_ORDER (self));
  if (results != NULL)
    g_ptr_array_ref (results);
  g_clear_pointer (&self->results, g_ptr_array_unref);
  self->results = results;
}

const char *
kb_service_action_to_display (KbServiceAction action)
{
  return action == KB_SERVICE_ACTION_ADD ? _("Adding") : _("Removal");
}

const char *
kb_service_order_status_to_display (KbServiceOrderStatus status)
{
  switch (status)
    {
    case KB_SERVICE_ORDER_STATUS_DONE: return C_("order status", "Done");
    case KB_SERVICE_ORDER_STATUS_PARTIAL: return C_("order status", "Partially done");
    case KB_SERVICE_ORDER_STATUS_REJECTED:
    default: return C_("order status", "Rejected");
    }
}
