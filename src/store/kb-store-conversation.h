/* kb-store-conversation.h — Feedback's conversations in the cache: follow-ups and files in the outbox, reply drafts. */
#pragma once

#include "kb-attachment.h"
#include "kb-store.h"

G_BEGIN_DECLS

/* A file waiting in the outbox, with the Idempotency-Key it is uploaded
 * with and, once the server has it, the server's id. */
typedef struct {
  char *key;
  char *attachment_id;       /* (nullable) */
  KbAttachment *file;        /* name, size, type and the local copy's path */
} KbStoreOutboxFile;

void kb_store_outbox_file_free (KbStoreOutboxFile *file);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KbStoreOutboxFile, kb_store_outbox_file_free)

/* A follow-up waiting in the outbox. */
typedef struct {
  char *key;
  char *question_id;
  char *text;
  GDateTime *created_at;
  char *error;               /* (nullable): the server refused it for good */
} KbStoreOutboxMessage;

void kb_store_outbox_message_free (KbStoreOutboxMessage *message);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KbStoreOutboxMessage, kb_store_outbox_message_free)

/* Writes the follow-up @text to question @question_id with @files
 * (KbAttachment, each with the path of its copy) in one transaction that
 * also clears the thread's draft: from here on it cannot be lost. */
gboolean    kb_store_message_outbox_add      (KbStore     *self,
                                              const char  *key,
                                              const char  *question_id,
                                              const char  *text,
                                              GDateTime   *created_at,
                                              GPtrArray   *files,
                                              GError     **error);
/* (element-type KbStoreOutboxMessage): oldest first. */
GPtrArray  *kb_store_load_message_outbox     (KbStore     *self,
                                              GError     **error);
/* The server made the follow-up @key: it leaves the outbox, its files too. */
gboolean    kb_store_message_outbox_complete (KbStore     *self,
                                              const char  *key,
                                              GError     **error);
gboolean    kb_store_message_outbox_fail     (KbStore     *self,
                                              const char  *key,
                                              const char  *message,
                                              GError     **error);

/* (element-type KbStoreOutboxFile): the files of the question's or the
 * follow-up's outbox entry @owner_key, in the order they were attached. */
GPtrArray  *kb_store_load_outbox_files       (KbStore     *self,
                                              const char  *owner_key,
                                              GError     **error);
/* The server stored the file @key as @attachment_id. */
gboolean    kb_store_outbox_file_uploaded    (KbStore     *self,
                                              const char  *key,
                                              const char  *attachment_id,
                                              GError     **error);

char       *kb_store_dup_thread_draft        (KbStore     *self,
                                              const char  *question_id,
                                              GError     **error);
gboolean    kb_store_set_thread_draft        (KbStore     *self,
                                              const char  *question_id,
                                              const char  *text,
                                              GError     **error);

G_END_DECLS
