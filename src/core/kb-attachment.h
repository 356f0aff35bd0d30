/* kb-attachment.h — a file sent with a question, an answer or a follow-up (Feedback). */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define KB_TYPE_ATTACHMENT (kb_attachment_get_type ())
G_DECLARE_FINAL_TYPE (KbAttachment, kb_attachment, KB, ATTACHMENT, GObject)

KbAttachment *kb_attachment_new              (const char   *id,
                                              const char   *name,
                                              gint64        size,
                                              const char   *content_type,
                                              const char   *path);
const char   *kb_attachment_get_id           (KbAttachment *self);
const char   *kb_attachment_get_name         (KbAttachment *self);
gint64        kb_attachment_get_size         (KbAttachment *self);
const char   *kb_attachment_get_content_type (KbAttachment *self);
const char   *kb_attachment_get_path         (KbAttachment *self);

G_END_DECLS
