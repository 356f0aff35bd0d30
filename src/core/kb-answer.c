/* kb-answer.c — one specialist's answer to a question (Feedback). */
#include "kb-answer.h"

struct _KbAnswer
{
  GObject parent_instance;
  char *id;
  char *author;
  char *text;
  GDateTime *created_at;
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
}

/* Answers never change once written, so they are plain immutable values. */
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
