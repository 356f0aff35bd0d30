/* kb-server-http.c — replies, errors and strict readers of request bodies.
 *
 * Every error the server sends has the contract's shape
 * {"error": {"code": …, "message": …}}; validation problems are 400
 * "invalid_request" with a "reason" (malformed_json, missing_field,
 * wrong_type, too_long, invalid_value) and the "field" at fault, so that a
 * client can point at the exact input.
 */
#include "config.h"

#include <string.h>

#include "kb-server-private.h"

/* Sets @member of @object to an amount of money as the contract writes
 * one: {"amount_minor", "currency"}. */
void
kb_json_set_money (JsonObject *object, const char *member, gint64 amount_minor,
                   const char *currency)
{
  JsonObject *money = json_object_new ();

  json_object_set_int_member (money, "amount_minor", amount_minor);
  json_object_set_string_member (money, "currency", currency);
  json_object_set_object_member (object, member, money);
}

JsonNode *
kb_json_node_from_object (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  return node;
}

/* Returns: (transfer full): @node as JSON text, always valid UTF-8. Text
 * that came in before bodies were checked, or that another writer put in
 * the file, may not be; one bad question must not make the whole list
 * unreadable. JSON's own syntax is ASCII, so mending the bytes (each
 * invalid one becomes U+FFFD) can only change the inside of a string. */
char *
kb_json_to_string (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  gsize length;
  char *text;

  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, &length);
  if (!g_utf8_validate_len (text, length, NULL))
    {
      char *mended = g_utf8_make_valid (text, (gssize) length);

      g_free (text);
      text = mended;
    }
  return text;
}

static void
set_json_body (SoupServerMessage *msg, char *text)
{
  soup_server_message_set_response (msg, "application/json; charset=utf-8",
                                    SOUP_MEMORY_TAKE, text, strlen (text));
}

/* Answers @req with @status and the JSON @text (transfer full, nullable).
 * A request served on the bulk worker has no message it may touch: its
 * answer is kept until the main loop hands it over (kb-server-worker.c). */
static void
respond (KbRequest *req, guint status, char *text)
{
  if (req->deferred != NULL)
    {
      req->deferred->status = status;
      g_free (req->deferred->body);
      req->deferred->body = text;
      return;
    }
  soup_server_message_set_status (req->msg, status, NULL);
  if (text != NULL)
    set_json_body (req->msg, text);
}

/* Returns: the status the request was answered with so far, 0 for none. */
guint
kb_request_get_status (KbRequest *req)
{
  if (req->deferred != NULL)
    return req->deferred->status;
  return soup_server_message_get_status (req->msg);
}

/* Returns: (nullable): the request header @name. */
const char *
kb_request_get_header (KbRequest *req, const char *name)
{
  SoupMessageHeaders *headers;

  if (req->deferred != NULL)
    headers = req->deferred->request_headers;
  else
    headers = soup_server_message_get_request_headers (req->msg);
  return soup_message_headers_get_one (headers, name);
}

void
kb_request_reply_json (KbRequest *req, guint status, JsonNode *node)
{
  respond (req, status, kb_json_to_string (node));
}

/* Appends @text to @out as a JSON string, quotes and all, as json-glib's
 * generator writes it: for lists long enough that building a tree of
 * JsonObjects to print costs more than the query (a page of 10 000
 * subscribers). Text that is not valid UTF-8 is mended the way
 * kb_json_to_string() mends it. */
void
kb_json_append_string (GString *out, const char *text)
{
  g_autofree char *mended = NULL;

  if (!g_utf8_validate (text, -1, NULL))
    text = mended = g_utf8_make_valid (text, -1);
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, c);
        }
      else if (c < 0x20 || c == 0x7f)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, c);
    }
  g_string_append_c (out, '"');
}

/* Whether the request's Accept-Encoding takes gzip (a "gzip;q=0" refuses it). */
static gboolean
accepts_gzip (KbRequest *req)
{
  const char *accept = kb_request_get_header (req, "Accept-Encoding");
  GSList *codings;
  gboolean found = FALSE;

  if (accept == NULL)
    return FALSE;
  codings = soup_header_parse_quality_list (accept, NULL);
  for (GSList *l = codings; l != NULL && !found; l = l->next)
    found = g_ascii_strcasecmp (l->data, "gzip") == 0;
  soup_header_free_list (codings);
  return found;
}

