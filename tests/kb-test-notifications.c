/* kb-test-notifications.c — a fake org.freedesktop.Notifications that records what the app sends.
 *
 * The UI tests own the name on the test's session bus, record every Notify
 * (summary, body, actions) and CloseNotification, and fire a notification's
 * action the way a notification daemon does.
 */
#include "config.h"

#include "kb-test-notifications.h"

#include "kb-test-util.h"

static GDBusConnection *notify_connection;
static GPtrArray *notifications;   /* of KbTestNotification */
static GArray *closed_ids;         /* of guint32 */
static guint32 next_notification_id = 1;
static gboolean notify_name_owned;

static void
notification_free (KbTestNotification *n)
{
  g_free (n->summary);
  g_free (n->body);
  g_strfreev (n->actions);
  g_free (n);
}

static const char notify_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.Notifications'>"
  "    <method name='Notify'>"
  "      <arg type='s' name='app_name' direction='in'/>"
  "      <arg type='u' name='replaces_id' direction='in'/>"
  "      <arg type='s' name='app_icon' direction='in'/>"
  "      <arg type='s' name='summary' direction='in'/>"
  "      <arg type='s' name='body' direction='in'/>"
  "      <arg type='as' name='actions' direction='in'/>"
  "      <arg type='a{sv}' name='hints' direction='in'/>"
  "      <arg type='i' name='expire_timeout' direction='in'/>"
  "      <arg type='u' name='id' direction='out'/>"
  "    </method>"
  "    <method name='CloseNotification'>"
  "      <arg type='u' name='id' direction='in'/>"
  "    </method>"
  "    <method name='GetCapabilities'>"
  "      <arg type='as' name='capabilities' direction='out'/>"
  "    </method>"
  "    <method name='GetServerInformation'>"
  "      <arg type='s' name='name' direction='out'/>"
  "      <arg type='s' name='vendor' direction='out'/>"
  "      <arg type='s' name='version' direction='out'/>"
  "      <arg type='s' name='spec_version' direction='out'/>"
  "    </method>"
  "    <signal name='ActionInvoked'>"
  "      <arg type='u' name='id'/>"
  "      <arg type='s' name='action_key'/>"
  "    </signal>"
  "    <signal name='NotificationClosed'>"
  "      <arg type='u' name='id'/>"
  "      <arg type='u' name='reason'/>"
  "    </signal>"
  "  </interface>"
  "</node>";

