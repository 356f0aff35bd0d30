/* kb-service-order-view.h — one service order and the result for each of its subscribers. */
#pragma once

#include <adwaita.h>

#include "kb-operator-request.h"
#include "kb-service-order.h"

G_BEGIN_DECLS

#define KB_TYPE_SERVICE_ORDER_VIEW (kb_service_order_view_get_type ())
G_DECLARE_FINAL_TYPE (KbServiceOrderView, kb_service_order_view, KB, SERVICE_ORDER_VIEW, AdwBin)

GtkWidget  *kb_service_order_view_new         (void);
/* TRUE: the order just sent, under the form; FALSE: one opened in the history. */
void        kb_service_order_view_set_just_sent (KbServiceOrderView *self,
                                                 gboolean            just_sent);
/* Shows @order under the name @service_name, with its results if it has
 * them; otherwise, until set_results() or set_error(), that they are
 * being fetched. */
void        kb_service_order_view_set_order   (KbServiceOrderView *self,
                                               KbServiceOrder     *order,
                                               const char         *service_name);
/* @results: KbServiceResult, in the order's rows. */
void        kb_service_order_view_set_results (KbServiceOrderView *self,
                                               GPtrArray          *results);
void        kb_service_order_view_set_error   (KbServiceOrderView *self,
                                               const char         *message);
/* KbServiceResult as shown (transfer none). */
GListModel *kb_service_order_view_get_results (KbServiceOrderView *self);
void        kb_service_order_view_set_request (KbServiceOrderView *self,
                                               KbOperatorRequest  *request);
const char *kb_service_order_view_get_request_text (KbServiceOrderView *self);

G_END_DECLS
