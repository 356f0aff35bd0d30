/* kb-question-history.h — Request History (История обращений): the questions as a table. */
#pragma once

#include <adwaita.h>

#include "kb-question.h"

G_BEGIN_DECLS

#define KB_TYPE_QUESTION_HISTORY (kb_question_history_get_type ())
G_DECLARE_FINAL_TYPE (KbQuestionHistory, kb_question_history, KB, QUESTION_HISTORY, AdwBin)

typedef enum {
  KB_QUESTION_FILTER_ALL,
  KB_QUESTION_FILTER_UNREAD,
  KB_QUESTION_FILTER_WAITING,
  KB_QUESTION_FILTER_ANSWERED,
} KbQuestionFilter;

/* Emits "open-question" (KbQuestion *question) when a row's View link is
 * clicked or a row is activated. */
GtkWidget  *kb_question_history_new         (void);
void        kb_question_history_set_model   (KbQuestionHistory *self,
                                             GListModel        *questions);
/* How many rows the screen shows at most (kb_page_get_screenful()): the
 * first frame of a list that grows shows that many. */
void        kb_question_history_set_screenful (KbQuestionHistory *self,
                                               guint              rows);
/* What is shown, after the search, the filter and the sorting. */
GListModel *kb_question_history_get_shown   (KbQuestionHistory *self);
void        kb_question_history_set_filter  (KbQuestionHistory *self,
                                             KbQuestionFilter   filter);
void        kb_question_history_reset_view  (KbQuestionHistory *self);
/* Re-applies the filter and the sorting after questions changed in place. */
void        kb_question_history_invalidate  (KbQuestionHistory *self);
/* What "Export…" writes for @questions (KbQuestion), in their order. */
GBytes     *kb_question_history_build_csv   (GListModel        *questions);

G_END_DECLS
