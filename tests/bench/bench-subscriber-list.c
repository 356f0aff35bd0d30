/* bench-subscriber-list.c — reading and checking a 100 000-row rename list (issue 6).
 *
 * Generates the list an administrator of a big client might bring: a header,
 * numbers in every form people write them, Russian names (some quoted, with
 * a separator inside), about one row in a hundred bad in one of the ways the
 * parser reports. Then parses and checks it ROUNDS times, as UTF-8 and as
 * Windows-1251, marks unknown numbers against a set of 100 000 known ones,
 * and prints the median and the worst run in milliseconds. The target is
 * well under a second; we aim at 150 ms on a 2-core machine.
 *
 *   bench-subscriber-list [ROWS [ROUNDS]]
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "kb-subscriber-list.h"

#define DEFAULT_ROWS   100000
#define DEFAULT_ROUNDS 15

static const char * const surnames[] = {
  "Иванов", "Петров", "Сидоров", "Кузнецов", "Смирнов", "Попов", "Васильев", "Соколов", "Михайлов",
  "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов",
};
static const char * const given[] = {
  "Александр", "Сергей", "Андрей", "Дмитрий", "Алексей", "Ольга", "Елена", "Татьяна", "Наталья", "Ирина",
};
static const char * const departments[] = {
  "бухгалтерия", "склад", "отдел продаж", "логистика", "дирекция", "служба поддержки",
};
static const char * const codes[] = { "25", "29", "33", "44" };

static void
append_number (GString *out, guint i, guint serial)
{
  const char *code = codes[i % G_N_ELEMENTS (codes)];
  guint a = serial / 10000, b = serial / 100 % 100, c = serial % 100;

  switch (i % 6)
    {
    case 0:
      g_string_append_printf (out, "+375 %s %03u-%02u-%02u", code, a, b, c);
      break;
    case 1:
      g_string_append_printf (out, "375%s%03u%02u%02u", code, a, b, c);
      break;
    case 2:
      g_string_append_printf (out, "80%s%03u%02u%02u", code, a, b, c);
      break;
    case 3:
      g_string_append_printf (out, "8 (0%s) %03u-%02u-%02u", code, a, b, c);
      break;
    case 4:
      /* NBSP between the groups, as a spreadsheet formats them. */
      g_string_append_printf (out, "+375\xC2\xA0%s\xC2\xA0%03u\xC2\xA0%02u\xC2\xA0%02u", code, a, b, c);
      break;
    default:
      g_string_append_printf (out, "%s%03u%02u%02u", code, a, b, c);
      break;
    }
}

static GString *
generate (guint n_rows, GHashTable *known)
{
  GString *out = g_string_sized_new (n_rows * 64);

  g_string_append (out, "Номер телефона;Новое имя\r\n");
  for (guint i = 0; i < n_rows; i++)
    {
      /* Unique numbers: the operator code and the serial together are i. */
      guint serial = i / G_N_ELEMENTS (codes) + 1000000;
      const char *surname = surnames[i % G_N_ELEMENTS (surnames)];
      const char *name = given[i / 7 % G_N_ELEMENTS (given)];
      const char *department = departments[i / 3 % G_N_ELEMENTS (departments)];

      if (i % 100 == 42)
        {
          /* One bad row in a hundred, each kind in turn. */
          switch (i / 100 % 7)
            {
            case 0: g_string_append (out, "29 123-45;Короткий номер\r\n"); break;
            case 1: g_string_append (out, "+7 916 123-45-67;Чужая страна\r\n"); break;
            case 2: g_string_append (out, "+375 17 123-45-67;Городской\r\n"); break;
            case 3: g_string_append (out, "+375 29 100-00-00;\r\n"); break;
            case 4: g_string_append (out, "+375 29 100-00-01\r\n"); break;
            case 5:
              g_string_append (out, "+375 29 100-00-02;");
              for (guint j = 0; j < 11; j++)
                g_string_append (out, "Оченьдлинное");
              g_string_append (out, "\r\n");
              break;
            default:
              /* A duplicate of the row before. */
              append_number (out, i - 1, (i - 1) / G_N_ELEMENTS (codes) + 1000000);
              g_string_append (out, ";Дубликат\r\n");
              break;
            }
          continue;
        }

      append_number (out, i, serial);
      if (i % 5 == 0)
        g_string_append_printf (out, ";\"%s %s; %s\"\r\n", surname, name, department);
      else
        g_string_append_printf (out, ";%s %s, %s\r\n", surname, name, department);

      if (known != NULL && i % 50 != 0)
        g_hash_table_add (known, g_strdup_printf ("+375%s%07u", codes[i % G_N_ELEMENTS (codes)], serial));
    }
  return out;
}

