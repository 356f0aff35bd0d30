/* kb-server-attachments.c — Feedback attachments: upload, download, linking to messages.
 *
 * An upload is the file's bytes as the request body, its name in
 * Content-Disposition (docs/api.md says why not multipart). The type is
 * recognised from the bytes by core's rule, the one the client applies
 * before sending. An attachment belongs to the client that uploaded it
 * (the operator's belong to the question's client) and is linked once, to
 * a question or to one message of it; until then only its owner sees it.
 */
#include "config.h"

#include <string.h>

#include "kb-file-type.h"
#include "kb-server-private.h"
#include "kb-server-routes.h"

/* Returns: the name in @disposition's filename*= (RFC 8187, UTF-8) or
 * filename= parameter, or NULL. libsoup decodes the first into
 * "filename" and prefers it. */
static char *
disposition_file_name (const char *disposition)
{
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  g_autoptr(GHashTable) params = NULL;
  g_autofree char *type = NULL;
  const char *name;

  if (disposition == NULL)
    return NULL;
  soup_message_headers_replace (headers, "Content-Disposition", disposition);
  if (!soup_message_headers_get_content_disposition (headers, &type, &params))
    return NULL;
  name = g_hash_table_lookup (params, "filename");
  return name != NULL ? g_strdup (name) : NULL;
}

typedef struct {
  gint64 client_id;
  const char *name;
  const char *content_type;
  GBytes *bytes;
  const char *sha256;
  gint64 now;
  gint64 id;                /* set when written */
} AttachmentWrite;

static gboolean
insert_attachment (KbDb *db, AttachmentWrite *w, GError **error)
{
  sqlite3_stmt *stmt;
  gsize size;
  gconstpointer data = g_bytes_get_data (w->bytes, &size);

  stmt = kb_db_prepare (db, "INSERT INTO attachments (client_id, name, content_type, size, sha256,"
                        " data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?);", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, w->client_id);
  kb_db_bind_text (stmt, 2, w->name);
  kb_db_bind_text (stmt, 3, w->content_type);
  sqlite3_bind_int64 (stmt, 4, (gint64) size);
  kb_db_bind_text (stmt, 5, w->sha256);
  sqlite3_bind_blob64 (stmt, 6, data, size, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, w->now);
  if (!kb_db_step_done (db, stmt, error))
    return FALSE;
  w->id = sqlite3_last_insert_rowid (kb_db_get_handle (db));
  return TRUE;
}

static JsonObject *
attachment_from_row (sqlite3_stmt *stmt, gpointer data)
{
  JsonObject *object = json_object_new ();
  gboolean with_hash = GPOINTER_TO_INT (data);

  _kb_server_set_id_member (object, "id", sqlite3_column_int64 (stmt, 0));
  json_object_set_string_member (object, "name", kb_db_column_text (stmt, 1));
  json_object_set_int_member (object, "size", sqlite3_column_int64 (stmt, 2));
  json_object_set_string_member (object, "content_type", kb_db_column_text (stmt, 3));
  if (with_hash)
    json_object_set_string_member (object, "sha256", kb_db_column_text (stmt, 4));
  return object;
}

#define ATTACHMENT_COLUMNS "id, name, size, content_type, sha256"

/**
 * _kb_server_attachments_of:
 * @message_id: the message's id, or 0 for the question's own attachments
 *
 * Returns: (transfer full) (nullable): the attachments linked to
 * @question_id's message, oldest first, or NULL with @error.
 */
/* A message id of 0 stands for the question itself: NULL in the table. */
static KbDbValue
message_value (gint64 message_id)
{
  return message_id > 0 ? KB_DB_INT (message_id) : KB_DB_NULL;
}

JsonArray *
_kb_server_attachments_of (KbDb *db, gint64 question_id, gint64 message_id, GError **error)
{
  sqlite3_stmt *stmt = kb_db_query (db, "SELECT " ATTACHMENT_COLUMNS " FROM attachments"
                                    " WHERE question_id = ? AND message_id IS ? ORDER BY id;",
                                    error, KB_DB_INT (question_id), message_value (message_id));

  if (stmt == NULL)
    return NULL;
  return _kb_server_collect_rows (db, stmt, attachment_from_row, GINT_TO_POINTER (FALSE), error);
}

