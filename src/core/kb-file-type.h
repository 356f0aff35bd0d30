/* kb-file-type.h — the contract's rule for what a Feedback attachment may be. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* At most this many bytes a file, and this many files a message. */
#define KB_ATTACHMENT_MAX_SIZE         (10 * 1024 * 1024)
#define KB_ATTACHMENT_MAX_PER_MESSAGE  5

const char *kb_file_type_sniff     (const guint8 *data,
                                    gsize         size,
                                    const char   *name);
gboolean    kb_file_type_is_image  (const char   *content_type);
char       *kb_file_type_safe_name (const char   *name);

G_END_DECLS
