/* kb-server-session.c — signing in and out, bearer tokens, slowing down guessers.
 *
 * Passwords are kept as SHA-256 over a random per-client salt followed by
 * the password (GChecksum). That is enough for a reference server whose
 * accounts are demo data; a production backend should use a slow password
 * hash (Argon2id, scrypt). Tokens are 32 random bytes from the kernel, sent
 * base64url; the database stores only their SHA-256.
 */
#include "config.h"

#include "kb-server-routes.h"

static char *
hash_password (const char *salt, const char *password)
{
  g_autofree char *salted = g_strconcat (salt, password, NULL);

  return kb_sha256_hex (salted, -1);
}

gboolean
_kb_server_insert_client (KbDb *db, const KbSeedClient *client, gint64 *client_id,
                          GError **error)
{
  g_autofree char *salt = kb_random_token (16);
  g_autofree char *hash = hash_password (salt, client->password);
  sqlite3_stmt *stmt;

  stmt = kb_db_query (db,
                      "INSERT INTO clients (login, password_salt, password_hash, name, unp,"
                      " okpo, legal_address, delivery_method, delivery_address,"
                      " balance_minor, currency, status, payment_form, contract_number,"
                      " contract_date)"
                      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'BYN', ?, ?, ?, ?);",
                      error, KB_DB_TEXT (client->login), KB_DB_TEXT (salt), KB_DB_TEXT (hash),
                      KB_DB_TEXT (client->name), KB_DB_TEXT (client->unp),
                      KB_DB_TEXT (client->okpo), KB_DB_TEXT (client->legal_address),
                      KB_DB_TEXT (client->delivery_method), KB_DB_TEXT (client->delivery_address),
                      KB_DB_INT (client->balance_minor), KB_DB_TEXT (client->status),
                      KB_DB_TEXT (client->payment_form), KB_DB_TEXT (client->contract_number),
                      KB_DB_TEXT (client->contract_date));
  if (stmt == NULL)
    return FALSE;

  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      gboolean exists = sqlite3_extended_errcode (kb_db_get_handle (db)) ==
                        SQLITE_CONSTRAINT_UNIQUE;

      sqlite3_reset (stmt);
      if (exists)
        g_set_error (error, KB_SERVER_ERROR, KB_SERVER_ERROR_EXISTS,
                     "A client with login “%s” exists already", client->login);
      else
        kb_db_set_error (db, error, "insert client");
      return FALSE;
    }
  sqlite3_reset (stmt);
  if (client_id != NULL)
    *client_id = sqlite3_last_insert_rowid (kb_db_get_handle (db));
  return TRUE;
}

KbTokenState
_kb_server_check_token (KbServer *self, const char *token, gint64 now, gint64 *client_id,
                        gint64 *expires_at)
{
  g_autofree char *hash = kb_sha256_hex (token, -1);
  sqlite3_stmt *stmt;
  KbTokenState state = KB_TOKEN_UNKNOWN;

  stmt = kb_db_prepare (self->db,
                        "SELECT client_id, expires_at FROM sessions WHERE token_hash = ?;",
                        NULL);
  if (stmt == NULL)
    return KB_TOKEN_UNKNOWN;

  kb_db_bind_text (stmt, 1, hash);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *client_id = sqlite3_column_int64 (stmt, 0);
      *expires_at = sqlite3_column_int64 (stmt, 1);
      state = now < sqlite3_column_int64 (stmt, 1) ? KB_TOKEN_VALID : KB_TOKEN_EXPIRED;
    }
  sqlite3_reset (stmt);
  return state;
}

/* Failed sign-ins are counted per client address, in memory, on the
 * server's clock — never per login, which would let anyone lock an owner
 * out with five wrong passwords. An address may fail KB_SERVER_FREE_FAILURES
 * times within KB_SERVER_FAILURE_WINDOW; after that each failure makes it
 * wait before its next try, twice as long each time. A budget shared by
 * all addresses, refilled at KB_SERVER_GLOBAL_FAILURES a minute, slows a
 * guesser who spreads over many addresses. */
