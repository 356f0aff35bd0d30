/* kb-list-import.c — a subscriber list from a file, a drop or a paste, with a preview to fix.
 *
 * The parser (kb-subscriber-list.c) reads and checks the text; this widget
 * gets the text to it and lets the user put right what it found. Reading a
 * file and parsing it run off the main loop (g_file_load_contents_async,
 * then a GTask thread that parses, marks unknown numbers and makes the row
 * objects), so a 100 000-row file never freezes the window. The rows live
 * in a GPtrArray (for the checks, by index) mirrored by a GListStore (for
 * the view, which builds widgets for the visible rows only). A fixed row is
 * checked on its own by the core, then all rows again across (duplicates,
 * unknown numbers): one pass of hashing, a few milliseconds for 100 000.
 */
#include "config.h"

#include "kb-list-import.h"

#include <glib/gi18n.h>

#include "kb-cell.h"

struct _KbListImport
{
  AdwBin parent_instance;

  GtkButton *open_button;
  GtkToggleButton *paste_button;
  GtkLabel *summary_label;
  GtkButton *drop_problems_button;
  GtkButton *clear_button;
  GtkLabel *error_label;
  GtkLabel *paste_hint_label;
  GtkTextView *paste_view;
  GtkStack *stack;
  AdwStatusPage *empty_page;
  GtkSpinner *spinner;
  GtkColumnView *column_view;

  KbSubscriberListKind kind;
  KbSubscribers *subscribers;
  GListModel *subscriber_model;   /* of KbSubscriber, watched for changes */
  GHashTable *known;              /* the client's numbers; NULL until needed */

  GPtrArray *rows;                /* of KbListImportRow, the source's order */
  GListStore *store;              /* the same rows, for the view */
  guint n_problems;
  gboolean busy;
  gboolean known_changed;         /* the client's list changed during a parse */
  char *error;

  GCancellable *cancellable;      /* the file or text being read */
  GCancellable *clipboard_cancellable;  /* a paste being read; cancelled in dispose */
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (KbListImport, kb_list_import, ADW_TYPE_BIN)

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

typedef enum {
  COLUMN_LINE,
  COLUMN_NUMBER,
  COLUMN_NAME,
  COLUMN_PROBLEM,
  COLUMN_DROP,
} Column;

/* Known numbers */

static void
forget_known (KbListImport *self)
{
  g_clear_pointer (&self->known, g_hash_table_unref);
}

/* Returns: (transfer none) (nullable): the client's numbers as a set, made
 * once from the subscribers model; %NULL while that list is not known (an
 * empty model, or only its first cached rows, would mark good rows unknown). */
static GHashTable *
get_known (KbListImport *self)
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

/* Counts and summary */

static void
update_state (KbListImport *self)
{
  guint n_rows = self->rows->len;
  g_autofree char *summary = NULL;

  if (n_rows == 0)
    summary = g_strdup ("");
  else if (self->n_problems == 0)
    summary = g_strdup_printf (ngettext ("%u row, no problems", "%u rows, no problems", n_rows), n_rows);
  else
    {
      g_autofree char *rows = g_strdup_printf (ngettext ("%u row", "%u rows", n_rows), n_rows);
      g_autofree char *problems = g_strdup_printf (ngettext ("%u with a problem",
                                                             "%u with problems",
                                                             self->n_problems),
                                                   self->n_problems);

      /* TRANSLATORS: "12 rows, 3 with problems". */
      summary = g_strdup_printf (_("%s, %s"), rows, problems);
    }
  gtk_label_set_text (self->summary_label, summary);
  gtk_widget_set_visible (GTK_WIDGET (self->summary_label), n_rows > 0);

  gtk_widget_set_sensitive (GTK_WIDGET (self->drop_problems_button), self->n_problems > 0 && !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->clear_button), n_rows > 0 && !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->open_button), !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->paste_button), !self->busy);
  gtk_spinner_set_spinning (self->spinner, self->busy);
  gtk_stack_set_visible_child_name (self->stack,
                                    self->busy ? "busy" : n_rows > 0 ? "table" : "empty");

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ROWS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_VALID]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PROBLEMS]);
}

