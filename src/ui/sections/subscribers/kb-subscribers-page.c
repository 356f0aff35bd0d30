/* kb-subscribers-page.c — Subscriber Selection (Выбор абонента).
 *
 * All the client's subscribers in a GtkColumnView (kb-subscriber-columns.c)
 * with a search by number in any form people type or by name, and filters
 * by status and tariff. Choosing a row (a click, or Enter) makes that
 * subscriber the current one, which the window's header shows and Rename
 * and Service Actions work with; KbSubscriberDetails beside the list shows
 * its details. In a narrow window an AdwLeaflet shows the list alone and,
 * once a subscriber is chosen, the details alone with a Back button (which
 * Esc and Alt+← press through KbPage). KbSubscriberTicks under the list
 * ticks subscribers for Service Actions.
 *
 * A big client has 100 000 subscribers and the list must filter within a
 * frame per keystroke. KbSubscriberFilterModel keeps the list sorted by the
 * column view's sorter and filtered in plain arrays, so a keystroke only
 * filters; KbSubscriberQuery reads the search and the filters once per change
 * and says whether the change only narrows (GTK_FILTER_CHANGE_MORE_STRICT),
 * so that only the rows still shown are looked at.
 */
#include "config.h"

#include "kb-subscribers-page.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kb-format.h"
#include "kb-slot-list-model.h"
#include "kb-subscriber-columns.h"
#include "kb-subscriber-details.h"
#include "kb-subscriber-filter-model.h"
#include "kb-subscriber-query.h"
#include "kb-store-subscribers.h"
#include "kb-first-frame.h"
#include "kb-stack-view.h"
#include "kb-spinner.h"
#include "kb-tooltip.h"

struct _KbSubscribersPage
{
  KbPage parent_instance;

  GtkSearchEntry *search_entry;
  GtkDropDown *status_dropdown;
  GtkDropDown *tariff_dropdown;
  GtkLabel *count_label;
  AdwLeaflet *leaflet;
  GtkStack *list_stack;
  GtkProgressBar *sync_progress;  /* (nullable): until the spinner is first shown */
  GtkWidget *details_box;
  GtkColumnView *column_view;
  AdwStatusPage *no_results_page; /* (nullable): until first shown */
  KbSubscriberDetails *details;
  KbSubscriberTicks *ticks;

  KbSubscribers *subscribers;
  KbSubscriberFilterModel *filter_model;
  KbSlotListModel *slots;         /* the selection's */
  GtkNoSelection *selection;
  GtkStringList *tariffs;         /* the tariff dropdown's items after "All Tariffs" */
  gboolean updating_tariffs;

  KbSubscriberQuery *query;       /* the search and the filters */
  char *target_id;                /* a subscriber to show once the list has it */
};

G_DEFINE_FINAL_TYPE (KbSubscribersPage, kb_subscribers_page, KB_TYPE_PAGE)

/* In pixels, the least height of a row of the list: a first frame reads as
 * many subscribers as the screen shows of these (kb_page_get_screenful()). */
#define ROW_HEIGHT 36

/* ---- Search and filters ------------------------------------------------ */

/* How much of the list a running refresh has read, while nothing is shown. */
static void
update_sync_progress (KbSubscribersPage *self)
{
  double progress = kb_subscribers_get_progress (self->subscribers);

  if (self->sync_progress == NULL)
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->sync_progress), progress > 0);
  gtk_progress_bar_set_fraction (self->sync_progress, progress);
}

/* The spinner while the list is read, with how much a first sync has read. */
static GtkWidget *
make_loading_view (KbSubscribersPage *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);

  gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), kb_spinner_new (_("Loading")));
  /* A first sync of a large list takes a while: how much is read. */
  self->sync_progress = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_progress_bar_set_show_text (self->sync_progress, TRUE);
  gtk_widget_set_size_request (GTK_WIDGET (self->sync_progress), 240, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->sync_progress), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Subscribers read from the server"), -1);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->sync_progress));
  update_sync_progress (self);
  return box;
}

/* The list's views but the list itself ("loading", "empty", "no-results"):
 * a start shows the list, and they are made when first shown. */
