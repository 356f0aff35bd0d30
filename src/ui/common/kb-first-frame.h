/* kb-first-frame.h — work that waits for the window's next painted frame. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void kb_first_frame_then (GtkWidget      *widget,
                          GSourceFunc     func,
                          gpointer        data,
                          GDestroyNotify  destroy);

G_END_DECLS
