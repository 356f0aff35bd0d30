/* kb-list-import.c — a subscriber list from a file, a drop or a paste, with a preview to fix.
 *
 * The widget gets the text to its KbListImportModel, which parses and
 * checks it off the main loop and keeps the rows; the widget shows what the
 * model says (how many rows, how many with problems, whether it is busy,
 * why the last list could not be read) and lets the user open, drop, paste,
 * clear and, in the preview (kb-list-import-columns.c), fix or drop rows.
 * Its functions and properties are those of the model, for the pages that
 * embed it and for tests.
 */
#include "config.h"

#include "kb-list-import.h"

#include <glib/gi18n.h>

#include "kb-list-import-columns.h"
#include "kb-list-import-model.h"

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
  KbListImportModel *model;

  GCancellable *clipboard_cancellable;  /* a paste being read; cancelled in dispose */
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (KbListImport, kb_list_import, ADW_TYPE_BIN)

/* The widget's properties are its model's, under the same names: an
 * override of each (class_init), with the index here as the property id. */
static const char * const property_names[] = {
  NULL,
  "kind",
  "subscribers",
  "n-rows",
  "n-valid",
  "n-problems",
  "busy",
  "error",
};

#define PROP_KIND 1
#define PROP_SUBSCRIBERS 2
#define N_PROPS G_N_ELEMENTS (property_names)

static GParamSpec *properties[N_PROPS];
static guint loaded_signal;

/* What the model says */

static void
update_state (KbListImport *self)
{
  guint n_rows = kb_list_import_model_get_n_rows (self->model);
  guint n_problems = kb_list_import_model_get_n_problems (self->model);
  gboolean busy = kb_list_import_model_get_busy (self->model);
  const char *error = kb_list_import_model_get_error (self->model);
  g_autofree char *summary = NULL;

  if (n_rows == 0)
    summary = g_strdup ("");
  else if (n_problems == 0)
    summary = g_strdup_printf (ngettext ("%u row, no problems", "%u rows, no problems", n_rows),
                               n_rows);
  else
    {
      g_autofree char *rows = g_strdup_printf (ngettext ("%u row", "%u rows", n_rows), n_rows);
      g_autofree char *problems = g_strdup_printf (ngettext ("%u with a problem",
                                                             "%u with problems",
                                                             n_problems),
                                                   n_problems);

      /* TRANSLATORS: "12 rows, 3 with problems". */
      summary = g_strdup_printf (_("%s, %s"), rows, problems);
    }
  gtk_label_set_text (self->summary_label, summary);
  gtk_widget_set_visible (GTK_WIDGET (self->summary_label), n_rows > 0);
  gtk_label_set_text (self->error_label, error != NULL ? error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);

  gtk_widget_set_sensitive (GTK_WIDGET (self->drop_problems_button), n_problems > 0 && !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->clear_button), n_rows > 0 && !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->open_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->paste_button), !busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_stack_set_visible_child_name (self->stack, busy ? "busy" : n_rows > 0 ? "table" : "empty");
}

/* The model's properties are the widget's: shown, then passed on. */
static void
on_model_notify (KbListImport *self, GParamSpec *pspec)
{
  update_state (self);
  for (guint i = PROP_SUBSCRIBERS; i < N_PROPS; i++)
    if (g_strcmp0 (property_names[i], g_param_spec_get_name (pspec)) == 0)
      g_object_notify_by_pspec (G_OBJECT (self), properties[i]);
}

static void
on_model_loaded (KbListImport *self)
{
  /* A list was read from the pasted rows: the preview takes their place. */
  if (kb_list_import_model_get_error (self->model) == NULL)
    gtk_toggle_button_set_active (self->paste_button, FALSE);
  g_signal_emit (self, loaded_signal, 0);
}

/* Public API: the model's, for the pages and tests that hold the widget */

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
  return kb_list_import_model_get_subscribers (self->model);
}

void
kb_list_import_set_subscribers (KbListImport *self, KbSubscribers *subscribers)
{
  g_return_if_fail (KB_IS_LIST_IMPORT (self));
  kb_list_import_model_set_subscribers (self->model, subscribers);
}

void
kb_list_import_load_file (KbListImport *self, GFile *file)
{
  g_return_if_fail (KB_IS_LIST_IMPORT (self));
  kb_list_import_model_load_file (self->model, file);
}

void
kb_list_import_load_text (KbListImport *self, const char *text)
{
  g_return_if_fail (KB_IS_LIST_IMPORT (self));
  kb_list_import_model_load_text (self->model, text);
}

void
kb_list_import_clear (KbListImport *self)
{
  g_return_if_fail (KB_IS_LIST_IMPORT (self));
  kb_list_import_model_clear (self->model);
}

