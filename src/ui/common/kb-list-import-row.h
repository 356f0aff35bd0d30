/* kb-list-import-row.h — one row of an imported subscriber list, which the user may fix. */
#pragma once

#include <glib-object.h>

#include "kb-subscriber-list.h"

G_BEGIN_DECLS

#define KB_TYPE_LIST_IMPORT_ROW (kb_list_import_row_get_type ())
G_DECLARE_FINAL_TYPE (KbListImportRow, kb_list_import_row, KB, LIST_IMPORT_ROW, GObject)

/* A row of KbListImport's preview, made from a parsed row; unlike the
 * parser's rows it can be changed (kb_list_import_row_set_values()).
 *
 * Properties (read-only, notified when they change): "raw-number" (as
 * written), "name" (nullable: none in a numbers-only list), "problem"
 * (KbSubscriberListProblem as int). The problem between rows (duplicate,
 * unknown) is worked out by KbListImport over all its rows. */
KbListImportRow           *kb_list_import_row_new           (const KbSubscriberListRow *row);

guint                      kb_list_import_row_get_line      (KbListImportRow  *self);
const char                *kb_list_import_row_get_raw_number (KbListImportRow *self);
const char                *kb_list_import_row_get_number    (KbListImportRow  *self);
const char                *kb_list_import_row_get_name      (KbListImportRow  *self);
KbSubscriberListProblem    kb_list_import_row_get_problem   (KbListImportRow  *self);
const char                *kb_list_import_row_get_message   (KbListImportRow  *self);

/* Replaces the number and name (trimmed here) and checks the row on its
 * own again; the caller then checks across rows. */
void                       kb_list_import_row_set_values    (KbListImportRow  *self,
                                                             KbSubscriberListKind kind,
                                                             const char       *raw_number,
                                                             const char       *name);
/* The row as the core's checks see it (transfer none). */
KbSubscriberListRow       *kb_list_import_row_get_checked   (KbListImportRow  *self);
/* Notifies "problem" when the checks changed it since the last call. */
void                       kb_list_import_row_notify_problem (KbListImportRow *self);

G_END_DECLS
