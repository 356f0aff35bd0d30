/* kb-rename-page.c — Rename Subscriber (Переименование абонента).
 *
 * Three views: the current subscriber (chosen in Subscriber Selection) and
 * a new name, checked as the server checks it; a list from a file or a
 * paste (KbListImport), sent as one batch after a confirmation, with each
 * row's result from the server; and the history of renames with their
 * status, where an entry opens to its rows.
 *
 * The operator's rule: in the last two calendar days of a month (Minsk
 * time) renames are made only by a paper application. The page then says
 * so and from which date the Cabinet accepts renames again, and the Rename
 * and Submit buttons are off. The server's clock may differ: its 409
 * rename_window_closed shows the same explanation. Nothing typed or loaded
 * is cleared by an error; a name is cleared when it was accepted, a list
 * when it was sent.
 */
#include "config.h"

#include "kb-rename-page.h"

#include <glib/gi18n.h>

#include "kb-api-error.h"
#include "kb-calendar.h"
#include "kb-cell.h"
#include "kb-format.h"
#include "kb-phone-number.h"
#include "kb-window.h"

struct _KbRenamePage
{
  KbPage parent_instance;

  GtkWidget *closed_box;
  GtkLabel *closed_title;
  GtkLabel *closed_label;
  AdwViewStack *view_stack;
  AdwActionRow *current_row;
  GtkButton *choose_button;
  AdwEntryRow *name_row;
  GtkLabel *name_error_label;
  GtkLabel *rename_result_label;
  GtkButton *rename_button;
  GtkStack *list_stack;
  KbListImport *list_import;
  GtkLabel *submit_hint_label;
  GtkButton *submit_button;
  GtkLabel *results_label;
  GtkColumnView *results_view;
  GtkStack *history_stack;
  GtkColumnView *history_view;
  GtkLabel *batch_label;
  GtkLabel *batch_error_label;
  GtkColumnView *batch_view;

  KbSubscribers *subscribers;
  KbRenames *renames;
  GListStore *results;
  GListStore *batch_rows;
  GCancellable *batch_cancellable;

  GArray *sent_lines;         /* the source line of each row of the list sent */
  GDateTime *fixed_now;
  gboolean server_closed;     /* the server said 409 since the last reload */
  GDateTime *server_reopens;
  gboolean renaming;
  gboolean submitting;
  gboolean name_tried;        /* an empty name is pointed out only after a try */
};

G_DEFINE_FINAL_TYPE (KbRenamePage, kb_rename_page, KB_TYPE_PAGE)

/* The clock and the rule */

static GDateTime *
page_now (KbRenamePage *self)
{
  g_autoptr(GTimeZone) minsk = g_time_zone_new_identifier ("+03:00");
  const char *env;

  if (self->fixed_now != NULL)
    return g_date_time_to_timezone (self->fixed_now, minsk);
  env = g_getenv ("KABINET_NOW");
  if (env != NULL)
    {
      g_autoptr(GDateTime) fixed = g_date_time_new_from_iso8601 (env, minsk);

      if (fixed != NULL)
        return g_date_time_to_timezone (fixed, minsk);
    }
  return g_date_time_new_now (minsk);
}

/* When renames open again after the server refused one that the page's
 * own clock allowed: the 1st of the month the server is about to enter. */
static GDateTime *
guess_server_reopens (GDateTime *now)
{
  g_autoptr(GDateTime) first = g_date_time_new (g_date_time_get_timezone (now),
                                                g_date_time_get_year (now), g_date_time_get_month (now),
                                                1, 0, 0, 0);

  if (g_date_time_get_day_of_month (now) <= 15)
    return g_steal_pointer (&first);
  return g_date_time_add_months (first, 1);
}

static char *
format_day (GDateTime *date_time)
{
  g_autoptr(GDate) date = g_date_new_dmy (g_date_time_get_day_of_month (date_time),
                                          g_date_time_get_month (date_time),
                                          g_date_time_get_year (date_time));

  return kb_format_local_date (date);
}

gboolean
kb_rename_page_get_open (KbRenamePage *self)
{
  g_autoptr(GDateTime) now = NULL;

  g_return_val_if_fail (KB_IS_RENAME_PAGE (self), FALSE);

  now = page_now (self);
  return kb_calendar_rename_open (now) && !self->server_closed;
}

