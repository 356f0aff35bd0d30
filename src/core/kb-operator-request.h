/* kb-operator-request.h — the operator's request for a deferred operation, with its number. */
#pragma once

#include <glib-object.h>

#include "kb-core-enums.h"

G_BEGIN_DECLS

typedef enum {
  KB_OPERATOR_REQUEST_KIND_UNKNOWN,
  KB_OPERATOR_REQUEST_KIND_INVOICE_EMAIL,         /*< nick=invoice_email >*/
  KB_OPERATOR_REQUEST_KIND_INVOICE_DELIVERY,      /*< nick=invoice_delivery >*/
  KB_OPERATOR_REQUEST_KIND_PAYMENT_REGISTRATION,  /*< nick=payment_registration >*/
  KB_OPERATOR_REQUEST_KIND_RENAME,
  KB_OPERATOR_REQUEST_KIND_RENAME_BATCH,          /*< nick=rename_batch >*/
  KB_OPERATOR_REQUEST_KIND_SERVICE_ORDER,         /*< nick=service_order >*/
} KbOperatorRequestKind;

typedef enum {
  KB_OPERATOR_REQUEST_STATUS_ACCEPTED,
  KB_OPERATOR_REQUEST_STATUS_IN_PROGRESS,         /*< nick=in_progress >*/
  KB_OPERATOR_REQUEST_STATUS_DONE,
  KB_OPERATOR_REQUEST_STATUS_PARTIALLY_DONE,      /*< nick=partially_done >*/
  KB_OPERATOR_REQUEST_STATUS_REJECTED,
} KbOperatorRequestStatus;

#define KB_TYPE_OPERATOR_REQUEST (kb_operator_request_get_type ())
G_DECLARE_FINAL_TYPE (KbOperatorRequest, kb_operator_request, KB, OPERATOR_REQUEST, GObject)

/* The fields a request is made of, as the contract gives them. Times are
 * Unix seconds; effective_at is 0 when not known. */
typedef struct {
  const char *id;
  const char *number;
  KbOperatorRequestKind kind;
  KbOperatorRequestStatus status;
  const char *reason;          /* (nullable) */
  const char *subject;
  const char *detail;          /* (nullable) */
  guint count;
  guint rejected_count;
  const char *target_type;
  const char *target_id;
  gint64 created_at;
  gint64 updated_at;
  gint64 effective_at;
} KbOperatorRequestFields;

/* Properties: "status" and "updated-at" notify when a newer version of the
 * request is merged in with kb_operator_request_update(), so that rows and
 * section labels change in place. */

KbOperatorRequest       *kb_operator_request_new              (const KbOperatorRequestFields *fields);
gboolean                 kb_operator_request_update           (KbOperatorRequest  *self,
                                                               KbOperatorRequest  *newer);
const char              *kb_operator_request_get_id           (KbOperatorRequest  *self);
const char              *kb_operator_request_get_number       (KbOperatorRequest  *self);
KbOperatorRequestKind    kb_operator_request_get_kind         (KbOperatorRequest  *self);
KbOperatorRequestStatus  kb_operator_request_get_status       (KbOperatorRequest  *self);
const char              *kb_operator_request_get_reason       (KbOperatorRequest  *self);
const char              *kb_operator_request_get_subject      (KbOperatorRequest  *self);
const char              *kb_operator_request_get_detail       (KbOperatorRequest  *self);
guint                    kb_operator_request_get_count        (KbOperatorRequest  *self);
guint                    kb_operator_request_get_rejected_count (KbOperatorRequest *self);
const char              *kb_operator_request_get_target_type  (KbOperatorRequest  *self);
const char              *kb_operator_request_get_target_id    (KbOperatorRequest  *self);
gint64                   kb_operator_request_get_created_at   (KbOperatorRequest  *self);
gint64                   kb_operator_request_get_updated_at   (KbOperatorRequest  *self);
gint64                   kb_operator_request_get_effective_at (KbOperatorRequest  *self);
gboolean                 kb_operator_request_is_finished      (KbOperatorRequest  *self);

const char *kb_operator_request_kind_to_display   (KbOperatorRequestKind   kind);
const char *kb_operator_request_status_to_display (KbOperatorRequestStatus status);
char       *kb_operator_request_dup_summary       (KbOperatorRequest      *self);
char       *kb_operator_request_dup_outcome       (KbOperatorRequest      *self);
char       *kb_operator_request_dup_section_target (KbOperatorRequest     *self);

G_END_DECLS
