/* kb-server-client.c — the client's account: GET /client, PUT /client/invoice-delivery. */
#include "config.h"

#include <string.h>

#include "kb-core-enums.h"
#include "kb-email.h"
#include "kb-server-private.h"

/* A bank account from a row of (iban, bank_name, bic). */
static JsonObject *
account_from_row (sqlite3_stmt *stmt, gpointer data)
{
  JsonObject *account = json_object_new ();

  json_object_set_string_member (account, "iban", kb_db_column_text (stmt, 0));
  json_object_set_string_member (account, "bank_name", kb_db_column_text (stmt, 1));
  json_object_set_string_member (account, "bic", kb_db_column_text (stmt, 2));
  return account;
}

/* Returns: (transfer full) (nullable): the client as the contract shows it,
 * or NULL with @error set (KB_SERVER_ERROR_NOT_FOUND for no such client). */
JsonNode *
_kb_server_client_to_json (KbDb *db, gint64 client_id, GError **error)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonObject) delivery = NULL;
  g_autoptr(JsonObject) contract = NULL;
  g_autofree char *currency = NULL;
  gint64 balance;
  JsonArray *accounts;
  sqlite3_stmt *stmt;

  stmt = kb_db_query (db,
                      "SELECT name, unp, okpo, legal_address, delivery_method,"
                      " delivery_address, balance_minor, currency, status, payment_form,"
                      " contract_number, contract_date FROM clients WHERE id = ?;",
                      error, KB_DB_INT (client_id));
  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      g_set_error (error, KB_SERVER_ERROR, KB_SERVER_ERROR_NOT_FOUND, "No client %" G_GINT64_FORMAT,
                   client_id);
      return NULL;
    }

  _kb_server_set_id_member (object, "id", client_id);
  json_object_set_string_member (object, "name", kb_db_column_text (stmt, 0));
  json_object_set_string_member (object, "unp", kb_db_column_text (stmt, 1));
  json_object_set_string_member (object, "okpo", kb_db_column_text (stmt, 2));
  json_object_set_string_member (object, "legal_address", kb_db_column_text (stmt, 3));

  delivery = json_object_new ();
  json_object_set_string_member (delivery, "method", kb_db_column_text (stmt, 4));
  json_object_set_string_member (delivery, "address", kb_db_column_text (stmt, 5));

  /* Kept for the end: the reply has always had the balance after the bank
   * accounts, which this statement's reset comes before. */
  balance = sqlite3_column_int64 (stmt, 6);
  currency = g_strdup (kb_db_column_text (stmt, 7));

  json_object_set_string_member (object, "status", kb_db_column_text (stmt, 8));
  json_object_set_string_member (object, "payment_form", kb_db_column_text (stmt, 9));

  contract = json_object_new ();
  json_object_set_string_member (contract, "number", kb_db_column_text (stmt, 10));
  json_object_set_string_member (contract, "date", kb_db_column_text (stmt, 11));
  sqlite3_reset (stmt);

  stmt = kb_db_query (db,
                      "SELECT iban, bank_name, bic FROM bank_accounts"
                      " WHERE client_id = ? ORDER BY id;",
                      error, KB_DB_INT (client_id));
  if (stmt == NULL)
    return NULL;
  accounts = _kb_server_collect_rows (db, stmt, account_from_row, NULL, error);
  if (accounts == NULL)
    return NULL;

  json_object_set_array_member (object, "bank_accounts", accounts);
  json_object_set_object_member (object, "invoice_delivery", g_steal_pointer (&delivery));
  kb_json_set_money (object, "balance", balance, currency);
  json_object_set_object_member (object, "contract", g_steal_pointer (&contract));

  return kb_json_node_from_object (object);
}

void
_kb_server_client_get (KbRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = _kb_server_client_to_json (req->db, req->client_id, &error);

  if (node == NULL)
    {
      kb_request_reply_db_error (req, error);
      return;
    }
  kb_request_reply_with_etag (req, node);
}

typedef struct {
  KbRequest *req;
  const char *method;
  const char *address;
  gint64 request_id;
} DeliveryChange;

static gboolean
update_delivery (KbDb *db, gpointer data, GError **error)
{
  DeliveryChange *change = data;

  if (!kb_db_run (db, "UPDATE clients SET delivery_method = ?, delivery_address = ?,"
                  " version = version + 1 WHERE id = ?;", error, KB_DB_TEXT (change->method),
                  KB_DB_TEXT (change->address), KB_DB_INT (change->req->client_id)))
    return FALSE;
  {
    KbServerRequestNew request = {
      .kind = "invoice_delivery", .subject = change->method, .detail = change->address,
      .target_type = "client", .target_id = change->req->client_id,
    };

    return _kb_server_request_open (change->req, &request, &change->request_id, error);
  }
}

void
_kb_server_client_put_delivery (KbRequest *req)
{
  JsonObject *body = kb_request_get_body_object (req);
  const char *method, *address;
  KbDeliveryMethod delivery;
  DeliveryChange change;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (body == NULL ||
      !kb_request_get_string (req, body, "method", TRUE, 16, &method) ||
      !kb_request_get_string (req, body, "address", FALSE, 300, &address))
    return;

  delivery = kb_enum_from_nick (KB_TYPE_DELIVERY_METHOD, method, KB_DELIVERY_METHOD_UNKNOWN);
  if (delivery == KB_DELIVERY_METHOD_UNKNOWN)
    {
      kb_request_reply_invalid (req, "invalid_value", "method",
                                "“method” must be email, post or pickup.");
      return;
    }
  if (delivery == KB_DELIVERY_METHOD_EMAIL && (address == NULL || !kb_email_is_valid (address)))
    {
      kb_request_reply_invalid (req, "invalid_value", "address",
                                "Delivery by e-mail needs a valid e-mail address.");
      return;
    }
  if (delivery == KB_DELIVERY_METHOD_POST && (address == NULL || *address == '\0'))
    {
      kb_request_reply_invalid (req, "missing_field", "address",
                                "Delivery by post needs a postal address.");
      return;
    }

  change = (DeliveryChange) { req, method, address != NULL ? address : "", 0 };
  if (!kb_request_write (req, update_delivery, &change))
    return;

  node = _kb_server_client_to_json (req->db, req->client_id, &error);
  if (node == NULL)
    {
      kb_request_reply_db_error (req, error);
      return;
    }
  _kb_server_request_add_to_reply (req, json_node_get_object (node), change.request_id, NULL, 0);
  kb_request_reply_with_etag (req, node);
}
