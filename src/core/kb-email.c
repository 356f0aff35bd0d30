/* kb-email.c — the contract's rule for an e-mail address.
 *
 * The client checks an address before it sends one (invoice delivery, an
 * invoice by e-mail) and the reference server when one arrives; both use
 * this function, so they cannot disagree.
 */
#include "config.h"

#include "kb-email.h"

#include <string.h>

/* A plausible e-mail address, by the contract's own rule: at most 254
 * bytes, one "@", a dot in the domain with something on both sides, no
 * spaces or control characters. The real check is the mail that arrives. */
gboolean
kb_email_is_valid (const char *address)
{
  const char *at, *dot;

  if (address == NULL || strlen (address) > 254)
    return FALSE;
  at = strchr (address, '@');
  if (at == NULL || at == address || strchr (at + 1, '@') != NULL)
    return FALSE;
  dot = strrchr (at, '.');
  if (dot == NULL || dot == at + 1 || dot[1] == '\0')
    return FALSE;
  for (const char *p = address; *p != '\0'; p++)
    if (g_ascii_isspace (*p) || g_ascii_iscntrl (*p))
      return FALSE;
  return TRUE;
}
