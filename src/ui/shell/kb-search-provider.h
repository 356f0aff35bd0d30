/* kb-search-provider.h — Kabinet in GNOME Shell's search (SearchProvider2 over the cache). */
#pragma once

#include <gio/gio.h>

#include "kb-application.h"

G_BEGIN_DECLS

#define KB_TYPE_SEARCH_PROVIDER (kb_search_provider_get_type ())
G_DECLARE_FINAL_TYPE (KbSearchProvider, kb_search_provider, KB, SEARCH_PROVIDER, GObject)

/* How many results of each kind (subscribers, questions, invoices) a search gives. */
#define KB_SEARCH_PROVIDER_RESULTS_PER_KIND 5

KbSearchProvider *kb_search_provider_new           (KbApplication     *application);
gboolean          kb_search_provider_dbus_register (KbSearchProvider  *self,
                                                    GDBusConnection   *connection,
                                                    const char        *object_path,
                                                    GError           **error);
void              kb_search_provider_dbus_unregister (KbSearchProvider *self);

G_END_DECLS
