/* kb-sections.h — the admin menu: one entry per section, in the seed's order. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct {
  const char *id;
  const char *title;        /* untranslated; pass through _() */
  const char *icon_name;
  const char *description;  /* the seed's description of the section, untranslated */
  GType (*get_type) (void); /* the page class, or NULL for an action such as Log Out */
  const char *accel;
} KbSection;

const KbSection *kb_sections_get_all (guint      *n_sections);
const KbSection *kb_sections_lookup  (const char *id);

G_END_DECLS
