/* kb-frame-report.h — tells a benchmark when the window first painted its content. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

gint64 kb_frame_report_process_age_us (void);
void   kb_frame_report_print          (const char *what);
void   kb_frame_report_mark           (const char *step);
void   kb_frame_report_watch          (GtkWidget  *window,
                                       GtkWidget  *content);

G_END_DECLS
