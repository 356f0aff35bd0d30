/* kb-api-client.h — the HTTP client of the backend contract (docs/openapi.yaml). */
#pragma once

#include <gio/gio.h>

#include "kb-api-error.h"
#include "kb-client-profile.h"

G_BEGIN_DECLS

#define KB_TYPE_API_CLIENT (kb_api_client_get_type ())
G_DECLARE_FINAL_TYPE (KbApiClient, kb_api_client, KB, API_CLIENT, GObject)

gboolean          kb_api_validate_server_url      (const char           *url,
                                                   char                **normalized,
                                                   GError              **error);

KbApiClient      *kb_api_client_new               (const char           *server_url,
                                                   GError              **error);
const char       *kb_api_client_get_server_url    (KbApiClient          *self);
const char       *kb_api_client_get_token         (KbApiClient          *self);
void              kb_api_client_set_token         (KbApiClient          *self,
                                                   const char           *token);
void              kb_api_client_await_token       (KbApiClient          *self);
void              kb_api_client_set_timeout       (KbApiClient          *self,
                                                   guint                 seconds);
void              kb_api_client_set_max_retries   (KbApiClient          *self,
                                                   guint                 retries);
gboolean          kb_api_client_set_ca_file       (KbApiClient          *self,
                                                   const char           *path,
                                                   GError              **error);
guint             kb_api_client_get_skipped_items (KbApiClient          *self);

void              kb_api_client_sign_in_async     (KbApiClient          *self,
                                                   const char           *login,
                                                   const char           *password,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
char             *kb_api_client_sign_in_finish    (KbApiClient          *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
void              kb_api_client_sign_out_async    (KbApiClient          *self,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean          kb_api_client_sign_out_finish   (KbApiClient          *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
void              kb_api_client_get_client_async  (KbApiClient          *self,
                                                   const char           *etag,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
KbClientProfile  *kb_api_client_get_client_finish (KbApiClient          *self,
                                                   GAsyncResult         *result,
                                                   char                **etag,
                                                   GError              **error);

gpointer          kb_api_client_list_finish       (KbApiClient          *self,
                                                   GAsyncResult         *result,
                                                   char                **etag,
                                                   GError              **error);

G_END_DECLS
