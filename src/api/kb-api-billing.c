/* kb-api-billing.c — the billing operations of the contract: payments, invoices, installments,
 * and the invoice delivery of the client's account.
 *
 * Every operation goes through _kb_api_client_request_async(), so the token,
 * retries, time-outs and error codes are those of every other request. The
 * readers are strict: a member of the wrong type is a bad response naming it.
 */
#include "config.h"

#include "kb-api-billing.h"

#include <string.h>

#include "kb-api-client-private.h"
#include "kb-api-json.h"

void
kb_api_payment_list_free (KbApiPaymentList *list)
{
  if (list == NULL)
    return;
  g_clear_pointer (&list->payments, g_ptr_array_unref);
  g_free (list->from);
  g_free (list->to);
  g_free (list);
}

void
kb_api_invoice_list_free (KbApiInvoiceList *list)
{
  if (list == NULL)
    return;
  g_clear_pointer (&list->invoices, g_ptr_array_unref);
  g_free (list->reopens_on);
  g_free (list);
}

static KbPayment *
payment_from_json (JsonObject *object, GError **error)
{
  KbPaymentFields fields = { 0 };
  const char *status;

  if ((fields.id = kb_api_json_get_string (object, "id", TRUE, error)) == NULL ||
      (fields.date_iso = kb_api_json_get_date (object, "date", error)) == NULL ||
      !kb_api_json_get_money (object, "amount", &fields.amount_minor, &fields.currency, error) ||
      (fields.order_number = kb_api_json_get_string (object, "order_number", TRUE,
                                                     error)) == NULL ||
      (fields.purpose = kb_api_json_get_string (object, "purpose", TRUE, error)) == NULL ||
      (status = kb_api_json_get_string (object, "status", TRUE, error)) == NULL ||
      (fields.created_at_iso = kb_api_json_get_string (object, "created_at", TRUE, error)) == NULL)
    return NULL;
  fields.status = kb_enum_from_nick (KB_TYPE_PAYMENT_STATUS, status, KB_PAYMENT_STATUS_UNKNOWN);
  return kb_payment_new (&fields);
}

static gpointer
parse_payment (JsonNode *root, GError **error)
{
  return kb_api_json_root_read (root, "not an object", (KbApiJsonReadFunc) payment_from_json,
                                error);
}

static gpointer
parse_payment_list (JsonNode *root, GError **error)
{
  JsonObject *object = kb_api_json_root_object (root, "not an object", error);
  g_autoptr(KbApiPaymentList) list = NULL;
  JsonArray *array;
  const char *from, *to, *currency;

  if (object == NULL)
    return NULL;

  list = g_new0 (KbApiPaymentList, 1);
  if ((from = kb_api_json_get_date (object, "from", error)) == NULL ||
      (to = kb_api_json_get_date (object, "to", error)) == NULL ||
      !kb_api_json_get_money (object, "total", &list->total, &currency, error) ||
      (array = kb_api_json_get_array (object, "payments", TRUE, error)) == NULL)
    return NULL;
  list->from = g_strdup (from);
  list->to = g_strdup (to);
  list->payments = kb_api_json_read_list (array, "payments", (KbApiJsonReadFunc) payment_from_json,
                                          NULL, error);
  if (list->payments == NULL)
    return NULL;
  return g_steal_pointer (&list);
}

/* Finished with kb_api_client_list_finish(): a KbApiPaymentList, the
 * payments of the period and the server's total. */
void
kb_api_client_list_payments_async (KbApiClient         *self,
                                   const char          *from,
                                   const char          *to,
                                   const char          *etag,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (from != NULL && to != NULL);

  /* Dates are digits and dashes: nothing to escape. */
  path = g_strdup_printf ("/payments?from=%s&to=%s", from, to);
  _kb_api_client_get_async (self, path, etag, FALSE, parse_payment_list,
                            (GDestroyNotify) kb_api_payment_list_free,
                            kb_api_client_list_payments_async, cancellable, callback, user_data);
}

/**
 * kb_api_client_register_payment_async:
 * @payment: what the user paid: its date, amount, order number and purpose
 *   are sent (its id and status are the server's to give)
 * @idempotency_key: made once when the user submits the form, and sent again
 *   unchanged with every retry of the same payment, so it is registered once
 *
 * Registers a payment the operator has not received yet.
 */
void
kb_api_client_register_payment_async (KbApiClient         *self,
                                      KbPayment           *payment,
                                      const char          *idempotency_key,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(JsonNode) body = kb_api_json_body_new ("date", kb_payment_get_date_iso (payment),
                                                   "order_number",
                                                   kb_payment_get_order_number (payment),
                                                   "purpose", kb_payment_get_purpose (payment),
                                                   NULL);
  KbApiRequest request = {
    .method = "POST",
    .path = "/payments/unconfirmed",
    .body = body,
    .idempotency_key = idempotency_key,
    .authenticated = TRUE,
    .parse = parse_payment,
    .value_free = g_object_unref,
  };

  json_object_set_int_member (json_node_get_object (body), "amount_minor",
                              kb_payment_get_amount (payment));

  _kb_api_client_request_async (self, &request, kb_api_client_register_payment_async,
                                cancellable, callback, user_data);
}