static int
compare_gint64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return x < y ? -1 : x > y;
}

static void
report (const char *what, gint64 *us, guint rounds)
{
  qsort (us, rounds, sizeof *us, compare_gint64);
  g_print ("  %-34s median %7.1f ms   worst %7.1f ms\n", what, us[rounds / 2] / 1000.0, us[rounds - 1] / 1000.0);
}

static void
run (const char *what, const char *data, gsize length, guint rounds, guint n_rows, GHashTable *known)
{
  g_autofree gint64 *parse_us = g_new0 (gint64, rounds);
  g_autofree gint64 *mark_us = g_new0 (gint64, rounds);
  g_autofree char *mark_what = g_strdup_printf ("%s + mark unknown", what);
  guint n_problems = 0, n_unknown = 0, n_read = 0;

  for (guint r = 0; r < rounds; r++)
    {
      g_autoptr(KbSubscriberList) list = NULL;
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();

      list = kb_subscriber_list_parse (KB_SUBSCRIBER_LIST_RENAME, data, length, &error);
      parse_us[r] = g_get_monotonic_time () - start;
      if (list == NULL)
        g_error ("%s", error->message);
      n_problems = kb_subscriber_list_get_n_problems (list);
      n_read = kb_subscriber_list_get_n_rows (list);

      start = g_get_monotonic_time ();
      n_unknown = kb_subscriber_list_mark_unknown (list, known);
      mark_us[r] = parse_us[r] + g_get_monotonic_time () - start;
    }

  if (n_read != n_rows)
    g_error ("read %u rows of %u", n_read, n_rows);
  report (what, parse_us, rounds);
  report (mark_what, mark_us, rounds);
  g_print ("  (%u rows with a problem of their own; %u more marked as unknown numbers)\n", n_problems, n_unknown);
}

int
main (int argc, char *argv[])
{
  guint n_rows = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : DEFAULT_ROWS;
  guint rounds = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : DEFAULT_ROUNDS;
  g_autoptr(GHashTable) known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GString) utf8 = NULL;
  g_autofree char *cp1251 = NULL;
  g_autoptr(GError) error = NULL;
  gsize cp1251_length = 0;

  setlocale (LC_ALL, "");
  if (n_rows == 0 || rounds == 0)
    {
      g_printerr ("usage: %s [ROWS [ROUNDS]]\n", argv[0]);
      return 2;
    }

  utf8 = generate (n_rows, known);
  cp1251 = g_convert (utf8->str, utf8->len, "WINDOWS-1251", "UTF-8", NULL, &cp1251_length, &error);
  if (cp1251 == NULL)
    g_error ("%s", error->message);

  g_print ("Subscriber list, %u rows (%.1f MiB as UTF-8), parse and check, %u runs:\n",
           n_rows, utf8->len / 1048576.0, rounds);
  run ("UTF-8", utf8->str, utf8->len, rounds, n_rows, known);
  run ("Windows-1251", cp1251, cp1251_length, rounds, n_rows, known);
  g_print ("  (target: well under 1000 ms; aim 150 ms)\n");
  return 0;
}
