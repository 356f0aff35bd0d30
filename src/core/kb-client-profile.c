/* kb-client-profile.c — the client's account as the Personal Information section shows it.
 *
 * Money is kept in integer minor units (kopecks); the contract date is a
 * calendar date, kept as its ISO 8601 text so that it survives the wire and
 * the cache unchanged.
 */
#include "kb-client-profile.h"

#include "kb-date.h"
#include "kb-money.h"
#include "kb-str.h"

struct _KbClientProfile
{
  GObject parent_instance;

  char *name;
  char *unp;
  char *okpo;
  char *legal_address;
  KbDeliveryMethod delivery_method;
  char *delivery_address;
  gint64 balance;
  char *currency;
  KbClientStatus status;
  KbPaymentForm payment_form;
  char *contract_number;
  char *contract_date;
  GListStore *bank_accounts;
};

G_DEFINE_FINAL_TYPE (KbClientProfile, kb_client_profile, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_UNP,
  PROP_BALANCE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kb_client_profile_finalize (GObject *object)
{
  KbClientProfile *self = KB_CLIENT_PROFILE (object);

  g_free (self->name);
  g_free (self->unp);
  g_free (self->okpo);
  g_free (self->legal_address);
  g_free (self->delivery_address);
  g_free (self->currency);
  g_free (self->contract_number);
  g_free (self->contract_date);
  g_clear_object (&self->bank_accounts);

  G_OBJECT_CLASS (kb_client_profile_parent_class)->finalize (object);
}

static void
kb_client_profile_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KbClientProfile *self = KB_CLIENT_PROFILE (object);

  switch (prop_id)
    {
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_UNP: g_value_set_string (value, self->unp); break;
    case PROP_BALANCE: g_value_set_int64 (value, self->balance); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kb_client_profile_class_init (KbClientProfileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kb_client_profile_finalize;
  object_class->get_property = kb_client_profile_get_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNP] =
    g_param_spec_string ("unp", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BALANCE] =
    g_param_spec_int64 ("balance", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kb_client_profile_init (KbClientProfile *self)
{
  self->bank_accounts = g_list_store_new (KB_TYPE_BANK_ACCOUNT);
  self->currency = g_strdup (KB_MONEY_CURRENCY);
}

KbClientProfile *
kb_client_profile_new (void)
{
  return g_object_new (KB_TYPE_CLIENT_PROFILE, NULL);
}

#define STRING_GETTER(field)                                                    \
  const char *kb_client_profile_get_##field (KbClientProfile *self)             \
  {                                                                             \
    g_return_val_if_fail (KB_IS_CLIENT_PROFILE (self), NULL);                   \
    return self->field;                                                         \
  }

STRING_GETTER (name)
STRING_GETTER (unp)
STRING_GETTER (okpo)
STRING_GETTER (legal_address)
STRING_GETTER (delivery_address)
STRING_GETTER (currency)
STRING_GETTER (contract_number)

KbDeliveryMethod
kb_client_profile_get_delivery_method (KbClientProfile *self)
{
  g_return_val_if_fail (KB_IS_CLIENT_PROFILE (self), KB_DELIVERY_METHOD_UNKNOWN);
  return self->delivery_method;
}

gint64
kb_client_profile_get_balance (KbClientProfile *self)
{
  g_return_val_if_fail (KB_IS_CLIENT_PROFILE (self), 0);
  return self->balance;
}

KbClientStatus
kb_client_profile_get_status (KbClientProfile *self)
{
  g_return_val_if_fail (KB_IS_CLIENT_PROFILE (self), KB_CLIENT_STATUS_UNKNOWN);
  return self->status;
}

KbPaymentForm
kb_client_profile_get_payment_form (KbClientProfile *self)
{
  g_return_val_if_fail (KB_IS_CLIENT_PROFILE (self), KB_PAYMENT_FORM_UNKNOWN);
  return self->payment_form;
}

const char *
kb_client_profile_get_contract_date_iso (KbClientProfile *self)
{
  g_return_val_if_fail (KB_IS_CLIENT_PROFILE (self), NULL);
  return self->contract_date;
}

/* Returns: (transfer full) (nullable): the contract date, or %NULL when it
 * is missing or not a valid YYYY-MM-DD date. */
GDate *
kb_client_profile_dup_contract_date (KbClientProfile *self)
{
  g_return_val_if_fail (KB_IS_CLIENT_PROFILE (self), NULL);
  return kb_date_new_from_iso (self->contract_date);
}

GListModel *
kb_client_profile_get_bank_accounts (KbClientProfile *self)
{
  g_return_val_if_fail (KB_IS_CLIENT_PROFILE (self), NULL);
  return G_LIST_MODEL (self->bank_accounts);
}

void
kb_client_profile_set_name (KbClientProfile *self, const char *name)
{
  g_return_if_fail (KB_IS_CLIENT_PROFILE (self));
  kb_set_str (&self->name, name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

void
kb_client_profile_set_unp (KbClientProfile *self, const char *unp)
{
  g_return_if_fail (KB_IS_CLIENT_PROFILE (self));
  kb_set_str (&self->unp, unp);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNP]);
}

void
kb_client_profile_set_okpo (KbClientProfile *self, const char *okpo)
{
  g_return_if_fail (KB_IS_CLIENT_PROFILE (self));
  kb_set_str (&self->okpo, okpo);
}

void
kb_client_profile_set_legal_address (KbClientProfile *self, const char *address)
{
  g_return_if_fail (KB_IS_CLIENT_PROFILE (self));
  kb_set_str (&self->legal_address, address);
}

void
kb_client_profile_set_delivery (KbClientProfile *self, KbDeliveryMethod method, const char *address)
{
  g_return_if_fail (KB_IS_CLIENT_PROFILE (self));
  self->delivery_method = method;
  kb_set_str (&self->delivery_address, address);
}

void
kb_client_profile_set_balance (KbClientProfile *self, gint64 minor_units, const char *currency)
{
  g_return_if_fail (KB_IS_CLIENT_PROFILE (self));
  self->balance = minor_units;
  kb_set_str (&self->currency, currency != NULL ? currency : KB_MONEY_CURRENCY);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BALANCE]);
}

void
kb_client_profile_set_status (KbClientProfile *self, KbClientStatus status)
{
  g_return_if_fail (KB_IS_CLIENT_PROFILE (self));
  self->status = status;
}

void
kb_client_profile_set_payment_form (KbClientProfile *self, KbPaymentForm form)
{
  g_return_if_fail (KB_IS_CLIENT_PROFILE (self));
  self->payment_form = form;
}

void
kb_client_profile_set_contract (KbClientProfile *self, const char *number, const char *date_iso)
{
  g_return_if_fail (KB_IS_CLIENT_PROFILE (self));
  kb_set_str (&self->contract_number, number);
  kb_set_str (&self->contract_date, date_iso);
}

void
kb_client_profile_add_bank_account (KbClientProfile *self, KbBankAccount *account)
{
  g_return_if_fail (KB_IS_CLIENT_PROFILE (self));
  g_return_if_fail (KB_IS_BANK_ACCOUNT (account));
  g_list_store_append (self->bank_accounts, account);
}

/* The УНП (taxpayer number) of a Belarusian organisation is nine digits. */
gboolean
kb_unp_is_valid (const char *unp)
{
  if (unp == NULL)
    return FALSE;
  for (guint i = 0; i < 9; i++)
    if (!g_ascii_isdigit (unp[i]))
      return FALSE;
  return unp[9] == '\0';
}
