/* kb-server-seed.h — the demo and large data sets. */
#pragma once

#include "kb-server-private.h"

G_BEGIN_DECLS

char     *kb_server_seed_make_iban   (const char   *bank,
                                      const char   *balance_account,
                                      const char   *account);
gboolean  kb_server_seed_add_client  (KbDb         *db,
                                      const char   *login,
                                      const char   *password,
                                      gint64       *client_id,
                                      GError      **error);
gboolean  kb_server_seed_catalogue   (KbDb         *db,
                                      GError      **error);
gboolean  kb_server_seed_details     (KbDb         *db,
                                      KbServerSeed  seed,
                                      gint64        main_client,
                                      gint64        other_client,
                                      GDateTime    *now,
                                      GError      **error);

G_END_DECLS
