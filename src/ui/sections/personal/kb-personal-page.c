/* kb-personal-page.c — Personal Information (Персональная информация).
 *
 * The client's profile, grouped as a GNOME settings panel would: shown from
 * the cache at once, refreshed in the background, with a banner that says
 * when the server cannot be reached and how old the shown data is.
 */
#include "config.h"

#include "kb-personal-page.h"

#include <glib/gi18n.h>

#include "kb-delivery-dialog.h"
#include "kb-request-label.h"
#include "kb-value-row.h"
#include "kb-format.h"
#include "kb-money.h"

typedef enum {
  FIELD_NAME,
  FIELD_UNP,
  FIELD_OKPO,
  FIELD_LEGAL_ADDRESS,
  FIELD_STATUS,
  FIELD_BALANCE,
  FIELD_PAYMENT_FORM,
  FIELD_CONTRACT_NUMBER,
  FIELD_CONTRACT_DATE,
  FIELD_DELIVERY_METHOD,
  FIELD_DELIVERY_ADDRESS,
  N_FIELDS
} Field;

typedef enum {
  GROUP_CLIENT,
  GROUP_BALANCE,
  GROUP_CONTRACT,
  GROUP_DELIVERY,
  N_GROUPS
} Group;

static const struct {
  Group group;
  const char *title;
  gboolean copyable;
} fields[N_FIELDS] = {
  [FIELD_NAME] = { GROUP_CLIENT, N_("Name"), TRUE },
  [FIELD_UNP] = { GROUP_CLIENT, N_("UNP"), TRUE },
  [FIELD_OKPO] = { GROUP_CLIENT, N_("OKPO"), TRUE },
  [FIELD_LEGAL_ADDRESS] = { GROUP_CLIENT, N_("Legal address"), TRUE },
  [FIELD_STATUS] = { GROUP_CLIENT, N_("Client status"), FALSE },
  [FIELD_BALANCE] = { GROUP_BALANCE, N_("Balance"), FALSE },
  [FIELD_PAYMENT_FORM] = { GROUP_BALANCE, N_("Payment form"), FALSE },
  [FIELD_CONTRACT_NUMBER] = { GROUP_CONTRACT, N_("Contract number"), TRUE },
  [FIELD_CONTRACT_DATE] = { GROUP_CONTRACT, N_("Contract date"), FALSE },
  [FIELD_DELIVERY_METHOD] = { GROUP_DELIVERY, N_("Delivery method"), FALSE },
  [FIELD_DELIVERY_ADDRESS] = { GROUP_DELIVERY, N_("Delivery address"), TRUE },
};

struct _KbPersonalPage
{
  KbPage parent_instance;

  AdwPreferencesGroup *groups[N_GROUPS];
  AdwPreferencesGroup *accounts_group;

  GtkLabel *values[N_FIELDS];
  GtkWidget *delivery_button;
  KbRequestLabel *delivery_request_label;
  GPtrArray *account_rows;
};

G_DEFINE_FINAL_TYPE (KbPersonalPage, kb_personal_page, KB_TYPE_PAGE)

/* The copy button copies the value as it is stored ("kb-copy-text"), not as
 * it is shown: an account number is shown in groups of four. */
static void
on_copy_clicked (GtkButton *button, GtkLabel *value)
{
  const char *text = g_object_get_data (G_OBJECT (value), "kb-copy-text");

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)),
                          text != NULL ? text : gtk_label_get_text (value));
  gtk_widget_activate_action (GTK_WIDGET (button), "win.toast", "s", _("Copied to the clipboard"));
}

/* A row of one read-only value; identifiers get a copy button. */
static GtkWidget *
make_value_row (const char *title, gboolean copyable, GtkLabel **value_out)
{
  GtkLabel *label;
  GtkWidget *row = kb_value_row_new (title, NULL, &label);
  GtkWidget *value = GTK_WIDGET (label);

  /* An address or a bank's name is long: it wraps, and takes the width. */
  gtk_label_set_wrap (label, TRUE);
  gtk_label_set_justify (label, GTK_JUSTIFY_RIGHT);
  gtk_widget_set_hexpand (value, TRUE);

  if (copyable)
    {
      GtkWidget *copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");
      /* TRANSLATORS: the tooltip and accessible name of a copy button; %s is the field, e.g. "UNP" */
      g_autofree char *tooltip = g_strdup_printf (_("Copy %s"), title);

      gtk_widget_set_valign (copy, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (copy, "flat");
      gtk_widget_set_tooltip_text (copy, tooltip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (copy), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
      g_signal_connect (copy, "clicked", G_CALLBACK (on_copy_clicked), value);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), copy);
    }

  *value_out = GTK_LABEL (value);
  return row;
}