/* Returns: (transfer full): the registered payment, as the server keeps it. */
KbPayment *
kb_api_client_register_payment_finish (KbApiClient *self, GAsyncResult *result, GError **error)
{
  return _kb_api_client_request_finish_value (self, result, NULL, error);
}

static KbInvoice *
invoice_from_json (JsonObject *object, GError **error)
{
  KbInvoiceFields fields = { 0 };
  const char *status;

  if ((fields.id = kb_api_json_get_string (object, "id", TRUE, error)) == NULL ||
      (fields.number = kb_api_json_get_string (object, "number", TRUE, error)) == NULL ||
      (fields.period = kb_api_json_get_string (object, "period", TRUE, error)) == NULL ||
      (fields.issued_on = kb_api_json_get_date (object, "issued_on", error)) == NULL ||
      (fields.due_on = kb_api_json_get_date (object, "due_on", error)) == NULL ||
      !kb_api_json_get_money (object, "amount", &fields.amount_minor, &fields.currency, error) ||
      (status = kb_api_json_get_string (object, "status", TRUE, error)) == NULL ||
      (fields.document_url = kb_api_json_get_string (object, "document_url", TRUE, error)) == NULL)
    return NULL;
  if (strlen (fields.period) != 7 || fields.period[4] != '-')
    return kb_api_json_bad_response (error, "period");
  fields.status = kb_enum_from_nick (KB_TYPE_INVOICE_STATUS, status, KB_INVOICE_STATUS_UNKNOWN);
  return kb_invoice_new (&fields);
}

static gpointer
parse_invoice_list (JsonNode *root, GError **error)
{
  JsonObject *object = kb_api_json_root_object (root, "not an object", error);
  g_autoptr(KbApiInvoiceList) list = NULL;
  JsonObject *ordering;
  JsonArray *array;

  if (object == NULL)
    return NULL;

  list = g_new0 (KbApiInvoiceList, 1);
  if ((array = kb_api_json_get_array (object, "invoices", TRUE, error)) == NULL ||
      (ordering = kb_api_json_get_object (object, "ordering", TRUE, error)) == NULL ||
      !kb_api_json_get_boolean (ordering, "open", &list->ordering_open, error))
    return NULL;
  if (!list->ordering_open)
    {
      const char *reopens = kb_api_json_get_date (ordering, "reopens_on", error);

      if (reopens == NULL)
        return NULL;
      list->reopens_on = g_strdup (reopens);
    }
  list->invoices = kb_api_json_read_list (array, "invoices", (KbApiJsonReadFunc) invoice_from_json,
                                          NULL, error);
  if (list->invoices == NULL)
    return NULL;
  return g_steal_pointer (&list);
}

/* Finished with kb_api_client_list_finish(): a KbApiInvoiceList, the
 * invoices and whether ordering is open today by the server's calendar. */
void
kb_api_client_list_invoices_async (KbApiClient         *self,
                                   const char          *etag,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  _kb_api_client_get_async (self, "/invoices", etag, FALSE, parse_invoice_list,
                            (GDestroyNotify) kb_api_invoice_list_free,
                            kb_api_client_list_invoices_async, cancellable, callback, user_data);
}

