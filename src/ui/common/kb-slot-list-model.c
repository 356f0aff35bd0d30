/* kb-slot-list-model.c — a list model whose rows stay put while their items change.
 *
 * It is a little over the ~600 lines a UI file keeps to: the slots, the
 * rows on screen brought up to date first, and the growth of a long list
 * a frame at a time (kb_slot_list_model_set_view()) all read and change
 * the same count of rows the view was told, and split apart they would
 * each need the others' state.
 */
#include "config.h"

#include "kb-slot-list-model.h"

#include "kb-cell.h"

struct _KbSlotListModel
{
  GObject parent_instance;

  GListModel *model;
  guint n_items;        /* as the view was told: the model's, and spares past its end; fewer while it grows */
  guint n_real;         /* the model's, as of its last change */
  GHashTable *slots;    /* position → KbListSlot, weak: those someone holds */

  gboolean follow_items;        /* see kb_slot_list_model_set_follow_items() */
  gboolean frozen;              /* see kb_slot_list_model_set_frozen() */
  GtkAdjustment *vadjustment;   /* of the view, to tell the rows on screen */
  GHashTable *stale;    /* positions whose slots show their old items */
  guint refresh_source;
  guint caught_up_source;

  GtkWidget *view;              /* weak; see kb_slot_list_model_set_view() */
  GdkFrameClock *growth_clock;  /* while n_items grows to n_real, a frame at a time */
  gulong growth_paint_id;
  guint growth_timeout;
  guint screenful;              /* see kb_slot_list_model_set_screenful() */
};

enum {
  SIGNAL_CAUGHT_UP,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Stale slots brought up to date per idle run, once the list is quiet. */
#define SLOTS_PER_IDLE 24
/* Rows above and below the screen brought up to date at once. */
#define SCREEN_MARGIN 4
/* How long the list must go without a change before the slots off screen
 * catch up: longer than the pause between two keystrokes of a typed word. */
#define CATCH_UP_DELAY_MS 300
/* GTK 4.8's list views make a row, with its cells, for each of the first
 * 200 or so items of their model, shown or not, and lay every one of them
 * out in the next frame: a list that grew from nothing (or from a search's
 * few rows) to thousands at once held the main loop for 130 ms. In a shown
 * window the view is told GROWTH_ROWS more a frame, until it has as many as
 * it makes rows for (GROWTH_END); then the rest at once. GTK 4.12's views
 * make rows only for what they show.
 * The first step shows a screenful (kb_slot_list_model_set_screenful()),
 * the others eight rows each: a row with wrapped cells costs about a
 * millisecond to make and lay out, and the rows below the screen need not
 * come in bigger steps. Against 24 rows a step (eight alternating runs of
 * bench-subscribers each), the longest frame of the first sync went from
 * a median of 50 ms to 39, and the whole cached list from 141 to 128. */
#define GROWTH_ROWS 8
#define GROWTH_END 200
/* A window that paints no frame (minimised) gets the rest at once. */
#define GROWTH_WAIT_MS 250

static void kb_slot_list_model_list_model_init (GListModelInterface *iface);
static gboolean get_screen (KbSlotListModel *self, guint n_items, guint *first, guint *last);

G_DEFINE_FINAL_TYPE_WITH_CODE (KbSlotListModel, kb_slot_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, kb_slot_list_model_list_model_init))

static void
on_slot_finalized (gpointer data, GObject *where_the_slot_was)
{
  KbSlotListModel *self = data;
  GHashTableIter iter;
  gpointer slot;

  g_hash_table_iter_init (&iter, self->slots);
  while (g_hash_table_iter_next (&iter, NULL, &slot))
    if (slot == (gpointer) where_the_slot_was)
      {
        g_hash_table_iter_remove (&iter);
        return;
      }
}

/* ---- GListModel -------------------------------------------------------- */

static GType
get_item_type (GListModel *model)
{
  return KB_TYPE_LIST_SLOT;
}

static guint
get_n_items (GListModel *model)
{
  return KB_SLOT_LIST_MODEL (model)->n_items;
}

