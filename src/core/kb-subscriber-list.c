/* kb-subscriber-list.c — subscribers from a CSV file or pasted text, checked row by row.
 *
 * What administrators bring: a spreadsheet saved as CSV by Excel or
 * LibreOffice (Windows-1251 with ";" on Russian Windows, UTF-8 with a BOM,
 * tab-separated "Unicode text" in UTF-16), or rows pasted from anywhere. So:
 *
 * - Encoding: a UTF-8 BOM is skipped; a UTF-16 BOM means UTF-16; otherwise
 *   valid UTF-8 is UTF-8 and anything else is read as Windows-1251. Text
 *   with NUL bytes is not a list (an .xlsx, a UTF-16 file without a BOM).
 * - Separator: ";", tab or "," — whichever, outside quotes, occurs in most
 *   of the first 20 non-blank lines (then: in the same number on each; then
 *   that order). None of them at all: one column.
 * - Fields: RFC 4180 quotes — a field that starts with a quote runs to the
 *   closing one, "" inside is a quote, separators and line breaks inside are
 *   text. A quote inside an unquoted field is an ordinary character
 *   (ООО "Ромашка"). A quote that is never closed would swallow the rest of
 *   the file into one field; instead, from that field on, quotes are plain
 *   characters and the rows are read line by line.
 * - Lines end with CRLF, LF or CR. Rows whose fields are all blank (";;" is
 *   how spreadsheets save an empty row) are skipped. Every row keeps the
 *   1-based line it starts on, counting the line breaks inside quotes.
 * - Header: the first row is a header when none of its fields is a number
 *   and one names a column ("Номер", "Телефон", "Number", "Имя", "ФИО"…) or
 *   the first field has letters and no digits. A header's words also say
 *   which column is the number and which the name ("ФИО;Номер" works).
 * - Columns: number, then name (rename) or the number alone (service
 *   actions). Extra columns are ignored when there is a header — that is a
 *   spreadsheet export with more columns. Without one they are flagged when
 *   they could be lost data: in a rename list any non-empty extra column
 *   (most likely a name with an unquoted separator, "…,Иванов, бухгалтерия",
 *   which would otherwise be renamed to "Иванов"); in a numbers list an
 *   extra column that is itself a number (several numbers on one line).
 *   Other extra columns of a numbers list (a name, a tariff) are ignored.
 * - Checks agree with the server (kb-server-bulk.c): the number in any form
 *   kb_phone_number_normalize() reads; the name trimmed, 1 to 100 characters
 *   (characters, not bytes), no control characters; a number is a duplicate
 *   only when an earlier row with it had no problem; numbers not among the
 *   client's subscribers are marked by kb_subscriber_list_mark_unknown().
 *
 * 100 000 rows take some tens of milliseconds: the rows are plain structs
 * in one GArray, their strings point into the list's own copy of the text
 * (ended in place with NULs), the canonical numbers are kept inside the
 * rows, and the duplicate check hashes the nine national digits as an
 * integer.
 *
 * The file is longer than usual because all of the above is one reading
 * of one text, whose steps (decode, split, header, columns, checks) share
 * the list's copy of the text and its row array; the rules are the ones
 * the list-import tests and fuzz-subscriber-list hold it to.
 */
#include "config.h"

#include "kb-subscriber-list.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define SEPARATOR_SAMPLE_LINES 20
#define HEADER_MAX_LENGTH      64

struct _KbSubscriberList
{
  GObject parent_instance;

  KbSubscriberListKind kind;
  GArray *rows;              /* of KbSubscriberListRow */
  char *text;                /* the list as UTF-8; the rows' strings point into it */
  GStringChunk *strings;     /* the strings that are not in the text */
  const char *encoding;      /* static */
  char separator;
  gboolean has_header;
  guint n_problems;
};

G_DEFINE_TYPE (KbSubscriberList, kb_subscriber_list, G_TYPE_OBJECT)

G_DEFINE_QUARK (kb-subscriber-list-error-quark, kb_subscriber_list_error)

/* A field of the record being read: a slice of the text, or of the scratch
 * buffer when quotes had to be undone. */
typedef struct {
  gboolean in_scratch;
  const char *start;         /* when not in scratch */
  gsize offset;              /* when in scratch */
  gsize length;
} Field;

typedef struct {
  const char *p;
  const char *end;
  char separator;            /* '\0': one column */
  guint line;                /* of p, 1-based */
  gboolean quotes_off;
  GArray *fields;            /* of Field */
  GString *scratch;
} Reader;

