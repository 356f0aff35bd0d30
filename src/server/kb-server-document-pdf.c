/* kb-server-document-pdf.c — an invoice as an A4 PDF, drawn with cairo and laid out by Pango.
 *
 * Pango picks fonts that have the Cyrillic glyphs and cairo embeds them with
 * their Unicode mapping, so the Russian text shows, can be searched and
 * copied — which the demo's old hand-written PDF with a Type 1 Helvetica
 * could not.
 */
#include "config.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "kb-server-documents.h"

#define PAGE_WIDTH  595.0   /* A4 in points */
#define PAGE_HEIGHT 842.0
#define MARGIN      50.0
#define FONT        "Sans"

typedef struct {
  cairo_t *cr;
  double y;
} Page;

static cairo_status_t
write_to_array (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* Draws @text at @x on the page's current line, @width wide (wrapped) and
 * aligned as @align; returns its height without moving down. */
static double
draw_text (Page *page, double x, double width, const char *text, double size, gboolean bold,
           PangoAlignment align)
{
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (FONT);
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (page->cr);
  int height;

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, align);
  pango_layout_set_text (layout, text, -1);
  cairo_move_to (page->cr, x, page->y);
  pango_cairo_show_layout (page->cr, layout);
  pango_layout_get_size (layout, NULL, &height);
  return (double) height / PANGO_SCALE;
}

/* A paragraph across the page; the line moves below it. */
static void
paragraph (Page *page, const char *text, double size, gboolean bold, double space_after)
{
  page->y += draw_text (page, MARGIN, PAGE_WIDTH - 2 * MARGIN, text, size, bold, PANGO_ALIGN_LEFT)
             + space_after;
}

static void
rule (Page *page, double y, double x0, double x1)
{
  cairo_move_to (page->cr, x0, y);
  cairo_line_to (page->cr, x1, y);
  cairo_stroke (page->cr);
}

/* The table's columns: their left edges, the last one ends at the margin. */
static const double columns[] = { MARGIN, MARGIN + 22, MARGIN + 250, MARGIN + 330, MARGIN + 405 };
#define TABLE_RIGHT (PAGE_WIDTH - MARGIN)

/* One row of the table: the number, the name (wrapped), and the amounts
 * right-aligned; @bold for the head and the totals. */
static void
table_row (Page *page, const char * const cells[5], gboolean bold)
{
  double height = 0;

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      double right = i + 1 < G_N_ELEMENTS (columns) ? columns[i + 1] : TABLE_RIGHT;
      PangoAlignment align = i >= 2 ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT;

      if (cells[i] != NULL)
        height = MAX (height, draw_text (page, columns[i] + 3, right - columns[i] - 6, cells[i],
                                         9, bold, align));
    }
  page->y += height + 4;
  rule (page, page->y - 2, MARGIN, TABLE_RIGHT);
}

/* Returns: (transfer full): the invoice as a one-page PDF. */
GBytes *
_kb_server_document_pdf (const KbInvoiceDocument *doc, GError **error)
{
  const KbDocumentSeller *seller = &_kb_server_document_seller;
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autofree char *title = g_strdup_printf ("Счёт-фактура № %s от %s", doc->number, doc->issued_on);
  g_autofree char *seller_text = g_strdup_printf ("Поставщик: %s, УНП %s\n%s\nр/с %s в %s, БИК %s",
                                                  seller->name, seller->unp, seller->address,
                                                  seller->iban, seller->bank, seller->bic);
  g_autofree char *buyer_text = g_strdup_printf ("Покупатель: %s, УНП %s\n%s\nДоговор %s",
                                                 doc->client_name, doc->client_unp,
                                                 doc->client_address, doc->contract);
  g_autofree char *period_text = g_strdup_printf ("Период: %s Оплатить до %s.", doc->period,
                                                  doc->due_on);
  g_autofree char *net = _kb_server_document_money (doc->net);
  g_autofree char *vat = _kb_server_document_money (doc->vat);
  g_autofree char *total = _kb_server_document_money (doc->total);
  g_autofree char *vat_head = g_strdup_printf ("НДС %d %%", KB_DOCUMENT_VAT_RATE);
  g_autofree char *due_text = g_strdup_printf ("Всего к оплате: %s %s", total, doc->currency);
  g_autofree char *purpose = g_strdup_printf ("Назначение платежа: оплата по счёту-фактуре № %s, "
                                              "договор %s.", doc->number, doc->contract);
  const char *head[5] = { "№", "Наименование", "Без НДС", vat_head, "Всего" };
  const char *totals[5] = { NULL, "Итого", net, vat, total };
  cairo_surface_t *surface;
  cairo_status_t status;
  Page page = { NULL, MARGIN };

  surface = cairo_pdf_surface_create_for_stream (write_to_array, bytes, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "kabinet-server");
  page.cr = cairo_create (surface);
  cairo_set_source_rgb (page.cr, 0, 0, 0);
  cairo_set_line_width (page.cr, 0.5);

  paragraph (&page, seller_text, 9, FALSE, 18);
  paragraph (&page, title, 16, TRUE, 12);
  paragraph (&page, buyer_text, 10, FALSE, 6);
  paragraph (&page, period_text, 10, FALSE, 14);

  rule (&page, page.y - 2, MARGIN, TABLE_RIGHT);
  table_row (&page, head, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (doc->lines); i++)
    {
      g_autofree char *n = g_strdup_printf ("%u", i + 1);
      g_autofree char *line_net = _kb_server_document_money (doc->lines[i].net);
      g_autofree char *line_vat = _kb_server_document_money (doc->lines[i].vat);
      g_autofree char *line_total = _kb_server_document_money (doc->lines[i].total);
      const char *cells[5] = { n, doc->lines[i].name, line_net, line_vat, line_total };

      table_row (&page, cells, FALSE);
    }
  table_row (&page, totals, TRUE);

  page.y += 12;
  paragraph (&page, due_text, 12, TRUE, 8);
  paragraph (&page, purpose, 9, FALSE, 30);
  paragraph (&page, "Счёт-фактура составлена в электронном виде и действительна без подписи и печати.",
             8, FALSE, 0);

  cairo_show_page (page.cr);
  cairo_destroy (page.cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cairo: %s", cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}
