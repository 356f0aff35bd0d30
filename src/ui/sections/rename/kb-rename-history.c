/* kb-rename-history.c — Rename Subscriber's history: the renames, each opened to its rows.
 *
 * A table of the batches sent (one subscriber or a list), what was renamed,
 * how many rows were accepted and refused, and the batch's status. An entry
 * opens to its rows as the server has them now, fetched anew each time, so
 * that a pending row shows as done once the operator has made it.
 */
#include "config.h"

#include "kb-rename-history.h"

#include <glib/gi18n.h>

#include "kb-cell.h"
#include "kb-format.h"
#include "kb-phone-number.h"
#include "kb-rename-columns.h"

struct _KbRenameHistory
{
  AdwBin parent_instance;

  GtkStack *stack;
  GtkColumnView *history_view;
  GtkLabel *batch_label;
  GtkLabel *batch_error_label;
  GtkColumnView *batch_view;

  KbRenames *renames;
  GListStore *batch_rows;
  GCancellable *batch_cancellable;
};

G_DEFINE_FINAL_TYPE (KbRenameHistory, kb_rename_history, ADW_TYPE_BIN)

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
      return g_strdup_printf (_("%s → “%s”"),
                              number != NULL ? number : kb_rename_batch_get_number (batch),
                              kb_rename_batch_get_name (batch) != NULL
                                ? kb_rename_batch_get_name (batch) : "");
    }
  return g_strdup_printf (ngettext ("List of %u row", "List of %u rows",
                                    kb_rename_batch_get_total (batch)),
                          kb_rename_batch_get_total (batch));
}

static char *
history_cell_text (gpointer item, int column, gpointer user_data)
{
  KbRenameBatch *batch = item;

  switch ((HistoryColumn) column)
    {
    case HISTORY_WHEN:
      return kb_format_local_date_time (kb_rename_batch_get_created_at (batch));
    case HISTORY_WHAT:
      return batch_title (batch);
    case HISTORY_RESULT:
      {
        guint n_accepted = kb_rename_batch_get_accepted (batch);
        guint n_rejected = kb_rename_batch_get_rejected (batch);
        g_autofree char *accepted =
          g_strdup_printf (ngettext ("%u accepted", "%u accepted", n_accepted), n_accepted);
        g_autofree char *rejected =
          g_strdup_printf (ngettext ("%u rejected", "%u rejected", n_rejected), n_rejected);

        return g_strdup_printf (_("%s, %s"), accepted, rejected);
      }
    case HISTORY_STATUS:
    default:
      return g_strdup (kb_rename_status_to_display (kb_rename_batch_get_status (batch)));
    }
}

static const char *
history_status_style (gpointer item, int column, gpointer user_data)
{
  return kb_rename_columns_status_style (kb_rename_batch_get_status (item), FALSE);
}

static void
setup_history_columns (KbRenameHistory *self)
{
  /* The date is aligned and dimmed as a line number is in the rows' tables. */
  const struct {
    const char *title;
    KbCellFlags flags;
  } columns[] = {
    [HISTORY_WHEN] = { N_("Sent"), KB_CELL_END | KB_CELL_WRAP | KB_CELL_DIM },
    [HISTORY_WHAT] = { N_("Renamed"), KB_CELL_EXPAND | KB_CELL_WRAP },
    [HISTORY_RESULT] = { N_("Result"), KB_CELL_WRAP },
    [HISTORY_STATUS] = { N_("Status"), KB_CELL_PILL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    kb_cell_add_column (self->history_view,
                        &(KbCellColumn) {
                          .title = _(columns[i].title),
                          .column = i,
                          .flags = columns[i].flags,
                          .text = history_cell_text,
                          .style = i == HISTORY_STATUS ? history_status_style : NULL,
                        });
}

/* The list or, when there is nothing, why; an opened entry stays open. */
static void
update_view (KbRenameHistory *self)
{
  const char *shown = gtk_stack_get_visible_child_name (self->stack);
  GListModel *batches = self->renames != NULL ? kb_renames_get_model (self->renames) : NULL;
  guint n = batches != NULL ? g_list_model_get_n_items (batches) : 0;

  if (g_strcmp0 (shown, "batch") == 0)
    return;
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
}

static void
on_batch_fetched (GObject *source, GAsyncResult *result, gpointer user_data)
{
  KbRenameHistory *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(KbRenameBatch) batch =
    kb_renames_fetch_batch_finish (KB_RENAMES (source), result, &error);
  GPtrArray *rows;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = KB_RENAME_HISTORY (user_data);
  if (batch == NULL)
    {
      gtk_label_set_text (self->batch_error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->batch_error_label), TRUE);
      return;
    }
  rows = kb_rename_batch_get_rows (batch);
  g_list_store_splice (self->batch_rows, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->batch_rows)),
                       rows != NULL ? rows->pdata : NULL, rows != NULL ? rows->len : 0);
}

