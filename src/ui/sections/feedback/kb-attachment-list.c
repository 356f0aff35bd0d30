/* kb-attachment-list.c — the files of a message: thumbnails or icons, open, save, remove.
 *
 * Each file is a row: a thumbnail for an image (decoded from its bytes, which
 * come from the local copy or the server), else its type's icon; its name
 * and size; Open (the system's application, from a copy in the cache
 * folder) and Save (to Downloads, through kb-save-chooser). A list of files
 * still being written (the reply field's) shows Remove instead.
 */
#include "config.h"

#include "kb-attachment-list.h"

#include <glib/gi18n.h>

#include "kb-file-type.h"
#include "kb-save-chooser.h"

#define THUMBNAIL_SIZE 64

struct _KbAttachmentList
{
  AdwBin parent_instance;

  GtkBox *box;
  KbFeedback *feedback;
  gboolean removable;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (KbAttachmentList, kb_attachment_list, ADW_TYPE_BIN)

enum {
  REMOVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static KbAttachment *
row_attachment (GtkWidget *widget)
{
  return g_object_get_data (G_OBJECT (widget), "kb-attachment");
}

static void
show_toast (GtkWidget *widget, const char *message)
{
  gtk_widget_activate_action (widget, "win.toast", "s", message);
}

/* ---- Thumbnails ------------------------------------------------------------ */

/* The middle square of the image in @bytes, @size pixels a side. A
 * GtkPicture is as wide as its texture's shape makes it, whatever its size
 * request: a wide screenshot pushed the name and the buttons out of a
 * narrow window, and no two rows' names were in line with each other or
 * with an icon's. A square of a fixed size is the same in every row. */
static GdkTexture *
square_thumbnail (GBytes *bytes, int size, GError **error)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new_from_stream (stream, NULL, error);
  g_autoptr(GdkPixbuf) square = NULL;
  g_autoptr(GdkPixbuf) scaled = NULL;
  int width, height, side;

  if (pixbuf == NULL)
    return NULL;
  width = gdk_pixbuf_get_width (pixbuf);
  height = gdk_pixbuf_get_height (pixbuf);
  side = MIN (width, height);
  square = gdk_pixbuf_new_subpixbuf (pixbuf, (width - side) / 2, (height - side) / 2, side, side);
  scaled = gdk_pixbuf_scale_simple (square, size, size, GDK_INTERP_BILINEAR);
  return gdk_texture_new_for_pixbuf (scaled);
}

static void
on_thumbnail_bytes (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GtkImage) image = user_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  bytes = kb_feedback_load_attachment_finish (KB_FEEDBACK (source), result, &error);
  if (bytes != NULL)
    texture = square_thumbnail (bytes, THUMBNAIL_SIZE * gtk_widget_get_scale_factor (GTK_WIDGET (image)),
                                &error);
  if (texture == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No thumbnail: %s", error->message);
      return;
    }
  gtk_image_set_from_paintable (image, GDK_PAINTABLE (texture));
}

static GtkWidget *
make_preview (KbAttachmentList *self, KbAttachment *file)
{
  const char *type = kb_attachment_get_content_type (file);

  if (kb_file_type_is_image (type) && self->feedback != NULL)
    {
      GtkWidget *thumbnail = gtk_image_new ();

      /* An image draws a square paintable at its pixel size, at any scale. */
      gtk_image_set_pixel_size (GTK_IMAGE (thumbnail), THUMBNAIL_SIZE);
      gtk_widget_set_size_request (thumbnail, THUMBNAIL_SIZE, THUMBNAIL_SIZE);
      gtk_widget_add_css_class (thumbnail, "attachment-thumbnail");
      kb_feedback_load_attachment_async (self->feedback, file, self->cancellable,
                                         on_thumbnail_bytes, g_object_ref (thumbnail));
      return thumbnail;
    }
  else
    {
      g_autoptr(GIcon) icon = g_content_type_get_symbolic_icon (type);
      GtkWidget *image = gtk_image_new_from_gicon (icon);

      gtk_image_set_pixel_size (GTK_IMAGE (image), 32);
      gtk_widget_set_size_request (image, THUMBNAIL_SIZE, 40);
      return image;
    }
}