static KbSubscriberListRow *
get_checked_row (gpointer data, guint index)
{
  return kb_list_import_row_get_checked (g_ptr_array_index ((GPtrArray *) data, index));
}

/* Checks every row against the others again and updates the cells whose
 * problem changed. */
static void
check_across (KbListImport *self)
{
  self->n_problems = kb_subscriber_list_rows_check_across (get_checked_row, self->rows,
                                                           self->rows->len, get_known (self));
  for (guint i = 0; i < self->rows->len; i++)
    kb_list_import_row_notify_problem (g_ptr_array_index (self->rows, i));
  update_state (self);
}

/* Unknown numbers are found against the client's list: when this session
 * has never had it (a fresh cache, Subscriber Selection not opened yet), ask
 * for it; the model's change checks the rows again. */
static void
ensure_subscribers_fetched (KbListImport *self)
{
  if (self->subscribers != NULL && kb_subscribers_get_loaded (self->subscribers) &&
      kb_subscribers_get_fetched_at (self->subscribers) == NULL &&
      !kb_subscribers_get_refreshing (self->subscribers))
    kb_subscribers_refresh_async (self->subscribers, NULL, NULL, NULL);
}

/* The client's list changed (or finished loading): check the rows again;
 * rows still being parsed are checked when they arrive (on_parsed()). */
static void
on_subscriber_model_changed (KbListImport *self)
{
  forget_known (self);
  if (self->busy)
    self->known_changed = TRUE;
  else if (self->rows->len > 0)
    check_across (self);
}

static void
on_subscribers_loaded (KbListImport *self)
{
  on_subscriber_model_changed (self);
  ensure_subscribers_fetched (self);
}

/* Errors */

static void
set_error (KbListImport *self, const char *message)
{
  if (g_strcmp0 (self->error, message) == 0)
    return;
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

/* Parsing on a worker thread */

typedef struct {
  KbSubscriberListKind kind;
  GBytes *bytes;
  GHashTable *known;   /* read only while the thread runs */
} ParseData;

static void
parse_data_free (ParseData *data)
{
  g_clear_pointer (&data->bytes, g_bytes_unref);
  g_clear_pointer (&data->known, g_hash_table_unref);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ParseData, parse_data_free)

static void
parse_in_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  ParseData *data = task_data;
  g_autoptr(KbSubscriberList) list = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  GError *error = NULL;
  guint n;

  list = kb_subscriber_list_parse_bytes (data->kind, data->bytes, &error);
  if (list == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  n = kb_subscriber_list_get_n_rows (list);
  if (n == 0)
    {
      g_task_return_new_error (task, KB_SUBSCRIBER_LIST_ERROR, KB_SUBSCRIBER_LIST_ERROR_NOT_TEXT,
                               "%s", _("There are no rows in this list."));
      return;
    }
  if (data->known != NULL)
    kb_subscriber_list_mark_unknown (list, data->known);

  rows = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (rows, kb_list_import_row_new (kb_subscriber_list_get_row (list, i)));
  g_task_return_pointer (task, g_steal_pointer (&rows), (GDestroyNotify) g_ptr_array_unref);
}

static void
set_busy (KbListImport *self, gboolean busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
on_parsed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  KbListImport *self = KB_LIST_IMPORT (source);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  rows = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (rows == NULL)
    set_error (self, error->message);
  else
    {
      guint n_old = self->rows->len;

      set_error (self, NULL);
      g_ptr_array_set_size (self->rows, 0);
      g_ptr_array_extend_and_steal (self->rows, g_steal_pointer (&rows));
      g_list_store_splice (self->store, 0, n_old, self->rows->pdata, self->rows->len);
      self->n_problems = 0;
      for (guint i = 0; i < self->rows->len; i++)
        if (kb_list_import_row_get_problem (g_ptr_array_index (self->rows, i)) !=
            KB_SUBSCRIBER_LIST_PROBLEM_NONE)
          self->n_problems++;
      /* Checked against the list as it was when the parse began. */
      if (self->known_changed)
        check_across (self);
      gtk_toggle_button_set_active (self->paste_button, FALSE);
    }
  set_busy (self, FALSE);
  update_state (self);
  g_signal_emit (self, signals[SIGNAL_LOADED], 0);
}

static void
parse_bytes (KbListImport *self, GBytes *bytes)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(ParseData) data = g_new0 (ParseData, 1);
  GHashTable *known = get_known (self);

  data->kind = self->kind;
  data->bytes = g_bytes_ref (bytes);
  data->known = known != NULL ? g_hash_table_ref (known) : NULL;
  self->known_changed = FALSE;

  task = g_task_new (self, self->cancellable, on_parsed, NULL);
  g_task_set_source_tag (task, parse_bytes);
  g_task_set_task_data (task, g_steal_pointer (&data), (GDestroyNotify) parse_data_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, parse_in_thread);
}

