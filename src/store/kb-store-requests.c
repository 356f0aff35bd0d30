/* kb-store-requests.c — the cached operator's requests, with the list's cursor and ETag.
 *
 * The server's list is read with a "since" cursor, so a save merges: each
 * request given replaces its row, and the rows older than the history's
 * first day go. A request made by an operation's reply is saved the same
 * way, without a cursor, so that the next list still asks for it.
 *
 * Each row keeps the text GNOME Shell's search finds it by (search_text,
 * migration 12 in kb-store.c), and the writers here keep the trigram index
 * of it up to date: a row's old text leaves the index before the row is
 * replaced or dropped, and its new text enters after.
 */
#include "config.h"

#include "kb-store-requests.h"

#include <string.h>

#include "kb-date.h"
#include "kb-store-private.h"

#define CURSOR_KEY "requests_cursor"
#define ETAG_KEY "requests_etag"

typedef struct {
  GPtrArray *requests;
  const char *history_from;
  const char *cursor;
  const char *etag;
  GDateTime *fetched_at;
} Write;

/* Returns: (transfer full): what the search finds @request by, folded as
 * the search folds its terms: its number as shown (З-2026-000123), without
 * the letter (2026-000123) and in digits alone (2026000123, as a number
 * typed with dashes reaches the search), the words its kind and status
 * are shown with, and what it concerns. */
static char *
dup_search_text (KbOperatorRequest *request)
{
  const char *number = kb_operator_request_get_number (request);
  const char *dash = strchr (number, '-');
  const char *detail = kb_operator_request_get_detail (request);
  KbOperatorRequestKind kind = kb_operator_request_get_kind (request);
  KbOperatorRequestStatus status = kb_operator_request_get_status (request);
  g_autoptr(GString) text = g_string_new (number);
  g_autoptr(GString) digits = g_string_new (NULL);

  for (const char *p = number; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);
  g_string_append_printf (text, " %s %s %s %s %s %s", dash != NULL ? dash + 1 : "", digits->str,
                          kb_operator_request_kind_to_display (kind),
                          kb_operator_request_status_to_display (status),
                          kb_operator_request_get_subject (request), detail != NULL ? detail : "");
  return kb_subscriber_fold (text->str);
}

static gboolean
write_requests (KbDb *db, gpointer data, GError **error)
{
  Write *w = data;
  sqlite3_stmt *stmt, *unindex, *index;

  stmt = kb_db_prepare (db, "INSERT OR REPLACE INTO operator_request (id, number, kind, status,"
                        " reason, subject, detail, count, rejected_count, target_type, target_id,"
                        " created_at, updated_at, effective_at, search_text)"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
                        " ?15)", error);
  /* A row cached before migration 12 has no text, and was never indexed. */
  unindex = kb_db_prepare (db, "INSERT INTO operator_request_search"
                           " (operator_request_search, rowid, text)"
                           " SELECT 'delete', source_rowid, text FROM operator_request_search_text"
                           " WHERE source_rowid ="
                           " (SELECT rowid FROM operator_request WHERE id = ?1) AND text != ''",
                           error);
  index = kb_db_prepare (db, "INSERT INTO operator_request_search (rowid, text)"
                         " SELECT source_rowid, text FROM operator_request_search_text"
                         " WHERE source_rowid = (SELECT rowid FROM operator_request WHERE id = ?1)",
                         error);
  if (stmt == NULL || unindex == NULL || index == NULL)
    return FALSE;
  for (guint i = 0; i < w->requests->len; i++)
    {
      KbOperatorRequest *request = g_ptr_array_index (w->requests, i);
      const char *id = kb_operator_request_get_id (request);
      g_autofree char *search_text = dup_search_text (request);

      kb_db_bind_text (unindex, 1, id);
      if (!kb_db_step_done (db, unindex, error))
        return FALSE;

      kb_db_bind_text (stmt, 1, kb_operator_request_get_id (request));
      kb_db_bind_text (stmt, 2, kb_operator_request_get_number (request));
      kb_db_bind_text (stmt, 3, kb_enum_to_nick (KB_TYPE_OPERATOR_REQUEST_KIND,
                                                 kb_operator_request_get_kind (request)));
      kb_db_bind_text (stmt, 4, kb_enum_to_nick (KB_TYPE_OPERATOR_REQUEST_STATUS,
                                                 kb_operator_request_get_status (request)));
      kb_db_bind_text (stmt, 5, kb_operator_request_get_reason (request));
      kb_db_bind_text (stmt, 6, kb_operator_request_get_subject (request));
      kb_db_bind_text (stmt, 7, kb_operator_request_get_detail (request));
      sqlite3_bind_int64 (stmt, 8, kb_operator_request_get_count (request));
      sqlite3_bind_int64 (stmt, 9, kb_operator_request_get_rejected_count (request));
      kb_db_bind_text (stmt, 10, kb_operator_request_get_target_type (request));
      kb_db_bind_text (stmt, 11, kb_operator_request_get_target_id (request));
      sqlite3_bind_int64 (stmt, 12, kb_operator_request_get_created_at (request));
      sqlite3_bind_int64 (stmt, 13, kb_operator_request_get_updated_at (request));
      sqlite3_bind_int64 (stmt, 14, kb_operator_request_get_effective_at (request));
      kb_db_bind_text (stmt, 15, search_text);
      kb_db_bind_text (index, 1, id);
      if (!kb_db_step_done (db, stmt, error) || !kb_db_step_done (db, index, error))
        return FALSE;
    }

  if (w->history_from != NULL)
    {
      g_autoptr(GDate) from = kb_date_new_from_iso (w->history_from);

      if (from != NULL)
        {
          g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
          g_autoptr(GDateTime) start = g_date_time_new (utc, g_date_get_year (from),
                                                        g_date_get_month (from),
                                                        g_date_get_day (from), 0, 0, 0);

          /* A day early: the history's first day is in Minsk, a day of UTC
           * either side does no harm, and the server's list decides. */
          unindex = kb_db_prepare (db, "INSERT INTO operator_request_search"
                                   " (operator_request_search, rowid, text)"
                                   " SELECT 'delete', rowid, search_text FROM operator_request"
                                   " WHERE created_at < ?1 AND search_text != ''", error);
          stmt = kb_db_prepare (db, "DELETE FROM operator_request WHERE created_at < ?1", error);
          if (stmt == NULL || unindex == NULL)
            return FALSE;
          sqlite3_bind_int64 (unindex, 1, g_date_time_to_unix (start) - 24 * 3600);
          sqlite3_bind_int64 (stmt, 1, g_date_time_to_unix (start) - 24 * 3600);
          if (!kb_db_step_done (db, unindex, error) || !kb_db_step_done (db, stmt, error))
            return FALSE;
        }
    }
  if (w->cursor != NULL &&
      (!_kb_store_set_meta (db, CURSOR_KEY, w->cursor, error) ||
       !_kb_store_set_meta (db, ETAG_KEY, w->etag, error)))
    return FALSE;
  return w->fetched_at == NULL || _kb_store_write_fetched_at (db, KB_STORE_REQUESTS, w->fetched_at, error);
}