/**
 * _kb_server_read_attachment_ids:
 * @ids: (out): the ids in "attachment_ids", in order
 *
 * Reads the optional "attachment_ids" of @body: at most
 * %KB_ATTACHMENT_MAX_PER_MESSAGE ids, each named once.
 *
 * Returns: FALSE after replying 400 or 422.
 */
gboolean
_kb_server_read_attachment_ids (KbRequest *req, JsonObject *body, GArray **ids)
{
  JsonArray *array = NULL;
  g_autoptr(GArray) result = g_array_new (FALSE, FALSE, sizeof (gint64));

  array = kb_request_get_array (req, body, "attachment_ids", FALSE);
  if (array == NULL && soup_server_message_get_status (req->msg) != 0)
    return FALSE;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      const char *text = JSON_NODE_HOLDS_VALUE (node) &&
                         json_node_get_value_type (node) == G_TYPE_STRING ?
                         json_node_get_string (node) : NULL;
      gint64 id;

      if (text == NULL || !kb_parse_id (text, &id))
        {
          kb_request_reply_invalid (req, "wrong_type", "attachment_ids",
                                    "“attachment_ids” holds attachment ids (strings of digits).");
          return FALSE;
        }
      for (guint j = 0; j < result->len; j++)
        if (g_array_index (result, gint64, j) == id)
          {
            kb_request_reply_invalid (req, "invalid_value", "attachment_ids",
                                      "An attachment is named twice.");
            return FALSE;
          }
      g_array_append_val (result, id);
    }
  if (result->len > KB_ATTACHMENT_MAX_PER_MESSAGE)
    {
      kb_request_reply_error (req, SOUP_STATUS_UNPROCESSABLE_ENTITY, "too_many_attachments",
                              "A message has at most %d attachments.",
                              KB_ATTACHMENT_MAX_PER_MESSAGE);
      return FALSE;
    }
  *ids = g_steal_pointer (&result);
  return TRUE;
}

/**
 * _kb_server_link_attachments:
 * @message_id: the message, or 0 for the question itself
 *
 * Links @ids, attachments of @client_id not linked yet, to the question's
 * message, in the current transaction. Another client's attachment fails
 * with %KB_SERVER_ERROR_NOT_FOUND, exactly like one that does not exist;
 * one already linked with %KB_SERVER_ERROR_EXISTS.
 */
gboolean
_kb_server_link_attachments (KbDb *db, gint64 client_id, GArray *ids, gint64 question_id,
                             gint64 message_id, GError **error)
{
  for (guint i = 0; ids != NULL && i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      sqlite3_stmt *stmt;
      gboolean found, linked = FALSE;

      stmt = kb_db_query (db,
                          "SELECT question_id IS NOT NULL FROM attachments"
                          " WHERE id = ? AND client_id = ?;",
                          error, KB_DB_INT (id), KB_DB_INT (client_id));
      if (stmt == NULL)
        return FALSE;
      found = sqlite3_step (stmt) == SQLITE_ROW;
      if (found)
        linked = sqlite3_column_int (stmt, 0) != 0;
      sqlite3_reset (stmt);
      if (!found)
        {
          g_set_error (error, KB_SERVER_ERROR, KB_SERVER_ERROR_NOT_FOUND,
                       "There is no attachment %" G_GINT64_FORMAT ".", id);
          return FALSE;
        }
      if (linked)
        {
          g_set_error (error, KB_SERVER_ERROR, KB_SERVER_ERROR_EXISTS,
                       "Attachment %" G_GINT64_FORMAT " belongs to another message.", id);
          return FALSE;
        }

      if (!kb_db_run (db, "UPDATE attachments SET question_id = ?, message_id = ? WHERE id = ?;",
                      error, KB_DB_INT (question_id), message_value (message_id), KB_DB_INT (id)))
        return FALSE;
    }
  return TRUE;
}

