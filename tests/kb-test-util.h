/* kb-test-util.h — what every Kabinet test program shares. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "kb-server.h"

G_BEGIN_DECLS

void          kb_test_init          (int            *argc,
                                     char         ***argv);
gboolean      kb_test_in_russian    (void);

/* Translations as the UI shows them: looked up in the catalogue under the
 * test's LANGUAGE (the English text itself in an English run). The strings
 * are interned, for use inside an expression. */
const char   *kb_test_trf           (const char      *msgid,
                                     ...) G_GNUC_PRINTF (1, 2);
const char   *kb_test_ntrf          (const char      *msgid,
                                     const char      *msgid_plural,
                                     gulong           n,
                                     ...) G_GNUC_PRINTF (1, 4);
const char   *kb_test_tr_lead       (const char      *msgid);

/* Waiting: every test waits for a condition by iterating the default main
 * context, never by sleeping. */
typedef gboolean (*KbTestCondition) (gpointer data);

void          kb_test_iterate       (void);
void          kb_test_drain         (void);
gboolean      kb_test_poll_until    (KbTestCondition  condition,
                                     gpointer         data,
                                     guint            timeout_ms);
void          kb_test_wait_until    (KbTestCondition  condition,
                                     gpointer         data,
                                     guint            timeout_ms);
void          kb_test_run_for       (guint            ms);
void          kb_test_clear_and_wait (gpointer        owned_location,
                                      gpointer        watched);
gint64        kb_test_deadline      (double           seconds);
void          kb_test_wait_step     (gint64           deadline,
                                     const char      *where,
                                     const char      *what);

/* Iterates the default main context until @condition (an expression) holds,
 * or fails the test after @seconds, naming the condition and the line. */
#define kb_test_wait_for(condition, seconds)                        \
  G_STMT_START {                                                    \
    gint64 kb_deadline_ = kb_test_deadline (seconds);               \
    while (!(condition))                                            \
      kb_test_wait_step (kb_deadline_, G_STRLOC, #condition);       \
  } G_STMT_END

/* The reference server on its own thread, with the demo data, as each test
 * that needs a backend starts it. */
typedef struct {
  KbServerThread *thread;
  KbServer *server;
  char *url;
} KbTestServer;

void          kb_test_server_start  (KbTestServer  *server);
void          kb_test_server_start_seeded (KbTestServer *server,
                                           KbServerSeed  seed);
void          kb_test_server_stop   (KbTestServer  *server);

GDateTime    *kb_test_date          (int            year,
                                     int            month,
                                     int            day,
                                     int            hour);
void          kb_test_set_server_date (KbServer    *server,
                                       int          year,
                                       int          month,
                                       int          day,
                                       int          hour);
void          kb_test_set_server_day (KbServer     *server,
                                      int           day);

void          kb_test_on_ready      (GObject       *source,
                                     GAsyncResult  *result,
                                     gpointer       user_data);
GAsyncResult *kb_test_wait_result   (GAsyncResult **slot);
/* Runs @start (source, cancellable, callback, data) and @finish (source,
 * result, error) of an async operation to the end; it must succeed. */
void          kb_test_run_async     (gpointer       source,
                                     GCallback      start,
                                     GCallback      finish);

/* A proxy for @interface at @bus_name and @object_path on the session bus,
 * and a call through it that iterates the main context until the reply
 * (the service may be this process) and must succeed. */
GDBusProxy   *kb_test_dbus_proxy    (const char    *bus_name,
                                     const char    *object_path,
                                     const char    *interface);
GVariant     *kb_test_dbus_call     (GDBusProxy    *proxy,
                                     const char    *method,
                                     GVariant      *args);
JsonNode     *kb_test_http_json     (const char    *method,
                                     const char    *url,
                                     const char    *token,
                                     const char    *body,
                                     guint         *status);
char         *kb_test_sign_in_raw   (const char    *server_url,
                                     const char    *login,
                                     const char    *password);
GPtrArray    *kb_test_demo_numbers  (const char    *server_url,
                                     guint          n);

G_END_DECLS
