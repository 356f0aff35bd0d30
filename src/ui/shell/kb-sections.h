/* kb-sections.h — the admin menu: one entry per section and sub-item, in the seed's order. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A sub-item (View History under Feedback) has a @parent and an @id of the
 * form "parent/target", which is what the win.show-section action takes;
 * it has no page of its own, no icon and no shortcut. */
typedef struct {
  const char *id;
  const char *title;        /* untranslated; pass through _() */
  const char *icon_name;
  const char *description;  /* the seed's description of the section, untranslated */
  GType (*get_type) (void); /* the page class, or NULL for an action such as Log Out */
  const char *accel;
  const char *parent;       /* the id of the section a sub-item belongs to, or NULL */
} KbSection;

const KbSection *kb_sections_get_all     (guint           *n_sections);
const KbSection *kb_sections_lookup      (const char      *id);
const KbSection *kb_sections_first_child (const KbSection *section);

G_END_DECLS
