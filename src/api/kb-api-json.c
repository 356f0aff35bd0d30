/* kb-api-json.c — strict readers of the server's JSON and the models built from it.
 *
 * Whatever the server sends is checked member by member: a wrong type or a
 * missing required member is a KB_API_ERROR_BAD_RESPONSE that names the
 * member, never a crash or a silently empty field.
 */
#include "config.h"

#include "kb-api-json.h"

#include <string.h>

#include "kb-api-error.h"
#include "kb-date.h"
#include "kb-json-guard.h"

/* What stands in a string for bytes that were not UTF-8 (see
 * kb_api_json_parse()): U+FDD0, a noncharacter, which Unicode sets aside
 * for a program's internal use and no server has a reason to send. */
#define UNREADABLE_MARK "\xEF\xB7\x90"
#define UNREADABLE_MARK_LEN 3

/* How many list items the readers of this thread skipped; the request path
 * reads and resets it around each parse (kb_api_json_take_skipped()). */
static GPrivate skipped_items;

static gboolean
bad_member (GError **error, const char *member, const char *expected)
{
  /* The detail is for the log: the user reads the translated message alone. */
  g_debug ("Bad response: “%s” is not %s", member, expected);
  g_propagate_error (error, kb_api_error_new (KB_API_ERROR_BAD_RESPONSE));
  return FALSE;
}

/* Returns the member's node, or NULL with @error set when a required one is
 * missing (an absent optional member or a JSON null gives NULL, no error). */
static JsonNode *
get_member (JsonObject *object, const char *member, gboolean required, GError **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        bad_member (error, member, "present");
      return NULL;
    }
  return node;
}

JsonObject *
kb_api_json_get_object (JsonObject *object, const char *member, gboolean required, GError **error)
{
  JsonNode *node = get_member (object, member, required, error);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return bad_member (error, member, "an object"), NULL;
  return json_node_get_object (node);
}

JsonArray *
kb_api_json_get_array (JsonObject *object, const char *member, gboolean required, GError **error)
{
  JsonNode *node = get_member (object, member, required, error);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return bad_member (error, member, "an array"), NULL;
  return json_node_get_array (node);
}

const char *
kb_api_json_get_string (JsonObject *object, const char *member, gboolean required, GError **error)
{
  JsonNode *node = get_member (object, member, required, error);

  if (node == NULL)
    return NULL;
  if (json_node_get_value_type (node) != G_TYPE_STRING)
    return bad_member (error, member, "a string"), NULL;
  /* Raw bytes that were not UTF-8 carry the mark (kb_api_json_parse());
   * an escaped lone surrogate ("\ud800") comes out of json-glib as bytes
   * that are not UTF-8 either. Neither may reach the cache or a label. */
  if (strstr (json_node_get_string (node), UNREADABLE_MARK) != NULL ||
      !g_utf8_validate (json_node_get_string (node), -1, NULL))
    return bad_member (error, member, "UTF-8 text"), NULL;
  return json_node_get_string (node);
}

gboolean
kb_api_json_get_int (JsonObject *object, const char *member, gint64 *value, GError **error)
{
  JsonNode *node = get_member (object, member, TRUE, error);

  if (node == NULL)
    return FALSE;
  if (json_node_get_value_type (node) != G_TYPE_INT64)
    return bad_member (error, member, "an integer");
  *value = json_node_get_int (node);
  return TRUE;
}

/* An integer that counts or numbers something: 0 to G_MAXUINT. */
gboolean
kb_api_json_get_count (JsonObject *object, const char *member, guint *value, GError **error)
{
  gint64 number;

  if (!kb_api_json_get_int (object, member, &number, error))
    return FALSE;
  if (number < 0 || number > G_MAXUINT)
    return kb_api_json_bad_response (error, member), FALSE;
  *value = (guint) number;
  return TRUE;
}

/* Whether an optional member was read: it gave @value, or it is absent (or
 * null), which is no error. */
static gboolean
read_or_absent (gconstpointer value, JsonObject *object, const char *member)
{
  return value != NULL || get_member (object, member, FALSE, NULL) == NULL;
}

