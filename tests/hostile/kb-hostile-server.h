/* kb-hostile-server.h — an HTTP server that answers as no honest server does (hostile suite). */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum {
  /* The reply set with kb_hostile_server_set_reply(), byte for byte, then
   * the connection is closed (a body shorter than its Content-Length is a
   * truncated reply). */
  KB_HOSTILE_CANNED,
  /* 200 and a JSON array that never ends, chunked, up to 1 GiB. */
  KB_HOSTILE_HUGE_CHUNKED,
  /* The same, announced with a Content-Length of 1 GiB. */
  KB_HOSTILE_HUGE_LENGTH,
  /* 200, a Content-Length of 1 000 and one byte every 200 ms. */
  KB_HOSTILE_SLOW_DRIP,
} KbHostileMode;

typedef struct _KbHostileServer KbHostileServer;

KbHostileServer *kb_hostile_server_new        (void);
void             kb_hostile_server_free       (KbHostileServer *self);
const char      *kb_hostile_server_get_url    (KbHostileServer *self);
void             kb_hostile_server_set_mode   (KbHostileServer *self,
                                               KbHostileMode    mode);
void             kb_hostile_server_set_reply  (KbHostileServer *self,
                                               const char      *head,
                                               const char      *body,
                                               gssize           body_length);
guint64          kb_hostile_server_get_sent   (KbHostileServer *self);
char            *kb_hostile_server_dup_last_request (KbHostileServer *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KbHostileServer, kb_hostile_server_free)

G_END_DECLS
