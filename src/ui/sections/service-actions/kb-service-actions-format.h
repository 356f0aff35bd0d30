/* kb-service-actions-format.h — the words and columns that the Service Actions widgets share. */
#pragma once

#include "kb-cell.h"
#include "kb-service-order.h"

G_BEGIN_DECLS

/* Returns: a number with the locale's thousands separator ("1 250"). */
char       *kb_service_actions_format_count  (guint                 n);
char       *kb_service_actions_format_counts (KbServiceOrder       *order);
const char *kb_service_actions_status_style  (KbServiceOrderStatus  status);
const char *kb_service_actions_reason_text   (const char           *code);

/* Appends a column to @view for each of the NULL-terminated @titles, numbered
 * from 0 in order: labels that @text fills in, a status pill coloured by
 * @pill_style in @pill_column, and @expand_column taking the width that is left. */
void        kb_service_actions_add_columns   (GtkColumnView        *view,
                                              const char * const   *titles,
                                              int                   pill_column,
                                              int                   expand_column,
                                              KbCellTextFunc        text,
                                              KbCellStyleFunc       pill_style);

G_END_DECLS
