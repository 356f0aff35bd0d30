/* kb-rename-page.c — Rename Subscriber (Переименование абонента).
 *
 * Three views, each a widget of its own: the current subscriber and a new
 * name (KbRenameForm); a list from a file or a paste sent as one batch
 * (KbRenameList); and the history of renames, where an entry opens to its
 * rows (KbRenameHistory). The page owns what they share: the rule of when
 * the Cabinet accepts renames (KbRenameRule), its notice, and the refresh
 * of the history.
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

#include <string.h>

#include "kb-rename-page.h"

#include <glib/gi18n.h>

#include "kb-format.h"
#include "kb-rename-form.h"
#include "kb-rename-history.h"
#include "kb-rename-list.h"
#include "kb-rename-rule.h"

struct _KbRenamePage
{
  KbPage parent_instance;

  GtkWidget *closed_box;
  GtkLabel *closed_title;
  GtkLabel *closed_label;
  AdwViewStack *view_stack;
  KbRenameForm *form;
  KbRenameList *list;
  KbRenameHistory *history;

  KbRenames *renames;
  KbRenameRule *rule;
  char *target_batch;         /* a batch to open once the history has it */
};

G_DEFINE_FINAL_TYPE (KbRenamePage, kb_rename_page, KB_TYPE_PAGE)

/* The rule */

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
  g_return_val_if_fail (KB_IS_RENAME_PAGE (self), FALSE);
  return kb_rename_rule_get_open (self->rule);
}

static void
on_rule_changed (KbRenamePage *self)
{
  g_autoptr(GDateTime) reopens = kb_rename_rule_get_reopens (self->rule);

  if (reopens != NULL)
    {
      g_autofree char *day = format_day (reopens);
      g_autofree char *text = NULL;

      gtk_label_set_text (self->closed_title, _("Renaming Only by a Paper Application Now"));
      /* TRANSLATORS: %s is the date from which the Cabinet accepts renames again (the 1st) */
      text = g_strdup_printf (_("In the last 2 calendar days of the month subscribers are not renamed "
                                "through the Cabinet: renaming is possible only by a paper application. "
                                "The Cabinet accepts renames again from %s."), day);
      gtk_label_set_text (self->closed_label, text);
    }
  gtk_widget_set_visible (self->closed_box, reopens != NULL);
}

void
kb_rename_page_set_now (KbRenamePage *self, GDateTime *now)
{
  g_return_if_fail (KB_IS_RENAME_PAGE (self));
  kb_rename_rule_set_now (self->rule, now);
}

/* History */

static const KbPageRefresh refresh = {
  .refresh_async = G_CALLBACK (kb_renames_refresh_async),
  .refresh_finish = G_CALLBACK (kb_renames_refresh_finish),
  .get_fetched_at = G_CALLBACK (kb_renames_get_fetched_at),
};

/* The forms are always there to show; a history that could not be fetched
 * is empty (KbRenameHistory shows so by itself), and the banner says why. */
static gboolean
kb_rename_page_show_cached (KbPage *page, KbPageData data)
{
  return TRUE;
}

/* The rule is looked at again on every reload, even while the history is
 * being refreshed. */
static void
kb_rename_page_reload (KbPage *page)
{
  KbRenamePage *self = KB_RENAME_PAGE (page);

  if (self->renames == NULL)
    return;
  /* The server's last word is asked again; the form shows the subscriber anew. */
  kb_rename_rule_forget_server (self->rule);
  KB_PAGE_CLASS (kb_rename_page_parent_class)->reload (page);
}

/* Accessors */

KbListImport *
kb_rename_page_get_list_import (KbRenamePage *self)
{
  g_return_val_if_fail (KB_IS_RENAME_PAGE (self), NULL);
  return kb_rename_list_get_list_import (self->list);
}

GListModel *
kb_rename_page_get_results (KbRenamePage *self)
{
  g_return_val_if_fail (KB_IS_RENAME_PAGE (self), NULL);
  return kb_rename_list_get_results (self->list);
}

GListModel *
kb_rename_page_get_batch_rows (KbRenamePage *self)
{
  g_return_val_if_fail (KB_IS_RENAME_PAGE (self), NULL);
  return kb_rename_history_get_batch_rows (self->history);
}