static KbSubscriber *
current_subscriber (KbRenamePage *self)
{
  return self->subscribers != NULL ? kb_subscribers_get_current (self->subscribers) : NULL;
}

static void
update_actions (KbRenamePage *self)
{
  gboolean open = kb_rename_page_get_open (self);
  guint n_rows = kb_list_import_get_n_rows (self->list_import);
  guint n_problems = kb_list_import_get_n_problems (self->list_import);
  gboolean busy = kb_list_import_get_busy (self->list_import);
  g_autofree char *hint = NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->rename_button),
                            open && current_subscriber (self) != NULL && !self->renaming);
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
update_rule (KbRenamePage *self)
{
  g_autoptr(GDateTime) now = page_now (self);
  g_autoptr(GDateTime) reopens = NULL;
  gboolean open = kb_rename_page_get_open (self);

  if (!open)
    {
      g_autofree char *day = NULL;
      g_autofree char *text = NULL;

      if (!kb_calendar_rename_open (now))
        reopens = kb_calendar_rename_opens (now);
      else
        reopens = g_date_time_ref (self->server_reopens);
      day = format_day (reopens);
      gtk_label_set_text (self->closed_title, _("Renaming Only by a Paper Application Now"));
      /* TRANSLATORS: %s is the date from which the Cabinet accepts renames again (the 1st) */
      text = g_strdup_printf (_("In the last 2 calendar days of the month subscribers are not renamed "
                                "through the Cabinet: renaming is possible only by a paper application. "
                                "The Cabinet accepts renames again from %s."), day);
      gtk_label_set_text (self->closed_label, text);
    }
  gtk_widget_set_visible (self->closed_box, !open);
  update_actions (self);
}

void
kb_rename_page_set_now (KbRenamePage *self, GDateTime *now)
{
  g_return_if_fail (KB_IS_RENAME_PAGE (self));

  g_clear_pointer (&self->fixed_now, g_date_time_unref);
  if (now != NULL)
    self->fixed_now = g_date_time_ref (now);
  update_rule (self);
}

static void
note_server_closed (KbRenamePage *self)
{
  g_autoptr(GDateTime) now = page_now (self);

  self->server_closed = TRUE;
  g_clear_pointer (&self->server_reopens, g_date_time_unref);
  self->server_reopens = guess_server_reopens (now);
  update_rule (self);
}

/* One subscriber */

static void
update_current (KbRenamePage *self)
{
  KbSubscriber *subscriber = current_subscriber (self);
  g_autofree char *number = NULL;
  g_autofree char *subtitle = NULL;

  if (subscriber == NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->current_row), _("No subscriber chosen"));
      adw_action_row_set_subtitle (self->current_row,
                                   _("Choose the subscriber to rename in Subscriber Selection."));
      update_actions (self);
      return;
    }

  number = kb_phone_number_format (kb_subscriber_get_number (subscriber));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->current_row), kb_subscriber_get_name (subscriber));
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
show_name_problem (KbRenamePage *self, const char *message)
{
  gtk_label_set_text (self->name_error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->name_error_label), message != NULL && *message != '\0');
  if (message != NULL && *message != '\0')
    gtk_widget_add_css_class (GTK_WIDGET (self->name_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");
}

static KbSubscriberListProblem
check_typed_name (KbRenamePage *self)
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
on_name_changed (KbRenamePage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->rename_result_label), FALSE);
  check_typed_name (self);
}

static void
on_renamed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  KbRenamePage *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(KbSubscriber) renamed = kb_renames_rename_finish (KB_RENAMES (source), result, &error);
  KbSubscriber *known;
  g_autofree char *at = NULL;
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = KB_RENAME_PAGE (user_data);
  self->renaming = FALSE;

  if (renamed == NULL)
    {
      if (g_error_matches (error, KB_API_ERROR, KB_API_ERROR_RENAME_WINDOW_CLOSED))
        note_server_closed (self);
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
                            ? kb_subscriber_get_pending_name (renamed) : kb_subscriber_get_name (renamed),
                          at);
  self->name_tried = FALSE;
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), "");
  show_name_problem (self, NULL);
  gtk_label_set_text (self->rename_result_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->rename_result_label), TRUE);
  update_current (self);
}