static void
start_loading (KbListImport *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
}

static void
on_file_loaded (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(KbListImport) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *contents = NULL;
  gsize length = 0;

  if (!g_file_load_contents_finish (G_FILE (source), result, &contents, &length, NULL, &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* TRANSLATORS: the reason comes from the system. */
      message = g_strdup_printf (_("The file could not be read: %s"), error->message);
      set_error (self, message);
      set_busy (self, FALSE);
      g_signal_emit (self, signals[SIGNAL_LOADED], 0);
      return;
    }
  bytes = g_bytes_new_take (contents, length);
  parse_bytes (self, bytes);
}

/* Public API */

GtkWidget *
kb_list_import_new (KbSubscriberListKind kind)
{
  return g_object_new (KB_TYPE_LIST_IMPORT, "kind", kind, NULL);
}

KbSubscriberListKind
kb_list_import_get_kind (KbListImport *self)
{
  g_return_val_if_fail (KB_IS_LIST_IMPORT (self), KB_SUBSCRIBER_LIST_RENAME);
  return self->kind;
}

KbSubscribers *
kb_list_import_get_subscribers (KbListImport *self)
{
  g_return_val_if_fail (KB_IS_LIST_IMPORT (self), NULL);
  return self->subscribers;
}

void
kb_list_import_set_subscribers (KbListImport *self, KbSubscribers *subscribers)
{
  g_return_if_fail (KB_IS_LIST_IMPORT (self));
  g_return_if_fail (subscribers == NULL || KB_IS_SUBSCRIBERS (subscribers));

  if (self->subscribers == subscribers)
    return;
  if (self->subscriber_model != NULL)
    g_signal_handlers_disconnect_by_func (self->subscriber_model, on_subscriber_model_changed, self);
  if (self->subscribers != NULL)
    g_signal_handlers_disconnect_by_func (self->subscribers, on_subscribers_loaded, self);
  g_clear_object (&self->subscriber_model);
  g_set_object (&self->subscribers, subscribers);
  if (subscribers != NULL)
    {
      self->subscriber_model = g_object_ref (kb_subscribers_get_model (subscribers));
      g_signal_connect_swapped (self->subscriber_model, "items-changed",
                                G_CALLBACK (on_subscriber_model_changed), self);
      g_signal_connect_swapped (subscribers, "notify::loaded", G_CALLBACK (on_subscribers_loaded), self);
      ensure_subscribers_fetched (self);
    }
  on_subscriber_model_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBSCRIBERS]);
}

void
kb_list_import_load_file (KbListImport *self, GFile *file)
{
  g_return_if_fail (KB_IS_LIST_IMPORT (self));
  g_return_if_fail (G_IS_FILE (file));

  start_loading (self);
  g_file_load_contents_async (file, self->cancellable, on_file_loaded, g_object_ref (self));
}

