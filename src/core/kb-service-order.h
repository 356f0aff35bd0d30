/* kb-service-order.h — one request to add or remove a service for a list of subscribers. */
#pragma once

#include <glib-object.h>

#include "kb-core-enums.h"

G_BEGIN_DECLS

typedef enum {
  KB_SERVICE_ACTION_ADD,
  KB_SERVICE_ACTION_REMOVE,
} KbServiceAction;

/* done: every row accepted; partial: some rejected; rejected: none accepted. */
typedef enum {
  KB_SERVICE_ORDER_STATUS_DONE,
  KB_SERVICE_ORDER_STATUS_PARTIAL,
  KB_SERVICE_ORDER_STATUS_REJECTED,
} KbServiceOrderStatus;

#define KB_TYPE_SERVICE_ORDER (kb_service_order_get_type ())
G_DECLARE_FINAL_TYPE (KbServiceOrder, kb_service_order, KB, SERVICE_ORDER, GObject)

/* What an order is made of, named rather than passed as eight arguments;
 * kb_service_order_new() copies it. */
typedef struct {
  const char *id;
  KbServiceAction action;
  const char *service;
  const char *service_name;     /* NULL: the service's code */
  gint64 created_at;            /* Unix time */
  guint total;
  guint accepted;
  guint rejected;
} KbServiceOrderFields;

KbServiceOrder      *kb_service_order_new              (const KbServiceOrderFields *fields);
const char          *kb_service_order_get_id           (KbServiceOrder       *self);
KbServiceAction      kb_service_order_get_action       (KbServiceOrder       *self);
const char          *kb_service_order_get_service      (KbServiceOrder       *self);
const char          *kb_service_order_get_service_name (KbServiceOrder       *self);
gint64               kb_service_order_get_created_at   (KbServiceOrder       *self);
guint                kb_service_order_get_total        (KbServiceOrder       *self);
guint                kb_service_order_get_accepted     (KbServiceOrder       *self);
guint                kb_service_order_get_rejected     (KbServiceOrder       *self);
KbServiceOrderStatus kb_service_order_get_status       (KbServiceOrder       *self);
GPtrArray           *kb_service_order_get_results      (KbServiceOrder       *self);
void                 kb_service_order_set_results      (KbServiceOrder       *self,
                                                        GPtrArray            *results);

KbServiceOrderStatus kb_service_order_status_from_counts (guint                 accepted,
                                                          guint                 rejected);

const char          *kb_service_action_to_display      (KbServiceAction       action);
const char          *kb_service_order_status_to_display (KbServiceOrderStatus status);

G_END_DECLS
