/* kb-server.h — the reference backend of the Kabinet contract, served over HTTP. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum {
  KB_SERVER_SEED_NONE,
  KB_SERVER_SEED_DEMO,
  KB_SERVER_SEED_LARGE,
} KbServerSeed;

typedef enum {
  KB_SERVER_FAULT_NONE,
  KB_SERVER_FAULT_STATUS_500,
  KB_SERVER_FAULT_GARBAGE_BODY,
  KB_SERVER_FAULT_HANG,
  KB_SERVER_FAULT_DISCONNECT,
  KB_SERVER_FAULT_BODY,         /* kb_server_set_fault_body() */
} KbServerFault;

#define KB_SERVER_ERROR (kb_server_error_quark ())

typedef enum {
  KB_SERVER_ERROR_FAILED,
  KB_SERVER_ERROR_EXISTS,
  KB_SERVER_ERROR_NOT_FOUND,
  KB_SERVER_ERROR_INVALID,
} KbServerError;

#define KB_TYPE_SERVER (kb_server_get_type ())
G_DECLARE_FINAL_TYPE (KbServer, kb_server, KB, SERVER, GObject)

GQuark     kb_server_error_quark              (void);

/* Unless noted, a KbServer is used from the thread whose thread-default main
 * context was current when kb_server_listen_local() was called. The calls
 * marked "thread-safe" may be made from any thread, e.g. a test's main
 * thread while the server runs in a KbServerThread. */

KbServer  *kb_server_new                      (const char     *db_path,
                                               KbServerSeed    seed,
                                               GError        **error);
gboolean   kb_server_listen_local             (KbServer       *self,
                                               guint           port,
                                               GError        **error);
guint      kb_server_get_port                 (KbServer       *self);  /* thread-safe */
char      *kb_server_dup_url                  (KbServer       *self);  /* thread-safe */
void       kb_server_stop                     (KbServer       *self);

/* Thread-safe knobs for tests and the demo. */
void       kb_server_set_now                  (KbServer       *self,
                                               GDateTime      *now);
GDateTime *kb_server_dup_now                  (KbServer       *self);
void       kb_server_set_fault                (KbServer       *self,
                                               const char     *path_prefix,
                                               KbServerFault   fault);
void       kb_server_set_fault_body           (KbServer       *self,
                                               const char     *path_prefix,
                                               const char     *json);
void       kb_server_set_token_lifetime       (KbServer       *self,
                                               GTimeSpan       lifetime);
void       kb_server_set_operator_token       (KbServer       *self,
                                               const char     *token);
void       kb_server_set_demo_operator        (KbServer       *self,
                                               guint           delay_seconds);
void       kb_server_set_heartbeat_interval   (KbServer       *self,
                                               guint           seconds);
void       kb_server_set_read_timeout         (KbServer       *self,
                                               guint           milliseconds);
guint      kb_server_count_sign_in_records    (KbServer       *self);

/* Thread-safe data operations: from another thread they run on the server's
 * context and wait for it. */
gboolean   kb_server_add_client               (KbServer       *self,
                                               const char     *login,
                                               const char     *password,
                                               GError        **error);
gboolean   kb_server_answer_question          (KbServer       *self,
                                               const char     *question_id,
                                               const char     *author,
                                               const char     *text,
                                               GError        **error);
gboolean   kb_server_answer_question_with_file (KbServer      *self,
                                               const char     *question_id,
                                               const char     *author,
                                               const char     *text,
                                               const char     *file_name,
                                               GBytes         *file,
                                               GError        **error);
guint      kb_server_count_attachments        (KbServer       *self,
                                               const char     *sha256);
gboolean   kb_server_set_question_status      (KbServer       *self,
                                               const char     *question_id,
                                               const char     *status,
                                               GError        **error);

/* Every "METHOD /path" the server routes, for the contract test. */
GStrv      kb_server_dup_routes               (void);

/* A server on its own thread with its own GMainContext: what the app's demo
 * mode and the UI tests use. */
typedef struct _KbServerThread KbServerThread;

KbServerThread *kb_server_thread_start        (const char     *db_path,
                                               KbServerSeed    seed,
                                               GError        **error);
char           *kb_server_thread_dup_url      (KbServerThread *thread);
KbServer       *kb_server_thread_get_server   (KbServerThread *thread);
void            kb_server_thread_stop         (KbServerThread *thread);

G_END_DECLS
