/* kb-server-subscribers.c — subscribers (paged, searchable), one rename, the service catalogue.
 *
 * A rename takes effect 24 hours after it was accepted: until then the row
 * keeps its name and shows the pending one. The effective name is computed
 * in the query from the clock, so nothing has to run at that moment.
 */
#include "config.h"

#include <string.h>

#include "kb-calendar.h"
#include "kb-server-private.h"
#include "kb-server-routes.h"
#include "kb-subscriber.h"

#define SUBSCRIBERS_DEFAULT_LIMIT 100
#define SUBSCRIBERS_MAX_LIMIT     10000
#define RENAME_DELAY_SECONDS      (24 * 3600)

/* ?1 is now: a pending name whose time has come is the name. */
#define SUBSCRIBER_COLUMNS \
  "id, number," \
  " CASE WHEN pending_effective_at <= ?1 THEN pending_name ELSE name END," \
  " tariff, status," \
  " CASE WHEN pending_effective_at > ?1 THEN pending_name END," \
  " CASE WHEN pending_effective_at > ?1 THEN pending_effective_at END"

static JsonObject *
subscriber_from_row (sqlite3_stmt *stmt, gpointer data)
{
  JsonObject *object = json_object_new ();

  _kb_server_set_id_member (object, "id", sqlite3_column_int64 (stmt, 0));
  json_object_set_string_member (object, "number", kb_db_column_text (stmt, 1));
  json_object_set_string_member (object, "name", kb_db_column_text (stmt, 2));
  json_object_set_string_member (object, "tariff", kb_db_column_text (stmt, 3));
  json_object_set_string_member (object, "status", kb_db_column_text (stmt, 4));
  if (sqlite3_column_type (stmt, 5) != SQLITE_NULL)
    {
      JsonObject *pending = json_object_new ();

      json_object_set_string_member (pending, "name", kb_db_column_text (stmt, 5));
      _kb_server_set_time_member (pending, "effective_at", sqlite3_column_int64 (stmt, 6));
      json_object_set_object_member (object, "pending_rename", pending);
    }
  return object;
}

/* Appends the row as subscriber_from_row() makes it, written out: a page
 * of 10 000 is printed in a fifth of the time a tree of JsonObjects takes
 * to build and print, and the page is what a first sync waits for. */
static void
append_subscriber (GString *out, sqlite3_stmt *stmt)
{
  g_string_append_printf (out, "{\"id\":\"%" G_GINT64_FORMAT "\",\"number\":",
                          (gint64) sqlite3_column_int64 (stmt, 0));
  kb_json_append_string (out, kb_db_column_text (stmt, 1));
  g_string_append (out, ",\"name\":");
  kb_json_append_string (out, kb_db_column_text (stmt, 2));
  g_string_append (out, ",\"tariff\":");
  kb_json_append_string (out, kb_db_column_text (stmt, 3));
  g_string_append (out, ",\"status\":");
  kb_json_append_string (out, kb_db_column_text (stmt, 4));
  if (sqlite3_column_type (stmt, 5) != SQLITE_NULL)
    {
      g_autofree char *at = kb_date_time_unix_to_iso (sqlite3_column_int64 (stmt, 6));

      g_string_append (out, ",\"pending_rename\":{\"name\":");
      kb_json_append_string (out, kb_db_column_text (stmt, 5));
      g_string_append (out, ",\"effective_at\":");
      kb_json_append_string (out, at);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, '}');
}

