/* kb-list-import-model.c — the rows of an imported subscriber list, checked, fixed and dropped.
 *
 * The rows are read off the main loop (kb-list-import-read.c); this model
 * keeps what was found so that the user can put it right. The rows live in
 * one GPtrArray, which the checks index and the GListModel interface shows
 * as it is. A fixed row is checked on its own by the core, then all rows
 * again across (duplicates, unknown numbers): one pass of hashing, a few
 * milliseconds for 100 000.
 */
#include "config.h"

#include "kb-list-import-model.h"

#include "kb-list-import-read.h"
#include "kb-str.h"

struct _KbListImportModel
{
  GObject parent_instance;

  KbSubscriberListKind kind;
  KbSubscribers *subscribers;
  GListModel *subscriber_model;   /* of KbSubscriber, watched for changes */
  GHashTable *known;              /* the client's numbers; NULL until needed */

  GPtrArray *rows;                /* of KbListImportRow, the source's order */
  guint n_problems;
  gboolean busy;
  gboolean known_changed;         /* the client's list changed during a parse */
  char *error;

  GCancellable *cancellable;      /* the file or text being read */
};

static void kb_list_import_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KbListImportModel, kb_list_import_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      kb_list_import_model_list_model_init))

enum {
  PROP_0,
  PROP_KIND,
  PROP_SUBSCRIBERS,
  PROP_N_ROWS,
  PROP_N_VALID,
  PROP_N_PROBLEMS,
  PROP_BUSY,
  PROP_ERROR,
  N_PROPS
};

enum {
  SIGNAL_LOADED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* GListModel */

static GType
kb_list_import_model_get_item_type (GListModel *list)
{
  return KB_TYPE_LIST_IMPORT_ROW;
}

static guint
kb_list_import_model_get_n_items (GListModel *list)
{
  return KB_LIST_IMPORT_MODEL (list)->rows->len;
}

static gpointer
kb_list_import_model_get_item (GListModel *list, guint position)
{
  KbListImportModel *self = KB_LIST_IMPORT_MODEL (list);

  if (position >= self->rows->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->rows, position));
}

static void
kb_list_import_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = kb_list_import_model_get_item_type;
  iface->get_n_items = kb_list_import_model_get_n_items;
  iface->get_item = kb_list_import_model_get_item;
}

/* Replaces every row with @rows (taken), as one change of the list. */
static void
replace_rows (KbListImportModel *self, GPtrArray *rows)
{
  guint n_old = self->rows->len;

  g_ptr_array_set_size (self->rows, 0);
  g_ptr_array_extend_and_steal (self->rows, rows);
  if (n_old > 0 || self->rows->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, n_old, self->rows->len);
}

/* Known numbers */

static void
forget_known (KbListImportModel *self)
{
  g_clear_pointer (&self->known, g_hash_table_unref);
}

/* Returns: (transfer none) (nullable): the client's numbers as a set, made
 * once from the subscribers model; %NULL while that list is not known (an
 * empty model, or only its first cached rows, would mark good rows unknown). */
static GHashTable *
get_known (KbListImportModel *self)
{
  guint n;

  if (self->known != NULL)
    return self->known;
  if (self->subscriber_model == NULL || !kb_subscribers_get_loaded (self->subscribers))
    return NULL;
  n = g_list_model_get_n_items (self->subscriber_model);
  if (n == 0)
    return NULL;

  self->known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KbSubscriber) subscriber = g_list_model_get_item (self->subscriber_model, i);

      g_hash_table_add (self->known, g_strdup (kb_subscriber_get_number (subscriber)));
    }
  return self->known;
}

/* Counts and checks */

static void
notify_counts (KbListImportModel *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ROWS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_VALID]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PROBLEMS]);
}

static KbSubscriberListRow *
get_checked_row (gpointer data, guint index)
{
  return kb_list_import_row_get_checked (g_ptr_array_index ((GPtrArray *) data, index));
}

/* Checks every row against the others again and tells the rows whose
 * problem changed. */
