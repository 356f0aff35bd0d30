/* kb-phone-number.c — Belarusian mobile numbers: any typed form to the contract's form and back.
 *
 * The contract (docs/api.md) and the reference server accept one form only:
 * "+375", an operator code (25, 29, 33 or 44) and seven digits. People type
 * many others, and all of these are read as +375291234567:
 *
 *   +375 29 123-45-67    international, with or without the plus
 *   375291234567
 *   +375 (029) 1234567   the national trunk zero kept after +375 (a common slip)
 *   8 (029) 123-45-67    national with the trunk prefix 8 0
 *   80291234567
 *   29 123 45 67         the nine national digits alone
 *
 * Between the digits any mix of spaces (NBSP and the other Unicode spaces
 * too), dashes (also the Unicode ones), dots and brackets is ignored; a plus
 * may only come first. Anything else — a letter, a slash, a second plus — is
 * an invalid character, so "29 123-45-67 доб. 5" is refused rather than
 * guessed at. "8 29 1234567" (a Russian habit, no trunk zero) is refused:
 * in Belarus an 8 is always followed by 0.
 *
 * This runs for every row of a 100 000-row list, so it allocates nothing.
 */
#include "config.h"

#include "kb-phone-number.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define NATIONAL_LENGTH 9
/* More digits than any accepted form has; the count goes on past it. */
#define MAX_DIGITS 16

G_DEFINE_QUARK (kb-phone-number-error-quark, kb_phone_number_error)

typedef struct {
  char digits[MAX_DIGITS];
  gsize n_digits;        /* all of them, also those not stored */
  gboolean plus;
} Scan;

static gboolean
is_operator_code (char first, char second)
{
  return (first == '2' && (second == '5' || second == '9')) ||
         (first == '3' && second == '3') ||
         (first == '4' && second == '4');
}

/* A Unicode character that may stand between digits: a space of any kind
 * (U+00A0, U+202F, U+2009…), a hyphen or dash (U+2010–U+2015), the minus
 * sign, a zero-width space or a byte order mark. */
