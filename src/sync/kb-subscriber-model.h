/* kb-subscriber-model.h — the whole subscriber list as a GListModel over one array. */
#pragma once

#include <gio/gio.h>

#include "kb-subscriber.h"

G_BEGIN_DECLS

#define KB_TYPE_SUBSCRIBER_MODEL (kb_subscriber_model_get_type ())
G_DECLARE_FINAL_TYPE (KbSubscriberModel, kb_subscriber_model, KB, SUBSCRIBER_MODEL, GObject)

KbSubscriberModel   *kb_subscriber_model_new          (void);
void                 kb_subscriber_model_replace      (KbSubscriberModel  *self,
                                                       GPtrArray          *subscribers);
void                 kb_subscriber_model_replace_full (KbSubscriberModel  *self,
                                                       GPtrArray          *subscribers,
                                                       const char        **tariffs);
void                 kb_subscriber_model_set_item     (KbSubscriberModel  *self,
                                                       guint               position,
                                                       KbSubscriber       *subscriber);
KbSubscriber        *kb_subscriber_model_peek_item    (KbSubscriberModel  *self,
                                                       guint               position);
GPtrArray           *kb_subscriber_model_get_items    (KbSubscriberModel  *self);
GPtrArray           *kb_subscriber_model_dup_items    (KbSubscriberModel  *self);
const char * const  *kb_subscriber_model_get_tariffs  (KbSubscriberModel  *self);

G_END_DECLS