void
kb_list_import_load_text (KbListImport *self, const char *text)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_if_fail (KB_IS_LIST_IMPORT (self));
  g_return_if_fail (text != NULL);

  start_loading (self);
  bytes = g_bytes_new (text, strlen (text));
  parse_bytes (self, bytes);
}

void
kb_list_import_clear (KbListImport *self)
{
  g_return_if_fail (KB_IS_LIST_IMPORT (self));

  g_cancellable_cancel (self->cancellable);
  g_ptr_array_set_size (self->rows, 0);
  g_list_store_remove_all (self->store);
  self->n_problems = 0;
  set_error (self, NULL);
  set_busy (self, FALSE);
  update_state (self);
}

GListModel *
kb_list_import_get_model (KbListImport *self)
{
  g_return_val_if_fail (KB_IS_LIST_IMPORT (self), NULL);
  return G_LIST_MODEL (self->store);
}

guint
kb_list_import_get_n_rows (KbListImport *self)
{
  g_return_val_if_fail (KB_IS_LIST_IMPORT (self), 0);
  return self->rows->len;
}

guint
kb_list_import_get_n_valid (KbListImport *self)
{
  g_return_val_if_fail (KB_IS_LIST_IMPORT (self), 0);
  return self->rows->len - self->n_problems;
}

guint
kb_list_import_get_n_problems (KbListImport *self)
{
  g_return_val_if_fail (KB_IS_LIST_IMPORT (self), 0);
  return self->n_problems;
}

gboolean
kb_list_import_get_busy (KbListImport *self)
{
  g_return_val_if_fail (KB_IS_LIST_IMPORT (self), FALSE);
  return self->busy;
}

const char *
kb_list_import_get_error (KbListImport *self)
{
  g_return_val_if_fail (KB_IS_LIST_IMPORT (self), NULL);
  return self->error;
}

GPtrArray *
kb_list_import_get_rows (KbListImport *self)
{
  GPtrArray *rows;

  g_return_val_if_fail (KB_IS_LIST_IMPORT (self), NULL);

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
kb_list_import_fix_row (KbListImport *self, guint position, const char *raw_number, const char *name)
{
  g_return_if_fail (KB_IS_LIST_IMPORT (self));
  g_return_if_fail (position < self->rows->len);

  kb_list_import_row_set_values (g_ptr_array_index (self->rows, position), self->kind,
                                 raw_number, name);
  check_across (self);
}

void
kb_list_import_drop_row (KbListImport *self, guint position)
{
  g_return_if_fail (KB_IS_LIST_IMPORT (self));
  g_return_if_fail (position < self->rows->len);

  g_ptr_array_remove_index (self->rows, position);
  g_list_store_remove (self->store, position);
  /* A dropped row may have made later rows duplicates. */
  check_across (self);
}

/* Returns: how many rows were dropped. */
guint
kb_list_import_drop_problems (KbListImport *self)
{
  g_autoptr(GPtrArray) kept = NULL;
  guint dropped;

  g_return_val_if_fail (KB_IS_LIST_IMPORT (self), 0);

  if (self->n_problems == 0)
    return 0;
  kept = kb_list_import_get_rows (self);
  dropped = self->rows->len - kept->len;
  g_ptr_array_set_size (self->rows, 0);
  for (guint i = 0; i < kept->len; i++)
    g_ptr_array_add (self->rows, g_object_ref (kept->pdata[i]));
  g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                       self->rows->pdata, self->rows->len);
  check_across (self);
  return dropped;
}

/* The buttons */

static void
on_chooser_response (KbListImport *self, int response, GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        kb_list_import_load_file (self, file);
    }
  g_clear_object (&self->chooser);
}

static void
on_open_clicked (KbListImport *self)
{
  GtkFileFilter *filter;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Open a List of Subscribers"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);

  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("Lists (CSV, text)"));
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_filter_add_pattern (filter, "*.CSV");
  gtk_file_filter_add_pattern (filter, "*.txt");
  gtk_file_filter_add_pattern (filter, "*.TXT");
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_mime_type (filter, "text/plain");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_object_unref (filter);

  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("All files"));
  gtk_file_filter_add_pattern (filter, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_object_unref (filter);

  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_check_clicked (KbListImport *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->paste_view);
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  kb_list_import_load_text (self, text);
}

