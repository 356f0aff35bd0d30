/* test-server-questions.c — feedback over real HTTP: idempotent creation (also under
 * concurrent duplicates), the list's ETag and since cursor, read marks, the operator
 * side (HTTP, C API, command line, demo operator) and the events WebSocket. */
#include "config.h"

#include <poll.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <glib/gstdio.h>

#include <sqlite3.h>

#include "kb-server-process.h"
#include "kb-server-test.h"

typedef KbServerFixture Fixture;

static KbReply *
ask (Fixture *f, const char *token, const char *key, const char *text)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *body = NULL;

  json_object_set_string_member (object, "text", text);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, object);
  body = json_to_string (node, FALSE);
  if (key == NULL)
    return kb_http (f, "POST", "/api/v1/questions", token, body, NULL);
  return kb_http (f, "POST", "/api/v1/questions", token, body, "Idempotency-Key", key, NULL);
}

static char *
ask_id (Fixture *f, const char *token, const char *text)
{
  g_autofree char *key = g_uuid_string_random ();
  g_autoptr(KbReply) reply = ask (f, token, key, text);

  g_assert_cmpuint (reply->status, ==, 201);
  return g_strdup (json_object_get_string_member (kb_reply_object (reply), "id"));
}

static void
test_create (Fixture *f, gconstpointer data)
{
  g_autoptr(GDateTime) now = kb_test_date (2025, 5, 14, 10);
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  g_autoptr(KbReply) created = NULL;
  g_autoptr(KbReply) no_key = NULL;
  JsonObject *question;
  g_autoptr(GDateTime) created_at = NULL;
  g_autoptr(GDateTime) due = NULL;

  kb_server_set_now (f->server, now);
  no_key = ask (f, token, NULL, "Почему вырос счёт?");
  g_assert_cmpuint (no_key->status, ==, 400);
  g_assert_cmpstr (kb_reply_error_code (no_key), ==, "idempotency_key_required");

  created = ask (f, token, "key-1", "  Почему вырос счёт за апрель?  ");
  g_assert_cmpuint (created->status, ==, 201);
  question = kb_reply_object (created);
  g_assert_cmpstr (json_object_get_string_member (question, "text"), ==, "Почему вырос счёт за апрель?");
  g_assert_cmpstr (json_object_get_string_member (question, "status"), ==, "new");
  g_assert_false (json_object_get_boolean_member (question, "unread"));
  g_assert_cmpint (json_object_get_int_member (question, "answers_count"), ==, 0);
  created_at = g_date_time_new_from_iso8601 (json_object_get_string_member (question, "created_at"), NULL);
  due = g_date_time_new_from_iso8601 (json_object_get_string_member (question, "answer_due_at"), NULL);
  g_assert_true (g_date_time_equal (created_at, now));
  g_assert_cmpint (g_date_time_difference (due, created_at), ==, 24 * G_TIME_SPAN_HOUR);
  g_assert_true (g_str_has_suffix (kb_reply_header (created, "Location"),
                                   json_object_get_string_member (question, "id")));

  /* Bad bodies. */
  {
    g_autofree char *long_text = g_strnfill (4001, 'x');
    g_autoptr(KbReply) empty = ask (f, token, "key-2", "   ");
    g_autoptr(KbReply) too_long = ask (f, token, "key-3", long_text);
    g_autoptr(KbReply) wrong = kb_http (f, "POST", "/api/v1/questions", token, "{\"text\":5}",
                                        "Idempotency-Key", "key-4", NULL);
    g_autoptr(KbReply) bad_key = ask (f, token, "key with spaces", "?");

    g_assert_cmpuint (empty->status, ==, 400);
    g_assert_cmpuint (too_long->status, ==, 400);
    g_assert_cmpuint (wrong->status, ==, 400);
    g_assert_cmpuint (bad_key->status, ==, 400);
  }
}

