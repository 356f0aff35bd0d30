/* kb-sync-private.h — what the files of the sync layer share beyond its public API. */
#pragma once

#include "kb-sync.h"

G_BEGIN_DECLS

void _kb_sync_note_outcome (gpointer         source,
                            const GError    *error);
void _kb_sync_set_client   (KbSync          *self,
                            KbClientProfile *profile,
                            const char      *etag,
                            GDateTime       *now);

G_END_DECLS
