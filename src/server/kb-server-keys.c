/* kb-server-keys.c — request hashes, random tokens and Idempotency-Keys.
 *
 * A write that may be retried (a question, a payment, a batch) is made
 * once: its Idempotency-Key is kept with a hash of what the request asked
 * and what it made, in the write's own transaction, so that a repeat is
 * answered with the first answer and the same key with another request is
 * refused. Tokens (sessions, the operator's) come from the kernel's CSPRNG.
 */
#include "config.h"

#include <string.h>
#include <errno.h>
#include <sys/random.h>

#include "kb-server-private.h"

char *
kb_sha256_hex (const char *data, gssize length)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data,
                                      length < 0 ? strlen (data) : (gsize) length);
}

/* Compares two secrets, such as a token or a digest, in time independent
 * of where they differ, so that a guesser learns nothing from the time. */
gboolean
kb_secret_equal (const char *a, const char *b)
{
  gsize length = strlen (a);
  guint diff = 0;

  if (strlen (b) != length)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    diff |= (guint) (a[i] ^ b[i]);
  return diff == 0;
}

/* Appends @text as "<bytes>:<text>": a length prefix, so that no choice of
 * characters in one field can pass for the boundary between two. */
static void
append_field (GString *encoding, const char *text)
{
  gsize length = strlen (text);

  g_string_append_printf (encoding, "%" G_GSIZE_FORMAT ":", length);
  g_string_append_len (encoding, text, (gssize) length);
}

/**
 * kb_request_hash_fields:
 * @first: the first field, then more, then %NULL
 *
 * Returns: (transfer full): the SHA-256 of the fields' unambiguous
 * encoding: what an Idempotency-Key stands for. ("418\nX", "Y") and
 * ("418", "X\nY") differ, as they must.
 */
char *
kb_request_hash_fields (const char *first, ...)
{
  g_autoptr(GString) encoding = g_string_new (NULL);
  va_list args;

  va_start (args, first);
  for (const char *field = first; field != NULL; field = va_arg (args, const char *))
    append_field (encoding, field);
  va_end (args);
  return kb_sha256_hex (encoding->str, (gssize) encoding->len);
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The canonical encoding of @node: a tag per type, strings and numbers
 * length-prefixed, the members of an object in byte order of their names.
 * Two bodies meaning the same get the same encoding whatever their layout. */
static void
append_canonical (GString *encoding, JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(GPtrArray) names = g_ptr_array_new ();
        JsonObjectIter iter;
        const char *name;

        json_object_iter_init (&iter, object);
        while (json_object_iter_next (&iter, &name, NULL))
          g_ptr_array_add (names, (gpointer) name);
        g_ptr_array_sort (names, compare_names);
        g_string_append_printf (encoding, "{%u", names->len);
        for (guint i = 0; i < names->len; i++)
          {
            const char *member = g_ptr_array_index (names, i);

            append_field (encoding, member);
            append_canonical (encoding, json_object_get_member (object, member));
          }
        g_string_append_c (encoding, '}');
        break;
      }

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        g_string_append_printf (encoding, "[%u", n);
        for (guint i = 0; i < n; i++)
          append_canonical (encoding, json_array_get_element (array, i));
        g_string_append_c (encoding, ']');
        break;
      }

    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          g_string_append_c (encoding, 's');
          append_field (encoding, json_node_get_string (node));
          break;
        case G_TYPE_INT64:
          g_string_append_printf (encoding, "i%" G_GINT64_FORMAT ";", json_node_get_int (node));
          break;
        case G_TYPE_BOOLEAN:
          g_string_append (encoding, json_node_get_boolean (node) ? "t" : "f");
          break;
        default:
          g_string_append_printf (encoding, "d%.17g;", json_node_get_double (node));
          break;
        }
      break;

    case JSON_NODE_NULL:
    default:
      g_string_append_c (encoding, 'n');
      break;
    }
}

/* Returns: (transfer full): the SHA-256 of the canonical encoding of the
 * request's body: what an Idempotency-Key of a bulk request stands for. */
char *
kb_request_hash_body (KbRequest *req)
{
  g_autoptr(GString) encoding = g_string_new (NULL);

  if (req->body != NULL)
    append_canonical (encoding, req->body);
  return kb_sha256_hex (encoding->str, (gssize) encoding->len);
}

/* Returns: (transfer full): @n_bytes from the kernel's CSPRNG, base64url
 * without padding — safe in a header, a URL and a file name. */
