/* kb-core-enums.c — wire names of the model enumerations, one table each. */
#include "kb-core-enums.h"

typedef struct {
  int value;
  const char *name;
} KbEnumName;

static const KbEnumName client_status_names[] = {
  { KB_CLIENT_STATUS_ACTIVE, "active" },
  { KB_CLIENT_STATUS_SUSPENDED, "suspended" },
  { KB_CLIENT_STATUS_CLOSED, "closed" },
};

static const KbEnumName delivery_method_names[] = {
  { KB_DELIVERY_METHOD_EMAIL, "email" },
  { KB_DELIVERY_METHOD_POST, "post" },
  { KB_DELIVERY_METHOD_PICKUP, "pickup" },
};

static const KbEnumName payment_form_names[] = {
  { KB_PAYMENT_FORM_PREPAID, "prepaid" },
  { KB_PAYMENT_FORM_CREDIT, "credit" },
};

/* Unknown names map to 0 (the UNKNOWN member) so that a newer server never
 * breaks an older client. */
static int
lookup_value (const KbEnumName *table, gsize n, const char *str)
{
  for (gsize i = 0; str != NULL && i < n; i++)
    if (g_str_equal (table[i].name, str))
      return table[i].value;
  return 0;
}

static const char *
lookup_name (const KbEnumName *table, gsize n, int value)
{
  for (gsize i = 0; i < n; i++)
    if (table[i].value == value)
      return table[i].name;
  return "unknown";
}

#define KB_ENUM_CONVERTERS(prefix, Type, table)                                 \
  Type prefix##_from_string (const char *str)                                   \
  {                                                                             \
    return (Type) lookup_value (table, G_N_ELEMENTS (table), str);              \
  }                                                                             \
  const char *prefix##_to_string (Type value)                                   \
  {                                                                             \
    return lookup_name (table, G_N_ELEMENTS (table), (int) value);              \
  }

KB_ENUM_CONVERTERS (kb_client_status, KbClientStatus, client_status_names)
KB_ENUM_CONVERTERS (kb_delivery_method, KbDeliveryMethod, delivery_method_names)
KB_ENUM_CONVERTERS (kb_payment_form, KbPaymentForm, payment_form_names)
