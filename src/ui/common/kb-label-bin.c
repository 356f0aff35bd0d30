/* kb-label-bin.c — holds a wrapping label and gives its width without searching one for a height.
 *
 * GTK 4.8 allocates a horizontal GtkBox's children, and a column view's
 * cells, after asking each child for its width at the height it is about to
 * get. A wrapping GtkLabel answers that by a binary search over widths, six
 * or seven layouts of its text, each shaped again by Pango, and that on
 * every allocation. Its height already follows from its width, so the width
 * it needs at that height is the width it needs at all. This bin asks its
 * child for widths without a height and hands heights through: the
 * allocation is the same, and the first frame of Subscriber Selection
 * changes a layout's width 317 times rather than 680 (docs/architecture.md).
 */
#include "config.h"

#include "kb-label-bin.h"

struct _KbLabelBin
{
  GtkWidget parent_instance;

  GtkWidget *child;
};

static void kb_label_bin_buildable_init (GtkBuildableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KbLabelBin, kb_label_bin, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE,
                                                      kb_label_bin_buildable_init))

enum { PROP_0, PROP_CHILD, N_PROPS };

static GParamSpec *properties[N_PROPS];

static GtkBuildableIface *parent_buildable;

static void
kb_label_bin_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                      int *minimum, int *natural, int *minimum_baseline, int *natural_baseline)
{
  KbLabelBin *self = KB_LABEL_BIN (widget);

  if (self->child == NULL || !gtk_widget_should_layout (self->child))
    return;
  gtk_widget_measure (self->child, orientation,
                      orientation == GTK_ORIENTATION_HORIZONTAL ? -1 : for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

static void
kb_label_bin_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  KbLabelBin *self = KB_LABEL_BIN (widget);

  if (self->child != NULL && gtk_widget_should_layout (self->child))
    gtk_widget_allocate (self->child, width, height, baseline, NULL);
}

static GtkSizeRequestMode
kb_label_bin_get_request_mode (GtkWidget *widget)
{
  KbLabelBin *self = KB_LABEL_BIN (widget);

  return self->child != NULL ? gtk_widget_get_request_mode (self->child)
                             : GTK_SIZE_REQUEST_CONSTANT_SIZE;
}

/* The label's expand is the bin's, as a box's children's is the box's. */
static void
kb_label_bin_compute_expand (GtkWidget *widget, gboolean *hexpand, gboolean *vexpand)
{
  KbLabelBin *self = KB_LABEL_BIN (widget);

  *hexpand = self->child != NULL && gtk_widget_compute_expand (self->child, GTK_ORIENTATION_HORIZONTAL);
  *vexpand = self->child != NULL && gtk_widget_compute_expand (self->child, GTK_ORIENTATION_VERTICAL);
}

static void
kb_label_bin_add_child (GtkBuildable *buildable, GtkBuilder *builder, GObject *child, const char *type)
{
  if (GTK_IS_WIDGET (child))
    kb_label_bin_set_child (KB_LABEL_BIN (buildable), GTK_WIDGET (child));
  else
    parent_buildable->add_child (buildable, builder, child, type);
}

static void
kb_label_bin_buildable_init (GtkBuildableIface *iface)
{
  parent_buildable = g_type_interface_peek_parent (iface);
  iface->add_child = kb_label_bin_add_child;
}

static void
kb_label_bin_dispose (GObject *object)
{
  KbLabelBin *self = KB_LABEL_BIN (object);

  g_clear_pointer (&self->child, gtk_widget_unparent);
  G_OBJECT_CLASS (kb_label_bin_parent_class)->dispose (object);
}

static void
kb_label_bin_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KbLabelBin *self = KB_LABEL_BIN (object);

  switch (prop_id)
    {
    case PROP_CHILD: g_value_set_object (value, self->child); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kb_label_bin_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  KbLabelBin *self = KB_LABEL_BIN (object);

  switch (prop_id)
    {
    case PROP_CHILD: kb_label_bin_set_child (self, g_value_get_object (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kb_label_bin_class_init (KbLabelBinClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kb_label_bin_dispose;
  object_class->get_property = kb_label_bin_get_property;
  object_class->set_property = kb_label_bin_set_property;
  widget_class->measure = kb_label_bin_measure;
  widget_class->size_allocate = kb_label_bin_size_allocate;
  widget_class->get_request_mode = kb_label_bin_get_request_mode;
  widget_class->compute_expand = kb_label_bin_compute_expand;

  properties[PROP_CHILD] = g_param_spec_object ("child", NULL, NULL, GTK_TYPE_WIDGET,
                                                G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                                G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  /* No node of its own in the accessible tree: a screen reader reads the label. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GENERIC);
}

static void
kb_label_bin_init (KbLabelBin *self)
{
}

/**
 * kb_label_bin_new:
 * @child: (nullable): the label, usually one that wraps
 *
 * Returns: (transfer floating): a bin holding @child
 */
GtkWidget *
kb_label_bin_new (GtkWidget *child)
{
  return g_object_new (KB_TYPE_LABEL_BIN, "child", child, NULL);
}

/* Returns: (transfer none) (nullable): the label in @self */
GtkWidget *
kb_label_bin_get_child (KbLabelBin *self)
{
  g_return_val_if_fail (KB_IS_LABEL_BIN (self), NULL);

  return self->child;
}

void
kb_label_bin_set_child (KbLabelBin *self, GtkWidget *child)
{
  g_return_if_fail (KB_IS_LABEL_BIN (self));
  g_return_if_fail (child == NULL || GTK_IS_WIDGET (child));

  if (self->child == child)
    return;
  g_clear_pointer (&self->child, gtk_widget_unparent);
  if (child != NULL)
    {
      self->child = child;
      gtk_widget_set_parent (child, GTK_WIDGET (self));
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHILD]);
}
