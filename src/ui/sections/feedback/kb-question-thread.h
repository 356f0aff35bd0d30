/* kb-question-thread.h — one question as a conversation: every answer and follow-up. */
#pragma once

#include <adwaita.h>

#include "kb-feedback.h"
#include "kb-question.h"

G_BEGIN_DECLS

#define KB_TYPE_QUESTION_THREAD (kb_question_thread_get_type ())
G_DECLARE_FINAL_TYPE (KbQuestionThread, kb_question_thread, KB, QUESTION_THREAD, AdwBin)

GtkWidget  *kb_question_thread_new          (void);
KbQuestion *kb_question_thread_get_question (KbQuestionThread *self);
void        kb_question_thread_set_question (KbQuestionThread *self,
                                             KbQuestion       *question);
/* Shows that the thread is being fetched, or why it could not be. */
void        kb_question_thread_set_loading  (KbQuestionThread *self,
                                             gboolean          loading);
void        kb_question_thread_set_error    (KbQuestionThread *self,
                                             const char       *message);
/* What replying, rating, closing and the files go through. */
void        kb_question_thread_set_feedback (KbQuestionThread *self,
                                             KbFeedback       *feedback);

G_END_DECLS
