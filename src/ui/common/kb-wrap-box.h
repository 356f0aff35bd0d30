/* kb-wrap-box.h — a row of widgets that becomes a column when the window is too narrow for it. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KB_TYPE_WRAP_BOX (kb_wrap_box_get_type ())
G_DECLARE_FINAL_TYPE (KbWrapBox, kb_wrap_box, KB, WRAP_BOX, GtkWidget)

/* Children are added in a template with <child>, or with kb_wrap_box_append(). Where the natural
 * widths of the visible children fit, they stand in a row as in a horizontal GtkBox (the extra
 * space goes to the children that expand); where not, each gets a line of its own. Property
 * "spacing" (int): the space between two children, in either layout. */
GtkWidget *kb_wrap_box_new         (int        spacing);
void       kb_wrap_box_append      (KbWrapBox *self,
                                    GtkWidget *child);

G_END_DECLS
