/* kb-server-demo-operator.c — the demo operator: answers each question after a delay.
 *
 * So that someone trying the app (kabinet --demo) sees an answer arrive,
 * the server can answer every new question and follow-up itself; a
 * follow-up is answered with a PDF attached.
 */
#include "config.h"

#include "kb-question.h"
#include "kb-server-questions.h"

typedef struct {
  KbServer *server;
  GSource *source;
  gint64 question_id;
} DemoAnswer;

/* TRUE when question @id has a follow-up: the demo operator then answers
 * with a PDF, so that trying the app shows an attachment arrive. */
static gboolean
has_follow_up (KbDb *db, gint64 id)
{
  gint64 found;

  return kb_db_read_int (db, kb_db_query (db, "SELECT EXISTS (SELECT 1 FROM answers"
                                          " WHERE question_id = ? AND role = 'client');", NULL,
                                          KB_DB_INT (id)), &found, NULL) && found != 0;
}

static gboolean
on_demo_answer_due (gpointer user_data)
{
  DemoAnswer *demo = user_data;
  KbServer *self = demo->server;
  g_autoptr(GDateTime) now = _kb_server_now (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  const char *text = "Здравствуйте! Спасибо за обращение. Мы проверили ваш вопрос: "
                     "всё в порядке, изменения вступят в силу в течение суток. "
                     "Если остались вопросы — напишите нам.";

  if (self->stopped)
    return G_SOURCE_REMOVE;
  if (has_follow_up (self->db, demo->question_id))
    {
      pdf = _kb_server_pdf_new ((const char * const[]) { "Kabinet demo: how to read your invoice",
                                                         "1. Subscription fees by subscriber.",
                                                         "2. Additional services.",
                                                         "3. Payments received this month.",
                                                         NULL });
      text = "Спасибо за уточнение! Во вложении — памятка по вашему вопросу.";
    }
  if (_kb_server_question_answer_with_file (self->db, &(KbQuestionWrite) {
                                              .id = demo->question_id, .author = "Оператор (демо)",
                                              .text = text, .now = g_date_time_to_unix (now) },
                                            "Памятка.pdf", pdf, &error) == 0)
    g_debug ("Demo operator: %s", error->message);
  _kb_server_events_flush (self);
  return G_SOURCE_REMOVE;
}

static void
on_demo_source_destroyed (gpointer user_data)
{
  DemoAnswer *demo = user_data;

  g_ptr_array_remove_fast (demo->server->demo_sources, demo->source);
  g_free (demo);
}

/* The demo operator answers each new question and each follow-up after
 * a delay, so that someone trying the app sees an answer arrive. */
void
_kb_server_schedule_demo_answer (KbServer *self, gint64 question_id)
{
  guint delay = _kb_server_get_demo_operator (self);
  DemoAnswer *demo;
  GSource *source;

  if (delay == 0 || self->context == NULL)
    return;

  demo = g_new0 (DemoAnswer, 1);
  demo->server = self;
  demo->question_id = question_id;
  source = g_timeout_source_new_seconds (delay);
  demo->source = source;
  g_source_set_callback (source, on_demo_answer_due, demo, on_demo_source_destroyed);
  g_source_attach (source, self->context);
  g_ptr_array_add (self->demo_sources, source);
}
