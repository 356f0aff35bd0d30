/* kb-date-picker.c — a month of days to pick one from, in the UI's language.
 *
 * GtkCalendar (GTK 4.8) takes its day names and the first day of the week
 * from LC_TIME, and neither can be set: with LANGUAGE=ru on a C.UTF-8
 * system it shows an English month starting on Sunday inside a Russian
 * window. This picker takes both from the translation instead: the weekday
 * abbreviations are messages, and so is the first day of the week (the
 * "week_start:" message, as GTK's own calendar once did), which Russian and
 * Belarusian set to Monday.
 *
 * A title with the month and buttons for the month before and after, then
 * the weekday headers and six weeks of day buttons, each named by its full
 * date for screen readers. Arrow keys move a day or a week (into the next
 * month when need be), Page Up/Down a month, Enter or Space picks the day.
 * The widgets are made here rather than in a template: they are one button
 * repeated 42 times, labelled and named by the date it stands for.
 */
#include "config.h"

#include "kb-date-picker.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kb-billing-format.h"
#include "kb-format.h"

#define N_DAYS 42

struct _KbDatePicker
{
  GtkWidget parent_instance;

  GtkWidget *box;
  GtkLabel *title_label;
  GtkWidget *days[N_DAYS];

  GDate *selected;
  GDate *shown;                   /* the first of the month shown */
};

G_DEFINE_FINAL_TYPE (KbDatePicker, kb_date_picker, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  DAY_SELECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/**
 * kb_date_picker_get_week_start:
 *
 * Returns: the first day of the week by the translation: 0 for Sunday,
 * 1 for Monday (up to 6)
 */
guint
kb_date_picker_get_week_start (void)
{
  /* TRANSLATORS: the first day of the week in the date picker. Translate
   * as "week_start:1" for Monday (as in Russian and Belarusian),
   * "week_start:0" for Sunday; only the digit counts. */
  const char *text = C_("date picker", "week_start:0");
  const char *digit = strchr (text, ':');

  if (digit == NULL || digit[1] < '0' || digit[1] > '6')
    return 0;
  return (guint) (digit[1] - '0');
}

/* Sunday = 0, as kb_date_picker_get_week_start() counts. */
static guint
weekday_index (const GDate *date)
{
  return g_date_get_weekday (date) % 7;
}

/* The date of day button @i. */
static GDate *
day_date (KbDatePicker *self, guint i)
{
  GDate *date = g_date_copy (self->shown);
  guint offset = (weekday_index (self->shown) + 7 - kb_date_picker_get_week_start ()) % 7;

  if (i >= offset)
    g_date_add_days (date, i - offset);
  else
    g_date_subtract_days (date, offset - i);
  return date;
}

static void
update (KbDatePicker *self)
{
  g_autofree char *period = g_strdup_printf ("%04u-%02u", g_date_get_year (self->shown),
                                             g_date_get_month (self->shown));
  g_autofree char *title = kb_format_period (period);

  gtk_label_set_text (self->title_label, title);
  for (guint i = 0; i < N_DAYS; i++)
    {
      g_autoptr(GDate) date = day_date (self, i);
      g_autofree char *number = g_strdup_printf ("%u", g_date_get_day (date));
      g_autofree char *name = kb_format_local_date (date);
      GtkWidget *button = self->days[i];
      gboolean selected = g_date_compare (date, self->selected) == 0;

      gtk_button_set_label (GTK_BUTTON (button), number);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                      -1);
      gtk_accessible_update_state (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_STATE_PRESSED,
                                   selected ? GTK_ACCESSIBLE_TRISTATE_TRUE
                                            : GTK_ACCESSIBLE_TRISTATE_FALSE, -1);
      /* A flat button cannot show the accent: the picked day is a filled one. */
      if (selected)
        {
          gtk_widget_remove_css_class (button, "flat");
          gtk_widget_add_css_class (button, "suggested-action");
        }
      else
        {
          gtk_widget_remove_css_class (button, "suggested-action");
          gtk_widget_add_css_class (button, "flat");
        }
      if (g_date_get_month (date) != g_date_get_month (self->shown))
        gtk_widget_add_css_class (button, "dim-label");
      else
        gtk_widget_remove_css_class (button, "dim-label");
    }
}

static void
show_month_of (KbDatePicker *self, const GDate *date)
{
  g_date_set_dmy (self->shown, 1, g_date_get_month (date), g_date_get_year (date));
  update (self);
}

