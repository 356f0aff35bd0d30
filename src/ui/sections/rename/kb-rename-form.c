/* kb-rename-form.c — Rename Subscriber's first view: the current subscriber and a new name.
 *
 * The subscriber is the one chosen in Subscriber Selection, which the
 * Choose button opens. The new name is checked as the server checks it
 * (kb_subscriber_list_check_name()), an empty one only after a first try.
 * A name is cleared when the server accepted it; an error keeps it, to try
 * again, and a refusal because renaming is closed goes to the rule.
 */
#include "config.h"

#include "kb-rename-form.h"

#include <glib/gi18n.h>

#include "kb-format.h"
#include "kb-request-label.h"
#include "kb-phone-number.h"
#include "kb-subscriber-list.h"

struct _KbRenameForm
{
  AdwBin parent_instance;

  AdwActionRow *current_row;
  AdwEntryRow *name_row;
  GtkLabel *name_error_label;
  GtkLabel *rename_result_label;
  KbRequestLabel *request_label;
  GtkButton *rename_button;

  KbRenameRule *rule;
  KbSubscribers *subscribers;
  KbRenames *renames;
  KbRequests *requests;
  GCancellable *cancellable;

  gboolean renaming;
  gboolean name_tried;        /* an empty name is pointed out only after a try */
};

G_DEFINE_FINAL_TYPE (KbRenameForm, kb_rename_form, ADW_TYPE_BIN)

static gboolean
is_open (KbRenameForm *self)
{
  return self->rule != NULL && kb_rename_rule_get_open (self->rule);
}

static KbSubscriber *
current_subscriber (KbRenameForm *self)
{
  return self->subscribers != NULL ? kb_subscribers_get_current (self->subscribers) : NULL;
}

static void
update_actions (KbRenameForm *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->rename_button),
                            is_open (self) && current_subscriber (self) != NULL && !self->renaming);
}

static void
update_current (KbRenameForm *self)
{
  KbSubscriber *subscriber = current_subscriber (self);
  g_autofree char *number = NULL;
  g_autofree char *subtitle = NULL;

  if (subscriber == NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->current_row),
                                     _("No subscriber chosen"));
      adw_action_row_set_subtitle (self->current_row,
                                   _("Choose the subscriber to rename in Subscriber Selection."));
      update_actions (self);
      return;
    }

  number = kb_phone_number_format (kb_subscriber_get_number (subscriber));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->current_row),
                                 kb_subscriber_get_name (subscriber));
  if (kb_subscriber_get_pending_name (subscriber) != NULL)
    {
      g_autofree char *at = kb_format_local_date_time (kb_subscriber_get_pending_at (subscriber));

      /* TRANSLATORS: a phone number, then the name a subscriber is being renamed to and when */
      subtitle = g_strdup_printf (_("%s · will be “%s” from %s"), number,
                                  kb_subscriber_get_pending_name (subscriber), at);
    }
  adw_action_row_set_subtitle (self->current_row, subtitle != NULL ? subtitle : number);
  update_actions (self);
}

static void
show_name_problem (KbRenameForm *self, const char *message)
{
  gtk_label_set_text (self->name_error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->name_error_label), message != NULL && *message != '\0');
  if (message != NULL && *message != '\0')
    gtk_widget_add_css_class (GTK_WIDGET (self->name_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");
}

static KbSubscriberListProblem
check_typed_name (KbRenameForm *self)
{
  KbSubscriberListProblem problem =
    kb_subscriber_list_check_name (gtk_editable_get_text (GTK_EDITABLE (self->name_row)));

  if (problem == KB_SUBSCRIBER_LIST_PROBLEM_EMPTY_NAME && !self->name_tried)
    show_name_problem (self, NULL);
  else
    show_name_problem (self, kb_subscriber_list_problem_get_message (problem));
  return problem;
}

static void
on_name_row_changed (KbRenameForm *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->rename_result_label), FALSE);
  kb_request_label_set_request (self->request_label, NULL);
  check_typed_name (self);
}

