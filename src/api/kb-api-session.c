/* kb-api-session.c — the session of the contract: signing in and out, and the client's profile.
 *
 * The token sign-in returns is kept by the client itself
 * (kb_api_client_set_token()), which every later request sends; signing
 * out forgets it whatever the server answered. These operations are
 * declared with the client (kb-api-client.h), as every layer above starts
 * with them.
 */
#include "config.h"

#include "kb-api-client-private.h"
#include "kb-api-json.h"

/* Sign-in */

static gpointer
parse_token (JsonNode *root, GError **error)
{
  JsonObject *object = kb_api_json_root_object (root, "session", error);

  return object != NULL ? g_strdup (kb_api_json_get_string (object, "token", TRUE, error)) : NULL;
}

void
kb_api_client_sign_in_async (KbApiClient         *self,
                             const char          *login,
                             const char          *password,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(JsonNode) body = kb_api_json_body_new ("login", login, "password", password, NULL);
  KbApiRequest request = {
    .method = "POST",
    .path = "/session",
    .body = body,
    .parse = parse_token,
    .value_free = g_free,
  };

  _kb_api_client_request_async (self, &request, kb_api_client_sign_in_async,
                                cancellable, callback, user_data);
}

/* Returns: (transfer full): the session token, which the client now uses. */
char *
kb_api_client_sign_in_finish (KbApiClient *self, GAsyncResult *result, GError **error)
{
  g_autoptr(KbApiResponse) response = _kb_api_client_request_finish (self, result, error);

  if (response == NULL)
    return NULL;
  kb_api_client_set_token (self, response->value);
  return g_steal_pointer (&response->value);
}

void
kb_api_client_sign_out_async (KbApiClient         *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  KbApiRequest request = {
    .method = "DELETE",
    .path = "/session",
    .authenticated = TRUE,
  };

  _kb_api_client_request_async (self, &request, kb_api_client_sign_out_async,
                                cancellable, callback, user_data);
}

/* The token is forgotten whatever the server said: signing out must never
 * leave a usable session behind on this computer. */
gboolean
kb_api_client_sign_out_finish (KbApiClient *self, GAsyncResult *result, GError **error)
{
  g_autoptr(KbApiResponse) response = _kb_api_client_request_finish (self, result, error);

  kb_api_client_set_token (self, NULL);
  return response != NULL;
}

/* Personal information */

void
kb_api_client_get_client_async (KbApiClient         *self,
                                const char          *etag,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  _kb_api_client_get_async (self, "/client", etag, FALSE,
                            (KbApiParseFunc) kb_api_json_to_client_profile, g_object_unref,
                            kb_api_client_get_client_async, cancellable, callback, user_data);
}

/* Returns: (transfer full): the profile; KB_API_ERROR_NOT_MODIFIED when the
 * server confirmed that @etag is still current. */
KbClientProfile *
kb_api_client_get_client_finish (KbApiClient   *self,
                                 GAsyncResult  *result,
                                 char         **etag,
                                 GError       **error)
{
  return _kb_api_client_request_finish_value (self, result, etag, error);
}
