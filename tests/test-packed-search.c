/* test-packed-search.c — the searches over packed lists find exactly what their match functions
 * accept: Subscriber Selection's (kb_subscriber_query_search() and kb_subscriber_query_match())
 * and Request History's (kb_question_index_search() and kb_question_key_matches()), on the demo
 * data from the reference server, for random queries, among all rows and among those a shorter
 * query left. No window. */
#include "config.h"

#include "kb-api-questions.h"
#include "kb-api-subscribers.h"
#include "kb-filter-list-model.h"
#include "kb-question-search.h"
#include "kb-subscriber-query.h"
#include "kb-test-sync.h"
#include "kb-test-util.h"

#define N_QUERIES 2000

/* The demo data, from the reference server. */
typedef struct {
  GPtrArray *subscribers;
  GPtrArray *questions;
} Demo;

static void
demo_fetch (Demo *demo)
{
  KbTestServer server = { 0 };
  g_autofree char *token = NULL;
  g_autoptr(KbApiClient) api = NULL;
  g_autoptr(KbApiSubscriberPage) subscribers = NULL;
  g_autoptr(KbApiQuestionPage) questions = NULL;
  g_autoptr(GAsyncResult) done = NULL;
  g_autoptr(GAsyncResult) done_questions = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  kb_test_server_start_seeded (&server, KB_SERVER_SEED_DEMO);
  token = kb_test_sign_in_raw (server.url, "demo", "demo");
  api = kb_test_api_new (server.url, token);

  kb_api_client_list_subscribers_async (api, NULL, 0, KB_API_SUBSCRIBERS_MAX_LIMIT, NULL,
                                        kb_test_on_ready, &result);
  done = kb_test_wait_result (&result);
  subscribers = kb_api_client_list_subscribers_finish (api, done, &error);
  g_assert_no_error (error);
  kb_api_client_list_questions_async (api, NULL, 1000, NULL, NULL, kb_test_on_ready, &result);
  done_questions = kb_test_wait_result (&result);
  questions = kb_api_client_list_questions_finish (api, done_questions, &error);
  g_assert_no_error (error);
  kb_test_server_stop (&server);

  demo->subscribers = g_ptr_array_ref (subscribers->subscribers);
  demo->questions = g_ptr_array_ref (questions->questions);
}

/* What the list's match function says of row @row. */
typedef gboolean (*RowMatch) (GPtrArray *rows, guint row, gconstpointer query);

/* How many queries found some rows, none, and all of them. */
typedef struct {
  guint some, none, all;
} Answers;

/* Asserts that @search finds in @index exactly the rows among @candidates
 * (all when NULL) that @match accepts, one at a time; returns them. */
static GArray *
assert_search (GPtrArray *rows, RowMatch match, KbFilterSearchFunc search, gpointer index,
               gconstpointer query, GArray *candidates, Answers *answers)
{
  GArray *expected = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) found = search (index, candidates, query, NULL);
  guint n = candidates != NULL ? candidates->len : rows->len;

  for (guint i = 0; i < n; i++)
    {
      guint row = candidates != NULL ? g_array_index (candidates, guint, i) : i;

      if (match (rows, row, query))
        g_array_append_val (expected, row);
    }
  g_assert_nonnull (found);
  g_assert_cmpmem (expected->data, expected->len * sizeof (guint), found->data,
                   found->len * sizeof (guint));
  if (answers != NULL)
    {
      if (expected->len == 0)
        answers->none++;
      else if (expected->len == rows->len)
        answers->all++;
      else
        answers->some++;
    }
  return expected;
}

/* Each kind of answer was compared, so that the comparison saw a search
 * that keeps some rows, none and all. */
static void
assert_answers (const Answers *answers)
{
  g_test_message ("some %u, none %u, all %u", answers->some, answers->none, answers->all);
  g_assert_cmpuint (answers->some, >, N_QUERIES / 4);
  g_assert_cmpuint (answers->none, >, N_QUERIES / 40);
  g_assert_cmpuint (answers->all, >, 0);
}

/* A piece of @text from a random character on, of up to @max characters,
 * in random case. */
static char *
random_piece (GRand *rand, const char *text, guint max)
{
  glong length = g_utf8_strlen (text, -1);
  glong from = length > 0 ? g_rand_int_range (rand, 0, length) : 0;
  /* Drawn once: MIN() reads its arguments twice. */
  glong count = g_rand_int_range (rand, 1, max + 1);
  g_autofree char *piece = g_utf8_substring (text, from, MIN (length, from + count));

  return g_rand_boolean (rand) ? g_utf8_strup (piece, -1) : g_steal_pointer (&piece);
}

/* A few characters at random, ё and Ё among them. */
static char *
random_letters (GRand *rand)
{
  static const char * const letters[] = { "а", "е", "ё", "Ё", "и", "о", "к", "в", "ч", "Я", "x",
                                          " ", "-", "7", "0" };
  GString *text = g_string_new (NULL);
  guint n = g_rand_int_range (rand, 1, 4);

  for (guint i = 0; i < n; i++)
    g_string_append (text, letters[g_rand_int_range (rand, 0, G_N_ELEMENTS (letters))]);
  return g_string_free (text, FALSE);
}

/* ---- Subscriber Selection ---------------------------------------------- */