/* Answers a failed _kb_server_link_attachments() or a failed write around
 * it, ending the request's transaction. */
void
_kb_server_reply_link_error (KbRequest *req, GError *error)
{
  if (g_error_matches (error, KB_SERVER_ERROR, KB_SERVER_ERROR_NOT_FOUND))
    {
      kb_db_rollback (req->db);
      kb_request_reply_error (req, SOUP_STATUS_NOT_FOUND, "attachment_not_found", "%s",
                              error->message);
    }
  else if (g_error_matches (error, KB_SERVER_ERROR, KB_SERVER_ERROR_EXISTS))
    {
      kb_db_rollback (req->db);
      kb_request_reply_error (req, SOUP_STATUS_CONFLICT, "attachment_in_use", "%s",
                              error->message);
    }
  else
    kb_request_abort_write (req, error);
}

/**
 * _kb_server_store_attachment:
 * @name: the name the file was sent with (made safe here)
 *
 * Stores @bytes as an attachment of @client_id in its own transaction.
 *
 * Returns: its id, or 0 with @error: %KB_SERVER_ERROR_INVALID for a file
 * that is not of an allowed type or size.
 */
gint64
_kb_server_store_attachment (KbDb *db, gint64 client_id, const char *name, GBytes *bytes,
                             gint64 now, GError **error)
{
  g_autofree char *safe_name = kb_file_type_safe_name (name);
  g_autofree char *sha256 = NULL;
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  AttachmentWrite w = { client_id, safe_name, NULL, bytes, NULL, now, 0 };

  w.content_type = kb_file_type_sniff (data, size, safe_name);
  if (w.content_type == NULL || size > KB_ATTACHMENT_MAX_SIZE)
    {
      g_set_error_literal (error, KB_SERVER_ERROR, KB_SERVER_ERROR_INVALID,
                           "Not an allowed attachment");
      return 0;
    }
  sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, size);
  w.sha256 = sha256;
  if (!kb_db_begin (db, error))
    return 0;
  if (!insert_attachment (db, &w, error) || !kb_db_commit (db, error))
    {
      kb_db_rollback (db);
      return 0;
    }
  return w.id;
}

static void
reply_attachment (KbRequest *req, guint status, gint64 id)
{
  sqlite3_stmt *stmt = kb_request_query (req,
                                         "SELECT " ATTACHMENT_COLUMNS " FROM attachments"
                                         " WHERE id = ?;",
                                         KB_DB_INT (id));
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *location = g_strdup_printf ("/api/v1/attachments/%" G_GINT64_FORMAT, id);

  if (stmt == NULL)
    return;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    object = attachment_from_row (stmt, GINT_TO_POINTER (TRUE));
  sqlite3_reset (stmt);
  if (object == NULL)
    {
      kb_request_reply_error (req, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error",
                              "The attachment went missing.");
      return;
    }
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "Location", location);
  kb_request_reply_json_object (req, status, object);
}

/* Reads, checks and stores the request's body as an attachment of
 * @client_id, under the request's Idempotency-Key. */
