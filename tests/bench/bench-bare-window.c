/* bench-bare-window.c — the yardstick of bench-startup: an empty AdwApplicationWindow.
 *
 * The same kind of program as Kabinet (an AdwApplication that registers on
 * the session bus, one AdwApplicationWindow of Kabinet's default size),
 * with nothing in it. It reports its first painted frame as Kabinet does
 * (kb-frame-report.c, KABINET_REPORT_FIRST_FRAME=1) and runs until stopped.
 */
#include "config.h"

#include <adwaita.h>

#include "kb-frame-report.h"

static void
on_activate (GApplication *app)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));

  kb_frame_report_mark ("window");

  /* Kabinet's default size (the window-width and window-height keys). */
  gtk_window_set_default_size (GTK_WINDOW (window), 1180, 700);
  kb_frame_report_watch (window, window);
  gtk_window_present (GTK_WINDOW (window));
  kb_frame_report_mark ("presented");
}

static void
on_startup (GApplication *app)
{
  kb_frame_report_mark ("toolkit");
}

int
main (int argc, char *argv[])
{
  g_autoptr(AdwApplication) app = NULL;

  kb_frame_report_mark ("main");
  app = adw_application_new ("io.github.kabinet.BenchBareWindow", G_APPLICATION_DEFAULT_FLAGS);

  g_signal_connect_after (app, "startup", G_CALLBACK (on_startup), NULL);
  g_signal_connect (app, "activate", G_CALLBACK (on_activate), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