/* Returns: (transfer full) (nullable): @text gzipped at the fastest level,
 * which already takes a list of subscribers to a tenth of its size; more
 * would cost the server more time than a network saves. */
static GBytes *
gzip_text (const char *text, gsize length)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 1);
  g_autoptr(GByteArray) out = g_byte_array_sized_new (length / 8 + 64);
  gsize read_total = 0;
  GConverterResult result;

  do
    {
      gsize n_read = 0, n_written = 0;
      guint8 buffer[64 * 1024];

      result = g_converter_convert (G_CONVERTER (compressor), text + read_total, length - read_total,
                                    buffer, sizeof buffer, G_CONVERTER_INPUT_AT_END,
                                    &n_read, &n_written, NULL);
      if (result == G_CONVERTER_ERROR)
        return NULL;
      read_total += n_read;
      g_byte_array_append (out, buffer, n_written);
    }
  while (result != G_CONVERTER_FINISHED);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* Answers @req with @text (transfer full), JSON already written, gzipped
 * when the client accepts that (RFC 9110 §12.5.3): a page of 10 000
 * subscribers is 1.4 MB of text and 0.2 MB gzipped. */
void
kb_request_reply_json_text_compressed (KbRequest *req, guint status, char *text)
{
  SoupMessageHeaders *headers;
  g_autoptr(GBytes) body = NULL;
  gsize length;

  if (req->deferred != NULL || !accepts_gzip (req))
    {
      respond (req, status, text);
      return;
    }
  length = strlen (text);
  body = gzip_text (text, length);
  if (body == NULL)
    {
      respond (req, status, text);
      return;
    }
  g_free (text);
  headers = soup_server_message_get_response_headers (req->msg);
  soup_message_headers_replace (headers, "Content-Encoding", "gzip");
  soup_message_headers_append (headers, "Vary", "Accept-Encoding");
  soup_server_message_set_status (req->msg, status, NULL);
  soup_server_message_set_response (req->msg, "application/json; charset=utf-8", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

void
kb_request_reply_json_object (KbRequest *req, guint status, JsonObject *object)
{
  g_autoptr(JsonNode) node = kb_json_node_from_object (object);

  kb_request_reply_json (req, status, node);
}

/* True when If-None-Match names @etag (or is "*"). Weak comparison, as RFC
 * 9110 asks for If-None-Match. */
gboolean
kb_request_etag_matches (KbRequest *req, const char *etag)
{
  const char *header;
  GSList *tags;
  gboolean matches = FALSE;

  header = soup_message_headers_get_list (soup_server_message_get_request_headers (req->msg),
                                          "If-None-Match");
  if (header == NULL)
    return FALSE;

  /* libsoup splits the list the HTTP way: a comma inside a quoted tag
   * does not end it. */
  tags = soup_header_parse_list (header);
  for (GSList *l = tags; l != NULL && !matches; l = l->next)
    {
      const char *tag = l->data;

      if (g_str_has_prefix (tag, "W/"))
        tag += 2;
      matches = g_str_equal (tag, "*") || g_str_equal (tag, etag);
    }
  soup_header_free_list (tags);
  return matches;
}

/* Replies 200 with @node and a strong ETag derived from its bytes, or 304
 * with no body when the client has that version already. Returns TRUE for
 * the 304. */
gboolean
kb_request_reply_with_etag (KbRequest *req, JsonNode *node)
{
  g_autofree char *text = kb_json_to_string (node);
  g_autofree char *hash = kb_sha256_hex (text, -1);
  g_autofree char *etag = g_strdup_printf ("\"%.32s\"", hash);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (req->msg);

  soup_message_headers_replace (headers, "ETag", etag);
  soup_message_headers_replace (headers, "Cache-Control", "private, no-cache");
  if (kb_request_etag_matches (req, etag))
    {
      soup_server_message_set_status (req->msg, SOUP_STATUS_NOT_MODIFIED, NULL);
      return TRUE;
    }

  soup_server_message_set_status (req->msg, SOUP_STATUS_OK, NULL);
  set_json_body (req->msg, g_steal_pointer (&text));
  return FALSE;
}

void
kb_request_reply_empty (KbRequest *req, guint status)
{
  respond (req, status, NULL);
}

static JsonObject *
error_object (const char *code, const char *message)
{
  JsonObject *root = json_object_new ();
  JsonObject *error = json_object_new ();

  json_object_set_string_member (error, "code", code);
  json_object_set_string_member (error, "message", message);
  json_object_set_object_member (root, "error", error);
  return root;
}

void
kb_server_message_reply_error (SoupServerMessage *msg, guint status, const char *code,
                               const char *message)
{
  g_autoptr(JsonObject) root = error_object (code, message);
  g_autoptr(JsonNode) node = kb_json_node_from_object (root);

  soup_server_message_set_status (msg, status, NULL);
  set_json_body (msg, kb_json_to_string (node));
}

void
kb_request_reply_error (KbRequest *req, guint status, const char *code, const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (req->deferred != NULL)
    {
      g_autoptr(JsonObject) root = error_object (code, message);

      kb_request_reply_json_object (req, status, root);
      return;
    }
  kb_server_message_reply_error (req->msg, status, code, message);
}

void
kb_request_reply_invalid (KbRequest *req, const char *reason, const char *field,
                          const char *message)
{
  g_autoptr(JsonObject) root = error_object ("invalid_request", message);
  JsonObject *error = json_object_get_object_member (root, "error");

  json_object_set_string_member (error, "reason", reason);
  if (field != NULL)
    json_object_set_string_member (error, "field", field);
  kb_request_reply_json_object (req, SOUP_STATUS_BAD_REQUEST, root);
}

/* A database failure is the server's fault, never the client's: log it and
 * say 500 without the details. */
void
kb_request_reply_db_error (KbRequest *req, GError *error)
{
  g_warning ("%s %s: %s", req->method, req->path, error != NULL ? error->message : "unknown");
  kb_request_reply_error (req, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error",
                          "The server could not complete the request.");
}

/* Where every failed write of a request ends: its transaction is rolled
 * back, and the client is told 500. */
void
kb_request_abort_write (KbRequest *req, GError *error)
{
  kb_db_rollback (req->db);
  kb_request_reply_db_error (req, error);
}

/* Runs @write in one transaction of the request's database (see
 * kb_db_transaction()). Returns: FALSE after replying 500 when it failed. */
gboolean
kb_request_write (KbRequest *req, KbDbWriteFunc write, gpointer data)
{
  g_autoptr(GError) error = NULL;

  if (kb_db_transaction (req->db, write, data, &error))
    return TRUE;
  kb_request_reply_db_error (req, error);
  return FALSE;
}

/* Returns: (transfer full) (nullable): an object for each row of @stmt,
 * as @func makes it (NULL leaves the row out); NULL with @error set when a
 * step fails. */
JsonArray *
_kb_server_collect_rows (KbDb *db, sqlite3_stmt *stmt, KbRowFunc func, gpointer data,
                         GError **error)
{
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(GError) local_error = NULL;

  while (kb_db_step_row (db, stmt, &local_error))
    {
      JsonObject *object = func (stmt, data);

      if (object != NULL)
        json_array_add_object_element (array, object);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&array);
}

/* Returns: (transfer full) (nullable): as _kb_server_collect_rows(), or NULL
 * after replying 500. */
JsonArray *
kb_request_collect_rows (KbRequest *req, sqlite3_stmt *stmt, KbRowFunc func, gpointer data)
{
  g_autoptr(GError) error = NULL;
  JsonArray *array = _kb_server_collect_rows (req->db, stmt, func, data, &error);

  if (array == NULL)
    kb_request_reply_db_error (req, error);
  return array;
}

/* Replies 200 with @reply, the rows of @stmt as its array @member (see
 * _kb_server_collect_rows()); or 500 when a step fails. @stmt is NULL
 * when kb_request_query() could not prepare it and replied 500: then
 * nothing more is sent, so a caller passes its query straight in. */
void
kb_request_reply_rows (KbRequest *req, JsonObject *reply, const char *member, sqlite3_stmt *stmt,
                       KbRowFunc func, gpointer data)
{
  JsonArray *array;

  if (stmt == NULL)
    return;
  array = kb_request_collect_rows (req, stmt, func, data);
  if (array == NULL)
    return;
  json_object_set_array_member (reply, member, array);
  kb_request_reply_json_object (req, SOUP_STATUS_OK, reply);
}

sqlite3_stmt *
kb_request_query_values (KbRequest *req, const char *sql, const KbDbValue *values, gsize n_values)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = kb_db_query_values (req->db, sql, &error, values, n_values);

  if (stmt == NULL)
    kb_request_reply_db_error (req, error);
  return stmt;
}

/* Returns: (transfer none) (nullable): the body as a JSON object, or NULL
 * after replying 400. */
JsonObject *
kb_request_get_body_object (KbRequest *req)
{
  if (req->body == NULL)
    {
      kb_request_reply_invalid (req, "malformed_json", NULL, "The body must be a JSON object.");
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (req->body))
    {
      kb_request_reply_invalid (req, "wrong_type", NULL, "The body must be a JSON object.");
      return NULL;
    }
  return json_node_get_object (req->body);
}

static JsonNode *
get_member (KbRequest *req, JsonObject *object, const char *member, gboolean required,
            gboolean *ok)
{
  JsonNode *node = json_object_get_member (object, member);

  *ok = TRUE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        {
          g_autofree char *message = g_strdup_printf ("“%s” is required.", member);

          kb_request_reply_invalid (req, "missing_field", member, message);
          *ok = FALSE;
        }
      return NULL;
    }
  return node;
}

