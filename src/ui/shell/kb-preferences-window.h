/* kb-preferences-window.h — the preferences, all backed by GSettings. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define KB_TYPE_PREFERENCES_WINDOW (kb_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (KbPreferencesWindow, kb_preferences_window, KB, PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWidget *kb_preferences_window_new (GtkWindow *parent,
                                      GSettings *settings);

G_END_DECLS
