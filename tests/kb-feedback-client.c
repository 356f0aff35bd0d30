/* kb-feedback-client.c — a minimal Kabinet for the outbox test: the real sync layer
 * on a real SQLite file, without a window, so that a test can SIGKILL it anywhere.
 *
 *   kb-feedback-client --url URL --token TOKEN --db FILE [--ask TEXT]
 *                      [--reply QUESTION_ID --attach FILE]
 *
 * With --ask it asks (the text is in the outbox when "queued" is printed);
 * with --reply it sends TEXT as a follow-up to that question with FILE
 * attached. Then, like the app after a restart, it sends whatever the
 * outbox holds and exits 0 once every question has the server's id and no
 * follow-up is left ("sent N" on stdout).
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>

#include "kb-feedback.h"
#include "kb-store-conversation.h"
#include "kb-test-util.h"

static KbStore *client_store;

static gboolean
outbox_empty (gpointer feedback)
{
  GListModel *questions = kb_feedback_get_questions (KB_FEEDBACK (feedback));

  for (guint i = 0; i < g_list_model_get_n_items (questions); i++)
    {
      g_autoptr(KbQuestion) question = g_list_model_get_item (questions, i);

      if (kb_question_get_id (question) == NULL)
        return FALSE;
    }
  {
    g_autoptr(GPtrArray) messages = kb_store_load_message_outbox (client_store, NULL);

    return messages != NULL && messages->len == 0;
  }
}

int
main (int argc, char **argv)
{
  g_autofree char *url = NULL;
  g_autofree char *token = NULL;
  g_autofree char *db = NULL;
  g_autofree char *ask = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *attach = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KbApiClient) api = NULL;
  g_autoptr(KbStore) store = NULL;
  g_autoptr(KbFeedback) feedback = NULL;
  GOptionEntry entries[] = {
    { "url", 0, 0, G_OPTION_ARG_STRING, &url, "Server", "URL" },
    { "token", 0, 0, G_OPTION_ARG_STRING, &token, "Session token", "TOKEN" },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "Cache file", "FILE" },
    { "ask", 0, 0, G_OPTION_ARG_STRING, &ask, "Ask this question first", "TEXT" },
    { "reply", 0, 0, G_OPTION_ARG_STRING, &reply, "Send --ask's text as a follow-up here", "ID" },
    { "attach", 0, 0, G_OPTION_ARG_FILENAME, &attach, "Attach this file to the follow-up", "FILE" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  context = g_option_context_new (NULL);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || url == NULL || token == NULL || db == NULL)
    {
      g_printerr ("%s\n", error != NULL ? error->message : "--url, --token and --db are needed");
      return 2;
    }

  api = kb_api_client_new (url, &error);
  if (api == NULL || (store = kb_store_new (db, &error)) == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  kb_api_client_set_token (api, token);
  kb_api_client_set_timeout (api, 5);
  feedback = kb_feedback_new (api, store);
  kb_feedback_set_push_enabled (feedback, FALSE);

  client_store = store;
  if (reply != NULL && ask != NULL)
    {
      g_autoptr(KbQuestion) question = kb_question_new ();
      g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(GFile) file = attach != NULL ? g_file_new_for_path (attach) : NULL;
      g_autoptr(GBytes) bytes = file != NULL ? g_file_load_bytes (file, NULL, NULL, &error) : NULL;
      KbAttachment *copy;

      kb_question_set_id (question, reply);
      if (file != NULL)
        {
          g_autofree char *name = g_file_get_basename (file);

          if (bytes == NULL || (copy = kb_feedback_import_bytes (feedback, bytes, name, &error)) == NULL)
            {
              g_printerr ("%s\n", error->message);
              return 2;
            }
          g_ptr_array_add (files, copy);
        }
      if (!kb_feedback_reply (feedback, question, ask, files, &error))
        {
          g_printerr ("%s\n", error->message);
          return 2;
        }
      printf ("queued\n");
      fflush (stdout);
    }
  else if (ask != NULL)
    {
      if (kb_feedback_ask (feedback, ask, &error) == NULL)
        {
          g_printerr ("%s\n", error->message);
          return 2;
        }
      printf ("queued\n");
      fflush (stdout);
    }

  kb_feedback_start (feedback);
  if (!kb_test_poll_until (outbox_empty, feedback, 30000))
    {
      g_printerr ("The outbox did not empty in 30 s\n");
      return 1;
    }
  printf ("sent %u\n", g_list_model_get_n_items (kb_feedback_get_questions (feedback)));
  return 0;
}
