/* kb-store-conversation.c — Feedback's conversations in the cache: follow-ups and files in the outbox, reply drafts.
 *
 * A follow-up is kept like a question (kb-store-questions.c): committed with
 * its Idempotency-Key before it is sent, gone only once the server made it.
 * Its files — and a question's — are rows of outbox_file, each with a key
 * of its own; the server's id is recorded the moment an upload is
 * acknowledged, so after a crash only the files not yet acknowledged are
 * sent again, with their keys, and the server never stores one twice.
 */
#include "config.h"

#include "kb-store-conversation.h"

#include "kb-store-private.h"

void
kb_store_outbox_file_free (KbStoreOutboxFile *file)
{
  if (file == NULL)
    return;
  g_free (file->key);
  g_free (file->attachment_id);
  g_clear_object (&file->file);
  g_free (file);
}

void
kb_store_outbox_message_free (KbStoreOutboxMessage *message)
{
  if (message == NULL)
    return;
  g_free (message->key);
  g_free (message->question_id);
  g_free (message->text);
  g_clear_pointer (&message->created_at, g_date_time_unref);
  g_free (message->error);
  g_free (message);
}

/* A file of the outbox, under a new key; its owner is bound once. */
static void
bind_outbox_file (sqlite3_stmt *stmt, gpointer item, guint position)
{
  KbAttachment *file = item;
  g_autofree char *key = g_uuid_string_random ();

  kb_db_bind_text (stmt, 2, key);
  sqlite3_bind_int (stmt, 3, (int) position);
  kb_db_bind_text (stmt, 4, kb_attachment_get_name (file));
  sqlite3_bind_int64 (stmt, 5, kb_attachment_get_size (file));
  kb_db_bind_text (stmt, 6, kb_attachment_get_content_type (file));
  kb_db_bind_text (stmt, 7, kb_attachment_get_path (file));
}

/* Adds @files (KbAttachment with a path) to the outbox entry @owner_key, in
 * the caller's transaction, each under a new key. */
gboolean
_kb_store_outbox_add_files (KbDb *db, const char *owner_key, GPtrArray *files, GError **error)
{
  if (files == NULL || files->len == 0)
    return TRUE;
  for (guint i = 0; i < files->len; i++)
    g_return_val_if_fail (kb_attachment_get_path (files->pdata[i]) != NULL, FALSE);
  return _kb_store_insert_rows (db, kb_db_query (db, "INSERT INTO outbox_file (owner_key, key,"
                                                 " position, name, size, content_type, path)"
                                                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error,
                                                 KB_DB_TEXT (owner_key)),
                                files, bind_outbox_file, error);
}

gboolean
_kb_store_outbox_delete_files (KbDb *db, const char *owner_key, GError **error)
{
  return kb_db_run (db, "DELETE FROM outbox_file WHERE owner_key = ?1", error,
                    KB_DB_TEXT (owner_key));
}

typedef struct {
  const char *key;
  const char *question_id;
  const char *text;
  GDateTime *created_at;
  GPtrArray *files;
} MessageWrite;

static gboolean
write_message_add (KbDb *db, gpointer user_data, GError **error)
{
  MessageWrite *w = user_data;

  return kb_db_run (db, "INSERT INTO message_outbox (key, question_id, text, created_at)"
                    " VALUES (?1, ?2, ?3, ?4)", error, KB_DB_TEXT (w->key),
                    KB_DB_TEXT (w->question_id), KB_DB_TEXT (w->text),
                    _kb_store_time_value (w->created_at)) &&
         _kb_store_outbox_add_files (db, w->key, w->files, error) &&
         kb_db_run (db, "DELETE FROM thread_draft WHERE question_id = ?1", error,
                    KB_DB_TEXT (w->question_id));
}

gboolean
kb_store_message_outbox_add (KbStore *self, const char *key, const char *question_id,
                             const char *text, GDateTime *created_at, GPtrArray *files,
                             GError **error)
{
  MessageWrite w = { key, question_id, text, created_at, files };

  g_return_val_if_fail (KB_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL && question_id != NULL && text != NULL, FALSE);
  return kb_db_transaction (_kb_store_get_db (self), write_message_add, &w, error);
}

static gpointer
outbox_message_from_row (sqlite3_stmt *stmt)
{
  KbStoreOutboxMessage *message = g_new0 (KbStoreOutboxMessage, 1);

  message->key = g_strdup (kb_db_column_text (stmt, 0));
  message->question_id = g_strdup (kb_db_column_text (stmt, 1));
  message->text = g_strdup (kb_db_column_text (stmt, 2));
  message->created_at = _kb_store_column_time (stmt, 3);
  message->error = g_strdup (kb_db_column_text (stmt, 4));
  return message;
}

