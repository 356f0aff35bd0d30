/* kb-sync-billing.c — payments, invoices, installments and invoice delivery: cache first,
 * then the server.
 *
 * The same path as the profile's (kb-sync.c): a page shows what
 * kb_sync_load_*() reads from the cache at once, asks for a refresh, and
 * reads the cache again when it is done; the refresh sends the list's ETag,
 * writes the answer in one transaction and counts the outcome towards
 * KbSync:online and KbSync::unauthorized. Changes (a registered payment, a
 * new delivery address) go to the server first and are cached as the
 * server answered them.
 */
#include "config.h"

#include "kb-sync-billing.h"

#include "kb-sync-private.h"

static void
warn_store (const char *what, const GError *error)
{
  g_warning ("Could not cache the %s: %s", what, error->message);
}

/* What a load from the cache gives when the cache cannot be read: a warning
 * and an empty list, so that a page still shows something. */
static GPtrArray *
loaded_or_empty (GPtrArray *items, const char *what, const GError *error)
{
  if (items != NULL)
    return items;
  g_warning ("Could not read the cached %s: %s", what, error->message);
  return g_ptr_array_new_with_free_func (g_object_unref);
}

/* Returns: (transfer full) (element-type KbPayment): the cached payments of
 * the period, newest first. */
GPtrArray *
kb_sync_load_payments (KbSync *self, GDate *from, GDate *to)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *from_iso = kb_date_to_iso (from);
  g_autofree char *to_iso = kb_date_to_iso (to);
  GPtrArray *payments;

  g_return_val_if_fail (KB_IS_SYNC (self), NULL);

  payments = kb_store_load_payments (kb_sync_get_store (self), from_iso, to_iso, &error);
  return loaded_or_empty (payments, "payments", error);
}

/**
 * kb_sync_load_invoices:
 * @ordering_known: (out): whether the server ever said if ordering is open
 * @ordering_open: (out): what it said
 * @reopens_on: (out) (transfer full) (nullable): when ordering reopens, YYYY-MM-DD
 *
 * Returns: (transfer full) (element-type KbInvoice): the cached invoices.
 */
GPtrArray *
kb_sync_load_invoices (KbSync *self, gboolean *ordering_known, gboolean *ordering_open,
                       char **reopens_on)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *invoices;

  g_return_val_if_fail (KB_IS_SYNC (self), NULL);

  *ordering_open = TRUE;
  *reopens_on = NULL;
  *ordering_known = kb_store_get_billing_state (kb_sync_get_store (self), KB_STORE_INVOICES, NULL,
                                                NULL, ordering_open, reopens_on);
  invoices = kb_store_load_invoices (kb_sync_get_store (self), &error);
  return loaded_or_empty (invoices, "invoices", error);
}

/* Returns: (transfer full) (element-type KbInstallment): the cached installments. */
GPtrArray *
kb_sync_load_installments (KbSync *self)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *items;

  g_return_val_if_fail (KB_IS_SYNC (self), NULL);

  items = kb_store_load_installments (kb_sync_get_store (self), &error);
  return loaded_or_empty (items, "installments", error);
}

/* Returns: (transfer full) (nullable): when the server last confirmed a
 * list (KB_STORE_PAYMENTS…), or %NULL if it never sent it. */
GDateTime *
kb_sync_dup_fetched_at (KbSync *self, const char *resource)
{
  GDateTime *fetched_at = NULL;

  g_return_val_if_fail (KB_IS_SYNC (self), NULL);

  if (!kb_store_get_billing_state (kb_sync_get_store (self), resource, NULL, &fetched_at, NULL, NULL))
    return NULL;
  return fetched_at;
}

static char *
dup_etag (KbSync *self, const char *resource)
{
  char *etag = NULL;

  kb_store_get_billing_state (kb_sync_get_store (self), resource, &etag, NULL, NULL, NULL);
  return etag;
}

/* One of the lists a refresh fetches and caches. The three refreshes differ
 * only in the request they send and in how the answer is written; the rest
 * of the way is refresh_list_ready(). */
typedef struct {
  const char *resource;   /* its billing state's key, KB_STORE_…, which names it in warnings */
  /* Writes the answer (and its ETag) to the cache. */
  gboolean (*save)   (KbStore       *store,
                      gpointer       answer,
                      const char    *etag,
                      GDateTime     *now,
                      GError       **error);
  GDestroyNotify free;
  /* Asks for the list, conditionally on @etag; NULL where the caller sends
   * the request itself. */
  void     (*send)   (KbApiClient         *api,
                      const char          *etag,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data);
} RefreshList;

static void
refresh_list_ready (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  KbSync *self = g_task_get_source_object (task);
  const RefreshList *list = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) store_error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *etag = NULL;
  gpointer answer;

  answer = kb_api_client_list_finish (KB_API_CLIENT (source), result, &etag, &error);
  if (!_kb_sync_refresh_check (task, list->resource, NULL, &error))
    return;

  if (!list->save (kb_sync_get_store (self), answer, etag, now, &store_error))
    warn_store (list->resource, store_error);
  list->free (answer);
  g_task_return_boolean (task, TRUE);
}

