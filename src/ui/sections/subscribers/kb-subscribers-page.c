/* kb-subscribers-page.c — Subscriber Selection (Выбор абонента).
 *
 * All the client's subscribers in a GtkColumnView — Number, Name, Tariff,
 * Status — with a search by number in any form people type or by name,
 * and filters by status and tariff. Choosing a row (a click, or Enter)
 * makes that subscriber the current one, which the window's header shows
 * and Rename and Service Actions work with, and shows its details: tariff,
 * status, services and installments from the server.
 *
 * A big client has 100 000 subscribers and the list must filter within a
 * frame per keystroke. KbSubscriberFilterModel keeps the list sorted by the
 * column view's sorter and filtered in plain arrays, so a keystroke only
 * filters; the query is classified once per keystroke (a number prefix in
 * the contract's form, digits anywhere in the number, or a folded name) and
 * each row is then a strncmp or a strstr over strings KbSubscriber prepared
 * when it was made; a query that grows is GTK_FILTER_CHANGE_MORE_STRICT, so
 * only the rows still shown are looked at. Cells get plain label text, no tooltips (GTK 4.8
 * asks X where the pointer is for each, see kb-question-history.c).
 */
#include "config.h"

#include "kb-subscribers-page.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kb-api-subscribers.h"
#include "kb-format.h"
#include "kb-money.h"
#include "kb-phone-number.h"
#include "kb-slot-list-model.h"
#include "kb-subscriber-filter-model.h"

typedef enum {
  MATCH_ALL,
  MATCH_NUMBER_PREFIX,    /* key: the start of the canonical number */
  MATCH_DIGITS,           /* key: digits anywhere in the number */
  MATCH_NAME,             /* key: part of the folded name */
} MatchKind;

struct _KbSubscribersPage
{
  KbPage parent_instance;

  GtkSearchEntry *search_entry;
  GtkDropDown *status_dropdown;
  GtkDropDown *tariff_dropdown;
  GtkLabel *count_label;
  GtkStack *list_stack;
  GtkColumnView *column_view;
  AdwStatusPage *no_results_page;
  GtkStack *details_stack;
  GtkBox *details_box;
  GtkLabel *ticked_label;
  GtkButton *tick_all_button;
  GtkButton *clear_ticks_button;
  GtkButton *service_actions_button;

  KbSubscribers *subscribers;
  KbSubscriberFilterModel *filter_model;
  GtkNoSelection *selection;
  GtkStringList *tariffs;         /* the tariff dropdown's items after "All Tariffs" */
  gboolean updating_tariffs;

  MatchKind kind;
  char *key;
  gsize key_length;
  KbSubscriberStatus status;      /* UNKNOWN: all */
  const char *tariff;             /* interned; NULL: all */

  GHashTable *ticked;             /* numbers of KbSubscribers' "selection" */
  GHashTable *check_cells;        /* the bound tick boxes */
  const char *tick_pressed_number; /* whose box was last pressed, and when */
  gint64 tick_pressed_at;

  GCancellable *details_cancellable;
  AdwPreferencesGroup *services_group;
  AdwPreferencesGroup *installments_group;
};

G_DEFINE_FINAL_TYPE (KbSubscribersPage, kb_subscribers_page, KB_TYPE_PAGE)

static void show_details (KbSubscribersPage *self, KbSubscriber *subscriber);

/* ---- Strings ----------------------------------------------------------- */

static const char *
status_display (KbSubscriberStatus status)
{
  switch (status)
    {
    case KB_SUBSCRIBER_STATUS_ACTIVE: return C_("subscriber status", "Active");
    case KB_SUBSCRIBER_STATUS_BLOCKED: return C_("subscriber status", "Blocked");
    case KB_SUBSCRIBER_STATUS_UNKNOWN:
    default: return C_("subscriber status", "Unknown");
    }
}

/* ---- Search and filters ------------------------------------------------ */

static gboolean
filter_func (KbSubscriber *subscriber, gpointer user_data)
{
  KbSubscribersPage *self = user_data;

  if (self->status != KB_SUBSCRIBER_STATUS_UNKNOWN && kb_subscriber_get_status (subscriber) != self->status)
    return FALSE;
  if (self->tariff != NULL && kb_subscriber_get_tariff (subscriber) != self->tariff)
    return FALSE;

  switch (self->kind)
    {
    case MATCH_NUMBER_PREFIX:
      return strncmp (kb_subscriber_get_number (subscriber), self->key, self->key_length) == 0;
    case MATCH_DIGITS:
      return strstr (kb_subscriber_get_number (subscriber), self->key) != NULL;
    case MATCH_NAME:
      return strstr (kb_subscriber_get_folded_name (subscriber), self->key) != NULL;
    case MATCH_ALL:
    default:
      return TRUE;
    }
}