static void
check_across (KbListImportModel *self)
{
  self->n_problems = kb_subscriber_list_rows_check_across (get_checked_row, self->rows,
                                                           self->rows->len, get_known (self));
  for (guint i = 0; i < self->rows->len; i++)
    kb_list_import_row_notify_problem (g_ptr_array_index (self->rows, i));
  notify_counts (self);
}

/* Unknown numbers are found against the client's list: when this session
 * has never had it (a fresh cache, Subscriber Selection not opened yet), ask
 * for it; the model's change checks the rows again. */
static void
ensure_subscribers_fetched (KbListImportModel *self)
{
  if (self->subscribers != NULL && kb_subscribers_get_loaded (self->subscribers) &&
      kb_subscribers_get_fetched_at (self->subscribers) == NULL &&
      !kb_subscribers_get_refreshing (self->subscribers))
    kb_subscribers_refresh_async (self->subscribers, NULL, NULL, NULL);
}

/* The client's list changed (or finished loading): check the rows again;
 * rows still being parsed are checked when they arrive (on_parsed()). */
static void
on_subscriber_model_items_changed (KbListImportModel *self)
{
  forget_known (self);
  if (self->busy)
    self->known_changed = TRUE;
  else if (self->rows->len > 0)
    check_across (self);
}

static void
on_subscribers_loaded (KbListImportModel *self)
{
  on_subscriber_model_items_changed (self);
  ensure_subscribers_fetched (self);
}

static void
disconnect_subscribers (KbListImportModel *self)
{
  if (self->subscriber_model != NULL)
    g_signal_handlers_disconnect_by_func (self->subscriber_model, on_subscriber_model_items_changed,
                                          self);
  if (self->subscribers != NULL)
    g_signal_handlers_disconnect_by_func (self->subscribers, on_subscribers_loaded, self);
  g_clear_object (&self->subscriber_model);
  g_clear_object (&self->subscribers);
}

/* State */

static void
set_error (KbListImportModel *self, const char *message)
{
  if (kb_set_str (&self->error, message))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
set_busy (KbListImportModel *self, gboolean busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* Reading */

static void
on_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(KbListImportModel) self = user_data;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  rows = kb_list_import_read_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (rows == NULL)
    set_error (self, error->message);
  else
    {
      set_error (self, NULL);
      replace_rows (self, g_steal_pointer (&rows));
      self->n_problems = 0;
      for (guint i = 0; i < self->rows->len; i++)
        if (kb_list_import_row_get_problem (g_ptr_array_index (self->rows, i)) !=
            KB_SUBSCRIBER_LIST_PROBLEM_NONE)
          self->n_problems++;
      /* Checked against the list as it was when the read began. */
      if (self->known_changed)
        check_across (self);
    }
  set_busy (self, FALSE);
  notify_counts (self);
  g_signal_emit (self, signals[SIGNAL_LOADED], 0);
}

/* Reads @file, or @bytes when it is NULL; a read still running is dropped. */
static void
start_reading (KbListImportModel *self, GFile *file, GBytes *bytes)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->known_changed = FALSE;
  set_busy (self, TRUE);
  kb_list_import_read_async (self->kind, file, bytes, get_known (self), self->cancellable, on_read,
                             g_object_ref (self));
}

/* Public API */

KbListImportModel *
kb_list_import_model_new (KbSubscriberListKind kind)
{
  return g_object_new (KB_TYPE_LIST_IMPORT_MODEL, "kind", kind, NULL);
}

KbSubscriberListKind
kb_list_import_model_get_kind (KbListImportModel *self)
{
  g_return_val_if_fail (KB_IS_LIST_IMPORT_MODEL (self), KB_SUBSCRIBER_LIST_RENAME);
  return self->kind;
}

KbSubscribers *
kb_list_import_model_get_subscribers (KbListImportModel *self)
{
  g_return_val_if_fail (KB_IS_LIST_IMPORT_MODEL (self), NULL);
  return self->subscribers;
}

