/* kb-service.c — one additional service of the operator's catalogue.
 *
 * An immutable value: the code the contract names it by, the name the
 * operator gives it (already in the client's language) and its monthly fee
 * in kopecks.
 */
#include "kb-service.h"

#include "kb-money.h"

struct _KbService
{
  GObject parent_instance;

  char *code;
  char *name;
  gint64 fee;
  char *currency;
};

G_DEFINE_FINAL_TYPE (KbService, kb_service, G_TYPE_OBJECT)

static void
kb_service_finalize (GObject *object)
{
  KbService *self = KB_SERVICE (object);

  g_free (self->code);
  g_free (self->name);
  g_free (self->currency);

  G_OBJECT_CLASS (kb_service_parent_class)->finalize (object);
}

static void
kb_service_class_init (KbServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kb_service_finalize;
}

static void
kb_service_init (KbService *self)
{
}

KbService *
kb_service_new (const char *code, const char *name, gint64 monthly_fee_minor, const char *currency)
{
  KbService *self = g_object_new (KB_TYPE_SERVICE, NULL);

  self->code = g_strdup (code);
  self->name = g_strdup (name != NULL ? name : code);
  self->fee = monthly_fee_minor;
  self->currency = g_strdup (currency != NULL ? currency : KB_MONEY_CURRENCY);
  return self;
}

const char *
kb_service_get_code (KbService *self)
{
  g_return_val_if_fail (KB_IS_SERVICE (self), NULL);
  return self->code;
}

const char *
kb_service_get_name (KbService *self)
{
  g_return_val_if_fail (KB_IS_SERVICE (self), NULL);
  return self->name;
}

gint64
kb_service_get_monthly_fee (KbService *self)
{
  g_return_val_if_fail (KB_IS_SERVICE (self), 0);
  return self->fee;
}

const char *
kb_service_get_currency (KbService *self)
{
  g_return_val_if_fail (KB_IS_SERVICE (self), NULL);
  return self->currency;
}
