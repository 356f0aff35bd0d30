/* kb-filter-list-model.h — a filtered list in plain arrays, filtered off the main thread when large. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KB_TYPE_FILTER_LIST_MODEL (kb_filter_list_model_get_type ())
G_DECLARE_FINAL_TYPE (KbFilterListModel, kb_filter_list_model, KB, FILTER_LIST_MODEL, GObject)

/* Whether the row whose key is @key is one @query asks for. It may run on a
 * worker thread, so it reads only @key and @query, which nobody changes
 * while it runs. */
typedef gboolean (*KbFilterMatchFunc) (gpointer      key,
                                       gconstpointer query);

/* An index of all the rows' keys (@keys: the keys, or the items when the
 * rows have no keys of their own), made once per set of rows, on a worker;
 * never NULL. */
typedef gpointer (*KbFilterIndexFunc)  (GPtrArray     *keys);
/* The positions, ascending, of the rows among @candidates (ascending; NULL:
 * all rows) that @query asks for, found in @index: exactly those for which
 * the match function says TRUE. NULL if @cancellable was cancelled first.
 * It may run on a worker thread, as the match function does. */
typedef GArray  *(*KbFilterSearchFunc) (gpointer       index,
                                        GArray        *candidates,
                                        gconstpointer  query,
                                        GCancellable  *cancellable);

/* A GListModel of the rows (items of @item_type, in the order given) that
 * the match function accepts.
 *
 * The rows are an immutable snapshot: the items, and for each one the key
 * the match function reads (the item itself unless keys are given). A
 * filter pass over many rows runs on a worker thread, on that snapshot and
 * a copy of the query; each pass has a generation, and a result whose
 * generation is not the newest (a keystroke came after it, or the rows
 * changed) is dropped. A result is announced as the one range in which the
 * old and the new shown lists differ, so a list view above rebinds only the
 * rows that changed and is never rebuilt. */
KbFilterListModel *kb_filter_list_model_new           (GType              item_type);

/* @match with @data: what the rows are filtered by. With @copy, each pass
 * filters with a copy of @data made when it starts (freed with @free_copy),
 * so a large list is filtered off the main thread; without, @data is read
 * as it is and every pass runs on the main thread. */
void               kb_filter_list_model_set_match     (KbFilterListModel *self,
                                                       KbFilterMatchFunc  match,
                                                       gpointer           data,
                                                       GBoxedCopyFunc     copy,
                                                       GDestroyNotify     free_copy);
/* A pass finds its rows with @search in an index
 * made by @make_index rather than calling the match function on each row
 * (see KbFilterSearchFunc). For a large list, whose rows cost a pass most
 * when each is read from memory of its own: an index packs what the match
 * function reads. The index of new rows is made on a worker shortly after
 * them; a pass that comes first has a worker make it, and one on the main
 * thread matches each row until it is made. */
void               kb_filter_list_model_set_search    (KbFilterListModel *self,
                                                       KbFilterIndexFunc  make_index,
                                                       GDestroyNotify     free_index,
                                                       KbFilterSearchFunc search);
/* Whether two rows' keys are alike for the match function and the index. */
typedef gboolean (*KbFilterKeyEqualFunc) (gconstpointer a,
                                          gconstpointer b);
/* With @equal, rows set again (kb_filter_list_model_set_rows()) with the
 * same items and equal keys are kept as they are, with their index and
 * any pass running on them: a list that is only invalidated (a refresh
 * that brought nothing new) then costs a keystroke neither a new index
 * nor the wait for it. */
void               kb_filter_list_model_set_key_equal (KbFilterListModel    *self,
                                                       KbFilterKeyEqualFunc  equal);
/* Replaces the rows (takes @items, whose free function must drop a
 * reference, and @keys, NULL for the items themselves) and filters them at
 * once, on the main thread: what is shown then never points at rows that
 * are gone. Announced, as a pass is, as the one range that differs. */
void               kb_filter_list_model_set_rows      (KbFilterListModel *self,
                                                       GPtrArray         *items,
                                                       GPtrArray         *keys);
GPtrArray         *kb_filter_list_model_peek_items    (KbFilterListModel *self);
/* Filters again after what the match function asks for changed; @change
 * says how (GTK_FILTER_CHANGE_MORE_STRICT only looks at the rows shown). */
void               kb_filter_list_model_refilter      (KbFilterListModel *self,
                                                       GtkFilterChange    change);
/* Whether a pass runs whose result is not shown yet ("pending" notifies). */
gboolean           kb_filter_list_model_get_pending   (KbFilterListModel *self);
/* Lists with fewer rows than @n_rows (5 000 unless set) are filtered on the
 * main thread: for them a pass costs less than the trip to a worker. */
void               kb_filter_list_model_set_threshold (KbFilterListModel *self,
                                                       guint              n_rows);
/* How long a refilter that hands its pass to a worker waits for the result
 * before it returns (0, the default: it does not). A result that comes in
 * time is shown at once, so that the frame following a keystroke shows it
 * rather than the frame after; one that does not comes as it would. The
 * frame the main thread would paint meanwhile would not show the result. */
void               kb_filter_list_model_set_wait      (KbFilterListModel *self,
                                                       guint              ms);

G_END_DECLS
