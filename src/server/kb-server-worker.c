/* kb-server-worker.c — the bulk requests, on a thread and a database connection of their own.
 *
 * Reading, checking and writing a 100 000-row rename takes seconds. On the
 * server's one thread that stalled every other company's requests for as
 * long, so the bulk routes are handed here instead: the main loop pauses the
 * message and queues a copy of what the route needs (the body's bytes, the
 * client, the clock, the request headers); this thread parses the body,
 * runs the route against its own SQLite connection to the same file and
 * keeps the answer in a KbDeferredReply; back on the main loop the answer
 * is given to the message, which is unpaused. The message itself is only
 * ever touched on the main loop.
 *
 * The file is in WAL mode, so the main loop's readers never wait for the
 * worker's transaction; a writer on the main loop waits in busy_timeout for
 * its commit at most. Bulk requests are served one at a time, in order, so
 * two with the same Idempotency-Key still cannot race each other.
 */
#include "config.h"

#include <string.h>

#include "kb-server-private.h"
#include "kb-server-schema.h"

struct _KbServerWorker
{
  GThread *thread;
  GAsyncQueue *jobs;       /* Job, or the stop marker first */
  KbDb *db;                /* the worker thread's own connection */
};

typedef struct {
  KbServer *server;
  GMainContext *context;   /* the server's, where the answer is given */
  SoupServerMessage *msg;  /* paused until then */
  const KbRoute *route;
  char *method;
  char *path;
  char *params[4];
  GDateTime *now;
  gint64 client_id;
  GBytes *body;
  KbDeferredReply reply;
} Job;

/* Pushed to the front of the queue: the thread ends at once. */
static Job stop_marker;

static void
job_free (Job *job)
{
  g_clear_object (&job->msg);
  g_clear_object (&job->server);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_free (job->method);
  g_free (job->path);
  for (guint i = 0; i < G_N_ELEMENTS (job->params); i++)
    g_free (job->params[i]);
  g_clear_pointer (&job->now, g_date_time_unref);
  g_clear_pointer (&job->body, g_bytes_unref);
  g_clear_pointer (&job->reply.request_headers, soup_message_headers_unref);
  g_free (job->reply.body);
  g_free (job);
}

/* Runs on the main loop: gives the answer to the message and lets libsoup
 * write it. A server that stopped meanwhile has dropped the connection. */
static gboolean
answer_job (gpointer user_data)
{
  Job *job = user_data;

  if (!job->server->stopped)
    {
      soup_server_message_set_status (job->msg, job->reply.status, NULL);
      if (job->reply.body != NULL)
        {
          gsize length = strlen (job->reply.body);

          soup_server_message_set_response (job->msg, "application/json; charset=utf-8",
                                            SOUP_MEMORY_TAKE, g_steal_pointer (&job->reply.body),
                                            length);
        }
      soup_server_message_unpause (job->msg);
    }
  job_free (job);
  return G_SOURCE_REMOVE;
}

static void
serve_job (KbServerWorker *worker, Job *job)
{
  g_auto(KbServerBodyProblem) problem = { 0 };
  KbRequest req = { 0 };
  const char *data;
  gsize size;

  req.server = job->server;
  req.db = worker->db;
  req.route = job->route;
  req.method = job->method;
  req.path = job->path;
  memcpy (req.params, job->params, sizeof req.params);
  req.now = job->now;
  req.now_unix = g_date_time_to_unix (job->now);
  req.client_id = job->client_id;
  req.deferred = &job->reply;

  data = g_bytes_get_data (job->body, &size);
  if (!_kb_server_read_body (data, size, &req.body, &problem))
    kb_request_reply_invalid (&req, problem.reason, problem.field, problem.message);
  else
    job->route->func (&req);

  if (job->reply.status == 0)
    kb_request_reply_error (&req, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error",
                            "The request was not answered.");
  g_clear_pointer (&req.body, json_node_unref);
}

static gpointer
worker_main (gpointer user_data)
{
  KbServerWorker *worker = user_data;
  Job *job;

  while ((job = g_async_queue_pop (worker->jobs)) != &stop_marker)
    {
      GSource *source;

      serve_job (worker, job);
      source = g_idle_source_new ();
      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, answer_job, job, NULL);
      g_source_attach (source, job->context);
      g_source_unref (source);
    }
  return NULL;
}

/* Returns: (transfer full) (nullable): a worker with its own connection to
 * the database at @db_path; NULL with @error when that cannot be opened,
 * and the server then serves bulk requests on its own thread. */
KbServerWorker *
_kb_server_worker_new (const char *db_path, GError **error)
{
  KbServerWorker *worker;
  KbDb *db = kb_server_schema_open (db_path, error);

  if (db == NULL)
    return NULL;
  worker = g_new0 (KbServerWorker, 1);
  worker->db = db;
  worker->jobs = g_async_queue_new ();
  worker->thread = g_thread_new ("kabinet-server-bulk", worker_main, worker);
  return worker;
}

/* Stops the thread after the request it is serving, drops the queued ones
 * (their connections are closing with the server) and closes the
 * connection. */
void
_kb_server_worker_free (KbServerWorker *worker)
{
  Job *job;

  g_async_queue_push_front (worker->jobs, &stop_marker);
  g_thread_join (worker->thread);
  while ((job = g_async_queue_try_pop (worker->jobs)) != NULL)
    job_free (job);
  g_async_queue_unref (worker->jobs);
  kb_db_close (worker->db);
  g_object_unref (worker->db);
  g_free (worker);
}

static void
copy_header (const char *name, const char *value, gpointer user_data)
{
  soup_message_headers_append (user_data, name, value);
}

/* Takes @req over from the main loop: its message is paused and answered
 * once the worker has served it. @body is the request's body, read whole. */
void
_kb_server_worker_push (KbServerWorker *worker, KbRequest *req, GBytes *body)
{
  Job *job = g_new0 (Job, 1);

  job->server = g_object_ref (req->server);
  job->context = g_main_context_ref (req->server->context);
  job->msg = g_object_ref (req->msg);
  job->route = req->route;
  job->method = g_strdup (req->method);
  job->path = g_strdup (req->path);
  for (guint i = 0; i < G_N_ELEMENTS (job->params); i++)
    job->params[i] = g_strdup (req->params[i]);
  job->now = g_date_time_ref (req->now);
  job->client_id = req->client_id;
  job->body = g_bytes_ref (body);
  job->reply.request_headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  soup_message_headers_foreach (soup_server_message_get_request_headers (req->msg), copy_header,
                                job->reply.request_headers);

  soup_server_message_pause (req->msg);
  g_async_queue_push (worker->jobs, job);
}
