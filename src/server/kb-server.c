/* kb-server.c — the reference backend: its life cycle, the knobs tests turn, the clock.
 *
 * A KbServer owns its database, its SoupServer and the settings that tests
 * change from other threads (the clock, injected faults, token lifetime,
 * the operator's token); requests come in through kb-server-dispatch.c.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "kb-server-private.h"
#include "kb-server-routes.h"
#include "kb-server-schema.h"
#include "kb-server-seed.h"

typedef struct {
  char *prefix;
  KbServerFault fault;
  GBytes *body;            /* KB_SERVER_FAULT_BODY */
} KbServerFaultRule;

static void
fault_rule_free (KbServerFaultRule *rule)
{
  g_free (rule->prefix);
  g_clear_pointer (&rule->body, g_bytes_unref);
  g_free (rule);
}

G_DEFINE_FINAL_TYPE (KbServer, kb_server, G_TYPE_OBJECT)
G_DEFINE_QUARK (kb-server-error-quark, kb_server_error)

/* ---- The temporary database ---------------------------------------------- */

/* Without --db the database lives in a directory of its own under TMPDIR,
 * named after the process: removed at exit, and by the next server to
 * start when the process was killed before it could. A real file (not
 * SQLite's memory) because WAL and a second connection need a name. */
#define PRIVATE_DIR_PREFIX "kabinet-server-"

static void
remove_private_dir (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

/* Removes the directories of servers that are gone: ours, by their
 * name's process id, whose process no longer exists. */
static void
sweep_private_dirs (void)
{
  const char *tmp = g_get_tmp_dir ();
  g_autoptr(GDir) listing = g_dir_open (tmp, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = NULL;
      const char *end = NULL;
      guint64 pid;
      GStatBuf info;

      if (!g_str_has_prefix (name, PRIVATE_DIR_PREFIX))
        continue;
      pid = g_ascii_strtoull (name + strlen (PRIVATE_DIR_PREFIX), (char **) &end, 10);
      if (pid == 0 || pid > G_MAXINT || end == NULL || *end != '-' ||
          (pid_t) pid == getpid () || kill ((pid_t) pid, 0) == 0 || errno != ESRCH)
        continue;
      path = g_build_filename (tmp, name, NULL);
      if (g_lstat (path, &info) == 0 && S_ISDIR (info.st_mode) && info.st_uid == getuid ())
        remove_private_dir (path);
    }
}

static char *
make_private_dir (GError **error)
{
  g_autofree char *template = g_strdup_printf (PRIVATE_DIR_PREFIX "%d-XXXXXX", (int) getpid ());

  sweep_private_dirs ();
  return g_dir_make_tmp (template, error);
}

static void
kb_server_finalize (GObject *object)
{
  KbServer *self = KB_SERVER (object);

  kb_server_stop (self);

  g_clear_object (&self->db);
  if (self->db_dir != NULL)
    remove_private_dir (self->db_dir);
  g_free (self->db_dir);
  g_free (self->db_path);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->now, g_date_time_unref);
  g_clear_pointer (&self->faults, g_ptr_array_unref);
  g_clear_pointer (&self->failures, g_hash_table_unref);
  g_clear_pointer (&self->hanging, g_ptr_array_unref);
  g_clear_pointer (&self->sockets, g_ptr_array_unref);
  g_clear_pointer (&self->demo_sources, g_ptr_array_unref);
  g_clear_pointer (&self->connections, g_queue_free);
  g_free (self->operator_token);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (kb_server_parent_class)->finalize (object);
}

static void
kb_server_class_init (KbServerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kb_server_finalize;
}

static void
kb_server_init (KbServer *self)
{
  g_mutex_init (&self->lock);
  self->faults = g_ptr_array_new_with_free_func ((GDestroyNotify) fault_rule_free);
  self->failures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->global_budget = KB_SERVER_GLOBAL_FAILURES;
  self->hanging = g_ptr_array_new_with_free_func (g_object_unref);
  self->sockets = g_ptr_array_new ();
  self->demo_sources = g_ptr_array_new_with_free_func ((GDestroyNotify) g_source_unref);
  self->token_lifetime = 12 * G_TIME_SPAN_HOUR;
  self->heartbeat_interval = 30;
  self->read_timeout_ms = KB_SERVER_READ_TIMEOUT_MS;
  self->connections = g_queue_new ();
}

/* ---- The knobs: thread-safe ---------------------------------------------- */

void
kb_server_set_now (KbServer *self, GDateTime *now)
{
  g_return_if_fail (KB_IS_SERVER (self));

  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->now, g_date_time_unref);
  if (now != NULL)
    self->now = g_date_time_to_utc (now);
  g_mutex_unlock (&self->lock);
}

