/* kb-page.h — the base class of every section page. */
#pragma once

#include <adwaita.h>

#include "kb-sections.h"
#include "kb-sync.h"

G_BEGIN_DECLS

#define KB_TYPE_PAGE (kb_page_get_type ())
G_DECLARE_DERIVABLE_TYPE (KbPage, kb_page, KB, PAGE, AdwBin)

/**
 * KbPageData:
 * @KB_PAGE_DATA_CACHED: what the cache has, before the server is asked
 * @KB_PAGE_DATA_STALE: the server could not be asked; the banner says why
 * @KB_PAGE_DATA_FRESH: the server has just confirmed or replaced it
 *
 * How current the data is that KbPageClass.show_cached() is asked to show.
 */
typedef enum {
  KB_PAGE_DATA_CACHED,
  KB_PAGE_DATA_STALE,
  KB_PAGE_DATA_FRESH,
} KbPageData;

struct _KbPageClass
{
  AdwBinClass parent_class;

  /* Shows what is cached and asks the server for what is new. The default
   * runs the three below and shows the outcome; a page that chains up may
   * do more first, and one without them (Feedback) refreshes its own way. */
  void     (*reload)         (KbPage               *self);

  /* Asks the server for the page's data, into the cache. */
  void     (*refresh_async)  (KbPage               *self,
                              GCancellable         *cancellable,
                              GAsyncReadyCallback   callback,
                              gpointer              user_data);
  /* Sets @fetched_at (transfer full, nullable) to when the server last
   * confirmed what is cached, whether or not this refresh failed. */
  gboolean (*refresh_finish) (KbPage               *self,
                              GAsyncResult         *result,
                              GDateTime           **fetched_at,
                              GError              **error);
  /* Shows what is cached; FALSE when there is nothing to show, so that the
   * page shows it is loading, or why it cannot show anything. */
  gboolean (*show_cached)    (KbPage               *self,
                              KbPageData            data);
  /* Shows one thing in the page that another section points to, named by
   * @target as in the win.show-section action's "section/target". */
  void     (*show_target)    (KbPage               *self,
                              const char           *target);
};

KbSync          *kb_page_get_sync        (KbPage    *self);
const KbSection *kb_page_get_section     (KbPage    *self);
GCancellable    *kb_page_get_cancellable (KbPage    *self);
gboolean         kb_page_get_refreshing  (KbPage    *self);
GtkWidget       *kb_page_get_content     (KbPage    *self);
void             kb_page_set_content     (KbPage    *self,
                                          GtkWidget *content);
GtkWidget       *kb_page_get_header      (KbPage    *self);
void             kb_page_set_header      (KbPage    *self,
                                          GtkWidget *header);
void             kb_page_reload          (KbPage    *self);
void             kb_page_show_cached     (KbPage    *self);
void             kb_page_queue_refresh   (KbPage    *self);
void             kb_page_show_target     (KbPage     *self,
                                          const char *target);

G_END_DECLS
