/* kb-subscriber-list.h — subscribers from a CSV file or pasted text, checked row by row. */
#pragma once

#include <glib-object.h>

#include "kb-phone-number.h"
#include "kb-subscriber.h"

G_BEGIN_DECLS

#define KB_TYPE_SUBSCRIBER_LIST (kb_subscriber_list_get_type ())
G_DECLARE_FINAL_TYPE (KbSubscriberList, kb_subscriber_list, KB, SUBSCRIBER_LIST, GObject)

#define KB_SUBSCRIBER_LIST_ERROR (kb_subscriber_list_error_quark ())

typedef enum {
  KB_SUBSCRIBER_LIST_ERROR_NOT_TEXT,
  KB_SUBSCRIBER_LIST_ERROR_ENCODING,
} KbSubscriberListError;

typedef enum {
  KB_SUBSCRIBER_LIST_RENAME,   /* number, new name */
  KB_SUBSCRIBER_LIST_NUMBERS,  /* numbers only, for service actions */
} KbSubscriberListKind;

/* What is wrong with a row; the first that applies, in this order. */
typedef enum {
  KB_SUBSCRIBER_LIST_PROBLEM_NONE,
  KB_SUBSCRIBER_LIST_PROBLEM_MISSING_COLUMN,
  KB_SUBSCRIBER_LIST_PROBLEM_EXTRA_COLUMNS,
  KB_SUBSCRIBER_LIST_PROBLEM_BAD_NUMBER,
  KB_SUBSCRIBER_LIST_PROBLEM_EMPTY_NAME,
  KB_SUBSCRIBER_LIST_PROBLEM_NAME_TOO_LONG,
  KB_SUBSCRIBER_LIST_PROBLEM_INVALID_NAME,
  KB_SUBSCRIBER_LIST_PROBLEM_DUPLICATE,
  KB_SUBSCRIBER_LIST_PROBLEM_UNKNOWN_NUMBER,
} KbSubscriberListProblem;

/* One row of the list. Read-only; the strings belong to the list. */
typedef struct {
  guint                   line;            /* 1-based line of the source where the row starts */
  guint                   n_columns;       /* as written, before the extra ones are ignored */
  KbSubscriberListProblem problem;
  KbPhoneNumberProblem    number_problem;  /* the detail of a bad number */
  const char             *raw_number;      /* as written, trimmed */
  const char             *number;          /* "+375291234567", or NULL when bad */
  const char             *name;            /* trimmed; NULL in a numbers-only list */
  /*< private >*/
  KbSubscriberListProblem row_problem;     /* what the row has on its own, before duplicates */
  char                    number_buffer[KB_PHONE_NUMBER_LENGTH + 1];
} KbSubscriberListRow;

GQuark                     kb_subscriber_list_error_quark  (void);

KbSubscriberList          *kb_subscriber_list_parse        (KbSubscriberListKind  kind,
                                                            const char           *data,
                                                            gsize                 length,
                                                            GError              **error);
KbSubscriberList          *kb_subscriber_list_parse_bytes  (KbSubscriberListKind  kind,
                                                            GBytes               *bytes,
                                                            GError              **error);

KbSubscriberListKind       kb_subscriber_list_get_kind     (KbSubscriberList     *self);
guint                      kb_subscriber_list_get_n_rows   (KbSubscriberList     *self);
const KbSubscriberListRow *kb_subscriber_list_get_row      (KbSubscriberList     *self,
                                                            guint                 index);
guint                      kb_subscriber_list_get_n_problems (KbSubscriberList   *self);
gboolean                   kb_subscriber_list_has_header   (KbSubscriberList     *self);
char                       kb_subscriber_list_get_separator (KbSubscriberList    *self);
const char                *kb_subscriber_list_get_encoding (KbSubscriberList     *self);
guint                      kb_subscriber_list_mark_unknown (KbSubscriberList     *self,
                                                            GHashTable           *known_numbers);

/* For lists whose rows change after parsing (a row fixed by hand): the
 * same checks as the parser, on rows the caller owns. */
KbSubscriberListProblem    kb_subscriber_list_check_name   (const char           *name);
KbSubscriberListProblem    kb_subscriber_list_row_check    (KbSubscriberListKind  kind,
                                                            KbSubscriberListRow  *row);
typedef KbSubscriberListRow *(*KbSubscriberListRowFunc)    (gpointer              data,
                                                            guint                 index);
guint                      kb_subscriber_list_rows_check_across (KbSubscriberListRowFunc get_row,
                                                            gpointer              data,
                                                            guint                 n_rows,
                                                            GHashTable           *known_numbers);

const char                *kb_subscriber_list_problem_get_message (KbSubscriberListProblem problem);
const char                *kb_subscriber_list_problem_to_code     (KbSubscriberListProblem problem);
const char                *kb_subscriber_list_row_get_message     (const KbSubscriberListRow *row);

G_END_DECLS
