/* kb-packed-strings.h — many strings in one buffer, searched one after the other. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A column of strings (string i is that of row i) packed one after the
 * other, each ending in a NUL, in one contiguous buffer. A search reads
 * the rows in the order they lie in memory, rather than each from an
 * object of its own: reading those was what a search over 100 000 rows
 * cost most. Made on one thread, then only read, from any thread. */
typedef struct _KbPackedStrings KbPackedStrings;

KbPackedStrings *kb_packed_strings_new  (guint                  n_reserved);
void             kb_packed_strings_free (KbPackedStrings       *self);
/* Appends @text (NULL as "") as the next row's. */
void             kb_packed_strings_add  (KbPackedStrings       *self,
                                         const char            *text);
guint            kb_packed_strings_get_n (const KbPackedStrings *self);
const char      *kb_packed_strings_get  (const KbPackedStrings *self,
                                         guint                  row);

/* The rows (guint) among @candidates (rows in ascending order; NULL: all
 * rows) whose strings contain @needle (@at_start: begin with it), in
 * ascending order: for each row, what strstr() (strncmp()) would say;
 * every candidate when @needle is NULL. NULL if @cancellable was cancelled
 * first. */
GArray          *kb_packed_strings_find (const KbPackedStrings *self,
                                         const char            *needle,
                                         gboolean               at_start,
                                         GArray                *candidates,
                                         GCancellable          *cancellable);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KbPackedStrings, kb_packed_strings_free)

G_END_DECLS
