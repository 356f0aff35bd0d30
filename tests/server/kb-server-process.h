/* kb-server-process.h — the kabinet-server program as a child process, and raw sockets to it. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  GPid pid;
  guint port;
  char *url;
  int stdout_fd;
} KbServerProcess;

KbServerProcess *kb_server_process_start    (guint             max_files,
                                             const char       *tmp_dir,
                                             const char *const *extra_args);
guint64          kb_server_process_peak_kib (KbServerProcess  *server);
guint            kb_server_process_n_files  (KbServerProcess  *server);
int              kb_server_process_stop     (KbServerProcess  *server,
                                             int               signal_number);
void             kb_server_process_free     (KbServerProcess  *server);

guint64          kb_peak_kib                (GPid              pid);
guint            kb_count_dir_entries       (const char       *dir);

int              kb_raw_connect             (guint             port,
                                             gboolean          blocking);
gboolean         kb_raw_send_all            (int               fd,
                                             const char       *data,
                                             gsize             size);
gboolean         kb_raw_wait_closed         (int               fd,
                                             double            seconds);
char            *kb_raw_request             (guint             port,
                                             const char       *request,
                                             double            seconds);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KbServerProcess, kb_server_process_free)

G_END_DECLS
