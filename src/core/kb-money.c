/* kb-money.c — amounts in integer minor units (kopecks) and their display.
 *
 * Never a double: a kopeck is an integer, and so is every sum of them.
 */
#include "config.h"

#include "kb-money.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <string.h>

G_DEFINE_QUARK (kb-money-error-quark, kb_money_error)

/* More than any account will ever see, and far from overflowing gint64. */
#define MAX_PARSED_MINOR G_GINT64_CONSTANT (100000000000000)

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

/* Returns: (transfer full): @minor_units with the locale's decimal separator,
 * no grouping and no currency, e.g. "-1234,56" in Russian: the form that a
 * spreadsheet of the same locale reads as a number. */
char *
kb_money_format_plain (gint64 minor_units)
{
  const char *decimal, *group;
  guint64 magnitude;

  get_separators (&decimal, &group);
  magnitude = minor_units < 0 ? (guint64) (-(minor_units + 1)) + 1 : (guint64) minor_units;
  return g_strdup_printf ("%s%" G_GUINT64_FORMAT "%s%02u", minor_units < 0 ? "-" : "",
                          magnitude / 100, decimal, (guint) (magnitude % 100));
}

static gboolean
is_space_at (const char *p)
{
  gunichar c = g_utf8_get_char (p);

  return g_unichar_isspace (c) || c == 0x00A0 || c == 0x202F || c == 0x2009;
}

/**
 * kb_money_parse:
 * @text: an amount as the user typed it, e.g. "1 234,5" in Russian
 * @minor_units: (out): the amount in kopecks
 *
 * Reads a non-negative amount with at most two decimals. A minus sign
 * ("-" or "−") before an amount that is otherwise good is its own error,
 * %KB_MONEY_ERROR_NEGATIVE, so that the form can say what is wrong rather
 * than call "-500" not a number. The decimal
 * separator is the locale's; a comma and a dot are both taken as one when
 * neither is the locale's digit-group separator (so "12.50" and "12,50"
 * are the same in Russian). Spaces and the group separator between digits
 * are ignored. Never goes through a double.
 */
gboolean
kb_money_parse (const char *text, gint64 *minor_units, GError **error)
{
  const char *decimal, *group;
  gint64 whole = 0, fraction = 0;
  guint n_whole = 0, n_fraction = 0;
  gboolean seen_decimal = FALSE, negative = FALSE;
  const char *p;

  g_return_val_if_fail (minor_units != NULL, FALSE);

  get_separators (&decimal, &group);
  for (p = text != NULL ? text : ""; *p != '\0' && is_space_at (p); p = g_utf8_next_char (p))
    ;
  if (*p == '\0')
    {
      g_set_error_literal (error, KB_MONEY_ERROR, KB_MONEY_ERROR_EMPTY, "No amount");
      return FALSE;
    }
  if (*p == '-' || g_str_has_prefix (p, "−"))
    {
      negative = TRUE;
      p += *p == '-' ? 1 : strlen ("−");
    }

  while (*p != '\0')
    {
      gboolean comma_or_dot = (*p == ',' || *p == '.') && strchr (group, *p) == NULL;

      if (g_ascii_isdigit (*p))
        {
          if (seen_decimal)
            {
              if (++n_fraction > 2)
                {
                  g_set_error_literal (error, KB_MONEY_ERROR, KB_MONEY_ERROR_TOO_PRECISE,
                                       "More than two decimals");
                  return FALSE;
                }
              fraction = fraction * 10 + (*p - '0');
            }
          else
            {
              whole = whole * 10 + (*p - '0');
              n_whole++;
              if (whole * 100 > MAX_PARSED_MINOR)
                {
                  g_set_error_literal (error, KB_MONEY_ERROR, KB_MONEY_ERROR_TOO_LARGE,
                                       "Amount too large");
                  return FALSE;
                }
            }
          p++;
        }
      else if (!seen_decimal && (comma_or_dot || g_str_has_prefix (p, decimal)))
        {
          seen_decimal = TRUE;
          p += comma_or_dot ? 1 : strlen (decimal);
        }
      else if (!seen_decimal && n_whole > 0 && *group != '\0' && g_str_has_prefix (p, group))
        p += strlen (group);
      else if (is_space_at (p))
        p = g_utf8_next_char (p);
      else
        {
          g_set_error_literal (error, KB_MONEY_ERROR, KB_MONEY_ERROR_INVALID, "Not an amount");
          return FALSE;
        }
    }

  if (n_whole == 0 && n_fraction == 0)
    {
      g_set_error_literal (error, KB_MONEY_ERROR, KB_MONEY_ERROR_INVALID, "Not an amount");
      return FALSE;
    }

  if (n_fraction == 1)
    fraction *= 10;
  if (negative && whole * 100 + fraction > 0)
    {
      g_set_error_literal (error, KB_MONEY_ERROR, KB_MONEY_ERROR_NEGATIVE, "Amount below zero");
      return FALSE;
    }
  *minor_units = whole * 100 + fraction;
  return TRUE;
}
