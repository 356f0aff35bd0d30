/* kb-search-provider.c — Kabinet in GNOME Shell's search (SearchProvider2 over the cache).
 *
 * An administrator types a number, a name, words of a question or an
 * invoice's number into the Activities overview; Shell asks every provider
 * over D-Bus, and this one answers from the account's SQLite cache alone
 * (kb-store-search.c): no network, and nothing at all when no account is
 * signed in or remembered. The cache is read in a worker thread on a
 * read-only connection of its own, so the window, if there is one, never
 * waits for a search. Shell may start Kabinet just to search
 * (`kabinet --gapplication-service`): then there is no window and no
 * session, only the remembered account's cache.
 *
 * A result's id is the "section/target" that the window's win.show-section
 * action shows ("subscribers/subscriber/ID", "feedback/question/ID",
 * "invoices/invoice/ID"), so activating one opens Kabinet at that item; if
 * the session is still being restored, the item is shown once it is. A
 * request has no page of its own: its id is "requests/ID", and activating
 * it opens what the request concerns (kb_operator_request_dup_section_target()),
 * as the cache says when it is activated.
 */
#include "config.h"

#include "kb-search-provider.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kb-application-private.h"
#include "kb-billing-format.h"
#include "kb-excerpt.h"
#include "kb-money.h"
#include "kb-phone-number.h"
#include "kb-shell-search-provider-generated.h"
#include "kb-store-search.h"

/* In characters: Shell shows one line of a result's name. */
#define NAME_EXCERPT_LENGTH 60

struct _KbSearchProvider
{
  GObject parent_instance;

  KbApplication *application;      /* unowned: it owns this */
  KbShellSearchProvider2 *skeleton;
  char *pending_target;            /* shown once the session is back */
  gulong sync_handler;
};

G_DEFINE_FINAL_TYPE (KbSearchProvider, kb_search_provider, G_TYPE_OBJECT)

typedef struct {
  const char *prefix;              /* the id up to the row's own id */
  GType (*get_type) (void);
  const char *icon;
} Kind;

static const Kind kinds[] = {
  { "subscribers/subscriber/", kb_subscriber_get_type, "avatar-default-symbolic" },
  { "feedback/question/", kb_question_get_type, "dialog-question-symbolic" },
  { "invoices/invoice/", kb_invoice_get_type, "x-office-document-symbolic" },
  /* The icon of the window's list of requests. */
  { "requests/", kb_operator_request_get_type, "view-list-bullet-symbolic" },
};

/* Returns: (nullable): the kind of the result @id, and in @row_id where its row's id starts. */
static const Kind *
parse_id (const char *id, const char **row_id)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_has_prefix (id, kinds[i].prefix) && id[strlen (kinds[i].prefix)] != '\0')
      {
        *row_id = id + strlen (kinds[i].prefix);
        return &kinds[i];
      }
  return NULL;
}

static char *
id_of (GObject *row)
{
  const char *row_id = KB_IS_SUBSCRIBER (row) ? kb_subscriber_get_id (KB_SUBSCRIBER (row))
                       : KB_IS_QUESTION (row) ? kb_question_get_id (KB_QUESTION (row))
                       : KB_IS_INVOICE (row) ? kb_invoice_get_id (KB_INVOICE (row))
                       : kb_operator_request_get_id (KB_OPERATOR_REQUEST (row));

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (G_TYPE_CHECK_INSTANCE_TYPE (row, kinds[i].get_type ()))
      return g_strconcat (kinds[i].prefix, row_id, NULL);
  g_return_val_if_reached (NULL);
}

/* What a result says: a subscriber's name over its number and tariff, a
 * question's first line over its status, an invoice's number over its
 * month, amount and status, a request's number over what it does, for
 * whom, and its status. */
