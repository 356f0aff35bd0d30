/* kb-requests-button.c — the header bar's Requests button and the list of requests it opens.
 *
 * Like the operations button of GNOME Files: a menu button that shows how
 * many requests the operator has not finished, and opens a popover with the
 * session's requests, newest first — number, what and for whom, the section
 * it belongs to, its status in colour and its times. The same popover
 * searches and filters the whole history (the current and the two previous
 * months), and says when the list was last refreshed, and that it is
 * offline. Activating a request opens the place it concerns through
 * win.show-section. Opening the popover asks the server for what changed.
 *
 * The popover, with its search, its two dropdowns and its list, is some 130
 * widgets that no frame shows until it opens: it is made then
 * (kb-requests-popover.ui), and until then the filter lets everything through,
 * as the popover's empty search and "all" filters would.
 */
#include "config.h"

#include "kb-requests-button.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kb-cell.h"
#include "kb-format.h"
#include "kb-request-label.h"
#include "kb-sections.h"
#include "kb-tooltip.h"

struct _KbRequestsButton
{
  AdwBin parent_instance;

  GtkMenuButton *menu_button;
  GtkLabel *count_label;
  GtkPopover *popover;            /* and the rest: NULL until it first opens */
  GtkLabel *status_label;
  GtkSearchEntry *search_entry;
  GtkDropDown *kind_dropdown;
  GtkDropDown *status_dropdown;
  GtkStack *list_stack;
  GtkListBox *list_box;
  GtkLabel *empty_label;

  KbSync *sync;
  KbRequests *requests;
  GtkFilterListModel *filtered;
  GtkCustomFilter *filter;
};

G_DEFINE_FINAL_TYPE (KbRequestsButton, kb_requests_button, ADW_TYPE_BIN)

/* The kind dropdown's entries after "All kinds", in KbOperatorRequestKind order. */
static const KbOperatorRequestKind kinds[] = {
  KB_OPERATOR_REQUEST_KIND_RENAME,
  KB_OPERATOR_REQUEST_KIND_RENAME_BATCH,
  KB_OPERATOR_REQUEST_KIND_SERVICE_ORDER,
  KB_OPERATOR_REQUEST_KIND_INVOICE_EMAIL,
  KB_OPERATOR_REQUEST_KIND_INVOICE_DELIVERY,
  KB_OPERATOR_REQUEST_KIND_PAYMENT_REGISTRATION,
};

/* The status dropdown: all, unfinished, then each final status. */
enum {
  STATUS_ALL,
  STATUS_UNFINISHED,
  STATUS_DONE,
  STATUS_PARTIALLY_DONE,
  STATUS_REJECTED,
};

static const char *
section_title (KbOperatorRequest *request)
{
  g_autofree char *target = kb_operator_request_dup_section_target (request);
  char *slash = strchr (target, '/');
  const KbSection *section;

  if (slash != NULL)
    *slash = '\0';
  section = kb_sections_lookup (target);
  return section != NULL ? _(section->title) : "";
}

/* The times line: when it was made, and when it ended or takes effect. */
static char *
dup_times (KbOperatorRequest *request)
{
  g_autofree char *created = kb_format_unix_time (kb_operator_request_get_created_at (request));

  if (kb_operator_request_is_finished (request))
    {
      g_autofree char *updated = kb_format_unix_time (kb_operator_request_get_updated_at (request));

      /* Translators: when a request was made, and when the operator finished it. */
      return g_strdup_printf (_("Made %s, finished %s"), created, updated);
    }
  if (kb_operator_request_get_effective_at (request) > 0)
    {
      g_autofree char *effective =
        kb_format_unix_time (kb_operator_request_get_effective_at (request));

      /* Translators: when a request was made, and when it takes effect. */
      return g_strdup_printf (_("Made %s, takes effect %s"), created, effective);
    }
  return g_strdup_printf (_("Made %s"), created);
}

typedef struct {
  GtkWidget *pill;
  GtkWidget *times;
} RowParts;

