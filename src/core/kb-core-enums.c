/* kb-core-enums.c — enums to wire names and back, and the account's enumerations in words.
 *
 * The wire names are the nicks of the generated enum types, so one pair of
 * functions serves every enumeration; the words for people stand beside
 * each enumeration, one function each, named kb_<enum>_to_display().
 */
#include "config.h"

#include "kb-core-enums.h"

#include <glib/gi18n-lib.h>

/* The class of a static enum type, made the first time and kept: a static
 * type's class is never freed, and later calls only peek, without a lock,
 * as loading 100 000 cached subscribers calls this for each. */
static GEnumClass *
enum_class (GType enum_type)
{
  GEnumClass *klass = g_type_class_peek_static (enum_type);

  return klass != NULL ? klass : g_type_class_ref (enum_type);
}

/* Returns: the member whose nick is @nick, or @fallback for NULL or a name
 * this version does not know. */
int
kb_enum_from_nick (GType enum_type, const char *nick, int fallback)
{
  GEnumValue *value;

  g_return_val_if_fail (G_TYPE_IS_ENUM (enum_type), fallback);

  if (nick == NULL)
    return fallback;
  value = g_enum_get_value_by_nick (enum_class (enum_type), nick);
  return value != NULL ? value->value : fallback;
}

/* Returns: (nullable): the wire name of @value, %NULL when it is not a
 * member; a static string, as the class is never freed. */
const char *
kb_enum_to_nick (GType enum_type, int value)
{
  GEnumValue *enum_value;

  g_return_val_if_fail (G_TYPE_IS_ENUM (enum_type), NULL);

  enum_value = g_enum_get_value (enum_class (enum_type), value);
  return enum_value != NULL ? enum_value->value_nick : NULL;
}

const char *
kb_client_status_to_display (KbClientStatus status)
{
  switch (status)
    {
    case KB_CLIENT_STATUS_ACTIVE: return _("Active");
    case KB_CLIENT_STATUS_SUSPENDED: return _("Suspended");
    case KB_CLIENT_STATUS_CLOSED: return _("Closed");
    case KB_CLIENT_STATUS_UNKNOWN:
    default: return _("Unknown");
    }
}

const char *
kb_payment_form_to_display (KbPaymentForm form)
{
  switch (form)
    {
    case KB_PAYMENT_FORM_PREPAID: return _("Prepaid");
    case KB_PAYMENT_FORM_CREDIT: return _("Credit");
    case KB_PAYMENT_FORM_UNKNOWN:
    default: return _("Unknown");
    }
}

const char *
kb_delivery_method_to_display (KbDeliveryMethod method)
{
  switch (method)
    {
    case KB_DELIVERY_METHOD_EMAIL: return _("By e-mail");
    case KB_DELIVERY_METHOD_POST: return _("By post");
    case KB_DELIVERY_METHOD_PICKUP: return _("In person at the office");
    case KB_DELIVERY_METHOD_UNKNOWN:
    default: return _("Unknown");
    }
}
