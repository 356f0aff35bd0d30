/* kb-tooltip.h — setting a tooltip without GTK 4.8's round trips to the X server. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void kb_tooltip_set (GtkWidget  *widget,
                     const char *text);

G_END_DECLS
