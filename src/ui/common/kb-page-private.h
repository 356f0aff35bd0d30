/* kb-page-private.h — what kb-page.c shares with kb-page-keys.c. */
#pragma once

#include "kb-page.h"

G_BEGIN_DECLS

void _kb_page_class_keys_init (KbPageClass *klass);

G_END_DECLS
