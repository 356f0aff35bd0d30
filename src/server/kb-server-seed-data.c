/* kb-server-seed-data.c — the rows of the demo and large data sets beyond the clients.
 *
 * Dates are counted back from the moment of seeding, so that the demo always
 * shows "the last year"; everything else comes from a GRand with a fixed
 * seed, so the same day gives the same rows.
 */
#include "config.h"

#include "kb-server-seed.h"

typedef struct {
  const char *code;
  const char *name;
  gint64 fee;
} Service;

static const Service services[] = {
  { "mobile_internet_10gb", "Мобильный интернет 10 ГБ", 1290 },
  { "mobile_internet_unlim", "Безлимитный интернет", 2490 },
  { "roaming", "Международный роуминг", 0 },
  { "international_calls", "Международные вызовы", 0 },
  { "call_forwarding", "Переадресация вызова", 150 },
  { "voicemail", "Голосовая почта", 190 },
  { "conference", "Конференц-связь", 250 },
  { "caller_id_restrict", "Антиопределитель номера", 390 },
  { "mms", "MMS", 0 },
  { "sms_pack_500", "Пакет 500 SMS", 590 },
};

static const char * const tariffs[] = {
  "Бизнес 10", "Бизнес 25", "Бизнес Безлимит", "Офис 5", "Корпоративный M2M",
};

static const char * const surnames_m[] = {
  "Иванов", "Петров", "Сидоров", "Ковалёв", "Новик", "Шевчук", "Мельник", "Козлов",
  "Кравченко", "Василевский", "Жук", "Лукашевич", "Бондаренко", "Гончаров", "Романов",
};
static const char * const surnames_f[] = {
  "Иванова", "Петрова", "Сидорова", "Ковалёва", "Новик", "Шевчук", "Мельник", "Козлова",
  "Кравченко", "Василевская", "Жук", "Лукашевич", "Бондаренко", "Гончарова", "Романова",
};
static const char * const names_m[] = {
  "Александр", "Сергей", "Андрей", "Дмитрий", "Павел", "Игорь", "Виктор", "Олег", "Максим",
};
static const char * const names_f[] = {
  "Елена", "Ольга", "Наталья", "Татьяна", "Ирина", "Анна", "Светлана", "Марина", "Юлия",
};
static const char * const patronymics_m[] = {
  "Александрович", "Сергеевич", "Петрович", "Иванович", "Николаевич", "Владимирович",
};
static const char * const patronymics_f[] = {
  "Александровна", "Сергеевна", "Петровна", "Ивановна", "Николаевна", "Владимировна",
};
static const char * const operator_codes[] = { "29", "33", "44", "25" };

static const char * const demo_questions[] = {
  "Почему в счёте за прошлый месяц появилась плата за роуминг? Сотрудники никуда не выезжали.",
  "Как подключить безлимитный интернет сразу для всех номеров отдела продаж?",
  "Прошу выслать акт сверки за первый квартал на почту бухгалтерии.",
  "Не проходит платёж по платёжному поручению № 418, деньги списаны, баланс не изменился.",
  "Можно ли перевести номер +375 29 100 0003 на тариф «Бизнес Безлимит» с середины месяца?",
  "Сотрудник уволился, как заблокировать его номер и сохранить за компанией?",
  "Когда будет готов счёт за текущий месяц?",
  "Нужна детализация звонков по номеру +375 33 100 0010 за март.",
  "Как сменить адрес доставки счетов на электронную почту?",
  "Почему не работает конференц-связь на номере руководителя?",
  "Просим рассчитать стоимость рассрочки на 10 смартфонов.",
  "Как подключить переадресацию на городской номер офиса?",
};

/* The answer to each of demo_questions, in the same order, so that the
 * demo reads like a real conversation. */
static const char * const demo_answers[] = {
  "Здравствуйте! Проверили начисления: роуминг подключён по заявке от 12-го числа. Если заявку не подавали, напишите — оформим перерасчёт.",
  "Добрый день! Выберите номера в разделе «Действия с услугами по списку абонентов» и добавьте услугу «Безлимитный интернет».",
  "Акт сверки отправлен на адрес электронной почты бухгалтерии, указанный в договоре.",
  "Платёж найден и зачислен на лицевой счёт. Приносим извинения за задержку.",
  "Да, тариф сменится с 1-го числа следующего месяца без доплаты.",
  "Номер можно оставить за компанией: переименуйте абонента в разделе «Переименование абонента» и заблокируйте номер по заявке.",
  "Счёт за текущий месяц будет сформирован в первые три рабочих дня следующего месяца.",
  "Детализация за март отправлена на адрес электронной почты из договора.",
  "Способ доставки меняется в разделе «Счета» — «Доставка счетов»: выберите «По электронной почте» и укажите адрес.",
  "Проверили: услуга «Конференц-связь» на номере не была подключена. Подключили, проверьте, пожалуйста.",
  "Стоимость рассрочки на 10 смартфонов на 12 месяцев — 1 250 BYN в месяц. Условия направили на почту.",
  "Переадресация подключается в разделе «Действия с услугами по списку абонентов», услуга «Переадресация вызова».",
};

