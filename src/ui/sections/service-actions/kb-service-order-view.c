/* kb-service-order-view.c — one service order and the result for each of its subscribers.
 *
 * It serves two places. Under the form (just sent) it shows the order the
 * user has just sent: a fixed heading, the action and the service in the
 * summary, and a list that stays within the form. In the history it shows
 * the order opened there: a Back button (the "back" signal), the order as
 * its heading, and a list as tall as the section, with the fetching of the
 * results and its failure in between.
 */
#include "config.h"

#include "kb-service-order-view.h"

#include <glib/gi18n.h>

#include "kb-format.h"
#include "kb-phone-number.h"
#include "kb-request-label.h"
#include "kb-service-actions-format.h"
#include "kb-service-result.h"
#include "kb-spinner.h"

struct _KbServiceOrderView
{
  AdwBin parent_instance;

  GtkLabel *heading_label;
  GtkWidget *title_box;
  GtkLabel *title_label;
  GtkLabel *summary_label;
  KbRequestLabel *request_label;
  GtkStack *stack;
  AdwStatusPage *error_page;
  GtkScrolledWindow *scroller;
  GtkColumnView *column_view;

  GListStore *results;           /* KbServiceResult */
  gboolean just_sent;

  /* The summary with the order's status, and without it for when the
   * request line carries the status instead. */
  char *summary;
  char *summary_without_status;
};

G_DEFINE_FINAL_TYPE (KbServiceOrderView, kb_service_order_view, ADW_TYPE_BIN)

enum {
  SIGNAL_BACK,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef enum {
  RESULT_ROW,
  RESULT_NUMBER,
  RESULT_OUTCOME,
  RESULT_REASON,
} ResultColumn;

static char *
result_text (gpointer item, int column, gpointer user_data)
{
  KbServiceResult *result = item;

  switch ((ResultColumn) column)
    {
    case RESULT_ROW:
      return g_strdup_printf ("%u", kb_service_result_get_row (result));
    case RESULT_NUMBER:
      return kb_phone_number_format_canonical (kb_service_result_get_number (result));
    case RESULT_OUTCOME:
      return g_strdup (kb_service_result_get_accepted (result) ? C_("row result", "Accepted")
                                                               : C_("row result", "Rejected"));
    case RESULT_REASON:
    default:
      return g_strdup (kb_service_actions_reason_text (kb_service_result_get_code (result)));
    }
}

static const char *
result_style (gpointer item, int column, gpointer user_data)
{
  return kb_service_result_get_accepted (item) ? "success" : "error";
}

static void
setup_columns (KbServiceOrderView *self)
{
  g_autoptr(GtkNoSelection) selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->results)));
  const char *titles[] = {
    /* TRANSLATORS: a column: the row of the order */
    [RESULT_ROW] = C_("column", "Row"),
    [RESULT_NUMBER] = C_("column", "Number"),
    [RESULT_OUTCOME] = C_("column", "Result"),
    [RESULT_REASON] = C_("column", "Reason"),
    NULL,
  };

  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
  kb_service_actions_add_columns (self->column_view, titles, RESULT_OUTCOME, RESULT_REASON, result_text,
                                  result_style);
}

void
kb_service_order_view_set_results (KbServiceOrderView *self, GPtrArray *results)
{
  g_return_if_fail (KB_IS_SERVICE_ORDER_VIEW (self));

  g_list_store_splice (self->results, 0, g_list_model_get_n_items (G_LIST_MODEL (self->results)),
                       results != NULL ? results->pdata : NULL, results != NULL ? results->len : 0);
  gtk_stack_set_visible_child_name (self->stack, "results");
}

