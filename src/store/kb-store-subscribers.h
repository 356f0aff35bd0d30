/* kb-store-subscribers.h — Subscriber Selection in the cache: the whole list and the current subscriber. */
#pragma once

#include "kb-store.h"
#include "kb-subscriber.h"

G_BEGIN_DECLS

/* The subscriber list, for kb_store_dup_fetched_at(). */
#define KB_STORE_SUBSCRIBERS "subscribers"

/* The list is 100 000 rows for a big client: it is read and written on a
 * worker thread, on an SQLite connection of its own (WAL lets the UI's
 * connection read meanwhile). Rows come back in the order they were saved. */
void          kb_store_load_subscribers_async  (KbStore              *self,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
/* Returns: (transfer container): KbSubscriber; @fetched_at is NULL when
 * the list was never fetched. */
GPtrArray    *kb_store_load_subscribers_finish (KbStore              *self,
                                                GAsyncResult         *result,
                                                GDateTime           **fetched_at,
                                                GError              **error);
/* The same, and @tariffs (transfer full, nullable): the tariffs the rows
 * have, as kb_subscriber_collect_tariffs() gives them, made on the worker. */
GPtrArray    *kb_store_load_subscribers_finish_full (KbStore         *self,
                                                     GAsyncResult    *result,
                                                     GDateTime      **fetched_at,
                                                     const char    ***tariffs,
                                                     GError         **error);
/* Replaces the whole list, and records @fetched_at, in one transaction;
 * its search index follows (kb_store_index_subscribers_async()). */
void          kb_store_save_subscribers_async  (KbStore              *self,
                                                GPtrArray            *subscribers,
                                                GDateTime            *fetched_at,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean      kb_store_save_subscribers_finish (KbStore              *self,
                                                GAsyncResult         *result,
                                                GError              **error);

/* A save leaves GNOME Shell's search index (kb-store-search.c) behind the
 * rows, to be made in a step of its own: a search meanwhile reads the
 * rows. */
void          kb_store_index_subscribers_async  (KbStore             *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean      kb_store_index_subscribers_finish (KbStore             *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
gboolean      kb_store_get_subscribers_indexed  (KbStore             *self);

/* The first @limit rows of the list in saved order (an indexed read of a
 * screenful: fine on the UI thread), to show while the whole list loads.
 * Returns: (transfer container): KbSubscriber, empty when none are cached. */
GPtrArray    *kb_store_load_subscribers_head   (KbStore              *self,
                                                guint                 limit,
                                                GError              **error);

/* One cached subscriber (a primary-key read: fine on the UI thread), or
 * NULL without an error when there is none with @id. */
KbSubscriber *kb_store_load_subscriber         (KbStore              *self,
                                                const char           *id,
                                                GError              **error);
/* The subscriber chosen in Subscriber Selection, kept across restarts. */
char         *kb_store_dup_current_subscriber  (KbStore              *self,
                                                GError              **error);
gboolean      kb_store_set_current_subscriber  (KbStore              *self,
                                                const char           *id,
                                                GError              **error);

G_END_DECLS
