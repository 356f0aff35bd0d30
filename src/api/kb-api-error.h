/* kb-api-error.h — the errors of the backend contract, as codes a UI can act on. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KB_API_ERROR (kb_api_error_quark ())

typedef enum {
  KB_API_ERROR_FAILED,
  KB_API_ERROR_NETWORK,
  KB_API_ERROR_TIMEOUT,
  KB_API_ERROR_TLS,
  KB_API_ERROR_INSECURE_URL,
  KB_API_ERROR_INVALID_URL,
  KB_API_ERROR_BAD_RESPONSE,
  KB_API_ERROR_SERVER,
  KB_API_ERROR_NOT_MODIFIED,
  KB_API_ERROR_INVALID_REQUEST,
  KB_API_ERROR_INVALID_CREDENTIALS,
  KB_API_ERROR_TOO_MANY_ATTEMPTS,
  KB_API_ERROR_UNAUTHORIZED,
  KB_API_ERROR_TOKEN_EXPIRED,
  KB_API_ERROR_FORBIDDEN,
  KB_API_ERROR_NOT_FOUND,
  KB_API_ERROR_CONFLICT,
  KB_API_ERROR_PAYLOAD_TOO_LARGE,
  KB_API_ERROR_IDEMPOTENCY_MISMATCH,
  KB_API_ERROR_INVOICE_PERIOD_CLOSED,
  KB_API_ERROR_RENAME_WINDOW_CLOSED,
  KB_API_ERROR_UNSUPPORTED_MEDIA_TYPE,
  KB_API_ERROR_ATTACHMENT_REFUSED,
  KB_API_ERROR_NOT_ANSWERED,
} KbApiError;

GQuark      kb_api_error_quark            (void);
KbApiError  kb_api_error_from_code        (const char   *code,
                                           guint         http_status);
const char *kb_api_error_get_message      (KbApiError    error);
GError     *kb_api_error_new              (KbApiError    error);
gboolean    kb_api_error_is_unreachable   (const GError *error);
gboolean    kb_api_error_is_auth          (const GError *error);

G_END_DECLS
