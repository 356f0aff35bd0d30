/* kb-file-type.c — the contract's rule for what a Feedback attachment may be.
 *
 * A file is recognised by its bytes, never by its name or the type its
 * sender claims: a renamed executable stays an executable. The client
 * refuses what the server would refuse before sending, with the same rule.
 */
#include "config.h"

#include <string.h>

#include "kb-file-type.h"

static gboolean
has_prefix (const guint8 *data, gsize size, const char *prefix, gsize length)
{
  return size >= length && memcmp (data, prefix, length) == 0;
}

static gboolean
contains (const guint8 *data, gsize size, const char *needle)
{
  gsize length = strlen (needle);

  for (gsize i = 0; i + length <= size; i++)
    if (data[i] == (guint8) needle[0] && memcmp (data + i, needle, length) == 0)
      return TRUE;
  return FALSE;
}

/* An XLSX workbook is a ZIP archive whose entries name the package's
 * [Content_Types].xml and the workbook's folder xl/; the names of a ZIP's
 * entries are stored uncompressed in its headers. */
static gboolean
is_xlsx (const guint8 *data, gsize size)
{
  return has_prefix (data, size, "PK\003\004", 4) &&
         contains (data, size, "[Content_Types].xml") &&
         contains (data, size, "xl/");
}

/* Text is valid UTF-8 with no NUL: what a spreadsheet's CSV export or a
 * log file is, and what an executable never is. */
static gboolean
is_text (const guint8 *data, gsize size)
{
  return size > 0 && memchr (data, '\0', size) == NULL &&
         g_utf8_validate ((const char *) data, (gssize) size, NULL);
}

/**
 * kb_file_type_sniff:
 * @name: (nullable): the file's name, which only tells CSV from plain text
 *
 * Returns: (nullable): the MIME type of an allowed attachment — image/png,
 * image/jpeg, application/pdf, the XLSX type, text/csv or text/plain — or
 * NULL for anything else.
 */
const char *
kb_file_type_sniff (const guint8 *data, gsize size, const char *name)
{
  if (has_prefix (data, size, "\211PNG\r\n\032\n", 8))
    return "image/png";
  if (has_prefix (data, size, "\377\330\377", 3))
    return "image/jpeg";
  if (has_prefix (data, size, "%PDF-", 5))
    return "application/pdf";
  if (is_xlsx (data, size))
    return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  if (is_text (data, size))
    {
      g_autofree char *lower = name != NULL ? g_utf8_strdown (name, -1) : NULL;

      return lower != NULL && g_str_has_suffix (lower, ".csv") ? "text/csv" : "text/plain";
    }
  return NULL;
}

gboolean
kb_file_type_is_image (const char *content_type)
{
  return g_strcmp0 (content_type, "image/png") == 0 || g_strcmp0 (content_type, "image/jpeg") == 0;
}

/**
 * kb_file_type_safe_name:
 *
 * Returns: @name without any folder, control characters or quotes, at most
 * 200 characters, and never empty: what may be shown and saved as a file's
 * name wherever it came from.
 */
char *
kb_file_type_safe_name (const char *name)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *start = name != NULL ? name : "";
  const char *slash;
  guint count = 0;

  if (!g_utf8_validate (start, -1, NULL))
    start = "";
  slash = strrchr (start, '/');
  if (slash != NULL)
    start = slash + 1;
  slash = strrchr (start, '\\');
  if (slash != NULL)
    start = slash + 1;

  for (const char *p = start; *p != '\0' && count < 200; p = g_utf8_next_char (p), count++)
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || c == '"')
        continue;
      g_string_append_unichar (out, c);
    }
  g_strstrip (out->str);
  out->len = strlen (out->str);
  if (out->len == 0 || g_str_equal (out->str, ".") || g_str_equal (out->str, ".."))
    g_string_assign (out, "attachment");
  return g_string_free (g_steal_pointer (&out), FALSE);
}
