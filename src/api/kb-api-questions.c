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
attachment_from_json (JsonObject *object, GError **error)
{
  const char *id, *name, *content_type;
  gint64 size;

  if ((id = kb_api_json_get_string (object, "id", TRUE, error)) == NULL ||
      (name = kb_api_json_get_string (object, "name", TRUE, error)) == NULL ||
      !kb_api_json_get_int (object, "size", &size, error) ||
      (content_type = kb_api_json_get_string (object, "content_type", TRUE, error)) == NULL)
    return NULL;
  return kb_attachment_new (id, name, size, content_type, NULL);
}

/* Returns: (transfer full): @object's "attachments" (none when absent: a
 * first-wave server), or NULL with @error. */
static GPtrArray *
attachments_from_json (JsonObject *object, GError **error)
{
  JsonArray *array;

  if (!kb_api_json_get_optional_array (object, "attachments", &array, error))
    return NULL;
  if (array == NULL)
    return g_ptr_array_new_with_free_func (g_object_unref);
  return kb_api_json_read_array (array, "attachment", attachment_from_json, error);
}

/* An answer, or any message of "messages" (with its role). */
static gpointer
answer_from_json (JsonObject *object, GError **error)
{
  const char *id, *author, *text, *role = NULL;
  g_autoptr(GDateTime) created_at = NULL;
  g_autoptr(GPtrArray) attachments = NULL;
  KbAnswer *answer;

  if ((id = kb_api_json_get_string (object, "id", TRUE, error)) == NULL ||
      (author = kb_api_json_get_string (object, "author", TRUE, error)) == NULL ||
      (text = kb_api_json_get_string (object, "text", TRUE, error)) == NULL ||
      (created_at = kb_api_json_get_time (object, "created_at", error)) == NULL ||
      !kb_api_json_get_optional_string (object, "role", &role, error) ||
      (attachments = attachments_from_json (object, error)) == NULL)
    return NULL;
  answer = kb_answer_new (id, author, text, created_at);
  kb_answer_set_from_client (answer, g_strcmp0 (role, "client") == 0);
  kb_answer_set_attachments (answer, attachments);
  return answer;
}

static gpointer
question_from_json (JsonObject *object, GError **error)
{
  g_autoptr(KbQuestion) question = kb_question_new ();
  g_autoptr(GDateTime) created_at = NULL;
  g_autoptr(GDateTime) updated_at = NULL;
  g_autoptr(GDateTime) due_at = NULL;
  g_autoptr(GPtrArray) answers = NULL;
  g_autoptr(GPtrArray) attachments = NULL;
  JsonArray *array, *messages;
  JsonObject *rating;
  const char *id, *text, *status, *score = NULL, *comment = NULL;
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
      (array = kb_api_json_get_array (object, "answers", TRUE, error)) == NULL ||
      (attachments = attachments_from_json (object, error)) == NULL)
    return NULL;

  /* The conversation when the server sends it, else the answers alone. */
  if (!kb_api_json_get_optional_array (object, "messages", &messages, error))
    return NULL;
  answers = kb_api_json_read_array (messages != NULL ? messages : array, "answers",
                                    answer_from_json, error);
  if (answers == NULL)
    return NULL;
  if (!kb_api_json_get_optional_object (object, "rating", &rating, error))
    return NULL;
  if (rating != NULL &&
      ((score = kb_api_json_get_string (rating, "score", TRUE, error)) == NULL ||
       !kb_api_json_get_optional_string (rating, "comment", &comment, error)))
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
  kb_question_set_answers_count (question, messages != NULL ? count : MAX (count, answers->len));
  kb_question_set_answers (question, answers);
  kb_question_set_attachments (question, attachments);
  kb_question_set_rating (question, score, comment);
  return g_steal_pointer (&question);
}

/* Returns: (transfer full): the question with its thread, or NULL and a
 * KB_API_ERROR_BAD_RESPONSE naming the member that was wrong. */
