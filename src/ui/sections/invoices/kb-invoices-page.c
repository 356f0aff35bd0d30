/* kb-invoices-page.c — Invoices (Счета).
 *
 * The client's invoices, one row per billing period with its amount and
 * state; each can be ordered to an e-mail address or downloaded (saved where
 * the user picks, then offered to open), either as a PDF, an Excel workbook
 * or a text file: a menu on the row's download button offers the three
 * (kb-invoice-download.c saves the one chosen). From the 1st to the 3rd of a month
 * ordering is not offered: the page says that invoices are being generated
 * and when ordering reopens — by the server's word when it answered, by the
 * operator's calendar (kb-calendar.c, Minsk time) when it did not. The
 * delivery settings are changed here, in the same form Personal Information
 * uses, so that the user does not lose the page they came from.
 */
#include "config.h"

#include "kb-invoices-page.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kb-billing-format.h"
#include "kb-calendar.h"
#include "kb-delivery-dialog.h"
#include "kb-request-label.h"
#include "kb-invoice-download.h"
#include "kb-invoice-email-dialog.h"
#include "kb-money.h"
#include "kb-sync-billing.h"

struct _KbInvoicesPage
{
  KbPage parent_instance;

  AdwPreferencesGroup *closed_group;
  GtkLabel *closed_label;
  AdwActionRow *delivery_row;
  KbRequestLabel *delivery_request_label;
  AdwPreferencesGroup *invoices_group;
  KbRequestLabel *email_request_label;
  GtkWidget *email_request_row;   /* (owned): the line's row, under its invoice's */

  GPtrArray *rows;
  GPtrArray *invoices;     /* KbInvoice: the ones the rows show */
  gulong client_handler;
  char *target_id;          /* the invoice show_target() asked for */
};

G_DEFINE_FINAL_TYPE (KbInvoicesPage, kb_invoices_page, KB_TYPE_PAGE)

/* Whether ordering is open, and when it reopens (YYYY-MM-DD) when not, by
 * the operator's calendar in Minsk time. */
static gboolean
calendar_ordering_open (char **reopens_on)
{
  g_autoptr(GTimeZone) minsk = g_time_zone_new_identifier ("+03:00");
  g_autoptr(GDateTime) now = g_date_time_new_now (minsk);
  g_autoptr(GDateTime) opens = NULL;

  if (kb_calendar_invoice_ordering_open (now))
    return TRUE;
  opens = kb_calendar_invoice_ordering_opens (now);
  *reopens_on = g_date_time_format (opens, "%Y-%m-%d");
  return FALSE;
}

static void
show_delivery (KbInvoicesPage *self)
{
  KbClientProfile *profile = kb_sync_get_client (kb_page_get_sync (KB_PAGE (self)));
  g_autofree char *text = NULL;
  const char *address;

  if (profile == NULL)
    {
      adw_action_row_set_subtitle (self->delivery_row, "—");
      return;
    }
  address = kb_client_profile_get_delivery_address (profile);
  switch (kb_client_profile_get_delivery_method (profile))
    {
    case KB_DELIVERY_METHOD_EMAIL:
      /* TRANSLATORS: %s is an e-mail address */
      text = g_strdup_printf (_("By e-mail to %s"), address != NULL ? address : "—");
      break;
    case KB_DELIVERY_METHOD_POST:
      /* TRANSLATORS: %s is a postal address */
      text = g_strdup_printf (_("By post to %s"), address != NULL ? address : "—");
      break;
    case KB_DELIVERY_METHOD_PICKUP:
      text = g_strdup (_("In person at the office"));
      break;
    case KB_DELIVERY_METHOD_UNKNOWN:
    default:
      text = g_strdup ("—");
      break;
    }
  adw_action_row_set_subtitle (self->delivery_row, text);
}

static void on_email_clicked (GtkButton *button, KbInvoicesPage *self);

/* A flat icon button of an invoice's row, named for screen readers. */
static GtkWidget *
invoice_button (GtkWidget *button, KbInvoice *invoice, const char *name)
{
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_object_set_data_full (G_OBJECT (button), "kb-invoice", g_object_ref (invoice), g_object_unref);
  return button;
}

