/* kb-application-private.h — shared between the application and its action table. */
#pragma once

#include "kb-application.h"

G_BEGIN_DECLS

#include "kb-window.h"

void      _kb_application_install_actions (KbApplication *self);
/* kb-application-requests.c */
void      _kb_application_install_request_actions (KbApplication *self);
void      _kb_application_follow_requests (KbApplication *self,
                                           KbRequests    *requests);
KbWindow *kb_application_get_main_window  (KbApplication *self);
KbWindow *_kb_application_present_main_window (KbApplication *self);

G_END_DECLS
