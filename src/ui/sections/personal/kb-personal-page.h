/* kb-personal-page.h — Personal Information (Персональная информация). */
#pragma once

#include "kb-page.h"

G_BEGIN_DECLS

#define KB_TYPE_PERSONAL_PAGE (kb_personal_page_get_type ())
G_DECLARE_FINAL_TYPE (KbPersonalPage, kb_personal_page, KB, PERSONAL_PAGE, KbPage)

G_END_DECLS
