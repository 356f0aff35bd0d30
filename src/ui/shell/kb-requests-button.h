/* kb-requests-button.h — the header bar's Requests button and the list of requests it opens. */
#pragma once

#include <adwaita.h>

#include "kb-sync.h"

G_BEGIN_DECLS

#define KB_TYPE_REQUESTS_BUTTON (kb_requests_button_get_type ())
G_DECLARE_FINAL_TYPE (KbRequestsButton, kb_requests_button, KB, REQUESTS_BUTTON, AdwBin)

void        kb_requests_button_set_sync  (KbRequestsButton *self,
                                          KbSync           *sync);
void        kb_requests_button_popup     (KbRequestsButton *self);
GtkListBox *kb_requests_button_get_list  (KbRequestsButton *self);

G_END_DECLS
