/* kb-answer.c — one message of a question's conversation: an answer or a follow-up (Feedback). */
#include "kb-answer.h"

struct _KbAnswer
{
  GObject parent_instance;
  char *id;
  char *author;
  char *text;
  GDateTime *created_at;
  gboolean from_client;
  GPtrArray *attachments;
};

G_DEFINE_FINAL_TYPE (KbAnswer, kb_answer, G_TYPE_OBJECT)

static void
kb_answer_finalize (GObject *object)
{
  KbAnswer *self = KB_ANSWER (object);

  g_free (self->id);
  g_free (self->author);
  g_free (self->text);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->attachments, g_ptr_array_unref);

  G_OBJECT_CLASS (kb_answer_parent_class)->finalize (object);
}

static void
kb_answer_class_init (KbAnswerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kb_answer_finalize;
}

static void
kb_answer_init (KbAnswer *self)
{
  self->attachments = g_ptr_array_new_with_free_func (g_object_unref);
}

/* Messages never change once written: the setters below are for the
 * code that builds one, before it is shared. */
KbAnswer *
kb_answer_new (const char *id, const char *author, const char *text, GDateTime *created_at)
{
  KbAnswer *self = g_object_new (KB_TYPE_ANSWER, NULL);

  self->id = g_strdup (id);
  self->author = g_strdup (author);
  self->text = g_strdup (text);
  self->created_at = created_at != NULL ? g_date_time_ref (created_at) : NULL;
  return self;
}

const char *
kb_answer_get_id (KbAnswer *self)
{
  g_return_val_if_fail (KB_IS_ANSWER (self), NULL);
  return self->id;
}

const char *
kb_answer_get_author (KbAnswer *self)
{
  g_return_val_if_fail (KB_IS_ANSWER (self), NULL);
  return self->author;
}

const char *
kb_answer_get_text (KbAnswer *self)
{
  g_return_val_if_fail (KB_IS_ANSWER (self), NULL);
  return self->text;
}

GDateTime *
kb_answer_get_created_at (KbAnswer *self)
{
  g_return_val_if_fail (KB_IS_ANSWER (self), NULL);
  return self->created_at;
}

gboolean
kb_answer_get_from_client (KbAnswer *self)
{
  g_return_val_if_fail (KB_IS_ANSWER (self), FALSE);
  return self->from_client;
}

void
kb_answer_set_from_client (KbAnswer *self, gboolean from_client)
{
  g_return_if_fail (KB_IS_ANSWER (self));
  self->from_client = from_client;
}

GPtrArray *
kb_answer_get_attachments (KbAnswer *self)
{
  g_return_val_if_fail (KB_IS_ANSWER (self), NULL);
  return self->attachments;
}

/* Takes a reference on each of @attachments (NULL: none). */
void
kb_answer_set_attachments (KbAnswer *self, GPtrArray *attachments)
{
  g_return_if_fail (KB_IS_ANSWER (self));
  g_ptr_array_set_size (self->attachments, 0);
  for (guint i = 0; attachments != NULL && i < attachments->len; i++)
    g_ptr_array_add (self->attachments, g_object_ref (attachments->pdata[i]));
}