static void
on_rename_clicked (KbRenamePage *self)
{
  KbSubscriber *subscriber = current_subscriber (self);
  g_autofree char *name = NULL;

  update_rule (self);
  if (subscriber == NULL || self->renaming || !kb_rename_page_get_open (self))
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
  update_actions (self);
  kb_renames_rename_async (self->renames, kb_subscriber_get_id (subscriber), name,
                           kb_page_get_cancellable (KB_PAGE (self)), on_renamed, self);
}

static void
on_choose_clicked (KbRenamePage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (KB_IS_WINDOW (root))
    kb_window_show_section (KB_WINDOW (root), "subscribers");
}

/* Rows with a result: after a submit, and in an opened history entry */

typedef enum {
  COLUMN_LINE,
  COLUMN_NUMBER,
  COLUMN_NAME,
  COLUMN_STATUS,
  COLUMN_REASON,
} RowColumn;

/* Returns: (transfer none): why the server refused a row, translated by its
 * code. A code this version does not know gets a translated sentence too:
 * the server's own words are English, for its logs. */
static const char *
reason_for_code (const char *code)
{
  if (code == NULL)
    return "";
  for (KbSubscriberListProblem problem = KB_SUBSCRIBER_LIST_PROBLEM_MISSING_COLUMN;
       problem <= KB_SUBSCRIBER_LIST_PROBLEM_UNKNOWN_NUMBER; problem++)
    if (g_strcmp0 (kb_subscriber_list_problem_to_code (problem), code) == 0)
      return kb_subscriber_list_problem_get_message (problem);
  return _("Refused by the operator");
}

static const char *
status_text (KbRenameStatus status, gboolean just_sent)
{
  switch (status)
    {
    case KB_RENAME_STATUS_PENDING:
      return just_sent ? _("Accepted") : C_("rename status", "Pending");
    case KB_RENAME_STATUS_DONE:
      return C_("rename status", "Done");
    case KB_RENAME_STATUS_REJECTED:
      return C_("rename status", "Rejected");
    case KB_RENAME_STATUS_UNKNOWN:
    default:
      return "—";
    }
}

static const char *
status_style (KbRenameStatus status, gboolean just_sent)
{
  switch (status)
    {
    case KB_RENAME_STATUS_PENDING:
      return just_sent ? "success" : "warning";
    case KB_RENAME_STATUS_DONE:
      return "success";
    case KB_RENAME_STATUS_REJECTED:
      return "error";
    case KB_RENAME_STATUS_UNKNOWN:
    default:
      return NULL;
    }
}

static void
set_pill (GtkWidget *label, const char *text, const char *style)
{
  static const char * const styles[] = { "warning", "success", "error" };

  gtk_label_set_text (GTK_LABEL (label), text);
  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    gtk_widget_remove_css_class (label, styles[i]);
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
}

static void
setup_label_cell (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  int column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "kb-column"));
  gboolean pill = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "kb-pill"));
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), column == COLUMN_LINE ? 1.0 : 0.0);
  if (pill)
    {
      gtk_widget_set_halign (label, GTK_ALIGN_START);
      gtk_widget_add_css_class (label, "status-pill");
    }
  else
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
    }
  if (column == COLUMN_LINE)
    gtk_widget_add_css_class (label, "dim-label");
  gtk_list_item_set_child (item, label);
}

static void
bind_row_cell (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  gboolean just_sent = GPOINTER_TO_INT (data);
  RowColumn column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "kb-column"));
  KbRenameRow *row = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  g_autofree char *text = NULL;

  switch (column)
    {
    case COLUMN_LINE:
      text = g_strdup_printf ("%u", kb_rename_row_get_row (row));
      break;
    case COLUMN_NUMBER:
      text = kb_phone_number_is_canonical (kb_rename_row_get_number (row))
               ? kb_phone_number_format (kb_rename_row_get_number (row))
               : g_strdup (kb_rename_row_get_number (row));
      break;
    case COLUMN_NAME:
      text = g_strdup (kb_rename_row_get_name (row));
      break;
    case COLUMN_STATUS:
      text = g_strdup (status_text (kb_rename_row_get_status (row), just_sent));
      set_pill (label, text, status_style (kb_rename_row_get_status (row), just_sent));
      break;
    case COLUMN_REASON:
    default:
      text = g_strdup (reason_for_code (kb_rename_row_get_code (row)));
      break;
    }
  if (column != COLUMN_STATUS)
    gtk_label_set_text (GTK_LABEL (label), text);
  kb_cell_set_accessible_text (label, text);
}

