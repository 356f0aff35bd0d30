/* kb-application.c — Kabinet's application object: owns the long-lived services.
 *
 * The settings, the keyring access and the session manager live as long as
 * the application and are handed to each window. `kabinet --demo` starts
 * the built-in reference server and signs in to it.
 */
#include "config.h"

#include "kb-application-private.h"

#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "kb-credentials.h"
#include "kb-excerpt.h"
#include "kb-feedback.h"
#include "kb-search-provider.h"
#include "kb-first-frame.h"
#include "kb-frame-report.h"

#include "kb-window.h"

/* How long a Kabinet that GNOME Shell started only to search stays for the
 * next keystroke, in milliseconds. */
#define SERVICE_INACTIVITY_TIMEOUT 20000

/* In characters: a notification bubble shows about two lines of body. */
#define BODY_EXCERPT_LENGTH 100
#define TITLE_EXCERPT_LENGTH 40

struct _KbApplication
{
  AdwApplication parent_instance;

  GSettings *settings;
  KbCredentials *credentials;
  KbSessionManager *manager;
  KbFeedback *feedback;       /* the session's: its answers become notifications */
  KbSearchProvider *search_provider;
  gboolean demo;
  gboolean held;              /* for "run-in-background" */
};

G_DEFINE_FINAL_TYPE (KbApplication, kb_application, ADW_TYPE_APPLICATION)

/* The descriptions are translated in --help: main.c sets the text domain
 * before GApplication parses the command line. */
static const GOptionEntry option_entries[] = {
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Start the built-in demo server and sign in to it"), NULL },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Show the version and exit"), NULL },
  { NULL }
};

static int
kb_application_handle_local_options (GApplication *application, GVariantDict *options)
{
  KbApplication *self = KB_APPLICATION (application);

  /* In this process, before any other Kabinet is asked: a version says
   * what was installed, not what is running. */
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", g_get_application_name (), PACKAGE_VERSION);
      return 0;
    }
  if (g_variant_dict_contains (options, "demo"))
    self->demo = TRUE;
  return -1;
}

/* Returns: (transfer none) (nullable): the window the user is looking at. */
KbWindow *
kb_application_get_main_window (KbApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (KB_IS_WINDOW (window))
    return KB_WINDOW (window);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (KB_IS_WINDOW (l->data))
      return KB_WINDOW (l->data);
  return NULL;
}

/* Whether the thread of @question_id is on screen in the focused window. */
static gboolean
thread_is_in_view (KbApplication *self, const char *question_id)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (KB_IS_WINDOW (l->data) && gtk_window_is_active (GTK_WINDOW (l->data)) &&
        g_strcmp0 (kb_window_get_open_question (KB_WINDOW (l->data)), question_id) == 0)
      return TRUE;
  return FALSE;
}

/* Returns: (nullable): the newest answer's text, if the thread came with the list. */
static const char *
latest_answer_text (KbQuestion *question)
{
  GListModel *answers = kb_question_get_answers (question);
  guint n = g_list_model_get_n_items (answers);
  g_autoptr(KbAnswer) answer = n > 0 ? g_list_model_get_item (answers, n - 1) : NULL;

  /* The question's list of answers keeps the answer and its text alive. */
  return answer != NULL ? kb_answer_get_text (answer) : NULL;
}

/* The title names the question and the body starts the answer, so that
 * the notification alone says what was answered and how. */
static void
on_answer_arrived (KbApplication *self, KbQuestion *question)
{
  const char *id = kb_question_get_id (question);
  const char *answer_text = latest_answer_text (question);
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *notification_id = NULL;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;

  if (id == NULL || !g_settings_get_boolean (self->settings, "notifications") ||
      thread_is_in_view (self, id))
    return;

  notification_id = g_strconcat ("answer-", id, NULL);
  if (answer_text != NULL && *answer_text != '\0')
    {
      g_autofree char *asked = kb_excerpt (kb_question_get_text (question), TITLE_EXCERPT_LENGTH);

      /* TRANSLATORS: a notification's title; %s is the start of the question */
      title = g_strdup_printf (_("Answer to “%s”"), asked);
      body = kb_excerpt (answer_text, BODY_EXCERPT_LENGTH);
    }
  else
    {
      /* Without the answer's text, the question is all there is to show. */
      title = g_strdup (_("Answer to your question"));
      body = kb_excerpt (kb_question_get_text (question), BODY_EXCERPT_LENGTH);
    }
  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  g_notification_set_default_action_and_target (notification, "app.open-question", "s", id);
  g_application_send_notification (G_APPLICATION (self), notification_id, notification);
}