/* Refreshes a list the server tags as a whole, sending the cached ETag. */
static void
refresh_tagged_list (KbSync              *self,
                     const RefreshList   *list,
                     gpointer             source_tag,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *etag = NULL;

  g_return_if_fail (KB_IS_SYNC (self));

  /* refresh_list_ready() reads the list from the task. */
  task = _kb_sync_task_new (self, source_tag, cancellable, callback, user_data);
  g_task_set_task_data (task, (gpointer) list, NULL);
  etag = dup_etag (self, list->resource);
  list->send (kb_sync_get_api (self), etag, cancellable, refresh_list_ready,
              g_steal_pointer (&task));
}

static gboolean
payments_save (KbStore *store, gpointer answer, const char *etag, GDateTime *now, GError **error)
{
  KbApiPaymentList *list = answer;

  return kb_store_save_payments (store, list->from, list->to, list->payments, etag, now, error);
}

static const RefreshList payments_list = {
  .resource = KB_STORE_PAYMENTS,
  .save = payments_save,
  .free = (GDestroyNotify) kb_api_payment_list_free,
};

/**
 * kb_sync_refresh_payments_async:
 *
 * Fetches the payments dated @from to @to (inclusive) and replaces the
 * cached ones of that period. Read them with kb_sync_load_payments().
 */
void
kb_sync_refresh_payments_async (KbSync              *self,
                                GDate               *from,
                                GDate               *to,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *from_iso = kb_date_to_iso (from);
  g_autofree char *to_iso = kb_date_to_iso (to);

  g_return_if_fail (KB_IS_SYNC (self));

  task = _kb_sync_task_new (self, kb_sync_refresh_payments_async, cancellable, callback, user_data);
  g_task_set_task_data (task, (gpointer) &payments_list, NULL);
  /* The list's tag is only worth sending for one and the same period, and
   * the server keys it by the period itself; none is sent here so that a
   * new period is never answered with an empty 304. */
  kb_api_client_list_payments_async (kb_sync_get_api (self), from_iso, to_iso, NULL,
                                     cancellable, refresh_list_ready, g_steal_pointer (&task));
}

gboolean
kb_sync_refresh_payments_finish (KbSync *self, GAsyncResult *result, GError **error)
{
  return _kb_sync_finish_boolean (self, result, error);
}

static gboolean
invoices_save (KbStore *store, gpointer answer, const char *etag, GDateTime *now, GError **error)
{
  KbApiInvoiceList *list = answer;

  return kb_store_save_invoices (store, list->invoices, list->ordering_open, list->reopens_on,
                                 etag, now, error);
}

static const RefreshList invoices_list = {
  .resource = KB_STORE_INVOICES,
  .save = invoices_save,
  .free = (GDestroyNotify) kb_api_invoice_list_free,
  .send = kb_api_client_list_invoices_async,
};

/* Fetches the invoices, sending the cached ETag, and replaces the cached
 * ones. Read them with kb_sync_load_invoices(). */
void
kb_sync_refresh_invoices_async (KbSync              *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  refresh_tagged_list (self, &invoices_list, kb_sync_refresh_invoices_async, cancellable, callback,
                       user_data);
}

gboolean
kb_sync_refresh_invoices_finish (KbSync *self, GAsyncResult *result, GError **error)
{
  return _kb_sync_finish_boolean (self, result, error);
}

static gboolean
installments_save (KbStore *store, gpointer answer, const char *etag, GDateTime *now, GError **error)
{
  return kb_store_save_installments (store, answer, etag, now, error);
}

static const RefreshList installments_list = {
  .resource = KB_STORE_INSTALLMENTS,
  .save = installments_save,
  .free = (GDestroyNotify) g_ptr_array_unref,
  .send = kb_api_client_list_installments_async,
};

/* Fetches the installments, sending the cached ETag, and replaces the
 * cached ones. Read them with kb_sync_load_installments(). */
void
kb_sync_refresh_installments_async (KbSync              *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  refresh_tagged_list (self, &installments_list, kb_sync_refresh_installments_async, cancellable,
                       callback, user_data);
}

gboolean
kb_sync_refresh_installments_finish (KbSync *self, GAsyncResult *result, GError **error)
{
  return _kb_sync_finish_boolean (self, result, error);
}

static void
on_register_ready (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  KbSync *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) store_error = NULL;
  g_autoptr(KbPayment) payment = NULL;

  payment = kb_api_client_register_payment_finish (KB_API_CLIENT (source), result, &error);
  if (!_kb_sync_task_check (task, &error))
    return;
  if (!kb_store_add_payment (kb_sync_get_store (self), payment, &store_error))
    warn_store ("payment", store_error);
  g_task_return_pointer (task, g_steal_pointer (&payment), g_object_unref);
}

