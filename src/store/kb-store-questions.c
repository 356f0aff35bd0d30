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

#include "kb-store-conversation.h"
#include "kb-store-private.h"

static gint64
to_usec (GDateTime *when)
{
  return when != NULL ? g_date_time_to_unix (when) * G_USEC_PER_SEC + g_date_time_get_microsecond (when) : 0;
}

GDateTime *
_kb_store_column_time (sqlite3_stmt *stmt, int column)
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

KbQuestion *
_kb_store_question_from_row (sqlite3_stmt *stmt)
{
  KbQuestion *question = kb_question_new ();
  g_autoptr(GDateTime) created_at = _kb_store_column_time (stmt, 4);
  g_autoptr(GDateTime) updated_at = _kb_store_column_time (stmt, 5);
  g_autoptr(GDateTime) due_at = _kb_store_column_time (stmt, 6);

  kb_question_set_id (question, kb_db_column_text (stmt, 0));
  kb_question_set_local_key (question, kb_db_column_text (stmt, 1));
  kb_question_set_text (question, kb_db_column_text (stmt, 2));
  kb_question_set_status (question,
                          kb_enum_from_nick (KB_TYPE_QUESTION_STATUS, kb_db_column_text (stmt, 3),
                                             KB_QUESTION_STATUS_NEW));
  kb_question_set_created_at (question, created_at);
  kb_question_set_updated_at (question, updated_at);
  kb_question_set_answer_due_at (question, due_at);
  kb_question_set_unread (question, sqlite3_column_int (stmt, 7) != 0);
  kb_question_set_answers_count (question, (guint) sqlite3_column_int (stmt, 8));
  kb_question_set_rating (question, kb_db_column_text (stmt, 9), kb_db_column_text (stmt, 10));
  /* The history's search finds the answers' and follow-ups' words too. */
  kb_question_set_thread_text (question, kb_db_column_text (stmt, 11));
  return question;
}

void
_kb_store_bind_time (sqlite3_stmt *stmt, int index, GDateTime *when)
{
  if (when != NULL)
    sqlite3_bind_int64 (stmt, index, to_usec (when));
  else
    sqlite3_bind_null (stmt, index);
}

/* The same as a value for kb_db_run(). */
KbDbValue
_kb_store_time_value (GDateTime *when)
{
  return when != NULL ? KB_DB_INT (to_usec (when)) : KB_DB_NULL;
}

/* A question of the outbox: key, text, created_at, error. */
static gpointer
outbox_question_from_row (sqlite3_stmt *stmt)
{
  KbQuestion *question = kb_question_new ();
  g_autoptr(GDateTime) created_at = _kb_store_column_time (stmt, 2);
  const char *message = kb_db_column_text (stmt, 3);

  kb_question_set_local_key (question, kb_db_column_text (stmt, 0));
  kb_question_set_text (question, kb_db_column_text (stmt, 1));
  kb_question_set_created_at (question, created_at);
  kb_question_set_status (question,
                          message != NULL ? KB_QUESTION_STATUS_FAILED : KB_QUESTION_STATUS_QUEUED);
  kb_question_set_error_message (question, message);
  return question;
}

/* With @limit 0, every cached question in the list's order; else the
 * @limit with the latest activity, as the history sorts them first. */
