/* kb-application.h — Kabinet's application object: owns the long-lived services. */
#pragma once

#include <adwaita.h>

#include "kb-session-manager.h"

G_BEGIN_DECLS

#define KB_TYPE_APPLICATION (kb_application_get_type ())
G_DECLARE_FINAL_TYPE (KbApplication, kb_application, KB, APPLICATION, AdwApplication)

KbApplication    *kb_application_new                 (void);
KbSessionManager *kb_application_get_session_manager (KbApplication *self);
GSettings        *kb_application_get_settings        (KbApplication *self);

G_END_DECLS
