/* kb-server-documents.c — GET /invoices/{id}/document: an invoice as a PDF, an XLSX or a text file.
 *
 * The demo's invoices keep only their total, so the document splits it the
 * way the operator's real invoices read: the subscription fee and the calls
 * beyond it, each net of VAT and with its VAT. Each format has its own
 * generator (kb-server-document-pdf.c, kb-server-document-xlsx.c, and the
 * text one here); this file reads the invoice once for all three.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "kb-invoice.h"
#include "kb-server-documents.h"
#include "kb-server-private.h"
#include "kb-server-routes.h"

const KbDocumentSeller _kb_server_document_seller = {
  .name = "ООО «Кабинет Телеком»",
  .unp = "190123456",
  .address = "220004, г. Минск, пр-т Победителей, д. 1",
  .iban = "BY40AKBB30120000000012340000",
  .bank = "ОАО «АСБ Беларусбанк», г. Минск",
  .bic = "AKBBBY2X",
};

static void
invoice_document_free (KbInvoiceDocument *doc)
{
  g_free (doc->number);
  g_free (doc->issued_on);
  g_free (doc->due_on);
  g_free (doc->period);
  g_free (doc->currency);
  g_free (doc->client_name);
  g_free (doc->client_unp);
  g_free (doc->client_address);
  g_free (doc->contract);
  for (guint i = 0; i < G_N_ELEMENTS (doc->lines); i++)
    g_free (doc->lines[i].name);
  g_free (doc);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KbInvoiceDocument, invoice_document_free)

/* Returns: (transfer full): @minor_units as a Russian document writes it,
 * "1 234,56", whatever the server's own locale. */
char *
_kb_server_document_money (gint64 minor_units)
{
  g_autoptr(GString) out = g_string_new (minor_units < 0 ? "-" : "");
  guint64 magnitude = minor_units < 0 ? (guint64) (-(minor_units + 1)) + 1 : (guint64) minor_units;
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, magnitude / 100);
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, ' ');
      g_string_append_c (out, digits[i]);
    }
  g_string_append_printf (out, ",%02u", (guint) (magnitude % 100));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* "2025-03-14" → "14.03.2025"; anything else is printed as it is. */
static char *
document_date (const char *iso)
{
  g_autoptr(GDate) date = kb_date_new_from_iso (iso);

  if (date == NULL)
    return g_strdup (iso);
  return g_strdup_printf ("%02u.%02u.%04u", g_date_get_day (date), g_date_get_month (date),
                          g_date_get_year (date));
}

/* "2025-03" → "март 2025 г." */
static char *
document_period (const char *period)
{
  static const char * const months[] = {
    "январь", "февраль", "март", "апрель", "май", "июнь",
    "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
  };
  guint year, month;

  if (period == NULL || sscanf (period, "%4u-%2u", &year, &month) != 2 || month < 1 || month > 12)
    return g_strdup (period != NULL ? period : "");
  return g_strdup_printf ("%s %u г.", months[month - 1], year);
}

/* The VAT of a net amount in kopecks, rounded to the kopeck. */
static gint64
vat_of (gint64 net)
{
  return (net * KB_DOCUMENT_VAT_RATE + 50) / 100;
}

/* The net amount whose total with its VAT is @total exactly, or -1 when
 * rounding skips that total. */
static gint64
net_of (gint64 total)
{
  gint64 guess = (total * 100 + (100 + KB_DOCUMENT_VAT_RATE) / 2) / (100 + KB_DOCUMENT_VAT_RATE);

  for (gint64 net = guess - 2; net <= guess + 2; net++)
    if (net >= 0 && net + vat_of (net) == total)
      return net;
  return -1;
}

/* Splits the invoice's total into its lines, each with its net and the VAT
 * of that net, so that every line's VAT is the rate of its net and the
 * lines add up to the invoice's total to the kopeck. */
