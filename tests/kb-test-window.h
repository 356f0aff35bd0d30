/* kb-test-window.h — the real application and window as the UI tests and benchmarks drive them. */
#pragma once

#include "kb-application.h"
#include "kb-test-util.h"
#include "kb-window.h"

G_BEGIN_DECLS

typedef struct {
  KbTestServer srv;
  KbApplication *app;
  KbSessionManager *manager;
  KbWindow *window;
} KbTestWindow;

void           kb_test_ui_init                  (int            *argc,
                                                 char         ***argv);
KbApplication *kb_test_application_new          (void);
KbApplication *kb_test_application_with_session (const char    *url,
                                                 const char    *login,
                                                 const char    *token);
int            kb_test_run_application          (KbApplication **app);
void           kb_test_window_open              (KbTestWindow  *window,
                                                 KbApplication *app);
void           kb_test_window_close             (KbTestWindow  *window);
void           kb_test_window_setup             (KbTestWindow  *window,
                                                 gconstpointer  app);
void           kb_test_window_teardown          (KbTestWindow  *window,
                                                 gconstpointer  data);
void           kb_test_type_into                (GtkWidget     *root,
                                                 const char    *row_title,
                                                 const char    *text);
void           kb_test_submit_sign_in           (KbTestWindow  *window,
                                                 const char    *login,
                                                 const char    *password);
void           kb_test_window_sign_in           (KbTestWindow  *window,
                                                 const char    *login,
                                                 const char    *password);
void           kb_test_fill_cache               (KbSync        *sync);

G_END_DECLS