static gpointer
get_item (GListModel *model, guint position)
{
  KbSlotListModel *self = KB_SLOT_LIST_MODEL (model);
  g_autoptr(GObject) item = NULL;
  KbListSlot *slot;

  if (position >= self->n_items)
    return NULL;
  /* Past the model's end, the position is a spare's. */
  item = g_list_model_get_item (self->model, position);
  slot = g_hash_table_lookup (self->slots, GUINT_TO_POINTER (position));
  g_hash_table_remove (self->stale, GUINT_TO_POINTER (position));
  if (slot != NULL)
    {
      _kb_list_slot_set_item (slot, item);
      return g_object_ref (slot);
    }
  slot = item != NULL ? _kb_list_slot_new (position, item) : _kb_list_slot_new_spare (position);
  if (self->follow_items)
    _kb_list_slot_follow_item (slot);
  g_object_weak_ref (G_OBJECT (slot), on_slot_finalized, self);
  g_hash_table_insert (self->slots, GUINT_TO_POINTER (position), slot);
  return slot;
}

static void
kb_slot_list_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

/* ---- Changes ----------------------------------------------------------- */

static void
refresh_slot (KbSlotListModel *self, guint at, KbListSlot *slot)
{
  g_autoptr(GObject) item = g_list_model_get_item (self->model, at);

  /* Frozen, the model may have fewer items than the slots; thawing brings
   * every slot up to date again. */
  if (item != NULL)
    _kb_list_slot_set_item (slot, item);
}

static gboolean
emit_caught_up (gpointer user_data)
{
  KbSlotListModel *self = user_data;

  self->caught_up_source = 0;
  g_signal_emit (self, signals[SIGNAL_CAUGHT_UP], 0);
  return G_SOURCE_REMOVE;
}

/* From an idle: a scroll may bring the slots up to date in the middle of
 * the view's size allocation, where a view that lays out its rows again
 * from "caught-up" would not be heard. */
static void
announce_caught_up (KbSlotListModel *self)
{
  if (self->caught_up_source == 0)
    self->caught_up_source = g_idle_add (emit_caught_up, self);
}

/* Brings every stale slot up to date: the view is about to show other rows. */
static void
refresh_all (KbSlotListModel *self)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->stale);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint at = GPOINTER_TO_UINT (key);
      KbListSlot *slot = g_hash_table_lookup (self->slots, key);

      g_hash_table_iter_remove (&iter);
      if (slot != NULL && at < self->n_real)
        refresh_slot (self, at, slot);
    }
  if (self->refresh_source != 0)
    {
      g_clear_handle_id (&self->refresh_source, g_source_remove);
      announce_caught_up (self);
    }
}

/* Brings the stale slots on screen (and a few around them) up to date;
 * whether there were any. */
static gboolean
refresh_screen (KbSlotListModel *self)
{
  guint first, last;
  gboolean any = FALSE;
  GHashTableIter iter;
  gpointer key;

  if (!get_screen (self, MIN (self->n_items, self->n_real), &first, &last))
    return FALSE;
  g_hash_table_iter_init (&iter, self->stale);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint at = GPOINTER_TO_UINT (key);
      KbListSlot *slot;

      if (at < first || at > last)
        continue;
      g_hash_table_iter_remove (&iter);
      slot = g_hash_table_lookup (self->slots, key);
      if (slot != NULL && at < self->n_real)
        {
          refresh_slot (self, at, slot);
          any = TRUE;
        }
    }
  return any;
}

static gboolean
refresh_some (gpointer user_data)
{
  KbSlotListModel *self = user_data;
  GHashTableIter iter;
  gpointer key;
  guint done = 0;

  g_hash_table_iter_init (&iter, self->stale);
  while (done < SLOTS_PER_IDLE && g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint at = GPOINTER_TO_UINT (key);
      KbListSlot *slot = g_hash_table_lookup (self->slots, key);

      g_hash_table_iter_remove (&iter);
      if (slot != NULL && at < self->n_real)
        {
          refresh_slot (self, at, slot);
          done++;
        }
    }
  if (g_hash_table_size (self->stale) > 0)
    return G_SOURCE_CONTINUE;
  self->refresh_source = 0;
  announce_caught_up (self);
  return G_SOURCE_REMOVE;
}

/* Tells the view that the spares are gone: it destroys their rows now. */
static void
drop_spares (KbSlotListModel *self)
{
  guint n_spares;

  if (self->n_items <= self->n_real)
    return;
  n_spares = self->n_items - self->n_real;
  self->n_items = self->n_real;
  g_list_model_items_changed (G_LIST_MODEL (self), self->n_real, n_spares, 0);
}

static gboolean
start_catching_up (gpointer user_data)
{
  KbSlotListModel *self = user_data;

  self->refresh_source = 0;
  drop_spares (self);
  if (g_hash_table_size (self->stale) > 0)
    self->refresh_source = g_idle_add (refresh_some, self);
  return G_SOURCE_REMOVE;
}

