/* test-subscriber-list.c — phone numbers, subscriber lists from CSV, the rename window's edges. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <string.h>

#include "kb-calendar.h"
#include "kb-phone-number.h"
#include "kb-subscriber-list.h"
#include "kb-test-util.h"

/* Phone numbers */

static void
test_number_forms (void)
{
  static const char * const forms[] = {
    "+375 29 123-45-67",
    "+375291234567",
    "375291234567",
    "375 29 1234567",
    "80291234567",
    "8 (029) 123-45-67",
    "8-029-123-45-67",
    "8 029 123 45 67",
    "291234567",
    "29 123 45 67",
    "(29) 123.45.67",
    "+375 (29) 123-45-67",
    "+375 (029) 123-45-67",     /* the trunk zero kept by mistake */
    "  +375 29 123 45 67\t",
    "+375\xC2\xA0" "29\xC2\xA0" "123\xE2\x80\x91" "45\xE2\x80\x91" "67",  /* NBSP, non-breaking hyphens */
    "+375\xE2\x80\xAF" "29\xE2\x80\xAF" "123\xE2\x80\x93" "45\xE2\x80\x93" "67", /* narrow NBSP, en dashes */
    "\xEF\xBB\xBF" "291234567",  /* a BOM that came along with a paste */
  };

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *number = kb_phone_number_normalize (forms[i], &error);

      g_test_message ("%s", forms[i]);
      g_assert_no_error (error);
      g_assert_cmpstr (number, ==, "+375291234567");
    }

  /* Every operator code. */
  {
    static const char * const codes[][2] = {
      { "25 111 22 33", "+375251112233" },
      { "80331112233", "+375331112233" },
      { "+375 44 111-22-33", "+375441112233" },
      { "375251112233", "+375251112233" },
    };
    for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
      {
        g_autofree char *number = kb_phone_number_normalize (codes[i][0], NULL);
        g_assert_cmpstr (number, ==, codes[i][1]);
      }
  }
}

static void
test_number_bad (void)
{
  static const struct { const char *text; KbPhoneNumberProblem problem; } cases[] = {
    { "", KB_PHONE_NUMBER_PROBLEM_EMPTY },
    { "   ", KB_PHONE_NUMBER_PROBLEM_EMPTY },
    { "()-", KB_PHONE_NUMBER_PROBLEM_EMPTY },
    { "+", KB_PHONE_NUMBER_PROBLEM_TOO_SHORT },
    { "8", KB_PHONE_NUMBER_PROBLEM_TOO_SHORT },
    { "Иванов", KB_PHONE_NUMBER_PROBLEM_INVALID_CHARACTER },
    { "abc", KB_PHONE_NUMBER_PROBLEM_INVALID_CHARACTER },
    { "+375 29 123-45-6x", KB_PHONE_NUMBER_PROBLEM_INVALID_CHARACTER },
    { "29 123-45-67 доб. 5", KB_PHONE_NUMBER_PROBLEM_INVALID_CHARACTER },
    { "29/1234567", KB_PHONE_NUMBER_PROBLEM_INVALID_CHARACTER },
    { "++375291234567", KB_PHONE_NUMBER_PROBLEM_INVALID_CHARACTER },
    { "375+291234567", KB_PHONE_NUMBER_PROBLEM_INVALID_CHARACTER },
    { "\xFF" "291234567", KB_PHONE_NUMBER_PROBLEM_INVALID_CHARACTER },
    { "29123456", KB_PHONE_NUMBER_PROBLEM_TOO_SHORT },
    { "+37529123", KB_PHONE_NUMBER_PROBLEM_TOO_SHORT },
    { "+37529123456", KB_PHONE_NUMBER_PROBLEM_TOO_SHORT },
    { "375", KB_PHONE_NUMBER_PROBLEM_TOO_SHORT },
    { "8029123456", KB_PHONE_NUMBER_PROBLEM_TOO_SHORT },
    { "2912345678", KB_PHONE_NUMBER_PROBLEM_TOO_LONG },
    { "+3752912345678", KB_PHONE_NUMBER_PROBLEM_TOO_LONG },
    { "802912345678", KB_PHONE_NUMBER_PROBLEM_TOO_LONG },
    { "29123456789012345678901234567890", KB_PHONE_NUMBER_PROBLEM_TOO_LONG },
    { "+7 916 123-45-67", KB_PHONE_NUMBER_PROBLEM_WRONG_COUNTRY },
    { "79161234567", KB_PHONE_NUMBER_PROBLEM_WRONG_COUNTRY },
    { "89161234567", KB_PHONE_NUMBER_PROBLEM_WRONG_COUNTRY },
    { "8 29 1234567", KB_PHONE_NUMBER_PROBLEM_WRONG_COUNTRY },
    { "+48 601 234 567", KB_PHONE_NUMBER_PROBLEM_WRONG_COUNTRY },
    { "271234567", KB_PHONE_NUMBER_PROBLEM_WRONG_OPERATOR },
    { "+375 17 123-45-67", KB_PHONE_NUMBER_PROBLEM_WRONG_OPERATOR },
    { "8 (017) 123-45-67", KB_PHONE_NUMBER_PROBLEM_WRONG_OPERATOR },
    { "+375 24 123-45-67", KB_PHONE_NUMBER_PROBLEM_WRONG_OPERATOR },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      char canonical[KB_PHONE_NUMBER_LENGTH + 1];
      g_autoptr(GError) error = NULL;
      g_autofree char *number = NULL;

      g_test_message ("%s", cases[i].text);
      g_assert_cmpint (kb_phone_number_normalize_to_buffer (cases[i].text, -1, canonical), ==, cases[i].problem);
      g_assert_cmpstr (canonical, ==, "");

      number = kb_phone_number_normalize (cases[i].text, &error);
      g_assert_null (number);
      g_assert_error (error, KB_PHONE_NUMBER_ERROR, (int) cases[i].problem);
      g_assert_cmpstr (error->message, !=, "");
    }

  /* A length stops the scan: the digits after it are not read. */
  {
    char canonical[KB_PHONE_NUMBER_LENGTH + 1];
    g_assert_cmpint (kb_phone_number_normalize_to_buffer ("29123456789", 9, canonical), ==,
                     KB_PHONE_NUMBER_PROBLEM_NONE);
    g_assert_cmpstr (canonical, ==, "+375291234567");
  }
}

