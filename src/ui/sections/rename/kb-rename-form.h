/* kb-rename-form.h — Rename Subscriber's first view: the current subscriber and a new name. */
#pragma once

#include <adwaita.h>

#include "kb-rename-rule.h"
#include "kb-renames.h"
#include "kb-requests.h"
#include "kb-subscribers.h"

G_BEGIN_DECLS

#define KB_TYPE_RENAME_FORM (kb_rename_form_get_type ())
G_DECLARE_FINAL_TYPE (KbRenameForm, kb_rename_form, KB, RENAME_FORM, AdwBin)

/* Renames the current subscriber of @subscribers through @renames while
 * @rule allows it, and shows the operator's request from @requests.
 * @subscribers, @renames and @requests may be %NULL (no session). */
void kb_rename_form_setup (KbRenameForm  *self,
                           KbRenameRule  *rule,
                           KbSubscribers *subscribers,
                           KbRenames     *renames,
                           KbRequests    *requests);

G_END_DECLS