static void
update_row (GtkWidget *row)
{
  KbOperatorRequest *request = g_object_get_data (G_OBJECT (row), "kb-request");
  RowParts *parts = g_object_get_data (G_OBJECT (row), "kb-row-parts");
  KbOperatorRequestStatus status = kb_operator_request_get_status (request);
  g_autofree char *times = dup_times (request);
  g_autofree char *summary = kb_operator_request_dup_summary (request);
  g_autofree char *name = NULL;

  kb_cell_set_pill (parts->pill, kb_operator_request_status_to_display (status),
                    kb_operator_request_status_style (status));
  gtk_label_set_text (GTK_LABEL (parts->times), times);
  /* Orca reads the row as one sentence. */
  name = g_strdup_printf ("%s %s, %s: %s. %s. %s", _("Request"), kb_operator_request_get_number (request),
                          kb_operator_request_kind_to_display (kb_operator_request_get_kind (request)),
                          summary, kb_operator_request_status_to_display (status), times);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

/* A label of a row; the popover is narrow, so long ones wrap. */
static GtkWidget *
make_label (const char *text, const char *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  return label;
}

/* One request of the list: the number and the status pill, what and for
 * whom, the kind and section, the times. It follows the request's status. */
static GtkWidget *
create_row (gpointer item, gpointer user_data)
{
  KbOperatorRequest *request = item;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *number = make_label (kb_operator_request_get_number (request), "heading");
  g_autofree char *summary = kb_operator_request_dup_summary (request);
  g_autofree char *where = g_strdup_printf ("%s · %s",
                                            kb_operator_request_kind_to_display (kb_operator_request_get_kind (request)),
                                            section_title (request));
  RowParts *parts = g_new0 (RowParts, 1);

  parts->pill = gtk_label_new (NULL);
  gtk_widget_add_css_class (parts->pill, "status-pill");
  gtk_widget_set_valign (parts->pill, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (number, TRUE);
  gtk_box_append (GTK_BOX (top), number);
  gtk_box_append (GTK_BOX (top), parts->pill);
  gtk_box_append (GTK_BOX (box), top);
  gtk_box_append (GTK_BOX (box), make_label (summary, NULL));
  gtk_box_append (GTK_BOX (box), make_label (where, "dim-label"));
  parts->times = make_label (NULL, "dim-label");
  gtk_widget_add_css_class (parts->times, "caption");
  gtk_box_append (GTK_BOX (box), parts->times);
  gtk_widget_set_margin_start (box, 10);
  gtk_widget_set_margin_end (box, 10);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  g_object_set_data_full (G_OBJECT (row), "kb-request", g_object_ref (request), g_object_unref);
  g_object_set_data_full (G_OBJECT (row), "kb-row-parts", parts, g_free);
  g_signal_connect_object (request, "notify::status", G_CALLBACK (update_row), row, G_CONNECT_SWAPPED);
  update_row (row);
  return row;
}

static gboolean
matches (gpointer item, gpointer user_data)
{
  KbRequestsButton *self = user_data;
  KbOperatorRequest *request = item;
  const char *query;
  guint kind, status;
  KbOperatorRequestStatus request_status = kb_operator_request_get_status (request);

  if (self->popover == NULL)
    return TRUE;
  query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  kind = gtk_drop_down_get_selected (self->kind_dropdown);
  status = gtk_drop_down_get_selected (self->status_dropdown);
  if (kind != GTK_INVALID_LIST_POSITION && kind > 0 && kind <= G_N_ELEMENTS (kinds) &&
      kb_operator_request_get_kind (request) != kinds[kind - 1])
    return FALSE;
  switch (status)
    {
    case STATUS_UNFINISHED:
      if (kb_operator_request_is_finished (request))
        return FALSE;
      break;
    case STATUS_DONE:
      if (request_status != KB_OPERATOR_REQUEST_STATUS_DONE)
        return FALSE;
      break;
    case STATUS_PARTIALLY_DONE:
      if (request_status != KB_OPERATOR_REQUEST_STATUS_PARTIALLY_DONE)
        return FALSE;
      break;
    case STATUS_REJECTED:
      if (request_status != KB_OPERATOR_REQUEST_STATUS_REJECTED)
        return FALSE;
      break;
    default:
      break;
    }
  if (query != NULL && *query != '\0')
    {
      g_autofree char *summary = kb_operator_request_dup_summary (request);
      g_autofree char *haystack = g_strconcat (kb_operator_request_get_number (request), " ", summary, NULL);
      g_autofree char *folded_haystack = g_utf8_casefold (haystack, -1);
      g_autofree char *folded_query = g_utf8_casefold (query, -1);

      if (strstr (folded_haystack, folded_query) == NULL)
        return FALSE;
    }
  return TRUE;
}

static void
update_empty (KbRequestsButton *self)
{
  gboolean empty = self->filtered == NULL ||
                   g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) == 0;
  gboolean any = self->requests != NULL &&
                 g_list_model_get_n_items (kb_requests_get_model (self->requests)) > 0;

  if (self->popover == NULL)
    return;
  gtk_label_set_text (self->empty_label, any ? _("No request matches the search.")
                                             : _("No requests in the current and the two previous months. Renames, service orders, e-mailed invoices and registered payments get a request number here."));
  gtk_stack_set_visible_child_name (self->list_stack, empty ? "empty" : "list");
}

static void
on_filter_changed (KbRequestsButton *self)
{
  if (self->filter != NULL)
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_empty (self);
}

static void
update_count (KbRequestsButton *self)
{
  guint unfinished = self->requests != NULL ? kb_requests_get_unfinished (self->requests) : 0;
  g_autofree char *count = g_strdup_printf ("%u", unfinished);
  g_autofree char *name = NULL;

  gtk_label_set_text (self->count_label, count);
  gtk_widget_set_visible (GTK_WIDGET (self->count_label), unfinished > 0);
  name = unfinished > 0
           ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Requests: %u unfinished",
                                           "Requests: %u unfinished", unfinished), unfinished)
           : g_strdup (_("Requests"));
  kb_tooltip_set (GTK_WIDGET (self->menu_button), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  name, -1);
}

