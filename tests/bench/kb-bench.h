/* kb-bench.h — what the UI benchmarks share: frames, typed searches, and the report. */
#pragma once

#include <gtk/gtk.h>

#include "kb-feedback.h"
#include "kb-session-manager.h"

G_BEGIN_DECLS

gint64 kb_bench_median          (gint64     *values,
                                 guint       n);
gint64 kb_bench_percentile      (gint64     *values,
                                 guint       n,
                                 double      fraction);
void   kb_bench_line            (const char *name,
                                 double      value,
                                 const char *unit,
                                 double      target);
void   kb_bench_lines_p95_worst (const char *prefix,
                                 GArray     *samples);
void   kb_bench_report          (const char *what,
                                 GArray     *samples);
void   kb_bench_wait_for_frame  (GtkWidget  *widget);
void   kb_bench_refresh_feedback (KbFeedback *feedback);

typedef void (*KbBenchSyncFunc) (gpointer data);
GtkWidget *kb_bench_first_sync  (GtkApplication   *app,
                                 KbSessionManager *manager,
                                 GSettings        *settings,
                                 const char       *section,
                                 int               width,
                                 int               height,
                                 KbBenchSyncFunc   sync,
                                 gpointer          data,
                                 gint64           *sync_time,
                                 gint64           *longest_frame,
                                 guint            *n_frames);
void   kb_bench_type_query      (GtkWidget  *window,
                                 GtkWidget  *entry,
                                 GListModel *shown,
                                 const char *query,
                                 GArray     *filter_time,
                                 GArray     *keystroke_time);

G_END_DECLS
