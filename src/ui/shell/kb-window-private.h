/* kb-window-private.h — what kb-window.c shares with kb-window-actions.c. */
#pragma once

#include "kb-window.h"
#include "kb-requests-button.h"

#include "kb-login-page.h"

G_BEGIN_DECLS

struct _KbWindow
{
  AdwApplicationWindow parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkStack *main_stack;
  GtkWidget *starting_box;         /* its spinner is added when a start waits */
  KbLoginPage *login_page;
  AdwLeaflet *leaflet;
  GtkWidget *content_box;
  GtkListBox *sidebar_list;
  AdwWindowTitle *sidebar_title;
  GtkMenuButton *primary_menu_button;
  GtkButton *back_button;
  GtkButton *refresh_button;
  GMenuModel *primary_menu;
  AdwWindowTitle *content_title;
  KbRequestsButton *requests_button;
  GtkStack *page_stack;

  KbSessionManager *manager;
  GSettings *settings;
  GCancellable *cancellable;
  const KbSection *visible_section;
  char *shown_target;             /* the last "section/target" shown, for request notifications */
  KbFeedback *feedback;       /* the session's, for the unread count on the sidebar */
  KbSubscribers *subscribers; /* the session's, for the current subscriber in the header */
};

void     kb_window_class_actions_init   (GtkWidgetClass *widget_class);
gboolean _kb_window_show_section_target (KbWindow       *self,
                                         const char     *name);

G_END_DECLS
