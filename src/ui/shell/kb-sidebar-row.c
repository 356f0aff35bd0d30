/* kb-sidebar-row.c — one entry of the admin menu in the sidebar.
 *
 * An icon, the section's title (wrapped, never cut: the Russian titles are
 * long) and a badge for unread items. A sub-item (View History under
 * Feedback) has no icon: its title is indented to line up under its
 * section's, as in the web cabinet's menu.
 */
#include "config.h"

#include "kb-sidebar-row.h"

#include <glib/gi18n.h>

#include "kb-label-bin.h"
#include "kb-tooltip.h"

/* The icon's width and the box's spacing: a sub-item's title starts where
 * its section's does. */
#define SUBITEM_INDENT (16 + 12)

struct _KbSidebarRow
{
  GtkListBoxRow parent_instance;

  GtkImage *icon;
  GtkLabel *title_label;
  GtkLabel *badge;

  const KbSection *section;
};

G_DEFINE_FINAL_TYPE (KbSidebarRow, kb_sidebar_row, GTK_TYPE_LIST_BOX_ROW)

static void
kb_sidebar_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KB_TYPE_SIDEBAR_ROW);
  G_OBJECT_CLASS (kb_sidebar_row_parent_class)->dispose (object);
}

static void
kb_sidebar_row_class_init (KbSidebarRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kb_sidebar_row_dispose;

  g_type_ensure (KB_TYPE_LABEL_BIN);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/shell/kb-sidebar-row.ui");
  gtk_widget_class_bind_template_child (widget_class, KbSidebarRow, icon);
  gtk_widget_class_bind_template_child (widget_class, KbSidebarRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, KbSidebarRow, badge);
}

static void
kb_sidebar_row_init (KbSidebarRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kb_sidebar_row_new (const KbSection *section)
{
  KbSidebarRow *self = g_object_new (KB_TYPE_SIDEBAR_ROW, NULL);

  self->section = section;
  gtk_image_set_from_icon_name (self->icon, section->icon_name);
  if (section->parent != NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->icon), FALSE);
      gtk_widget_add_css_class (GTK_WIDGET (self), "sidebar-subitem");
      gtk_widget_set_margin_start (GTK_WIDGET (self->title_label), SUBITEM_INDENT);
    }
  gtk_label_set_text (self->title_label, _(section->title));
  kb_tooltip_set (GTK_WIDGET (self), _(section->description));
  gtk_widget_set_name (GTK_WIDGET (self), section->id);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _(section->title),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _(section->description),
                                  -1);
  return GTK_WIDGET (self);
}

const KbSection *
kb_sidebar_row_get_section (KbSidebarRow *self)
{
  g_return_val_if_fail (KB_IS_SIDEBAR_ROW (self), NULL);
  return self->section;
}

void
kb_sidebar_row_set_badge_count (KbSidebarRow *self, guint count)
{
  g_autofree char *text = NULL;

  g_return_if_fail (KB_IS_SIDEBAR_ROW (self));

  text = g_strdup_printf ("%u", count);
  gtk_label_set_text (self->badge, text);
  gtk_widget_set_visible (GTK_WIDGET (self->badge), count > 0);
}
