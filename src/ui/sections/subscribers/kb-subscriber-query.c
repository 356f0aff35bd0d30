/* kb-subscriber-query.c — what Subscriber Selection's search and filters ask for, without widgets.
 *
 * A big client has 100 000 subscribers and the list must filter within a
 * frame per keystroke, so the typed text is classified once per keystroke
 * (a number prefix in the contract's form, digits anywhere in the number,
 * or a folded name) and each row is then one strncmp or strstr over strings
 * KbSubscriber prepared when it was made. Each change also says how the new
 * query relates to the old one: a query that grows only narrows, so the
 * filter looks only at the rows still shown.
 */
#include "config.h"

#include "kb-subscriber-query.h"

#include <string.h>

#include "kb-packed-strings.h"
#include "kb-phone-number.h"

struct _KbSubscriberQuery
{
  KbSubscriberQueryKind kind;
  char *key;
  gsize key_length;
  KbSubscriberStatus status;      /* UNKNOWN: all */
  const char *tariff;             /* interned; NULL: all */
};

KbSubscriberQuery *
kb_subscriber_query_new (void)
{
  KbSubscriberQuery *self = g_new0 (KbSubscriberQuery, 1);

  self->kind = KB_SUBSCRIBER_QUERY_ALL;
  self->status = KB_SUBSCRIBER_STATUS_UNKNOWN;
  return self;
}

KbSubscriberQuery *
kb_subscriber_query_copy (const KbSubscriberQuery *self)
{
  KbSubscriberQuery *copy = g_memdup2 (self, sizeof *self);

  copy->key = g_strdup (self->key);
  return copy;
}

void
kb_subscriber_query_free (KbSubscriberQuery *self)
{
  if (self == NULL)
    return;
  g_free (self->key);
  g_free (self);
}

KbSubscriberQueryKind
kb_subscriber_query_get_kind (const KbSubscriberQuery *self)
{
  return self->kind;
}

const char *
kb_subscriber_query_get_key (const KbSubscriberQuery *self)
{
  return self->key;
}

const char *
kb_subscriber_query_get_tariff (const KbSubscriberQuery *self)
{
  return self->tariff;
}

gboolean
kb_subscriber_query_match (KbSubscriber *subscriber, gpointer query)
{
  const KbSubscriberQuery *self = query;

  if (self->status != KB_SUBSCRIBER_STATUS_UNKNOWN &&
      kb_subscriber_get_status (subscriber) != self->status)
    return FALSE;
  if (self->tariff != NULL && kb_subscriber_get_tariff (subscriber) != self->tariff)
    return FALSE;

  switch (self->kind)
    {
    case KB_SUBSCRIBER_QUERY_NUMBER_PREFIX:
      return strncmp (kb_subscriber_get_number (subscriber), self->key, self->key_length) == 0;
    case KB_SUBSCRIBER_QUERY_DIGITS:
      return strstr (kb_subscriber_get_number (subscriber), self->key) != NULL;
    case KB_SUBSCRIBER_QUERY_NAME:
      return strstr (kb_subscriber_get_folded_name (subscriber), self->key) != NULL;
    case KB_SUBSCRIBER_QUERY_ALL:
    default:
      return TRUE;
    }
}

/* ---- Searching a packed list -------------------------------------------- */

/* What kb_subscriber_query_match() reads of each subscriber, by position. */
struct _KbSubscriberIndex
{
  KbPackedStrings *numbers;
  KbPackedStrings *folded_names;
  guint8 *statuses;               /* KbSubscriberStatus */
  const char **tariffs;           /* interned, as the subscribers' are */
};

KbSubscriberIndex *
kb_subscriber_index_new (GPtrArray *subscribers)
{
  KbSubscriberIndex *index = g_new0 (KbSubscriberIndex, 1);
  guint n = subscribers->len;

  index->numbers = kb_packed_strings_new (n);
  index->folded_names = kb_packed_strings_new (n);
  index->statuses = g_new (guint8, n);
  index->tariffs = g_new (const char *, n);
  for (guint i = 0; i < n; i++)
    {
      KbSubscriber *subscriber = subscribers->pdata[i];

      kb_packed_strings_add (index->numbers, kb_subscriber_get_number (subscriber));
      kb_packed_strings_add (index->folded_names, kb_subscriber_get_folded_name (subscriber));
      index->statuses[i] = (guint8) kb_subscriber_get_status (subscriber);
      index->tariffs[i] = kb_subscriber_get_tariff (subscriber);
    }
  return index;
}

void
kb_subscriber_index_free (KbSubscriberIndex *index)
{
  if (index == NULL)
    return;
  kb_packed_strings_free (index->numbers);
  kb_packed_strings_free (index->folded_names);
  g_free (index->statuses);
  g_free (index->tariffs);
  g_free (index);
}

/* kb_subscriber_query_match() for a whole list: the typed text through the
 * packed column it reads, then the status and the tariff of what it found.
 * test-packed-search compares the two on the demo data. */
