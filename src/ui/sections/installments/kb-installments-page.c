/* kb-installments-page.c — Installment Information (Информация по рассрочке).
 *
 * Equipment bought in installments, grouped by subscriber: for each piece
 * the total, what is paid, the payments left, the monthly payment and the
 * payoff date, with a progress bar; above them the sum of the monthly
 * payments. Cached rows first, then the server's; an empty state when the
 * client has none.
 */
#include "config.h"

#include "kb-installments-page.h"

#include "kb-phone-number.h"

#include <glib/gi18n.h>

#include "kb-billing-format.h"
#include "kb-money.h"
#include "kb-sync-billing.h"
#include "kb-value-row.h"

struct _KbInstallmentsPage
{
  KbPage parent_instance;

  GtkStack *content_stack;
  AdwPreferencesPage *list_page;
  GtkLabel *monthly_total_label;
  GtkLabel *remaining_total_label;

  GPtrArray *groups;
};

G_DEFINE_FINAL_TYPE (KbInstallmentsPage, kb_installments_page, KB_TYPE_PAGE)

/* AdwExpanderRow 1.2 has no accessible name, and puts its header in a list
 * row of its own that has none either, so a screen reader would announce
 * empty items: give both the row's title and summary. */
static void
label_expander_header (GtkWidget *expander, const char *title, const char *subtitle)
{
  g_autofree char *name = g_strdup_printf ("%s, %s", title, subtitle);
  GtkWidget *header = NULL;
  GPtrArray *queue = g_ptr_array_new ();

  g_ptr_array_add (queue, expander);
  for (guint i = 0; i < queue->len && header == NULL; i++)
    for (GtkWidget *child = gtk_widget_get_first_child (g_ptr_array_index (queue, i));
         child != NULL; child = gtk_widget_get_next_sibling (child))
      {
        if (GTK_IS_LIST_BOX_ROW (child) && !ADW_IS_PREFERENCES_ROW (child))
          {
            header = child;
            break;
          }
        g_ptr_array_add (queue, child);
      }
  g_ptr_array_unref (queue);

  if (header != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (header), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  /* Nor does the expander row name itself after its title. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (expander), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

static GtkWidget *
installment_row (KbInstallment *item)
{
  const char *currency = kb_installment_get_currency (item);
  guint left = kb_installment_get_payments_left (item);
  g_autofree char *total = kb_money_format (kb_installment_get_total (item), currency);
  g_autofree char *paid = kb_money_format (kb_installment_get_paid (item), currency);
  g_autofree char *remaining = kb_money_format (kb_installment_get_remaining (item), currency);
  g_autofree char *monthly = kb_money_format (kb_installment_get_monthly_payment (item), currency);
  g_autofree char *payoff = kb_format_iso_date (kb_installment_get_payoff_on (item));
  g_autofree char *next = kb_format_iso_date (kb_installment_get_next_payment_on (item));
  g_autofree char *left_text = g_strdup_printf ("%u", left);
  g_autofree char *subtitle = NULL;
  g_autofree char *progress_name = NULL;
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *progress = gtk_progress_bar_new ();
  double fraction = kb_installment_get_fraction_paid (item);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), kb_installment_get_equipment (item));
  /* TRANSLATORS: the summary of one installment: the monthly payment, how
   * many payments are left, and the payoff date */
  subtitle = g_strdup_printf (ngettext ("%s a month · %u payment left · paid off on %s",
                                        "%s a month · %u payments left · paid off on %s", left),
                              monthly, left, payoff);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);

  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (progress), fraction);
  gtk_widget_set_valign (progress, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (progress, 120, -1);
  /* TRANSLATORS: the accessible name of an installment's progress bar:
   * what is paid of the total */
  progress_name = g_strdup_printf (_("Paid %s of %s"), paid, total);
  gtk_widget_set_tooltip_text (progress, progress_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (progress), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  progress_name, -1);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), progress);

  label_expander_header (row, kb_installment_get_equipment (item), subtitle);

  {
    const struct { const char *title; const char *value; } values[] = {
      { _("Total"), total },
      { _("Paid"), paid },
      { _("Left to pay"), remaining },
      { _("Monthly payment"), monthly },
      { _("Payments left"), left_text },
      { _("Next payment"), next },
      { _("Payoff date"), payoff },
    };

    for (guint i = 0; i < G_N_ELEMENTS (values); i++)
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                                kb_value_row_new (values[i].title, values[i].value, NULL));
  }
  return row;
}