static void
test_idempotency (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  g_autofree char *token2 = kb_sign_in (f, "demo2", "demo2");
  g_autoptr(KbReply) first = ask (f, token, "same-key", "Как сменить тариф?");
  g_autoptr(KbReply) again = ask (f, token, "same-key", "Как сменить тариф?");
  g_autoptr(KbReply) other = ask (f, token, "same-key", "Другой вопрос");
  g_autoptr(KbReply) other_client = ask (f, token2, "same-key", "Как сменить тариф?");

  g_assert_cmpuint (first->status, ==, 201);
  g_assert_cmpuint (again->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (kb_reply_object (again), "id"), ==,
                   json_object_get_string_member (kb_reply_object (first), "id"));
  g_assert_cmpuint (other->status, ==, 422);
  g_assert_cmpstr (kb_reply_error_code (other), ==, "idempotency_key_reused");
  /* Keys are per client: another client's same key is its own question. */
  g_assert_cmpuint (other_client->status, ==, 201);
  g_assert_cmpstr (json_object_get_string_member (kb_reply_object (other_client), "id"), !=,
                   json_object_get_string_member (kb_reply_object (first), "id"));
}

typedef struct {
  Fixture *f;
  const char *token;
  guint status;
  char *id;
} Racer;

static gpointer
race (gpointer user_data)
{
  Racer *racer = user_data;
  Fixture local = *racer->f;
  g_autoptr(KbReply) reply = NULL;

  /* Each racer has its own connection. */
  local.session = kb_test_session_new ();
  reply = ask (&local, racer->token, "racing-key", "Одновременно отправленный вопрос");
  racer->status = reply->status;
  if (reply->json != NULL)
    racer->id = g_strdup (json_object_get_string_member (kb_reply_object (reply), "id"));
  g_object_unref (local.session);
  return NULL;
}

static guint
count_questions_with_text (Fixture *f, const char *token, const char *text)
{
  g_autoptr(KbReply) list = kb_http (f, "GET", "/api/v1/questions?limit=5000", token, NULL, NULL);
  JsonArray *questions = json_object_get_array_member (kb_reply_object (list), "questions");
  guint count = 0;

  for (guint i = 0; i < json_array_get_length (questions); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (questions, i), "text"), text))
      count++;
  return count;
}

static void
test_concurrent_duplicates (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  Racer racers[8] = { { 0 } };
  GThread *threads[G_N_ELEMENTS (racers)];
  guint created = 0;

  for (guint i = 0; i < G_N_ELEMENTS (racers); i++)
    {
      racers[i].f = f;
      racers[i].token = token;
      threads[i] = g_thread_new ("racer", race, &racers[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (racers); i++)
    g_thread_join (threads[i]);

  for (guint i = 0; i < G_N_ELEMENTS (racers); i++)
    {
      g_assert_true (racers[i].status == 201 || racers[i].status == 200);
      if (racers[i].status == 201)
        created++;
      g_assert_cmpstr (racers[i].id, ==, racers[0].id);
    }
  g_assert_cmpuint (created, ==, 1);
  g_assert_cmpuint (count_questions_with_text (f, token, "Одновременно отправленный вопрос"), ==, 1);

  for (guint i = 0; i < G_N_ELEMENTS (racers); i++)
    g_free (racers[i].id);
}

static void
test_list_etag_and_since (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  g_autofree char *first_id = ask_id (f, token, "Первый");
  g_autoptr(KbReply) list = kb_http (f, "GET", "/api/v1/questions", token, NULL, NULL);
  g_autoptr(KbReply) not_modified = NULL;
  g_autoptr(KbReply) changes = NULL;
  g_autoptr(KbReply) after_answer = NULL;
  g_autofree char *since_path = NULL;
  g_autofree char *second_id = NULL;
  const char *etag, *cursor;
  JsonArray *questions;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (list->status, ==, 200);
  etag = kb_reply_header (list, "ETag");
  g_assert_nonnull (etag);
  cursor = json_object_get_string_member (kb_reply_object (list), "cursor");
  g_assert_false (json_object_get_boolean_member (kb_reply_object (list), "has_more"));

  /* Nothing changed: 304, no body. */
  not_modified = kb_http (f, "GET", "/api/v1/questions", token, NULL, "If-None-Match", etag, NULL);
  g_assert_cmpuint (not_modified->status, ==, 304);
  g_assert_cmpuint (g_bytes_get_size (not_modified->body), ==, 0);

  /* The same in a list, weak, after a tag with a comma in its quotes. */
  {
    g_autofree char *tags = g_strdup_printf ("\"a,b\", W/%s", etag);
    g_autoptr(KbReply) listed = kb_http (f, "GET", "/api/v1/questions", token, NULL,
                                         "If-None-Match", tags, NULL);

    g_assert_cmpuint (listed->status, ==, 304);
  }

  /* A new question and an answer to the first: the cursor returns exactly those two. */
  second_id = ask_id (f, token, "Второй");
  g_assert_true (kb_server_answer_question (f->server, first_id, "Иванова А.", "Ответ", &error));
  g_assert_no_error (error);

  since_path = g_strdup_printf ("/api/v1/questions?since=%s", cursor);
  changes = kb_http (f, "GET", since_path, token, NULL, NULL);
  g_assert_cmpuint (changes->status, ==, 200);
  questions = json_object_get_array_member (kb_reply_object (changes), "questions");
  g_assert_cmpuint (json_array_get_length (questions), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (questions, 0), "id"), ==, second_id);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (questions, 1), "id"), ==, first_id);
  {
    JsonObject *answered = json_array_get_object_element (questions, 1);
    JsonObject *answer = json_array_get_object_element (json_object_get_array_member (answered, "answers"), 0);

    g_assert_cmpstr (json_object_get_string_member (answered, "status"), ==, "answered");
    g_assert_true (json_object_get_boolean_member (answered, "unread"));
    g_assert_cmpint (json_object_get_int_member (answered, "answers_count"), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (answer, "author"), ==, "Иванова А.");
    g_assert_nonnull (json_object_get_string_member (answer, "created_at"));
  }

  /* The old ETag is stale now. */
  after_answer = kb_http (f, "GET", "/api/v1/questions", token, NULL, "If-None-Match", etag, NULL);
  g_assert_cmpuint (after_answer->status, ==, 200);

  /* Paging by cursor: limit=1 walks the changes one by one. */
  {
    g_autofree char *page_path = g_strdup_printf ("/api/v1/questions?since=%s&limit=1", cursor);
    g_autoptr(KbReply) page = kb_http (f, "GET", page_path, token, NULL, NULL);

    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (kb_reply_object (page), "questions")), ==, 1);
    g_assert_true (json_object_get_boolean_member (kb_reply_object (page), "has_more"));
  }

  /* Bad parameters. */
  {
    g_autoptr(KbReply) bad = kb_http (f, "GET", "/api/v1/questions?since=abc", token, NULL, NULL);
    g_autoptr(KbReply) bad_limit = kb_http (f, "GET", "/api/v1/questions?limit=0", token, NULL, NULL);

    g_assert_cmpuint (bad->status, ==, 400);
    g_assert_cmpuint (bad_limit->status, ==, 400);
  }
}

