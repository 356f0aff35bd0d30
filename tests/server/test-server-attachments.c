/* test-server-attachments.c — Feedback's second wave over real HTTP: attachments (types by
 * their bytes, limits, ownership, idempotency), follow-ups, rating and closing. */
#include "config.h"

#include <string.h>

#include "kb-server-test.h"

typedef KbServerFixture Fixture;

static const guint8 png_bytes[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13 };
static const guint8 jpeg_bytes[] = { 0xff, 0xd8, 0xff, 0xe0, 0, 16, 'J', 'F', 'I', 'F' };
/* The first bytes of an ELF executable. */
static const guint8 elf_bytes[] = { 0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0 };

static GBytes *
text_bytes (const char *text)
{
  return g_bytes_new_static (text, strlen (text));
}

static KbReply *
upload (Fixture *f, const char *token, const char *key, const char *name, GBytes *bytes,
        const char *content_type)
{
  g_autofree char *escaped = g_uri_escape_string (name, NULL, FALSE);
  g_autofree char *disposition = g_strdup_printf ("attachment; filename*=UTF-8''%s", escaped);
  const char *headers[] = { "Content-Disposition", disposition,
                            key != NULL ? "Idempotency-Key" : NULL, key, NULL };

  return kb_http_bytes (f, "POST", "/api/v1/attachments", token, bytes, content_type,
                        (GStrv) headers);
}

static char *
upload_id (Fixture *f, const char *token, const char *name, const char *text)
{
  g_autofree char *key = g_uuid_string_random ();
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(KbReply) reply = upload (f, token, key, name, bytes, "text/plain");

  g_assert_cmpuint (reply->status, ==, 201);
  return g_strdup (json_object_get_string_member (kb_reply_object (reply), "id"));
}

/* Sends @body as JSON with a fresh Idempotency-Key (or none). */
static KbReply *
post (Fixture *f, const char *token, const char *path, gboolean with_key, const char *body)
{
  g_autofree char *key = g_uuid_string_random ();

  if (!with_key)
    return kb_http (f, "POST", path, token, body, NULL);
  return kb_http (f, "POST", path, token, body, "Idempotency-Key", key, NULL);
}

static char *
ask_id (Fixture *f, const char *token, const char *body)
{
  g_autoptr(KbReply) reply = post (f, token, "/api/v1/questions", TRUE, body);

  g_assert_cmpuint (reply->status, ==, 201);
  return g_strdup (json_object_get_string_member (kb_reply_object (reply), "id"));
}

static void
assert_type (Fixture *f, const char *token, const char *name, GBytes *bytes, const char *expected)
{
  g_autofree char *key = g_uuid_string_random ();
  g_autoptr(KbReply) reply = upload (f, token, key, name, bytes, "application/octet-stream");

  g_test_message ("%s → %u", name, reply->status);
  if (expected == NULL)
    {
      g_assert_cmpuint (reply->status, ==, 415);
      g_assert_cmpstr (kb_reply_error_code (reply), ==, "unsupported_media_type");
      return;
    }
  g_assert_cmpuint (reply->status, ==, 201);
  g_assert_cmpstr (json_object_get_string_member (kb_reply_object (reply), "content_type"), ==,
                   expected);
  g_assert_cmpint (json_object_get_int_member (kb_reply_object (reply), "size"), ==,
                   (gint64) g_bytes_get_size (bytes));
}

/* Each allowed type is recognised by its bytes whatever its name; a
 * renamed executable is refused. */
