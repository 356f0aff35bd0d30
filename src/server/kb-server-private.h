/* kb-server-private.h — what the files of the reference server share. */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "kb-date.h"
#include "kb-server.h"
#include "kb-db.h"

G_BEGIN_DECLS

/* Body limits: most requests are small; the bulk operations take up to
 * 100 000 rows. Anything larger is refused with 413 before it is read. */
#define KB_SERVER_BODY_LIMIT      (64 * 1024)
#define KB_SERVER_BULK_BODY_LIMIT (16 * 1024 * 1024)
#define KB_SERVER_MAX_BULK_ROWS   100000

/* Sign-in throttling (kb-server-session.c): failed sign-ins an address may
 * make within the window before each further one must wait, twice as long
 * as the last, up to the longest wait; failed sign-ins per minute from all
 * addresses together; addresses remembered at most. */
#define KB_SERVER_FREE_FAILURES      5
#define KB_SERVER_FAILURE_WINDOW     (5 * 60)
#define KB_SERVER_MAX_BACKOFF        (5 * 60)
#define KB_SERVER_GLOBAL_FAILURES    60
#define KB_SERVER_MAX_THROTTLED      10000

/* How long a client may take to send a request, or stay idle between two. */
#define KB_SERVER_READ_TIMEOUT_MS (30 * 1000)

typedef struct _KbConnection KbConnection;

typedef struct _KbServerWorker KbServerWorker;

struct _KbServer
{
  GObject parent_instance;

  SoupServer *soup;
  KbDb *db;
  char *db_path;
  char *db_dir;            /* (nullable): the temporary database's own */
  GMainContext *context;   /* the context the server was started on */
  KbServerSeed seed;
  KbServerWorker *worker;  /* (nullable): serves the bulk requests */

  /* lock guards everything below it up to the blank line: the knobs that
   * tests turn from other threads. */
  GMutex lock;
  guint port;
  GDateTime *now;
  GPtrArray *faults;       /* KbServerFaultRule */
  GTimeSpan token_lifetime;
  char *operator_token;
  guint demo_operator_delay;
  guint heartbeat_interval;
  guint read_timeout_ms;

  GHashTable *failures;    /* client address → KbSignInRecord */
  gint64 last_prune;       /* when expired records were last removed */
  double global_budget;    /* failed sign-ins all addresses may still make */
  gint64 global_refilled;  /* when the budget was last refilled */
  GPtrArray *hanging;      /* SoupServerMessage kept paused by FAULT_HANG */
  GPtrArray *sockets;      /* KbEventSocket */
  GPtrArray *demo_sources; /* GSource: the demo operator's pending answers */
  gint64 last_event_id;
  gint64 data_version;
  GSource *poll_source;
  GSource *heartbeat_source;
  guint current_heartbeat;
  gboolean stopped;
  gint64 next_request_due; /* kb-server-requests.c: the earliest request to move */

  /* kb-server-listener.c */
  GSocket *listen_socket;
  GSource *accept_source;
  GSource *accept_retry;
  GQueue *connections;     /* KbConnection, oldest first */
  guint n_dropped;         /* of them, shut down and about to go */
  guint max_connections;
  guint max_open;          /* with those dropped but not yet closed */
};

/* One client's account as the seed and kb_server_add_client() create it. */
typedef struct {
  const char *login;
  const char *password;
  const char *name;
  const char *unp;
  const char *okpo;
  const char *legal_address;
  const char *delivery_method;
  const char *delivery_address;
  gint64 balance_minor;
  const char *status;
  const char *payment_form;
  const char *contract_number;
  const char *contract_date;
} KbSeedClient;

typedef enum {
  KB_AUTH_NONE,
  KB_AUTH_CLIENT,
  KB_AUTH_OPERATOR,
} KbAuth;

typedef struct _KbRequest KbRequest;

/* The answer of a request served on the bulk worker, kept until the main
 * loop gives it to the message (kb-server-worker.c). */
typedef struct {
  SoupMessageHeaders *request_headers;  /* a copy, the worker's to read */
  guint status;
  char *body;              /* (nullable) JSON */
} KbDeferredReply;
typedef void (*KbRouteFunc) (KbRequest *req);

typedef struct {
  const char *method;
  const char *pattern;     /* "/api/v1/questions/{id}/read" */
  KbAuth auth;
  gsize body_limit;        /* 0: the default */
  KbRouteFunc func;
} KbRoute;