/* The optional members: a string, object or array that may be absent
 * (@value is then NULL). FALSE only when the member is there but is not of
 * its type, so that readers can chain calls with || without setting @error
 * twice. */
gboolean
kb_api_json_get_optional_string (JsonObject  *object,
                                 const char  *member,
                                 const char **value,
                                 GError     **error)
{
  *value = kb_api_json_get_string (object, member, FALSE, error);
  return read_or_absent (*value, object, member);
}

gboolean
kb_api_json_get_optional_object (JsonObject  *object,
                                 const char  *member,
                                 JsonObject **value,
                                 GError     **error)
{
  *value = kb_api_json_get_object (object, member, FALSE, error);
  return read_or_absent (*value, object, member);
}

gboolean
kb_api_json_get_optional_array (JsonObject  *object,
                                const char  *member,
                                JsonArray  **value,
                                GError     **error)
{
  *value = kb_api_json_get_array (object, member, FALSE, error);
  return read_or_absent (*value, object, member);
}

/* A required true or false. */
gboolean
kb_api_json_get_boolean (JsonObject *object, const char *member, gboolean *value, GError **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return kb_api_json_bad_response (error, member), FALSE;
  *value = json_node_get_boolean (node);
  return TRUE;
}

/* Returns: (transfer full): a required moment, ISO 8601 with its offset
 * (kb_date_time_new_from_iso()); NULL with @error set otherwise. */
GDateTime *
kb_api_json_get_time (JsonObject *object, const char *member, GError **error)
{
  const char *text = kb_api_json_get_string (object, member, TRUE, error);
  GDateTime *time;

  if (text == NULL)
    return NULL;
  time = kb_date_time_new_from_iso (text);
  if (time == NULL)
    kb_api_json_bad_response (error, member);
  return time;
}

/* Returns: a required calendar date as the member's own YYYY-MM-DD text,
 * checked with kb_date_new_from_iso(); NULL with @error set otherwise. */
const char *
kb_api_json_get_date (JsonObject *object, const char *member, GError **error)
{
  const char *text = kb_api_json_get_string (object, member, TRUE, error);
  g_autoptr(GDate) date = NULL;

  if (text == NULL)
    return NULL;
  date = kb_date_new_from_iso (text);
  if (date == NULL)
    return kb_api_json_bad_response (error, member);
  return text;
}

/* A required {"amount_minor", "currency"} object. */
gboolean
kb_api_json_get_money (JsonObject  *object,
                       const char  *member,
                       gint64      *amount,
                       const char **currency,
                       GError     **error)
{
  JsonObject *money = kb_api_json_get_object (object, member, TRUE, error);

  if (money == NULL || !kb_api_json_get_int (money, "amount_minor", amount, error))
    return FALSE;
  *currency = kb_api_json_get_string (money, "currency", TRUE, error);
  return *currency != NULL;
}

/* Returns: (transfer none): the body's object; NULL with a
 * KB_API_ERROR_BAD_RESPONSE naming @what when the body is not one. */
JsonObject *
kb_api_json_root_object (JsonNode *root, const char *what, GError **error)
{
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return kb_api_json_bad_response (error, what);
  return json_node_get_object (root);
}

/**
 * kb_api_json_body_new:
 * @first_member: the name of the first member, followed by its text, then
 *   more names and texts, ending with %NULL
 *
 * A request body of text members, as most operations send; a member whose
 * text is %NULL is left out. Members of other types are added to the
 * object afterwards.
 *
 * Returns: (transfer full): the body, an object
 */
JsonNode *
kb_api_json_body_new (const char *first_member, ...)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  va_list args;

  va_start (args, first_member);
  for (const char *member = first_member; member != NULL; member = va_arg (args, const char *))
    {
      const char *text = va_arg (args, const char *);

      if (text != NULL)
        json_object_set_string_member (object, member, text);
    }
  va_end (args);
  json_node_take_object (node, object);
  return node;
}