static void
add_column (GtkColumnView *view, const char *title, int column, gboolean pill, gboolean expand,
            GCallback bind, gpointer bind_data)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *view_column;

  g_object_set_data (G_OBJECT (factory), "kb-column", GINT_TO_POINTER (column));
  g_object_set_data (G_OBJECT (factory), "kb-pill", GINT_TO_POINTER (pill));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_label_cell), NULL);
  g_signal_connect (factory, "bind", bind, bind_data);
  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_append_column (view, view_column);
  g_object_unref (view_column);
}

static void
setup_row_view (GtkColumnView *view, GListModel *model, gboolean just_sent)
{
  GtkNoSelection *selection = gtk_no_selection_new (g_object_ref (model));

  add_column (view, _("Line"), COLUMN_LINE, FALSE, FALSE, G_CALLBACK (bind_row_cell), GINT_TO_POINTER (just_sent));
  add_column (view, _("Number"), COLUMN_NUMBER, FALSE, FALSE, G_CALLBACK (bind_row_cell), GINT_TO_POINTER (just_sent));
  add_column (view, _("New name"), COLUMN_NAME, FALSE, TRUE, G_CALLBACK (bind_row_cell), GINT_TO_POINTER (just_sent));
  add_column (view, just_sent ? _("Result") : _("Status"), COLUMN_STATUS, TRUE, FALSE,
              G_CALLBACK (bind_row_cell), GINT_TO_POINTER (just_sent));
  add_column (view, _("Reason"), COLUMN_REASON, FALSE, TRUE, G_CALLBACK (bind_row_cell), GINT_TO_POINTER (just_sent));
  gtk_column_view_set_model (view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
}

/* A list */

static void
on_submitted (GObject *source, GAsyncResult *result, gpointer user_data)
{
  KbRenamePage *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(KbRenameBatch) batch = kb_renames_submit_finish (KB_RENAMES (source), result, &error);
  GPtrArray *rows;
  g_autofree char *accepted = NULL;
  g_autofree char *rejected = NULL;
  g_autofree char *summary = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = KB_RENAME_PAGE (user_data);
  self->submitting = FALSE;

  if (batch == NULL)
    {
      if (g_error_matches (error, KB_API_ERROR, KB_API_ERROR_RENAME_WINDOW_CLOSED))
        note_server_closed (self);
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
      g_autoptr(KbRenameRow) shown =
        kb_rename_row_new (index < self->sent_lines->len ? g_array_index (self->sent_lines, guint, index)
                                                         : kb_rename_row_get_row (row),
                           kb_rename_row_get_number (row), kb_rename_row_get_name (row),
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
  gtk_stack_set_visible_child_name (self->list_stack, "results");
  kb_list_import_clear (self->list_import);
  update_actions (self);
}

static void
submit_list (KbRenamePage *self)
{
  g_autoptr(GPtrArray) rows = kb_list_import_get_rows (self->list_import);
  g_autoptr(GStrvBuilder) numbers = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_auto(GStrv) number_strv = NULL;
  g_auto(GStrv) name_strv = NULL;

  update_rule (self);
  if (!kb_rename_page_get_open (self) || self->submitting || rows->len == 0 ||
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
  kb_renames_submit_async (self->renames, (const char * const *) number_strv, (const char * const *) name_strv,
                           kb_page_get_cancellable (KB_PAGE (self)), on_submitted, self);
}

static void
on_confirm_response (KbRenamePage *self, const char *response)
{
  if (g_strcmp0 (response, "submit") == 0)
    submit_list (self);
}

static void
on_submit_clicked (KbRenamePage *self)
{
  guint n = kb_list_import_get_n_valid (self->list_import);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  update_rule (self);
  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->submit_button)))
    return;

  body = g_strdup_printf (ngettext ("%u subscriber will be renamed in one request. New names take "
                                    "effect within 24 hours.",
                                    "%u subscribers will be renamed in one request. New names take "
                                    "effect within 24 hours.", n), n);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Send the Renames?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "submit", _("_Send"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "submit",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "submit");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_confirm_response), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_results_back_clicked (KbRenamePage *self)
{
  gtk_stack_set_visible_child_name (self->list_stack, "import");
}

/* History */

typedef enum {
  HISTORY_WHEN,
  HISTORY_WHAT,
  HISTORY_RESULT,
  HISTORY_STATUS,
} HistoryColumn;

static char *
batch_title (KbRenameBatch *batch)
{
  if (kb_rename_batch_get_single (batch) && kb_rename_batch_get_number (batch) != NULL)
    {
      g_autofree char *number = kb_phone_number_format (kb_rename_batch_get_number (batch));

      /* TRANSLATORS: a phone number and the new name it was given */
      return g_strdup_printf (_("%s → “%s”"), number != NULL ? number : kb_rename_batch_get_number (batch),
                              kb_rename_batch_get_name (batch) != NULL ? kb_rename_batch_get_name (batch) : "");
    }
  return g_strdup_printf (ngettext ("List of %u row", "List of %u rows", kb_rename_batch_get_total (batch)),
                          kb_rename_batch_get_total (batch));
}

static void
bind_history_cell (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  HistoryColumn column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "kb-column"));
  KbRenameBatch *batch = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  g_autofree char *text = NULL;

  switch (column)
    {
    case HISTORY_WHEN:
      text = kb_format_local_date_time (kb_rename_batch_get_created_at (batch));
      break;
    case HISTORY_WHAT:
      text = batch_title (batch);
      break;
    case HISTORY_RESULT:
      {
        g_autofree char *accepted = g_strdup_printf (ngettext ("%u accepted", "%u accepted",
                                                               kb_rename_batch_get_accepted (batch)),
                                                     kb_rename_batch_get_accepted (batch));
        g_autofree char *rejected = g_strdup_printf (ngettext ("%u rejected", "%u rejected",
                                                               kb_rename_batch_get_rejected (batch)),
                                                     kb_rename_batch_get_rejected (batch));

        text = g_strdup_printf (_("%s, %s"), accepted, rejected);
      }
      break;
    case HISTORY_STATUS:
    default:
      text = g_strdup (status_text (kb_rename_batch_get_status (batch), FALSE));
      set_pill (label, text, status_style (kb_rename_batch_get_status (batch), FALSE));
      break;
    }
  if (column != HISTORY_STATUS)
    gtk_label_set_text (GTK_LABEL (label), text);
  kb_cell_set_accessible_text (label, text);
}

