/* kb-list-import-read.h — a subscriber list read off the main loop, from a file or from text. */
#pragma once

#include <gio/gio.h>

#include "kb-list-import-row.h"

G_BEGIN_DECLS

/* Reads @file (or, when it is %NULL, @bytes) as a @kind list: the file is
 * loaded asynchronously, then parsed on a worker thread, where numbers that
 * are not in @known (a set of canonical numbers; %NULL: all are known) are
 * marked unknown and the rows are made. */
void       kb_list_import_read_async  (KbSubscriberListKind  kind,
                                       GFile                *file,
                                       GBytes               *bytes,
                                       GHashTable           *known,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
/* Returns: (transfer container): the rows (KbListImportRow), at least one;
 * or %NULL with a translated @error that says why there is no list. */
GPtrArray *kb_list_import_read_finish (GAsyncResult         *result,
                                       GError              **error);

G_END_DECLS