static char *
field_text (KbClientProfile *profile, Field field)
{
  const char *text = NULL;

  switch (field)
    {
    case FIELD_NAME: text = kb_client_profile_get_name (profile); break;
    case FIELD_UNP: text = kb_client_profile_get_unp (profile); break;
    case FIELD_OKPO: text = kb_client_profile_get_okpo (profile); break;
    case FIELD_LEGAL_ADDRESS: text = kb_client_profile_get_legal_address (profile); break;
    case FIELD_STATUS: text = kb_client_status_to_display (kb_client_profile_get_status (profile)); break;
    case FIELD_BALANCE:
      return kb_money_format (kb_client_profile_get_balance (profile),
                              kb_client_profile_get_currency (profile));
    case FIELD_PAYMENT_FORM: text = kb_payment_form_to_display (kb_client_profile_get_payment_form (profile)); break;
    case FIELD_CONTRACT_NUMBER: text = kb_client_profile_get_contract_number (profile); break;
    case FIELD_CONTRACT_DATE:
      {
        g_autoptr(GDate) date = kb_client_profile_dup_contract_date (profile);
        return kb_format_local_date (date);
      }
    case FIELD_DELIVERY_METHOD: text = kb_delivery_method_to_display (kb_client_profile_get_delivery_method (profile)); break;
    case FIELD_DELIVERY_ADDRESS: text = kb_client_profile_get_delivery_address (profile); break;
    case N_FIELDS:
    default: g_assert_not_reached ();
    }

  return g_strdup (text != NULL && *text != '\0' ? text : "—");
}

/* @iban in groups of four characters, as it is printed, so that at 360 px
 * it wraps between two groups instead of pushing the row off-screen. */
static char *
group_iban (const char *iban)
{
  GString *grouped = g_string_new (NULL);
  guint n = 0;

  for (const char *c = iban; *c != '\0'; c = g_utf8_next_char (c), n++)
    {
      if (n > 0 && n % 4 == 0)
        g_string_append_c (grouped, ' ');
      g_string_append_unichar (grouped, g_utf8_get_char (c));
    }
  return g_string_free (grouped, FALSE);
}

static void
show_accounts (KbPersonalPage *self, GListModel *accounts)
{
  guint n = g_list_model_get_n_items (accounts);

  for (guint i = 0; i < self->account_rows->len; i++)
    adw_preferences_group_remove (self->accounts_group, g_ptr_array_index (self->account_rows, i));
  g_ptr_array_set_size (self->account_rows, 0);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KbBankAccount) account = g_list_model_get_item (accounts, i);
      g_autofree char *subtitle = NULL;
      g_autofree char *grouped = NULL;
      GtkLabel *value;
      GtkWidget *row;

      /* TRANSLATORS: a bank account row: %s is the bank, then its BIC code */
      subtitle = g_strdup_printf (_("%s, BIC %s"),
                                  kb_bank_account_get_bank_name (account) ? kb_bank_account_get_bank_name (account) : "—",
                                  kb_bank_account_get_bic (account) ? kb_bank_account_get_bic (account) : "—");
      row = make_value_row (_("Account"), TRUE, &value);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      grouped = group_iban (kb_bank_account_get_iban (account));
      gtk_label_set_text (value, grouped);
      g_object_set_data_full (G_OBJECT (value), "kb-copy-text",
                              g_strdup (kb_bank_account_get_iban (account)), g_free);
      gtk_widget_add_css_class (GTK_WIDGET (value), "monospace");
      adw_preferences_group_add (self->accounts_group, row);
      g_ptr_array_add (self->account_rows, row);
    }

  adw_preferences_group_set_description (self->accounts_group,
                                         n == 0 ? _("No bank accounts are registered.") : NULL);
}

static void
show_profile (KbPersonalPage *self, KbClientProfile *profile)
{
  for (Field f = 0; f < N_FIELDS; f++)
    {
      g_autofree char *text = field_text (profile, f);

      gtk_label_set_text (self->values[f], text);
    }

  if (kb_client_profile_get_balance (profile) < 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->values[FIELD_BALANCE]), "balance-negative");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->values[FIELD_BALANCE]), "balance-negative");

  show_accounts (self, kb_client_profile_get_bank_accounts (profile));
}

static const KbPageRefresh refresh = {
  .refresh_async = G_CALLBACK (kb_sync_refresh_client_async),
  .refresh_finish = G_CALLBACK (kb_sync_refresh_client_finish),
  .get_fetched_at = G_CALLBACK (kb_sync_get_client_fetched_at),
};

static gboolean
kb_personal_page_show_cached (KbPage *page, KbPageData data)
{
  KbClientProfile *profile = kb_sync_get_client (kb_page_get_sync (page));

  if (profile == NULL)
    return FALSE;
  show_profile (KB_PERSONAL_PAGE (page), profile);
  return TRUE;
}

/* A change made elsewhere (the delivery form) shows at once. */
static void
on_client_changed (KbPersonalPage *self)
{
  kb_page_show_cached (KB_PAGE (self));
}

static void
on_delivery_saved (KbPersonalPage *self)
{
  gtk_widget_grab_focus (self->delivery_button);
}

static void
on_delivery_clicked (KbPersonalPage *self)
{
  KbSync *sync = kb_page_get_sync (KB_PAGE (self));
  KbDeliveryDialog *dialog;

  if (sync == NULL)
    return;
  dialog = kb_delivery_dialog_present (GTK_WIDGET (self), sync);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_delivery_saved), self, G_CONNECT_SWAPPED);
}

