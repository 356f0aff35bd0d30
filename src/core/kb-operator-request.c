/* kb-operator-request.c — the operator's request for a deferred operation, with its number.
 *
 * A request is made by the server with the operation (a rename, a rename
 * batch, a service order, an invoice e-mailed, a change of invoice delivery,
 * a registered payment) and moved by the operator: accepted, maybe in
 * progress, then done, partially done or rejected. The same request object
 * lives as long as the list that shows it; a newer version from the server
 * is merged into it, so that whatever shows it follows "status".
 */
#include "config.h"

#include "kb-operator-request.h"

#include "kb-phone-number.h"

#include <glib/gi18n-lib.h>

struct _KbOperatorRequest
{
  GObject parent_instance;

  char *id;
  char *number;
  KbOperatorRequestKind kind;
  KbOperatorRequestStatus status;
  char *reason;
  char *subject;
  char *detail;
  guint count;
  guint rejected_count;
  char *target_type;
  char *target_id;
  gint64 created_at;
  gint64 updated_at;
  gint64 effective_at;
};

G_DEFINE_FINAL_TYPE (KbOperatorRequest, kb_operator_request, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATUS,
  PROP_UPDATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kb_operator_request_finalize (GObject *object)
{
  KbOperatorRequest *self = KB_OPERATOR_REQUEST (object);

  g_free (self->id);
  g_free (self->number);
  g_free (self->reason);
  g_free (self->subject);
  g_free (self->detail);
  g_free (self->target_type);
  g_free (self->target_id);

  G_OBJECT_CLASS (kb_operator_request_parent_class)->finalize (object);
}

static void
kb_operator_request_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KbOperatorRequest *self = KB_OPERATOR_REQUEST (object);

  switch (prop_id)
    {
    case PROP_STATUS: g_value_set_int (value, self->status); break;
    case PROP_UPDATED_AT: g_value_set_int64 (value, self->updated_at); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kb_operator_request_class_init (KbOperatorRequestClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kb_operator_request_finalize;
  object_class->get_property = kb_operator_request_get_property;

  properties[PROP_STATUS] =
    g_param_spec_int ("status", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UPDATED_AT] =
    g_param_spec_int64 ("updated-at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kb_operator_request_init (KbOperatorRequest *self)
{
}

KbOperatorRequest *
kb_operator_request_new (const KbOperatorRequestFields *fields)
{
  KbOperatorRequest *self = g_object_new (KB_TYPE_OPERATOR_REQUEST, NULL);

  g_return_val_if_fail (fields->id != NULL && fields->number != NULL, self);

  self->id = g_strdup (fields->id);
  self->number = g_strdup (fields->number);
  self->kind = fields->kind;
  self->status = fields->status;
  self->reason = g_strdup (fields->reason);
  self->subject = g_strdup (fields->subject != NULL ? fields->subject : "");
  self->detail = g_strdup (fields->detail);
  self->count = fields->count;
  self->rejected_count = fields->rejected_count;
  self->target_type = g_strdup (fields->target_type != NULL ? fields->target_type : "");
  self->target_id = g_strdup (fields->target_id != NULL ? fields->target_id : "");
  self->created_at = fields->created_at;
  self->updated_at = fields->updated_at;
  self->effective_at = fields->effective_at;
  return self;
}

/**
 * kb_operator_request_update:
 * @newer: the same request as the server gives it now
 *
 * Takes what may change from @newer: the status, its reason and times.
 * Returns: TRUE if the status changed.
 */
gboolean
kb_operator_request_update (KbOperatorRequest *self, KbOperatorRequest *newer)
{
  gboolean status_changed;

  g_return_val_if_fail (KB_IS_OPERATOR_REQUEST (self), FALSE);
  g_return_val_if_fail (KB_IS_OPERATOR_REQUEST (newer), FALSE);

  status_changed = self->status != newer->status;
  g_free (self->reason);
  self->reason = g_strdup (newer->reason);
  self->effective_at = newer->effective_at;
  self->rejected_count = newer->rejected_count;
  self->status = newer->status;
  if (self->updated_at != newer->updated_at)
    {
      self->updated_at = newer->updated_at;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED_AT]);
    }
  if (status_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
  return status_changed;
}

const char *
kb_operator_request_get_id (KbOperatorRequest *self)
{
  return self->id;
}

const char *
kb_operator_request_get_number (KbOperatorRequest *self)
{
  return self->number;
}

KbOperatorRequestKind
kb_operator_request_get_kind (KbOperatorRequest *self)
{
  return self->kind;
}

KbOperatorRequestStatus
kb_operator_request_get_status (KbOperatorRequest *self)
{
  return self->status;
}

const char *
kb_operator_request_get_reason (KbOperatorRequest *self)
{
  return self->reason;
}

const char *
kb_operator_request_get_subject (KbOperatorRequest *self)
{
  return self->subject;
}

const char *
kb_operator_request_get_detail (KbOperatorRequest *self)
{
  return self->detail;
}

guint
kb_operator_request_get_count (KbOperatorRequest *self)
{
  return self->count;
}

guint
kb_operator_request_get_rejected_count (KbOperatorRequest *self)
{
  return self->rejected_count;
}

const char *
kb_operator_request_get_target_type (KbOperatorRequest *self)
{
  return self->target_type;
}

const char *
kb_operator_request_get_target_id (KbOperatorRequest *self)
{
  return self->target_id;
}

gint64
kb_operator_request_get_created_at (KbOperatorRequest *self)
{
  return self->created_at;
}

gint64
kb_operator_request_get_updated_at (KbOperatorRequest *self)
{
  return self->updated_at;
}

gint64
kb_operator_request_get_effective_at (KbOperatorRequest *self)
{
  return self->effective_at;
}

/* Returns: TRUE once the operator has nothing more to do with it. */
gboolean
kb_operator_request_is_finished (KbOperatorRequest *self)
{
  return self->status == KB_OPERATOR_REQUEST_STATUS_DONE ||
         self->status == KB_OPERATOR_REQUEST_STATUS_PARTIALLY_DONE ||
         self->status == KB_OPERATOR_REQUEST_STATUS_REJECTED;
}

const char *
kb_operator_request_kind_to_display (KbOperatorRequestKind kind)
{
  switch (kind)
    {
    case KB_OPERATOR_REQUEST_KIND_INVOICE_EMAIL: return _("Invoice by e-mail");
    case KB_OPERATOR_REQUEST_KIND_INVOICE_DELIVERY: return _("Invoice delivery");
    case KB_OPERATOR_REQUEST_KIND_PAYMENT_REGISTRATION: return _("Payment registration");
    case KB_OPERATOR_REQUEST_KIND_RENAME: return _("Rename");
    case KB_OPERATOR_REQUEST_KIND_RENAME_BATCH: return _("Rename by list");
    case KB_OPERATOR_REQUEST_KIND_SERVICE_ORDER: return _("Service order");
    case KB_OPERATOR_REQUEST_KIND_UNKNOWN:
    default: return _("Request");
    }
}

const char *
kb_operator_request_status_to_display (KbOperatorRequestStatus status)
{
  switch (status)
    {
    case KB_OPERATOR_REQUEST_STATUS_ACCEPTED: return C_("request status", "Accepted");
    case KB_OPERATOR_REQUEST_STATUS_IN_PROGRESS: return C_("request status", "In progress");
    case KB_OPERATOR_REQUEST_STATUS_DONE: return C_("request status", "Done");
    case KB_OPERATOR_REQUEST_STATUS_PARTIALLY_DONE: return C_("request status", "Partially done");
    case KB_OPERATOR_REQUEST_STATUS_REJECTED:
    default: return C_("request status", "Rejected");
    }
}

/* Returns: (transfer full): what the request does and for whom, in a line:
 * "+375291234567 → Склад", "Roaming, 12 subscribers", "Invoice 2026-05 to …". */
char *
kb_operator_request_dup_summary (KbOperatorRequest *self)
{
  const char *detail = self->detail != NULL ? self->detail : "";

  switch (self->kind)
    {
    case KB_OPERATOR_REQUEST_KIND_RENAME:
      {
        g_autofree char *number = kb_phone_number_format (self->subject);

        /* Translators: a rename: the subscriber's number → the new name. */
        return g_strdup_printf (_("%s → %s"), number, detail);
      }
    case KB_OPERATOR_REQUEST_KIND_RENAME_BATCH:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u subscriber", "%u subscribers",
                                           self->count), self->count);
    case KB_OPERATOR_REQUEST_KIND_SERVICE_ORDER:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           /* Translators: adding or removing a service for N subscribers. */
                                           "%s: %s, %u subscriber", "%s: %s, %u subscribers",
                                           self->count),
                              g_str_equal (detail, "remove") ? _("Removal") : _("Adding"),
                              self->subject, self->count);
    case KB_OPERATOR_REQUEST_KIND_INVOICE_EMAIL:
      /* Translators: an invoice's number and the e-mail address it goes to. */
      return g_strdup_printf (_("Invoice %s to %s"), self->subject, detail);
    case KB_OPERATOR_REQUEST_KIND_INVOICE_DELIVERY:
      {
        KbDeliveryMethod method = kb_enum_from_nick (KB_TYPE_DELIVERY_METHOD, self->subject,
                                                     KB_DELIVERY_METHOD_UNKNOWN);

        if (*detail == '\0')
          return g_strdup (kb_delivery_method_to_display (method));
        return g_strdup_printf ("%s: %s", kb_delivery_method_to_display (method), detail);
      }
    case KB_OPERATOR_REQUEST_KIND_PAYMENT_REGISTRATION:
      /* Translators: the number of a payment order. */
      return g_strdup_printf (_("Payment order № %s"), self->subject);
    case KB_OPERATOR_REQUEST_KIND_UNKNOWN:
    default:
      return g_strdup (self->subject);
    }
}

