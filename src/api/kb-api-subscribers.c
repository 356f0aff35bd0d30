/* kb-api-subscribers.c — the subscriber operations of the contract (docs/api.md).
 *
 * Subscribers are read as strictly as everything else: a number that is not
 * in the contract's form, an unknown status or a missing member is a
 * KB_API_ERROR_BAD_RESPONSE naming the member, so a broken page never
 * reaches the cache.
 */
#include "config.h"

#include "kb-api-subscribers.h"

#include "kb-api-billing.h"
#include "kb-api-client-private.h"
#include "kb-api-json.h"
#include "kb-phone-number.h"

void
kb_api_subscriber_page_free (KbApiSubscriberPage *page)
{
  if (page == NULL)
    return;
  g_clear_pointer (&page->subscribers, g_ptr_array_unref);
  g_free (page);
}

void
kb_api_installment_free (KbApiInstallment *installment)
{
  if (installment == NULL)
    return;
  g_free (installment->equipment);
  g_free (installment->currency);
  g_free (installment->payoff_on);
  g_free (installment);
}

static gboolean
read_pending (JsonObject *object, KbSubscriber *subscriber, GError **error)
{
  JsonObject *pending;
  g_autoptr(GDateTime) at = NULL;
  const char *name;

  if (!kb_api_json_get_optional_object (object, "pending_rename", &pending, error))
    return FALSE;
  if (pending == NULL)
    return TRUE;
  if ((name = kb_api_json_get_string (pending, "name", TRUE, error)) == NULL ||
      (at = kb_api_json_get_time (pending, "effective_at", error)) == NULL)
    return FALSE;
  kb_subscriber_set_pending (subscriber, name, at);
  return TRUE;
}

/* Returns: (transfer full): the subscriber (with its services when the
 * object has them), or NULL and a KB_API_ERROR_BAD_RESPONSE. */
static gpointer subscriber_from_json (JsonObject *object, GError **error);

KbSubscriber *
kb_api_json_to_subscriber (JsonNode *root, GError **error)
{
  return kb_api_json_root_read (root, "subscriber", subscriber_from_json, error);
}

static gpointer
subscriber_from_json (JsonObject *object, GError **error)
{
  g_autoptr(KbSubscriber) subscriber = NULL;
  JsonArray *services;
  const char *id, *number, *name, *tariff, *status;
  KbSubscriberStatus status_value;

  if ((id = kb_api_json_get_string (object, "id", TRUE, error)) == NULL ||
      (number = kb_api_json_get_string (object, "number", TRUE, error)) == NULL ||
      (name = kb_api_json_get_string (object, "name", TRUE, error)) == NULL ||
      (tariff = kb_api_json_get_string (object, "tariff", TRUE, error)) == NULL ||
      (status = kb_api_json_get_string (object, "status", TRUE, error)) == NULL)
    return NULL;
  if (!kb_phone_number_is_canonical (number))
    return kb_api_json_bad_response (error, "number");
  status_value = kb_enum_from_nick (KB_TYPE_SUBSCRIBER_STATUS, status,
                                    KB_SUBSCRIBER_STATUS_UNKNOWN);
  if (status_value == KB_SUBSCRIBER_STATUS_UNKNOWN)
    return kb_api_json_bad_response (error, "status");

  subscriber = kb_subscriber_new (id, number, name, tariff, status_value);
  if (!read_pending (object, subscriber, error))
    return NULL;

  if (!kb_api_json_get_optional_array (object, "services", &services, error))
    return NULL;
  if (services != NULL)
    {
      g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
      g_auto(GStrv) strv = NULL;

      for (guint i = 0; i < json_array_get_length (services); i++)
        {
          JsonNode *node = json_array_get_element (services, i);
          const char *service_name;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            return kb_api_json_bad_response (error, "services");
          if ((service_name = kb_api_json_get_string (json_node_get_object (node), "name", TRUE, error)) == NULL)
            return NULL;
          g_strv_builder_add (names, service_name);
        }
      strv = g_strv_builder_end (names);
      kb_subscriber_set_services (subscriber, (const char * const *) strv);
    }
  return g_steal_pointer (&subscriber);
}

static gpointer
to_page (JsonNode *root, GError **error)
{
  g_autoptr(KbApiSubscriberPage) page = g_new0 (KbApiSubscriberPage, 1);
  JsonObject *object;
  JsonArray *array;

  if ((object = kb_api_json_root_object (root, "subscribers", error)) == NULL ||
      (array = kb_api_json_get_array (object, "subscribers", TRUE, error)) == NULL ||
      !kb_api_json_get_int (object, "total", &page->total, error) ||
      !kb_api_json_get_int (object, "offset", &page->offset, error))
    return NULL;
  if (page->total < 0 || page->offset < 0)
    return kb_api_json_bad_response (error, "total");

  page->subscribers = kb_api_json_read_list (array, "subscribers", subscriber_from_json,
                                             &page->skipped, error);
  if (page->subscribers == NULL)
    return NULL;
  return g_steal_pointer (&page);
}

