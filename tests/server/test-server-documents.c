/* test-server-documents.c — an invoice as a PDF, an XLSX and a text file, opened the way a user's tools open them.
 *
 * The PDF's text is extracted with poppler's pdftotext, so a Cyrillic name
 * drawn as "????" or as glyphs without their Unicode fails; the workbook is
 * unzipped with Python's zipfile and its cells read, so an amount written as
 * text fails.
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "kb-server-test.h"

typedef KbServerFixture Fixture;

#define CLIENT_NAME "ООО «Белтехсервис»"

typedef struct {
  char *id;
  char *number;
  gint64 amount;
} Invoice;

static void
first_invoice (Fixture *f, const char *token, Invoice *invoice)
{
  g_autoptr(KbReply) list = kb_http (f, "GET", "/api/v1/invoices", token, NULL, NULL);
  JsonObject *object;

  g_assert_cmpuint (list->status, ==, 200);
  object = json_array_get_object_element (json_object_get_array_member (kb_reply_object (list),
                                                                        "invoices"), 0);
  invoice->id = g_strdup (json_object_get_string_member (object, "id"));
  invoice->number = g_strdup (json_object_get_string_member (object, "number"));
  invoice->amount = json_object_get_int_member (json_object_get_object_member (object, "amount"),
                                                "amount_minor");
}

static void
invoice_clear (Invoice *invoice)
{
  g_free (invoice->id);
  g_free (invoice->number);
}

static KbReply *
get_document (Fixture *f, const char *token, const Invoice *invoice, const char *format)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/invoices/%s/document%s%s", invoice->id,
                                           format != NULL ? "?format=" : "",
                                           format != NULL ? format : "");

  return kb_http (f, "GET", path, token, NULL, NULL);
}

/* Runs @argv with @input written to a temporary file, whose name takes the
 * place of the argument "@FILE@", and returns what it printed. */
static char *
run_on_file (GBytes *input, const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  int fd = g_file_open_tmp ("kb-document-XXXXXX", &path, &error);
  int status = -1;

  g_assert_no_error (error);
  g_close (fd, NULL);
  g_file_set_contents (path, g_bytes_get_data (input, NULL), (gssize) g_bytes_get_size (input), &error);
  g_assert_no_error (error);
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (args, g_str_equal (argv[i], "@FILE@") ? path : (gpointer) argv[i]);
  g_ptr_array_add (args, NULL);
  g_spawn_sync (NULL, (char **) args->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                &status, &error);
  g_assert_no_error (error);
  g_unlink (path);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("%s failed: %s\n%s", argv[0], error->message, err);
  return g_steal_pointer (&out);
}

/* Asserts the attachment headers: the type, and a name with the right
 * extension both in ASCII and in UTF-8. */
static void
assert_attachment (KbReply *reply, const char *content_type, const char *extension)
{
  const char *disposition = kb_reply_header (reply, "Content-Disposition");
  g_autofree char *ascii = g_strdup_printf (".%s\";", extension);
  g_autofree char *utf8 = g_strdup_printf (".%s", extension);

  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpstr (kb_reply_header (reply, "Content-Type"), ==, content_type);
  g_assert_nonnull (disposition);
  g_test_message ("Content-Disposition: %s", disposition);
  g_assert_true (g_str_has_prefix (disposition, "attachment; filename=\"invoice-"));
  g_assert_nonnull (strstr (disposition, ascii));
  g_assert_nonnull (strstr (disposition, "; filename*=UTF-8''"));
  g_assert_true (g_str_has_suffix (disposition, utf8));
  /* Nothing in the header but printable ASCII without quotes or slashes in
   * the UTF-8 name. */
  for (const char *p = strstr (disposition, "filename*="); *p != '\0'; p++)
    g_assert_true (g_ascii_isgraph (*p) && *p != '"' && *p != '/' && *p != '\\');
}