/**
 * kb_sync_register_payment_async:
 * @idempotency_key: one key per payment the user means, the same on every
 *   retry of it, so that the server registers it once
 *
 * Registers an unconfirmed payment and caches it as the server answered.
 */
void
kb_sync_register_payment_async (KbSync              *self,
                                GDate               *date,
                                gint64               amount_minor,
                                const char          *order_number,
                                const char          *purpose,
                                const char          *idempotency_key,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *iso = kb_date_to_iso (date);
  g_autoptr(KbPayment) draft = NULL;

  g_return_if_fail (KB_IS_SYNC (self));
  g_return_if_fail (idempotency_key != NULL);

  draft = kb_payment_new (&(KbPaymentFields) {
    .date_iso = iso,
    .amount_minor = amount_minor,
    .order_number = order_number,
    .purpose = purpose,
    .status = KB_PAYMENT_STATUS_UNCONFIRMED,
  });
  task = _kb_sync_task_new (self, kb_sync_register_payment_async, cancellable, callback, user_data);
  kb_api_client_register_payment_async (kb_sync_get_api (self), draft, idempotency_key,
                                        cancellable, on_register_ready, g_steal_pointer (&task));
}

/* Returns: (transfer full): the registered payment. */
KbPayment *
kb_sync_register_payment_finish (KbSync *self, GAsyncResult *result, GError **error)
{
  return _kb_sync_finish_pointer (self, result, error);
}

static void
on_email_ready (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  kb_api_client_email_invoice_finish (KB_API_CLIENT (source), result, &error);
  if (!_kb_sync_task_check (task, &error))
    return;
  g_task_return_boolean (task, TRUE);
}

void
kb_sync_email_invoice_async (KbSync              *self,
                             KbInvoice           *invoice,
                             const char          *email,
                             KbInvoiceFormat      format,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KB_IS_SYNC (self));
  g_return_if_fail (KB_IS_INVOICE (invoice));

  task = _kb_sync_task_new (self, kb_sync_email_invoice_async, cancellable, callback, user_data);
  kb_api_client_email_invoice_async (kb_sync_get_api (self), kb_invoice_get_id (invoice), email,
                                     format, cancellable, on_email_ready, g_steal_pointer (&task));
}

gboolean
kb_sync_email_invoice_finish (KbSync *self, GAsyncResult *result, GError **error)
{
  return _kb_sync_finish_boolean (self, result, error);
}

static void
on_document_ready (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  bytes = kb_api_client_get_invoice_document_finish (KB_API_CLIENT (source), result, &error);
  if (!_kb_sync_task_check (task, &error))
    return;
  g_task_return_pointer (task, g_steal_pointer (&bytes), (GDestroyNotify) g_bytes_unref);
}

void
kb_sync_download_invoice_async (KbSync              *self,
                                KbInvoice           *invoice,
                                KbInvoiceFormat      format,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KB_IS_SYNC (self));
  g_return_if_fail (KB_IS_INVOICE (invoice));

  task = _kb_sync_task_new (self, kb_sync_download_invoice_async, cancellable, callback, user_data);
  kb_api_client_get_invoice_document_async (kb_sync_get_api (self), invoice, format, cancellable,
                                            on_document_ready, g_steal_pointer (&task));
}

/* Returns: (transfer full): the invoice's document. */
GBytes *
kb_sync_download_invoice_finish (KbSync *self, GAsyncResult *result, GError **error)
{
  return _kb_sync_finish_pointer (self, result, error);
}

static void
on_delivery_ready (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  KbSync *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(KbClientProfile) profile = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *etag = NULL;

  profile = kb_api_client_set_invoice_delivery_finish (KB_API_CLIENT (source), result, &etag, &error);
  if (!_kb_sync_task_check (task, &error))
    return;
  _kb_sync_set_client (self, profile, etag, now);
  g_task_return_pointer (task, g_steal_pointer (&profile), g_object_unref);
}

/* Changes how invoices are delivered; KbSync:client becomes the account as
 * the server answered. */
void
kb_sync_set_invoice_delivery_async (KbSync              *self,
                                    KbDeliveryMethod     method,
                                    const char          *address,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KB_IS_SYNC (self));

  task = _kb_sync_task_new (self, kb_sync_set_invoice_delivery_async,
                            cancellable, callback, user_data);
  kb_api_client_set_invoice_delivery_async (kb_sync_get_api (self), method, address, cancellable,
                                            on_delivery_ready, g_steal_pointer (&task));
}

/* Returns: (transfer full): the account after the change. */
KbClientProfile *
kb_sync_set_invoice_delivery_finish (KbSync *self, GAsyncResult *result, GError **error)
{
  return _kb_sync_finish_pointer (self, result, error);
}