static void
update_history_view (KbRenamePage *self)
{
  const char *shown = gtk_stack_get_visible_child_name (self->history_stack);
  guint n = self->renames != NULL ? g_list_model_get_n_items (kb_renames_get_model (self->renames)) : 0;

  if (g_strcmp0 (shown, "batch") == 0)
    return;
  gtk_stack_set_visible_child_name (self->history_stack, n > 0 ? "list" : "empty");
}

static void
on_batch_fetched (GObject *source, GAsyncResult *result, gpointer user_data)
{
  KbRenamePage *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(KbRenameBatch) batch = kb_renames_fetch_batch_finish (KB_RENAMES (source), result, &error);
  GPtrArray *rows;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = KB_RENAME_PAGE (user_data);
  if (batch == NULL)
    {
      gtk_label_set_text (self->batch_error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->batch_error_label), TRUE);
      return;
    }
  rows = kb_rename_batch_get_rows (batch);
  g_list_store_splice (self->batch_rows, 0, g_list_model_get_n_items (G_LIST_MODEL (self->batch_rows)),
                       rows != NULL ? rows->pdata : NULL, rows != NULL ? rows->len : 0);
}

void
kb_rename_page_open_history_entry (KbRenamePage *self, guint position)
{
  g_autoptr(KbRenameBatch) batch = NULL;
  g_autofree char *title = NULL;
  g_autofree char *when = NULL;
  g_autofree char *heading = NULL;

  g_return_if_fail (KB_IS_RENAME_PAGE (self));

  batch = g_list_model_get_item (kb_renames_get_model (self->renames), position);
  if (batch == NULL)
    return;
  title = batch_title (batch);
  when = kb_format_local_date_time (kb_rename_batch_get_created_at (batch));
  /* TRANSLATORS: what was renamed (a number and a name, or a list), and when */
  heading = g_strdup_printf (_("%s, sent %s"), title, when);
  gtk_label_set_text (self->batch_label, heading);
  gtk_widget_set_visible (GTK_WIDGET (self->batch_error_label), FALSE);
  g_list_store_remove_all (self->batch_rows);
  gtk_stack_set_visible_child_name (self->history_stack, "batch");

  g_cancellable_cancel (self->batch_cancellable);
  g_clear_object (&self->batch_cancellable);
  self->batch_cancellable = g_cancellable_new ();
  kb_renames_fetch_batch_async (self->renames, kb_rename_batch_get_id (batch), self->batch_cancellable,
                                on_batch_fetched, self);
}

