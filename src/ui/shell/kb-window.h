/* kb-window.h — the main window: sign-in, or the admin menu and its sections. */
#pragma once

#include <adwaita.h>

#include "kb-session-manager.h"

G_BEGIN_DECLS

#define KB_TYPE_WINDOW (kb_window_get_type ())
G_DECLARE_FINAL_TYPE (KbWindow, kb_window, KB, WINDOW, AdwApplicationWindow)

KbWindow   *kb_window_new                (GtkApplication   *application,
                                          KbSessionManager *manager,
                                          GSettings        *settings);
void        kb_window_start              (KbWindow         *self,
                                          gboolean          demo);
gboolean    kb_window_show_section       (KbWindow         *self,
                                          const char       *section_id);
const char *kb_window_get_visible_section (KbWindow        *self);
GtkWidget  *kb_window_get_page           (KbWindow         *self,
                                          const char       *section_id);
void        kb_window_add_toast          (KbWindow         *self,
                                          const char       *message);
gboolean    kb_window_open_question      (KbWindow         *self,
                                          const char       *question_id);
const char *kb_window_get_open_question  (KbWindow         *self);
const char *kb_window_get_shown_target  (KbWindow         *self);

G_END_DECLS
