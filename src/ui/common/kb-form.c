/* kb-form.c — what every form in a dialog does the same way.
 *
 * The dialogs that send a form (register a payment, change the invoice
 * delivery, e-mail an invoice) say what is wrong in one label under the
 * form, and mark the field to blame, so that it reads alike everywhere.
 * A form sent in bulk (renames, service orders) is confirmed first, with
 * the same two answers. Drop-downs that choose what a list shows are named
 * for screen readers the same way.
 */
#include "config.h"

#include "kb-form.h"

#include <glib/gi18n.h>

#include "kb-api-error.h"
#include "kb-email.h"

/**
 * kb_form_show_error:
 * @error_label: the form's label for problems
 * @field: (nullable): the field to blame, or %NULL when none is (the
 *   server refused, or could not be reached)
 * @message: the sentence that says what is wrong
 *
 * Shows @message, and marks @field with the "error" style and puts the
 * focus in it, so that the user can correct it at once. The form takes the
 * style off again when the field changes.
 */
void
kb_form_show_error (GtkLabel *error_label, GtkWidget *field, const char *message)
{
  g_return_if_fail (GTK_IS_LABEL (error_label));
  g_return_if_fail (field == NULL || GTK_IS_WIDGET (field));

  if (field != NULL)
    {
      gtk_widget_add_css_class (field, "error");
      gtk_widget_grab_focus (field);
    }
  gtk_label_set_text (error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (error_label), TRUE);
}

/**
 * kb_form_show_refusal:
 * @error_label: the form's label for problems
 * @field: the form's one field
 * @error: why the server refused what the form sent
 *
 * Shows the server's refusal as kb_form_show_error() does; it blames
 * @field only when the server refused the request as invalid, and not
 * when it could not be reached or refused for another reason.
 */
void
kb_form_show_refusal (GtkLabel *error_label, GtkWidget *field, const GError *error)
{
  g_return_if_fail (error != NULL);

  kb_form_show_error (error_label,
                      g_error_matches (error, KB_API_ERROR, KB_API_ERROR_INVALID_REQUEST) ? field : NULL,
                      error->message);
}

/**
 * kb_form_email_problem:
 * @email: the address as typed, stripped
 * @if_empty: what to say when nothing was typed
 *
 * Returns: (nullable): what is wrong with @email, or %NULL when it is an
 *   e-mail address
 */
const char *
kb_form_email_problem (const char *email, const char *if_empty)
{
  if (email == NULL || *email == '\0')
    return if_empty;
  if (!kb_email_is_valid (email))
    return _("This is not a valid e-mail address. It should look like buh@example.by.");
  return NULL;
}

/**
 * kb_form_add_confirm_responses:
 * @response: the id of the answer that sends
 * @label: its mnemonic label, e.g. "_Send"
 * @appearance: its appearance: suggested, or destructive
 *
 * Gives a confirmation its two answers: Cancel, which closing the dialog
 * also answers, and @response, which Enter answers.
 */
void
kb_form_add_confirm_responses (AdwMessageDialog      *dialog,
                               const char            *response,
                               const char            *label,
                               AdwResponseAppearance  appearance)
{
  g_return_if_fail (ADW_IS_MESSAGE_DIALOG (dialog));
  g_return_if_fail (response != NULL && label != NULL);

  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), response, label, NULL);
  adw_message_dialog_set_response_appearance (dialog, response, appearance);
  adw_message_dialog_set_default_response (dialog, response);
  adw_message_dialog_set_close_response (dialog, "cancel");
}

/**
 * kb_form_label_drop_down:
 * @label: the accessible name, e.g. "Period"
 *
 * Names a drop-down for screen readers. Its own accessible name (GTK 4.8)
 * does not reach the button inside it, which is what a screen reader lands
 * on, so the button is named too.
 */
void
kb_form_label_drop_down (GtkDropDown *drop_down, const char *label)
{
  g_return_if_fail (GTK_IS_DROP_DOWN (drop_down));
  g_return_if_fail (label != NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (drop_down));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_TOGGLE_BUTTON (child))
      gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}