static void
on_drop_problems_clicked (KbListImport *self)
{
  kb_list_import_drop_problems (self);
}

static void
on_clear_clicked (KbListImport *self)
{
  kb_list_import_clear (self);
}

/* Drag and drop, and Ctrl+V */

static gboolean
on_drop (GtkDropTarget *target, const GValue *value, double x, double y, KbListImport *self)
{
  if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    kb_list_import_load_file (self, g_value_get_object (value));
  else if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *files = g_value_get_boxed (value);

      if (files == NULL)
        return FALSE;
      kb_list_import_load_file (self, files->data);
    }
  else if (G_VALUE_HOLDS (value, G_TYPE_STRING) && g_value_get_string (value) != NULL)
    kb_list_import_load_text (self, g_value_get_string (value));
  else
    return FALSE;
  return TRUE;
}

static void
on_clipboard_text (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);

  /* Cancelled: the widget is gone (dispose). */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (text != NULL && *text != '\0')
    kb_list_import_load_text (KB_LIST_IMPORT (user_data), text);
}

static gboolean
paste_clipboard (GtkWidget *widget, GVariant *args, gpointer user_data)
{
  KbListImport *self = KB_LIST_IMPORT (widget);

  if (self->busy)
    return FALSE;
  g_cancellable_cancel (self->clipboard_cancellable);
  g_clear_object (&self->clipboard_cancellable);
  self->clipboard_cancellable = g_cancellable_new ();
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), self->clipboard_cancellable,
                                 on_clipboard_text, self);
  return TRUE;
}

/* The preview's cells */

static KbListImport *
cell_get_import (GtkWidget *cell)
{
  return g_object_get_data (G_OBJECT (cell), "kb-list-import");
}

static void
on_editing_changed (GtkEditableLabel *label, GParamSpec *pspec, GtkListItem *item)
{
  GtkWidget *cell = gtk_list_item_get_child (item);
  KbListImport *self = cell_get_import (cell);
  KbListImportRow *row = gtk_list_item_get_item (item);
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (label), "kb-column"));
  const char *text = gtk_editable_get_text (GTK_EDITABLE (label));
  guint position = gtk_list_item_get_position (item);

  if (gtk_editable_label_get_editing (label) || row == NULL || position == GTK_INVALID_LIST_POSITION)
    return;
  if (column == COLUMN_NUMBER && g_strcmp0 (text, kb_list_import_row_get_raw_number (row)) != 0)
    kb_list_import_fix_row (self, position, text, kb_list_import_row_get_name (row));
  else if (column == COLUMN_NAME && g_strcmp0 (text, kb_list_import_row_get_name (row)) != 0)
    kb_list_import_fix_row (self, position, kb_list_import_row_get_raw_number (row), text);
}

static void
on_drop_row_clicked (GtkButton *button, GtkListItem *item)
{
  KbListImport *self = cell_get_import (GTK_WIDGET (button));
  guint position = gtk_list_item_get_position (item);

  if (position != GTK_INVALID_LIST_POSITION)
    kb_list_import_drop_row (self, position);
}

