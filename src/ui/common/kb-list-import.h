/* kb-list-import.h — a subscriber list from a file, a drop or a paste, with a preview to fix. */
#pragma once

#include <adwaita.h>

#include "kb-list-import-row.h"
#include "kb-subscribers.h"

G_BEGIN_DECLS

#define KB_TYPE_LIST_IMPORT (kb_list_import_get_type ())
G_DECLARE_FINAL_TYPE (KbListImport, kb_list_import, KB, LIST_IMPORT, AdwBin)

/* The list part of Rename Subscriber and Service Actions: an "Open File…"
 * button (CSV or text, in any form kb_subscriber_list_parse() reads), a file
 * or text dropped anywhere on the widget, rows pasted into a text field;
 * then a preview of every row with its problem, where a row can be fixed
 * (its number and name edited in place) or dropped. Parsing runs on a worker
 * thread; the preview is a GtkColumnView, so 100 000 rows stay usable.
 *
 * Properties:
 * - "kind" (KbSubscriberListKind, construct-only): RENAME shows number and
 *   new name, NUMBERS the number only.
 * - "subscribers" (KbSubscribers, nullable): the client's subscribers; rows
 *   with other numbers are marked unknown. Without it nothing is unknown.
 * - "n-rows", "n-valid", "n-problems" (uint, read-only): the rows now in the
 *   preview, those without a problem, those with one. A caller submits when
 *   n-rows > 0 and n-problems == 0.
 * - "busy" (bool, read-only): a file is being read or parsed.
 * - "error" (string, nullable, read-only): why the last file or paste gave
 *   no list, translated (not text, wrong encoding, empty, unreadable). It
 *   is also shown in the widget.
 *
 * Signals: "loaded" () after each file or paste has been read, with or
 * without an error (the old rows are kept on an error). */
GtkWidget          *kb_list_import_new           (KbSubscriberListKind  kind);

KbSubscriberListKind kb_list_import_get_kind     (KbListImport         *self);
KbSubscribers      *kb_list_import_get_subscribers (KbListImport       *self);
void                kb_list_import_set_subscribers (KbListImport       *self,
                                                    KbSubscribers      *subscribers);

/* Reading replaces the rows when it gives a list; an error keeps them. */
void                kb_list_import_load_file     (KbListImport         *self,
                                                  GFile                *file);
void                kb_list_import_load_text     (KbListImport         *self,
                                                  const char           *text);
void                kb_list_import_clear         (KbListImport         *self);

/* The rows, in the order of the source: a KbListImportModel, which does
 * the work behind every function here (transfer none). */
GListModel         *kb_list_import_get_model     (KbListImport         *self);
guint               kb_list_import_get_n_rows    (KbListImport         *self);
guint               kb_list_import_get_n_valid   (KbListImport         *self);
guint               kb_list_import_get_n_problems (KbListImport        *self);
gboolean            kb_list_import_get_busy      (KbListImport         *self);
const char         *kb_list_import_get_error     (KbListImport         *self);

/* The rows without a problem, in order (transfer container: a GPtrArray of
 * KbListImportRow, each with a number and, for RENAME, a name). */
GPtrArray          *kb_list_import_get_rows      (KbListImport         *self);

/* What the preview's cells do; for a caller's own actions and for tests. */
void                kb_list_import_fix_row       (KbListImport         *self,
                                                  guint                 position,
                                                  const char           *raw_number,
                                                  const char           *name);
void                kb_list_import_drop_row      (KbListImport         *self,
                                                  guint                 position);
guint               kb_list_import_drop_problems (KbListImport         *self);

G_END_DECLS