static void
kb_subscriber_list_finalize (GObject *object)
{
  KbSubscriberList *self = KB_SUBSCRIBER_LIST (object);

  g_clear_pointer (&self->rows, g_array_unref);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->strings, g_string_chunk_free);

  G_OBJECT_CLASS (kb_subscriber_list_parent_class)->finalize (object);
}

static void
kb_subscriber_list_class_init (KbSubscriberListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kb_subscriber_list_finalize;
}

static void
kb_subscriber_list_init (KbSubscriberList *self)
{
  self->strings = g_string_chunk_new (4096);
  self->encoding = "UTF-8";
}

/* Text */

/* Whitespace a trimmed field does not keep: ASCII, and Unicode spaces
 * (NBSP from spreadsheets), zero-width spaces and stray BOMs. */
static gboolean
is_trimmable (gunichar c)
{
  return g_unichar_isspace (c) || c == 0x200B || c == 0xFEFF;
}

static void
trim (const char **text, gsize *length)
{
  const char *start = *text;
  const char *end = start + *length;

  while (start < end)
    {
      if ((guchar) *start < 0x80)
        {
          if (!g_ascii_isspace (*start))
            break;
          start++;
        }
      else
        {
          if (!is_trimmable (g_utf8_get_char (start)))
            break;
          start = g_utf8_next_char (start);
        }
    }

  while (end > start)
    {
      if ((guchar) end[-1] < 0x80)
        {
          if (!g_ascii_isspace (end[-1]))
            break;
          end--;
        }
      else
        {
          const char *prev = g_utf8_find_prev_char (start, end);

          if (prev == NULL || !is_trimmable (g_utf8_get_char (prev)))
            break;
          end = prev;
        }
    }

  *text = start;
  *length = end - start;
}

/* Checks a trimmed name by the contract's rule, the one the server applies
 * (kb_subscriber_check_name()). */
static KbSubscriberListProblem
check_name (const char *name, gsize length)
{
  switch (kb_subscriber_check_name (name, (gssize) length))
    {
    case KB_SUBSCRIBER_NAME_PROBLEM_NONE: return KB_SUBSCRIBER_LIST_PROBLEM_NONE;
    case KB_SUBSCRIBER_NAME_PROBLEM_EMPTY: return KB_SUBSCRIBER_LIST_PROBLEM_EMPTY_NAME;
    case KB_SUBSCRIBER_NAME_PROBLEM_TOO_LONG: return KB_SUBSCRIBER_LIST_PROBLEM_NAME_TOO_LONG;
    case KB_SUBSCRIBER_NAME_PROBLEM_INVALID:
    default: return KB_SUBSCRIBER_LIST_PROBLEM_INVALID_NAME;
    }
}

/* Decoding */

/* Returns: (transfer full): the text as UTF-8 without a BOM, or %NULL. */
static char *
decode (const char *data, gsize length, gsize *text_length, const char **encoding, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *from = NULL;
  char *text;
  gsize bytes_read = 0;

  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      data += 3;
      length -= 3;
    }
  else if (length >= 2 && memcmp (data, "\xFF\xFE", 2) == 0)
    from = "UTF-16LE";
  else if (length >= 2 && memcmp (data, "\xFE\xFF", 2) == 0)
    from = "UTF-16BE";

  if (from != NULL)
    {
      text = g_convert (data + 2, length - 2, "UTF-8", from, NULL, text_length, &local_error);
      if (text == NULL)
        {
          g_set_error (error, KB_SUBSCRIBER_LIST_ERROR, KB_SUBSCRIBER_LIST_ERROR_ENCODING,
                       /* TRANSLATORS: %s is the name of an encoding, UTF-16LE or UTF-16BE */
                       _("The list could not be read as %s text."), from);
          return NULL;
        }
      *encoding = from;
    }
  else if (g_utf8_validate_len (data, length, NULL))
    {
      text = g_strndup (data, length);
      *text_length = length;
      *encoding = "UTF-8";
    }
  else if (memchr (data, '\0', length) != NULL)
    {
      text = NULL;
    }
  else
    {
      text = g_convert (data, length, "UTF-8", "WINDOWS-1251", &bytes_read, text_length,
                        &local_error);
      if (text == NULL)
        {
          g_set_error_literal (error, KB_SUBSCRIBER_LIST_ERROR, KB_SUBSCRIBER_LIST_ERROR_ENCODING,
                               _("The list is neither UTF-8 nor Windows-1251 text."));
          return NULL;
        }
      *encoding = "WINDOWS-1251";
    }

  if (text == NULL || memchr (text, '\0', *text_length) != NULL)
    {
      g_free (text);
      g_set_error_literal (error, KB_SUBSCRIBER_LIST_ERROR, KB_SUBSCRIBER_LIST_ERROR_NOT_TEXT,
                           _("This is not a text list. "
                             "Save the table as CSV and choose that file."));
      return NULL;
    }
  return text;
}

