/* kb-store.h — the SQLite cache of one signed-in account. */
#pragma once

#include <gio/gio.h>

#include "kb-client-profile.h"

G_BEGIN_DECLS

#define KB_STORE_ERROR (kb_store_error_quark ())

typedef enum {
  KB_STORE_ERROR_OPEN,
  KB_STORE_ERROR_TOO_NEW,
  KB_STORE_ERROR_SQL,
} KbStoreError;

GQuark kb_store_error_quark (void);

#define KB_TYPE_STORE (kb_store_get_type ())
G_DECLARE_FINAL_TYPE (KbStore, kb_store, KB, STORE, GObject)

#define KB_STORE_SCHEMA_VERSION 13

/* What kb_store_dup_fetched_at() keys the profile by; each list's header
 * names its own (KB_STORE_PAYMENTS, KB_STORE_SUBSCRIBERS…). */
#define KB_STORE_CLIENT_PROFILE "client-profile"

KbStore         *kb_store_new                 (const char       *path,
                                               GError          **error);
const char      *kb_store_get_path            (KbStore          *self);
int              kb_store_get_schema_version  (KbStore          *self);

gboolean         kb_store_save_client_profile (KbStore          *self,
                                               KbClientProfile  *profile,
                                               const char       *etag,
                                               GDateTime        *fetched_at,
                                               GError          **error);
KbClientProfile *kb_store_load_client_profile (KbStore          *self,
                                               char            **etag,
                                               GDateTime       **fetched_at,
                                               GError          **error);
gboolean         kb_store_clear               (KbStore          *self,
                                               GError          **error);

GDateTime       *kb_store_dup_fetched_at      (KbStore          *self,
                                               const char       *what);
gboolean         kb_store_set_fetched_at      (KbStore          *self,
                                               const char       *what,
                                               GDateTime        *fetched_at,
                                               GError          **error);

G_END_DECLS
