/* kb-api-questions.c — the Feedback operations of the contract (docs/api.md).
 *
 * Questions are read strictly like everything else the server sends; a
 * question is only ever created with the Idempotency-Key its outbox entry
 * was given, so the request path may repeat it safely.
 */
#include "config.h"

#include "kb-api-questions.h"

#include "kb-api-client-private.h"
#include "kb-api-json.h"

void
kb_api_question_page_free (KbApiQuestionPage *page)
{
  if (page == NULL)
    return;
  g_clear_pointer (&page->questions, g_ptr_array_unref);
  g_free (page->cursor);
  g_free (page->etag);
  g_free (page);
}

static gpointer
answer_from_json (JsonObject *object, GError **error)
{
  const char *id, *author, *text;
  g_autoptr(GDateTime) created_at = NULL;

  if ((id = kb_api_json_get_string (object, "id", TRUE, error)) == NULL ||
      (author = kb_api_json_get_string (object, "author", TRUE, error)) == NULL ||
      (text = kb_api_json_get_string (object, "text", TRUE, error)) == NULL ||
      (created_at = kb_api_json_get_time (object, "created_at", error)) == NULL)
    return NULL;
  return kb_answer_new (id, author, text, created_at);
}

static gpointer
question_from_json (JsonObject *object, GError **error)
{
  g_autoptr(KbQuestion) question = kb_question_new ();
  g_autoptr(GDateTime) created_at = NULL;
  g_autoptr(GDateTime) updated_at = NULL;
  g_autoptr(GDateTime) due_at = NULL;
  g_autoptr(GPtrArray) answers = NULL;
  JsonArray *array;
  const char *id, *text, *status;
  gboolean unread = FALSE;
  guint count = 0;

  if ((id = kb_api_json_get_string (object, "id", TRUE, error)) == NULL ||
      (text = kb_api_json_get_string (object, "text", TRUE, error)) == NULL ||
      (status = kb_api_json_get_string (object, "status", TRUE, error)) == NULL ||
      (created_at = kb_api_json_get_time (object, "created_at", error)) == NULL ||
      (updated_at = kb_api_json_get_time (object, "updated_at", error)) == NULL ||
      (due_at = kb_api_json_get_time (object, "answer_due_at", error)) == NULL ||
      !kb_api_json_get_boolean (object, "unread", &unread, error) ||
      !kb_api_json_get_count (object, "answers_count", &count, error) ||
      (array = kb_api_json_get_array (object, "answers", TRUE, error)) == NULL)
    return NULL;

  answers = kb_api_json_read_array (array, "answers", answer_from_json, error);
  if (answers == NULL)
    return NULL;

  kb_question_set_id (question, id);
  kb_question_set_text (question, text);
  kb_question_set_status (question,
                          kb_enum_from_nick (KB_TYPE_QUESTION_STATUS, status,
                                             KB_QUESTION_STATUS_NEW));
  kb_question_set_created_at (question, created_at);
  kb_question_set_updated_at (question, updated_at);
  kb_question_set_answer_due_at (question, due_at);
  kb_question_set_unread (question, unread);
  kb_question_set_answers_count (question, MAX (count, answers->len));
  kb_question_set_answers (question, answers);
  return g_steal_pointer (&question);
}

/* Returns: (transfer full): the question with its thread, or NULL and a
 * KB_API_ERROR_BAD_RESPONSE naming the member that was wrong. */
KbQuestion *
kb_api_json_to_question (JsonNode *root, GError **error)
{
  JsonObject *object = kb_api_json_root_object (root, "question", error);

  return object != NULL ? question_from_json (object, error) : NULL;
}