static void
split_total (KbInvoiceDocument *doc)
{
  static const char * const names[] = {
    "Абонентская плата за услуги электросвязи",
    "Услуги связи сверх абонентской платы",
  };
  gint64 first = doc->total * 60 / 100;
  gint64 net0 = -1, net1 = -1;

  /* A total that no net amount rounds to moves a kopeck between lines. */
  for (gint64 step = 0; step < 10 && (net0 < 0 || net1 < 0); step++)
    {
      net0 = net_of (first + step);
      net1 = net_of (doc->total - first - step);
    }
  if (net0 < 0 || net1 < 0)
    {
      net0 = 0;
      net1 = net_of (doc->total);
    }
  doc->lines[0].net = net0;
  doc->lines[1].net = MAX (net1, 0);
  doc->net = doc->vat = 0;
  for (guint i = 0; i < G_N_ELEMENTS (doc->lines); i++)
    {
      doc->lines[i].vat = vat_of (doc->lines[i].net);
      doc->lines[i].name = g_strdup_printf ("%s за %s", names[i], doc->period);
      doc->lines[i].total = doc->lines[i].net + doc->lines[i].vat;
      doc->net += doc->lines[i].net;
      doc->vat += doc->lines[i].vat;
    }
}

/* Returns: (transfer full) (nullable): the client's invoice @id, or NULL
 * after replying 404 (another client's invoice is not found either) or 500. */
static KbInvoiceDocument *
load_document (KbRequest *req, gint64 id)
{
  sqlite3_stmt *stmt = kb_request_query (
      req,
      "SELECT i.number, i.period, i.issued_on, i.due_on, i.amount_minor, i.currency,"
      " c.name, c.unp, c.legal_address, c.contract_number, c.contract_date"
      " FROM invoices i JOIN clients c ON c.id = i.client_id"
      " WHERE i.id = ? AND i.client_id = ?;",
      KB_DB_INT (id), KB_DB_INT (req->client_id));
  g_autoptr(KbInvoiceDocument) doc = NULL;

  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *contract_date = document_date (kb_db_column_text (stmt, 10));

      doc = g_new0 (KbInvoiceDocument, 1);
      doc->number = g_strdup (kb_db_column_text (stmt, 0));
      doc->period = document_period (kb_db_column_text (stmt, 1));
      doc->issued_on = document_date (kb_db_column_text (stmt, 2));
      doc->due_on = document_date (kb_db_column_text (stmt, 3));
      doc->total = sqlite3_column_int64 (stmt, 4);
      doc->currency = g_strdup (kb_db_column_text (stmt, 5));
      doc->client_name = g_strdup (kb_db_column_text (stmt, 6));
      doc->client_unp = g_strdup (kb_db_column_text (stmt, 7));
      doc->client_address = g_strdup (kb_db_column_text (stmt, 8));
      doc->contract = g_strdup_printf ("№ %s от %s", kb_db_column_text (stmt, 9), contract_date);
    }
  sqlite3_reset (stmt);
  if (doc == NULL)
    {
      kb_request_reply_error (req, SOUP_STATUS_NOT_FOUND, "not_found", "There is no such invoice.");
      return NULL;
    }
  split_total (doc);
  return g_steal_pointer (&doc);
}

