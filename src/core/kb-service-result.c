/* kb-service-result.c — what a service order did for one subscriber (one row of the request).
 *
 * An immutable value. A row without a code was accepted; a rejected row
 * carries the contract's code (invalid_number, duplicate_row,
 * unknown_subscriber, already_on, already_off, invalid_row), which the UI
 * puts into words — the server's English message is for logs only.
 */
#include "kb-service-result.h"

struct _KbServiceResult
{
  GObject parent_instance;

  guint row;
  char *number;
  char *code;
};

G_DEFINE_FINAL_TYPE (KbServiceResult, kb_service_result, G_TYPE_OBJECT)

static void
kb_service_result_finalize (GObject *object)
{
  KbServiceResult *self = KB_SERVICE_RESULT (object);

  g_free (self->number);
  g_free (self->code);

  G_OBJECT_CLASS (kb_service_result_parent_class)->finalize (object);
}

static void
kb_service_result_class_init (KbServiceResultClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kb_service_result_finalize;
}

static void
kb_service_result_init (KbServiceResult *self)
{
}

/**
 * kb_service_result_new:
 * @row: 1-based position in the request
 * @code: (nullable): why the row was rejected; %NULL when it was accepted
 */
KbServiceResult *
kb_service_result_new (guint row, const char *number, const char *code)
{
  KbServiceResult *self = g_object_new (KB_TYPE_SERVICE_RESULT, NULL);

  self->row = row;
  self->number = g_strdup (number != NULL ? number : "");
  self->code = g_strdup (code);
  return self;
}

guint
kb_service_result_get_row (KbServiceResult *self)
{
  g_return_val_if_fail (KB_IS_SERVICE_RESULT (self), 0);
  return self->row;
}

const char *
kb_service_result_get_number (KbServiceResult *self)
{
  g_return_val_if_fail (KB_IS_SERVICE_RESULT (self), NULL);
  return self->number;
}

gboolean
kb_service_result_get_accepted (KbServiceResult *self)
{
  g_return_val_if_fail (KB_IS_SERVICE_RESULT (self), FALSE);
  return self->code == NULL;
}

/* Returns: (nullable): the reason code of a rejected row. */
const char *
kb_service_result_get_code (KbServiceResult *self)
{
  g_return_val_if_fail (KB_IS_SERVICE_RESULT (self), NULL);
  return self->code;
}
