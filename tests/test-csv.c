/* test-csv.c — the one CSV writer: what a spreadsheet opens, and nothing it would run.
 *
 * kb-csv.c writes every export of the app. These checks pin the file down
 * byte by byte: the byte-order mark, ";" and CRLF, RFC 4180 quoting, numbers
 * left as numbers, Cyrillic as it was, and text that a spreadsheet would
 * take for a formula made harmless — in the writer and in the Feedback
 * history's export, which did not guard against it before.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gtk/gtk.h>
#include <string.h>

#include "kb-csv.h"
#include "kb-question-history.h"
#include "kb-test-util.h"

#define BOM "\xEF\xBB\xBF"

/* The file's text, checked to be UTF-8 that starts with a byte-order mark. */
static char *
finish (KbCsv *csv)
{
  g_autoptr(GBytes) bytes = kb_csv_free_to_bytes (csv);
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);

  g_assert_true (g_utf8_validate (data, (gssize) size, NULL));
  g_assert_cmpuint (size, >=, 3);
  g_assert_cmpmem (data, 3, BOM, 3);
  return g_strndup (data + 3, size - 3);
}

static void
test_empty (void)
{
  g_autofree char *text = finish (kb_csv_new ());

  g_assert_cmpstr (text, ==, "");
}

static void
test_rows (void)
{
  KbCsv *csv = kb_csv_new ();
  g_autofree char *text = NULL;

  kb_csv_add_row (csv, "Date", "Amount", "Purpose", NULL);
  kb_csv_add_text (csv, "2026-12-01");
  kb_csv_add_number (csv, "12,50");
  kb_csv_add_text (csv, NULL);
  kb_csv_end_row (csv);
  kb_csv_add_text (csv, "");
  kb_csv_add_text (csv, "x");
  kb_csv_end_row (csv);
  text = finish (csv);

  /* ";" between fields, CRLF after every row, the last one too. */
  g_assert_cmpstr (text, ==, "Date;Amount;Purpose\r\n2026-12-01;12,50;\r\n;x\r\n");
}