/* The slots off screen catch up once the list has been quiet for a moment,
 * a few at a time: while a word is being typed, each keystroke would undo
 * what they did for the one before, and the rows they change would be laid
 * out again in the frame that shows the next keystroke. */
static void
catch_up_later (KbSlotListModel *self)
{
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (g_hash_table_size (self->stale) > 0 || self->n_items > self->n_real)
    self->refresh_source = g_timeout_add (CATCH_UP_DELAY_MS, start_catching_up, self);
}

/* A scroll shows other rows: those that come on screen catch up at once. */
static void
on_vadjustment_value_changed (KbSlotListModel *self)
{
  if (refresh_screen (self))
    announce_caught_up (self);
}

/* The positions on screen (and a few around them) before a change of the
 * list from @n_items rows, from the view's scroll position; FALSE when the
 * model does not know the view. */
static gboolean
get_screen (KbSlotListModel *self, guint n_items, guint *first, guint *last)
{
  double upper, row;

  if (self->vadjustment == NULL || n_items == 0)
    return FALSE;
  upper = gtk_adjustment_get_upper (self->vadjustment);
  if (upper <= 0)
    return FALSE;
  /* The rows are one line each: the list's height over its rows is one. */
  row = upper / n_items;
  *first = (guint) MAX (0.0, gtk_adjustment_get_value (self->vadjustment) / row - SCREEN_MARGIN);
  *last = (guint) ((gtk_adjustment_get_value (self->vadjustment) +
                    gtk_adjustment_get_page_size (self->vadjustment)) / row) + SCREEN_MARGIN;
  return TRUE;
}

static void
stop_growing (KbSlotListModel *self)
{
  /* A window that went took its frame clock's handlers with it. */
  if (self->growth_paint_id != 0 && g_signal_handler_is_connected (self->growth_clock, self->growth_paint_id))
    g_signal_handler_disconnect (self->growth_clock, self->growth_paint_id);
  self->growth_paint_id = 0;
  g_clear_object (&self->growth_clock);
  g_clear_handle_id (&self->growth_timeout, g_source_remove);
}

/* Tells the view of more rows at the end: GROWTH_ROWS, or all once it has
 * all it makes rows for. A list that grows has no spares (see
 * on_items_changed()), so all is the model's. */
static void
grow (KbSlotListModel *self, gboolean at_once)
{
  guint old_n = self->n_items;
  guint n_items = old_n + GROWTH_ROWS;

  /* Thawed, the list is told again from the start (on_items_changed()). */
  if (self->frozen)
    {
      stop_growing (self);
      return;
    }
  if (at_once || n_items >= GROWTH_END || n_items >= self->n_real)
    {
      stop_growing (self);
      n_items = self->n_real;
    }
  if (n_items <= old_n)
    return;
  self->n_items = n_items;
  g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, n_items - old_n);
}

static gboolean
on_growth_timeout (gpointer user_data)
{
  KbSlotListModel *self = user_data;

  self->growth_timeout = 0;
  grow (self, TRUE);
  return G_SOURCE_REMOVE;
}

/* The next step waits for the next frame, which it asks for: a view that
 * shows nothing new (its window covered) would not. */
static void
wait_for_frame (KbSlotListModel *self)
{
  g_clear_handle_id (&self->growth_timeout, g_source_remove);
  self->growth_timeout = g_timeout_add (GROWTH_WAIT_MS, on_growth_timeout, self);
  gdk_frame_clock_request_phase (self->growth_clock, GDK_FRAME_CLOCK_PHASE_AFTER_PAINT);
}

static void
on_growth_paint (GdkFrameClock *clock, KbSlotListModel *self)
{
  grow (self, FALSE);
  if (self->growth_clock != NULL)
    wait_for_frame (self);
}

/* How many rows of @n_shown, from @old_n, the view is told now: a
 * screenful at least; the rest follow a frame at a time. */
static guint
start_growing (KbSlotListModel *self, guint old_n, guint n_shown)
{
  guint first_step = MAX (old_n + GROWTH_ROWS, self->screenful);
  GtkRoot *root;

  stop_growing (self);
  if (n_shown <= first_step || old_n >= GROWTH_END || self->view == NULL ||
      gtk_get_minor_version () >= 12)
    return n_shown;
  root = gtk_widget_get_root (self->view);
  if (root == NULL || !gtk_widget_get_mapped (GTK_WIDGET (root)))
    return n_shown;
  self->growth_clock = g_object_ref (gtk_widget_get_frame_clock (GTK_WIDGET (root)));
  self->growth_paint_id = g_signal_connect (self->growth_clock, "after-paint",
                                            G_CALLBACK (on_growth_paint), self);
  wait_for_frame (self);
  return first_step;
}

