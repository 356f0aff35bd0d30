/* kb-rename-list.c — Rename Subscriber's second view: many subscribers renamed from a list.
 *
 * A list from a file or a paste (KbListImport) is sent as one batch after a
 * confirmation, while the rule allows it; each row's result from the server
 * is then shown under the line of the source it came from. The list is
 * cleared when it was sent; an error keeps it, to send again.
 */
#include "config.h"

#include "kb-rename-list.h"

#include "kb-request-label.h"

#include <glib/gi18n.h>

#include "kb-form.h"
#include "kb-rename-columns.h"

struct _KbRenameList
{
  AdwBin parent_instance;

  GtkStack *list_stack;
  KbListImport *list_import;
  GtkLabel *submit_hint_label;
  GtkButton *submit_button;
  GtkLabel *results_label;
  KbRequestLabel *request_label;
  GtkColumnView *results_view;

  KbRenameRule *rule;
  KbRenames *renames;
  KbRequests *requests;
  GCancellable *cancellable;
  GListStore *results;
  GArray *sent_lines;         /* the source line of each row of the list sent */
  gboolean submitting;
};

G_DEFINE_FINAL_TYPE (KbRenameList, kb_rename_list, ADW_TYPE_BIN)

static gboolean
is_open (KbRenameList *self)
{
  return self->rule != NULL && kb_rename_rule_get_open (self->rule);
}

static void
update_actions (KbRenameList *self)
{
  gboolean open = is_open (self);
  guint n_rows = kb_list_import_get_n_rows (self->list_import);
  guint n_problems = kb_list_import_get_n_problems (self->list_import);
  gboolean busy = kb_list_import_get_busy (self->list_import);
  g_autofree char *hint = NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->submit_button),
                            open && n_rows > 0 && n_problems == 0 && !busy && !self->submitting);
  /* The list being sent stays as it is until the answer, which clears it. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->list_import), !self->submitting);

  if (!open)
    hint = g_strdup (_("Renaming through the Cabinet is closed now; the list stays here."));
  else if (self->submitting)
    hint = g_strdup (_("Sending the list…"));
  else if (n_rows == 0)
    hint = g_strdup (_("Open, drop or paste a list to check it before it is sent."));
  else if (n_problems > 0)
    hint = g_strdup (_("Fix or drop the rows with problems to send the list."));
  else
    hint = g_strdup_printf (ngettext ("%u subscriber will be renamed.",
                                      "%u subscribers will be renamed.", n_rows), n_rows);
  gtk_label_set_text (self->submit_hint_label, hint);
}

static void
on_list_import_changed (KbRenameList *self)
{
  update_actions (self);
}

static void
on_submitted (GObject *source, GAsyncResult *result, gpointer user_data)
{
  KbRenameList *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(KbRenameBatch) batch = kb_renames_submit_finish (KB_RENAMES (source), result, &error);
  GPtrArray *rows;
  g_autofree char *accepted = NULL;
  g_autofree char *rejected = NULL;
  g_autofree char *summary = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = KB_RENAME_LIST (user_data);
  self->submitting = FALSE;

  if (batch == NULL)
    {
      kb_rename_rule_note_refusal (self->rule, error);
      /* The list stays as it was, to send again. */
      gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", error->message);
      update_actions (self);
      gtk_label_set_text (self->submit_hint_label, error->message);
      return;
    }

  /* Each result under the line of the file or paste it came from. */
  rows = kb_rename_batch_get_rows (batch);
  g_list_store_remove_all (self->results);
  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      KbRenameRow *row = rows->pdata[i];
      guint index = kb_rename_row_get_row (row) - 1;
      guint line = index < self->sent_lines->len ? g_array_index (self->sent_lines, guint, index)
                                                 : kb_rename_row_get_row (row);
      g_autoptr(KbRenameRow) shown =
        kb_rename_row_new (line, kb_rename_row_get_number (row), kb_rename_row_get_name (row),
                           kb_rename_row_get_status (row), kb_rename_row_get_code (row),
                           kb_rename_row_get_message (row));

      g_list_store_append (self->results, shown);
    }
  accepted = g_strdup_printf (ngettext ("%u rename accepted", "%u renames accepted",
                                        kb_rename_batch_get_accepted (batch)),
                              kb_rename_batch_get_accepted (batch));
  rejected = g_strdup_printf (ngettext ("%u row rejected", "%u rows rejected",
                                        kb_rename_batch_get_rejected (batch)),
                              kb_rename_batch_get_rejected (batch));
  summary = g_strdup_printf (_("%s, %s"), accepted, rejected);
  gtk_label_set_text (self->results_label, summary);
  /* The reply's request joined the list before this callback. */
  kb_request_label_set_request (self->request_label,
                                self->requests != NULL
                                  ? kb_requests_find_for (self->requests, "rename_batch",
                                                          kb_rename_batch_get_id (batch))
                                  : NULL);
  gtk_stack_set_visible_child_name (self->list_stack, "results");
  kb_list_import_clear (self->list_import);
  update_actions (self);
}

