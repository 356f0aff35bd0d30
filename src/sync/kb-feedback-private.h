/* kb-feedback-private.h — what the files that make up KbFeedback share.
 *
 * KbFeedback is one object whose jobs each have a file: the model and the
 * list sync (kb-feedback.c), the outbox (kb-feedback-outbox.c), the events
 * socket and polling (kb-feedback-events.c), opening a thread
 * (kb-feedback-thread.c), follow-ups and files (kb-feedback-conversation.c)
 * and the pages' saves (kb-feedback-saves.c, which needs none of this).
 */
#pragma once

#include "kb-api-client.h"
#include "kb-api-events.h"
#include "kb-feedback.h"
#include "kb-feedback-saves.h"
#include "kb-store.h"

G_BEGIN_DECLS

struct _KbFeedback
{
  GObject parent_instance;

  KbApiClient *api;
  KbStore *store;
  GCancellable *cancellable;
  gboolean started;

  GListStore *questions;
  GHashTable *by_id;        /* server id → KbQuestion (owned by the model) */
  GHashTable *by_key;       /* outbox key → KbQuestion still in the outbox */
  GHashTable *sending;      /* outbox keys with a request in flight */
  GHashTable *sending_messages; /* follow-ups' keys with a request in flight */
  guint unread_count;

  char *cursor;
  char *etag;

  /* One list sync runs at a time; asks during it are served by the next. */
  gboolean refreshing;
  gboolean refresh_again;
  gboolean from_scratch;          /* this sync started at cursor 0 */
  GPtrArray *refresh_tasks;       /* of the running sync */
  GPtrArray *next_refresh_tasks;  /* of the next one */
  gboolean fetched;               /* the running sync has read its last page */
  GError *sync_error;             /* and how that ended */

  /* The pages' saves, in a worker thread one at a time and in order, so
   * that the cache's cursor only ever advances with its questions. */
  KbFeedbackSaves *saves;

  KbApiEvents *events;
  gboolean push_enabled;
  gboolean push_connected;
  gboolean connecting;
  guint reconnect_source;
  guint reconnect_failures;

  guint poll_interval;
  guint poll_source;
  guint poll_failures;

  guint outbox_source;
  guint outbox_failures;
  gboolean loaded;           /* the cache is in the model (ensure_loaded()) */
};

/* kb-feedback.c: the model and the list sync */
int           _kb_feedback_compare_questions  (gconstpointer        a,
                                               gconstpointer        b,
                                               gpointer             user_data);
int           _kb_feedback_compare_question_ptrs (gconstpointer     a,
                                               gconstpointer        b,
                                               gpointer             user_data);
void          _kb_feedback_update_unread_count (KbFeedback         *self);
void          _kb_feedback_index_question     (KbFeedback          *self,
                                               KbQuestion          *question);
gboolean      _kb_feedback_find_position      (KbFeedback          *self,
                                               KbQuestion          *question,
                                               guint               *position);
void          _kb_feedback_remove_question    (KbFeedback          *self,
                                               KbQuestion          *question);
void          _kb_feedback_load_cached        (KbFeedback          *self);
void          _kb_feedback_start_sync         (KbFeedback          *self);
void          _kb_feedback_set_push_connected (KbFeedback          *self,
                                               gboolean             connected);

/* kb-feedback-events.c */
void          _kb_feedback_events_init        (KbFeedback          *self);
void          _kb_feedback_schedule_poll      (KbFeedback          *self);
void          _kb_feedback_connect_events     (KbFeedback          *self);

/* kb-feedback-outbox.c: the whole outbox, and how a send of any entry in
 * it (a question, its files, a follow-up) counts. */
void          _kb_feedback_flush_outbox       (KbFeedback          *self);
void          _kb_feedback_outbox_sent        (KbFeedback          *self);
gboolean      _kb_feedback_outbox_refused     (KbFeedback          *self,
                                               const GError        *error);

/* kb-feedback.c, for kb-feedback-conversation.c */
KbApiClient  *_kb_feedback_get_api            (KbFeedback          *self);
KbStore      *_kb_feedback_get_store          (KbFeedback          *self);
GCancellable *_kb_feedback_get_cancellable    (KbFeedback          *self);
KbQuestion   *_kb_feedback_apply_question     (KbFeedback          *self,
                                               KbQuestion          *fresh);

/* kb-feedback-conversation.c */
gboolean      _kb_feedback_check_message      (const char          *text,
                                               GPtrArray           *files,
                                               gboolean             question,
                                               GError             **error);
void          _kb_feedback_flush_messages     (KbFeedback          *self);
void          _kb_feedback_upload_files_async (KbFeedback          *self,
                                               const char          *owner_key,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
GStrv         _kb_feedback_upload_files_finish (KbFeedback         *self,
                                               GAsyncResult        *result,
                                               GError             **error);

G_END_DECLS