/* A question read anywhere (here or on another computer) needs no notification. */
static void
on_question_read (KbApplication *self, GParamSpec *pspec, KbQuestion *question)
{
  g_autofree char *notification_id = NULL;

  if (kb_question_get_unread (question) || kb_question_get_id (question) == NULL)
    return;
  notification_id = g_strconcat ("answer-", kb_question_get_id (question), NULL);
  g_application_withdraw_notification (G_APPLICATION (self), notification_id);
}

static void
on_answer_arrived_watch_read (KbApplication *self, KbQuestion *question)
{
  g_signal_handlers_disconnect_by_func (question, on_question_read, self);
  g_signal_connect_object (question, "notify::unread", G_CALLBACK (on_question_read), self,
                           G_CONNECT_SWAPPED);
}

static gboolean start_feedback (gpointer user_data);

static void
on_token_set (KbApplication *self, GParamSpec *pspec, KbApiClient *api)
{
  g_signal_handlers_disconnect_by_func (api, on_token_set, self);
  if (kb_api_client_get_token (api) != NULL)
    start_feedback (self);
}

/* The events socket needs the token: a session shown from its cache waits
 * for the keyring's answer first. */
static gboolean
start_feedback (gpointer user_data)
{
  KbApplication *self = user_data;
  KbSync *sync = kb_session_manager_get_sync (self->manager);
  KbApiClient *api = sync != NULL ? kb_sync_get_api (sync) : NULL;

  if (self->feedback == NULL || api == NULL || kb_sync_get_feedback (sync) != self->feedback)
    return G_SOURCE_REMOVE;
  if (kb_api_client_get_token (api) == NULL)
    g_signal_connect_object (api, "notify::token", G_CALLBACK (on_token_set), self,
                             G_CONNECT_SWAPPED);
  else
    kb_feedback_start (self->feedback);
  return G_SOURCE_REMOVE;
}

static void
on_sync_changed (KbApplication *self)
{
  KbSync *sync = kb_session_manager_get_sync (self->manager);
  KbFeedback *feedback = sync != NULL ? kb_sync_get_feedback (sync) : NULL;

  _kb_application_follow_requests (self, sync != NULL ? kb_sync_get_requests (sync) : NULL);
  if (feedback == self->feedback)
    return;
  if (self->feedback != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->feedback, on_answer_arrived, self);
      g_signal_handlers_disconnect_by_func (self->feedback, on_answer_arrived_watch_read, self);
    }
  g_set_object (&self->feedback, feedback);
  if (feedback != NULL)
    {
      g_signal_connect_object (feedback, "answer-arrived", G_CALLBACK (on_answer_arrived), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (feedback, "answer-arrived", G_CALLBACK (on_answer_arrived_watch_read), self,
                               G_CONNECT_SWAPPED);
      /* Its questions and its requests are not what the first frame shows. */
      kb_first_frame_then (GTK_WIDGET (kb_application_get_main_window (self)), start_feedback,
                           g_object_ref (self), g_object_unref);
    }
}

static void
on_background_requested (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    g_debug ("Background portal: %s", error->message);
}

/* Inside Flatpak, running with no window open needs the Background portal's
 * permission; the portal asks the user once and remembers. Outside there is
 * nothing to ask. */