struct _KbRequest
{
  KbServer *server;
  KbDb *db;
  SoupServerMessage *msg;
  const KbRoute *route;
  const char *method;
  const char *path;
  char *params[4];         /* the {…} segments of the pattern, in order */
  GHashTable *query;       /* (nullable) */
  GDateTime *now;
  gint64 now_unix;
  gint64 client_id;        /* the signed-in client, for KB_AUTH_CLIENT */
  gint64 token_expires;    /* when its token expires (Unix time) */
  const char *token;       /* the bearer token as sent */
  JsonNode *body;          /* (nullable): the parsed JSON body */
  KbDeferredReply *deferred; /* (nullable): set on the bulk worker, where msg is NULL */
};

/* kb-server-http.c, and kb-server-keys.c: hashes, tokens, Idempotency-Keys */
void        kb_request_reply_json         (KbRequest   *req,
                                           guint        status,
                                           JsonNode    *node);
void        kb_request_reply_json_object  (KbRequest   *req,
                                           guint        status,
                                           JsonObject  *object);
void        kb_request_reply_json_text_compressed (KbRequest *req,
                                                   guint      status,
                                                   char      *text);
void        kb_json_append_string         (GString     *out,
                                           const char  *text);
gboolean    kb_request_reply_with_etag    (KbRequest   *req,
                                           JsonNode    *node);
void        kb_request_reply_empty        (KbRequest   *req,
                                           guint        status);
guint       kb_request_get_status         (KbRequest   *req);
const char *kb_request_get_header         (KbRequest   *req,
                                           const char  *name);
void        kb_request_reply_error        (KbRequest   *req,
                                           guint        status,
                                           const char  *code,
                                           const char  *format,
                                           ...) G_GNUC_PRINTF (4, 5);
void        kb_request_reply_invalid      (KbRequest   *req,
                                           const char  *reason,
                                           const char  *field,
                                           const char  *message);
void        kb_request_reply_db_error     (KbRequest   *req,
                                           GError      *error);
void        kb_request_abort_write        (KbRequest   *req,
                                           GError      *error);
gboolean    kb_request_write              (KbRequest   *req,
                                           KbDbWriteFunc write,
                                           gpointer     data);
/* Makes the JSON of @stmt's current row; NULL leaves the row out. */
typedef JsonObject *(*KbRowFunc) (sqlite3_stmt *stmt,
                                  gpointer      data);
JsonArray  *_kb_server_collect_rows       (KbDb        *db,
                                           sqlite3_stmt *stmt,
                                           KbRowFunc    func,
                                           gpointer     data,
                                           GError     **error);
JsonArray  *kb_request_collect_rows       (KbRequest   *req,
                                           sqlite3_stmt *stmt,
                                           KbRowFunc    func,
                                           gpointer     data);
void        kb_request_reply_rows         (KbRequest   *req,
                                           JsonObject  *reply,
                                           const char  *member,
                                           sqlite3_stmt *stmt,
                                           KbRowFunc    func,
                                           gpointer     data);
/* The client's one row @id (kb-server-bulk.c). */
JsonObject *_kb_server_find_by_id         (KbRequest   *req,
                                           const char  *sql,
                                           KbRowFunc    func,
                                           gpointer     data,
                                           gint64       id);
/* Returns: (transfer none) (nullable): a statement of the request's
 * database with @values bound (kb_db_query_values()), or NULL after
 * replying 500. kb_request_prepare() binds none, kb_request_query() a list. */
sqlite3_stmt *kb_request_query_values     (KbRequest   *req,
                                           const char  *sql,
                                           const KbDbValue *values,
                                           gsize        n_values);
#define kb_request_prepare(req, sql) kb_request_query_values ((req), (sql), NULL, 0)
#define kb_request_query(req, sql, ...) \
  kb_request_query_values ((req), (sql), KB_DB_VALUES (__VA_ARGS__))
gboolean    kb_request_etag_matches       (KbRequest   *req,
                                           const char  *etag);
void        kb_server_message_reply_error (SoupServerMessage *msg,
                                           guint        status,
                                           const char  *code,
                                           const char  *message);
JsonObject *kb_request_get_body_object    (KbRequest   *req);
gboolean    kb_request_get_string         (KbRequest   *req,
                                           JsonObject  *object,
                                           const char  *member,
                                           gboolean     required,
                                           gsize        max_chars,
                                           const char **value);
gboolean    kb_request_get_int            (KbRequest   *req,
                                           JsonObject  *object,
                                           const char  *member,
                                           gboolean     required,
                                           gint64      *value);
gboolean    kb_request_get_bool           (KbRequest   *req,
                                           JsonObject  *object,
                                           const char  *member,
                                           gboolean    *value);
JsonArray  *kb_request_get_array          (KbRequest   *req,
                                           JsonObject  *object,
                                           const char  *member,
                                           gboolean     required);
