/* kb-feedback-conversation.c — Feedback's conversations: follow-ups, files, rating, closing.
 *
 * A follow-up has the guarantees of a question (kb-feedback.c): it is
 * committed to the outbox with its Idempotency-Key and its files before
 * anything is sent, and leaves it only once the server has made it. Files
 * are copied into the app's data folder when attached, so the outbox never
 * depends on the original; each is uploaded with its own key and its
 * server id recorded as soon as it is acknowledged, so a restart resumes
 * with the files not yet acknowledged and the server keeps one copy each.
 */
#include "config.h"

#include "kb-feedback.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "kb-api-questions.h"
#include "kb-feedback-private.h"
#include "kb-file-type.h"
#include "kb-store-conversation.h"
#include "kb-sync-private.h"

/* ---- Attaching: the copy in the app's data folder ----------------------------- */

static char *
attachments_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "kabinet", "attachments", NULL);
}

/* Checks @bytes against the contract's rule, the limits named in the
 * message. Returns: the type, or NULL with @error. */
static const char *
check_file (GBytes *bytes, const char *name, GError **error)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  const char *type;

  if (size > KB_ATTACHMENT_MAX_SIZE)
    {
      g_set_error (error, KB_FEEDBACK_ERROR, KB_FEEDBACK_ERROR_FILE_TOO_LARGE,
                   _("“%s” is too large: a file may be at most %u MB."), name,
                   KB_ATTACHMENT_MAX_SIZE / (1024 * 1024));
      return NULL;
    }
  type = size > 0 ? kb_file_type_sniff (data, size, name) : NULL;
  if (type == NULL)
    g_set_error (error, KB_FEEDBACK_ERROR, KB_FEEDBACK_ERROR_FILE_TYPE,
                 _("“%s” cannot be attached: only PNG and JPEG images, PDF, CSV, XLSX and text"
                   " files are accepted."), name);
  return type;
}

/* Writes @bytes as a new file named @name in a folder of its own. */
static KbAttachment *
store_copy (GBytes *bytes, const char *name, const char *type, GError **error)
{
  g_autofree char *root = attachments_dir ();
  g_autofree char *folder = g_uuid_string_random ();
  g_autofree char *dir = g_build_filename (root, folder, NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("The file could not be copied to %s: %s"), dir, g_strerror (saved_errno));
      return NULL;
    }
  if (!g_file_set_contents_full (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, error))
    return NULL;
  return kb_attachment_new (NULL, name, (gint64) g_bytes_get_size (bytes), type, path);
}

KbAttachment *
kb_feedback_import_bytes (KbFeedback *self, GBytes *bytes, const char *name, GError **error)
{
  g_autofree char *safe_name = kb_file_type_safe_name (name);
  const char *type;

  g_return_val_if_fail (KB_IS_FEEDBACK (self), NULL);
  type = check_file (bytes, safe_name, error);
  return type != NULL ? store_copy (bytes, safe_name, type, error) : NULL;
}

