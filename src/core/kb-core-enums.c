/* kb-core-enums.c — enums to wire names and back, and the account's enumerations in words.
 *
 * The wire names are the nicks of the generated enum types, so one pair of
 * functions serves every enumeration; the words for people stand beside
 * each enumeration, one function each, named kb_<enum>_to_display().
 */
#include "config.h"

#include "kb-core-enums.h"

#include <glib/gi18n-lib.h>

/* Returns: the member whose nick is @nick, or @fallback for NULL or a name
 * this version does not know. */
int
kb_enum_from_nick (GType enum_type, const char *nick, int fallback)
{
  GEnumClass *klass;
  GEnumValue *value;
  int result = fallback;

  g_return_val_if_fail (G_TYPE_IS_ENUM (enum_type), fallback);

  if (nick == NULL)
    return fallback;
  klass = g_type_class_ref (enum_type);
  value = g_enum_get_value_by_nick (klass, nick);
  if (value != NULL)
    result = value->value;
  g_type_class_unref (klass);
  return result;
}

/* Returns: (nullable): the wire name of @value, %NULL when it is not a
 * member. The string is static: the class of a static type is never freed. */
const char *
kb_enum_to_nick (GType enum_type, int value)
{
  GEnumClass *klass;
  GEnumValue *enum_value;
  const char *nick = NULL;

  g_return_val_if_fail (G_TYPE_IS_ENUM (enum_type), NULL);

  klass = g_type_class_ref (enum_type);
  enum_value = g_enum_get_value (klass, value);
  if (enum_value != NULL)
    nick = enum_value->value_nick;
  g_type_class_unref (klass);
  return nick;
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
