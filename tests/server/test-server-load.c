/* test-server-load.c — a bounded load test on loopback: requests per second for
 * GET /questions answered 304 and 200, and for POST /questions. Each phase runs
 * for one second on four client threads; the figures are reported as TAP comments. */
#include "config.h"

#include <string.h>

#include "kb-server-test.h"

#define N_THREADS 4
#define PHASE_SECONDS 1

typedef KbServerFixture Fixture;

typedef enum {
  PHASE_NOT_MODIFIED,
  PHASE_LIST,
  PHASE_CREATE,
} Phase;

typedef struct {
  Fixture *f;
  Phase phase;
  const char *token;
  const char *etag;
  guint thread;
  guint done;
  guint failed;
} Worker;

static gpointer
run_worker (gpointer user_data)
{
  Worker *worker = user_data;
  Fixture local = *worker->f;
  gint64 deadline = g_get_monotonic_time () + PHASE_SECONDS * G_USEC_PER_SEC;

  local.session = kb_test_session_new ();
  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(KbReply) reply = NULL;
      guint expected;

      switch (worker->phase)
        {
        case PHASE_NOT_MODIFIED:
          reply = kb_http (&local, "GET", "/api/v1/questions", worker->token, NULL,
                           "If-None-Match", worker->etag, NULL);
          expected = 304;
          break;
        case PHASE_LIST:
          reply = kb_http (&local, "GET", "/api/v1/questions", worker->token, NULL, NULL);
          expected = 200;
          break;
        case PHASE_CREATE:
        default:
          {
            g_autofree char *key = g_strdup_printf ("load-%u-%u", worker->thread, worker->done);
            reply = kb_http (&local, "POST", "/api/v1/questions", worker->token,
                             "{\"text\":\"Нагрузочный вопрос\"}", "Idempotency-Key", key, NULL);
            expected = 201;
          }
          break;
        }
      if (reply->status == expected)
        worker->done++;
      else
        worker->failed++;
    }
  g_object_unref (local.session);
  return NULL;
}

static double
run_phase (Fixture *f, Phase phase, const char *token, const char *etag)
{
  Worker workers[N_THREADS] = { { 0 } };
  GThread *threads[N_THREADS];
  gint64 start = g_get_monotonic_time ();
  guint done = 0, failed = 0;

  for (guint i = 0; i < N_THREADS; i++)
    {
      workers[i] = (Worker) { f, phase, token, etag, i, 0, 0 };
      threads[i] = g_thread_new ("load", run_worker, &workers[i]);
    }
  for (guint i = 0; i < N_THREADS; i++)
    {
      g_thread_join (threads[i]);
      done += workers[i].done;
      failed += workers[i].failed;
    }
  g_assert_cmpuint (failed, ==, 0);
  return done / ((g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
}

static void
test_questions_load (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  g_autoptr(KbReply) first = kb_http (f, "GET", "/api/v1/questions", token, NULL, NULL);
  g_autofree char *etag = g_strdup (kb_reply_header (first, "ETag"));
  double not_modified, list, create;

  not_modified = run_phase (f, PHASE_NOT_MODIFIED, token, etag);
  list = run_phase (f, PHASE_LIST, token, NULL);
  create = run_phase (f, PHASE_CREATE, token, NULL);

  g_test_message ("GET /questions 304: %.0f requests/s", not_modified);
  g_test_message ("GET /questions 200 (%u questions): %.0f requests/s",
                  json_array_get_length (json_object_get_array_member (kb_reply_object (first), "questions")), list);
  g_test_message ("POST /questions 201: %.0f requests/s", create);

  /* Generous floors: this is a report, not a benchmark gate. */
  g_assert_cmpfloat (not_modified, >, 50);
  g_assert_cmpfloat (list, >, 20);
  g_assert_cmpfloat (create, >, 10);
}

int
main (int argc, char *argv[])
{
  kb_test_init (&argc, &argv);

  g_test_add ("/server/load/questions", Fixture, NULL, kb_server_fixture_setup, test_questions_load,
              kb_server_fixture_teardown);

  return g_test_run ();
}
