/* kb-subscriber.c — one subscriber (a phone number of the client) as the list and the details show it.
 *
 * A client may have 100 000 of these in memory at once, all searched on
 * every keystroke, so the object is small: its strings share one block
 * (id, number, name and the name folded for search, made once here rather
 * than on each comparison), the tariff is an interned string (a handful of
 * tariffs serve every subscriber), and it has no GObject properties — a
 * subscriber is replaced, not changed, when the server says something new.
 */
#include "config.h"

#include "kb-subscriber.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

struct _KbSubscriber
{
  GObject parent_instance;

  char *strings;            /* id \0 number \0 name \0 folded name \0 */
  const char *number;
  const char *name;
  const char *folded_name;
  const char *tariff;       /* interned */
  KbSubscriberStatus status;

  char *pending_name;
  GDateTime *pending_at;
  GStrv services;
};

G_DEFINE_FINAL_TYPE (KbSubscriber, kb_subscriber, G_TYPE_OBJECT)

static void
kb_subscriber_finalize (GObject *object)
{
  KbSubscriber *self = KB_SUBSCRIBER (object);

  g_free (self->strings);
  g_free (self->pending_name);
  g_clear_pointer (&self->pending_at, g_date_time_unref);
  g_strfreev (self->services);

  G_OBJECT_CLASS (kb_subscriber_parent_class)->finalize (object);
}

static void
kb_subscriber_class_init (KbSubscriberClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kb_subscriber_finalize;
}

static void
kb_subscriber_init (KbSubscriber *self)
{
}

/**
 * kb_subscriber_fold:
 *
 * What a search compares: the text in lower case (Cyrillic too), with ё
 * as е, as people type names either way.
 *
 * Returns: (transfer full): the folded text
 */
/* Folds @text when every character is ASCII, in U+0400 to U+045F (the
 * Russian and Belarusian letters), whose lower case is a fixed step away,
 * or one without a lower case of its own:
 * names are, and g_utf8_strdown() on them was half the time of reading
 * 100 000 subscribers from the cache. Returns: (nullable): NULL for any
 * other text. */
static char *
fold_cyrillic (const char *text)
{
  char *folded = g_malloc (strlen (text) + 1);
  const guchar *p = (const guchar *) text;
  guchar *q = (guchar *) folded;

  while (*p != '\0')
    {
      gunichar c;

      if (*p < 0x80)
        {
          *q++ = g_ascii_tolower (*p++);
          continue;
        }
      if ((p[0] != 0xD0 && p[0] != 0xD1) || (p[1] & 0xC0) != 0x80)
        {
          /* Any other character that has no lower case, or is in it
           * already, stays as g_utf8_strdown() leaves it: the « », №,
           * dashes and é of a question's text keep to this path. */
          gunichar other = g_utf8_get_char_validated ((const char *) p, -1);
          guint n;

          if (other == (gunichar) -1 || other == (gunichar) -2 || g_unichar_tolower (other) != other)
            break;
          n = g_utf8_skip[*p];
          memcpy (q, p, n);
          q += n;
          p += n;
          continue;
        }
      c = ((gunichar) (p[0] & 0x1F) << 6) | (p[1] & 0x3F);
      if (c > 0x45F)
        break;
      if (c <= 0x40F)
        c += 0x50;        /* Ѐ…Џ → ѐ…џ */
      else if (c <= 0x42F)
        c += 0x20;        /* А…Я → а…я */
      if (c == 0x451)
        c = 0x435;        /* ё → е */
      *q++ = 0xC0 | (c >> 6);
      *q++ = 0x80 | (c & 0x3F);
      p += 2;
    }
  if (*p != '\0')
    {
      g_free (folded);
      return NULL;
    }
  *q = '\0';
  return folded;
}

char *
kb_subscriber_fold (const char *text)
{
  g_autofree char *lower = NULL;
  GString *folded;

  if (text == NULL)
    text = "";
  if ((lower = fold_cyrillic (text)) != NULL)
    return g_steal_pointer (&lower);
  lower = g_utf8_strdown (text, -1);

  /* "ё" is two bytes, "е" too: replace in place. */
  if (strstr (lower, "ё") == NULL)
    return g_steal_pointer (&lower);
  folded = g_string_new (lower);
  g_string_replace (folded, "ё", "е", 0);
  return g_string_free (folded, FALSE);
}

/* Whether E2 @second @third is a bidirectional formatting character:
 * U+200E and U+200F are E2 80 8E and 8F, U+202A to U+202E are E2 80 AA to
 * AE, U+2066 to U+2069 are E2 81 A6 to A9. */
static gboolean
is_bidi_control (guchar second, guchar third)
{
  if (second == 0x80)
    return third == 0x8E || third == 0x8F || (third >= 0xAA && third <= 0xAE);
  return second == 0x81 && third >= 0xA6 && third <= 0xA9;
}

