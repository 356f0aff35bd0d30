/* kb-renames.h — Rename Subscriber's data: renaming, one or by a batch, and the history. */
#pragma once

#include <gio/gio.h>

#include "kb-api-client.h"
#include "kb-rename-batch.h"
#include "kb-store.h"
#include "kb-subscriber.h"

G_BEGIN_DECLS

#define KB_TYPE_RENAMES (kb_renames_get_type ())
G_DECLARE_FINAL_TYPE (KbRenames, kb_renames, KB, RENAMES, GObject)

/* Made by KbSync for its session (kb_sync_get_renames()).
 *
 * Properties: "refreshing" (bool), "fetched-at" (GDateTime, nullable: when
 * the server last listed the history). */
KbRenames     *kb_renames_new                 (KbApiClient          *api,
                                               KbStore              *store);
/* GListModel of KbRenameBatch, newest first: the cached history at once,
 * replaced in place by each refresh. */
GListModel    *kb_renames_get_model           (KbRenames            *self);
gboolean       kb_renames_get_refreshing      (KbRenames            *self);
GDateTime     *kb_renames_get_fetched_at      (KbRenames            *self);

void           kb_renames_refresh_async       (KbRenames            *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean       kb_renames_refresh_finish      (KbRenames            *self,
                                               GAsyncResult         *result,
                                               GError              **error);
/* Renames one subscriber; the history is refreshed after. Returns the
 * subscriber with its pending rename (transfer full). */
void           kb_renames_rename_async        (KbRenames            *self,
                                               const char           *subscriber_id,
                                               const char           *name,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
KbSubscriber  *kb_renames_rename_finish       (KbRenames            *self,
                                               GAsyncResult         *result,
                                               GError              **error);
/* Sends the rows (parallel arrays) as one batch; the batch comes back with
 * each row's result, is cached and the history refreshed (transfer full). */
void           kb_renames_submit_async        (KbRenames            *self,
                                               const char * const   *numbers,
                                               const char * const   *names,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
KbRenameBatch *kb_renames_submit_finish       (KbRenames            *self,
                                               GAsyncResult         *result,
                                               GError              **error);
/* A batch of the history with its rows: from the server, or from the cache
 * when the server cannot be reached and the rows were cached (transfer full). */
void           kb_renames_fetch_batch_async   (KbRenames            *self,
                                               const char           *batch_id,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
KbRenameBatch *kb_renames_fetch_batch_finish  (KbRenames            *self,
                                               GAsyncResult         *result,
                                               GError              **error);
/* Cancels the refreshes it started on its own (on sign-out). */
void           kb_renames_stop                (KbRenames            *self);

G_END_DECLS
