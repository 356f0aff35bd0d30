/* kb-question-search.h — what Request History's search matches in a question. */
#pragma once

#include "kb-question.h"
#include "kb-question-history.h"

G_BEGIN_DECLS

/* What the search and the All/Unread/Waiting/Answered choice ask for. */
typedef struct {
  char *search;               /* casefolded, NULL when empty */
  KbQuestionFilter mode;
} KbQuestionQuery;

typedef struct _KbQuestionKey KbQuestionKey;

KbQuestionKey *kb_question_key_new          (KbQuestion    *question);
void           kb_question_key_free         (gpointer       key);
gboolean       kb_question_key_matches      (gpointer       key,
                                             gconstpointer  query);
void           kb_question_key_add_unfolded (KbQuestionKey *key,
                                             GPtrArray     *texts);

gpointer       kb_question_query_copy       (gpointer       query);
void           kb_question_query_free       (gpointer       query);

GPtrArray     *kb_question_texts_new        (void);
void           kb_question_texts_fold_async (GPtrArray     *texts,
                                             GCancellable  *cancellable);

G_END_DECLS
