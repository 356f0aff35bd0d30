/* kb-test-util.c — what every Kabinet test program shares. */
#include "config.h"

#include "kb-test-util.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <locale.h>
#include <string.h>

/* How long one step of a wait may block when nothing is ready: some
 * conditions change on another thread (the reference server's) and wake
 * nothing on this one. */
#define WAIT_TICK_MS 2

/* The start of every test program, before anything else: GTest with a
 * fresh HOME and XDG directories for each test, settings in memory, no
 * proxies (the servers are on loopback), and the UI's language from the
 * environment's LANGUAGE. meson's test environment sets most of this
 * already; a program run by hand gets the same. */
void
kb_test_init (int *argc, char ***argv)
{
  const char *localedir;

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_setenv ("GSETTINGS_SCHEMA_DIR", KB_TEST_SCHEMA_DIR, FALSE);
  g_setenv ("KABINET_LOCALEDIR", KB_TEST_LOCALEDIR, FALSE);

  setlocale (LC_ALL, "");
  localedir = g_getenv ("KABINET_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* The system's MIME database and schemas (GTK's own, beside Kabinet's)
   * are read before the XDG data directories are isolated: GTK's image
   * loaders and dialogs need them, and each test's fresh directories have
   * none. */
  g_content_type_set_mime_dirs (NULL);
  g_settings_schema_source_get_default ();

  g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
}

/* Whether the UI runs in Russian (LANGUAGE=ru), for the checks that only
 * make sense there, such as "no English left on the page". */
gboolean
kb_test_in_russian (void)
{
  const char *language = g_getenv ("LANGUAGE");

  return language != NULL && g_str_has_prefix (language, "ru");
}

/* Returns: the translation of @msgid, a format, with the values filled in. */
const char *
kb_test_trf (const char *msgid, ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, msgid);
  text = g_strdup_vprintf (g_dgettext (GETTEXT_PACKAGE, msgid), args);
  va_end (args);
  return g_intern_string (text);
}

/* Returns: the translation of @msgid or @msgid_plural for @n, with the
 * values (@n among them, as the format says) filled in. */
const char *
kb_test_ntrf (const char *msgid, const char *msgid_plural, gulong n, ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, n);
  text = g_strdup_vprintf (g_dngettext (GETTEXT_PACKAGE, msgid, msgid_plural, n), args);
  va_end (args);
  return g_intern_string (text);
}

/* Returns: the translation of @msgid up to its first conversion ("%s"):
 * for a label that shows it with a value the test does not know. */
const char *
kb_test_tr_lead (const char *msgid)
{
  const char *translated = g_dgettext (GETTEXT_PACKAGE, msgid);
  const char *conversion = strchr (translated, '%');
  gsize length = conversion != NULL ? (gsize) (conversion - translated) : strlen (translated);
  g_autofree char *lead = g_strndup (translated, length);

  g_assert_cmpuint (strlen (lead), >, 0);
  return g_intern_string (lead);
}

static gboolean
on_wait_tick (gpointer data)
{
  return G_SOURCE_REMOVE;
}

/* Dispatches what is ready on the default main context, or else blocks for
 * it at most a tick. */
void
kb_test_iterate (void)
{
  GSource *tick;

  if (g_main_context_iteration (NULL, FALSE))
    return;
  tick = g_timeout_source_new (WAIT_TICK_MS);
  g_source_set_callback (tick, on_wait_tick, NULL, NULL);
  g_source_attach (tick, NULL);
  g_main_context_iteration (NULL, TRUE);
  g_source_destroy (tick);
  g_source_unref (tick);
}

/* Dispatches everything that is ready now, without waiting for more: for
 * letting destroyed widgets and finished requests go. */
void
kb_test_drain (void)
{
  while (g_main_context_iteration (NULL, FALSE));
}

/* Iterates until @condition holds; returns FALSE if it still does not after
 * @timeout_ms, for the checks that something does not happen. */