/* Returns: (transfer full): the outcome in a sentence, for a notification. */
char *
kb_operator_request_dup_outcome (KbOperatorRequest *self)
{
  g_autofree char *summary = kb_operator_request_dup_summary (self);

  switch (self->status)
    {
    case KB_OPERATOR_REQUEST_STATUS_DONE:
      /* Translators: %s says what was done, e.g. "+375291234567 → Склад". */
      return g_strdup_printf (_("Done: %s."), summary);
    case KB_OPERATOR_REQUEST_STATUS_PARTIALLY_DONE:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Partially done: %s; %u row was rejected.",
                                           "Partially done: %s; %u rows were rejected.",
                                           self->rejected_count),
                              summary, self->rejected_count);
    case KB_OPERATOR_REQUEST_STATUS_REJECTED:
      return g_strdup_printf (_("Rejected: %s."), summary);
    case KB_OPERATOR_REQUEST_STATUS_ACCEPTED:
    case KB_OPERATOR_REQUEST_STATUS_IN_PROGRESS:
    default:
      return g_strdup_printf ("%s: %s.", kb_operator_request_status_to_display (self->status),
                              summary);
    }
}

/* Returns: (transfer full): the target of win.show-section that opens what
 * the request concerns ("subscribers/subscriber/17", "service-actions/order/4"). */
char *
kb_operator_request_dup_section_target (KbOperatorRequest *self)
{
  const char *type = self->target_type;

  if (g_str_equal (type, "subscriber"))
    return g_strconcat ("subscribers/subscriber/", self->target_id, NULL);
  if (g_str_equal (type, "service_order"))
    return g_strconcat ("service-actions/order/", self->target_id, NULL);
  if (g_str_equal (type, "rename_batch"))
    return g_strconcat ("rename/batch/", self->target_id, NULL);
  if (g_str_equal (type, "invoice"))
    return g_strconcat ("invoices/invoice/", self->target_id, NULL);
  if (g_str_equal (type, "payment"))
    return g_strconcat ("payments/payment/", self->target_id, NULL);
  if (g_str_equal (type, "client"))
    return g_strdup ("personal-information/delivery");
  return g_strdup ("personal-information");
}