static void
test_types (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  g_autoptr(GBytes) png = g_bytes_new_static (png_bytes, sizeof png_bytes);
  g_autoptr(GBytes) jpeg = g_bytes_new_static (jpeg_bytes, sizeof jpeg_bytes);
  g_autoptr(GBytes) pdf = text_bytes ("%PDF-1.4\n%%EOF\n");
  g_autoptr(GBytes) csv = text_bytes ("номер;имя\n+375291234567;Склад\n");
  g_autoptr(GBytes) text = text_bytes ("Журнал ошибок\n");
  static const char xlsx_data[] = "PK\003\004\024\000\000\000[Content_Types].xml....PK\003\004xl/workbook.xml";
  g_autoptr(GBytes) xlsx = g_bytes_new_static (xlsx_data, sizeof xlsx_data - 1);
  g_autoptr(GBytes) zip = g_bytes_new_static ("PK\003\004\024\000\000\000other.txt", 17);
  g_autoptr(GBytes) elf = g_bytes_new_static (elf_bytes, sizeof elf_bytes);
  g_autoptr(GBytes) nul_text = g_bytes_new_static ("a\0b", 3);
  g_autoptr(GBytes) latin1 = g_bytes_new_static ("caf\xe9", 4);

  assert_type (f, token, "скрин.png", png, "image/png");
  assert_type (f, token, "фото.JPG", jpeg, "image/jpeg");
  assert_type (f, token, "счёт.txt", pdf, "application/pdf");
  assert_type (f, token, "абоненты.csv", csv, "text/csv");
  assert_type (f, token, "журнал.log", text, "text/plain");
  assert_type (f, token, "таблица.xlsx", xlsx,
               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  assert_type (f, token, "архив.xlsx", zip, NULL);
  assert_type (f, token, "скрин.png", elf, NULL);
  assert_type (f, token, "setup.exe.png", elf, NULL);
  assert_type (f, token, "нули.txt", nul_text, NULL);
  assert_type (f, token, "latin1.txt", latin1, NULL);
}

/* 10 MiB is accepted, one byte more is 413; the upload's throughput on
 * loopback is printed for the record. */
static void
test_size (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  gsize limit = 10 * 1024 * 1024;
  g_autofree char *text = g_malloc (limit + 1);
  g_autoptr(GBytes) exact = NULL;
  g_autoptr(GBytes) over = NULL;
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(KbReply) accepted = NULL;
  g_autoptr(KbReply) refused = NULL;
  g_autoptr(KbReply) nothing = NULL;
  gint64 start, elapsed;

  memset (text, 'a', limit + 1);
  exact = g_bytes_new_static (text, limit);
  over = g_bytes_new_static (text, limit + 1);

  start = g_get_monotonic_time ();
  accepted = upload (f, token, "exact", "большой.txt", exact, "text/plain");
  elapsed = g_get_monotonic_time () - start;
  g_assert_cmpuint (accepted->status, ==, 201);
  g_test_message ("upload: 10 MiB in %.1f ms, %.1f MiB/s on loopback", elapsed / 1000.0,
                  10.0 / ((double) elapsed / G_USEC_PER_SEC));

  refused = upload (f, token, "over", "большой.txt", over, "text/plain");
  g_assert_cmpuint (refused->status, ==, 413);
  g_assert_cmpstr (kb_reply_error_code (refused), ==, "payload_too_large");

  nothing = upload (f, token, "empty", "пусто.txt", empty, "text/plain");
  g_assert_cmpuint (nothing->status, ==, 400);
}

/* The same key and file give the same attachment; the same key with
 * another file is refused; no key is 400. */
static void
test_idempotent_upload (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  g_autoptr(GBytes) png = g_bytes_new_static (png_bytes, sizeof png_bytes);
  g_autoptr(GBytes) text = text_bytes ("другой");
  g_autoptr(KbReply) first = upload (f, token, "k1", "a.png", png, "image/png");
  g_autoptr(KbReply) again = upload (f, token, "k1", "a.png", png, "image/png");
  g_autoptr(KbReply) other = upload (f, token, "k1", "a.png", text, "text/plain");
  g_autoptr(KbReply) no_key = upload (f, token, NULL, "a.png", png, "image/png");
  g_autofree char *sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, png_bytes,
                                                         sizeof png_bytes);

  g_assert_cmpuint (first->status, ==, 201);
  g_assert_cmpuint (again->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (kb_reply_object (first), "id"), ==,
                   json_object_get_string_member (kb_reply_object (again), "id"));
  g_assert_cmpstr (json_object_get_string_member (kb_reply_object (first), "sha256"), ==, sha256);
  g_assert_cmpuint (other->status, ==, 422);
  g_assert_cmpuint (no_key->status, ==, 400);
  g_assert_cmpstr (kb_reply_error_code (no_key), ==, "idempotency_key_required");
  g_assert_cmpuint (kb_server_count_attachments (f->server, sha256), ==, 1);
}

