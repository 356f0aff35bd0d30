/* kb-draft.h — a question's or a reply's text while it is written: its counter and its saving. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KB_TYPE_DRAFT (kb_draft_get_type ())
G_DECLARE_FINAL_TYPE (KbDraft, kb_draft, KB, DRAFT, GObject)

/* Signals: "changed" (guint over) — the text changed, by typing or by
 * kb_draft_set_text(); @over is how many characters it is past the
 * limit. "save" (const char *text) — a moment after the last keystroke,
 * or at kb_draft_flush() and when the draft goes: keep @text. */
KbDraft *kb_draft_new      (GtkTextView *text_view,
                            GtkLabel    *counter);
char    *kb_draft_dup_text (KbDraft     *self);
void     kb_draft_set_text (KbDraft     *self,
                            const char  *text);
void     kb_draft_flush    (KbDraft     *self);
void     kb_draft_clear    (KbDraft     *self);

G_END_DECLS
