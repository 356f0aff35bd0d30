/* kb-phone-number.h — Belarusian mobile numbers: any typed form to the contract's form and back. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The contract's form, "+375291234567": thirteen characters. */
#define KB_PHONE_NUMBER_LENGTH 13

#define KB_PHONE_NUMBER_ERROR (kb_phone_number_error_quark ())

/* Why a text is not a number. The GError codes of KB_PHONE_NUMBER_ERROR are
 * these values other than KB_PHONE_NUMBER_PROBLEM_NONE. */
typedef enum {
  KB_PHONE_NUMBER_PROBLEM_NONE,
  KB_PHONE_NUMBER_PROBLEM_EMPTY,
  KB_PHONE_NUMBER_PROBLEM_INVALID_CHARACTER,
  KB_PHONE_NUMBER_PROBLEM_TOO_SHORT,
  KB_PHONE_NUMBER_PROBLEM_TOO_LONG,
  KB_PHONE_NUMBER_PROBLEM_WRONG_COUNTRY,
  KB_PHONE_NUMBER_PROBLEM_WRONG_OPERATOR,
} KbPhoneNumberProblem;

GQuark               kb_phone_number_error_quark         (void);

KbPhoneNumberProblem kb_phone_number_normalize_to_buffer (const char *text,
                                                          gssize      length,
                                                          char       *canonical);
char                *kb_phone_number_normalize           (const char *text,
                                                          GError    **error);
gboolean             kb_phone_number_is_canonical        (const char *number);
char                *kb_phone_number_digits              (const char *text);
char                *kb_phone_number_format              (const char *number);
char                *kb_phone_number_format_canonical    (const char *number);
gboolean             kb_phone_number_looks_like_prefix   (const char *query,
                                                          char      **canonical_prefix);
const char          *kb_phone_number_problem_get_message (KbPhoneNumberProblem problem);

G_END_DECLS