static void
test_get_and_read (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  g_autofree char *token2 = kb_sign_in (f, "demo2", "demo2");
  g_autofree char *id = ask_id (f, token, "Где мой счёт?");
  g_autofree char *path = g_strdup_printf ("/api/v1/questions/%s", id);
  g_autofree char *read_path = g_strdup_printf ("/api/v1/questions/%s/read", id);
  g_autoptr(GError) error = NULL;

  g_assert_true (kb_server_answer_question (f->server, id, NULL, "Счёт отправлен на почту.", &error));
  {
    g_autoptr(KbReply) reply = kb_http (f, "GET", path, token, NULL, NULL);
    g_assert_cmpuint (reply->status, ==, 200);
    g_assert_true (json_object_get_boolean_member (kb_reply_object (reply), "unread"));
  }
  {
    g_autoptr(KbReply) reply = kb_http (f, "POST", read_path, token, NULL, NULL);
    g_assert_cmpuint (reply->status, ==, 200);
    g_assert_false (json_object_get_boolean_member (kb_reply_object (reply), "unread"));
  }
  {
    g_autoptr(KbReply) reply = kb_http (f, "POST", read_path, token, NULL, NULL);
    g_assert_cmpuint (reply->status, ==, 200);
  }

  /* Another client sees nothing: 404 as for an id that does not exist. */
  {
    g_autoptr(KbReply) reply = kb_http (f, "GET", path, token2, NULL, NULL);
    g_autoptr(KbReply) read = kb_http (f, "POST", read_path, token2, NULL, NULL);
    g_autoptr(KbReply) missing = kb_http (f, "GET", "/api/v1/questions/999999", token, NULL, NULL);
    g_autoptr(KbReply) junk = kb_http (f, "GET", "/api/v1/questions/abc", token, NULL, NULL);

    g_assert_cmpuint (reply->status, ==, 404);
    g_assert_cmpstr (kb_reply_error_code (reply), ==, "not_found");
    g_assert_cmpuint (read->status, ==, 404);
    g_assert_cmpuint (missing->status, ==, 404);
    g_assert_cmpuint (junk->status, ==, 404);
  }
  g_assert_cmpuint (count_questions_with_text (f, token2, "Где мой счёт?"), ==, 0);

  /* Without a token nothing at all. */
  {
    g_autoptr(KbReply) reply = kb_http (f, "GET", "/api/v1/questions", NULL, NULL, NULL);
    g_assert_cmpuint (reply->status, ==, 401);
  }
}

