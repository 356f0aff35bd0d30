/* kb-server-routes.c — the table of every route the server serves.
 *
 * One table, so that the contract test can compare it with openapi.yaml and
 * 404 / 405 fall out of the same lookup.
 */
#include "config.h"

#include "kb-file-type.h"
#include "kb-server-routes.h"

const KbRoute kb_server_routes[] = {
  { "POST",   "/api/v1/session", KB_AUTH_NONE, 0, _kb_server_session_create },
  { "DELETE", "/api/v1/session", KB_AUTH_CLIENT, 0, _kb_server_session_delete },
  { "GET",    "/api/v1/client", KB_AUTH_CLIENT, 0, _kb_server_client_get },
  { "PUT",    "/api/v1/client/invoice-delivery", KB_AUTH_CLIENT, 0, _kb_server_client_put_delivery },
  { "GET",    "/api/v1/payments", KB_AUTH_CLIENT, 0, _kb_server_payments_list },
  { "POST",   "/api/v1/payments/unconfirmed", KB_AUTH_CLIENT, 0, _kb_server_payments_register },
  { "GET",    "/api/v1/invoices", KB_AUTH_CLIENT, 0, _kb_server_invoices_list },
  { "POST",   "/api/v1/invoices/{id}/email", KB_AUTH_CLIENT, 0, _kb_server_invoices_email },
  { "GET",    "/api/v1/invoices/{id}/document", KB_AUTH_CLIENT, 0, _kb_server_invoices_document },
  { "GET",    "/api/v1/installments", KB_AUTH_CLIENT, 0, _kb_server_installments_list },
  { "GET",    "/api/v1/subscribers", KB_AUTH_CLIENT, 0, _kb_server_subscribers_list },
  { "GET",    "/api/v1/subscribers/{id}", KB_AUTH_CLIENT, 0, _kb_server_subscribers_get },
  { "POST",   "/api/v1/subscribers/{id}/rename", KB_AUTH_CLIENT, 0, _kb_server_subscribers_rename },
  { "POST",   "/api/v1/rename-batches", KB_AUTH_CLIENT, KB_SERVER_BULK_BODY_LIMIT, _kb_server_rename_batches_create },
  { "GET",    "/api/v1/rename-batches", KB_AUTH_CLIENT, 0, _kb_server_rename_batches_list },
  { "GET",    "/api/v1/rename-batches/{id}", KB_AUTH_CLIENT, 0, _kb_server_rename_batches_get },
  { "GET",    "/api/v1/services", KB_AUTH_CLIENT, 0, _kb_server_services_list },
  { "POST",   "/api/v1/service-orders", KB_AUTH_CLIENT, KB_SERVER_BULK_BODY_LIMIT, _kb_server_service_orders_create },
  { "GET",    "/api/v1/service-orders", KB_AUTH_CLIENT, 0, _kb_server_service_orders_list },
  { "GET",    "/api/v1/service-orders/{id}", KB_AUTH_CLIENT, 0, _kb_server_service_orders_get },
  { "GET",    "/api/v1/requests", KB_AUTH_CLIENT, 0, _kb_server_requests_list },
  { "GET",    "/api/v1/requests/{id}", KB_AUTH_CLIENT, 0, _kb_server_requests_get },
  { "GET",    "/api/v1/questions", KB_AUTH_CLIENT, 0, _kb_server_questions_list },
  { "POST",   "/api/v1/questions", KB_AUTH_CLIENT, 0, _kb_server_questions_create },
  { "GET",    "/api/v1/questions/{id}", KB_AUTH_CLIENT, 0, _kb_server_questions_get },
  { "POST",   "/api/v1/questions/{id}/read", KB_AUTH_CLIENT, 0, _kb_server_questions_read },
  { "POST",   "/api/v1/questions/{id}/messages", KB_AUTH_CLIENT, 0, _kb_server_questions_reply },
  { "PUT",    "/api/v1/questions/{id}/rating", KB_AUTH_CLIENT, 0, _kb_server_questions_rate },
  { "POST",   "/api/v1/questions/{id}/close", KB_AUTH_CLIENT, 0, _kb_server_questions_close },
  { "POST",   "/api/v1/attachments", KB_AUTH_CLIENT, KB_ATTACHMENT_MAX_SIZE, _kb_server_attachments_create },
  { "GET",    "/api/v1/attachments/{id}", KB_AUTH_CLIENT, 0, _kb_server_attachments_get },
  { "GET",    "/api/v1/events", KB_AUTH_CLIENT, 0, _kb_server_events_upgrade },
  { "GET",    "/api/v1/operator/questions", KB_AUTH_OPERATOR, 0, _kb_server_operator_list },
  { "POST",   "/api/v1/operator/questions/{id}/answers", KB_AUTH_OPERATOR, 0, _kb_server_operator_answer },
  { "POST",   "/api/v1/operator/questions/{id}/status", KB_AUTH_OPERATOR, 0, _kb_server_operator_status },
  { "POST",   "/api/v1/operator/questions/{id}/attachments", KB_AUTH_OPERATOR, KB_ATTACHMENT_MAX_SIZE, _kb_server_operator_attach },
};

const guint kb_server_n_routes = G_N_ELEMENTS (kb_server_routes);

/* The routes whose body is a file, not JSON. */
gboolean
_kb_server_route_has_file_body (const KbRoute *route)
{
  return route->func == _kb_server_attachments_create || route->func == _kb_server_operator_attach;
}