static void
setup_cell (GtkSignalListItemFactory *factory, GtkListItem *item, KbListImport *self)
{
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "kb-column"));
  GtkWidget *cell = NULL;

  switch (column)
    {
    case COLUMN_LINE:
      cell = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (cell), 1.0);
      gtk_widget_add_css_class (cell, "numeric");
      gtk_widget_add_css_class (cell, "dim-label");
      break;
    case COLUMN_NUMBER:
    case COLUMN_NAME:
      {
        GtkWidget *label = gtk_editable_label_new ("");

        g_object_set_data (G_OBJECT (label), "kb-column", GINT_TO_POINTER (column));
        g_signal_connect (label, "notify::editing", G_CALLBACK (on_editing_changed), item);
        gtk_widget_set_hexpand (label, TRUE);
        if (column == COLUMN_NAME)
          cell = label;
        else
          {
            GtkWidget *formatted = gtk_label_new (NULL);

            cell = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
            gtk_label_set_xalign (GTK_LABEL (formatted), 0.0);
            gtk_widget_add_css_class (formatted, "dim-label");
            gtk_widget_add_css_class (formatted, "caption");
            gtk_box_append (GTK_BOX (cell), label);
            gtk_box_append (GTK_BOX (cell), formatted);
          }
      }
      break;
    case COLUMN_PROBLEM:
      {
        GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
        GtkWidget *label = gtk_label_new (NULL);

        cell = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
        gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        _("Problem"), -1);
        gtk_label_set_xalign (GTK_LABEL (label), 0.0);
        gtk_label_set_wrap (GTK_LABEL (label), TRUE);
        gtk_widget_set_hexpand (label, TRUE);
        gtk_widget_add_css_class (cell, "error");
        gtk_box_append (GTK_BOX (cell), icon);
        gtk_box_append (GTK_BOX (cell), label);
      }
      break;
    case COLUMN_DROP:
    default:
      cell = gtk_button_new_from_icon_name ("list-remove-symbolic");
      gtk_widget_add_css_class (cell, "flat");
      gtk_widget_set_tooltip_text (cell, _("Drop this row"));
      g_signal_connect (cell, "clicked", G_CALLBACK (on_drop_row_clicked), item);
      break;
    }
  g_object_set_data (G_OBJECT (cell), "kb-list-import", self);
  gtk_list_item_set_child (item, cell);
}

static void
update_cell (GtkListItem *item, Column column)
{
  KbListImportRow *row = gtk_list_item_get_item (item);
  GtkWidget *cell = gtk_list_item_get_child (item);
  guint line = kb_list_import_row_get_line (row);
  g_autofree char *text = NULL;

  switch (column)
    {
    case COLUMN_LINE:
      text = g_strdup_printf ("%u", line);
      gtk_label_set_text (GTK_LABEL (cell), text);
      break;
    case COLUMN_NUMBER:
      {
        GtkWidget *label = gtk_widget_get_first_child (cell);
        GtkWidget *formatted = gtk_widget_get_last_child (cell);
        const char *number = kb_list_import_row_get_number (row);
        g_autofree char *pretty = number != NULL ? kb_phone_number_format (number) : NULL;
        g_autofree char *name = g_strdup_printf (_("Number on line %u"), line);

        text = g_strdup (kb_list_import_row_get_raw_number (row));
        /* Never under the user's fingers. */
        if (!gtk_editable_label_get_editing (GTK_EDITABLE_LABEL (label)))
          gtk_editable_set_text (GTK_EDITABLE (label), text);
        gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
        /* The number as written, and below it as it will be sent. */
        gtk_label_set_text (GTK_LABEL (formatted), pretty != NULL ? pretty : "");
        gtk_widget_set_visible (formatted, pretty != NULL && g_strcmp0 (pretty, text) != 0);
      }
      break;
    case COLUMN_NAME:
      {
        g_autofree char *name = g_strdup_printf (_("New name on line %u"), line);

        text = g_strdup (kb_list_import_row_get_name (row));
        if (!gtk_editable_label_get_editing (GTK_EDITABLE_LABEL (cell)))
          gtk_editable_set_text (GTK_EDITABLE (cell), text != NULL ? text : "");
        gtk_accessible_update_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      }
      break;
    case COLUMN_PROBLEM:
      text = g_strdup (kb_list_import_row_get_message (row));
      gtk_label_set_text (GTK_LABEL (gtk_widget_get_last_child (cell)), text);
      gtk_widget_set_tooltip_text (cell, *text != '\0' ? text : NULL);
      gtk_widget_set_visible (gtk_widget_get_first_child (cell), *text != '\0');
      break;
    case COLUMN_DROP:
    default:
      text = g_strdup_printf (_("Drop line %u"), line);
      gtk_accessible_update_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
      break;
    }
  kb_cell_set_accessible_text (cell, text != NULL ? text : "");
}

