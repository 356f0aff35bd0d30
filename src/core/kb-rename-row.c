/* kb-rename-row.c — one row of a rename batch as the server answered it. */
#include "config.h"

#include "kb-rename-row.h"

#include <glib/gi18n-lib.h>

struct _KbRenameRow
{
  GObject parent_instance;

  guint row;
  char *number;
  char *name;
  KbRenameStatus status;
  char *code;
  char *message;
};

G_DEFINE_FINAL_TYPE (KbRenameRow, kb_rename_row, G_TYPE_OBJECT)

/* "—" for unknown: a row the server has not judged yet has no state to name. */
const char *
kb_rename_status_to_display (KbRenameStatus status)
{
  switch (status)
    {
    case KB_RENAME_STATUS_PENDING: return C_("rename status", "Pending");
    case KB_RENAME_STATUS_DONE: return C_("rename status", "Done");
    case KB_RENAME_STATUS_REJECTED: return C_("rename status", "Rejected");
    case KB_RENAME_STATUS_UNKNOWN:
    default: return "—";
    }
}

static void
kb_rename_row_finalize (GObject *object)
{
  KbRenameRow *self = KB_RENAME_ROW (object);

  g_free (self->number);
  g_free (self->name);
  g_free (self->code);
  g_free (self->message);

  G_OBJECT_CLASS (kb_rename_row_parent_class)->finalize (object);
}

static void
kb_rename_row_class_init (KbRenameRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kb_rename_row_finalize;
}

static void
kb_rename_row_init (KbRenameRow *self)
{
}

KbRenameRow *
kb_rename_row_new (guint row, const char *number, const char *name, KbRenameStatus status,
                   const char *code, const char *message)
{
  KbRenameRow *self = g_object_new (KB_TYPE_RENAME_ROW, NULL);

  self->row = row;
  self->number = g_strdup (number != NULL ? number : "");
  self->name = g_strdup (name != NULL ? name : "");
  self->status = status;
  self->code = g_strdup (code);
  self->message = g_strdup (message);
  return self;
}

guint
kb_rename_row_get_row (KbRenameRow *self)
{
  g_return_val_if_fail (KB_IS_RENAME_ROW (self), 0);
  return self->row;
}

const char *
kb_rename_row_get_number (KbRenameRow *self)
{
  g_return_val_if_fail (KB_IS_RENAME_ROW (self), NULL);
  return self->number;
}

const char *
kb_rename_row_get_name (KbRenameRow *self)
{
  g_return_val_if_fail (KB_IS_RENAME_ROW (self), NULL);
  return self->name;
}

KbRenameStatus
kb_rename_row_get_status (KbRenameRow *self)
{
  g_return_val_if_fail (KB_IS_RENAME_ROW (self), KB_RENAME_STATUS_UNKNOWN);
  return self->status;
}

/* Returns: (nullable): the row code of a rejected row. */
const char *
kb_rename_row_get_code (KbRenameRow *self)
{
  g_return_val_if_fail (KB_IS_RENAME_ROW (self), NULL);
  return self->code;
}

/* Returns: (nullable): the server's own words for a rejected row. */
const char *
kb_rename_row_get_message (KbRenameRow *self)
{
  g_return_val_if_fail (KB_IS_RENAME_ROW (self), NULL);
  return self->message;
}