static void
on_history_activate (KbRenamePage *self, guint position)
{
  kb_rename_page_open_history_entry (self, position);
}

static void
on_batch_back_clicked (KbRenamePage *self)
{
  gtk_stack_set_visible_child_name (self->history_stack, "list");
  update_history_view (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->history_view));
}

static void
setup_history_view (KbRenamePage *self)
{
  GListModel *model = kb_renames_get_model (self->renames);
  GtkSingleSelection *selection = gtk_single_selection_new (g_object_ref (model));

  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  add_column (self->history_view, _("Sent"), HISTORY_WHEN, FALSE, FALSE, G_CALLBACK (bind_history_cell), NULL);
  add_column (self->history_view, _("Renamed"), HISTORY_WHAT, FALSE, TRUE, G_CALLBACK (bind_history_cell), NULL);
  add_column (self->history_view, _("Result"), HISTORY_RESULT, FALSE, FALSE, G_CALLBACK (bind_history_cell), NULL);
  add_column (self->history_view, _("Status"), HISTORY_STATUS, TRUE, FALSE, G_CALLBACK (bind_history_cell), NULL);
  gtk_column_view_set_model (self->history_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
  g_signal_connect_object (model, "items-changed", G_CALLBACK (update_history_view), self, G_CONNECT_SWAPPED);
}

static void
kb_rename_page_refresh_async (KbPage              *page,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  kb_renames_refresh_async (KB_RENAME_PAGE (page)->renames, cancellable, callback, user_data);
}

static gboolean
kb_rename_page_refresh_finish (KbPage        *page,
                               GAsyncResult  *result,
                               GDateTime    **fetched_at,
                               GError       **error)
{
  KbRenames *renames = KB_RENAME_PAGE (page)->renames;
  gboolean done = kb_renames_refresh_finish (renames, result, error);
  GDateTime *when = kb_renames_get_fetched_at (renames);

  *fetched_at = when != NULL ? g_date_time_ref (when) : NULL;
  return done;
}

/* The forms are always there to show; a history that could not be fetched
 * is empty, and the banner says why. */
static gboolean
kb_rename_page_show_cached (KbPage *page, KbPageData data)
{
  update_history_view (KB_RENAME_PAGE (page));
  return TRUE;
}

/* The rename window and the current subscriber are looked at again on
 * every reload, even while the history is being refreshed. */
static void
kb_rename_page_reload (KbPage *page)
{
  KbRenamePage *self = KB_RENAME_PAGE (page);

  if (self->renames == NULL)
    return;
  self->server_closed = FALSE;
  update_rule (self);
  update_current (self);
  KB_PAGE_CLASS (kb_rename_page_parent_class)->reload (page);
}

/* Accessors */

KbListImport *
kb_rename_page_get_list_import (KbRenamePage *self)
{
  g_return_val_if_fail (KB_IS_RENAME_PAGE (self), NULL);
  return self->list_import;
}

GListModel *
kb_rename_page_get_results (KbRenamePage *self)
{
  g_return_val_if_fail (KB_IS_RENAME_PAGE (self), NULL);
  return G_LIST_MODEL (self->results);
}

GListModel *
kb_rename_page_get_batch_rows (KbRenamePage *self)
{
  g_return_val_if_fail (KB_IS_RENAME_PAGE (self), NULL);
  return G_LIST_MODEL (self->batch_rows);
}

/* GObject */

static void
kb_rename_page_constructed (GObject *object)
{
  KbRenamePage *self = KB_RENAME_PAGE (object);
  KbSync *sync = kb_page_get_sync (KB_PAGE (self));

  G_OBJECT_CLASS (kb_rename_page_parent_class)->constructed (object);
  if (sync == NULL)
    return;

  self->subscribers = g_object_ref (kb_sync_get_subscribers (sync));
  self->renames = g_object_ref (kb_sync_get_renames (sync));
  g_signal_connect_object (self->subscribers, "notify::current-subscriber", G_CALLBACK (update_current), self,
                           G_CONNECT_SWAPPED);
  kb_list_import_set_subscribers (self->list_import, self->subscribers);
  setup_history_view (self);
  update_history_view (self);
}

static void
kb_rename_page_dispose (GObject *object)
{
  KbRenamePage *self = KB_RENAME_PAGE (object);

  g_cancellable_cancel (self->batch_cancellable);
  g_clear_object (&self->batch_cancellable);
  g_clear_object (&self->subscribers);
  g_clear_object (&self->renames);
  gtk_widget_dispose_template (GTK_WIDGET (self), KB_TYPE_RENAME_PAGE);

  G_OBJECT_CLASS (kb_rename_page_parent_class)->dispose (object);
}

static void
kb_rename_page_finalize (GObject *object)
{
  KbRenamePage *self = KB_RENAME_PAGE (object);

  g_clear_object (&self->results);
  g_clear_object (&self->batch_rows);
  g_clear_pointer (&self->sent_lines, g_array_unref);
  g_clear_pointer (&self->fixed_now, g_date_time_unref);
  g_clear_pointer (&self->server_reopens, g_date_time_unref);

  G_OBJECT_CLASS (kb_rename_page_parent_class)->finalize (object);
}

static void
kb_rename_page_class_init (KbRenamePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = kb_rename_page_constructed;
  object_class->dispose = kb_rename_page_dispose;
  object_class->finalize = kb_rename_page_finalize;
  KB_PAGE_CLASS (klass)->reload = kb_rename_page_reload;
  KB_PAGE_CLASS (klass)->refresh_async = kb_rename_page_refresh_async;
  KB_PAGE_CLASS (klass)->refresh_finish = kb_rename_page_refresh_finish;
  KB_PAGE_CLASS (klass)->show_cached = kb_rename_page_show_cached;

  g_type_ensure (KB_TYPE_LIST_IMPORT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/sections/rename/kb-rename-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KbRenamePage, closed_box);
  gtk_widget_class_bind_template_child (widget_class, KbRenamePage, closed_title);
  gtk_widget_class_bind_template_child (widget_class, KbRenamePage, closed_label);
  gtk_widget_class_bind_template_child (widget_class, KbRenamePage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, KbRenamePage, current_row);
  gtk_widget_class_bind_template_child (widget_class, KbRenamePage, choose_button);
  gtk_widget_class_bind_template_child (widget_class, KbRenamePage, name_row);
  gtk_widget_class_bind_template_child (widget_class, KbRenamePage, name_error_label);
  gtk_widget_class_bind_template_child (widget_class, KbRenamePage, rename_result_label);
  gtk_widget_class_bind_template_child (widget_class, KbRenamePage, rename_button);
  gtk_widget_class_bind_template_child (widget_class, KbRenamePage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, KbRenamePage, list_import);
  gtk_widget_class_bind_template_child (widget_class, KbRenamePage, submit_hint_label);
  gtk_widget_class_bind_template_child (widget_class, KbRenamePage, submit_button);
  gtk_widget_class_bind_template_child (widget_class, KbRenamePage, results_label);
  gtk_widget_class_bind_template_child (widget_class, KbRenamePage, results_view);
  gtk_widget_class_bind_template_child (widget_class, KbRenamePage, history_stack);
  gtk_widget_class_bind_template_child (widget_class, KbRenamePage, history_view);
  gtk_widget_class_bind_template_child (widget_class, KbRenamePage, batch_label);
  gtk_widget_class_bind_template_child (widget_class, KbRenamePage, batch_error_label);
  gtk_widget_class_bind_template_child (widget_class, KbRenamePage, batch_view);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_name_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_rename_clicked);
  gtk_widget_class_bind_template_callback (widget_class, update_actions);
  gtk_widget_class_bind_template_callback (widget_class, on_submit_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_results_back_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_history_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_batch_back_clicked);
}

static void
kb_rename_page_init (KbRenamePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->results = g_list_store_new (KB_TYPE_RENAME_ROW);
  self->batch_rows = g_list_store_new (KB_TYPE_RENAME_ROW);
  self->sent_lines = g_array_new (FALSE, FALSE, sizeof (guint));
  setup_row_view (self->results_view, G_LIST_MODEL (self->results), TRUE);
  setup_row_view (self->batch_view, G_LIST_MODEL (self->batch_rows), FALSE);
  update_current (self);
  update_rule (self);
}