KbQuestion *
kb_api_json_to_question (JsonNode *root, GError **error)
{
  return kb_api_json_root_read (root, "question", question_from_json, error);
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

  /* A page of questions with their threads is read on a worker, as the
   * subscribers' pages are: read on the main thread, each page of a first
   * sync held a frame for 60-120 ms. */
  _kb_api_client_get_async (self, path, etag, TRUE, to_page,
                            (GDestroyNotify) kb_api_question_page_free,
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

/**
 * kb_api_client_question_finish:
 *
 * Finishes every operation that the server answers with the question as it
 * now is: getting, asking, marking read, rating and closing one.
 *
 * Returns: (transfer full): the question with its thread.
 */
KbQuestion *
kb_api_client_question_finish (KbApiClient *self, GAsyncResult *result, GError **error)
{
  return _kb_api_client_request_finish_value (self, result, NULL, error);
}

/* POSTs to one of the question's own actions (@suffix, such as "/read"),
 * which the server makes idempotent: a repeat after a lost reply changes
 * nothing. */
static void
question_action (KbApiClient         *self,
                 const char          *question_id,
                 const char          *suffix,
                 gpointer             source_tag,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  g_autofree char *path = _kb_api_item_path ("/questions", question_id, suffix);

  question_request (self, "POST", path, NULL, NULL, source_tag, cancellable, callback, user_data);
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

/* Returns: a body {"text": …, "attachment_ids": [...]} (the latter only
 * when there are any). */
static JsonNode *
message_body (const KbApiMessage *message)
{
  JsonNode *body = kb_api_json_body_new ("text", message->text, NULL);

  if (message->attachment_ids != NULL && message->attachment_ids[0] != NULL)
    {
      JsonArray *ids = json_array_new ();

      for (guint i = 0; message->attachment_ids[i] != NULL; i++)
        json_array_add_string_element (ids, message->attachment_ids[i]);
      json_object_set_array_member (json_node_get_object (body), "attachment_ids", ids);
    }
  return body;
}

/**
 * kb_api_client_ask_question_async:
 * @message: the question; the server creates one question per key however
 *   often this is sent
 */
void
kb_api_client_ask_question_async (KbApiClient         *self,
                                  const KbApiMessage  *message,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (message->idempotency_key != NULL);

  body = message_body (message);
  question_request (self, "POST", "/questions", body, message->idempotency_key,
                    kb_api_client_ask_question_async, cancellable, callback, user_data);
}

void
kb_api_client_mark_question_read_async (KbApiClient         *self,
                                        const char          *question_id,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  question_action (self, question_id, "/read", kb_api_client_mark_question_read_async,
                   cancellable, callback, user_data);
}

/* ---- Feedback, second wave ------------------------------------------------------ */

static gpointer
to_message (JsonNode *root, GError **error)
{
  return kb_api_json_root_read (root, "message", answer_from_json, error);
}

/**
 * kb_api_client_post_message_async:
 * @message: the follow-up; the server makes one message per key
 */
void
kb_api_client_post_message_async (KbApiClient         *self,
                                  const char          *question_id,
                                  const KbApiMessage  *message,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(JsonNode) body = message_body (message);
  g_autofree char *path = _kb_api_item_path ("/questions", question_id, "/messages");
  KbApiRequest request = {
    .method = "POST",
    .path = path,
    .body = body,
    .idempotency_key = message->idempotency_key,
    .authenticated = TRUE,
    .parse = to_message,
    .value_free = g_object_unref,
  };

  g_return_if_fail (message->idempotency_key != NULL);
  _kb_api_client_request_async (self, &request, kb_api_client_post_message_async, cancellable,
                                callback, user_data);
}

/* Returns: (transfer full): the message (a KbAnswer from the client). */
KbAnswer *
kb_api_client_post_message_finish (KbApiClient *self, GAsyncResult *result, GError **error)
{
  return _kb_api_client_request_finish_value (self, result, NULL, error);
}

static gpointer
to_attachment (JsonNode *root, GError **error)
{
  return kb_api_json_root_read (root, "attachment", attachment_from_json, error);
}

/**
 * kb_api_client_upload_attachment_async:
 * @file: the file: its name and type are sent with @bytes
 * @bytes: what the file holds
 * @idempotency_key: the key stored with the file in the outbox
 *
 * Uploads one file as the request's body (docs/api.md).
 */
void
kb_api_client_upload_attachment_async (KbApiClient         *self,
                                       KbAttachment        *file,
                                       GBytes              *bytes,
                                       const char          *idempotency_key,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  KbApiRequest request = {
    .method = "POST",
    .path = "/attachments",
    .idempotency_key = idempotency_key,
    .authenticated = TRUE,
    .parse = to_attachment,
    .value_free = g_object_unref,
    .file = bytes,
    .file_type = kb_attachment_get_content_type (file),
    .file_name = kb_attachment_get_name (file),
  };

  g_return_if_fail (idempotency_key != NULL);
  _kb_api_client_request_async (self, &request, kb_api_client_upload_attachment_async, cancellable,
                                callback, user_data);
}

/* Returns: (transfer full): the stored attachment (without a path). */
KbAttachment *
kb_api_client_upload_attachment_finish (KbApiClient *self, GAsyncResult *result, GError **error)
{
  return _kb_api_client_request_finish_value (self, result, NULL, error);
}

/* @score: "good" or "bad"; @comment: (nullable). */
void
kb_api_client_rate_question_async (KbApiClient         *self,
                                   const char          *question_id,
                                   const char          *score,
                                   const char          *comment,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(JsonNode) body = kb_api_json_body_new ("score", score, NULL);
  g_autofree char *path = _kb_api_item_path ("/questions", question_id, "/rating");

  if (comment != NULL && *comment != '\0')
    json_object_set_string_member (json_node_get_object (body), "comment", comment);
  question_request (self, "PUT", path, body, NULL, kb_api_client_rate_question_async, cancellable,
                    callback, user_data);
}

void
kb_api_client_close_question_async (KbApiClient         *self,
                                    const char          *question_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  question_action (self, question_id, "/close", kb_api_client_close_question_async,
                   cancellable, callback, user_data);
}

void
kb_api_client_download_attachment_async (KbApiClient         *self,
                                         const char          *attachment_id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autofree char *path = _kb_api_item_path ("/attachments", attachment_id, NULL);
  KbApiRequest request = {
    .method = "GET",
    .path = path,
    .authenticated = TRUE,
    .raw = TRUE,
    .value_free = (GDestroyNotify) g_bytes_unref,
  };

  _kb_api_client_request_async (self, &request, kb_api_client_download_attachment_async,
                                cancellable, callback, user_data);
}

/* Returns: (transfer full): the file's bytes. */
GBytes *
kb_api_client_download_attachment_finish (KbApiClient *self, GAsyncResult *result, GError **error)
{
  return _kb_api_client_request_finish_value (self, result, NULL, error);
}
