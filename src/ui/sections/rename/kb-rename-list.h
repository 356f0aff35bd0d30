/* kb-rename-list.h — Rename Subscriber's second view: many subscribers renamed from a list. */
#pragma once

#include <adwaita.h>

#include "kb-list-import.h"
#include "kb-rename-rule.h"
#include "kb-renames.h"
#include "kb-requests.h"

G_BEGIN_DECLS

#define KB_TYPE_RENAME_LIST (kb_rename_list_get_type ())
G_DECLARE_FINAL_TYPE (KbRenameList, kb_rename_list, KB, RENAME_LIST, AdwBin)

/* Sends the list through @renames while @rule allows it; unknown numbers
 * are found against @subscribers; the operator's request comes from
 * @requests. @subscribers, @renames and @requests may be %NULL (no
 * session). */
void          kb_rename_list_setup           (KbRenameList  *self,
                                              KbRenameRule  *rule,
                                              KbSubscribers *subscribers,
                                              KbRenames     *renames,
                                              KbRequests    *requests);
KbListImport *kb_rename_list_get_list_import (KbRenameList  *self);
/* The rows of the list last sent, each with the server's result
 * (GListModel of KbRenameRow, transfer none). */
GListModel   *kb_rename_list_get_results     (KbRenameList  *self);

G_END_DECLS
