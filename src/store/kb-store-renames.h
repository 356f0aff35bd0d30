/* kb-store-renames.h — the cached rename history, so that it shows offline. */
#pragma once

#include "kb-rename-batch.h"
#include "kb-store.h"

G_BEGIN_DECLS

/* Batches with more rows than this keep only their counts in the cache;
 * their rows are shown when the server is reachable. */
#define KB_STORE_RENAME_ROWS_MAX 5000

/* The rename history, for kb_store_dup_fetched_at(). */
#define KB_STORE_RENAMES "renames"

/* The history as the server last listed it (replacing the cached list;
 * rows of batches no longer listed go too). */
gboolean   kb_store_save_rename_batches    (KbStore        *self,
                                            GPtrArray      *batches,
                                            GDateTime      *fetched_at,
                                            GError        **error);
/* Returns: (transfer container) (element-type KbRenameBatch): newest first,
 * without rows; @fetched_at (out) (nullable) when it was listed. */
GPtrArray *kb_store_load_rename_batches    (KbStore        *self,
                                            GDateTime     **fetched_at,
                                            GError        **error);
/* Keeps @batch and its rows (when it has them and not too many). */
gboolean   kb_store_save_rename_batch      (KbStore        *self,
                                            KbRenameBatch  *batch,
                                            GError        **error);
/* Returns: (transfer container) (nullable): the cached rows of a batch,
 * %NULL without an error when they are not cached. */
GPtrArray *kb_store_load_rename_rows       (KbStore        *self,
                                            const char     *batch_id,
                                            GError        **error);

G_END_DECLS