/**
 * kb_subscriber_check_name:
 * @name: (nullable): a new name, already trimmed the caller's way
 * @length: its length in bytes, or -1 when it ends with a NUL
 *
 * The contract's rule for a name, which the client checks before it sends
 * one and the reference server checks when one arrives: valid UTF-8, 1 to
 * %KB_SUBSCRIBER_NAME_MAX_LENGTH characters, no control characters (C0 with
 * NUL, DEL, C1) and no bidirectional formatting characters (the marks
 * U+200E and U+200F, the embeddings and overrides U+202A to U+202E, the
 * isolates U+2066 to U+2069): a name shown in a list or printed on an
 * invoice must read the way its characters go, not be turned round to look
 * like another. The length is judged first, then the characters. One pass
 * over the bytes: a list of 100 000 rows is checked on every edit.
 *
 * Returns: %KB_SUBSCRIBER_NAME_PROBLEM_NONE, or what is wrong.
 */
KbSubscriberNameProblem
kb_subscriber_check_name (const char *name, gssize length)
{
  gsize characters = 0;
  gboolean control = FALSE;

  if (name == NULL)
    return KB_SUBSCRIBER_NAME_PROBLEM_INVALID;
  if (length < 0)
    length = strlen (name);
  if (!g_utf8_validate (name, length, NULL))
    return KB_SUBSCRIBER_NAME_PROBLEM_INVALID;
  if (length == 0)
    return KB_SUBSCRIBER_NAME_PROBLEM_EMPTY;

  for (gssize i = 0; i < length; i++)
    {
      guchar c = (guchar) name[i];

      if ((c & 0xC0) != 0x80)
        characters++;
      if (c < 0x20 || c == 0x7F)
        control = TRUE;
      /* C1 controls, U+0080 to U+009F, are C2 80 to C2 9F. */
      else if (c == 0xC2 && i + 1 < length && (guchar) name[i + 1] <= 0x9F)
        control = TRUE;
      else if (c == 0xE2 && i + 2 < length && is_bidi_control ((guchar) name[i + 1],
                                                               (guchar) name[i + 2]))
        control = TRUE;
    }

  if (characters > KB_SUBSCRIBER_NAME_MAX_LENGTH)
    return KB_SUBSCRIBER_NAME_PROBLEM_TOO_LONG;
  if (control)
    return KB_SUBSCRIBER_NAME_PROBLEM_INVALID;
  return KB_SUBSCRIBER_NAME_PROBLEM_NONE;
}

KbSubscriber *
kb_subscriber_new (const char         *id,
                   const char         *number,
                   const char         *name,
                   const char         *tariff,
                   KbSubscriberStatus  status)
{
  KbSubscriber *self = g_object_new (KB_TYPE_SUBSCRIBER, NULL);
  g_autofree char *folded = NULL;
  gsize id_len, number_len, name_len, folded_len;
  char *p;

  g_return_val_if_fail (id != NULL && number != NULL, NULL);

  name = name != NULL ? name : "";
  folded = kb_subscriber_fold (name);
  id_len = strlen (id) + 1;
  number_len = strlen (number) + 1;
  name_len = strlen (name) + 1;
  folded_len = strlen (folded) + 1;

  p = self->strings = g_malloc (id_len + number_len + name_len + folded_len);
  memcpy (p, id, id_len);
  p += id_len;
  memcpy (p, number, number_len);
  self->number = p;
  p += number_len;
  memcpy (p, name, name_len);
  self->name = p;
  p += name_len;
  memcpy (p, folded, folded_len);
  self->folded_name = p;

  self->tariff = g_intern_string (tariff != NULL ? tariff : "");
  self->status = status;
  return self;
}

const char *
kb_subscriber_get_id (KbSubscriber *self)
{
  g_return_val_if_fail (KB_IS_SUBSCRIBER (self), NULL);
  return self->strings;
}

const char *
kb_subscriber_get_number (KbSubscriber *self)
{
  g_return_val_if_fail (KB_IS_SUBSCRIBER (self), NULL);
  return self->number;
}

const char *
kb_subscriber_get_name (KbSubscriber *self)
{
  g_return_val_if_fail (KB_IS_SUBSCRIBER (self), NULL);
  return self->name;
}

const char *
kb_subscriber_get_folded_name (KbSubscriber *self)
{
  g_return_val_if_fail (KB_IS_SUBSCRIBER (self), NULL);
  return self->folded_name;
}

const char *
kb_subscriber_get_tariff (KbSubscriber *self)
{
  g_return_val_if_fail (KB_IS_SUBSCRIBER (self), NULL);
  return self->tariff;
}