static gboolean
subscriber_matches (GPtrArray *rows, guint row, gconstpointer query)
{
  return kb_subscriber_query_match (rows->pdata[row], (gpointer) query);
}

/* Text as people type it: a piece of a name; a piece of a number, bare or
 * in a written form; or characters at random. */
static char *
random_subscriber_text (GRand *rand, GPtrArray *subscribers)
{
  static const char * const prefixes[] = { "+375 ", "8 0", "80", "", "(", "375" };
  KbSubscriber *subscriber = subscribers->pdata[g_rand_int_range (rand, 0, subscribers->len)];
  const char *digits = kb_subscriber_get_number (subscriber) + 4;

  switch (g_rand_int_range (rand, 0, 4))
    {
    case 0:
      return random_piece (rand, kb_subscriber_get_name (subscriber), 12);
    case 1:
      return random_piece (rand, digits, 9);
    case 2:
      {
        g_autofree char *piece = random_piece (rand, digits, 9);

        return g_strconcat (prefixes[g_rand_int_range (rand, 0, G_N_ELEMENTS (prefixes))], piece,
                            g_rand_boolean (rand) ? "-" : "", NULL);
      }
    default:
      return random_letters (rand);
    }
}

static void
test_subscribers (gconstpointer data)
{
  const Demo *demo = data;
  g_autoptr(KbSubscriberIndex) index = kb_subscriber_index_new (demo->subscribers);
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  const char *tariff = kb_subscriber_get_tariff (demo->subscribers->pdata[0]);
  Answers answers = { 0 };

  g_assert_cmpuint (demo->subscribers->len, >=, 100);
  for (guint i = 0; i < N_QUERIES; i++)
    {
      g_autoptr(KbSubscriberQuery) query = kb_subscriber_query_new ();
      g_autofree char *text = random_subscriber_text (rand, demo->subscribers);
      g_autofree char *more = random_subscriber_text (rand, demo->subscribers);
      g_autofree char *longer = g_strconcat (text, more, NULL);
      g_autoptr(GArray) shown = NULL;
      g_autoptr(GArray) narrower = NULL;

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
      shown = assert_search (demo->subscribers, subscriber_matches, kb_subscriber_query_search,
                             index, query, NULL, &answers);
      /* Typing on: only what the shorter text found is searched. */
      kb_subscriber_query_set_text (query, longer);
      narrower = assert_search (demo->subscribers, subscriber_matches, kb_subscriber_query_search,
                                index, query, shown, NULL);
    }
  assert_answers (&answers);
}

/* ---- Request History --------------------------------------------------- */

static gboolean
question_matches (GPtrArray *keys, guint row, gconstpointer query)
{
  return kb_question_key_matches (keys->pdata[row], query);
}

/* The search as the history makes it of typed text: stripped and folded. */
static void
set_search (KbQuestionQuery *query, const char *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  g_clear_pointer (&query->search, g_free);
  if (*stripped != '\0')
    query->search = kb_subscriber_fold (stripped);
}

/* Text as people type it: a piece of a question's text (its answers and
 * follow-ups too), or characters at random. */
static char *
random_question_text (GRand *rand, GPtrArray *questions)
{
  KbQuestion *question = questions->pdata[g_rand_int_range (rand, 0, questions->len)];

  if (g_rand_boolean (rand))
    return random_piece (rand, kb_question_get_search_text (question), 15);
  return random_letters (rand);
}

static void
test_questions (gconstpointer data)
{
  const Demo *demo = data;
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (kb_question_key_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  gpointer index;
  Answers answers = { 0 };

  g_assert_cmpuint (demo->questions->len, >=, 10);
  for (guint i = 0; i < demo->questions->len; i++)
    g_ptr_array_add (keys, kb_question_key_new (demo->questions->pdata[i]));
  index = kb_question_index_new (keys);

  for (guint i = 0; i < N_QUERIES; i++)
    {
      KbQuestionQuery query = { NULL, g_rand_int_range (rand, 0, KB_QUESTION_FILTER_ANSWERED + 1) };
      g_autofree char *text = random_question_text (rand, demo->questions);
      g_autofree char *more = random_question_text (rand, demo->questions);
      g_autofree char *longer = g_strconcat (text, more, NULL);
      g_autoptr(GArray) shown = NULL;
      g_autoptr(GArray) narrower = NULL;

      /* Now and then nothing typed: only the choice counts. */
      set_search (&query, g_rand_int_range (rand, 0, 10) == 0 ? "" : text);
      shown = assert_search (keys, question_matches, kb_question_index_search, index, &query, NULL,
                             &answers);
      set_search (&query, longer);
      narrower = assert_search (keys, question_matches, kb_question_index_search, index, &query,
                                shown, NULL);
      g_free (query.search);
    }
  kb_question_index_free (index);
  assert_answers (&answers);
}

int
main (int argc, char *argv[])
{
  Demo demo = { 0 };
  int status;

  kb_test_init (&argc, &argv);

  demo_fetch (&demo);
  g_test_add_data_func ("/packed-search/subscribers", &demo, test_subscribers);
  g_test_add_data_func ("/packed-search/questions", &demo, test_questions);
  status = g_test_run ();
  g_ptr_array_unref (demo.subscribers);
  g_ptr_array_unref (demo.questions);
  return status;
}
