/* kb-server-documents.h — an invoice as its documents show it, and the three files made of it. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* One line of the invoice's table, in kopecks. */
typedef struct {
  char *name;
  gint64 net;
  gint64 vat;
  gint64 total;
} KbDocumentLine;

/* Everything a document prints, already in the words and forms of a
 * Belarusian invoice (dates as DD.MM.YYYY, the period as "март 2025 г."),
 * so that the three generators cannot disagree. */
typedef struct {
  char *number;
  char *issued_on;
  char *due_on;
  char *period;
  char *currency;
  char *client_name;
  char *client_unp;
  char *client_address;
  char *contract;
  KbDocumentLine lines[2];
  gint64 net;
  gint64 vat;
  gint64 total;
} KbInvoiceDocument;

/* The operator that issues the invoices, and where to pay them. */
typedef struct {
  const char *name;
  const char *unp;
  const char *address;
  const char *iban;
  const char *bank;
  const char *bic;
} KbDocumentSeller;

extern const KbDocumentSeller _kb_server_document_seller;

/* The VAT rate, in per cent, that the lines are split by. */
#define KB_DOCUMENT_VAT_RATE 20

char   *_kb_server_document_money (gint64                   minor_units);
GBytes *_kb_server_document_pdf   (const KbInvoiceDocument *doc,
                                   GError                 **error);
GBytes *_kb_server_document_xlsx  (const KbInvoiceDocument *doc,
                                   GError                 **error);
GBytes *_kb_server_document_txt   (const KbInvoiceDocument *doc);

G_END_DECLS