/* ---- Open and Save ------------------------------------------------------------ */

static void
on_opened_bytes (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GtkWidget) button = user_data;
  KbAttachment *file = row_attachment (button);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_build_filename (g_get_user_cache_dir (), "kabinet", "opened",
                                              kb_attachment_get_id (file) != NULL
                                                ? kb_attachment_get_id (file) : "local", NULL);
  g_autofree char *path = g_build_filename (folder, kb_attachment_get_name (file), NULL);
  g_autoptr(GFile) copy = g_file_new_for_path (path);
  g_autofree char *uri = g_file_get_uri (copy);
  GtkRoot *root = gtk_widget_get_root (button);

  bytes = kb_feedback_load_attachment_finish (KB_FEEDBACK (source), result, &error);
  if (bytes == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (button, error->message);
      return;
    }
  if (g_mkdir_with_parents (folder, 0700) != 0 ||
      !g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error))
    {
      show_toast (button, _("The file could not be opened."));
      return;
    }
  /* GtkFileLauncher is newer than the GTK 4.8 floor; gtk_show_uri hands
   * the file to the system's application for its type there. */
#if GTK_CHECK_VERSION (4, 10, 0)
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  {
    g_autoptr(GtkFileLauncher) launcher = gtk_file_launcher_new (copy);

    gtk_file_launcher_launch (launcher, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, NULL,
                              NULL, NULL);
  }
  G_GNUC_END_IGNORE_DEPRECATIONS
#else
  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
#endif
  g_object_set_data_full (G_OBJECT (button), "kb-opened-uri", g_strdup (uri), g_free);
}

static void
on_open_clicked (GtkButton *button, KbAttachmentList *self)
{
  if (self->feedback == NULL)
    return;
  kb_feedback_load_attachment_async (self->feedback, row_attachment (GTK_WIDGET (button)),
                                     self->cancellable, on_opened_bytes, g_object_ref (button));
}

static void
on_saved (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GtkWidget) button = user_data;
  g_autoptr(GError) error = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    show_toast (button, _("The file was saved"));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_toast (button, error->message);
}

static void
on_save_bytes (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  GFile *file;

  bytes = kb_feedback_load_attachment_finish (KB_FEEDBACK (source), result, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* Read from the task before it is handed on: argument order is unspecified. */
  file = g_task_get_task_data (task);
  kb_save_bytes (file, bytes, g_steal_pointer (&task));
}

static void
save_to (gpointer owner, GFile *file)
{
  GtkWidget *button = owner;
  KbAttachmentList *self = KB_ATTACHMENT_LIST (gtk_widget_get_ancestor (button,
                                                                        KB_TYPE_ATTACHMENT_LIST));
  GTask *task;

  if (self == NULL || self->feedback == NULL)
    return;
  task = g_task_new (self, self->cancellable, on_saved, g_object_ref (button));
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  kb_feedback_load_attachment_async (self->feedback, row_attachment (button), self->cancellable,
                                     on_save_bytes, task);
}

static void
on_save_clicked (GtkButton *button, KbAttachmentList *self)
{
  KbAttachment *file = row_attachment (GTK_WIDGET (button));
  const char *name = kb_attachment_get_name (file);
  const char *dot = strrchr (name, '.');
  g_autofree char *pattern = g_strconcat ("*", dot != NULL ? dot : "", NULL);
  GtkFileChooserNative *chooser;

  chooser = kb_save_chooser_new (GTK_WIDGET (self), _("Save Attachment"), _("_Save"), name,
                                 _("Files of this type"), kb_attachment_get_content_type (file),
                                 pattern);
  kb_save_chooser_show (chooser, button, save_to);
}

static void
on_remove_clicked (GtkButton *button, KbAttachmentList *self)
{
  g_signal_emit (self, signals[REMOVE], 0, row_attachment (GTK_WIDGET (button)));
}

/* @label: (transfer full): the button's accessible name */
static GtkWidget *
make_button (KbAttachment *file, const char *icon, const char *tooltip, char *label,
             GCallback callback, KbAttachmentList *self)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_free (label);
  g_object_set_data_full (G_OBJECT (button), "kb-attachment", g_object_ref (file), g_object_unref);
  g_signal_connect_object (button, "clicked", callback, self, 0);
  return button;
}

