/* kb-packed-strings.c — many strings in one buffer, searched one after the other.
 *
 * A keystroke in Subscriber Selection searched 100 000 names with one
 * strstr() each, every name in an object of its own: 6-37 ms a pass on a
 * loaded machine, most of it waiting for memory, so that the result often
 * came a frame after the keystroke. Here the names lie one after the other
 * in one buffer, read in the order they lie: the same strstr() over all of
 * them takes under a millisecond. (One memmem() from hit to hit through
 * the whole buffer took 3-6 ms: glibc 2.36's memmem() is not vectorised,
 * its strstr() is; one strstr() through the buffer with the strings
 * joined by a byte no UTF-8 text holds took 1-2 ms.)
 */
#include "config.h"

#include "kb-packed-strings.h"

#include <string.h>

/* How many rows a search goes through between looks at its cancellable. */
#define CANCEL_CHECK_ROWS 4096

struct _KbPackedStrings
{
  GString *data;      /* the strings, each with its NUL */
  GArray *starts;     /* guint: where row i starts; one more: where the last ends */
};

KbPackedStrings *
kb_packed_strings_new (guint n_reserved)
{
  KbPackedStrings *self = g_new0 (KbPackedStrings, 1);
  guint zero = 0;

  self->data = g_string_sized_new ((gsize) n_reserved * 32);
  self->starts = g_array_sized_new (FALSE, FALSE, sizeof (guint), n_reserved + 1);
  g_array_append_val (self->starts, zero);
  return self;
}

void
kb_packed_strings_free (KbPackedStrings *self)
{
  if (self == NULL)
    return;
  g_string_free (self->data, TRUE);
  g_array_unref (self->starts);
  g_free (self);
}

void
kb_packed_strings_add (KbPackedStrings *self, const char *text)
{
  guint end;

  if (text == NULL)
    text = "";
  g_string_append_len (self->data, text, strlen (text) + 1);
  /* Offsets are guint: half the table of a gsize's, for a buffer far
   * below 4 GiB (100 000 names are some 6 MB). */
  g_return_if_fail (self->data->len <= G_MAXUINT);
  end = (guint) self->data->len;
  g_array_append_val (self->starts, end);
}

guint
kb_packed_strings_get_n (const KbPackedStrings *self)
{
  return self->starts->len - 1;
}

const char *
kb_packed_strings_get (const KbPackedStrings *self, guint row)
{
  g_return_val_if_fail (row < kb_packed_strings_get_n (self), NULL);
  return self->data->str + g_array_index (self->starts, guint, row);
}

GArray *
kb_packed_strings_find (const KbPackedStrings *self,
                        const char            *needle,
                        gboolean               at_start,
                        GArray                *candidates,
                        GCancellable          *cancellable)
{
  const char *data = self->data->str;
  const guint *starts = (const guint *) (gpointer) self->starts->data;
  guint n = kb_packed_strings_get_n (self);
  guint n_candidates = candidates != NULL ? candidates->len : n;
  g_autoptr(GArray) found = g_array_sized_new (FALSE, FALSE, sizeof (guint), n_candidates);
  gsize length;

  if (needle == NULL)
    {
      if (candidates != NULL)
        g_array_append_vals (found, candidates->data, candidates->len);
      else
        for (guint row = 0; row < n; row++)
          g_array_append_val (found, row);
      return g_steal_pointer (&found);
    }
  length = strlen (needle);

  for (guint i = 0; i < n_candidates; i++)
    {
      guint row = candidates != NULL ? g_array_index (candidates, guint, i) : i;
      const char *text;

      if (i % CANCEL_CHECK_ROWS == 0 && g_cancellable_is_cancelled (cancellable))
        return NULL;
      g_return_val_if_fail (row < n, NULL);
      text = data + starts[row];
      if (at_start ? strncmp (text, needle, length) == 0 : strstr (text, needle) != NULL)
        g_array_append_val (found, row);
    }
  return g_steal_pointer (&found);
}
