/* kb-payments-csv.h — the payment history as a CSV file a spreadsheet opens. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

GBytes *kb_payments_csv_build (GListModel *payments);

G_END_DECLS
