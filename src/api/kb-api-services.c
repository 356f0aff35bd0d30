/* kb-api-services.c — the service catalogue and service orders of the contract.
 *
 * GET /services, POST /service-orders (one request for the whole list, a
 * result per row), GET /service-orders (the current and the two previous
 * months) and GET /service-orders/{id} (one order with every row's result).
 * An order is never sent with all_or_nothing: good rows are applied, bad rows
 * come back with their codes. POST /service-orders carries no
 * Idempotency-Key, so the one request path does not retry it.
 */
#include "config.h"

#include "kb-api-services.h"

#include "kb-api-client-private.h"
#include "kb-api-json.h"

void
kb_api_service_order_list_free (KbApiServiceOrderList *list)
{
  if (list == NULL)
    return;
  g_clear_pointer (&list->orders, g_ptr_array_unref);
  g_free (list->from);
  g_free (list);
}

static KbService *
service_from_json (JsonObject *object, GError **error)
{
  const char *code, *name, *currency;
  gint64 amount;

  if ((code = kb_api_json_get_string (object, "code", TRUE, error)) == NULL ||
      (name = kb_api_json_get_string (object, "name", TRUE, error)) == NULL ||
      !kb_api_json_get_money (object, "monthly_fee", &amount, &currency, error))
    return NULL;
  return kb_service_new (code, name, amount, currency);
}

static gpointer
parse_services (JsonNode *root, GError **error)
{
  return kb_api_json_root_list (root, "services", (KbApiJsonReadFunc) service_from_json, error);
}

static KbServiceResult *
result_from_json (JsonObject *object, GError **error)
{
  const char *number, *status, *code = NULL;
  guint row;

  if (!kb_api_json_get_count (object, "row", &row, error) ||
      (number = kb_api_json_get_string (object, "number", TRUE, error)) == NULL ||
      (status = kb_api_json_get_string (object, "status", TRUE, error)) == NULL)
    return NULL;
  if (!g_str_equal (status, "accepted"))
    {
      if (!kb_api_json_get_optional_string (object, "code", &code, error))
        return NULL;
      if (code == NULL)
        code = "invalid_row";
    }
  return kb_service_result_new (row, number, code);
}

/* Reads an order: from the history (service_name, no results), from a
 * reply to POST (results, no service_name) or from GET /service-orders/{id}
 * (both). */
static KbServiceOrder *
order_from_json (JsonObject *object, GError **error)
{
  KbServiceOrderFields fields = { 0 };
  const char *action_text;
  g_autoptr(GDateTime) created = NULL;
  g_autoptr(KbServiceOrder) order = NULL;
  JsonArray *results;

  if ((fields.id = kb_api_json_get_string (object, "id", TRUE, error)) == NULL ||
      (action_text = kb_api_json_get_string (object, "action", TRUE, error)) == NULL ||
      (fields.service = kb_api_json_get_string (object, "service", TRUE, error)) == NULL ||
      (created = kb_api_json_get_time (object, "created_at", error)) == NULL ||
      !kb_api_json_get_count (object, "total", &fields.total, error) ||
      !kb_api_json_get_count (object, "accepted", &fields.accepted, error) ||
      !kb_api_json_get_count (object, "rejected", &fields.rejected, error))
    return NULL;
  fields.action = kb_enum_from_nick (KB_TYPE_SERVICE_ACTION, action_text, -1);
  if ((int) fields.action < 0)
    return kb_api_json_bad_response (error, "action");
  if (!kb_api_json_get_optional_string (object, "service_name", &fields.service_name, error))
    return NULL;

  fields.created_at = g_date_time_to_unix (created);
  order = kb_service_order_new (&fields);
  if (!kb_api_json_get_optional_array (object, "results", &results, error))
    return NULL;
  if (results != NULL)
    {
      g_autoptr(GPtrArray) rows = kb_api_json_read_array (results, "results",
                                                          (KbApiJsonReadFunc) result_from_json, error);
      if (rows == NULL)
        return NULL;
      kb_service_order_set_results (order, rows);
    }
  return g_steal_pointer (&order);
}

static gpointer
parse_order (JsonNode *root, GError **error)
{
  return kb_api_json_root_read (root, "service order", (KbApiJsonReadFunc) order_from_json, error);
}

