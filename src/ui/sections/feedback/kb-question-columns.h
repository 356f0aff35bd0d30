/* kb-question-columns.h — Request History's columns and how its rows show a question. */
#pragma once

#include <gtk/gtk.h>

#include "kb-question.h"

G_BEGIN_DECLS

typedef void (*KbQuestionOpenFunc) (KbQuestion *question,
                                    gpointer    user_data);

/* Shared with the thread view. */
const char          *kb_question_status_style (KbQuestionStatus    status);
char                *kb_question_answers_text (guint               n_answers);

GtkColumnViewColumn *kb_question_columns_add (GtkColumnView      *view,
                                              KbQuestionOpenFunc  open,
                                              gpointer            user_data);

G_END_DECLS
