/* kb-api-json.h — strict readers of the server's JSON and the models built from it. */
#pragma once

#include <json-glib/json-glib.h>

#include "kb-client-profile.h"

G_BEGIN_DECLS

JsonObject      *kb_api_json_get_object   (JsonObject  *object,
                                           const char  *member,
                                           gboolean     required,
                                           GError     **error);
const char      *kb_api_json_get_string   (JsonObject  *object,
                                           const char  *member,
                                           gboolean     required,
                                           GError     **error);
gboolean         kb_api_json_get_int      (JsonObject  *object,
                                           const char  *member,
                                           gint64      *value,
                                           GError     **error);
gboolean         kb_api_json_get_count    (JsonObject  *object,
                                           const char  *member,
                                           guint       *value,
                                           GError     **error);
gboolean         kb_api_json_get_optional_string (JsonObject  *object,
                                                  const char  *member,
                                                  const char **value,
                                                  GError     **error);
gboolean         kb_api_json_get_optional_object (JsonObject  *object,
                                                  const char  *member,
                                                  JsonObject **value,
                                                  GError     **error);
gboolean         kb_api_json_get_optional_array  (JsonObject  *object,
                                                  const char  *member,
                                                  JsonArray  **value,
                                                  GError     **error);
JsonArray       *kb_api_json_get_array    (JsonObject  *object,
                                           const char  *member,
                                           gboolean     required,
                                           GError     **error);
gboolean         kb_api_json_get_boolean  (JsonObject  *object,
                                           const char  *member,
                                           gboolean    *value,
                                           GError     **error);
GDateTime       *kb_api_json_get_time     (JsonObject  *object,
                                           const char  *member,
                                           GError     **error);
const char      *kb_api_json_get_date     (JsonObject  *object,
                                           const char  *member,
                                           GError     **error);
gboolean         kb_api_json_get_money    (JsonObject  *object,
                                           const char  *member,
                                           gint64      *amount,
                                           const char **currency,
                                           GError     **error);

JsonObject      *kb_api_json_root_object  (JsonNode    *root,
                                           const char  *what,
                                           GError     **error);

JsonNode        *kb_api_json_body_new     (const char  *first_member,
                                           ...) G_GNUC_NULL_TERMINATED;

gpointer         kb_api_json_bad_response (GError     **error,
                                           const char  *what);

/* Reads one object of an array into a new GObject; NULL with @error set
 * when the object is wrong. */
typedef gpointer (*KbApiJsonReadFunc) (JsonObject  *object,
                                       GError     **error);

GPtrArray       *kb_api_json_read_array   (JsonArray          *array,
                                           const char         *what,
                                           KbApiJsonReadFunc   read,
                                           GError            **error);

GPtrArray       *kb_api_json_read_list    (JsonArray          *array,
                                           const char         *what,
                                           KbApiJsonReadFunc   read,
                                           guint              *skipped,
                                           GError            **error);
gpointer         kb_api_json_root_read    (JsonNode           *root,
                                           const char         *what,
                                           KbApiJsonReadFunc   read,
                                           GError            **error);
GPtrArray       *kb_api_json_root_list    (JsonNode           *root,
                                           const char         *member,
                                           KbApiJsonReadFunc   read,
                                           GError            **error);
guint            kb_api_json_take_skipped (void);

JsonNode        *kb_api_json_parse        (const char         *data,
                                           gsize               size,
                                           GError            **error);

KbClientProfile *kb_api_json_to_client_profile (JsonNode  *root,
                                                GError   **error);

G_END_DECLS
