/* kb-list-import-row.c — one row of an imported subscriber list, which the user may fix.
 *
 * The parser's rows point into the list's own text and cannot change; a row
 * fixed by hand needs strings of its own. This object keeps them, and a
 * KbSubscriberListRow pointing at them so that the core checks the row with
 * the very functions it uses while parsing.
 */
#include "config.h"

#include "kb-list-import-row.h"

struct _KbListImportRow
{
  GObject parent_instance;

  KbSubscriberListRow row;   /* raw_number and name point at the strings below */
  char *raw_number;
  char *name;
  KbSubscriberListProblem shown_problem;
};

G_DEFINE_TYPE (KbListImportRow, kb_list_import_row, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RAW_NUMBER,
  PROP_NAME,
  PROP_PROBLEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kb_list_import_row_finalize (GObject *object)
{
  KbListImportRow *self = KB_LIST_IMPORT_ROW (object);

  g_clear_pointer (&self->raw_number, g_free);
  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (kb_list_import_row_parent_class)->finalize (object);
}

static void
kb_list_import_row_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KbListImportRow *self = KB_LIST_IMPORT_ROW (object);

  switch (prop_id)
    {
    case PROP_RAW_NUMBER: g_value_set_string (value, self->raw_number); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_PROBLEM: g_value_set_int (value, self->row.problem); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kb_list_import_row_class_init (KbListImportRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kb_list_import_row_finalize;
  object_class->get_property = kb_list_import_row_get_property;

  properties[PROP_RAW_NUMBER] =
    g_param_spec_string ("raw-number", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROBLEM] =
    g_param_spec_int ("problem", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kb_list_import_row_init (KbListImportRow *self)
{
}

static void
point_at_strings (KbListImportRow *self)
{
  self->row.raw_number = self->raw_number;
  self->row.name = self->name;
  if (self->row.number_problem == KB_PHONE_NUMBER_PROBLEM_NONE && self->row.number != NULL)
    self->row.number = self->row.number_buffer;
}

/* Returns: (transfer full): a copy of @row that owns its strings. Safe on a
 * worker thread. */
KbListImportRow *
kb_list_import_row_new (const KbSubscriberListRow *row)
{
  KbListImportRow *self;

  g_return_val_if_fail (row != NULL, NULL);

  self = g_object_new (KB_TYPE_LIST_IMPORT_ROW, NULL);
  self->row = *row;
  self->raw_number = g_strdup (row->raw_number != NULL ? row->raw_number : "");
  self->name = g_strdup (row->name);
  point_at_strings (self);
  self->shown_problem = row->problem;
  return self;
}

guint
kb_list_import_row_get_line (KbListImportRow *self)
{
  g_return_val_if_fail (KB_IS_LIST_IMPORT_ROW (self), 0);
  return self->row.line;
}

const char *
kb_list_import_row_get_raw_number (KbListImportRow *self)
{
  g_return_val_if_fail (KB_IS_LIST_IMPORT_ROW (self), NULL);
  return self->raw_number;
}

/* Returns: (nullable): the number in the contract's form, %NULL when bad. */
const char *
kb_list_import_row_get_number (KbListImportRow *self)
{
  g_return_val_if_fail (KB_IS_LIST_IMPORT_ROW (self), NULL);
  return self->row.number;
}

/* Returns: (nullable): the new name, %NULL in a numbers-only list. */
const char *
kb_list_import_row_get_name (KbListImportRow *self)
{
  g_return_val_if_fail (KB_IS_LIST_IMPORT_ROW (self), NULL);
  return self->name;
}

KbSubscriberListProblem
kb_list_import_row_get_problem (KbListImportRow *self)
{
  g_return_val_if_fail (KB_IS_LIST_IMPORT_ROW (self), KB_SUBSCRIBER_LIST_PROBLEM_NONE);
  return self->row.problem;
}

/* Returns: (transfer none): the row's problem, translated; "" for none. */
const char *
kb_list_import_row_get_message (KbListImportRow *self)
{
  g_return_val_if_fail (KB_IS_LIST_IMPORT_ROW (self), "");
  return kb_subscriber_list_row_get_message (&self->row);
}

void
kb_list_import_row_set_values (KbListImportRow      *self,
                               KbSubscriberListKind  kind,
                               const char           *raw_number,
                               const char           *name)
{
  g_autofree char *new_number = g_strstrip (g_strdup (raw_number != NULL ? raw_number : ""));
  g_autofree char *new_name = NULL;

  g_return_if_fail (KB_IS_LIST_IMPORT_ROW (self));

  if (kind == KB_SUBSCRIBER_LIST_RENAME)
    new_name = g_strstrip (g_strdup (name != NULL ? name : ""));

  if (g_strcmp0 (new_number, self->raw_number) != 0)
    {
      g_free (self->raw_number);
      self->raw_number = g_steal_pointer (&new_number);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RAW_NUMBER]);
    }
  if (g_strcmp0 (new_name, self->name) != 0)
    {
      g_free (self->name);
      self->name = g_steal_pointer (&new_name);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
    }
  point_at_strings (self);
  kb_subscriber_list_row_check (kind, &self->row);
}

KbSubscriberListRow *
kb_list_import_row_get_checked (KbListImportRow *self)
{
  g_return_val_if_fail (KB_IS_LIST_IMPORT_ROW (self), NULL);
  return &self->row;
}

void
kb_list_import_row_notify_problem (KbListImportRow *self)
{
  g_return_if_fail (KB_IS_LIST_IMPORT_ROW (self));

  if (self->shown_problem == self->row.problem)
    return;
  self->shown_problem = self->row.problem;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
}
