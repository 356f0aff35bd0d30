/* kb-question.h — a question to the operator's specialists (Feedback), with its answers. */
#pragma once

#include <gio/gio.h>

#include "kb-answer.h"
#include "kb-attachment.h"
#include "kb-core-enums.h"

G_BEGIN_DECLS

typedef enum {
  KB_QUESTION_STATUS_QUEUED,       /* in the local outbox, not yet accepted by the server */
  KB_QUESTION_STATUS_FAILED,       /* the server refused it for good (see error-message) */
  KB_QUESTION_STATUS_NEW,
  KB_QUESTION_STATUS_IN_PROGRESS, /*< nick=in_progress >*/
  KB_QUESTION_STATUS_ANSWERED,
  KB_QUESTION_STATUS_CLOSED,
} KbQuestionStatus;

const char      *kb_question_status_to_display  (KbQuestionStatus  status);

#define KB_TYPE_QUESTION (kb_question_get_type ())
G_DECLARE_FINAL_TYPE (KbQuestion, kb_question, KB, QUESTION, GObject)

/* Properties (all notify, so list rows update in place): "id" (server id,
 * NULL while queued), "local-key" (the outbox Idempotency-Key, NULL for
 * questions that did not come from this computer), "text", "status",
 * "created-at", "updated-at", "answer-due-at" (GDateTime), "unread",
 * "answers-count" (uint), "error-message", "rating" ("good", "bad" or NULL). */

KbQuestion       *kb_question_new                (void);
const char       *kb_question_get_id             (KbQuestion       *self);
void              kb_question_set_id             (KbQuestion       *self,
                                                  const char       *id);
const char       *kb_question_get_local_key      (KbQuestion       *self);
void              kb_question_set_local_key      (KbQuestion       *self,
                                                  const char       *key);
const char       *kb_question_get_text           (KbQuestion       *self);
void              kb_question_set_text           (KbQuestion       *self,
                                                  const char       *text);
KbQuestionStatus  kb_question_get_status         (KbQuestion       *self);
void              kb_question_set_status         (KbQuestion       *self,
                                                  KbQuestionStatus  status);
GDateTime        *kb_question_get_created_at     (KbQuestion       *self);
void              kb_question_set_created_at     (KbQuestion       *self,
                                                  GDateTime        *when);
GDateTime        *kb_question_get_updated_at     (KbQuestion       *self);
void              kb_question_set_updated_at     (KbQuestion       *self,
                                                  GDateTime        *when);
GDateTime        *kb_question_get_answer_due_at  (KbQuestion       *self);
void              kb_question_set_answer_due_at  (KbQuestion       *self,
                                                  GDateTime        *when);
gboolean          kb_question_get_unread         (KbQuestion       *self);
void              kb_question_set_unread         (KbQuestion       *self,
                                                  gboolean          unread);
guint             kb_question_get_answers_count  (KbQuestion       *self);
void              kb_question_set_answers_count  (KbQuestion       *self,
                                                  guint             count);
const char       *kb_question_get_error_message  (KbQuestion       *self);
void              kb_question_set_error_message  (KbQuestion       *self,
                                                  const char       *message);
/* The full thread; empty until the question was opened (GET /questions/{id}). */
GListModel       *kb_question_get_answers        (KbQuestion       *self);
void              kb_question_set_answers        (KbQuestion       *self,
                                                  GPtrArray        *answers);
const char       *kb_question_get_rating         (KbQuestion       *self);
const char       *kb_question_get_rating_comment (KbQuestion       *self);
void              kb_question_set_rating         (KbQuestion       *self,
                                                  const char       *rating,
                                                  const char       *comment);
GPtrArray        *kb_question_get_attachments    (KbQuestion       *self);
void              kb_question_set_attachments    (KbQuestion       *self,
                                                  GPtrArray        *attachments);
const char       *kb_question_get_thread_text    (KbQuestion       *self);
void              kb_question_set_thread_text    (KbQuestion       *self,
                                                  const char       *text);
const char       *kb_question_get_search_text    (KbQuestion       *self);
/* Copies every field of @other into @self, notifying what changed; a
 * local key @other does not have is kept. */
void              kb_question_update_from        (KbQuestion       *self,
                                                  KbQuestion       *other);

G_END_DECLS
