/* kb-api-subscribers.h — the subscriber operations of the contract (docs/api.md). */
#pragma once

#include <json-glib/json-glib.h>

#include "kb-api-client.h"
#include "kb-subscriber.h"

G_BEGIN_DECLS

/* The server's largest page of GET /subscribers (docs/openapi.yaml). */
#define KB_API_SUBSCRIBERS_MAX_LIMIT 10000

/* One page of GET /subscribers, ordered by number. */
typedef struct {
  GPtrArray *subscribers;   /* KbSubscriber */
  gint64 total;             /* matches in all pages */
  gint64 offset;
  guint skipped;            /* rows of this page that could not be read */
} KbApiSubscriberPage;

void                 kb_api_subscriber_page_free              (KbApiSubscriberPage  *page);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KbApiSubscriberPage, kb_api_subscriber_page_free)

/* One installment of GET /installments, as the subscriber's details show it. */
typedef struct {
  char *equipment;
  gint64 monthly_minor;
  gint64 remaining_minor;
  gint64 payments_left;
  char *currency;
  char *payoff_on;          /* YYYY-MM-DD */
} KbApiInstallment;

void                 kb_api_installment_free                  (KbApiInstallment     *installment);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KbApiInstallment, kb_api_installment_free)

KbSubscriber        *kb_api_json_to_subscriber                (JsonNode             *root,
                                                               GError              **error);

void                 kb_api_client_list_subscribers_async     (KbApiClient          *self,
                                                               const char           *query,
                                                               guint                 offset,
                                                               guint                 limit,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
KbApiSubscriberPage *kb_api_client_list_subscribers_finish    (KbApiClient          *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);
/* GET /subscribers/{id}: the subscriber with its services. */
void                 kb_api_client_get_subscriber_async       (KbApiClient          *self,
                                                               const char           *subscriber_id,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
KbSubscriber        *kb_api_client_get_subscriber_finish      (KbApiClient          *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);
/* GET /installments, only those of @subscriber_id (KbApiInstallment). */
void                 kb_api_client_list_subscriber_installments_async  (KbApiClient          *self,
                                                                        const char           *subscriber_id,
                                                                        GCancellable         *cancellable,
                                                                        GAsyncReadyCallback   callback,
                                                                        gpointer              user_data);
GPtrArray           *kb_api_client_list_subscriber_installments_finish (KbApiClient          *self,
                                                                        GAsyncResult         *result,
                                                                        GError              **error);

G_END_DECLS
