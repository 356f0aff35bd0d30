/* kb-unavailable-page.h — a section Kabinet does not offer yet, said plainly. */
#pragma once

#include "kb-page.h"

G_BEGIN_DECLS

#define KB_TYPE_UNAVAILABLE_PAGE (kb_unavailable_page_get_type ())
G_DECLARE_FINAL_TYPE (KbUnavailablePage, kb_unavailable_page, KB, UNAVAILABLE_PAGE, KbPage)

G_END_DECLS