static void
on_items_changed (KbSlotListModel *self, guint position, guint removed, guint added)
{
  guint old_n = self->n_items;
  guint old_real = self->n_real;
  guint new_n = g_list_model_get_n_items (self->model);
  guint first = 0, last = G_MAXUINT, n_shown = new_n;
  gboolean split = get_screen (self, old_n, &first, &last);
  GHashTableIter iter;
  gpointer key, slot;

  if (self->frozen)
    return;

  /* Cut short, a list with a view keeps the rows that GTK 4.8 would destroy
   * (some 200, a few screens' worth, each with its cells) as spares, hidden
   * and taking no room, until the list is quiet: destroying them took 30 ms
   * of the keystroke that narrowed a search to a dozen rows. Only the held
   * ones right after the new end: the rest of the end goes at once. */
  if (split)
    while (n_shown < old_n && g_hash_table_contains (self->slots, GUINT_TO_POINTER (n_shown)))
      n_shown++;

  n_shown = start_growing (self, old_n, n_shown);

  /* The rows that stay show their new items; those past the new end are
   * spares or about to be dropped by whoever holds them. GTK holds some 200
   * rows: those on screen take their new items now, the others when they
   * come on screen or once the list is quiet, so that the frame showing a
   * search's result lays out only the rows anyone sees. A spare's row takes
   * no room, so one that the list grows back into takes its item at once. */
  self->n_items = n_shown;
  self->n_real = new_n;
  g_hash_table_iter_init (&iter, self->slots);
  while (g_hash_table_iter_next (&iter, &key, &slot))
    {
      guint at = GPOINTER_TO_UINT (key);

      if ((at < position && at < old_real) || at >= n_shown)
        continue;
      if (at >= new_n)
        {
          g_hash_table_remove (self->stale, key);
          _kb_list_slot_set_item (slot, NULL);
        }
      else if (!split || (at >= first && at <= last) || kb_list_slot_get_item (slot) == NULL)
        {
          g_hash_table_remove (self->stale, key);
          refresh_slot (self, at, slot);
        }
      else
        g_hash_table_add (self->stale, key);
    }
  catch_up_later (self);
  /* The rows on screen whose items stayed may have to follow a column
   * that the new items moved. */
  if (split)
    announce_caught_up (self);

  if (n_shown > old_n)
    g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, n_shown - old_n);
  else if (n_shown < old_n)
    g_list_model_items_changed (G_LIST_MODEL (self), n_shown, old_n - n_shown, 0);
}

void
kb_slot_list_model_set_frozen (KbSlotListModel *self, gboolean frozen)
{
  g_return_if_fail (KB_IS_SLOT_LIST_MODEL (self));

  if (self->frozen == frozen)
    return;
  self->frozen = frozen;
  /* What changed meanwhile, as one change from the top. */
  if (!frozen)
    on_items_changed (self, 0, 0, 0);
}

void
kb_slot_list_model_set_screenful (KbSlotListModel *self, guint rows)
{
  g_return_if_fail (KB_IS_SLOT_LIST_MODEL (self));
  self->screenful = rows;
}

void
kb_slot_list_model_set_follow_items (KbSlotListModel *self)
{
  g_return_if_fail (KB_IS_SLOT_LIST_MODEL (self));
  g_return_if_fail (g_hash_table_size (self->slots) == 0);
  self->follow_items = TRUE;
}

void
kb_slot_list_model_set_vadjustment (KbSlotListModel *self, GtkAdjustment *vadjustment)
{
  g_return_if_fail (KB_IS_SLOT_LIST_MODEL (self));
  g_return_if_fail (vadjustment == NULL || GTK_IS_ADJUSTMENT (vadjustment));

  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_data (self->vadjustment, self);
  refresh_all (self);
  g_set_object (&self->vadjustment, vadjustment);
  if (vadjustment != NULL)
    g_signal_connect_object (vadjustment, "value-changed", G_CALLBACK (on_vadjustment_value_changed),
                             self, G_CONNECT_SWAPPED);
}

void
kb_slot_list_model_set_view (KbSlotListModel *self, GtkWidget *view)
{
  g_return_if_fail (KB_IS_SLOT_LIST_MODEL (self));
  g_return_if_fail (view == NULL || GTK_IS_WIDGET (view));

  if (self->view != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->view), (gpointer *) &self->view);
  self->view = view;
  if (view != NULL)
    g_object_add_weak_pointer (G_OBJECT (view), (gpointer *) &self->view);
}

