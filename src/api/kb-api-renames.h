/* kb-api-renames.h — renaming subscribers: one, a batch from a list, and the history (docs/api.md). */
#pragma once

#include "kb-api-client.h"
#include "kb-rename-batch.h"
#include "kb-subscriber.h"

G_BEGIN_DECLS

/* POST /subscribers/{id}/rename: the subscriber with its pending rename.
 * Refused in the last two days of a month (KB_API_ERROR_RENAME_WINDOW_CLOSED). */
void           kb_api_client_rename_subscriber_async     (KbApiClient          *self,
                                                          const char           *subscriber_id,
                                                          const char           *name,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
KbSubscriber  *kb_api_client_rename_subscriber_finish    (KbApiClient          *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);

/* POST /rename-batches: @numbers and @names, parallel arrays of the rows,
 * sent in one request. The batch comes back with a row per row sent
 * (pending when accepted, rejected with its code). Not retried: the server
 * takes no Idempotency-Key for it. */
void           kb_api_client_create_rename_batch_async   (KbApiClient          *self,
                                                          const char * const   *numbers,
                                                          const char * const   *names,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
KbRenameBatch *kb_api_client_create_rename_batch_finish  (KbApiClient          *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);

/* GET /rename-batches: the latest batches and single renames, newest first
 * (KbRenameBatch, without rows). */
void           kb_api_client_list_rename_batches_async   (KbApiClient          *self,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
GPtrArray     *kb_api_client_list_rename_batches_finish  (KbApiClient          *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);

/* GET /rename-batches/{id}: the batch with its rows. */
void           kb_api_client_get_rename_batch_async      (KbApiClient          *self,
                                                          const char           *batch_id,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
KbRenameBatch *kb_api_client_get_rename_batch_finish     (KbApiClient          *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);

G_END_DECLS