static void
test_pdf (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  Invoice invoice = { 0 };
  g_autoptr(KbReply) pdf = NULL;
  g_autoptr(KbReply) plain = NULL;
  g_autofree char *text = NULL;
  static const char * const argv[] = { "pdftotext", "-enc", "UTF-8", "@FILE@", "-", NULL };

  first_invoice (f, token, &invoice);
  pdf = get_document (f, token, &invoice, "pdf");
  plain = get_document (f, token, &invoice, NULL);
  assert_attachment (pdf, "application/pdf", "pdf");
  assert_attachment (plain, "application/pdf", "pdf");
  g_assert_true (memcmp (g_bytes_get_data (plain->body, NULL), "%PDF-", 5) == 0);

  text = run_on_file (pdf->body, argv);
  g_test_message ("pdftotext:\n%s", text);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_nonnull (strstr (text, CLIENT_NAME));
  g_assert_nonnull (strstr (text, "191234567"));
  g_assert_nonnull (strstr (text, invoice.number));
  g_assert_nonnull (strstr (text, "Счёт-фактура"));
  g_assert_null (strstr (text, "??"));
  invoice_clear (&invoice);
}

/* Prints the first sheet and the shared strings of the workbook. */
static const char xlsx_script[] =
  "import sys, zipfile\n"
  "z = zipfile.ZipFile(sys.argv[1])\n"
  "sys.stdout.write(z.read('xl/worksheets/sheet1.xml').decode('utf-8'))\n"
  "sys.stdout.write('\\n--shared--\\n')\n"
  "sys.stdout.write(z.read('xl/sharedStrings.xml').decode('utf-8'))\n";

static void
test_xlsx (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  Invoice invoice = { 0 };
  g_autoptr(KbReply) xlsx = NULL;
  g_autofree char *xml = NULL;
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *attributes = NULL;
  g_autofree char *value = NULL;
  const char * const argv[] = { "python3", "-c", xlsx_script, "@FILE@", NULL };

  first_invoice (f, token, &invoice);
  xlsx = get_document (f, token, &invoice, "xlsx");
  assert_attachment (xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                     "xlsx");
  g_assert_true (memcmp (g_bytes_get_data (xlsx->body, NULL), "PK", 2) == 0);

  xml = run_on_file (xlsx->body, argv);
  /* The total is in the last row's last column, E13, below the title, the
   * six facts, the table's head and its two lines. */
  regex = g_regex_new ("<c r=\"E13\"([^>]*)><v>([^<]*)</v></c>", 0, 0, NULL);
  g_assert_true (g_regex_match (regex, xml, 0, &match));
  attributes = g_match_info_fetch (match, 1);
  value = g_match_info_fetch (match, 2);
  g_test_message ("E13: <c r=\"E13\"%s><v>%s</v></c>", attributes, value);
  /* A number cell has no t="s" (shared string) or t="str" (formula text). */
  g_assert_null (strstr (attributes, "t=\""));
  g_assert_nonnull (strstr (attributes, "s=\""));
  g_assert_cmpint ((gint64) (g_ascii_strtod (value, NULL) * 100 + 0.5), ==, invoice.amount);
  /* Each line's VAT is the rate of its net, and the lines add up to the
   * total (rows 11 and 12: net in C, VAT in D, with VAT in E). */
  {
    gint64 sum = 0;

    for (guint row = 11; row <= 12; row++)
      {
        gint64 cells[3];

        for (guint col = 0; col < 3; col++)
          {
            g_autofree char *pattern = g_strdup_printf ("<c r=\"%c%u\"[^>]*><v>([^<]*)</v></c>",
                                                        'C' + col, row);
            g_autoptr(GRegex) cell = g_regex_new (pattern, 0, 0, NULL);
            g_autoptr(GMatchInfo) found = NULL;
            g_autofree char *text = NULL;

            g_assert_true (g_regex_match (cell, xml, 0, &found));
            text = g_match_info_fetch (found, 1);
            cells[col] = (gint64) (g_ascii_strtod (text, NULL) * 100 + 0.5);
          }
        g_assert_cmpint (cells[1], ==, (cells[0] * 20 + 50) / 100);
        g_assert_cmpint (cells[0] + cells[1], ==, cells[2]);
        sum += cells[2];
      }
    g_assert_cmpint (sum, ==, invoice.amount);
  }
  /* The name is a text cell, read back as UTF-8. */
  g_assert_nonnull (strstr (xml, CLIENT_NAME));
  g_assert_nonnull (strstr (xml, "t=\"s\""));
  invoice_clear (&invoice);
}