void
kb_list_import_model_set_subscribers (KbListImportModel *self, KbSubscribers *subscribers)
{
  g_return_if_fail (KB_IS_LIST_IMPORT_MODEL (self));
  g_return_if_fail (subscribers == NULL || KB_IS_SUBSCRIBERS (subscribers));

  if (self->subscribers == subscribers)
    return;
  disconnect_subscribers (self);
  if (subscribers != NULL)
    {
      self->subscribers = g_object_ref (subscribers);
      self->subscriber_model = g_object_ref (kb_subscribers_get_model (subscribers));
      g_signal_connect_swapped (self->subscriber_model, "items-changed",
                                G_CALLBACK (on_subscriber_model_items_changed), self);
      g_signal_connect_swapped (subscribers, "notify::loaded", G_CALLBACK (on_subscribers_loaded),
                                self);
      ensure_subscribers_fetched (self);
    }
  on_subscriber_model_items_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBSCRIBERS]);
}

void
kb_list_import_model_load_file (KbListImportModel *self, GFile *file)
{
  g_return_if_fail (KB_IS_LIST_IMPORT_MODEL (self));
  g_return_if_fail (G_IS_FILE (file));

  start_reading (self, file, NULL);
}

void
kb_list_import_model_load_text (KbListImportModel *self, const char *text)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_if_fail (KB_IS_LIST_IMPORT_MODEL (self));
  g_return_if_fail (text != NULL);

  bytes = g_bytes_new (text, strlen (text));
  start_reading (self, NULL, bytes);
}

void
kb_list_import_model_clear (KbListImportModel *self)
{
  g_return_if_fail (KB_IS_LIST_IMPORT_MODEL (self));

  g_cancellable_cancel (self->cancellable);
  replace_rows (self, g_ptr_array_new ());
  self->n_problems = 0;
  set_error (self, NULL);
  set_busy (self, FALSE);
  notify_counts (self);
}

guint
kb_list_import_model_get_n_rows (KbListImportModel *self)
{
  g_return_val_if_fail (KB_IS_LIST_IMPORT_MODEL (self), 0);
  return self->rows->len;
}

guint
kb_list_import_model_get_n_valid (KbListImportModel *self)
{
  g_return_val_if_fail (KB_IS_LIST_IMPORT_MODEL (self), 0);
  return self->rows->len - self->n_problems;
}

guint
kb_list_import_model_get_n_problems (KbListImportModel *self)
{
  g_return_val_if_fail (KB_IS_LIST_IMPORT_MODEL (self), 0);
  return self->n_problems;
}

gboolean
kb_list_import_model_get_busy (KbListImportModel *self)
{
  g_return_val_if_fail (KB_IS_LIST_IMPORT_MODEL (self), FALSE);
  return self->busy;
}

const char *
kb_list_import_model_get_error (KbListImportModel *self)
{
  g_return_val_if_fail (KB_IS_LIST_IMPORT_MODEL (self), NULL);
  return self->error;
}

gboolean
kb_list_import_model_find (KbListImportModel *self, KbListImportRow *row, guint *position)
{
  g_return_val_if_fail (KB_IS_LIST_IMPORT_MODEL (self), FALSE);
  g_return_val_if_fail (KB_IS_LIST_IMPORT_ROW (row), FALSE);

  return g_ptr_array_find (self->rows, row, position);
}

GPtrArray *
kb_list_import_model_get_valid_rows (KbListImportModel *self)
{
  GPtrArray *rows;

  g_return_val_if_fail (KB_IS_LIST_IMPORT_MODEL (self), NULL);

  rows = g_ptr_array_new_full (self->rows->len - self->n_problems, g_object_unref);
  for (guint i = 0; i < self->rows->len; i++)
    {
      KbListImportRow *row = g_ptr_array_index (self->rows, i);

      if (kb_list_import_row_get_problem (row) == KB_SUBSCRIBER_LIST_PROBLEM_NONE)
        g_ptr_array_add (rows, g_object_ref (row));
    }
  return rows;
}

