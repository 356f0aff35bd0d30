/* kb-answer.h — one specialist's answer to a question (Feedback). */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define KB_TYPE_ANSWER (kb_answer_get_type ())
G_DECLARE_FINAL_TYPE (KbAnswer, kb_answer, KB, ANSWER, GObject)

KbAnswer   *kb_answer_new            (const char *id,
                                      const char *author,
                                      const char *text,
                                      GDateTime  *created_at);
const char *kb_answer_get_id         (KbAnswer   *self);
const char *kb_answer_get_author     (KbAnswer   *self);
const char *kb_answer_get_text       (KbAnswer   *self);
GDateTime  *kb_answer_get_created_at (KbAnswer   *self);

G_END_DECLS
