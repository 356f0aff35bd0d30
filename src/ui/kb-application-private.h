/* kb-application-private.h — shared between the application and its action table. */
#pragma once

#include "kb-application.h"

G_BEGIN_DECLS

void _kb_application_install_actions (KbApplication *self);

G_END_DECLS
