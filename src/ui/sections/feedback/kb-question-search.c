/* kb-question-search.c — what Request History's search matches in a question.
 *
 * When the history's sorted list changes, each question's row gets a key:
 * which of the All/Unread/Waiting/Answered choices it is in, and its
 * search text (question, answers, follow-ups). The keys are read by the
 * filter model's worker thread, so they hold nothing the main thread
 * changes: the text is a reference-counted copy, shared with the question
 * for as long as its text is that one, and folded (kb_subscriber_fold()) once,
 * by whichever thread needs it first. The keys of a long history are then
 * packed into an index, on a worker: a keystroke's pass reads the 10 000
 * folded texts one after the other in one buffer, not each from memory of
 * its own.
 */
#include "config.h"

#include "kb-question-search.h"

#include <string.h>

#include "kb-packed-strings.h"
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

/* A question whose text is the same shares its KbFoldedText with its
 * older keys (folded_text_of()), so the text is compared by pointer. */
gboolean
kb_question_key_equal (gconstpointer a, gconstpointer b)
{
  const KbQuestionKey *x = a, *y = b;

  return x->modes == y->modes && x->text == y->text;
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

/* ---- The index of a history ------------------------------------------- */

struct _KbQuestionIndex {
  KbPackedStrings *texts;     /* folded */
  guint8 *modes;              /* as the keys' */
};

gpointer
kb_question_index_new (GPtrArray *keys)
{
  KbQuestionIndex *index = g_new0 (KbQuestionIndex, 1);

  index->texts = kb_packed_strings_new (keys->len);
  index->modes = g_new (guint8, keys->len);
  for (guint i = 0; i < keys->len; i++)
    {
      const KbQuestionKey *key = keys->pdata[i];

      kb_packed_strings_add (index->texts, folded_text_get (key->text));
      index->modes[i] = (guint8) key->modes;
    }
  return index;
}

void
kb_question_index_free (gpointer data)
{
  KbQuestionIndex *index = data;

  kb_packed_strings_free (index->texts);
  g_free (index->modes);
  g_free (index);
}

/* kb_question_key_matches() for a whole history: the search text through
 * the packed texts, then the choice of what it found. test-packed-search
 * compares the two on the demo data. */
GArray *
kb_question_index_search (gpointer data, GArray *candidates, gconstpointer query,
                          GCancellable *cancellable)
{
  const KbQuestionIndex *index = data;
  const KbQuestionQuery *self = query;
  GArray *found = kb_packed_strings_find (index->texts, self->search, FALSE, candidates,
                                          cancellable);
  guint kept = 0;

  if (found == NULL)
    return NULL;

  for (guint i = 0; i < found->len; i++)
    {
      guint row = g_array_index (found, guint, i);

      if ((index->modes[row] & (1u << self->mode)) != 0)
        g_array_index (found, guint, kept++) = row;
    }
  g_array_set_size (found, kept);
  return found;
}
