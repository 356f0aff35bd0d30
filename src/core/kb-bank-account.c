/* kb-bank-account.c — one settlement account of the client. */
#include "kb-bank-account.h"

#include <string.h>

struct _KbBankAccount
{
  GObject parent_instance;
  char *iban;
  char *bank_name;
  char *bic;
};

G_DEFINE_FINAL_TYPE (KbBankAccount, kb_bank_account, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_IBAN,
  PROP_BANK_NAME,
  PROP_BIC,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kb_bank_account_finalize (GObject *object)
{
  KbBankAccount *self = KB_BANK_ACCOUNT (object);

  g_free (self->iban);
  g_free (self->bank_name);
  g_free (self->bic);

  G_OBJECT_CLASS (kb_bank_account_parent_class)->finalize (object);
}

static void
kb_bank_account_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KbBankAccount *self = KB_BANK_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_IBAN: g_value_set_string (value, self->iban); break;
    case PROP_BANK_NAME: g_value_set_string (value, self->bank_name); break;
    case PROP_BIC: g_value_set_string (value, self->bic); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kb_bank_account_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  KbBankAccount *self = KB_BANK_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_IBAN: self->iban = g_value_dup_string (value); break;
    case PROP_BANK_NAME: self->bank_name = g_value_dup_string (value); break;
    case PROP_BIC: self->bic = g_value_dup_string (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kb_bank_account_class_init (KbBankAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kb_bank_account_finalize;
  object_class->get_property = kb_bank_account_get_property;
  object_class->set_property = kb_bank_account_set_property;

  properties[PROP_IBAN] =
    g_param_spec_string ("iban", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BANK_NAME] =
    g_param_spec_string ("bank-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BIC] =
    g_param_spec_string ("bic", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kb_bank_account_init (KbBankAccount *self)
{
}

KbBankAccount *
kb_bank_account_new (const char *iban, const char *bank_name, const char *bic)
{
  return g_object_new (KB_TYPE_BANK_ACCOUNT,
                       "iban", iban,
                       "bank-name", bank_name,
                       "bic", bic,
                       NULL);
}

const char *
kb_bank_account_get_iban (KbBankAccount *self)
{
  g_return_val_if_fail (KB_IS_BANK_ACCOUNT (self), NULL);
  return self->iban;
}

const char *
kb_bank_account_get_bank_name (KbBankAccount *self)
{
  g_return_val_if_fail (KB_IS_BANK_ACCOUNT (self), NULL);
  return self->bank_name;
}

const char *
kb_bank_account_get_bic (KbBankAccount *self)
{
  g_return_val_if_fail (KB_IS_BANK_ACCOUNT (self), NULL);
  return self->bic;
}

/* A Belarusian IBAN: "BY", two check digits, a 4-character bank code, four
 * digits of the balance account and 16 alphanumerics, 28 characters in all,
 * with the ISO 13616 mod-97 check. */
gboolean
kb_iban_is_valid_by (const char *iban)
{
  guint remainder = 0;

  if (iban == NULL || strlen (iban) != 28 || !g_str_has_prefix (iban, "BY"))
    return FALSE;

  for (guint i = 0; i < 28; i++)
    {
      char c = iban[(i + 4) % 28];

      if (g_ascii_isdigit (c))
        remainder = (remainder * 10 + (guint) (c - '0')) % 97;
      else if (g_ascii_isupper (c))
        remainder = (remainder * 100 + (guint) (c - 'A' + 10)) % 97;
      else
        return FALSE;
    }

  return remainder == 1;
}