/* An attachment is its uploader's: another client can neither download it
 * nor send it; the download names the file safely. */
static void
test_ownership (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  g_autofree char *other = kb_sign_in (f, "demo2", "demo2");
  g_autofree char *id = upload_id (f, token, "../../Отчёт \"май\".csv", "a;b\n");
  g_autofree char *path = g_strconcat ("/api/v1/attachments/", id, NULL);
  g_autofree char *body = g_strdup_printf ("{\"text\":\"Чужой файл\",\"attachment_ids\":[\"%s\"]}", id);
  g_autoptr(KbReply) mine = kb_http (f, "GET", path, token, NULL, NULL);
  g_autoptr(KbReply) theirs = kb_http (f, "GET", path, other, NULL, NULL);
  g_autoptr(KbReply) steal = post (f, other, "/api/v1/questions", TRUE, body);
  g_autoptr(KbReply) missing = kb_http (f, "GET", "/api/v1/attachments/999999", token, NULL, NULL);
  const char *disposition;

  g_assert_cmpuint (mine->status, ==, 200);
  g_assert_cmpstr (kb_reply_header (mine, "Content-Type"), ==, "text/csv; charset=utf-8");
  g_assert_cmpmem (g_bytes_get_data (mine->body, NULL), g_bytes_get_size (mine->body), "a;b\n", 4);
  disposition = kb_reply_header (mine, "Content-Disposition");
  g_assert_true (g_str_has_prefix (disposition, "attachment; filename=\"_____ ___.csv\""));
  g_assert_nonnull (strstr (disposition, "filename*=UTF-8''%D0%9E%D1%82%D1%87%D1%91%D1%82%20%D0%BC%D0%B0%D0%B9.csv"));
  g_assert_cmpuint (theirs->status, ==, 404);
  g_assert_cmpuint (steal->status, ==, 404);
  g_assert_cmpstr (kb_reply_error_code (steal), ==, "attachment_not_found");
  g_assert_cmpuint (missing->status, ==, 404);
}

/* Five attachments a message, each linked once. */
static void
test_attach_limits (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  g_autoptr(GString) ids = g_string_new (NULL);
  g_autofree char *five = NULL;
  g_autofree char *six = NULL;
  g_autofree char *again = NULL;
  g_autoptr(KbReply) too_many = NULL;
  g_autoptr(KbReply) created = NULL;
  g_autoptr(KbReply) reused = NULL;
  g_autofree char *first = NULL;
  JsonArray *attachments;

  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *name = g_strdup_printf ("файл-%u.txt", i);
      g_autofree char *content = g_strdup_printf ("строка %u\n", i);
      g_autofree char *id = upload_id (f, token, name, content);

      g_string_append_printf (ids, "%s\"%s\"", i > 0 ? "," : "", id);
      if (i == 0)
        first = g_strdup (id);
      if (i == 4)
        five = g_strdup_printf ("{\"text\":\"Пять файлов\",\"attachment_ids\":[%s]}", ids->str);
    }
  six = g_strdup_printf ("{\"text\":\"Шесть файлов\",\"attachment_ids\":[%s]}", ids->str);

  too_many = post (f, token, "/api/v1/questions", TRUE, six);
  g_assert_cmpuint (too_many->status, ==, 422);
  g_assert_cmpstr (kb_reply_error_code (too_many), ==, "too_many_attachments");

  created = post (f, token, "/api/v1/questions", TRUE, five);
  g_assert_cmpuint (created->status, ==, 201);
  attachments = json_object_get_array_member (kb_reply_object (created), "attachments");
  g_assert_cmpuint (json_array_get_length (attachments), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (attachments, 0),
                                                  "name"), ==, "файл-0.txt");

  again = g_strdup_printf ("{\"text\":\"Снова\",\"attachment_ids\":[\"%s\"]}", first);
  reused = post (f, token, "/api/v1/questions", TRUE, again);
  g_assert_cmpuint (reused->status, ==, 409);
  g_assert_cmpstr (kb_reply_error_code (reused), ==, "attachment_in_use");
}