static GtkWidget *
make_list_view (gpointer owner, const char *name)
{
  KbSubscribersPage *self = owner;

  if (g_str_equal (name, "loading"))
    return make_loading_view (self);
  if (g_str_equal (name, "empty"))
    return kb_status_page_new ("kb-subscribers-symbolic", _("No Subscribers"),
                               _("The client’s subscribers will appear here once the list "
                                 "has been received from the server."));
  self->no_results_page = ADW_STATUS_PAGE (kb_status_page_new ("edit-find-symbolic",
                                                               _("No Matching Subscribers"), NULL));
  return GTK_WIDGET (self->no_results_page);
}

/* Shows the list's view @name ("list", "loading", "empty", "no-results"). */
static void
show_list_view (KbSubscribersPage *self, const char *name)
{
  kb_stack_show_view (self->list_stack, name, make_list_view, self);
}

static void
update_list_page (KbSubscribersPage *self)
{
  GListModel *all = kb_subscribers_peek_model (self->subscribers);
  guint total = g_list_model_get_n_items (all);
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  g_autofree char *count = NULL;

  if (total == 0)
    {
      gboolean waiting = !kb_subscribers_get_loaded (self->subscribers) ||
                         (kb_subscribers_get_refreshing (self->subscribers) &&
                          kb_subscribers_get_fetched_at (self->subscribers) == NULL);

      show_list_view (self, waiting ? "loading" : "empty");
      gtk_label_set_text (self->count_label, "");
      return;
    }

  if (!kb_subscribers_get_loaded (self->subscribers))
    count = g_strdup ("");
  else if (shown == total)
    count = g_strdup_printf (ngettext ("%u subscriber", "%u subscribers", total), total);
  else
    /* TRANSLATORS: how many subscribers the search and filters leave, of all */
    count = g_strdup_printf (ngettext ("%u of %u subscriber", "%u of %u subscribers", total), shown, total);
  gtk_label_set_text (self->count_label, count);

  /* Hidden behind "no results", the list keeps its rows for the next
   * search rather than destroying them now and making them again then. */
  if (self->slots != NULL)
    kb_slot_list_model_set_frozen (self->slots, shown == 0);
  if (shown > 0)
    {
      show_list_view (self, "list");
      return;
    }

  /* Say why a number-looking query cannot match: another country, an
   * operator that is not ours, too many digits. */
  show_list_view (self, "no-results");
  {
    const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
    g_autofree char *why = kb_subscriber_query_explain (text);

    adw_status_page_set_description (self->no_results_page, why != NULL ? why
                                     : _("Try another number or name, or other filters."));
  }
}

/* Filters again after the query changed, looking only at the rows it must. */
static void
refilter (KbSubscribersPage *self, KbSubscriberQueryChange change)
{
  GtkFilterChange how = change == KB_SUBSCRIBER_QUERY_NARROWER ? GTK_FILTER_CHANGE_MORE_STRICT
                        : change == KB_SUBSCRIBER_QUERY_WIDER ? GTK_FILTER_CHANGE_LESS_STRICT
                        : GTK_FILTER_CHANGE_DIFFERENT;

  if (change == KB_SUBSCRIBER_QUERY_SAME)
    return;
  kb_subscriber_filter_model_refilter (self->filter_model, how);
  update_list_page (self);
}

/* A search filtered on a worker is shown after its keystroke's handlers. */
static void
on_filter_model_items_changed (KbSubscribersPage *self)
{
  if (self->subscribers != NULL)
    update_list_page (self);
}

static void
on_search_changed (KbSubscribersPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  refilter (self, kb_subscriber_query_set_text (self->query, text));
}

static void
on_filters_changed (KbSubscribersPage *self)
{
  guint status = gtk_drop_down_get_selected (self->status_dropdown);
  guint tariff = gtk_drop_down_get_selected (self->tariff_dropdown);
  KbSubscriberStatus new_status = status == 1 ? KB_SUBSCRIBER_STATUS_ACTIVE
                                  : status == 2 ? KB_SUBSCRIBER_STATUS_BLOCKED
                                  : KB_SUBSCRIBER_STATUS_UNKNOWN;
  const char *new_tariff = NULL;

  if (self->updating_tariffs)
    return;
  if (tariff != GTK_INVALID_LIST_POSITION && tariff > 0)
    new_tariff = gtk_string_list_get_string (self->tariffs, tariff - 1);
  refilter (self, kb_subscriber_query_set_filters (self->query, new_status, new_tariff));
}