static gboolean
wrong_type (KbRequest *req, const char *member, const char *expected)
{
  g_autofree char *message = g_strdup_printf ("“%s” must be %s.", member, expected);

  kb_request_reply_invalid (req, "wrong_type", member, message);
  return FALSE;
}

/* Reads a string member into @value (NULL when absent and optional).
 * Returns FALSE after replying 400 when it is missing, not a string, or
 * longer than @max_chars characters (0: no limit). */
gboolean
kb_request_get_string (KbRequest *req, JsonObject *object, const char *member,
                       gboolean required, gsize max_chars, const char **value)
{
  gboolean ok;
  JsonNode *node = get_member (req, object, member, required, &ok);
  const char *text;

  *value = NULL;
  if (node == NULL)
    return ok;
  if (json_node_get_value_type (node) != G_TYPE_STRING)
    return wrong_type (req, member, "a string");

  text = json_node_get_string (node);
  if (max_chars > 0 && g_utf8_strlen (text, -1) > (glong) max_chars)
    {
      g_autofree char *message = g_strdup_printf ("“%s” is longer than %" G_GSIZE_FORMAT
                                                  " characters.", member, max_chars);
      kb_request_reply_invalid (req, "too_long", member, message);
      return FALSE;
    }
  if (required && *text == '\0')
    {
      g_autofree char *message = g_strdup_printf ("“%s” must not be empty.", member);
      kb_request_reply_invalid (req, "missing_field", member, message);
      return FALSE;
    }
  *value = text;
  return TRUE;
}

