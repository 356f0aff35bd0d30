/* kb-file-picker.h — the files being attached to a question or a follow-up: chosen, dropped or pasted. */
#pragma once

#include <gtk/gtk.h>

#include "kb-feedback.h"

G_BEGIN_DECLS

#define KB_TYPE_FILE_PICKER (kb_file_picker_get_type ())
G_DECLARE_FINAL_TYPE (KbFilePicker, kb_file_picker, KB, FILE_PICKER, GObject)

/* Signals: "error" (const char *message, nullable) — a file was refused
 * (NULL: the last refusal no longer holds). */
KbFilePicker *kb_file_picker_new       (KbFeedback   *feedback,
                                        GtkWidget    *drop_area,
                                        GtkTextView  *paste_view);
/* (transfer none): the list of the files, with Remove; pack it. */
GtkWidget    *kb_file_picker_get_list  (KbFilePicker *self);
/* (element-type KbAttachment): copied already. */
GPtrArray    *kb_file_picker_get_files (KbFilePicker *self);
void          kb_file_picker_add_file  (KbFilePicker *self,
                                        GFile        *file);
void          kb_file_picker_choose    (KbFilePicker *self,
                                        GtkWidget    *parent);
void          kb_file_picker_clear     (KbFilePicker *self);

G_END_DECLS
