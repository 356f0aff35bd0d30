/* kb-store-questions.h — Feedback in the cache: questions, answers, the outbox, the draft. */
#pragma once

#include "kb-question.h"
#include "kb-store.h"

G_BEGIN_DECLS

/* Cached questions (without their threads) and the outbox's entries as
 * QUEUED or FAILED questions carrying their local key; newest first. */
GPtrArray  *kb_store_load_questions     (KbStore     *self,
                                         GError     **error);
/* The outbox's entries and the @limit cached questions with the latest
 * activity, newest first: the history's first screenful, without reading
 * every question. */
GPtrArray  *kb_store_load_questions_head (KbStore    *self,
                                          guint       limit,
                                          GError    **error);
/* How many cached questions have an answer not yet read: the sidebar's
 * badge, before the questions themselves are read. */
gboolean    kb_store_count_unread_questions (KbStore  *self,
                                             guint    *count,
                                             GError  **error);
/* The cached thread of one question (KbAnswer, oldest first). */
GPtrArray  *kb_store_load_answers       (KbStore     *self,
                                         const char  *question_id,
                                         GError     **error);
/* The files sent with the question itself (KbAttachment). */
GPtrArray  *kb_store_load_question_files (KbStore    *self,
                                         const char  *question_id,
                                         GError     **error);
/* Writes @questions (KbQuestion with ids; their answers when they carry any)
 * and, when not NULL, the list's new @cursor and @etag — all in one
 * transaction, so the cursor never runs ahead of what was saved. */
gboolean    kb_store_save_questions     (KbStore     *self,
                                         GPtrArray   *questions,
                                         const char  *cursor,
                                         const char  *etag,
                                         GError     **error);
/* The same write in a worker thread on a connection of its own: a page of
 * the first sync takes 100–300 ms. @questions are copied before the call
 * returns, so the caller may change them meanwhile. */
void        kb_store_save_questions_async  (KbStore             *self,
                                            GPtrArray           *questions,
                                            const char          *cursor,
                                            const char          *etag,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean    kb_store_save_questions_finish (KbStore             *self,
                                            GAsyncResult        *result,
                                            GError             **error);
gboolean    kb_store_load_question_sync (KbStore     *self,
                                         char       **cursor,
                                         char       **etag,
                                         GError     **error);

/* The outbox: a question is written here before it is ever sent, with
 * @files (KbAttachment with the path of their copies, nullable). Adding
 * clears the draft in the same transaction. */
gboolean    kb_store_outbox_add         (KbStore     *self,
                                         const char  *key,
                                         const char  *text,
                                         GDateTime   *created_at,
                                         GPtrArray   *files,
                                         GError     **error);
/* The server accepted the entry @key as @question: one transaction saves the
 * question (remembering @key) and removes the entry. */
gboolean    kb_store_outbox_complete    (KbStore     *self,
                                         const char  *key,
                                         KbQuestion  *question,
                                         GError     **error);
/* The server refused the entry for good; it stays, with @message, until
 * the user sends it again or drops it. */
gboolean    kb_store_outbox_fail        (KbStore     *self,
                                         const char  *key,
                                         const char  *message,
                                         GError     **error);
gboolean    kb_store_outbox_remove      (KbStore     *self,
                                         const char  *key,
                                         GError     **error);

char       *kb_store_dup_draft          (KbStore     *self,
                                         GError     **error);
gboolean    kb_store_set_draft          (KbStore     *self,
                                         const char  *text,
                                         GError     **error);

G_END_DECLS
