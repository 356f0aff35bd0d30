/* kb-server-routes.h — the table of every route the server serves. */
#pragma once

#include "kb-server-private.h"

G_BEGIN_DECLS

extern const KbRoute kb_server_routes[];
extern const guint kb_server_n_routes;
gboolean _kb_server_route_has_file_body (const KbRoute *route);

/* kb-server-questions.c */
void     _kb_server_questions_list   (KbRequest  *req);
void     _kb_server_questions_get    (KbRequest  *req);
void     _kb_server_questions_create (KbRequest  *req);
void     _kb_server_questions_read   (KbRequest  *req);
void     _kb_server_questions_reply  (KbRequest  *req);
void     _kb_server_questions_rate   (KbRequest  *req);
void     _kb_server_questions_close  (KbRequest  *req);

/* kb-server-operator.c */
void     _kb_server_operator_list    (KbRequest  *req);
void     _kb_server_operator_answer  (KbRequest  *req);
void     _kb_server_operator_status  (KbRequest  *req);

/* kb-server-attachments.c */
void     _kb_server_attachments_create (KbRequest *req);
void     _kb_server_attachments_get    (KbRequest *req);
void     _kb_server_operator_attach    (KbRequest *req);

/* kb-server-subscribers.c */
void     _kb_server_subscribers_list      (KbRequest  *req);
void     _kb_server_subscribers_get       (KbRequest  *req);
void     _kb_server_subscribers_rename    (KbRequest  *req);
void     _kb_server_services_list         (KbRequest  *req);
gboolean _kb_server_check_rename_window   (KbRequest  *req);
gboolean _kb_server_rename_subscriber     (KbRequest  *req,
                                           gint64      id,
                                           const char *name,
                                           gint64      batch_id,
                                           GError    **error);

/* kb-server-billing.c */
void     _kb_server_payments_list         (KbRequest  *req);
void     _kb_server_payments_register     (KbRequest  *req);
void     _kb_server_invoices_list         (KbRequest  *req);
void     _kb_server_invoices_email        (KbRequest  *req);
void     _kb_server_installments_list     (KbRequest  *req);

/* kb-server-documents.c */
void     _kb_server_invoices_document     (KbRequest  *req);

/* kb-server-rename-batches.c */
void     _kb_server_rename_batches_create (KbRequest  *req);
void     _kb_server_rename_batches_list   (KbRequest  *req);
void     _kb_server_rename_batches_get    (KbRequest  *req);
/* A rename batch to write: kept in the history with every row's result,
 * and the new name of each accepted row made pending. */
typedef struct {
  KbRequest *req;
  const char *kind;          /* "list" or "single" */
  JsonArray *results;        /* every row's, as _kb_server_row_result() makes it */
  GPtrArray *names;          /* the name sent in each row, trimmed ("" when there was none) */
  gboolean all_or_nothing;
  GArray *accepted_ids;      /* gint64: the subscriber of each accepted row */
  GPtrArray *accepted_names; /* and its new name */
  const KbIdempotency *idempotency; /* (nullable): kept with the batch */
  gint64 id;                 /* set when written */
  gint64 request_id;         /* its request, set when written */
} KbServerRenameBatch;

gboolean _kb_server_write_rename_batch    (KbServerRenameBatch *batch);

/* kb-server-bulk.c */
JsonObject *_kb_server_row_result         (gint64      row,
                                           const char *number,
                                           const char *code,
                                           const char *message);

/* kb-server-service-orders.c */
void     _kb_server_service_orders_create (KbRequest  *req);
void     _kb_server_service_orders_list   (KbRequest  *req);
void     _kb_server_service_orders_get    (KbRequest  *req);

/* kb-server-requests.c */
void     _kb_server_requests_list   (KbRequest  *req);
void     _kb_server_requests_get    (KbRequest  *req);

/* kb-server-events.c */
void     _kb_server_events_upgrade  (KbRequest  *req);
void     _kb_server_events_on_socket (SoupServer              *soup,
                                     SoupServerMessage       *msg,
                                     const char              *path,
                                     SoupWebsocketConnection *connection,
                                     gpointer                 user_data);
void     _kb_server_events_start    (KbServer   *self);
void     _kb_server_events_stop     (KbServer   *self);
void     _kb_server_events_revoke   (KbServer   *self,
                                     const char *token_hash);
gint64   _kb_server_events_last_id  (KbDb *db);

G_END_DECLS
