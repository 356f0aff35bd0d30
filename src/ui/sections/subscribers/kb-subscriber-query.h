/* kb-subscriber-query.h — what Subscriber Selection's search and filters ask for. */
#pragma once

#include <gio/gio.h>

#include "kb-subscriber.h"

G_BEGIN_DECLS

/* How typed text is matched against a subscriber. */
typedef enum {
  KB_SUBSCRIBER_QUERY_ALL,            /* nothing typed */
  KB_SUBSCRIBER_QUERY_NUMBER_PREFIX,  /* key: the start of the canonical number */
  KB_SUBSCRIBER_QUERY_DIGITS,         /* key: digits anywhere in the number */
  KB_SUBSCRIBER_QUERY_NAME,           /* key: part of the folded name */
} KbSubscriberQueryKind;

/* How a query relates to what it was before a change, so that a filter
 * looks only at the rows it must. */
typedef enum {
  KB_SUBSCRIBER_QUERY_SAME,
  KB_SUBSCRIBER_QUERY_NARROWER,       /* accepts a subset of what it did */
  KB_SUBSCRIBER_QUERY_WIDER,          /* accepts a superset of what it did */
  KB_SUBSCRIBER_QUERY_DIFFERENT,
} KbSubscriberQueryChange;

typedef struct _KbSubscriberQuery KbSubscriberQuery;

KbSubscriberQuery       *kb_subscriber_query_new         (void);
/* A copy that a filter pass on a worker thread reads while this one changes. */
KbSubscriberQuery       *kb_subscriber_query_copy        (const KbSubscriberQuery *self);
void                     kb_subscriber_query_free        (KbSubscriberQuery  *self);

KbSubscriberQueryKind    kb_subscriber_query_get_kind    (const KbSubscriberQuery *self);
const char              *kb_subscriber_query_get_key     (const KbSubscriberQuery *self);
/* Interned; NULL: all tariffs. */
const char              *kb_subscriber_query_get_tariff  (const KbSubscriberQuery *self);

/* The text typed in the search entry. */
KbSubscriberQueryChange  kb_subscriber_query_set_text    (KbSubscriberQuery  *self,
                                                          const char         *text);
/* @status: KB_SUBSCRIBER_STATUS_UNKNOWN for all; @tariff: NULL for all. */
KbSubscriberQueryChange  kb_subscriber_query_set_filters (KbSubscriberQuery  *self,
                                                          KbSubscriberStatus  status,
                                                          const char         *tariff);

/* Whether @subscriber is one the query asks for. @query is the
 * KbSubscriberQuery: the signature is a KbSubscriberMatchFunc's, so that a
 * filter model calls it for each row without a trampoline. */
gboolean                 kb_subscriber_query_match       (KbSubscriber       *subscriber,
                                                          gpointer            query);

/* What a query reads of a list of subscribers, packed column by column, so
 * that a search reads it in the order it lies in memory (see
 * KbPackedStrings): made once per list, on a worker. */
typedef struct _KbSubscriberIndex KbSubscriberIndex;

/* @subscribers: KbSubscribers; the index is of their positions. */
KbSubscriberIndex       *kb_subscriber_index_new         (GPtrArray          *subscribers);
void                     kb_subscriber_index_free        (KbSubscriberIndex  *index);

/* The positions, ascending, of the subscribers among @candidates
 * (ascending; NULL: all) of @index that @query (a KbSubscriberQuery)
 * asks for: exactly those kb_subscriber_query_match() accepts, found all
 * at once. NULL if @cancellable was cancelled first. The signature is a
 * KbFilterSearchFunc's. */
GArray                  *kb_subscriber_query_search      (gpointer            index,
                                                          GArray             *candidates,
                                                          gconstpointer       query,
                                                          GCancellable       *cancellable);

/* Why typed text that looks like a whole phone number cannot be one of the
 * client's (another country, another operator, too many digits), or NULL
 * when the text is not such a number. */
char                    *kb_subscriber_query_explain     (const char         *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KbSubscriberQuery, kb_subscriber_query_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KbSubscriberIndex, kb_subscriber_index_free)

G_END_DECLS