static gboolean
is_number_text (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && strchr ("+-() .", *p) == NULL)
      return FALSE;
  return TRUE;
}

static char *
digits_of (const char *text)
{
  GString *digits = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);
  return g_string_free (digits, FALSE);
}

/* Sorts a query into how rows are matched: "+375 29 12", "8029", "2912"
 * are the start of a number (in the contract's form); other digits, such as
 * the last four, are found anywhere in the number; anything with letters is
 * part of a name. */
static void
classify (const char *text, MatchKind *kind, char **key)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  g_autofree char *prefix = NULL;

  *key = NULL;
  *kind = MATCH_ALL;
  if (*stripped == '\0')
    return;
  if (is_number_text (stripped))
    {
      g_autofree char *digits = digits_of (stripped);

      if (kb_phone_number_looks_like_prefix (stripped, &prefix))
        {
          *kind = MATCH_NUMBER_PREFIX;
          *key = g_steal_pointer (&prefix);
          return;
        }
      if (*digits != '\0')
        {
          *kind = MATCH_DIGITS;
          *key = g_steal_pointer (&digits);
          return;
        }
    }
  *kind = MATCH_NAME;
  *key = kb_subscriber_fold (stripped);
}

/* How a new query relates to the old one, so that GTK filters only what it must. */
static GtkFilterChange
compare_queries (MatchKind old_kind, const char *old_key, MatchKind kind, const char *key)
{
  if (old_kind == MATCH_ALL)
    return GTK_FILTER_CHANGE_MORE_STRICT;
  if (kind == MATCH_ALL)
    return GTK_FILTER_CHANGE_LESS_STRICT;
  if (old_kind != kind)
    return GTK_FILTER_CHANGE_DIFFERENT;
  if (kind == MATCH_NUMBER_PREFIX)
    {
      if (g_str_has_prefix (key, old_key))
        return GTK_FILTER_CHANGE_MORE_STRICT;
      if (g_str_has_prefix (old_key, key))
        return GTK_FILTER_CHANGE_LESS_STRICT;
      return GTK_FILTER_CHANGE_DIFFERENT;
    }
  if (strstr (key, old_key) != NULL)
    return GTK_FILTER_CHANGE_MORE_STRICT;
  if (strstr (old_key, key) != NULL)
    return GTK_FILTER_CHANGE_LESS_STRICT;
  return GTK_FILTER_CHANGE_DIFFERENT;
}

static void
update_list_page (KbSubscribersPage *self)
{
  GListModel *all = kb_subscribers_get_model (self->subscribers);
  guint total = g_list_model_get_n_items (all);
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  g_autofree char *count = NULL;

  /* Until the whole list is read, the first rows stand in for it. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->tick_all_button),
                            shown > 0 && kb_subscribers_get_loaded (self->subscribers));
  if (total == 0)
    {
      gboolean waiting = !kb_subscribers_get_loaded (self->subscribers) ||
                         (kb_subscribers_get_refreshing (self->subscribers) &&
                          kb_subscribers_get_fetched_at (self->subscribers) == NULL);

      gtk_stack_set_visible_child_name (self->list_stack, waiting ? "loading" : "empty");
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

  if (shown > 0)
    {
      gtk_stack_set_visible_child_name (self->list_stack, "list");
      return;
    }

  /* Say why a number-looking query cannot match: another country, an
   * operator that is not ours, too many digits. */
  {
    const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
    g_autoptr(GError) error = NULL;
    g_autofree char *normalized = NULL;
    g_autofree char *digits = digits_of (text);
    const char *description = _("Try another number or name, or other filters.");

    if (is_number_text (text) && strlen (digits) >= 9)
      {
        normalized = kb_phone_number_normalize (text, &error);
        if (normalized == NULL && error != NULL)
          description = error->message;
      }
    adw_status_page_set_description (self->no_results_page, description);
  }
  gtk_stack_set_visible_child_name (self->list_stack, "no-results");
}

