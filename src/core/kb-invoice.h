/* kb-invoice.h — one invoice of the client for a billing period. */
#pragma once

#include <glib-object.h>

#include "kb-core-enums.h"

G_BEGIN_DECLS

typedef enum {
  KB_INVOICE_STATUS_UNKNOWN,
  KB_INVOICE_STATUS_ISSUED,
  KB_INVOICE_STATUS_PAID,
  KB_INVOICE_STATUS_OVERDUE,
} KbInvoiceStatus;

/* The files an invoice comes in; the nicks are the contract's `format`
 * values and the files' extensions. */
typedef enum {
  KB_INVOICE_FORMAT_PDF,
  KB_INVOICE_FORMAT_XLSX,
  KB_INVOICE_FORMAT_TXT,
} KbInvoiceFormat;

#define KB_TYPE_INVOICE (kb_invoice_get_type ())
G_DECLARE_FINAL_TYPE (KbInvoice, kb_invoice, KB, INVOICE, GObject)

/* What an invoice is made of, named rather than passed as nine arguments
 * of which seven are strings; kb_invoice_new() copies it. */
typedef struct {
  const char *id;
  const char *number;
  const char *period;           /* YYYY-MM */
  const char *issued_on;        /* YYYY-MM-DD */
  const char *due_on;
  gint64 amount_minor;
  const char *currency;         /* NULL: BYN */
  KbInvoiceStatus status;
  const char *document_url;
} KbInvoiceFields;

KbInvoice       *kb_invoice_new                (const KbInvoiceFields *fields);
const char      *kb_invoice_get_id             (KbInvoice       *self);
const char      *kb_invoice_get_number         (KbInvoice       *self);
const char      *kb_invoice_get_period         (KbInvoice       *self);
const char      *kb_invoice_get_issued_on      (KbInvoice       *self);
const char      *kb_invoice_get_due_on         (KbInvoice       *self);
gint64           kb_invoice_get_amount         (KbInvoice       *self);
const char      *kb_invoice_get_currency       (KbInvoice       *self);
KbInvoiceStatus  kb_invoice_get_status         (KbInvoice       *self);
const char      *kb_invoice_get_document_url   (KbInvoice       *self);

const char      *kb_invoice_status_to_display  (KbInvoiceStatus  status);
const char      *kb_invoice_format_to_display  (KbInvoiceFormat  format);
const char      *kb_invoice_format_get_content_type (KbInvoiceFormat format);

G_END_DECLS
