/* kb-api-requests.h — the operator's requests of the contract: GET /requests and /requests/{id}. */
#pragma once

#include <json-glib/json-glib.h>

#include "kb-api-client.h"
#include "kb-operator-request.h"

G_BEGIN_DECLS

typedef struct {
  GPtrArray *requests;   /* of KbOperatorRequest, newest first */
  char *from;            /* YYYY-MM-DD: the first day of the history */
  char *cursor;          /* pass as since next time */
  char *etag;
} KbApiRequestList;

void kb_api_request_list_free (KbApiRequestList *list);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KbApiRequestList, kb_api_request_list_free)

void               kb_api_client_list_requests_async  (KbApiClient          *self,
                                                       const char           *since,
                                                       const char           *etag,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
KbApiRequestList  *kb_api_client_list_requests_finish (KbApiClient          *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);
void               kb_api_client_get_request_async    (KbApiClient          *self,
                                                       const char           *id,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
KbOperatorRequest *kb_api_client_get_request_finish   (KbApiClient          *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);

KbOperatorRequest *kb_api_json_to_operator_request    (JsonObject           *object,
                                                       GError              **error);

G_END_DECLS