static void
clear_groups (KbInstallmentsPage *self)
{
  for (guint i = 0; i < self->groups->len; i++)
    adw_preferences_page_remove (self->list_page, g_ptr_array_index (self->groups, i));
  g_ptr_array_set_size (self->groups, 0);
}

static void
show_installments (KbInstallmentsPage *self, GPtrArray *items)
{
  AdwPreferencesGroup *group = NULL;
  const char *group_number = NULL;
  const char *currency = KB_MONEY_CURRENCY;
  gint64 monthly = 0, remaining = 0;
  g_autofree char *monthly_text = NULL;
  g_autofree char *remaining_text = NULL;

  clear_groups (self);

  /* The server sends them ordered by subscriber number: one group each. */
  for (guint i = 0; i < items->len; i++)
    {
      KbInstallment *item = g_ptr_array_index (items, i);

      if (group == NULL || g_strcmp0 (group_number, kb_installment_get_number (item)) != 0)
        {
          g_autofree char *shown = NULL;

          group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
          group_number = kb_installment_get_number (item);
          shown = kb_phone_number_format (group_number);
          adw_preferences_group_set_title (group, shown);
          adw_preferences_page_add (self->list_page, group);
          g_ptr_array_add (self->groups, group);
        }
      adw_preferences_group_add (group, installment_row (item));
      monthly += kb_installment_get_monthly_payment (item);
      remaining += kb_installment_get_remaining (item);
      currency = kb_installment_get_currency (item);
    }

  monthly_text = kb_money_format (monthly, currency);
  remaining_text = kb_money_format (remaining, currency);
  gtk_label_set_text (self->monthly_total_label, monthly_text);
  gtk_label_set_text (self->remaining_total_label, remaining_text);
  gtk_stack_set_visible_child_name (self->content_stack, items->len > 0 ? "list" : "empty");
}

static const KbPageRefresh refresh = {
  .refresh_async = G_CALLBACK (kb_sync_refresh_installments_async),
  .refresh_finish = G_CALLBACK (kb_sync_refresh_installments_finish),
  .dup_fetched_at = G_CALLBACK (kb_sync_dup_fetched_at),
  .key = KB_STORE_INSTALLMENTS,
};

static gboolean
kb_installments_page_show_cached (KbPage *page, KbPageData data)
{
  g_autoptr(GDateTime) fetched_at = kb_page_dup_fetched_at (page);
  g_autoptr(GPtrArray) items = NULL;

  if (fetched_at == NULL)
    return FALSE;
  items = kb_sync_load_installments (kb_page_get_sync (page));
  show_installments (KB_INSTALLMENTS_PAGE (page), items);
  return TRUE;
}

static void
kb_installments_page_dispose (GObject *object)
{
  KbInstallmentsPage *self = KB_INSTALLMENTS_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), KB_TYPE_INSTALLMENTS_PAGE);
  g_clear_pointer (&self->groups, g_ptr_array_unref);

  G_OBJECT_CLASS (kb_installments_page_parent_class)->dispose (object);
}

static void
kb_installments_page_class_init (KbInstallmentsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KbPageClass *page_class = KB_PAGE_CLASS (klass);

  object_class->dispose = kb_installments_page_dispose;
  page_class->show_cached = kb_installments_page_show_cached;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/sections/installments/kb-installments-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KbInstallmentsPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, KbInstallmentsPage, list_page);
  gtk_widget_class_bind_template_child (widget_class, KbInstallmentsPage, monthly_total_label);
  gtk_widget_class_bind_template_child (widget_class, KbInstallmentsPage, remaining_total_label);
}

static void
kb_installments_page_init (KbInstallmentsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  kb_page_set_refresh (KB_PAGE (self), &refresh, NULL);
  self->groups = g_ptr_array_new ();
}
