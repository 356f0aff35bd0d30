/* kb-rename-rule.c — when the Cabinet accepts renames: the operator's rule and the server's word.
 *
 * The operator's rule: in the last two calendar days of a month (Minsk
 * time) renames are made only by a paper application. The server's clock
 * may differ from ours: its 409 rename_window_closed closes renaming here
 * too, until the page reloads.
 */
#include "config.h"

#include "kb-rename-rule.h"

#include "kb-api-error.h"
#include "kb-calendar.h"

struct _KbRenameRule
{
  GObject parent_instance;

  GDateTime *fixed_now;
  gboolean server_closed;     /* the server said 409 since the last reset */
  GDateTime *server_reopens;
};

G_DEFINE_FINAL_TYPE (KbRenameRule, kb_rename_rule, G_TYPE_OBJECT)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GDateTime *
rule_now (KbRenameRule *self)
{
  g_autoptr(GTimeZone) minsk = g_time_zone_new_identifier ("+03:00");
  const char *env;

  if (self->fixed_now != NULL)
    return g_date_time_to_timezone (self->fixed_now, minsk);
  env = g_getenv ("KABINET_NOW");
  if (env != NULL)
    {
      g_autoptr(GDateTime) fixed = g_date_time_new_from_iso8601 (env, minsk);

      if (fixed != NULL)
        return g_date_time_to_timezone (fixed, minsk);
    }
  return g_date_time_new_now (minsk);
}

/* When renames open again after the server refused one that our own clock
 * allowed: the 1st of the month the server is about to enter. */
static GDateTime *
guess_server_reopens (GDateTime *now)
{
  g_autoptr(GDateTime) first = g_date_time_new (g_date_time_get_timezone (now),
                                                g_date_time_get_year (now),
                                                g_date_time_get_month (now), 1, 0, 0, 0);

  if (g_date_time_get_day_of_month (now) <= 15)
    return g_steal_pointer (&first);
  return g_date_time_add_months (first, 1);
}

KbRenameRule *
kb_rename_rule_new (void)
{
  return g_object_new (KB_TYPE_RENAME_RULE, NULL);
}

void
kb_rename_rule_check (KbRenameRule *self)
{
  g_return_if_fail (KB_IS_RENAME_RULE (self));
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

void
kb_rename_rule_set_now (KbRenameRule *self, GDateTime *now)
{
  g_return_if_fail (KB_IS_RENAME_RULE (self));

  g_clear_pointer (&self->fixed_now, g_date_time_unref);
  if (now != NULL)
    self->fixed_now = g_date_time_ref (now);
  kb_rename_rule_check (self);
}

gboolean
kb_rename_rule_get_open (KbRenameRule *self)
{
  g_autoptr(GDateTime) now = NULL;

  g_return_val_if_fail (KB_IS_RENAME_RULE (self), FALSE);

  now = rule_now (self);
  return kb_calendar_rename_open (now) && !self->server_closed;
}

GDateTime *
kb_rename_rule_get_reopens (KbRenameRule *self)
{
  g_autoptr(GDateTime) now = NULL;

  g_return_val_if_fail (KB_IS_RENAME_RULE (self), NULL);

  now = rule_now (self);
  if (!kb_calendar_rename_open (now))
    return kb_calendar_rename_opens (now);
  if (self->server_closed)
    return g_date_time_ref (self->server_reopens);
  return NULL;
}

void
kb_rename_rule_note_refusal (KbRenameRule *self, const GError *error)
{
  g_autoptr(GDateTime) now = NULL;

  g_return_if_fail (KB_IS_RENAME_RULE (self));

  if (!g_error_matches (error, KB_API_ERROR, KB_API_ERROR_RENAME_WINDOW_CLOSED))
    return;
  now = rule_now (self);
  self->server_closed = TRUE;
  g_clear_pointer (&self->server_reopens, g_date_time_unref);
  self->server_reopens = guess_server_reopens (now);
  kb_rename_rule_check (self);
}

void
kb_rename_rule_forget_server (KbRenameRule *self)
{
  g_return_if_fail (KB_IS_RENAME_RULE (self));

  self->server_closed = FALSE;
  kb_rename_rule_check (self);
}

static void
kb_rename_rule_finalize (GObject *object)
{
  KbRenameRule *self = KB_RENAME_RULE (object);

  g_clear_pointer (&self->fixed_now, g_date_time_unref);
  g_clear_pointer (&self->server_reopens, g_date_time_unref);

  G_OBJECT_CLASS (kb_rename_rule_parent_class)->finalize (object);
}

static void
kb_rename_rule_class_init (KbRenameRuleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kb_rename_rule_finalize;

  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kb_rename_rule_init (KbRenameRule *self)
{
}
