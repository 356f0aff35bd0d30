/* kb-application-requests.c — notifications of the operator's requests that end.
 *
 * When the operator finishes a request (done, partly done, rejected), the
 * application says so with a notification whose title is the request and
 * its number, whose body is the outcome and whose action opens what the
 * request concerns. The rules are those of answers: nothing when the
 * focused window already shows that place; the notification is withdrawn
 * when the place is seen (opened from the notification, from the Requests
 * list or any other way) or when the Requests list is opened.
 */
#include "config.h"

#include "kb-application-private.h"

#include <glib/gi18n.h>

#define NOTIFICATION_PREFIX "request-"

static KbRequests *
current_requests (KbApplication *self)
{
  KbSync *sync = kb_session_manager_get_sync (kb_application_get_session_manager (self));

  return sync != NULL ? kb_sync_get_requests (sync) : NULL;
}

/* Whether the focused window shows the place @target already. */
static gboolean
target_is_in_view (KbApplication *self, const char *target)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (KB_IS_WINDOW (l->data) && gtk_window_is_active (GTK_WINDOW (l->data)) &&
        g_strcmp0 (kb_window_get_shown_target (KB_WINDOW (l->data)), target) == 0)
      return TRUE;
  return FALSE;
}

static void
withdraw (KbApplication *self, KbOperatorRequest *request)
{
  g_autofree char *id = g_strconcat (NOTIFICATION_PREFIX, kb_operator_request_get_id (request), NULL);

  g_application_withdraw_notification (G_APPLICATION (self), id);
}

static void
on_request_finished (KbRequests *requests, KbOperatorRequest *request, KbApplication *self)
{
  g_autofree char *target = kb_operator_request_dup_section_target (request);
  g_autofree char *id = NULL;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  g_autoptr(GNotification) notification = NULL;

  if (!g_settings_get_boolean (kb_application_get_settings (self), "notifications") ||
      target_is_in_view (self, target))
    return;

  id = g_strconcat (NOTIFICATION_PREFIX, kb_operator_request_get_id (request), NULL);
  /* TRANSLATORS: a notification's title: the kind of request (Rename,
   * Service order…) and the operator's number */
  title = g_strdup_printf (_("%s: request № %s"),
                           kb_operator_request_kind_to_display (kb_operator_request_get_kind (request)),
                           kb_operator_request_get_number (request));
  body = kb_operator_request_dup_outcome (request);
  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  g_notification_set_default_action_and_target (notification, "app.open-request", "s",
                                                kb_operator_request_get_id (request));
  g_application_send_notification (G_APPLICATION (self), id, notification);
}

/**
 * _kb_application_follow_requests:
 * @requests: (nullable): the session's requests, or NULL when signed out
 *
 * Turns the requests that end into notifications.
 */
void
_kb_application_follow_requests (KbApplication *self, KbRequests *requests)
{
  static GQuark followed_quark;

  if (followed_quark == 0)
    followed_quark = g_quark_from_static_string ("kb-requests-followed");
  if (requests == NULL || g_object_get_qdata (G_OBJECT (requests), followed_quark) != NULL)
    return;
  g_object_set_qdata (G_OBJECT (requests), followed_quark, GINT_TO_POINTER (TRUE));
  g_signal_connect_object (requests, "request-finished", G_CALLBACK (on_request_finished), self, 0);
}

/* app.open-request (s): shows what the request concerns, from its notification. */
static void
open_request_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  KbApplication *self = KB_APPLICATION (user_data);
  KbRequests *requests = current_requests (self);
  KbOperatorRequest *request = requests != NULL
                                 ? kb_requests_lookup (requests, g_variant_get_string (parameter, NULL))
                                 : NULL;
  g_autofree char *target = NULL;
  KbWindow *window;

  if (request == NULL)
    return;
  withdraw (self, request);
  window = _kb_application_present_main_window (self);
  if (window == NULL)
    return;
  target = kb_operator_request_dup_section_target (request);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-section", "s", target);
}

/* Withdraws the notifications of the finished requests that concern
 * @seen ("section/target"), or of all of them when @seen is NULL. */
static void
withdraw_seen (KbApplication *self, const char *seen)
{
  KbRequests *requests = current_requests (self);
  GListModel *model;

  if (requests == NULL)
    return;
  model = kb_requests_get_model (requests);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(KbOperatorRequest) request = g_list_model_get_item (model, i);
      g_autofree char *target = kb_operator_request_dup_section_target (request);

      if (kb_operator_request_is_finished (request) && (seen == NULL || g_str_equal (target, seen)))
        withdraw (self, request);
    }
}

/* app.request-target-seen (s): a window shows "section/target". */
static void
request_target_seen_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  withdraw_seen (KB_APPLICATION (user_data), g_variant_get_string (parameter, NULL));
}

/* app.requests-seen: the Requests list was opened, and with it every
 * finished request seen. */
static void
requests_seen_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  withdraw_seen (KB_APPLICATION (user_data), NULL);
}

static const GActionEntry request_actions[] = {
  { "open-request", open_request_activated, "s", NULL, NULL, { 0 } },
  { "request-target-seen", request_target_seen_activated, "s", NULL, NULL, { 0 } },
  { "requests-seen", requests_seen_activated, NULL, NULL, NULL, { 0 } },
};

void
_kb_application_install_request_actions (KbApplication *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), request_actions, G_N_ELEMENTS (request_actions),
                                   self);
}
