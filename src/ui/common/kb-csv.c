/* kb-csv.c — CSV files a spreadsheet opens safely with a double click.
 *
 * Every export of the app writes through here, so that every file is what
 * Excel and LibreOffice in a Russian locale open with a double click: UTF-8
 * with a byte-order mark (without it Excel reads Windows-1251 and the
 * Cyrillic turns to mojibake), ";" between fields (the list separator of
 * locales whose decimal separator is a comma), CRLF line ends and RFC 4180
 * quoting, only where a field needs it. And a file must not run anything:
 * text that a spreadsheet would take for a formula (a leading = + - @, tab
 * or carriage return) gets a leading apostrophe, which spreadsheets show as
 * text and hide (OWASP's advice on CSV injection). A question or a payment
 * purpose is typed by whoever wants, so this holds for every text field.
 */
#include "config.h"

#include "kb-csv.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kb-save-chooser.h"

#define SEPARATOR ';'

struct _KbCsv
{
  GString *out;
  gboolean row_started;
};

/**
 * kb_csv_new:
 *
 * Returns: (transfer full): an empty file, but for its byte-order mark
 */
KbCsv *
kb_csv_new (void)
{
  KbCsv *csv = g_new0 (KbCsv, 1);

  csv->out = g_string_new ("\xEF\xBB\xBF");
  return csv;
}

void
kb_csv_free (KbCsv *csv)
{
  if (csv == NULL)
    return;
  g_string_free (csv->out, TRUE);
  g_free (csv);
}

static void
start_field (KbCsv *csv)
{
  if (csv->row_started)
    g_string_append_c (csv->out, SEPARATOR);
  csv->row_started = TRUE;
}

static gboolean
starts_formula (const char *text)
{
  return text[0] != '\0' && strchr ("=+-@\t\r", text[0]) != NULL;
}

/**
 * kb_csv_add_text:
 * @text: (nullable): a field as the user reads it; NULL for an empty one
 *
 * Appends a field that a spreadsheet shows as the text it is.
 */
void
kb_csv_add_text (KbCsv *csv, const char *text)
{
  gboolean formula;

  g_return_if_fail (csv != NULL);

  start_field (csv);
  if (text == NULL || text[0] == '\0')
    return;
  formula = starts_formula (text);
  /* A leading space is quoted too, so that no reader trims it. */
  if (!formula && text[0] != ' ' && strpbrk (text, ";\"\r\n") == NULL)
    {
      g_string_append (csv->out, text);
      return;
    }

  g_string_append_c (csv->out, '"');
  if (formula)
    g_string_append_c (csv->out, '\'');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (csv->out, '"');
      g_string_append_c (csv->out, *p);
    }
  g_string_append_c (csv->out, '"');
}

static gboolean
is_number (const char *text)
{
  const char *p = text;
  gboolean separator = FALSE;

  if (*p == '-')
    p++;
  if (!g_ascii_isdigit (*p))
    return FALSE;
  for (; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        continue;
      if ((*p != '.' && *p != ',') || separator || !g_ascii_isdigit (p[1]))
        return FALSE;
      separator = TRUE;
    }
  return TRUE;
}

/**
 * kb_csv_add_number:
 * @number: a number as the locale writes it without grouping, e.g. "-12,50"
 *
 * Appends a field that a spreadsheet reads as a number: as it is, even when
 * negative. Anything that is not such a number is added as text instead.
 */
void
kb_csv_add_number (KbCsv *csv, const char *number)
{
  g_return_if_fail (csv != NULL);

  if (number == NULL || !is_number (number))
    {
      kb_csv_add_text (csv, number);
      return;
    }
  start_field (csv);
  g_string_append (csv->out, number);
}

/**
 * kb_csv_add_row:
 * @first: (nullable): the first field, as text
 * @...: more text fields, then NULL
 *
 * Appends a row of text fields, a header for instance, and ends it.
 */
void
kb_csv_add_row (KbCsv *csv, const char *first, ...)
{
  va_list args;

  g_return_if_fail (csv != NULL);

  va_start (args, first);
  for (const char *field = first; field != NULL; field = va_arg (args, const char *))
    kb_csv_add_text (csv, field);
  va_end (args);
  kb_csv_end_row (csv);
}

void
kb_csv_end_row (KbCsv *csv)
{
  g_return_if_fail (csv != NULL);

  g_string_append (csv->out, "\r\n");
  csv->row_started = FALSE;
}

/**
 * kb_csv_free_to_bytes:
 *
 * Returns: (transfer full): the file's bytes; @csv is gone
 */
GBytes *
kb_csv_free_to_bytes (KbCsv *csv)
{
  GString *out;

  g_return_val_if_fail (csv != NULL, NULL);

  out = g_steal_pointer (&csv->out);
  g_free (csv);
  return g_string_free_to_bytes (out);
}

/**
 * kb_csv_chooser_new:
 * @widget: the widget whose window the dialog belongs to
 * @title: the dialog's title
 * @accept_label: the mnemonic label of the button that saves
 * @file_name: the suggested file name
 *
 * A modal save dialog that offers CSV files, for an export; it starts in
 * the Downloads folder, as every save dialog does (kb-save-chooser.c).
 *
 * Returns: (transfer full): the dialog, not shown yet
 */
GtkFileChooserNative *
kb_csv_chooser_new (GtkWidget *widget, const char *title, const char *accept_label,
                    const char *file_name)
{
  return kb_save_chooser_new (widget, title, accept_label, file_name, _("CSV files"), "text/csv",
                              "*.csv");
}