/* Sets a KB_API_ERROR_BAD_RESPONSE that names @what, the member or the part
 * of the answer that was wrong. Returns NULL, for a reader to return. */
gpointer
kb_api_json_bad_response (GError **error, const char *what)
{
  g_debug ("Bad response: %s", what);
  g_propagate_error (error, kb_api_error_new (KB_API_ERROR_BAD_RESPONSE));
  return NULL;
}

/**
 * kb_api_json_read_array:
 * @what: the array's name in the error when an element is not an object
 * @read: reads each element, which must be an object
 *
 * Returns: (transfer full) (element-type GObject): what @read made of each
 * element, in order; NULL with @error set at the first element that is wrong.
 */
GPtrArray *
kb_api_json_read_array (JsonArray *array, const char *what, KbApiJsonReadFunc read, GError **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      gpointer item;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return kb_api_json_bad_response (error, what);
      item = read (json_node_get_object (node), error);
      if (item == NULL)
        return NULL;
      g_ptr_array_add (items, item);
    }
  return g_steal_pointer (&items);
}

/* The reply as a whole is unreadable: the user reads the catalogue's
 * message alone (why is for the log, and in English). */
static gpointer
unreadable (GError **error, const char *why)
{
  g_debug ("Unreadable reply: %s", why);
  g_propagate_error (error, kb_api_error_new (KB_API_ERROR_BAD_RESPONSE));
  return NULL;
}

static void
note_skipped (guint count)
{
  guint total = GPOINTER_TO_UINT (g_private_get (&skipped_items));

  g_private_set (&skipped_items, GUINT_TO_POINTER (total + count));
}

/* Returns: how many list items kb_api_json_read_list() skipped on this
 * thread since the last call, and starts counting again. */
guint
kb_api_json_take_skipped (void)
{
  guint total = GPOINTER_TO_UINT (g_private_get (&skipped_items));

  g_private_set (&skipped_items, GUINT_TO_POINTER (0));
  return total;
}

/**
 * kb_api_json_read_list:
 * @what: the list's name in the log and in the error
 * @read: reads each element, which must be an object
 * @skipped: (out) (optional): how many elements were skipped
 *
 * Reads a list the way kb_api_json_read_array() does, except that one
 * element that is wrong (a missing or mistyped member, text that was not
 * UTF-8) is left out and logged instead of losing the whole list: the user
 * keeps every row that can be read. A list of which no element could be
 * read is a bad response, so that a reply in a wrong encoding altogether
 * is not mistaken for an empty list.
 *
 * Returns: (transfer full) (element-type GObject): the readable elements,
 * in order; NULL with @error set when none of them was.
 */
GPtrArray *
kb_api_json_read_list (JsonArray          *array,
                       const char         *what,
                       KbApiJsonReadFunc   read,
                       guint              *skipped,
                       GError            **error)
{
  guint length = json_array_get_length (array);
  g_autoptr(GPtrArray) items = g_ptr_array_new_full (length, g_object_unref);
  g_autoptr(GError) first_error = NULL;
  guint n_skipped = 0;

  for (guint i = 0; i < length; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autoptr(GError) item_error = NULL;
      gpointer item = NULL;

      if (JSON_NODE_HOLDS_OBJECT (node))
        item = read (json_node_get_object (node), &item_error);
      else
        kb_api_json_bad_response (&item_error, what);
      if (item != NULL)
        {
          g_ptr_array_add (items, item);
          continue;
        }
      if (item_error == NULL)
        kb_api_json_bad_response (&item_error, what);
      g_warning ("Skipped item %u of %u in “%s”: %s", i + 1, length, what, item_error->message);
      if (first_error == NULL)
        first_error = g_steal_pointer (&item_error);
      n_skipped++;
    }

  if (length > 0 && items->len == 0)
    return unreadable (error, first_error->message);
  note_skipped (n_skipped);
  if (skipped != NULL)
    *skipped = n_skipped;
  return g_steal_pointer (&items);
}

