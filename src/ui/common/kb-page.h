/* kb-page.h — the base class of every section page. */
#pragma once

#include <adwaita.h>

#include "kb-operator-request.h"
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

/**
 * KbPageRefresh:
 * @refresh_async: void (*) (Source *, GCancellable *, GAsyncReadyCallback, gpointer)
 * @refresh_finish: gboolean (*) (Source *, GAsyncResult *, GError **)
 * @get_fetched_at: GDateTime *(*) (Source *), transfer none; or %NULL, and
 * @dup_fetched_at: GDateTime *(*) (Source *, const char *key), transfer full,
 *   called with @key (e.g. kb_sync_dup_fetched_at() and a billing resource)
 * @key: see @dup_fetched_at
 *
 * How a page refreshes through one sync object (the "source": KbSync, or
 * one it owns such as KbRenames), as its functions, cast with G_CALLBACK().
 * Most pages differ only in these; kb_page_set_refresh() hands them in, and
 * KbPage's own refresh_async and refresh_finish call them. A page that
 * must pass more (Payments' period) still implements refresh_async.
 */
typedef struct
{
  GCallback   refresh_async;
  GCallback   refresh_finish;
  GCallback   get_fetched_at;
  GCallback   dup_fetched_at;
  const char *key;
} KbPageRefresh;

struct _KbPageClass
{
  AdwBinClass parent_class;

  /* Shows what is cached and asks the server for what is new. The default
   * runs the three below and shows the outcome; a page that chains up may
   * do more first, and one without them (Feedback) refreshes its own way. */
  void     (*reload)         (KbPage               *self);

  /* Asks the server for the page's data, into the cache. The default
   * calls the KbPageRefresh that the page handed in. */
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
  /* Leaves the sub-view shown (a thread, an order) for the view it was
   * opened from; %FALSE when the page is not in one. */
  gboolean (*go_back)        (KbPage               *self);
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
void             kb_page_set_refresh     (KbPage              *self,
                                          const KbPageRefresh *refresh,
                                          gpointer             source);
GDateTime       *kb_page_dup_fetched_at  (KbPage    *self);
guint            kb_page_get_screenful   (KbPage    *self,
                                          int        row_height);

void             kb_page_class_follow_request (KbPageClass           *page_class,
                                               gsize                  label_offset,
                                               KbOperatorRequestKind  kind);

/**
 * KB_PAGE_CLASS_FOLLOW_REQUEST:
 * @klass: the page's class, in its class_init
 * @TypeName: the page's instance type, e.g. KbPaymentsPage
 * @member: its #KbRequestLabel field (a template child, or made in init)
 * @kind: the #KbOperatorRequestKind of the requests the page makes
 *
 * Has the page's label show the session's newest request of @kind, as
 * gtk_widget_class_bind_template_child() binds a child.
 */
#define KB_PAGE_CLASS_FOLLOW_REQUEST(klass, TypeName, member, kind) \
  kb_page_class_follow_request (KB_PAGE_CLASS (klass), G_STRUCT_OFFSET (TypeName, member), (kind))

gboolean         kb_page_go_back          (KbPage          *self);
gboolean         kb_page_focus_search     (KbPage          *self);
void             kb_page_add_key_bindings (GtkWidgetClass  *widget_class,
                                           GtkShortcutFunc  go_back,
                                           GtkShortcutFunc  search);

G_END_DECLS