static const char *
status_of (Fixture *f, const char *token, const char *id)
{
  static char status[32];
  g_autofree char *path = g_strconcat ("/api/v1/questions/", id, NULL);
  g_autoptr(KbReply) reply = kb_http (f, "GET", path, token, NULL, NULL);

  g_assert_cmpuint (reply->status, ==, 200);
  g_strlcpy (status, json_object_get_string_member (kb_reply_object (reply), "status"),
             sizeof status);
  return status;
}

/* A follow-up needs its key, is made once per key, reopens an answered or
 * closed question and shows in "messages" in time order. */
static void
test_follow_up (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  g_autofree char *other = kb_sign_in (f, "demo2", "demo2");
  g_autofree char *id = ask_id (f, token, "{\"text\":\"Почему вырос счёт?\"}");
  g_autofree char *path = g_strconcat ("/api/v1/questions/", id, "/messages", NULL);
  g_autofree char *file = upload_id (f, token, "детали.txt", "детали\n");
  g_autofree char *body = g_strdup_printf ("{\"text\":\"Уточняю: за май\",\"attachment_ids\":[\"%s\"]}",
                                           file);
  g_autofree char *question_path = g_strconcat ("/api/v1/questions/", id, NULL);
  g_autoptr(KbReply) no_key = post (f, token, path, FALSE, "{\"text\":\"Без ключа\"}");
  g_autoptr(KbReply) first = NULL;
  g_autoptr(KbReply) repeat = NULL;
  g_autoptr(KbReply) theirs = post (f, other, path, TRUE, "{\"text\":\"Чужой\"}");
  g_autoptr(KbReply) empty = post (f, token, path, TRUE, "{\"text\":\"  \"}");
  g_autoptr(KbReply) question = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *messages;

  g_assert_cmpuint (no_key->status, ==, 400);
  g_assert_cmpstr (kb_reply_error_code (no_key), ==, "idempotency_key_required");
  g_assert_cmpuint (theirs->status, ==, 404);
  g_assert_cmpuint (empty->status, ==, 400);

  g_assert_true (kb_server_answer_question (f->server, id, NULL, "Из-за роуминга.", &error));
  g_assert_cmpstr (status_of (f, token, id), ==, "answered");

  first = kb_http (f, "POST", path, token, body, "Idempotency-Key", "follow-1", NULL);
  repeat = kb_http (f, "POST", path, token, body, "Idempotency-Key", "follow-1", NULL);
  g_assert_cmpuint (first->status, ==, 201);
  g_assert_cmpuint (repeat->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (kb_reply_object (first), "id"), ==,
                   json_object_get_string_member (kb_reply_object (repeat), "id"));
  g_assert_cmpstr (json_object_get_string_member (kb_reply_object (first), "role"), ==, "client");
  g_assert_cmpstr (status_of (f, token, id), ==, "in_progress");

  question = kb_http (f, "GET", question_path, token, NULL, NULL);
  messages = json_object_get_array_member (kb_reply_object (question), "messages");
  g_assert_cmpuint (json_array_get_length (messages), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 0),
                                                  "role"), ==, "operator");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 1),
                                                  "text"), ==, "Уточняю: за май");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_array_get_object_element (messages, 1), "attachments")), ==, 1);
  g_assert_cmpint (json_object_get_int_member (kb_reply_object (question), "answers_count"), ==, 1);

  /* Closed, then written to again: reopened. */
  g_assert_true (kb_server_set_question_status (f->server, id, "closed", &error));
  {
    g_autoptr(KbReply) reopen = post (f, token, path, TRUE, "{\"text\":\"И ещё\"}");

    g_assert_cmpuint (reopen->status, ==, 201);
    g_assert_cmpstr (status_of (f, token, id), ==, "in_progress");
  }
}