/* Returns: (transfer full) (nullable): what @read makes of a body that is
 * one object; NULL with a KB_API_ERROR_BAD_RESPONSE naming @what when the
 * body is not an object, or with @read's error. */
gpointer
kb_api_json_root_read (JsonNode *root, const char *what, KbApiJsonReadFunc read, GError **error)
{
  JsonObject *object = kb_api_json_root_object (root, what, error);

  return object != NULL ? read (object, error) : NULL;
}

/* Returns: (transfer full) (nullable): the list a body holds whole, the
 * array @member of its object, read as kb_api_json_read_list() reads one. */
GPtrArray *
kb_api_json_root_list (JsonNode *root, const char *member, KbApiJsonReadFunc read, GError **error)
{
  JsonObject *object = kb_api_json_root_object (root, member, error);
  JsonArray *array;

  if (object == NULL || (array = kb_api_json_get_array (object, member, TRUE, error)) == NULL)
    return NULL;
  return kb_api_json_read_list (array, member, read, NULL, error);
}

/* Replaces each byte of @text that is not part of valid UTF-8 with
 * UNREADABLE_MARK, as long as all such bytes are inside JSON strings.
 * Returns: (transfer full) (nullable): the repaired text, or NULL when a
 * byte outside a string is not UTF-8 (the text is not JSON then). */
static GString *
repair_utf8 (const char *text, gsize size)
{
  g_autoptr(GString) repaired = g_string_sized_new (size + 16);
  gboolean in_string = FALSE;
  gsize i = 0;

  while (i < size)
    {
      guchar c = (guchar) text[i];

      if (c < 0x80)
        {
          if (in_string && c == '\\' && i + 1 < size && (guchar) text[i + 1] < 0x80)
            {
              g_string_append_len (repaired, text + i, 2);
              i += 2;
              continue;
            }
          if (c == '"')
            in_string = !in_string;
          g_string_append_c (repaired, (char) c);
          i++;
          continue;
        }

      /* One multi-byte character, or one byte that does not start one. */
      if (i + g_utf8_skip[c] <= size && g_utf8_validate_len (text + i, g_utf8_skip[c], NULL))
        {
          g_string_append_len (repaired, text + i, g_utf8_skip[c]);
          i += g_utf8_skip[c];
          continue;
        }
      if (!in_string)
        return NULL;
      g_string_append_len (repaired, UNREADABLE_MARK, UNREADABLE_MARK_LEN);
      i++;
    }
  return g_steal_pointer (&repaired);
}

/**
 * kb_api_json_parse:
 * @data: a reply body or an events message, not necessarily NUL-terminated
 *
 * The one way the client turns the server's bytes into JSON. Text nested
 * deeper than %KB_JSON_MAX_DEPTH is refused before json-glib, whose
 * recursive parser it would crash, sees it. Bytes that are not UTF-8 inside
 * a string are marked so that the string's reader refuses it (and a list
 * skips that one element) rather than losing the whole reply; anywhere else
 * they make the reply bad.
 *
 * Returns: (transfer full) (nullable): the root, NULL for an empty body;
 * NULL with a KB_API_ERROR_BAD_RESPONSE when the text is not such JSON.
 */
JsonNode *
kb_api_json_parse (const char *data, gsize size, GError **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GString) repaired = NULL;
  g_autoptr(GError) local_error = NULL;

  if (size == 0)
    return NULL;
  if (!kb_json_depth_ok (data, size, KB_JSON_MAX_DEPTH))
    return unreadable (error, "nested too deep");

  if (!g_utf8_validate_len (data, size, NULL))
    {
      repaired = repair_utf8 (data, size);
      if (repaired == NULL)
        return unreadable (error, "not UTF-8 outside a string");
      g_debug ("A reply had text that is not UTF-8 in its strings");
      data = repaired->str;
      size = repaired->len;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) size, &local_error))
    return unreadable (error, local_error->message);
  return json_parser_steal_root (parser);
}