/* Returns: (transfer full): the server's idea of now, in UTC. */
GDateTime *
kb_server_dup_now (KbServer *self)
{
  GDateTime *now;

  g_return_val_if_fail (KB_IS_SERVER (self), NULL);

  g_mutex_lock (&self->lock);
  now = self->now != NULL ? g_date_time_ref (self->now) : g_date_time_new_now_utc ();
  g_mutex_unlock (&self->lock);
  return now;
}

GDateTime *
_kb_server_now (KbServer *self)
{
  return kb_server_dup_now (self);
}

static void
set_fault (KbServer *self, const char *path_prefix, KbServerFault fault, const char *body)
{
  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->faults->len; i++)
    {
      KbServerFaultRule *rule = g_ptr_array_index (self->faults, i);

      if (g_str_equal (rule->prefix, path_prefix))
        {
          g_ptr_array_remove_index (self->faults, i);
          break;
        }
    }
  if (fault != KB_SERVER_FAULT_NONE)
    {
      KbServerFaultRule *rule = g_new0 (KbServerFaultRule, 1);

      rule->prefix = g_strdup (path_prefix);
      rule->fault = fault;
      if (body != NULL)
        rule->body = g_bytes_new (body, strlen (body));
      g_ptr_array_add (self->faults, rule);
    }
  g_mutex_unlock (&self->lock);
}

void
kb_server_set_fault (KbServer *self, const char *path_prefix, KbServerFault fault)
{
  g_return_if_fail (KB_IS_SERVER (self));
  g_return_if_fail (path_prefix != NULL);
  g_return_if_fail (fault != KB_SERVER_FAULT_BODY);

  set_fault (self, path_prefix, fault, NULL);
}

/* Answers requests under @path_prefix with 200 and @json, whatever they
 * ask: how a client meets a server that speaks another version of the
 * contract. */
void
kb_server_set_fault_body (KbServer *self, const char *path_prefix, const char *json)
{
  g_return_if_fail (KB_IS_SERVER (self));
  g_return_if_fail (path_prefix != NULL);
  g_return_if_fail (json != NULL);

  set_fault (self, path_prefix, KB_SERVER_FAULT_BODY, json);
}

/* Returns the fault for @path; @body gets its body (transfer full) if any. */
KbServerFault
_kb_server_find_fault (KbServer *self, const char *path, GBytes **body)
{
  KbServerFault fault = KB_SERVER_FAULT_NONE;
  gsize longest = 0;

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->faults->len; i++)
    {
      KbServerFaultRule *rule = g_ptr_array_index (self->faults, i);
      gsize length = strlen (rule->prefix);

      if (g_str_has_prefix (path, rule->prefix) && length >= longest)
        {
          fault = rule->fault;
          longest = length;
          g_clear_pointer (body, g_bytes_unref);
          if (rule->body != NULL)
            *body = g_bytes_ref (rule->body);
        }
    }
  g_mutex_unlock (&self->lock);
  return fault;
}

void
kb_server_set_token_lifetime (KbServer *self, GTimeSpan lifetime)
{
  g_return_if_fail (KB_IS_SERVER (self));
  g_return_if_fail (lifetime > 0);

  g_mutex_lock (&self->lock);
  self->token_lifetime = lifetime;
  g_mutex_unlock (&self->lock);
}

GTimeSpan
_kb_server_get_token_lifetime (KbServer *self)
{
  GTimeSpan lifetime;

  g_mutex_lock (&self->lock);
  lifetime = self->token_lifetime;
  g_mutex_unlock (&self->lock);
  return lifetime;
}

/* Without an operator token the operator endpoints do not exist (404): a
 * server started without --operator-token has no operator door at all. */
void
kb_server_set_operator_token (KbServer *self, const char *token)
{
  g_return_if_fail (KB_IS_SERVER (self));

  g_mutex_lock (&self->lock);
  g_free (self->operator_token);
  self->operator_token = (token != NULL && *token != '\0') ? g_strdup (token) : NULL;
  g_mutex_unlock (&self->lock);
}

gboolean
_kb_server_operator_enabled (KbServer *self)
{
  gboolean enabled;

  g_mutex_lock (&self->lock);
  enabled = self->operator_token != NULL;
  g_mutex_unlock (&self->lock);
  return enabled;
}

