/* kb-invoice.c — one invoice of the client for a billing period (an immutable value). */
#include "config.h"

#include "kb-invoice.h"

#include <glib/gi18n-lib.h>

#include "kb-money.h"

struct _KbInvoice
{
  GObject parent_instance;

  char *id;
  char *number;
  char *period;
  char *issued_on;
  char *due_on;
  gint64 amount;
  char *currency;
  KbInvoiceStatus status;
  char *document_url;
};

G_DEFINE_FINAL_TYPE (KbInvoice, kb_invoice, G_TYPE_OBJECT)

static void
kb_invoice_finalize (GObject *object)
{
  KbInvoice *self = KB_INVOICE (object);

  g_free (self->id);
  g_free (self->number);
  g_free (self->period);
  g_free (self->issued_on);
  g_free (self->due_on);
  g_free (self->currency);
  g_free (self->document_url);

  G_OBJECT_CLASS (kb_invoice_parent_class)->finalize (object);
}

static void
kb_invoice_class_init (KbInvoiceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kb_invoice_finalize;
}

static void
kb_invoice_init (KbInvoice *self)
{
}

KbInvoice *
kb_invoice_new (const KbInvoiceFields *fields)
{
  KbInvoice *self = g_object_new (KB_TYPE_INVOICE, NULL);

  self->id = g_strdup (fields->id);
  self->number = g_strdup (fields->number != NULL ? fields->number : "");
  self->period = g_strdup (fields->period != NULL ? fields->period : "");
  self->issued_on = g_strdup (fields->issued_on);
  self->due_on = g_strdup (fields->due_on);
  self->amount = fields->amount_minor;
  self->currency = g_strdup (fields->currency != NULL ? fields->currency : KB_MONEY_CURRENCY);
  self->status = fields->status;
  self->document_url = g_strdup (fields->document_url);
  return self;
}

const char *
kb_invoice_get_id (KbInvoice *self)
{
  g_return_val_if_fail (KB_IS_INVOICE (self), NULL);
  return self->id;
}

const char *
kb_invoice_get_number (KbInvoice *self)
{
  g_return_val_if_fail (KB_IS_INVOICE (self), NULL);
  return self->number;
}

/* Returns: the billing period, YYYY-MM. */
const char *
kb_invoice_get_period (KbInvoice *self)
{
  g_return_val_if_fail (KB_IS_INVOICE (self), NULL);
  return self->period;
}

const char *
kb_invoice_get_issued_on (KbInvoice *self)
{
  g_return_val_if_fail (KB_IS_INVOICE (self), NULL);
  return self->issued_on;
}

const char *
kb_invoice_get_due_on (KbInvoice *self)
{
  g_return_val_if_fail (KB_IS_INVOICE (self), NULL);
  return self->due_on;
}

gint64
kb_invoice_get_amount (KbInvoice *self)
{
  g_return_val_if_fail (KB_IS_INVOICE (self), 0);
  return self->amount;
}

const char *
kb_invoice_get_currency (KbInvoice *self)
{
  g_return_val_if_fail (KB_IS_INVOICE (self), NULL);
  return self->currency;
}

KbInvoiceStatus
kb_invoice_get_status (KbInvoice *self)
{
  g_return_val_if_fail (KB_IS_INVOICE (self), KB_INVOICE_STATUS_UNKNOWN);
  return self->status;
}

/* Returns: (nullable): the PDF's path on the server, relative to its origin. */
const char *
kb_invoice_get_document_url (KbInvoice *self)
{
  g_return_val_if_fail (KB_IS_INVOICE (self), NULL);
  return self->document_url;
}

const char *
kb_invoice_status_to_display (KbInvoiceStatus status)
{
  switch (status)
    {
    case KB_INVOICE_STATUS_ISSUED: return C_("invoice", "Issued");
    case KB_INVOICE_STATUS_PAID: return C_("invoice", "Paid");
    case KB_INVOICE_STATUS_OVERDUE: return C_("invoice", "Overdue");
    case KB_INVOICE_STATUS_UNKNOWN:
    default: return C_("invoice", "Unknown");
    }
}

const char *
kb_invoice_format_to_display (KbInvoiceFormat format)
{
  switch (format)
    {
    case KB_INVOICE_FORMAT_XLSX: return _("Excel (XLSX)");
    case KB_INVOICE_FORMAT_TXT: return _("Text (TXT)");
    case KB_INVOICE_FORMAT_PDF:
    default: return _("PDF");
    }
}

/* Returns: the media type of @format, as the server sends it and as a save
 * dialog's filter takes it. */
const char *
kb_invoice_format_get_content_type (KbInvoiceFormat format)
{
  switch (format)
    {
    case KB_INVOICE_FORMAT_XLSX:
      return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    case KB_INVOICE_FORMAT_TXT: return "text/plain; charset=utf-8";
    case KB_INVOICE_FORMAT_PDF:
    default: return "application/pdf";
    }
}
