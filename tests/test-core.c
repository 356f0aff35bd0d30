/* test-core.c — the core layer: money, the calendar rules at their edges, identifiers. */
#include "config.h"

#include <locale.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kb-background.h"
#include "kb-backoff.h"
#include "kb-bank-account.h"
#include "kb-calendar.h"
#include "kb-client-profile.h"
#include "kb-date.h"
#include "kb-installment.h"
#include "kb-json-guard.h"
#include "kb-money.h"
#include "kb-phone-number.h"
#include "kb-invoice.h"
#include "kb-payment.h"
#include "kb-question.h"
#include "kb-rename-row.h"
#include "kb-service-order.h"
#include "kb-str.h"
#include "kb-subscriber.h"
#include "kb-test-util.h"

static void
test_money_format (void)
{
  static const struct { gint64 minor; const char *text; } cases[] = {
    { 0, "0.00 BYN" },
    { 5, "0.05 BYN" },
    { 100, "1.00 BYN" },
    { 123456, "1,234.56 BYN" },
    { 100000000, "1,000,000.00 BYN" },
    { -123456, "−1,234.56 BYN" },
    { -1, "−0.01 BYN" },
    { G_MININT64, "−92,233,720,368,547,758.08 BYN" },
    { G_MAXINT64, "92,233,720,368,547,758.07 BYN" },
  };

  /* The C locale has no grouping: the untranslated separators apply. */
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = kb_money_format (cases[i].minor, "BYN");
      g_assert_cmpstr (text, ==, cases[i].text);
    }

  {
    g_autofree char *bare = kb_money_format (250, NULL);
    g_assert_cmpstr (bare, ==, "2.50");
  }
}

static void
test_money_parse (void)
{
  static const struct { const char *text; gint64 minor; int error; } cases[] = {
    { "0.01", 1, -1 },
    { "12", 1200, -1 },
    { "12.5", 1250, -1 },
    { "12.50", 1250, -1 },
    { " 1,234.56 ", 123456, -1 },
    { ".75", 75, -1 },
    { "1 000", 100000, -1 },
    { "0", 0, -1 },
    { "", 0, KB_MONEY_ERROR_EMPTY },
    { "   ", 0, KB_MONEY_ERROR_EMPTY },
    { "12.345", 0, KB_MONEY_ERROR_TOO_PRECISE },
    { "12.3.4", 0, KB_MONEY_ERROR_INVALID },
    { "-5", 0, KB_MONEY_ERROR_NEGATIVE },
    { "−500", 0, KB_MONEY_ERROR_NEGATIVE },
    { "-12.5", 0, KB_MONEY_ERROR_NEGATIVE },
    { "-abc", 0, KB_MONEY_ERROR_INVALID },
    { "5-", 0, KB_MONEY_ERROR_INVALID },
    { "1e5", 0, KB_MONEY_ERROR_INVALID },
    { "abc", 0, KB_MONEY_ERROR_INVALID },
    { ".", 0, KB_MONEY_ERROR_INVALID },
    { "99999999999999999999", 0, KB_MONEY_ERROR_TOO_LARGE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 minor = -1;
      gboolean ok = kb_money_parse (cases[i].text, &minor, &error);

      if (cases[i].error < 0)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          g_assert_cmpint (minor, ==, cases[i].minor);
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, KB_MONEY_ERROR, cases[i].error);
        }
    }

  {
    g_autofree char *plain = kb_money_format_plain (-123456);
    g_autofree char *small = kb_money_format_plain (5);
    g_assert_cmpstr (plain, ==, "-1234.56");
    g_assert_cmpstr (small, ==, "0.05");
  }
}