/**
 * kb_store_save_operator_requests:
 * @requests: (element-type KbOperatorRequest): new or changed requests
 * @history_from: (nullable): YYYY-MM-DD, the first day the server's list
 *   covers; older rows are dropped
 * @cursor: (nullable): the list's cursor; NULL keeps the one saved (a
 *   request from an operation's reply)
 * @fetched_at: (nullable): when the server confirmed the list
 *
 * Merges @requests into the cache in one transaction.
 */
gboolean
kb_store_save_operator_requests (KbStore    *self,
                                 GPtrArray  *requests,
                                 const char *history_from,
                                 const char *cursor,
                                 const char *etag,
                                 GDateTime  *fetched_at,
                                 GError    **error)
{
  Write w = { requests, history_from, cursor, etag, fetched_at };

  g_return_val_if_fail (KB_IS_STORE (self), FALSE);
  return kb_db_transaction (_kb_store_get_db (self), write_requests, &w, error);
}

/* Returns: (transfer full): the request in a row of KB_STORE_OPERATOR_REQUEST_COLUMNS. */
KbOperatorRequest *
_kb_store_operator_request_from_row (sqlite3_stmt *stmt)
{
  KbOperatorRequestFields fields = {
    .id = kb_db_column_text (stmt, 0),
    .number = kb_db_column_text (stmt, 1),
    .kind = kb_enum_from_nick (KB_TYPE_OPERATOR_REQUEST_KIND, kb_db_column_text (stmt, 2),
                               KB_OPERATOR_REQUEST_KIND_UNKNOWN),
    .status = kb_enum_from_nick (KB_TYPE_OPERATOR_REQUEST_STATUS, kb_db_column_text (stmt, 3),
                                 KB_OPERATOR_REQUEST_STATUS_ACCEPTED),
    .reason = kb_db_column_text (stmt, 4),
    .subject = kb_db_column_text (stmt, 5),
    .detail = kb_db_column_text (stmt, 6),
    .count = (guint) sqlite3_column_int64 (stmt, 7),
    .rejected_count = (guint) sqlite3_column_int64 (stmt, 8),
    .target_type = kb_db_column_text (stmt, 9),
    .target_id = kb_db_column_text (stmt, 10),
    .created_at = sqlite3_column_int64 (stmt, 11),
    .updated_at = sqlite3_column_int64 (stmt, 12),
    .effective_at = sqlite3_column_int64 (stmt, 13),
  };

  return kb_operator_request_new (&fields);
}

/**
 * kb_store_load_operator_requests:
 * @cursor: (out) (optional) (nullable): the list's saved cursor
 * @etag: (out) (optional) (nullable): and its ETag
 *
 * Returns: (transfer full) (element-type KbOperatorRequest): the cached
 *   requests, newest first
 */
GPtrArray *
kb_store_load_operator_requests (KbStore *self, char **cursor, char **etag, GError **error)
{
  GPtrArray *requests;

  g_return_val_if_fail (KB_IS_STORE (self), NULL);

  requests = _kb_store_load_list (self, "SELECT " KB_STORE_OPERATOR_REQUEST_COLUMNS
                                  " FROM operator_request ORDER BY created_at DESC,"
                                  " CAST (id AS INTEGER) DESC",
                                  (KbStoreRowFunc) _kb_store_operator_request_from_row, NULL, NULL,
                                  error);
  if (requests == NULL)
    return NULL;
  if (cursor != NULL)
    *cursor = _kb_store_dup_meta (_kb_store_get_db (self), CURSOR_KEY, NULL);
  if (etag != NULL)
    *etag = _kb_store_dup_meta (_kb_store_get_db (self), ETAG_KEY, NULL);
  return requests;
}