KbSubscriberStatus
kb_subscriber_get_status (KbSubscriber *self)
{
  g_return_val_if_fail (KB_IS_SUBSCRIBER (self), KB_SUBSCRIBER_STATUS_UNKNOWN);
  return self->status;
}

const char *
kb_subscriber_get_pending_name (KbSubscriber *self)
{
  g_return_val_if_fail (KB_IS_SUBSCRIBER (self), NULL);
  return self->pending_name;
}

GDateTime *
kb_subscriber_get_pending_at (KbSubscriber *self)
{
  g_return_val_if_fail (KB_IS_SUBSCRIBER (self), NULL);
  return self->pending_at;
}

void
kb_subscriber_set_pending (KbSubscriber *self, const char *name, GDateTime *effective_at)
{
  g_return_if_fail (KB_IS_SUBSCRIBER (self));

  g_free (self->pending_name);
  self->pending_name = g_strdup (name);
  g_clear_pointer (&self->pending_at, g_date_time_unref);
  if (name != NULL && effective_at != NULL)
    self->pending_at = g_date_time_ref (effective_at);
}

const char * const *
kb_subscriber_get_services (KbSubscriber *self)
{
  g_return_val_if_fail (KB_IS_SUBSCRIBER (self), NULL);
  return (const char * const *) self->services;
}

void
kb_subscriber_set_services (KbSubscriber *self, const char * const *services)
{
  g_return_if_fail (KB_IS_SUBSCRIBER (self));

  g_strfreev (self->services);
  self->services = g_strdupv ((char **) services);
}

/* Whether the list shows the two the same (the services are details). */
gboolean
kb_subscriber_equal (KbSubscriber *a, KbSubscriber *b)
{
  g_return_val_if_fail (KB_IS_SUBSCRIBER (a) && KB_IS_SUBSCRIBER (b), FALSE);

  return g_str_equal (a->strings, b->strings) && g_str_equal (a->number, b->number) &&
         g_str_equal (a->name, b->name) && a->tariff == b->tariff && a->status == b->status &&
         g_strcmp0 (a->pending_name, b->pending_name) == 0 &&
         ((a->pending_at == NULL && b->pending_at == NULL) ||
          (a->pending_at != NULL && b->pending_at != NULL && g_date_time_equal (a->pending_at, b->pending_at)));
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/**
 * kb_subscriber_gather_tariffs:
 * @tariffs: (element-type utf8 utf8): a set made with g_hash_table_new (NULL, NULL)
 * @subscribers: (element-type KbSubscriber): rows
 *
 * Adds the tariffs of @subscribers to @tariffs: a list that arrives in
 * pages is gathered a page at a time. The tariffs are interned, so one
 * look at each row's pointer does, without a reference or a string compare.
 */
void
kb_subscriber_gather_tariffs (GHashTable *tariffs, GPtrArray *subscribers)
{
  g_return_if_fail (tariffs != NULL && subscribers != NULL);

  for (guint i = 0; i < subscribers->len; i++)
    g_hash_table_add (tariffs, (gpointer) ((KbSubscriber *) subscribers->pdata[i])->tariff);
}

/**
 * kb_subscriber_sort_tariffs:
 * @tariffs: what kb_subscriber_gather_tariffs() gathered
 *
 * Returns: (transfer container): the tariffs of @tariffs in byte order, as
 *   a %NULL-terminated array of interned strings: what the tariff filter
 *   offers
 */
const char **
kb_subscriber_sort_tariffs (GHashTable *tariffs)
{
  guint n = 0;
  const char **sorted = (const char **) g_hash_table_get_keys_as_array (tariffs, &n);

  qsort (sorted, n, sizeof (char *), compare_strings);
  return sorted;
}

/**
 * kb_subscriber_collect_tariffs:
 * @subscribers: (element-type KbSubscriber): a list
 *
 * The tariffs the subscribers of @subscribers have, each once, in byte
 * order (kb_subscriber_gather_tariffs(), kb_subscriber_sort_tariffs()).
 *
 * Returns: (transfer container): a %NULL-terminated array of interned strings
 */
const char **
kb_subscriber_collect_tariffs (GPtrArray *subscribers)
{
  g_autoptr(GHashTable) tariffs = g_hash_table_new (NULL, NULL);

  g_return_val_if_fail (subscribers != NULL, NULL);

  kb_subscriber_gather_tariffs (tariffs, subscribers);
  return kb_subscriber_sort_tariffs (tariffs);
}

const char *
kb_subscriber_status_to_display (KbSubscriberStatus status)
{
  switch (status)
    {
    case KB_SUBSCRIBER_STATUS_ACTIVE: return C_("subscriber status", "Active");
    case KB_SUBSCRIBER_STATUS_BLOCKED: return C_("subscriber status", "Blocked");
    case KB_SUBSCRIBER_STATUS_UNKNOWN:
    default: return C_("subscriber status", "Unknown");
    }
}
