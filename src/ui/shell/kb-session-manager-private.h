/* kb-session-manager-private.h — what the session manager's files share.
 *
 * KbSessionManager is split as gnome-text-editor splits its window: signing
 * in and out in kb-session-manager.c, the demo server in
 * kb-session-manager-demo.c, restoring a remembered session in
 * kb-session-manager-restore.c.
 */
#pragma once

#include "kb-session-manager.h"

G_BEGIN_DECLS

struct _KbSessionManager
{
  GObject parent_instance;

  GSettings *settings;
  KbCredentials *credentials;
  KbSync *sync;
  char *login;
  char *server_url;
  gboolean is_demo;
  gboolean awaiting_token;    /* shown from the cache, the keyring not asked yet */
  GSubprocess *demo_server;   /* kabinet-server, for the demo */
  char *demo_url;
};

typedef struct {
  KbApiClient *api;
  char *login;
  char *password;
  gboolean remember;
  gboolean demo;
} SignInData;

void     _kb_session_manager_sign_in_data_free (SignInData       *data);
void     _kb_session_manager_start_sign_in     (KbSessionManager *self,
                                                GTask            *task,
                                                const char       *password);
char    *_kb_session_manager_cache_path_for    (const char       *server_url,
                                                const char       *login,
                                                gboolean          demo);
gboolean _kb_session_manager_open_session      (KbSessionManager *self,
                                                KbApiClient      *api,
                                                const char       *login,
                                                gboolean          demo,
                                                GError          **error);
void     _kb_session_manager_set_sync          (KbSessionManager *self,
                                                KbSync           *sync);
void     _kb_session_manager_set_cached        (KbSessionManager *self,
                                                gboolean          cached);
void     _kb_session_manager_stop_demo_server  (KbSessionManager *self);

G_END_DECLS