/* The separator */

static char
detect_separator (const char *text, gsize length)
{
  static const char candidates[] = { ';', '\t', ',' };
  guint counts[G_N_ELEMENTS (candidates)] = { 0 };
  guint first_counts[G_N_ELEMENTS (candidates)] = { 0 };
  guint lines_with[G_N_ELEMENTS (candidates)] = { 0 };
  gboolean consistent[G_N_ELEMENTS (candidates)] = { TRUE, TRUE, TRUE };
  const char *end = text + length;
  gboolean in_quotes = FALSE, blank = TRUE;
  guint n_lines = 0;
  int best = -1;

  for (const char *p = text; n_lines < SEPARATOR_SAMPLE_LINES; p++)
    {
      gboolean line_end = p >= end;

      if (!line_end)
        {
          char c = *p;

          if (c == '"')
            {
              in_quotes = !in_quotes;
              blank = FALSE;
              continue;
            }
          if (in_quotes)
            continue;
          if (c == '\n' || c == '\r')
            line_end = TRUE;
          else
            {
              const char *found = memchr (candidates, c, sizeof candidates);

              if (found != NULL)
                counts[found - candidates]++;
              else if (c != ' ')
                blank = FALSE;
              continue;
            }
        }

      if (!blank)
        {
          n_lines++;
          for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
            {
              if (counts[i] > 0)
                lines_with[i]++;
              if (n_lines == 1)
                first_counts[i] = counts[i];
              else if (counts[i] != first_counts[i])
                consistent[i] = FALSE;
            }
        }
      memset (counts, 0, sizeof counts);
      blank = TRUE;
      if (p >= end)
        break;
    }

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      if (lines_with[i] == 0)
        continue;
      if (best < 0 || lines_with[i] > lines_with[best] ||
          (lines_with[i] == lines_with[best] && consistent[i] && !consistent[best]))
        best = i;
    }
  return best < 0 ? '\0' : candidates[best];
}

/* Records */

static gboolean
is_field_end (const Reader *r, const char *p)
{
  return *p == '\n' || *p == '\r' || (*p == r->separator && r->separator != '\0');
}

static const char *
skip_unquoted (const Reader *r, const char *p)
{
  while (p < r->end && !is_field_end (r, p))
    p++;
  return p;
}

/* Reads a quoted field whose opening quote is at @quote into the scratch
 * buffer. Returns: where the field ends, or %NULL when it is not a quoted
 * field after all: the quote is never closed (@unclosed is set), or it
 * closes on a later line followed by more text — a stray quote that met
 * the next one, as in "Иванов … ООО "Ромашка". */
static const char *
read_quoted (Reader *r, const char *quote, Field *field, gboolean *unclosed)
{
  const char *p = quote + 1;
  const char *run = p;
  guint lines = 0;

  field->in_scratch = TRUE;
  field->offset = r->scratch->len;

  while (p < r->end)
    {
      if (*p == '"')
        {
          if (p + 1 < r->end && p[1] == '"')
            {
              g_string_append_len (r->scratch, run, p + 1 - run);
              p += 2;
              run = p;
              continue;
            }
          g_string_append_len (r->scratch, run, p - run);
          run = p + 1;
          if (lines > 0)
            {
              const char *next = run;

              while (next < r->end && *next == ' ')
                next++;
              if (next < r->end && !is_field_end (r, next))
                break;
            }
          /* Text between the closing quote and the separator is kept, as
           * spreadsheets do: "Склад" №2. */
          p = skip_unquoted (r, run);
          g_string_append_len (r->scratch, run, p - run);
          field->length = r->scratch->len - field->offset;
          r->line += lines;
          return p;
        }
      if (*p == '\n' || (*p == '\r' && !(p + 1 < r->end && p[1] == '\n')))
        lines++;
      p++;
    }

  *unclosed = p >= r->end;
  g_string_truncate (r->scratch, field->offset);
  return NULL;
}

