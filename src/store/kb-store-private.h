/* kb-store-private.h — what the files of the store share beyond its public API. */
#pragma once

#include "kb-db.h"
#include "kb-invoice.h"
#include "kb-operator-request.h"
#include "kb-question.h"
#include "kb-store.h"
#include "kb-subscriber.h"

G_BEGIN_DECLS

/* The store's own connection, used on the thread that made the store. */
KbDb      *_kb_store_get_db             (KbStore        *self);

/* Bulk reads and writes run in a GTask thread on a connection opened for
 * the job (the store's own connection stays the UI's); WAL lets that one
 * read while a worker writes, and the busy timeouts order two writers. */
KbDb      *_kb_store_open_worker        (const char     *path,
                                         GError        **error);
/* For tests: how long a worker connection waits for another's write lock
 * (10 s unless set). */
void       _kb_store_set_worker_busy_timeout (guint      ms);
/* Runs @write inside one transaction on a worker connection to @path,
 * rolled back if it fails. */
gboolean   _kb_store_worker_transaction (const char     *path,
                                         KbDbWriteFunc   write,
                                         gpointer        data,
                                         GError        **error);

/* Runs @write on @data (owned by the task from now, freed with
 * @free_data) in a GTask thread by _kb_store_worker_transaction(); a task
 * cancelled before its thread starts writes nothing. */
