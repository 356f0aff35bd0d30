/* kb-list-import-read.c — a subscriber list read off the main loop, from a file or from text.
 *
 * A list may have 100 000 rows: loading the file (g_file_load_contents_async)
 * and parsing it, marking unknown numbers and making the row objects (a
 * GTask thread) never freeze the window. The parser (kb-subscriber-list.c)
 * does the reading and the checks of each row.
 */
#include "config.h"

#include "kb-list-import-read.h"

#include <glib/gi18n.h>

typedef struct {
  KbSubscriberListKind kind;
  GBytes *bytes;
  GHashTable *known;   /* read only while the thread runs */
} ReadData;

static void
read_data_free (ReadData *data)
{
  g_clear_pointer (&data->bytes, g_bytes_unref);
  g_clear_pointer (&data->known, g_hash_table_unref);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReadData, read_data_free)

static void
parse_in_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  ReadData *data = task_data;
  g_autoptr(KbSubscriberList) list = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  GError *error = NULL;
  guint n;

  list = kb_subscriber_list_parse_bytes (data->kind, data->bytes, &error);
  if (list == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  n = kb_subscriber_list_get_n_rows (list);
  if (n == 0)
    {
      g_task_return_new_error (task, KB_SUBSCRIBER_LIST_ERROR, KB_SUBSCRIBER_LIST_ERROR_NOT_TEXT,
                               "%s", _("There are no rows in this list."));
      return;
    }
  if (data->known != NULL)
    kb_subscriber_list_mark_unknown (list, data->known);

  rows = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (rows, kb_list_import_row_new (kb_subscriber_list_get_row (list, i)));
  g_task_return_pointer (task, g_steal_pointer (&rows), (GDestroyNotify) g_ptr_array_unref);
}

static void
on_file_loaded (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  ReadData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  if (!g_file_load_contents_finish (G_FILE (source), result, &contents, &length, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      /* TRANSLATORS: the reason comes from the system. */
      g_task_return_new_error (task, error->domain, error->code,
                               _("The file could not be read: %s"), error->message);
      return;
    }
  data->bytes = g_bytes_new_take (contents, length);
  g_task_run_in_thread (task, parse_in_thread);
}

void
kb_list_import_read_async (KbSubscriberListKind  kind,
                           GFile                *file,
                           GBytes               *bytes,
                           GHashTable           *known,
                           GCancellable         *cancellable,
                           GAsyncReadyCallback   callback,
                           gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(ReadData) data = g_new0 (ReadData, 1);

  g_return_if_fail (file == NULL || G_IS_FILE (file));
  g_return_if_fail (file != NULL || bytes != NULL);

  data->kind = kind;
  data->bytes = bytes != NULL ? g_bytes_ref (bytes) : NULL;
  data->known = known != NULL ? g_hash_table_ref (known) : NULL;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, kb_list_import_read_async);
  g_task_set_task_data (task, g_steal_pointer (&data), (GDestroyNotify) read_data_free);
  g_task_set_return_on_cancel (task, TRUE);
  if (file != NULL)
    g_file_load_contents_async (file, cancellable, on_file_loaded, g_steal_pointer (&task));
  else
    g_task_run_in_thread (task, parse_in_thread);
}

GPtrArray *
kb_list_import_read_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kb_list_import_read_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