static gboolean
is_punctuation_unichar (gunichar c)
{
  return g_unichar_isspace (c) || g_unichar_type (c) == G_UNICODE_SPACE_SEPARATOR ||
         (c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == 0x200B || c == 0xFEFF;
}

/* Collects the digits of @text and whether a plus came before them.
 * Returns FALSE at the first character that has no place in a number. */
static gboolean
scan (const char *text, gsize length, Scan *out)
{
  const char *p = text;
  const char *end = text + length;

  out->n_digits = 0;
  out->plus = FALSE;

  while (p < end)
    {
      guchar c = (guchar) *p;

      if (c >= '0' && c <= '9')
        {
          if (out->n_digits < MAX_DIGITS)
            out->digits[out->n_digits] = (char) c;
          out->n_digits++;
          p++;
        }
      else if (c == '+')
        {
          if (out->plus || out->n_digits > 0)
            return FALSE;
          out->plus = TRUE;
          p++;
        }
      else if (c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '\t')
        p++;
      else if (c < 0x80)
        return FALSE;
      else
        {
          gunichar u = g_utf8_get_char_validated (p, end - p);

          if (u == (gunichar) -1 || u == (gunichar) -2 || !is_punctuation_unichar (u))
            return FALSE;
          p = g_utf8_next_char (p);
        }
    }
  return TRUE;
}

static gboolean
has_prefix (const Scan *s, const char *prefix)
{
  gsize len = strlen (prefix);
  return s->n_digits >= len && memcmp (s->digits, prefix, len) == 0;
}

/**
 * kb_phone_number_normalize_to_buffer:
 * @text: a number as typed, UTF-8
 * @length: the length of @text in bytes, or -1 when it ends with a NUL
 * @canonical: (out caller-allocates): KB_PHONE_NUMBER_LENGTH + 1 bytes that
 *   receive "+375…" and a NUL when the number is good, "" otherwise
 *
 * Returns: %KB_PHONE_NUMBER_PROBLEM_NONE, or why @text is not a number.
 */
KbPhoneNumberProblem
kb_phone_number_normalize_to_buffer (const char *text, gssize length, char *canonical)
{
  Scan s;
  const char *national;
  gsize n_national;

  g_return_val_if_fail (canonical != NULL, KB_PHONE_NUMBER_PROBLEM_EMPTY);
  canonical[0] = '\0';
  if (text == NULL)
    return KB_PHONE_NUMBER_PROBLEM_EMPTY;
  if (length < 0)
    length = strlen (text);

  if (!scan (text, length, &s))
    return KB_PHONE_NUMBER_PROBLEM_INVALID_CHARACTER;
  if (s.n_digits == 0)
    return s.plus ? KB_PHONE_NUMBER_PROBLEM_TOO_SHORT : KB_PHONE_NUMBER_PROBLEM_EMPTY;
  if (s.n_digits > MAX_DIGITS)
    return KB_PHONE_NUMBER_PROBLEM_TOO_LONG;

  if (s.plus || has_prefix (&s, "375"))
    {
      /* International: the country code first. */
      if (strncmp (s.digits, "375", MIN (s.n_digits, 3)) != 0)
        return KB_PHONE_NUMBER_PROBLEM_WRONG_COUNTRY;
      national = s.digits + 3;
      n_national = s.n_digits >= 3 ? s.n_digits - 3 : 0;
      if (n_national == NATIONAL_LENGTH + 1 && national[0] == '0')
        {
          national++;
          n_national--;
        }
    }
  else if (has_prefix (&s, "80"))
    {
      national = s.digits + 2;
      n_national = s.n_digits - 2;
    }
  else if (s.n_digits == 1 && s.digits[0] == '8')
    return KB_PHONE_NUMBER_PROBLEM_TOO_SHORT;
  else
    {
      national = s.digits;
      n_national = s.n_digits;
      /* Too many digits for a national number and no operator code at
       * the start: another country's number, such as 8 916… or 7 916…. */
      if (n_national > NATIONAL_LENGTH && !is_operator_code (national[0], national[1]))
        return KB_PHONE_NUMBER_PROBLEM_WRONG_COUNTRY;
    }

  if (n_national < NATIONAL_LENGTH)
    return KB_PHONE_NUMBER_PROBLEM_TOO_SHORT;
  if (n_national > NATIONAL_LENGTH)
    return KB_PHONE_NUMBER_PROBLEM_TOO_LONG;
  if (!is_operator_code (national[0], national[1]))
    return KB_PHONE_NUMBER_PROBLEM_WRONG_OPERATOR;

  memcpy (canonical, "+375", 4);
  memcpy (canonical + 4, national, NATIONAL_LENGTH);
  canonical[KB_PHONE_NUMBER_LENGTH] = '\0';
  return KB_PHONE_NUMBER_PROBLEM_NONE;
}

/**
 * kb_phone_number_normalize:
 * @text: a number as typed
 * @error: a %KB_PHONE_NUMBER_ERROR with a translated message when @text is
 *   not a number
 *
 * Returns: (transfer full) (nullable): "+375291234567", or %NULL.
 */
char *
kb_phone_number_normalize (const char *text, GError **error)
{
  char canonical[KB_PHONE_NUMBER_LENGTH + 1];
  KbPhoneNumberProblem problem = kb_phone_number_normalize_to_buffer (text, -1, canonical);

  if (problem != KB_PHONE_NUMBER_PROBLEM_NONE)
    {
      g_set_error_literal (error, KB_PHONE_NUMBER_ERROR, problem,
                           kb_phone_number_problem_get_message (problem));
      return NULL;
    }
  return g_strdup (canonical);
}

/* Returns: (transfer full): the digits of @text and nothing else, as a
 * number or a piece of one is looked for in the contract's form. */
char *
kb_phone_number_digits (const char *text)
{
  GString *digits = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);
  return g_string_free (digits, FALSE);
}

/* Returns: whether @number is already in the contract's form, +375291234567. */
gboolean
kb_phone_number_is_canonical (const char *number)
{
  if (number == NULL || strlen (number) != KB_PHONE_NUMBER_LENGTH ||
      strncmp (number, "+375", 4) != 0)
    return FALSE;
  for (guint i = 4; i < KB_PHONE_NUMBER_LENGTH; i++)
    if (!g_ascii_isdigit (number[i]))
      return FALSE;
  return is_operator_code (number[4], number[5]);
}

/**
 * kb_phone_number_format:
 * @number: a number in any form kb_phone_number_normalize() accepts
 *
 * Returns: (transfer full): the number for people, "+375 29 123-45-67", or a
 * copy of @number as it is when it is not a number (never %NULL unless
 * @number is).
 */
char *
kb_phone_number_format (const char *number)
{
  char c[KB_PHONE_NUMBER_LENGTH + 1];

  if (number == NULL)
    return NULL;
  if (kb_phone_number_normalize_to_buffer (number, -1, c) != KB_PHONE_NUMBER_PROBLEM_NONE)
    return g_strdup (number);
  return g_strdup_printf ("+375 %.2s %.3s-%.2s-%.2s", c + 4, c + 6, c + 9, c + 11);
}

/**
 * kb_phone_number_format_canonical:
 * @number: (nullable): a number as the server sent it back
 *
 * A number that a reply echoes (a result row, a subscriber) is shown as it
 * was sent: formatted when it is in the contract's form, and otherwise left
 * as it is, not corrected, so that a rejected "29 123" still reads so.
 *
 * Returns: (transfer full) (nullable): "+375 29 123-45-67", or a copy of @number.
 */
