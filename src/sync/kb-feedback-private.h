/* kb-feedback-private.h — what kb-feedback.c and kb-feedback-conversation.c share. */
#pragma once

#include "kb-api-client.h"
#include "kb-feedback.h"
#include "kb-store.h"

G_BEGIN_DECLS

KbApiClient  *_kb_feedback_get_api            (KbFeedback          *self);
KbStore      *_kb_feedback_get_store          (KbFeedback          *self);
GCancellable *_kb_feedback_get_cancellable    (KbFeedback          *self);
KbQuestion   *_kb_feedback_apply_question     (KbFeedback          *self,
                                               KbQuestion          *fresh);
gboolean      _kb_feedback_outbox_retry_later (KbFeedback          *self,
                                               const GError        *error);

/* kb-feedback-conversation.c */
gboolean      _kb_feedback_check_message      (const char          *text,
                                               GPtrArray           *files,
                                               gboolean             question,
                                               GError             **error);
void          _kb_feedback_flush_messages     (KbFeedback          *self);
void          _kb_feedback_upload_files_async (KbFeedback          *self,
                                               const char          *owner_key,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
GStrv         _kb_feedback_upload_files_finish (KbFeedback         *self,
                                               GAsyncResult        *result,
                                               GError             **error);

G_END_DECLS