static void
describe (GObject *row, char **name, char **description)
{
  if (KB_IS_SUBSCRIBER (row))
    {
      KbSubscriber *subscriber = KB_SUBSCRIBER (row);
      g_autofree char *number = kb_phone_number_format (kb_subscriber_get_number (subscriber));
      const char *display_name = kb_subscriber_get_name (subscriber);
      KbSubscriberStatus status = kb_subscriber_get_status (subscriber);
      const char *tariff = kb_subscriber_get_tariff (subscriber);

      *name = g_strdup (display_name != NULL && *display_name != '\0' ? display_name : number);
      if (status == KB_SUBSCRIBER_STATUS_ACTIVE)
        *description = g_strdup_printf ("%s · %s", number, tariff);
      else
        *description = g_strdup_printf ("%s · %s · %s", number, tariff,
                                        kb_subscriber_status_to_display (status));
    }
  else if (KB_IS_QUESTION (row))
    {
      KbQuestion *question = KB_QUESTION (row);

      *name = kb_excerpt (kb_question_get_text (question), NAME_EXCERPT_LENGTH);
      /* TRANSLATORS: a question in GNOME Shell's search results; %s is its status, e.g. "Answered" */
      *description = g_strdup_printf (_("Question · %s"),
                                      kb_question_status_to_display (kb_question_get_status (question)));
    }
  else if (KB_IS_OPERATOR_REQUEST (row))
    {
      KbOperatorRequest *request = KB_OPERATOR_REQUEST (row);
      KbOperatorRequestKind kind = kb_operator_request_get_kind (request);
      KbOperatorRequestStatus status = kb_operator_request_get_status (request);
      g_autofree char *summary = kb_operator_request_dup_summary (request);

      /* TRANSLATORS: a request in GNOME Shell's search results; %s is its
       * number, e.g. З-2026-000123 */
      *name = g_strdup_printf (_("Request № %s"), kb_operator_request_get_number (request));
      *description = g_strdup_printf ("%s: %s · %s", kb_operator_request_kind_to_display (kind),
                                      summary, kb_operator_request_status_to_display (status));
    }
  else
    {
      KbInvoice *invoice = KB_INVOICE (row);
      g_autofree char *period = kb_format_period (kb_invoice_get_period (invoice));
      g_autofree char *amount = kb_money_format (kb_invoice_get_amount (invoice),
                                                 kb_invoice_get_currency (invoice));

      /* TRANSLATORS: an invoice in GNOME Shell's search results; %s is its number */
      *name = g_strdup_printf (_("Invoice No. %s"), kb_invoice_get_number (invoice));
      *description = g_strdup_printf ("%s · %s · %s", period, amount,
                                      kb_invoice_status_to_display (kb_invoice_get_status (invoice)));
    }
}

/* ---- Searching, in a worker thread ------------------------------------- */

typedef struct {
  char *path;
  GStrv strings;                   /* the terms, or the ids of GetResultMetas */
  GDBusMethodInvocation *invocation;
} Request;

static void
request_free (Request *request)
{
  g_free (request->path);
  g_strfreev (request->strings);
  g_clear_object (&request->invocation);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Request, request_free)

static void
search_in_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  Request *request = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KbStoreSearch) search = kb_store_search_open (request->path, &error);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  g_auto(GStrv) result = NULL;

  if (search != NULL)
    found = kb_store_search_find (search, (const char * const *) request->strings,
                                  KB_SEARCH_PROVIDER_RESULTS_PER_KIND, &error);

  for (guint i = 0; found != NULL && i < found->len; i++)
    {
      g_autofree char *id = id_of (found->pdata[i]);

      g_strv_builder_add (ids, id);
    }
  /* A search that cannot read the cache finds nothing: Shell shows no error. */
  if (error != NULL)
    g_debug ("Search: %s", error->message);
  result = g_strv_builder_end (ids);
  g_task_return_pointer (task, g_variant_ref_sink (g_variant_new ("(^as)", result)),
                         (GDestroyNotify) g_variant_unref);
}

static void
metas_in_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  Request *request = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KbStoreSearch) search = kb_store_search_open (request->path, &error);
  GVariantBuilder metas;

  g_variant_builder_init (&metas, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; search != NULL && request->strings[i] != NULL; i++)
    {
      const char *row_id = NULL;
      const Kind *kind = parse_id (request->strings[i], &row_id);
      g_autoptr(GObject) row = NULL;
      g_autoptr(GIcon) icon = NULL;
      g_autofree char *name = NULL;
      g_autofree char *description = NULL;
      GVariantBuilder meta;

      if (kind == NULL ||
          (row = kb_store_search_lookup (search, kind->get_type (), row_id, &error)) == NULL)
        {
          /* Gone from the cache since the search: Shell leaves it out. */
          g_clear_error (&error);
          continue;
        }
      describe (row, &name, &description);
      icon = g_themed_icon_new (kind->icon);
      g_variant_builder_init (&meta, G_VARIANT_TYPE_VARDICT);
      g_variant_builder_add (&meta, "{sv}", "id", g_variant_new_string (request->strings[i]));
      g_variant_builder_add (&meta, "{sv}", "name", g_variant_new_string (name));
      g_variant_builder_add (&meta, "{sv}", "description", g_variant_new_string (description));
      g_variant_builder_add (&meta, "{sv}", "icon", g_icon_serialize (icon));
      g_variant_builder_add_value (&metas, g_variant_builder_end (&meta));
    }
  if (error != NULL)
    g_debug ("Search: %s", error->message);
  g_task_return_pointer (task, g_variant_ref_sink (g_variant_new ("(aa{sv})", &metas)),
                         (GDestroyNotify) g_variant_unref);
}

