/* kb-server-body.c — from a request body's bytes to JSON the routes may trust.
 *
 * json-glib parses by recursion and decodes escapes as it is told: eighty
 * thousand "[" end the process, "\ud800" (a lone surrogate) becomes bytes
 * that are not UTF-8, and "\u0000" silently cuts a string short. None of
 * that may reach the routes, the database or a reply, so every body goes
 * through this one reader, on whichever thread serves the request: the
 * depth is bounded before parsing, escapes json-glib gets wrong are marked
 * so that they fail like a lone surrogate, and every string and member name of the tree is
 * checked once parsed, so that the error names the field.
 */
#include "config.h"

#include <string.h>

#include "kb-json-guard.h"
#include "kb-server-private.h"

void
_kb_server_body_problem_clear (KbServerBodyProblem *problem)
{
  g_clear_pointer (&problem->field, g_free);
}

static gboolean
is_escape (const char *p, const char *end, gunichar *value)
{
  guint64 number;
  char hex[5];

  if (end - p < 6 || p[0] != '\\' || p[1] != 'u')
    return FALSE;
  memcpy (hex, p + 2, 4);
  hex[4] = '\0';
  if (!g_ascii_string_to_unsigned (hex, 16, 0, 0xFFFF, &number, NULL) ||
      !g_ascii_isxdigit (hex[0]))
    return FALSE;
  *value = (gunichar) number;
  return TRUE;
}

static gboolean
is_low_surrogate (gunichar c)
{
  return c >= 0xDC00 && c <= 0xDFFF;
}

static gboolean
is_high_surrogate (gunichar c)
{
  return c >= 0xD800 && c <= 0xDBFF;
}

/* What a bad escape becomes: a high surrogate before a plain character is
 * the one form json-glib parses into bytes that are not UTF-8. */
#define BAD_ESCAPE_MARK "\\ud800?"

/* Returns: (transfer full) (nullable): a copy of @data in which every
 * escape json-glib mishandles reads BAD_ESCAPE_MARK, or NULL when there is
 * none: "\u0000" would cut the string short, and a surrogate that is not
 * half of a pair either fails the whole body as an unterminated string or
 * (before a plain character) turns into bytes that are not UTF-8. Marked,
 * all of them fail in the tree check, which names the field. */
static GString *
mark_bad_escapes (const char *data, gsize size)
{
  const char *end = data + size;
  const char *copied = data;
  GString *marked = NULL;
  gboolean in_string = FALSE;

  for (const char *p = data; p < end; p++)
    {
      gunichar value, next;

      if (!in_string || *p != '\\')
        {
          if (*p == '"')
            in_string = !in_string;
          continue;
        }
      if (!is_escape (p, end, &value))
        {
          p++;   /* the escaped character, which may be a quote */
          continue;
        }
      if (is_high_surrogate (value) && is_escape (p + 6, end, &next) && is_low_surrogate (next))
        {
          p += 11;
          continue;
        }
      if (value == 0 || is_high_surrogate (value) || is_low_surrogate (value))
        {
          if (marked == NULL)
            marked = g_string_sized_new (size + 16);
          g_string_append_len (marked, copied, p - copied);
          g_string_append (marked, BAD_ESCAPE_MARK);
          copied = p + 6;
        }
      p += 5;
    }
  if (marked != NULL)
    g_string_append_len (marked, copied, end - copied);
  return marked;
}

/* Checks every string and member name under @node; FALSE with @path set to
 * the first one that is not UTF-8 ("rows[3].name"). The depth was bounded
 * before parsing, so the recursion is too. */
static gboolean
check_strings (JsonNode *node, GString *path)
{
  gsize length = path->len;

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, &name, &member))
          {
            /* A name that is not UTF-8 cannot be echoed: the object is the field. */
            if (!g_utf8_validate (name, -1, NULL))
              return FALSE;
            if (length > 0)
              g_string_append_c (path, '.');
            g_string_append (path, name);
            if (!check_strings (member, path))
              return FALSE;
            g_string_truncate (path, length);
          }
        return TRUE;
      }

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        for (guint i = 0; i < n; i++)
          {
            g_string_append_printf (path, "[%u]", i);
            if (!check_strings (json_array_get_element (array, i), path))
              return FALSE;
            g_string_truncate (path, length);
          }
        return TRUE;
      }

    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        return g_utf8_validate (json_node_get_string (node), -1, NULL);
      return TRUE;

    case JSON_NODE_NULL:
    default:
      return TRUE;
    }
}

/**
 * _kb_server_read_body:
 * @data: (array length=size): the body as it arrived
 * @root: (out) (transfer full) (nullable): the JSON, NULL for an empty body
 * @problem: (out caller-allocates): set when it returns FALSE
 *
 * Thread-safe: the bulk worker reads its bodies with it too.
 *
 * Returns: FALSE when the body is to be refused with 400, as @problem says:
 * malformed_json for bytes that are not UTF-8, nesting deeper than
 * %KB_JSON_MAX_DEPTH or text that is not JSON; invalid_value with the field
 * for a string with a lone surrogate or a NUL.
 */
gboolean
_kb_server_read_body (const char *data, gsize size, JsonNode **root, KbServerBodyProblem *problem)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GString) marked = NULL;
  g_autoptr(GString) path = NULL;

  *root = NULL;
  *problem = (KbServerBodyProblem) { NULL, NULL, NULL };
  if (size == 0)
    return TRUE;

  if (!g_utf8_validate (data, (gssize) size, NULL))
    {
      *problem = (KbServerBodyProblem) { "malformed_json", NULL, "The body is not UTF-8 text." };
      return FALSE;
    }
  if (!kb_json_depth_ok (data, size, KB_JSON_MAX_DEPTH))
    {
      *problem = (KbServerBodyProblem) { "malformed_json", NULL, "The body is nested too deeply." };
      return FALSE;
    }

  marked = mark_bad_escapes (data, size);
  parser = json_parser_new_immutable ();
  if (marked != NULL)
    {
      data = marked->str;
      size = marked->len;
    }
  if (!json_parser_load_from_data (parser, data, (gssize) size, NULL))
    {
      *problem = (KbServerBodyProblem) { "malformed_json", NULL, "The body is not valid JSON." };
      return FALSE;
    }

  path = g_string_new (NULL);
  if (!check_strings (json_parser_get_root (parser), path))
    {
      *problem = (KbServerBodyProblem) {
        "invalid_value", path->len > 0 ? g_strdup (path->str) : NULL,
        "Text must be Unicode without lone surrogates or NUL characters.",
      };
      return FALSE;
    }
  *root = json_parser_steal_root (parser);
  return TRUE;
}
