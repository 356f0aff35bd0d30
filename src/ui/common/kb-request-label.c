/* kb-request-label.c — «Request № … accepted»: a section's line about the request it made.
 *
 * Where a section reports an operation (a rename, a service order, an
 * invoice e-mailed, a payment registered, a change of delivery), it shows
 * the operator's request number with its status, and the line follows the
 * request as the operator moves it (the request's "status" notifies).
 */
#include "config.h"

#include "kb-request-label.h"

#include <glib/gi18n.h>

struct _KbRequestLabel
{
  AdwBin parent_instance;

  GtkWidget *label;
  KbOperatorRequest *request;
  gulong status_id;

  /* With kb_request_label_follow_kind(): the session's requests, whose
   * newest of that kind the line shows. */
  KbRequests *requests;
  KbOperatorRequestKind kind;
};

G_DEFINE_FINAL_TYPE (KbRequestLabel, kb_request_label, ADW_TYPE_BIN)

/* Returns: the style class of a status pill or line: success, warning,
 * error, or NULL (neutral) while the operator works on it. */
const char *
kb_operator_request_status_style (KbOperatorRequestStatus status)
{
  switch (status)
    {
    case KB_OPERATOR_REQUEST_STATUS_DONE: return "success";
    case KB_OPERATOR_REQUEST_STATUS_PARTIALLY_DONE: return "warning";
    case KB_OPERATOR_REQUEST_STATUS_REJECTED: return "error";
    case KB_OPERATOR_REQUEST_STATUS_ACCEPTED:
    case KB_OPERATOR_REQUEST_STATUS_IN_PROGRESS:
    default: return NULL;
    }
}

/* Returns: (transfer full): «Request № З-2026-000123 accepted» and so on. */
char *
kb_operator_request_dup_status_sentence (KbOperatorRequest *request)
{
  const char *number = kb_operator_request_get_number (request);

  switch (kb_operator_request_get_status (request))
    {
    case KB_OPERATOR_REQUEST_STATUS_IN_PROGRESS:
      return g_strdup_printf (_("Request № %s is in progress"), number);
    case KB_OPERATOR_REQUEST_STATUS_DONE:
      return g_strdup_printf (_("Request № %s done"), number);
    case KB_OPERATOR_REQUEST_STATUS_PARTIALLY_DONE:
      return g_strdup_printf (_("Request № %s partially done"), number);
    case KB_OPERATOR_REQUEST_STATUS_REJECTED:
      return g_strdup_printf (_("Request № %s rejected"), number);
    case KB_OPERATOR_REQUEST_STATUS_ACCEPTED:
    default:
      return g_strdup_printf (_("Request № %s accepted"), number);
    }
}

/**
 * kb_requests_dup_reported:
 * @target_type: what the operation concerned (invoice, payment, client…)
 * @target_id: (nullable): its id; NULL for the newest of that type
 * @message: the section's report of the operation
 *
 * Returns: (transfer full): @message followed by «Request № … accepted.»
 * when the operation's reply brought a request, for a section that reports
 * in a toast.
 */
char *
kb_requests_dup_reported (KbSync *sync, const char *target_type, const char *target_id, const char *message)
{
  KbOperatorRequest *request = sync != NULL ? kb_requests_find_for (kb_sync_get_requests (sync), target_type,
                                                                    target_id)
                                            : NULL;
  g_autofree char *sentence = NULL;

  if (request == NULL)
    return g_strdup (message);
  sentence = kb_operator_request_dup_status_sentence (request);
  return g_strdup_printf ("%s %s.", message, sentence);
}

static void
update (KbRequestLabel *self)
{
  static const char * const styles[] = { "success", "warning", "error" };
  g_autofree char *text = NULL;
  const char *style;

  gtk_widget_set_visible (GTK_WIDGET (self), self->request != NULL);
  if (self->request == NULL)
    return;
  text = kb_operator_request_dup_status_sentence (self->request);
  /* Following the newest of a kind, the line also says what the request is
   * about: the section may have made it in another run. */
  if (self->requests != NULL)
    {
      g_autofree char *summary = kb_operator_request_dup_summary (self->request);
      g_autofree char *sentence = g_steal_pointer (&text);

      text = g_strdup_printf ("%s · %s", sentence, summary);
    }
  gtk_label_set_text (GTK_LABEL (self->label), text);
  style = kb_operator_request_status_style (kb_operator_request_get_status (self->request));
  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    if (g_strcmp0 (style, styles[i]) != 0)
      gtk_widget_remove_css_class (self->label, styles[i]);
  if (style != NULL)
    gtk_widget_add_css_class (self->label, style);
}