static void
on_row_notify (KbListImportRow *row, GParamSpec *pspec, GtkListItem *item)
{
  GtkWidget *cell = gtk_list_item_get_child (item);

  update_cell (item, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (cell), "kb-column-shown")));
}

static void
bind_cell (GtkSignalListItemFactory *factory, GtkListItem *item, KbListImport *self)
{
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "kb-column"));
  KbListImportRow *row = gtk_list_item_get_item (item);
  GtkWidget *cell = gtk_list_item_get_child (item);
  gulong id;

  g_object_set_data (G_OBJECT (cell), "kb-column-shown", GINT_TO_POINTER (column));
  update_cell (item, column);
  id = g_signal_connect (row, "notify", G_CALLBACK (on_row_notify), item);
  g_object_set_data (G_OBJECT (cell), "kb-row-handler", GUINT_TO_POINTER ((guint) id));
}

static void
unbind_cell (GtkSignalListItemFactory *factory, GtkListItem *item, KbListImport *self)
{
  KbListImportRow *row = gtk_list_item_get_item (item);
  GtkWidget *cell = gtk_list_item_get_child (item);
  gulong id = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (cell), "kb-row-handler"));

  if (row != NULL && id != 0)
    g_signal_handler_disconnect (row, id);
  g_object_set_data (G_OBJECT (cell), "kb-row-handler", NULL);
}

static void
add_column (KbListImport *self, const char *title, Column column)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *view_column;

  g_object_set_data (G_OBJECT (factory), "kb-column", GINT_TO_POINTER (column));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell), self);
  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (view_column, column != COLUMN_DROP);
  if (column == COLUMN_PROBLEM || column == COLUMN_NAME)
    gtk_column_view_column_set_expand (view_column, TRUE);
  gtk_column_view_append_column (self->column_view, view_column);
  g_object_unref (view_column);
}

static void
setup_view (KbListImport *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  add_column (self, _("Line"), COLUMN_LINE);
  add_column (self, _("Number"), COLUMN_NUMBER);
  if (self->kind == KB_SUBSCRIBER_LIST_RENAME)
    add_column (self, _("New name"), COLUMN_NAME);
  add_column (self, _("Problem"), COLUMN_PROBLEM);
  add_column (self, "", COLUMN_DROP);

  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->store)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));

  if (self->kind == KB_SUBSCRIBER_LIST_RENAME)
    {
      adw_status_page_set_description (self->empty_page,
                                       _("Open a CSV file with a number and a new name on each "
                                         "line, drop it here, or paste rows. Both UTF-8 and "
                                         "Windows-1251 are read, with ; or a comma between the "
                                         "columns."));
      gtk_label_set_text (self->paste_hint_label,
                          _("One subscriber per line: the number, then the new name, "
                            "separated by ; or a comma."));
    }
  else
    {
      adw_status_page_set_description (self->empty_page,
                                       _("Open a CSV file with a number on each line, drop it "
                                         "here, or paste the numbers."));
      gtk_label_set_text (self->paste_hint_label, _("One number per line."));
    }
}

/* GObject */

static void
kb_list_import_constructed (GObject *object)
{
  KbListImport *self = KB_LIST_IMPORT (object);

  G_OBJECT_CLASS (kb_list_import_parent_class)->constructed (object);
  setup_view (self);
  update_state (self);
}

