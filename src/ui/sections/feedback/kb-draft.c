/* kb-draft.c — a question's or a reply's text while it is written: its counter and its saving.
 *
 * The Ask form and the reply box both keep what is typed as a draft in
 * SQLite a moment after each change, so that nothing typed is lost when
 * the app is closed, and both show "N / LIMIT" beside the field. This
 * object does that for a text view; its owner says where the draft goes
 * and how an over-long text is reported.
 */
#include "config.h"

#include "kb-draft.h"

#include <glib/gi18n.h>

#include "kb-feedback.h"

#define SAVE_DELAY_MS 400

struct _KbDraft
{
  GObject parent_instance;

  GtkTextView *text_view;
  GtkLabel *counter;
  guint save_timeout;
  gboolean restoring;
};

G_DEFINE_FINAL_TYPE (KbDraft, kb_draft, G_TYPE_OBJECT)

enum {
  CHANGED,
  SAVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

char *
kb_draft_dup_text (KbDraft *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (KB_IS_DRAFT (self), NULL);
  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Shows "N / LIMIT", in red past the limit, and tells the owner by how
 * much it is past. */
static void
update_counter (KbDraft *self)
{
  g_autofree char *text = kb_draft_dup_text (self);
  guint length = g_utf8_strlen (text, -1);
  gboolean over = length > KB_FEEDBACK_MAX_QUESTION_LENGTH;
  g_autofree char *label = NULL;

  /* TRANSLATORS: the characters typed and the most allowed, e.g. "120 / 4000" */
  label = g_strdup_printf (C_("character counter", "%u / %u"), length,
                           KB_FEEDBACK_MAX_QUESTION_LENGTH);
  gtk_label_set_text (self->counter, label);
  gtk_widget_remove_css_class (GTK_WIDGET (self->counter), over ? "dim-label" : "error");
  gtk_widget_add_css_class (GTK_WIDGET (self->counter), over ? "error" : "dim-label");
  g_signal_emit (self, signals[CHANGED], 0, over ? length - KB_FEEDBACK_MAX_QUESTION_LENGTH : 0);
}

/* Saves now what a timeout was about to save; nothing when none is due. */
void
kb_draft_flush (KbDraft *self)
{
  g_autofree char *text = NULL;

  g_return_if_fail (KB_IS_DRAFT (self));
  if (self->save_timeout == 0)
    return;
  g_clear_handle_id (&self->save_timeout, g_source_remove);
  text = kb_draft_dup_text (self);
  g_signal_emit (self, signals[SAVE], 0, text);
}

static gboolean
on_save_timeout (gpointer user_data)
{
  KbDraft *self = user_data;
  g_autofree char *text = kb_draft_dup_text (self);

  self->save_timeout = 0;
  g_signal_emit (self, signals[SAVE], 0, text);
  return G_SOURCE_REMOVE;
}

static void
on_buffer_changed (KbDraft *self)
{
  update_counter (self);
  if (self->restoring)
    return;
  g_clear_handle_id (&self->save_timeout, g_source_remove);
  self->save_timeout = g_timeout_add (SAVE_DELAY_MS, on_save_timeout, self);
}

/* Shows @text (a saved draft, or "" after sending) without saving it again. */
void
kb_draft_set_text (KbDraft *self, const char *text)
{
  g_return_if_fail (KB_IS_DRAFT (self));
  self->restoring = TRUE;
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view),
                            text != NULL ? text : "", -1);
  self->restoring = FALSE;
  update_counter (self);
}

/* Empties the field after its text was sent: KbFeedback cleared the draft
 * with the outbox's entry, so a save that was due is forgotten, and the
 * empty text is not saved either. */
void
kb_draft_clear (KbDraft *self)
{
  g_return_if_fail (KB_IS_DRAFT (self));
  g_clear_handle_id (&self->save_timeout, g_source_remove);
  kb_draft_set_text (self, "");
}

static void
kb_draft_dispose (GObject *object)
{
  KbDraft *self = KB_DRAFT (object);

  /* Typing a moment ago still counts when the field goes: its owner hears
   * "save" before the handlers go. */
  if (self->text_view != NULL)
    kb_draft_flush (self);
  g_clear_object (&self->text_view);
  g_clear_object (&self->counter);

  G_OBJECT_CLASS (kb_draft_parent_class)->dispose (object);
}

static void
kb_draft_class_init (KbDraftClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kb_draft_dispose;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[SAVE] = g_signal_new ("save", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
kb_draft_init (KbDraft *self)
{
}

/* Follows what is typed in @text_view and counts it in @counter. */
KbDraft *
kb_draft_new (GtkTextView *text_view, GtkLabel *counter)
{
  KbDraft *self = g_object_new (KB_TYPE_DRAFT, NULL);

  self->text_view = g_object_ref (text_view);
  self->counter = g_object_ref (counter);
  g_signal_connect_object (gtk_text_view_get_buffer (text_view), "changed",
                           G_CALLBACK (on_buffer_changed), self, G_CONNECT_SWAPPED);
  update_counter (self);
  return self;
}