/* Answers the call with what the thread found, and lets the application
 * go (a search alone keeps it running only for the inactivity timeout). */
static void
on_request_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  KbSearchProvider *self = KB_SEARCH_PROVIDER (source);
  Request *request = g_task_get_task_data (G_TASK (result));
  GVariant *reply = g_task_propagate_pointer (G_TASK (result), NULL);

  g_dbus_method_invocation_return_value (request->invocation, reply);
  g_variant_unref (reply);
  g_application_release (G_APPLICATION (self->application));
}

/* Starts @work on @strings in a thread, or answers @empty at once when no
 * account is signed in or remembered. */
static void
start_request (KbSearchProvider      *self,
               GDBusMethodInvocation *invocation,
               const char * const    *strings,
               GTaskThreadFunc        work,
               const char            *empty)
{
  KbSessionManager *manager = kb_application_get_session_manager (self->application);
  g_autofree char *path = manager != NULL ? kb_session_manager_dup_cache_path (manager) : NULL;
  g_autoptr(GTask) task = NULL;
  g_autoptr(Request) request = NULL;

  if (path == NULL)
    {
      g_dbus_method_invocation_return_value (invocation, g_variant_new_parsed (empty));
      return;
    }

  request = g_new0 (Request, 1);
  request->path = g_steal_pointer (&path);
  request->strings = g_strdupv ((char **) strings);
  request->invocation = g_object_ref (invocation);
  g_application_hold (G_APPLICATION (self->application));
  task = g_task_new (self, NULL, on_request_done, NULL);
  g_task_set_source_tag (task, start_request);
  g_task_set_task_data (task, g_steal_pointer (&request), (GDestroyNotify) request_free);
  g_task_run_in_thread (task, work);
}

/* Each handler returns TRUE: it has taken the call, and answers it itself. */
static gboolean
on_skeleton_handle_get_initial_result_set (KbSearchProvider      *self,
                                           GDBusMethodInvocation *invocation,
                                           const char * const    *terms)
{
  start_request (self, invocation, terms, search_in_thread, "(@as [],)");
  return TRUE;
}

/* The cache answers a whole search in well under a millisecond, so a
 * narrower search is simply searched again: filtering the previous
 * results would lose what their limit had cut. */
static gboolean
on_skeleton_handle_get_subsearch_result_set (KbSearchProvider      *self,
                                             GDBusMethodInvocation *invocation,
                                             const char * const    *previous_results,
                                             const char * const    *terms)
{
  start_request (self, invocation, terms, search_in_thread, "(@as [],)");
  return TRUE;
}

static gboolean
on_skeleton_handle_get_result_metas (KbSearchProvider      *self,
                                     GDBusMethodInvocation *invocation,
                                     const char * const    *ids)
{
  start_request (self, invocation, ids, metas_in_thread, "(@aa{sv} [],)");
  return TRUE;
}

/* ---- Opening Kabinet ---------------------------------------------------- */

/* The window, made and shown if there is none, raised with the time of
 * the user's click so that the window manager lets it take the focus. */
static KbWindow *
present_window (KbSearchProvider *self, guint32 timestamp)
{
  KbWindow *window = kb_application_get_main_window (self->application);

  if (window == NULL)
    {
      g_application_activate (G_APPLICATION (self->application));
      window = kb_application_get_main_window (self->application);
    }
  if (window != NULL)
    gtk_window_present_with_time (GTK_WINDOW (window), timestamp);
  return window;
}

/* Shows the pending target once a session is there to show it in: at
 * once, or when the remembered session has been restored (or the user
 * has signed in). */
static void
show_pending_target (KbSearchProvider *self)
{
  KbSessionManager *manager = kb_application_get_session_manager (self->application);
  KbWindow *window = kb_application_get_main_window (self->application);
  g_autofree char *target = NULL;

  if (self->pending_target == NULL || manager == NULL || window == NULL ||
      kb_session_manager_get_sync (manager) == NULL)
    return;
  target = g_steal_pointer (&self->pending_target);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-section", "s", target);
}