/* Whether the tariff filter offers @names already. */
static gboolean
tariffs_equal (KbSubscribersPage *self, const char * const *names)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->tariffs));

  if (n != g_strv_length ((char **) names))
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (!g_str_equal (gtk_string_list_get_string (self->tariffs, i), names[i]))
      return FALSE;
  return TRUE;
}

/* The tariff filter offers the tariffs the client's subscribers have (the
 * list reads them as it reads the rows), and is left alone when those are
 * the ones it offers. */
static void
update_tariffs (KbSubscribersPage *self)
{
  const char * const *names = kb_subscribers_get_tariffs (self->subscribers);
  const char *chosen = kb_subscriber_query_get_tariff (self->query);
  guint selected = 0;

  if (tariffs_equal (self, names))
    return;
  self->updating_tariffs = TRUE;
  gtk_string_list_splice (self->tariffs, 0, g_list_model_get_n_items (G_LIST_MODEL (self->tariffs)),
                          names);
  for (guint i = 0; chosen != NULL && names[i] != NULL; i++)
    if (names[i] == chosen)
      selected = i + 1;
  gtk_drop_down_set_selected (self->tariff_dropdown, selected);
  self->updating_tariffs = FALSE;
  on_filters_changed (self);
}

static void
show_details (KbSubscribersPage *self, KbSubscriber *subscriber)
{
  kb_subscriber_details_choose (self->details, subscriber);
  adw_leaflet_set_visible_child (self->leaflet, self->details_box);
}

static void
on_row_activated (KbSubscribersPage *self, guint position)
{
  g_autoptr(KbSubscriber) subscriber = g_list_model_get_item (G_LIST_MODEL (self->filter_model), position);

  if (subscriber == NULL)
    return;
  if (kb_subscriber_ticks_claim_click (self->ticks, subscriber))
    return;
  show_details (self, subscriber);
}

/* Shows the subscriber @target_id asked for, as soon as the list has it. */
static void
show_target_subscriber (KbSubscribersPage *self)
{
  KbSubscriber *subscriber;

  if (self->target_id == NULL || self->subscribers == NULL)
    return;
  subscriber = kb_subscribers_lookup (self->subscribers, self->target_id);
  if (subscriber == NULL)
    return;
  g_clear_pointer (&self->target_id, g_free);
  show_details (self, subscriber);
}

/* "subscriber/ID": that subscriber's details, as if chosen in the list
 * (GNOME Shell's search and the operator's requests open them). The row
 * comes from the cache, which has it even while the whole list is still
 * being read; one the cache does not have yet is shown when the list
 * brings it. */
static void
kb_subscribers_page_show_target (KbPage *page, const char *target)
{
  KbSubscribersPage *self = KB_SUBSCRIBERS_PAGE (page);
  KbSync *sync = kb_page_get_sync (page);
  g_autoptr(KbSubscriber) subscriber = NULL;
  g_autoptr(GError) error = NULL;
  const char *id;

  if (!g_str_has_prefix (target, "subscriber/"))
    return;
  id = target + strlen ("subscriber/");
  if (sync != NULL)
    subscriber = kb_store_load_subscriber (kb_sync_get_store (sync), id, &error);
  if (error != NULL)
    g_warning ("Could not read the subscriber: %s", error->message);
  if (subscriber != NULL)
    {
      g_clear_pointer (&self->target_id, g_free);
      show_details (self, subscriber);
      return;
    }
  g_free (self->target_id);
  self->target_id = g_strdup (id);
  show_target_subscriber (self);
}

static void
on_back_clicked (KbSubscribersPage *self)
{
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->list_stack));
}

/* ---- Refresh ----------------------------------------------------------- */

static const KbPageRefresh refresh = {
  .refresh_async = G_CALLBACK (kb_subscribers_refresh_async),
  .refresh_finish = G_CALLBACK (kb_subscribers_refresh_finish),
  .get_fetched_at = G_CALLBACK (kb_subscribers_get_fetched_at),
};