/**
 * kb_request_label_set_request:
 * @request: (nullable): the request to show and follow; NULL hides the line
 */
void
kb_request_label_set_request (KbRequestLabel *self, KbOperatorRequest *request)
{
  g_return_if_fail (KB_IS_REQUEST_LABEL (self));

  if (self->request == request)
    return;
  if (self->request != NULL)
    g_clear_signal_handler (&self->status_id, self->request);
  g_set_object (&self->request, request);
  if (request != NULL)
    self->status_id = g_signal_connect_swapped (request, "notify::status", G_CALLBACK (update), self);
  update (self);
}

static void
on_requests_items_changed (KbRequestLabel *self)
{
  GListModel *model = kb_requests_get_model (self->requests);
  guint n = g_list_model_get_n_items (model);

  /* The list is newest first, so the first of the kind is the one the
   * section reported last, in this run or (from the cache) an earlier one. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KbOperatorRequest) request = g_list_model_get_item (model, i);

      if (kb_operator_request_get_kind (request) == self->kind)
        {
          kb_request_label_set_request (self, request);
          return;
        }
    }
  kb_request_label_set_request (self, NULL);
}

/**
 * kb_request_label_follow_kind:
 * @sync: (nullable): the session, whose requests to follow; NULL stops following
 * @kind: the kind of request the section makes
 *
 * Shows the newest request of @kind and follows the list, so that a section
 * whose operation has no page of its own (an invoice e-mailed, a payment
 * registered, a change of delivery) reports its last request where the
 * operation is made, also after a restart.
 */
void
kb_request_label_follow_kind (KbRequestLabel *self, KbSync *sync, KbOperatorRequestKind kind)
{
  KbRequests *requests = sync != NULL ? kb_sync_get_requests (sync) : NULL;

  g_return_if_fail (KB_IS_REQUEST_LABEL (self));

  /* What the line says changes with the mode: start afresh. */
  kb_request_label_set_request (self, NULL);
  if (self->requests != NULL)
    g_signal_handlers_disconnect_by_data (kb_requests_get_model (self->requests), self);
  g_set_object (&self->requests, requests);
  self->kind = kind;
  if (requests == NULL)
    return;
  g_signal_connect_object (kb_requests_get_model (requests), "items-changed",
                           G_CALLBACK (on_requests_items_changed), self, G_CONNECT_SWAPPED);
  on_requests_items_changed (self);
}

KbOperatorRequest *
kb_request_label_get_request (KbRequestLabel *self)
{
  g_return_val_if_fail (KB_IS_REQUEST_LABEL (self), NULL);
  return self->request;
}

const char *
kb_request_label_get_text (KbRequestLabel *self)
{
  g_return_val_if_fail (KB_IS_REQUEST_LABEL (self), NULL);
  return gtk_label_get_text (GTK_LABEL (self->label));
}

static void
kb_request_label_dispose (GObject *object)
{
  KbRequestLabel *self = KB_REQUEST_LABEL (object);

  if (self->request != NULL)
    g_clear_signal_handler (&self->status_id, self->request);
  g_clear_object (&self->request);
  if (self->requests != NULL)
    g_signal_handlers_disconnect_by_data (kb_requests_get_model (self->requests), self);
  g_clear_object (&self->requests);

  G_OBJECT_CLASS (kb_request_label_parent_class)->dispose (object);
}

static void
kb_request_label_class_init (KbRequestLabelClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kb_request_label_dispose;
}

static void
kb_request_label_init (KbRequestLabel *self)
{
  self->label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->label), 0);
  gtk_label_set_selectable (GTK_LABEL (self->label), TRUE);
  gtk_widget_add_css_class (self->label, "request-line");
  adw_bin_set_child (ADW_BIN (self), self->label);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
kb_request_label_new (void)
{
  return g_object_new (KB_TYPE_REQUEST_LABEL, NULL);
}