gboolean
_kb_server_check_operator (KbServer *self, const char *token)
{
  g_autofree char *expected = NULL;

  g_mutex_lock (&self->lock);
  expected = g_strdup (self->operator_token);
  g_mutex_unlock (&self->lock);
  return expected != NULL && token != NULL && kb_secret_equal (expected, token);
}

void
kb_server_set_demo_operator (KbServer *self, guint delay_seconds)
{
  g_return_if_fail (KB_IS_SERVER (self));

  g_mutex_lock (&self->lock);
  self->demo_operator_delay = delay_seconds;
  g_mutex_unlock (&self->lock);
}

guint
_kb_server_get_demo_operator (KbServer *self)
{
  guint delay;

  g_mutex_lock (&self->lock);
  delay = self->demo_operator_delay;
  g_mutex_unlock (&self->lock);
  return delay;
}

void
kb_server_set_heartbeat_interval (KbServer *self, guint seconds)
{
  g_return_if_fail (KB_IS_SERVER (self));
  g_return_if_fail (seconds > 0);

  g_mutex_lock (&self->lock);
  self->heartbeat_interval = seconds;
  g_mutex_unlock (&self->lock);
}

/* How long a connection may take to send its request (headers and body),
 * or stay idle before its next one; from the next request on. */
void
kb_server_set_read_timeout (KbServer *self, guint milliseconds)
{
  g_return_if_fail (KB_IS_SERVER (self));
  g_return_if_fail (milliseconds > 0);

  g_mutex_lock (&self->lock);
  self->read_timeout_ms = milliseconds;
  g_mutex_unlock (&self->lock);
}

guint
kb_server_get_port (KbServer *self)
{
  guint port;

  g_return_val_if_fail (KB_IS_SERVER (self), 0);

  g_mutex_lock (&self->lock);
  port = self->port;
  g_mutex_unlock (&self->lock);
  return port;
}

char *
kb_server_dup_url (KbServer *self)
{
  g_return_val_if_fail (KB_IS_SERVER (self), NULL);
  return g_strdup_printf ("http://127.0.0.1:%u", kb_server_get_port (self));
}

/* ---- Running code on the server's thread --------------------------------- */

typedef struct {
  KbServer *server;
  KbServerSyncFunc func;
  gpointer data;
  GMutex mutex;
  GCond cond;
  gboolean done;
} SyncCall;

static gboolean
run_sync_call (gpointer user_data)
{
  SyncCall *call = user_data;

  call->func (call->server, call->data);
  g_mutex_lock (&call->mutex);
  call->done = TRUE;
  g_cond_signal (&call->cond);
  g_mutex_unlock (&call->mutex);
  return G_SOURCE_REMOVE;
}

/* Whether the server's connection is still open: kb_server_stop() closes
 * it, and a call from a test or a tool then fails with @error. */
gboolean
_kb_server_db_is_open (KbServer *self, GError **error)
{
  if (self->db != NULL && kb_db_get_handle (self->db) != NULL)
    return TRUE;
  g_set_error_literal (error, KB_SERVER_ERROR, KB_SERVER_ERROR_FAILED, "The server is stopped");
  return FALSE;
}

/* Calls @func on the thread that runs the server and waits for it: the
 * database connection belongs to that thread. From that thread itself (or
 * before the server runs anywhere) it is a plain call. */
void
_kb_server_run_sync (KbServer *self, KbServerSyncFunc func, gpointer data)
{
  SyncCall call = { self, func, data };

  if (self->context == NULL || self->stopped || g_main_context_acquire (self->context))
    {
      func (self, data);
      if (self->context != NULL && !self->stopped)
        g_main_context_release (self->context);
      return;
    }

  g_mutex_init (&call.mutex);
  g_cond_init (&call.cond);
  g_main_context_invoke (self->context, run_sync_call, &call);
  g_mutex_lock (&call.mutex);
  while (!call.done)
    g_cond_wait (&call.cond, &call.mutex);
  g_mutex_unlock (&call.mutex);
  g_mutex_clear (&call.mutex);
  g_cond_clear (&call.cond);
}

/* ---- Life cycle -------------------------------------------------------------- */

