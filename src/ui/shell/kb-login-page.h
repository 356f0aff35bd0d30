/* kb-login-page.h — the first-run page: sign in, or try the demo. */
#pragma once

#include <adwaita.h>

#include "kb-session-manager.h"

G_BEGIN_DECLS

#define KB_TYPE_LOGIN_PAGE (kb_login_page_get_type ())
G_DECLARE_FINAL_TYPE (KbLoginPage, kb_login_page, KB, LOGIN_PAGE, AdwBin)

void kb_login_page_setup        (KbLoginPage      *self,
                                 KbSessionManager *manager,
                                 GSettings        *settings);
void kb_login_page_show_message (KbLoginPage      *self,
                                 const char       *message);
void kb_login_page_start_demo   (KbLoginPage      *self);

G_END_DECLS
