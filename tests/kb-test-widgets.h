/* kb-test-widgets.h — finding and driving widgets the way a user sees them. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef gboolean (*KbWidgetMatch) (GtkWidget *widget, gconstpointer data);

GtkWidget *kb_test_find_widget     (GtkWidget     *root,
                                    KbWidgetMatch  match,
                                    gconstpointer  data);
GtkWidget *kb_test_find_type       (GtkWidget     *root,
                                    GType          type);
GtkWidget *kb_test_find_row        (GtkWidget     *root,
                                    const char    *title);
GtkWidget *kb_test_find_action     (GtkWidget     *root,
                                    const char    *action_name);
GtkWidget *kb_test_find_button     (GtkWidget     *root,
                                    const char    *label);
GtkWidget *kb_test_find_label      (GtkWidget     *root,
                                    const char    *text);
GtkWidget *kb_test_find_label_containing (GtkWidget *root,
                                          const char *text);
gboolean   kb_test_is_shown        (GtkWidget     *widget);
gboolean   kb_test_has_latin_letters (const char  *text);
void       kb_test_collect_titles  (GtkWidget     *root,
                                    GPtrArray     *titles);
GtkWidget *kb_test_find_toplevel   (GType          type);
void       kb_test_tolerate_gtk_focus_warning (void);
gboolean   kb_test_press_keys      (GtkWidget     *focus,
                                    const char    *accelerator);
void       kb_test_wait_for_frames (GtkWidget     *widget,
                                    guint          n);
void       kb_test_check_narrow    (GtkWidget     *window,
                                    int            width,
                                    GString       *problems);

G_END_DECLS