static void
on_renamed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  KbRenameForm *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(KbSubscriber) renamed = kb_renames_rename_finish (KB_RENAMES (source), result, &error);
  KbSubscriber *known;
  g_autofree char *at = NULL;
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = KB_RENAME_FORM (user_data);
  self->renaming = FALSE;

  if (renamed == NULL)
    {
      kb_rename_rule_note_refusal (self->rule, error);
      /* The name stays in the field, to try again. */
      show_name_problem (self, error->message);
      update_actions (self);
      return;
    }

  /* The subscriber list and the current subscriber show the pending name
   * at once, before Subscriber Selection refreshes. */
  known = kb_subscribers_lookup (self->subscribers, kb_subscriber_get_id (renamed));
  if (known != NULL && kb_subscriber_get_pending_name (renamed) != NULL)
    kb_subscriber_set_pending (known, kb_subscriber_get_pending_name (renamed),
                               kb_subscriber_get_pending_at (renamed));
  kb_subscribers_set_current (self->subscribers, known != NULL ? known : renamed);

  at = kb_format_local_date_time (kb_subscriber_get_pending_at (renamed));
  /* TRANSLATORS: the new name, then the date and time it takes effect */
  text = g_strdup_printf (_("Accepted: the subscriber will be called “%s” from %s."),
                          kb_subscriber_get_pending_name (renamed) != NULL
                            ? kb_subscriber_get_pending_name (renamed)
                            : kb_subscriber_get_name (renamed),
                          at);
  self->name_tried = FALSE;
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), "");
  show_name_problem (self, NULL);
  gtk_label_set_text (self->rename_result_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->rename_result_label), TRUE);
  /* The reply's request joined the list before this callback. */
  if (self->requests != NULL)
    kb_request_label_set_request (self->request_label,
                                  kb_requests_find_for (self->requests, "subscriber",
                                                        kb_subscriber_get_id (renamed)));
  update_current (self);
}

static void
on_rename_button_clicked (KbRenameForm *self)
{
  KbSubscriber *subscriber = current_subscriber (self);
  g_autofree char *name = NULL;

  if (self->rule != NULL)
    kb_rename_rule_check (self->rule);
  if (subscriber == NULL || self->renaming || !is_open (self))
    return;

  self->name_tried = TRUE;
  if (check_typed_name (self) != KB_SUBSCRIBER_LIST_PROBLEM_NONE)
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
      return;
    }
  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  self->renaming = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->rename_result_label), FALSE);
  kb_request_label_set_request (self->request_label, NULL);
  update_actions (self);
  kb_renames_rename_async (self->renames, kb_subscriber_get_id (subscriber), name,
                           self->cancellable, on_renamed, self);
}

/* The subscriber is chosen in its own section; the window goes there. */
static void
on_choose_button_clicked (KbRenameForm *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-section", "s", "subscribers");
}

void
kb_rename_form_setup (KbRenameForm  *self,
                      KbRenameRule  *rule,
                      KbSubscribers *subscribers,
                      KbRenames     *renames,
                      KbRequests    *requests)
{
  g_return_if_fail (KB_IS_RENAME_FORM (self));
  g_return_if_fail (KB_IS_RENAME_RULE (rule));
  g_return_if_fail (self->rule == NULL);

  self->rule = g_object_ref (rule);
  g_signal_connect_object (rule, "changed", G_CALLBACK (update_current), self, G_CONNECT_SWAPPED);
  g_set_object (&self->subscribers, subscribers);
  g_set_object (&self->renames, renames);
  g_set_object (&self->requests, requests);
  if (subscribers != NULL)
    g_signal_connect_object (subscribers, "notify::current-subscriber", G_CALLBACK (update_current),
                             self, G_CONNECT_SWAPPED);
  update_current (self);
}

static void
kb_rename_form_dispose (GObject *object)
{
  KbRenameForm *self = KB_RENAME_FORM (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->rule);
  g_clear_object (&self->subscribers);
  g_clear_object (&self->renames);
  g_clear_object (&self->requests);
  gtk_widget_dispose_template (GTK_WIDGET (self), KB_TYPE_RENAME_FORM);

  G_OBJECT_CLASS (kb_rename_form_parent_class)->dispose (object);
}

static void
kb_rename_form_class_init (KbRenameFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (KB_TYPE_REQUEST_LABEL);
  object_class->dispose = kb_rename_form_dispose;

  gtk_widget_class_set_template_from_resource (
    widget_class, RESOURCE_BASE "/ui/sections/rename/kb-rename-form.ui");
  gtk_widget_class_bind_template_child (widget_class, KbRenameForm, current_row);
  gtk_widget_class_bind_template_child (widget_class, KbRenameForm, name_row);
  gtk_widget_class_bind_template_child (widget_class, KbRenameForm, name_error_label);
  gtk_widget_class_bind_template_child (widget_class, KbRenameForm, rename_result_label);
  gtk_widget_class_bind_template_child (widget_class, KbRenameForm, request_label);
  gtk_widget_class_bind_template_child (widget_class, KbRenameForm, rename_button);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_button_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_name_row_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_rename_button_clicked);
}

static void
kb_rename_form_init (KbRenameForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  update_current (self);
}
