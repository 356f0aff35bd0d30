/* kb-requests.h — the operator's requests of the session, followed to the end. */
#pragma once

#include <gio/gio.h>

#include "kb-api-client.h"
#include "kb-feedback.h"
#include "kb-operator-request.h"
#include "kb-store.h"

G_BEGIN_DECLS

#define KB_TYPE_REQUESTS (kb_requests_get_type ())
G_DECLARE_FINAL_TYPE (KbRequests, kb_requests, KB, REQUESTS, GObject)

/* Made by KbSync for its session (kb_sync_get_requests()). The requests
 * come from the cache at once; a request an operation's reply carries joins
 * the list as soon as the reply arrives; the list is asked again (with its
 * cursor) when the events socket says a request changed, when the socket
 * comes back, and when someone calls kb_requests_refresh_async(). Nothing
 * ticks while nothing happens.
 *
 * Properties: "unfinished" (uint: requests the operator has not finished),
 * "fetched-at" (GDateTime, nullable: when the server last confirmed the
 * list). Signal: "request-finished" (KbOperatorRequest) when a request known
 * unfinished becomes done, partially done or rejected — never for what a
 * first sync from scratch brings. */
KbRequests        *kb_requests_new            (KbApiClient          *api,
                                               KbStore              *store);
void               kb_requests_start          (KbRequests           *self,
                                               KbFeedback           *feedback);
void               kb_requests_stop           (KbRequests           *self);
GListModel        *kb_requests_get_model      (KbRequests           *self);
guint              kb_requests_get_unfinished (KbRequests           *self);
GDateTime         *kb_requests_get_fetched_at (KbRequests           *self);
KbOperatorRequest *kb_requests_lookup         (KbRequests           *self,
                                               const char           *id);
KbOperatorRequest *kb_requests_find_for       (KbRequests           *self,
                                               const char           *target_type,
                                               const char           *target_id);
void               kb_requests_refresh_async  (KbRequests           *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean           kb_requests_refresh_finish (KbRequests           *self,
                                               GAsyncResult         *result,
                                               GError              **error);

G_END_DECLS