static void
on_search_changed (KbSubscribersPage *self)
{
  MatchKind kind;
  g_autofree char *key = NULL;
  GtkFilterChange change;

  classify (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), &kind, &key);
  if (kind == self->kind && g_strcmp0 (key, self->key) == 0)
    return;
  change = compare_queries (self->kind, self->key, kind, key);
  g_free (self->key);
  self->key = g_steal_pointer (&key);
  self->key_length = self->key != NULL ? strlen (self->key) : 0;
  self->kind = kind;
  kb_subscriber_filter_model_refilter (self->filter_model, change);
  update_list_page (self);
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
  gboolean stricter, looser;

  if (self->updating_tariffs)
    return;
  if (tariff != GTK_INVALID_LIST_POSITION && tariff > 0)
    new_tariff = g_intern_string (gtk_string_list_get_string (self->tariffs, tariff - 1));
  if (new_status == self->status && new_tariff == self->tariff)
    return;

  /* From "all" to one value only narrows; back to "all" only widens. */
  stricter = (new_status == self->status || self->status == KB_SUBSCRIBER_STATUS_UNKNOWN) &&
             (new_tariff == self->tariff || self->tariff == NULL);
  looser = (new_status == self->status || new_status == KB_SUBSCRIBER_STATUS_UNKNOWN) &&
           (new_tariff == self->tariff || new_tariff == NULL);
  self->status = new_status;
  self->tariff = new_tariff;
  kb_subscriber_filter_model_refilter (self->filter_model,
                      stricter ? GTK_FILTER_CHANGE_MORE_STRICT
                      : looser ? GTK_FILTER_CHANGE_LESS_STRICT : GTK_FILTER_CHANGE_DIFFERENT);
  update_list_page (self);
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The tariff filter offers the tariffs the client's subscribers have. */
static void
update_tariffs (KbSubscribersPage *self)
{
  GListModel *all = kb_subscribers_get_model (self->subscribers);
  guint n = g_list_model_get_n_items (all);
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  guint selected = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KbSubscriber) subscriber = g_list_model_get_item (all, i);
      const char *tariff = kb_subscriber_get_tariff (subscriber);

      if (g_hash_table_add (seen, (gpointer) tariff))
        g_ptr_array_add (names, (gpointer) tariff);
    }
  g_ptr_array_sort (names, compare_strings);
  g_ptr_array_add (names, NULL);

  self->updating_tariffs = TRUE;
  gtk_string_list_splice (self->tariffs, 0, g_list_model_get_n_items (G_LIST_MODEL (self->tariffs)),
                          (const char * const *) names->pdata);
  for (guint i = 0; self->tariff != NULL && i + 1 < names->len; i++)
    if (g_intern_string (names->pdata[i]) == self->tariff)
      selected = i + 1;
  gtk_drop_down_set_selected (self->tariff_dropdown, selected);
  self->updating_tariffs = FALSE;
  on_filters_changed (self);
}

/* ---- Cells ------------------------------------------------------------- */

typedef void (*CellUpdate) (GtkWidget *cell, KbSubscriber *subscriber);

static void
update_number_cell (GtkWidget *cell, KbSubscriber *subscriber)
{
  g_autofree char *number = kb_phone_number_format (kb_subscriber_get_number (subscriber));

  gtk_label_set_text (GTK_LABEL (cell), number);
}

static void
update_name_cell (GtkWidget *cell, KbSubscriber *subscriber)
{
  gtk_label_set_text (GTK_LABEL (cell), kb_subscriber_get_name (subscriber));
}

static void
update_tariff_cell (GtkWidget *cell, KbSubscriber *subscriber)
{
  gtk_label_set_text (GTK_LABEL (cell), kb_subscriber_get_tariff (subscriber));
}

static void
update_status_cell (GtkWidget *cell, KbSubscriber *subscriber)
{
  gboolean blocked = kb_subscriber_get_status (subscriber) == KB_SUBSCRIBER_STATUS_BLOCKED;

  gtk_label_set_text (GTK_LABEL (cell), status_display (kb_subscriber_get_status (subscriber)));
  /* Blocked numbers stand out; active is the normal case. */
  if (blocked)
    gtk_widget_add_css_class (cell, "error");
  else
    gtk_widget_remove_css_class (cell, "error");
}

/* ---- Ticks, for Service Actions ------------------------------------------ */

