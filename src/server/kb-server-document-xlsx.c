/* kb-server-document-xlsx.c — an invoice as an Excel workbook, written by libxlsxwriter.
 *
 * Amounts are number cells in roubles with a two-decimal format, so that a
 * spreadsheet sums them; everything else is a text cell. The library of
 * Debian 12 (1.1.4) writes only to a file, so the workbook goes through a
 * temporary one.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <xlsxwriter.h>

#include "kb-server-documents.h"

static void
write_amounts (lxw_worksheet *sheet, lxw_row_t row, const gint64 amounts[3], lxw_format *format)
{
  for (guint i = 0; i < 3; i++)
    worksheet_write_number (sheet, row, (lxw_col_t) (2 + i), (double) amounts[i] / 100.0, format);
}

static gboolean
write_workbook (const KbInvoiceDocument *doc, const char *path)
{
  const KbDocumentSeller *seller = &_kb_server_document_seller;
  lxw_workbook *workbook = workbook_new (path);
  lxw_worksheet *sheet;
  lxw_format *bold, *money, *bold_money;
  g_autofree char *title = g_strdup_printf ("Счёт-фактура № %s от %s", doc->number, doc->issued_on);
  g_autofree char *seller_text = g_strdup_printf ("%s, УНП %s, %s", seller->name, seller->unp,
                                                  seller->address);
  g_autofree char *buyer_text = g_strdup_printf ("%s, УНП %s, %s", doc->client_name,
                                                 doc->client_unp, doc->client_address);
  g_autofree char *bank_text = g_strdup_printf ("р/с %s в %s, БИК %s", seller->iban, seller->bank,
                                                seller->bic);
  g_autofree char *vat_head = g_strdup_printf ("НДС %d %%, %s", KB_DOCUMENT_VAT_RATE, doc->currency);
  g_autofree char *net_head = g_strdup_printf ("Сумма без НДС, %s", doc->currency);
  g_autofree char *total_head = g_strdup_printf ("Всего, %s", doc->currency);
  const gint64 totals[3] = { doc->net, doc->vat, doc->total };
  static const char * const labels[] = {
    "Поставщик", "Покупатель", "Договор", "Период", "Оплатить до", "Реквизиты",
  };
  const char *values[G_N_ELEMENTS (labels)] = { seller_text, buyer_text, doc->contract, doc->period,
                                                doc->due_on, bank_text };
  lxw_row_t row = 0;

  if (workbook == NULL)
    return FALSE;
  sheet = workbook_add_worksheet (workbook, "Счёт");
  bold = workbook_add_format (workbook);
  format_set_bold (bold);
  money = workbook_add_format (workbook);
  format_set_num_format (money, "#,##0.00");
  bold_money = workbook_add_format (workbook);
  format_set_num_format (bold_money, "#,##0.00");
  format_set_bold (bold_money);

  worksheet_set_column (sheet, 0, 0, 14, NULL);
  worksheet_set_column (sheet, 1, 1, 52, NULL);
  worksheet_set_column (sheet, 2, 4, 16, NULL);

  worksheet_write_string (sheet, row, 0, title, bold);
  row += 2;
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++, row++)
    {
      worksheet_write_string (sheet, row, 0, labels[i], bold);
      worksheet_write_string (sheet, row, 1, values[i], NULL);
    }
  row++;

  worksheet_write_string (sheet, row, 0, "№", bold);
  worksheet_write_string (sheet, row, 1, "Наименование", bold);
  worksheet_write_string (sheet, row, 2, net_head, bold);
  worksheet_write_string (sheet, row, 3, vat_head, bold);
  worksheet_write_string (sheet, row, 4, total_head, bold);
  row++;
  for (guint i = 0; i < G_N_ELEMENTS (doc->lines); i++, row++)
    {
      const gint64 amounts[3] = { doc->lines[i].net, doc->lines[i].vat, doc->lines[i].total };

      worksheet_write_number (sheet, row, 0, i + 1, NULL);
      worksheet_write_string (sheet, row, 1, doc->lines[i].name, NULL);
      write_amounts (sheet, row, amounts, money);
    }
  worksheet_write_string (sheet, row, 1, "Итого", bold);
  write_amounts (sheet, row, totals, bold_money);

  workbook_set_properties (workbook, &(lxw_doc_properties) { .title = title });
  return workbook_close (workbook) == LXW_NO_ERROR;
}

/* Returns: (transfer full): the invoice as an .xlsx workbook of one sheet. */
GBytes *
_kb_server_document_xlsx (const KbInvoiceDocument *doc, GError **error)
{
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  gboolean written;
  int fd;

  fd = g_file_open_tmp ("kabinet-invoice-XXXXXX.xlsx", &path, error);
  if (fd < 0)
    return NULL;
  g_close (fd, NULL);
  written = write_workbook (doc, path);
  if (written)
    g_file_get_contents (path, &contents, &length, error);
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "libxlsxwriter could not write %s", path);
  g_unlink (path);
  if (contents == NULL)
    return NULL;
  return g_bytes_new_take (g_steal_pointer (&contents), length);
}
