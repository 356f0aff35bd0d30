/* kb-store-questions.c — Feedback in the cache: questions, answers, the outbox, the draft.
 *
 * The outbox is what makes a question impossible to lose: kb_store_outbox_add()
 * commits the text and its Idempotency-Key before the first byte goes to the
 * server, and the entry disappears only in the same transaction that records
 * the server's question. A crash anywhere in between leaves the entry, which
 * is sent again with the same key, and the server answers with the question
 * it already made.
 */
#include "config.h"

#include "kb-store-questions.h"

#include "kb-store-private.h"

static gint64
to_usec (GDateTime *when)
{
  return when != NULL ? g_date_time_to_unix (when) * G_USEC_PER_SEC + g_date_time_get_microsecond (when) : 0;
}

static GDateTime *
from_usec (sqlite3_stmt *stmt, int column)
{
  g_autoptr(GDateTime) seconds = NULL;
  gint64 usec;

  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return NULL;
  usec = sqlite3_column_int64 (stmt, column);
  /* g_date_time_new_from_unix_utc_usec() is newer than GLib 2.74. */
  seconds = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  return g_date_time_add (seconds, usec % G_USEC_PER_SEC);
}

static void
bind_time (sqlite3_stmt *stmt, int index, GDateTime *when)
{
  if (when != NULL)
    sqlite3_bind_int64 (stmt, index, to_usec (when));
  else
    sqlite3_bind_null (stmt, index);
}

