/* kb-ask-form.h — Feedback's Ask a Question form: the question, its files, its draft. */
#pragma once

#include <adwaita.h>

#include "kb-feedback.h"

G_BEGIN_DECLS

#define KB_TYPE_ASK_FORM (kb_ask_form_get_type ())
G_DECLARE_FINAL_TYPE (KbAskForm, kb_ask_form, KB, ASK_FORM, AdwBin)

KbAskForm *kb_ask_form_new         (KbFeedback *feedback);
gboolean   kb_ask_form_send        (KbAskForm  *self);
void       kb_ask_form_choose_file (KbAskForm  *self);
void       kb_ask_form_flush_draft (KbAskForm  *self);
void       kb_ask_form_focus       (KbAskForm  *self);

G_END_DECLS