/* Reads the next record into r->fields. Returns: FALSE at the end. */
static gboolean
read_record (Reader *r, guint *line)
{
  if (r->p >= r->end)
    return FALSE;

  *line = r->line;
  g_array_set_size (r->fields, 0);
  g_string_truncate (r->scratch, 0);

  for (;;)
    {
      Field field = { FALSE, r->p, 0, 0 };
      const char *q = r->p;
      const char *field_end = NULL;

      while (q < r->end && (*q == ' ' || (*q == '\t' && r->separator != '\t')))
        q++;
      if (!r->quotes_off && q < r->end && *q == '"')
        {
          gboolean unclosed = FALSE;

          field_end = read_quoted (r, q, &field, &unclosed);
          if (field_end == NULL)
            {
              /* Read line by line from here on: another opening quote
               * could not close either, and trying each would be slow. */
              r->quotes_off |= unclosed;
              field.in_scratch = FALSE;
            }
        }
      if (field_end == NULL)
        {
          field_end = skip_unquoted (r, r->p);
          field.length = field_end - r->p;
        }
      g_array_append_val (r->fields, field);
      r->p = field_end;

      if (r->p < r->end && *r->p == r->separator && r->separator != '\0')
        {
          r->p++;
          continue;
        }
      if (r->p < r->end)
        {
          if (*r->p == '\r' && r->p + 1 < r->end && r->p[1] == '\n')
            r->p++;
          r->p++;
          r->line++;
        }
      return TRUE;
    }
}

/* Returns: the trimmed text of field @index of the current record. */
static void
get_field (const Reader *r, guint index, const char **text, gsize *length)
{
  const Field *field = &g_array_index (r->fields, Field, index);

  *text = field->in_scratch ? r->scratch->str + field->offset : field->start;
  *length = field->length;
  trim (text, length);
}

static gboolean
only_separators (const char *text, gsize length)
{
  for (gsize i = 0; i < length; i++)
    if (text[i] != ';' && text[i] != ',' && text[i] != '\t' && text[i] != ' ')
      return FALSE;
  return TRUE;
}

/* Whether every field of the record is blank. A line of nothing but
 * separators is an empty spreadsheet row even when the separator found is
 * another one (or none). */
static gboolean
record_is_blank (const Reader *r)
{
  for (guint i = 0; i < r->fields->len; i++)
    {
      const char *text;
      gsize length;

      get_field (r, i, &text, &length);
      if (length > 0 && (r->fields->len > 1 || !only_separators (text, length)))
        return FALSE;
    }
  return TRUE;
}

static gboolean
is_number (const char *text, gsize length)
{
  char canonical[KB_PHONE_NUMBER_LENGTH + 1];

  return kb_phone_number_normalize_to_buffer (text, length, canonical) ==
         KB_PHONE_NUMBER_PROBLEM_NONE;
}

/* The header */

static const char * const number_words[] = {
  "номер", "нумар", "телефон", "тэлефон", "тел.", "моб",
  "number", "phone", "msisdn", "mobile", "tel.",
};
static const char * const name_words[] = {
  "имя", "імя", "фио", "наимен", "назва", "name", "title",
};

static gboolean
has_word (const char *folded, const char * const *words, gsize n_words)
{
  for (gsize i = 0; i < n_words; i++)
    if (strstr (folded, words[i]) != NULL)
      return TRUE;
  return FALSE;
}

/* Decides whether the current record, the first, is a header, and if so
 * which columns hold the number and the name. */
static gboolean
read_header (const Reader *r, guint *number_column, guint *name_column)
{
  int number_at = -1, name_at = -1;
  gboolean words = FALSE, first_is_text = FALSE;

  for (guint i = 0; i < r->fields->len; i++)
    {
      g_autofree char *folded = NULL;
      const char *text;
      gsize length;

      get_field (r, i, &text, &length);
      if (is_number (text, length))
        return FALSE;
      if (length > HEADER_MAX_LENGTH)
        continue;

      folded = g_utf8_casefold (text, length);
      if (number_at < 0 && has_word (folded, number_words, G_N_ELEMENTS (number_words)))
        {
          number_at = i;
          words = TRUE;
        }
      else if (name_at < 0 && has_word (folded, name_words, G_N_ELEMENTS (name_words)))
        {
          name_at = i;
          words = TRUE;
        }

      if (i == 0 && length > 0)
        {
          gboolean letters = FALSE, digits = FALSE;

          for (const char *p = text; p < text + length; p = g_utf8_next_char (p))
            {
              gunichar c = g_utf8_get_char (p);

              letters |= g_unichar_isalpha (c);
              digits |= g_unichar_isdigit (c);
            }
          first_is_text = letters && !digits;
        }
    }

  if (!words && !first_is_text)
    return FALSE;

  *number_column = number_at >= 0 ? (guint) number_at : 0;
  if (name_at >= 0 && (guint) name_at != *number_column)
    *name_column = name_at;
  else
    *name_column = *number_column + 1;
  return TRUE;
}