void
kb_list_import_model_fix_row (KbListImportModel *self,
                              guint              position,
                              const char        *raw_number,
                              const char        *name)
{
  g_return_if_fail (KB_IS_LIST_IMPORT_MODEL (self));
  g_return_if_fail (position < self->rows->len);

  kb_list_import_row_set_values (g_ptr_array_index (self->rows, position), self->kind,
                                 raw_number, name);
  check_across (self);
}

void
kb_list_import_model_drop_row (KbListImportModel *self, guint position)
{
  g_return_if_fail (KB_IS_LIST_IMPORT_MODEL (self));
  g_return_if_fail (position < self->rows->len);

  g_ptr_array_remove_index (self->rows, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  /* A dropped row may have made later rows duplicates. */
  check_across (self);
}

/* Returns: how many rows were dropped. */
guint
kb_list_import_model_drop_problems (KbListImportModel *self)
{
  g_autoptr(GPtrArray) kept = NULL;
  guint dropped;

  g_return_val_if_fail (KB_IS_LIST_IMPORT_MODEL (self), 0);

  if (self->n_problems == 0)
    return 0;
  kept = kb_list_import_model_get_valid_rows (self);
  dropped = self->rows->len - kept->len;
  replace_rows (self, g_steal_pointer (&kept));
  check_across (self);
  return dropped;
}

/* GObject */

static void
kb_list_import_model_dispose (GObject *object)
{
  KbListImportModel *self = KB_LIST_IMPORT_MODEL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  disconnect_subscribers (self);
  forget_known (self);

  G_OBJECT_CLASS (kb_list_import_model_parent_class)->dispose (object);
}

static void
kb_list_import_model_finalize (GObject *object)
{
  KbListImportModel *self = KB_LIST_IMPORT_MODEL (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (kb_list_import_model_parent_class)->finalize (object);
}

static void
kb_list_import_model_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KbListImportModel *self = KB_LIST_IMPORT_MODEL (object);

  switch (prop_id)
    {
    case PROP_KIND: g_value_set_int (value, self->kind); break;
    case PROP_SUBSCRIBERS: g_value_set_object (value, self->subscribers); break;
    case PROP_N_ROWS: g_value_set_uint (value, self->rows->len); break;
    case PROP_N_VALID: g_value_set_uint (value, self->rows->len - self->n_problems); break;
    case PROP_N_PROBLEMS: g_value_set_uint (value, self->n_problems); break;
    case PROP_BUSY: g_value_set_boolean (value, self->busy); break;
    case PROP_ERROR: g_value_set_string (value, self->error); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kb_list_import_model_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  KbListImportModel *self = KB_LIST_IMPORT_MODEL (object);

  switch (prop_id)
    {
    case PROP_KIND: self->kind = g_value_get_int (value); break;
    case PROP_SUBSCRIBERS:
      kb_list_import_model_set_subscribers (self, g_value_get_object (value));
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kb_list_import_model_class_init (KbListImportModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kb_list_import_model_dispose;
  object_class->finalize = kb_list_import_model_finalize;
  object_class->get_property = kb_list_import_model_get_property;
  object_class->set_property = kb_list_import_model_set_property;

  properties[PROP_KIND] =
    g_param_spec_int ("kind", NULL, NULL,
                      KB_SUBSCRIBER_LIST_RENAME, KB_SUBSCRIBER_LIST_NUMBERS,
                      KB_SUBSCRIBER_LIST_RENAME,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUBSCRIBERS] =
    g_param_spec_object ("subscribers", NULL, NULL, KB_TYPE_SUBSCRIBERS,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ROWS] =
    g_param_spec_uint ("n-rows", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_VALID] =
    g_param_spec_uint ("n-valid", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_PROBLEMS] =
    g_param_spec_uint ("n-problems", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_LOADED] =
    g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kb_list_import_model_init (KbListImportModel *self)
{
  self->rows = g_ptr_array_new_with_free_func (g_object_unref);
}
