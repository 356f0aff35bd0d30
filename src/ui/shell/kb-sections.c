/* kb-sections.c — the admin menu: one entry per section and sub-item, in the seed's order.
 *
 * The sidebar, the page stack, the keyboard shortcuts and the tests all read
 * this one table (as gnome-control-center's panel loader does). The
 * sub-items follow their section, as in the web cabinet's menu.
 */
#include "config.h"

#include "kb-sections.h"

#include <glib/gi18n.h>

#include "kb-feedback-page.h"
#include "kb-installments-page.h"
#include "kb-invoices-page.h"
#include "kb-payments-page.h"
#include "kb-personal-page.h"
#include "kb-rename-page.h"
#include "kb-service-actions-page.h"
#include "kb-subscribers-page.h"

static const KbSection sections[] = {
  {
    "personal-information", N_("Personal Information"), "kb-personal-information-symbolic",
    N_("This section contains information about the Client: name, UNP/OKPO, the organisation’s bank accounts, the invoice delivery method and address. You can also see the Client’s balance and status, the payment form and the contract details."),
    kb_personal_page_get_type, "<Control>1",
  },
  {
    "payments", N_("Payments"), "kb-payments-symbolic",
    N_("This section contains information about the Client’s payments. You can view the payment history or register an unconfirmed payment."),
    kb_payments_page_get_type, "<Control>2",
  },
  {
    "invoices", N_("Invoices"), "kb-invoices-symbolic",
    N_("This section contains information about the client’s invoices. Here you can order an invoice to an e-mail address or download an invoice by link. The service is not provided while invoices for communication services are being generated (from the 1st to the 3rd of each month). You can also change the invoice delivery address and/or method here."),
    kb_invoices_page_get_type, "<Control>3",
  },
  {
    "installments", N_("Installment Information"), "kb-installments-symbolic",
    N_("Here you can see the number of payments left for equipment bought in installments, the monthly payment, the payoff date and more."),
    kb_installments_page_get_type, "<Control>4",
  },
  {
    "subscribers", N_("Subscriber Selection"), "kb-subscribers-symbolic",
    N_("You can choose a subscriber to view the information you need or to assign services."),
    kb_subscribers_page_get_type, "<Control>5",
  },
  {
    "feedback", N_("Feedback"), "kb-feedback-symbolic",
    N_("This section contains the Administrator’s requests to the company’s specialists."),
    kb_feedback_page_get_type, "<Control>6",
  },
  {
    "feedback/history", N_("View History"), NULL,
    N_("Here you can view your requests to the company’s staff and the answers to them. The longest time to get an answer is 24 hours."),
    NULL, NULL, "feedback",
  },
  {
    "feedback/ask", N_("Ask a Question"), NULL,
    N_("Here you can ask the company’s specialist a question about communication services or make a suggestion. The answer to your request will be shown in View History."),
    NULL, NULL, "feedback",
  },
  {
    "rename", N_("Rename Subscriber"), "kb-rename-symbolic",
    N_("Here you can rename subscribers, one at a time or many at once from a list. Renaming takes up to 24 hours. Renames are not made through the Cabinet in the last 2 calendar days of the month; on those days renaming is possible by application. If a subscriber was renamed more than once in a month, the regular invoice shows the latest changes."),
    kb_rename_page_get_type, "<Control>7",
  },
  {
    "service-actions", N_("Service Actions by Subscriber List"), "kb-service-actions-symbolic",
    N_("Here you can act on a list of subscribers: add or remove additional services and view the history of requests for the current period and the two previous months."),
    kb_service_actions_page_get_type, "<Control>8",
  },
  {
    "log-out", N_("Log Out"), "kb-log-out-symbolic",
    N_("End the session on this computer."),
    NULL, NULL,
  },
};

const KbSection *
kb_sections_get_all (guint *n_sections)
{
  *n_sections = G_N_ELEMENTS (sections);
  return sections;
}

const KbSection *
kb_sections_lookup (const char *id)
{
  for (guint i = 0; id != NULL && i < G_N_ELEMENTS (sections); i++)
    if (g_str_equal (sections[i].id, id))
      return &sections[i];
  return NULL;
}

/* Returns: (nullable): the first sub-item of @section, in the menu's order. */
const KbSection *
kb_sections_first_child (const KbSection *section)
{
  for (guint i = 0; section != NULL && i < G_N_ELEMENTS (sections); i++)
    if (g_strcmp0 (sections[i].parent, section->id) == 0)
      return &sections[i];
  return NULL;
}
