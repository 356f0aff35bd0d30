/* kb-server-limited-input.h — a connection's input that ends after a budget of bytes. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define KB_TYPE_SERVER_LIMITED_INPUT (kb_server_limited_input_get_type ())

G_DECLARE_FINAL_TYPE (KbServerLimitedInput, kb_server_limited_input, KB, SERVER_LIMITED_INPUT,
                      GFilterInputStream)

GInputStream *kb_server_limited_input_new        (GIOStream            *connection);
void          kb_server_limited_input_set_budget (KbServerLimitedInput *self,
                                                  guint64               bytes);

G_END_DECLS
