/* kb-store-billing.c — the cached payments, invoices and installments of the account.
 *
 * Each save is one transaction: a refreshed list replaces what was cached
 * for it (for payments, only the refreshed period), together with the list's
 * ETag and the time the server confirmed it, so a crash never leaves half a
 * list. Reads are short queries on the UI thread (DESIGN §2 allows a few ms).
 */
#include "config.h"

#include "kb-store-billing.h"

#include "kb-store-private.h"

typedef sqlite3_stmt KbBillingStatement;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KbBillingStatement, sqlite3_finalize)

static gboolean
sql_error (KbStore *self, GError **error, const char *what)
{
  g_set_error (error, KB_STORE_ERROR, KB_STORE_ERROR_SQL, "%s: %s", what,
               sqlite3_errmsg (_kb_store_get_db (self)));
  return FALSE;
}

static gboolean
exec (KbStore *self, const char *sql, GError **error)
{
  char *message = NULL;

  if (sqlite3_exec (_kb_store_get_db (self), sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, KB_STORE_ERROR, KB_STORE_ERROR_SQL, "%s", message);
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

static sqlite3_stmt *
prepare (KbStore *self, const char *sql, GError **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (_kb_store_get_db (self), sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      sql_error (self, error, "prepare");
      return NULL;
    }
  return stmt;
}

static void
bind_text (sqlite3_stmt *stmt, int index, const char *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

static const char *
column_text (sqlite3_stmt *stmt, int column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

static gboolean
step_done (KbStore *self, sqlite3_stmt *stmt, GError **error)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return sql_error (self, error, "step");
  return TRUE;
}

static gboolean
begin (KbStore *self, GError **error)
{
  return exec (self, "BEGIN IMMEDIATE;", error);
}

static gboolean
finish (KbStore *self, gboolean ok, GError **error)
{
  if (!ok)
    {
      exec (self, "ROLLBACK;", NULL);
      return FALSE;
    }
  return exec (self, "COMMIT;", error);
}

static gboolean
write_state (KbStore *self, const char *resource, const char *etag, GDateTime *fetched_at,
             int ordering_open, const char *reopens_on, GError **error)
{
  g_autoptr(KbBillingStatement) stmt = NULL;
  g_autofree char *when = g_date_time_format_iso8601 (fetched_at);

  stmt = prepare (self, "INSERT OR REPLACE INTO billing_state (resource, etag, fetched_at,"
                  " ordering_open, reopens_on) VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, resource);
  bind_text (stmt, 2, etag);
  bind_text (stmt, 3, when);
  if (ordering_open < 0)
    sqlite3_bind_null (stmt, 4);
  else
    sqlite3_bind_int (stmt, 4, ordering_open);
  bind_text (stmt, 5, reopens_on);
  return step_done (self, stmt, error);
}

static gboolean
insert_payment (KbStore *self, sqlite3_stmt *stmt, KbPayment *payment, GError **error)
{
  sqlite3_reset (stmt);
  bind_text (stmt, 1, kb_payment_get_id (payment));
  bind_text (stmt, 2, kb_payment_get_date_iso (payment));
  sqlite3_bind_int64 (stmt, 3, kb_payment_get_amount (payment));
  bind_text (stmt, 4, kb_payment_get_currency (payment));
  bind_text (stmt, 5, kb_payment_get_order_number (payment));
  bind_text (stmt, 6, kb_payment_get_purpose (payment));
  bind_text (stmt, 7, kb_enum_to_nick (KB_TYPE_PAYMENT_STATUS, kb_payment_get_status (payment)));
  bind_text (stmt, 8, kb_payment_get_created_at_iso (payment));
  return step_done (self, stmt, error);
}

#define INSERT_PAYMENT \
  "INSERT OR REPLACE INTO payment (id, date, amount_minor, currency, order_number, purpose," \
  " status, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"

static gboolean
write_payments (KbStore *self, const char *from, const char *to, GPtrArray *payments,
                GError **error)
{
  g_autoptr(KbBillingStatement) stmt = prepare (self, "DELETE FROM payment WHERE date BETWEEN ?1 AND ?2", error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, from);
  bind_text (stmt, 2, to);
  if (!step_done (self, stmt, error))
    return FALSE;

  g_clear_pointer (&stmt, sqlite3_finalize);
  stmt = prepare (self, INSERT_PAYMENT, error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < payments->len; i++)
    if (!insert_payment (self, stmt, g_ptr_array_index (payments, i), error))
      return FALSE;
  return TRUE;
}

/**
 * kb_store_save_payments:
 * @from: the first day of the period the server answered for (YYYY-MM-DD)
 * @to: its last day
 * @payments: (element-type KbPayment): every payment of that period
 *
 * Replaces the cached payments dated within the period by @payments.
 */
gboolean
kb_store_save_payments (KbStore     *self,
                        const char  *from,
                        const char  *to,
                        GPtrArray   *payments,
                        const char  *etag,
                        GDateTime   *fetched_at,
                        GError     **error)
{
  g_return_val_if_fail (KB_IS_STORE (self), FALSE);
  g_return_val_if_fail (from != NULL && to != NULL && payments != NULL && fetched_at != NULL, FALSE);

  if (!begin (self, error))
    return FALSE;
  return finish (self,
                 write_payments (self, from, to, payments, error) &&
                 write_state (self, KB_STORE_PAYMENTS, etag, fetched_at, -1, NULL, error),
                 error);
}

/* Adds (or replaces) one payment, such as one the user just registered. */
gboolean
kb_store_add_payment (KbStore *self, KbPayment *payment, GError **error)
{
  g_autoptr(KbBillingStatement) stmt = NULL;

  g_return_val_if_fail (KB_IS_STORE (self), FALSE);
  g_return_val_if_fail (KB_IS_PAYMENT (payment), FALSE);

  stmt = prepare (self, INSERT_PAYMENT, error);
  return stmt != NULL && insert_payment (self, stmt, payment, error);
}

/* Returns: (transfer full) (element-type KbPayment): the cached payments
 * dated @from to @to (inclusive), newest first; empty when none. */
GPtrArray *
kb_store_load_payments (KbStore *self, const char *from, const char *to, GError **error)
{
  g_autoptr(KbBillingStatement) stmt = NULL;
  g_autoptr(GPtrArray) payments = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  g_return_val_if_fail (KB_IS_STORE (self), NULL);

  stmt = prepare (self, "SELECT id, date, amount_minor, currency, order_number, purpose, status,"
                  " created_at FROM payment WHERE date BETWEEN ?1 AND ?2"
                  " ORDER BY date DESC, CAST (id AS INTEGER) DESC", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, from);
  bind_text (stmt, 2, to);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (payments,
                     kb_payment_new (column_text (stmt, 0), column_text (stmt, 1),
                                     sqlite3_column_int64 (stmt, 2), column_text (stmt, 3),
                                     column_text (stmt, 4), column_text (stmt, 5),
                                     kb_enum_from_nick (KB_TYPE_PAYMENT_STATUS,
                                                        column_text (stmt, 6),
                                                        KB_PAYMENT_STATUS_UNKNOWN),
                                     column_text (stmt, 7)));
  if (rc != SQLITE_DONE)
    {
      sql_error (self, error, "load payments");
      return NULL;
    }
  return g_steal_pointer (&payments);
}

static gboolean
write_invoices (KbStore *self, GPtrArray *invoices, GError **error)
{
  g_autoptr(KbBillingStatement) stmt = NULL;

  if (!exec (self, "DELETE FROM invoice;", error))
    return FALSE;
  stmt = prepare (self, "INSERT INTO invoice (id, position, number, period, issued_on, due_on,"
                  " amount_minor, currency, status, document_url)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < invoices->len; i++)
    {
      KbInvoice *invoice = g_ptr_array_index (invoices, i);

      sqlite3_reset (stmt);
      bind_text (stmt, 1, kb_invoice_get_id (invoice));
      sqlite3_bind_int (stmt, 2, (int) i);
      bind_text (stmt, 3, kb_invoice_get_number (invoice));
      bind_text (stmt, 4, kb_invoice_get_period (invoice));
      bind_text (stmt, 5, kb_invoice_get_issued_on (invoice));
      bind_text (stmt, 6, kb_invoice_get_due_on (invoice));
      sqlite3_bind_int64 (stmt, 7, kb_invoice_get_amount (invoice));
      bind_text (stmt, 8, kb_invoice_get_currency (invoice));
      bind_text (stmt, 9,
                 kb_enum_to_nick (KB_TYPE_INVOICE_STATUS, kb_invoice_get_status (invoice)));
      bind_text (stmt, 10, kb_invoice_get_document_url (invoice));
      if (!step_done (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* Replaces the cached invoices, with whether ordering was open. */
gboolean
kb_store_save_invoices (KbStore     *self,
                        GPtrArray   *invoices,
                        gboolean     ordering_open,
                        const char  *reopens_on,
                        const char  *etag,
                        GDateTime   *fetched_at,
                        GError     **error)
{
  g_return_val_if_fail (KB_IS_STORE (self), FALSE);
  g_return_val_if_fail (invoices != NULL && fetched_at != NULL, FALSE);

  if (!begin (self, error))
    return FALSE;
  return finish (self,
                 write_invoices (self, invoices, error) &&
                 write_state (self, KB_STORE_INVOICES, etag, fetched_at, ordering_open ? 1 : 0,
                              reopens_on, error),
                 error);
}

/* Returns: (transfer full) (element-type KbInvoice): the cached invoices in
 * the server's order. */
GPtrArray *
kb_store_load_invoices (KbStore *self, GError **error)
{
  g_autoptr(KbBillingStatement) stmt = NULL;
  g_autoptr(GPtrArray) invoices = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  g_return_val_if_fail (KB_IS_STORE (self), NULL);

  stmt = prepare (self, "SELECT id, number, period, issued_on, due_on, amount_minor, currency,"
                  " status, document_url FROM invoice ORDER BY position", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (invoices,
                     kb_invoice_new (column_text (stmt, 0), column_text (stmt, 1),
                                     column_text (stmt, 2), column_text (stmt, 3),
                                     column_text (stmt, 4), sqlite3_column_int64 (stmt, 5),
                                     column_text (stmt, 6),
                                     kb_enum_from_nick (KB_TYPE_INVOICE_STATUS,
                                                        column_text (stmt, 7),
                                                        KB_INVOICE_STATUS_UNKNOWN),
                                     column_text (stmt, 8)));
  if (rc != SQLITE_DONE)
    {
      sql_error (self, error, "load invoices");
      return NULL;
    }
  return g_steal_pointer (&invoices);
}

static gboolean
write_installments (KbStore *self, GPtrArray *installments, GError **error)
{
  g_autoptr(KbBillingStatement) stmt = NULL;

  if (!exec (self, "DELETE FROM installment;", error))
    return FALSE;
  stmt = prepare (self, "INSERT INTO installment (id, position, subscriber_id, number, equipment,"
                  " total_minor, monthly_minor, payments_left, remaining_minor, currency,"
                  " next_payment_on, payoff_on)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < installments->len; i++)
    {
      KbInstallment *item = g_ptr_array_index (installments, i);

      sqlite3_reset (stmt);
      bind_text (stmt, 1, kb_installment_get_id (item));
      sqlite3_bind_int (stmt, 2, (int) i);
      bind_text (stmt, 3, kb_installment_get_subscriber_id (item));
      bind_text (stmt, 4, kb_installment_get_number (item));
      bind_text (stmt, 5, kb_installment_get_equipment (item));
      sqlite3_bind_int64 (stmt, 6, kb_installment_get_total (item));
      sqlite3_bind_int64 (stmt, 7, kb_installment_get_monthly_payment (item));
      sqlite3_bind_int (stmt, 8, (int) kb_installment_get_payments_left (item));
      sqlite3_bind_int64 (stmt, 9, kb_installment_get_remaining (item));
      bind_text (stmt, 10, kb_installment_get_currency (item));
      bind_text (stmt, 11, kb_installment_get_next_payment_on (item));
      bind_text (stmt, 12, kb_installment_get_payoff_on (item));
      if (!step_done (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
kb_store_save_installments (KbStore     *self,
                            GPtrArray   *installments,
                            const char  *etag,
                            GDateTime   *fetched_at,
                            GError     **error)
{
  g_return_val_if_fail (KB_IS_STORE (self), FALSE);
  g_return_val_if_fail (installments != NULL && fetched_at != NULL, FALSE);

  if (!begin (self, error))
    return FALSE;
  return finish (self,
                 write_installments (self, installments, error) &&
                 write_state (self, KB_STORE_INSTALLMENTS, etag, fetched_at, -1, NULL, error),
                 error);
}

/* Returns: (transfer full) (element-type KbInstallment): the cached installments. */
GPtrArray *
kb_store_load_installments (KbStore *self, GError **error)
{
  g_autoptr(KbBillingStatement) stmt = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  g_return_val_if_fail (KB_IS_STORE (self), NULL);

  stmt = prepare (self, "SELECT id, subscriber_id, number, equipment, total_minor, monthly_minor,"
                  " payments_left, remaining_minor, currency, next_payment_on, payoff_on"
                  " FROM installment ORDER BY position", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (items,
                     kb_installment_new (column_text (stmt, 0), column_text (stmt, 1),
                                         column_text (stmt, 2), column_text (stmt, 3),
                                         sqlite3_column_int64 (stmt, 4), sqlite3_column_int64 (stmt, 5),
                                         (guint) MAX (sqlite3_column_int (stmt, 6), 0),
                                         sqlite3_column_int64 (stmt, 7), column_text (stmt, 8),
                                         column_text (stmt, 9), column_text (stmt, 10)));
  if (rc != SQLITE_DONE)
    {
      sql_error (self, error, "load installments");
      return NULL;
    }
  return g_steal_pointer (&items);
}

/**
 * kb_store_get_billing_state:
 * @resource: %KB_STORE_PAYMENTS, %KB_STORE_INVOICES or %KB_STORE_INSTALLMENTS
 * @etag: (out) (optional) (nullable): the list's ETag
 * @fetched_at: (out) (optional): when the server last confirmed it
 * @ordering_open: (out) (optional): invoices only: whether ordering was open
 * @reopens_on: (out) (optional) (nullable): invoices only: when it reopens
 *
 * Returns: %TRUE if the list was ever fetched
 */
gboolean
kb_store_get_billing_state (KbStore     *self,
                            const char  *resource,
                            char       **etag,
                            GDateTime  **fetched_at,
                            gboolean    *ordering_open,
                            char       **reopens_on)
{
  g_autoptr(KbBillingStatement) stmt = NULL;

  g_return_val_if_fail (KB_IS_STORE (self), FALSE);

  stmt = prepare (self, "SELECT etag, fetched_at, ordering_open, reopens_on FROM billing_state"
                  " WHERE resource = ?1", NULL);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, resource);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;
  if (etag != NULL)
    *etag = g_strdup (column_text (stmt, 0));
  if (fetched_at != NULL)
    *fetched_at = g_date_time_new_from_iso8601 (column_text (stmt, 1), NULL);
  if (ordering_open != NULL)
    *ordering_open = sqlite3_column_int (stmt, 2) != 0;
  if (reopens_on != NULL)
    *reopens_on = g_strdup (column_text (stmt, 3));
  return TRUE;
}

/* Records that the server confirmed (304) a cached list is current. */
gboolean
kb_store_touch_billing (KbStore *self, const char *resource, GDateTime *checked_at, GError **error)
{
  g_autoptr(KbBillingStatement) stmt = NULL;
  g_autofree char *when = NULL;

  g_return_val_if_fail (KB_IS_STORE (self), FALSE);

  when = g_date_time_format_iso8601 (checked_at);
  stmt = prepare (self, "UPDATE billing_state SET fetched_at = ?1 WHERE resource = ?2", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, when);
  bind_text (stmt, 2, resource);
  return step_done (self, stmt, error);
}
