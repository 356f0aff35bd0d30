/* kb-service-result.h — what a service order did for one subscriber (one row of the request). */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define KB_TYPE_SERVICE_RESULT (kb_service_result_get_type ())
G_DECLARE_FINAL_TYPE (KbServiceResult, kb_service_result, KB, SERVICE_RESULT, GObject)

KbServiceResult *kb_service_result_new         (guint            row,
                                                const char      *number,
                                                const char      *code);
guint            kb_service_result_get_row      (KbServiceResult *self);
const char      *kb_service_result_get_number   (KbServiceResult *self);
gboolean         kb_service_result_get_accepted (KbServiceResult *self);
const char      *kb_service_result_get_code     (KbServiceResult *self);

G_END_DECLS
