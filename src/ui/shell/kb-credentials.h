/* kb-credentials.h — the session token in the Secret Service, never anywhere else. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define KB_TYPE_CREDENTIALS (kb_credentials_get_type ())
G_DECLARE_FINAL_TYPE (KbCredentials, kb_credentials, KB, CREDENTIALS, GObject)

KbCredentials *kb_credentials_new           (void);

void           kb_credentials_store_async   (KbCredentials        *self,
                                             const char           *server_url,
                                             const char           *login,
                                             const char           *token,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean       kb_credentials_store_finish  (KbCredentials        *self,
                                             GAsyncResult         *result,
                                             GError              **error);
void           kb_credentials_lookup_async  (KbCredentials        *self,
                                             const char           *server_url,
                                             const char           *login,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
char          *kb_credentials_lookup_finish (KbCredentials        *self,
                                             GAsyncResult         *result,
                                             GError              **error);
void           kb_credentials_clear_async   (KbCredentials        *self,
                                             const char           *server_url,
                                             const char           *login,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean       kb_credentials_clear_finish  (KbCredentials        *self,
                                             GAsyncResult         *result,
                                             GError              **error);

char          *kb_credentials_describe_error (const GError        *error,
                                              gboolean             storing);

G_END_DECLS
