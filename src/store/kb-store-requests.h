/* kb-store-requests.h — the cached operator's requests, with the list's cursor and ETag. */
#pragma once

#include "kb-store.h"
#include "kb-operator-request.h"

G_BEGIN_DECLS

/* The request list, for kb_store_dup_fetched_at(). */
#define KB_STORE_REQUESTS "requests"

gboolean   kb_store_save_operator_requests (KbStore            *self,
                                            GPtrArray          *requests,
                                            const char         *history_from,
                                            const char         *cursor,
                                            const char         *etag,
                                            GDateTime          *fetched_at,
                                            GError            **error);
GPtrArray *kb_store_load_operator_requests (KbStore            *self,
                                            char              **cursor,
                                            char              **etag,
                                            GError            **error);

G_END_DECLS
