/* test-subscriber-query.c — how Subscriber Selection reads what is typed and chosen: the kind
 * of each query (number prefix, digits, name), how a change relates to the query before it
 * (so that filtering looks only at the rows it must), which subscribers match, and why a
 * whole number cannot be one of the client's; that the packed search finds exactly what the
 * match accepts. No window. */
#include "config.h"

#include <glib.h>

#include "kb-api-subscribers.h"
#include "kb-subscriber-query.h"
#include "kb-test-sync.h"
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

/* The demo data's subscribers, from the reference server. */
static GPtrArray *
demo_subscribers (void)
{
  KbTestServer server = { 0 };
  g_autofree char *token = NULL;
  g_autoptr(KbApiClient) api = NULL;
  g_autoptr(KbApiSubscriberPage) page = NULL;
  g_autoptr(GAsyncResult) done = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  kb_test_server_start_seeded (&server, KB_SERVER_SEED_DEMO);
  token = kb_test_sign_in_raw (server.url, "demo", "demo");
  api = kb_test_api_new (server.url, token);
  kb_api_client_list_subscribers_async (api, NULL, 0, KB_API_SUBSCRIBERS_MAX_LIMIT, NULL,
                                        kb_test_on_ready, &result);
  done = kb_test_wait_result (&result);
  page = kb_api_client_list_subscribers_finish (api, done, &error);
  g_assert_no_error (error);
  kb_test_server_stop (&server);
  return g_ptr_array_ref (page->subscribers);
}

/* A piece of @text from a random character on, of up to @max characters. */
static char *
random_piece (GRand *rand, const char *text, guint max)
{
  glong length = g_utf8_strlen (text, -1);
  glong from = length > 0 ? g_rand_int_range (rand, 0, length) : 0;
  glong count = g_rand_int_range (rand, 1, max + 1);

  return g_utf8_substring (text, from, MIN (length, from + count));
}

/* Text as people type it: a piece of a name, in random case; a piece of a
 * number, bare or in a written form; or letters and digits at random. */
static char *
random_text (GRand *rand, GPtrArray *subscribers)
{
  static const char * const prefixes[] = { "+375 ", "8 0", "80", "", "(", "375" };
  static const char * const letters[] = { "а", "е", "ё", "и", "о", "к", "в", "Ё", "Я", "x", " ", "7", "0" };
  KbSubscriber *subscriber = subscribers->pdata[g_rand_int_range (rand, 0, subscribers->len)];

  switch (g_rand_int_range (rand, 0, 4))
    {
    case 0:
      {
        g_autofree char *piece = random_piece (rand, kb_subscriber_get_name (subscriber), 12);

        return g_rand_boolean (rand) ? g_utf8_strup (piece, -1) : g_steal_pointer (&piece);
      }
    case 1:
      return random_piece (rand, kb_subscriber_get_number (subscriber) + 4, 9);
    case 2:
      {
        g_autofree char *piece = random_piece (rand, kb_subscriber_get_number (subscriber) + 4, 9);

        return g_strconcat (prefixes[g_rand_int_range (rand, 0, G_N_ELEMENTS (prefixes))], piece,
                            g_rand_boolean (rand) ? "-" : "", NULL);
      }
    default:
      {
        GString *text = g_string_new (NULL);
        guint n = g_rand_int_range (rand, 1, 4);

        for (guint i = 0; i < n; i++)
          g_string_append (text, letters[g_rand_int_range (rand, 0, G_N_ELEMENTS (letters))]);
        return g_string_free (text, FALSE);
      }
    }
}

/* The positions among @candidates (all when NULL) that
 * kb_subscriber_query_match() accepts, one subscriber at a time. */
static GArray *
match_each (GPtrArray *subscribers, GArray *candidates, KbSubscriberQuery *query)
{
  GArray *found = g_array_new (FALSE, FALSE, sizeof (guint));
  guint n = candidates != NULL ? candidates->len : subscribers->len;

  for (guint i = 0; i < n; i++)
    {
      guint row = candidates != NULL ? g_array_index (candidates, guint, i) : i;

      if (kb_subscriber_query_match (subscribers->pdata[row], query))
        g_array_append_val (found, row);
    }
  return found;
}

static void
assert_same_rows (GArray *expected, GArray *found)
{
  g_assert_nonnull (found);
  g_assert_cmpmem (expected->data, expected->len * sizeof (guint), found->data,
                   found->len * sizeof (guint));
}

/* kb_subscriber_query_search() over the packed list finds exactly what
 * kb_subscriber_query_match() accepts, for the demo data and random
 * queries, among all subscribers and among those an earlier query left. */
static void
test_packed_search (void)
{
  g_autoptr(GPtrArray) subscribers = demo_subscribers ();
  g_autoptr(KbSubscriberIndex) index = kb_subscriber_index_new (subscribers);
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  const char *tariff = kb_subscriber_get_tariff (subscribers->pdata[0]);
  guint some = 0, none = 0, all = 0;

  g_assert_cmpuint (subscribers->len, >=, 100);
  for (guint i = 0; i < 2000; i++)
    {
      g_autoptr(KbSubscriberQuery) query = kb_subscriber_query_new ();
      g_autofree char *text = random_text (rand, subscribers);
      g_autofree char *longer = NULL;
      g_autoptr(GArray) expected = NULL;
      g_autoptr(GArray) found = NULL;
      g_autoptr(GArray) narrower = NULL;
      g_autoptr(GArray) found_narrower = NULL;

      kb_subscriber_query_set_text (query, text);
      switch (g_rand_int_range (rand, 0, 4))
        {
        case 0:
          kb_subscriber_query_set_filters (query, KB_SUBSCRIBER_STATUS_BLOCKED, NULL);
          break;
        case 1:
          kb_subscriber_query_set_filters (query, KB_SUBSCRIBER_STATUS_ACTIVE, tariff);
          break;
        default:
          break;
        }
      expected = match_each (subscribers, NULL, query);
      found = kb_subscriber_query_search (index, NULL, query, NULL);
      assert_same_rows (expected, found);
      if (expected->len == 0)
        none++;
      else if (expected->len == subscribers->len)
        all++;
      else
        some++;

      /* Typing on: only what the shorter text found is searched. */
      longer = g_strconcat (text, random_text (rand, subscribers), NULL);
      kb_subscriber_query_set_text (query, longer);
      narrower = match_each (subscribers, expected, query);
      found_narrower = kb_subscriber_query_search (index, expected, query, NULL);
      assert_same_rows (narrower, found_narrower);
    }
  /* The queries found something, nothing and everything: the comparison
   * saw each kind of answer. */
  g_test_message ("some %u, none %u, all %u", some, none, all);
  g_assert_cmpuint (some, >, 500);
  g_assert_cmpuint (none, >, 50);
  g_assert_cmpuint (all, >, 0);
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
  g_test_add_func ("/subscriber-query/packed-search", test_packed_search);
  return g_test_run ();
}
