/* kb-stack-view.h — a stack's views made the first time they are shown. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Makes the view @name of a stack for @owner. */
typedef GtkWidget *(*KbStackViewMake) (gpointer owner, const char *name);

void       kb_stack_show_view  (GtkStack        *stack,
                                const char      *name,
                                KbStackViewMake  make,
                                gpointer         owner);
GtkWidget *kb_status_page_new  (const char      *icon_name,
                                const char      *title,
                                const char      *description);
GtkWidget *kb_pill_button_new  (const char      *mnemonic);

G_END_DECLS
