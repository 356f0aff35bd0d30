/* kb-question.c — a question to the operator's specialists (Feedback), with its answers.
 *
 * The same object stays in the history's model for the whole session and is
 * updated in place, so every setter notifies only when the value changed:
 * a list row bound to it redraws exactly when something it shows changed.
 */
#include "config.h"

#include "kb-question.h"

#include <glib/gi18n-lib.h>

#include "kb-str.h"

struct _KbQuestion
{
  GObject parent_instance;

  char *id;
  char *local_key;
  char *text;
  KbQuestionStatus status;
  GDateTime *created_at;
  GDateTime *updated_at;
  GDateTime *answer_due_at;
  gboolean unread;
  guint answers_count;
  char *error_message;
  GListStore *answers;
  char *rating;
  char *rating_comment;
  GPtrArray *attachments;
  char *thread_text;
  char *search_text;         /* text and thread_text, made when asked for */
};

G_DEFINE_FINAL_TYPE (KbQuestion, kb_question, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_LOCAL_KEY,
  PROP_TEXT,
  PROP_STATUS,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  PROP_ANSWER_DUE_AT,
  PROP_UNREAD,
  PROP_ANSWERS_COUNT,
  PROP_ERROR_MESSAGE,
  PROP_RATING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const char *
kb_question_status_to_display (KbQuestionStatus status)
{
  switch (status)
    {
    case KB_QUESTION_STATUS_QUEUED: return C_("question status", "Queued");
    case KB_QUESTION_STATUS_FAILED: return C_("question status", "Not Sent");
    case KB_QUESTION_STATUS_NEW: return C_("question status", "New");
    case KB_QUESTION_STATUS_IN_PROGRESS: return C_("question status", "In Progress");
    case KB_QUESTION_STATUS_ANSWERED: return C_("question status", "Answered");
    case KB_QUESTION_STATUS_CLOSED: return C_("question status", "Closed");
    default: return C_("question status", "Unknown");
    }
}

static void
set_string (KbQuestion *self, char **field, const char *value, guint prop)
{
  if (kb_set_str (field, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_date_time (KbQuestion *self, GDateTime **field, GDateTime *value, guint prop)
{
  if (*field == value || (*field != NULL && value != NULL && g_date_time_equal (*field, value)))
    return;
  g_clear_pointer (field, g_date_time_unref);
  *field = value != NULL ? g_date_time_ref (value) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
kb_question_finalize (GObject *object)
{
  KbQuestion *self = KB_QUESTION (object);

  g_free (self->id);
  g_free (self->local_key);
  g_free (self->text);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->updated_at, g_date_time_unref);
  g_clear_pointer (&self->answer_due_at, g_date_time_unref);
  g_free (self->error_message);
  g_clear_object (&self->answers);
  g_free (self->rating);
  g_free (self->rating_comment);
  g_clear_pointer (&self->attachments, g_ptr_array_unref);
  g_free (self->thread_text);
  g_free (self->search_text);

  G_OBJECT_CLASS (kb_question_parent_class)->finalize (object);
}

static void
kb_question_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KbQuestion *self = KB_QUESTION (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_LOCAL_KEY: g_value_set_string (value, self->local_key); break;
    case PROP_TEXT: g_value_set_string (value, self->text); break;
    case PROP_STATUS: g_value_set_int (value, self->status); break;
    case PROP_CREATED_AT: g_value_set_boxed (value, self->created_at); break;
    case PROP_UPDATED_AT: g_value_set_boxed (value, self->updated_at); break;
    case PROP_ANSWER_DUE_AT: g_value_set_boxed (value, self->answer_due_at); break;
    case PROP_UNREAD: g_value_set_boolean (value, self->unread); break;
    case PROP_ANSWERS_COUNT: g_value_set_uint (value, self->answers_count); break;
    case PROP_ERROR_MESSAGE: g_value_set_string (value, self->error_message); break;
    case PROP_RATING: g_value_set_string (value, self->rating); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kb_question_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  KbQuestion *self = KB_QUESTION (object);

  switch (prop_id)
    {
    case PROP_ID: kb_question_set_id (self, g_value_get_string (value)); break;
    case PROP_LOCAL_KEY: kb_question_set_local_key (self, g_value_get_string (value)); break;
    case PROP_TEXT: kb_question_set_text (self, g_value_get_string (value)); break;
    case PROP_STATUS: kb_question_set_status (self, g_value_get_int (value)); break;
    case PROP_CREATED_AT: kb_question_set_created_at (self, g_value_get_boxed (value)); break;
    case PROP_UPDATED_AT: kb_question_set_updated_at (self, g_value_get_boxed (value)); break;
    case PROP_ANSWER_DUE_AT: kb_question_set_answer_due_at (self, g_value_get_boxed (value)); break;
    case PROP_UNREAD: kb_question_set_unread (self, g_value_get_boolean (value)); break;
    case PROP_ANSWERS_COUNT: kb_question_set_answers_count (self, g_value_get_uint (value)); break;
    case PROP_ERROR_MESSAGE: kb_question_set_error_message (self, g_value_get_string (value)); break;
    case PROP_RATING: kb_question_set_rating (self, g_value_get_string (value), self->rating_comment); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kb_question_class_init (KbQuestionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kb_question_finalize;
  object_class->get_property = kb_question_get_property;
  object_class->set_property = kb_question_set_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_LOCAL_KEY] = g_param_spec_string ("local-key", NULL, NULL, NULL, flags);
  properties[PROP_TEXT] = g_param_spec_string ("text", NULL, NULL, NULL, flags);
  properties[PROP_STATUS] = g_param_spec_int ("status", NULL, NULL, KB_QUESTION_STATUS_QUEUED,
                                              KB_QUESTION_STATUS_CLOSED, KB_QUESTION_STATUS_NEW, flags);
  properties[PROP_CREATED_AT] = g_param_spec_boxed ("created-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_UPDATED_AT] = g_param_spec_boxed ("updated-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_ANSWER_DUE_AT] = g_param_spec_boxed ("answer-due-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_UNREAD] = g_param_spec_boolean ("unread", NULL, NULL, FALSE, flags);
  properties[PROP_ANSWERS_COUNT] = g_param_spec_uint ("answers-count", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_ERROR_MESSAGE] = g_param_spec_string ("error-message", NULL, NULL, NULL, flags);
  properties[PROP_RATING] = g_param_spec_string ("rating", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kb_question_init (KbQuestion *self)
{
  self->status = KB_QUESTION_STATUS_NEW;
  self->answers = g_list_store_new (KB_TYPE_ANSWER);
  self->attachments = g_ptr_array_new_with_free_func (g_object_unref);
}

KbQuestion *
kb_question_new (void)
{
  return g_object_new (KB_TYPE_QUESTION, NULL);
}

const char *
kb_question_get_id (KbQuestion *self)
{
  g_return_val_if_fail (KB_IS_QUESTION (self), NULL);
  return self->id;
}

void
kb_question_set_id (KbQuestion *self, const char *id)
{
  g_return_if_fail (KB_IS_QUESTION (self));
  set_string (self, &self->id, id, PROP_ID);
}

const char *
kb_question_get_local_key (KbQuestion *self)
{
  g_return_val_if_fail (KB_IS_QUESTION (self), NULL);
  return self->local_key;
}

void
kb_question_set_local_key (KbQuestion *self, const char *key)
{
  g_return_if_fail (KB_IS_QUESTION (self));
  set_string (self, &self->local_key, key, PROP_LOCAL_KEY);
}

const char *
kb_question_get_text (KbQuestion *self)
{
  g_return_val_if_fail (KB_IS_QUESTION (self), NULL);
  return self->text;
}

void
kb_question_set_text (KbQuestion *self, const char *text)
{
  g_return_if_fail (KB_IS_QUESTION (self));
  if (g_strcmp0 (self->text, text) != 0)
    g_clear_pointer (&self->search_text, g_free);
  set_string (self, &self->text, text, PROP_TEXT);
}

KbQuestionStatus
kb_question_get_status (KbQuestion *self)
{
  g_return_val_if_fail (KB_IS_QUESTION (self), KB_QUESTION_STATUS_NEW);
  return self->status;
}

void
kb_question_set_status (KbQuestion *self, KbQuestionStatus status)
{
  g_return_if_fail (KB_IS_QUESTION (self));
  if (self->status == status)
    return;
  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

GDateTime *
kb_question_get_created_at (KbQuestion *self)
{
  g_return_val_if_fail (KB_IS_QUESTION (self), NULL);
  return self->created_at;
}

void
kb_question_set_created_at (KbQuestion *self, GDateTime *when)
{
  g_return_if_fail (KB_IS_QUESTION (self));
  set_date_time (self, &self->created_at, when, PROP_CREATED_AT);
}

GDateTime *
kb_question_get_updated_at (KbQuestion *self)
{
  g_return_val_if_fail (KB_IS_QUESTION (self), NULL);
  return self->updated_at;
}

void
kb_question_set_updated_at (KbQuestion *self, GDateTime *when)
{
  g_return_if_fail (KB_IS_QUESTION (self));
  set_date_time (self, &self->updated_at, when, PROP_UPDATED_AT);
}

GDateTime *
kb_question_get_answer_due_at (KbQuestion *self)
{
  g_return_val_if_fail (KB_IS_QUESTION (self), NULL);
  return self->answer_due_at;
}

void
kb_question_set_answer_due_at (KbQuestion *self, GDateTime *when)
{
  g_return_if_fail (KB_IS_QUESTION (self));
  set_date_time (self, &self->answer_due_at, when, PROP_ANSWER_DUE_AT);
}

gboolean
kb_question_get_unread (KbQuestion *self)
{
  g_return_val_if_fail (KB_IS_QUESTION (self), FALSE);
  return self->unread;
}

void
kb_question_set_unread (KbQuestion *self, gboolean unread)
{
  g_return_if_fail (KB_IS_QUESTION (self));
  unread = !!unread;
  if (self->unread == unread)
    return;
  self->unread = unread;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNREAD]);
}

guint
kb_question_get_answers_count (KbQuestion *self)
{
  g_return_val_if_fail (KB_IS_QUESTION (self), 0);
  return self->answers_count;
}

void
kb_question_set_answers_count (KbQuestion *self, guint count)
{
  g_return_if_fail (KB_IS_QUESTION (self));
  if (self->answers_count == count)
    return;
  self->answers_count = count;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANSWERS_COUNT]);
}

const char *
kb_question_get_error_message (KbQuestion *self)
{
  g_return_val_if_fail (KB_IS_QUESTION (self), NULL);
  return self->error_message;
}

void
kb_question_set_error_message (KbQuestion *self, const char *message)
{
  g_return_if_fail (KB_IS_QUESTION (self));
  set_string (self, &self->error_message, message, PROP_ERROR_MESSAGE);
}

/* Returns: (transfer none): a GListModel of KbAnswer, oldest first. */
GListModel *
kb_question_get_answers (KbQuestion *self)
{
  g_return_val_if_fail (KB_IS_QUESTION (self), NULL);
  return G_LIST_MODEL (self->answers);
}

static gboolean
same_answers (KbQuestion *self, GPtrArray *answers)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->answers));

  if (n != (answers != NULL ? answers->len : 0))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KbAnswer) mine = g_list_model_get_item (G_LIST_MODEL (self->answers), i);

      if (g_strcmp0 (kb_answer_get_id (mine), kb_answer_get_id (answers->pdata[i])) != 0)
        return FALSE;
    }
  return TRUE;
}

