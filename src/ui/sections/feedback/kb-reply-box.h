/* kb-reply-box.h — the field a follow-up is written in: text, files, counter, Send. */
#pragma once

#include <adwaita.h>

#include "kb-feedback.h"

G_BEGIN_DECLS

#define KB_TYPE_REPLY_BOX (kb_reply_box_get_type ())
G_DECLARE_FINAL_TYPE (KbReplyBox, kb_reply_box, KB, REPLY_BOX, AdwBin)

/* Signals: "send" — Send was pressed (or Ctrl+Enter); read the text and
 * the files, then kb_reply_box_clear() or kb_reply_box_show_error(). */
void        kb_reply_box_set_feedback  (KbReplyBox *self,
                                        KbFeedback *feedback);
/* The thread whose draft the field keeps (NULL: none). */
void        kb_reply_box_set_thread    (KbReplyBox *self,
                                        const char *question_id);
char       *kb_reply_box_dup_text      (KbReplyBox *self);
/* (element-type KbAttachment): the files attached, copied already. */
GPtrArray  *kb_reply_box_get_files     (KbReplyBox *self);
void        kb_reply_box_add_file      (KbReplyBox *self,
                                        GFile      *file);
void        kb_reply_box_clear         (KbReplyBox *self);
void        kb_reply_box_show_error    (KbReplyBox *self,
                                        const char *message);

G_END_DECLS
