/* kb-list-import-model.h — the rows of an imported subscriber list: checked, fixed, dropped. */
#pragma once

#include <gio/gio.h>

#include "kb-list-import-row.h"
#include "kb-subscribers.h"

G_BEGIN_DECLS

#define KB_TYPE_LIST_IMPORT_MODEL (kb_list_import_model_get_type ())
G_DECLARE_FINAL_TYPE (KbListImportModel, kb_list_import_model, KB, LIST_IMPORT_MODEL, GObject)

/* The data behind KbListImport, without a widget: a GListModel of
 * KbListImportRow in the order of the source. Text or a file is parsed on a
 * worker thread (kb_subscriber_list_parse_bytes()); each row carries its own
 * problem, and the problems between rows (duplicates, numbers that are not
 * the client's) are worked out again after every fix or drop.
 *
 * Properties:
 * - "kind" (KbSubscriberListKind as int, construct-only): RENAME reads a
 *   number and a new name per row, NUMBERS a number only.
 * - "subscribers" (KbSubscribers, nullable): the client's subscribers; rows
 *   with other numbers are marked unknown. Without it nothing is unknown.
 * - "n-rows", "n-valid", "n-problems" (uint, read-only).
 * - "busy" (bool, read-only): a file is being read or parsed.
 * - "error" (string, nullable, read-only): why the last file or text gave
 *   no list, translated. The rows are kept on an error.
 *
 * Signals: "loaded" () after each file or text has been read, with or
 * without an error. */
KbListImportModel   *kb_list_import_model_new             (KbSubscriberListKind  kind);

KbSubscriberListKind kb_list_import_model_get_kind        (KbListImportModel    *self);
KbSubscribers       *kb_list_import_model_get_subscribers (KbListImportModel    *self);
void                 kb_list_import_model_set_subscribers (KbListImportModel    *self,
                                                           KbSubscribers        *subscribers);

void                 kb_list_import_model_load_file       (KbListImportModel    *self,
                                                           GFile                *file);
void                 kb_list_import_model_load_text       (KbListImportModel    *self,
                                                           const char           *text);
void                 kb_list_import_model_clear           (KbListImportModel    *self);

guint                kb_list_import_model_get_n_rows      (KbListImportModel    *self);
guint                kb_list_import_model_get_n_valid     (KbListImportModel    *self);
guint                kb_list_import_model_get_n_problems  (KbListImportModel    *self);
gboolean             kb_list_import_model_get_busy        (KbListImportModel    *self);
const char          *kb_list_import_model_get_error       (KbListImportModel    *self);

/* Where @row is now; %FALSE when it is no longer in the list. */
gboolean             kb_list_import_model_find            (KbListImportModel    *self,
                                                           KbListImportRow      *row,
                                                           guint                *position);
/* The rows without a problem, in order (transfer container). */
GPtrArray           *kb_list_import_model_get_valid_rows  (KbListImportModel    *self);

void                 kb_list_import_model_fix_row         (KbListImportModel    *self,
                                                           guint                 position,
                                                           const char           *raw_number,
                                                           const char           *name);
void                 kb_list_import_model_drop_row        (KbListImportModel    *self,
                                                           guint                 position);
guint                kb_list_import_model_drop_problems   (KbListImportModel    *self);

G_END_DECLS
