/* kb-unavailable-page.c — a section Kabinet does not offer yet, said plainly.
 *
 * It shows what the section is for (the seed's own description) and that
 * this version cannot do it yet, with no invented data.
 */
#include "config.h"

#include "kb-unavailable-page.h"

#include <glib/gi18n.h>

struct _KbUnavailablePage
{
  KbPage parent_instance;

  AdwStatusPage *status_page;
};

G_DEFINE_FINAL_TYPE (KbUnavailablePage, kb_unavailable_page, KB_TYPE_PAGE)

static void
kb_unavailable_page_constructed (GObject *object)
{
  KbUnavailablePage *self = KB_UNAVAILABLE_PAGE (object);
  const KbSection *section = kb_page_get_section (KB_PAGE (self));
  g_autofree char *description = NULL;

  G_OBJECT_CLASS (kb_unavailable_page_parent_class)->constructed (object);

  if (section == NULL)
    return;

  description = g_strdup_printf ("%s\n\n%s", _(section->description),
                                 _("Kabinet cannot do this yet. Until a later version can, please use the operator’s web cabinet for this section."));
  adw_status_page_set_title (self->status_page, _(section->title));
  adw_status_page_set_icon_name (self->status_page, section->icon_name);
  adw_status_page_set_description (self->status_page, description);
}

static void
kb_unavailable_page_dispose (GObject *object)
{
  /* The status page is both the bin's child and a template child: let the
   * bin drop it first, or both would unparent it. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), KB_TYPE_UNAVAILABLE_PAGE);
  G_OBJECT_CLASS (kb_unavailable_page_parent_class)->dispose (object);
}

static void
kb_unavailable_page_class_init (KbUnavailablePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = kb_unavailable_page_constructed;
  object_class->dispose = kb_unavailable_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/kb-unavailable-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KbUnavailablePage, status_page);
}

static void
kb_unavailable_page_init (KbUnavailablePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