static void
update_check_cell (GtkWidget *cell, KbSubscriber *subscriber)
{
  KbSubscribersPage *self = g_object_get_data (G_OBJECT (cell), "kb-page");
  g_autofree char *number = kb_phone_number_format (kb_subscriber_get_number (subscriber));
  /* TRANSLATORS: the accessible name of a row's tick box; %s is a phone number */
  g_autofree char *label = g_strdup_printf (_("Tick %s"), number);

  g_object_set_data (G_OBJECT (cell), "kb-number", (gpointer) kb_subscriber_get_number (subscriber));
  g_signal_handlers_block_matched (cell, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (cell),
                               g_hash_table_contains (self->ticked, kb_subscriber_get_number (subscriber)));
  g_signal_handlers_unblock_matched (cell, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static int
compare_numbers_text (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The ticks live in KbSubscribers, where Service Actions reads them; this
 * hands it the new set, sorted, and its notify updates the page. */
static void
set_ticked (KbSubscribersPage *self, GHashTable *numbers)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_sized_new (g_hash_table_size (numbers) + 1);
  GHashTableIter iter;
  gpointer number;

  g_hash_table_iter_init (&iter, numbers);
  while (g_hash_table_iter_next (&iter, &number, NULL))
    g_ptr_array_add (sorted, number);
  g_ptr_array_sort (sorted, compare_numbers_text);
  g_ptr_array_add (sorted, NULL);
  kb_subscribers_set_selection (self->subscribers, (const char * const *) sorted->pdata);
}

static GHashTable *
copy_ticked (KbSubscribersPage *self)
{
  GHashTable *copy = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer number;

  g_hash_table_iter_init (&iter, self->ticked);
  while (g_hash_table_iter_next (&iter, &number, NULL))
    g_hash_table_add (copy, number);
  return copy;
}

static void
on_check_toggled (GtkCheckButton *cell, KbSubscribersPage *self)
{
  const char *number = g_object_get_data (G_OBJECT (cell), "kb-number");
  g_autoptr(GHashTable) numbers = NULL;

  if (number == NULL)
    return;
  numbers = copy_ticked (self);
  if (gtk_check_button_get_active (cell))
    g_hash_table_add (numbers, (gpointer) number);
  else
    g_hash_table_remove (numbers, number);
  set_ticked (self, numbers);
}

static void
on_tick_all_clicked (KbSubscribersPage *self)
{
  g_autoptr(GHashTable) numbers = copy_ticked (self);
  GListModel *shown = G_LIST_MODEL (self->filter_model);
  guint n = g_list_model_get_n_items (shown);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KbSubscriber) subscriber = g_list_model_get_item (shown, i);

      /* The subscriber lives in KbSubscribers' model as long as the page does. */
      g_hash_table_add (numbers, (gpointer) kb_subscriber_get_number (subscriber));
    }
  set_ticked (self, numbers);
}

static void
on_clear_ticks_clicked (KbSubscribersPage *self)
{
  kb_subscribers_set_selection (self->subscribers, NULL);
}

static void
on_service_actions_clicked (KbSubscribersPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-section", "s", "service-actions");
}

static void
on_selection_changed (KbSubscribersPage *self)
{
  const char * const *numbers = kb_subscribers_get_selection (self->subscribers);
  guint n = g_strv_length ((char **) numbers);
  g_autofree char *text = NULL;
  GHashTableIter iter;
  gpointer cell;

  g_hash_table_remove_all (self->ticked);
  for (guint i = 0; i < n; i++)
    g_hash_table_add (self->ticked, g_strdup (numbers[i]));

  g_hash_table_iter_init (&iter, self->check_cells);
  while (g_hash_table_iter_next (&iter, &cell, NULL))
    {
      const char *number = g_object_get_data (cell, "kb-number");

      g_signal_handlers_block_by_func (cell, on_check_toggled, self);
      gtk_check_button_set_active (cell, number != NULL && g_hash_table_contains (self->ticked, number));
      g_signal_handlers_unblock_by_func (cell, on_check_toggled, self);
    }

  /* TRANSLATORS: how many subscribers are ticked for Service Actions */
  text = g_strdup_printf (ngettext ("%u ticked", "%u ticked", n), n);
  gtk_label_set_text (self->ticked_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->ticked_label), n > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->clear_ticks_button), n > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->service_actions_button), n > 0);
}

/* A click on a tick box ticks; it does not also choose the row, whose
 * single-click activation sees the same click after the box (see
 * on_row_activated()). */
static void
on_check_pressed (GtkGestureClick *gesture, int n_press, double x, double y, KbSubscribersPage *self)
{
  GtkWidget *check = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));

  self->tick_pressed_number = g_object_get_data (G_OBJECT (check), "kb-number");
  self->tick_pressed_at = g_get_monotonic_time ();
}

static void
setup_check (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  KbSubscribersPage *self = user_data;
  GtkWidget *check = gtk_check_button_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  g_signal_connect (click, "pressed", G_CALLBACK (on_check_pressed), self);
  gtk_widget_add_controller (check, GTK_EVENT_CONTROLLER (click));

  gtk_widget_set_halign (check, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (check), "kb-update", update_check_cell);
  g_object_set_data (G_OBJECT (check), "kb-page", self);
  g_signal_connect (check, "toggled", G_CALLBACK (on_check_toggled), self);
  gtk_list_item_set_child (item, check);
}

static GtkWidget *
label_cell (CellUpdate update)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  g_object_set_data (G_OBJECT (label), "kb-update", update);
  return label;
}

static void
setup_number (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *label = label_cell (update_number_cell);

  gtk_widget_add_css_class (label, "numeric");
  gtk_label_set_width_chars (GTK_LABEL (label), 17);
  gtk_list_item_set_child (item, label);
}

static void
setup_name (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *label = label_cell (update_name_cell);

  gtk_label_set_width_chars (GTK_LABEL (label), 8);
  gtk_list_item_set_child (item, label);
}