/* Escapes LIKE's wildcards so that a search for "50%" finds "50%". */
static char *
like_pattern (const char *query)
{
  GString *pattern = g_string_new ("%");

  for (const char *p = query; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');
  return g_string_free (pattern, FALSE);
}

/* GET /subscribers?query=&offset=&limit= */
void
_kb_server_subscribers_list (KbRequest *req)
{
  const char *query = kb_request_get_query (req, "query");
  g_autofree char *pattern = NULL;
  g_autofree char *folded = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = NULL;
  sqlite3_stmt *stmt;
  gint64 offset, limit, total = 0;

  if (!kb_request_get_query_int (req, "offset", 0, 0, G_MAXINT32, &offset) ||
      !kb_request_get_query_int (req, "limit", SUBSCRIBERS_DEFAULT_LIMIT, 1, SUBSCRIBERS_MAX_LIMIT, &limit))
    return;
  if (query != NULL && g_utf8_strlen (query, -1) > 100)
    {
      kb_request_reply_invalid (req, "too_long", "query", "“query” is longer than 100 characters.");
      return;
    }

  /* SQLite's LIKE folds ASCII only: Cyrillic names are matched on a
   * lower-cased copy of both sides. */
  if (query != NULL && *query != '\0')
    {
      folded = g_utf8_strdown (query, -1);
      pattern = like_pattern (folded);
    }

  stmt = kb_db_query (
      req->db,
      "SELECT COUNT(*) FROM subscribers WHERE client_id = ?2"
      " AND (?3 IS NULL OR number LIKE ?3 ESCAPE '\\'"
      " OR kb_lower (CASE WHEN pending_effective_at <= ?1 THEN pending_name ELSE name END)"
      " LIKE ?3 ESCAPE '\\');",
      &error, KB_DB_INT (req->now_unix), KB_DB_INT (req->client_id), KB_DB_TEXT (pattern));
  if (!kb_db_read_int (req->db, stmt, &total, &error))
    goto failed;

  stmt = kb_db_query (
      req->db,
      "SELECT " SUBSCRIBER_COLUMNS " FROM subscribers WHERE client_id = ?2"
      " AND (?3 IS NULL OR number LIKE ?3 ESCAPE '\\'"
      " OR kb_lower (CASE WHEN pending_effective_at <= ?1 THEN pending_name ELSE name END)"
      " LIKE ?3 ESCAPE '\\')"
      " ORDER BY number LIMIT ?4 OFFSET ?5;",
      &error, KB_DB_INT (req->now_unix), KB_DB_INT (req->client_id), KB_DB_TEXT (pattern),
      KB_DB_INT (limit), KB_DB_INT (offset));
  if (stmt == NULL)
    goto failed;

  text = g_string_sized_new (64 + (gsize) MIN (limit, total) * 128);
  g_string_append (text, "{\"subscribers\":[");
  while (kb_db_step_row (req->db, stmt, &error))
    {
      if (text->str[text->len - 1] != '[')
        g_string_append_c (text, ',');
      append_subscriber (text, stmt);
    }
  if (error != NULL)
    goto failed;
  g_string_append_printf (text, "],\"total\":%" G_GINT64_FORMAT ",\"offset\":%" G_GINT64_FORMAT
                          ",\"limit\":%" G_GINT64_FORMAT "}", total, offset, limit);
  kb_request_reply_json_text_compressed (req, SOUP_STATUS_OK, g_string_free (g_steal_pointer (&text), FALSE));
  return;

failed:
  kb_request_reply_db_error (req, error);
}

/* A service a subscriber has, from a row of (code, name). */
static JsonObject *
service_from_row (sqlite3_stmt *stmt, gpointer data)
{
  JsonObject *service = json_object_new ();

  json_object_set_string_member (service, "code", kb_db_column_text (stmt, 0));
  json_object_set_string_member (service, "name", kb_db_column_text (stmt, 1));
  return service;
}

static JsonObject *
load_subscriber (KbRequest *req, gint64 id, GError **error)
{
  sqlite3_stmt *stmt;
  JsonObject *object = NULL;
  JsonArray *services;

  stmt = kb_db_query (req->db,
                      "SELECT " SUBSCRIBER_COLUMNS " FROM subscribers"
                      " WHERE id = ?2 AND client_id = ?3;",
                      error, KB_DB_INT (req->now_unix), KB_DB_INT (id), KB_DB_INT (req->client_id));
  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    object = subscriber_from_row (stmt, NULL);
  sqlite3_reset (stmt);
  if (object == NULL)
    return NULL;

  stmt = kb_db_prepare (req->db,
                        "SELECT s.code, s.name FROM subscriber_services ss"
                        " JOIN services s ON s.code = ss.service_code"
                        " WHERE ss.subscriber_id = ? ORDER BY s.code;", error);
  if (stmt == NULL)
    {
      json_object_unref (object);
      return NULL;
    }
  sqlite3_bind_int64 (stmt, 1, id);
  services = _kb_server_collect_rows (req->db, stmt, service_from_row, NULL, error);
  if (services == NULL)
    {
      json_object_unref (object);
      return NULL;
    }
  json_object_set_array_member (object, "services", services);
  return object;
}

/* Returns: (transfer full) (nullable): subscriber @id of the client, or
 * NULL after replying 404 (500 when the database failed). */
static JsonObject *
find_subscriber (KbRequest *req, gint64 id)
{
  g_autoptr(GError) error = NULL;
  JsonObject *subscriber = load_subscriber (req, id, &error);

  if (subscriber != NULL)
    return subscriber;
  if (error != NULL)
    kb_request_reply_db_error (req, error);
  else
    kb_request_reply_error (req, SOUP_STATUS_NOT_FOUND, "not_found", "There is no such subscriber.");
  return NULL;
}

/* GET /subscribers/{id} */
void
_kb_server_subscribers_get (KbRequest *req)
{
  g_autoptr(JsonObject) subscriber = NULL;
  gint64 id;

  if (!kb_request_get_id_param (req, 0, &id))
    return;
  subscriber = find_subscriber (req, id);
  if (subscriber == NULL)
    return;
  kb_request_reply_json_object (req, SOUP_STATUS_OK, subscriber);
}

/* Records a rename of subscriber @id (of the request's client) that takes
 * effect in 24 hours, in the current transaction. */
gboolean
_kb_server_rename_subscriber (KbRequest *req, gint64 id, const char *name, gint64 batch_id,
                              GError **error)
{
  sqlite3_stmt *stmt;

  stmt = kb_db_prepare (req->db,
                        "INSERT INTO renames (client_id, subscriber_id, batch_id, old_name, new_name,"
                        " requested_at, effective_at)"
                        " SELECT client_id, id, ?3, CASE WHEN pending_effective_at <= ?4"
                        " THEN pending_name ELSE name END, ?5, ?4, ?6 FROM subscribers"
                        " WHERE id = ?1 AND client_id = ?2;", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, req->client_id);
  if (batch_id > 0)
    sqlite3_bind_int64 (stmt, 3, batch_id);
  sqlite3_bind_int64 (stmt, 4, req->now_unix);
  kb_db_bind_text (stmt, 5, name);
  sqlite3_bind_int64 (stmt, 6, req->now_unix + RENAME_DELAY_SECONDS);
  if (!kb_db_step_done (req->db, stmt, error))
    return FALSE;

  /* A pending name whose time has come becomes the name first; the newest
   * request wins, which is what the month's invoice shows. */
  return kb_db_run (req->db,
                    "UPDATE subscribers SET"
                    " name = CASE WHEN pending_effective_at <= ?3 THEN pending_name ELSE name END,"
                    " pending_name = ?4, pending_effective_at = ?5"
                    " WHERE id = ?1 AND client_id = ?2;",
                    error, KB_DB_INT (id), KB_DB_INT (req->client_id), KB_DB_INT (req->now_unix),
                    KB_DB_TEXT (name), KB_DB_INT (req->now_unix + RENAME_DELAY_SECONDS));
}

/* Refuses with rename_window_closed in the last two days of the month.
 * Returns FALSE after replying. */
gboolean
_kb_server_check_rename_window (KbRequest *req)
{
  g_autoptr(GDateTime) local = kb_request_local_now (req);
  g_autoptr(GDateTime) reopens = NULL;

  if (kb_calendar_rename_open (local))
    return TRUE;
  reopens = kb_calendar_rename_opens (local);
  kb_request_reply_calendar_error (req, "rename_window_closed",
                                   "Subscribers are not renamed in the last two days of a month;"
                                   " only a paper application is accepted then.", reopens);
  return FALSE;
}

/* POST /subscribers/{id}/rename {"name"} */
void
_kb_server_subscribers_rename (KbRequest *req)
{
  JsonObject *body = kb_request_get_body_object (req);
  const char *raw_name;
  g_autofree char *name = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) subscriber = NULL;
  KbSubscriberNameProblem problem;
  gint64 id, request_id = 0;

  if (!kb_request_get_id_param (req, 0, &id) || body == NULL ||
      !kb_request_get_string (req, body, "name", TRUE, 0, &raw_name))
    return;
  name = g_strstrip (g_strdup (raw_name));
  problem = kb_subscriber_check_name (name, -1);
  if (problem != KB_SUBSCRIBER_NAME_PROBLEM_NONE)
    {
      kb_request_reply_invalid (req,
                                problem == KB_SUBSCRIBER_NAME_PROBLEM_TOO_LONG ? "too_long"
                                                                               : "invalid_value",
                                "name", "A name has 1 to 100 characters and no control characters.");
      return;
    }

  subscriber = find_subscriber (req, id);
  if (subscriber == NULL)
    return;
  if (!_kb_server_check_rename_window (req))
    return;

  /* Kept in the history as a one-row batch. */
  {
    g_autoptr(JsonArray) results = json_array_new ();
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
    const char *number;
    KbServerRenameBatch batch = {
      .req = req,
      .kind = "single",
      .results = results,
      .names = names,
      .accepted_ids = ids,
      .accepted_names = names,   /* its one row is accepted */
    };

    number = json_object_get_string_member (subscriber, "number");
    json_array_add_object_element (results, _kb_server_row_result (1, number, NULL, NULL));
    g_ptr_array_add (names, g_strdup (name));
    g_array_append_val (ids, id);
    if (!_kb_server_write_rename_batch (&batch))
      return;
    request_id = batch.request_id;
  }

  g_clear_pointer (&subscriber, json_object_unref);
  subscriber = load_subscriber (req, id, &error);
  if (subscriber == NULL)
    {
      kb_request_reply_db_error (req, error);
      return;
    }
  _kb_server_request_add_to_reply (req, subscriber, request_id, NULL, 0);
  kb_request_reply_json_object (req, SOUP_STATUS_ACCEPTED, subscriber);
}

/* A service of the catalogue, from a row of (code, name, monthly_fee_minor). */
static JsonObject *
catalogue_service_from_row (sqlite3_stmt *stmt, gpointer data)
{
  JsonObject *service = service_from_row (stmt, NULL);

  kb_json_set_money (service, "monthly_fee", sqlite3_column_int64 (stmt, 2), "BYN");
  return service;
}

/* GET /services */
void
_kb_server_services_list (KbRequest *req)
{
  g_autoptr(JsonObject) reply = json_object_new ();

  kb_request_reply_rows (req, reply, "services",
                         kb_request_prepare (req,
                                             "SELECT code, name, monthly_fee_minor FROM services"
                                             " ORDER BY name;"),
                         catalogue_service_from_row, NULL);
}