const char *kb_request_get_query          (KbRequest   *req,
                                           const char  *name);
gboolean    kb_request_get_query_int      (KbRequest   *req,
                                           const char  *name,
                                           gint64       fallback,
                                           gint64       min,
                                           gint64       max,
                                           gint64      *value);
gboolean    kb_request_get_id_param       (KbRequest   *req,
                                           guint        index,
                                           gint64      *id);
/* Answers a request with what it made, @id (a payment, a question…). */
typedef void (*KbReplyFunc) (KbRequest *req,
                             guint      status,
                             gint64     id);

/* A write that an Idempotency-Key makes safe to retry: what
 * kb_request_idempotency_check(), _begin() and _store() share. */
typedef struct {
  const char *operation;     /* "create_question", "rename_batch"… */
  const char *key;           /* (nullable): the request's Idempotency-Key, or none */
  const char *request_hash;  /* what the key stands for: another hash is another request */
  KbReplyFunc replay;        /* answers a repeat with what the first request made */
  const char *reused;        /* the message of the 422 for a key used for another request */
} KbIdempotency;

const char *kb_request_get_idempotency_key (KbRequest  *req);
const char *kb_request_require_idempotency_key (KbRequest *req,
                                           const char  *what);
gboolean    kb_request_idempotency_check  (KbRequest   *req,
                                           const KbIdempotency *idempotency);
gboolean    kb_request_idempotency_begin  (KbRequest   *req,
                                           const KbIdempotency *idempotency);
gboolean    kb_request_idempotency_store  (KbRequest   *req,
                                           const KbIdempotency *idempotency,
                                           gint64       resource_id,
                                           GError     **error);
GDateTime  *kb_request_local_now          (KbRequest   *req);
void        kb_request_reply_calendar_error (KbRequest *req,
                                           const char  *code,
                                           const char  *message,
                                           GDateTime   *reopens);
char       *kb_format_id                  (gint64       id);
void        _kb_server_set_id_member      (JsonObject  *object,
                                           const char  *member,
                                           gint64       id);
void        _kb_server_set_time_member    (JsonObject  *object,
                                           const char  *member,
                                           gint64       unix_time);
gboolean    kb_parse_id                   (const char  *text,
                                           gint64      *id);
char       *kb_sha256_hex                 (const char  *data,
                                           gssize       length);
gboolean    kb_secret_equal               (const char  *a,
                                           const char  *b);
char       *kb_request_hash_fields        (const char  *first,
                                           ...) G_GNUC_NULL_TERMINATED;
char       *kb_request_hash_body          (KbRequest   *req);
char       *kb_random_token               (gsize        n_bytes);
GTimeZone  *kb_server_time_zone           (void);
void        kb_json_set_money             (JsonObject  *object,
                                           const char  *member,
                                           gint64       amount_minor,
                                           const char  *currency);
JsonNode   *kb_json_node_from_object      (JsonObject  *object);
char       *kb_json_to_string             (JsonNode    *node);

/* kb-server-body.c */
/* Why a body is refused: 400 invalid_request with this reason, field
 * (nullable) and message. */
typedef struct {
  const char *reason;
  char *field;
  const char *message;
} KbServerBodyProblem;

void        _kb_server_body_problem_clear (KbServerBodyProblem *problem);
gboolean    _kb_server_read_body          (const char  *data,
                                           gsize        size,
                                           JsonNode   **root,
                                           KbServerBodyProblem *problem);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (KbServerBodyProblem, _kb_server_body_problem_clear)

/* kb-server-worker.c */
KbServerWorker *_kb_server_worker_new     (const char  *db_path,
                                           GError     **error);
void        _kb_server_worker_free        (KbServerWorker *worker);
void        _kb_server_worker_push        (KbServerWorker *worker,
                                           KbRequest   *req,
                                           GBytes      *body);

/* kb-server.c */
typedef void (*KbServerSyncFunc) (KbServer *self, gpointer data);

gboolean    _kb_server_db_is_open         (KbServer    *self,
                                           GError     **error);
void        _kb_server_run_sync           (KbServer    *self,
                                           KbServerSyncFunc func,
                                           gpointer     data);
GDateTime  *_kb_server_now                (KbServer    *self);
GTimeSpan   _kb_server_get_token_lifetime (KbServer    *self);
gboolean    _kb_server_check_operator     (KbServer    *self,
                                           const char  *token);
guint       _kb_server_get_demo_operator  (KbServer    *self);
KbServerFault _kb_server_find_fault       (KbServer    *self,
                                           const char  *path,
                                           GBytes     **body);
gboolean    _kb_server_operator_enabled   (KbServer    *self);

