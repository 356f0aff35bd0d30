/* kb-api-renames.c — renaming subscribers: one, a batch from a list, and the history (docs/api.md).
 *
 * A batch's reply gives each row's result but not the name it was sent
 * with; the names are put back from the request, so that what the page
 * shows after a submit reads like the history of that batch later.
 */
#include "config.h"

#include "kb-api-renames.h"

#include "kb-api-client-private.h"
#include "kb-api-json.h"
#include "kb-api-subscribers.h"

/* A row of GET /rename-batches/{id}, or a result of POST /rename-batches
 * (whose "accepted" means pending for the next 24 hours). */
static gpointer
row_from_json (JsonObject *object, GError **error)
{
  const char *number, *status, *name, *code, *message;
  KbRenameStatus value;
  guint row;

  if (!kb_api_json_get_count (object, "row", &row, error) ||
      (number = kb_api_json_get_string (object, "number", TRUE, error)) == NULL ||
      (status = kb_api_json_get_string (object, "status", TRUE, error)) == NULL ||
      !kb_api_json_get_optional_string (object, "name", &name, error) ||
      !kb_api_json_get_optional_string (object, "code", &code, error) ||
      !kb_api_json_get_optional_string (object, "message", &message, error))
    return NULL;
  value = g_str_equal (status, "accepted")
            ? KB_RENAME_STATUS_PENDING
            : kb_enum_from_nick (KB_TYPE_RENAME_STATUS, status, KB_RENAME_STATUS_UNKNOWN);
  if (row < 1 || value == KB_RENAME_STATUS_UNKNOWN)
    return kb_api_json_bad_response (error, "rows");
  return kb_rename_row_new (row, number, name, value, code, message);
}

static gpointer
batch_from_json (JsonObject *object, GError **error)
{
  g_autoptr(GDateTime) created = NULL;
  g_autoptr(GDateTime) effective = NULL;
  const char *id, *kind, *status, *number, *name;
  guint total, accepted, rejected;
  KbRenameStatus value;

  if ((id = kb_api_json_get_string (object, "id", TRUE, error)) == NULL ||
      (kind = kb_api_json_get_string (object, "kind", TRUE, error)) == NULL ||
      (status = kb_api_json_get_string (object, "status", TRUE, error)) == NULL ||
      (created = kb_api_json_get_time (object, "created_at", error)) == NULL ||
      (effective = kb_api_json_get_time (object, "effective_at", error)) == NULL ||
      !kb_api_json_get_count (object, "total", &total, error) ||
      !kb_api_json_get_count (object, "accepted", &accepted, error) ||
      !kb_api_json_get_count (object, "rejected", &rejected, error))
    return NULL;
  if (!kb_api_json_get_optional_string (object, "number", &number, error) ||
      !kb_api_json_get_optional_string (object, "name", &name, error))
    return NULL;
  value = kb_enum_from_nick (KB_TYPE_RENAME_STATUS, status, KB_RENAME_STATUS_UNKNOWN);
  if (value == KB_RENAME_STATUS_UNKNOWN)
    return kb_api_json_bad_response (error, "status");
  return kb_rename_batch_new (id, g_str_equal (kind, "single"), created, effective, value,
                              total, accepted, rejected, number, name);
}

/* Single renames */

void
kb_api_client_rename_subscriber_async (KbApiClient         *self,
                                       const char          *subscriber_id,
                                       const char          *name,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autofree char *path = _kb_api_item_path ("/subscribers", subscriber_id, "/rename");
  g_autoptr(JsonNode) body = kb_api_json_body_new ("name", name, NULL);
  KbApiRequest request = {
    .method = "POST",
    .path = path,
    .body = body,
    .authenticated = TRUE,
    .parse = (KbApiParseFunc) kb_api_json_to_subscriber,
    .value_free = g_object_unref,
  };

  _kb_api_client_request_async (self, &request, kb_api_client_rename_subscriber_async,
                                cancellable, callback, user_data);
}

/* Returns: (transfer full): the subscriber with its pending rename. */
KbSubscriber *
kb_api_client_rename_subscriber_finish (KbApiClient *self, GAsyncResult *result, GError **error)
{
  return _kb_api_client_request_finish_value (self, result, NULL, error);
}

/* Batches */

static gpointer
parse_created_batch (JsonNode *root, GError **error)
{
  JsonObject *object = kb_api_json_root_object (root, "body", error);
  g_autoptr(GDateTime) created = NULL;
  g_autoptr(GDateTime) effective = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(KbRenameBatch) batch = NULL;
  JsonArray *results;
  const char *id;
  guint total, accepted, rejected;

  if (object == NULL ||
      (id = kb_api_json_get_string (object, "id", TRUE, error)) == NULL ||
      (created = kb_api_json_get_time (object, "created_at", error)) == NULL ||
      (effective = kb_api_json_get_time (object, "effective_at", error)) == NULL ||
      !kb_api_json_get_count (object, "total", &total, error) ||
      !kb_api_json_get_count (object, "accepted", &accepted, error) ||
      !kb_api_json_get_count (object, "rejected", &rejected, error) ||
      (results = kb_api_json_get_array (object, "results", TRUE, error)) == NULL ||
      (rows = kb_api_json_read_array (results, "results", row_from_json, error)) == NULL)
    return NULL;
  batch = kb_rename_batch_new (id, FALSE, created, effective,
                               accepted > 0 ? KB_RENAME_STATUS_PENDING : KB_RENAME_STATUS_REJECTED,
                               total, accepted, rejected, NULL, NULL);
  kb_rename_batch_set_rows (batch, rows);
  return g_steal_pointer (&batch);
}

