/* main.c — starts Kabinet. */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "kb-application.h"

int
main (int argc, char *argv[])
{
  g_autoptr(KbApplication) app = NULL;
  /* Set by `meson devenv` so that a build runs translated before it is installed. */
  const char *localedir = g_getenv ("KABINET_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Kabinet"));
  app = kb_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