/* A second answer, where a question has one. */
static const char * const demo_second_answers[] = {
  "Дополнительно: изменения уже отражены в личном кабинете.",
  "Если остались вопросы, ответим в этой же переписке.",
};

G_STATIC_ASSERT (G_N_ELEMENTS (demo_answers) == G_N_ELEMENTS (demo_questions));


static const char * const operators[] = {
  "Иванова Е. (служба поддержки)", "Петров С. (отдел по работе с корпоративными клиентами)",
  "Ковалёва О. (биллинг)",
};

static gboolean
insert_services (KbDb *db, GError **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (services); i++)
    {
      sqlite3_stmt *stmt = kb_db_query (db,
                                        "INSERT OR IGNORE INTO services (code, name,"
                                        " monthly_fee_minor) VALUES (?, ?, ?);",
                                        error, KB_DB_TEXT (services[i].code),
                                        KB_DB_TEXT (services[i].name), KB_DB_INT (services[i].fee));

      if (stmt == NULL)
        return FALSE;
      if (!kb_db_step_done (db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* The service catalogue is reference data: every database has it. */
gboolean
kb_server_seed_catalogue (KbDb *db, GError **error)
{
  return insert_services (db, error);
}

static char *
person_name (GRand *rand)
{
  if (g_rand_boolean (rand))
    return g_strdup_printf ("%s %s %s", surnames_m[g_rand_int_range (rand, 0, G_N_ELEMENTS (surnames_m))],
                            names_m[g_rand_int_range (rand, 0, G_N_ELEMENTS (names_m))],
                            patronymics_m[g_rand_int_range (rand, 0, G_N_ELEMENTS (patronymics_m))]);
  return g_strdup_printf ("%s %s %s", surnames_f[g_rand_int_range (rand, 0, G_N_ELEMENTS (surnames_f))],
                          names_f[g_rand_int_range (rand, 0, G_N_ELEMENTS (names_f))],
                          patronymics_f[g_rand_int_range (rand, 0, G_N_ELEMENTS (patronymics_f))]);
}

/* Subscriber @index of a client whose numbers start at @base: +375, an
 * operator code and seven digits, unique per index. */
static char *
phone_number (guint base, guint index)
{
  return g_strdup_printf ("+375%s%07u", operator_codes[index % G_N_ELEMENTS (operator_codes)],
                          base + index / (guint) G_N_ELEMENTS (operator_codes));
}

static gboolean
seed_subscribers (KbDb *db, GRand *rand, gint64 client_id, guint base, guint count,
                  GArray *ids, GError **error)
{
  for (guint i = 0; i < count; i++)
    {
      g_autofree char *number = phone_number (base, i);
      g_autofree char *name = person_name (rand);
      const char *tariff, *status;
      gint64 id;
      guint n_services;

      /* Drawn one after the other, as the seed always drew them: the order
       * of a list's initialisers is not, and the demo data must not change. */
      tariff = tariffs[g_rand_int_range (rand, 0, G_N_ELEMENTS (tariffs))];
      status = g_rand_int_range (rand, 0, 25) == 0 ? "blocked" : "active";
      if (!kb_db_run (db,
                      "INSERT INTO subscribers (client_id, number, name, tariff, status)"
                      " VALUES (?, ?, ?, ?, ?);",
                      error, KB_DB_INT (client_id), KB_DB_TEXT (number), KB_DB_TEXT (name),
                      KB_DB_TEXT (tariff), KB_DB_TEXT (status)))
        return FALSE;
      id = sqlite3_last_insert_rowid (kb_db_get_handle (db));
      g_array_append_val (ids, id);

      /* Up to three services each; the first service of the catalogue
       * skipped now and then, so that "add" finds work to do. */
      n_services = (guint) g_rand_int_range (rand, 0, 4);
      for (guint s = 0; s < n_services; s++)
        {
          if (!kb_db_run (
                  db,
                  "INSERT OR IGNORE INTO subscriber_services (subscriber_id,"
                  " service_code) VALUES (?, ?);",
                  error, KB_DB_INT (id),
                  KB_DB_TEXT (
                      services[1 + g_rand_int_range (rand, 0, G_N_ELEMENTS (services) - 1)].code)))
            return FALSE;
        }
    }
  return TRUE;
}

static char *
date_days_ago (GDateTime *now, int days)
{
  g_autoptr(GDateTime) then = g_date_time_add_days (now, -days);

  return kb_date_time_to_iso_date (then);
}

static gboolean
seed_payments (KbDb *db, GRand *rand, gint64 client_id, GDateTime *now, guint count,
               guint span_days, GError **error)
{
  static const char * const purposes[] = {
    "Оплата услуг связи по договору", "Авансовый платёж за услуги связи",
    "Оплата по счёту-фактуре", "Оплата рассрочки за оборудование",
  };

  for (guint i = 0; i < count; i++)
    {
      int days = (int) ((guint64) i * span_days / count) + 1;
      g_autofree char *date = date_days_ago (now, days);
      g_autofree char *order = g_strdup_printf ("%u", 100 + (count - i) % 9900);
      /* Drawn in this order, as the seed always drew them (see seed_subscribers()). */
      gint64 amount = g_rand_int_range (rand, 20000, 250000) * 10;
      const char *purpose = purposes[g_rand_int_range (rand, 0, G_N_ELEMENTS (purposes))];

      if (!kb_db_run (db,
                      "INSERT INTO payments (client_id, date, amount_minor, currency,"
                      " order_number, purpose, status, created_at)"
                      " VALUES (?, ?, ?, 'BYN', ?, ?, 'confirmed', ?);",
                      error, KB_DB_INT (client_id), KB_DB_TEXT (date), KB_DB_INT (amount),
                      KB_DB_TEXT (order), KB_DB_TEXT (purpose),
                      KB_DB_INT (g_date_time_to_unix (now) - (gint64) days * 86400)))
        return FALSE;
    }
  return TRUE;
}

static gboolean
seed_invoices (KbDb *db, GRand *rand, gint64 client_id, GDateTime *now, GError **error)
{
  for (int i = 12; i >= 1; i--)
    {
      g_autoptr(GDateTime) month = g_date_time_add_months (now, -i);
      g_autoptr(GDateTime) issued = g_date_time_add_months (now, -i + 1);
      g_autofree char *period = g_date_time_format (month, "%Y-%m");
      g_autofree char *number = g_strdup_printf ("СФ-%s/%05" G_GINT64_FORMAT, period, client_id * 1000 + i);
      g_autofree char *issued_on = NULL;
      g_autofree char *due_on = NULL;
      g_autoptr(GDateTime) issued_day = NULL;
      g_autoptr(GDateTime) due_day = NULL;

      issued_day = g_date_time_new (g_date_time_get_timezone (issued), g_date_time_get_year (issued),
                                    g_date_time_get_month (issued), 3, 12, 0, 0);
      due_day = g_date_time_add_days (issued_day, 17);
      issued_on = kb_date_time_to_iso_date (issued_day);
      due_on = kb_date_time_to_iso_date (due_day);

      if (!kb_db_run (db,
                      "INSERT INTO invoices (client_id, number, period, issued_on, due_on,"
                      " amount_minor, currency, status) VALUES (?, ?, ?, ?, ?, ?, 'BYN', ?);",
                      error, KB_DB_INT (client_id), KB_DB_TEXT (number), KB_DB_TEXT (period),
                      KB_DB_TEXT (issued_on), KB_DB_TEXT (due_on),
                      KB_DB_INT (g_rand_int_range (rand, 60000, 180000) * 10 +
                                 g_rand_int_range (rand, 0, 10)),
                      KB_DB_TEXT (i == 1 ? "issued" : "paid")))
        return FALSE;
    }
  return TRUE;
}

static gboolean
seed_installments (KbDb *db, GRand *rand, gint64 client_id, GArray *subscribers, guint count,
                   GDateTime *now, GError **error)
{
  static const char * const equipment[] = {
    "Смартфон Samsung Galaxy A55", "Смартфон Apple iPhone 15", "Смартфон Xiaomi Redmi Note 13",
    "Роутер Huawei B535", "Планшет Samsung Galaxy Tab A9",
  };

  for (guint i = 0; i < count && i < subscribers->len; i++)
    {
      g_autoptr(GDateTime) next = g_date_time_add_months (now, 1);
      guint left = (guint) g_rand_int_range (rand, 2, 24);
      g_autoptr(GDateTime) payoff = g_date_time_add_months (now, (int) left);
      g_autoptr(GDateTime) next_day = g_date_time_new (g_date_time_get_timezone (next), g_date_time_get_year (next),
                                                       g_date_time_get_month (next), 15, 12, 0, 0);
      g_autoptr(GDateTime) payoff_day = g_date_time_new (g_date_time_get_timezone (payoff),
                                                         g_date_time_get_year (payoff),
                                                         g_date_time_get_month (payoff), 15, 12, 0, 0);
      g_autofree char *next_on = kb_date_time_to_iso_date (next_day);
      g_autofree char *payoff_on = kb_date_time_to_iso_date (payoff_day);
      gint64 monthly = g_rand_int_range (rand, 2500, 9000) * 10;

      if (!kb_db_run (db,
                      "INSERT INTO installments (client_id, subscriber_id, equipment,"
                      " total_minor, monthly_minor, payments_left, next_payment_on, payoff_on)"
                      " VALUES (?, ?, ?, ?, ?, ?, ?, ?);",
                      error, KB_DB_INT (client_id),
                      KB_DB_INT (g_array_index (subscribers, gint64, i * 7 % subscribers->len)),
                      KB_DB_TEXT (equipment[i % G_N_ELEMENTS (equipment)]),
                      KB_DB_INT (monthly * 24), KB_DB_INT (monthly), KB_DB_INT (left),
                      KB_DB_TEXT (next_on), KB_DB_TEXT (payoff_on)))
        return FALSE;
    }
  return TRUE;
}

/* Questions @first… of a client; question i has answers_of(i) answers and
 * a status that fits them. */
static gboolean
seed_questions (KbDb *db, GRand *rand, gint64 client_id, guint count, gboolean large,
                GDateTime *now, gint64 *seq, GError **error)
{
  static const guint answers_cycle[] = { 0, 2, 3, 5 };  /* 2.5 on average */
  gint64 now_unix = g_date_time_to_unix (now);

  for (guint i = 0; i < count; i++)
    {
      guint n_answers = large ? answers_cycle[i % 4] : (i < 3 ? 0 : 1 + i % 2);
      gint64 created = now_unix - (gint64) (count - i) * (large ? 3000 : 86400 * 3) - 3600;
      const char *status;
      g_autofree char *text = NULL;
      gint64 id;

      if (n_answers == 0)
        status = i % 2 == 0 ? "new" : "in_progress";
      else
        status = i % 3 == 0 ? "closed" : "answered";
      if (large)
        text = g_strdup_printf ("%s (обращение %u)", demo_questions[i % G_N_ELEMENTS (demo_questions)], i + 1);
      else
        text = g_strdup (demo_questions[i % G_N_ELEMENTS (demo_questions)]);

      if (!kb_db_run (db,
                      "INSERT INTO questions (client_id, text, status, created_at, updated_at,"
                      " answer_due_at, unread, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?);",
                      error, KB_DB_INT (client_id), KB_DB_TEXT (text), KB_DB_TEXT (status),
                      KB_DB_INT (created), KB_DB_INT (created + n_answers * 3600),
                      KB_DB_INT (created + 24 * 3600),
                      KB_DB_INT (n_answers > 0 && g_str_equal (status, "answered") && i % 2 == 1),
                      KB_DB_INT (++*seq)))
        return FALSE;
      id = sqlite3_last_insert_rowid (kb_db_get_handle (db));

      for (guint a = 0; a < n_answers; a++)
        {
          if (!kb_db_run (
                  db,
                  "INSERT INTO answers (question_id, author, text, created_at)"
                  " VALUES (?, ?, ?, ?);",
                  error, KB_DB_INT (id),
                  KB_DB_TEXT (operators[g_rand_int_range (rand, 0, G_N_ELEMENTS (operators))]),
                  KB_DB_TEXT (
                      a == 0 ? demo_answers[i % G_N_ELEMENTS (demo_answers)]
                             : demo_second_answers[(i + a) % G_N_ELEMENTS (demo_second_answers)]),
                  KB_DB_INT (created + (a + 1) * 3600)))
            return FALSE;
        }
    }
  return TRUE;
}

gboolean
kb_server_seed_details (KbDb *db, KbServerSeed seed, gint64 main_client, gint64 other_client,
                        GDateTime *now, GError **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240314);
  g_autoptr(GArray) main_subscribers = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) other_subscribers = g_array_new (FALSE, FALSE, sizeof (gint64));
  gboolean large = seed == KB_SERVER_SEED_LARGE;
  gint64 seq = 0;

  return seed_subscribers (db, rand, main_client, 1000000, large ? 100000 : 300, main_subscribers, error) &&
         seed_subscribers (db, rand, other_client, 5000000, 40, other_subscribers, error) &&
         seed_payments (db, rand, main_client, now, large ? 5000 : 26, large ? 1825 : 365, error) &&
         seed_payments (db, rand, other_client, now, 12, 365, error) &&
         seed_invoices (db, rand, main_client, now, error) &&
         seed_invoices (db, rand, other_client, now, error) &&
         seed_installments (db, rand, main_client, main_subscribers, 8, now, error) &&
         seed_installments (db, rand, other_client, other_subscribers, 2, now, error) &&
         seed_questions (db, rand, main_client, large ? 10000 : 12, large, now, &seq, error) &&
         seed_questions (db, rand, other_client, 3, FALSE, now, &seq, error);
}