static gboolean
is_plain_id (const char *id)
{
  if (id == NULL || *id == '\0')
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

void
kb_api_client_email_invoice_async (KbApiClient         *self,
                                   const char          *invoice_id,
                                   const char          *email,
                                   KbInvoiceFormat      format,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(JsonNode) body = kb_api_json_body_new ("email", email,
                                                   "format", kb_enum_to_nick (KB_TYPE_INVOICE_FORMAT, format),
                                                   NULL);
  g_autofree char *path = NULL;
  KbApiRequest request = {
    .method = "POST",
    .body = body,
    .authenticated = TRUE,
  };

  g_return_if_fail (is_plain_id (invoice_id));

  path = _kb_api_item_path ("/invoices", invoice_id, "/email");
  request.path = path;

  _kb_api_client_request_async (self, &request, kb_api_client_email_invoice_async,
                                cancellable, callback, user_data);
}

/* Returns: %TRUE when the server queued the invoice for sending;
 * KB_API_ERROR_INVOICE_PERIOD_CLOSED on the 1st–3rd of a month. */
gboolean
kb_api_client_email_invoice_finish (KbApiClient *self, GAsyncResult *result, GError **error)
{
  g_autoptr(KbApiResponse) response = _kb_api_client_request_finish (self, result, error);

  return response != NULL;
}

/* The document's link is relative to the server's origin and, with this
 * contract, under /api/v1, which the request path adds itself; the format
 * is asked for in the query. A link that has a query of its own is not
 * trusted, and the contract's path is used instead. */
static char *
document_path (KbInvoice *invoice, KbInvoiceFormat format)
{
  const char *url = kb_invoice_get_document_url (invoice);
  const char *nick = kb_enum_to_nick (KB_TYPE_INVOICE_FORMAT, format);
  g_autofree char *path = NULL;

  if (url != NULL && g_str_has_prefix (url, "/api/v1/") && strstr (url, "..") == NULL &&
      strchr (url, '?') == NULL && strchr (url, '#') == NULL)
    path = g_strdup (url + strlen ("/api/v1"));
  else
    path = _kb_api_item_path ("/invoices", kb_invoice_get_id (invoice), "/document");
  return g_strdup_printf ("%s?format=%s", path, nick);
}

void
kb_api_client_get_invoice_document_async (KbApiClient         *self,
                                          KbInvoice           *invoice,
                                          KbInvoiceFormat      format,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autofree char *path = NULL;
  KbApiRequest request = {
    .method = "GET",
    .authenticated = TRUE,
    .raw = TRUE,
  };

  g_return_if_fail (KB_IS_INVOICE (invoice));
  g_return_if_fail (kb_enum_to_nick (KB_TYPE_INVOICE_FORMAT, format) != NULL);

  path = document_path (invoice, format);
  request.path = path;
  _kb_api_client_request_async (self, &request, kb_api_client_get_invoice_document_async,
                                cancellable, callback, user_data);
}

/* Returns: (transfer full): the document, in the format asked for. */
GBytes *
kb_api_client_get_invoice_document_finish (KbApiClient *self, GAsyncResult *result, GError **error)
{
  return _kb_api_client_request_finish_value (self, result, NULL, error);
}

static KbInstallment *
installment_from_json (JsonObject *object, GError **error)
{
  KbInstallmentFields fields = { 0 };
  gint64 left;

  if ((fields.id = kb_api_json_get_string (object, "id", TRUE, error)) == NULL ||
      (fields.subscriber_id = kb_api_json_get_string (object, "subscriber_id", TRUE,
                                                      error)) == NULL ||
      (fields.number = kb_api_json_get_string (object, "number", TRUE, error)) == NULL ||
      (fields.equipment = kb_api_json_get_string (object, "equipment", TRUE, error)) == NULL ||
      !kb_api_json_get_money (object, "total", &fields.total_minor, &fields.currency, error) ||
      !kb_api_json_get_money (object, "monthly_payment", &fields.monthly_minor, &fields.currency,
                              error) ||
      !kb_api_json_get_money (object, "remaining", &fields.remaining_minor, &fields.currency,
                              error) ||
      !kb_api_json_get_int (object, "payments_left", &left, error) ||
      (fields.next_payment_on = kb_api_json_get_date (object, "next_payment_on", error)) == NULL ||
      (fields.payoff_on = kb_api_json_get_date (object, "payoff_on", error)) == NULL)
    return NULL;
  if (left < 0 || left > G_MAXINT)
    return kb_api_json_bad_response (error, "payments_left");
  fields.payments_left = (guint) left;
  return kb_installment_new (&fields);
}

static gpointer
parse_installments (JsonNode *root, GError **error)
{
  return kb_api_json_root_list (root, "installments", (KbApiJsonReadFunc) installment_from_json,
                                error);
}

void
kb_api_client_list_installments_async (KbApiClient         *self,
                                       const char          *etag,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  _kb_api_client_get_async (self, "/installments", etag, FALSE, parse_installments,
                            (GDestroyNotify) g_ptr_array_unref,
                            kb_api_client_list_installments_async,
                            cancellable, callback, user_data);
}

/* Returns: (transfer full) (element-type KbInstallment): the installments. */
GPtrArray *
kb_api_client_list_installments_finish (KbApiClient   *self,
                                        GAsyncResult  *result,
                                        char         **etag,
                                        GError       **error)
{
  return _kb_api_client_request_finish_value (self, result, etag, error);
}

void
kb_api_client_set_invoice_delivery_async (KbApiClient         *self,
                                          KbDeliveryMethod     method,
                                          const char          *address,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  const char *nick = kb_enum_to_nick (KB_TYPE_DELIVERY_METHOD, method);
  /* Pickup has no address to send. */
  const char *sent_address = method != KB_DELIVERY_METHOD_PICKUP ? address : NULL;
  g_autoptr(JsonNode) body = kb_api_json_body_new ("method", nick, "address", sent_address, NULL);
  KbApiRequest request = {
    .method = "PUT",
    .path = "/client/invoice-delivery",
    .body = body,
    .authenticated = TRUE,
    .parse = (KbApiParseFunc) kb_api_json_to_client_profile,
    .value_free = g_object_unref,
  };

  _kb_api_client_request_async (self, &request, kb_api_client_set_invoice_delivery_async,
                                cancellable, callback, user_data);
}

/* Returns: (transfer full): the account after the change, as the server
 * answered it. */
KbClientProfile *
kb_api_client_set_invoice_delivery_finish (KbApiClient   *self,
                                           GAsyncResult  *result,
                                           char         **etag,
                                           GError       **error)
{
  return _kb_api_client_request_finish_value (self, result, etag, error);
}