GPtrArray *
kb_store_load_message_outbox (KbStore *self, GError **error)
{
  KbDb *db;

  g_return_val_if_fail (KB_IS_STORE (self), NULL);
  db = _kb_store_get_db (self);
  return _kb_store_load_rows (db, kb_db_prepare (db, "SELECT key, question_id, text, created_at,"
                                                 " error FROM message_outbox ORDER BY created_at",
                                                 error),
                              outbox_message_from_row,
                              (GDestroyNotify) kb_store_outbox_message_free, error);
}

static gboolean
write_message_complete (KbDb *db, gpointer user_data, GError **error)
{
  const char *key = user_data;

  return kb_db_run (db, "DELETE FROM message_outbox WHERE key = ?1", error, KB_DB_TEXT (key)) &&
         _kb_store_outbox_delete_files (db, key, error);
}

gboolean
kb_store_message_outbox_complete (KbStore *self, const char *key, GError **error)
{
  g_return_val_if_fail (KB_IS_STORE (self), FALSE);
  return kb_db_transaction (_kb_store_get_db (self), write_message_complete, (gpointer) key, error);
}

gboolean
kb_store_message_outbox_fail (KbStore *self, const char *key, const char *message, GError **error)
{
  g_return_val_if_fail (KB_IS_STORE (self), FALSE);
  return kb_db_run (_kb_store_get_db (self), "UPDATE message_outbox SET error = ?2 WHERE key = ?1",
                    error, KB_DB_TEXT (key), KB_DB_TEXT (message));
}

static gpointer
outbox_file_from_row (sqlite3_stmt *stmt)
{
  KbStoreOutboxFile *file = g_new0 (KbStoreOutboxFile, 1);

  file->key = g_strdup (kb_db_column_text (stmt, 0));
  file->attachment_id = g_strdup (kb_db_column_text (stmt, 1));
  file->file = kb_attachment_new (file->attachment_id, kb_db_column_text (stmt, 2),
                                  sqlite3_column_int64 (stmt, 3), kb_db_column_text (stmt, 4),
                                  kb_db_column_text (stmt, 5));
  return file;
}

GPtrArray *
kb_store_load_outbox_files (KbStore *self, const char *owner_key, GError **error)
{
  KbDb *db;

  g_return_val_if_fail (KB_IS_STORE (self), NULL);
  db = _kb_store_get_db (self);
  return _kb_store_load_rows (db, kb_db_query (db, "SELECT key, attachment_id, name, size,"
                                               " content_type, path FROM outbox_file"
                                               " WHERE owner_key = ?1 ORDER BY position", error,
                                               KB_DB_TEXT (owner_key)),
                              outbox_file_from_row, (GDestroyNotify) kb_store_outbox_file_free,
                              error);
}

gboolean
kb_store_outbox_file_uploaded (KbStore *self, const char *key, const char *attachment_id,
                               GError **error)
{
  g_return_val_if_fail (KB_IS_STORE (self), FALSE);
  return kb_db_run (_kb_store_get_db (self), "UPDATE outbox_file SET attachment_id = ?2"
                    " WHERE key = ?1", error, KB_DB_TEXT (key), KB_DB_TEXT (attachment_id));
}

char *
kb_store_dup_thread_draft (KbStore *self, const char *question_id, GError **error)
{
  g_return_val_if_fail (KB_IS_STORE (self), NULL);
  return _kb_store_dup_text (_kb_store_get_db (self),
                             "SELECT text FROM thread_draft WHERE question_id = ?1", question_id,
                             error);
}

/* An empty or NULL @text deletes the draft. */
gboolean
kb_store_set_thread_draft (KbStore *self, const char *question_id, const char *text,
                           GError **error)
{
  KbDb *db;

  g_return_val_if_fail (KB_IS_STORE (self), FALSE);
  db = _kb_store_get_db (self);
  if (text == NULL || *text == '\0')
    return kb_db_run (db, "DELETE FROM thread_draft WHERE question_id = ?1", error,
                      KB_DB_TEXT (question_id));
  return kb_db_run (db, "INSERT OR REPLACE INTO thread_draft (question_id, text) VALUES (?1, ?2)",
                    error, KB_DB_TEXT (question_id), KB_DB_TEXT (text));
}
