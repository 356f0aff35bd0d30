/* test-subscriber-query.c — how Subscriber Selection reads what is typed and chosen: the kind
 * of each query (number prefix, digits, name), how a change relates to the query before it
 * (so that filtering looks only at the rows it must), which subscribers match, and why a
 * whole number cannot be one of the client's. No window. */
#include "config.h"

#include <glib.h>

#include "kb-subscriber-query.h"
#include "kb-test-util.h"

static void
test_classify (void)
{
  static const struct {
    const char *text;
    KbSubscriberQueryKind kind;
    const char *key;
  } cases[] = {
    { "", KB_SUBSCRIBER_QUERY_ALL, NULL },
    { "   \t", KB_SUBSCRIBER_QUERY_ALL, NULL },
    /* Every form of the start of a number, in the contract's form. */
    { "+375291234567", KB_SUBSCRIBER_QUERY_NUMBER_PREFIX, "+375291234567" },
    { "+375 29 123-45-67", KB_SUBSCRIBER_QUERY_NUMBER_PREFIX, "+375291234567" },
    { "80291234567", KB_SUBSCRIBER_QUERY_NUMBER_PREFIX, "+375291234567" },
    { "8 (029) 123", KB_SUBSCRIBER_QUERY_NUMBER_PREFIX, "+37529123" },
    { "291234567", KB_SUBSCRIBER_QUERY_NUMBER_PREFIX, "+375291234567" },
    { " 29123 ", KB_SUBSCRIBER_QUERY_NUMBER_PREFIX, "+37529123" },
    /* Digits no number starts with are found anywhere in it. */
    { "4567", KB_SUBSCRIBER_QUERY_DIGITS, "4567" },
    { "45-67", KB_SUBSCRIBER_QUERY_DIGITS, "4567" },
    /* Anything with letters is part of a name, folded. */
    { "Ковалёва", KB_SUBSCRIBER_QUERY_NAME, "ковалева" },
    { "  ИВАНОВ И", KB_SUBSCRIBER_QUERY_NAME, "иванов и" },
    { "29 abc", KB_SUBSCRIBER_QUERY_NAME, "29 abc" },
    /* Number punctuation alone is no number. */
    { "()", KB_SUBSCRIBER_QUERY_NAME, "()" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KbSubscriberQuery) query = kb_subscriber_query_new ();

      g_test_message ("“%s”", cases[i].text);
      kb_subscriber_query_set_text (query, cases[i].text);
      g_assert_cmpint (kb_subscriber_query_get_kind (query), ==, cases[i].kind);
      g_assert_cmpstr (kb_subscriber_query_get_key (query), ==, cases[i].key);
    }
}

/* Typing, deleting and retyping, one change after another. */
static void
test_text_change (void)
{
  static const struct {
    const char *text;
    KbSubscriberQueryChange change;
  } steps[] = {
    { "", KB_SUBSCRIBER_QUERY_SAME },
    { "2", KB_SUBSCRIBER_QUERY_NARROWER },
    { "29", KB_SUBSCRIBER_QUERY_NARROWER },
    { "29 1", KB_SUBSCRIBER_QUERY_NARROWER },
    { "291", KB_SUBSCRIBER_QUERY_SAME },          /* the same prefix, written otherwise */
    { "29", KB_SUBSCRIBER_QUERY_WIDER },
    { "33", KB_SUBSCRIBER_QUERY_DIFFERENT },
    { "", KB_SUBSCRIBER_QUERY_WIDER },
    { "ив", KB_SUBSCRIBER_QUERY_NARROWER },
    { "иван", KB_SUBSCRIBER_QUERY_NARROWER },
    { "Иван", KB_SUBSCRIBER_QUERY_SAME },         /* folded alike */
    { "ван", KB_SUBSCRIBER_QUERY_WIDER },         /* part of the old key */
    { "петр", KB_SUBSCRIBER_QUERY_DIFFERENT },
    { "4567", KB_SUBSCRIBER_QUERY_DIFFERENT },    /* another kind */
    { "14567", KB_SUBSCRIBER_QUERY_NARROWER },    /* digits: contains the old ones */
    { "456", KB_SUBSCRIBER_QUERY_WIDER },
    { " ", KB_SUBSCRIBER_QUERY_WIDER },
  };
  g_autoptr(KbSubscriberQuery) query = kb_subscriber_query_new ();

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_test_message ("“%s”", steps[i].text);
      g_assert_cmpint (kb_subscriber_query_set_text (query, steps[i].text), ==, steps[i].change);
    }
}