typedef struct {
  gint64 first;            /* the window's first failure */
  guint count;             /* failures in the window */
  gint64 blocked_until;    /* no tries from the address before this */
} KbSignInRecord;

static gboolean
record_expired (gpointer key, gpointer value, gpointer user_data)
{
  KbSignInRecord *record = value;
  gint64 now = *(gint64 *) user_data;

  return record->first + KB_SERVER_FAILURE_WINDOW <= now && record->blocked_until <= now;
}

/* Forgets the records that no longer count: the table holds only what
 * the window needs. */
static void
prune_records (KbServer *self, gint64 now)
{
  g_hash_table_foreach_remove (self->failures, record_expired, &now);
  self->last_prune = now;
}

static void
refill_global_budget (KbServer *self, gint64 now)
{
  if (now > self->global_refilled)
    {
      self->global_budget = MIN (KB_SERVER_GLOBAL_FAILURES,
                                 self->global_budget + (now - self->global_refilled) *
                                 KB_SERVER_GLOBAL_FAILURES / 60.0);
      self->global_refilled = now;
    }
}

/* Returns how many seconds @address must wait before it may try, 0 when
 * it may try now. */
static gint64
sign_in_wait (KbServer *self, const char *address, gint64 now)
{
  KbSignInRecord *record = g_hash_table_lookup (self->failures, address);

  refill_global_budget (self, now);
  if (record != NULL && record->blocked_until > now)
    return record->blocked_until - now;
  if (self->global_budget < 1)
    return 1;
  return 0;
}

static void
record_failure (KbServer *self, const char *address, gint64 now)
{
  KbSignInRecord *record = g_hash_table_lookup (self->failures, address);

  self->global_budget = MAX (0, self->global_budget - 1);
  if (now - self->last_prune >= KB_SERVER_FAILURE_WINDOW ||
      (record == NULL && g_hash_table_size (self->failures) >= KB_SERVER_MAX_THROTTLED))
    prune_records (self, now);

  if (record != NULL && record_expired (NULL, record, &now))
    *record = (KbSignInRecord) { 0 };
  if (record == NULL)
    {
      /* Still full after pruning: the shared budget is all that holds
       * this address back. */
      if (g_hash_table_size (self->failures) >= KB_SERVER_MAX_THROTTLED)
        return;
      record = g_new0 (KbSignInRecord, 1);
      g_hash_table_insert (self->failures, g_strdup (address), record);
    }
  if (record->count == 0)
    record->first = now;
  record->count++;
  if (record->count >= KB_SERVER_FREE_FAILURES)
    {
      guint doublings = MIN (record->count - KB_SERVER_FREE_FAILURES, 16);

      record->blocked_until = now + MIN ((gint64) 1 << doublings, KB_SERVER_MAX_BACKOFF);
    }
}

typedef struct {
  KbServer *server;
  guint count;
} CountCall;

static void
count_records (KbServer *self, gpointer data)
{
  CountCall *call = data;

  call->count = g_hash_table_size (self->failures);
}

/* Returns how many client addresses the sign-in throttle remembers. */
guint
kb_server_count_sign_in_records (KbServer *self)
{
  CountCall call = { self, 0 };

  g_return_val_if_fail (KB_IS_SERVER (self), 0);

  _kb_server_run_sync (self, count_records, &call);
  return call.count;
}

typedef struct {
  const char *token_hash;
  gint64 client_id;
  gint64 now;
  gint64 expires;
} NewSession;

static gboolean
insert_session (KbDb *db, gpointer data, GError **error)
{
  NewSession *session = data;

  /* Housekeeping: sessions that ended a day ago are of no use to anyone. */
  if (!kb_db_run (db, "DELETE FROM sessions WHERE expires_at < ?;", error,
                  KB_DB_INT (session->now - 24 * 3600)))
    return FALSE;

  return kb_db_run (db,
                    "INSERT INTO sessions (token_hash, client_id, created_at, expires_at)"
                    " VALUES (?, ?, ?, ?);",
                    error, KB_DB_TEXT (session->token_hash), KB_DB_INT (session->client_id),
                    KB_DB_INT (session->now), KB_DB_INT (session->expires));
}

