/* kb-csv.h — CSV files a spreadsheet opens safely with a double click. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct _KbCsv KbCsv;

KbCsv                *kb_csv_new           (void);
void                  kb_csv_free          (KbCsv      *csv);
void                  kb_csv_add_text      (KbCsv      *csv,
                                            const char *text);
void                  kb_csv_add_number    (KbCsv      *csv,
                                            const char *number);
void                  kb_csv_add_row       (KbCsv      *csv,
                                            const char *first,
                                            ...) G_GNUC_NULL_TERMINATED;
void                  kb_csv_end_row       (KbCsv      *csv);
GBytes               *kb_csv_free_to_bytes (KbCsv      *csv);

GtkFileChooserNative *kb_csv_chooser_new   (GtkWidget  *widget,
                                            const char *title,
                                            const char *accept_label,
                                            const char *file_name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KbCsv, kb_csv_free)

G_END_DECLS