static void
setup_tariff (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *label = label_cell (update_tariff_cell);

  gtk_label_set_width_chars (GTK_LABEL (label), 6);
  gtk_list_item_set_child (item, label);
}

static void
setup_status (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_add_css_class (label, "status-pill");
  gtk_widget_set_halign (label, GTK_ALIGN_START);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_end (label, 6);
  g_object_set_data (G_OBJECT (label), "kb-update", update_status_cell);
  gtk_list_item_set_child (item, label);
}

/* A cell shows the subscriber its row's slot holds, and follows it when a
 * search moves another subscriber into that row. */
static void
update_cell (GtkWidget *cell, GParamSpec *pspec, KbListSlot *slot)
{
  CellUpdate update = g_object_get_data (G_OBJECT (cell), "kb-update");

  update (cell, kb_list_slot_get_item (slot));
}

static void
bind_cell (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *cell = gtk_list_item_get_child (item);
  KbListSlot *slot = gtk_list_item_get_item (item);

  KbSubscribersPage *self = user_data;

  g_signal_connect_object (slot, "notify::item", G_CALLBACK (update_cell), cell, G_CONNECT_SWAPPED);
  update_cell (cell, NULL, slot);
  if (GTK_IS_CHECK_BUTTON (cell))
    g_hash_table_add (self->check_cells, cell);
}

static void
unbind_cell (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  KbSubscribersPage *self = user_data;

  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (item), update_cell,
                                       gtk_list_item_get_child (item));
  if (self->check_cells != NULL)
    g_hash_table_remove (self->check_cells, gtk_list_item_get_child (item));
}

static int
compare_names (gconstpointer a, gconstpointer b, gpointer user_data)
{
  int order = strcmp (kb_subscriber_get_folded_name ((KbSubscriber *) a),
                      kb_subscriber_get_folded_name ((KbSubscriber *) b));

  return order < 0 ? GTK_ORDERING_SMALLER : order > 0 ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

static int
compare_numbers (gconstpointer a, gconstpointer b, gpointer user_data)
{
  int order = strcmp (kb_subscriber_get_number ((KbSubscriber *) a), kb_subscriber_get_number ((KbSubscriber *) b));

  return order < 0 ? GTK_ORDERING_SMALLER : order > 0 ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

static int
compare_tariffs (gconstpointer a, gconstpointer b, gpointer user_data)
{
  int order = strcmp (kb_subscriber_get_tariff ((KbSubscriber *) a), kb_subscriber_get_tariff ((KbSubscriber *) b));

  if (order == 0)
    return compare_numbers (a, b, user_data);
  return order < 0 ? GTK_ORDERING_SMALLER : GTK_ORDERING_LARGER;
}

static int
compare_statuses (gconstpointer a, gconstpointer b, gpointer user_data)
{
  KbSubscriberStatus sa = kb_subscriber_get_status ((KbSubscriber *) a);
  KbSubscriberStatus sb = kb_subscriber_get_status ((KbSubscriber *) b);

  if (sa == sb)
    return compare_numbers (a, b, user_data);
  return sa < sb ? GTK_ORDERING_SMALLER : GTK_ORDERING_LARGER;
}

static GtkColumnViewColumn *
add_column (KbSubscribersPage *self, const char *title, GCallback setup, GtkCustomSorter *sorter)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;

  g_signal_connect (factory, "setup", setup, self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell), self);
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (column, sorter != NULL);
  if (sorter != NULL)
    {
      gtk_column_view_column_set_sorter (column, GTK_SORTER (sorter));
      g_object_unref (sorter);
    }
  gtk_column_view_append_column (self->column_view, column);
  g_object_unref (column);  /* the column view keeps it */
  return column;
}

/* ---- Details ----------------------------------------------------------- */

static GtkWidget *
value_row (const char *title, const char *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value != NULL && *value != '\0' ? value : "—");
  gtk_widget_add_css_class (row, "property");
  return row;
}

static void
clear_details (KbSubscribersPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->details_box))) != NULL)
    gtk_box_remove (self->details_box, child);
  self->services_group = NULL;
  self->installments_group = NULL;
}

static GtkWidget *
note_row (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "dim-label");
  return label;
}