static gpointer
parse_order_list (JsonNode *root, GError **error)
{
  g_autoptr(KbApiServiceOrderList) list = NULL;
  JsonObject *object;
  JsonArray *array;
  const char *from;

  if ((object = kb_api_json_root_object (root, "service orders", error)) == NULL ||
      (from = kb_api_json_get_string (object, "from", TRUE, error)) == NULL ||
      (array = kb_api_json_get_array (object, "orders", TRUE, error)) == NULL)
    return NULL;
  list = g_new0 (KbApiServiceOrderList, 1);
  list->from = g_strdup (from);
  list->orders = kb_api_json_read_list (array, "orders", (KbApiJsonReadFunc) order_from_json, NULL,
                                        error);
  if (list->orders == NULL)
    return NULL;
  return g_steal_pointer (&list);
}

void
kb_api_client_list_services_async (KbApiClient         *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  _kb_api_client_get_async (self, "/services", NULL, FALSE, parse_services,
                            (GDestroyNotify) g_ptr_array_unref, kb_api_client_list_services_async,
                            cancellable, callback, user_data);
}

/* Returns: (transfer full): the catalogue, of KbService, ordered by name. */
GPtrArray *
kb_api_client_list_services_finish (KbApiClient *self, GAsyncResult *result, GError **error)
{
  return _kb_api_client_request_finish_value (self, result, NULL, error);
}

/**
 * kb_api_client_order_service_async:
 * @numbers: (array zero-terminated=1): the subscribers' numbers, as the user
 *   gave them (the server answers for each one, in this order)
 *
 * Adds or removes @service for every number in one request.
 */
void
kb_api_client_order_service_async (KbApiClient         *self,
                                   KbServiceAction      action,
                                   const char          *service,
                                   const char * const  *numbers,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  const char *nick = kb_enum_to_nick (KB_TYPE_SERVICE_ACTION, action);
  g_autoptr(JsonNode) body = kb_api_json_body_new ("action", nick, "service", service, NULL);
  JsonArray *subscribers;
  KbApiRequest request = {
    .method = "POST",
    .path = "/service-orders",
    .body = body,
    .authenticated = TRUE,
    .parse = parse_order,
    .value_free = g_object_unref,
  };

  g_return_if_fail (service != NULL && numbers != NULL);

  subscribers = json_array_new ();
  for (guint i = 0; numbers[i] != NULL; i++)
    json_array_add_string_element (subscribers, numbers[i]);
  json_object_set_array_member (json_node_get_object (body), "subscribers", subscribers);

  _kb_api_client_request_async (self, &request, kb_api_client_order_service_async,
                                cancellable, callback, user_data);
}

/* Returns: (transfer full): the new order with every row's result. */
KbServiceOrder *
kb_api_client_order_service_finish (KbApiClient *self, GAsyncResult *result, GError **error)
{
  return _kb_api_client_request_finish_value (self, result, NULL, error);
}

void
kb_api_client_list_service_orders_async (KbApiClient         *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  _kb_api_client_get_async (self, "/service-orders", NULL, FALSE, parse_order_list,
                            (GDestroyNotify) kb_api_service_order_list_free,
                            kb_api_client_list_service_orders_async, cancellable, callback, user_data);
}

/* Returns: (transfer full): the orders of the current and the two
 * previous months, and the first day they cover. */
KbApiServiceOrderList *
kb_api_client_list_service_orders_finish (KbApiClient *self, GAsyncResult *result, GError **error)
{
  return _kb_api_client_request_finish_value (self, result, NULL, error);
}

void
kb_api_client_get_service_order_async (KbApiClient         *self,
                                       const char          *id,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autofree char *path = _kb_api_item_path ("/service-orders", id, NULL);

  _kb_api_client_get_async (self, path, NULL, FALSE, parse_order, g_object_unref,
                            kb_api_client_get_service_order_async, cancellable, callback, user_data);
}

/* Returns: (transfer full): the order with every row's result. */
KbServiceOrder *
kb_api_client_get_service_order_finish (KbApiClient *self, GAsyncResult *result, GError **error)
{
  return _kb_api_client_request_finish_value (self, result, NULL, error);
}