static void
test_filter_change (void)
{
  g_autoptr(KbSubscriberQuery) query = kb_subscriber_query_new ();
  g_autofree char *tariff = g_strdup ("Бизнес тестовый");

  g_assert_cmpint (kb_subscriber_query_set_filters (query, KB_SUBSCRIBER_STATUS_UNKNOWN, NULL), ==,
                   KB_SUBSCRIBER_QUERY_SAME);
  g_assert_cmpint (kb_subscriber_query_set_filters (query, KB_SUBSCRIBER_STATUS_BLOCKED, NULL), ==,
                   KB_SUBSCRIBER_QUERY_NARROWER);
  /* A tariff is compared as an interned string, whoever owns the text. */
  g_assert_cmpint (kb_subscriber_query_set_filters (query, KB_SUBSCRIBER_STATUS_BLOCKED, tariff),
                   ==, KB_SUBSCRIBER_QUERY_NARROWER);
  g_assert_true (kb_subscriber_query_get_tariff (query) == g_intern_string (tariff));
  g_assert_cmpint (kb_subscriber_query_set_filters (query, KB_SUBSCRIBER_STATUS_BLOCKED,
                                                    "Бизнес тестовый"),
                   ==, KB_SUBSCRIBER_QUERY_SAME);
  g_assert_cmpint (kb_subscriber_query_set_filters (query, KB_SUBSCRIBER_STATUS_ACTIVE, tariff), ==,
                   KB_SUBSCRIBER_QUERY_DIFFERENT);
  g_assert_cmpint (kb_subscriber_query_set_filters (query, KB_SUBSCRIBER_STATUS_UNKNOWN, tariff),
                   ==, KB_SUBSCRIBER_QUERY_WIDER);
  g_assert_cmpint (kb_subscriber_query_set_filters (query, KB_SUBSCRIBER_STATUS_UNKNOWN, NULL), ==,
                   KB_SUBSCRIBER_QUERY_WIDER);
  g_assert_null (kb_subscriber_query_get_tariff (query));
  /* One filter narrows while the other widens. */
  kb_subscriber_query_set_filters (query, KB_SUBSCRIBER_STATUS_BLOCKED, NULL);
  g_assert_cmpint (kb_subscriber_query_set_filters (query, KB_SUBSCRIBER_STATUS_UNKNOWN, tariff),
                   ==, KB_SUBSCRIBER_QUERY_DIFFERENT);
}

static void
test_match (void)
{
  g_autoptr(KbSubscriber) ivanova = kb_subscriber_new ("1", "+375291234567", "Иванова Алёна",
                                                       "Бизнес", KB_SUBSCRIBER_STATUS_ACTIVE);
  g_autoptr(KbSubscriber) petrov = kb_subscriber_new ("2", "+375337654567", "Петров Иван", "Смарт",
                                                      KB_SUBSCRIBER_STATUS_BLOCKED);
  g_autoptr(KbSubscriberQuery) query = kb_subscriber_query_new ();

  g_assert_true (kb_subscriber_query_match (ivanova, query));
  g_assert_true (kb_subscriber_query_match (petrov, query));

  kb_subscriber_query_set_text (query, "8 029 12");
  g_assert_true (kb_subscriber_query_match (ivanova, query));
  g_assert_false (kb_subscriber_query_match (petrov, query));

  kb_subscriber_query_set_text (query, "4567");
  g_assert_true (kb_subscriber_query_match (ivanova, query));
  g_assert_true (kb_subscriber_query_match (petrov, query));

  kb_subscriber_query_set_text (query, "АЛЕНА");
  g_assert_true (kb_subscriber_query_match (ivanova, query));
  g_assert_false (kb_subscriber_query_match (petrov, query));

  kb_subscriber_query_set_text (query, "иван");
  g_assert_true (kb_subscriber_query_match (ivanova, query));
  g_assert_true (kb_subscriber_query_match (petrov, query));

  /* The filters and the text together. */
  kb_subscriber_query_set_filters (query, KB_SUBSCRIBER_STATUS_BLOCKED, NULL);
  g_assert_false (kb_subscriber_query_match (ivanova, query));
  g_assert_true (kb_subscriber_query_match (petrov, query));
  kb_subscriber_query_set_filters (query, KB_SUBSCRIBER_STATUS_UNKNOWN, "Бизнес");
  g_assert_true (kb_subscriber_query_match (ivanova, query));
  g_assert_false (kb_subscriber_query_match (petrov, query));
  kb_subscriber_query_set_text (query, "петров");
  g_assert_false (kb_subscriber_query_match (ivanova, query));
  g_assert_false (kb_subscriber_query_match (petrov, query));
}

static void
test_explain (void)
{
  g_autofree char *operator = kb_subscriber_query_explain ("+375 17 123-45-67");
  g_autofree char *country = kb_subscriber_query_explain ("+7 912 123-45-67");
  g_autofree char *too_long = kb_subscriber_query_explain ("+375 29 123-45-67-8");

  g_assert_nonnull (operator);
  g_assert_nonnull (country);
  g_assert_nonnull (too_long);
  g_assert_cmpstr (operator, !=, country);

  /* A number of ours, a part of one, or a name: nothing to explain. */
  g_assert_null (kb_subscriber_query_explain ("+375 29 123-45-67"));
  g_assert_null (kb_subscriber_query_explain ("17 123"));
  g_assert_null (kb_subscriber_query_explain ("Иванова"));
  g_assert_null (kb_subscriber_query_explain (""));
}

int
main (int argc, char *argv[])
{
  kb_test_init (&argc, &argv);

  g_test_add_func ("/subscriber-query/classify", test_classify);
  g_test_add_func ("/subscriber-query/text-change", test_text_change);
  g_test_add_func ("/subscriber-query/filter-change", test_filter_change);
  g_test_add_func ("/subscriber-query/match", test_match);
  g_test_add_func ("/subscriber-query/explain", test_explain);
  return g_test_run ();
}
