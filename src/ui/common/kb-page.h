/* kb-page.h — the base class of every section page. */
#pragma once

#include <adwaita.h>

#include "kb-sections.h"
#include "kb-sync.h"

G_BEGIN_DECLS

#define KB_TYPE_PAGE (kb_page_get_type ())
G_DECLARE_DERIVABLE_TYPE (KbPage, kb_page, KB, PAGE, AdwBin)

struct _KbPageClass
{
  AdwBinClass parent_class;

  /* Shows what is cached and asks the server for what is new. */
  void (*reload) (KbPage *self);
  /* Shows one thing in the page that another section points to, named by
   * @target as in the win.show-section action's "section/target". */
  void (*show_target) (KbPage *self, const char *target);
  /* Leaves the sub-view shown (a thread, an order) for the view it was
   * opened from; %FALSE when the page is not in one. */
  gboolean (*go_back) (KbPage *self);
};

KbSync          *kb_page_get_sync        (KbPage *self);
const KbSection *kb_page_get_section     (KbPage *self);
GCancellable    *kb_page_get_cancellable (KbPage *self);
void             kb_page_reload          (KbPage *self);
void             kb_page_show_target     (KbPage     *self,
                                          const char *target);

gboolean         kb_page_go_back         (KbPage     *self);
gboolean         kb_page_focus_search    (KbPage     *self);
void             kb_page_add_key_bindings (GtkWidgetClass  *widget_class,
                                           GtkShortcutFunc  go_back,
                                           GtkShortcutFunc  search);

void             kb_page_set_refresh_widgets  (KbPage        *self,
                                               GtkStack      *content_stack,
                                               AdwStatusPage *error_page,
                                               GtkRevealer   *offline_revealer,
                                               GtkLabel      *offline_label);
gboolean         kb_page_show_refresh_outcome (KbPage        *self,
                                               const GError  *error,
                                               GDateTime     *fetched_at);

G_END_DECLS
