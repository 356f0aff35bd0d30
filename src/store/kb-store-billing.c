/* kb-store-billing.c — the cached payments, invoices and installments of the account.
 *
 * Each save is one transaction: a refreshed list replaces what was cached
 * for it (for payments, only the refreshed period), together with the list's
 * ETag and the time the server confirmed it, so a crash never leaves half a
 * list. Reads are short queries on the UI thread (docs/design.md §2 allows a few ms).
 */
#include "config.h"

#include "kb-store-billing.h"

#include "kb-store-private.h"

/* One refreshed list, as it is saved. */
typedef struct {
  const char *resource;
  GPtrArray *items;
  const char *from;          /* payments: the period the server answered for */
  const char *to;
  int ordering_open;         /* invoices: 0 or 1; -1 for the other lists */
  const char *reopens_on;
  const char *etag;
  GDateTime *fetched_at;
} SaveList;

static gboolean
write_state (KbDb *db, SaveList *save, GError **error)
{
  /* Only invoices say whether ordering is open. */
  KbDbValue ordering_open = save->ordering_open < 0 ? KB_DB_NULL : KB_DB_INT (save->ordering_open);

  return kb_db_run (db, "INSERT OR REPLACE INTO billing_state (resource, etag, ordering_open,"
                    " reopens_on) VALUES (?1, ?2, ?3, ?4)", error, KB_DB_TEXT (save->resource),
                    KB_DB_TEXT (save->etag), ordering_open, KB_DB_TEXT (save->reopens_on)) &&
         _kb_store_write_fetched_at (db, save->resource, save->fetched_at, error);
}

static void
bind_payment (sqlite3_stmt *stmt, gpointer item, guint position)
{
  KbPayment *payment = item;

  kb_db_bind_text (stmt, 1, kb_payment_get_id (payment));
  kb_db_bind_text (stmt, 2, kb_payment_get_date_iso (payment));
  sqlite3_bind_int64 (stmt, 3, kb_payment_get_amount (payment));
  kb_db_bind_text (stmt, 4, kb_payment_get_currency (payment));
  kb_db_bind_text (stmt, 5, kb_payment_get_order_number (payment));
  kb_db_bind_text (stmt, 6, kb_payment_get_purpose (payment));
  kb_db_bind_text (stmt, 7,
                   kb_enum_to_nick (KB_TYPE_PAYMENT_STATUS, kb_payment_get_status (payment)));
  kb_db_bind_text (stmt, 8, kb_payment_get_created_at_iso (payment));
}

#define INSERT_PAYMENT \
  "INSERT OR REPLACE INTO payment (id, date, amount_minor, currency, order_number, purpose," \
  " status, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"

static gboolean
write_payments (KbDb *db, gpointer data, GError **error)
{
  SaveList *save = data;

  return kb_db_run (db, "DELETE FROM payment WHERE date BETWEEN ?1 AND ?2", error,
                    KB_DB_TEXT (save->from), KB_DB_TEXT (save->to)) &&
         _kb_store_insert_rows (db, kb_db_prepare (db, INSERT_PAYMENT, error), save->items,
                                bind_payment, error) &&
         write_state (db, save, error);
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
  SaveList save = { KB_STORE_PAYMENTS, payments, from, to, -1, NULL, etag, fetched_at };

  g_return_val_if_fail (KB_IS_STORE (self), FALSE);
  g_return_val_if_fail (from != NULL && to != NULL && payments != NULL && fetched_at != NULL, FALSE);

  return kb_db_transaction (_kb_store_get_db (self), write_payments, &save, error);
}

/* Adds (or replaces) one payment, such as one the user just registered. */
gboolean
kb_store_add_payment (KbStore *self, KbPayment *payment, GError **error)
{
  KbDb *db;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KB_IS_STORE (self), FALSE);
  g_return_val_if_fail (KB_IS_PAYMENT (payment), FALSE);

  db = _kb_store_get_db (self);
  stmt = kb_db_prepare (db, INSERT_PAYMENT, error);
  if (stmt == NULL)
    return FALSE;
  bind_payment (stmt, payment, 0);
  return kb_db_step_done (db, stmt, error);
}

static gpointer
payment_from_row (sqlite3_stmt *stmt)
{
  return kb_payment_new (&(KbPaymentFields) {
    .id = kb_db_column_text (stmt, 0),
    .date_iso = kb_db_column_text (stmt, 1),
    .amount_minor = sqlite3_column_int64 (stmt, 2),
    .currency = kb_db_column_text (stmt, 3),
    .order_number = kb_db_column_text (stmt, 4),
    .purpose = kb_db_column_text (stmt, 5),
    .status = kb_enum_from_nick (KB_TYPE_PAYMENT_STATUS, kb_db_column_text (stmt, 6),
                                 KB_PAYMENT_STATUS_UNKNOWN),
    .created_at_iso = kb_db_column_text (stmt, 7),
  });
}