static void
on_batch_created (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  const char * const *names = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(KbRenameBatch) batch = _kb_api_client_request_finish_value (KB_API_CLIENT (source), result,
                                                                        NULL, &error);
  g_autoptr(GPtrArray) named = NULL;
  guint n_names = g_strv_length ((char **) names);
  GPtrArray *rows;

  if (batch == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Each result carries its row number: give it back the name it was sent. */
  rows = kb_rename_batch_get_rows (batch);
  named = g_ptr_array_new_full (rows->len, g_object_unref);
  for (guint i = 0; i < rows->len; i++)
    {
      KbRenameRow *row = rows->pdata[i];
      guint index = kb_rename_row_get_row (row) - 1;

      g_ptr_array_add (named, kb_rename_row_new (kb_rename_row_get_row (row), kb_rename_row_get_number (row),
                                                 index < n_names ? names[index] : "",
                                                 kb_rename_row_get_status (row), kb_rename_row_get_code (row),
                                                 kb_rename_row_get_message (row)));
    }
  kb_rename_batch_set_rows (batch, named);
  g_task_return_pointer (task, g_steal_pointer (&batch), g_object_unref);
}

void
kb_api_client_create_rename_batch_async (KbApiClient         *self,
                                         const char * const  *numbers,
                                         const char * const  *names,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(JsonNode) body = NULL;
  JsonArray *rows;
  KbApiRequest request = {
    .method = "POST",
    .path = "/rename-batches",
    .authenticated = TRUE,
    .parse = parse_created_batch,
    .value_free = g_object_unref,
  };

  g_return_if_fail (numbers != NULL && names != NULL);
  g_return_if_fail (g_strv_length ((char **) numbers) == g_strv_length ((char **) names));

  g_task_set_source_tag (task, kb_api_client_create_rename_batch_async);
  g_task_set_task_data (task, g_strdupv ((char **) names), (GDestroyNotify) g_strfreev);

  rows = json_array_new ();
  for (guint i = 0; numbers[i] != NULL; i++)
    json_array_add_element (rows,
                            kb_api_json_body_new ("number", numbers[i], "name", names[i], NULL));
  object = json_object_new ();
  json_object_set_array_member (object, "rows", rows);
  body = json_node_init_object (json_node_alloc (), object);
  request.body = body;

  _kb_api_client_request_async (self, &request, NULL, cancellable, on_batch_created,
                                g_steal_pointer (&task));
}

/* Returns: (transfer full): the batch with a row per row sent. */
KbRenameBatch *
kb_api_client_create_rename_batch_finish (KbApiClient *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static gpointer
parse_batch_list (JsonNode *root, GError **error)
{
  return kb_api_json_root_list (root, "batches", batch_from_json, error);
}

void
kb_api_client_list_rename_batches_async (KbApiClient         *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  _kb_api_client_get_async (self, "/rename-batches", NULL, FALSE, parse_batch_list,
                            (GDestroyNotify) g_ptr_array_unref,
                            kb_api_client_list_rename_batches_async, cancellable, callback, user_data);
}

/* Returns: (transfer container) (element-type KbRenameBatch): newest first. */
GPtrArray *
kb_api_client_list_rename_batches_finish (KbApiClient *self, GAsyncResult *result, GError **error)
{
  return _kb_api_client_request_finish_value (self, result, NULL, error);
}

static gpointer
parse_batch (JsonNode *root, GError **error)
{
  JsonObject *object = kb_api_json_root_object (root, "body", error);
  g_autoptr(KbRenameBatch) batch = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  JsonArray *array;

  if (object == NULL ||
      (batch = batch_from_json (object, error)) == NULL ||
      (array = kb_api_json_get_array (object, "rows", TRUE, error)) == NULL ||
      (rows = kb_api_json_read_array (array, "rows", row_from_json, error)) == NULL)
    return NULL;
  kb_rename_batch_set_rows (batch, rows);
  return g_steal_pointer (&batch);
}

void
kb_api_client_get_rename_batch_async (KbApiClient         *self,
                                      const char          *batch_id,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autofree char *path = _kb_api_item_path ("/rename-batches", batch_id, NULL);

  _kb_api_client_get_async (self, path, NULL, FALSE, parse_batch, g_object_unref,
                            kb_api_client_get_rename_batch_async, cancellable, callback, user_data);
}

/* Returns: (transfer full): the batch with its rows. */
KbRenameBatch *
kb_api_client_get_rename_batch_finish (KbApiClient *self, GAsyncResult *result, GError **error)
{
  return _kb_api_client_request_finish_value (self, result, NULL, error);
}
