/* kb-test-util.h — what every Kabinet test program shares. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "kb-server.h"

G_BEGIN_DECLS

/* Iterates the default main context until @condition holds, or fails the
 * test after @seconds. */
#define kb_test_wait_for(condition, seconds)                                        \
  G_STMT_START {                                                                    \
    gint64 kb_deadline_ = g_get_monotonic_time () + (gint64) ((seconds) * G_USEC_PER_SEC); \
    while (!(condition))                                                            \
      {                                                                             \
        if (g_get_monotonic_time () > kb_deadline_)                                 \
          g_error ("%s:%d: timed out waiting for %s", __FILE__, __LINE__, #condition); \
        if (!g_main_context_iteration (NULL, FALSE))                                \
          g_usleep (2000);                                                          \
      }                                                                             \
  } G_STMT_END

/* The reference server on its own thread, with the demo data, as each test
 * that needs a backend starts it. */
typedef struct {
  KbServerThread *thread;
  KbServer *server;
  char *url;
} KbTestServer;

void          kb_test_server_start  (KbTestServer  *server);
void          kb_test_server_stop   (KbTestServer  *server);

void          kb_test_on_ready      (GObject       *source,
                                     GAsyncResult  *result,
                                     gpointer       user_data);
GAsyncResult *kb_test_wait_result   (GAsyncResult **slot);
JsonNode     *kb_test_http_json     (const char    *method,
                                     const char    *url,
                                     const char    *token,
                                     const char    *body,
                                     guint         *status);
char         *kb_test_sign_in_raw   (const char    *server_url,
                                     const char    *login,
                                     const char    *password);

G_END_DECLS