static void
fill_services (KbSubscribersPage *self, KbSubscriber *subscriber)
{
  const char * const *services = kb_subscriber_get_services (subscriber);
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Additional Services"));
  if (services == NULL)
    {
      GtkWidget *spinner = gtk_spinner_new ();

      gtk_spinner_start (GTK_SPINNER (spinner));
      gtk_widget_set_halign (spinner, GTK_ALIGN_START);
      gtk_accessible_update_property (GTK_ACCESSIBLE (spinner), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Loading"), -1);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), spinner);
    }
  else if (services[0] == NULL)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), note_row (_("No additional services are on.")));
  else
    for (guint i = 0; services[i] != NULL; i++)
      {
        GtkWidget *row = adw_action_row_new ();

        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), services[i]);
        adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
      }
  if (self->services_group != NULL)
    gtk_box_remove (self->details_box, GTK_WIDGET (self->services_group));
  if (self->installments_group != NULL)
    gtk_box_insert_child_after (self->details_box, group,
                                gtk_widget_get_prev_sibling (GTK_WIDGET (self->installments_group)));
  else
    gtk_box_append (self->details_box, group);
  self->services_group = ADW_PREFERENCES_GROUP (group);
}

static void
fill_installments (KbSubscribersPage *self, GPtrArray *installments, const GError *error)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Installments"));
  if (error != NULL)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), note_row (error->message));
  else if (installments == NULL)
    {
      GtkWidget *spinner = gtk_spinner_new ();

      gtk_spinner_start (GTK_SPINNER (spinner));
      gtk_widget_set_halign (spinner, GTK_ALIGN_START);
      gtk_accessible_update_property (GTK_ACCESSIBLE (spinner), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Loading"), -1);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), spinner);
    }
  else if (installments->len == 0)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), note_row (_("No equipment bought in installments.")));
  else
    for (guint i = 0; i < installments->len; i++)
      {
        KbApiInstallment *installment = installments->pdata[i];
        g_autofree char *monthly = kb_money_format (installment->monthly_minor, installment->currency);
        g_autofree char *remaining = kb_money_format (installment->remaining_minor, installment->currency);
        g_autofree char *payoff = NULL;
        g_autofree char *subtitle = NULL;
        GDate date;
        GtkWidget *row = adw_action_row_new ();

        g_date_clear (&date, 1);
        g_date_set_parse (&date, installment->payoff_on);
        payoff = g_date_valid (&date) ? kb_format_local_date (&date) : g_strdup (installment->payoff_on);
        /* TRANSLATORS: an installment: the monthly payment, how many are left,
         * what remains to pay and when it is paid off */
        subtitle = g_strdup_printf (ngettext ("%s a month, %u payment left (%s), paid off on %s",
                                              "%s a month, %u payments left (%s), paid off on %s",
                                              (gulong) installment->payments_left),
                                    monthly, (guint) installment->payments_left, remaining, payoff);
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), installment->equipment);
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
        adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
      }
  if (self->installments_group != NULL)
    gtk_box_remove (self->details_box, GTK_WIDGET (self->installments_group));
  gtk_box_append (self->details_box, group);
  self->installments_group = ADW_PREFERENCES_GROUP (group);
}

static void
show_details (KbSubscribersPage *self, KbSubscriber *subscriber)
{
  GtkWidget *group;
  g_autofree char *number = NULL;

  clear_details (self);
  if (subscriber == NULL)
    {
      gtk_stack_set_visible_child_name (self->details_stack, "none");
      return;
    }

  number = kb_phone_number_format (kb_subscriber_get_number (subscriber));
  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Current Subscriber"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), value_row (_("Number"), number));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), value_row (C_("subscriber", "Name"), kb_subscriber_get_name (subscriber)));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             value_row (_("Tariff"), kb_subscriber_get_tariff (subscriber)));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             value_row (_("Status"), status_display (kb_subscriber_get_status (subscriber))));
  if (kb_subscriber_get_pending_name (subscriber) != NULL)
    {
      GDateTime *at = kb_subscriber_get_pending_at (subscriber);
      g_autofree char *when = at != NULL ? kb_format_local_date_time (at) : NULL;
      /* TRANSLATORS: a rename waiting to take effect: the new name and when */
      g_autofree char *text = g_strdup_printf (_("%s (from %s)"), kb_subscriber_get_pending_name (subscriber),
                                               when != NULL ? when : "—");

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), value_row (_("New name"), text));
    }
  gtk_box_append (self->details_box, group);
  fill_services (self, subscriber);
  gtk_stack_set_visible_child_name (self->details_stack, "details");
}

static void
on_details_ready (GObject *source, GAsyncResult *result, gpointer user_data)
{
  KbSubscribersPage *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(KbSubscriber) details = kb_subscribers_fetch_details_finish (KB_SUBSCRIBERS (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = KB_SUBSCRIBERS_PAGE (user_data);
  if (details == NULL)
    {
      if (self->services_group != NULL)
        {
          GtkWidget *group = adw_preferences_group_new ();

          adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Additional Services"));
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), note_row (error->message));
          gtk_box_insert_child_after (self->details_box, group, GTK_WIDGET (self->services_group));
          gtk_box_remove (self->details_box, GTK_WIDGET (self->services_group));
          self->services_group = ADW_PREFERENCES_GROUP (group);
        }
      return;
    }
  /* KbSubscribers made it the current subscriber; the notify redraws. */
}