static GPtrArray *
load_questions (KbStore *self, guint limit, GError **error)
{
  g_autoptr(GPtrArray) questions = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  KbDb *db;

  g_return_val_if_fail (KB_IS_STORE (self), NULL);

  /* The outbox first: it is always newer than anything the server has. */
  db = _kb_store_get_db (self);
  stmt = kb_db_prepare (db, "SELECT key, text, created_at, error FROM outbox"
                        " ORDER BY created_at DESC", error);
  if (stmt == NULL || !_kb_store_add_rows (db, stmt, questions, outbox_question_from_row, error))
    return NULL;

  if (limit == 0)
    stmt = kb_db_prepare (db,
                          "SELECT " KB_STORE_QUESTION_COLUMNS " FROM question"
                          " ORDER BY created_at DESC, CAST (id AS INTEGER) DESC", error);
  else
    /* The sort keeps only row ids: sorting whole rows would copy every
     * question's text. */
    stmt = kb_db_prepare (db,
                          "SELECT " KB_STORE_QUESTION_COLUMNS " FROM question WHERE rowid IN"
                          " (SELECT rowid FROM question"
                          "  ORDER BY COALESCE (updated_at, created_at) DESC, created_at DESC,"
                          "  CAST (id AS INTEGER) DESC LIMIT ?)"
                          " ORDER BY COALESCE (updated_at, created_at) DESC, created_at DESC,"
                          " CAST (id AS INTEGER) DESC", error);
  if (stmt == NULL)
    return NULL;
  if (limit != 0)
    sqlite3_bind_int64 (stmt, 1, limit);
  if (!_kb_store_add_rows (db, stmt, questions, (KbStoreRowFunc) _kb_store_question_from_row,
                           error))
    return NULL;

  return g_steal_pointer (&questions);
}

GPtrArray *
kb_store_load_questions (KbStore *self, GError **error)
{
  return load_questions (self, 0, error);
}

GPtrArray *
kb_store_load_questions_head (KbStore *self, guint limit, GError **error)
{
  g_return_val_if_fail (limit > 0, NULL);
  return load_questions (self, limit, error);
}

/* The cached attachments of question @question_id's message @answer_id
 * (NULL: of the question itself). */
static gpointer
attachment_from_row (sqlite3_stmt *stmt)
{
  return kb_attachment_new (kb_db_column_text (stmt, 0), kb_db_column_text (stmt, 1),
                            sqlite3_column_int64 (stmt, 2), kb_db_column_text (stmt, 3), NULL);
}

static GPtrArray *
load_attachments (KbDb *db, const char *question_id, const char *answer_id, GError **error)
{
  return _kb_store_load_rows (db, kb_db_query (db, "SELECT id, name, size, content_type"
                                               " FROM attachment WHERE question_id = ?1"
                                               " AND answer_id IS ?2 ORDER BY position", error,
                                               KB_DB_TEXT (question_id), KB_DB_TEXT (answer_id)),
                              attachment_from_row, g_object_unref, error);
}

/* The files sent with the question itself (KbAttachment). */
GPtrArray *
kb_store_load_question_files (KbStore *self, const char *question_id, GError **error)
{
  g_return_val_if_fail (KB_IS_STORE (self), NULL);
  return load_attachments (_kb_store_get_db (self), question_id, NULL, error);
}

gboolean
kb_store_count_unread_questions (KbStore *self, guint *count, GError **error)
{
  gint64 n;
  KbDb *db;

  g_return_val_if_fail (KB_IS_STORE (self), FALSE);

  db = _kb_store_get_db (self);
  *count = 0;
  if (!kb_db_read_int (db, kb_db_prepare (db, "SELECT COUNT(*) FROM question WHERE unread != 0",
                                          error), &n, error))
    return FALSE;
  *count = (guint) n;
  return TRUE;
}

static gpointer
answer_from_row (sqlite3_stmt *stmt)
{
  g_autoptr(GDateTime) created_at = _kb_store_column_time (stmt, 3);
  KbAnswer *answer = kb_answer_new (kb_db_column_text (stmt, 0), kb_db_column_text (stmt, 1),
                                    kb_db_column_text (stmt, 2), created_at);

  kb_answer_set_from_client (answer, sqlite3_column_int (stmt, 4) != 0);
  return answer;
}