static void
test_quoting (void)
{
  static const struct {
    const char *field;
    const char *written;
  } cases[] = {
    { "plain", "plain" },
    { "a;b", "\"a;b\"" },
    { "say \"hi\"", "\"say \"\"hi\"\"\"" },
    { "two\nlines", "\"two\nlines\"" },
    { "two\r\nlines", "\"two\r\nlines\"" },
    { " leading space", "\" leading space\"" },
    { "trailing;\"", "\"trailing;\"\"\"" },
    { "a,b", "a,b" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      KbCsv *csv = kb_csv_new ();
      g_autofree char *text = NULL;
      g_autofree char *expected = g_strconcat (cases[i].written, "\r\n", NULL);

      kb_csv_add_text (csv, cases[i].field);
      kb_csv_end_row (csv);
      text = finish (csv);
      g_assert_cmpstr (text, ==, expected);
    }
}

/* A cell a spreadsheet would evaluate is quoted and starts with an
 * apostrophe, which spreadsheets show as text. */
static void
test_formulas (void)
{
  static const struct {
    const char *field;
    const char *written;
  } cases[] = {
    { "=1+2", "\"'=1+2\"" },
    { "=HYPERLINK(\"http://evil\";\"x\")", "\"'=HYPERLINK(\"\"http://evil\"\";\"\"x\"\")\"" },
    { "+7 999", "\"'+7 999\"" },
    { "-2+3", "\"'-2+3\"" },
    { "@SUM(A1)", "\"'@SUM(A1)\"" },
    { "\t=1", "\"'\t=1\"" },
    { "\r=1", "\"'\r=1\"" },
    { "a=1", "a=1" },
    { "'quoted", "'quoted" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      KbCsv *csv = kb_csv_new ();
      g_autofree char *text = NULL;
      g_autofree char *expected = g_strconcat (cases[i].written, "\r\n", NULL);

      kb_csv_add_text (csv, cases[i].field);
      kb_csv_end_row (csv);
      text = finish (csv);
      g_assert_cmpstr (text, ==, expected);
    }
}

/* Numbers stay numbers, negative ones too; what only claims to be a number
 * is guarded as text. */
static void
test_numbers (void)
{
  KbCsv *csv = kb_csv_new ();
  g_autofree char *text = NULL;

  kb_csv_add_number (csv, "-12,50");
  kb_csv_add_number (csv, "1234.05");
  kb_csv_add_number (csv, "0");
  kb_csv_add_number (csv, "-1+2");
  kb_csv_add_number (csv, "=1");
  kb_csv_add_number (csv, "1,2,3");
  kb_csv_add_number (csv, "12,");
  kb_csv_add_number (csv, NULL);
  kb_csv_end_row (csv);
  text = finish (csv);

  g_assert_cmpstr (text, ==, "-12,50;1234.05;0;\"'-1+2\";\"'=1\";1,2,3;12,;\r\n");
}

static void
test_cyrillic (void)
{
  KbCsv *csv = kb_csv_new ();
  g_autofree char *text = NULL;

  kb_csv_add_row (csv, "Дата", "Назначение", "Статус", NULL);
  kb_csv_add_text (csv, "Оплата по счёту №5; «срочно»");
  kb_csv_add_text (csv, "=СУММ(A1)");
  kb_csv_add_text (csv, "Ўладзімір — ёж");
  kb_csv_end_row (csv);
  text = finish (csv);

  g_assert_cmpstr (text, ==, "Дата;Назначение;Статус\r\n"
                             "\"Оплата по счёту №5; «срочно»\";\"'=СУММ(A1)\";Ўладзімір — ёж\r\n");
}

/* The Feedback history's export goes through the same writer: a question
 * someone typed as a formula is text in the file. */
static void
test_question_history (void)
{
  g_autoptr(GListStore) questions = g_list_store_new (KB_TYPE_QUESTION);
  g_autoptr(KbQuestion) formula = kb_question_new ();
  g_autoptr(KbQuestion) plain = kb_question_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *header = NULL;
  g_autofree char *answered = NULL;
  g_autofree char *queued = NULL;
  const char *data;
  gsize size = 0;

  kb_question_set_text (formula, "=HYPERLINK(\"http://evil\";\"Click\")");
  kb_question_set_status (formula, KB_QUESTION_STATUS_ANSWERED);
  kb_question_set_answers_count (formula, 2);
  kb_question_set_unread (formula, TRUE);
  kb_question_set_text (plain, "Когда придёт счёт?\nСпасибо");
  kb_question_set_status (plain, KB_QUESTION_STATUS_QUEUED);
  g_list_store_append (questions, formula);
  g_list_store_append (questions, plain);

  bytes = kb_question_history_build_csv (G_LIST_MODEL (questions));
  data = g_bytes_get_data (bytes, &size);
  g_assert_cmpmem (data, 3, BOM, 3);
  g_assert_true (g_utf8_validate (data, (gssize) size, NULL));

  lines = g_strsplit (data + 3, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  /* The header and the words as the catalogue has them in the test's language. */
  header = g_strjoin (";", _("Question"), _("Status"), _("Answers"), _("Date"), _("Unread"), NULL);
  answered = g_strdup_printf ("\"'=HYPERLINK(\"\"http://evil\"\";\"\"Click\"\")\";%s;2;;%s",
                              C_("question status", "Answered"), _("Yes"));
  queued = g_strdup_printf ("\"Когда придёт счёт?\nСпасибо\";%s;0;;%s",
                            C_("question status", "Queued"), _("No"));
  g_assert_cmpstr (lines[0], ==, header);
  g_assert_cmpstr (lines[1], ==, answered);
  g_assert_cmpstr (lines[2], ==, queued);
  g_assert_cmpstr (lines[3], ==, "");
}

int
main (int argc, char **argv)
{
  kb_test_init (&argc, &argv);

  g_test_add_func ("/csv/empty", test_empty);
  g_test_add_func ("/csv/rows", test_rows);
  g_test_add_func ("/csv/quoting", test_quoting);
  g_test_add_func ("/csv/formulas", test_formulas);
  g_test_add_func ("/csv/numbers", test_numbers);
  g_test_add_func ("/csv/cyrillic", test_cyrillic);
  g_test_add_func ("/csv/question-history", test_question_history);
  return g_test_run ();
}
