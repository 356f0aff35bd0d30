/* kb-page.c — the base class of every section page.
 *
 * A page belongs to one signed-in session (its KbSync, a construct
 * property) and one section of the table. It owns a cancellable that is
 * cancelled when the page goes, so that no callback of a finished request
 * touches a dead widget.
 *
 * It also owns what every page shows around its data, so that a section
 * only says what to refresh and how to show what is cached: the banner
 * over cached data the server could not refresh, with Retry; the spinner
 * while nothing is cached yet; the error state when a refresh failed with
 * nothing cached to show instead. A subclass's template hands its own
 * widgets in as the "content" property (and, when something must stay in
 * view whatever the state, such as a toolbar, as "header").
 *
 * It is longer than the ~600 lines a UI file keeps to, on purpose: it is
 * the one place for the chrome, the refresh and its outcome, the request
 * labels a page follows and what waits for the first frame, which eight
 * sections would otherwise each carry a copy of.
 */
#include "config.h"

#include "kb-page-private.h"

#include <glib/gi18n.h>

#include "kb-format.h"
#include "kb-a11y.h"
#include "kb-first-frame.h"
#include "kb-request-label.h"
#include "kb-spinner.h"
#include "kb-stack-view.h"

/* A request label of a page class, with kb_page_class_follow_request(). */
typedef struct
{
  gsize offset;
  KbOperatorRequestKind kind;
} FollowedRequest;

static GQuark
followed_requests_quark (void)
{
  return g_quark_from_static_string ("kb-page-followed-requests");
}

typedef struct
{
  KbSync *sync;
  const KbSection *section;
  GCancellable *cancellable;
  gboolean refreshing;
  gboolean refresh_again;     /* kb_page_queue_refresh() while refreshing */
  const KbPageRefresh *refresh;
  gpointer refresh_source;    /* (unowned) (nullable): NULL for the KbSync */
  int window_height;          /* of the window the page opens in; 0: as tall as a monitor */

  /* Template children, named apart from any a subclass may bind. */
  GtkRevealer *page_banner;
  GtkLabel *page_banner_label;
  AdwBin *page_header;
  GtkStack *page_stack;
  AdwBin *page_content;
  AdwStatusPage *page_error;  /* (nullable): until an error is first shown */
  char *error_title;
} KbPagePrivate;

G_DEFINE_TYPE_WITH_PRIVATE (KbPage, kb_page, ADW_TYPE_BIN)

/* In pixels, the least of a screen that is not a page's list: the window's
 * header bar and a page's own header (kb_page_get_screenful()). */
#define SCREENFUL_CHROME_HEIGHT 100

enum {
  PROP_0,
  PROP_SYNC,
  PROP_SECTION_ID,
  PROP_WINDOW_HEIGHT,
  PROP_CONTENT,
  PROP_HEADER,
  PROP_ERROR_TITLE,
  PROP_REFRESHING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_refreshing (KbPage *self, gboolean refreshing)
{
  KbPagePrivate *priv = kb_page_get_instance_private (self);

  if (priv->refreshing == refreshing)
    return;
  priv->refreshing = refreshing;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFRESHING]);
}

/* Returns: (transfer full): the banner over cached data the server could
 * not refresh: offline, or the error's own sentence, and how old the data
 * is when the server ever sent it. */
static char *
stale_banner_text (const GError *error, GDateTime *fetched_at)
{
  g_autofree char *when = NULL;

  if (fetched_at == NULL)
    return g_strdup (error->message);
  when = kb_format_local_date_time (fetched_at);
  if (kb_api_error_is_unreachable (error))
    /* TRANSLATORS: %s is the date and time the shown data was last received */
    return g_strdup_printf (_("Offline — showing data from %s"), when);
  return g_strdup_printf (_("%s Showing data from %s."), error->message, when);
}

/* The one ending of every page's refresh. The callback holds the page
 * weakly: a page that is gone has nothing to show, and its subclass's
 * finish could not be called on it any more. */
