/* kb-subscriber-ticks.h — ticking subscribers for Service Actions: the boxes and the bar. */
#pragma once

#include <adwaita.h>

#include "kb-subscribers.h"

G_BEGIN_DECLS

#define KB_TYPE_SUBSCRIBER_TICKS (kb_subscriber_ticks_get_type ())
G_DECLARE_FINAL_TYPE (KbSubscriberTicks, kb_subscriber_ticks, KB, SUBSCRIBER_TICKS, AdwBin)

/* Ticks into @subscribers' selection; Tick All ticks what @shown holds. */
void       kb_subscriber_ticks_set_subscribers (KbSubscriberTicks *self,
                                                KbSubscribers     *subscribers,
                                                GListModel        *shown);

/* The cells of the list's tick column: a box made by this bar, which
 * follows ticks made elsewhere (Tick All, Clear Ticks, Service Actions),
 * and shows @subscriber's tick. */
GtkWidget *kb_subscriber_ticks_new_check       (KbSubscriberTicks *self);
void       kb_subscriber_ticks_update_check    (GtkWidget         *check,
                                                KbSubscriber      *subscriber);

/* Whether the activation of @subscriber's row is the click that has just
 * ticked its box: that click ticks, it does not also choose the row. */
gboolean   kb_subscriber_ticks_claim_click     (KbSubscriberTicks *self,
                                                KbSubscriber      *subscriber);

G_END_DECLS
