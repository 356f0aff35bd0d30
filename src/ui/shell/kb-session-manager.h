/* kb-session-manager.h — signing in and out, remembering the session, the demo server. */
#pragma once

#include <gio/gio.h>

#include "kb-credentials.h"
#include "kb-sync.h"

G_BEGIN_DECLS

#define KB_TYPE_SESSION_MANAGER (kb_session_manager_get_type ())
G_DECLARE_FINAL_TYPE (KbSessionManager, kb_session_manager, KB, SESSION_MANAGER, GObject)

KbSessionManager *kb_session_manager_new             (GSettings            *settings,
                                                      KbCredentials        *credentials);
KbSync           *kb_session_manager_get_sync        (KbSessionManager     *self);
const char       *kb_session_manager_get_login       (KbSessionManager     *self);
gboolean          kb_session_manager_get_is_demo     (KbSessionManager     *self);
char             *kb_session_manager_dup_demo_url    (KbSessionManager     *self);
char             *kb_session_manager_dup_cache_path  (KbSessionManager     *self);

void              kb_session_manager_sign_in_async   (KbSessionManager     *self,
                                                      const char           *server_url,
                                                      const char           *login,
                                                      const char           *password,
                                                      gboolean              remember,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
gboolean          kb_session_manager_sign_in_finish  (KbSessionManager     *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);
void              kb_session_manager_start_demo_async (KbSessionManager    *self,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
gboolean          kb_session_manager_start_demo_finish (KbSessionManager   *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);
gboolean          kb_session_manager_open_cached     (KbSessionManager     *self);
void              kb_session_manager_restore_async   (KbSessionManager     *self,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
gboolean          kb_session_manager_restore_finish  (KbSessionManager     *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);
gboolean          kb_session_manager_resume          (KbSessionManager     *self,
                                                      const char           *server_url,
                                                      const char           *login,
                                                      const char           *token,
                                                      GError              **error);
void              kb_session_manager_sign_out_async  (KbSessionManager     *self,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
gboolean          kb_session_manager_sign_out_finish (KbSessionManager     *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);
void              kb_session_manager_shutdown        (KbSessionManager     *self);

G_END_DECLS
