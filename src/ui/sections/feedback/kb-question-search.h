/* kb-question-search.h — what Request History's search matches in a question. */
#pragma once

#include <gio/gio.h>

#include "kb-question.h"
#include "kb-question-history.h"

G_BEGIN_DECLS

/* What the search and the All/Unread/Waiting/Answered choice ask for. */
typedef struct {
  char *search;               /* casefolded, NULL when empty */
  KbQuestionFilter mode;
} KbQuestionQuery;

typedef struct _KbQuestionKey KbQuestionKey;
/* The keys of a whole history, packed (see KbPackedStrings): made once per
 * sorted list, on a worker, folding the texts no pass has folded yet. */
typedef struct _KbQuestionIndex KbQuestionIndex;

KbQuestionKey *kb_question_key_new          (KbQuestion    *question);
void           kb_question_key_free         (gpointer       key);
gboolean       kb_question_key_matches      (gpointer       key,
                                             gconstpointer  query);
/* Whether two keys are of the same choices and text: a KbFilterKeyEqualFunc. */
gboolean       kb_question_key_equal        (gconstpointer  a,
                                             gconstpointer  b);

/* @keys: KbQuestionKeys; the index is of their positions. */
gpointer       kb_question_index_new        (GPtrArray     *keys);
void           kb_question_index_free       (gpointer       index);
/* What kb_question_key_matches() accepts among @candidates (ascending;
 * NULL: all) of a KbQuestionIndex, found at once; a KbFilterSearchFunc. */
GArray        *kb_question_index_search     (gpointer       index,
                                             GArray        *candidates,
                                             gconstpointer  query,
                                             GCancellable  *cancellable);

gpointer       kb_question_query_copy       (gpointer       query);
void           kb_question_query_free       (gpointer       query);

G_END_DECLS
