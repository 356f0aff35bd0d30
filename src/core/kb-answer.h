/* kb-answer.h — one message of a question's conversation: an answer or a follow-up (Feedback). */
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
/* TRUE for the client's follow-up, FALSE for the operator's answer. */
gboolean    kb_answer_get_from_client (KbAnswer  *self);
void        kb_answer_set_from_client (KbAnswer  *self,
                                       gboolean   from_client);
/* (element-type KbAttachment): never NULL. */
GPtrArray  *kb_answer_get_attachments (KbAnswer  *self);
void        kb_answer_set_attachments (KbAnswer  *self,
                                       GPtrArray *attachments);

G_END_DECLS
