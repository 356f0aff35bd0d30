/* kb-attachment.c — a file sent with a question, an answer or a follow-up (Feedback).
 *
 * An immutable value. "id" is the server's, NULL while the file waits in the
 * outbox; "path" is the copy in the app's data directory of a file this
 * computer sends, NULL for one that only the server has.
 */
#include "config.h"

#include "kb-attachment.h"

struct _KbAttachment
{
  GObject parent_instance;
  char *id;
  char *name;
  gint64 size;
  char *content_type;
  char *path;
};

G_DEFINE_FINAL_TYPE (KbAttachment, kb_attachment, G_TYPE_OBJECT)

static void
kb_attachment_finalize (GObject *object)
{
  KbAttachment *self = KB_ATTACHMENT (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->content_type);
  g_free (self->path);

  G_OBJECT_CLASS (kb_attachment_parent_class)->finalize (object);
}

static void
kb_attachment_class_init (KbAttachmentClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kb_attachment_finalize;
}

static void
kb_attachment_init (KbAttachment *self)
{
}

KbAttachment *
kb_attachment_new (const char *id, const char *name, gint64 size, const char *content_type,
                   const char *path)
{
  KbAttachment *self = g_object_new (KB_TYPE_ATTACHMENT, NULL);

  self->id = g_strdup (id);
  self->name = g_strdup (name);
  self->size = size;
  self->content_type = g_strdup (content_type);
  self->path = g_strdup (path);
  return self;
}

const char *
kb_attachment_get_id (KbAttachment *self)
{
  g_return_val_if_fail (KB_IS_ATTACHMENT (self), NULL);
  return self->id;
}

const char *
kb_attachment_get_name (KbAttachment *self)
{
  g_return_val_if_fail (KB_IS_ATTACHMENT (self), NULL);
  return self->name;
}

gint64
kb_attachment_get_size (KbAttachment *self)
{
  g_return_val_if_fail (KB_IS_ATTACHMENT (self), 0);
  return self->size;
}

const char *
kb_attachment_get_content_type (KbAttachment *self)
{
  g_return_val_if_fail (KB_IS_ATTACHMENT (self), NULL);
  return self->content_type;
}

const char *
kb_attachment_get_path (KbAttachment *self)
{
  g_return_val_if_fail (KB_IS_ATTACHMENT (self), NULL);
  return self->path;
}