/* The list shows its own spinner while the cache is read; once it is, a
 * list the server never sent is nothing to show. */
static gboolean
kb_subscribers_page_show_cached (KbPage *page, KbPageData data)
{
  KbSubscribersPage *self = KB_SUBSCRIBERS_PAGE (page);

  update_list_page (self);
  return !kb_subscribers_get_loaded (self->subscribers) ||
         g_list_model_get_n_items (kb_subscribers_peek_model (self->subscribers)) > 0 ||
         kb_subscribers_get_fetched_at (self->subscribers) != NULL;
}

static void
on_model_changed (KbSubscribersPage *self)
{
  update_tariffs (self);
  update_list_page (self);
  show_target_subscriber (self);
}

/* ---- Object ------------------------------------------------------------ */

GListModel *
kb_subscribers_page_get_shown (KbSubscribersPage *self)
{
  g_return_val_if_fail (KB_IS_SUBSCRIBERS_PAGE (self), NULL);
  return G_LIST_MODEL (self->filter_model);
}

static gboolean
load_whole_list (gpointer subscribers)
{
  kb_subscribers_load (subscribers);
  return G_SOURCE_REMOVE;
}

/* The first frame shows the cache's first rows; the other 99 900 are read
 * once it is painted, so that neither the reading nor their memory stands
 * in its way. That is the page's own first frame, not only the window's:
 * the rows kb_subscribers_load() adds while the worker reads go into the
 * frame after it when the section is chosen later, too. */
static void
on_first_paint (KbSubscribersPage *self, GdkFrameClock *clock)
{
  g_signal_handlers_disconnect_by_func (clock, on_first_paint, self);
  kb_first_frame_then (GTK_WIDGET (self), load_whole_list, g_object_ref (self->subscribers), g_object_unref);
}

static void
on_first_map (KbSubscribersPage *self)
{
  g_signal_handlers_disconnect_by_func (self, on_first_map, NULL);
  g_signal_connect_object (gtk_widget_get_frame_clock (GTK_WIDGET (self)), "after-paint",
                           G_CALLBACK (on_first_paint), self, G_CONNECT_SWAPPED);
}

static void
kb_subscribers_page_constructed (GObject *object)
{
  KbSubscribersPage *self = KB_SUBSCRIBERS_PAGE (object);
  KbSync *sync = kb_page_get_sync (KB_PAGE (self));
  GListModel *model;
  guint screenful;

  G_OBJECT_CLASS (kb_subscribers_page_parent_class)->constructed (object);
  if (sync == NULL)
    return;

  self->subscribers = g_object_ref (kb_sync_get_subscribers (sync));
  kb_page_set_refresh (KB_PAGE (self), &refresh, self->subscribers);
  screenful = kb_page_get_screenful (KB_PAGE (self), ROW_HEIGHT);
  kb_subscribers_set_head_rows (self->subscribers, screenful);
  kb_slot_list_model_set_screenful (self->slots, screenful);
  model = kb_subscribers_peek_model (self->subscribers);
  kb_subscriber_filter_model_set_source (self->filter_model, model);
  g_signal_connect_object (model, "items-changed", G_CALLBACK (on_model_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->subscribers, "notify::loaded", G_CALLBACK (update_list_page), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->subscribers, "notify::progress", G_CALLBACK (update_sync_progress), self,
                           G_CONNECT_SWAPPED);
  kb_subscriber_ticks_set_subscribers (self->ticks, self->subscribers,
                                       G_LIST_MODEL (self->filter_model));
  on_model_changed (self);

  kb_subscriber_details_set_subscribers (self->details, self->subscribers);
  g_signal_connect (self, "map", G_CALLBACK (on_first_map), NULL);
}

static void
kb_subscribers_page_dispose (GObject *object)
{
  KbSubscribersPage *self = KB_SUBSCRIBERS_PAGE (object);

  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  self->slots = NULL;
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), KB_TYPE_SUBSCRIBERS_PAGE);
  g_clear_object (&self->selection);
  g_clear_object (&self->tariffs);
  g_clear_object (&self->subscribers);

  G_OBJECT_CLASS (kb_subscribers_page_parent_class)->dispose (object);
}

