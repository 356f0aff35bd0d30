/* kb-service-actions-format.h — the words that the Service Actions widgets share. */
#pragma once

#include <glib.h>

#include "kb-service-order.h"

G_BEGIN_DECLS

/* Returns: a number with the locale's thousands separator ("1 250"). */
char       *kb_service_actions_format_count  (guint                 n);
/* Returns: a subscriber's number as people write it, or as it came when it is not one. */
char       *kb_service_actions_format_number (const char           *number);
char       *kb_service_actions_format_counts (KbServiceOrder       *order);
const char *kb_service_actions_action_text   (KbServiceAction       action);
const char *kb_service_actions_status_text   (KbServiceOrderStatus  status);
const char *kb_service_actions_status_style  (KbServiceOrderStatus  status);
const char *kb_service_actions_reason_text   (const char           *code);

G_END_DECLS
