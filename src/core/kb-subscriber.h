/* kb-subscriber.h — one subscriber (a phone number of the client) as the list and the details show it. */
#pragma once

#include <glib-object.h>

#include "kb-core-enums.h"

G_BEGIN_DECLS

typedef enum {
  KB_SUBSCRIBER_STATUS_UNKNOWN,
  KB_SUBSCRIBER_STATUS_ACTIVE,
  KB_SUBSCRIBER_STATUS_BLOCKED,
} KbSubscriberStatus;

/* A subscriber's name has at most this many characters (the contract's limit). */
#define KB_SUBSCRIBER_NAME_MAX_LENGTH 100

/* What is wrong with a new name; the nicks are the contract's row codes
 * (docs/api.md, "Bulk operations"). */
typedef enum {
  KB_SUBSCRIBER_NAME_PROBLEM_NONE,
  KB_SUBSCRIBER_NAME_PROBLEM_EMPTY,     /*< nick=empty_name >*/
  KB_SUBSCRIBER_NAME_PROBLEM_TOO_LONG,  /*< nick=name_too_long >*/
  KB_SUBSCRIBER_NAME_PROBLEM_INVALID,   /*< nick=invalid_name >*/
} KbSubscriberNameProblem;

#define KB_TYPE_SUBSCRIBER (kb_subscriber_get_type ())
G_DECLARE_FINAL_TYPE (KbSubscriber, kb_subscriber, KB, SUBSCRIBER, GObject)

KbSubscriber       *kb_subscriber_new                  (const char         *id,
                                                        const char         *number,
                                                        const char         *name,
                                                        const char         *tariff,
                                                        KbSubscriberStatus  status);
const char         *kb_subscriber_get_id               (KbSubscriber       *self);
const char         *kb_subscriber_get_number           (KbSubscriber       *self);
const char         *kb_subscriber_get_name             (KbSubscriber       *self);
const char         *kb_subscriber_get_tariff           (KbSubscriber       *self);
KbSubscriberStatus  kb_subscriber_get_status           (KbSubscriber       *self);
/* The name folded for search (lower case, ё as е): see kb_subscriber_fold(). */
const char         *kb_subscriber_get_folded_name      (KbSubscriber       *self);

/* A rename the server accepted that takes effect later (NULL when none). */
const char         *kb_subscriber_get_pending_name     (KbSubscriber       *self);
GDateTime          *kb_subscriber_get_pending_at       (KbSubscriber       *self);
void                kb_subscriber_set_pending          (KbSubscriber       *self,
                                                        const char         *name,
                                                        GDateTime          *effective_at);

/* The additional services that are on (names; NULL until the details were
 * fetched). */
const char * const *kb_subscriber_get_services         (KbSubscriber       *self);
void                kb_subscriber_set_services         (KbSubscriber       *self,
                                                        const char * const *services);

gboolean            kb_subscriber_equal                (KbSubscriber       *a,
                                                        KbSubscriber       *b);

const char         *kb_subscriber_status_to_display    (KbSubscriberStatus  status);
const char        **kb_subscriber_collect_tariffs      (GPtrArray          *subscribers);
void                kb_subscriber_gather_tariffs       (GHashTable         *tariffs,
                                                        GPtrArray          *subscribers);
const char        **kb_subscriber_sort_tariffs         (GHashTable         *tariffs);
char               *kb_subscriber_fold                 (const char         *text);
KbSubscriberNameProblem kb_subscriber_check_name       (const char         *name,
                                                        gssize              length);

G_END_DECLS
