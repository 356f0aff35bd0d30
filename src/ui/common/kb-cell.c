/* kb-cell.c — column-view columns and cells, made the same way in every section. */
#include "config.h"

#include "kb-cell.h"

#include "kb-label-bin.h"
#include "kb-list-slot.h"
#include "kb-tooltip.h"

/* What the list items of a column need again after setup: the column's
 * description, kept by its factory. */
#define COLUMN_KEY "kb-cell-column"
#define FOLLOW_KEY "kb-cell-follow"
#define NAME_KEY "kb-cell-name"
/* The accessible label last given to a cell or a row. */
#define LABEL_KEY "kb-cell-label"

static void name_parent (GtkWidget *cell);

/* The list item's child: @cell, or the KbLabelBin that holds it when it
 * wraps (see on_factory_setup()). */
static GtkWidget *
item_child (GtkWidget *cell)
{
  GtkWidget *parent = gtk_widget_get_parent (cell);

  return parent != NULL && KB_IS_LABEL_BIN (parent) ? parent : cell;
}

/* Hides the row of a spare slot (past the end of a list just cut short,
 * see KbSlotListModel), which then takes no room, and shows it again once
 * it has an item; whether the row shows one. The cell is hidden too: GTK
 * 4.8 makes a column as wide as its widest cell, hidden row or not. */
static gboolean
show_row (GtkWidget *cell, gpointer item)
{
  gboolean spare = KB_IS_LIST_SLOT (item) && kb_list_slot_get_item (item) == NULL;
  GtkWidget *parent, *row;

  cell = item_child (cell);
  parent = gtk_widget_get_parent (cell);
  row = parent != NULL ? gtk_widget_get_parent (parent) : NULL;
  if (gtk_widget_get_visible (cell) == spare)
    gtk_widget_set_visible (cell, !spare);
  if (row != NULL && gtk_widget_get_visible (row) == spare)
    gtk_widget_set_visible (row, !spare);
  return !spare;
}

/* What the column's functions get as the cell: the list item's child, or
 * the label in it (see item_child()). */
static GtkWidget *
item_cell (GtkListItem *list_item)
{
  GtkWidget *child = gtk_list_item_get_child (list_item);

  return KB_IS_LABEL_BIN (child) ? kb_label_bin_get_child (KB_LABEL_BIN (child)) : child;
}

static void
show_item (GtkListItem *list_item)
{
  const KbCellColumn *column = g_object_get_data (G_OBJECT (list_item), COLUMN_KEY);
  GtkWidget *cell = item_cell (list_item);
  gpointer item = gtk_list_item_get_item (list_item);

  if (!show_row (cell, item))
    return;

  if (column->text != NULL)
    {
      g_autofree char *text = column->text (item, column->column, column->user_data);

      if (GTK_IS_LABEL (cell))
        {
          gtk_label_set_text (GTK_LABEL (cell), text != NULL ? text : "");
          /* A narrow column cuts an ellipsizing label short: the tooltip
           * keeps the whole value within reach. */
          if (gtk_label_get_ellipsize (GTK_LABEL (cell)) != PANGO_ELLIPSIZE_NONE)
            kb_tooltip_set (cell, text);
        }
      kb_cell_set_accessible_text (cell, text);
    }
  if (column->style != NULL)
    kb_cell_set_pill (cell, NULL, column->style (item, column->column, column->user_data));
  if (column->bind != NULL)
    column->bind (cell, item, column->column, column->user_data);
  if (column->text == NULL)
    name_parent (cell);
}

static void
on_item_notify (GObject *item, GParamSpec *pspec, GtkListItem *list_item)
{
  show_item (list_item);
}

static void
collect_text (GtkWidget *widget, GString *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget) &&
      *gtk_label_get_text (GTK_LABEL (widget)) != '\0')
    {
      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, gtk_label_get_text (GTK_LABEL (widget)));
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_text (child, text);
}

/* Gives @accessible the label @text unless it has it already: with an
 * accessibility bus, each change is a message on it. */
static void
set_label (GtkWidget *accessible, const char *text)
{
  if (g_strcmp0 (g_object_get_data (G_OBJECT (accessible), LABEL_KEY), text) == 0)
    return;
  g_object_set_data_full (G_OBJECT (accessible), LABEL_KEY, g_strdup (text), g_free);
  gtk_accessible_update_property (GTK_ACCESSIBLE (accessible), GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                  -1);
}

/* The cells (list items' children) whose names wait for name_pending(),
 * each held, and the idle that runs it. */
static GHashTable *pending;
static guint pending_source;

