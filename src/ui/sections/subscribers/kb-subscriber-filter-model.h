/* kb-subscriber-filter-model.h — a sorted, filtered view of a subscriber list in plain arrays. */
#pragma once

#include <gtk/gtk.h>

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
 * use: the sorted list and the shown part are arrays of pointers, a filter
 * pass is a loop over them, and a change is announced as the one range in
 * which the old and the new shown lists differ, so that the list view
 * rebinds only the rows that changed. */
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

G_END_DECLS
