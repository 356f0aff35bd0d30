/* kb-billing-format.h — how the billing sections put dates, periods and states into words. */
#pragma once

#include <glib.h>

#include "kb-invoice.h"
#include "kb-payment.h"

G_BEGIN_DECLS

char       *kb_format_iso_date           (const char      *iso);
char       *kb_format_period             (const char      *period);
char       *kb_format_period_in_sentence (const char      *period);
const char *kb_invoice_status_style      (KbInvoiceStatus  status);
GDate      *kb_date_from_date_time       (GDateTime       *date_time);
GDate      *kb_date_today                (void);

G_END_DECLS