/* The text file: UTF-8, one fact a line, the table in fixed columns. */
GBytes *
_kb_server_document_txt (const KbInvoiceDocument *doc)
{
  const KbDocumentSeller *seller = &_kb_server_document_seller;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *net = _kb_server_document_money (doc->net);
  g_autofree char *vat = _kb_server_document_money (doc->vat);
  g_autofree char *total = _kb_server_document_money (doc->total);

  g_string_append_printf (out, "СЧЁТ-ФАКТУРА № %s от %s\n\n", doc->number, doc->issued_on);
  g_string_append_printf (out, "Поставщик: %s, УНП %s\n", seller->name, seller->unp);
  g_string_append_printf (out, "Адрес: %s\n", seller->address);
  g_string_append_printf (out, "Покупатель: %s, УНП %s\n", doc->client_name, doc->client_unp);
  g_string_append_printf (out, "Адрес: %s\n", doc->client_address);
  g_string_append_printf (out, "Договор: %s\n", doc->contract);
  g_string_append_printf (out, "Период: %s\n", doc->period);
  g_string_append_printf (out, "Оплатить до: %s\n\n", doc->due_on);
  for (guint i = 0; i < G_N_ELEMENTS (doc->lines); i++)
    {
      g_autofree char *line_net = _kb_server_document_money (doc->lines[i].net);
      g_autofree char *line_vat = _kb_server_document_money (doc->lines[i].vat);
      g_autofree char *line_total = _kb_server_document_money (doc->lines[i].total);

      g_string_append_printf (out, "%u. %s\n   Сумма без НДС: %s %s; НДС %d %%: %s %s; всего: %s %s\n",
                              i + 1, doc->lines[i].name, line_net, doc->currency,
                              KB_DOCUMENT_VAT_RATE, line_vat, doc->currency, line_total, doc->currency);
    }
  g_string_append_printf (out, "\nИтого без НДС: %s %s\n", net, doc->currency);
  g_string_append_printf (out, "НДС %d %%: %s %s\n", KB_DOCUMENT_VAT_RATE, vat, doc->currency);
  g_string_append_printf (out, "Всего к оплате: %s %s\n\n", total, doc->currency);
  g_string_append_printf (out, "Реквизиты для оплаты: р/с %s в %s, БИК %s\n",
                          seller->iban, seller->bank, seller->bic);
  g_string_append_printf (out, "Назначение платежа: оплата по счёту-фактуре № %s, договор %s\n",
                          doc->number, doc->contract);
  return g_string_free_to_bytes (g_steal_pointer (&out));
}

/* The file's name: the invoice's number with what a file name cannot hold
 * ("/" in "СФ-2025-03/01001") made a hyphen. */
static char *
document_file_name (const KbInvoiceDocument *doc, const char *extension)
{
  g_autofree char *number = g_strdup (doc->number);

  g_strdelimit (number, "/\\:*?\"<>|", '-');
  return g_strdup_printf ("Счёт %s.%s", number, extension);
}

/* An attachment with the UTF-8 name in filename* (RFC 6266), every byte
 * outside the unreserved set escaped, and an ASCII name for older
 * clients. */
static void
set_disposition (KbRequest *req, const KbInvoiceDocument *doc, gint64 id, const char *extension)
{
  g_autofree char *name = document_file_name (doc, extension);
  g_autofree char *escaped = g_uri_escape_string (name, NULL, FALSE);
  g_autofree char *disposition = g_strdup_printf ("attachment; filename=\"invoice-%" G_GINT64_FORMAT
                                                  ".%s\"; filename*=UTF-8''%s",
                                                  id, extension, escaped);

  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "Content-Disposition", disposition);
}

/* GET /invoices/{id}/document?format=pdf|xlsx|txt (pdf when absent) */
void
_kb_server_invoices_document (KbRequest *req)
{
  const char *format_text = kb_request_get_query (req, "format");
  g_autoptr(KbInvoiceDocument) doc = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  int format = KB_INVOICE_FORMAT_PDF;
  gint64 id;

  if (!kb_request_get_id_param (req, 0, &id))
    return;
  if (format_text != NULL)
    format = kb_enum_from_nick (KB_TYPE_INVOICE_FORMAT, format_text, -1);
  if (format < 0)
    {
      kb_request_reply_invalid (req, "invalid_value", "format", "“format” must be pdf, xlsx or txt.");
      return;
    }
  doc = load_document (req, id);
  if (doc == NULL)
    return;

  switch ((KbInvoiceFormat) format)
    {
    case KB_INVOICE_FORMAT_XLSX:
      bytes = _kb_server_document_xlsx (doc, &error);
      break;
    case KB_INVOICE_FORMAT_TXT:
      bytes = _kb_server_document_txt (doc);
      break;
    case KB_INVOICE_FORMAT_PDF:
    default:
      bytes = _kb_server_document_pdf (doc, &error);
      break;
    }
  if (bytes == NULL)
    {
      kb_request_reply_db_error (req, error);
      return;
    }

  set_disposition (req, doc, id, kb_enum_to_nick (KB_TYPE_INVOICE_FORMAT, format));
  soup_server_message_set_status (req->msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (req->msg, kb_invoice_format_get_content_type (format),
                                    SOUP_MEMORY_COPY, g_bytes_get_data (bytes, NULL),
                                    g_bytes_get_size (bytes));
}
