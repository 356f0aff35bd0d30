/* kb-str.c — replacing a string a model keeps, telling whether it changed.
 *
 * GLib 2.76 has this as g_set_str(); our floor is GLib 2.74, so the models,
 * the api client and the sync layer share this copy of the rule until the
 * floor moves.
 */
#include "config.h"

#include "kb-str.h"

/* Makes *@field a copy of @value (either may be %NULL), unless it holds
 * that text already.
 *
 * Returns: %TRUE when *@field changed, for the caller to notify. */
gboolean
kb_set_str (char **field, const char *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}