GListModel *
kb_list_import_get_model (KbListImport *self)
{
  g_return_val_if_fail (KB_IS_LIST_IMPORT (self), NULL);
  return G_LIST_MODEL (self->model);
}

guint
kb_list_import_get_n_rows (KbListImport *self)
{
  g_return_val_if_fail (KB_IS_LIST_IMPORT (self), 0);
  return kb_list_import_model_get_n_rows (self->model);
}

guint
kb_list_import_get_n_valid (KbListImport *self)
{
  g_return_val_if_fail (KB_IS_LIST_IMPORT (self), 0);
  return kb_list_import_model_get_n_valid (self->model);
}

guint
kb_list_import_get_n_problems (KbListImport *self)
{
  g_return_val_if_fail (KB_IS_LIST_IMPORT (self), 0);
  return kb_list_import_model_get_n_problems (self->model);
}

gboolean
kb_list_import_get_busy (KbListImport *self)
{
  g_return_val_if_fail (KB_IS_LIST_IMPORT (self), FALSE);
  return kb_list_import_model_get_busy (self->model);
}

const char *
kb_list_import_get_error (KbListImport *self)
{
  g_return_val_if_fail (KB_IS_LIST_IMPORT (self), NULL);
  return kb_list_import_model_get_error (self->model);
}

GPtrArray *
kb_list_import_get_rows (KbListImport *self)
{
  g_return_val_if_fail (KB_IS_LIST_IMPORT (self), NULL);
  return kb_list_import_model_get_valid_rows (self->model);
}

void
kb_list_import_fix_row (KbListImport *self,
                        guint         position,
                        const char   *raw_number,
                        const char   *name)
{
  g_return_if_fail (KB_IS_LIST_IMPORT (self));
  kb_list_import_model_fix_row (self->model, position, raw_number, name);
}

void
kb_list_import_drop_row (KbListImport *self, guint position)
{
  g_return_if_fail (KB_IS_LIST_IMPORT (self));
  kb_list_import_model_drop_row (self->model, position);
}

/* Returns: how many rows were dropped. */
guint
kb_list_import_drop_problems (KbListImport *self)
{
  g_return_val_if_fail (KB_IS_LIST_IMPORT (self), 0);
  return kb_list_import_model_drop_problems (self->model);
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

  if (kb_list_import_model_get_busy (self->model))
    return FALSE;
  g_cancellable_cancel (self->clipboard_cancellable);
  g_clear_object (&self->clipboard_cancellable);
  self->clipboard_cancellable = g_cancellable_new ();
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), self->clipboard_cancellable,
                                 on_clipboard_text, self);
  return TRUE;
}

static void
setup_hints (KbListImport *self)
{
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

  /* The kind is known only now: it makes the model and the columns. */
  self->model = kb_list_import_model_new (self->kind);
  g_signal_connect_object (self->model, "notify", G_CALLBACK (on_model_notify), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "loaded", G_CALLBACK (on_model_loaded), self,
                           G_CONNECT_SWAPPED);
  kb_list_import_columns_setup (self->column_view, self->model);
  setup_hints (self);
  update_state (self);
}

static void
kb_list_import_dispose (GObject *object)
{
  KbListImport *self = KB_LIST_IMPORT (object);

  /* A read in progress keeps the model until it ends; nothing here hears it. */
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_cancellable_cancel (self->clipboard_cancellable);
  g_clear_object (&self->clipboard_cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), KB_TYPE_LIST_IMPORT);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (kb_list_import_parent_class)->dispose (object);
}

static void
kb_list_import_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KbListImport *self = KB_LIST_IMPORT (object);

  if (prop_id == PROP_KIND)
    g_value_set_int (value, self->kind);
  else if (prop_id < N_PROPS)
    g_object_get_property (G_OBJECT (self->model), property_names[prop_id], value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
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
  g_autoptr(GTypeClass) model_class = NULL;

  object_class->constructed = kb_list_import_constructed;
  object_class->dispose = kb_list_import_dispose;
  object_class->get_property = kb_list_import_get_property;
  object_class->set_property = kb_list_import_set_property;

  model_class = g_type_class_ref (KB_TYPE_LIST_IMPORT_MODEL);
  for (guint i = PROP_KIND; i < N_PROPS; i++)
    {
      GParamSpec *model_property = g_object_class_find_property (G_OBJECT_CLASS (model_class),
                                                                 property_names[i]);

      properties[i] = g_param_spec_override (property_names[i], model_property);
    }
  g_object_class_install_properties (object_class, N_PROPS, properties);

  loaded_signal =
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

  gtk_widget_init_template (GTK_WIDGET (self));

  target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (target, types, G_N_ELEMENTS (types));
  g_signal_connect (target, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}