/* The query outlives the dispose: the filter model, which asks it, may too. */
static void
kb_subscribers_page_finalize (GObject *object)
{
  KbSubscribersPage *self = KB_SUBSCRIBERS_PAGE (object);

  g_clear_pointer (&self->query, kb_subscriber_query_free);
  g_free (self->target_id);

  G_OBJECT_CLASS (kb_subscribers_page_parent_class)->finalize (object);
}

static void
kb_subscribers_page_class_init (KbSubscribersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KbPageClass *page_class = KB_PAGE_CLASS (klass);

  object_class->constructed = kb_subscribers_page_constructed;
  object_class->dispose = kb_subscribers_page_dispose;
  object_class->finalize = kb_subscribers_page_finalize;
  page_class->show_cached = kb_subscribers_page_show_cached;
  page_class->show_target = kb_subscribers_page_show_target;

  g_type_ensure (KB_TYPE_SUBSCRIBER_DETAILS);
  g_type_ensure (KB_TYPE_SUBSCRIBER_TICKS);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/sections/subscribers/kb-subscribers-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KbSubscribersPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KbSubscribersPage, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KbSubscribersPage, tariff_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KbSubscribersPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, KbSubscribersPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, KbSubscribersPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, KbSubscribersPage, details_box);
  gtk_widget_class_bind_template_child (widget_class, KbSubscribersPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, KbSubscribersPage, details);
  gtk_widget_class_bind_template_child (widget_class, KbSubscribersPage, ticks);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_filters_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked);
}

static void
kb_subscribers_page_init (KbSubscribersPage *self)
{
  g_autoptr(GtkStringList) tariff_items = gtk_string_list_new (NULL);
  g_autoptr(GtkFlattenListModel) tariff_model = NULL;
  GListStore *parts = g_list_store_new (G_TYPE_LIST_MODEL);

  gtk_widget_init_template (GTK_WIDGET (self));
  /* Not in the template: see kb_tooltip_set(). */
  kb_tooltip_set (GTK_WIDGET (self->status_dropdown), _("Status"));
  kb_tooltip_set (GTK_WIDGET (self->tariff_dropdown), _("Tariff"));
  kb_spinner_spin_while_mapped (GTK_WIDGET (self));

  kb_subscriber_columns_add (self->column_view, self->ticks);

  self->query = kb_subscriber_query_new ();
  self->filter_model = kb_subscriber_filter_model_new (NULL, gtk_column_view_get_sorter (self->column_view),
                                                       kb_subscriber_query_match, self->query);
  /* 100 000 rows are filtered on a worker, with a copy of the query as it
   * was typed; the list, the count and the no-results page follow when the
   * result is shown. */
  kb_subscriber_filter_model_set_query_copy (self->filter_model, kb_subscriber_query_match,
                                             kb_subscriber_query_search, self->query,
                                             (GBoxedCopyFunc) kb_subscriber_query_copy,
                                             (GDestroyNotify) kb_subscriber_query_free);
  g_signal_connect_object (self->filter_model, "items-changed", G_CALLBACK (on_filter_model_items_changed),
                           self, G_CONNECT_SWAPPED);
  /* The selection owns the slots, which own the filter model. The slots on
   * screen show a search's result in its first frame; the other rows GTK
   * keeps follow after it. */
  self->slots = kb_slot_list_model_new (G_LIST_MODEL (self->filter_model));
  self->selection = kb_slot_list_model_show_in (self->slots, self->column_view);

  /* "All Tariffs", then the client's tariffs. */
  gtk_string_list_append (tariff_items, C_("subscribers", "All Tariffs"));
  self->tariffs = gtk_string_list_new (NULL);
  g_list_store_append (parts, tariff_items);
  g_list_store_append (parts, self->tariffs);
  tariff_model = gtk_flatten_list_model_new (G_LIST_MODEL (parts));
  gtk_drop_down_set_model (self->tariff_dropdown, G_LIST_MODEL (tariff_model));
  gtk_drop_down_set_expression (self->tariff_dropdown,
                                gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string"));

  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
}