/* The view's adjustment is followed while it has one: it loses it only as
 * it leaves its scrolled window on the way out, when the slots need not
 * catch up any more. */
static void
on_view_vadjustment (KbSlotListModel *self, GParamSpec *pspec, GtkScrollable *view)
{
  GtkAdjustment *vadjustment = gtk_scrollable_get_vadjustment (view);

  if (vadjustment != NULL)
    kb_slot_list_model_set_vadjustment (self, vadjustment);
}

/**
 * kb_slot_list_model_show_in:
 * @self: (transfer full): the slots, which the selection returned owns
 * @view: the column view to show them in
 *
 * Shows @self in @view through a #GtkNoSelection: the slots know the view
 * (kb_slot_list_model_set_view()) and follow its vertical adjustment
 * (kb_slot_list_model_set_vadjustment()), and every row is laid out again
 * when they have caught up, since a change leaves the rows' widths stale
 * until after the frame (kb_cell_relayout_rows()).
 *
 * Returns: (transfer full): the selection model that @view shows
 */
GtkNoSelection *
kb_slot_list_model_show_in (KbSlotListModel *self, GtkColumnView *view)
{
  GtkNoSelection *selection;

  g_return_val_if_fail (KB_IS_SLOT_LIST_MODEL (self), NULL);
  g_return_val_if_fail (GTK_IS_COLUMN_VIEW (view), NULL);

  kb_slot_list_model_set_view (self, GTK_WIDGET (view));
  selection = gtk_no_selection_new (G_LIST_MODEL (self));
  g_signal_connect_object (self, "caught-up", G_CALLBACK (kb_cell_relayout_rows), view,
                           G_CONNECT_SWAPPED);
  gtk_column_view_set_model (view, GTK_SELECTION_MODEL (selection));
  g_signal_connect_object (view, "notify::vadjustment", G_CALLBACK (on_view_vadjustment), self,
                           G_CONNECT_SWAPPED);
  on_view_vadjustment (self, NULL, GTK_SCROLLABLE (view));
  return selection;
}

/* ---- Object ------------------------------------------------------------ */

KbSlotListModel *
kb_slot_list_model_new (GListModel *model)
{
  KbSlotListModel *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);

  self = g_object_new (KB_TYPE_SLOT_LIST_MODEL, NULL);
  self->model = g_object_ref (model);
  self->n_items = self->n_real = g_list_model_get_n_items (model);
  g_signal_connect_object (model, "items-changed", G_CALLBACK (on_items_changed), self, G_CONNECT_SWAPPED);
  return self;
}

GListModel *
kb_slot_list_model_get_model (KbSlotListModel *self)
{
  g_return_val_if_fail (KB_IS_SLOT_LIST_MODEL (self), NULL);
  return self->model;
}

static void
kb_slot_list_model_dispose (GObject *object)
{
  KbSlotListModel *self = KB_SLOT_LIST_MODEL (object);
  GHashTableIter iter;
  gpointer slot;

  g_hash_table_iter_init (&iter, self->slots);
  while (g_hash_table_iter_next (&iter, NULL, &slot))
    g_object_weak_unref (slot, on_slot_finalized, self);
  g_hash_table_remove_all (self->slots);
  g_hash_table_remove_all (self->stale);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_clear_handle_id (&self->caught_up_source, g_source_remove);
  stop_growing (self);
  kb_slot_list_model_set_view (self, NULL);
  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_data (self->vadjustment, self);
  g_clear_object (&self->vadjustment);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (kb_slot_list_model_parent_class)->dispose (object);
}

static void
kb_slot_list_model_finalize (GObject *object)
{
  g_hash_table_unref (KB_SLOT_LIST_MODEL (object)->slots);
  g_hash_table_unref (KB_SLOT_LIST_MODEL (object)->stale);
  G_OBJECT_CLASS (kb_slot_list_model_parent_class)->finalize (object);
}

static void
kb_slot_list_model_class_init (KbSlotListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kb_slot_list_model_dispose;
  object_class->finalize = kb_slot_list_model_finalize;

  /* The slots left stale after a change all show their items now. */
  signals[SIGNAL_CAUGHT_UP] =
    g_signal_new ("caught-up", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
kb_slot_list_model_init (KbSlotListModel *self)
{
  self->slots = g_hash_table_new (NULL, NULL);
  self->stale = g_hash_table_new (NULL, NULL);
}