static gpointer
bank_account_from_json (JsonObject *object, GError **error)
{
  const char *iban, *bank, *bic;

  if ((iban = kb_api_json_get_string (object, "iban", TRUE, error)) == NULL ||
      !kb_api_json_get_optional_string (object, "bank_name", &bank, error) ||
      !kb_api_json_get_optional_string (object, "bic", &bic, error))
    return NULL;
  return kb_bank_account_new (iban, bank, bic);
}

/* Each step either fills the profile or sets @error; the first error wins. */
#define TRY(expr) G_STMT_START { if (!(expr) && local_error != NULL) goto failed; } G_STMT_END

static gpointer
client_profile_from_json (JsonObject *object, GError **error)
{
  g_autoptr(KbClientProfile) profile = kb_client_profile_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) bank_accounts = NULL;
  JsonObject *delivery, *balance, *contract;
  JsonArray *accounts;
  const char *name, *unp, *okpo, *legal_address, *currency, *status, *payment_form;
  gint64 amount = 0;

  TRY ((name = kb_api_json_get_string (object, "name", TRUE, &local_error)));
  TRY ((unp = kb_api_json_get_string (object, "unp", TRUE, &local_error)));
  kb_client_profile_set_name (profile, name);
  kb_client_profile_set_unp (profile, unp);
  TRY (kb_api_json_get_optional_string (object, "okpo", &okpo, &local_error));
  kb_client_profile_set_okpo (profile, okpo);
  TRY (kb_api_json_get_optional_string (object, "legal_address", &legal_address, &local_error));
  kb_client_profile_set_legal_address (profile, legal_address);
  TRY (kb_api_json_get_optional_string (object, "status", &status, &local_error));
  kb_client_profile_set_status (profile, kb_enum_from_nick (KB_TYPE_CLIENT_STATUS, status,
                                                            KB_CLIENT_STATUS_UNKNOWN));
  TRY (kb_api_json_get_optional_string (object, "payment_form", &payment_form, &local_error));
  kb_client_profile_set_payment_form (profile, kb_enum_from_nick (KB_TYPE_PAYMENT_FORM, payment_form,
                                                                  KB_PAYMENT_FORM_UNKNOWN));

  TRY ((balance = kb_api_json_get_object (object, "balance", TRUE, &local_error)));
  TRY (kb_api_json_get_int (balance, "amount_minor", &amount, &local_error));
  TRY ((currency = kb_api_json_get_string (balance, "currency", TRUE, &local_error)));
  kb_client_profile_set_balance (profile, amount, currency);

  TRY (kb_api_json_get_optional_object (object, "invoice_delivery", &delivery, &local_error));
  if (delivery != NULL)
    {
      const char *method = kb_api_json_get_string (delivery, "method", TRUE, &local_error);
      const char *address;

      TRY (method != NULL);
      TRY (kb_api_json_get_optional_string (delivery, "address", &address, &local_error));
      kb_client_profile_set_delivery (profile,
                                      kb_enum_from_nick (KB_TYPE_DELIVERY_METHOD, method,
                                                         KB_DELIVERY_METHOD_UNKNOWN), address);
    }

  TRY (kb_api_json_get_optional_object (object, "contract", &contract, &local_error));
  if (contract != NULL)
    {
      const char *number, *date;

      TRY (kb_api_json_get_optional_string (contract, "number", &number, &local_error));
      TRY (kb_api_json_get_optional_string (contract, "date", &date, &local_error));
      kb_client_profile_set_contract (profile, number, date);
    }

  TRY (kb_api_json_get_optional_array (object, "bank_accounts", &accounts, &local_error));
  if (accounts != NULL)
    TRY ((bank_accounts = kb_api_json_read_array (accounts, "bank_accounts", bank_account_from_json,
                                                  &local_error)));
  for (guint i = 0; bank_accounts != NULL && i < bank_accounts->len; i++)
    kb_client_profile_add_bank_account (profile, bank_accounts->pdata[i]);

  return g_steal_pointer (&profile);

failed:
  g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

KbClientProfile *
kb_api_json_to_client_profile (JsonNode *root, GError **error)
{
  return kb_api_json_root_read (root, "client", client_profile_from_json, error);
}
