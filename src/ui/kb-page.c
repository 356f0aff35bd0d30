/* kb-page.c — the base class of every section page.
 *
 * A page belongs to one signed-in session (its KbSync, a construct
 * property) and one section of the table. It owns a cancellable that is
 * cancelled when the page goes, so that no callback of a finished request
 * touches a dead widget.
 */
#include "config.h"

#include "kb-page.h"

typedef struct
{
  KbSync *sync;
  const KbSection *section;
  GCancellable *cancellable;
} KbPagePrivate;

G_DEFINE_TYPE_WITH_PRIVATE (KbPage, kb_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SYNC,
  PROP_SECTION_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kb_page_dispose (GObject *object)
{
  KbPagePrivate *priv = kb_page_get_instance_private (KB_PAGE (object));

  g_cancellable_cancel (priv->cancellable);
  g_clear_object (&priv->cancellable);
  g_clear_object (&priv->sync);

  G_OBJECT_CLASS (kb_page_parent_class)->dispose (object);
}

static void
kb_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KbPagePrivate *priv = kb_page_get_instance_private (KB_PAGE (object));

  switch (prop_id)
    {
    case PROP_SYNC: g_value_set_object (value, priv->sync); break;
    case PROP_SECTION_ID: g_value_set_string (value, priv->section ? priv->section->id : NULL); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kb_page_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  KbPagePrivate *priv = kb_page_get_instance_private (KB_PAGE (object));

  switch (prop_id)
    {
    case PROP_SYNC: priv->sync = g_value_dup_object (value); break;
    case PROP_SECTION_ID: priv->section = kb_sections_lookup (g_value_get_string (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kb_page_class_init (KbPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kb_page_dispose;
  object_class->get_property = kb_page_get_property;
  object_class->set_property = kb_page_set_property;

  properties[PROP_SYNC] =
    g_param_spec_object ("sync", NULL, NULL, KB_TYPE_SYNC,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SECTION_ID] =
    g_param_spec_string ("section-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kb_page_init (KbPage *self)
{
  KbPagePrivate *priv = kb_page_get_instance_private (self);

  priv->cancellable = g_cancellable_new ();
}

KbSync *
kb_page_get_sync (KbPage *self)
{
  KbPagePrivate *priv = kb_page_get_instance_private (self);

  g_return_val_if_fail (KB_IS_PAGE (self), NULL);
  return priv->sync;
}

const KbSection *
kb_page_get_section (KbPage *self)
{
  KbPagePrivate *priv = kb_page_get_instance_private (self);

  g_return_val_if_fail (KB_IS_PAGE (self), NULL);
  return priv->section;
}

GCancellable *
kb_page_get_cancellable (KbPage *self)
{
  KbPagePrivate *priv = kb_page_get_instance_private (self);

  g_return_val_if_fail (KB_IS_PAGE (self), NULL);
  return priv->cancellable;
}

void
kb_page_reload (KbPage *self)
{
  g_return_if_fail (KB_IS_PAGE (self));

  if (KB_PAGE_GET_CLASS (self)->reload != NULL)
    KB_PAGE_GET_CLASS (self)->reload (self);
}
