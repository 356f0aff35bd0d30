/* kb-service.h — one additional service of the operator's catalogue. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define KB_TYPE_SERVICE (kb_service_get_type ())
G_DECLARE_FINAL_TYPE (KbService, kb_service, KB, SERVICE, GObject)

KbService  *kb_service_new             (const char *code,
                                        const char *name,
                                        gint64      monthly_fee_minor,
                                        const char *currency);
const char *kb_service_get_code        (KbService  *self);
const char *kb_service_get_name        (KbService  *self);
gint64      kb_service_get_monthly_fee (KbService  *self);
const char *kb_service_get_currency    (KbService  *self);

G_END_DECLS