static void
test_models (void)
{
  g_autoptr(KbPayment) payment = kb_payment_new (&(KbPaymentFields) {
    .id = "7", .date_iso = "2026-03-14", .amount_minor = 123450, .currency = "BYN",
    .order_number = "418", .purpose = "Связь", .status = KB_PAYMENT_STATUS_UNCONFIRMED,
    .created_at_iso = "2026-03-14T10:00:00Z",
  });
  g_autoptr(KbInstallment) half = kb_installment_new (&(KbInstallmentFields) {
    .id = "1", .subscriber_id = "2", .number = "+375291234567", .equipment = "Phone",
    .total_minor = 120000, .monthly_minor = 10000, .payments_left = 6, .remaining_minor = 60000,
    .currency = "BYN", .next_payment_on = "2026-04-01", .payoff_on = "2026-09-01",
  });
  g_autoptr(GDate) date = kb_payment_dup_date (payment);
  g_autoptr(GDate) bad = kb_date_new_from_iso ("2026-02-30");
  g_autoptr(GDate) junk = kb_date_new_from_iso ("2026-02-03x");
  g_autofree char *iso = NULL;

  g_assert_nonnull (date);
  g_assert_cmpint (g_date_get_day (date), ==, 14);
  iso = kb_date_to_iso (date);
  g_assert_cmpstr (iso, ==, "2026-03-14");
  g_assert_null (bad);
  g_assert_null (junk);
  g_assert_cmpint (kb_enum_from_nick (KB_TYPE_PAYMENT_STATUS, "unconfirmed",
                                      KB_PAYMENT_STATUS_UNKNOWN), ==, KB_PAYMENT_STATUS_UNCONFIRMED);
  g_assert_cmpstr (kb_enum_to_nick (KB_TYPE_PAYMENT_STATUS, KB_PAYMENT_STATUS_CONFIRMED), ==,
                   "confirmed");

  g_assert_cmpint (kb_installment_get_paid (half), ==, 60000);
  g_assert_cmpfloat_with_epsilon (kb_installment_get_fraction_paid (half), 0.5, 1e-9);
}

static GDateTime *
day (int year, int month, int d)
{
  return g_date_time_new_local (year, month, d, 12, 0, 0);
}

static void
test_invoice_window (void)
{
  static const struct { int d; gboolean open; } cases[] = {
    { 1, FALSE }, { 2, FALSE }, { 3, FALSE }, { 4, TRUE }, { 15, TRUE }, { 31, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDateTime) now = day (2026, 12, cases[i].d);
      g_autoptr(GDateTime) opens = kb_calendar_invoice_ordering_opens (now);

      g_assert_cmpint (kb_calendar_invoice_ordering_open (now), ==, cases[i].open);
      if (!cases[i].open)
        {
          g_assert_cmpint (g_date_time_get_day_of_month (opens), ==, 4);
          g_assert_cmpint (g_date_time_get_month (opens), ==, 12);
          g_assert_cmpint (g_date_time_get_hour (opens), ==, 0);
        }
    }

  /* Just before midnight of the 3rd it is still closed. */
  {
    g_autoptr(GDateTime) late = g_date_time_new_local (2026, 1, 3, 23, 59, 59);
    g_autoptr(GDateTime) early = g_date_time_new_local (2026, 1, 4, 0, 0, 0);
    g_assert_false (kb_calendar_invoice_ordering_open (late));
    g_assert_true (kb_calendar_invoice_ordering_open (early));
  }
}

