/* kb-sync-private.h — what the files of the sync layer share beyond its public API. */
#pragma once

#include "kb-sync.h"

G_BEGIN_DECLS

void        _kb_sync_note_outcome    (gpointer             source,
                                      const GError        *error);
void        _kb_sync_set_client      (KbSync              *self,
                                      KbClientProfile     *profile,
                                      const char          *etag,
                                      GDateTime           *now);

GTask      *_kb_sync_task_new        (gpointer             source,
                                      gpointer             source_tag,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
gboolean    _kb_sync_task_check      (GTask               *task,
                                      GError             **error);
gboolean    _kb_sync_refresh_check   (GTask               *task,
                                      const char          *resource,
                                      GDateTime          **fetched_at,
                                      GError             **error);
gboolean    _kb_sync_finish_boolean  (gpointer             source,
                                      GAsyncResult        *result,
                                      GError             **error);
gpointer    _kb_sync_finish_pointer  (gpointer             source,
                                      GAsyncResult        *result,
                                      GError             **error);
void        _kb_sync_unwatched_refresh_done (GObject      *source,
                                             GAsyncResult *result,
                                             gpointer      user_data);

void        _kb_sync_replace_all     (GListStore          *store,
                                      GPtrArray           *items);
void        _kb_sync_set_fetched_at  (gpointer             source,
                                      GDateTime          **field,
                                      GDateTime           *fetched_at,
                                      GParamSpec          *pspec);
GParamSpec *_kb_sync_param_refreshing (void);
GParamSpec *_kb_sync_param_fetched_at (void);

G_END_DECLS