/* Returns: (transfer full) (element-type KbPayment): the cached payments
 * dated @from to @to (inclusive), newest first; empty when none. */
GPtrArray *
kb_store_load_payments (KbStore *self, const char *from, const char *to, GError **error)
{
  KbDb *db;

  g_return_val_if_fail (KB_IS_STORE (self), NULL);

  db = _kb_store_get_db (self);
  return _kb_store_load_rows (db, kb_db_query (db, "SELECT id, date, amount_minor, currency,"
                                               " order_number, purpose, status, created_at"
                                               " FROM payment WHERE date BETWEEN ?1 AND ?2"
                                               " ORDER BY date DESC, CAST (id AS INTEGER) DESC",
                                               error, KB_DB_TEXT (from), KB_DB_TEXT (to)),
                              payment_from_row, g_object_unref, error);
}

static void
bind_invoice (sqlite3_stmt *stmt, gpointer item, guint position)
{
  KbInvoice *invoice = item;

  kb_db_bind_text (stmt, 1, kb_invoice_get_id (invoice));
  sqlite3_bind_int (stmt, 2, (int) position);
  kb_db_bind_text (stmt, 3, kb_invoice_get_number (invoice));
  kb_db_bind_text (stmt, 4, kb_invoice_get_period (invoice));
  kb_db_bind_text (stmt, 5, kb_invoice_get_issued_on (invoice));
  kb_db_bind_text (stmt, 6, kb_invoice_get_due_on (invoice));
  sqlite3_bind_int64 (stmt, 7, kb_invoice_get_amount (invoice));
  kb_db_bind_text (stmt, 8, kb_invoice_get_currency (invoice));
  kb_db_bind_text (stmt, 9,
                   kb_enum_to_nick (KB_TYPE_INVOICE_STATUS, kb_invoice_get_status (invoice)));
  kb_db_bind_text (stmt, 10, kb_invoice_get_document_url (invoice));
}

static gboolean
write_invoices (KbDb *db, gpointer data, GError **error)
{
  SaveList *save = data;

  return _kb_store_replace_rows (db, "invoice",
                                 "INSERT INTO invoice (id, position, number, period, issued_on,"
                                 " due_on, amount_minor, currency, status, document_url)"
                                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                                 save->items, bind_invoice, error) &&
         _kb_store_search_reindex (db, "invoice", error) &&
         write_state (db, save, error);
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
  SaveList save = { KB_STORE_INVOICES, invoices, NULL, NULL, ordering_open ? 1 : 0, reopens_on,
                    etag, fetched_at };

  g_return_val_if_fail (KB_IS_STORE (self), FALSE);
  g_return_val_if_fail (invoices != NULL && fetched_at != NULL, FALSE);

  return kb_db_transaction (_kb_store_get_db (self), write_invoices, &save, error);
}

KbInvoice *
_kb_store_invoice_from_row (sqlite3_stmt *stmt)
{
  return kb_invoice_new (&(KbInvoiceFields) {
    .id = kb_db_column_text (stmt, 0),
    .number = kb_db_column_text (stmt, 1),
    .period = kb_db_column_text (stmt, 2),
    .issued_on = kb_db_column_text (stmt, 3),
    .due_on = kb_db_column_text (stmt, 4),
    .amount_minor = sqlite3_column_int64 (stmt, 5),
    .currency = kb_db_column_text (stmt, 6),
    .status = kb_enum_from_nick (KB_TYPE_INVOICE_STATUS, kb_db_column_text (stmt, 7),
                                 KB_INVOICE_STATUS_UNKNOWN),
    .document_url = kb_db_column_text (stmt, 8),
  });
}

/* Returns: (transfer full) (element-type KbInvoice): the cached invoices in
 * the server's order. */
GPtrArray *
kb_store_load_invoices (KbStore *self, GError **error)
{
  g_return_val_if_fail (KB_IS_STORE (self), NULL);
  return _kb_store_load_list (self, "SELECT " KB_STORE_INVOICE_COLUMNS " FROM invoice"
                              " ORDER BY position", (KbStoreRowFunc) _kb_store_invoice_from_row,
                              NULL, NULL, error);
}