static void
test_rename_window (void)
{
  /* Months of 28, 29, 30 and 31 days: the last two days are closed, the day
   * before them is open. */
  static const struct { int year, month, last; } months[] = {
    { 2026, 2, 28 }, { 2028, 2, 29 }, { 2026, 4, 30 }, { 2026, 12, 31 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (months); i++)
    {
      int last = months[i].last;
      g_autoptr(GDateTime) before = day (months[i].year, months[i].month, last - 2);
      g_autoptr(GDateTime) closed1 = day (months[i].year, months[i].month, last - 1);
      g_autoptr(GDateTime) closed2 = day (months[i].year, months[i].month, last);
      g_autoptr(GDateTime) first = day (months[i].year, months[i].month, 1);
      g_autoptr(GDateTime) reopens = kb_calendar_rename_opens (closed2);

      g_assert_cmpuint (kb_calendar_days_in_month (before), ==, (guint) last);
      g_assert_true (kb_calendar_rename_open (first));
      g_assert_true (kb_calendar_rename_open (before));
      g_assert_false (kb_calendar_rename_open (closed1));
      g_assert_false (kb_calendar_rename_open (closed2));
      g_assert_cmpint (g_date_time_get_day_of_month (reopens), ==, 1);
      g_assert_cmpint (g_date_time_get_month (reopens), ==, months[i].month % 12 + 1);
    }

  {
    g_autoptr(GDateTime) dec = day (2026, 12, 31);
    g_autoptr(GDateTime) reopens = kb_calendar_rename_opens (dec);
    g_assert_cmpint (g_date_time_get_year (reopens), ==, 2027);
  }
}

static void
test_service_history (void)
{
  static const struct { int month, start_year, start_month; } cases[] = {
    { 1, 2025, 11 }, { 2, 2025, 12 }, { 3, 2026, 1 }, { 11, 2026, 9 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDateTime) now = day (2026, cases[i].month, 20);
      g_autoptr(GDateTime) start = kb_calendar_service_history_start (now);

      g_assert_cmpint (g_date_time_get_year (start), ==, cases[i].start_year);
      g_assert_cmpint (g_date_time_get_month (start), ==, cases[i].start_month);
      g_assert_cmpint (g_date_time_get_day_of_month (start), ==, 1);
    }
}

/* A string is replaced only when its text changes, and says so. */
static void
test_set_str (void)
{
  g_autofree char *field = NULL;
  const char *kept;

  g_assert_false (kb_set_str (&field, NULL));
  g_assert_true (kb_set_str (&field, "a"));
  g_assert_cmpstr (field, ==, "a");
  kept = field;
  g_assert_false (kb_set_str (&field, "a"));
  g_assert_true (field == kept);
  g_assert_true (kb_set_str (&field, NULL));
  g_assert_null (field);
}

static void
test_identifiers (void)
{
  g_assert_true (kb_unp_is_valid ("190123456"));
  g_assert_false (kb_unp_is_valid ("19012345"));
  g_assert_false (kb_unp_is_valid ("1901234567"));
  g_assert_false (kb_unp_is_valid ("19012345a"));
  g_assert_false (kb_unp_is_valid (NULL));

  /* The National Bank's published example account. */
  g_assert_true (kb_iban_is_valid_by ("BY13NBRB3600900000002Z00AB00"));
  g_assert_false (kb_iban_is_valid_by ("BY14NBRB3600900000002Z00AB00"));
  g_assert_false (kb_iban_is_valid_by ("BY13NBRB3600900000002Z00AB0"));
  g_assert_false (kb_iban_is_valid_by ("DE13NBRB3600900000002Z00AB00"));
  g_assert_false (kb_iban_is_valid_by ("by13nbrb3600900000002z00ab00"));
}

static void
test_profile_contract_date (void)
{
  g_autoptr(KbClientProfile) profile = kb_client_profile_new ();
  g_autoptr(GDate) date = NULL;

  kb_client_profile_set_contract (profile, "N-1", "2019-03-14");
  date = kb_client_profile_dup_contract_date (profile);
  g_assert_nonnull (date);
  g_assert_cmpint (g_date_get_day (date), ==, 14);

  kb_client_profile_set_contract (profile, "N-1", "2019-02-30");
  g_assert_null (kb_client_profile_dup_contract_date (profile));
  kb_client_profile_set_contract (profile, "N-1", "garbage");
  g_assert_null (kb_client_profile_dup_contract_date (profile));
}

/* Every member of every enumeration that travels has a wire name, and the
 * name reads back as the member; names are the contract's (docs/api.md). */
static void
test_enum_nicks (void)
{
  GType types[] = {
    KB_TYPE_CLIENT_STATUS, KB_TYPE_DELIVERY_METHOD, KB_TYPE_PAYMENT_FORM, KB_TYPE_INVOICE_STATUS,
    KB_TYPE_PAYMENT_STATUS, KB_TYPE_QUESTION_STATUS, KB_TYPE_RENAME_STATUS, KB_TYPE_SERVICE_ACTION,
    KB_TYPE_SERVICE_ORDER_STATUS, KB_TYPE_SUBSCRIBER_STATUS, KB_TYPE_SUBSCRIBER_NAME_PROBLEM,
  };
  static const struct { const char *nick; int value; } question[] = {
    { "queued", KB_QUESTION_STATUS_QUEUED },
    { "failed", KB_QUESTION_STATUS_FAILED },
    { "new", KB_QUESTION_STATUS_NEW },
    { "in_progress", KB_QUESTION_STATUS_IN_PROGRESS },
    { "answered", KB_QUESTION_STATUS_ANSWERED },
    { "closed", KB_QUESTION_STATUS_CLOSED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autoptr(GEnumClass) klass = g_type_class_ref (types[i]);

      for (guint j = 0; j < klass->n_values; j++)
        {
          int value = klass->values[j].value;
          const char *nick = kb_enum_to_nick (types[i], value);

          g_assert_nonnull (nick);
          g_assert_cmpint (kb_enum_from_nick (types[i], nick, -1), ==, value);
        }
      /* A name from a newer server, or none, is the caller's fallback. */
      g_assert_cmpint (kb_enum_from_nick (types[i], "from_the_future", -7), ==, -7);
      g_assert_cmpint (kb_enum_from_nick (types[i], NULL, -7), ==, -7);
      g_assert_null (kb_enum_to_nick (types[i], 1000));
    }

  for (guint i = 0; i < G_N_ELEMENTS (question); i++)
    {
      g_assert_cmpstr (kb_enum_to_nick (KB_TYPE_QUESTION_STATUS, question[i].value), ==,
                       question[i].nick);
      g_assert_cmpint (kb_enum_from_nick (KB_TYPE_QUESTION_STATUS, question[i].nick, -1), ==,
                       question[i].value);
    }
  g_assert_cmpstr (kb_enum_to_nick (KB_TYPE_DELIVERY_METHOD, KB_DELIVERY_METHOD_PICKUP), ==,
                   "pickup");
  g_assert_cmpstr (kb_enum_to_nick (KB_TYPE_SERVICE_ACTION, KB_SERVICE_ACTION_REMOVE), ==,
                   "remove");
  g_assert_cmpstr (kb_enum_to_nick (KB_TYPE_SERVICE_ORDER_STATUS, KB_SERVICE_ORDER_STATUS_PARTIAL),
                   ==, "partial");
  g_assert_cmpstr (kb_enum_to_nick (KB_TYPE_RENAME_STATUS, KB_RENAME_STATUS_PENDING), ==,
                   "pending");
  g_assert_cmpstr (kb_enum_to_nick (KB_TYPE_SUBSCRIBER_STATUS, KB_SUBSCRIBER_STATUS_BLOCKED), ==,
                   "blocked");
  g_assert_cmpstr (kb_enum_to_nick (KB_TYPE_INVOICE_STATUS, KB_INVOICE_STATUS_OVERDUE), ==,
                   "overdue");
  g_assert_cmpstr (kb_enum_to_nick (KB_TYPE_CLIENT_STATUS, KB_CLIENT_STATUS_SUSPENDED), ==,
                   "suspended");
  g_assert_cmpstr (kb_enum_to_nick (KB_TYPE_PAYMENT_FORM, KB_PAYMENT_FORM_CREDIT), ==, "credit");
  g_assert_cmpstr (kb_enum_to_nick (KB_TYPE_SUBSCRIBER_NAME_PROBLEM,
                                    KB_SUBSCRIBER_NAME_PROBLEM_TOO_LONG), ==, "name_too_long");
}

/* What a search compares, folded by a shortcut for Russian and Belarusian
 * letters: it must fold every character exactly as g_utf8_strdown() and ё
 * as е do, alone and among others, and leave other text to them. */
static void
test_subscriber_fold (void)
{
  static const char * const mixed[] = {
    "", "Ёлкин ПЁТР Іванавіч", "ЎЕЎ Ўладзімір", "Ковалёва Марина", "ABC-12 xyz",
    "Ѐльза Ѝ", "Ωμέγα ΣΟΦΟΣ", "Straße Ǆ", "Ѣ старое", "abc\xd0", "ok\xd0\x41",
    "«Счёт» № 12 – café…", "ÉCOLE «Ё»", "Ставка 20 %\xc2\xa0— ok", "x\xe2\x84",
  };

  for (gunichar c = 1; c < 0x500; c++)
    {
      char text[16] = "A";
      gsize length = 1 + g_unichar_to_utf8 (c, text + 1);
      g_autofree char *lower = NULL;
      g_autofree char *folded = NULL;
      g_autoptr(GString) expected = NULL;

      memcpy (text + length, "Я", sizeof "Я");
      lower = g_utf8_strdown (text, -1);
      expected = g_string_new (lower);
      g_string_replace (expected, "ё", "е", 0);
      folded = kb_subscriber_fold (text);
      g_assert_cmpstr (folded, ==, expected->str);
    }
  for (guint i = 0; i < G_N_ELEMENTS (mixed); i++)
    {
      g_autofree char *lower = g_utf8_strdown (mixed[i], -1);
      g_autoptr(GString) expected = g_string_new (lower);
      g_autofree char *folded = kb_subscriber_fold (mixed[i]);

      g_string_replace (expected, "ё", "е", 0);
      g_assert_cmpstr (folded, ==, expected->str);
    }
}

/* The contract's rule for a new name, which client and server share:
 * characters (not bytes) counted, the length judged before the characters. */
static void
test_subscriber_name (void)
{
  static const struct { const char *name; KbSubscriberNameProblem problem; } cases[] = {
    { "Иванов", KB_SUBSCRIBER_NAME_PROBLEM_NONE },
    { "", KB_SUBSCRIBER_NAME_PROBLEM_EMPTY },
    { NULL, KB_SUBSCRIBER_NAME_PROBLEM_INVALID },
    { "\xff\xfe", KB_SUBSCRIBER_NAME_PROBLEM_INVALID },
    { "a\tb", KB_SUBSCRIBER_NAME_PROBLEM_INVALID },
    { "a\x7f", KB_SUBSCRIBER_NAME_PROBLEM_INVALID },
    { "a\xc2\x9f", KB_SUBSCRIBER_NAME_PROBLEM_INVALID },      /* a C1 control */
    { "a\xc2\xa0" "b", KB_SUBSCRIBER_NAME_PROBLEM_NONE },     /* a no-break space */
    { "a\u202eb", KB_SUBSCRIBER_NAME_PROBLEM_INVALID },       /* right-to-left override */
    { "a\u202ab", KB_SUBSCRIBER_NAME_PROBLEM_INVALID },
    { "a\u2066b", KB_SUBSCRIBER_NAME_PROBLEM_INVALID },       /* an isolate */
    { "a\u2069b", KB_SUBSCRIBER_NAME_PROBLEM_INVALID },
    { "a\u200fb", KB_SUBSCRIBER_NAME_PROBLEM_INVALID },       /* right-to-left mark */
    { "a\u2065b", KB_SUBSCRIBER_NAME_PROBLEM_NONE },          /* the neighbours are fine */
    { "a\u2030b", KB_SUBSCRIBER_NAME_PROBLEM_NONE },
  };
  g_autoptr(GString) cyrillic = g_string_new (NULL);
  char buffer[KB_PHONE_NUMBER_LENGTH + 1];

  for (guint i = 0; i < KB_SUBSCRIBER_NAME_MAX_LENGTH; i++)
    g_string_append (cyrillic, "ж");
  g_assert_cmpint (kb_subscriber_check_name (cyrillic->str, -1), ==,
                   KB_SUBSCRIBER_NAME_PROBLEM_NONE);
  g_string_append (cyrillic, "\n");
  g_assert_cmpint (kb_subscriber_check_name (cyrillic->str, -1), ==,
                   KB_SUBSCRIBER_NAME_PROBLEM_TOO_LONG);
  g_assert_cmpint (kb_subscriber_check_name (cyrillic->str, cyrillic->len - 1), ==,
                   KB_SUBSCRIBER_NAME_PROBLEM_NONE);
  /* A NUL inside the given length is a control character, not an end. */
  g_assert_cmpint (kb_subscriber_check_name ("a\0b", 3), ==, KB_SUBSCRIBER_NAME_PROBLEM_INVALID);
  /* Numbers share the rule: a bidirectional control is no punctuation. */
  g_assert_cmpint (kb_phone_number_normalize_to_buffer ("+375 29\u202e123-45-67", -1, buffer), ==,
                   KB_PHONE_NUMBER_PROBLEM_INVALID_CHARACTER);
  g_assert_cmpint (kb_phone_number_normalize_to_buffer ("+375291234567\0" "8", 15, buffer), ==,
                   KB_PHONE_NUMBER_PROBLEM_INVALID_CHARACTER);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (kb_subscriber_check_name (cases[i].name, -1), ==, cases[i].problem);
}

/* Each enumeration has words for people for every member (untranslated
 * here: the C locale). */
static void
test_enum_display (void)
{
  g_assert_cmpstr (kb_question_status_to_display (KB_QUESTION_STATUS_IN_PROGRESS), ==,
                   "In Progress");
  g_assert_cmpstr (kb_question_status_to_display (KB_QUESTION_STATUS_FAILED), ==, "Not Sent");
  g_assert_cmpstr (kb_payment_status_to_display (KB_PAYMENT_STATUS_UNCONFIRMED), ==, "Unconfirmed");
  g_assert_cmpstr (kb_invoice_status_to_display (KB_INVOICE_STATUS_OVERDUE), ==, "Overdue");
  g_assert_cmpstr (kb_subscriber_status_to_display (KB_SUBSCRIBER_STATUS_BLOCKED), ==, "Blocked");
  g_assert_cmpstr (kb_rename_status_to_display (KB_RENAME_STATUS_PENDING), ==, "Pending");
  g_assert_cmpstr (kb_rename_status_to_display (KB_RENAME_STATUS_UNKNOWN), ==, "—");
  g_assert_cmpstr (kb_service_order_status_to_display (KB_SERVICE_ORDER_STATUS_PARTIAL), ==,
                   "Partially done");
  g_assert_cmpstr (kb_service_action_to_display (KB_SERVICE_ACTION_REMOVE), ==, "Removal");
  g_assert_cmpstr (kb_client_status_to_display (KB_CLIENT_STATUS_SUSPENDED), ==, "Suspended");
  g_assert_cmpstr (kb_payment_form_to_display (KB_PAYMENT_FORM_PREPAID), ==, "Prepaid");
  g_assert_cmpstr (kb_delivery_method_to_display (KB_DELIVERY_METHOD_PICKUP), ==,
                   "In person at the office");
}

/* The one reader and writer of the wire's dates (kb-date.h): strict
 * YYYY-MM-DD, moments with their offset, written back to the second. */
static void
test_dates (void)
{
  static const char * const bad_dates[] = {
    "2026-02-30", "2026-02-03x", "2026-1-05", " 2026-01-05", "+2026-01-05", "20260105",
    "1899-12-31", "2026-13-01", "2026-00-10", "", "2026-01-0a",
  };
  static const struct { const char *in; const char *out; const char *day; } moments[] = {
    { "2026-12-06T10:00:00Z", "2026-12-06T10:00:00Z", "2026-12-06" },
    { "2026-12-06T10:00:00.250Z", "2026-12-06T10:00:00Z", "2026-12-06" },
    { "2026-12-06T23:30:00+03:00", "2026-12-06T23:30:00+03:00", "2026-12-06" },
    { "2026-12-06T23:30:00-01:00", "2026-12-06T23:30:00-01:00", "2026-12-06" },
  };
  g_autoptr(GDate) date = kb_date_new_from_iso ("2024-02-29");
  g_autofree char *iso = NULL;
  g_autofree char *epoch = kb_date_time_unix_to_iso (0);

  g_assert_nonnull (date);
  g_assert_cmpint (g_date_get_year (date), ==, 2024);
  g_assert_cmpint (g_date_get_month (date), ==, 2);
  g_assert_cmpint (g_date_get_day (date), ==, 29);
  iso = kb_date_to_iso (date);
  g_assert_cmpstr (iso, ==, "2024-02-29");
  g_assert_null (kb_date_new_from_iso (NULL));
  for (guint i = 0; i < G_N_ELEMENTS (bad_dates); i++)
    {
      g_autoptr(GDate) bad = kb_date_new_from_iso (bad_dates[i]);

      g_assert_null (bad);
    }

  for (guint i = 0; i < G_N_ELEMENTS (moments); i++)
    {
      g_autoptr(GDateTime) moment = kb_date_time_new_from_iso (moments[i].in);
      g_autofree char *out = NULL;
      g_autofree char *day = NULL;

      g_assert_nonnull (moment);
      out = kb_date_time_to_iso (moment);
      day = kb_date_time_to_iso_date (moment);
      g_assert_cmpstr (out, ==, moments[i].out);
      g_assert_cmpstr (day, ==, moments[i].day);
    }
  /* A time without an offset names no moment. */
  g_assert_null (kb_date_time_new_from_iso ("2026-12-06T10:00:00"));
  g_assert_null (kb_date_time_new_from_iso ("yesterday"));
  g_assert_null (kb_date_time_new_from_iso (NULL));
  g_assert_cmpstr (epoch, ==, "1970-01-01T00:00:00Z");
}

/* The one back-off: doubling from the base up to the cap, then shortened at
 * random by at most a quarter, so never longer than the cap. */
/* Nesting is bounded before json-glib's recursive parser sees the text;
 * brackets inside strings, escaped quotes included, do not count. */
static void
test_json_depth (void)
{
  g_autoptr(GString) deep = g_string_new (NULL);
  const char *quoted = "{\"a\": \"[[[[\\\"[[[[\"}";

  g_assert_true (kb_json_depth_ok ("", 0, KB_JSON_MAX_DEPTH));
  g_assert_true (kb_json_depth_ok ("[[1],{\"a\":[2]}]", 16, 3));
  g_assert_false (kb_json_depth_ok ("[[1],{\"a\":[2]}]", 16, 2));
  g_assert_false (kb_json_depth_ok ("[[[1]]]", 7, 2));
  g_assert_true (kb_json_depth_ok (quoted, strlen (quoted), 1));

  for (guint i = 0; i < 80000; i++)
    g_string_append_c (deep, '[');
  g_assert_false (kb_json_depth_ok (deep->str, deep->len, KB_JSON_MAX_DEPTH));
  /* The guard reads only the bytes it is given. */
  g_assert_true (kb_json_depth_ok (deep->str, KB_JSON_MAX_DEPTH, KB_JSON_MAX_DEPTH));
}

static void
test_backoff (void)
{
  g_assert_cmpuint (kb_backoff_delay (250, 8000, 0, 0.0), ==, 250);
  g_assert_cmpuint (kb_backoff_delay (250, 8000, 1, 0.0), ==, 500);
  g_assert_cmpuint (kb_backoff_delay (250, 8000, 5, 0.0), ==, 8000);
  g_assert_cmpuint (kb_backoff_delay (250, 8000, 6, 0.0), ==, 8000);
  g_assert_cmpuint (kb_backoff_delay (250, 8000, G_MAXUINT, 0.0), ==, 8000);
  g_assert_cmpuint (kb_backoff_delay (2000, 300000, 1, 0.0), ==, 4000);
  /* A base above the cap is the cap. */
  g_assert_cmpuint (kb_backoff_delay (600000, 300000, 0, 0.0), ==, 300000);
  /* The whole jitter takes a quarter off; out-of-range jitter is clamped. */
  g_assert_cmpuint (kb_backoff_delay (1000, 30000, 0, 1.0), ==, 750);
  g_assert_cmpuint (kb_backoff_delay (1000, 30000, 0, 7.0), ==, 750);
  g_assert_cmpuint (kb_backoff_delay (1000, 30000, 0, -1.0), ==, 1000);
  g_assert_cmpuint (kb_backoff_delay (1000, 30000, 10, 0.5), ==, 26250);
  g_assert_cmpuint (kb_backoff_delay (G_MAXUINT, G_MAXUINT, 3, 0.0), ==, G_MAXUINT);

  for (guint attempt = 0; attempt < 40; attempt++)
    for (guint i = 0; i < 50; i++)
      {
        guint full = kb_backoff_delay (1000, 30000, attempt, 0.0);
        guint delay = kb_backoff_next_delay (1000, 30000, attempt);

        g_assert_cmpuint (full, ==, MIN (30000, 1000u << MIN (attempt, 5u)));
        g_assert_cmpuint (delay, <=, full);
        g_assert_cmpuint (delay, >=, full - full / 4);
      }
}

typedef struct {
  guint source;
  guint calls;
  gboolean again;   /* the first call schedules the next try */
} Retries;

static void
on_retry (gpointer data)
{
  Retries *retries = data;

  /* The id is cleared before the call, so a call may schedule again. */
  g_assert_cmpuint (retries->source, ==, 0);
  retries->calls++;
  if (retries->again && retries->calls == 1)
    kb_backoff_schedule (&retries->source, 1, on_retry, retries);
}

static void
on_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
}

/* Waits until a later timer has fired: by then any 1 ms retry that was
 * going to be called has been. */
static void
wait_past_retries (void)
{
  gboolean passed = FALSE;

  g_timeout_add_once (20, on_flag, &passed);
  kb_test_wait_for (passed, 5);
}

static void
test_backoff_schedule (void)
{
  Retries retries = { 0 };

  /* A second schedule replaces the pending one: one call, not two. */
  kb_backoff_schedule (&retries.source, 1, on_retry, &retries);
  kb_backoff_schedule (&retries.source, 1, on_retry, &retries);
  g_assert_cmpuint (retries.source, !=, 0);
  kb_test_wait_for (retries.calls > 0, 5);
  g_assert_cmpuint (retries.source, ==, 0);
  wait_past_retries ();
  g_assert_cmpuint (retries.calls, ==, 1);

  /* A call that schedules again keeps the new timer's id. */
  retries = (Retries) { .again = TRUE };
  kb_backoff_schedule (&retries.source, 1, on_retry, &retries);
  kb_test_wait_for (retries.calls == 2, 5);
  g_assert_cmpuint (retries.source, ==, 0);

  /* A timer removed by its owner never calls. */
  retries = (Retries) { 0 };
  kb_backoff_schedule (&retries.source, 1, on_retry, &retries);
  g_clear_handle_id (&retries.source, g_source_remove);
  wait_past_retries ();
  g_assert_cmpuint (retries.calls, ==, 0);
}

static int
thread_nice (void)
{
  return getpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid));
}