static void
upload (KbRequest *req, gint64 client_id)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (req->msg));
  g_autofree char *sent_name = disposition_file_name (soup_message_headers_get_one (headers,
                                                                                    "Content-Disposition"));
  g_autofree char *name = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *request_hash = NULL;
  g_autoptr(GError) error = NULL;
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  const char *key = NULL;
  KbIdempotency idempotency;
  AttachmentWrite w = { client_id, NULL, NULL, bytes, NULL, req->now_unix, 0 };

  if (req->route->auth == KB_AUTH_CLIENT)
    {
      key = kb_request_require_idempotency_key (req, "Uploading an attachment");
      if (key == NULL)
        return;
    }
  if (sent_name == NULL)
    {
      kb_request_reply_invalid (req, "missing_field", "Content-Disposition",
                                "Name the file in Content-Disposition: attachment; filename*=….");
      return;
    }
  if (size == 0)
    {
      kb_request_reply_invalid (req, "invalid_value", "body", "The file is empty.");
      return;
    }
  name = kb_file_type_safe_name (sent_name);
  w.name = name;
  w.content_type = kb_file_type_sniff (data, size, name);
  if (w.content_type == NULL)
    {
      kb_request_reply_error (req, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                              "Only PNG, JPEG, PDF, CSV, XLSX and plain text files are accepted.");
      return;
    }

  sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, size);
  w.sha256 = sha256;
  request_hash = g_strdup_printf ("%s:%s", sha256, name);
  idempotency = (KbIdempotency) { "upload_attachment", key, request_hash, reply_attachment,
                                  "This Idempotency-Key was used for a different file." };
  if (!kb_request_idempotency_begin (req, &idempotency))
    return;
  if (!insert_attachment (req->db, &w, &error) ||
      !kb_request_idempotency_store (req, &idempotency, w.id, &error) ||
      !kb_db_commit (req->db, &error))
    {
      kb_request_abort_write (req, error);
      return;
    }
  reply_attachment (req, SOUP_STATUS_CREATED, w.id);
}

/* POST /attachments — the file's bytes, Content-Disposition, Idempotency-Key */
void
_kb_server_attachments_create (KbRequest *req)
{
  upload (req, req->client_id);
}

/* POST /operator/questions/{id}/attachments — the operator's file for an
 * answer to question {id}; it belongs to the question's client. */
void
_kb_server_operator_attach (KbRequest *req)
{
  sqlite3_stmt *stmt;
  gint64 id, client_id = 0;

  if (!kb_request_get_id_param (req, 0, &id))
    return;
  stmt = kb_request_query (req, "SELECT client_id FROM questions WHERE id = ?;", KB_DB_INT (id));
  if (stmt == NULL)
    return;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    client_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (client_id == 0)
    {
      kb_request_reply_error (req, SOUP_STATUS_NOT_FOUND, "not_found",
                              "There is no such question.");
      return;
    }
  upload (req, client_id);
}

/* Percent-encodes @name for filename*= (RFC 8187): everything but
 * unreserved ASCII. */
static char *
encode_file_name (const char *name)
{
  return g_uri_escape_string (name, NULL, FALSE);
}

/* GET /attachments/{id} — the bytes, with the type they were recognised
 * as and a Content-Disposition no browser or client can misread. */
void
_kb_server_attachments_get (KbRequest *req)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (req->msg);
  g_autofree char *encoded = NULL;
  g_autofree char *disposition = NULL;
  g_autoptr(GString) ascii = g_string_new (NULL);
  g_autofree char *content_type = NULL;
  g_autoptr(GBytes) bytes = NULL;
  sqlite3_stmt *stmt;
  gint64 id;

  if (!kb_request_get_id_param (req, 0, &id))
    return;
  stmt = kb_request_query (req,
                           "SELECT name, content_type, data FROM attachments"
                           " WHERE id = ? AND client_id = ?;",
                           KB_DB_INT (id), KB_DB_INT (req->client_id));
  if (stmt == NULL)
    return;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      kb_request_reply_error (req, SOUP_STATUS_NOT_FOUND, "not_found",
                              "There is no such attachment.");
      return;
    }
  encoded = encode_file_name (kb_db_column_text (stmt, 0));
  for (const char *p = kb_db_column_text (stmt, 0); *p != '\0'; p = g_utf8_next_char (p))
    g_string_append_c (ascii, g_ascii_isalnum (*p) || strchr ("._- ", *p) != NULL ? *p : '_');
  /* Text is only ever stored when it is UTF-8 (kb_file_type_sniff()): say
   * so, or a browser may guess another encoding. */
  if (g_str_has_prefix (kb_db_column_text (stmt, 1), "text/"))
    content_type = g_strconcat (kb_db_column_text (stmt, 1), "; charset=utf-8", NULL);
  else
    content_type = g_strdup (kb_db_column_text (stmt, 1));
  bytes = g_bytes_new (sqlite3_column_blob (stmt, 2), (gsize) sqlite3_column_bytes (stmt, 2));
  sqlite3_reset (stmt);

  disposition = g_strdup_printf ("attachment; filename=\"%s\"; filename*=UTF-8''%s",
                                 ascii->str, encoded);
  soup_message_headers_replace (headers, "Content-Disposition", disposition);
  soup_message_headers_replace (headers, "Cache-Control", "private, max-age=31536000, immutable");
  soup_server_message_set_status (req->msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (req->msg, content_type, SOUP_MEMORY_COPY,
                                    g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

/* ---- A small PDF ------------------------------------------------------------- */

/* Escapes a line for a PDF literal string; the text is ASCII (anything
 * else becomes "?", the built-in Helvetica has no Cyrillic). */
static void
append_pdf_text (GString *out, const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '(' || *p == ')' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, (guchar) *p < 0x80 ? *p : '?');
    }
}