gboolean
kb_request_get_int (KbRequest *req, JsonObject *object, const char *member, gboolean required,
                    gint64 *value)
{
  gboolean ok;
  JsonNode *node = get_member (req, object, member, required, &ok);

  if (node == NULL)
    return ok;
  if (json_node_get_value_type (node) != G_TYPE_INT64)
    return wrong_type (req, member, "an integer");
  *value = json_node_get_int (node);
  return TRUE;
}

gboolean
kb_request_get_bool (KbRequest *req, JsonObject *object, const char *member, gboolean *value)
{
  gboolean ok;
  JsonNode *node = get_member (req, object, member, FALSE, &ok);

  if (node == NULL)
    return ok;
  if (json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return wrong_type (req, member, "true or false");
  *value = json_node_get_boolean (node);
  return TRUE;
}

/* Returns: (transfer none) (nullable): the array, or NULL (after replying
 * 400 unless it was optional and absent — check the status). */
JsonArray *
kb_request_get_array (KbRequest *req, JsonObject *object, const char *member, gboolean required)
{
  gboolean ok;
  JsonNode *node = get_member (req, object, member, required, &ok);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      wrong_type (req, member, "an array");
      return NULL;
    }
  return json_node_get_array (node);
}

const char *
kb_request_get_query (KbRequest *req, const char *name)
{
  return req->query != NULL ? g_hash_table_lookup (req->query, name) : NULL;
}