/* Brings the invoice delivery settings into view, once the page is laid
 * out so that positions are known, and focuses their Change button. */
static gboolean
scroll_to_delivery (gpointer user_data)
{
  g_autoptr(KbPersonalPage) self = user_data;
  GtkWidget *group = GTK_WIDGET (self->groups[GROUP_DELIVERY]);
  GtkWidget *scrolled = gtk_widget_get_ancestor (group, GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *content;
  graphene_point_t point;
  GtkAdjustment *adjustment;

  if (scrolled == NULL || (content = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled))) == NULL ||
      !gtk_widget_compute_point (group, content, &GRAPHENE_POINT_INIT (0, 0), &point))
    return G_SOURCE_REMOVE;

  /* The whole group in view, its title at the top when the page is long. */
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  gtk_adjustment_set_value (adjustment, point.y - 12);
  gtk_widget_grab_focus (self->delivery_button);
  return G_SOURCE_REMOVE;
}

/* "delivery": the invoice delivery settings (the Invoices section links here). */
static void
kb_personal_page_show_target (KbPage *page, const char *target)
{
  KbPersonalPage *self = KB_PERSONAL_PAGE (page);

  if (!g_str_equal (target, "delivery"))
    return;
  gtk_widget_grab_focus (self->delivery_button);
  g_idle_add_full (G_PRIORITY_LOW, scroll_to_delivery, g_object_ref (self), NULL);
}

static void
kb_personal_page_constructed (GObject *object)
{
  KbPersonalPage *self = KB_PERSONAL_PAGE (object);
  KbSync *sync = kb_page_get_sync (KB_PAGE (self));

  G_OBJECT_CLASS (kb_personal_page_parent_class)->constructed (object);
  if (sync != NULL)
    g_signal_connect_object (sync, "notify::client", G_CALLBACK (on_client_changed), self,
                             G_CONNECT_SWAPPED);
}

static void
kb_personal_page_dispose (GObject *object)
{
  KbPersonalPage *self = KB_PERSONAL_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), KB_TYPE_PERSONAL_PAGE);
  g_clear_pointer (&self->account_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (kb_personal_page_parent_class)->dispose (object);
}

static void
kb_personal_page_class_init (KbPersonalPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KbPageClass *page_class = KB_PAGE_CLASS (klass);

  object_class->constructed = kb_personal_page_constructed;
  object_class->dispose = kb_personal_page_dispose;
  page_class->show_cached = kb_personal_page_show_cached;
  page_class->show_target = kb_personal_page_show_target;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/sections/personal/kb-personal-page.ui");
  gtk_widget_class_bind_template_child_full (widget_class, "client_group", FALSE,
                                             G_STRUCT_OFFSET (KbPersonalPage, groups[GROUP_CLIENT]));
  gtk_widget_class_bind_template_child_full (widget_class, "balance_group", FALSE,
                                             G_STRUCT_OFFSET (KbPersonalPage, groups[GROUP_BALANCE]));
  gtk_widget_class_bind_template_child_full (widget_class, "contract_group", FALSE,
                                             G_STRUCT_OFFSET (KbPersonalPage, groups[GROUP_CONTRACT]));
  gtk_widget_class_bind_template_child_full (widget_class, "delivery_group", FALSE,
                                             G_STRUCT_OFFSET (KbPersonalPage, groups[GROUP_DELIVERY]));
  gtk_widget_class_bind_template_child (widget_class, KbPersonalPage, accounts_group);
  /* The change of delivery made here is followed under the settings until
   * the operator has made it. */
  KB_PAGE_CLASS_FOLLOW_REQUEST (klass, KbPersonalPage, delivery_request_label,
                                KB_OPERATOR_REQUEST_KIND_INVOICE_DELIVERY);
}

static void
kb_personal_page_init (KbPersonalPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  kb_page_set_refresh (KB_PAGE (self), &refresh, NULL);

  self->account_rows = g_ptr_array_new ();

  self->delivery_button = gtk_button_new_with_mnemonic (_("_Change…"));
  gtk_widget_set_valign (self->delivery_button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (self->delivery_button, _("Change the invoice delivery method and address"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->delivery_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Change invoice delivery"), -1);
  g_signal_connect_swapped (self->delivery_button, "clicked", G_CALLBACK (on_delivery_clicked), self);
  adw_preferences_group_set_header_suffix (self->groups[GROUP_DELIVERY], self->delivery_button);

  for (Field f = 0; f < N_FIELDS; f++)
    adw_preferences_group_add (self->groups[fields[f].group],
                               make_value_row (_(fields[f].title), fields[f].copyable, &self->values[f]));

  self->delivery_request_label = KB_REQUEST_LABEL (kb_request_label_new ());
  gtk_widget_set_margin_top (GTK_WIDGET (self->delivery_request_label), 6);
  adw_preferences_group_add (self->groups[GROUP_DELIVERY],
                             GTK_WIDGET (self->delivery_request_label));
}