/* The download button's menu: one item per format, each naming the
 * invoice and the format for the invoices.download action. */
static GtkWidget *
download_button (KbInvoice *invoice, const char *name)
{
  GtkWidget *button = gtk_menu_button_new ();
  g_autoptr(GMenu) menu = g_menu_new ();

  for (KbInvoiceFormat format = KB_INVOICE_FORMAT_PDF; format <= KB_INVOICE_FORMAT_TXT; format++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (kb_invoice_format_to_display (format), NULL);

      g_menu_item_set_action_and_target (item, "invoices.download", "(ss)", kb_invoice_get_id (invoice),
                                         kb_enum_to_nick (KB_TYPE_INVOICE_FORMAT, format));
      g_menu_append_item (menu, item);
    }
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "document-save-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), G_MENU_MODEL (menu));
  return invoice_button (button, invoice, name);
}

static GtkWidget *
invoice_row (KbInvoicesPage *self, KbInvoice *invoice, gboolean ordering_open)
{
  g_autofree char *period = kb_format_period (kb_invoice_get_period (invoice));
  g_autofree char *in_sentence = kb_format_period_in_sentence (kb_invoice_get_period (invoice));
  g_autofree char *issued = kb_format_iso_date (kb_invoice_get_issued_on (invoice));
  g_autofree char *due = kb_format_iso_date (kb_invoice_get_due_on (invoice));
  g_autofree char *amount = kb_money_format (kb_invoice_get_amount (invoice), kb_invoice_get_currency (invoice));
  g_autofree char *subtitle = NULL;
  g_autofree char *email_name = NULL;
  g_autofree char *download_name = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *amount_label = gtk_label_new (amount);
  GtkWidget *status = gtk_label_new (kb_invoice_status_to_display (kb_invoice_get_status (invoice)));
  GtkWidget *email;
  GtkBox *figures = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 2));

  g_object_set_data_full (G_OBJECT (row), "kb-invoice", g_object_ref (invoice), g_object_unref);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), period);
  /* TRANSLATORS: an invoice's number, the day it was issued and the day it is due */
  subtitle = g_strdup_printf (_("No. %s · issued %s · due %s"), kb_invoice_get_number (invoice), issued, due);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  /* The sum stands above the status, so that the row fits 360 px without
   * a sideways scroller (about 400 px with the two side by side). A box
   * that wraps only when narrow would do at 360 px, but GTK 4.8 gives a
   * list row the height it needs at its minimum width, which made every
   * row twice as tall at the default width. */
  gtk_widget_set_valign (GTK_WIDGET (figures), GTK_ALIGN_CENTER);
  gtk_box_append (figures, amount_label);
  gtk_box_append (figures, status);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (figures));

  gtk_label_set_selectable (GTK_LABEL (amount_label), TRUE);
  gtk_widget_add_css_class (amount_label, "numeric");
  gtk_widget_set_halign (amount_label, GTK_ALIGN_END);

  gtk_widget_set_valign (status, GTK_ALIGN_CENTER);
  gtk_widget_set_halign (status, GTK_ALIGN_END);
  gtk_widget_add_css_class (status, "status-pill");
  gtk_widget_add_css_class (status, kb_invoice_status_style (kb_invoice_get_status (invoice)));

  /* TRANSLATORS: the accessible name and tooltip of a button; %s is the period, e.g. "March 2026" */
  email_name = g_strdup_printf (_("Order the invoice for %s by e-mail"), in_sentence);
  email = invoice_button (gtk_button_new_from_icon_name ("mail-send-symbolic"), invoice, email_name);
  g_signal_connect (email, "clicked", G_CALLBACK (on_email_clicked), self);
  gtk_widget_set_visible (email, ordering_open);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), email);

  /* TRANSLATORS: the accessible name and tooltip of a button; %s is the period, e.g. "March 2026" */
  download_name = g_strdup_printf (_("Download the invoice for %s"), in_sentence);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), download_button (invoice, download_name));
  return row;
}

/* The last invoice e-mailed has its request's line right under its row,
 * where the user ordered it; an invoice no longer listed has none. */