static void
test_number_canonical_and_format (void)
{
  g_assert_true (kb_phone_number_is_canonical ("+375291234567"));
  g_assert_true (kb_phone_number_is_canonical ("+375441234567"));
  g_assert_false (kb_phone_number_is_canonical ("375291234567"));
  g_assert_false (kb_phone_number_is_canonical ("+375171234567"));
  g_assert_false (kb_phone_number_is_canonical ("+37529123456"));
  g_assert_false (kb_phone_number_is_canonical ("+37529123456x"));
  g_assert_false (kb_phone_number_is_canonical (NULL));

  {
    g_autofree char *a = kb_phone_number_format ("+375291234567");
    g_autofree char *b = kb_phone_number_format ("8 (033) 765 43 21");
    g_autofree char *bad = kb_phone_number_format ("12345");
    g_assert_cmpstr (a, ==, "+375 29 123-45-67");
    g_assert_cmpstr (b, ==, "+375 33 765-43-21");
    g_assert_cmpstr (bad, ==, "12345");
    g_assert_null (kb_phone_number_format (NULL));
  }
  /* A number a reply echoes is formatted only when it is canonical: one
   * that was typed otherwise is shown as it was sent, not corrected. */
  {
    g_autofree char *a = kb_phone_number_format_canonical ("+375291234567");
    g_autofree char *typed = kb_phone_number_format_canonical ("8 (033) 765 43 21");
    g_assert_cmpstr (a, ==, "+375 29 123-45-67");
    g_assert_cmpstr (typed, ==, "8 (033) 765 43 21");
    g_assert_null (kb_phone_number_format_canonical (NULL));
  }
}

static void
test_number_prefix (void)
{
  static const struct { const char *query; const char *prefix; } yes[] = {
    { "+", "+" },
    { "+3", "+3" },
    { "+375", "+375" },
    { "+375 2", "+3752" },
    { "+375 (29) 12", "+3752912" },
    { "+375 (0", "+375" },
    { "+375 (029", "+37529" },
    { "375", "+375" },
    { "37529", "+37529" },
    { "8", "+375" },
    { "80", "+375" },
    { "8 (029) 1", "+375291" },
    { "29", "+37529" },
    { "29 123-4", "+375291234" },
    { "4", "+3754" },
    { "44", "+37544" },
    { "3", "+3" },               /* 375… or 33… */
    { "33", "+37533" },
    { "291234567", "+375291234567" },
    { "+375291234567", "+375291234567" },
  };
  static const char * const no[] = {
    "", " ", "Иванов", "29a", "12", "17", "+7", "+376", "81", "2912345678", "+3752912345678", "1",
  };

  for (guint i = 0; i < G_N_ELEMENTS (yes); i++)
    {
      g_autofree char *prefix = NULL;

      g_test_message ("%s", yes[i].query);
      g_assert_true (kb_phone_number_looks_like_prefix (yes[i].query, &prefix));
      g_assert_cmpstr (prefix, ==, yes[i].prefix);
      g_assert_true (kb_phone_number_looks_like_prefix (yes[i].query, NULL));
    }
  for (guint i = 0; i < G_N_ELEMENTS (no); i++)
    {
      g_autofree char *prefix = NULL;

      g_test_message ("%s", no[i]);
      g_assert_false (kb_phone_number_looks_like_prefix (no[i], &prefix));
      g_assert_null (prefix);
    }
  g_assert_false (kb_phone_number_looks_like_prefix (NULL, NULL));
}

/* Lists */