/* Hands back the item and this thread's nice value, item by item. */
static void
report_nice (gpointer item, gpointer results)
{
  g_async_queue_push (results, item);
  g_async_queue_push (results, GINT_TO_POINTER (thread_nice () + 100));
}

/* Background work runs in the order pushed, on one thread that gives way
 * to this one: a higher nice value than the main thread's, from the first
 * item on, and the main thread's is left as it was. */
static void
test_background_pool (void)
{
  /* Kept, as the program keeps its pools: a pool is for its life. */
  static GAsyncQueue *results;
  static GThreadPool *pool;
  int main_nice = thread_nice ();

  results = g_async_queue_new ();
  pool = kb_background_pool_new (report_nice, results);

  for (guint i = 1; i <= 3; i++)
    g_thread_pool_push (pool, GUINT_TO_POINTER (i), NULL);
  for (guint i = 1; i <= 3; i++)
    {
      g_assert_cmpuint (GPOINTER_TO_UINT (g_async_queue_timeout_pop (results, 10 * G_USEC_PER_SEC)), ==, i);
      g_assert_cmpint (GPOINTER_TO_INT (g_async_queue_timeout_pop (results, 10 * G_USEC_PER_SEC)) - 100, >,
                       main_nice);
    }
  g_assert_cmpint (thread_nice (), ==, main_nice);
}

