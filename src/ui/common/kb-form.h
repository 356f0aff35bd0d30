/* kb-form.h — what every form in a dialog does the same way. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void kb_form_show_error (GtkLabel   *error_label,
                         GtkWidget  *field,
                         const char *message);
void kb_form_show_refusal (GtkLabel     *error_label,
                           GtkWidget    *field,
                           const GError *error);
const char *kb_form_email_problem (const char *email,
                                   const char *if_empty);
void kb_form_label_drop_down      (GtkDropDown           *drop_down,
                                    const char            *label);
void kb_form_add_confirm_responses (AdwMessageDialog      *dialog,
                                    const char            *response,
                                    const char            *label,
                                    AdwResponseAppearance  appearance);

G_END_DECLS
