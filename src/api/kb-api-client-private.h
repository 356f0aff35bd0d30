/* kb-api-client-private.h — the one request path every operation of the contract goes through. */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "kb-api-client.h"

G_BEGIN_DECLS

/* Turns a successful response body (NULL for an empty one) into the
 * operation's result. */
typedef gpointer (*KbApiParseFunc) (JsonNode  *root,
                                    GError   **error);

typedef struct {
  char *etag;
  gpointer value;
  GDestroyNotify value_free;
} KbApiResponse;

void           kb_api_response_free            (KbApiResponse *response);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KbApiResponse, kb_api_response_free)

typedef struct {
  const char *method;
  const char *path;
  JsonNode *body;
  const char *if_none_match;
  const char *idempotency_key;
  gboolean authenticated;
  /* The body is not JSON (a document): a success gives its GBytes as the
   * value, and @parse is not called. */
  gboolean raw;
  /* @parse is run on a worker thread (for long lists): it must touch
   * nothing but its argument. */
  gboolean parse_in_thread;
  KbApiParseFunc parse;
  GDestroyNotify value_free;
  /* A body that is a file, not JSON: its bytes, type and name (sent as
   * Content-Disposition: attachment; filename*=UTF-8''…). */
  GBytes *file;
  const char *file_type;
  const char *file_name;
} KbApiRequest;

void           _kb_api_client_request_async    (KbApiClient          *self,
                                                const KbApiRequest   *request,
                                                gpointer              source_tag,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
KbApiResponse *_kb_api_client_request_finish   (KbApiClient          *self,
                                                GAsyncResult         *result,
                                                GError              **error);

/* The two shapes most operations take: an authenticated GET, conditional
 * on @etag (parsed on a worker when @parse_in_thread, as a long page is),
 * and the parsed value (with the response's ETag) of a request. */
void           _kb_api_client_get_async        (KbApiClient          *self,
                                                const char           *path,
                                                const char           *etag,
                                                gboolean              parse_in_thread,
                                                KbApiParseFunc        parse,
                                                GDestroyNotify        value_free,
                                                gpointer              source_tag,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gpointer       _kb_api_client_request_finish_value (KbApiClient      *self,
                                                    GAsyncResult     *result,
                                                    char            **etag,
                                                    GError          **error);

char          *_kb_api_item_path               (const char           *collection,
                                                const char           *id,
                                                const char           *suffix);

/* For the events socket, which shares the session, its TLS settings and the token. */
SoupSession   *_kb_api_client_get_session      (KbApiClient          *self);
char          *_kb_api_client_build_url        (KbApiClient          *self,
                                                const char           *path);

G_END_DECLS
