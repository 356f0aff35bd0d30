/* kb-calendar.h — the operator's calendar rules as pure functions of a date. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

guint      kb_calendar_days_in_month          (GDateTime *now);
gboolean   kb_calendar_invoice_ordering_open  (GDateTime *now);
GDateTime *kb_calendar_invoice_ordering_opens (GDateTime *now);
gboolean   kb_calendar_rename_open            (GDateTime *now);
GDateTime *kb_calendar_rename_opens           (GDateTime *now);
GDateTime *kb_calendar_service_history_start  (GDateTime *now);

G_END_DECLS
