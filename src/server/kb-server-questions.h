/* kb-server-questions.h — what the files of feedback share (kb-server-question-store.c). */
#pragma once

#include "kb-server-private.h"
#include "kb-server-routes.h"

G_BEGIN_DECLS

#define KB_SERVER_QUESTION_MAX_CHARS 4000
#define KB_SERVER_ANSWER_MAX_CHARS   8000

/* What _kb_server_question_from_row() reads, in this order. */
#define KB_SERVER_QUESTION_COLUMNS \
  "id, text, status, created_at, updated_at, answer_due_at, unread, seq, rating, rating_comment"

/* A message to add to a question, or a new status (write_status); an
 * operator's answer with its id, author, text, time and attachments. */
typedef struct {
  gint64 id;
  const char *author;        /* NULL: the client's name */
  const char *text;          /* the message's, or the new status */
  gint64 now;
  const char *role;          /* "operator" or "client" */
  gint64 client_id;          /* for "client": who writes; another's question is not found */
  GArray *attachment_ids;    /* (nullable) */
  gint64 answer_id;          /* set by _kb_server_question_write_message() */
} KbQuestionWrite;

int         _kb_server_question_status          (const char  *status);
gboolean    _kb_server_question_status_is_known (const char  *status);
/* What changed in a question, for its client's event sockets. */
typedef struct {
  gint64 client_id;
  const char *type;          /* question, answer, message or status */
  gint64 question_id;
  const char *status;        /* the question's status after the change */
  gint64 answer_id;          /* the message added, or 0 */
  gint64 now;
} KbQuestionEvent;

gboolean    _kb_server_emit_question_event      (KbDb        *db,
                                                 const KbQuestionEvent *event,
                                                 GError     **error);
JsonObject *_kb_server_question_from_row        (KbDb        *db,
                                                 sqlite3_stmt *stmt,
                                                 GError     **error);
JsonObject *_kb_server_question_load            (KbDb        *db,
                                                 gint64       client_id,
                                                 gint64       id,
                                                 GError     **error);
gboolean    _kb_server_question_owner           (KbDb        *db,
                                                 gint64       id,
                                                 gint64      *client_id,
                                                 char       **status,
                                                 GError     **error);
gboolean    _kb_server_question_write_message   (KbDb        *db,
                                                 gpointer     data,
                                                 GError     **error);
gint64      _kb_server_question_answer          (KbDb        *db,
                                                 KbQuestionWrite *answer,
                                                 GError     **error);
gint64      _kb_server_question_answer_with_file (KbDb       *db,
                                                 KbQuestionWrite *answer,
                                                 const char  *file_name,
                                                 GBytes      *file,
                                                 GError     **error);
void        _kb_server_reply_message            (KbRequest   *req,
                                                 guint        status,
                                                 gint64       id);

/* kb-server-demo-operator.c */
void        _kb_server_schedule_demo_answer     (KbServer    *self,
                                                 gint64       question_id);

G_END_DECLS