static void
bind_installment (sqlite3_stmt *stmt, gpointer item, guint position)
{
  kb_db_bind_text (stmt, 1, kb_installment_get_id (item));
  sqlite3_bind_int (stmt, 2, (int) position);
  kb_db_bind_text (stmt, 3, kb_installment_get_subscriber_id (item));
  kb_db_bind_text (stmt, 4, kb_installment_get_number (item));
  kb_db_bind_text (stmt, 5, kb_installment_get_equipment (item));
  sqlite3_bind_int64 (stmt, 6, kb_installment_get_total (item));
  sqlite3_bind_int64 (stmt, 7, kb_installment_get_monthly_payment (item));
  sqlite3_bind_int (stmt, 8, (int) kb_installment_get_payments_left (item));
  sqlite3_bind_int64 (stmt, 9, kb_installment_get_remaining (item));
  kb_db_bind_text (stmt, 10, kb_installment_get_currency (item));
  kb_db_bind_text (stmt, 11, kb_installment_get_next_payment_on (item));
  kb_db_bind_text (stmt, 12, kb_installment_get_payoff_on (item));
}

static gboolean
write_installments (KbDb *db, gpointer data, GError **error)
{
  SaveList *save = data;

  return _kb_store_replace_rows (db, "installment",
                                 "INSERT INTO installment (id, position, subscriber_id, number,"
                                 " equipment, total_minor, monthly_minor, payments_left,"
                                 " remaining_minor, currency, next_payment_on, payoff_on)"
                                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                                 save->items, bind_installment, error) &&
         write_state (db, save, error);
}

gboolean
kb_store_save_installments (KbStore     *self,
                            GPtrArray   *installments,
                            const char  *etag,
                            GDateTime   *fetched_at,
                            GError     **error)
{
  SaveList save = { KB_STORE_INSTALLMENTS, installments, NULL, NULL, -1, NULL, etag, fetched_at };

  g_return_val_if_fail (KB_IS_STORE (self), FALSE);
  g_return_val_if_fail (installments != NULL && fetched_at != NULL, FALSE);

  return kb_db_transaction (_kb_store_get_db (self), write_installments, &save, error);
}

static gpointer
installment_from_row (sqlite3_stmt *stmt)
{
  return kb_installment_new (&(KbInstallmentFields) {
    .id = kb_db_column_text (stmt, 0),
    .subscriber_id = kb_db_column_text (stmt, 1),
    .number = kb_db_column_text (stmt, 2),
    .equipment = kb_db_column_text (stmt, 3),
    .total_minor = sqlite3_column_int64 (stmt, 4),
    .monthly_minor = sqlite3_column_int64 (stmt, 5),
    .payments_left = (guint) MAX (sqlite3_column_int (stmt, 6), 0),
    .remaining_minor = sqlite3_column_int64 (stmt, 7),
    .currency = kb_db_column_text (stmt, 8),
    .next_payment_on = kb_db_column_text (stmt, 9),
    .payoff_on = kb_db_column_text (stmt, 10),
  });
}

/* Returns: (transfer full) (element-type KbInstallment): the cached installments. */
GPtrArray *
kb_store_load_installments (KbStore *self, GError **error)
{
  g_return_val_if_fail (KB_IS_STORE (self), NULL);
  return _kb_store_load_list (self, "SELECT id, subscriber_id, number, equipment, total_minor,"
                              " monthly_minor, payments_left, remaining_minor, currency,"
                              " next_payment_on, payoff_on FROM installment ORDER BY position",
                              installment_from_row, NULL, NULL, error);
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
  g_autoptr(KbDbStatement) stmt = NULL;
  KbDb *db;

  g_return_val_if_fail (KB_IS_STORE (self), FALSE);

  db = _kb_store_get_db (self);
  stmt = kb_db_prepare (db, "SELECT etag, ordering_open, reopens_on FROM billing_state"
                        " WHERE resource = ?1", NULL);
  if (stmt == NULL)
    return FALSE;
  kb_db_bind_text (stmt, 1, resource);
  if (!kb_db_step_row (db, stmt, NULL))
    return FALSE;
  if (etag != NULL)
    *etag = g_strdup (kb_db_column_text (stmt, 0));
  if (fetched_at != NULL)
    *fetched_at = _kb_store_read_fetched_at (db, resource, NULL);
  if (ordering_open != NULL)
    *ordering_open = sqlite3_column_int (stmt, 1) != 0;
  if (reopens_on != NULL)
    *reopens_on = g_strdup (kb_db_column_text (stmt, 2));
  return TRUE;
}
