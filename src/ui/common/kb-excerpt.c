/* kb-excerpt.c — the start of a text, for a place that shows a glimpse of it. */
#include "config.h"

#include "kb-excerpt.h"

#include <string.h>

/**
 * kb_excerpt:
 *
 * Returns: the first line of @text, cut at a word boundary before
 * @max_chars characters with "…" when it goes on: a notification or a
 * search result shows a glimpse, the thread the rest.
 */
char *
kb_excerpt (const char *text, guint max_chars)
{
  g_autofree char *line = NULL;
  const char *end;
  const char *cut;
  const char *space = NULL;
  guint n = 0;

  if (text == NULL)
    return g_strdup ("");
  while (g_ascii_isspace (*text))
    text++;
  end = strpbrk (text, "\r\n");
  line = end != NULL ? g_strndup (text, end - text) : g_strdup (text);
  g_strchomp (line);

  for (cut = line; *cut != '\0' && n < max_chars; cut = g_utf8_next_char (cut), n++)
    if (*cut == ' ')
      space = cut;
  if (*cut == '\0' && end == NULL)
    return g_steal_pointer (&line);

  /* A word longer than half the excerpt is cut inside rather than dropped. */
  if (*cut != '\0' && *cut != ' ' && space != NULL &&
      g_utf8_strlen (line, space - line) >= max_chars / 2)
    cut = space;
  {
    g_autofree char *start = g_strndup (line, cut - line);

    return g_strconcat (g_strchomp (start), "…", NULL);
  }
}
