/* kb-api-error.c — wire codes of the contract mapped to KbApiError and to translated messages. */
#include "config.h"

#include "kb-api-error.h"

#include <glib/gi18n-lib.h>

G_DEFINE_QUARK (kb-api-error-quark, kb_api_error)

typedef struct {
  KbApiError error;
  const char *code;
  const char *message;
} KbApiErrorInfo;

/* One table: the wire code the server sends (docs/openapi.yaml) and the
 * sentence the user reads. Codes without a wire name are the client's own. */
static const KbApiErrorInfo error_infos[] = {
  { KB_API_ERROR_FAILED, NULL, N_("The request failed.") },
  { KB_API_ERROR_NETWORK, NULL, N_("The server could not be reached. Check the connection and the server address.") },
  { KB_API_ERROR_TIMEOUT, NULL, N_("The server did not answer in time.") },
  { KB_API_ERROR_TLS, NULL, N_("The server’s security certificate is not trusted, so the connection was refused.") },
  { KB_API_ERROR_INSECURE_URL, NULL, N_("Only secure (https://) server addresses are allowed, except on this computer.") },
  { KB_API_ERROR_INVALID_URL, NULL, N_("The server address is not valid. It should look like https://cabinet.example.by.") },
  { KB_API_ERROR_BAD_RESPONSE, NULL, N_("The server sent an answer Kabinet does not understand.") },
  { KB_API_ERROR_SERVER, "internal_error", N_("The server had a problem. Please try again later.") },
  { KB_API_ERROR_NOT_MODIFIED, "not_modified", N_("Nothing has changed.") },
  { KB_API_ERROR_INVALID_REQUEST, "invalid_request", N_("The server did not accept the request.") },
  { KB_API_ERROR_INVALID_CREDENTIALS, "invalid_credentials", N_("The login or password is wrong.") },
  { KB_API_ERROR_TOO_MANY_ATTEMPTS, "too_many_attempts", N_("Too many failed sign-in attempts. Wait a few minutes and try again.") },
  { KB_API_ERROR_UNAUTHORIZED, "unauthorized", N_("The server does not recognise this session. Please sign in again.") },
  { KB_API_ERROR_TOKEN_EXPIRED, "token_expired", N_("Your session has expired. Please sign in again.") },
  { KB_API_ERROR_FORBIDDEN, "forbidden", N_("This account is not allowed to do that.") },
  { KB_API_ERROR_NOT_FOUND, "not_found", N_("The server does not know this item.") },
  { KB_API_ERROR_CONFLICT, "conflict", N_("The same request is still being processed.") },
  { KB_API_ERROR_PAYLOAD_TOO_LARGE, "payload_too_large", N_("The request is too large for the server.") },
  { KB_API_ERROR_IDEMPOTENCY_MISMATCH, "idempotency_key_reused", N_("The server already received a different request under the same key.") },
  { KB_API_ERROR_INVOICE_PERIOD_CLOSED, "invoice_period_closed", N_("Invoices are not ordered from the 1st to the 3rd of the month, while they are being generated.") },
  { KB_API_ERROR_RENAME_WINDOW_CLOSED, "rename_window_closed", N_("Subscribers are not renamed in the last two days of the month; only a paper application is accepted then.") },
  { KB_API_ERROR_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", N_("The server accepts only PNG, JPEG, PDF, CSV, XLSX and text files.") },
  { KB_API_ERROR_ATTACHMENT_REFUSED, "attachment_not_found", N_("The server refused the attached files.") },
  { KB_API_ERROR_ATTACHMENT_REFUSED, "attachment_in_use", N_("The server refused the attached files.") },
  { KB_API_ERROR_ATTACHMENT_REFUSED, "too_many_attachments", N_("The server refused the attached files.") },
  { KB_API_ERROR_NOT_ANSWERED, "not_answered", N_("Only an answered question can be rated.") },
};

/* A code this client does not know still tells its class through the HTTP
 * status, so a newer server never turns into a generic failure. */
KbApiError
kb_api_error_from_code (const char *code, guint http_status)
{
  for (guint i = 0; code != NULL && i < G_N_ELEMENTS (error_infos); i++)
    if (g_strcmp0 (error_infos[i].code, code) == 0)
      return error_infos[i].error;

  switch (http_status)
    {
    case 304: return KB_API_ERROR_NOT_MODIFIED;
    case 400: case 422: return KB_API_ERROR_INVALID_REQUEST;
    case 401: return KB_API_ERROR_UNAUTHORIZED;
    case 403: return KB_API_ERROR_FORBIDDEN;
    case 404: return KB_API_ERROR_NOT_FOUND;
    case 409: return KB_API_ERROR_CONFLICT;
    case 413: return KB_API_ERROR_PAYLOAD_TOO_LARGE;
    case 415: return KB_API_ERROR_UNSUPPORTED_MEDIA_TYPE;
    case 429: return KB_API_ERROR_TOO_MANY_ATTEMPTS;
    default:
      return http_status >= 500 ? KB_API_ERROR_SERVER : KB_API_ERROR_FAILED;
    }
}

const char *
kb_api_error_get_message (KbApiError error)
{
  for (guint i = 0; i < G_N_ELEMENTS (error_infos); i++)
    if (error_infos[i].error == error)
      return _(error_infos[i].message);
  return _(error_infos[0].message);
}

/* Returns: (transfer full): the error of @error's code, with the message the
 * user reads: every KB_API_ERROR this layer makes is made here. */
GError *
kb_api_error_new (KbApiError error)
{
  return g_error_new_literal (KB_API_ERROR, error, kb_api_error_get_message (error));
}

/* Errors after which the cached data is the best there is: the "offline"
 * banner, not an error dialog. */
gboolean
kb_api_error_is_unreachable (const GError *error)
{
  return error != NULL && error->domain == KB_API_ERROR &&
         (error->code == KB_API_ERROR_NETWORK ||
          error->code == KB_API_ERROR_TIMEOUT ||
          error->code == KB_API_ERROR_SERVER ||
          error->code == KB_API_ERROR_BAD_RESPONSE);
}

/* Errors after which the user must sign in again. */
gboolean
kb_api_error_is_auth (const GError *error)
{
  return error != NULL && error->domain == KB_API_ERROR &&
         (error->code == KB_API_ERROR_UNAUTHORIZED ||
          error->code == KB_API_ERROR_TOKEN_EXPIRED);
}