/* When the list was last refreshed; offline, say so. */
static void
update_status (KbRequestsButton *self)
{
  GDateTime *fetched_at = self->requests != NULL ? kb_requests_get_fetched_at (self->requests) : NULL;
  gboolean online = self->sync == NULL || kb_sync_get_online (self->sync);
  g_autofree char *when = fetched_at != NULL ? kb_format_local_date_time (fetched_at) : NULL;
  g_autofree char *text = NULL;

  if (self->popover == NULL)
    return;
  if (when == NULL)
    text = g_strdup (online ? _("Not refreshed yet.") : _("Offline. Not refreshed yet."));
  else if (online)
    text = g_strdup_printf (_("Refreshed %s."), when);
  else
    /* TRANSLATORS: %s is the date and time the list was last received */
    text = g_strdup_printf (_("Offline — showing data from %s"), when);
  gtk_label_set_text (self->status_label, text);
}

static void
on_refreshed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;

  if (!kb_requests_refresh_finish (KB_REQUESTS (source), result, &error))
    g_debug ("Requests not refreshed: %s", error->message);
}

static void
on_popover_show (KbRequestsButton *self)
{
  /* Rows exist only while the list is open: nothing to keep up to date,
   * and no hidden labels for anyone to find, the rest of the time. */
  if (self->filtered != NULL)
    gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (self->filtered), create_row, self, NULL);
  update_status (self);
  /* The list shows every finished request: their notifications are seen. */
  gtk_widget_activate_action (GTK_WIDGET (self), "app.requests-seen", NULL);
  if (self->requests != NULL)
    kb_requests_refresh_async (self->requests, NULL, on_refreshed, NULL);
}

static void
on_popover_closed (KbRequestsButton *self)
{
  gtk_list_box_bind_model (self->list_box, NULL, NULL, NULL, NULL);
}

static void
on_list_box_row_activated (KbRequestsButton *self, GtkListBoxRow *row)
{
  KbOperatorRequest *request = g_object_get_data (G_OBJECT (row), "kb-request");
  g_autofree char *target = NULL;

  if (request == NULL)
    return;
  target = kb_operator_request_dup_section_target (request);
  gtk_popover_popdown (self->popover);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-section", "s", target);
}

static void
on_items_changed (KbRequestsButton *self)
{
  update_empty (self);
}

/**
 * kb_requests_button_set_sync:
 * @sync: (nullable): the session; NULL when signed out
 */
void
kb_requests_button_set_sync (KbRequestsButton *self, KbSync *sync)
{
  g_return_if_fail (KB_IS_REQUESTS_BUTTON (self));

  if (self->sync == sync)
    return;
  if (self->requests != NULL)
    g_signal_handlers_disconnect_by_data (self->requests, self);
  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  if (self->filtered != NULL)
    g_signal_handlers_disconnect_by_data (self->filtered, self);
  if (self->popover != NULL)
    gtk_list_box_bind_model (self->list_box, NULL, NULL, NULL, NULL);
  g_clear_object (&self->filtered);
  g_clear_object (&self->requests);
  g_set_object (&self->sync, sync);

  if (sync != NULL)
    {
      self->requests = g_object_ref (kb_sync_get_requests (sync));
      self->filtered = gtk_filter_list_model_new (g_object_ref (kb_requests_get_model (self->requests)),
                                                  GTK_FILTER (g_object_ref (self->filter)));
      if (self->popover != NULL && gtk_widget_get_visible (GTK_WIDGET (self->popover)))
        gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (self->filtered), create_row, self, NULL);
      g_signal_connect_swapped (self->filtered, "items-changed", G_CALLBACK (on_items_changed), self);
      g_signal_connect_swapped (self->requests, "notify::unfinished", G_CALLBACK (update_count), self);
      g_signal_connect_swapped (self->requests, "notify::fetched-at", G_CALLBACK (update_status), self);
      g_signal_connect_swapped (sync, "notify::online", G_CALLBACK (update_status), self);
    }
  update_count (self);
  update_status (self);
  update_empty (self);
}

