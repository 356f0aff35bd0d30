/* kb-json-guard.h — what JSON text may be handed to json-glib at all. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The deepest nesting of arrays and objects the contract ever needs is 5;
 * 64 leaves room and keeps json-glib's recursive parser far from the end of
 * any thread's stack. */
#define KB_JSON_MAX_DEPTH 64

gboolean kb_json_depth_ok (const char *data,
                           gsize       size,
                           guint       max_depth);

G_END_DECLS
