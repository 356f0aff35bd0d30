/* kb-rename-rule.h — when the Cabinet accepts renames: the operator's rule, the server's word. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define KB_TYPE_RENAME_RULE (kb_rename_rule_get_type ())
G_DECLARE_FINAL_TYPE (KbRenameRule, kb_rename_rule, KB, RENAME_RULE, GObject)

/* Renaming is closed in the last two calendar days of a month (Minsk
 * time), and after the server refused a rename as closed, until the next
 * reset. Shared by the widgets of the Rename section: each asks it before
 * sending and follows its "changed" signal, emitted whenever the rule was
 * looked at again (the answer or the reopening date may differ). */
KbRenameRule *kb_rename_rule_new                (void);

/* The clock: the real one, or KABINET_NOW (ISO 8601) from the environment,
 * or @now once set here (for tests; %NULL returns to the real clock). */
void          kb_rename_rule_set_now            (KbRenameRule *self,
                                                 GDateTime    *now);
/* Looks at the clock again. */
void          kb_rename_rule_check              (KbRenameRule *self);
gboolean      kb_rename_rule_get_open           (KbRenameRule *self);
/* When renames open again; %NULL while they are open (transfer full). */
GDateTime    *kb_rename_rule_get_reopens        (KbRenameRule *self);

/* The server refused a rename with @error: when it says the window is
 * closed (rename_window_closed) although the clock allowed it, the rule
 * takes its word; any other refusal leaves the rule as it is. */
void          kb_rename_rule_note_refusal       (KbRenameRule *self,
                                                 const GError *error);
/* Forgets the server's last word, as a reload does. */
void          kb_rename_rule_forget_server      (KbRenameRule *self);

G_END_DECLS
