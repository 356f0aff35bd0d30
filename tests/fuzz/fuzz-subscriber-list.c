/* fuzz-subscriber-list.c — the list import (CSV or pasted, UTF-8 or cp1251), phone numbers. */
#include "config.h"

#include <string.h>

#include "kb-fuzz.h"
#include "kb-phone-number.h"
#include "kb-subscriber-list.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  return 0;
}

static void
check_list (KbSubscriberListKind kind, const uint8_t *data, size_t size)
{
  g_autoptr(KbSubscriberList) list = NULL;
  guint n;

  list = kb_subscriber_list_parse (kind, (const char *) data, size, NULL);
  if (list == NULL)
    return;
  n = kb_subscriber_list_get_n_rows (list);
  for (guint i = 0; i < n; i++)
    {
      const KbSubscriberListRow *row = kb_subscriber_list_get_row (list, i);

      /* A row that passed has a number in the contract's canonical form. */
      if (row->problem == KB_SUBSCRIBER_LIST_PROBLEM_NONE)
        g_assert (kb_phone_number_is_canonical (row->number));
      kb_subscriber_list_row_get_message (row);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autofree char *number = NULL;

  check_list (KB_SUBSCRIBER_LIST_RENAME, data, size);
  check_list (KB_SUBSCRIBER_LIST_NUMBERS, data, size);

  /* A number that normalizes is canonical, formats, and normalizes to itself. */
  number = kb_phone_number_normalize (text, NULL);
  if (number != NULL)
    {
      g_autofree char *formatted = kb_phone_number_format (number);
      g_autofree char *again = kb_phone_number_normalize (number, NULL);

      g_assert (kb_phone_number_is_canonical (number));
      g_assert (formatted != NULL);
      g_assert (g_strcmp0 (again, number) == 0);
    }
  kb_phone_number_looks_like_prefix (text, NULL);
  return 0;
}
