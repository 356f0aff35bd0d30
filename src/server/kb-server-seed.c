/* kb-server-seed.c — the demo and large data sets, deterministic and fast.
 *
 * The demo data set is a believable Minsk company with a second, smaller one
 * beside it (so that tenant isolation can be tested with real data). Every
 * random choice comes from a GRand with a fixed seed, so two runs produce
 * the same rows, and each data set is written in one transaction with
 * prepared statements, which is what makes 100 000 subscribers take seconds.
 */
#include "config.h"

#include <string.h>

#include "kb-server-private.h"
#include "kb-server-seed.h"

/* Builds a Belarusian IBAN with correct ISO 13616 check digits from a bank
 * code (the first four letters of the BIC), a four-digit balance account and
 * a sixteen-character account number. */
char *
kb_server_seed_make_iban (const char *bank, const char *balance_account, const char *account)
{
  g_autofree char *bban = g_strconcat (bank, balance_account, account, NULL);
  g_autofree char *rearranged = g_strconcat (bban, "BY00", NULL);
  guint remainder = 0;

  for (const char *p = rearranged; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        remainder = (remainder * 10 + (guint) (*p - '0')) % 97;
      else
        remainder = (remainder * 100 + (guint) (g_ascii_toupper (*p) - 'A' + 10)) % 97;
    }
  return g_strdup_printf ("BY%02u%s", 98 - remainder, bban);
}

static gboolean
insert_account (KbDb *db, gint64 client_id, const char *bic, const char *bank_name,
                const char *account, GError **error)
{
  g_autofree char *bank = g_strndup (bic, 4);
  g_autofree char *iban = kb_server_seed_make_iban (bank, "3012", account);

  return kb_db_run (db,
                    "INSERT INTO bank_accounts (client_id, iban, bank_name, bic)"
                    " VALUES (?, ?, ?, ?);",
                    error, KB_DB_INT (client_id), KB_DB_TEXT (iban), KB_DB_TEXT (bank_name),
                    KB_DB_TEXT (bic));
}

static const KbSeedClient demo_clients[] = {
  {
    .login = "demo",
    .password = "demo",
    .name = "ООО «Белтехсервис»",
    .unp = "191234567",
    .okpo = "37651284",
    .legal_address = "220030, г. Минск, ул. Немига, д. 40, пом. 12",
    .delivery_method = "email",
    .delivery_address = "buh@beltechservice.by",
    .balance_minor = -1234567,
    .status = "active",
    .payment_form = "credit",
    .contract_number = "КД-2019/0457",
    .contract_date = "2019-03-14",
  },
  {
    .login = "demo2",
    .password = "demo2",
    .name = "ЧТУП «Гродненские окна»",
    .unp = "590876543",
    .okpo = "29384756",
    .legal_address = "230023, г. Гродно, ул. Советская, д. 8",
    .delivery_method = "post",
    .delivery_address = "230023, г. Гродно, ул. Советская, д. 8, бухгалтерия",
    .balance_minor = 4520000,
    .status = "active",
    .payment_form = "prepaid",
    .contract_number = "ПД-2022/1183",
    .contract_date = "2022-09-01",
  },
};

/* Creates a client from a login alone, for tests: a small company whose
 * tax ids are derived from the row id. */
gboolean
kb_server_seed_add_client (KbDb *db, const char *login, const char *password,
                           gint64 *client_id, GError **error)
{
  g_autofree char *name = g_strdup_printf ("ООО «Клиент %s»", login);
  KbSeedClient client = {
    .login = login,
    .password = password,
    .name = name,
    .unp = "100000000",
    .okpo = "10000000",
    .legal_address = "220000, г. Минск, пр. Независимости, д. 1",
    .delivery_method = "email",
    .delivery_address = "office@example.by",
    .balance_minor = 0,
    .status = "active",
    .payment_form = "prepaid",
    .contract_number = "Д-0000/0001",
    .contract_date = "2024-01-10",
  };
  gint64 id;

  if (!_kb_server_insert_client (db, &client, &id, error))
    return FALSE;

  /* Make the tax ids and the account unique to this client. */
  {
    g_autofree char *unp = g_strdup_printf ("1%08" G_GINT64_FORMAT, id % 100000000);
    g_autofree char *okpo = g_strdup_printf ("2%07" G_GINT64_FORMAT, id % 10000000);
    g_autofree char *account = g_strdup_printf ("%016" G_GINT64_FORMAT, id);
    if (!kb_db_run (db, "UPDATE clients SET unp = ?, okpo = ? WHERE id = ?;", error,
                    KB_DB_TEXT (unp), KB_DB_TEXT (okpo), KB_DB_INT (id)) ||
        !insert_account (db, id, "AKBBBY2X", "ОАО «АСБ Беларусбанк»", account, error))
      return FALSE;
  }

  if (client_id != NULL)
    *client_id = id;
  return TRUE;
}

static gboolean
seed_demo_clients (KbDb *db, gint64 *ids, GError **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (demo_clients); i++)
    if (!_kb_server_insert_client (db, &demo_clients[i], &ids[i], error))
      return FALSE;

  return insert_account (db, ids[0], "AKBBBY2X", "ОАО «АСБ Беларусбанк»", "0000191234567001", error) &&
         insert_account (db, ids[0], "PJCBBY2X", "ОАО «Приорбанк»", "0000191234567002", error) &&
         insert_account (db, ids[1], "BLBBBY2X", "ОАО «Белинвестбанк»", "0000590876543001", error);
}

typedef struct {
  KbServerSeed seed;
  GDateTime *now;
} SeedWrite;

static gboolean
write_seed (KbDb *db, gpointer data, GError **error)
{
  SeedWrite *w = data;
  gint64 ids[G_N_ELEMENTS (demo_clients)];

  if (!kb_server_seed_catalogue (db, error))
    return FALSE;
  if (w->seed == KB_SERVER_SEED_NONE)
    return TRUE;
  return seed_demo_clients (db, ids, error) &&
         kb_server_seed_details (db, w->seed, ids[0], ids[1], w->now, error);
}

gboolean
_kb_server_seed (KbDb *db, KbServerSeed seed, GDateTime *now, GError **error)
{
  SeedWrite w = { seed, now };

  return kb_db_transaction (db, write_seed, &w, error);
}
