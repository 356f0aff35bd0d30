/* kb-email.h — the contract's rule for an e-mail address. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean kb_email_is_valid (const char *address);

G_END_DECLS
