/* kb-server-test.h — what the server's test programs share: a server thread and plain HTTP. */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "kb-server.h"
#include "kb-test-util.h"

G_BEGIN_DECLS

typedef struct {
  KbServerThread *thread;
  KbServer *server;
  char *url;
  SoupSession *session;
} KbServerFixture;

typedef struct {
  guint status;
  GError *error;              /* a transport error, status 0 */
  JsonNode *json;             /* (nullable) the body, if it was JSON */
  GBytes *body;
  SoupMessageHeaders *headers;
} KbReply;

SoupSession *kb_test_session_new    (void);
void      kb_server_fixture_setup    (KbServerFixture *f,
                                      gconstpointer    data);
void      kb_server_fixture_teardown (KbServerFixture *f,
                                      gconstpointer    data);

KbReply  *kb_http                    (KbServerFixture *f,
                                      const char      *method,
                                      const char      *path,
                                      const char      *token,
                                      const char      *body,
                                      ...) G_GNUC_NULL_TERMINATED;
KbReply  *kb_http_bytes              (KbServerFixture *f,
                                      const char      *method,
                                      const char      *path,
                                      const char      *token,
                                      GBytes          *body,
                                      const char      *content_type,
                                      GStrv            headers);
void      kb_reply_free              (KbReply         *reply);
const char *kb_reply_error_code      (KbReply         *reply);
JsonObject *kb_reply_object          (KbReply         *reply);
const char *kb_reply_header          (KbReply         *reply,
                                      const char      *name);

char     *kb_sign_in                 (KbServerFixture *f,
                                      const char      *login,
                                      const char      *password);

/* A client of the events WebSocket that keeps every message it receives. */
typedef struct {
  SoupWebsocketConnection *connection;
  GError *error;
  GPtrArray *messages;   /* JsonNode */
  gboolean done;
  guint status;
} KbTestSocket;

KbTestSocket *kb_test_events_connect  (KbServerFixture *f,
                                      const char      *token);
/* Waits for a message of @type and returns it, or NULL if none came in @seconds. */
JsonObject *kb_test_events_wait      (KbTestSocket    *socket,
                                      const char      *type,
                                      guint            seconds);
void      kb_test_socket_free        (KbTestSocket    *socket);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KbReply, kb_reply_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KbTestSocket, kb_test_socket_free)

G_END_DECLS