/* libadwaita's rows wrap their title and subtitle inside words, so that a
 * narrow window breaks «СФ-2026-11/01001» or a bank's name in two. Makes every
 * wrapping label under @widget wrap between words only: a word then sets the
 * label's minimum width, and what does not fit scrolls sideways. The cells of
 * list and column views are the column helper's business. */
static void
wrap_at_words (GtkWidget *widget)
{
  if (GTK_IS_LIST_VIEW (widget) || GTK_IS_COLUMN_VIEW (widget))
    return;
  if (GTK_IS_LABEL (widget) && gtk_label_get_wrap (GTK_LABEL (widget)) &&
      gtk_label_get_wrap_mode (GTK_LABEL (widget)) != PANGO_WRAP_WORD)
    gtk_label_set_wrap_mode (GTK_LABEL (widget), PANGO_WRAP_WORD);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    wrap_at_words (child);
}

/* The page's show_cached(), and its rows laid out for a narrow window. */
static gboolean
show_cached (KbPage *self, KbPageData data)
{
  KbPagePrivate *priv = kb_page_get_instance_private (self);
  gboolean has_data = KB_PAGE_GET_CLASS (self)->show_cached (self, data);

  wrap_at_words (GTK_WIDGET (priv->page_content));
  return has_data;
}

/* The spinner and the error state are made the first time they are shown
 * (kb_stack_show_view()): a page that opens on its cache shows neither. */
static GtkWidget *
make_state (gpointer owner, const char *name)
{
  KbPage *self = owner;
  KbPagePrivate *priv = kb_page_get_instance_private (self);
  GtkWidget *retry;

  if (g_str_equal (name, "loading"))
    return kb_spinner_new (_("Loading"));
  g_return_val_if_fail (g_str_equal (name, "error"), NULL);
  retry = kb_pill_button_new (_("_Try Again"));
  g_signal_connect_swapped (retry, "clicked", G_CALLBACK (kb_page_reload), self);
  priv->page_error = ADW_STATUS_PAGE (kb_status_page_new ("network-offline-symbolic",
                                                          priv->error_title, NULL));
  adw_status_page_set_child (priv->page_error, retry);
  return GTK_WIDGET (priv->page_error);
}

static void
show_state (KbPage *self, const char *name)
{
  KbPagePrivate *priv = kb_page_get_instance_private (self);

  kb_stack_show_view (priv->page_stack, name, make_state, self);
}

static void
on_refresh_ready (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GWeakRef *weak = user_data;
  g_autoptr(KbPage) self = g_weak_ref_get (weak);
  KbPagePrivate *priv;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) fetched_at = NULL;
  gboolean has_data;

  g_weak_ref_clear (weak);
  g_free (weak);
  if (self == NULL)
    return;
  priv = kb_page_get_instance_private (self);
  if (g_cancellable_is_cancelled (priv->cancellable))
    return;

  KB_PAGE_GET_CLASS (self)->refresh_finish (self, result, &fetched_at, &error);
  set_refreshing (self, FALSE);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* A refused session is the window's business: it returns to sign-in. */
  if (kb_api_error_is_auth (error))
    return;

  /* What was asked for changed meanwhile (e.g. another period): ask again. */
  if (priv->refresh_again)
    {
      kb_page_reload (self);
      return;
    }

  has_data = show_cached (self, error != NULL ? KB_PAGE_DATA_STALE : KB_PAGE_DATA_FRESH);
  if (error != NULL && !has_data)
    {
      show_state (self, "error");
      adw_status_page_set_description (priv->page_error, error->message);
      gtk_revealer_set_reveal_child (priv->page_banner, FALSE);
      return;
    }

  gtk_stack_set_visible_child_name (priv->page_stack, "content");
  if (error != NULL)
    {
      g_autofree char *text = stale_banner_text (error, fetched_at);

      gtk_label_set_text (priv->page_banner_label, text);
    }
  gtk_revealer_set_reveal_child (priv->page_banner, error != NULL);
}