void       _kb_store_write_async        (KbStore             *self,
                                         gpointer             source_tag,
                                         KbDbWriteFunc        write,
                                         gpointer             data,
                                         GDestroyNotify       free_data,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean   _kb_store_write_finish       (KbStore             *self,
                                         GAsyncResult        *result,
                                         GError             **error);

/* Column 0 of the first row of @sql, with @key (unless NULL) bound to ?1;
 * NULL with no error when there is no row. */
char      *_kb_store_dup_text           (KbDb           *db,
                                         const char     *sql,
                                         const char     *key,
                                         GError        **error);
/* Makes one item of each row @stmt gives. */
typedef gpointer (*KbStoreRowFunc) (sqlite3_stmt *stmt);
/* Appends @from_row's item of each row of @stmt to @items; FALSE with
 * @error when a step fails (@items then holds the rows read before). */
gboolean   _kb_store_add_rows           (KbDb           *db,
                                         sqlite3_stmt   *stmt,
                                         GPtrArray      *items,
                                         KbStoreRowFunc  from_row,
                                         GError        **error);
/* Returns: (transfer full) (nullable): a new array, freeing its items with
 * @free_item, of @from_row's item of each row of @stmt; NULL when @stmt
 * is NULL (a kb_db_query() that failed and set @error) or a step fails. */
GPtrArray *_kb_store_load_rows          (KbDb           *db,
                                         sqlite3_stmt   *stmt,
                                         KbStoreRowFunc  from_row,
                                         GDestroyNotify  free_item,
                                         GError        **error);
/* Returns: (transfer full) (nullable): as _kb_store_load_rows() of the
 * GObjects of @sql (with no parameters) on the store's own connection;
 * @fetched_at (optional) is when the server last sent the list @what,
 * NULL when it never did or the rows could not be read. */
GPtrArray *_kb_store_load_list          (KbStore        *self,
                                         const char     *sql,
                                         KbStoreRowFunc  from_row,
                                         const char     *what,
                                         GDateTime     **fetched_at,
                                         GError        **error);
/* Binds @item's columns, its @position in the list among them, to an INSERT. */
typedef void (*KbStoreBindFunc) (sqlite3_stmt *stmt,
                                 gpointer      item,
                                 guint         position);
/* Steps @insert, a statement from kb_db_query() or kb_db_prepare() (so
 * NULL when it failed and set @error), once for each of @items (NULL: none)
 * as @bind binds it, the values bound before kept for every row. */
gboolean   _kb_store_insert_rows        (KbDb           *db,
                                         sqlite3_stmt   *insert,
                                         GPtrArray      *items,
                                         KbStoreBindFunc bind,
                                         GError        **error);
/* Replaces every row of @table, a list the server sends whole, with
 * @items, each inserted by @insert as @bind binds it. */
gboolean   _kb_store_replace_rows       (KbDb           *db,
                                         const char     *table,
                                         const char     *insert,
                                         GPtrArray      *items,
                                         KbStoreBindFunc bind,
                                         GError        **error);
/* The key-value table "meta"; a NULL @value deletes the key. */
char      *_kb_store_dup_meta           (KbDb           *db,
                                         const char     *key,
                                         GError        **error);
gboolean   _kb_store_set_meta           (KbDb           *db,
                                         const char     *key,
                                         const char     *value,
                                         GError        **error);

/* When the server last confirmed @what (a cached list or the profile), on
 * any connection to the cache: kb_store_dup_fetched_at() and
 * kb_store_set_fetched_at() on the store's own. */
GDateTime *_kb_store_read_fetched_at    (KbDb           *db,
                                         const char     *what,
                                         GError        **error);
gboolean   _kb_store_write_fetched_at   (KbDb           *db,
                                         const char     *what,
                                         GDateTime      *when,
                                         GError        **error);

/* The meta key that says the subscribers' search index is behind their
 * rows (kb_store_index_subscribers_async()): a search then reads the rows. */
#define KB_STORE_SUBSCRIBER_SEARCH_STALE "subscriber_search_stale"

/* Rebuilds the search index of a table the store always replaces whole
 * ("subscriber", "invoice"), in the transaction that replaced it or in
 * one of its own after it: one statement for all rows (kb-store-search.c). */
gboolean   _kb_store_search_reindex     (KbDb           *db,
                                         const char     *table,
                                         GError        **error);

/* A row as a core model, read from the columns named beside it: one reader
 * for a kind of row, whoever selects it (its list, the search). */
#define KB_STORE_SUBSCRIBER_COLUMNS "id, number, name, tariff, status, pending_name, pending_at"
KbSubscriber *_kb_store_subscriber_from_row (sqlite3_stmt   *stmt);
#define KB_STORE_QUESTION_COLUMNS \
  "id, local_key, text, status, created_at, updated_at, answer_due_at, unread, answers_count," \
  " rating, rating_comment," \
  " (SELECT group_concat (a.text, char (10)) FROM answer a WHERE a.question_id = question.id)"
KbQuestion   *_kb_store_question_from_row   (sqlite3_stmt   *stmt);
#define KB_STORE_INVOICE_COLUMNS \
  "id, number, period, issued_on, due_on, amount_minor, currency, status, document_url"
KbInvoice    *_kb_store_invoice_from_row    (sqlite3_stmt   *stmt);
#define KB_STORE_OPERATOR_REQUEST_COLUMNS \
  "id, number, kind, status, reason, subject, detail, count, rejected_count, target_type," \
  " target_id, created_at, updated_at, effective_at"
KbOperatorRequest *_kb_store_operator_request_from_row (sqlite3_stmt *stmt);

/* kb-store-questions.c: times as UTC microseconds. */
void       _kb_store_bind_time          (sqlite3_stmt   *stmt,
                                         int             index,
                                         GDateTime      *when);
KbDbValue  _kb_store_time_value         (GDateTime      *when);
GDateTime *_kb_store_column_time        (sqlite3_stmt   *stmt,
                                         int             column);
/* kb-store-conversation.c: the files of an outbox entry, in the caller's
 * transaction. */
gboolean   _kb_store_outbox_add_files   (KbDb           *db,
                                         const char     *owner_key,
                                         GPtrArray      *files,
                                         GError        **error);
gboolean   _kb_store_outbox_delete_files (KbDb          *db,
                                         const char     *owner_key,
                                         GError        **error);

G_END_DECLS
