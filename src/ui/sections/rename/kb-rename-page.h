/* kb-rename-page.h — Rename Subscriber (Переименование абонента). */
#pragma once

#include "kb-list-import.h"
#include "kb-page.h"

G_BEGIN_DECLS

#define KB_TYPE_RENAME_PAGE (kb_rename_page_get_type ())
G_DECLARE_FINAL_TYPE (KbRenamePage, kb_rename_page, KB, RENAME_PAGE, KbPage)

/* The clock the page applies the operator's rule with (renaming is closed
 * in the last two calendar days of a month, Minsk time): the real one, or
 * KABINET_NOW (ISO 8601) from the environment, or @now once set here (for
 * tests; %NULL returns to the real clock). */
void          kb_rename_page_set_now            (KbRenamePage *self,
                                                 GDateTime    *now);
/* Whether the page now lets the user rename (the rule, and the server's
 * last word). */
gboolean      kb_rename_page_get_open           (KbRenamePage *self);

KbListImport *kb_rename_page_get_list_import    (KbRenamePage *self);
/* The rows shown after a submit, and those of the history entry opened
 * (GListModel of KbRenameRow, transfer none). */
GListModel   *kb_rename_page_get_results        (KbRenamePage *self);
GListModel   *kb_rename_page_get_batch_rows     (KbRenamePage *self);
/* Opens the history entry at @position, as activating its row does. */
void          kb_rename_page_open_history_entry (KbRenamePage *self,
                                                 guint         position);

G_END_DECLS