typedef void       (*RefreshAsyncFunc)  (gpointer             source,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
typedef gboolean   (*RefreshFinishFunc) (gpointer       source,
                                        GAsyncResult  *result,
                                        GError       **error);
typedef GDateTime *(*GetFetchedAtFunc)  (gpointer source);
typedef GDateTime *(*DupFetchedAtFunc)  (gpointer source, const char *key);

static gpointer
get_refresh_source (KbPage *self)
{
  KbPagePrivate *priv = kb_page_get_instance_private (self);

  return priv->refresh_source != NULL ? priv->refresh_source : priv->sync;
}

static void
kb_page_real_refresh_async (KbPage              *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  KbPagePrivate *priv = kb_page_get_instance_private (self);

  g_return_if_fail (priv->refresh != NULL && priv->refresh->refresh_async != NULL);
  ((RefreshAsyncFunc) priv->refresh->refresh_async) (get_refresh_source (self), cancellable,
                                                     callback, user_data);
}

static gboolean
kb_page_real_refresh_finish (KbPage        *self,
                             GAsyncResult  *result,
                             GDateTime    **fetched_at,
                             GError       **error)
{
  KbPagePrivate *priv = kb_page_get_instance_private (self);
  gboolean done;

  g_return_val_if_fail (priv->refresh != NULL && priv->refresh->refresh_finish != NULL, FALSE);
  done = ((RefreshFinishFunc) priv->refresh->refresh_finish) (get_refresh_source (self), result,
                                                              error);
  *fetched_at = kb_page_dup_fetched_at (self);
  return done;
}

/* Starts the refresh a reload asked for, unless the page has gone since. */
static gboolean
start_refresh (gpointer user_data)
{
  GWeakRef *weak = user_data;
  g_autoptr(KbPage) self = g_weak_ref_get (weak);
  KbPagePrivate *priv;

  if (self == NULL)
    {
      g_weak_ref_clear (weak);
      g_free (weak);
      return G_SOURCE_REMOVE;
    }
  priv = kb_page_get_instance_private (self);
  KB_PAGE_GET_CLASS (self)->refresh_async (self, priv->cancellable, on_refresh_ready, weak);
  return G_SOURCE_REMOVE;
}

/* What is cached is shown before the network is even asked. */
static void
kb_page_real_reload (KbPage *self)
{
  KbPagePrivate *priv = kb_page_get_instance_private (self);
  KbPageClass *klass = KB_PAGE_GET_CLASS (self);
  GWeakRef *weak;

  if (priv->sync == NULL || klass->refresh_async == NULL ||
      (klass->refresh_async == kb_page_real_refresh_async && priv->refresh == NULL))
    return;

  if (show_cached (self, KB_PAGE_DATA_CACHED))
    gtk_stack_set_visible_child_name (priv->page_stack, "content");
  else
    show_state (self, "loading");

  /* A refresh that runs already answers this reload too. */
  if (priv->refreshing)
    return;
  priv->refresh_again = FALSE;
  set_refreshing (self, TRUE);

  weak = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak, self);
  /* A page about to be shown paints first: the request, and the parsing
   * of its answer on this thread, wait for that frame (at most a second). */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    start_refresh (weak);
  else
    kb_first_frame_then (GTK_WIDGET (self), start_refresh, weak, NULL);
}

static void
kb_page_dispose (GObject *object)
{
  KbPagePrivate *priv = kb_page_get_instance_private (KB_PAGE (object));

  /* The cancellable stays until finalize: a callback that comes after
   * dispose sees it cancelled and returns. */
  g_cancellable_cancel (priv->cancellable);
  g_clear_object (&priv->sync);
  /* Not gtk_widget_dispose_template (object, KB_TYPE_PAGE): GTK 4.8 reads
   * the template of the instance's class, the subclass's, and asserts on
   * its children. AdwBin's dispose unparents the template's box, and the
   * bound children go when the widget is finalized. */

  G_OBJECT_CLASS (kb_page_parent_class)->dispose (object);
}

