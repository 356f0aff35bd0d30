/* fuzz-api-json.c — the client's reading of a reply: the guarded parser and the decoders. */
#include "config.h"

#include "kb-api-json.h"
#include "kb-api-questions.h"
#include "kb-api-subscribers.h"
#include "kb-fuzz.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  /* The readers log what they skip; a fuzzer has no one to read it. */
  g_log_set_writer_func (g_log_writer_default, NULL, NULL);
  g_setenv ("G_MESSAGES_DEBUG", "", TRUE);
  return 0;
}

/* Every decoder over @node: the root's own, and each element of each
 * array member, as the list readers take them. */
static void
decode (JsonNode *node)
{
  g_autoptr(KbClientProfile) profile = kb_api_json_to_client_profile (node, NULL);
  g_autoptr(KbSubscriber) subscriber = kb_api_json_to_subscriber (node, NULL);
  g_autoptr(KbQuestion) question = kb_api_json_to_question (node, NULL);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(JsonNode) root = kb_api_json_parse ((const char *) data, size, NULL);
  g_autoptr(GList) members = NULL;
  JsonObject *object;

  if (root == NULL)
    return 0;
  decode (root);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return 0;

  object = json_node_get_object (root);
  members = json_object_get_values (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *member = l->data;

      decode (member);
      if (JSON_NODE_HOLDS_ARRAY (member))
        {
          JsonArray *array = json_node_get_array (member);

          for (guint i = 0; i < json_array_get_length (array) && i < 64; i++)
            decode (json_array_get_element (array, i));
        }
    }
  kb_api_json_take_skipped ();
  return 0;
}