/* Rating needs an answer and can change; closing is the client's own. */
static void
test_rating_and_close (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  g_autofree char *other = kb_sign_in (f, "demo2", "demo2");
  g_autofree char *id = ask_id (f, token, "{\"text\":\"Как подключить услугу?\"}");
  g_autofree char *rating = g_strconcat ("/api/v1/questions/", id, "/rating", NULL);
  g_autofree char *close = g_strconcat ("/api/v1/questions/", id, "/close", NULL);
  g_autoptr(KbReply) early = kb_http (f, "PUT", rating, token, "{\"score\":\"good\"}", NULL);
  g_autoptr(KbReply) good = NULL;
  g_autoptr(KbReply) bad = NULL;
  g_autoptr(KbReply) wrong = NULL;
  g_autoptr(KbReply) theirs = NULL;
  g_autoptr(KbReply) closed = NULL;
  g_autoptr(KbReply) closed_again = NULL;
  g_autoptr(KbReply) not_theirs = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *score;

  g_assert_cmpuint (early->status, ==, 409);
  g_assert_cmpstr (kb_reply_error_code (early), ==, "not_answered");
  g_assert_true (kb_server_answer_question (f->server, id, NULL, "В разделе услуг.", &error));

  good = kb_http (f, "PUT", rating, token, "{\"score\":\"good\"}", NULL);
  g_assert_cmpuint (good->status, ==, 200);
  score = json_object_get_object_member (kb_reply_object (good), "rating");
  g_assert_cmpstr (json_object_get_string_member (score, "score"), ==, "good");
  g_assert_false (json_object_has_member (score, "comment"));

  bad = kb_http (f, "PUT", rating, token, "{\"score\":\"bad\",\"comment\":\" Не помогло \"}", NULL);
  score = json_object_get_object_member (kb_reply_object (bad), "rating");
  g_assert_cmpstr (json_object_get_string_member (score, "score"), ==, "bad");
  g_assert_cmpstr (json_object_get_string_member (score, "comment"), ==, "Не помогло");

  wrong = kb_http (f, "PUT", rating, token, "{\"score\":\"meh\"}", NULL);
  g_assert_cmpuint (wrong->status, ==, 400);
  theirs = kb_http (f, "PUT", rating, other, "{\"score\":\"good\"}", NULL);
  g_assert_cmpuint (theirs->status, ==, 404);

  not_theirs = kb_http (f, "POST", close, other, NULL, NULL);
  g_assert_cmpuint (not_theirs->status, ==, 404);
  closed = kb_http (f, "POST", close, token, NULL, NULL);
  g_assert_cmpuint (closed->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (kb_reply_object (closed), "status"), ==, "closed");
  closed_again = kb_http (f, "POST", close, token, NULL, NULL);
  g_assert_cmpuint (closed_again->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (kb_reply_object (closed_again), "revision"), ==,
                   json_object_get_string_member (kb_reply_object (closed), "revision"));
}