static void
on_status_page_map (AdwStatusPage *status)
{
  g_signal_handlers_disconnect_by_func (status, on_status_page_map, NULL);
  adw_status_page_set_icon_name (status, g_object_get_data (G_OBJECT (status), "kb-icon-name"));
}

/* GTK 4.8 loads the 128 px icon of every status page as soon as it is
 * built, shown or not, and draws it from SVG through librsvg: a library to
 * load and ~8 MiB before the first frame, for empty and error states that
 * are seldom seen. Each status page gets its icon when it is first mapped,
 * before it is drawn. */
static void
defer_status_icons (GtkWidget *widget)
{
  if (ADW_IS_STATUS_PAGE (widget) && !gtk_widget_get_mapped (widget) &&
      adw_status_page_get_icon_name (ADW_STATUS_PAGE (widget)) != NULL)
    {
      g_object_set_data_full (G_OBJECT (widget), "kb-icon-name",
                              g_strdup (adw_status_page_get_icon_name (ADW_STATUS_PAGE (widget))),
                              g_free);
      adw_status_page_set_icon_name (ADW_STATUS_PAGE (widget), NULL);
      g_signal_connect (widget, "map", G_CALLBACK (on_status_page_map), NULL);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    defer_status_icons (child);
}

/* The subclass's template is complete by now: its controls are named
 * before any of them is shown, the views of its stacks included. */
static void
kb_page_constructed (GObject *object)
{
  KbPagePrivate *priv = kb_page_get_instance_private (KB_PAGE (object));
  GArray *followed = g_type_get_qdata (G_OBJECT_TYPE (object), followed_requests_quark ());

  G_OBJECT_CLASS (kb_page_parent_class)->constructed (object);

  kb_a11y_name_tree (GTK_WIDGET (object));
  for (guint i = 0; followed != NULL && i < followed->len; i++)
    {
      const FollowedRequest *request = &g_array_index (followed, FollowedRequest, i);

      kb_request_label_follow_kind (G_STRUCT_MEMBER (KbRequestLabel *, object, request->offset),
                                    priv->sync, request->kind);
    }
  defer_status_icons (GTK_WIDGET (object));
}

static void
kb_page_finalize (GObject *object)
{
  KbPagePrivate *priv = kb_page_get_instance_private (KB_PAGE (object));

  g_clear_object (&priv->cancellable);
  g_free (priv->error_title);

  G_OBJECT_CLASS (kb_page_parent_class)->finalize (object);
}

static void
kb_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KbPage *self = KB_PAGE (object);
  KbPagePrivate *priv = kb_page_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_SYNC: g_value_set_object (value, priv->sync); break;
    case PROP_SECTION_ID: g_value_set_string (value, priv->section ? priv->section->id : NULL); break;
    case PROP_WINDOW_HEIGHT: g_value_set_int (value, priv->window_height); break;
    case PROP_CONTENT: g_value_set_object (value, kb_page_get_content (self)); break;
    case PROP_HEADER: g_value_set_object (value, kb_page_get_header (self)); break;
    case PROP_ERROR_TITLE:
      g_value_set_string (value, priv->error_title);
      break;
    case PROP_REFRESHING: g_value_set_boolean (value, priv->refreshing); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kb_page_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  KbPage *self = KB_PAGE (object);
  KbPagePrivate *priv = kb_page_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_SYNC: priv->sync = g_value_dup_object (value); break;
    case PROP_SECTION_ID: priv->section = kb_sections_lookup (g_value_get_string (value)); break;
    case PROP_WINDOW_HEIGHT: priv->window_height = g_value_get_int (value); break;
    case PROP_CONTENT: kb_page_set_content (self, g_value_get_object (value)); break;
    case PROP_HEADER: kb_page_set_header (self, g_value_get_object (value)); break;
    case PROP_ERROR_TITLE:
      g_free (priv->error_title);
      priv->error_title = g_value_dup_string (value);
      if (priv->page_error != NULL)
        adw_status_page_set_title (priv->page_error, priv->error_title);
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kb_page_class_init (KbPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = kb_page_constructed;
  object_class->dispose = kb_page_dispose;
  object_class->finalize = kb_page_finalize;
  object_class->get_property = kb_page_get_property;
  object_class->set_property = kb_page_set_property;
  klass->reload = kb_page_real_reload;
  klass->refresh_async = kb_page_real_refresh_async;
  klass->refresh_finish = kb_page_real_refresh_finish;

  properties[PROP_SYNC] =
    g_param_spec_object ("sync", NULL, NULL, KB_TYPE_SYNC,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SECTION_ID] =
    g_param_spec_string ("section-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* The height of the window the page is made for, in pixels, for
   * kb_page_get_screenful(); 0 for a maximized window or none known. */
  properties[PROP_WINDOW_HEIGHT] =
    g_param_spec_int ("window-height", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* The subclass's own widgets, shown when there is data to show. */
  properties[PROP_CONTENT] =
    g_param_spec_object ("content", NULL, NULL, GTK_TYPE_WIDGET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Widgets between the banner and the content that stay whatever the
   * state, e.g. a toolbar that chooses what the content shows. */
  properties[PROP_HEADER] =
    g_param_spec_object ("header", NULL, NULL, GTK_TYPE_WIDGET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The error state's title, e.g. "Cannot Show Invoices". */
  properties[PROP_ERROR_TITLE] =
    g_param_spec_string ("error-title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_REFRESHING] =
    g_param_spec_boolean ("refreshing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/common/kb-page.ui");
  gtk_widget_class_bind_template_child_private (widget_class, KbPage, page_banner);
  gtk_widget_class_bind_template_child_private (widget_class, KbPage, page_banner_label);
  gtk_widget_class_bind_template_child_private (widget_class, KbPage, page_header);
  gtk_widget_class_bind_template_child_private (widget_class, KbPage, page_stack);
  gtk_widget_class_bind_template_child_private (widget_class, KbPage, page_content);
  gtk_widget_class_bind_template_callback_full (widget_class, "on_retry_clicked",
                                                G_CALLBACK (kb_page_reload));

  _kb_page_class_keys_init (klass);

  kb_a11y_init ();
}

static void
kb_page_init (KbPage *self)
{
  KbPagePrivate *priv = kb_page_get_instance_private (self);

  gtk_widget_init_template (GTK_WIDGET (self));
  kb_spinner_spin_while_mapped (GTK_WIDGET (self));
  priv->cancellable = g_cancellable_new ();
}

/**
 * kb_page_class_follow_request:
 * @page_class: a page's class, in its class_init
 * @label_offset: where the instance keeps a #KbRequestLabel
 * @kind: the kind of request the section makes
 *
 * Has every page of the class show, in that label, the session's newest
 * request of @kind and follow it until the operator finishes it, also
 * after a restart (kb_request_label_follow_kind()): a section whose
 * operation has no page of its own reports its last request where the
 * operation is made. Use KB_PAGE_CLASS_FOLLOW_REQUEST().
 */
void
kb_page_class_follow_request (KbPageClass           *page_class,
                              gsize                  label_offset,
                              KbOperatorRequestKind  kind)
{
  GType type = G_TYPE_FROM_CLASS (page_class);
  GArray *followed = g_type_get_qdata (type, followed_requests_quark ());
  FollowedRequest request = { label_offset, kind };

  /* Kept for the life of the class, which is the program's. */
  if (followed == NULL)
    {
      followed = g_array_new (FALSE, FALSE, sizeof (FollowedRequest));
      g_type_set_qdata (type, followed_requests_quark (), followed);
    }
  g_array_append_val (followed, request);
}

KbSync *
kb_page_get_sync (KbPage *self)
{
  KbPagePrivate *priv = kb_page_get_instance_private (self);

  g_return_val_if_fail (KB_IS_PAGE (self), NULL);
  return priv->sync;
}

const KbSection *
kb_page_get_section (KbPage *self)
{
  KbPagePrivate *priv = kb_page_get_instance_private (self);

  g_return_val_if_fail (KB_IS_PAGE (self), NULL);
  return priv->section;
}

GCancellable *
kb_page_get_cancellable (KbPage *self)
{
  KbPagePrivate *priv = kb_page_get_instance_private (self);

  g_return_val_if_fail (KB_IS_PAGE (self), NULL);
  return priv->cancellable;
}

/**
 * kb_page_get_screenful:
 * @row_height: the least height of the page's list rows, in pixels
 *
 * How many rows of a list on the page its window can show, for a first
 * frame to read from the cache and no more: GTK 4.8's list views make and
 * measure a row for every item they are given, shown or not, which is about
 * half a millisecond each before the first frame. A page made for a window
 * of known height (#KbPage:window-height) fills that; otherwise, as a
 * maximized window, the tallest monitor.
 *
 * Returns: the rows that fill the window or the tallest monitor, less the
 *   window's and the page's own header
 */
guint
kb_page_get_screenful (KbPage *self, int row_height)
{
  KbPagePrivate *priv = kb_page_get_instance_private (self);
  GListModel *monitors = gdk_display_get_monitors (gtk_widget_get_display (GTK_WIDGET (self)));
  int tallest = 0;

  g_return_val_if_fail (KB_IS_PAGE (self), 0);
  g_return_val_if_fail (row_height > 0, 0);

  if (priv->window_height > 0)
    return MAX (priv->window_height - SCREENFUL_CHROME_HEIGHT, row_height) / row_height + 1;
  for (guint i = 0; i < g_list_model_get_n_items (monitors); i++)
    {
      g_autoptr(GdkMonitor) monitor = g_list_model_get_item (monitors, i);
      GdkRectangle geometry;

      gdk_monitor_get_geometry (monitor, &geometry);
      tallest = MAX (tallest, geometry.height);
    }
  /* No monitor known yet: as many as a 1440 px one shows. */
  if (tallest == 0)
    tallest = 1440;
  return MAX (tallest - SCREENFUL_CHROME_HEIGHT, row_height) / row_height + 1;
}

/* Whether the page is asking the server for its data right now. */
gboolean
kb_page_get_refreshing (KbPage *self)
{
  KbPagePrivate *priv = kb_page_get_instance_private (self);

  g_return_val_if_fail (KB_IS_PAGE (self), FALSE);
  return priv->refreshing;
}

GtkWidget *
kb_page_get_content (KbPage *self)
{
  KbPagePrivate *priv = kb_page_get_instance_private (self);

  g_return_val_if_fail (KB_IS_PAGE (self), NULL);
  return adw_bin_get_child (priv->page_content);
}

void
kb_page_set_content (KbPage *self, GtkWidget *content)
{
  KbPagePrivate *priv = kb_page_get_instance_private (self);

  g_return_if_fail (KB_IS_PAGE (self));
  g_return_if_fail (content == NULL || GTK_IS_WIDGET (content));

  if (adw_bin_get_child (priv->page_content) == content)
    return;
  adw_bin_set_child (priv->page_content, content);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTENT]);
}

GtkWidget *
kb_page_get_header (KbPage *self)
{
  KbPagePrivate *priv = kb_page_get_instance_private (self);

  g_return_val_if_fail (KB_IS_PAGE (self), NULL);
  return adw_bin_get_child (priv->page_header);
}

void
kb_page_set_header (KbPage *self, GtkWidget *header)
{
  KbPagePrivate *priv = kb_page_get_instance_private (self);

  g_return_if_fail (KB_IS_PAGE (self));
  g_return_if_fail (header == NULL || GTK_IS_WIDGET (header));

  if (adw_bin_get_child (priv->page_header) == header)
    return;
  adw_bin_set_child (priv->page_header, header);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEADER]);
}

/**
 * kb_page_reload:
 *
 * Shows what is cached at once and asks the server for what is new; the
 * page then shows the data, or the banner over it, or the error state.
 * A reload while a refresh runs waits for that refresh's outcome.
 */
void
kb_page_reload (KbPage *self)
{
  g_return_if_fail (KB_IS_PAGE (self));

  if (KB_PAGE_GET_CLASS (self)->reload != NULL)
    KB_PAGE_GET_CLASS (self)->reload (self);
}

/**
 * kb_page_queue_refresh:
 *
 * Says that what the page asks the server for has changed (Payments'
 * period) while a refresh runs: that refresh's outcome answers an old
 * question, so it is not shown and the page refreshes once more instead.
 * Does nothing when no refresh runs.
 */
void
kb_page_queue_refresh (KbPage *self)
{
  KbPagePrivate *priv = kb_page_get_instance_private (self);

  g_return_if_fail (KB_IS_PAGE (self));

  if (priv->refreshing)
    priv->refresh_again = TRUE;
}

/**
 * kb_page_show_cached:
 *
 * Shows what is cached after it changed outside a refresh of the page
 * (another page fetched it, or a change was saved), in place of the
 * spinner or the error state when there is something to show now.
 */
void
kb_page_show_cached (KbPage *self)
{
  KbPagePrivate *priv = kb_page_get_instance_private (self);

  g_return_if_fail (KB_IS_PAGE (self));

  if (KB_PAGE_GET_CLASS (self)->show_cached != NULL && show_cached (self, KB_PAGE_DATA_CACHED))
    gtk_stack_set_visible_child_name (priv->page_stack, "content");
}

/**
 * kb_page_show_target:
 * @target: what to show, in the page's own words (e.g. "delivery")
 *
 * Shows one thing in the page, as the win.show-section action asks when
 * another section points here; a page that has nothing by that name just
 * stays as it is.
 */
void
kb_page_show_target (KbPage *self, const char *target)
{
  g_return_if_fail (KB_IS_PAGE (self));
  g_return_if_fail (target != NULL);

  if (KB_PAGE_GET_CLASS (self)->show_target != NULL)
    KB_PAGE_GET_CLASS (self)->show_target (self, target);
}

/**
 * kb_page_set_refresh:
 * @refresh: (unowned): the source's functions, which must outlive the page
 *   (a static table)
 * @source: (unowned) (nullable): the object they are called on, which must
 *   outlive the page; %NULL for the page's KbSync
 *
 * Says how the page refreshes, for the default refresh_async and
 * refresh_finish, and kb_page_dup_fetched_at().
 */
void
kb_page_set_refresh (KbPage *self, const KbPageRefresh *refresh, gpointer source)
{
  KbPagePrivate *priv = kb_page_get_instance_private (self);

  g_return_if_fail (KB_IS_PAGE (self));
  g_return_if_fail (refresh != NULL);
  g_return_if_fail (refresh->get_fetched_at != NULL || refresh->dup_fetched_at != NULL);

  priv->refresh = refresh;
  priv->refresh_source = source;
}

/**
 * kb_page_dup_fetched_at:
 *
 * Returns: (transfer full) (nullable): when the server last confirmed what
 * is cached for the page, by the KbPageRefresh it handed in; %NULL when it
 * never did, or the page handed in none.
 */
GDateTime *
kb_page_dup_fetched_at (KbPage *self)
{
  KbPagePrivate *priv = kb_page_get_instance_private (self);
  gpointer source;
  GDateTime *when;

  g_return_val_if_fail (KB_IS_PAGE (self), NULL);

  if (priv->refresh == NULL)
    return NULL;
  source = get_refresh_source (self);
  if (priv->refresh->get_fetched_at == NULL)
    return ((DupFetchedAtFunc) priv->refresh->dup_fetched_at) (source, priv->refresh->key);
  when = ((GetFetchedAtFunc) priv->refresh->get_fetched_at) (source);
  return when != NULL ? g_date_time_ref (when) : NULL;
}
