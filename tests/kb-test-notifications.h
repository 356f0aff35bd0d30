/* kb-test-notifications.h — a fake org.freedesktop.Notifications that records what the app sends. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct {
  guint32 id;
  char *summary;
  char *body;
  GStrv actions;
} KbTestNotification;

void        kb_test_notifications_start     (void);
GPtrArray  *kb_test_notifications_get       (void);
void        kb_test_notifications_clear     (void);
gboolean    kb_test_notification_was_closed (guint32       id);
void        kb_test_notification_invoke     (guint32       id,
                                             const char   *action_key);
void        kb_test_notifications_sync      (GApplication *app);

G_END_DECLS
