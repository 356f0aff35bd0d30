/* kb-api-events.h — the events WebSocket of the contract (docs/api.md, "Events socket"). */
#pragma once

#include "kb-api-client.h"

G_BEGIN_DECLS

#define KB_TYPE_API_EVENTS (kb_api_events_get_type ())
G_DECLARE_FINAL_TYPE (KbApiEvents, kb_api_events, KB, API_EVENTS, GObject)

/* Signals: "event" (const char *type, const char *question_id) for every
 * question, answer or status event; "request" (const char *request_id) when
 * an operator's request is made or changes status; "closed" (GError *reason, nullable) once,
 * when the socket closed, failed or went silent for two heartbeats. */
KbApiEvents *kb_api_events_new            (KbApiClient          *api);
void         kb_api_events_connect_async  (KbApiEvents          *self,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean     kb_api_events_connect_finish (KbApiEvents          *self,
                                           GAsyncResult         *result,
                                           GError              **error);
gboolean     kb_api_events_is_connected   (KbApiEvents          *self);
void         kb_api_events_close          (KbApiEvents          *self);
/* Seconds of silence after which the socket counts as dead (default 65:
 * two heartbeats of 30 s and a margin). */
void         kb_api_events_set_silence_timeout (KbApiEvents     *self,
                                                guint            seconds);

/* Internal: how a text message of the socket is read (for the fuzz target). */
gboolean     _kb_api_events_parse_message (const char        *data,
                                           gsize              size,
                                           char             **type,
                                           char             **subject_id);

G_END_DECLS
