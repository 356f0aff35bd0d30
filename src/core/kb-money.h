/* kb-money.h — amounts in integer minor units (kopecks) and their display. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The currency of the account's amounts: what a model keeps when the
 * server names none. */
#define KB_MONEY_CURRENCY "BYN"

#define KB_MONEY_ERROR (kb_money_error_quark ())

typedef enum {
  KB_MONEY_ERROR_EMPTY,
  KB_MONEY_ERROR_INVALID,
  KB_MONEY_ERROR_TOO_PRECISE,
  KB_MONEY_ERROR_TOO_LARGE,
  KB_MONEY_ERROR_NEGATIVE,
} KbMoneyError;

GQuark   kb_money_error_quark     (void);

char    *kb_money_format          (gint64       minor_units,
                                   const char  *currency);
char    *kb_money_format_plain    (gint64       minor_units);
gboolean kb_money_parse           (const char  *text,
                                   gint64      *minor_units,
                                   GError     **error);

G_END_DECLS
