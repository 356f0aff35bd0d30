/* kb-background.h — threads for work that nobody watches happen: parsing replies, writing the cache. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

GThreadPool *kb_background_pool_new (GFunc    func,
                                     gpointer user_data);

G_END_DECLS