static GtkWidget *
make_row (KbAttachmentList *self, KbAttachment *file)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  const char *file_name = kb_attachment_get_name (file);
  GtkWidget *name = gtk_label_new (file_name);
  g_autofree char *size_text = g_format_size ((guint64) kb_attachment_get_size (file));
  GtkWidget *size = gtk_label_new (size_text);

  gtk_widget_add_css_class (row, "attachment-row");
  g_object_set_data_full (G_OBJECT (row), "kb-attachment", g_object_ref (file), g_object_unref);
  gtk_box_append (GTK_BOX (row), make_preview (self, file));

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_xalign (GTK_LABEL (size), 0);
  gtk_widget_add_css_class (size, "dim-label");
  gtk_widget_add_css_class (size, "caption");
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_widget_set_valign (labels, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (labels), name);
  gtk_box_append (GTK_BOX (labels), size);
  gtk_box_append (GTK_BOX (row), labels);

  if (self->removable)
    /* TRANSLATORS: the accessible name of a button; %s is a file's name */
    gtk_box_append (GTK_BOX (row), make_button (file, "edit-delete-symbolic", _("Remove"),
                                                g_strdup_printf (_("Remove %s"), file_name),
                                                G_CALLBACK (on_remove_clicked), self));
  else
    {
      /* TRANSLATORS: the accessible name of a button; %s is a file's name */
      gtk_box_append (GTK_BOX (row), make_button (file, "document-open-symbolic", _("Open"),
                                                  g_strdup_printf (_("Open %s"), file_name),
                                                  G_CALLBACK (on_open_clicked), self));
      /* TRANSLATORS: the accessible name of a button; %s is a file's name */
      gtk_box_append (GTK_BOX (row), make_button (file, "document-save-symbolic",
                                                  _("Save to Downloads"),
                                                  g_strdup_printf (_("Save %s"), file_name),
                                                  G_CALLBACK (on_save_clicked), self));
    }
  return row;
}

void
kb_attachment_list_set_files (KbAttachmentList *self, GPtrArray *files)
{
  GtkWidget *child;

  g_return_if_fail (KB_IS_ATTACHMENT_LIST (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->box))) != NULL)
    gtk_box_remove (self->box, child);
  for (guint i = 0; files != NULL && i < files->len; i++)
    gtk_box_append (self->box, make_row (self, files->pdata[i]));
  gtk_widget_set_visible (GTK_WIDGET (self), files != NULL && files->len > 0);
}

static void
kb_attachment_list_dispose (GObject *object)
{
  KbAttachmentList *self = KB_ATTACHMENT_LIST (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->feedback);
  /* The template's one widget is the bin's child, which AdwBin unparents
   * itself: gtk_widget_dispose_template() would do it a second time. */

  G_OBJECT_CLASS (kb_attachment_list_parent_class)->dispose (object);
}

static void
kb_attachment_list_class_init (KbAttachmentListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kb_attachment_list_dispose;

  signals[REMOVE] = g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 1, KB_TYPE_ATTACHMENT);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/sections/feedback/kb-attachment-list.ui");
  gtk_widget_class_bind_template_child (widget_class, KbAttachmentList, box);
}

static void
kb_attachment_list_init (KbAttachmentList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
kb_attachment_list_new (KbFeedback *feedback, gboolean removable)
{
  KbAttachmentList *self = g_object_new (KB_TYPE_ATTACHMENT_LIST, NULL);

  self->feedback = feedback != NULL ? g_object_ref (feedback) : NULL;
  self->removable = removable;
  return GTK_WIDGET (self);
}