static void
import_in_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GFile *file = task_data;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = NULL;
  GError *error = NULL;
  KbAttachment *copy;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME ","
                            G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            cancellable, &error);
  if (info == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  name = kb_file_type_safe_name (g_file_info_get_display_name (info));
  /* A file over the limit is refused before it is read. */
  if (g_file_info_get_size (info) > KB_ATTACHMENT_MAX_SIZE)
    {
      g_task_return_new_error (task, KB_FEEDBACK_ERROR, KB_FEEDBACK_ERROR_FILE_TOO_LARGE,
                               _("“%s” is too large: a file may be at most %u MB."), name,
                               KB_ATTACHMENT_MAX_SIZE / (1024 * 1024));
      return;
    }
  bytes = g_file_load_bytes (file, cancellable, NULL, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  copy = kb_feedback_import_bytes (source, bytes, name, &error);
  if (copy == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, copy, g_object_unref);
}

void
kb_feedback_import_file_async (KbFeedback *self, GFile *file, GCancellable *cancellable,
                               GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KB_IS_FEEDBACK (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kb_feedback_import_file_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, import_in_thread);
}

KbAttachment *
kb_feedback_import_file_finish (KbFeedback *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

/* A question and a follow-up obey the same rules, as the server reads both
 * the same way: some text that is not blank, not too long, and not too
 * many files. Only the words differ, so that the user reads which of the
 * two is meant. */
gboolean
_kb_feedback_check_message (const char *text, GPtrArray *files, gboolean question, GError **error)
{
  const guint max_length = KB_FEEDBACK_MAX_QUESTION_LENGTH;

  if (text == NULL || !g_utf8_validate (text, -1, NULL) || is_blank (text))
    {
      g_set_error_literal (error, KB_FEEDBACK_ERROR, KB_FEEDBACK_ERROR_EMPTY,
                           question ? _("Write your question first: the text is empty.")
                                    : _("Write your message first: the text is empty."));
      return FALSE;
    }
  if (g_utf8_strlen (text, -1) > max_length)
    {
      g_set_error (error, KB_FEEDBACK_ERROR, KB_FEEDBACK_ERROR_TOO_LONG,
                   question
                     ? ngettext ("The question is too long: at most %u character is allowed.",
                                 "The question is too long: at most %u characters are allowed.",
                                 max_length)
                     : ngettext ("The message is too long: at most %u character is allowed.",
                                 "The message is too long: at most %u characters are allowed.",
                                 max_length),
                   max_length);
      return FALSE;
    }
  if (files != NULL && files->len > KB_ATTACHMENT_MAX_PER_MESSAGE)
    {
      g_set_error (error, KB_FEEDBACK_ERROR, KB_FEEDBACK_ERROR_TOO_MANY_FILES,
                   ngettext ("Too many files: at most %u file can be attached to a message.",
                             "Too many files: at most %u files can be attached to a message.",
                             KB_ATTACHMENT_MAX_PER_MESSAGE),
                   KB_ATTACHMENT_MAX_PER_MESSAGE);
      return FALSE;
    }
  return TRUE;
}

/* Deletes the copies of @files (KbStoreOutboxFile) once the server has them. */
static void
delete_copies (GPtrArray *files)
{
  for (guint i = 0; files != NULL && i < files->len; i++)
    {
      KbStoreOutboxFile *file = files->pdata[i];
      const char *path = kb_attachment_get_path (file->file);
      g_autofree char *dir = g_path_get_dirname (path);

      g_unlink (path);
      g_rmdir (dir);
    }
}

/* ---- Uploading an outbox entry's files ---------------------------------------- */

typedef struct {
  char *owner_key;
  GPtrArray *files;          /* KbStoreOutboxFile */
  guint next;
} UploadData;

static void
upload_data_free (UploadData *data)
{
  g_free (data->owner_key);
  g_clear_pointer (&data->files, g_ptr_array_unref);
  g_free (data);
}

static void upload_next (GTask *task);

static void
on_file_uploaded (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  KbFeedback *self = g_task_get_source_object (task);
  UploadData *data = g_task_get_task_data (task);
  KbStoreOutboxFile *file = data->files->pdata[data->next];
  g_autoptr(KbAttachment) stored = NULL;
  g_autoptr(GError) error = NULL;

  stored = kb_api_client_upload_attachment_finish (KB_API_CLIENT (source), result, &error);
  if (stored == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* Recorded at once: after a crash from here on this file is not sent again. */
  if (!kb_store_outbox_file_uploaded (_kb_feedback_get_store (self), file->key,
                                      kb_attachment_get_id (stored), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  file->attachment_id = g_strdup (kb_attachment_get_id (stored));
  data->next++;
  upload_next (g_steal_pointer (&task));
}

static void
on_file_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  KbFeedback *self = g_task_get_source_object (task);
  UploadData *data = g_task_get_task_data (task);
  KbStoreOutboxFile *file = data->files->pdata[data->next];
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;

  bytes = g_file_load_bytes_finish (G_FILE (source), result, NULL, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  cancellable = g_task_get_cancellable (task);
  kb_api_client_upload_attachment_async (_kb_feedback_get_api (self), file->file, bytes, file->key,
                                         cancellable, on_file_uploaded, g_steal_pointer (&task));
}

static void
upload_next (GTask *task)
{
  UploadData *data = g_task_get_task_data (task);
  g_auto(GStrv) ids = NULL;
  g_autoptr(GFile) file = NULL;

  while (data->next < data->files->len &&
         ((KbStoreOutboxFile *) data->files->pdata[data->next])->attachment_id != NULL)
    data->next++;
  if (data->next == data->files->len)
    {
      ids = g_new0 (char *, data->files->len + 1);
      for (guint i = 0; i < data->files->len; i++)
        ids[i] = g_strdup (((KbStoreOutboxFile *) data->files->pdata[i])->attachment_id);
      g_task_return_pointer (task, g_steal_pointer (&ids), (GDestroyNotify) g_strfreev);
      g_object_unref (task);
      return;
    }
  file = g_file_new_for_path (kb_attachment_get_path (((KbStoreOutboxFile *) data->files->pdata[data->next])->file));
  g_file_load_bytes_async (file, g_task_get_cancellable (task), on_file_read, task);
}

/* Uploads the files of outbox entry @owner_key that the server does not
 * have yet, one after another, and returns the ids of all its files. */
void
_kb_feedback_upload_files_async (KbFeedback *self, const char *owner_key, GCancellable *cancellable,
                                 GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  UploadData *data = g_new0 (UploadData, 1);
  GError *error = NULL;

  g_task_set_source_tag (task, _kb_feedback_upload_files_async);
  data->owner_key = g_strdup (owner_key);
  g_task_set_task_data (task, data, (GDestroyNotify) upload_data_free);
  data->files = kb_store_load_outbox_files (_kb_feedback_get_store (self), owner_key, &error);
  if (data->files == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  upload_next (task);
}

GStrv
_kb_feedback_upload_files_finish (KbFeedback *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- Follow-ups ------------------------------------------------------------------ */

typedef struct {
  KbFeedback *self;
  KbStoreOutboxMessage *message;
} MessageSend;

static void
message_send_free (MessageSend *send)
{
  g_object_unref (send->self);
  kb_store_outbox_message_free (send->message);
  g_free (send);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MessageSend, message_send_free)

static void
on_thread_fetched (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(KbFeedback) self = user_data;
  g_autoptr(KbQuestion) fresh = NULL;
  g_autoptr(GError) error = NULL;

  fresh = kb_api_client_question_finish (KB_API_CLIENT (source), result, &error);
  if (fresh != NULL)
    _kb_feedback_apply_question (self, fresh);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Could not fetch the thread: %s", error->message);
}

static void
message_failed (KbFeedback *self, KbStoreOutboxMessage *message, const GError *error)
{
  g_autoptr(GError) store_error = NULL;

  if (!_kb_feedback_outbox_refused (self, error))
    return;
  if (!kb_store_message_outbox_fail (_kb_feedback_get_store (self), message->key, error->message,
                                     &store_error))
    g_warning ("Could not record a refused follow-up: %s", store_error->message);
}

static void
on_message_sent (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(MessageSend) send = user_data;
  KbFeedback *self = send->self;
  KbStore *store = _kb_feedback_get_store (self);
  g_autoptr(KbAnswer) made = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;

  made = kb_api_client_post_message_finish (KB_API_CLIENT (source), result, &error);
  g_hash_table_remove (self->sending_messages, send->message->key);
  if (made == NULL)
    {
      message_failed (self, send->message, error);
      return;
    }
  _kb_feedback_outbox_sent (self);

  files = kb_store_load_outbox_files (store, send->message->key, NULL);
  if (!kb_store_message_outbox_complete (store, send->message->key, &error))
    {
      g_warning ("Could not record a sent follow-up: %s", error->message);
      return;
    }
  delete_copies (files);

  /* The thread as the server has it now: our message, and the status. */
  cancellable = _kb_feedback_get_cancellable (self);
  if (cancellable != NULL)
    kb_api_client_get_question_async (_kb_feedback_get_api (self), send->message->question_id,
                                      cancellable, on_thread_fetched, g_object_ref (self));
}

static void
on_message_files_uploaded (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(MessageSend) send = user_data;
  KbFeedback *self = send->self;
  g_auto(GStrv) ids = NULL;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable = _kb_feedback_get_cancellable (self);
  KbStoreOutboxMessage *message;

  ids = _kb_feedback_upload_files_finish (self, result, &error);
  if (ids == NULL || cancellable == NULL)
    {
      g_hash_table_remove (self->sending_messages, send->message->key);
      if (ids == NULL)
        message_failed (self, send->message, error);
      return;
    }
  /* The message outlives the request: send goes with it. */
  message = send->message;
  kb_api_client_post_message_async (_kb_feedback_get_api (self), message->question_id,
                                    &(KbApiMessage) {
                                      .text = message->text,
                                      .attachment_ids = (const char * const *) ids,
                                      .idempotency_key = message->key,
                                    },
                                    cancellable, on_message_sent, g_steal_pointer (&send));
}

/* Sends every follow-up of the outbox not in flight and not refused,
 * oldest first. */
void
_kb_feedback_flush_messages (KbFeedback *self)
{
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable = _kb_feedback_get_cancellable (self);
  GHashTable *sending = self->sending_messages;

  if (cancellable == NULL)
    return;
  messages = kb_store_load_message_outbox (_kb_feedback_get_store (self), &error);
  if (messages == NULL)
    {
      g_warning ("Could not read the follow-ups' outbox: %s", error->message);
      return;
    }
  for (guint i = 0; i < messages->len; i++)
    {
      KbStoreOutboxMessage *message = messages->pdata[i];
      MessageSend *send;

      if (message->error != NULL || g_hash_table_contains (sending, message->key))
        continue;
      g_hash_table_add (sending, g_strdup (message->key));
      send = g_new0 (MessageSend, 1);
      send->self = g_object_ref (self);
      send->message = g_steal_pointer (&messages->pdata[i]);
      _kb_feedback_upload_files_async (self, send->message->key, cancellable,
                                       on_message_files_uploaded, send);
    }
}

gboolean
kb_feedback_reply (KbFeedback *self, KbQuestion *question, const char *text, GPtrArray *files,
                   GError **error)
{
  g_autofree char *key = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GPtrArray) answers = NULL;
  g_autoptr(GError) store_error = NULL;
  GListModel *thread;
  KbAnswer *pending;

  g_return_val_if_fail (KB_IS_FEEDBACK (self), FALSE);
  g_return_val_if_fail (KB_IS_QUESTION (question) && kb_question_get_id (question) != NULL, FALSE);

  if (!_kb_feedback_check_message (text, files, FALSE, error))
    return FALSE;

  key = g_uuid_string_random ();
  now = g_date_time_new_now_utc ();
  if (!kb_store_message_outbox_add (_kb_feedback_get_store (self), key,
                                    kb_question_get_id (question), text, now, files, &store_error))
    {
      g_set_error (error, KB_FEEDBACK_ERROR, KB_FEEDBACK_ERROR_EMPTY, "%s %s",
                   _("The message could not be saved on this computer."), store_error->message);
      return FALSE;
    }

  /* Shown in the thread at once; the server's copy replaces it. */
  thread = kb_question_get_answers (question);
  answers = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < g_list_model_get_n_items (thread); i++)
    g_ptr_array_add (answers, g_list_model_get_item (thread, i));
  pending = kb_answer_new (NULL, _("You"), text, now);
  kb_answer_set_from_client (pending, TRUE);
  kb_answer_set_attachments (pending, files);
  g_ptr_array_add (answers, pending);
  kb_question_set_answers (question, answers);

  _kb_feedback_flush_messages (self);
  return TRUE;
}

char *
kb_feedback_dup_reply_draft (KbFeedback *self, const char *question_id)
{
  g_autoptr(GError) error = NULL;
  char *draft;

  g_return_val_if_fail (KB_IS_FEEDBACK (self), NULL);
  draft = kb_store_dup_thread_draft (_kb_feedback_get_store (self), question_id, &error);
  if (error != NULL)
    g_warning ("Could not read the reply's draft: %s", error->message);
  return draft;
}

void
kb_feedback_set_reply_draft (KbFeedback *self, const char *question_id, const char *text)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (KB_IS_FEEDBACK (self));
  if (!kb_store_set_thread_draft (_kb_feedback_get_store (self), question_id, text, &error))
    g_warning ("Could not keep the reply's draft: %s", error->message);
}

/* ---- Rating and closing ----------------------------------------------------------- */

static void
on_question_changed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  KbFeedback *self = g_task_get_source_object (task);
  g_autoptr(KbQuestion) fresh = NULL;
  g_autoptr(GError) error = NULL;

  fresh = kb_api_client_question_finish (KB_API_CLIENT (source), result, &error);
  if (!_kb_sync_task_check (task, &error))
    return;
  _kb_feedback_apply_question (self, fresh);
  g_task_return_boolean (task, TRUE);
}

void
kb_feedback_rate_async (KbFeedback *self, KbQuestion *question, const char *score,
                        const char *comment, GCancellable *cancellable,
                        GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task;

  g_return_if_fail (KB_IS_FEEDBACK (self));
  g_return_if_fail (KB_IS_QUESTION (question));

  task = _kb_sync_task_new (self, kb_feedback_rate_async, cancellable, callback, user_data);
  kb_api_client_rate_question_async (_kb_feedback_get_api (self), kb_question_get_id (question),
                                     score, comment, cancellable, on_question_changed, task);
}

gboolean
kb_feedback_rate_finish (KbFeedback *self, GAsyncResult *result, GError **error)
{
  return _kb_sync_finish_boolean (self, result, error);
}

void
kb_feedback_close_async (KbFeedback *self, KbQuestion *question, GCancellable *cancellable,
                         GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task;

  g_return_if_fail (KB_IS_FEEDBACK (self));
  g_return_if_fail (KB_IS_QUESTION (question));

  task = _kb_sync_task_new (self, kb_feedback_close_async, cancellable, callback, user_data);
  kb_api_client_close_question_async (_kb_feedback_get_api (self), kb_question_get_id (question),
                                      cancellable, on_question_changed, task);
}

gboolean
kb_feedback_close_finish (KbFeedback *self, GAsyncResult *result, GError **error)
{
  return _kb_sync_finish_boolean (self, result, error);
}

/* ---- An attachment's bytes ----------------------------------------------------------- */

static void
on_downloaded (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  bytes = kb_api_client_download_attachment_finish (KB_API_CLIENT (source), result, &error);
  if (!_kb_sync_task_check (task, &error))
    return;
  g_task_return_pointer (task, g_steal_pointer (&bytes), (GDestroyNotify) g_bytes_unref);
}

void
kb_feedback_load_attachment_async (KbFeedback *self, KbAttachment *attachment,
                                   GCancellable *cancellable, GAsyncReadyCallback callback,
                                   gpointer user_data)
{
  GTask *task;
  const char *path;

  g_return_if_fail (KB_IS_FEEDBACK (self));
  g_return_if_fail (KB_IS_ATTACHMENT (attachment));

  task = _kb_sync_task_new (self, kb_feedback_load_attachment_async, cancellable, callback,
                            user_data);
  /* A file still waiting in the outbox has only its local copy. */
  path = kb_attachment_get_path (attachment);
  if (kb_attachment_get_id (attachment) == NULL && path != NULL)
    {
      g_autoptr(GFile) copy = g_file_new_for_path (path);
      g_autoptr(GError) error = NULL;
      GBytes *bytes = g_file_load_bytes (copy, cancellable, NULL, &error);

      if (bytes == NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
      g_object_unref (task);
      return;
    }
  kb_api_client_download_attachment_async (_kb_feedback_get_api (self),
                                           kb_attachment_get_id (attachment), cancellable,
                                           on_downloaded, task);
}

/* Returns: (transfer full): the file's bytes. */
GBytes *
kb_feedback_load_attachment_finish (KbFeedback *self, GAsyncResult *result, GError **error)
{
  return _kb_sync_finish_pointer (self, result, error);
}