/**
 * kb_api_client_list_subscribers_async:
 * @query: (nullable): part of the number or of the name; NULL for all
 * @limit: at most %KB_API_SUBSCRIBERS_MAX_LIMIT; 0 for the server's default
 */
void
kb_api_client_list_subscribers_async (KbApiClient         *self,
                                      const char          *query,
                                      guint                offset,
                                      guint                limit,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GString) path = g_string_new ("/subscribers?");

  if (query != NULL && *query != '\0')
    {
      g_autofree char *escaped = g_uri_escape_string (query, NULL, FALSE);

      g_string_append_printf (path, "query=%s&", escaped);
    }
  g_string_append_printf (path, "offset=%u", offset);
  if (limit > 0)
    g_string_append_printf (path, "&limit=%u", MIN (limit, KB_API_SUBSCRIBERS_MAX_LIMIT));

  /* A page of 10 000 is read on a worker: reading it on the main thread
   * held a frame for a tenth of a second, ten times over in a first sync. */
  _kb_api_client_get_async (self, path->str, NULL, TRUE, to_page,
                            (GDestroyNotify) kb_api_subscriber_page_free,
                            kb_api_client_list_subscribers_async, cancellable, callback, user_data);
}

KbApiSubscriberPage *
kb_api_client_list_subscribers_finish (KbApiClient *self, GAsyncResult *result, GError **error)
{
  return _kb_api_client_request_finish_value (self, result, NULL, error);
}

void
kb_api_client_get_subscriber_async (KbApiClient         *self,
                                    const char          *subscriber_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autofree char *path = _kb_api_item_path ("/subscribers", subscriber_id, NULL);

  _kb_api_client_get_async (self, path, NULL, FALSE, (KbApiParseFunc) kb_api_json_to_subscriber,
                            g_object_unref, kb_api_client_get_subscriber_async,
                            cancellable, callback, user_data);
}

KbSubscriber *
kb_api_client_get_subscriber_finish (KbApiClient *self, GAsyncResult *result, GError **error)
{
  return _kb_api_client_request_finish_value (self, result, NULL, error);
}

/* What the subscriber's details show of an installment. */
static KbApiInstallment *
api_installment_new (KbInstallment *installment)
{
  KbApiInstallment *copy = g_new0 (KbApiInstallment, 1);

  copy->equipment = g_strdup (kb_installment_get_equipment (installment));
  copy->monthly_minor = kb_installment_get_monthly_payment (installment);
  copy->remaining_minor = kb_installment_get_remaining (installment);
  copy->payments_left = kb_installment_get_payments_left (installment);
  copy->currency = g_strdup (kb_installment_get_currency (installment));
  copy->payoff_on = g_strdup (kb_installment_get_payoff_on (installment));
  return copy;
}

/* The client's installments, read as Installments reads them, and kept
 * for one subscriber only: the contract has no route for those of one. */
static void
on_installments_ready (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  const char *subscriber_id = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) installments = NULL;
  g_autoptr(GPtrArray) mine = NULL;

  installments = kb_api_client_list_installments_finish (KB_API_CLIENT (source), result, NULL,
                                                         &error);
  if (installments == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  mine = g_ptr_array_new_with_free_func ((GDestroyNotify) kb_api_installment_free);
  for (guint i = 0; i < installments->len; i++)
    if (g_str_equal (kb_installment_get_subscriber_id (installments->pdata[i]), subscriber_id))
      g_ptr_array_add (mine, api_installment_new (installments->pdata[i]));
  g_task_return_pointer (task, g_steal_pointer (&mine), (GDestroyNotify) g_ptr_array_unref);
}

void
kb_api_client_list_subscriber_installments_async (KbApiClient         *self,
                                                  const char          *subscriber_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, kb_api_client_list_subscriber_installments_async);
  g_task_set_task_data (task, g_strdup (subscriber_id), g_free);
  kb_api_client_list_installments_async (self, NULL, cancellable, on_installments_ready,
                                         g_steal_pointer (&task));
}

/* Returns: (transfer container): KbApiInstallment of the subscriber, maybe none. */
GPtrArray *
kb_api_client_list_subscriber_installments_finish (KbApiClient *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
