/* kb-money.c — amounts in integer minor units (kopecks) and their display.
 *
 * Never a double: a kopeck is an integer, and so is every sum of them.
 */
#include "config.h"

#include "kb-money.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <string.h>

/* The separators come from LC_NUMERIC when the user has a real locale. With
 * only LANGUAGE set (LANG=C.UTF-8, common on minimal systems) the C locale
 * would print "1234.56" in a Russian UI, so the translation supplies them. */
static void
get_separators (const char **decimal, const char **group)
{
  struct lconv *lc = localeconv ();

  if (lc->thousands_sep != NULL && *lc->thousands_sep != '\0')
    {
      *decimal = lc->decimal_point;
      *group = lc->thousands_sep;
      return;
    }

  /* TRANSLATORS: the decimal separator of amounts of money, as in 1 234,56 */
  *decimal = C_("money", ".");
  /* TRANSLATORS: the digit group separator of amounts of money, as in 1 234,56;
   * a narrow no-break space in Russian */
  *group = C_("money", ",");
}

char *
kb_money_format (gint64 minor_units, const char *currency)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *digits = NULL;
  const char *decimal, *group;
  guint64 magnitude;
  gsize len;

  get_separators (&decimal, &group);

  /* G_MININT64 has no positive twin in gint64; go through guint64. */
  magnitude = minor_units < 0 ? (guint64) (-(minor_units + 1)) + 1 : (guint64) minor_units;
  digits = g_strdup_printf ("%" G_GUINT64_FORMAT, magnitude / 100);
  len = strlen (digits);

  if (minor_units < 0)
    g_string_append (out, "−");

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (out, group);
      g_string_append_c (out, digits[i]);
    }

  g_string_append_printf (out, "%s%02u", decimal, (guint) (magnitude % 100));

  if (currency != NULL && *currency != '\0')
    g_string_append_printf (out, " %s", currency);

  return g_string_free (g_steal_pointer (&out), FALSE);
}