void
kb_rename_history_open_entry (KbRenameHistory *self, guint position)
{
  g_autoptr(KbRenameBatch) batch = NULL;
  g_autofree char *title = NULL;
  g_autofree char *when = NULL;
  g_autofree char *heading = NULL;

  g_return_if_fail (KB_IS_RENAME_HISTORY (self));

  if (self->renames == NULL)
    return;
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
  gtk_stack_set_visible_child_name (self->stack, "batch");

  g_cancellable_cancel (self->batch_cancellable);
  g_clear_object (&self->batch_cancellable);
  self->batch_cancellable = g_cancellable_new ();
  kb_renames_fetch_batch_async (self->renames, kb_rename_batch_get_id (batch),
                                self->batch_cancellable, on_batch_fetched, self);
}

static void
on_history_view_activate (KbRenameHistory *self, guint position)
{
  kb_rename_history_open_entry (self, position);
}

static void
on_back_button_clicked (KbRenameHistory *self)
{
  gtk_stack_set_visible_child_name (self->stack, "list");
  update_view (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->history_view));
}

void
kb_rename_history_set_renames (KbRenameHistory *self, KbRenames *renames)
{
  GListModel *model;

  g_return_if_fail (KB_IS_RENAME_HISTORY (self));
  g_return_if_fail (KB_IS_RENAMES (renames));
  g_return_if_fail (self->renames == NULL);

  self->renames = g_object_ref (renames);
  model = kb_renames_get_model (renames);
  kb_cell_set_rows_to_open (self->history_view, model);
  g_signal_connect_object (model, "items-changed", G_CALLBACK (update_view), self,
                           G_CONNECT_SWAPPED);
  update_view (self);
}

GListModel *
kb_rename_history_get_batch_rows (KbRenameHistory *self)
{
  g_return_val_if_fail (KB_IS_RENAME_HISTORY (self), NULL);
  return G_LIST_MODEL (self->batch_rows);
}

static void
kb_rename_history_dispose (GObject *object)
{
  KbRenameHistory *self = KB_RENAME_HISTORY (object);

  g_cancellable_cancel (self->batch_cancellable);
  g_clear_object (&self->batch_cancellable);
  g_clear_object (&self->renames);
  gtk_widget_dispose_template (GTK_WIDGET (self), KB_TYPE_RENAME_HISTORY);

  G_OBJECT_CLASS (kb_rename_history_parent_class)->dispose (object);
}

static void
kb_rename_history_finalize (GObject *object)
{
  KbRenameHistory *self = KB_RENAME_HISTORY (object);

  g_clear_object (&self->batch_rows);

  G_OBJECT_CLASS (kb_rename_history_parent_class)->finalize (object);
}

static void
kb_rename_history_class_init (KbRenameHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kb_rename_history_dispose;
  object_class->finalize = kb_rename_history_finalize;

  gtk_widget_class_set_template_from_resource (
    widget_class, RESOURCE_BASE "/ui/sections/rename/kb-rename-history.ui");
  gtk_widget_class_bind_template_child (widget_class, KbRenameHistory, history_view);
  gtk_widget_class_bind_template_child (widget_class, KbRenameHistory, batch_label);
  gtk_widget_class_bind_template_child (widget_class, KbRenameHistory, batch_error_label);
  gtk_widget_class_bind_template_child (widget_class, KbRenameHistory, batch_view);
  gtk_widget_class_bind_template_callback (widget_class, on_history_view_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_back_button_clicked);
}

static void
kb_rename_history_init (KbRenameHistory *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The template's root, not bound: gtk_widget_dispose_template() would
   * unparent it behind AdwBin's back. */
  self->stack = GTK_STACK (adw_bin_get_child (ADW_BIN (self)));
  self->batch_rows = g_list_store_new (KB_TYPE_RENAME_ROW);
  setup_history_columns (self);
  kb_rename_columns_setup_rows (self->batch_view, G_LIST_MODEL (self->batch_rows), FALSE);
  update_view (self);
}