static void
test_txt (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  Invoice invoice = { 0 };
  g_autoptr(KbReply) txt = NULL;
  const char *text;
  gsize size;

  first_invoice (f, token, &invoice);
  txt = get_document (f, token, &invoice, "txt");
  assert_attachment (txt, "text/plain; charset=utf-8", "txt");
  text = g_bytes_get_data (txt->body, &size);
  g_assert_true (g_utf8_validate_len (text, size, NULL));
  g_assert_true (g_str_has_prefix (text, "СЧЁТ-ФАКТУРА № "));
  g_assert_nonnull (g_strstr_len (text, size, invoice.number));
  g_assert_nonnull (g_strstr_len (text, size, CLIENT_NAME));
  invoice_clear (&invoice);
}

static void
test_refused (Fixture *f, gconstpointer data)
{
  static const char * const formats[] = { "pdf", "xlsx", "txt" };
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  g_autofree char *token2 = kb_sign_in (f, "demo2", "demo2");
  Invoice invoice = { 0 };
  g_autoptr(KbReply) docx = NULL;
  g_autoptr(KbReply) empty = NULL;

  first_invoice (f, token, &invoice);
  docx = get_document (f, token, &invoice, "docx");
  empty = get_document (f, token, &invoice, "");
  g_assert_cmpuint (docx->status, ==, 400);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (kb_reply_object (docx), "error"), "field"),
                   ==, "format");
  g_assert_cmpuint (empty->status, ==, 400);

  /* Another client's invoice is not found in any format. */
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autoptr(KbReply) theirs = get_document (f, token2, &invoice, formats[i]);
      g_autoptr(KbReply) nobody = get_document (f, NULL, &invoice, formats[i]);

      g_assert_cmpuint (theirs->status, ==, 404);
      g_assert_cmpuint (nobody->status, ==, 401);
    }
  invoice_clear (&invoice);
}

static void
test_email_format (Fixture *f, gconstpointer data)
{
  g_autofree char *token = kb_sign_in (f, "demo", "demo");
  g_autoptr(GDateTime) now = kb_test_date (2025, 3, 10, 9);
  Invoice invoice = { 0 };
  g_autofree char *path = NULL;
  g_autoptr(KbReply) xlsx = NULL;
  g_autoptr(KbReply) plain = NULL;
  g_autoptr(KbReply) bad = NULL;

  kb_server_set_now (f->server, now);
  first_invoice (f, token, &invoice);
  path = g_strdup_printf ("/api/v1/invoices/%s/email", invoice.id);
  xlsx = kb_http (f, "POST", path, token, "{\"email\":\"buh@beltechservice.by\",\"format\":\"xlsx\"}", NULL);
  plain = kb_http (f, "POST", path, token, "{\"email\":\"buh@beltechservice.by\"}", NULL);
  bad = kb_http (f, "POST", path, token, "{\"email\":\"buh@beltechservice.by\",\"format\":\"doc\"}", NULL);

  g_assert_cmpuint (xlsx->status, ==, 202);
  g_assert_cmpstr (json_object_get_string_member (kb_reply_object (xlsx), "format"), ==, "xlsx");
  g_assert_cmpuint (plain->status, ==, 202);
  g_assert_cmpstr (json_object_get_string_member (kb_reply_object (plain), "format"), ==, "pdf");
  g_assert_cmpuint (bad->status, ==, 400);
  g_assert_cmpstr (kb_reply_error_code (bad), ==, "invalid_request");
  invoice_clear (&invoice);
}

int
main (int argc, char *argv[])
{
  kb_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, kb_server_fixture_setup, func, kb_server_fixture_teardown)
  ADD ("/server/documents/pdf", test_pdf);
  ADD ("/server/documents/xlsx", test_xlsx);
  ADD ("/server/documents/txt", test_txt);
  ADD ("/server/documents/refused", test_refused);
  ADD ("/server/documents/email-format", test_email_format);
#undef ADD

  return g_test_run ();
}
