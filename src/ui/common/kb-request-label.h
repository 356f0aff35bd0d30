/* kb-request-label.h — «Request № … accepted»: a section's line about the request it made. */
#pragma once

#include <adwaita.h>

#include "kb-operator-request.h"
#include "kb-sync.h"

G_BEGIN_DECLS

#define KB_TYPE_REQUEST_LABEL (kb_request_label_get_type ())
G_DECLARE_FINAL_TYPE (KbRequestLabel, kb_request_label, KB, REQUEST_LABEL, AdwBin)

GtkWidget  *kb_request_label_new          (void);
void        kb_request_label_set_request  (KbRequestLabel    *self,
                                           KbOperatorRequest *request);
KbOperatorRequest *kb_request_label_get_request (KbRequestLabel *self);
const char *kb_request_label_get_text     (KbRequestLabel    *self);
void        kb_request_label_follow_kind  (KbRequestLabel    *self,
                                           KbSync            *sync,
                                           KbOperatorRequestKind kind);

char       *kb_operator_request_dup_status_sentence (KbOperatorRequest *request);
char       *kb_requests_dup_reported              (KbSync            *sync,
                                                   const char        *target_type,
                                                   const char        *target_id,
                                                   const char        *message);
const char *kb_operator_request_status_style        (KbOperatorRequestStatus status);

G_END_DECLS
