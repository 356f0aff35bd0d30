/* kb-question-search.c — what Request History's search matches in a question.
 *
 * When the history's sorted list changes, each question's row gets a key:
 * which of the All/Unread/Waiting/Answered choices it is in, and its
 * search text (question, answers, follow-ups). The keys are read by the
 * filter model's worker thread, so they hold nothing the main thread
 * changes: the text is a reference-counted copy, shared with the question
 * for as long as its text is that one, and folded (kb_subscriber_fold()) once,
 * by whichever thread needs it first.
 */
#include "config.h"

#include "kb-question-search.h"

#include <string.h>

#include "kb-subscriber.h"

/* A question's search text (kb_question_get_search_text()) and, once a
 * filter pass has needed it, that text folded. */
typedef struct {
  gatomicrefcount ref_count;
  const char *source;         /* the question's text it was made from: compared, never read */
  char *text;                 /* a copy of it, until folded */
  gsize folded;               /* char *, once folded (g_once_init_enter()) */
} KbFoldedText;

struct _KbQuestionKey {
  guint modes;                /* 1 << each KbQuestionFilter it is in */
  KbFoldedText *text;
};

/* Where a question keeps its KbFoldedText. */
static GQuark
folded_quark (void)
{
  static gsize quark;

  if (g_once_init_enter (&quark))
    g_once_init_leave (&quark, g_quark_from_static_string ("kb-question-search-folded"));
  return (GQuark) quark;
}

static gboolean
matches_mode (KbQuestion *question, KbQuestionFilter mode)
{
  KbQuestionStatus status = kb_question_get_status (question);

  switch (mode)
    {
    case KB_QUESTION_FILTER_UNREAD:
      return kb_question_get_unread (question);
    case KB_QUESTION_FILTER_WAITING:
      return status == KB_QUESTION_STATUS_QUEUED || status == KB_QUESTION_STATUS_NEW ||
             status == KB_QUESTION_STATUS_IN_PROGRESS || status == KB_QUESTION_STATUS_FAILED;
    case KB_QUESTION_FILTER_ANSWERED:
      return status == KB_QUESTION_STATUS_ANSWERED || status == KB_QUESTION_STATUS_CLOSED;
    case KB_QUESTION_FILTER_ALL:
    default:
      return TRUE;
    }
}


static KbFoldedText *
folded_text_ref (KbFoldedText *text)
{
  g_atomic_ref_count_inc (&text->ref_count);
  return text;
}

static void
folded_text_unref (gpointer data)
{
  KbFoldedText *text = data;

  if (!g_atomic_ref_count_dec (&text->ref_count))
    return;
  g_free (text->text);
  g_free ((char *) text->folded);
  g_free (text);
}

/* The text folded as the search is (lower case, ё as е): on the first pass
 * that needs it, on a worker for a long history, once for each version of
 * a question's text. */
static const char *
folded_text_get (KbFoldedText *text)
{
  if (g_once_init_enter (&text->folded))
    {
      char *folded = kb_subscriber_fold (text->text);

      g_clear_pointer (&text->text, g_free);
      g_once_init_leave (&text->folded, (gsize) folded);
    }
  return (const char *) text->folded;
}

/* @question's text as a KbFoldedText, the one it already has while its
 * text is the same. */
static KbFoldedText *
folded_text_of (KbQuestion *question)
{
  KbFoldedText *text = g_object_get_qdata (G_OBJECT (question), folded_quark ());
  const char *source = kb_question_get_search_text (question);

  if (text == NULL || text->source != source)
    {
      text = g_new0 (KbFoldedText, 1);
      g_atomic_ref_count_init (&text->ref_count);
      text->source = source;
      text->text = g_strdup (source != NULL ? source : "");
      g_object_set_qdata_full (G_OBJECT (question), folded_quark (), text, folded_text_unref);
    }
  return text;
}

KbQuestionKey *
kb_question_key_new (KbQuestion *question)
{
  KbQuestionKey *key = g_new (KbQuestionKey, 1);

  key->modes = 0;
  for (KbQuestionFilter mode = KB_QUESTION_FILTER_ALL; mode <= KB_QUESTION_FILTER_ANSWERED; mode++)
    if (matches_mode (question, mode))
      key->modes |= 1u << mode;
  key->text = folded_text_ref (folded_text_of (question));
  return key;
}

void
kb_question_key_free (gpointer data)
{
  KbQuestionKey *key = data;

  folded_text_unref (key->text);
  g_free (key);
}

/* Whether the question of @key is one @query asks for; on a worker thread
 * for a long history. */
gboolean
kb_question_key_matches (gpointer key, gconstpointer query)
{
  const KbQuestionKey *question = key;
  const KbQuestionQuery *self = query;

  if ((question->modes & (1u << self->mode)) == 0)
    return FALSE;
  return self->search == NULL || strstr (folded_text_get (question->text), self->search) != NULL;
}

gpointer
kb_question_query_copy (gpointer query)
{
  const KbQuestionQuery *self = query;
  KbQuestionQuery *copy = g_new (KbQuestionQuery, 1);

  copy->search = g_strdup (self->search);
  copy->mode = self->mode;
  return copy;
}

void
kb_question_query_free (gpointer query)
{
  KbQuestionQuery *self = query;

  g_free (self->search);
  g_free (self);
}

/* Texts are folded by the first filter pass that needs them (100-250 ms
 * for 10 000, on a worker) and kept with their questions, not on the way
 * to the history's first frame; the rest are folded here, ahead of it. */
static void
fold_in_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  GPtrArray *texts = data;

  for (guint i = 0; i < texts->len && !g_cancellable_is_cancelled (cancellable); i++)
    folded_text_get (texts->pdata[i]);
  g_task_return_boolean (task, TRUE);
}

/* If @key's text is not folded yet, adds it to @texts (from
 * kb_question_texts_new()) for kb_question_texts_fold_async(). */
void
kb_question_key_add_unfolded (KbQuestionKey *key, GPtrArray *texts)
{
  if (g_atomic_pointer_get (&key->text->folded) == 0)
    g_ptr_array_add (texts, folded_text_ref (key->text));
}

GPtrArray *
kb_question_texts_new (void)
{
  return g_ptr_array_new_with_free_func (folded_text_unref);
}

/**
 * kb_question_texts_fold_async:
 * @texts: (transfer full): from kb_question_texts_new()
 *
 * Folds @texts on a worker thread, so that the first keystrokes find them
 * folded. Nothing is reported: a filter pass folds what is still missing.
 */
void
kb_question_texts_fold_async (GPtrArray *texts, GCancellable *cancellable)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, NULL, NULL);

  g_task_set_source_tag (task, kb_question_texts_fold_async);
  g_task_set_task_data (task, texts, (GDestroyNotify) g_ptr_array_unref);
  g_task_run_in_thread (task, fold_in_thread);
}