static void
test_operator_http (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  g_autofree char *id = ask_id (f, token, "Подключите роуминг");
  g_autofree char *answer_path = g_strdup_printf ("/api/v1/operator/questions/%s/answers", id);
  g_autofree char *status_path = g_strdup_printf ("/api/v1/operator/questions/%s/status", id);

  /* No operator token configured: the operator side does not exist. */
  {
    g_autoptr(KbReply) reply = kb_http (f, "GET", "/api/v1/operator/questions", "op-secret", NULL, NULL);
    g_assert_cmpuint (reply->status, ==, 404);
  }

  kb_server_set_operator_token (f->server, "op-secret");
  {
    g_autoptr(KbReply) wrong = kb_http (f, "GET", "/api/v1/operator/questions", "op-wrong", NULL, NULL);
    g_autoptr(KbReply) client = kb_http (f, "GET", "/api/v1/operator/questions", token, NULL, NULL);
    g_assert_cmpuint (wrong->status, ==, 401);
    g_assert_cmpuint (client->status, ==, 401);
  }
  {
    g_autoptr(KbReply) list = kb_http (f, "GET", "/api/v1/operator/questions?status=new", "op-secret", NULL, NULL);
    JsonArray *questions = json_object_get_array_member (kb_reply_object (list), "questions");
    gboolean found = FALSE;

    g_assert_cmpuint (list->status, ==, 200);
    for (guint i = 0; i < json_array_get_length (questions); i++)
      found |= g_str_equal (json_object_get_string_member (json_array_get_object_element (questions, i), "id"), id);
    g_assert_true (found);
  }
  {
    g_autoptr(KbReply) reply = kb_http (f, "POST", status_path, "op-secret", "{\"status\":\"in_progress\"}", NULL);
    g_assert_cmpuint (reply->status, ==, 200);
  }
  {
    g_autoptr(KbReply) reply = kb_http (f, "POST", answer_path, "op-secret",
                                        "{\"text\":\"Роуминг подключён.\",\"author\":\"Петров П.\"}", NULL);
    g_assert_cmpuint (reply->status, ==, 201);
    g_assert_cmpstr (json_object_get_string_member (kb_reply_object (reply), "author"), ==, "Петров П.");
  }
  {
    g_autoptr(KbReply) back = kb_http (f, "POST", status_path, "op-secret", "{\"status\":\"new\"}", NULL);
    g_autoptr(KbReply) close = kb_http (f, "POST", status_path, "op-secret", "{\"status\":\"closed\"}", NULL);
    g_autoptr(KbReply) reopen = kb_http (f, "POST", status_path, "op-secret", "{\"status\":\"in_progress\"}", NULL);
    g_autoptr(KbReply) late = kb_http (f, "POST", answer_path, "op-secret", "{\"text\":\"Ещё\"}", NULL);
    g_autoptr(KbReply) unknown = kb_http (f, "POST", status_path, "op-secret", "{\"status\":\"lost\"}", NULL);
    g_autoptr(KbReply) missing = kb_http (f, "POST", "/api/v1/operator/questions/999999/answers", "op-secret",
                                          "{\"text\":\"?\"}", NULL);

    g_assert_cmpuint (back->status, ==, 409);
    g_assert_cmpstr (kb_reply_error_code (back), ==, "invalid_transition");
    g_assert_cmpuint (close->status, ==, 200);
    g_assert_cmpuint (reopen->status, ==, 409);
    g_assert_cmpuint (late->status, ==, 409);
    g_assert_cmpuint (unknown->status, ==, 400);
    g_assert_cmpuint (missing->status, ==, 404);
  }
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/questions/%s", id);
    g_autoptr(KbReply) reply = kb_http (f, "GET", path, token, NULL, NULL);
    g_assert_cmpstr (json_object_get_string_member (kb_reply_object (reply), "status"), ==, "closed");
    g_assert_cmpint (json_object_get_int_member (kb_reply_object (reply), "answers_count"), ==, 1);
  }
}

/* ---- The events socket ---------------------------------------------------------- */

