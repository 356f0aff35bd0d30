/* kb-api-requests.c — the operator's requests of the contract: GET /requests and /requests/{id}.
 *
 * Every deferred operation answers with its request as a member "request"
 * of its usual reply; the one request path (kb-api-client.c) reads it with
 * kb_api_json_to_operator_request() and announces it with the client's
 * "request-made" signal, so that no operation's own parser has to know.
 */
#include "config.h"

#include "kb-api-requests.h"

#include "kb-api-client-private.h"
#include "kb-api-json.h"

void
kb_api_request_list_free (KbApiRequestList *list)
{
  if (list == NULL)
    return;
  g_clear_pointer (&list->requests, g_ptr_array_unref);
  g_free (list->from);
  g_free (list->cursor);
  g_free (list->etag);
  g_free (list);
}

/* Returns: (transfer full) (nullable): the request of the contract's
 * Request object; NULL with @error set when it is not one. */
KbOperatorRequest *
kb_api_json_to_operator_request (JsonObject *object, GError **error)
{
  KbOperatorRequestFields fields = { 0 };
  g_autoptr(GDateTime) created = NULL;
  g_autoptr(GDateTime) updated = NULL;
  const char *kind, *status, *effective = NULL;
  JsonObject *target;

  if ((fields.id = kb_api_json_get_string (object, "id", TRUE, error)) == NULL ||
      (fields.number = kb_api_json_get_string (object, "number", TRUE, error)) == NULL ||
      (kind = kb_api_json_get_string (object, "kind", TRUE, error)) == NULL ||
      (status = kb_api_json_get_string (object, "status", TRUE, error)) == NULL ||
      !kb_api_json_get_optional_string (object, "reason", &fields.reason, error) ||
      !kb_api_json_get_optional_string (object, "subject", &fields.subject, error) ||
      !kb_api_json_get_optional_string (object, "detail", &fields.detail, error) ||
      !kb_api_json_get_optional_string (object, "effective_at", &effective, error) ||
      (target = kb_api_json_get_object (object, "target", TRUE, error)) == NULL ||
      (fields.target_type = kb_api_json_get_string (target, "type", TRUE, error)) == NULL ||
      (fields.target_id = kb_api_json_get_string (target, "id", TRUE, error)) == NULL ||
      (created = kb_api_json_get_time (object, "created_at", error)) == NULL ||
      (updated = kb_api_json_get_time (object, "updated_at", error)) == NULL)
    return NULL;
  if (json_object_has_member (object, "count") &&
      (!kb_api_json_get_count (object, "count", &fields.count, error) ||
       !kb_api_json_get_count (object, "rejected_count", &fields.rejected_count, error)))
    return NULL;
  if (effective != NULL)
    {
      g_autoptr(GDateTime) when = kb_api_json_get_time (object, "effective_at", error);

      if (when == NULL)
        return NULL;
      fields.effective_at = g_date_time_to_unix (when);
    }
  /* A kind this client does not know is still a request with a number. */
  fields.kind = kb_enum_from_nick (KB_TYPE_OPERATOR_REQUEST_KIND, kind, KB_OPERATOR_REQUEST_KIND_UNKNOWN);
  fields.status = kb_enum_from_nick (KB_TYPE_OPERATOR_REQUEST_STATUS, status, -1);
  if ((int) fields.status < 0)
    return kb_api_json_bad_response (error, "status");
  fields.created_at = g_date_time_to_unix (created);
  fields.updated_at = g_date_time_to_unix (updated);
  return kb_operator_request_new (&fields);
}

static gpointer
parse_request (JsonNode *root, GError **error)
{
  return kb_api_json_root_read (root, "request",
                                (KbApiJsonReadFunc) kb_api_json_to_operator_request, error);
}

static gpointer
parse_request_list (JsonNode *root, GError **error)
{
  g_autoptr(KbApiRequestList) list = NULL;
  JsonObject *object;
  JsonArray *array;
  const char *from, *cursor;

  if ((object = kb_api_json_root_object (root, "requests", error)) == NULL ||
      (from = kb_api_json_get_string (object, "from", TRUE, error)) == NULL ||
      (cursor = kb_api_json_get_string (object, "cursor", TRUE, error)) == NULL ||
      (array = kb_api_json_get_array (object, "requests", TRUE, error)) == NULL)
    return NULL;
  list = g_new0 (KbApiRequestList, 1);
  list->from = g_strdup (from);
  list->cursor = g_strdup (cursor);
  list->requests = kb_api_json_read_array (array, "requests",
                                           (KbApiJsonReadFunc) kb_api_json_to_operator_request, error);
  if (list->requests == NULL)
    return NULL;
  return g_steal_pointer (&list);
}

/**
 * kb_api_client_list_requests_async:
 * @since: (nullable): the cursor of an earlier list, for only what changed
 * @etag: (nullable): the ETag of that list
 */
void
kb_api_client_list_requests_async (KbApiClient         *self,
                                   const char          *since,
                                   const char          *etag,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autofree char *path = g_strdup_printf ("/requests?since=%s", since != NULL ? since : "0");

  _kb_api_client_get_async (self, path, etag, FALSE, parse_request_list,
                            (GDestroyNotify) kb_api_request_list_free,
                            kb_api_client_list_requests_async, cancellable, callback, user_data);
}

/* Returns: (transfer full): the list; KB_API_ERROR_NOT_MODIFIED when @etag
 * is still current. */
KbApiRequestList *
kb_api_client_list_requests_finish (KbApiClient *self, GAsyncResult *result, GError **error)
{
  g_autofree char *etag = NULL;
  KbApiRequestList *list = _kb_api_client_request_finish_value (self, result, &etag, error);

  if (list != NULL)
    list->etag = g_steal_pointer (&etag);
  return list;
}

void
kb_api_client_get_request_async (KbApiClient         *self,
                                 const char          *id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autofree char *path = _kb_api_item_path ("/requests", id, NULL);

  _kb_api_client_get_async (self, path, NULL, FALSE, parse_request, g_object_unref,
                            kb_api_client_get_request_async, cancellable, callback, user_data);
}

KbOperatorRequest *
kb_api_client_get_request_finish (KbApiClient *self, GAsyncResult *result, GError **error)
{
  return _kb_api_client_request_finish_value (self, result, NULL, error);
}
