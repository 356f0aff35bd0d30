/* kb-subscriber-details.h — the current subscriber's details. */
#pragma once

#include <adwaita.h>

#include "kb-subscribers.h"

G_BEGIN_DECLS

#define KB_TYPE_SUBSCRIBER_DETAILS (kb_subscriber_details_get_type ())
G_DECLARE_FINAL_TYPE (KbSubscriberDetails, kb_subscriber_details, KB, SUBSCRIBER_DETAILS, AdwBin)

/* Shows @subscribers' current subscriber from now on, and fetches its details. */
void        kb_subscriber_details_set_subscribers (KbSubscriberDetails *self,
                                                   KbSubscribers       *subscribers);
/* Makes @subscriber the current one and fetches its services and installments. */
void        kb_subscriber_details_choose          (KbSubscriberDetails *self,
                                                   KbSubscriber        *subscriber);

G_END_DECLS
