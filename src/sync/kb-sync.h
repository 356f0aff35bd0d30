/* kb-sync.h — keeps the cache of one signed-in account in step with the server. */
#pragma once

#include <gio/gio.h>

#include "kb-api-client.h"
#include "kb-feedback.h"
#include "kb-renames.h"
#include "kb-requests.h"
#include "kb-service-orders.h"
#include "kb-store.h"
#include "kb-subscribers.h"

G_BEGIN_DECLS

#define KB_TYPE_SYNC (kb_sync_get_type ())
G_DECLARE_FINAL_TYPE (KbSync, kb_sync, KB, SYNC, GObject)

KbSync          *kb_sync_new                   (KbApiClient          *api,
                                                KbStore              *store);
KbApiClient     *kb_sync_get_api               (KbSync               *self);
KbStore         *kb_sync_get_store             (KbSync               *self);
gboolean         kb_sync_get_online            (KbSync               *self);
KbClientProfile *kb_sync_get_client            (KbSync               *self);
GDateTime       *kb_sync_get_client_fetched_at (KbSync               *self);
guint            kb_sync_get_refresh_interval  (KbSync               *self);
void             kb_sync_set_refresh_interval  (KbSync               *self,
                                                guint                 seconds);

void             kb_sync_refresh_client_async  (KbSync               *self,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean         kb_sync_refresh_client_finish (KbSync               *self,
                                                GAsyncResult         *result,
                                                GError              **error);
KbFeedback      *kb_sync_get_feedback          (KbSync               *self);
KbSubscribers   *kb_sync_get_subscribers       (KbSync               *self);
KbRenames       *kb_sync_get_renames           (KbSync               *self);
KbServiceOrders *kb_sync_get_service_orders    (KbSync               *self);
KbRequests      *kb_sync_get_requests          (KbSync               *self);
void             kb_sync_shutdown              (KbSync               *self);

G_END_DECLS