gboolean
kb_test_poll_until (KbTestCondition condition, gpointer data, guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (condition == NULL || !condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      kb_test_iterate ();
    }
  return TRUE;
}

/* Iterates until @condition holds, or fails the test after @timeout_ms. */
void
kb_test_wait_until (KbTestCondition condition, gpointer data, guint timeout_ms)
{
  if (!kb_test_poll_until (condition, data, timeout_ms))
    g_error ("timed out after %u ms waiting for a condition", timeout_ms);
}

/* Keeps the main context going for @ms whatever happens: only for checks
 * that something does NOT happen within a while, which no condition can
 * await. */
void
kb_test_run_for (guint ms)
{
  kb_test_poll_until (NULL, NULL, ms);
}

/* Drops the test's reference in @owned_location, then iterates until
 * @watched (kept alive by it until then) is finalized: for the end of a
 * session, when the work it started still holds its objects and the next
 * session is to open the same files. */
void
kb_test_clear_and_wait (gpointer owned_location, gpointer watched)
{
  GObject *weak = watched;

  g_object_add_weak_pointer (weak, (gpointer *) &weak);
  g_clear_object ((GObject **) owned_location);
  kb_test_wait_for (weak == NULL, 30);
}

/* For kb_test_wait_for(): the monotonic time @seconds from now. */
gint64
kb_test_deadline (double seconds)
{
  return g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
}

/* For kb_test_wait_for(): one step of the wait for @what, or the failure. */
void
kb_test_wait_step (gint64 deadline, const char *where, const char *what)
{
  if (g_get_monotonic_time () > deadline)
    g_error ("%s: timed out waiting for %s", where, what);
  kb_test_iterate ();
}

void
kb_test_server_start (KbTestServer *server)
{
  kb_test_server_start_seeded (server, KB_SERVER_SEED_DEMO);
}

void
kb_test_server_start_seeded (KbTestServer *server, KbServerSeed seed)
{
  g_autoptr(GError) error = NULL;

  server->thread = kb_server_thread_start (NULL, seed, &error);
  g_assert_no_error (error);
  server->server = kb_server_thread_get_server (server->thread);
  server->url = kb_server_thread_dup_url (server->thread);
}

void
kb_test_server_stop (KbTestServer *server)
{
  g_clear_pointer (&server->thread, kb_server_thread_stop);
  server->server = NULL;
  g_clear_pointer (&server->url, g_free);
}

/* Returns: (transfer full): a moment in Minsk time (UTC+03:00), where the
 * server counts its days. */
GDateTime *
kb_test_date (int year, int month, int day, int hour)
{
  g_autoptr(GTimeZone) minsk = g_time_zone_new_offset (3 * 3600);

  return g_date_time_new (minsk, year, month, day, hour, 0, 0);
}

/* Moves @server's clock to that hour of that day in Minsk. */
void
kb_test_set_server_date (KbServer *server, int year, int month, int day, int hour)
{
  g_autoptr(GDateTime) then = kb_test_date (year, month, day, hour);

  kb_server_set_now (server, then);
}

/* Moves @server's clock to noon of @day of this month, in Minsk. */
void
kb_test_set_server_day (KbServer *server, int day)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  kb_test_set_server_date (server, g_date_time_get_year (now), g_date_time_get_month (now), day,
                           12);
}

/* A GAsyncReadyCallback that stores the result in the GAsyncResult* slot
 * given as user data. */
void
kb_test_on_ready (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_null (*slot);
  *slot = g_object_ref (result);
}

/* Returns: (transfer full): the result, once the operation has finished. */
GAsyncResult *
kb_test_wait_result (GAsyncResult **slot)
{
  kb_test_wait_for (*slot != NULL, 30);
  return g_steal_pointer (slot);
}

typedef void     (*StartFunc)  (gpointer, GCancellable *, GAsyncReadyCallback, gpointer);
typedef gboolean (*FinishFunc) (gpointer, GAsyncResult *, GError **);