static void
place_email_request (KbInvoicesPage *self)
{
  KbOperatorRequest *request = kb_request_label_get_request (self->email_request_label);
  GtkWidget *list = gtk_widget_get_parent (self->email_request_row);

  if (list != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (list), self->email_request_row);
  if (request == NULL)
    return;
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      KbInvoice *invoice = g_object_get_data (G_OBJECT (row), "kb-invoice");

      if (g_strcmp0 (kb_invoice_get_id (invoice), kb_operator_request_get_target_id (request)) == 0)
        {
          gtk_list_box_insert (GTK_LIST_BOX (gtk_widget_get_parent (row)), self->email_request_row,
                               gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)) + 1);
          return;
        }
    }
}

static void
show_invoices (KbInvoicesPage *self, gboolean use_calendar)
{
  KbSync *sync = kb_page_get_sync (KB_PAGE (self));
  g_autoptr(GPtrArray) invoices = NULL;
  g_autofree char *reopens_on = NULL;
  gboolean known = FALSE, open = TRUE;

  invoices = kb_sync_load_invoices (sync, &known, &open, &reopens_on);
  if (!known || use_calendar)
    {
      g_clear_pointer (&reopens_on, g_free);
      open = calendar_ordering_open (&reopens_on);
    }

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->invoices_group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  for (guint i = 0; i < invoices->len; i++)
    {
      GtkWidget *row = invoice_row (self, g_ptr_array_index (invoices, i), open);

      adw_preferences_group_add (self->invoices_group, row);
      g_ptr_array_add (self->rows, row);
    }
  g_clear_pointer (&self->invoices, g_ptr_array_unref);
  self->invoices = g_ptr_array_ref (invoices);
  adw_preferences_group_set_description (self->invoices_group,
                                         invoices->len == 0 ? _("There are no invoices yet.") : NULL);
  place_email_request (self);

  if (!open)
    {
      g_autofree char *date = kb_format_iso_date (reopens_on);
      /* TRANSLATORS: %s is the date ordering opens again (the 4th) */
      g_autofree char *text = g_strdup_printf (_("From the 1st to the 3rd of each month invoices for communication services are being generated, so they cannot be ordered by e-mail. Ordering is possible again from %s. You can still download invoices."),
                                               date);
      gtk_label_set_text (self->closed_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->closed_group), !open);
  show_delivery (self);
}

static void
on_client_ready (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;

  /* Only the outcome's side effects matter (KbSync:client, online). */
  if (!kb_sync_refresh_client_finish (KB_SYNC (source), result, &error))
    g_debug ("Profile for the delivery row: %s", error->message);
}

/* The delivery row needs the profile, which Personal Information may not
 * have fetched yet; KbSync:client tells when it is there. */
static void
kb_invoices_page_refresh_async (KbPage              *page,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  KbSync *sync = kb_page_get_sync (page);

  kb_sync_refresh_invoices_async (sync, cancellable, callback, user_data);
  if (kb_sync_get_client (sync) == NULL)
    kb_sync_refresh_client_async (sync, cancellable, on_client_ready, NULL);
}

/* The refresh itself is kb_invoices_page_refresh_async(), which also asks
 * for the profile. */
static const KbPageRefresh refresh = {
  .refresh_finish = G_CALLBACK (kb_sync_refresh_invoices_finish),
  .dup_fetched_at = G_CALLBACK (kb_sync_dup_fetched_at),
  .key = KB_STORE_INVOICES,
};

typedef struct {
  KbInvoicesPage *page;
  char *invoice_id;
} FocusRow;

static void
focus_row_free (gpointer data)
{
  FocusRow *focus = data;

  g_object_unref (focus->page);
  g_free (focus->invoice_id);
  g_free (focus);
}

/* Focuses the row of the invoice asked for, which scrolls it into view,
 * and shows the focus ring there (GTK draws it only after a key press),
 * so that the eye finds the invoice among the others. */
