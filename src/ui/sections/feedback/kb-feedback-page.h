/* kb-feedback-page.h — Feedback (Обратная связь): ask a question, see the history and the answers. */
#pragma once

#include "kb-page.h"

G_BEGIN_DECLS

#define KB_TYPE_FEEDBACK_PAGE (kb_feedback_page_get_type ())
G_DECLARE_FINAL_TYPE (KbFeedbackPage, kb_feedback_page, KB, FEEDBACK_PAGE, KbPage)

void        kb_feedback_page_open_question        (KbFeedbackPage *self,
                                                   const char     *question_id);
/* The id of the question whose thread is shown, or NULL. */
const char *kb_feedback_page_get_open_question_id (KbFeedbackPage *self);

G_END_DECLS