/* Rows */

/* Returns: (transfer none): the trimmed field @index as a string that lives
 * as long as the list. The list owns its copy of the text, so a field there
 * is ended in place by a NUL where its trimmed end was (that byte is a
 * space, a separator, a line end or the text's own NUL, and the reader has
 * gone past it); a field with quotes undone is copied from the scratch. */
static const char *
keep_field (KbSubscriberList *self, const Reader *r, guint index, gsize *length)
{
  const Field *field = &g_array_index (r->fields, Field, index);
  const char *text;

  get_field (r, index, &text, length);
  if (field->in_scratch)
    return g_string_chunk_insert_len (self->strings, text, *length);
  ((char *) text)[*length] = '\0';
  return text;
}

static void
add_row (KbSubscriberList *self, const Reader *r, guint line,
         guint number_column, guint name_column)
{
  KbSubscriberListRow row = { 0 };
  KbSubscriberListProblem problem = KB_SUBSCRIBER_LIST_PROBLEM_NONE;
  guint n_columns = r->fields->len;
  guint needed = self->kind == KB_SUBSCRIBER_LIST_RENAME ? MAX (number_column, name_column) + 1
                                                        : number_column + 1;
  const char *text;
  gsize length = 0;

  row.line = line;
  row.n_columns = n_columns;

  if (n_columns < needed)
    problem = KB_SUBSCRIBER_LIST_PROBLEM_MISSING_COLUMN;
  else if (!self->has_header)
    {
      for (guint i = needed; i < n_columns; i++)
        {
          get_field (r, i, &text, &length);
          if (length > 0 &&
              (self->kind == KB_SUBSCRIBER_LIST_RENAME || is_number (text, length)))
            {
              problem = KB_SUBSCRIBER_LIST_PROBLEM_EXTRA_COLUMNS;
              break;
            }
        }
    }

  text = "";
  length = 0;
  if (number_column < n_columns)
    text = keep_field (self, r, number_column, &length);
  row.raw_number = text;
  /* The canonical form goes into the row itself; row.number is pointed at
   * it when the array has stopped moving. */
  row.number_problem = kb_phone_number_normalize_to_buffer (text, length, row.number_buffer);
  if (row.number_problem != KB_PHONE_NUMBER_PROBLEM_NONE &&
      problem == KB_SUBSCRIBER_LIST_PROBLEM_NONE)
    problem = KB_SUBSCRIBER_LIST_PROBLEM_BAD_NUMBER;

  if (self->kind == KB_SUBSCRIBER_LIST_RENAME)
    {
      KbSubscriberListProblem name_problem;

      text = "";
      length = 0;
      if (name_column < n_columns)
        text = keep_field (self, r, name_column, &length);
      row.name = text;
      name_problem = check_name (text, length);
      if (problem == KB_SUBSCRIBER_LIST_PROBLEM_NONE)
        problem = name_problem;
    }

  row.row_problem = problem;
  row.problem = problem;
  g_array_append_val (self->rows, row);
}

static KbSubscriberListRow *
get_array_row (gpointer data, guint index)
{
  return &g_array_index ((GArray *) data, KbSubscriberListRow, index);
}

/**
 * kb_subscriber_list_rows_check_across:
 * @get_row: returns row @index of @data
 * @data: the rows
 * @n_rows: how many
 * @known_numbers: (nullable): as for kb_subscriber_list_mark_unknown()
 *
 * Works out the problems between rows from each row's own problem
 * (row_problem): a number is a duplicate when an earlier row with it had no
 * problem (as the server counts), and unknown when @known_numbers is given
 * and lacks it. Sets each row's problem.
 *
 * Returns: how many rows have a problem.
 */
