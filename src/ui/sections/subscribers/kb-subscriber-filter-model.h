/* kb-subscriber-filter-model.h — a sorted, filtered view of a subscriber list in plain arrays. */
#pragma once

#include <gtk/gtk.h>

#include "kb-filter-list-model.h"
#include "kb-subscriber.h"

G_BEGIN_DECLS

#define KB_TYPE_SUBSCRIBER_FILTER_MODEL (kb_subscriber_filter_model_get_type ())
G_DECLARE_FINAL_TYPE (KbSubscriberFilterModel, kb_subscriber_filter_model, KB, SUBSCRIBER_FILTER_MODEL, GObject)

typedef gboolean (*KbSubscriberMatchFunc) (KbSubscriber *subscriber,
                                           gpointer      user_data);

/* A GListModel of the KbSubscribers of @source that @match accepts, in the
 * order of @sorter (the source's order when it has none).
 *
 * What GtkSortListModel + GtkFilterListModel do, for one item type and one
 * use: the sorted list is an array of pointers that KbFilterListModel
 * filters, and a change is announced as the one range in which the old and
 * the new shown lists differ, so that the list view rebinds only the rows
 * that changed. @match is called with @user_data as it is, on the main
 * thread, until kb_subscriber_filter_model_set_query_copy() says how to
 * copy it for a worker. */
KbSubscriberFilterModel *kb_subscriber_filter_model_new       (GListModel              *source,
                                                               GtkSorter               *sorter,
                                                               KbSubscriberMatchFunc    match,
                                                               gpointer                 user_data);
void                     kb_subscriber_filter_model_set_source (KbSubscriberFilterModel *self,
                                                                GListModel              *source);
/* Matches again after the match function's criteria changed; @change says
 * how (GTK_FILTER_CHANGE_MORE_STRICT only looks at the rows still shown). */
void                     kb_subscriber_filter_model_refilter  (KbSubscriberFilterModel *self,
                                                               GtkFilterChange          change);
/* From now on, each pass matches with @match and a copy of @query made by
 * @copy when it starts: a large list is then filtered off the main thread,
 * and shown when its pass ends ("pending" notifies). With @search (which
 * finds what @match accepts in a KbSubscriberIndex of the list, such as
 * kb_subscriber_query_search()), the pass searches the list packed. */
void                     kb_subscriber_filter_model_set_query_copy (KbSubscriberFilterModel *self,
                                                                    KbSubscriberMatchFunc    match,
                                                                    KbFilterSearchFunc       search,
                                                                    gpointer                 query,
                                                                    GBoxedCopyFunc           copy,
                                                                    GDestroyNotify           free_copy);
gboolean                 kb_subscriber_filter_model_get_pending    (KbSubscriberFilterModel *self);

G_END_DECLS
