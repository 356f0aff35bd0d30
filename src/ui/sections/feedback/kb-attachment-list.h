/* kb-attachment-list.h — the files of a message: thumbnails or icons, open, save, remove. */
#pragma once

#include <adwaita.h>

#include "kb-feedback.h"

G_BEGIN_DECLS

#define KB_TYPE_ATTACHMENT_LIST (kb_attachment_list_get_type ())
G_DECLARE_FINAL_TYPE (KbAttachmentList, kb_attachment_list, KB, ATTACHMENT_LIST, AdwBin)

/* Signals: "remove" (KbAttachment *) — its Remove button was pressed (only
 * shown when "removable"). */
GtkWidget *kb_attachment_list_new        (KbFeedback       *feedback,
                                          gboolean          removable);
void       kb_attachment_list_set_files  (KbAttachmentList *self,
                                          GPtrArray        *files);

G_END_DECLS