guint
kb_subscriber_list_rows_check_across (KbSubscriberListRowFunc get_row, gpointer data,
                                      guint n_rows, GHashTable *known_numbers)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_direct_hash, g_direct_equal);
  guint n_problems = 0;

  g_return_val_if_fail (get_row != NULL, 0);

  for (guint i = 0; i < n_rows; i++)
    {
      KbSubscriberListRow *row = get_row (data, i);

      row->problem = row->row_problem;
      if (row->problem == KB_SUBSCRIBER_LIST_PROBLEM_NONE)
        {
          /* The nine national digits of a good number fit a guint. */
          gpointer key = GUINT_TO_POINTER ((guint) g_ascii_strtoull (row->number + 4, NULL, 10));

          if (known_numbers != NULL && !g_hash_table_contains (known_numbers, row->number))
            row->problem = KB_SUBSCRIBER_LIST_PROBLEM_UNKNOWN_NUMBER;
          else if (!g_hash_table_add (seen, key))
            row->problem = KB_SUBSCRIBER_LIST_PROBLEM_DUPLICATE;
        }
      if (row->problem != KB_SUBSCRIBER_LIST_PROBLEM_NONE)
        n_problems++;
    }
  return n_problems;
}

static void
check_across_rows (KbSubscriberList *self, GHashTable *known)
{
  self->n_problems = kb_subscriber_list_rows_check_across (get_array_row, self->rows,
                                                           self->rows->len, known);
}

/* Returns: what is wrong with @name, trimmed, as a new name (the parser's
 * rule); %KB_SUBSCRIBER_LIST_PROBLEM_NONE when it will do. */
KbSubscriberListProblem
kb_subscriber_list_check_name (const char *name)
{
  gsize length;

  g_return_val_if_fail (name != NULL, KB_SUBSCRIBER_LIST_PROBLEM_EMPTY_NAME);
  if (!g_utf8_validate (name, -1, NULL))
    return KB_SUBSCRIBER_LIST_PROBLEM_INVALID_NAME;
  length = strlen (name);
  trim (&name, &length);
  return check_name (name, length);
}

/**
 * kb_subscriber_list_row_check:
 * @kind: what the row holds
 * @row: a row whose raw_number (and name, for a rename) are set, trimmed
 *
 * Checks @row on its own, as the parser checks a row it reads: sets its
 * number, number_problem and row_problem, and its problem to the same
 * (kb_subscriber_list_rows_check_across() then adds the problems between
 * rows). Column problems are gone once a row is fixed by hand.
 *
 * Returns: the row's own problem.
 */
KbSubscriberListProblem
kb_subscriber_list_row_check (KbSubscriberListKind kind, KbSubscriberListRow *row)
{
  KbSubscriberListProblem problem = KB_SUBSCRIBER_LIST_PROBLEM_NONE;
  const char *raw = row->raw_number != NULL ? row->raw_number : "";

  g_return_val_if_fail (row != NULL, KB_SUBSCRIBER_LIST_PROBLEM_NONE);

  row->number_problem = kb_phone_number_normalize_to_buffer (raw, strlen (raw), row->number_buffer);
  row->number = row->number_problem == KB_PHONE_NUMBER_PROBLEM_NONE ? row->number_buffer : NULL;
  if (row->number_problem != KB_PHONE_NUMBER_PROBLEM_NONE)
    problem = KB_SUBSCRIBER_LIST_PROBLEM_BAD_NUMBER;
  if (kind == KB_SUBSCRIBER_LIST_RENAME && problem == KB_SUBSCRIBER_LIST_PROBLEM_NONE)
    problem = kb_subscriber_list_check_name (row->name != NULL ? row->name : "");
  row->row_problem = problem;
  row->problem = problem;
  return problem;
}

/**
 * kb_subscriber_list_parse:
 * @kind: what the rows hold
 * @data: the bytes of a file or of pasted text
 * @length: the length of @data in bytes
 * @error: a %KB_SUBSCRIBER_LIST_ERROR when @data is not text
 *
 * Reads and checks every row; a row's problems are in the row, never an
 * error. No clock, no I/O: safe to call on a worker thread.
 *
 * Returns: (transfer full) (nullable): the list, possibly without rows.
 */