/**
 * _kb_server_pdf_new:
 * @lines: (array zero-terminated=1): the page's lines
 *
 * Returns: a small, valid one-page PDF showing @lines: the demo invoice and
 * the demo operator's attachment.
 */
GBytes *
_kb_server_pdf_new (const char * const *lines)
{
  g_autoptr(GString) content = g_string_new ("BT /F1 14 Tf 72 760 Td");
  GString *pdf = g_string_new ("%PDF-1.4\n");
  gsize offsets[6];
  gsize xref;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_string_append (content, i == 0 ? " (" : " 0 -24 Td (");
      append_pdf_text (content, lines[i]);
      g_string_append (content, ") Tj");
    }
  g_string_append (content, " ET");

  offsets[1] = pdf->len;
  g_string_append (pdf, "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n");
  offsets[2] = pdf->len;
  g_string_append (pdf, "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n");
  offsets[3] = pdf->len;
  g_string_append (pdf, "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
                   " /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >> endobj\n");
  offsets[4] = pdf->len;
  g_string_append_printf (pdf, "4 0 obj << /Length %" G_GSIZE_FORMAT " >> stream\n%s\nendstream endobj\n",
                          content->len, content->str);
  offsets[5] = pdf->len;
  g_string_append (pdf, "5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj\n");
  xref = pdf->len;
  g_string_append (pdf, "xref\n0 6\n0000000000 65535 f \n");
  for (guint i = 1; i < 6; i++)
    g_string_append_printf (pdf, "%010" G_GSIZE_FORMAT " 00000 n \n", offsets[i]);
  g_string_append_printf (pdf, "trailer << /Size 6 /Root 1 0 R >>\nstartxref\n%" G_GSIZE_FORMAT "\n%%%%EOF\n",
                          xref);
  return g_string_free_to_bytes (pdf);
}

/* ---- For tests ----------------------------------------------------------------- */

typedef struct {
  const char *sha256;
  guint count;
} CountCall;

static void
count_on_server (KbServer *self, gpointer data)
{
  CountCall *call = data;
  gint64 count;

  if (!_kb_server_db_is_open (self, NULL))
    return;
  if (kb_db_read_int (self->db, kb_db_query (self->db, "SELECT COUNT(*) FROM attachments"
                                             " WHERE ?1 IS NULL OR sha256 = ?1;", NULL,
                                             KB_DB_TEXT (call->sha256)), &count, NULL))
    call->count = (guint) count;
}

/**
 * kb_server_count_attachments:
 * @sha256: (nullable): count only the files with these bytes
 *
 * Thread-safe: how many attachments the server keeps, of every client.
 */
guint
kb_server_count_attachments (KbServer *self, const char *sha256)
{
  CountCall call = { sha256, 0 };

  g_return_val_if_fail (KB_IS_SERVER (self), 0);
  _kb_server_run_sync (self, count_on_server, &call);
  return call.count;
}