static void
request_background (KbApplication *self)
{
  GDBusConnection *bus = g_application_get_dbus_connection (G_APPLICATION (self));
  GVariantBuilder options;

  if (bus == NULL || !g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
    return;

  g_variant_builder_init (&options, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&options, "{sv}", "reason",
                         g_variant_new_string (_("Kabinet keeps checking for answers to your questions")));
  g_variant_builder_add (&options, "{sv}", "autostart", g_variant_new_boolean (FALSE));
  g_dbus_connection_call (bus, "org.freedesktop.portal.Desktop", "/org/freedesktop/portal/desktop",
                          "org.freedesktop.portal.Background", "RequestBackground",
                          g_variant_new ("(sa{sv})", "", &options), NULL,
                          G_DBUS_CALL_FLAGS_NONE, -1, NULL, on_background_requested, NULL);
}

/* With "run-in-background" the application outlives its last window, so
 * that answers still become notifications. */
static void
update_hold (KbApplication *self)
{
  gboolean hold = g_settings_get_boolean (self->settings, "run-in-background");

  if (hold == self->held)
    return;
  self->held = hold;
  if (hold)
    {
      g_application_hold (G_APPLICATION (self));
      request_background (self);
    }
  else
    g_application_release (G_APPLICATION (self));
}

static void
read_icon_theme (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  /* Any name will do: what counts is that the theme is read. */
  gtk_icon_theme_has_icon (GTK_ICON_THEME (source_object), APP_ID);
  g_task_return_boolean (task, TRUE);
}

/* GTK 4.8 reads the icon theme on a worker as soon as the display has one.
 * GtkApplication's startup then adds our resources' icons/ (where the
 * section icons are) to it, which throws that reading away, and the first
 * icon the window draws would read the theme again on the main thread:
 * 7–10 ms of a start. It is read again here on a worker instead, while the
 * window is made; GtkIconTheme locks itself for the reading GTK does on its
 * own worker. */
static void
read_icon_theme_in_thread (void)
{
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gdk_display_get_default ());
  g_autoptr(GTask) task = g_task_new (theme, NULL, NULL, NULL);

  g_task_set_source_tag (task, read_icon_theme_in_thread);
  g_task_run_in_thread (task, read_icon_theme);
}

static void
load_fonts (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  PangoFontMap *font_map = pango_cairo_font_map_new ();
  PangoContext *context = pango_font_map_create_context (font_map);
  PangoLayout *layout = pango_layout_new (context);
  PangoFontDescription *font = pango_font_description_from_string (task_data);

  pango_context_set_font_description (context, font);
  /* Cyrillic and figures, as the first frame has them. */
  pango_layout_set_text (layout, "Кабинет 0123456789", -1);
  pango_layout_get_size (layout, NULL, NULL);
  pango_font_description_free (font);
  g_object_unref (layout);
  g_object_unref (context);
  g_object_unref (font_map);
  g_task_return_boolean (task, TRUE);
}

/* The first text GTK measures starts fontconfig (reading its configuration
 * and caches: 5.5 ms here) and opens the font's file (2.7 ms), on the main
 * thread, in the middle of the first frame. Both are the process's, not a
 * thread's: done on a worker while the window is made, they leave the
 * first layout 1.3 ms, and the start is 2 % shorter (bench-startup with
 * KB_AB, five runs of 15 rounds, median of the paired ratios 0.98 on both
 * pages). Started before GTK, while the main thread starts it, the work
 * competed with GTK's own threads and the start was 2–4 % slower. The
 * worker's own Pango font map goes with it. */
static void
load_fonts_in_thread (void)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, NULL, NULL);
  g_autofree char *font_name = NULL;

  g_object_get (gtk_settings_get_default (), "gtk-font-name", &font_name, NULL);
  g_task_set_source_tag (task, load_fonts_in_thread);
  g_task_set_task_data (task, font_name != NULL ? g_steal_pointer (&font_name) : g_strdup ("Sans 10"),
                        g_free);
  g_task_run_in_thread (task, load_fonts);
}