/* GTK 4.8 names a column-view cell after its type ("GtkColumnViewCell"):
 * the cell around each waiting cell (a list item's child) gets the text
 * given with kb_cell_set_accessible_text() or, without one, the text of
 * the labels inside it. The row, which takes the focus, reads as the labels
 * of all its cells. */
static gboolean
name_pending (gpointer user_data)
{
  g_autoptr(GHashTable) cells = g_steal_pointer (&pending);
  g_autoptr(GHashTable) rows = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer cell, row;

  pending_source = 0;
  g_hash_table_iter_init (&iter, cells);
  while (g_hash_table_iter_next (&iter, &cell, NULL))
    {
      GtkWidget *parent = gtk_widget_get_parent (item_child (cell));
      const char *text = g_object_get_data (G_OBJECT (cell), NAME_KEY);

      if (parent == NULL)
        continue;
      if (text != NULL)
        set_label (parent, text);
      else
        {
          g_autoptr(GString) labels = g_string_new (NULL);

          collect_text (cell, labels);
          set_label (parent, labels->str);
        }
      if (gtk_widget_get_parent (parent) != NULL)
        g_hash_table_add (rows, gtk_widget_get_parent (parent));
    }
  g_hash_table_iter_init (&iter, rows);
  while (g_hash_table_iter_next (&iter, &row, NULL))
    {
      g_autoptr(GString) row_text = g_string_new (NULL);

      collect_text (row, row_text);
      set_label (row, row_text->str);
    }
  return G_SOURCE_REMOVE;
}

/* Names @cell's cell and row once the frame that shows them is painted: a
 * row's cells are bound one by one, and the row's name, made of all of
 * theirs, is set once rather than once per cell; none of it holds up the
 * frame. GTK puts @cell into its cell only after the factory's setup, and
 * sometimes after its first bind: the name waits for that too. */
static void
name_parent (GtkWidget *cell)
{
  if (pending == NULL)
    pending = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  if (!g_hash_table_contains (pending, cell))
    g_hash_table_add (pending, g_object_ref (cell));
  /* After the frame clock's painting (GDK_PRIORITY_REDRAW), which a bind
   * in a keystroke's handler is about to ask for. */
  if (pending_source == 0)
    pending_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, name_pending, NULL, NULL);
}

static void
on_factory_setup (GtkSignalListItemFactory *factory, GtkListItem *list_item, KbCellColumn *column)
{
  GtkWidget *cell = column->setup != NULL ? column->setup (column->column, column->user_data)
                                          : kb_cell_new_label (column->flags);
  /* GTK 4.8 asks a cell's child for its width at its height on each
   * allocation, which a wrapping label searches for (see kb-label-bin.c). */
  GtkWidget *child = GTK_IS_LABEL (cell) && gtk_label_get_wrap (GTK_LABEL (cell)) ? kb_label_bin_new (cell)
                                                                                 : cell;

  g_object_set_data (G_OBJECT (list_item), COLUMN_KEY, column);
  g_signal_connect_swapped (child, "notify::parent", G_CALLBACK (name_parent), cell);
  gtk_list_item_set_child (list_item, child);
}

static void
on_factory_bind (GtkSignalListItemFactory *factory, GtkListItem *list_item, KbCellColumn *column)
{
  show_item (list_item);
  if (column->follow != NULL)
    {
      gulong handler = g_signal_connect (gtk_list_item_get_item (list_item), column->follow,
                                         G_CALLBACK (on_item_notify), list_item);

      g_object_set_data (G_OBJECT (list_item), FOLLOW_KEY, GSIZE_TO_POINTER (handler));
    }
}

static void
on_factory_unbind (GtkSignalListItemFactory *factory, GtkListItem *list_item, KbCellColumn *column)
{
  gpointer item = gtk_list_item_get_item (list_item);
  gulong handler = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (list_item), FOLLOW_KEY));

  if (handler != 0 && item != NULL)
    g_signal_handler_disconnect (item, handler);
  g_object_set_data (G_OBJECT (list_item), FOLLOW_KEY, NULL);
  if (column->unbind != NULL)
    column->unbind (item_cell (list_item), item, column->column, column->user_data);
}

/**
 * kb_cell_add_column:
 * @view: the view to append to
 * @column: what the column is; copied
 *
 * Appends a column whose cells are made by @column's setup (or are labels)
 * and show their row through its text and bind functions.
 *
 * Returns: (transfer none): the column, owned by @view
 */