/* Makes the popover, the first time it is asked for. */
static void
ensure_popover (KbRequestsButton *self)
{
  g_autoptr(GtkBuilder) builder = NULL;
  g_autoptr(GtkBuilderScope) scope = NULL;
  g_autoptr(GtkStringList) kind_names = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) status_names = gtk_string_list_new (NULL);

  if (self->popover != NULL)
    return;

  scope = gtk_builder_cscope_new ();
  gtk_builder_cscope_add_callback (GTK_BUILDER_CSCOPE (scope), on_filter_changed);
  gtk_builder_cscope_add_callback (GTK_BUILDER_CSCOPE (scope), on_popover_show);
  gtk_builder_cscope_add_callback (GTK_BUILDER_CSCOPE (scope), on_popover_closed);
  gtk_builder_cscope_add_callback (GTK_BUILDER_CSCOPE (scope), on_list_box_row_activated);
  builder = gtk_builder_new ();
  gtk_builder_set_translation_domain (builder, GETTEXT_PACKAGE);
  gtk_builder_set_scope (builder, scope);
  /* Swapped handlers get the button, as a template's do. */
  gtk_builder_set_current_object (builder, G_OBJECT (self));
  gtk_builder_add_from_resource (builder, RESOURCE_BASE "/ui/shell/kb-requests-popover.ui", NULL);

  self->popover = GTK_POPOVER (gtk_builder_get_object (builder, "popover"));
  self->status_label = GTK_LABEL (gtk_builder_get_object (builder, "status_label"));
  self->search_entry = GTK_SEARCH_ENTRY (gtk_builder_get_object (builder, "search_entry"));
  self->kind_dropdown = GTK_DROP_DOWN (gtk_builder_get_object (builder, "kind_dropdown"));
  self->status_dropdown = GTK_DROP_DOWN (gtk_builder_get_object (builder, "status_dropdown"));
  self->list_stack = GTK_STACK (gtk_builder_get_object (builder, "list_stack"));
  self->list_box = GTK_LIST_BOX (gtk_builder_get_object (builder, "list_box"));
  self->empty_label = GTK_LABEL (gtk_builder_get_object (builder, "empty_label"));

  gtk_string_list_append (kind_names, _("All kinds"));
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    gtk_string_list_append (kind_names, kb_operator_request_kind_to_display (kinds[i]));
  gtk_drop_down_set_model (self->kind_dropdown, G_LIST_MODEL (kind_names));

  gtk_string_list_append (status_names, _("Any status"));
  gtk_string_list_append (status_names, _("Unfinished"));
  gtk_string_list_append (status_names, kb_operator_request_status_to_display (KB_OPERATOR_REQUEST_STATUS_DONE));
  gtk_string_list_append (status_names,
                          kb_operator_request_status_to_display (KB_OPERATOR_REQUEST_STATUS_PARTIALLY_DONE));
  gtk_string_list_append (status_names,
                          kb_operator_request_status_to_display (KB_OPERATOR_REQUEST_STATUS_REJECTED));
  gtk_drop_down_set_model (self->status_dropdown, G_LIST_MODEL (status_names));

  /* The menu button owns the popover from here on. */
  gtk_menu_button_set_popover (self->menu_button, GTK_WIDGET (self->popover));
  update_status (self);
  update_empty (self);
}

static void
on_menu_button_create_popup (GtkMenuButton *button, gpointer user_data)
{
  ensure_popover (KB_REQUESTS_BUTTON (user_data));
}

void
kb_requests_button_popup (KbRequestsButton *self)
{
  g_return_if_fail (KB_IS_REQUESTS_BUTTON (self));
  gtk_menu_button_popup (self->menu_button);
}

/* Returns: (transfer none): the list of requests, for tests. */
GtkListBox *
kb_requests_button_get_list (KbRequestsButton *self)
{
  g_return_val_if_fail (KB_IS_REQUESTS_BUTTON (self), NULL);
  ensure_popover (self);
  return self->list_box;
}

static void
kb_requests_button_dispose (GObject *object)
{
  KbRequestsButton *self = KB_REQUESTS_BUTTON (object);

  kb_requests_button_set_sync (self, NULL);
  g_clear_object (&self->filter);
  /* The menu button is both a template child and the bin's child. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), KB_TYPE_REQUESTS_BUTTON);

  G_OBJECT_CLASS (kb_requests_button_parent_class)->dispose (object);
}

static void
kb_requests_button_class_init (KbRequestsButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kb_requests_button_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/kabinet/Kabinet/ui/shell/kb-requests-button.ui");
  gtk_widget_class_bind_template_child (widget_class, KbRequestsButton, menu_button);
  gtk_widget_class_bind_template_child (widget_class, KbRequestsButton, count_label);
}

static void
kb_requests_button_init (KbRequestsButton *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_menu_button_set_create_popup_func (self->menu_button, on_menu_button_create_popup, self, NULL);
  self->filter = gtk_custom_filter_new (matches, self, NULL);
  update_count (self);
}