KbSubscriberList *
kb_subscriber_list_parse (KbSubscriberListKind kind, const char *data, gsize length, GError **error)
{
  g_autoptr(KbSubscriberList) self = NULL;
  g_autoptr(GArray) fields = NULL;
  g_autoptr(GString) scratch = NULL;
  char *text;
  gsize text_length = 0;
  const char *encoding = NULL;
  guint number_column = 0, name_column = 1;
  gboolean first = TRUE;
  Reader r;
  guint line;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  text = decode (data != NULL ? data : "", length, &text_length, &encoding, error);
  if (text == NULL)
    return NULL;

  self = g_object_new (KB_TYPE_SUBSCRIBER_LIST, NULL);
  self->kind = kind;
  self->encoding = encoding;
  self->text = text;
  self->separator = detect_separator (text, text_length);
  /* Rows take some 40 bytes of text each: reserve once, not on the way. */
  self->rows = g_array_sized_new (FALSE, FALSE, sizeof (KbSubscriberListRow), text_length / 40 + 1);

  fields = g_array_sized_new (FALSE, FALSE, sizeof (Field), 4);
  scratch = g_string_sized_new (256);
  r = (Reader) {
    .p = text, .end = text + text_length, .separator = self->separator, .line = 1,
    .fields = fields, .scratch = scratch,
  };

  while (read_record (&r, &line))
    {
      if (record_is_blank (&r))
        continue;
      if (first)
        {
          first = FALSE;
          self->has_header = read_header (&r, &number_column, &name_column);
          if (self->has_header)
            continue;
        }
      add_row (self, &r, line, number_column, name_column);
    }

  for (guint i = 0; i < self->rows->len; i++)
    {
      KbSubscriberListRow *row = &g_array_index (self->rows, KbSubscriberListRow, i);

      if (row->number_problem == KB_PHONE_NUMBER_PROBLEM_NONE)
        row->number = row->number_buffer;
    }

  check_across_rows (self, NULL);
  return g_steal_pointer (&self);
}

/* Returns: (transfer full) (nullable): as kb_subscriber_list_parse(). */
KbSubscriberList *
kb_subscriber_list_parse_bytes (KbSubscriberListKind kind, GBytes *bytes, GError **error)
{
  gsize length;
  const char *data;

  g_return_val_if_fail (bytes != NULL, NULL);
  data = g_bytes_get_data (bytes, &length);
  return kb_subscriber_list_parse (kind, data, length, error);
}

KbSubscriberListKind
kb_subscriber_list_get_kind (KbSubscriberList *self)
{
  g_return_val_if_fail (KB_IS_SUBSCRIBER_LIST (self), KB_SUBSCRIBER_LIST_RENAME);
  return self->kind;
}

guint
kb_subscriber_list_get_n_rows (KbSubscriberList *self)
{
  g_return_val_if_fail (KB_IS_SUBSCRIBER_LIST (self), 0);
  return self->rows->len;
}

/* Returns: (transfer none): row @index, valid as long as the list. */
const KbSubscriberListRow *
kb_subscriber_list_get_row (KbSubscriberList *self, guint index)
{
  g_return_val_if_fail (KB_IS_SUBSCRIBER_LIST (self), NULL);
  g_return_val_if_fail (index < self->rows->len, NULL);
  return &g_array_index (self->rows, KbSubscriberListRow, index);
}

/* Returns: how many rows have a problem. */
guint
kb_subscriber_list_get_n_problems (KbSubscriberList *self)
{
  g_return_val_if_fail (KB_IS_SUBSCRIBER_LIST (self), 0);
  return self->n_problems;
}

gboolean
kb_subscriber_list_has_header (KbSubscriberList *self)
{
  g_return_val_if_fail (KB_IS_SUBSCRIBER_LIST (self), FALSE);
  return self->has_header;
}

/* Returns: the separator found, or '\0' when every line is one column. */
char
kb_subscriber_list_get_separator (KbSubscriberList *self)
{
  g_return_val_if_fail (KB_IS_SUBSCRIBER_LIST (self), '\0');
  return self->separator;
}

/* Returns: (transfer none): "UTF-8", "WINDOWS-1251", "UTF-16LE" or "UTF-16BE". */
const char *
kb_subscriber_list_get_encoding (KbSubscriberList *self)
{
  g_return_val_if_fail (KB_IS_SUBSCRIBER_LIST (self), NULL);
  return self->encoding;
}