static void
focus_day (KbDatePicker *self, const GDate *date)
{
  if (g_date_get_month (date) != g_date_get_month (self->shown) ||
      g_date_get_year (date) != g_date_get_year (self->shown))
    show_month_of (self, date);
  for (guint i = 0; i < N_DAYS; i++)
    {
      g_autoptr(GDate) day = day_date (self, i);

      if (g_date_compare (day, date) == 0)
        gtk_widget_grab_focus (self->days[i]);
    }
}

static void
select_date (KbDatePicker *self, const GDate *date)
{
  *self->selected = *date;
  show_month_of (self, date);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATE]);
  g_signal_emit (self, signals[DAY_SELECTED], 0);
}

static void
on_day_clicked (GtkButton *button, KbDatePicker *self)
{
  guint i = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "kb-day"));
  g_autoptr(GDate) date = day_date (self, i);

  select_date (self, date);
  focus_day (self, date);
}

static void
on_previous_clicked (KbDatePicker *self)
{
  g_date_subtract_months (self->shown, 1);
  update (self);
}

static void
on_next_clicked (KbDatePicker *self)
{
  g_date_add_months (self->shown, 1);
  update (self);
}

/* The day that has the focus, or NULL when no day button has it. */
static GDate *
focused_day (KbDatePicker *self)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (self)));

  for (guint i = 0; i < N_DAYS; i++)
    if (focus == self->days[i])
      return day_date (self, i);
  return NULL;
}

static gboolean
on_key_pressed (KbDatePicker          *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  g_autoptr(GDate) date = focused_day (self);
  int step = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL ? -1 : 1;
  int days = 0, months = 0;

  if (date == NULL)
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Left: case GDK_KEY_KP_Left: days = -step; break;
    case GDK_KEY_Right: case GDK_KEY_KP_Right: days = step; break;
    case GDK_KEY_Up: case GDK_KEY_KP_Up: days = -7; break;
    case GDK_KEY_Down: case GDK_KEY_KP_Down: days = 7; break;
    case GDK_KEY_Page_Up: case GDK_KEY_KP_Page_Up: months = -1; break;
    case GDK_KEY_Page_Down: case GDK_KEY_KP_Page_Down: months = 1; break;
    default: return FALSE;
    }
  if (days > 0)
    g_date_add_days (date, (guint) days);
  else if (days < 0)
    g_date_subtract_days (date, (guint) -days);
  else if (months > 0)
    g_date_add_months (date, 1);
  else
    g_date_subtract_months (date, 1);
  /* The window would show the focus ring for an arrow key it saw itself;
   * this one stops here. */
  if (GTK_IS_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))))
    gtk_window_set_focus_visible (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), TRUE);
  focus_day (self, date);
  return TRUE;
}

static GtkWidget *
selected_button (KbDatePicker *self)
{
  for (guint i = 0; i < N_DAYS; i++)
    {
      g_autoptr(GDate) day = day_date (self, i);

      if (g_date_compare (day, self->selected) == 0)
        return self->days[i];
    }
  return NULL;
}

/* Coming into the picker (a popover opening, Tab from outside) lands on
 * the day picked, where the arrow keys make sense, not on "previous month". */
static gboolean
kb_date_picker_focus (GtkWidget *widget, GtkDirectionType direction)
{
  KbDatePicker *self = KB_DATE_PICKER (widget);
  GtkWidget *day = selected_button (self);

  if (gtk_widget_get_focus_child (self->box) == NULL && day != NULL)
    return gtk_widget_grab_focus (day);
  return GTK_WIDGET_CLASS (kb_date_picker_parent_class)->focus (widget, direction);
}

static gboolean
kb_date_picker_grab_focus (GtkWidget *widget)
{
  GtkWidget *day = selected_button (KB_DATE_PICKER (widget));

  if (day != NULL)
    return gtk_widget_grab_focus (day);
  return GTK_WIDGET_CLASS (kb_date_picker_parent_class)->grab_focus (widget);
}

static GtkWidget *
arrow_button (KbDatePicker *self, const char *icon, const char *name, GCallback callback)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_signal_connect_swapped (button, "clicked", callback, self);
  return button;
}

