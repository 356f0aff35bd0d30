/* main.c — starts Kabinet. */
#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <locale.h>
#include <signal.h>

#include "kb-application.h"
#include "kb-frame-report.h"

/* Asked to stop (a session ending, `kill`, Ctrl+C in a terminal): quit as
 * the window's Quit does, so that the demo server's temporary database and
 * the session's timers are cleaned up rather than left behind. */
static gboolean
on_quit_signal (gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));
  return G_SOURCE_CONTINUE;
}

int
main (int argc, char *argv[])
{
  g_autoptr(KbApplication) app = NULL;
  /* Set by `meson devenv` so that a build runs translated before it is installed. */
  const char *localedir = g_getenv ("KABINET_LOCALEDIR");

  kb_frame_report_mark ("main");
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Kabinet"));
  app = kb_application_new ();
  g_unix_signal_add (SIGTERM, on_quit_signal, app);
  g_unix_signal_add (SIGINT, on_quit_signal, app);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