/* Replaces the thread with @answers (KbAnswer, oldest first); a thread that
 * did not change is left alone so that an open view does not redraw. */
void
kb_question_set_answers (KbQuestion *self, GPtrArray *answers)
{
  g_return_if_fail (KB_IS_QUESTION (self));

  if (same_answers (self, answers))
    return;
  /* The history's search follows the thread as it grows. */
  if (answers != NULL && answers->len > 0)
    {
      g_autoptr(GString) thread = g_string_new (NULL);

      for (guint i = 0; i < answers->len; i++)
        {
          if (i > 0)
            g_string_append_c (thread, '\n');
          g_string_append (thread, kb_answer_get_text (answers->pdata[i]));
        }
      kb_question_set_thread_text (self, thread->str);
    }
  g_list_store_splice (self->answers, 0, g_list_model_get_n_items (G_LIST_MODEL (self->answers)),
                       answers != NULL ? answers->pdata : NULL, answers != NULL ? answers->len : 0);
}

void
kb_question_update_from (KbQuestion *self, KbQuestion *other)
{
  g_return_if_fail (KB_IS_QUESTION (self));
  g_return_if_fail (KB_IS_QUESTION (other));

  if (self == other)
    return;
  g_object_freeze_notify (G_OBJECT (self));
  kb_question_set_id (self, other->id);
  /* The server's copy never knows which computer asked: keep our key. */
  if (other->local_key != NULL)
    kb_question_set_local_key (self, other->local_key);
  kb_question_set_text (self, other->text);
  kb_question_set_status (self, other->status);
  kb_question_set_created_at (self, other->created_at);
  kb_question_set_updated_at (self, other->updated_at);
  kb_question_set_answer_due_at (self, other->answer_due_at);
  kb_question_set_unread (self, other->unread);
  kb_question_set_answers_count (self, other->answers_count);
  kb_question_set_error_message (self, other->error_message);
  kb_question_set_rating (self, other->rating, other->rating_comment);
  if (other->thread_text != NULL)
    kb_question_set_thread_text (self, other->thread_text);
  /* A list refresh may carry the thread; a cached row does not. Keep what we
   * have rather than emptying an open thread. */
  if (g_list_model_get_n_items (G_LIST_MODEL (other->answers)) > 0)
    {
      g_autoptr(GPtrArray) answers = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (other->answers)); i++)
        g_ptr_array_add (answers, g_list_model_get_item (G_LIST_MODEL (other->answers), i));
      kb_question_set_answers (self, answers);
    }
  if (other->attachments->len > 0)
    kb_question_set_attachments (self, other->attachments);
  g_object_thaw_notify (G_OBJECT (self));
}