static void
kb_application_startup (GApplication *application)
{
  KbApplication *self = KB_APPLICATION (application);

  G_APPLICATION_CLASS (kb_application_parent_class)->startup (application);
  kb_frame_report_mark ("toolkit");
  read_icon_theme_in_thread ();

  self->settings = g_settings_new ("io.github.kabinet.Kabinet");
  self->credentials = kb_credentials_new ();
  self->manager = kb_session_manager_new (self->settings, self->credentials);

  _kb_application_install_actions (self);
  _kb_application_install_request_actions (self);

  /* Started by D-Bus for a search (Shell runs `kabinet --gapplication-service`),
   * stay a little for the next call rather than start again for each;
   * there may never be a window to draw text in. */
  if (g_application_get_flags (application) & G_APPLICATION_IS_SERVICE)
    g_application_set_inactivity_timeout (application, SERVICE_INACTIVITY_TIMEOUT);
  else
    load_fonts_in_thread ();

  g_signal_connect_object (self->manager, "notify::sync", G_CALLBACK (on_sync_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::run-in-background", G_CALLBACK (update_hold), self,
                           G_CONNECT_SWAPPED);
  update_hold (self);
}

static void
kb_application_activate (GApplication *application)
{
  KbApplication *self = KB_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (application));

  if (window == NULL)
    {
      window = GTK_WINDOW (kb_window_new (GTK_APPLICATION (application), self->manager, self->settings));
      kb_frame_report_mark ("window");
      /* Shown before it starts: what the start puts off until the first
       * frame (kb_first_frame_then()) can only wait for a shown window's. */
      gtk_window_present (window);
      kb_frame_report_mark ("presented");
      kb_window_start (KB_WINDOW (window), self->demo);
      kb_frame_report_mark ("content");
      return;
    }

  gtk_window_present (window);
}

static void
kb_application_shutdown (GApplication *application)
{
  KbApplication *self = KB_APPLICATION (application);

  if (self->feedback != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->feedback, on_answer_arrived, self);
      g_signal_handlers_disconnect_by_func (self->feedback, on_answer_arrived_watch_read, self);
    }
  g_clear_object (&self->feedback);
  if (self->manager != NULL)
    kb_session_manager_shutdown (self->manager);

  G_APPLICATION_CLASS (kb_application_parent_class)->shutdown (application);
}

/* GNOME Shell's search provider lives at the application's object path,
 * where data/io.github.kabinet.Kabinet.search-provider.ini.in says it is. */
static gboolean
kb_application_dbus_register (GApplication    *application,
                              GDBusConnection *connection,
                              const char      *object_path,
                              GError         **error)
{
  KbApplication *self = KB_APPLICATION (application);
  g_autofree char *path = g_strconcat (object_path, "/SearchProvider", NULL);

  if (!G_APPLICATION_CLASS (kb_application_parent_class)->dbus_register (application, connection,
                                                                           object_path, error))
    return FALSE;
  self->search_provider = kb_search_provider_new (self);
  return kb_search_provider_dbus_register (self->search_provider, connection, path, error);
}

static void
kb_application_dbus_unregister (GApplication    *application,
                                GDBusConnection *connection,
                                const char      *object_path)
{
  KbApplication *self = KB_APPLICATION (application);

  if (self->search_provider != NULL)
    kb_search_provider_dbus_unregister (self->search_provider);
  g_clear_object (&self->search_provider);

  G_APPLICATION_CLASS (kb_application_parent_class)->dbus_unregister (application, connection,
                                                                      object_path);
}

static void
kb_application_dispose (GObject *object)
{
  KbApplication *self = KB_APPLICATION (object);

  g_clear_object (&self->search_provider);
  g_clear_object (&self->feedback);
  g_clear_object (&self->manager);
  g_clear_object (&self->credentials);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (kb_application_parent_class)->dispose (object);
}

static void
kb_application_class_init (KbApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = kb_application_dispose;
  app_class->handle_local_options = kb_application_handle_local_options;
  app_class->startup = kb_application_startup;
  app_class->activate = kb_application_activate;
  app_class->shutdown = kb_application_shutdown;
  app_class->dbus_register = kb_application_dbus_register;
  app_class->dbus_unregister = kb_application_dbus_unregister;
}

static void
kb_application_init (KbApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
}

KbApplication *
kb_application_new (void)
{
  return g_object_new (KB_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_BASE,
                       NULL);
}

KbSessionManager *
kb_application_get_session_manager (KbApplication *self)
{
  g_return_val_if_fail (KB_IS_APPLICATION (self), NULL);
  return self->manager;
}

GSettings *
kb_application_get_settings (KbApplication *self)
{
  g_return_val_if_fail (KB_IS_APPLICATION (self), NULL);
  return self->settings;
}
