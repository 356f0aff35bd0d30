/* kb-question-history-csv.c — the Feedback history as a CSV file.
 *
 * What the history's Export writes, apart from the widget so that a test
 * can read it without a window.
 */
#include "config.h"

#include "kb-question-history.h"

#include <glib/gi18n.h>

#include "kb-csv.h"
#include "kb-format.h"

/* Returns: (transfer full): the questions of @questions, in their order,
 * as a CSV file (kb-csv.c), after a header row. */
GBytes *
kb_question_history_build_csv (GListModel *questions)
{
  g_autoptr(KbCsv) csv = kb_csv_new ();
  guint n = g_list_model_get_n_items (questions);

  kb_csv_add_row (csv, _("Question"), _("Status"), _("Answers"), _("Date"), _("Unread"), NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KbQuestion) question = g_list_model_get_item (questions, i);
      GDateTime *created = kb_question_get_created_at (question);
      g_autofree char *count = g_strdup_printf ("%u", kb_question_get_answers_count (question));
      g_autoptr(GDateTime) local = created != NULL ? g_date_time_to_local (created) : NULL;
      g_autofree char *date = local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M:%S") : NULL;

      kb_csv_add_text (csv, kb_question_get_text (question));
      kb_csv_add_text (csv, kb_question_status_to_display (kb_question_get_status (question)));
      kb_csv_add_number (csv, count);
      kb_csv_add_text (csv, date);
      kb_csv_add_text (csv, kb_question_get_unread (question) ? _("Yes") : _("No"));
      kb_csv_end_row (csv);
    }
  return kb_csv_free_to_bytes (g_steal_pointer (&csv));
}
