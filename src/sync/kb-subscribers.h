/* kb-subscribers.h — Subscriber Selection's data: the whole list, the current subscriber, details. */
#pragma once

#include <gio/gio.h>

#include "kb-api-client.h"
#include "kb-store.h"
#include "kb-subscriber.h"

G_BEGIN_DECLS

#define KB_TYPE_SUBSCRIBERS (kb_subscribers_get_type ())
G_DECLARE_FINAL_TYPE (KbSubscribers, kb_subscribers, KB, SUBSCRIBERS, GObject)

/* Made by KbSync for its session (kb_sync_get_subscribers()).
 *
 * Properties: "loaded" (bool: the cached list is in the model),
 * "refreshing" (bool), "fetched-at" (GDateTime, nullable: when the server
 * last sent the list), "current-subscriber" (KbSubscriber, nullable: the
 * subscriber chosen in Subscriber Selection, the context of Rename and
 * Service Actions; kept in the store across restarts), "selection" (GStrv
 * of canonical numbers, never NULL: the subscribers ticked in Subscriber
 * Selection for Service Actions; for this run only). */
KbSubscribers *kb_subscribers_new                       (KbApiClient          *api,
                                                         KbStore              *store);
/* GListModel of KbSubscriber, ordered by number. Asking for it the first
 * time puts the cache's first hundred rows in it at once and starts reading
 * the whole list on a worker thread; the model takes it with one
 * items-changed when that is done ("loaded"). Refreshes update it in place. */
GListModel    *kb_subscribers_get_model                 (KbSubscribers        *self);
GListModel    *kb_subscribers_peek_model                (KbSubscribers        *self);
void           kb_subscribers_set_head_rows             (KbSubscribers        *self,
                                                         guint                 rows);
void           kb_subscribers_load                      (KbSubscribers        *self);
const char * const *kb_subscribers_get_tariffs          (KbSubscribers        *self);
gboolean       kb_subscribers_get_loaded                (KbSubscribers        *self);
gboolean       kb_subscribers_get_refreshing            (KbSubscribers        *self);
double         kb_subscribers_get_progress              (KbSubscribers        *self);
GDateTime     *kb_subscribers_get_fetched_at            (KbSubscribers        *self);
KbSubscriber  *kb_subscribers_lookup                    (KbSubscribers        *self,
                                                         const char           *id);

KbSubscriber  *kb_subscribers_get_current               (KbSubscribers        *self);
void           kb_subscribers_set_current               (KbSubscribers        *self,
                                                         KbSubscriber         *subscriber);
const char * const *kb_subscribers_get_selection        (KbSubscribers        *self);
void           kb_subscribers_set_selection             (KbSubscribers        *self,
                                                         const char * const   *numbers);

/* Fetches the whole list (page by page; the server has no ETag or cursor
 * for it), updates the model where it differs and saves it to the cache. */
void           kb_subscribers_refresh_async             (KbSubscribers        *self,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean       kb_subscribers_refresh_finish            (KbSubscribers        *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);
/* GET /subscribers/{id}: the subscriber with its services (transfer full). */
void           kb_subscribers_fetch_details_async       (KbSubscribers        *self,
                                                         const char           *id,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
KbSubscriber  *kb_subscribers_fetch_details_finish      (KbSubscribers        *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);
/* The subscriber's equipment bought in installments (KbApiInstallment). */
void           kb_subscribers_fetch_installments_async  (KbSubscribers        *self,
                                                         const char           *id,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
GPtrArray     *kb_subscribers_fetch_installments_finish (KbSubscribers        *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);
void           kb_subscribers_stop                      (KbSubscribers        *self);

G_END_DECLS