/* The operator answers with a file (HTTP and C API); the client downloads it. */
static void
test_operator_attachment (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  g_autofree char *id = ask_id (f, token, "{\"text\":\"Пришлите акт\"}");
  g_autofree char *attach = g_strconcat ("/api/v1/operator/questions/", id, "/attachments", NULL);
  g_autofree char *answer = g_strconcat ("/api/v1/operator/questions/", id, "/answers", NULL);
  g_autoptr(GBytes) pdf = text_bytes ("%PDF-1.4\n%%EOF\n");
  const char *headers[] = { "Content-Disposition", "attachment; filename=\"act.pdf\"", NULL };
  g_autoptr(KbReply) uploaded = NULL;
  g_autoptr(KbReply) answered = NULL;
  g_autoptr(KbReply) download = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  g_autofree char *file_path = NULL;
  JsonArray *attachments;

  kb_server_set_operator_token (f->server, "op");
  uploaded = kb_http_bytes (f, "POST", attach, "op", pdf, "application/pdf", (GStrv) headers);
  g_assert_cmpuint (uploaded->status, ==, 201);
  body = g_strdup_printf ("{\"text\":\"Акт во вложении\",\"attachment_ids\":[\"%s\"]}",
                          json_object_get_string_member (kb_reply_object (uploaded), "id"));
  answered = kb_http (f, "POST", answer, "op", body, NULL);
  g_assert_cmpuint (answered->status, ==, 201);
  attachments = json_object_get_array_member (kb_reply_object (answered), "attachments");
  g_assert_cmpuint (json_array_get_length (attachments), ==, 1);

  file_path = g_strconcat ("/api/v1/attachments/",
                           json_object_get_string_member (json_array_get_object_element (attachments, 0), "id"),
                           NULL);
  download = kb_http (f, "GET", file_path, token, NULL, NULL);
  g_assert_cmpuint (download->status, ==, 200);
  g_assert_cmpstr (kb_reply_header (download, "Content-Type"), ==, "application/pdf");

  g_assert_true (kb_server_answer_question_with_file (f->server, id, NULL, "И памятка", "Памятка.pdf",
                                                      pdf, &error));
  g_assert_cmpuint (kb_server_count_attachments (f->server, NULL), ==, 2);
}

/* The demo operator answers a follow-up too, with a PDF. */
static void
test_demo_follow_up (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  g_autofree char *id = ask_id (f, token, "{\"text\":\"Демо\"}");
  g_autofree char *path = g_strconcat ("/api/v1/questions/", id, "/messages", NULL);
  g_autofree char *question_path = g_strconcat ("/api/v1/questions/", id, NULL);
  g_autoptr(KbReply) follow_up = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *answers = NULL;
  gint64 deadline;

  g_assert_true (kb_server_answer_question (f->server, id, NULL, "Ответ", &error));
  kb_server_set_demo_operator (f->server, 1);
  follow_up = post (f, token, path, TRUE, "{\"text\":\"А подробнее?\"}");
  g_assert_cmpuint (follow_up->status, ==, 201);

  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(KbReply) question = kb_http (f, "GET", question_path, token, NULL, NULL);

      answers = json_object_get_array_member (kb_reply_object (question), "answers");
      if (json_array_get_length (answers) == 2)
        {
          JsonObject *last = json_array_get_object_element (answers, 1);
          JsonArray *files = json_object_get_array_member (last, "attachments");

          g_assert_cmpuint (json_array_get_length (files), ==, 1);
          g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (files, 0),
                                                          "content_type"), ==, "application/pdf");
          g_assert_cmpstr (json_object_get_string_member (kb_reply_object (question), "status"), ==,
                           "answered");
          return;
        }
      g_usleep (100 * 1000);
    }
  g_assert_not_reached ();
}

int
main (int argc, char **argv)
{
  kb_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, kb_server_fixture_setup, func, kb_server_fixture_teardown)
  ADD ("/server/attachments/types", test_types);
  ADD ("/server/attachments/size", test_size);
  ADD ("/server/attachments/idempotent", test_idempotent_upload);
  ADD ("/server/attachments/ownership", test_ownership);
  ADD ("/server/attachments/limits", test_attach_limits);
  ADD ("/server/attachments/operator", test_operator_attachment);
  ADD ("/server/messages/follow-up", test_follow_up);
  ADD ("/server/messages/rating-and-close", test_rating_and_close);
  ADD ("/server/messages/demo-operator", test_demo_follow_up);
#undef ADD

  return g_test_run ();
}
