/* kb-date-picker.h — a month of days to pick one from, in the UI's language. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KB_TYPE_DATE_PICKER (kb_date_picker_get_type ())
G_DECLARE_FINAL_TYPE (KbDatePicker, kb_date_picker, KB, DATE_PICKER, GtkWidget)

GtkWidget *kb_date_picker_new            (void);
GDateTime *kb_date_picker_get_date       (KbDatePicker *self);
void       kb_date_picker_select_day     (KbDatePicker *self,
                                          GDateTime    *date);
guint      kb_date_picker_get_week_start (void);

G_END_DECLS
