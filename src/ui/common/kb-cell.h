/* kb-cell.h — column-view columns and cells, made the same way in every section. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/**
 * KbCellFlags:
 * @KB_CELL_EXPAND: the column takes the width that is left over
 * @KB_CELL_FIXED: the user cannot resize the column
 * @KB_CELL_END: the label is aligned to the end (amounts, line numbers)
 * @KB_CELL_ELLIPSIZE: the label keeps to one line and ellipsizes; its
 *   tooltip is its whole text when a column has no bind of its own that sets one
 * @KB_CELL_WRAP: the label wraps long text between words, never inside one
 * @KB_CELL_NUMERIC: the label uses tabular figures
 * @KB_CELL_PILL: the label is a status pill (see kb_cell_set_pill())
 * @KB_CELL_DIM: the label is dimmed
 *
 * The first two describe the column; the others the label that
 * kb_cell_new_label() makes, which is the cell when a column has no setup.
 */
typedef enum
{
  KB_CELL_DEFAULT   = 0,
  KB_CELL_EXPAND    = 1 << 0,
  KB_CELL_FIXED     = 1 << 1,
  KB_CELL_END       = 1 << 2,
  KB_CELL_ELLIPSIZE = 1 << 3,
  KB_CELL_WRAP      = 1 << 4,
  KB_CELL_NUMERIC   = 1 << 5,
  KB_CELL_PILL      = 1 << 6,
  KB_CELL_DIM       = 1 << 7,
} KbCellFlags;

/* Makes the widget of one cell; @column and @user_data are the column's. */
typedef GtkWidget *(*KbCellSetupFunc) (int      column,
                                       gpointer user_data);

/* The text a cell shows for @item (a row of the model); a new string or NULL. */
typedef char *(*KbCellTextFunc) (gpointer item,
                                 int      column,
                                 gpointer user_data);

/* The colour of a %KB_CELL_PILL label for @item: "success", "warning",
 * "error", or NULL for neutral (see kb_cell_set_pill()). */
typedef const char *(*KbCellStyleFunc) (gpointer item,
                                        int      column,
                                        gpointer user_data);

/* Shows @item in @cell (styles, tooltips, widgets other than a label), or,
 * as an unbind function, lets go of it. */
typedef void (*KbCellBindFunc) (GtkWidget *cell,
                                gpointer   item,
                                int        column,
                                gpointer   user_data);

/**
 * KbCellColumn:
 * @title: the header; "" for none
 * @column: the page's own number for the column, handed to every function,
 *   so that one function can serve several columns
 * @flags: #KbCellFlags
 * @compare: (nullable): sorts the rows when the user clicks the header
 * @setup: (nullable): makes the cell; kb_cell_new_label (@flags) when NULL
 * @text: (nullable): the text of the cell; it goes into the label (when the
 *   cell is one) and becomes the cell's accessible name
 * @style: (nullable): the colour of the cell's status pill, after @text
 * @bind: (nullable): runs after @text, for what a text does not say
 * @unbind: (nullable): runs when the cell lets go of its row
 * @follow: (nullable): a notify signal of the row ("notify", "notify::item")
 *   after which @text and @bind run again, for rows that change in place
 * @user_data: handed to every function
 *
 * One column of a #GtkColumnView, for kb_cell_add_column(). Fill it with
 * designated initialisers; what is left out is off.
 */
typedef struct
{
  const char       *title;
  int               column;
  KbCellFlags       flags;
  GCompareDataFunc  compare;
  KbCellSetupFunc   setup;
  KbCellTextFunc    text;
  KbCellStyleFunc   style;
  KbCellBindFunc    bind;
  KbCellBindFunc    unbind;
  const char       *follow;
  gpointer          user_data;
} KbCellColumn;

GtkColumnViewColumn *kb_cell_add_column          (GtkColumnView      *view,
                                                  const KbCellColumn *column);
GtkWidget           *kb_cell_new_label           (KbCellFlags         flags);
/* GTK 4.8 moves a column when a cell changes its width, but only the rows
 * whose cells changed follow: this lays out every row again. */
void                 kb_cell_relayout_rows       (GtkColumnView      *view);
void                 kb_cell_set_rows_to_open    (GtkColumnView      *view,
                                                  GListModel         *model);
void                 kb_cell_set_pill            (GtkWidget          *label,
                                                  const char         *text,
                                                  const char         *style);
void                 kb_cell_set_accessible_text (GtkWidget          *cell,
                                                  const char         *text);

G_END_DECLS