GPtrArray *
kb_store_load_questions (KbStore *self, GError **error)
{
  g_autoptr(GPtrArray) questions = g_ptr_array_new_with_free_func (g_object_unref);
  GError *local_error = NULL;
  sqlite3_stmt *stmt;
  KbDb *db;

  g_return_val_if_fail (KB_IS_STORE (self), NULL);

  /* The outbox first: it is always newer than anything the server has. */
  db = _kb_store_get_db (self);
  stmt = kb_db_prepare (db, "SELECT key, text, created_at, error FROM outbox"
                        " ORDER BY created_at DESC", error);
  if (stmt == NULL)
    return NULL;
  while (kb_db_step_row (db, stmt, &local_error))
    {
      KbQuestion *question = kb_question_new ();
      g_autoptr(GDateTime) created_at = from_usec (stmt, 2);
      const char *message = kb_db_column_text (stmt, 3);

      kb_question_set_local_key (question, kb_db_column_text (stmt, 0));
      kb_question_set_text (question, kb_db_column_text (stmt, 1));
      kb_question_set_created_at (question, created_at);
      kb_question_set_status (question, message != NULL ? KB_QUESTION_STATUS_FAILED : KB_QUESTION_STATUS_QUEUED);
      kb_question_set_error_message (question, message);
      g_ptr_array_add (questions, question);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  stmt = kb_db_prepare (db,
                        "SELECT id, local_key, text, status, created_at, updated_at, answer_due_at,"
                        " unread, answers_count FROM question"
                        " ORDER BY created_at DESC, CAST (id AS INTEGER) DESC", error);
  if (stmt == NULL)
    return NULL;
  while (kb_db_step_row (db, stmt, &local_error))
    {
      KbQuestion *question = kb_question_new ();
      g_autoptr(GDateTime) created_at = from_usec (stmt, 4);
      g_autoptr(GDateTime) updated_at = from_usec (stmt, 5);
      g_autoptr(GDateTime) due_at = from_usec (stmt, 6);

      kb_question_set_id (question, kb_db_column_text (stmt, 0));
      kb_question_set_local_key (question, kb_db_column_text (stmt, 1));
      kb_question_set_text (question, kb_db_column_text (stmt, 2));
      kb_question_set_status (question,
                              kb_enum_from_nick (KB_TYPE_QUESTION_STATUS,
                                                 kb_db_column_text (stmt, 3),
                                                 KB_QUESTION_STATUS_NEW));
      kb_question_set_created_at (question, created_at);
      kb_question_set_updated_at (question, updated_at);
      kb_question_set_answer_due_at (question, due_at);
      kb_question_set_unread (question, sqlite3_column_int (stmt, 7) != 0);
      kb_question_set_answers_count (question, (guint) sqlite3_column_int (stmt, 8));
      g_ptr_array_add (questions, question);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  return g_steal_pointer (&questions);
}

gboolean
kb_store_count_unread_questions (KbStore *self, guint *count, GError **error)
{
  GError *local_error = NULL;
  sqlite3_stmt *stmt;
  KbDb *db;

  g_return_val_if_fail (KB_IS_STORE (self), FALSE);

  db = _kb_store_get_db (self);
  stmt = kb_db_prepare (db, "SELECT COUNT(*) FROM question WHERE unread != 0", error);
  if (stmt == NULL)
    return FALSE;
  *count = 0;
  if (kb_db_step_row (db, stmt, &local_error))
    *count = (guint) sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
kb_store_load_answers (KbStore *self, const char *question_id, GError **error)
{
  g_autoptr(GPtrArray) answers = g_ptr_array_new_with_free_func (g_object_unref);
  GError *local_error = NULL;
  sqlite3_stmt *stmt;
  KbDb *db;

  g_return_val_if_fail (KB_IS_STORE (self), NULL);

  db = _kb_store_get_db (self);
  stmt = kb_db_prepare (db,
                        "SELECT id, author, text, created_at FROM answer WHERE question_id = ?1"
                        " ORDER BY created_at, CAST (id AS INTEGER)", error);
  if (stmt == NULL)
    return NULL;
  kb_db_bind_text (stmt, 1, question_id);
  while (kb_db_step_row (db, stmt, &local_error))
    {
      g_autoptr(GDateTime) created_at = from_usec (stmt, 3);

      g_ptr_array_add (answers, kb_answer_new (kb_db_column_text (stmt, 0),
                                               kb_db_column_text (stmt, 1),
                                               kb_db_column_text (stmt, 2),
                                               created_at));
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  return g_steal_pointer (&answers);
}

typedef struct {
  GPtrArray *questions;
  const char *cursor;
  const char *etag;
  const char *key;
  const char *text;
  GDateTime *created_at;
} WriteData;

static gboolean
write_questions (KbDb *db, gpointer user_data, GError **error)
{
  WriteData *data = user_data;
  sqlite3_stmt *upsert;
  sqlite3_stmt *clear_answers;
  sqlite3_stmt *insert_answer;

  /* An upsert, not INSERT OR REPLACE: replacing would delete the row and,
   * through the foreign key, its answers; and it keeps the local key a
   * later list page does not know. */
  upsert = kb_db_prepare (db,
                          "INSERT INTO question (id, local_key, text, status, created_at,"
                          " updated_at, answer_due_at, unread, answers_count)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
                          " ON CONFLICT (id) DO UPDATE SET"
                          " local_key = COALESCE (excluded.local_key, local_key),"
                          " text = excluded.text, status = excluded.status,"
                          " created_at = excluded.created_at, updated_at = excluded.updated_at,"
                          " answer_due_at = excluded.answer_due_at, unread = excluded.unread,"
                          " answers_count = excluded.answers_count", error);
  clear_answers = kb_db_prepare (db, "DELETE FROM answer WHERE question_id = ?1", error);
  insert_answer = kb_db_prepare (db,
                                 "INSERT OR REPLACE INTO answer (id, question_id, author, text,"
                                 " created_at) VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (upsert == NULL || clear_answers == NULL || insert_answer == NULL)
    return FALSE;

  for (guint i = 0; data->questions != NULL && i < data->questions->len; i++)
    {
      KbQuestion *question = data->questions->pdata[i];
      GListModel *answers = kb_question_get_answers (question);
      guint n_answers = g_list_model_get_n_items (answers);

      g_return_val_if_fail (kb_question_get_id (question) != NULL, FALSE);

      kb_db_bind_text (upsert, 1, kb_question_get_id (question));
      kb_db_bind_text (upsert, 2, kb_question_get_local_key (question));
      kb_db_bind_text (upsert, 3, kb_question_get_text (question));
      kb_db_bind_text (upsert, 4,
                       kb_enum_to_nick (KB_TYPE_QUESTION_STATUS,
                                        kb_question_get_status (question)));
      bind_time (upsert, 5, kb_question_get_created_at (question));
      bind_time (upsert, 6, kb_question_get_updated_at (question));
      bind_time (upsert, 7, kb_question_get_answer_due_at (question));
      sqlite3_bind_int (upsert, 8, kb_question_get_unread (question));
      sqlite3_bind_int (upsert, 9, (int) kb_question_get_answers_count (question));
      if (!kb_db_step_done (db, upsert, error))
        return FALSE;

      /* A question without its thread (an answers count and no answers) does
       * not touch the cached thread. */
      if (n_answers == 0)
        continue;
      kb_db_bind_text (clear_answers, 1, kb_question_get_id (question));
      if (!kb_db_step_done (db, clear_answers, error))
        return FALSE;
      for (guint j = 0; j < n_answers; j++)
        {
          g_autoptr(KbAnswer) answer = g_list_model_get_item (answers, j);

          kb_db_bind_text (insert_answer, 1, kb_answer_get_id (answer));
          kb_db_bind_text (insert_answer, 2, kb_question_get_id (question));
          kb_db_bind_text (insert_answer, 3, kb_answer_get_author (answer));
          kb_db_bind_text (insert_answer, 4, kb_answer_get_text (answer));
          bind_time (insert_answer, 5, kb_answer_get_created_at (answer));
          if (!kb_db_step_done (db, insert_answer, error))
            return FALSE;
        }
    }

  if (data->cursor != NULL && !_kb_store_set_meta (db, "questions.cursor", data->cursor, error))
    return FALSE;
  if (data->cursor != NULL && !_kb_store_set_meta (db, "questions.etag", data->etag, error))
    return FALSE;
  return TRUE;
}

gboolean
kb_store_save_questions (KbStore     *self,
                         GPtrArray   *questions,
                         const char  *cursor,
                         const char  *etag,
                         GError     **error)
{
  WriteData data = { .questions = questions, .cursor = cursor, .etag = etag };

  g_return_val_if_fail (KB_IS_STORE (self), FALSE);
  return kb_db_transaction (_kb_store_get_db (self), write_questions, &data, error);
}

/**
 * kb_store_load_question_sync:
 * @cursor: (out): the `since` cursor to continue from ("0" when never synced)
 * @etag: (out) (nullable): the list's ETag at that cursor
 */
gboolean
kb_store_load_question_sync (KbStore *self, char **cursor, char **etag, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *saved_cursor = NULL;
  g_autofree char *saved_etag = NULL;
  KbDb *db;

  g_return_val_if_fail (KB_IS_STORE (self), FALSE);

  db = _kb_store_get_db (self);
  saved_cursor = _kb_store_dup_meta (db, "questions.cursor", &local_error);
  if (local_error == NULL)
    saved_etag = _kb_store_dup_meta (db, "questions.etag", &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  *cursor = saved_cursor != NULL ? g_steal_pointer (&saved_cursor) : g_strdup ("0");
  *etag = g_steal_pointer (&saved_etag);
  return TRUE;
}

static gboolean
write_outbox_add (KbDb *db, gpointer user_data, GError **error)
{
  WriteData *data = user_data;
  sqlite3_stmt *stmt = kb_db_prepare (db, "INSERT INTO outbox (key, text, created_at)"
                                      " VALUES (?1, ?2, ?3)", error);

  if (stmt == NULL)
    return FALSE;
  kb_db_bind_text (stmt, 1, data->key);
  kb_db_bind_text (stmt, 2, data->text);
  bind_time (stmt, 3, data->created_at);
  return kb_db_step_done (db, stmt, error) && kb_db_exec (db, "DELETE FROM draft;", error);
}

gboolean
kb_store_outbox_add (KbStore     *self,
                     const char  *key,
                     const char  *text,
                     GDateTime   *created_at,
                     GError     **error)
{
  WriteData data = { .key = key, .text = text, .created_at = created_at };

  g_return_val_if_fail (KB_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL && text != NULL && created_at != NULL, FALSE);
  return kb_db_transaction (_kb_store_get_db (self), write_outbox_add, &data, error);
}

static gboolean
delete_outbox_entry (KbDb *db, const char *key, GError **error)
{
  sqlite3_stmt *stmt = kb_db_prepare (db, "DELETE FROM outbox WHERE key = ?1", error);

  if (stmt == NULL)
    return FALSE;
  kb_db_bind_text (stmt, 1, key);
  return kb_db_step_done (db, stmt, error);
}

static gboolean
write_outbox_complete (KbDb *db, gpointer user_data, GError **error)
{
  WriteData *data = user_data;

  return write_questions (db, data, error) && delete_outbox_entry (db, data->key, error);
}

gboolean
kb_store_outbox_complete (KbStore     *self,
                          const char  *key,
                          KbQuestion  *question,
                          GError     **error)
{
  g_autoptr(GPtrArray) questions = g_ptr_array_new ();
  WriteData data = { .questions = questions, .key = key };

  g_return_val_if_fail (KB_IS_STORE (self), FALSE);
  g_return_val_if_fail (KB_IS_QUESTION (question), FALSE);

  g_ptr_array_add (questions, question);
  return kb_db_transaction (_kb_store_get_db (self), write_outbox_complete, &data, error);
}

gboolean
kb_store_outbox_fail (KbStore *self, const char *key, const char *message, GError **error)
{
  sqlite3_stmt *stmt;
  KbDb *db;

  g_return_val_if_fail (KB_IS_STORE (self), FALSE);

  db = _kb_store_get_db (self);
  stmt = kb_db_prepare (db, "UPDATE outbox SET error = ?2 WHERE key = ?1", error);
  if (stmt == NULL)
    return FALSE;
  kb_db_bind_text (stmt, 1, key);
  kb_db_bind_text (stmt, 2, message);
  return kb_db_step_done (db, stmt, error);
}

gboolean
kb_store_outbox_remove (KbStore *self, const char *key, GError **error)
{
  g_return_val_if_fail (KB_IS_STORE (self), FALSE);
  return delete_outbox_entry (_kb_store_get_db (self), key, error);
}

/* Returns: (transfer full) (nullable): the draft, NULL when there is none. */
char *
kb_store_dup_draft (KbStore *self, GError **error)
{
  g_return_val_if_fail (KB_IS_STORE (self), NULL);
  return _kb_store_dup_text (_kb_store_get_db (self), "SELECT text FROM draft WHERE id = 1", NULL,
                             error);
}

/* An empty or NULL @text deletes the draft. */
gboolean
kb_store_set_draft (KbStore *self, const char *text, GError **error)
{
  sqlite3_stmt *stmt;
  KbDb *db;

  g_return_val_if_fail (KB_IS_STORE (self), FALSE);

  db = _kb_store_get_db (self);
  if (text == NULL || *text == '\0')
    return kb_db_exec (db, "DELETE FROM draft;", error);
  stmt = kb_db_prepare (db, "INSERT OR REPLACE INTO draft (id, text) VALUES (1, ?1)", error);
  if (stmt == NULL)
    return FALSE;
  kb_db_bind_text (stmt, 1, text);
  return kb_db_step_done (db, stmt, error);
}
