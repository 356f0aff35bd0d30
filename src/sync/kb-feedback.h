/* kb-feedback.h — the Feedback section's data: questions, the outbox, answers arriving. */
#pragma once

#include <gio/gio.h>

#include "kb-api-client.h"
#include "kb-api-events.h"
#include "kb-question.h"
#include "kb-store.h"

G_BEGIN_DECLS

#define KB_TYPE_FEEDBACK (kb_feedback_get_type ())
G_DECLARE_FINAL_TYPE (KbFeedback, kb_feedback, KB, FEEDBACK, GObject)

/* The server's limit on a question's text, in characters (docs/openapi.yaml). */
#define KB_FEEDBACK_MAX_QUESTION_LENGTH 4000

/* Made by KbSync for its session (kb_sync_get_feedback()). Reads the cached
 * questions and the outbox from the store when constructed, so the model is
 * full before any request.
 *
 * Properties: "unread-count" (uint), "push-connected" (bool: the events
 * socket is up; otherwise it polls), "poll-interval" (uint seconds).
 * Signals: "answer-arrived" (KbQuestion *question) — emitted once per new
 * answer, by push or by polling, after the question in the model is updated. */
KbFeedback  *kb_feedback_new                   (KbApiClient          *api,
                                                KbStore              *store);
/* Newest first; GListModel of KbQuestion, queued ones included. The same
 * objects stay in the model and are updated in place. */
GListModel  *kb_feedback_get_questions         (KbFeedback           *self);
GListModel  *kb_feedback_peek_questions        (KbFeedback           *self,
                                                guint                 limit);
KbQuestion  *kb_feedback_lookup                (KbFeedback           *self,
                                                const char           *question_id);
guint        kb_feedback_get_unread_count      (KbFeedback           *self);
gboolean     kb_feedback_get_push_connected    (KbFeedback           *self);
KbApiEvents *kb_feedback_get_events            (KbFeedback           *self);

/* Validates @text (empty, whitespace only, over the limit: KB_FEEDBACK_ERROR),
 * writes it to the outbox in SQLite with a new Idempotency-Key, adds a
 * QUEUED question to the model, clears the draft, and starts sending. Returns
 * (transfer none) the queued question. Never loses the text: once this
 * returns, the question goes out exactly once, also after a crash. */
KbQuestion  *kb_feedback_ask                   (KbFeedback           *self,
                                                const char           *text,
                                                GError              **error);
KbQuestion  *kb_feedback_ask_with_files        (KbFeedback           *self,
                                                const char           *text,
                                                GPtrArray            *files,
                                                GError              **error);

/* Feedback's second wave (kb-feedback-conversation.c). */

/* Copies @file into the app's data folder, so that moving or deleting the
 * original loses nothing, after checking its type and size (the contract's
 * rule, KB_FEEDBACK_ERROR_FILE_TYPE / _FILE_TOO_LARGE with a message that
 * names the limit). Returns (transfer full) a KbAttachment with the copy's
 * path. */
void         kb_feedback_import_file_async     (KbFeedback           *self,
                                                GFile                *file,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
KbAttachment *kb_feedback_import_file_finish   (KbFeedback           *self,
                                                GAsyncResult         *result,
                                                GError              **error);
/* The same for bytes, e.g. a pasted screenshot as PNG. */
KbAttachment *kb_feedback_import_bytes         (KbFeedback           *self,
                                                GBytes               *bytes,
                                                const char           *name,
                                                GError              **error);
/* A follow-up in @question's thread (one the server has), through the
 * outbox exactly like a question, with @files (nullable). It is added to
 * the thread at once, from_client and without an id until sent. */
gboolean     kb_feedback_reply                 (KbFeedback           *self,
                                                KbQuestion           *question,
                                                const char           *text,
                                                GPtrArray            *files,
                                                GError              **error);
char        *kb_feedback_dup_reply_draft       (KbFeedback           *self,
                                                const char           *question_id);
void         kb_feedback_set_reply_draft       (KbFeedback           *self,
                                                const char           *question_id,
                                                const char           *text);
/* @score: "good" or "bad"; @comment: (nullable). The model's question is
 * updated from the reply. */
void         kb_feedback_rate_async            (KbFeedback           *self,
                                                KbQuestion           *question,
                                                const char           *score,
                                                const char           *comment,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean     kb_feedback_rate_finish           (KbFeedback           *self,
                                                GAsyncResult         *result,
                                                GError              **error);
void         kb_feedback_close_async           (KbFeedback           *self,
                                                KbQuestion           *question,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean     kb_feedback_close_finish          (KbFeedback           *self,
                                                GAsyncResult         *result,
                                                GError              **error);
/* The attachment's bytes: the local copy of one still in the outbox, else
 * the server's. */
void         kb_feedback_load_attachment_async (KbFeedback           *self,
                                                KbAttachment         *attachment,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
GBytes      *kb_feedback_load_attachment_finish (KbFeedback          *self,
                                                GAsyncResult         *result,
                                                GError              **error);

/* The unsent text of the Ask form, kept in SQLite. */
char        *kb_feedback_dup_draft             (KbFeedback           *self);
void         kb_feedback_set_draft             (KbFeedback           *self,
                                                const char           *text);

/* Starts flushing the outbox and listening for answers (WebSocket, polling
 * with If-None-Match as fallback, with back-off while the server is down). */
void         kb_feedback_start                 (KbFeedback           *self);
void         kb_feedback_stop                  (KbFeedback           *self);

void         kb_feedback_refresh_async         (KbFeedback           *self,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean     kb_feedback_refresh_finish        (KbFeedback           *self,
                                                GAsyncResult         *result,
                                                GError              **error);
/* Fetches the full thread, marks it read on the server, updates the model's
 * question (answers, unread) and returns it (transfer full). */
void         kb_feedback_open_question_async   (KbFeedback           *self,
                                                const char           *question_id,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
KbQuestion  *kb_feedback_open_question_finish  (KbFeedback           *self,
                                                GAsyncResult         *result,
                                                GError              **error);

guint        kb_feedback_get_poll_interval     (KbFeedback           *self);
void         kb_feedback_set_poll_interval     (KbFeedback           *self,
                                                guint                 seconds);
void         kb_feedback_set_push_enabled      (KbFeedback           *self,
                                                gboolean              enabled);

#define KB_FEEDBACK_ERROR (kb_feedback_error_quark ())
typedef enum {
  KB_FEEDBACK_ERROR_EMPTY,
  KB_FEEDBACK_ERROR_TOO_LONG,
  KB_FEEDBACK_ERROR_FILE_TYPE,
  KB_FEEDBACK_ERROR_FILE_TOO_LARGE,
  KB_FEEDBACK_ERROR_TOO_MANY_FILES,
} KbFeedbackError;
GQuark       kb_feedback_error_quark           (void);

G_END_DECLS
