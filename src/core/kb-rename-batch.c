/* kb-rename-batch.c — one entry of the rename history: a batch from a list, or a single rename. */
#include "config.h"

#include "kb-rename-batch.h"

struct _KbRenameBatch
{
  GObject parent_instance;

  char *id;
  gboolean single;
  GDateTime *created_at;
  GDateTime *effective_at;
  KbRenameStatus status;
  guint total;
  guint accepted;
  guint rejected;
  char *number;
  char *name;
  GPtrArray *rows;
};

G_DEFINE_FINAL_TYPE (KbRenameBatch, kb_rename_batch, G_TYPE_OBJECT)

static void
kb_rename_batch_finalize (GObject *object)
{
  KbRenameBatch *self = KB_RENAME_BATCH (object);

  g_free (self->id);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->effective_at, g_date_time_unref);
  g_free (self->number);
  g_free (self->name);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (kb_rename_batch_parent_class)->finalize (object);
}

static void
kb_rename_batch_class_init (KbRenameBatchClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kb_rename_batch_finalize;
}

static void
kb_rename_batch_init (KbRenameBatch *self)
{
}

KbRenameBatch *
kb_rename_batch_new (const char *id, gboolean single, GDateTime *created_at, GDateTime *effective_at,
                     KbRenameStatus status, guint total, guint accepted, guint rejected,
                     const char *number, const char *name)
{
  KbRenameBatch *self;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (created_at != NULL && effective_at != NULL, NULL);

  self = g_object_new (KB_TYPE_RENAME_BATCH, NULL);
  self->id = g_strdup (id);
  self->single = single;
  self->created_at = g_date_time_ref (created_at);
  self->effective_at = g_date_time_ref (effective_at);
  self->status = status;
  self->total = total;
  self->accepted = accepted;
  self->rejected = rejected;
  self->number = g_strdup (number);
  self->name = g_strdup (name);
  return self;
}

const char *
kb_rename_batch_get_id (KbRenameBatch *self)
{
  g_return_val_if_fail (KB_IS_RENAME_BATCH (self), NULL);
  return self->id;
}

gboolean
kb_rename_batch_get_single (KbRenameBatch *self)
{
  g_return_val_if_fail (KB_IS_RENAME_BATCH (self), FALSE);
  return self->single;
}

GDateTime *
kb_rename_batch_get_created_at (KbRenameBatch *self)
{
  g_return_val_if_fail (KB_IS_RENAME_BATCH (self), NULL);
  return self->created_at;
}

GDateTime *
kb_rename_batch_get_effective_at (KbRenameBatch *self)
{
  g_return_val_if_fail (KB_IS_RENAME_BATCH (self), NULL);
  return self->effective_at;
}

KbRenameStatus
kb_rename_batch_get_status (KbRenameBatch *self)
{
  g_return_val_if_fail (KB_IS_RENAME_BATCH (self), KB_RENAME_STATUS_UNKNOWN);
  return self->status;
}

guint
kb_rename_batch_get_total (KbRenameBatch *self)
{
  g_return_val_if_fail (KB_IS_RENAME_BATCH (self), 0);
  return self->total;
}

guint
kb_rename_batch_get_accepted (KbRenameBatch *self)
{
  g_return_val_if_fail (KB_IS_RENAME_BATCH (self), 0);
  return self->accepted;
}

guint
kb_rename_batch_get_rejected (KbRenameBatch *self)
{
  g_return_val_if_fail (KB_IS_RENAME_BATCH (self), 0);
  return self->rejected;
}

/* Returns: (nullable): the subscriber of a single rename. */
const char *
kb_rename_batch_get_number (KbRenameBatch *self)
{
  g_return_val_if_fail (KB_IS_RENAME_BATCH (self), NULL);
  return self->number;
}

/* Returns: (nullable): the new name of a single rename. */
const char *
kb_rename_batch_get_name (KbRenameBatch *self)
{
  g_return_val_if_fail (KB_IS_RENAME_BATCH (self), NULL);
  return self->name;
}

GPtrArray *
kb_rename_batch_get_rows (KbRenameBatch *self)
{
  g_return_val_if_fail (KB_IS_RENAME_BATCH (self), NULL);
  return self->rows;
}

/* @rows: (element-type KbRenameRow) (nullable) (transfer none): kept with a reference */
void
kb_rename_batch_set_rows (KbRenameBatch *self, GPtrArray *rows)
{
  g_return_if_fail (KB_IS_RENAME_BATCH (self));

  if (rows != NULL)
    g_ptr_array_ref (rows);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  self->rows = rows;
}
