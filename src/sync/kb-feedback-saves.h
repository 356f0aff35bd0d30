/* kb-feedback-saves.h — the queue that writes the Feedback list sync's pages to the cache. */
#pragma once

#include "kb-api-questions.h"
#include "kb-store.h"

G_BEGIN_DECLS

typedef struct _KbFeedbackSaves KbFeedbackSaves;

/* Called with the queue's owner whenever a save ended, well or not, so the
 * owner can see whether its sync may finish (_kb_feedback_saves_holding()). */
typedef void (*KbFeedbackSavesFunc) (gpointer owner);

KbFeedbackSaves *_kb_feedback_saves_new       (GObject             *owner,
                                               KbStore             *store,
                                               GCancellable        *cancellable,
                                               KbFeedbackSavesFunc  saved);
void             _kb_feedback_saves_free      (KbFeedbackSaves     *saves);
void             _kb_feedback_saves_push_page (KbFeedbackSaves     *saves,
                                               KbApiQuestionPage   *page);
void             _kb_feedback_saves_write_one (KbFeedbackSaves     *saves,
                                               KbQuestion          *question);
gboolean         _kb_feedback_saves_holding   (KbFeedbackSaves     *saves);
void             _kb_feedback_saves_stop      (KbFeedbackSaves     *saves);

G_END_DECLS
