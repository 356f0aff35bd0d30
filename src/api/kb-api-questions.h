/* kb-api-questions.h — the Feedback operations of the contract (docs/api.md). */
#pragma once

#include <json-glib/json-glib.h>

#include "kb-api-client.h"
#include "kb-question.h"

G_BEGIN_DECLS

/* One page of GET /questions?since=: the questions changed after the cursor,
 * oldest change first, each with its whole thread. */
typedef struct {
  GPtrArray *questions;   /* KbQuestion */
  char *cursor;
  gboolean has_more;
  char *etag;
  guint skipped;          /* questions of this page that could not be read */
} KbApiQuestionPage;

/* What the client writes, a new question or a follow-up: sent once per
 * key, the one stored with its outbox entry. */
typedef struct {
  const char *text;
  const char * const *attachment_ids;   /* (nullable): the uploaded files' ids */
  const char *idempotency_key;
} KbApiMessage;

void               kb_api_question_page_free              (KbApiQuestionPage    *page);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KbApiQuestionPage, kb_api_question_page_free)

KbQuestion        *kb_api_json_to_question                (JsonNode             *root,
                                                           GError              **error);

/* The operations below that answer with the question as it now is finish
 * with kb_api_client_question_finish(). */
KbQuestion        *kb_api_client_question_finish          (KbApiClient          *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);

void               kb_api_client_list_questions_async     (KbApiClient          *self,
                                                           const char           *since,
                                                           guint                 limit,
                                                           const char           *etag,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
KbApiQuestionPage *kb_api_client_list_questions_finish    (KbApiClient          *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);
void               kb_api_client_get_question_async       (KbApiClient          *self,
                                                           const char           *question_id,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
void               kb_api_client_ask_question_async       (KbApiClient          *self,
                                                           const KbApiMessage   *message,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
void               kb_api_client_mark_question_read_async (KbApiClient          *self,
                                                           const char           *question_id,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);


/* Feedback, second wave: follow-ups, attachments, rating, closing. */
void               kb_api_client_post_message_async       (KbApiClient          *self,
                                                           const char           *question_id,
                                                           const KbApiMessage   *message,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
KbAnswer          *kb_api_client_post_message_finish      (KbApiClient          *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);
void               kb_api_client_upload_attachment_async  (KbApiClient          *self,
                                                           KbAttachment         *file,
                                                           GBytes               *bytes,
                                                           const char           *idempotency_key,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
KbAttachment      *kb_api_client_upload_attachment_finish (KbApiClient          *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);
void               kb_api_client_rate_question_async      (KbApiClient          *self,
                                                           const char           *question_id,
                                                           const char           *score,
                                                           const char           *comment,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
void               kb_api_client_close_question_async     (KbApiClient          *self,
                                                           const char           *question_id,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
void               kb_api_client_download_attachment_async (KbApiClient         *self,
                                                           const char           *attachment_id,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
GBytes            *kb_api_client_download_attachment_finish (KbApiClient        *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);

G_END_DECLS