GPtrArray *
kb_store_load_answers (KbStore *self, const char *question_id, GError **error)
{
  g_autoptr(GPtrArray) answers = NULL;
  KbDb *db;

  g_return_val_if_fail (KB_IS_STORE (self), NULL);

  db = _kb_store_get_db (self);
  answers = _kb_store_load_rows (db, kb_db_query (db, "SELECT id, author, text, created_at,"
                                                  " from_client FROM answer WHERE question_id = ?1"
                                                  " ORDER BY created_at, CAST (id AS INTEGER)",
                                                  error, KB_DB_TEXT (question_id)),
                                 answer_from_row, g_object_unref, error);
  if (answers == NULL)
    return NULL;
  /* The files after the rows: the statement above is done with by now. */
  for (guint i = 0; i < answers->len; i++)
    {
      g_autoptr(GPtrArray) files = load_attachments (db, question_id,
                                                     kb_answer_get_id (answers->pdata[i]), error);

      if (files == NULL)
        return NULL;
      kb_answer_set_attachments (answers->pdata[i], files);
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
  GPtrArray *files;
} WriteData;

/* An attachment of a message whose question and answer are bound once. */
static void
bind_attachment (sqlite3_stmt *stmt, gpointer item, guint position)
{
  KbAttachment *file = item;

  kb_db_bind_text (stmt, 3, kb_attachment_get_id (file));
  sqlite3_bind_int (stmt, 4, (int) position);
  kb_db_bind_text (stmt, 5, kb_attachment_get_name (file));
  sqlite3_bind_int64 (stmt, 6, kb_attachment_get_size (file));
  kb_db_bind_text (stmt, 7, kb_attachment_get_content_type (file));
}

/* Replaces the cached attachments of question @question_id's message
 * @answer_id (NULL: the question's own) by @files. */
static gboolean
write_attachments (KbDb *db, const char *question_id, const char *answer_id, GPtrArray *files,
                   GError **error)
{
  return kb_db_run (db, "DELETE FROM attachment WHERE question_id = ?1 AND answer_id IS ?2", error,
                    KB_DB_TEXT (question_id), KB_DB_TEXT (answer_id)) &&
         _kb_store_insert_rows (db, kb_db_query (db, "INSERT OR REPLACE INTO attachment"
                                                 " (question_id, answer_id, id, position, name,"
                                                 " size, content_type)"
                                                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error,
                                                 KB_DB_TEXT (question_id), KB_DB_TEXT (answer_id)),
                                files, bind_attachment, error);
}

static gboolean
write_questions (KbDb *db, gpointer user_data, GError **error)
{
  WriteData *data = user_data;
  sqlite3_stmt *upsert;
  sqlite3_stmt *clear_answers;
  sqlite3_stmt *insert_answer;
  sqlite3_stmt *find, *unindex, *index;

  /* An upsert, not INSERT OR REPLACE: replacing would delete the row and,
   * through the foreign key, its answers; and it keeps the local key a
   * later list page does not know. Only an operator's answer makes a
   * question unread (docs/api.md): so a copy with no more answers than the
   * cached one does not undo a read mark. A list page written on a worker
   * can land after the read mark that came later, and the question would
   * show as unread again after a restart. */
  upsert = kb_db_prepare (db,
                          "INSERT INTO question (id, local_key, text, status, created_at,"
                          " updated_at, answer_due_at, unread, answers_count, rating,"
                          " rating_comment)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
                          " ON CONFLICT (id) DO UPDATE SET"
                          " local_key = COALESCE (excluded.local_key, local_key),"
                          " text = excluded.text, status = excluded.status,"
                          " created_at = excluded.created_at, updated_at = excluded.updated_at,"
                          " answer_due_at = excluded.answer_due_at,"
                          " unread = CASE WHEN unread = 0 AND excluded.answers_count <= answers_count"
                          " THEN 0 ELSE excluded.unread END,"
                          " answers_count = excluded.answers_count, rating = excluded.rating,"
                          " rating_comment = excluded.rating_comment", error);
  clear_answers = kb_db_prepare (db, "DELETE FROM answer WHERE question_id = ?1", error);
  insert_answer = kb_db_prepare (db,
                                 "INSERT OR REPLACE INTO answer (id, question_id, author, text,"
                                 " created_at, from_client) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
  /* The search index follows each question's text (kb-store.c, migration
   * 9): the old text leaves it before the upsert, the new one enters after. */
  find = kb_db_prepare (db, "SELECT rowid, text IS NOT ?2 FROM question WHERE id = ?1", error);
  unindex = kb_db_prepare (db, "INSERT INTO question_search (question_search, rowid, text)"
                           " SELECT 'delete', source_rowid, text FROM question_search_text"
                           " WHERE source_rowid = ?1", error);
  index = kb_db_prepare (db, "INSERT INTO question_search (rowid, text)"
                         " SELECT source_rowid, text FROM question_search_text"
                         " WHERE source_rowid = (SELECT rowid FROM question WHERE id = ?1)", error);
  if (upsert == NULL || clear_answers == NULL || insert_answer == NULL || find == NULL ||
      unindex == NULL || index == NULL)
    return FALSE;

  for (guint i = 0; data->questions != NULL && i < data->questions->len; i++)
    {
      KbQuestion *question = data->questions->pdata[i];
      GListModel *answers = kb_question_get_answers (question);
      guint n_answers = g_list_model_get_n_items (answers);

      gboolean text_changed = TRUE;
      GError *local_error = NULL;

      g_return_val_if_fail (kb_question_get_id (question) != NULL, FALSE);

      kb_db_bind_text (find, 1, kb_question_get_id (question));
      kb_db_bind_text (find, 2, kb_question_get_text (question));
      if (kb_db_step_row (db, find, &local_error))
        {
          gint64 rowid = sqlite3_column_int64 (find, 0);

          text_changed = sqlite3_column_int (find, 1) != 0;
          sqlite3_reset (find);
          sqlite3_bind_int64 (unindex, 1, rowid);
          if (text_changed && !kb_db_step_done (db, unindex, error))
            return FALSE;
        }
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }

      kb_db_bind_text (upsert, 1, kb_question_get_id (question));
      kb_db_bind_text (upsert, 2, kb_question_get_local_key (question));
      kb_db_bind_text (upsert, 3, kb_question_get_text (question));
      kb_db_bind_text (upsert, 4,
                       kb_enum_to_nick (KB_TYPE_QUESTION_STATUS,
                                        kb_question_get_status (question)));
      _kb_store_bind_time (upsert, 5, kb_question_get_created_at (question));
      _kb_store_bind_time (upsert, 6, kb_question_get_updated_at (question));
      _kb_store_bind_time (upsert, 7, kb_question_get_answer_due_at (question));
      sqlite3_bind_int (upsert, 8, kb_question_get_unread (question));
      sqlite3_bind_int (upsert, 9, (int) kb_question_get_answers_count (question));
      kb_db_bind_text (upsert, 10, kb_question_get_rating (question));
      kb_db_bind_text (upsert, 11, kb_question_get_rating_comment (question));
      if (!kb_db_step_done (db, upsert, error))
        return FALSE;
      kb_db_bind_text (index, 1, kb_question_get_id (question));
      if (text_changed && !kb_db_step_done (db, index, error))
        return FALSE;

      /* A question without its thread (an answers count and no answers) does
       * not touch the cached thread. */
      if (n_answers == 0 && kb_question_get_attachments (question)->len == 0)
        continue;
      kb_db_bind_text (clear_answers, 1, kb_question_get_id (question));
      if (!kb_db_step_done (db, clear_answers, error) ||
          !write_attachments (db, kb_question_get_id (question), NULL,
                              kb_question_get_attachments (question), error))
        return FALSE;
      for (guint j = 0; j < n_answers; j++)
        {
          g_autoptr(KbAnswer) answer = g_list_model_get_item (answers, j);

          kb_db_bind_text (insert_answer, 1, kb_answer_get_id (answer));
          kb_db_bind_text (insert_answer, 2, kb_question_get_id (question));
          kb_db_bind_text (insert_answer, 3, kb_answer_get_author (answer));
          kb_db_bind_text (insert_answer, 4, kb_answer_get_text (answer));
          _kb_store_bind_time (insert_answer, 5, kb_answer_get_created_at (answer));
          sqlite3_bind_int (insert_answer, 6, kb_answer_get_from_client (answer));
          if (!kb_db_step_done (db, insert_answer, error) ||
              !write_attachments (db, kb_question_get_id (question), kb_answer_get_id (answer),
                                  kb_answer_get_attachments (answer), error))
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

static void
write_data_free (WriteData *data)
{
  g_ptr_array_unref (data->questions);
  g_free ((char *) data->cursor);
  g_free ((char *) data->etag);
  g_free (data);
}

void
kb_store_save_questions_async (KbStore             *self,
                               GPtrArray           *questions,
                               const char          *cursor,
                               const char          *etag,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  WriteData *data;

  g_return_if_fail (KB_IS_STORE (self));
  g_return_if_fail (questions != NULL);

  /* The worker writes copies, made here: the model's questions can be
   * marked read or get their thread while the write runs. The answers and
   * files are shared, as nothing changes them once made. */
  data = g_new0 (WriteData, 1);
  data->questions = g_ptr_array_new_full (questions->len, g_object_unref);
  for (guint i = 0; i < questions->len; i++)
    {
      KbQuestion *copy = kb_question_new ();

      kb_question_update_from (copy, questions->pdata[i]);
      g_ptr_array_add (data->questions, copy);
    }
  data->cursor = g_strdup (cursor);
  data->etag = g_strdup (etag);
  _kb_store_write_async (self, kb_store_save_questions_async, write_questions, data,
                         (GDestroyNotify) write_data_free, cancellable, callback, user_data);
}

gboolean
kb_store_save_questions_finish (KbStore *self, GAsyncResult *result, GError **error)
{
  return _kb_store_write_finish (self, result, error);
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

  return kb_db_run (db, "INSERT INTO outbox (key, text, created_at) VALUES (?1, ?2, ?3)", error,
                    KB_DB_TEXT (data->key), KB_DB_TEXT (data->text),
                    _kb_store_time_value (data->created_at)) &&
         _kb_store_outbox_add_files (db, data->key, data->files, error) &&
         kb_db_exec (db, "DELETE FROM draft;", error);
}

gboolean
kb_store_outbox_add (KbStore     *self,
                     const char  *key,
                     const char  *text,
                     GDateTime   *created_at,
                     GPtrArray   *files,
                     GError     **error)
{
  WriteData data = { .key = key, .text = text, .created_at = created_at, .files = files };

  g_return_val_if_fail (KB_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL && text != NULL && created_at != NULL, FALSE);
  return kb_db_transaction (_kb_store_get_db (self), write_outbox_add, &data, error);
}

static gboolean
delete_outbox_entry (KbDb *db, const char *key, GError **error)
{
  return kb_db_run (db, "DELETE FROM outbox WHERE key = ?1", error, KB_DB_TEXT (key)) &&
         _kb_store_outbox_delete_files (db, key, error);
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
  g_return_val_if_fail (KB_IS_STORE (self), FALSE);
  return kb_db_run (_kb_store_get_db (self), "UPDATE outbox SET error = ?2 WHERE key = ?1", error,
                    KB_DB_TEXT (key), KB_DB_TEXT (message));
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
  KbDb *db;

  g_return_val_if_fail (KB_IS_STORE (self), FALSE);

  db = _kb_store_get_db (self);
  if (text == NULL || *text == '\0')
    return kb_db_exec (db, "DELETE FROM draft;", error);
  return kb_db_run (db, "INSERT OR REPLACE INTO draft (id, text) VALUES (1, ?1)", error,
                    KB_DB_TEXT (text));
}