static gboolean
focus_row (gpointer data)
{
  FocusRow *focus = data;
  GPtrArray *rows = focus->page->rows;

  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      GtkWidget *row = rows->pdata[i];
      KbInvoice *invoice = g_object_get_data (G_OBJECT (row), "kb-invoice");

      if (g_strcmp0 (kb_invoice_get_id (invoice), focus->invoice_id) == 0)
        {
          if (gtk_widget_grab_focus (row) && GTK_IS_WINDOW (gtk_widget_get_root (row)))
            gtk_window_set_focus_visible (GTK_WINDOW (gtk_widget_get_root (row)), TRUE);
          break;
        }
    }
  return G_SOURCE_REMOVE;
}

/* Once the page is on screen, so from an idle callback. */
static void
focus_target (KbInvoicesPage *self)
{
  FocusRow *focus;

  if (self->target_id == NULL)
    return;
  focus = g_new0 (FocusRow, 1);
  focus->page = g_object_ref (self);
  focus->invoice_id = g_strdup (self->target_id);
  g_idle_add_full (G_PRIORITY_LOW, focus_row, focus, focus_row_free);
}

static gboolean
kb_invoices_page_show_cached (KbPage *page, KbPageData data)
{
  KbInvoicesPage *self = KB_INVOICES_PAGE (page);
  g_autoptr(GDateTime) fetched_at = kb_page_dup_fetched_at (page);

  if (fetched_at == NULL)
    return FALSE;
  /* Without the server's word for today, the calendar decides. */
  show_invoices (self, data != KB_PAGE_DATA_FRESH);
  /* The rows were made again: the invoice asked for keeps the focus until
   * the server's list has come. */
  focus_target (self);
  if (data == KB_PAGE_DATA_FRESH)
    g_clear_pointer (&self->target_id, g_free);
  return TRUE;
}

/* "invoice/ID": that invoice's row, focused (GNOME Shell's search opens it). */
static void
kb_invoices_page_show_target (KbPage *page, const char *target)
{
  KbInvoicesPage *self = KB_INVOICES_PAGE (page);

  if (!g_str_has_prefix (target, "invoice/"))
    return;
  g_free (self->target_id);
  self->target_id = g_strdup (target + strlen ("invoice/"));
  focus_target (self);
}

/* The row shows the new delivery by itself: the form sets KbSync:client. */
static void
on_delivery_activated (KbInvoicesPage *self)
{
  KbSync *sync = kb_page_get_sync (KB_PAGE (self));

  if (sync != NULL)
    kb_delivery_dialog_present (GTK_WIDGET (self), sync);
}

static void
on_email_sent (KbInvoicesPage *self, const char *email)
{
  /* TRANSLATORS: a toast; %s is an e-mail address */
  g_autofree char *message = g_strdup_printf (_("The invoice will be sent to %s."), email);
  /* The reply's request is the newest about an invoice. */
  g_autofree char *reported = kb_requests_dup_reported (kb_page_get_sync (KB_PAGE (self)), "invoice", NULL,
                                                        message);

  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", reported);
}

static void
on_email_refused (KbInvoicesPage *self, const GError *error)
{
  /* Ordering closed meanwhile: the page says so too. */
  if (g_error_matches (error, KB_API_ERROR, KB_API_ERROR_INVOICE_PERIOD_CLOSED))
    kb_page_reload (KB_PAGE (self));
}

static void
on_email_clicked (GtkButton *button, KbInvoicesPage *self)
{
  KbInvoice *invoice = g_object_get_data (G_OBJECT (button), "kb-invoice");
  KbInvoiceEmailDialog *dialog;

  dialog = kb_invoice_email_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                        kb_page_get_sync (KB_PAGE (self)), invoice);
  g_signal_connect_object (dialog, "sent", G_CALLBACK (on_email_sent), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "refused", G_CALLBACK (on_email_refused), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static KbInvoice *
find_invoice (KbInvoicesPage *self, const char *id)
{
  for (guint i = 0; self->invoices != NULL && i < self->invoices->len; i++)
    if (g_strcmp0 (kb_invoice_get_id (g_ptr_array_index (self->invoices, i)), id) == 0)
      return g_ptr_array_index (self->invoices, i);
  return NULL;
}

/* invoices.download (invoice id, format): asks where to save the invoice
 * and saves it there. */
static void
download_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KbInvoicesPage *self = KB_INVOICES_PAGE (widget);
  const char *id, *nick;
  KbInvoice *invoice;
  int format;

  g_variant_get (parameter, "(&s&s)", &id, &nick);
  invoice = find_invoice (self, id);
  format = kb_enum_from_nick (KB_TYPE_INVOICE_FORMAT, nick, -1);
  if (invoice == NULL || format < 0)
    return;
  kb_invoice_download (widget, kb_page_get_sync (KB_PAGE (self)), invoice, format,
                       kb_page_get_cancellable (KB_PAGE (self)));
}