static gpointer
to_page (JsonNode *root, GError **error)
{
  g_autoptr(KbApiQuestionPage) page = g_new0 (KbApiQuestionPage, 1);
  JsonObject *object;
  JsonArray *array;
  const char *cursor;
  gboolean has_more = FALSE;

  if ((object = kb_api_json_root_object (root, "questions", error)) == NULL ||
      (array = kb_api_json_get_array (object, "questions", TRUE, error)) == NULL ||
      (cursor = kb_api_json_get_string (object, "cursor", TRUE, error)) == NULL ||
      !kb_api_json_get_boolean (object, "has_more", &has_more, error))
    return NULL;

  /* An element that is not an object is named as kb_api_json_to_question() names it. */
  page->questions = kb_api_json_read_list (array, "question", question_from_json,
                                           &page->skipped, error);
  if (page->questions == NULL)
    return NULL;
  page->cursor = g_strdup (cursor);
  page->has_more = has_more;
  return g_steal_pointer (&page);
}

void
kb_api_client_list_questions_async (KbApiClient         *self,
                                    const char          *since,
                                    guint                limit,
                                    const char          *etag,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autofree char *path = g_strdup_printf ("/questions?since=%s&limit=%u",
                                           since != NULL ? since : "0", limit > 0 ? limit : 500);

  _kb_api_client_get_async (self, path, etag, to_page, (GDestroyNotify) kb_api_question_page_free,
                            kb_api_client_list_questions_async, cancellable, callback, user_data);
}

/* Returns: (transfer full): the page; KB_API_ERROR_NOT_MODIFIED when @etag
 * is still current (nothing changed since the cursor). */
KbApiQuestionPage *
kb_api_client_list_questions_finish (KbApiClient *self, GAsyncResult *result, GError **error)
{
  g_autofree char *etag = NULL;
  KbApiQuestionPage *page = _kb_api_client_request_finish_value (self, result, &etag, error);

  if (page != NULL)
    page->etag = g_steal_pointer (&etag);
  return page;
}

static void
question_request (KbApiClient         *self,
                  const char          *method,
                  const char          *path,
                  JsonNode            *body,
                  const char          *idempotency_key,
                  gpointer             source_tag,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  KbApiRequest request = {
    .method = method,
    .path = path,
    .body = body,
    .idempotency_key = idempotency_key,
    .authenticated = TRUE,
    .parse = (KbApiParseFunc) kb_api_json_to_question,
    .value_free = g_object_unref,
  };

  _kb_api_client_request_async (self, &request, source_tag, cancellable, callback, user_data);
}

static KbQuestion *
question_finish (KbApiClient *self, GAsyncResult *result, GError **error)
{
  return _kb_api_client_request_finish_value (self, result, NULL, error);
}

void
kb_api_client_get_question_async (KbApiClient         *self,
                                  const char          *question_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autofree char *path = _kb_api_item_path ("/questions", question_id, NULL);

  question_request (self, "GET", path, NULL, NULL, kb_api_client_get_question_async,
                    cancellable, callback, user_data);
}

KbQuestion *
kb_api_client_get_question_finish (KbApiClient *self, GAsyncResult *result, GError **error)
{
  return question_finish (self, result, error);
}

/**
 * kb_api_client_ask_question_async:
 * @idempotency_key: the key stored with the outbox entry; the server creates
 *   one question per key however often this is sent
 */
void
kb_api_client_ask_question_async (KbApiClient         *self,
                                  const char          *text,
                                  const char          *idempotency_key,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(JsonNode) body = kb_api_json_body_new ("text", text, NULL);

  g_return_if_fail (idempotency_key != NULL);

  question_request (self, "POST", "/questions", body, idempotency_key,
                    kb_api_client_ask_question_async, cancellable, callback, user_data);
}

KbQuestion *
kb_api_client_ask_question_finish (KbApiClient *self, GAsyncResult *result, GError **error)
{
  return question_finish (self, result, error);
}

void
kb_api_client_mark_question_read_async (KbApiClient         *self,
                                        const char          *question_id,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autofree char *path = _kb_api_item_path ("/questions", question_id, "/read");

  /* Idempotent on the server: a repeat after a lost reply changes nothing. */
  question_request (self, "POST", path, NULL, NULL, kb_api_client_mark_question_read_async,
                    cancellable, callback, user_data);
}

KbQuestion *
kb_api_client_mark_question_read_finish (KbApiClient *self, GAsyncResult *result, GError **error)
{
  return question_finish (self, result, error);
}
