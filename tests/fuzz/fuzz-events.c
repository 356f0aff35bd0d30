/* fuzz-events.c — the client's reading of an events socket message. */
#include "config.h"

#include "kb-api-events.h"
#include "kb-fuzz.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *type = NULL;
  g_autofree char *question_id = NULL;

  if (_kb_api_events_parse_message ((const char *) data, size, &type, &question_id))
    g_assert (type != NULL && question_id != NULL);
  return 0;
}