static KbSubscriberList *
parse (KbSubscriberListKind kind, const char *text)
{
  g_autoptr(GError) error = NULL;
  KbSubscriberList *list = kb_subscriber_list_parse (kind, text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_nonnull (list);
  return list;
}

static const KbSubscriberListRow *
row (KbSubscriberList *list, guint index)
{
  return kb_subscriber_list_get_row (list, index);
}

static void
assert_row (KbSubscriberList *list, guint index, guint line, const char *number, const char *name,
            KbSubscriberListProblem problem)
{
  const KbSubscriberListRow *r = row (list, index);

  g_assert_nonnull (r);
  g_assert_cmpuint (r->line, ==, line);
  g_assert_cmpstr (r->number, ==, number);
  if (kb_subscriber_list_get_kind (list) == KB_SUBSCRIBER_LIST_RENAME)
    g_assert_cmpstr (r->name, ==, name);
  else
    g_assert_null (r->name);
  g_assert_cmpint (r->problem, ==, problem);
}

static void
test_list_utf8 (void)
{
  g_autoptr(KbSubscriberList) list = parse (KB_SUBSCRIBER_LIST_RENAME,
                                            "Номер;Новое имя\n"
                                            "+375 29 123-45-67;Бухгалтерия\n"
                                            "80331112233; Иванов Иван Иванович \n");

  g_assert_true (kb_subscriber_list_has_header (list));
  g_assert_cmpint (kb_subscriber_list_get_separator (list), ==, ';');
  g_assert_cmpstr (kb_subscriber_list_get_encoding (list), ==, "UTF-8");
  g_assert_cmpuint (kb_subscriber_list_get_n_rows (list), ==, 2);
  g_assert_cmpuint (kb_subscriber_list_get_n_problems (list), ==, 0);
  assert_row (list, 0, 2, "+375291234567", "Бухгалтерия", KB_SUBSCRIBER_LIST_PROBLEM_NONE);
  assert_row (list, 1, 3, "+375331112233", "Иванов Иван Иванович", KB_SUBSCRIBER_LIST_PROBLEM_NONE);
  g_assert_cmpstr (row (list, 0)->raw_number, ==, "+375 29 123-45-67");
  g_assert_cmpuint (row (list, 0)->n_columns, ==, 2);
  g_assert_cmpstr (kb_subscriber_list_row_get_message (row (list, 0)), ==, "");
}

static void
test_list_bom (void)
{
  g_autoptr(KbSubscriberList) list = parse (KB_SUBSCRIBER_LIST_RENAME,
                                            "\xEF\xBB\xBF" "291234567;Склад\n");

  g_assert_false (kb_subscriber_list_has_header (list));
  g_assert_cmpstr (kb_subscriber_list_get_encoding (list), ==, "UTF-8");
  g_assert_cmpuint (kb_subscriber_list_get_n_rows (list), ==, 1);
  assert_row (list, 0, 1, "+375291234567", "Склад", KB_SUBSCRIBER_LIST_PROBLEM_NONE);
}

static void
test_list_cp1251 (void)
{
  /* "Номер;Имя", "291234567;Иванов", "251112233;Ёлка" in Windows-1251, as
   * Excel saves CSV on a Russian Windows. */
  static const char data[] =
    "\xCD\xEE\xEC\xE5\xF0;\xC8\xEC\xFF\r\n"
    "291234567;\xC8\xE2\xE0\xED\xEE\xE2\r\n"
    "251112233;\xA8\xEB\xEA\xE0\r\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, sizeof data - 1);
  g_autoptr(KbSubscriberList) list = kb_subscriber_list_parse_bytes (KB_SUBSCRIBER_LIST_RENAME, bytes, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (kb_subscriber_list_get_encoding (list), ==, "WINDOWS-1251");
  g_assert_true (kb_subscriber_list_has_header (list));
  g_assert_cmpuint (kb_subscriber_list_get_n_rows (list), ==, 2);
  assert_row (list, 0, 2, "+375291234567", "Иванов", KB_SUBSCRIBER_LIST_PROBLEM_NONE);
  assert_row (list, 1, 3, "+375251112233", "Ёлка", KB_SUBSCRIBER_LIST_PROBLEM_NONE);

  /* The same text converted here, to be sure of the table. */
  {
    g_autofree char *cp1251 = g_convert ("291234567,Пётр Ўсцінавіч\n", -1, "WINDOWS-1251", "UTF-8", NULL, NULL, NULL);
    g_autoptr(KbSubscriberList) list2 = parse (KB_SUBSCRIBER_LIST_RENAME, cp1251);

    g_assert_cmpstr (kb_subscriber_list_get_encoding (list2), ==, "WINDOWS-1251");
    assert_row (list2, 0, 1, "+375291234567", "Пётр Ўсцінавіч", KB_SUBSCRIBER_LIST_PROBLEM_NONE);
  }
}

static void
test_list_utf16 (void)
{
  /* Excel's "Unicode text": UTF-16LE with a BOM, tab-separated. */
  g_autofree char *utf16 = NULL;
  g_autoptr(KbSubscriberList) list = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  char *data;

  utf16 = g_convert ("Телефон\tФИО\r\n291234567\tОтдел кадров\r\n", -1, "UTF-16LE", "UTF-8", NULL, &length, &error);
  g_assert_no_error (error);
  data = g_malloc (length + 2);
  memcpy (data, "\xFF\xFE", 2);
  memcpy (data + 2, utf16, length);
  list = kb_subscriber_list_parse (KB_SUBSCRIBER_LIST_RENAME, data, length + 2, &error);
  g_free (data);

  g_assert_no_error (error);
  g_assert_cmpstr (kb_subscriber_list_get_encoding (list), ==, "UTF-16LE");
  g_assert_cmpint (kb_subscriber_list_get_separator (list), ==, '\t');
  g_assert_true (kb_subscriber_list_has_header (list));
  assert_row (list, 0, 2, "+375291234567", "Отдел кадров", KB_SUBSCRIBER_LIST_PROBLEM_NONE);
}

static void
test_list_not_text (void)
{
  static const char zip[] = "PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xFF\xC0";
  static const char utf16_no_bom[] = "2\x00" "9\x00" "1\x00";
  g_autoptr(GError) error = NULL;
  g_autoptr(KbSubscriberList) list = NULL;

  list = kb_subscriber_list_parse (KB_SUBSCRIBER_LIST_NUMBERS, zip, sizeof zip - 1, &error);
  g_assert_null (list);
  g_assert_error (error, KB_SUBSCRIBER_LIST_ERROR, KB_SUBSCRIBER_LIST_ERROR_NOT_TEXT);
  g_clear_error (&error);

  list = kb_subscriber_list_parse (KB_SUBSCRIBER_LIST_NUMBERS, utf16_no_bom, sizeof utf16_no_bom - 1, &error);
  g_assert_null (list);
  g_assert_error (error, KB_SUBSCRIBER_LIST_ERROR, KB_SUBSCRIBER_LIST_ERROR_NOT_TEXT);
  g_clear_error (&error);

  /* 0x98 is the one byte Windows-1251 leaves undefined. */
  list = kb_subscriber_list_parse (KB_SUBSCRIBER_LIST_NUMBERS, "29\x98\xC0", 4, &error);
  g_assert_null (list);
  g_assert_error (error, KB_SUBSCRIBER_LIST_ERROR, KB_SUBSCRIBER_LIST_ERROR_ENCODING);
  g_clear_error (&error);

  /* Nothing at all is an empty list, not an error. */
  list = kb_subscriber_list_parse (KB_SUBSCRIBER_LIST_NUMBERS, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kb_subscriber_list_get_n_rows (list), ==, 0);
  g_clear_object (&list);
  list = parse (KB_SUBSCRIBER_LIST_NUMBERS, "\n\r\n  \n;;\n");
  g_assert_cmpuint (kb_subscriber_list_get_n_rows (list), ==, 0);
}

static void
test_list_separators (void)
{
  static const struct { const char *text; char separator; } cases[] = {
    { "291234567;Иванов\n251112233;Петров\n", ';' },
    { "291234567,Иванов\n251112233,Петров\n", ',' },
    { "291234567\tИванов\n251112233\tПетров\n", '\t' },
    /* A comma inside every name, ";" between the columns. */
    { "291234567;Иванов, бухгалтерия\n251112233;Петров, склад\n", ';' },
    /* Commas in quotes do not count. */
    { "291234567,\"Иванов; склад\"\n251112233,\"Петров; склад\"\n", ',' },
    /* A tab between the columns, commas in some names. */
    { "291234567\tИванов, склад\n251112233\tПетров\n", '\t' },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KbSubscriberList) list = parse (KB_SUBSCRIBER_LIST_RENAME, cases[i].text);

      g_test_message ("%s", cases[i].text);
      g_assert_cmpint (kb_subscriber_list_get_separator (list), ==, cases[i].separator);
      g_assert_cmpuint (kb_subscriber_list_get_n_rows (list), ==, 2);
      g_assert_cmpuint (kb_subscriber_list_get_n_problems (list), ==, 0);
      g_assert_cmpstr (row (list, 0)->number, ==, "+375291234567");
      g_assert_cmpstr (row (list, 1)->number, ==, "+375251112233");
      g_assert_true (g_str_has_prefix (row (list, 0)->name, "Иванов"));
    }

  /* A numbers-only list has no separator. */
  {
    g_autoptr(KbSubscriberList) list = parse (KB_SUBSCRIBER_LIST_NUMBERS,
                                              "+375 29 123-45-67\n8 (025) 111-22-33\n");
    g_assert_cmpint (kb_subscriber_list_get_separator (list), ==, '\0');
    g_assert_cmpuint (kb_subscriber_list_get_n_rows (list), ==, 2);
    assert_row (list, 1, 2, "+375251112233", NULL, KB_SUBSCRIBER_LIST_PROBLEM_NONE);
  }
}

static void
test_list_quotes (void)
{
  g_autoptr(KbSubscriberList) list = parse (KB_SUBSCRIBER_LIST_RENAME,
                                            "\"291234567\";\"Иванов; Петров\"\n"
                                            "251112233;\"ООО \"\"Ромашка\"\"\"\n"
                                            "331112233;ООО \"Ромашка\"\n"
                                            "441112233; \"Склад\" №2\n"
                                            "\"291112233\";\"Отдел\n"
                                            "кадров\"\n"
                                            "\"+375 25 000-00-01\";\"\"\n"
                                            "251234567;Последний\n");

  g_assert_cmpuint (kb_subscriber_list_get_n_rows (list), ==, 7);
  assert_row (list, 0, 1, "+375291234567", "Иванов; Петров", KB_SUBSCRIBER_LIST_PROBLEM_NONE);
  assert_row (list, 1, 2, "+375251112233", "ООО \"Ромашка\"", KB_SUBSCRIBER_LIST_PROBLEM_NONE);
  assert_row (list, 2, 3, "+375331112233", "ООО \"Ромашка\"", KB_SUBSCRIBER_LIST_PROBLEM_NONE);
  assert_row (list, 3, 4, "+375441112233", "Склад №2", KB_SUBSCRIBER_LIST_PROBLEM_NONE);
  /* A line break inside quotes is text: the server refuses it in a name. */
  assert_row (list, 4, 5, "+375291112233", "Отдел\nкадров", KB_SUBSCRIBER_LIST_PROBLEM_INVALID_NAME);
  assert_row (list, 5, 7, "+375250000001", "", KB_SUBSCRIBER_LIST_PROBLEM_EMPTY_NAME);
  /* The line count went on past the embedded line break. */
  assert_row (list, 6, 8, "+375251234567", "Последний", KB_SUBSCRIBER_LIST_PROBLEM_NONE);
}

static void
test_list_unclosed_quote (void)
{
  /* A stray quote does not swallow the lines up to the next quote… */
  {
    g_autoptr(KbSubscriberList) list = parse (KB_SUBSCRIBER_LIST_RENAME,
                                              "291234567;\"Иванов\n"
                                              "251112233;Петров\n"
                                              "331112233;\"Сидоров\"\n");

    g_assert_cmpuint (kb_subscriber_list_get_n_rows (list), ==, 3);
    assert_row (list, 0, 1, "+375291234567", "\"Иванов", KB_SUBSCRIBER_LIST_PROBLEM_NONE);
    assert_row (list, 1, 2, "+375251112233", "Петров", KB_SUBSCRIBER_LIST_PROBLEM_NONE);
    assert_row (list, 2, 3, "+375331112233", "Сидоров", KB_SUBSCRIBER_LIST_PROBLEM_NONE);
  }

  /* …nor, when it never closes, the rest of the list. */
  {
    g_autoptr(KbSubscriberList) list = parse (KB_SUBSCRIBER_LIST_RENAME,
                                              "291234567;\"Иванов\r\n"
                                              "251112233;Петров\r\n"
                                              "331112233;Сидоров\r\n");

    g_assert_cmpuint (kb_subscriber_list_get_n_rows (list), ==, 3);
    assert_row (list, 0, 1, "+375291234567", "\"Иванов", KB_SUBSCRIBER_LIST_PROBLEM_NONE);
    assert_row (list, 2, 3, "+375331112233", "Сидоров", KB_SUBSCRIBER_LIST_PROBLEM_NONE);
  }
}

static void
test_list_line_ends (void)
{
  static const char * const texts[] = {
    "291234567;А\r\n\r\n251112233;Б\r\n;;\r\n331112233;В",
    "291234567;А\n\n251112233;Б\n;;\n331112233;В\n",
    "291234567;А\r\r251112233;Б\r;;\r331112233;В\r",
    "291234567;А\r\n\n251112233;Б\r;;\n331112233;В\r\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(KbSubscriberList) list = parse (KB_SUBSCRIBER_LIST_RENAME, texts[i]);

      g_test_message ("text %u", i);
      g_assert_cmpuint (kb_subscriber_list_get_n_rows (list), ==, 3);
      assert_row (list, 0, 1, "+375291234567", "А", KB_SUBSCRIBER_LIST_PROBLEM_NONE);
      assert_row (list, 1, 3, "+375251112233", "Б", KB_SUBSCRIBER_LIST_PROBLEM_NONE);
      assert_row (list, 2, 5, "+375331112233", "В", KB_SUBSCRIBER_LIST_PROBLEM_NONE);
    }
}

static void
test_list_header (void)
{
  /* Without a header the first row is data. */
  {
    g_autoptr(KbSubscriberList) list = parse (KB_SUBSCRIBER_LIST_RENAME, "291234567;Номер один\n");
    g_assert_false (kb_subscriber_list_has_header (list));
    g_assert_cmpuint (kb_subscriber_list_get_n_rows (list), ==, 1);
  }

  /* Header words in English, Belarusian, or just words. */
  {
    static const char * const headers[] = {
      "Number,Name\n", "Нумар тэлефона;Імя\n", "Телефон;ФИО\n", "MSISDN\tTitle\n", "Абонент;Кто\n",
    };
    for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
      {
        g_autofree char *text = g_strconcat (headers[i], "291234567;Склад\n", NULL);
        g_autoptr(KbSubscriberList) list = NULL;

        /* Keep one separator per text. */
        g_strdelimit (text + strlen (headers[i]), ";", headers[i][strcspn (headers[i], ",;\t")]);
        list = parse (KB_SUBSCRIBER_LIST_RENAME, text);
        g_test_message ("%s", headers[i]);
        g_assert_true (kb_subscriber_list_has_header (list));
        g_assert_cmpuint (kb_subscriber_list_get_n_rows (list), ==, 1);
        assert_row (list, 0, 2, "+375291234567", "Склад", KB_SUBSCRIBER_LIST_PROBLEM_NONE);
      }
  }

  /* The header's words say which column is which; extra columns of a
   * spreadsheet export are ignored. */
  {
    g_autoptr(KbSubscriberList) list = parse (KB_SUBSCRIBER_LIST_RENAME,
                                              "№;ФИО;Номер телефона;Тариф\n"
                                              "1;Иванов;+375291234567;Бизнес\n"
                                              "2;Петров;80251112233\n"
                                              "3;Сидоров\n");
    g_assert_true (kb_subscriber_list_has_header (list));
    g_assert_cmpuint (kb_subscriber_list_get_n_rows (list), ==, 3);
    assert_row (list, 0, 2, "+375291234567", "Иванов", KB_SUBSCRIBER_LIST_PROBLEM_NONE);
    assert_row (list, 1, 3, "+375251112233", "Петров", KB_SUBSCRIBER_LIST_PROBLEM_NONE);
    g_assert_cmpint (row (list, 2)->problem, ==, KB_SUBSCRIBER_LIST_PROBLEM_MISSING_COLUMN);
  }

  /* A numbers-only list with a header. */
  {
    g_autoptr(KbSubscriberList) list = parse (KB_SUBSCRIBER_LIST_NUMBERS, "Номера абонентов\n291234567\n");
    g_assert_true (kb_subscriber_list_has_header (list));
    g_assert_cmpuint (kb_subscriber_list_get_n_rows (list), ==, 1);
    assert_row (list, 0, 2, "+375291234567", NULL, KB_SUBSCRIBER_LIST_PROBLEM_NONE);
  }

  /* A first row with a bad number is a row, not a header. */
  {
    g_autoptr(KbSubscriberList) list = parse (KB_SUBSCRIBER_LIST_RENAME, "29 123;Иванов\n");
    g_assert_false (kb_subscriber_list_has_header (list));
    g_assert_cmpint (row (list, 0)->problem, ==, KB_SUBSCRIBER_LIST_PROBLEM_BAD_NUMBER);
  }
}

static void
test_list_problems (void)
{
  g_autofree char *name100 = NULL;
  g_autofree char *name101 = NULL;
  g_autofree char *text = NULL;
  g_autoptr(KbSubscriberList) list = NULL;
  GString *names = g_string_new (NULL);

  /* 100 two-byte characters are 200 bytes and still fine. */
  for (guint i = 0; i < 100; i++)
    g_string_append (names, "Ж");
  name100 = g_strdup (names->str);
  g_string_append (names, "ж");
  name101 = g_string_free (names, FALSE);

  text = g_strconcat ("291234567;Бухгалтерия\n",          /* 1 fine */
                      "291234567;Склад\n",                /* 2 duplicate */
                      "+375 29 123-45-67;Склад\n",        /* 3 duplicate, other form */
                      "291234568\n",                      /* 4 missing column */
                      "291234569;Иванов;Петров\n",        /* 5 extra columns */
                      "29123456;Короткий\n",              /* 6 bad number */
                      "291234570;   \n",                  /* 7 empty name */
                      "291234571;", name100, "\n",        /* 8 fine at 100 characters */
                      "291234572;", name101, "\n",        /* 9 too long */
                      "291234573;Таб\tуляция\n",          /* 10 control character */
                      "251112233;\n",                     /* 11 empty name… */
                      "251112233;Исправлено\n",           /* 12 …so this one is no duplicate */
                      "291234574;Конец;\n",               /* 13 an empty extra column is fine */
                      NULL);
  list = parse (KB_SUBSCRIBER_LIST_RENAME, text);

  g_assert_cmpuint (kb_subscriber_list_get_n_rows (list), ==, 13);
  assert_row (list, 0, 1, "+375291234567", "Бухгалтерия", KB_SUBSCRIBER_LIST_PROBLEM_NONE);
  assert_row (list, 1, 2, "+375291234567", "Склад", KB_SUBSCRIBER_LIST_PROBLEM_DUPLICATE);
  assert_row (list, 2, 3, "+375291234567", "Склад", KB_SUBSCRIBER_LIST_PROBLEM_DUPLICATE);
  assert_row (list, 3, 4, "+375291234568", "", KB_SUBSCRIBER_LIST_PROBLEM_MISSING_COLUMN);
  assert_row (list, 4, 5, "+375291234569", "Иванов", KB_SUBSCRIBER_LIST_PROBLEM_EXTRA_COLUMNS);
  assert_row (list, 5, 6, NULL, "Короткий", KB_SUBSCRIBER_LIST_PROBLEM_BAD_NUMBER);
  g_assert_cmpint (row (list, 5)->number_problem, ==, KB_PHONE_NUMBER_PROBLEM_TOO_SHORT);
  g_assert_cmpstr (row (list, 5)->raw_number, ==, "29123456");
  assert_row (list, 6, 7, "+375291234570", "", KB_SUBSCRIBER_LIST_PROBLEM_EMPTY_NAME);
  assert_row (list, 7, 8, "+375291234571", name100, KB_SUBSCRIBER_LIST_PROBLEM_NONE);
  assert_row (list, 8, 9, "+375291234572", name101, KB_SUBSCRIBER_LIST_PROBLEM_NAME_TOO_LONG);
  assert_row (list, 9, 10, "+375291234573", "Таб\tуляция", KB_SUBSCRIBER_LIST_PROBLEM_INVALID_NAME);
  assert_row (list, 10, 11, "+375251112233", "", KB_SUBSCRIBER_LIST_PROBLEM_EMPTY_NAME);
  assert_row (list, 11, 12, "+375251112233", "Исправлено", KB_SUBSCRIBER_LIST_PROBLEM_NONE);
  assert_row (list, 12, 13, "+375291234574", "Конец", KB_SUBSCRIBER_LIST_PROBLEM_NONE);
  g_assert_cmpuint (kb_subscriber_list_get_n_problems (list), ==, 9);

  /* A bad number's message says why; the others say what. */
  g_assert_cmpstr (kb_subscriber_list_row_get_message (row (list, 5)), ==,
                   kb_phone_number_problem_get_message (KB_PHONE_NUMBER_PROBLEM_TOO_SHORT));
  g_assert_cmpstr (kb_subscriber_list_row_get_message (row (list, 1)), ==,
                   kb_subscriber_list_problem_get_message (KB_SUBSCRIBER_LIST_PROBLEM_DUPLICATE));

  /* Unknown numbers: not the client's, and so never accepted — a later
   * row with the same number is unknown too, not a duplicate. */
  {
    g_autoptr(GHashTable) known = g_hash_table_new (g_str_hash, g_str_equal);

    g_hash_table_add (known, (gpointer) "+375291234567");
    g_hash_table_add (known, (gpointer) "+375291234571");
    g_hash_table_add (known, (gpointer) "+375291234574");

    g_assert_cmpuint (kb_subscriber_list_mark_unknown (list, known), ==, 1);
    g_assert_cmpint (row (list, 0)->problem, ==, KB_SUBSCRIBER_LIST_PROBLEM_NONE);
    g_assert_cmpint (row (list, 1)->problem, ==, KB_SUBSCRIBER_LIST_PROBLEM_DUPLICATE);
    g_assert_cmpint (row (list, 11)->problem, ==, KB_SUBSCRIBER_LIST_PROBLEM_UNKNOWN_NUMBER);
    g_assert_cmpint (row (list, 6)->problem, ==, KB_SUBSCRIBER_LIST_PROBLEM_EMPTY_NAME);
    g_assert_cmpuint (kb_subscriber_list_get_n_problems (list), ==, 10);

    /* Nobody known: the duplicates become unknown as well. */
    g_hash_table_remove_all (known);
    g_assert_cmpuint (kb_subscriber_list_mark_unknown (list, known), ==, 6);
    g_assert_cmpint (row (list, 1)->problem, ==, KB_SUBSCRIBER_LIST_PROBLEM_UNKNOWN_NUMBER);
    g_assert_cmpint (row (list, 2)->problem, ==, KB_SUBSCRIBER_LIST_PROBLEM_UNKNOWN_NUMBER);

    /* No set: the marks go. */
    g_assert_cmpuint (kb_subscriber_list_mark_unknown (list, NULL), ==, 0);
    g_assert_cmpint (row (list, 1)->problem, ==, KB_SUBSCRIBER_LIST_PROBLEM_DUPLICATE);
    g_assert_cmpuint (kb_subscriber_list_get_n_problems (list), ==, 9);
  }
}

static void
test_list_numbers_only (void)
{
  g_autoptr(KbSubscriberList) list = parse (KB_SUBSCRIBER_LIST_NUMBERS,
                                            "291234567;Иванов\n"        /* a name is ignored */
                                            "251112233;331112233\n"     /* two numbers on a line */
                                            "441112233\n"
                                            "8 (029) 123-45-67\n"       /* duplicate */
                                            "Иванов\n");                /* bad number */

  g_assert_cmpint (kb_subscriber_list_get_separator (list), ==, ';');
  g_assert_cmpuint (kb_subscriber_list_get_n_rows (list), ==, 5);
  assert_row (list, 0, 1, "+375291234567", NULL, KB_SUBSCRIBER_LIST_PROBLEM_NONE);
  assert_row (list, 1, 2, "+375251112233", NULL, KB_SUBSCRIBER_LIST_PROBLEM_EXTRA_COLUMNS);
  assert_row (list, 2, 3, "+375441112233", NULL, KB_SUBSCRIBER_LIST_PROBLEM_NONE);
  assert_row (list, 3, 4, "+375291234567", NULL, KB_SUBSCRIBER_LIST_PROBLEM_DUPLICATE);
  assert_row (list, 4, 5, NULL, NULL, KB_SUBSCRIBER_LIST_PROBLEM_BAD_NUMBER);
  g_assert_cmpint (row (list, 4)->number_problem, ==, KB_PHONE_NUMBER_PROBLEM_INVALID_CHARACTER);
}

static void
test_list_messages (void)
{
  static const char * const codes[] = {
    NULL, "invalid_row", "invalid_row", "invalid_number", "empty_name", "name_too_long",
    "invalid_name", "duplicate_row", "unknown_subscriber",
  };

  for (guint p = KB_SUBSCRIBER_LIST_PROBLEM_NONE; p <= KB_SUBSCRIBER_LIST_PROBLEM_UNKNOWN_NUMBER; p++)
    {
      const char *message = kb_subscriber_list_problem_get_message (p);

      g_assert_nonnull (message);
      g_assert_cmpint (*message != '\0', ==, p != KB_SUBSCRIBER_LIST_PROBLEM_NONE);
      g_assert_cmpstr (kb_subscriber_list_problem_to_code (p), ==, codes[p]);
    }
  for (guint p = KB_PHONE_NUMBER_PROBLEM_NONE; p <= KB_PHONE_NUMBER_PROBLEM_WRONG_OPERATOR; p++)
    g_assert_cmpint (*kb_phone_number_problem_get_message (p) != '\0', ==, p != KB_PHONE_NUMBER_PROBLEM_NONE);
}

/* The messages in Russian, from the build's catalogue. In a process of
 * its own, started in Russian: GLib decides once, at its first lookup,
 * whether to translate at all. */
static void
test_list_messages_translated (void)
{
  g_autofree char *mo = g_build_filename (g_getenv ("KABINET_LOCALEDIR"), "ru", "LC_MESSAGES",
                                          GETTEXT_PACKAGE ".mo", NULL);

  if (!g_file_test (mo, G_FILE_TEST_EXISTS) || setlocale (LC_MESSAGES, "C.UTF-8") == NULL)
    {
      g_test_skip ("no Russian catalogue or no C.UTF-8 locale");
      return;
    }
  if (!g_test_subprocess ())
    {
      g_autofree char *saved_language = g_strdup (g_getenv ("LANGUAGE"));

      g_setenv ("LANGUAGE", "ru", TRUE);
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      if (saved_language != NULL)
        g_setenv ("LANGUAGE", saved_language, TRUE);
      else
        g_unsetenv ("LANGUAGE");
      g_test_trap_assert_passed ();
      return;
    }

  g_assert_cmpstr (kb_subscriber_list_problem_get_message (KB_SUBSCRIBER_LIST_PROBLEM_DUPLICATE), ==,
                   "Этот номер уже есть в списке выше.");
  g_assert_cmpstr (kb_phone_number_problem_get_message (KB_PHONE_NUMBER_PROBLEM_WRONG_OPERATOR), ==,
                   "Код оператора должен быть 25, 29, 33 или 44.");
}

/* 100 000 rows: numbers in several forms, Russian names, some bad rows. */
static GString *
make_big_list (guint n_rows)
{
  static const char * const codes[] = { "25", "29", "33", "44" };
  GString *text = g_string_sized_new (n_rows * 48);

  g_string_append (text, "Номер;Новое имя\r\n");
  for (guint i = 0; i < n_rows; i++)
    {
      const char *code = codes[i % 4];
      guint s = i / 4;

      if (i % 1000 == 999)
        {
          g_string_append (text, "29 123;Ошибка\r\n");
          continue;
        }
      switch (i % 4)
        {
        case 0:
          g_string_append_printf (text, "+375 %s %03u-%02u-%02u", code, s / 10000, s / 100 % 100, s % 100);
          break;
        case 1:
          g_string_append_printf (text, "375%s%03u%02u%02u", code, s / 10000, s / 100 % 100, s % 100);
          break;
        case 2:
          g_string_append_printf (text, "8 (0%s) %03u-%02u-%02u", code, s / 10000, s / 100 % 100, s % 100);
          break;
        default:
          g_string_append_printf (text, "%s%07u", code, s);
          break;
        }
      g_string_append_printf (text, ";Сотрудник отдела продаж №%u\r\n", i);
    }
  return text;
}

static void
test_list_big (void)
{
  g_autoptr(GString) text = make_big_list (100000);
  g_autoptr(KbSubscriberList) list = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start, elapsed;

  start = g_get_monotonic_time ();
  list = kb_subscriber_list_parse (KB_SUBSCRIBER_LIST_RENAME, text->str, text->len, &error);
  elapsed = g_get_monotonic_time () - start;
  g_test_message ("100 000 rows in %" G_GINT64_FORMAT " ms", elapsed / 1000);

  g_assert_no_error (error);
  g_assert_cmpuint (kb_subscriber_list_get_n_rows (list), ==, 100000);
  g_assert_cmpuint (kb_subscriber_list_get_n_problems (list), ==, 100);
  assert_row (list, 99999, 100001, NULL, "Ошибка", KB_SUBSCRIBER_LIST_PROBLEM_BAD_NUMBER);
  assert_row (list, 5, 7, "+375290000001", "Сотрудник отдела продаж №5", KB_SUBSCRIBER_LIST_PROBLEM_NONE);
  /* Sanitizer builds are several times slower; the target is ~150 ms. */
  g_assert_cmpint (elapsed, <, G_USEC_PER_SEC);
}

/* The rename window at the edges of the day as well as of the month. */
static void
test_rename_window_edges (void)
{
  static const struct { int year, month, last; } months[] = {
    { 2026, 2, 28 }, { 2100, 2, 28 }, { 2028, 2, 29 }, { 2000, 2, 29 }, { 2026, 4, 30 }, { 2026, 11, 30 },
    { 2026, 1, 31 }, { 2026, 12, 31 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (months); i++)
    {
      int y = months[i].year, m = months[i].month, last = months[i].last;
      g_autoptr(GDateTime) open_late = g_date_time_new_local (y, m, last - 2, 23, 59, 59);
      g_autoptr(GDateTime) closed_early = g_date_time_new_local (y, m, last - 1, 0, 0, 0);
      g_autoptr(GDateTime) closed_last = g_date_time_new_local (y, m, last, 23, 59, 59);
      g_autoptr(GDateTime) reopens = kb_calendar_rename_opens (closed_early);
      g_autoptr(GDateTime) next_first = g_date_time_add_seconds (closed_last, 1);

      g_test_message ("%d-%02d", y, m);
      g_assert_cmpuint (kb_calendar_days_in_month (open_late), ==, (guint) last);
      g_assert_true (kb_calendar_rename_open (open_late));
      g_assert_false (kb_calendar_rename_open (closed_early));
      g_assert_false (kb_calendar_rename_open (closed_last));
      g_assert_true (kb_calendar_rename_open (next_first));
      g_assert_true (g_date_time_equal (reopens, next_first));
    }
}

/* Rows fixed by hand (KbListImport) go through the parser's own checks. */
static KbSubscriberListRow *
get_fixed_row (gpointer data, guint index)
{
  return &((KbSubscriberListRow *) data)[index];
}

static void
test_list_row_check (void)
{
  g_autoptr(GHashTable) known = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *long_name = g_strnfill (KB_SUBSCRIBER_NAME_MAX_LENGTH + 1, 'x');
  KbSubscriberListRow rows[4] = { { 0 } };

  g_assert_cmpint (kb_subscriber_list_check_name ("  Иванов  "), ==, KB_SUBSCRIBER_LIST_PROBLEM_NONE);
  g_assert_cmpint (kb_subscriber_list_check_name (" \u00a0 "), ==, KB_SUBSCRIBER_LIST_PROBLEM_EMPTY_NAME);
  g_assert_cmpint (kb_subscriber_list_check_name (long_name), ==, KB_SUBSCRIBER_LIST_PROBLEM_NAME_TOO_LONG);
  long_name[KB_SUBSCRIBER_NAME_MAX_LENGTH] = '\0';
  g_assert_cmpint (kb_subscriber_list_check_name (long_name), ==, KB_SUBSCRIBER_LIST_PROBLEM_NONE);
  g_assert_cmpint (kb_subscriber_list_check_name ("a\tb"), ==, KB_SUBSCRIBER_LIST_PROBLEM_INVALID_NAME);

  rows[0].raw_number = "8 029 111-11-11";
  rows[0].name = "Один";
  rows[1].raw_number = "+375291111111";
  rows[1].name = "Два";
  rows[2].raw_number = "12345";
  rows[2].name = "Три";
  rows[3].raw_number = "+375292222222";
  rows[3].name = "";
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    kb_subscriber_list_row_check (KB_SUBSCRIBER_LIST_RENAME, &rows[i]);
  g_assert_cmpstr (rows[0].number, ==, "+375291111111");
  g_assert_cmpint (rows[2].row_problem, ==, KB_SUBSCRIBER_LIST_PROBLEM_BAD_NUMBER);
  g_assert_null (rows[2].number);
  g_assert_cmpint (rows[3].row_problem, ==, KB_SUBSCRIBER_LIST_PROBLEM_EMPTY_NAME);

  g_assert_cmpuint (kb_subscriber_list_rows_check_across (get_fixed_row, rows, 4, NULL), ==, 3);
  g_assert_cmpint (rows[0].problem, ==, KB_SUBSCRIBER_LIST_PROBLEM_NONE);
  g_assert_cmpint (rows[1].problem, ==, KB_SUBSCRIBER_LIST_PROBLEM_DUPLICATE);

  /* Fixing the first row's number to an unknown one: the second is no
   * longer a duplicate, the first is unknown. */
  g_hash_table_add (known, "+375291111111");
  rows[0].raw_number = "+375293333333";
  kb_subscriber_list_row_check (KB_SUBSCRIBER_LIST_RENAME, &rows[0]);
  g_assert_cmpuint (kb_subscriber_list_rows_check_across (get_fixed_row, rows, 4, known), ==, 3);
  g_assert_cmpint (rows[0].problem, ==, KB_SUBSCRIBER_LIST_PROBLEM_UNKNOWN_NUMBER);
  g_assert_cmpint (rows[1].problem, ==, KB_SUBSCRIBER_LIST_PROBLEM_NONE);

  /* A numbers-only row has no name to check. */
  rows[3].name = NULL;
  g_assert_cmpint (kb_subscriber_list_row_check (KB_SUBSCRIBER_LIST_NUMBERS, &rows[3]), ==,
                   KB_SUBSCRIBER_LIST_PROBLEM_NONE);
}

int
main (int argc, char *argv[])
{
  kb_test_init (&argc, &argv);
  /* The messages are checked in English, and in Russian through LANGUAGE
   * alone, whatever the locale of a run by hand. */
  setlocale (LC_ALL, "C.UTF-8");

  g_test_add_func ("/phone-number/forms", test_number_forms);
  g_test_add_func ("/phone-number/bad", test_number_bad);
  g_test_add_func ("/phone-number/canonical-and-format", test_number_canonical_and_format);
  g_test_add_func ("/phone-number/prefix", test_number_prefix);
  g_test_add_func ("/subscriber-list/utf8", test_list_utf8);
  g_test_add_func ("/subscriber-list/bom", test_list_bom);
  g_test_add_func ("/subscriber-list/cp1251", test_list_cp1251);
  g_test_add_func ("/subscriber-list/utf16", test_list_utf16);
  g_test_add_func ("/subscriber-list/not-text", test_list_not_text);
  g_test_add_func ("/subscriber-list/separators", test_list_separators);
  g_test_add_func ("/subscriber-list/quotes", test_list_quotes);
  g_test_add_func ("/subscriber-list/unclosed-quote", test_list_unclosed_quote);
  g_test_add_func ("/subscriber-list/line-ends", test_list_line_ends);
  g_test_add_func ("/subscriber-list/header", test_list_header);
  g_test_add_func ("/subscriber-list/problems", test_list_problems);
  g_test_add_func ("/subscriber-list/numbers-only", test_list_numbers_only);
  g_test_add_func ("/subscriber-list/messages", test_list_messages);
  g_test_add_func ("/subscriber-list/messages-translated", test_list_messages_translated);
  g_test_add_func ("/subscriber-list/100000-rows", test_list_big);
  g_test_add_func ("/subscriber-list/row-check", test_list_row_check);
  g_test_add_func ("/calendar/rename-window-edges", test_rename_window_edges);

  return g_test_run ();
}