GtkColumnViewColumn *
kb_cell_add_column (GtkColumnView *view, const KbCellColumn *column)
{
  g_autoptr(GtkColumnViewColumn) view_column = NULL;
  GtkListItemFactory *factory;
  KbCellColumn *copy;

  g_return_val_if_fail (GTK_IS_COLUMN_VIEW (view), NULL);
  g_return_val_if_fail (column != NULL, NULL);

  copy = g_memdup2 (column, sizeof *column);
  copy->title = NULL;  /* The header keeps its own copy. */
  copy->follow = g_intern_string (column->follow);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect_data (factory, "setup", G_CALLBACK (on_factory_setup), copy,
                         (GClosureNotify) (void (*) (void)) g_free, 0);
  g_signal_connect (factory, "bind", G_CALLBACK (on_factory_bind), copy);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_factory_unbind), copy);

  view_column = gtk_column_view_column_new (column->title, factory);
  gtk_column_view_column_set_expand (view_column, (column->flags & KB_CELL_EXPAND) != 0);
  gtk_column_view_column_set_resizable (view_column, (column->flags & KB_CELL_FIXED) == 0);
  if (column->compare != NULL)
    {
      g_autoptr(GtkCustomSorter) sorter = gtk_custom_sorter_new (column->compare, column->user_data,
                                                                  NULL);

      gtk_column_view_column_set_sorter (view_column, GTK_SORTER (sorter));
    }
  gtk_column_view_append_column (view, view_column);
  return view_column;
}

/**
 * kb_cell_new_label:
 * @flags: how the label looks; the column flags are ignored
 *
 * Returns: (transfer floating): a label for a cell, aligned to the start
 *   unless @flags say otherwise
 */
GtkWidget *
kb_cell_new_label (KbCellFlags flags)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), (flags & KB_CELL_END) != 0 ? 1.0 : 0.0);
  if ((flags & KB_CELL_ELLIPSIZE) != 0)
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
    }
  /* Between words only: the longest word is the column's narrowest, so
   * that a narrow window scrolls the table rather than breaking a number. */
  if ((flags & KB_CELL_WRAP) != 0)
    gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  if ((flags & KB_CELL_NUMERIC) != 0)
    gtk_widget_add_css_class (label, "numeric");
  if ((flags & KB_CELL_DIM) != 0)
    gtk_widget_add_css_class (label, "dim-label");
  /* A pill is as wide as its text, not as its column. */
  if ((flags & KB_CELL_PILL) != 0)
    {
      gtk_widget_set_halign (label, GTK_ALIGN_START);
      gtk_widget_add_css_class (label, "status-pill");
    }
  return label;
}

/**
 * kb_cell_set_pill:
 * @label: a label made with %KB_CELL_PILL
 * @text: (nullable): what it says; NULL leaves the text as it is
 * @style: (nullable): "success", "warning", "error", or NULL for neutral
 *
 * Colours a status pill. Classes are only touched when they change, as a
 * class change restyles the cell.
 */
void
kb_cell_set_pill (GtkWidget *label, const char *text, const char *style)
{
  static const char * const styles[] = { "success", "warning", "error" };

  g_return_if_fail (GTK_IS_LABEL (label));

  if (text != NULL)
    gtk_label_set_text (GTK_LABEL (label), text);
  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    if (g_strcmp0 (style, styles[i]) != 0)
      gtk_widget_remove_css_class (label, styles[i]);
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
}

/* GTK 4.8 names a column-view cell after nothing: gives the cell around
 * @cell (a list item's child) its text, so that a screen reader reads the
 * value, not "table cell". Call from the factory's bind; the name follows
 * once the frame is painted (see name_parent()). */
void
kb_cell_set_accessible_text (GtkWidget *cell, const char *text)
{
  g_return_if_fail (GTK_IS_WIDGET (cell));

  g_object_set_data_full (G_OBJECT (cell), NAME_KEY, g_strdup (text != NULL ? text : ""), g_free);
  name_parent (cell);
}

void
kb_cell_relayout_rows (GtkColumnView *view)
{
  g_return_if_fail (GTK_IS_COLUMN_VIEW (view));

  /* The column view's children are its header and its list view, whose
   * children are the rows. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      for (GtkWidget *row = gtk_widget_get_first_child (child);
           row != NULL;
           row = gtk_widget_get_next_sibling (row))
        gtk_widget_queue_resize (row);
}

/**
 * kb_cell_set_rows_to_open:
 * @model: the rows, each of which opens when activated (a history's entries)
 *
 * Shows @model in @view with a selection that follows the keyboard but
 * starts with none (so that no row looks opened before one is) and can be
 * undone.
 */
void
kb_cell_set_rows_to_open (GtkColumnView *view, GListModel *model)
{
  g_autoptr(GtkSingleSelection) selection = NULL;

  g_return_if_fail (GTK_IS_COLUMN_VIEW (view));
  g_return_if_fail (G_IS_LIST_MODEL (model));

  selection = gtk_single_selection_new (g_object_ref (model));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_column_view_set_model (view, GTK_SELECTION_MODEL (selection));
}