static void
notify_method_call (GDBusConnection *connection, const char *sender, const char *object_path,
                    const char *interface_name, const char *method_name, GVariant *parameters,
                    GDBusMethodInvocation *invocation, gpointer user_data)
{
  if (g_str_equal (method_name, "Notify"))
    {
      KbTestNotification *n = g_new0 (KbTestNotification, 1);
      guint32 replaces_id;

      g_variant_get (parameters, "(&su&s&s&s^as@a{sv}i)", NULL, &replaces_id, NULL,
                     NULL, NULL, NULL, NULL, NULL);
      g_variant_get_child (parameters, 3, "s", &n->summary);
      g_variant_get_child (parameters, 4, "s", &n->body);
      g_variant_get_child (parameters, 5, "^as", &n->actions);
      n->id = replaces_id != 0 ? replaces_id : next_notification_id++;
      g_ptr_array_add (notifications, n);
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", n->id));
    }
  else if (g_str_equal (method_name, "CloseNotification"))
    {
      guint32 id;

      g_variant_get (parameters, "(u)", &id);
      g_array_append_val (closed_ids, id);
      g_dbus_connection_emit_signal (connection, NULL, "/org/freedesktop/Notifications",
                                     "org.freedesktop.Notifications", "NotificationClosed",
                                     g_variant_new ("(uu)", id, 3), NULL);
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else if (g_str_equal (method_name, "GetCapabilities"))
    {
      const char *caps[] = { "actions", "body", NULL };

      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", caps));
    }
  else if (g_str_equal (method_name, "GetServerInformation"))
    g_dbus_method_invocation_return_value (invocation,
                                           g_variant_new ("(ssss)", "kb-test", "Kabinet", "1.0", "1.2"));
  else
    g_dbus_method_invocation_return_dbus_error (invocation, "org.freedesktop.DBus.Error.UnknownMethod",
                                                method_name);
}

static void
on_notify_name_acquired (GDBusConnection *connection, const char *name, gpointer user_data)
{
  notify_name_owned = TRUE;
}

static void
on_notify_name_lost (GDBusConnection *connection, const char *name, gpointer user_data)
{
  if (!notify_name_owned)
    g_error ("Could not own %s on the session bus", name);
  notify_name_owned = FALSE;
}

/* Owns org.freedesktop.Notifications on a connection of its own, so that
 * the application talks to it over the bus. Call it before the application
 * sends anything: GLib warns when nobody owns the name. */
void
kb_test_notifications_start (void)
{
  static const GDBusInterfaceVTable vtable = { notify_method_call, NULL, NULL, { 0 } };
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (notify_xml, &error);
  g_autofree char *address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);

  if (notify_connection != NULL)
    return;
  g_assert_no_error (error);
  notify_connection = g_dbus_connection_new_for_address_sync (address,
                                                              G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                              G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                              NULL, NULL, &error);
  g_assert_no_error (error);
  g_dbus_connection_register_object (notify_connection, "/org/freedesktop/Notifications",
                                     info->interfaces[0], &vtable, NULL, NULL, &error);
  g_assert_no_error (error);
  notifications = g_ptr_array_new_with_free_func ((GDestroyNotify) notification_free);
  closed_ids = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_bus_own_name_on_connection (notify_connection, "org.freedesktop.Notifications",
                                G_BUS_NAME_OWNER_FLAGS_NONE,
                                on_notify_name_acquired, on_notify_name_lost, NULL, NULL);
  kb_test_wait_for (notify_name_owned, 10);
}

/* Returns: (transfer none) (element-type KbTestNotification): what was
 * sent since the last kb_test_notifications_clear(), in order. */
GPtrArray *
kb_test_notifications_get (void)
{
  return notifications;
}

void
kb_test_notifications_clear (void)
{
  g_ptr_array_set_size (notifications, 0);
  g_array_set_size (closed_ids, 0);
}

/* Fires @action_key ("default" for a click) of notification @id, from the
 * server's own connection, as a notification daemon does (GLib ignores the
 * signal from any other sender). */
void
kb_test_notification_invoke (guint32 id, const char *action_key)
{
  g_dbus_connection_emit_signal (notify_connection, NULL, "/org/freedesktop/Notifications",
                                 "org.freedesktop.Notifications", "ActionInvoked",
                                 g_variant_new ("(us)", id, action_key), NULL);
}

gboolean
kb_test_notification_was_closed (guint32 id)
{
  for (guint i = 0; i < closed_ids->len; i++)
    if (g_array_index (closed_ids, guint32, i) == id)
      return TRUE;
  return FALSE;
}

/* A round trip to the fake server from the application's own connection:
 * once it is back, a notification sent before it has been recorded (the
 * bus keeps one sender's messages in order). */
void
kb_test_notifications_sync (GApplication *app)
{
  GDBusConnection *connection = g_application_get_dbus_connection (app);
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) done = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  g_dbus_connection_call (connection, "org.freedesktop.Notifications", "/org/freedesktop/Notifications",
                          "org.freedesktop.Notifications", "GetServerInformation", NULL, NULL,
                          G_DBUS_CALL_FLAGS_NONE, -1, NULL, kb_test_on_ready, &result);
  done = kb_test_wait_result (&result);
  reply = g_dbus_connection_call_finish (connection, done, &error);
  g_assert_no_error (error);
}