static void
kb_date_picker_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KbDatePicker *self = KB_DATE_PICKER (object);

  switch (prop_id)
    {
    case PROP_DATE:
      g_value_take_boxed (value, kb_date_picker_get_date (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kb_date_picker_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  KbDatePicker *self = KB_DATE_PICKER (object);

  switch (prop_id)
    {
    case PROP_DATE:
      if (g_value_get_boxed (value) != NULL)
        kb_date_picker_select_day (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kb_date_picker_dispose (GObject *object)
{
  KbDatePicker *self = KB_DATE_PICKER (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  G_OBJECT_CLASS (kb_date_picker_parent_class)->dispose (object);
}

static void
kb_date_picker_finalize (GObject *object)
{
  KbDatePicker *self = KB_DATE_PICKER (object);

  g_date_free (self->selected);
  g_date_free (self->shown);
  G_OBJECT_CLASS (kb_date_picker_parent_class)->finalize (object);
}

static void
kb_date_picker_class_init (KbDatePickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = kb_date_picker_get_property;
  object_class->set_property = kb_date_picker_set_property;
  object_class->dispose = kb_date_picker_dispose;
  object_class->finalize = kb_date_picker_finalize;

  /**
   * KbDatePicker:date:
   *
   * The day picked, at midnight local time.
   */
  properties[PROP_DATE] =
    g_param_spec_boxed ("date", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KbDatePicker::day-selected:
   *
   * A day was picked (by the user, or by kb_date_picker_select_day(), as
   * GtkCalendar does).
   */
  signals[DAY_SELECTED] =
    g_signal_new ("day-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  widget_class->focus = kb_date_picker_focus;
  widget_class->grab_focus = kb_date_picker_grab_focus;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kb-date-picker");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
kb_date_picker_init (KbDatePicker *self)
{
  /* Monday first, as the translations are written; shown from the week's start. */
  static const char * const weekdays[] = {
    /* TRANSLATORS: the short name of a weekday above a column of the date picker */
    NC_("weekday", "Mon"), NC_("weekday", "Tue"), NC_("weekday", "Wed"), NC_("weekday", "Thu"),
    NC_("weekday", "Fri"), NC_("weekday", "Sat"), NC_("weekday", "Sun"),
  };
  g_autoptr(GDate) today = kb_date_today ();
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *grid = gtk_grid_new ();
  guint start = kb_date_picker_get_week_start ();

  self->selected = g_date_copy (today);
  self->shown = g_date_new_dmy (1, g_date_get_month (today), g_date_get_year (today));

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->title_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_hexpand (GTK_WIDGET (self->title_label), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "heading");
  gtk_box_append (GTK_BOX (header), arrow_button (self, "go-previous-symbolic", _("Previous month"),
                                                  G_CALLBACK (on_previous_clicked)));
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->title_label));
  gtk_box_append (GTK_BOX (header), arrow_button (self, "go-next-symbolic", _("Next month"),
                                                  G_CALLBACK (on_next_clicked)));
  gtk_box_append (GTK_BOX (self->box), header);

  gtk_grid_set_column_homogeneous (GTK_GRID (grid), TRUE);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 2);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 2);
  for (guint column = 0; column < 7; column++)
    {
      /* weekdays[] starts on Monday, week_start counts from Sunday. */
      const char *name = weekdays[(start + column + 6) % 7];
      GtkWidget *label = gtk_label_new (g_dpgettext2 (NULL, "weekday", name));

      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "caption-heading");
      gtk_grid_attach (GTK_GRID (grid), label, (int) column, 0, 1, 1);
    }
  for (guint i = 0; i < N_DAYS; i++)
    {
      self->days[i] = gtk_button_new ();
      gtk_widget_add_css_class (self->days[i], "numeric");
      g_object_set_data (G_OBJECT (self->days[i]), "kb-day", GUINT_TO_POINTER (i));
      g_signal_connect (self->days[i], "clicked", G_CALLBACK (on_day_clicked), self);
      gtk_grid_attach (GTK_GRID (grid), self->days[i], (int) (i % 7), (int) (i / 7) + 1, 1, 1);
    }
  gtk_box_append (GTK_BOX (self->box), grid);

  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  update (self);
}

GtkWidget *
kb_date_picker_new (void)
{
  return g_object_new (KB_TYPE_DATE_PICKER, NULL);
}

/**
 * kb_date_picker_get_date:
 *
 * Returns: (transfer full): the day picked, at midnight local time
 */
GDateTime *
kb_date_picker_get_date (KbDatePicker *self)
{
  g_return_val_if_fail (KB_IS_DATE_PICKER (self), NULL);

  return g_date_time_new_local (g_date_get_year (self->selected), g_date_get_month (self->selected),
                                g_date_get_day (self->selected), 0, 0, 0);
}

/**
 * kb_date_picker_select_day:
 * @date: the day to pick (its calendar day, in its own zone)
 *
 * Picks @date and shows its month; emits #KbDatePicker::day-selected.
 */
void
kb_date_picker_select_day (KbDatePicker *self, GDateTime *date)
{
  g_autoptr(GDate) day = NULL;

  g_return_if_fail (KB_IS_DATE_PICKER (self));
  g_return_if_fail (date != NULL);

  day = kb_date_from_date_time (date);
  select_date (self, day);
}