void
kb_service_order_view_set_error (KbServiceOrderView *self, const char *message)
{
  g_return_if_fail (KB_IS_SERVICE_ORDER_VIEW (self));

  adw_status_page_set_description (self->error_page, message);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

/* Two statuses side by side (the order's «Done» and the request's
 * «accepted») read as a contradiction: once the operator has accepted the
 * order, its request's line is the one status shown. */
static void
show_summary (KbServiceOrderView *self)
{
  gboolean by_request = kb_request_label_get_request (self->request_label) != NULL;

  if (self->summary == NULL)
    return;
  if (by_request && self->summary_without_status != NULL)
    gtk_label_set_text (self->summary_label, self->summary_without_status);
  else
    gtk_label_set_text (self->summary_label, self->summary);
}

void
kb_service_order_view_set_order (KbServiceOrderView *self, KbServiceOrder *order, const char *service_name)
{
  const char *action;
  const char *status;
  g_autofree char *counts = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *without_status = NULL;

  g_return_if_fail (KB_IS_SERVICE_ORDER_VIEW (self));
  g_return_if_fail (KB_IS_SERVICE_ORDER (order));

  action = kb_service_action_to_display (kb_service_order_get_action (order));
  status = kb_service_order_status_to_display (kb_service_order_get_status (order));
  counts = kb_service_actions_format_counts (order);

  if (self->just_sent)
    {
      /* TRANSLATORS: the action (Adding, Removal), the service, the status, then the counts */
      summary = g_strdup_printf (_("%s of “%s”. Status: %s. %s."), action, service_name, status, counts);
      /* TRANSLATORS: the action (Adding, Removal), the service, then the counts */
      without_status = g_strdup_printf (_("%s of “%s”. %s."), action, service_name, counts);
    }
  else
    {
      g_autofree char *when = kb_format_unix_time (kb_service_order_get_created_at (order));
      g_autofree char *title = NULL;

      /* TRANSLATORS: an order's heading: the action (Adding, Removal), the service, the date */
      title = g_strdup_printf (_("%s of “%s”, %s"), action, service_name, when);
      gtk_label_set_text (self->title_label, title);
      /* TRANSLATORS: the status of an order, then its counts */
      summary = g_strdup_printf (_("Status: %s. %s."), status, counts);
      /* TRANSLATORS: an order's counts, when its request's line gives the status */
      without_status = g_strdup_printf (_("%s."), counts);
    }
  g_free (self->summary);
  self->summary = g_steal_pointer (&summary);
  g_free (self->summary_without_status);
  self->summary_without_status = g_steal_pointer (&without_status);
  show_summary (self);

  if (kb_service_order_get_results (order) != NULL || self->just_sent)
    {
      kb_service_order_view_set_results (self, kb_service_order_get_results (order));
      return;
    }
  g_list_store_remove_all (self->results);
  gtk_stack_set_visible_child_name (self->stack, "loading");
}

/**
 * kb_service_order_view_set_request:
 * @request: (nullable): the operator's request of the order shown
 *
 * Shows «Request № … accepted» under the summary, following its status.
 */
void
kb_service_order_view_set_request (KbServiceOrderView *self, KbOperatorRequest *request)
{
  g_return_if_fail (KB_IS_SERVICE_ORDER_VIEW (self));
  kb_request_label_set_request (self->request_label, request);
  show_summary (self);
}

/* Returns: (nullable): what the request line says, for tests. */
const char *
kb_service_order_view_get_request_text (KbServiceOrderView *self)
{
  g_return_val_if_fail (KB_IS_SERVICE_ORDER_VIEW (self), NULL);
  if (kb_request_label_get_request (self->request_label) == NULL)
    return NULL;
  return kb_request_label_get_text (self->request_label);
}

GListModel *
kb_service_order_view_get_results (KbServiceOrderView *self)
{
  g_return_val_if_fail (KB_IS_SERVICE_ORDER_VIEW (self), NULL);
  return G_LIST_MODEL (self->results);
}

/* Under the form (just sent) the view has a fixed heading and a list that
 * grows with the results, up to a point, leaving the rest to the form's
 * own scrolling; in the history, a Back button and a list as tall as the
 * section. */
void
kb_service_order_view_set_just_sent (KbServiceOrderView *self, gboolean just_sent)
{
  g_return_if_fail (KB_IS_SERVICE_ORDER_VIEW (self));

  self->just_sent = just_sent;
  gtk_widget_set_visible (GTK_WIDGET (self->heading_label), just_sent);
  gtk_widget_set_visible (self->title_box, !just_sent);
  gtk_stack_set_vhomogeneous (self->stack, !just_sent);
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), !just_sent);
  gtk_widget_set_vexpand (GTK_WIDGET (self->scroller), !just_sent);
  gtk_scrolled_window_set_min_content_height (self->scroller, just_sent ? 240 : -1);
  gtk_scrolled_window_set_max_content_height (self->scroller, just_sent ? 480 : -1);
  gtk_scrolled_window_set_propagate_natural_height (self->scroller, just_sent);
  if (just_sent)
    gtk_stack_set_visible_child_name (self->stack, "results");
}

static void
on_back_button_clicked (KbServiceOrderView *self)
{
  g_signal_emit (self, signals[SIGNAL_BACK], 0);
}

GtkWidget *
kb_service_order_view_new (void)
{
  return g_object_new (KB_TYPE_SERVICE_ORDER_VIEW, NULL);
}

static void
kb_service_order_view_dispose (GObject *object)
{
  KbServiceOrderView *self = KB_SERVICE_ORDER_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KB_TYPE_SERVICE_ORDER_VIEW);
  g_clear_pointer (&self->summary, g_free);
  g_clear_pointer (&self->summary_without_status, g_free);
  g_clear_object (&self->results);

  G_OBJECT_CLASS (kb_service_order_view_parent_class)->dispose (object);
}

static void
kb_service_order_view_class_init (KbServiceOrderViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kb_service_order_view_dispose;

  /* The user wants the history back. */
  signals[SIGNAL_BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                       NULL, G_TYPE_NONE, 0);

  g_type_ensure (KB_TYPE_REQUEST_LABEL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/sections/service-actions/kb-service-order-view.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, KbServiceOrderView, name)
  BIND (heading_label);
  BIND (title_box);
  BIND (title_label);
  BIND (summary_label);
  BIND (request_label);
  BIND (stack);
  BIND (error_page);
  BIND (scroller);
  BIND (column_view);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_back_button_clicked);
}

static void
kb_service_order_view_init (KbServiceOrderView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  kb_spinner_spin_while_mapped (GTK_WIDGET (self));

  self->results = g_list_store_new (KB_TYPE_SERVICE_RESULT);
  setup_columns (self);
  kb_service_order_view_set_just_sent (self, FALSE);
}
