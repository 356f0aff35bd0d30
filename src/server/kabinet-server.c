/* kabinet-server.c — the reference backend as a program: serve, or answer a question.
 *
 *   kabinet-server [--port N] [--db FILE] [--seed demo|large|none]
 *                  [--operator-token TOKEN] [--demo-operator SECONDS]
 *   kabinet-server --list-routes
 *   kabinet-server answer --db FILE QUESTION_ID TEXT [--author NAME]
 *
 * Serving binds 127.0.0.1 only, prints "Listening on http://127.0.0.1:PORT"
 * once it accepts connections, and stops cleanly on SIGINT or SIGTERM: the
 * listener closes, open requests are dropped unanswered (so nothing is
 * acknowledged that was not committed) and the database is checkpointed.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <locale.h>
#include <stdio.h>

#include "kb-server.h"

static gboolean
on_signal (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

static gboolean
parse_seed (const char *text, KbServerSeed *seed)
{
  if (text == NULL || g_str_equal (text, "demo"))
    *seed = KB_SERVER_SEED_DEMO;
  else if (g_str_equal (text, "large"))
    *seed = KB_SERVER_SEED_LARGE;
  else if (g_str_equal (text, "none"))
    *seed = KB_SERVER_SEED_NONE;
  else
    return FALSE;
  return TRUE;
}

static int
run_answer (int argc, char **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *author = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(KbServer) server = NULL;
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("The server’s database"), N_("FILE") },
    { "author", 0, 0, G_OPTION_ARG_STRING, &author, N_("Who answers (default: Оператор)"),
      N_("NAME") },
    { NULL }
  };

  /* TRANSLATORS: kabinet-server answer --help; QUESTION_ID and TEXT are what follows the options */
  context = g_option_context_new (_("QUESTION_ID TEXT — answer a question as the operator"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (db_path == NULL || argc != 3)
    {
      g_printerr ("Usage: kabinet-server answer --db FILE QUESTION_ID TEXT\n");
      return 2;
    }

  /* Opening the file runs any pending migrations and seeds nothing; the
   * serving process notices the new answer through the database and pushes
   * it to the client's event socket. */
  server = kb_server_new (db_path, KB_SERVER_SEED_NONE, &error);
  if (server == NULL ||
      !kb_server_answer_question (server, argv[1], author != NULL ? author : "Оператор",
                                  argv[2], &error))
    {
      g_printerr ("kabinet-server answer: %s\n", error->message);
      return 1;
    }
  kb_server_stop (server);
  g_print ("Answered question %s\n", argv[1]);
  return 0;
}

int
main (int argc, char *argv[])
{
  g_autofree char *db_path = NULL;
  g_autofree char *seed_text = NULL;
  g_autofree char *operator_token = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(KbServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  int port = 8080;
  int demo_operator = 0;
  gboolean list_routes = FALSE;
  KbServerSeed seed;
  const GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, N_("Port on 127.0.0.1 (0: a free one)"), N_("PORT") },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("Database file (default: a temporary one, removed at exit)"),
      N_("FILE") },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed_text,
      N_("Data for a new database: demo, large or none"), N_("SEED") },
    { "operator-token", 0, 0, G_OPTION_ARG_STRING, &operator_token,
      N_("Enables the operator endpoints"), N_("TOKEN") },
    { "demo-operator", 0, 0, G_OPTION_ARG_INT, &demo_operator,
      N_("Answer new questions after SECONDS"), N_("SECONDS") },
    { "list-routes", 0, 0, G_OPTION_ARG_NONE, &list_routes,
      N_("Print every METHOD /path served, and exit"), NULL },
    { NULL }
  };
  /* Set by `meson devenv` and the tests, so that a build's --help is
   * translated before it is installed. */
  const char *localedir = g_getenv ("KABINET_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc > 1 && g_str_equal (argv[1], "answer"))
    return run_answer (argc - 1, argv + 1);

  /* TRANSLATORS: kabinet-server --help, after "Usage: kabinet-server [OPTION…]" */
  context = g_option_context_new (_("— the Kabinet reference server"));
  g_option_context_set_summary (context,
                                _("Serves the Kabinet API under /api/v1 on 127.0.0.1.\n"
                                  "Also: kabinet-server answer --db FILE QUESTION_ID TEXT"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (list_routes)
    {
      g_auto(GStrv) routes = kb_server_dup_routes ();

      for (guint i = 0; routes[i] != NULL; i++)
        printf ("%s\n", routes[i]);
      return 0;
    }
  if (!parse_seed (seed_text, &seed))
    {
      g_printerr ("--seed must be demo, large or none\n");
      return 2;
    }
  if (port < 0 || port > 65535 || demo_operator < 0)
    {
      g_printerr ("--port must be 0 to 65535\n");
      return 2;
    }

  server = kb_server_new (db_path, seed, &error);
  if (server == NULL)
    {
      g_printerr ("kabinet-server: %s\n", error->message);
      return 1;
    }
  kb_server_set_operator_token (server, operator_token);
  kb_server_set_demo_operator (server, (guint) demo_operator);
  if (!kb_server_listen_local (server, (guint) port, &error))
    {
      g_printerr ("kabinet-server: %s\n", error->message);
      return 1;
    }

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, on_signal, loop);
  g_unix_signal_add (SIGTERM, on_signal, loop);

  url = kb_server_dup_url (server);
  printf ("Listening on %s\n", url);
  fflush (stdout);

  g_main_loop_run (loop);

  kb_server_stop (server);
  g_printerr ("kabinet-server: stopped\n");
  return 0;
}
