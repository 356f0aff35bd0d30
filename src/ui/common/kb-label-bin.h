/* kb-label-bin.h — holds a wrapping label and gives its width without searching one for a height. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KB_TYPE_LABEL_BIN (kb_label_bin_get_type ())
G_DECLARE_FINAL_TYPE (KbLabelBin, kb_label_bin, KB, LABEL_BIN, GtkWidget)

GtkWidget *kb_label_bin_new       (GtkWidget  *child);
GtkWidget *kb_label_bin_get_child (KbLabelBin *self);
void       kb_label_bin_set_child (KbLabelBin *self,
                                   GtkWidget  *child);

G_END_DECLS
