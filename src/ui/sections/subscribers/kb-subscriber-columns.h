/* kb-subscriber-columns.h — Subscriber Selection's columns. */
#pragma once

#include "kb-subscriber-ticks.h"

G_BEGIN_DECLS

/* Adds the columns to @view, whose model holds a KbListSlot of a
 * KbSubscriber per row; the tick boxes are @ticks'. */
void kb_subscriber_columns_add (GtkColumnView     *view,
                                KbSubscriberTicks *ticks);

G_END_DECLS