static void
test_events (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  g_autofree char *token2 = kb_sign_in (f, "demo2", "demo2");
  g_autoptr(KbTestSocket) mine = kb_test_events_connect (f, token);
  g_autoptr(KbTestSocket) theirs = kb_test_events_connect (f, token2);
  g_autofree char *id = ask_id (f, token, "Когда придёт ответ?");
  g_autoptr(GError) error = NULL;
  JsonObject *event;
  gint64 start;

  g_assert_no_error (mine->error);
  g_assert_nonnull (kb_test_events_wait (mine, "hello", 5));

  start = g_get_monotonic_time ();
  g_assert_true (kb_server_answer_question (f->server, id, NULL, "Уже пришёл.", &error));
  event = kb_test_events_wait (mine, "answer", 5);
  g_assert_nonnull (event);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  g_assert_cmpstr (json_object_get_string_member (event, "question_id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (event, "status"), ==, "answered");

  g_assert_true (kb_server_set_question_status (f->server, id, "closed", &error));
  event = kb_test_events_wait (mine, "status", 5);
  g_assert_nonnull (event);
  g_assert_cmpstr (json_object_get_string_member (event, "status"), ==, "closed");

  /* A follow-up reopens the closed question, and the socket says so. */
  {
    g_autofree char *path = g_strconcat ("/api/v1/questions/", id, "/messages", NULL);
    g_autoptr(KbReply) follow_up = kb_http (f, "POST", path, token, "{\"text\":\"Ещё вопрос\"}",
                                            "Idempotency-Key", "follow-up-1", NULL);

    g_assert_cmpuint (follow_up->status, ==, 201);
    event = kb_test_events_wait (mine, "message", 5);
    g_assert_nonnull (event);
    g_assert_cmpstr (json_object_get_string_member (event, "question_id"), ==, id);
    g_assert_cmpstr (json_object_get_string_member (event, "status"), ==, "in_progress");
  }

  /* The other client heard nothing of it. */
  g_assert_null (kb_test_events_wait (theirs, "answer", 1));
  g_assert_null (kb_test_events_wait (theirs, "status", 0));
}

static void
test_events_auth (Fixture *f, gconstpointer data)
{
  g_autoptr(KbTestSocket) none = kb_test_events_connect (f, NULL);
  g_autoptr(KbTestSocket) bogus = kb_test_events_connect (f, "bogus");
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  g_autoptr(KbReply) plain = kb_http (f, "GET", "/api/v1/events", token, NULL, NULL);

  g_assert_nonnull (none->error);
  g_assert_cmpuint (none->status, ==, 401);
  g_assert_nonnull (bogus->error);
  g_assert_cmpuint (bogus->status, ==, 401);
  /* A plain GET is not an upgrade. */
  g_assert_cmpuint (plain->status, ==, 400);
  g_assert_cmpstr (kb_reply_error_code (plain), ==, "websocket_required");
}

static void
test_heartbeat (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  g_autoptr(KbTestSocket) socket = NULL;

  kb_server_set_heartbeat_interval (f->server, 1);
  socket = kb_test_events_connect (f, token);
  g_assert_nonnull (kb_test_events_wait (socket, "heartbeat", 4));
}

static void
test_demo_operator (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  g_autoptr(KbTestSocket) socket = kb_test_events_connect (f, token);
  g_autofree char *id = NULL;
  JsonObject *event;

  kb_server_set_demo_operator (f->server, 1);
  id = ask_id (f, token, "Демо-вопрос");
  event = kb_test_events_wait (socket, "answer", 5);
  g_assert_nonnull (event);
  g_assert_cmpstr (json_object_get_string_member (event, "question_id"), ==, id);
}

static gboolean
socket_closed (gpointer data)
{
  KbTestSocket *socket = data;

  return soup_websocket_connection_get_state (socket->connection) == SOUP_WEBSOCKET_STATE_CLOSED;
}

/* Issue 16, item 4: a socket opened with a token that was then signed out
 * (or expired) went on receiving the company's events. */
static void
test_events_revoked (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  g_autofree char *other = kb_sign_in (f, "demo", "demo");
  g_autoptr(KbTestSocket) mine = kb_test_events_connect (f, token);
  g_autoptr(KbTestSocket) theirs = kb_test_events_connect (f, other);
  g_autoptr(KbReply) out = NULL;
  g_autoptr(GDateTime) now = kb_server_dup_now (f->server);
  g_autoptr(GDateTime) later = g_date_time_add_hours (now, 13);

  g_assert_nonnull (kb_test_events_wait (mine, "hello", 5));
  g_assert_nonnull (kb_test_events_wait (theirs, "hello", 5));

  out = kb_http (f, "DELETE", "/api/v1/session", token, NULL, NULL);
  g_assert_cmpuint (out->status, ==, 204);
  g_assert_true (kb_test_poll_until (socket_closed, mine, 3000));
  g_assert_cmpint (soup_websocket_connection_get_close_code (mine->connection), ==,
                   SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION);
  g_assert_false (socket_closed (theirs));

  /* The other token expires (after 12 hours): its socket ends too. */
  kb_server_set_now (f->server, later);
  g_assert_true (kb_test_poll_until (socket_closed, theirs, 3000));
  g_assert_cmpint (soup_websocket_connection_get_close_code (theirs->connection), ==,
                   SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION);
}

/* Opens the events socket by hand; the peer then does whatever the test
 * makes it do, or nothing. Returns the socket after the 101. */
static int
raw_events (Fixture *f, const char *token)
{
  g_autofree char *request = g_strdup_printf ("GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                              "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                                              "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                              "Sec-WebSocket-Version: 13\r\n"
                                              "Authorization: Bearer %s\r\n\r\n", token);
  g_autoptr(GString) reply = g_string_new (NULL);
  int fd = kb_raw_connect (kb_server_get_port (f->server), TRUE);

  g_assert_cmpint (fd, >=, 0);
  g_assert_true (kb_raw_send_all (fd, request, strlen (request)));
  /* Byte by byte, so as not to read past the head into the frames. */
  while (strstr (reply->str, "\r\n\r\n") == NULL)
    {
      char c;

      g_assert_cmpint (recv (fd, &c, 1, 0), ==, 1);
      g_string_append_c (reply, c);
    }
  g_assert_true (g_str_has_prefix (reply->str, "HTTP/1.1 101"));
  return fd;
}

/* Reads whatever came (pings, events) without answering; TRUE once the
 * server has closed the connection. */
static gboolean
raw_closed (gpointer data)
{
  int fd = *(int *) data;
  struct pollfd pfd = { fd, POLLIN, 0 };
  char buffer[4096];

  while (poll (&pfd, 1, 0) > 0)
    if (recv (fd, buffer, sizeof buffer, 0) <= 0)
      return TRUE;
  return FALSE;
}

/* A peer that never answers the pings is let go after three; one that
 * answers stays. */
static void
test_events_silent_peer (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  g_autoptr(KbTestSocket) healthy = NULL;
  gint64 start;
  int silent;

  kb_server_set_heartbeat_interval (f->server, 1);
  healthy = kb_test_events_connect (f, token);
  silent = raw_events (f, token);
  start = g_get_monotonic_time ();

  g_assert_true (kb_test_poll_until (raw_closed, &silent, 8000));
  g_test_message ("a peer that never answers pings (every 1 s) dropped after %.1f s",
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 2 * G_USEC_PER_SEC);
  g_assert_false (socket_closed (healthy));
  close (silent);
}

/* A text message in fragments that never ends grew the server by all it
 * was sent (300 MiB in the report). */
static void
test_events_endless_message (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  g_autofree char *frame = g_malloc0 (8 + 32 * 1024);
  guint64 before = kb_peak_kib (getpid ());
  gsize sent = 0;
  int fd = raw_events (f, token);

  /* Masked with a zero key, 32 KiB each; the first opens a text message,
   * the rest continue it, none is final. */
  frame[1] = (char) (0x80 | 126);
  frame[2] = (32 * 1024) >> 8;
  frame[3] = 0;
  memset (frame + 8, 'a', 32 * 1024);
  frame[0] = 0x01;
  while (sent < 256 * 1024 * 1024 && kb_raw_send_all (fd, frame, 8 + 32 * 1024))
    {
      frame[0] = 0x00;
      sent += 32 * 1024;
    }
  close (fd);
  g_test_message ("endless fragmented message: %" G_GSIZE_FORMAT " KiB sent before the drop;"
                  " peak %" G_GUINT64_FORMAT " → %" G_GUINT64_FORMAT " KiB", sent / 1024, before,
                  kb_peak_kib (getpid ()));
  g_assert_cmpuint (sent, <, 32 * 1024 * 1024);
  g_assert_cmpuint (kb_peak_kib (getpid ()) - before, <, 32 * 1024);
}

static void
test_answer_command (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kb-server-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "server.db", NULL);
  const char *program = g_getenv ("KB_SERVER_PROGRAM");
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *id = NULL;
  g_autofree char *out = NULL;
  g_autoptr(KbTestSocket) socket = NULL;
  Fixture f = { 0 };
  int status = -1;

  if (program == NULL)
    {
      g_test_skip ("KB_SERVER_PROGRAM is not set");
      return;
    }

  f.thread = kb_server_thread_start (path, KB_SERVER_SEED_DEMO, &error);
  g_assert_no_error (error);
  f.server = kb_server_thread_get_server (f.thread);
  f.url = kb_server_thread_dup_url (f.thread);
  f.session = kb_test_session_new ();
  token = kb_sign_in (&f, "demo", "demo");
  socket = kb_test_events_connect (&f, token);
  id = ask_id (&f, token, "Ответьте из командной строки");

  /* Another process answers through the same database file; the running
   * server notices and pushes the event. */
  {
    const char *argv[] = { program, "answer", "--db", path, id, "Ответ из консоли", NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                 &out, NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, &error));
    g_assert_no_error (error);
  }
  g_assert_nonnull (kb_test_events_wait (socket, "answer", 3));
  {
    g_autofree char *question_path = g_strdup_printf ("/api/v1/questions/%s", id);
    g_autoptr(KbReply) reply = kb_http (&f, "GET", question_path, token, NULL, NULL);
    JsonArray *answers = json_object_get_array_member (kb_reply_object (reply), "answers");

    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (answers, 0), "text"), ==,
                     "Ответ из консоли");
  }

  /* An unknown question is an error exit, and so is text that is not UTF-8. */
  {
    const char *argv[] = { program, "answer", "--db", path, "999999", "?", NULL };
    const char *bad_argv[] = { program, "answer", "--db", path, id, "a\xed\xa0\x80" "b", NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                                 NULL, NULL, &status, NULL));
    g_assert_false (g_spawn_check_wait_status (status, NULL));
    g_assert_true (g_spawn_sync (NULL, (char **) bad_argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                                 NULL, NULL, NULL, &status, NULL));
    g_assert_false (g_spawn_check_wait_status (status, NULL));
  }

  /* An event another writer stored nested 80 000 deep is skipped; the
   * server stays up and pushes the next one. */
  {
    g_autofree char *deep = g_strnfill (80000, '[');
    g_autofree char *second = ask_id (&f, token, "Второй вопрос");
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
    sqlite3_busy_timeout (db, 5000);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO events (client_id, payload, created_at)"
                                         " SELECT client_id, ?, 0 FROM questions WHERE id = ?;",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    sqlite3_bind_text (stmt, 1, deep, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, second, -1, SQLITE_STATIC);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
    sqlite3_finalize (stmt);
    sqlite3_close (db);

    g_ptr_array_set_size (socket->messages, 0);
    g_assert_true (kb_server_answer_question (f.server, second, NULL, "После глубокого события.",
                                              &error));
    g_assert_no_error (error);
    g_assert_nonnull (kb_test_events_wait (socket, "answer", 5));
  }

  g_clear_pointer (&socket, kb_test_socket_free);
  kb_server_fixture_teardown (&f, NULL);
  g_remove (path);
  g_rmdir (dir);
}

int
main (int argc, char *argv[])
{
  kb_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, kb_server_fixture_setup, func, kb_server_fixture_teardown)
  ADD ("/server/questions/create", test_create);
  ADD ("/server/questions/idempotency", test_idempotency);
  ADD ("/server/questions/concurrent-duplicates", test_concurrent_duplicates);
  ADD ("/server/questions/list-etag-since", test_list_etag_and_since);
  ADD ("/server/questions/get-and-read", test_get_and_read);
  ADD ("/server/questions/operator-http", test_operator_http);
  ADD ("/server/events/push", test_events);
  ADD ("/server/events/auth", test_events_auth);
  ADD ("/server/events/heartbeat", test_heartbeat);
  ADD ("/server/events/demo-operator", test_demo_operator);
  ADD ("/server/events/revoked", test_events_revoked);
  ADD ("/server/events/silent-peer", test_events_silent_peer);
  ADD ("/server/events/endless-message", test_events_endless_message);
#undef ADD
  g_test_add_func ("/server/events/answer-command", test_answer_command);

  return g_test_run ();
}