static void
kb_invoices_page_constructed (GObject *object)
{
  KbInvoicesPage *self = KB_INVOICES_PAGE (object);
  KbSync *sync = kb_page_get_sync (KB_PAGE (self));

  G_OBJECT_CLASS (kb_invoices_page_parent_class)->constructed (object);
  /* After the line has taken the newest request, it goes under its invoice. */
  if (sync != NULL)
    g_signal_connect_object (kb_requests_get_model (kb_sync_get_requests (sync)), "items-changed",
                             G_CALLBACK (place_email_request), self, G_CONNECT_SWAPPED);
  if (sync != NULL)
    self->client_handler = g_signal_connect_object (sync, "notify::client", G_CALLBACK (show_delivery),
                                                    self, G_CONNECT_SWAPPED);
}

static void
kb_invoices_page_dispose (GObject *object)
{
  KbInvoicesPage *self = KB_INVOICES_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), KB_TYPE_INVOICES_PAGE);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_object (&self->email_request_row);
  g_clear_pointer (&self->target_id, g_free);
  g_clear_pointer (&self->invoices, g_ptr_array_unref);

  G_OBJECT_CLASS (kb_invoices_page_parent_class)->dispose (object);
}

static void
kb_invoices_page_class_init (KbInvoicesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KbPageClass *page_class = KB_PAGE_CLASS (klass);

  object_class->constructed = kb_invoices_page_constructed;
  object_class->dispose = kb_invoices_page_dispose;
  page_class->refresh_async = kb_invoices_page_refresh_async;
  page_class->show_cached = kb_invoices_page_show_cached;
  page_class->show_target = kb_invoices_page_show_target;

  g_type_ensure (KB_TYPE_REQUEST_LABEL);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/sections/invoices/kb-invoices-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KbInvoicesPage, closed_group);
  gtk_widget_class_bind_template_child (widget_class, KbInvoicesPage, closed_label);
  gtk_widget_class_bind_template_child (widget_class, KbInvoicesPage, delivery_row);
  gtk_widget_class_bind_template_child (widget_class, KbInvoicesPage, delivery_request_label);
  gtk_widget_class_bind_template_child (widget_class, KbInvoicesPage, invoices_group);
  gtk_widget_class_bind_template_callback (widget_class, on_delivery_activated);
  gtk_widget_class_install_action (widget_class, "invoices.download", "(ss)", download_activated);
  /* The last change of delivery and the last invoice e-mailed are followed
   * where they were made, until the operator finishes them. */
  KB_PAGE_CLASS_FOLLOW_REQUEST (klass, KbInvoicesPage, delivery_request_label,
                                KB_OPERATOR_REQUEST_KIND_INVOICE_DELIVERY);
  KB_PAGE_CLASS_FOLLOW_REQUEST (klass, KbInvoicesPage, email_request_label,
                                KB_OPERATOR_REQUEST_KIND_INVOICE_EMAIL);
}

static void
kb_invoices_page_init (KbInvoicesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  kb_page_set_refresh (KB_PAGE (self), &refresh, NULL);
  self->rows = g_ptr_array_new ();

  self->email_request_label = KB_REQUEST_LABEL (kb_request_label_new ());
  gtk_widget_set_margin_top (GTK_WIDGET (self->email_request_label), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->email_request_label), 6);
  gtk_widget_set_margin_start (GTK_WIDGET (self->email_request_label), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->email_request_label), 12);
  self->email_request_row = g_object_ref_sink (gtk_list_box_row_new ());
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self->email_request_row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (self->email_request_row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self->email_request_row),
                              GTK_WIDGET (self->email_request_label));
}