/* Reads an integer query parameter within [min, max], @fallback when absent.
 * Returns FALSE after replying 400 for anything else. */
gboolean
kb_request_get_query_int (KbRequest *req, const char *name, gint64 fallback, gint64 min,
                          gint64 max, gint64 *value)
{
  const char *text = kb_request_get_query (req, name);
  gint64 number;

  *value = fallback;
  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_signed (text, 10, min, max, &number, NULL))
    {
      g_autofree char *message = g_strdup_printf ("“%s” must be an integer from %" G_GINT64_FORMAT
                                                  " to %" G_GINT64_FORMAT ".", name, min, max);
      kb_request_reply_invalid (req, "invalid_value", name, message);
      return FALSE;
    }
  *value = number;
  return TRUE;
}

gboolean
kb_parse_id (const char *text, gint64 *id)
{
  guint64 number;

  if (text == NULL || !g_ascii_isdigit (*text) ||
      !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &number, NULL))
    return FALSE;
  *id = (gint64) number;
  return TRUE;
}

/* Reads the @index-th {…} path segment as an id. An id that is not a number
 * cannot name anything: 404, like an id that is not there. */
gboolean
kb_request_get_id_param (KbRequest *req, guint index, gint64 *id)
{
  if (!kb_parse_id (req->params[index], id))
    {
      kb_request_reply_error (req, SOUP_STATUS_NOT_FOUND, "not_found", "There is no such item.");
      return FALSE;
    }
  return TRUE;
}

char *
kb_format_id (gint64 id)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, id);
}

/* Sets @member of @object to @unix_time as the contract writes a time:
 * ISO 8601 in UTC. */
void
_kb_server_set_time_member (JsonObject *object, const char *member, gint64 unix_time)
{
  g_autofree char *text = kb_date_time_unix_to_iso (unix_time);

  json_object_set_string_member (object, member, text);
}

/* Sets @member of @object to @id as the contract writes an id: text. */
void
_kb_server_set_id_member (JsonObject *object, const char *member, gint64 id)
{
  g_autofree char *text = kb_format_id (id);

  json_object_set_string_member (object, member, text);
}

/* The operator works in Minsk, UTC+03:00 all year since 2011: the calendar
 * rules count days there, whatever the machine's own zone is. */
GTimeZone *
kb_server_time_zone (void)
{
  return g_time_zone_new_offset (3 * 3600);
}

/* Returns: (transfer full): the request's moment in Minsk time, the zone
 * the calendar rules count days in. */
GDateTime *
kb_request_local_now (KbRequest *req)
{
  g_autoptr(GTimeZone) zone = kb_server_time_zone ();

  return g_date_time_to_timezone (req->now, zone);
}

/* A refusal by a calendar rule: the error also says when the operation is
 * possible again, as "reopens_at" (a moment with its offset) and
 * "reopens_on" (the local date). */
void
kb_request_reply_calendar_error (KbRequest *req, const char *code, const char *message,
                                 GDateTime *reopens)
{
  g_autoptr(JsonObject) root = json_object_new ();
  JsonObject *error = json_object_new ();
  g_autofree char *at = kb_date_time_to_iso (reopens);
  g_autofree char *on = kb_date_time_to_iso_date (reopens);
  g_autofree char *full = g_strdup_printf ("%s It is possible again from %s.", message, on);

  json_object_set_string_member (error, "code", code);
  json_object_set_string_member (error, "message", full);
  json_object_set_string_member (error, "reopens_at", at);
  json_object_set_string_member (error, "reopens_on", on);
  json_object_set_object_member (root, "error", error);
  kb_request_reply_json_object (req, SOUP_STATUS_CONFLICT, root);
}