static void
open_target (KbSearchProvider *self, const char *target, guint32 timestamp)
{
  KbSessionManager *manager = kb_application_get_session_manager (self->application);

  g_free (self->pending_target);
  self->pending_target = g_strdup (target);
  if (manager != NULL && self->sync_handler == 0)
    self->sync_handler = g_signal_connect_object (manager, "notify::sync",
                                                  G_CALLBACK (show_pending_target), self,
                                                  G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  present_window (self, timestamp);
  show_pending_target (self);
}

/* Returns: (transfer full) (nullable): the target of the request @row_id
 * in the cache, read here: it takes about a millisecond. */
static char *
dup_request_target (KbSearchProvider *self, const char *row_id)
{
  KbSessionManager *manager = kb_application_get_session_manager (self->application);
  g_autofree char *path = manager != NULL ? kb_session_manager_dup_cache_path (manager) : NULL;
  g_autoptr(KbStoreSearch) search = NULL;
  g_autoptr(GObject) request = NULL;
  g_autoptr(GError) error = NULL;

  if (path == NULL)
    return NULL;
  search = kb_store_search_open (path, &error);
  if (search != NULL)
    request = kb_store_search_lookup (search, KB_TYPE_OPERATOR_REQUEST, row_id, &error);
  if (error != NULL)
    g_debug ("Search: %s", error->message);
  return request != NULL
         ? kb_operator_request_dup_section_target (KB_OPERATOR_REQUEST (request)) : NULL;
}

static gboolean
on_skeleton_handle_activate_result (KbSearchProvider      *self,
                                    GDBusMethodInvocation *invocation,
                                    const char            *id,
                                    const char * const    *terms,
                                    guint                  timestamp)
{
  const char *row_id = NULL;
  const Kind *kind = parse_id (id, &row_id);
  g_autofree char *target = NULL;

  if (kind != NULL && kind->get_type () == KB_TYPE_OPERATOR_REQUEST)
    target = dup_request_target (self, row_id);
  else if (kind != NULL)
    target = g_strdup (id);
  if (target != NULL)
    open_target (self, target, timestamp);
  else
    present_window (self, timestamp);
  kb_shell_search_provider2_complete_activate_result (self->skeleton, invocation);
  return TRUE;
}

static gboolean
on_skeleton_handle_launch_search (KbSearchProvider      *self,
                                  GDBusMethodInvocation *invocation,
                                  const char * const    *terms,
                                  guint                  timestamp)
{
  present_window (self, timestamp);
  kb_shell_search_provider2_complete_launch_search (self->skeleton, invocation);
  return TRUE;
}

/* ---- Object -------------------------------------------------------------- */

static void
kb_search_provider_dispose (GObject *object)
{
  KbSearchProvider *self = KB_SEARCH_PROVIDER (object);

  kb_search_provider_dbus_unregister (self);
  g_clear_object (&self->skeleton);
  g_clear_pointer (&self->pending_target, g_free);

  G_OBJECT_CLASS (kb_search_provider_parent_class)->dispose (object);
}

static void
kb_search_provider_class_init (KbSearchProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kb_search_provider_dispose;
}

static void
kb_search_provider_init (KbSearchProvider *self)
{
  static const struct {
    const char *signal;
    GCallback handler;
  } handlers[] = {
    { "handle-get-initial-result-set", G_CALLBACK (on_skeleton_handle_get_initial_result_set) },
    { "handle-get-subsearch-result-set", G_CALLBACK (on_skeleton_handle_get_subsearch_result_set) },
    { "handle-get-result-metas", G_CALLBACK (on_skeleton_handle_get_result_metas) },
    { "handle-activate-result", G_CALLBACK (on_skeleton_handle_activate_result) },
    { "handle-launch-search", G_CALLBACK (on_skeleton_handle_launch_search) },
  };

  self->skeleton = kb_shell_search_provider2_skeleton_new ();
  for (guint i = 0; i < G_N_ELEMENTS (handlers); i++)
    g_signal_connect_object (self->skeleton, handlers[i].signal, handlers[i].handler, self,
                             G_CONNECT_SWAPPED);
}

/* @application owns the provider, and outlives it. */
KbSearchProvider *
kb_search_provider_new (KbApplication *application)
{
  KbSearchProvider *self = g_object_new (KB_TYPE_SEARCH_PROVIDER, NULL);

  self->application = application;
  return self;
}

/* Exports the provider at @object_path, where the search-provider .ini file says it is. */
gboolean
kb_search_provider_dbus_register (KbSearchProvider  *self,
                                  GDBusConnection   *connection,
                                  const char        *object_path,
                                  GError           **error)
{
  g_return_val_if_fail (KB_IS_SEARCH_PROVIDER (self), FALSE);

  return g_dbus_interface_skeleton_export (G_DBUS_INTERFACE_SKELETON (self->skeleton), connection,
                                           object_path, error);
}

void
kb_search_provider_dbus_unregister (KbSearchProvider *self)
{
  g_return_if_fail (KB_IS_SEARCH_PROVIDER (self));

  if (self->skeleton != NULL &&
      g_dbus_interface_skeleton_get_connection (G_DBUS_INTERFACE_SKELETON (self->skeleton)) != NULL)
    g_dbus_interface_skeleton_unexport (G_DBUS_INTERFACE_SKELETON (self->skeleton));
}