void
kb_rename_page_open_history_entry (KbRenamePage *self, guint position)
{
  g_return_if_fail (KB_IS_RENAME_PAGE (self));
  kb_rename_history_open_entry (self->history, position);
}

static void
open_target_batch (KbRenamePage *self)
{
  GListModel *model;

  if (self->target_batch == NULL || self->renames == NULL)
    return;
  model = kb_renames_get_model (self->renames);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(KbRenameBatch) batch = g_list_model_get_item (model, i);

      if (g_str_equal (kb_rename_batch_get_id (batch), self->target_batch))
        {
          g_clear_pointer (&self->target_batch, g_free);
          kb_rename_history_open_entry (self->history, i);
          return;
        }
    }
}

/* GObject */

static void
kb_rename_page_constructed (GObject *object)
{
  KbRenamePage *self = KB_RENAME_PAGE (object);
  KbSync *sync = kb_page_get_sync (KB_PAGE (self));
  KbSubscribers *subscribers = sync != NULL ? kb_sync_get_subscribers (sync) : NULL;

  G_OBJECT_CLASS (kb_rename_page_parent_class)->constructed (object);
  if (sync != NULL)
    {
      self->renames = g_object_ref (kb_sync_get_renames (sync));
      kb_page_set_refresh (KB_PAGE (self), &refresh, self->renames);
    }
  kb_rename_form_setup (self->form, self->rule, subscribers, self->renames,
                        sync != NULL ? kb_sync_get_requests (sync) : NULL);
  kb_rename_list_setup (self->list, self->rule, subscribers, self->renames,
                        sync != NULL ? kb_sync_get_requests (sync) : NULL);
  if (sync == NULL)
    return;

  kb_rename_history_set_renames (self->history, self->renames);
  g_signal_connect_object (kb_renames_get_model (self->renames), "items-changed",
                           G_CALLBACK (open_target_batch), self, G_CONNECT_SWAPPED);
}

/* "batch/ID" (a request's target): that batch in the history, now or once
 * the history has it. */
static void
kb_rename_page_show_target (KbPage *page, const char *target)
{
  KbRenamePage *self = KB_RENAME_PAGE (page);

  if (!g_str_has_prefix (target, "batch/"))
    return;
  g_free (self->target_batch);
  self->target_batch = g_strdup (target + strlen ("batch/"));
  adw_view_stack_set_visible_child_name (self->view_stack, "history");
  open_target_batch (self);
}

static void
kb_rename_page_dispose (GObject *object)
{
  KbRenamePage *self = KB_RENAME_PAGE (object);

  g_clear_object (&self->renames);
  g_clear_pointer (&self->target_batch, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), KB_TYPE_RENAME_PAGE);
  g_clear_object (&self->rule);

  G_OBJECT_CLASS (kb_rename_page_parent_class)->dispose (object);
}

static void
kb_rename_page_class_init (KbRenamePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = kb_rename_page_constructed;
  object_class->dispose = kb_rename_page_dispose;
  KB_PAGE_CLASS (klass)->reload = kb_rename_page_reload;
  KB_PAGE_CLASS (klass)->show_cached = kb_rename_page_show_cached;
  KB_PAGE_CLASS (klass)->show_target = kb_rename_page_show_target;

  g_type_ensure (KB_TYPE_RENAME_FORM);
  g_type_ensure (KB_TYPE_RENAME_LIST);
  g_type_ensure (KB_TYPE_RENAME_HISTORY);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/sections/rename/kb-rename-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KbRenamePage, closed_box);
  gtk_widget_class_bind_template_child (widget_class, KbRenamePage, closed_title);
  gtk_widget_class_bind_template_child (widget_class, KbRenamePage, closed_label);
  gtk_widget_class_bind_template_child (widget_class, KbRenamePage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, KbRenamePage, form);
  gtk_widget_class_bind_template_child (widget_class, KbRenamePage, list);
  gtk_widget_class_bind_template_child (widget_class, KbRenamePage, history);
}

static void
kb_rename_page_init (KbRenamePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rule = kb_rename_rule_new ();
  g_signal_connect_object (self->rule, "changed", G_CALLBACK (on_rule_changed), self,
                           G_CONNECT_SWAPPED);
  on_rule_changed (self);
}