/**
 * kb_subscriber_list_mark_unknown:
 * @self: a list
 * @known_numbers: (nullable): the client's numbers in the contract's form
 *   ("+375291234567"), as a set of strings hashed with g_str_hash()
 *
 * Marks the rows whose number is not one of the client's subscribers, and
 * works the duplicates out again as the server would: a row of an unknown
 * number is never accepted, so it does not make later rows duplicates.
 * Calling it again replaces the previous marks; %NULL removes them.
 *
 * Returns: how many rows are now marked unknown.
 */
guint
kb_subscriber_list_mark_unknown (KbSubscriberList *self, GHashTable *known_numbers)
{
  guint unknown = 0;

  g_return_val_if_fail (KB_IS_SUBSCRIBER_LIST (self), 0);

  check_across_rows (self, known_numbers);
  for (guint i = 0; i < self->rows->len; i++)
    {
      const KbSubscriberListRow *row = &g_array_index (self->rows, KbSubscriberListRow, i);

      if (row->problem == KB_SUBSCRIBER_LIST_PROBLEM_UNKNOWN_NUMBER)
        unknown++;
    }
  return unknown;
}

/* Returns: (transfer none): what is wrong with such a row, translated; ""
 * for %KB_SUBSCRIBER_LIST_PROBLEM_NONE. */
const char *
kb_subscriber_list_problem_get_message (KbSubscriberListProblem problem)
{
  switch (problem)
    {
    case KB_SUBSCRIBER_LIST_PROBLEM_NONE:
      return "";
    case KB_SUBSCRIBER_LIST_PROBLEM_MISSING_COLUMN:
      return _("A column is missing: each row needs a number and a new name.");
    case KB_SUBSCRIBER_LIST_PROBLEM_EXTRA_COLUMNS:
      return _("The row has more columns than expected. Put a name that contains "
               "the separator in quotes, and each number on a line of its own.");
    case KB_SUBSCRIBER_LIST_PROBLEM_BAD_NUMBER:
      return _("This is not a Belarusian mobile number.");
    case KB_SUBSCRIBER_LIST_PROBLEM_EMPTY_NAME:
      return _("The new name is empty.");
    case KB_SUBSCRIBER_LIST_PROBLEM_NAME_TOO_LONG:
      return _("The new name is longer than 100 characters.");
    case KB_SUBSCRIBER_LIST_PROBLEM_INVALID_NAME:
      return _("The new name contains control characters, such as a line break.");
    case KB_SUBSCRIBER_LIST_PROBLEM_DUPLICATE:
      return _("This number is already in the list above.");
    case KB_SUBSCRIBER_LIST_PROBLEM_UNKNOWN_NUMBER:
      return _("This number is not one of your subscribers.");
    default:
      g_return_val_if_reached ("");
    }
}

/* Returns: (transfer none) (nullable): the contract's row code for
 * @problem (docs/api.md, "Bulk operations"), %NULL for none. */
const char *
kb_subscriber_list_problem_to_code (KbSubscriberListProblem problem)
{
  switch (problem)
    {
    case KB_SUBSCRIBER_LIST_PROBLEM_NONE:
      return NULL;
    case KB_SUBSCRIBER_LIST_PROBLEM_MISSING_COLUMN:
    case KB_SUBSCRIBER_LIST_PROBLEM_EXTRA_COLUMNS:
      return "invalid_row";
    case KB_SUBSCRIBER_LIST_PROBLEM_BAD_NUMBER:
      return "invalid_number";
    case KB_SUBSCRIBER_LIST_PROBLEM_EMPTY_NAME:
      return "empty_name";
    case KB_SUBSCRIBER_LIST_PROBLEM_NAME_TOO_LONG:
      return "name_too_long";
    case KB_SUBSCRIBER_LIST_PROBLEM_INVALID_NAME:
      return "invalid_name";
    case KB_SUBSCRIBER_LIST_PROBLEM_DUPLICATE:
      return "duplicate_row";
    case KB_SUBSCRIBER_LIST_PROBLEM_UNKNOWN_NUMBER:
      return "unknown_subscriber";
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Returns: (transfer none): the row's problem, translated, with the reason
 * a bad number is bad; "" for a good row. */
const char *
kb_subscriber_list_row_get_message (const KbSubscriberListRow *row)
{
  g_return_val_if_fail (row != NULL, "");
  if (row->problem == KB_SUBSCRIBER_LIST_PROBLEM_BAD_NUMBER &&
      row->number_problem != KB_PHONE_NUMBER_PROBLEM_NONE)
    return kb_phone_number_problem_get_message (row->number_problem);
  return kb_subscriber_list_problem_get_message (row->problem);
}
