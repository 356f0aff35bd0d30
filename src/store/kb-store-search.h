/* kb-store-search.h — what GNOME Shell's search finds in the cache. */
#pragma once

#include <gio/gio.h>

#include "kb-invoice.h"
#include "kb-operator-request.h"
#include "kb-question.h"
#include "kb-subscriber.h"

G_BEGIN_DECLS

#define KB_TYPE_STORE_SEARCH (kb_store_search_get_type ())
G_DECLARE_FINAL_TYPE (KbStoreSearch, kb_store_search, KB, STORE_SEARCH, GObject)

/* A read-only connection of its own to a cache file: it never writes,
 * whoever else has the file open, and it may be made and used in any thread
 * (one at a time). Opening one takes about a millisecond. */
KbStoreSearch *kb_store_search_open   (const char          *path,
                                       GError             **error);
GPtrArray     *kb_store_search_find   (KbStoreSearch       *self,
                                       const char * const  *terms,
                                       guint                limit,
                                       GError             **error);
GObject       *kb_store_search_lookup (KbStoreSearch       *self,
                                       GType                type,
                                       const char          *id,
                                       GError             **error);

G_END_DECLS