void
kb_test_run_async (gpointer source, GCallback start, GCallback finish)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  ((StartFunc) start) (source, NULL, kb_test_on_ready, &slot);
  result = kb_test_wait_result (&slot);
  if (!((FinishFunc) finish) (source, result, &error))
    g_error ("%s: %s", G_OBJECT_TYPE_NAME (source), error->message);
}

GDBusProxy *
kb_test_dbus_proxy (const char *bus_name, const char *object_path, const char *interface)
{
  g_autoptr(GError) error = NULL;
  GDBusProxyFlags flags = G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES |
                          G_DBUS_PROXY_FLAGS_DO_NOT_CONNECT_SIGNALS |
                          G_DBUS_PROXY_FLAGS_DO_NOT_AUTO_START;
  GDBusProxy *proxy = g_dbus_proxy_new_for_bus_sync (G_BUS_TYPE_SESSION, flags, NULL, bus_name,
                                                     object_path, interface, NULL, &error);

  if (proxy == NULL)
    g_error ("%s at %s: %s", interface, object_path, error->message);
  return proxy;
}

GVariant *
kb_test_dbus_call (GDBusProxy *proxy, const char *method, GVariant *args)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GVariant *reply;

  g_dbus_proxy_call (proxy, method, args, G_DBUS_CALL_FLAGS_NONE, 10000, NULL, kb_test_on_ready,
                     &slot);
  result = kb_test_wait_result (&slot);
  reply = g_dbus_proxy_call_finish (proxy, result, &error);
  if (reply == NULL)
    g_error ("%s: %s", method, error->message);
  return reply;
}

/* A plain HTTP request on a session of its own, independent of the client
 * under test: the tests compare what Kabinet shows with what the server
 * says through this. Returns: (transfer full) (nullable): the JSON body. */
JsonNode *
kb_test_http_json (const char *method, const char *url, const char *token, const char *body,
                   guint *status)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) message = soup_message_new (method, url);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize size;
  const char *data;

  if (token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", bearer);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (message, "application/json", request);
    }

  bytes = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  if (status != NULL)
    *status = soup_message_get_status (message);

  data = g_bytes_get_data (bytes, &size);
  if (size == 0 || !json_parser_load_from_data (parser, data, (gssize) size, NULL))
    return NULL;
  return json_parser_steal_root (parser);
}

/* Returns: (transfer full): a fresh session token for @login. */
char *
kb_test_sign_in_raw (const char *server_url, const char *login, const char *password)
{
  g_autofree char *url = g_strconcat (server_url, "/api/v1/session", NULL);
  g_autofree char *body = g_strdup_printf ("{\"login\":\"%s\",\"password\":\"%s\"}", login, password);
  g_autoptr(JsonNode) root = NULL;
  guint status = 0;

  root = kb_test_http_json ("POST", url, NULL, body, &status);
  g_assert_cmpuint (status, ==, 201);
  g_assert_nonnull (root);
  return g_strdup (json_object_get_string_member (json_node_get_object (root), "token"));
}

/* Returns: (transfer full): the numbers of the demo client's first @n
 * subscribers, NULL-terminated (for a const char * const * list). */
GPtrArray *
kb_test_demo_numbers (const char *server_url, guint n)
{
  g_autofree char *token = kb_test_sign_in_raw (server_url, "demo", "demo");
  g_autofree char *url = g_strdup_printf ("%s/api/v1/subscribers?limit=%u", server_url, n);
  guint status = 0;
  g_autoptr(JsonNode) root = kb_test_http_json ("GET", url, token, NULL, &status);
  JsonArray *array = json_object_get_array_member (json_node_get_object (root), "subscribers");
  GPtrArray *list = g_ptr_array_new_with_free_func (g_free);

  g_assert_cmpuint (status, ==, 200);
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_ptr_array_add (list, g_strdup (json_object_get_string_member (json_array_get_object_element (array, i),
                                                                    "number")));
  g_ptr_array_add (list, NULL);
  return list;
}