char *
kb_phone_number_format_canonical (const char *number)
{
  if (kb_phone_number_is_canonical (number))
    return kb_phone_number_format (number);
  return g_strdup (number);
}

/* Whether some canonical number starts with @prefix. */
static gboolean
canonical_prefix_possible (const char *prefix, gsize length)
{
  static const char country[] = "+375";

  if (length > KB_PHONE_NUMBER_LENGTH)
    return FALSE;
  for (gsize i = 0; i < length && i < 4; i++)
    if (prefix[i] != country[i])
      return FALSE;
  if (length >= 5 && prefix[4] != '2' && prefix[4] != '3' && prefix[4] != '4')
    return FALSE;
  if (length >= 6 && !is_operator_code (prefix[4], prefix[5]))
    return FALSE;
  return TRUE;
}

static void
add_candidate (GPtrArray *candidates, char *candidate)
{
  if (canonical_prefix_possible (candidate, strlen (candidate)))
    g_ptr_array_add (candidates, candidate);
  else
    g_free (candidate);
}

/**
 * kb_phone_number_looks_like_prefix:
 * @query: what the user has typed so far into a search field
 * @canonical_prefix: (out) (optional) (transfer full): the beginning that
 *   every number matching @query has in the contract's form
 *
 * Whether @query could be the beginning of a mobile number in any of the
 * forms kb_phone_number_normalize() accepts: "+375 2", "8 (02", "37529",
 * "29 12". Only digits and the punctuation of numbers count; "Иванов" or
 * "12" (no number starts so) do not. A search field can then match the
 * number column with a prefix instead of (or besides) a text search.
 *
 * Where the forms disagree ("3" is the start of 375… and of the operator
 * code 33) @canonical_prefix is what they have in common ("+3"), so a
 * prefix search never misses a number the user may mean.
 *
 * Returns: %TRUE when @query looks like the start of a number.
 */
gboolean
kb_phone_number_looks_like_prefix (const char *query, char **canonical_prefix)
{
  g_autoptr(GPtrArray) candidates = NULL;
  g_autofree char *digits = NULL;
  const char *first;
  gsize common;
  Scan s;

  if (canonical_prefix != NULL)
    *canonical_prefix = NULL;
  if (query == NULL || !scan (query, strlen (query), &s))
    return FALSE;
  if (s.n_digits == 0 && !s.plus)
    return FALSE;
  if (s.n_digits > MAX_DIGITS)
    return FALSE;

  digits = g_strndup (s.digits, s.n_digits);
  candidates = g_ptr_array_new_with_free_func (g_free);
  add_candidate (candidates, g_strconcat ("+", digits, NULL));
  /* "+375 (0" on its way to "+375 (029)". */
  if (g_str_has_prefix (digits, "3750"))
    add_candidate (candidates, g_strconcat ("+375", digits + 4, NULL));
  if (!s.plus)
    {
      if (s.n_digits == 1 && digits[0] == '8')
        add_candidate (candidates, g_strdup ("+375"));
      else if (g_str_has_prefix (digits, "80"))
        add_candidate (candidates, g_strconcat ("+375", digits + 2, NULL));
      add_candidate (candidates, g_strconcat ("+375", digits, NULL));
    }

  if (candidates->len == 0)
    return FALSE;

  first = g_ptr_array_index (candidates, 0);
  common = strlen (first);
  for (guint i = 1; i < candidates->len; i++)
    {
      const char *other = g_ptr_array_index (candidates, i);
      gsize j = 0;

      while (j < common && other[j] == first[j])
        j++;
      common = j;
    }

  if (canonical_prefix != NULL)
    *canonical_prefix = g_strndup (first, common);
  return TRUE;
}

/* Returns: (transfer none): why a number is refused, translated; "" for
 * %KB_PHONE_NUMBER_PROBLEM_NONE. */
const char *
kb_phone_number_problem_get_message (KbPhoneNumberProblem problem)
{
  switch (problem)
    {
    case KB_PHONE_NUMBER_PROBLEM_NONE:
      return "";
    case KB_PHONE_NUMBER_PROBLEM_EMPTY:
      return _("The number is empty.");
    case KB_PHONE_NUMBER_PROBLEM_INVALID_CHARACTER:
      return _("A number has only digits, spaces, dashes, brackets and a leading plus.");
    case KB_PHONE_NUMBER_PROBLEM_TOO_SHORT:
      return _("The number has too few digits.");
    case KB_PHONE_NUMBER_PROBLEM_TOO_LONG:
      return _("The number has too many digits.");
    case KB_PHONE_NUMBER_PROBLEM_WRONG_COUNTRY:
      return _("This is not a Belarusian number: it must start with +375 or 80.");
    case KB_PHONE_NUMBER_PROBLEM_WRONG_OPERATOR:
      return _("The operator code must be 25, 29, 33 or 44.");
    default:
      g_return_val_if_reached ("");
    }
}