GArray *
kb_subscriber_query_search (gpointer index, GArray *candidates, gconstpointer query,
                            GCancellable *cancellable)
{
  const KbSubscriberIndex *packed = index;
  const KbSubscriberQuery *self = query;
  GArray *found;
  guint kept = 0;

  switch (self->kind)
    {
    case KB_SUBSCRIBER_QUERY_NUMBER_PREFIX:
      found = kb_packed_strings_find (packed->numbers, self->key, TRUE, candidates, cancellable);
      break;
    case KB_SUBSCRIBER_QUERY_DIGITS:
      found = kb_packed_strings_find (packed->numbers, self->key, FALSE, candidates, cancellable);
      break;
    case KB_SUBSCRIBER_QUERY_NAME:
      found = kb_packed_strings_find (packed->folded_names, self->key, FALSE, candidates, cancellable);
      break;
    case KB_SUBSCRIBER_QUERY_ALL:
    default:
      found = kb_packed_strings_find (packed->numbers, NULL, FALSE, candidates, cancellable);
      break;
    }
  if (found == NULL)
    return NULL;

  if (self->status == KB_SUBSCRIBER_STATUS_UNKNOWN && self->tariff == NULL)
    return found;
  for (guint i = 0; i < found->len; i++)
    {
      guint row = g_array_index (found, guint, i);

      if ((self->status == KB_SUBSCRIBER_STATUS_UNKNOWN || packed->statuses[row] == self->status) &&
          (self->tariff == NULL || packed->tariffs[row] == self->tariff))
        g_array_index (found, guint, kept++) = row;
    }
  g_array_set_size (found, kept);
  return found;
}

/* ---- Classifying typed text ---------------------------------------------- */

static gboolean
is_number_text (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && strchr ("+-() .", *p) == NULL)
      return FALSE;
  return TRUE;
}

/* Sorts a query into how rows are matched: "+375 29 12", "8029", "2912"
 * are the start of a number (in the contract's form); other digits, such as
 * the last four, are found anywhere in the number; anything with letters is
 * part of a name. */
static void
classify (const char *text, KbSubscriberQueryKind *kind, char **key)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  g_autofree char *prefix = NULL;

  *key = NULL;
  *kind = KB_SUBSCRIBER_QUERY_ALL;
  if (*stripped == '\0')
    return;
  if (is_number_text (stripped))
    {
      g_autofree char *digits = kb_phone_number_digits (stripped);

      if (kb_phone_number_looks_like_prefix (stripped, &prefix))
        {
          *kind = KB_SUBSCRIBER_QUERY_NUMBER_PREFIX;
          *key = g_steal_pointer (&prefix);
          return;
        }
      if (*digits != '\0')
        {
          *kind = KB_SUBSCRIBER_QUERY_DIGITS;
          *key = g_steal_pointer (&digits);
          return;
        }
    }
  *kind = KB_SUBSCRIBER_QUERY_NAME;
  *key = kb_subscriber_fold (stripped);
}

/* How a new text query relates to the old one (which differs from it). */
static KbSubscriberQueryChange
compare_texts (KbSubscriberQueryKind  old_kind,
               const char            *old_key,
               KbSubscriberQueryKind  kind,
               const char            *key)
{
  if (old_kind == KB_SUBSCRIBER_QUERY_ALL)
    return KB_SUBSCRIBER_QUERY_NARROWER;
  if (kind == KB_SUBSCRIBER_QUERY_ALL)
    return KB_SUBSCRIBER_QUERY_WIDER;
  if (old_kind != kind)
    return KB_SUBSCRIBER_QUERY_DIFFERENT;
  if (kind == KB_SUBSCRIBER_QUERY_NUMBER_PREFIX)
    {
      if (g_str_has_prefix (key, old_key))
        return KB_SUBSCRIBER_QUERY_NARROWER;
      if (g_str_has_prefix (old_key, key))
        return KB_SUBSCRIBER_QUERY_WIDER;
      return KB_SUBSCRIBER_QUERY_DIFFERENT;
    }
  if (strstr (key, old_key) != NULL)
    return KB_SUBSCRIBER_QUERY_NARROWER;
  if (strstr (old_key, key) != NULL)
    return KB_SUBSCRIBER_QUERY_WIDER;
  return KB_SUBSCRIBER_QUERY_DIFFERENT;
}

KbSubscriberQueryChange
kb_subscriber_query_set_text (KbSubscriberQuery *self, const char *text)
{
  KbSubscriberQueryKind kind;
  g_autofree char *key = NULL;
  KbSubscriberQueryChange change;

  classify (text != NULL ? text : "", &kind, &key);
  if (kind == self->kind && g_strcmp0 (key, self->key) == 0)
    return KB_SUBSCRIBER_QUERY_SAME;
  change = compare_texts (self->kind, self->key, kind, key);
  g_free (self->key);
  self->key = g_steal_pointer (&key);
  self->key_length = self->key != NULL ? strlen (self->key) : 0;
  self->kind = kind;
  return change;
}

KbSubscriberQueryChange
kb_subscriber_query_set_filters (KbSubscriberQuery  *self,
                                 KbSubscriberStatus  status,
                                 const char         *tariff)
{
  gboolean narrower, wider;

  tariff = g_intern_string (tariff);
  if (status == self->status && tariff == self->tariff)
    return KB_SUBSCRIBER_QUERY_SAME;

  /* From "all" to one value only narrows; back to "all" only widens. */
  narrower = (status == self->status || self->status == KB_SUBSCRIBER_STATUS_UNKNOWN) &&
             (tariff == self->tariff || self->tariff == NULL);
  wider = (status == self->status || status == KB_SUBSCRIBER_STATUS_UNKNOWN) &&
          (tariff == self->tariff || tariff == NULL);
  self->status = status;
  self->tariff = tariff;
  return narrower ? KB_SUBSCRIBER_QUERY_NARROWER
         : wider ? KB_SUBSCRIBER_QUERY_WIDER
         : KB_SUBSCRIBER_QUERY_DIFFERENT;
}

char *
kb_subscriber_query_explain (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *digits = NULL;
  g_autofree char *normalized = NULL;

  if (text == NULL || !is_number_text (text))
    return NULL;
  digits = kb_phone_number_digits (text);
  if (strlen (digits) < 9)
    return NULL;
  normalized = kb_phone_number_normalize (text, &error);
  return normalized == NULL && error != NULL ? g_strdup (error->message) : NULL;
}