static void
on_installments_ready (GObject *source, GAsyncResult *result, gpointer user_data)
{
  KbSubscribersPage *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) installments = kb_subscribers_fetch_installments_finish (KB_SUBSCRIBERS (source), result,
                                                                                &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = KB_SUBSCRIBERS_PAGE (user_data);
  fill_installments (self, installments, error);
}

static void
fetch_details (KbSubscribersPage *self, KbSubscriber *subscriber)
{
  g_cancellable_cancel (self->details_cancellable);
  g_clear_object (&self->details_cancellable);
  self->details_cancellable = g_cancellable_new ();
  kb_subscribers_fetch_details_async (self->subscribers, kb_subscriber_get_id (subscriber),
                                      self->details_cancellable, on_details_ready, self);
  fill_installments (self, NULL, NULL);
  kb_subscribers_fetch_installments_async (self->subscribers, kb_subscriber_get_id (subscriber),
                                           self->details_cancellable, on_installments_ready, self);
}

static void
on_current_changed (KbSubscribersPage *self)
{
  KbSubscriber *current = kb_subscribers_get_current (self->subscribers);

  /* The same subscriber with new details: keep the installments shown. */
  if (current != NULL && self->installments_group != NULL)
    {
      GtkWidget *installments = g_object_ref (GTK_WIDGET (self->installments_group));

      gtk_box_remove (self->details_box, installments);
      self->installments_group = NULL;
      show_details (self, current);
      gtk_box_append (self->details_box, installments);
      self->installments_group = ADW_PREFERENCES_GROUP (installments);
      g_object_unref (installments);
      return;
    }
  show_details (self, current);
}

static void
on_row_activated (KbSubscribersPage *self, guint position)
{
  g_autoptr(KbSubscriber) subscriber = g_list_model_get_item (G_LIST_MODEL (self->filter_model), position);
  KbSubscriber *current = kb_subscribers_get_current (self->subscribers);

  if (subscriber == NULL)
    return;
  if (self->tick_pressed_number == kb_subscriber_get_number (subscriber) &&
      g_get_monotonic_time () - self->tick_pressed_at < G_USEC_PER_SEC)
    {
      self->tick_pressed_number = NULL;
      return;
    }
  if (current == NULL || !g_str_equal (kb_subscriber_get_id (current), kb_subscriber_get_id (subscriber)))
    {
      clear_details (self);
      kb_subscribers_set_current (self->subscribers, subscriber);
    }
  fetch_details (self, subscriber);
}

/* ---- Refresh ----------------------------------------------------------- */

static void
kb_subscribers_page_refresh_async (KbPage              *page,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  kb_subscribers_refresh_async (KB_SUBSCRIBERS_PAGE (page)->subscribers, cancellable, callback,
                                user_data);
}

static gboolean
kb_subscribers_page_refresh_finish (KbPage        *page,
                                    GAsyncResult  *result,
                                    GDateTime    **fetched_at,
                                    GError       **error)
{
  KbSubscribers *subscribers = KB_SUBSCRIBERS_PAGE (page)->subscribers;
  gboolean done = kb_subscribers_refresh_finish (subscribers, result, error);
  GDateTime *when = kb_subscribers_get_fetched_at (subscribers);

  *fetched_at = when != NULL ? g_date_time_ref (when) : NULL;
  return done;
}

/* The list shows its own spinner while the cache is read; once it is, a
 * list the server never sent is nothing to show. */
static gboolean
kb_subscribers_page_show_cached (KbPage *page, KbPageData data)
{
  KbSubscribersPage *self = KB_SUBSCRIBERS_PAGE (page);

  update_list_page (self);
  return !kb_subscribers_get_loaded (self->subscribers) ||
         g_list_model_get_n_items (kb_subscribers_get_model (self->subscribers)) > 0 ||
         kb_subscribers_get_fetched_at (self->subscribers) != NULL;
}

static void
on_model_changed (KbSubscribersPage *self)
{
  update_tariffs (self);
  update_list_page (self);
}

/* ---- Object ------------------------------------------------------------ */

GListModel *
kb_subscribers_page_get_shown (KbSubscribersPage *self)
{
  g_return_val_if_fail (KB_IS_SUBSCRIBERS_PAGE (self), NULL);
  return G_LIST_MODEL (self->filter_model);
}

