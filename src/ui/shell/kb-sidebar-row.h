/* kb-sidebar-row.h — one entry of the admin menu in the sidebar. */
#pragma once

#include <gtk/gtk.h>

#include "kb-sections.h"

G_BEGIN_DECLS

#define KB_TYPE_SIDEBAR_ROW (kb_sidebar_row_get_type ())
G_DECLARE_FINAL_TYPE (KbSidebarRow, kb_sidebar_row, KB, SIDEBAR_ROW, GtkListBoxRow)

GtkWidget       *kb_sidebar_row_new             (const KbSection *section);
const KbSection *kb_sidebar_row_get_section     (KbSidebarRow    *self);
void             kb_sidebar_row_set_badge_count (KbSidebarRow    *self,
                                                 guint            count);

G_END_DECLS
