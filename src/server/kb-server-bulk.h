/* kb-server-bulk.h — what the files of the two bulk operations share (kb-server-bulk.c). */
#pragma once

#include "kb-server-private.h"
#include "kb-server-routes.h"

G_BEGIN_DECLS

/* A rejected row keeps this much of its name and number, in the history
 * and in the reply: enough to recognise the row, never a 16 MiB name. */
#define KB_SERVER_KEPT_TEXT_CHARS 256

typedef struct {
  JsonArray *results;
  guint accepted;
  guint rejected;
} KbBulkResults;

/* What the two bulk operations share: the rows sent, the client's
 * subscribers, and the result of each row as it is decided. */
typedef struct {
  JsonArray *rows;          /* the body's */
  gboolean all_or_nothing;
  GHashTable *numbers;      /* the client's subscribers, number → id */
  GHashTable *seen;         /* the numbers of the rows accepted so far */
  GArray *accepted_ids;     /* gint64: the subscriber of each accepted row */
  KbBulkResults results;
  JsonObject *reply;
  KbIdempotency idempotency; /* the request's key, its request_hash owned */
} KbBulk;

char       *_kb_server_clip_text             (const char    *text,
                                              gsize          max_chars);
void        _kb_bulk_add_result       (KbBulkResults *results,
                                              guint          row,
                                              const char    *number,
                                              const char    *code,
                                              const char    *message);
void        _kb_bulk_clear            (KbBulk        *bulk);
gboolean    _kb_bulk_read_rows        (KbRequest     *req,
                                              JsonObject    *body,
                                              const char    *member,
                                              KbBulk        *bulk);
gboolean    _kb_bulk_check_idempotency       (KbRequest     *req,
                                              KbBulk        *bulk,
                                              const char    *operation,
                                              KbReplyFunc    replay,
                                              const char    *reused);
gboolean    _kb_bulk_open_request            (KbRequest     *req,
                                              KbServerRequestNew *request,
                                              const char    *noun,
                                              gint64        *id,
                                              GError       **error);
gboolean    _kb_bulk_store_results           (KbDb          *db,
                                              const char    *sql,
                                              gint64         owner_id,
                                              JsonArray     *results,
                                              GPtrArray     *names,
                                              GError       **error);
gboolean    _kb_bulk_load_numbers     (KbRequest     *req,
                                              KbBulk        *bulk,
                                              GError       **error);
gint64     *_kb_bulk_find_subscriber  (KbBulk        *bulk,
                                              guint          row,
                                              const char    *number);
void        _kb_bulk_accept           (KbBulk        *bulk,
                                              guint          row,
                                              const char    *number,
                                              gint64         id);
void        _kb_bulk_reply            (KbRequest     *req,
                                              KbBulk        *bulk,
                                              gboolean       applied);
gboolean    _kb_bulk_reject_all       (KbRequest     *req,
                                              KbBulk        *bulk);
void        _kb_bulk_reply_again      (KbRequest     *req,
                                              JsonObject    *reply,
                                              gint64         id,
                                              const char    *results_sql);
JsonObject *_kb_server_row_result_from_row   (sqlite3_stmt  *stmt,
                                              gpointer       data);
JsonObject *_kb_server_find_one              (KbRequest     *req,
                                              const char    *sql,
                                              KbRowFunc      func,
                                              gpointer       data,
                                              const char    *not_found,
                                              gint64        *id);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (KbBulk, _kb_bulk_clear)

G_END_DECLS