/* kb-server-dispatch.c */
void        _kb_server_dispatch_attach    (KbServer    *self);

/* kb-server-listener.c */
gboolean    _kb_server_listener_start     (KbServer    *self,
                                           GSocketAddress *address,
                                           GError     **error);
void        _kb_server_listener_stop      (KbServer    *self);
guint       _kb_server_listener_count     (KbServer    *self);
void        _kb_server_drop_connection    (SoupServerMessage *msg);
GSocket    *_kb_server_message_get_socket (SoupServerMessage *msg);
void        _kb_server_message_limit_input (SoupServerMessage *msg,
                                           guint64      bytes);

/* kb-server-session.c */
typedef enum {
  KB_TOKEN_VALID,
  KB_TOKEN_UNKNOWN,
  KB_TOKEN_EXPIRED,
} KbTokenState;

KbTokenState _kb_server_check_token       (KbServer    *self,
                                           const char  *token,
                                           gint64       now,
                                           gint64      *client_id,
                                           gint64      *expires_at);
gboolean    _kb_server_insert_client      (KbDb        *db,
                                           const KbSeedClient *client,
                                           gint64      *client_id,
                                           GError     **error);
void        _kb_server_session_create     (KbRequest   *req);
void        _kb_server_session_delete     (KbRequest   *req);

/* kb-server-client.c */
JsonNode   *_kb_server_client_to_json     (KbDb        *db,
                                           gint64       client_id,
                                           GError     **error);
void        _kb_server_client_get         (KbRequest   *req);
void        _kb_server_client_put_delivery (KbRequest  *req);

/* kb-server-question-store.c */
gboolean    _kb_server_emit_event         (KbDb        *db,
                                           gint64       client_id,
                                           JsonObject  *payload,
                                           gint64       now,
                                           GError     **error);
gboolean    _kb_server_question_set_status (KbDb       *db,
                                           gint64       id,
                                           const char  *status,
                                           gint64       now,
                                           GError     **error);

/* kb-server-attachments.c */
JsonArray  *_kb_server_attachments_of     (KbDb        *db,
                                           gint64       question_id,
                                           gint64       message_id,
                                           GError     **error);
gboolean    _kb_server_read_attachment_ids (KbRequest  *req,
                                           JsonObject  *body,
                                           GArray     **ids);
gboolean    _kb_server_link_attachments   (KbDb        *db,
                                           gint64       client_id,
                                           GArray      *ids,
                                           gint64       question_id,
                                           gint64       message_id,
                                           GError     **error);
void        _kb_server_reply_link_error   (KbRequest   *req,
                                           GError      *error);
gint64      _kb_server_store_attachment   (KbDb        *db,
                                           gint64       client_id,
                                           const char  *name,
                                           GBytes      *bytes,
                                           gint64       now,
                                           GError     **error);
GBytes     *_kb_server_pdf_new            (const char * const *lines);

/* kb-server-events.c */
void        _kb_server_events_flush       (KbServer    *self);

/* kb-server-requests.c: an operation's request, made in its transaction. */
typedef struct {
  gint64 client_id;
  const char *kind;          /* rename, rename_batch, service_order, invoice_email… */
  const char *subject;       /* what it concerns: a number, an invoice, a service */
  const char *detail;        /* (nullable): the new name, the address… */
  gint64 count;              /* rows of a bulk operation, or 0 */
  gint64 rejected_count;     /* of which rejected */
  const char *target_type;   /* subscriber, rename_batch, service_order, invoice, payment, client */
  gint64 target_id;
  gint64 now;
  gint64 effective_at;       /* or 0 when not known */
  gint64 due_at;             /* when it reaches final_status */
  const char *final_status;
  const char *reason;        /* (nullable) */
} KbServerRequestNew;

gint64      _kb_server_request_delay      (const char  *kind);
gboolean    _kb_server_request_create     (KbDb        *db,
                                           const KbServerRequestNew *new_request,
                                           gint64      *id,
                                           GError     **error);
gboolean    _kb_server_request_open       (KbRequest   *req,
                                           KbServerRequestNew *new_request,
                                           gint64      *id,
                                           GError     **error);
void        _kb_server_request_add_to_reply (KbRequest *req,
                                           JsonObject  *reply,
                                           gint64       id,
                                           const char  *target_type,
                                           gint64       target_id);
void        _kb_server_requests_advance   (KbServer    *self,
                                           gboolean     force);
void        _kb_server_requests_note_due  (KbServer    *self,
                                           gint64       due_at);

/* kb-server-seed.c */
gboolean    _kb_server_seed               (KbDb        *db,
                                           KbServerSeed seed,
                                           GDateTime   *now,
                                           GError     **error);

G_END_DECLS
