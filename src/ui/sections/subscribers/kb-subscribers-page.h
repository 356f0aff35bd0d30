/* kb-subscribers-page.h — Subscriber Selection (Выбор абонента). */
#pragma once

#include "kb-page.h"

G_BEGIN_DECLS

#define KB_TYPE_SUBSCRIBERS_PAGE (kb_subscribers_page_get_type ())
G_DECLARE_FINAL_TYPE (KbSubscribersPage, kb_subscribers_page, KB, SUBSCRIBERS_PAGE, KbPage)

/* The subscribers the list shows now, after search and filters (for tests). */
GListModel *kb_subscribers_page_get_shown (KbSubscribersPage *self);

G_END_DECLS