static void
kb_subscribers_page_constructed (GObject *object)
{
  KbSubscribersPage *self = KB_SUBSCRIBERS_PAGE (object);
  KbSync *sync = kb_page_get_sync (KB_PAGE (self));
  GListModel *model;

  G_OBJECT_CLASS (kb_subscribers_page_parent_class)->constructed (object);
  if (sync == NULL)
    return;

  self->subscribers = g_object_ref (kb_sync_get_subscribers (sync));
  model = kb_subscribers_get_model (self->subscribers);
  kb_subscriber_filter_model_set_source (self->filter_model, model);
  g_signal_connect_object (model, "items-changed", G_CALLBACK (on_model_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->subscribers, "notify::loaded", G_CALLBACK (update_list_page), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->subscribers, "notify::current-subscriber", G_CALLBACK (on_current_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->subscribers, "notify::selection", G_CALLBACK (on_selection_changed), self,
                           G_CONNECT_SWAPPED);
  on_selection_changed (self);
  on_model_changed (self);

  if (kb_subscribers_get_current (self->subscribers) != NULL)
    {
      show_details (self, kb_subscribers_get_current (self->subscribers));
      fetch_details (self, kb_subscribers_get_current (self->subscribers));
    }
}

static void
kb_subscribers_page_dispose (GObject *object)
{
  KbSubscribersPage *self = KB_SUBSCRIBERS_PAGE (object);

  g_cancellable_cancel (self->details_cancellable);
  g_clear_object (&self->details_cancellable);
  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), KB_TYPE_SUBSCRIBERS_PAGE);
  g_clear_object (&self->selection);
  g_clear_object (&self->tariffs);
  g_clear_object (&self->subscribers);
  g_clear_pointer (&self->key, g_free);
  g_clear_pointer (&self->ticked, g_hash_table_unref);
  g_clear_pointer (&self->check_cells, g_hash_table_unref);

  G_OBJECT_CLASS (kb_subscribers_page_parent_class)->dispose (object);
}

static void
kb_subscribers_page_class_init (KbSubscribersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KbPageClass *page_class = KB_PAGE_CLASS (klass);

  object_class->constructed = kb_subscribers_page_constructed;
  object_class->dispose = kb_subscribers_page_dispose;
  page_class->refresh_async = kb_subscribers_page_refresh_async;
  page_class->refresh_finish = kb_subscribers_page_refresh_finish;
  page_class->show_cached = kb_subscribers_page_show_cached;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/sections/subscribers/kb-subscribers-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KbSubscribersPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KbSubscribersPage, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KbSubscribersPage, tariff_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KbSubscribersPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, KbSubscribersPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, KbSubscribersPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, KbSubscribersPage, no_results_page);
  gtk_widget_class_bind_template_child (widget_class, KbSubscribersPage, details_stack);
  gtk_widget_class_bind_template_child (widget_class, KbSubscribersPage, details_box);
  gtk_widget_class_bind_template_child (widget_class, KbSubscribersPage, ticked_label);
  gtk_widget_class_bind_template_child (widget_class, KbSubscribersPage, tick_all_button);
  gtk_widget_class_bind_template_child (widget_class, KbSubscribersPage, clear_ticks_button);
  gtk_widget_class_bind_template_child (widget_class, KbSubscribersPage, service_actions_button);
  gtk_widget_class_bind_template_callback (widget_class, on_tick_all_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_clear_ticks_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_service_actions_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_filters_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
}

static void
kb_subscribers_page_init (KbSubscribersPage *self)
{
  GtkColumnViewColumn *name_column;
  g_autoptr(GtkStringList) tariff_items = gtk_string_list_new (NULL);
  g_autoptr(GtkFlattenListModel) tariff_model = NULL;
  GListStore *parts = g_list_store_new (G_TYPE_LIST_MODEL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->ticked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->check_cells = g_hash_table_new (NULL, NULL);

  add_column (self, "", G_CALLBACK (setup_check), NULL);
  add_column (self, _("Number"), G_CALLBACK (setup_number), gtk_custom_sorter_new (compare_numbers, NULL, NULL));
  name_column = add_column (self, C_("subscriber", "Name"), G_CALLBACK (setup_name),
                            gtk_custom_sorter_new (compare_names, NULL, NULL));
  gtk_column_view_column_set_expand (name_column, TRUE);
  add_column (self, _("Tariff"), G_CALLBACK (setup_tariff), gtk_custom_sorter_new (compare_tariffs, NULL, NULL));
  add_column (self, _("Status"), G_CALLBACK (setup_status), gtk_custom_sorter_new (compare_statuses, NULL, NULL));

  self->filter_model = kb_subscriber_filter_model_new (NULL, gtk_column_view_get_sorter (self->column_view),
                                                       filter_func, self);
  /* The selection owns the slots, which own the filter model. */
  self->selection = gtk_no_selection_new (G_LIST_MODEL (kb_slot_list_model_new (G_LIST_MODEL (self->filter_model))));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

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