char *
kb_random_token (gsize n_bytes)
{
  g_autofree guchar *bytes = g_malloc (n_bytes);
  gsize done = 0;
  char *text;

  while (done < n_bytes)
    {
      gssize got = getrandom (bytes + done, n_bytes - done, 0);

      if (got < 0)
        g_error ("getrandom failed: %s", g_strerror (errno));
      done += (gsize) got;
    }

  text = g_base64_encode (bytes, n_bytes);
  g_strdelimit (text, "+", '-');
  g_strdelimit (text, "/", '_');
  g_strdelimit (text, "=", '\0');
  return text;
}

/**
 * kb_request_idempotency_check:
 *
 * Looks the key of @idempotency up, in the caller's transaction if there
 * is one.
 *
 * Returns: TRUE when the request is new (or has no key); FALSE after
 * answering it: by its replay function with 200 for a repeat, with 422 for
 * a reused key, with 500 when the database failed.
 */
gboolean
kb_request_idempotency_check (KbRequest *req, const KbIdempotency *idempotency)
{
  sqlite3_stmt *stmt;
  gboolean same;
  gint64 id;

  if (idempotency->key == NULL)
    return TRUE;

  stmt = kb_request_query (req, "SELECT request_hash, resource_id FROM idempotency_keys"
                           " WHERE client_id = ? AND operation = ? AND key = ?;",
                           KB_DB_INT (req->client_id), KB_DB_TEXT (idempotency->operation),
                           KB_DB_TEXT (idempotency->key));
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return TRUE;
    }
  same = g_str_equal (kb_db_column_text (stmt, 0), idempotency->request_hash);
  id = sqlite3_column_int64 (stmt, 1);
  sqlite3_reset (stmt);

  if (same)
    idempotency->replay (req, SOUP_STATUS_OK, id);
  else
    kb_request_reply_error (req, SOUP_STATUS_UNPROCESSABLE_ENTITY, "idempotency_key_reused",
                            "%s", idempotency->reused);
  return FALSE;
}

/**
 * kb_request_idempotency_begin:
 *
 * Begins the request's write and looks the key up in it, as
 * kb_request_idempotency_check() does.
 *
 * Returns: TRUE when the write is to be done, inside the transaction;
 * FALSE after the transaction ended and the request was answered.
 */
gboolean
kb_request_idempotency_begin (KbRequest *req, const KbIdempotency *idempotency)
{
  g_autoptr(GError) error = NULL;

  if (!kb_db_begin (req->db, &error))
    {
      kb_request_reply_db_error (req, error);
      return FALSE;
    }
  if (kb_request_idempotency_check (req, idempotency))
    return TRUE;
  kb_db_rollback (req->db);
  return FALSE;
}

/* Keeps the key of @idempotency with @resource_id, what the request made,
 * in its transaction, for kb_request_idempotency_check() to find; a
 * request without a key keeps nothing. */
gboolean
kb_request_idempotency_store (KbRequest *req, const KbIdempotency *idempotency, gint64 resource_id,
                              GError **error)
{
  if (idempotency->key == NULL)
    return TRUE;
  return kb_db_run (req->db,
                    "INSERT INTO idempotency_keys (client_id, operation, key, request_hash,"
                    " resource_id, created_at) VALUES (?, ?, ?, ?, ?, ?);",
                    error, KB_DB_INT (req->client_id), KB_DB_TEXT (idempotency->operation),
                    KB_DB_TEXT (idempotency->key), KB_DB_TEXT (idempotency->request_hash),
                    KB_DB_INT (resource_id), KB_DB_INT (req->now_unix));
}

/* Returns: (nullable): the request's Idempotency-Key, or NULL — after
 * replying 400 when it is malformed (check the status). */
const char *
kb_request_get_idempotency_key (KbRequest *req)
{
  const char *key = kb_request_get_header (req, "Idempotency-Key");
  gsize length;

  if (key == NULL)
    return NULL;
  length = strlen (key);
  for (const char *p = key; *p != '\0'; p++)
    if (*p < 0x21 || *p > 0x7e)
      length = 0;
  if (length == 0 || length > 200)
    {
      kb_request_reply_invalid (req, "invalid_value", "Idempotency-Key",
                                "The Idempotency-Key must be 1 to 200 visible ASCII characters.");
      return NULL;
    }
  return key;
}

/* Returns: (nullable): the request's Idempotency-Key, or NULL after
 * replying 400 idempotency_key_required (it is missing; @what says what
 * needs it) or invalid_request (it is malformed). */
const char *
kb_request_require_idempotency_key (KbRequest *req, const char *what)
{
  if (soup_message_headers_get_one (soup_server_message_get_request_headers (req->msg),
                                    "Idempotency-Key") == NULL)
    {
      kb_request_reply_error (req, SOUP_STATUS_BAD_REQUEST, "idempotency_key_required",
                              "%s needs an Idempotency-Key header.", what);
      return NULL;
    }
  return kb_request_get_idempotency_key (req);
}