KbServer *
kb_server_new (const char *db_path, KbServerSeed seed, GError **error)
{
  g_autoptr(KbServer) self = g_object_new (KB_TYPE_SERVER, NULL);
  g_autoptr(GDateTime) now = NULL;
  gint64 n_clients;
  gboolean fresh;

  self->seed = seed;
  if (db_path == NULL)
    {
      self->db_dir = make_private_dir (error);
      if (self->db_dir == NULL)
        return NULL;
      self->db_path = g_build_filename (self->db_dir, "server.db", NULL);
    }
  else
    self->db_path = g_strdup (db_path);

  self->db = kb_server_schema_open (self->db_path, error);
  if (self->db == NULL)
    return NULL;

  /* Seed only an empty database: restarting on a file keeps its data. */
  if (!kb_db_read_int (self->db, kb_db_prepare (self->db, "SELECT COUNT(*) FROM clients;", error),
                       &n_clients, error))
    return NULL;
  fresh = n_clients == 0;

  now = _kb_server_now (self);
  if (fresh && !_kb_server_seed (self->db, seed, now, error))
    return NULL;

  /* A second connection for the bulk worker; without one (a database that
   * cannot be opened twice) bulk requests are served here, as before. */
  {
    g_autoptr(GError) worker_error = NULL;

    self->worker = _kb_server_worker_new (self->db_path, &worker_error);
    if (self->worker == NULL)
      g_debug ("Bulk requests are served on the main loop: %s", worker_error->message);
  }

  /* Events already in the file were pushed (or missed) by an earlier run. */
  self->last_event_id = _kb_server_events_last_id (self->db);
  self->data_version = kb_db_data_version (self->db);

  self->soup = soup_server_new ("server-header", "kabinet-server/" PACKAGE_VERSION " ", NULL);
  _kb_server_dispatch_attach (self);

  return g_steal_pointer (&self);
}

gboolean
kb_server_listen_local (KbServer *self, guint port, GError **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) local = NULL;

  g_return_val_if_fail (KB_IS_SERVER (self), FALSE);
  g_return_val_if_fail (port <= G_MAXUINT16, FALSE);
  g_return_val_if_fail (!self->stopped, FALSE);

  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();

  address = g_inet_socket_address_new (loopback, (guint16) port);
  if (!_kb_server_listener_start (self, address, error))
    return FALSE;
  local = g_socket_get_local_address (self->listen_socket, error);
  if (local == NULL)
    return FALSE;
  g_mutex_lock (&self->lock);
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
  g_mutex_unlock (&self->lock);

  _kb_server_events_start (self);
  return TRUE;
}

/* Stops listening, drops every connection (hanging ones included) and
 * closes the database after a checkpoint. Every acknowledged write was
 * committed before its response, so nothing is lost. */
void
kb_server_stop (KbServer *self)
{
  g_return_if_fail (KB_IS_SERVER (self));

  if (self->stopped)
    return;
  self->stopped = TRUE;

  _kb_server_events_stop (self);

  /* Destroying a pending demo answer removes it from the array: work on a
   * copy. */
  {
    g_autoptr(GPtrArray) pending = g_ptr_array_copy (self->demo_sources,
                                                     (GCopyFunc) (void (*) (void)) g_source_ref, NULL);

    g_ptr_array_set_free_func (pending, (GDestroyNotify) g_source_unref);
    for (guint i = 0; i < pending->len; i++)
      g_source_destroy (g_ptr_array_index (pending, i));
  }
  _kb_server_listener_stop (self);
  if (self->soup != NULL)
    {
      soup_server_disconnect (self->soup);
      g_clear_object (&self->soup);
    }
  g_clear_pointer (&self->worker, _kb_server_worker_free);
  g_ptr_array_set_size (self->hanging, 0);
  if (self->db != NULL)
    kb_db_close (self->db);
}

/* ---- Data operations for tests and tools: thread-safe --------------------- */

typedef struct {
  const char *login;
  const char *password;
  gboolean ok;
  GError *error;
} AddClientCall;

static gboolean
write_client (KbDb *db, gpointer data, GError **error)
{
  AddClientCall *call = data;

  return kb_server_seed_add_client (db, call->login, call->password, NULL, error);
}

static void
add_client_on_server (KbServer *self, gpointer data)
{
  AddClientCall *call = data;

  if (!_kb_server_db_is_open (self, &call->error))
    return;
  call->ok = kb_db_transaction (self->db, write_client, call, &call->error);
}

/* Creates a client that signs in with @login and @password (a small company
 * with made-up details). Fails with KB_SERVER_ERROR_EXISTS for a login that
 * is taken. */
gboolean
kb_server_add_client (KbServer *self, const char *login, const char *password, GError **error)
{
  AddClientCall call = { login, password };

  g_return_val_if_fail (KB_IS_SERVER (self), FALSE);
  g_return_val_if_fail (login != NULL && *login != '\0', FALSE);
  g_return_val_if_fail (password != NULL, FALSE);

  _kb_server_run_sync (self, add_client_on_server, &call);
  if (call.error != NULL)
    g_propagate_error (error, call.error);
  return call.ok;
}