static void
kb_list_import_dispose (GObject *object)
{
  KbListImport *self = KB_LIST_IMPORT (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->clipboard_cancellable);
  g_clear_object (&self->clipboard_cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->subscriber_model != NULL)
    g_signal_handlers_disconnect_by_func (self->subscriber_model, on_subscriber_model_changed, self);
  if (self->subscribers != NULL)
    g_signal_handlers_disconnect_by_func (self->subscribers, on_subscribers_loaded, self);
  g_clear_object (&self->subscriber_model);
  g_clear_object (&self->subscribers);
  forget_known (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), KB_TYPE_LIST_IMPORT);

  G_OBJECT_CLASS (kb_list_import_parent_class)->dispose (object);
}

static void
kb_list_import_finalize (GObject *object)
{
  KbListImport *self = KB_LIST_IMPORT (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_object (&self->store);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (kb_list_import_parent_class)->finalize (object);
}

static void
kb_list_import_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KbListImport *self = KB_LIST_IMPORT (object);

  switch (prop_id)
    {
    case PROP_KIND: g_value_set_int (value, self->kind); break;
    case PROP_SUBSCRIBERS: g_value_set_object (value, self->subscribers); break;
    case PROP_N_ROWS: g_value_set_uint (value, kb_list_import_get_n_rows (self)); break;
    case PROP_N_VALID: g_value_set_uint (value, kb_list_import_get_n_valid (self)); break;
    case PROP_N_PROBLEMS: g_value_set_uint (value, self->n_problems); break;
    case PROP_BUSY: g_value_set_boolean (value, self->busy); break;
    case PROP_ERROR: g_value_set_string (value, self->error); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kb_list_import_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  KbListImport *self = KB_LIST_IMPORT (object);

  switch (prop_id)
    {
    case PROP_KIND: self->kind = g_value_get_int (value); break;
    case PROP_SUBSCRIBERS: kb_list_import_set_subscribers (self, g_value_get_object (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kb_list_import_class_init (KbListImportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = kb_list_import_constructed;
  object_class->dispose = kb_list_import_dispose;
  object_class->finalize = kb_list_import_finalize;
  object_class->get_property = kb_list_import_get_property;
  object_class->set_property = kb_list_import_set_property;

  properties[PROP_KIND] =
    g_param_spec_int ("kind", NULL, NULL,
                      KB_SUBSCRIBER_LIST_RENAME, KB_SUBSCRIBER_LIST_NUMBERS, KB_SUBSCRIBER_LIST_RENAME,
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

  gtk_widget_class_add_binding (widget_class, GDK_KEY_v, GDK_CONTROL_MASK, paste_clipboard, NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/common/kb-list-import.ui");
  gtk_widget_class_bind_template_child (widget_class, KbListImport, open_button);
  gtk_widget_class_bind_template_child (widget_class, KbListImport, paste_button);
  gtk_widget_class_bind_template_child (widget_class, KbListImport, summary_label);
  gtk_widget_class_bind_template_child (widget_class, KbListImport, drop_problems_button);
  gtk_widget_class_bind_template_child (widget_class, KbListImport, clear_button);
  gtk_widget_class_bind_template_child (widget_class, KbListImport, error_label);
  gtk_widget_class_bind_template_child (widget_class, KbListImport, paste_hint_label);
  gtk_widget_class_bind_template_child (widget_class, KbListImport, paste_view);
  gtk_widget_class_bind_template_child (widget_class, KbListImport, stack);
  gtk_widget_class_bind_template_child (widget_class, KbListImport, empty_page);
  gtk_widget_class_bind_template_child (widget_class, KbListImport, spinner);
  gtk_widget_class_bind_template_child (widget_class, KbListImport, column_view);
  gtk_widget_class_bind_template_callback (widget_class, on_open_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_check_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_drop_problems_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_clear_clicked);
}

static void
kb_list_import_init (KbListImport *self)
{
  GtkDropTarget *target;
  GType types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE, G_TYPE_STRING };

  self->rows = g_ptr_array_new_with_free_func (g_object_unref);
  self->store = g_list_store_new (KB_TYPE_LIST_IMPORT_ROW);

  gtk_widget_init_template (GTK_WIDGET (self));

  target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (target, types, G_N_ELEMENTS (types));
  g_signal_connect (target, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}
