/* kb-wrap-box.c — a row of widgets that becomes a column when the window is too narrow for it. */
#include "config.h"

#include "kb-wrap-box.h"

/* GTK 4.8 and libadwaita 1.2 have no breakpoints, and a GtkFlowBox lays its
 * children out in columns of a grid, which changes the look at the default
 * width. This box keeps the look of a horizontal GtkBox while there is room
 * and stacks its children when there is not, so that a header or a footer
 * fits 360 px without a sideways scroller. */
struct _KbWrapBox
{
  GtkWidget parent_instance;

  int spacing;
  /* The width of the last allocation, or -1: see kb_wrap_box_measure(). */
  int last_width;
};

static void kb_wrap_box_buildable_init (GtkBuildableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KbWrapBox, kb_wrap_box, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE,
                                                      kb_wrap_box_buildable_init))

enum { PROP_0, PROP_SPACING, N_PROPS };

static GParamSpec *properties[N_PROPS];

static GtkBuildableIface *parent_buildable;

/* The width of the children in a row: their natural widths and the spaces between them. */
static int
row_width (KbWrapBox *self)
{
  int width = 0;
  int n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int natural = 0;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
      width += natural;
      n++;
    }
  return width + MAX (n - 1, 0) * self->spacing;
}

static void
kb_wrap_box_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                     int *minimum, int *natural, int *minimum_baseline, int *natural_baseline)
{
  KbWrapBox *self = KB_WRAP_BOX (widget);
  gboolean in_row;
  int n = 0;

  /* A GtkScrolledWindow (KbPage's sideways scroller around a header) asks
   * for the height at no width in particular: answer for the width the
   * box was last given, and size_allocate() asks again when that turns
   * out to be wrong. */
  if (orientation == GTK_ORIENTATION_VERTICAL && for_size < 0)
    for_size = self->last_width;
  in_row = orientation == GTK_ORIENTATION_HORIZONTAL ||
           for_size < 0 || row_width (self) <= for_size;

  *minimum = *natural = 0;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_min = 0, child_nat = 0, child_for = -1;

      if (!gtk_widget_should_layout (child))
        continue;
      /* In a column every child has the whole width; in a row, its natural width. */
      if (orientation == GTK_ORIENTATION_VERTICAL)
        gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &child_for, NULL, NULL);
      if (orientation == GTK_ORIENTATION_VERTICAL && !in_row)
        child_for = for_size;
      gtk_widget_measure (child, orientation, child_for, &child_min, &child_nat, NULL, NULL);
      if (orientation == GTK_ORIENTATION_HORIZONTAL)
        {
          /* The minimum is that of a column; the natural width, that of a row. */
          *minimum = MAX (*minimum, child_min);
          *natural += child_nat + (n > 0 ? self->spacing : 0);
        }
      else if (in_row)
        {
          *minimum = MAX (*minimum, child_min);
          *natural = MAX (*natural, child_nat);
        }
      else
        {
          *minimum += child_min + (n > 0 ? self->spacing : 0);
          *natural += child_nat + (n > 0 ? self->spacing : 0);
        }
      n++;
    }
  *natural = MAX (*natural, *minimum);
}

/* A resize queued while the box is being allocated would be lost: queued
 * on the next frame instead. */
static gboolean
on_tick_measure_again (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
  gtk_widget_queue_resize (widget);
  return G_SOURCE_REMOVE;
}

static void
kb_wrap_box_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  KbWrapBox *self = KB_WRAP_BOX (widget);
  int natural_row = row_width (self);
  gboolean in_row = natural_row <= width;
  int n_expand = 0;
  int extra = width - natural_row;
  int pos = 0;

  /* The height was measured for another layout (see kb_wrap_box_measure()):
   * measure again. This happens once for a change of layout, not at each
   * allocation, as the width does not depend on the height. */
  if (self->last_width != width)
    {
      gboolean was_in_row = self->last_width < 0 || natural_row <= self->last_width;

      self->last_width = width;
      if (was_in_row != in_row)
        gtk_widget_add_tick_callback (widget, on_tick_measure_again, NULL, NULL);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_should_layout (child) &&
        gtk_widget_compute_expand (child, GTK_ORIENTATION_HORIZONTAL))
      n_expand++;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int size = 0;

      if (!gtk_widget_should_layout (child))
        continue;
      if (in_row)
        {
          gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &size, NULL, NULL);
          if (n_expand > 0 && gtk_widget_compute_expand (child, GTK_ORIENTATION_HORIZONTAL))
            size += extra / n_expand;
          gtk_widget_size_allocate (child, &(GtkAllocation) { pos, 0, size, height }, -1);
        }
      else
        {
          gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, width, NULL, &size, NULL, NULL);
          gtk_widget_size_allocate (child, &(GtkAllocation) { 0, pos, width, size }, -1);
        }
      pos += size + self->spacing;
    }
}

static GtkSizeRequestMode
kb_wrap_box_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
kb_wrap_box_add_child (GtkBuildable *buildable, GtkBuilder *builder, GObject *child,
                       const char *type)
{
  if (GTK_IS_WIDGET (child))
    kb_wrap_box_append (KB_WRAP_BOX (buildable), GTK_WIDGET (child));
  else
    parent_buildable->add_child (buildable, builder, child, type);
}

static void
kb_wrap_box_buildable_init (GtkBuildableIface *iface)
{
  parent_buildable = g_type_interface_peek_parent (iface);
  iface->add_child = kb_wrap_box_add_child;
}

static void
kb_wrap_box_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (kb_wrap_box_parent_class)->dispose (object);
}

static void
kb_wrap_box_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KbWrapBox *self = KB_WRAP_BOX (object);

  switch (prop_id)
    {
    case PROP_SPACING: g_value_set_int (value, self->spacing); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kb_wrap_box_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  KbWrapBox *self = KB_WRAP_BOX (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      self->spacing = g_value_get_int (value);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kb_wrap_box_class_init (KbWrapBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kb_wrap_box_dispose;
  object_class->get_property = kb_wrap_box_get_property;
  object_class->set_property = kb_wrap_box_set_property;
  widget_class->measure = kb_wrap_box_measure;
  widget_class->size_allocate = kb_wrap_box_size_allocate;
  widget_class->get_request_mode = kb_wrap_box_get_request_mode;

  properties[PROP_SPACING] = g_param_spec_int ("spacing", NULL, NULL, 0, G_MAXINT, 0,
                                               G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_widget_class_set_css_name (widget_class, "box");
}

static void
kb_wrap_box_init (KbWrapBox *self)
{
  self->last_width = -1;
}

GtkWidget *
kb_wrap_box_new (int spacing)
{
  return g_object_new (KB_TYPE_WRAP_BOX, "spacing", spacing, NULL);
}

void
kb_wrap_box_append (KbWrapBox *self, GtkWidget *child)
{
  g_return_if_fail (KB_IS_WRAP_BOX (self));
  g_return_if_fail (GTK_IS_WIDGET (child));

  gtk_widget_set_parent (child, GTK_WIDGET (self));
}
