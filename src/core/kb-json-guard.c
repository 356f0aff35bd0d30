/* kb-json-guard.c — what JSON text may be handed to json-glib at all.
 *
 * json-glib parses arrays and objects by recursion, so eighty thousand "["
 * in a request body or a reply exhaust the stack and end the process. The
 * server (request bodies, stored events) and the client (replies, events
 * socket messages) both look at the bytes with this one function first and
 * refuse text nested deeper than the contract can use.
 */
#include "config.h"

#include "kb-json-guard.h"

/* TRUE when no array or object in @data (@size bytes, not necessarily
 * NUL-terminated) is nested deeper than @max_depth. Brackets inside strings
 * do not count. The text is not otherwise checked: that is the parser's
 * job, once it is safe to run it. */
gboolean
kb_json_depth_ok (const char *data,
                  gsize       size,
                  guint       max_depth)
{
  guint depth = 0;
  gboolean in_string = FALSE;

  g_return_val_if_fail (data != NULL || size == 0, FALSE);

  for (gsize i = 0; i < size; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;
        case '[':
        case '{':
          if (++depth > max_depth)
            return FALSE;
          break;
        case ']':
        case '}':
          if (depth > 0)
            depth--;
          break;
        default:
          break;
        }
    }

  return TRUE;
}