void
_kb_server_session_create (KbRequest *req)
{
  JsonObject *body = kb_request_get_body_object (req);
  const char *login, *password, *address;
  gint64 wait;
  sqlite3_stmt *stmt;
  g_autofree char *salt = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *attempt = NULL;
  g_autofree char *token = NULL;
  g_autofree char *token_hash = NULL;
  g_autoptr(JsonObject) reply = NULL;
  NewSession session;
  gint64 client_id = 0, expires;

  if (body == NULL ||
      !kb_request_get_string (req, body, "login", TRUE, 128, &login) ||
      !kb_request_get_string (req, body, "password", TRUE, 256, &password))
    return;

  address = soup_server_message_get_remote_host (req->msg);
  if (address == NULL)
    address = "";
  wait = sign_in_wait (req->server, address, req->now_unix);
  if (wait > 0)
    {
      g_autofree char *retry_text = g_strdup_printf ("%" G_GINT64_FORMAT, wait);

      soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                    "Retry-After", retry_text);
      kb_request_reply_error (req, 429 /* Too Many Requests, not in SoupStatus */,
                              "too_many_attempts",
                              "Too many failed sign-ins. Try again in %s seconds.", retry_text);
      return;
    }

  stmt = kb_request_query (req,
                           "SELECT id, password_salt, password_hash FROM clients"
                           " WHERE login = ?;",
                           KB_DB_TEXT (login));
  if (stmt == NULL)
    return;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      client_id = sqlite3_column_int64 (stmt, 0);
      salt = g_strdup (kb_db_column_text (stmt, 1));
      stored = g_strdup (kb_db_column_text (stmt, 2));
    }
  sqlite3_reset (stmt);

  /* An unknown login costs the same hashing as a known one. */
  attempt = hash_password (salt != NULL ? salt : "no-such-login", password);
  if (stored == NULL || !kb_secret_equal (attempt, stored))
    {
      record_failure (req->server, address, req->now_unix);
      kb_request_reply_error (req, SOUP_STATUS_UNAUTHORIZED, "invalid_credentials",
                              "The login or password is wrong.");
      return;
    }
  g_hash_table_remove (req->server->failures, address);

  token = kb_random_token (32);
  token_hash = kb_sha256_hex (token, -1);
  expires = req->now_unix + _kb_server_get_token_lifetime (req->server) / G_TIME_SPAN_SECOND;

  session = (NewSession) { token_hash, client_id, req->now_unix, expires };
  if (!kb_request_write (req, insert_session, &session))
    return;

  reply = json_object_new ();
  json_object_set_string_member (reply, "token", token);
  json_object_set_string_member (reply, "token_type", "Bearer");
  _kb_server_set_time_member (reply, "expires_at", expires);
  _kb_server_set_id_member (reply, "client_id", client_id);
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "Cache-Control", "no-store");
  kb_request_reply_json_object (req, SOUP_STATUS_CREATED, reply);
}

static gboolean
delete_session (KbDb *db, gpointer data, GError **error)
{
  const char *token_hash = data;
  sqlite3_stmt *stmt = kb_db_query (db, "DELETE FROM sessions WHERE token_hash = ?;", error,
                                    KB_DB_TEXT (token_hash));

  if (stmt == NULL)
    return FALSE;
  return kb_db_step_done (db, stmt, error);
}

void
_kb_server_session_delete (KbRequest *req)
{
  g_autofree char *token_hash = kb_sha256_hex (req->token, -1);

  if (kb_request_write (req, delete_session, token_hash))
    {
      /* Signed out: the token's event sockets stop hearing the company's
       * events at once. */
      _kb_server_events_revoke (req->server, token_hash);
      kb_request_reply_empty (req, SOUP_STATUS_NO_CONTENT);
    }
}