static void
submit_list (KbRenameList *self)
{
  g_autoptr(GPtrArray) rows = kb_list_import_get_rows (self->list_import);
  g_autoptr(GStrvBuilder) numbers = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_auto(GStrv) number_strv = NULL;
  g_auto(GStrv) name_strv = NULL;

  kb_rename_rule_check (self->rule);
  if (!is_open (self) || self->submitting || rows->len == 0 ||
      kb_list_import_get_n_problems (self->list_import) > 0)
    return;

  g_array_set_size (self->sent_lines, 0);
  for (guint i = 0; i < rows->len; i++)
    {
      guint line = kb_list_import_row_get_line (rows->pdata[i]);

      g_array_append_val (self->sent_lines, line);
      g_strv_builder_add (numbers, kb_list_import_row_get_number (rows->pdata[i]));
      g_strv_builder_add (names, kb_list_import_row_get_name (rows->pdata[i]));
    }
  number_strv = g_strv_builder_end (numbers);
  name_strv = g_strv_builder_end (names);
  self->submitting = TRUE;
  update_actions (self);
  kb_renames_submit_async (self->renames, (const char * const *) number_strv,
                           (const char * const *) name_strv, self->cancellable, on_submitted, self);
}

static void
on_confirm_response (KbRenameList *self, const char *response)
{
  if (g_strcmp0 (response, "submit") == 0)
    submit_list (self);
}

static void
on_submit_button_clicked (KbRenameList *self)
{
  guint n = kb_list_import_get_n_valid (self->list_import);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (self->rule != NULL)
    kb_rename_rule_check (self->rule);
  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->submit_button)))
    return;

  body = g_strdup_printf (ngettext ("%u subscriber will be renamed in one request. New names take "
                                    "effect within 24 hours.",
                                    "%u subscribers will be renamed in one request. New names take "
                                    "effect within 24 hours.", n), n);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Send the Renames?"), body);
  kb_form_add_confirm_responses (ADW_MESSAGE_DIALOG (dialog), "submit", _("_Send"),
                                 ADW_RESPONSE_SUGGESTED);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_confirm_response), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_back_button_clicked (KbRenameList *self)
{
  gtk_stack_set_visible_child_name (self->list_stack, "import");
}

void
kb_rename_list_setup (KbRenameList  *self,
                      KbRenameRule  *rule,
                      KbSubscribers *subscribers,
                      KbRenames     *renames,
                      KbRequests    *requests)
{
  g_return_if_fail (KB_IS_RENAME_LIST (self));
  g_return_if_fail (KB_IS_RENAME_RULE (rule));
  g_return_if_fail (self->rule == NULL);

  self->rule = g_object_ref (rule);
  g_signal_connect_object (rule, "changed", G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);
  g_set_object (&self->renames, renames);
  g_set_object (&self->requests, requests);
  if (subscribers != NULL)
    kb_list_import_set_subscribers (self->list_import, subscribers);
  update_actions (self);
}

KbListImport *
kb_rename_list_get_list_import (KbRenameList *self)
{
  g_return_val_if_fail (KB_IS_RENAME_LIST (self), NULL);
  return self->list_import;
}

GListModel *
kb_rename_list_get_results (KbRenameList *self)
{
  g_return_val_if_fail (KB_IS_RENAME_LIST (self), NULL);
  return G_LIST_MODEL (self->results);
}

static void
kb_rename_list_dispose (GObject *object)
{
  KbRenameList *self = KB_RENAME_LIST (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->rule);
  g_clear_object (&self->renames);
  g_clear_object (&self->requests);
  gtk_widget_dispose_template (GTK_WIDGET (self), KB_TYPE_RENAME_LIST);

  G_OBJECT_CLASS (kb_rename_list_parent_class)->dispose (object);
}

static void
kb_rename_list_finalize (GObject *object)
{
  KbRenameList *self = KB_RENAME_LIST (object);

  g_clear_object (&self->results);
  g_clear_pointer (&self->sent_lines, g_array_unref);

  G_OBJECT_CLASS (kb_rename_list_parent_class)->finalize (object);
}

static void
kb_rename_list_class_init (KbRenameListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kb_rename_list_dispose;
  object_class->finalize = kb_rename_list_finalize;

  g_type_ensure (KB_TYPE_LIST_IMPORT);
  g_type_ensure (KB_TYPE_REQUEST_LABEL);
  gtk_widget_class_set_template_from_resource (
    widget_class, RESOURCE_BASE "/ui/sections/rename/kb-rename-list.ui");
  gtk_widget_class_bind_template_child (widget_class, KbRenameList, list_import);
  gtk_widget_class_bind_template_child (widget_class, KbRenameList, submit_hint_label);
  gtk_widget_class_bind_template_child (widget_class, KbRenameList, submit_button);
  gtk_widget_class_bind_template_child (widget_class, KbRenameList, results_label);
  gtk_widget_class_bind_template_child (widget_class, KbRenameList, request_label);
  gtk_widget_class_bind_template_child (widget_class, KbRenameList, results_view);
  gtk_widget_class_bind_template_callback (widget_class, on_list_import_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_submit_button_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_back_button_clicked);
}

static void
kb_rename_list_init (KbRenameList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The template's root, not bound: gtk_widget_dispose_template() would
   * unparent it behind AdwBin's back. */
  self->list_stack = GTK_STACK (adw_bin_get_child (ADW_BIN (self)));
  self->cancellable = g_cancellable_new ();
  self->results = g_list_store_new (KB_TYPE_RENAME_ROW);
  self->sent_lines = g_array_new (FALSE, FALSE, sizeof (guint));
  kb_rename_columns_setup_rows (self->results_view, G_LIST_MODEL (self->results), TRUE);
  update_actions (self);
}