int
main (int argc, char *argv[])
{
  kb_test_init (&argc, &argv);
  /* Money is checked untranslated, whatever the locale of a run by hand. */
  setlocale (LC_ALL, "C");

  g_test_add_func ("/core/money/format", test_money_format);
  g_test_add_func ("/core/background-pool", test_background_pool);
  g_test_add_func ("/core/money/parse", test_money_parse);
  g_test_add_func ("/core/models", test_models);
  g_test_add_func ("/core/backoff", test_backoff);
  g_test_add_func ("/core/backoff-schedule", test_backoff_schedule);
  g_test_add_func ("/core/json-depth", test_json_depth);
  g_test_add_func ("/core/dates", test_dates);
  g_test_add_func ("/core/enums/nicks", test_enum_nicks);
  g_test_add_func ("/core/enums/display", test_enum_display);
  g_test_add_func ("/core/subscriber-name", test_subscriber_name);
  g_test_add_func ("/core/subscriber-fold", test_subscriber_fold);
  g_test_add_func ("/core/calendar/invoice-window", test_invoice_window);
  g_test_add_func ("/core/calendar/rename-window", test_rename_window);
  g_test_add_func ("/core/calendar/service-history", test_service_history);
  g_test_add_func ("/core/identifiers", test_identifiers);
  g_test_add_func ("/core/set-str", test_set_str);
  g_test_add_func ("/core/profile/contract-date", test_profile_contract_date);

  return g_test_run ();
}