/* "good", "bad" or NULL: the client's say on the answers. */
const char *
kb_question_get_rating (KbQuestion *self)
{
  g_return_val_if_fail (KB_IS_QUESTION (self), NULL);
  return self->rating;
}

const char *
kb_question_get_rating_comment (KbQuestion *self)
{
  g_return_val_if_fail (KB_IS_QUESTION (self), NULL);
  return self->rating_comment;
}

void
kb_question_set_rating (KbQuestion *self, const char *rating, const char *comment)
{
  g_return_if_fail (KB_IS_QUESTION (self));
  kb_set_str (&self->rating_comment, comment);
  set_string (self, &self->rating, rating, PROP_RATING);
}

/* (element-type KbAttachment): the files sent with the question itself;
 * never NULL. */
GPtrArray *
kb_question_get_attachments (KbQuestion *self)
{
  g_return_val_if_fail (KB_IS_QUESTION (self), NULL);
  return self->attachments;
}

void
kb_question_set_attachments (KbQuestion *self, GPtrArray *attachments)
{
  g_return_if_fail (KB_IS_QUESTION (self));
  if (attachments == self->attachments)
    return;
  g_ptr_array_set_size (self->attachments, 0);
  for (guint i = 0; attachments != NULL && i < attachments->len; i++)
    g_ptr_array_add (self->attachments, g_object_ref (attachments->pdata[i]));
}

/* The text of every answer and follow-up, one a line, for the history's
 * search; NULL when the cache does not know the thread. */
const char *
kb_question_get_thread_text (KbQuestion *self)
{
  g_return_val_if_fail (KB_IS_QUESTION (self), NULL);
  return self->thread_text;
}

void
kb_question_set_thread_text (KbQuestion *self, const char *text)
{
  g_return_if_fail (KB_IS_QUESTION (self));
  if (kb_set_str (&self->thread_text, text))
    g_clear_pointer (&self->search_text, g_free);
}

/**
 * kb_question_get_search_text:
 *
 * Returns: what the history's search looks in: the question's text and the
 * text of every answer and follow-up the cache knows. The string stays the
 * same (the same pointer) until one of them changes.
 */
const char *
kb_question_get_search_text (KbQuestion *self)
{
  g_return_val_if_fail (KB_IS_QUESTION (self), NULL);
  if (self->search_text == NULL)
    self->search_text = g_strconcat (self->text != NULL ? self->text : "",
                                     self->thread_text != NULL ? "\n" : NULL, self->thread_text,
                                     NULL);
  return self->search_text;
}
