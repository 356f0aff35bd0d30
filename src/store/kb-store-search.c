/* kb-store-search.c — what GNOME Shell's search finds in the cache.
 *
 * Each kind of row has a trigram full-text index (migrations 9 and 12 in kb-store.c),
 * which finds any three or more characters anywhere in the text, case aside,
 * without reading the rows that do not match: a word of a name in 100 000
 * subscribers in well under a millisecond, where a scan of the table takes
 * tens. Terms of one or two characters cannot use a trigram index; they
 * narrow the rows a longer term found, and alone they find nothing (a
 * single letter matches too much to be worth showing). Ё is read as е on
 * both sides, as Russian is often written.
 *
 * A phone number typed in pieces ("29 100-00-07", "8 029 1000007") reaches
 * the search as several terms: the pieces are joined and read as a number
 * first, so that it is found in the form the cache keeps (+375291000007).
 *
 * The subscribers' index is made a step after their rows are saved: until
 * then a search reads the rows and looks for every term in each.
 */
#include "config.h"

#include "kb-store-search.h"

#include <string.h>

#include "kb-phone-number.h"
#include "kb-store-private.h"

/* How many rows a short term may look at per row it keeps. */
#define SHORT_TERM_FACTOR 20

struct _KbStoreSearch
{
  GObject parent_instance;

  KbDb *db;
};

G_DEFINE_FINAL_TYPE (KbStoreSearch, kb_store_search, G_TYPE_OBJECT)

static void
kb_store_search_finalize (GObject *object)
{
  KbStoreSearch *self = KB_STORE_SEARCH (object);

  g_clear_object (&self->db);

  G_OBJECT_CLASS (kb_store_search_parent_class)->finalize (object);
}

static void
kb_store_search_class_init (KbStoreSearchClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kb_store_search_finalize;
}

static void
kb_store_search_init (KbStoreSearch *self)
{
}

/**
 * kb_store_search_open:
 *
 * Opens the cache at @path for reading only. It fails with
 * %KB_STORE_ERROR_OPEN when there is no such file: a search never creates one.
 */
KbStoreSearch *
kb_store_search_open (const char *path, GError **error)
{
  g_autoptr(KbStoreSearch) self = g_object_new (KB_TYPE_STORE_SEARCH, NULL);
  g_autoptr(GError) db_error = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  /* A short busy timeout: a search that waits for a writer is shown too late to matter. */
  self->db = kb_db_open (path, KB_DB_OPEN_READ_ONLY, 200, &db_error);
  if (self->db == NULL || !kb_db_exec (self->db, "PRAGMA query_only = ON;", &db_error))
    {
      g_set_error (error, KB_STORE_ERROR, KB_STORE_ERROR_OPEN, "Cannot search the cache %s",
                   db_error->message);
      return NULL;
    }
  return g_steal_pointer (&self);
}

gboolean
_kb_store_search_reindex (KbDb *db, const char *table, GError **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (g_str_equal (table, "subscriber") || g_str_equal (table, "invoice"), FALSE);

  sql = g_strdup_printf ("INSERT INTO %1$s_search (%1$s_search) VALUES ('delete-all');"
                         " INSERT INTO %1$s_search (rowid, text)"
                         " SELECT source_rowid, text FROM %1$s_search_text;", table);
  return kb_db_exec (db, sql, error);
}

static gboolean
is_number_piece (const char *term)
{
  if (*term == '\0')
    return FALSE;
  for (const char *p = term; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && strchr ("+-()", *p) == NULL)
      return FALSE;
  return TRUE;
}

/* The terms as the search looks for them: folded as kb_subscriber_fold()
 * does (as the indexes keep their text, kb-store.c), runs of number
 * pieces joined into one number (whole numbers in the cache's form). */
static GPtrArray *
prepare_terms (const char * const *terms)
{
  GPtrArray *prepared = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) number = g_string_new (NULL);

  for (guint i = 0; terms != NULL; i++)
    {
      const char *term = terms[i];

      if (term != NULL && is_number_piece (term))
        {
          g_string_append (number, term);
          continue;
        }
      if (number->len > 0)
        {
          char canonical[KB_PHONE_NUMBER_LENGTH + 1];

          if (kb_phone_number_normalize_to_buffer (number->str, number->len, canonical) ==
              KB_PHONE_NUMBER_PROBLEM_NONE)
            g_ptr_array_add (prepared, g_strdup (canonical));
          else
            g_ptr_array_add (prepared, kb_phone_number_digits (number->str));
          g_string_truncate (number, 0);
        }
      if (term == NULL)
        break;
      if (*term != '\0')
        g_ptr_array_add (prepared, kb_subscriber_fold (term));
    }
  /* A term of "+" or "-" alone leaves no digits. */
  for (guint i = prepared->len; i > 0; i--)
    if (*(char *) prepared->pdata[i - 1] == '\0')
      g_ptr_array_remove_index (prepared, i - 1);
  return prepared;
}

/* The full-text query of the terms of three characters or more, each a
 * quoted string (a quote doubled inside), all of which must match; NULL
 * when there is none. */
static char *
match_expression (GPtrArray *terms)
{
  g_autoptr(GString) match = g_string_new (NULL);

  for (guint i = 0; i < terms->len; i++)
    {
      const char *term = terms->pdata[i];

      if (g_utf8_strlen (term, -1) < 3)
        continue;
      if (match->len > 0)
        g_string_append_c (match, ' ');
      g_string_append_c (match, '"');
      for (const char *p = term; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (match, '"');
          g_string_append_c (match, *p);
        }
      g_string_append_c (match, '"');
    }
  return match->len > 0 ? g_string_free (g_steal_pointer (&match), FALSE) : NULL;
}

static gboolean
has_short_terms (GPtrArray *terms)
{
  for (guint i = 0; i < terms->len; i++)
    if (g_utf8_strlen (terms->pdata[i], -1) < 3)
      return TRUE;
  return FALSE;
}

/* Whether every short term, or with @all every term, is in @text, case
 * aside: without @all the index checked the others. */
static gboolean
terms_match (GPtrArray *terms, const char *text, gboolean all)
{
  g_autofree char *folded = kb_subscriber_fold (text);

  for (guint i = 0; i < terms->len; i++)
    if ((all || g_utf8_strlen (terms->pdata[i], -1) < 3) &&
        strstr (folded, terms->pdata[i]) == NULL)
      return FALSE;
  return TRUE;
}

typedef GObject *(*RowReader) (sqlite3_stmt *stmt);

typedef struct {
  const char *sql;      /* ?1 the match expression, ?2 how many rows */
  RowReader read;
  int text_column;      /* where the short terms are looked for… */
  int text_column_2;    /* …and, unless -1, here */
  int text_column_3;
  const char *stale;    /* the meta key that says the index is behind the rows, if any… */
  const char *scan;     /* …and then all the rows, in the index's order */
} Kind;

static const Kind kinds[] = {
  {
    "SELECT " KB_STORE_SUBSCRIBER_COLUMNS " FROM subscriber WHERE rowid IN"
    " (SELECT rowid FROM subscriber_search WHERE subscriber_search MATCH ?1 LIMIT ?2)",
    (RowReader) _kb_store_subscriber_from_row, 1, 2, 3,
    KB_STORE_SUBSCRIBER_SEARCH_STALE,
    "SELECT " KB_STORE_SUBSCRIBER_COLUMNS " FROM subscriber ORDER BY rowid",
  },
  {
    /* The newest questions first. */
    "SELECT " KB_STORE_QUESTION_COLUMNS " FROM question WHERE rowid IN"
    " (SELECT rowid FROM question_search WHERE question_search MATCH ?1"
    "  ORDER BY rowid DESC LIMIT ?2) ORDER BY created_at DESC",
    (RowReader) _kb_store_question_from_row, 2, -1, -1, NULL, NULL,
  },
  {
    "SELECT " KB_STORE_INVOICE_COLUMNS " FROM invoice WHERE rowid IN"
    " (SELECT rowid FROM invoice_search WHERE invoice_search MATCH ?1 LIMIT ?2) ORDER BY position",
    (RowReader) _kb_store_invoice_from_row, 1, 2, -1, NULL, NULL,
  },
  {
    /* The newest requests first; short terms are looked for in all the
     * text the request is found by. */
    "SELECT " KB_STORE_OPERATOR_REQUEST_COLUMNS ", search_text FROM operator_request WHERE rowid IN"
    " (SELECT rowid FROM operator_request_search WHERE operator_request_search MATCH ?1"
    "  ORDER BY rowid DESC LIMIT ?2) ORDER BY created_at DESC, CAST (id AS INTEGER) DESC",
    (RowReader) _kb_store_operator_request_from_row, 14, -1, -1, NULL, NULL,
  },
};

/* Whether the index of @kind is behind its rows: a save of the
 * subscribers leaves it so for the second its making takes
 * (kb_store_index_subscribers_async()), and a program that ended
 * meanwhile until the next load. */
static gboolean
index_is_stale (KbStoreSearch *self, const Kind *kind, GError **error)
{
  g_autofree char *stale = NULL;
  GError *local_error = NULL;

  if (kind->stale == NULL)
    return FALSE;
  stale = _kb_store_dup_meta (self->db, kind->stale, &local_error);
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  return stale != NULL;
}

static gboolean
find_kind (KbStoreSearch *self,
           const Kind    *kind,
           const char    *match,
           GPtrArray     *terms,
           guint          limit,
           GPtrArray     *found,
           GError       **error)
{
  GError *local_error = NULL;
  /* Without the index, every row is read and every term looked for in it
   * (tens of milliseconds for 100 000 subscribers), so that the search
   * finds the same rows, in the same order, as with it. */
  gboolean scan = index_is_stale (self, kind, &local_error);
  gboolean short_terms = has_short_terms (terms);
  g_autoptr(KbDbStatement) stmt = NULL;
  guint n = 0;

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  stmt = kb_db_prepare (self->db, scan ? kind->scan : kind->sql, error);
  if (stmt == NULL)
    return FALSE;
  if (!scan)
    {
      kb_db_bind_text (stmt, 1, match);
      sqlite3_bind_int64 (stmt, 2, short_terms ? (gint64) limit * SHORT_TERM_FACTOR : limit);
    }
  while (n < limit && kb_db_step_row (self->db, stmt, &local_error))
    {
      if (short_terms || scan)
        {
          int second = kind->text_column_2, third = kind->text_column_3;
          g_autofree char *text = g_strjoin (" ", kb_db_column_text (stmt, kind->text_column),
                                             second >= 0 ? kb_db_column_text (stmt, second) : "",
                                             third >= 0 ? kb_db_column_text (stmt, third) : "",
                                             NULL);

          if (!terms_match (terms, text, scan))
            continue;
        }
      g_ptr_array_add (found, kind->read (stmt));
      n++;
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

/**
 * kb_store_search_find:
 * @terms: (nullable): what was typed, split at spaces
 * @limit: the most rows of each kind
 *
 * Returns: (transfer container): at most @limit KbSubscriber, then at most
 * @limit KbQuestion, then at most @limit KbInvoice, then at most @limit
 * KbOperatorRequest that match every one of @terms (case aside, anywhere
 * in a number, name or tariff; a question; an invoice's number, month as
 * 2026-03 or 03.2026, or amount as 12.34 or 12,34; a request's number
 * with or without its letter and dashes, the words of its kind and status,
 * or what it concerns); empty when no term has three characters.
 */
GPtrArray *
kb_store_search_find (KbStoreSearch *self, const char * const *terms, guint limit, GError **error)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) prepared = NULL;
  g_autofree char *match = NULL;

  g_return_val_if_fail (KB_IS_STORE_SEARCH (self), NULL);

  prepared = prepare_terms (terms);
  match = match_expression (prepared);
  if (match == NULL)
    return g_steal_pointer (&found);

  /* One snapshot for all the kinds. */
  if (!kb_db_exec (self->db, "BEGIN;", error))
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (!find_kind (self, &kinds[i], match, prepared, limit, found, error))
      {
        kb_db_exec (self->db, "COMMIT;", NULL);
        return NULL;
      }
  kb_db_exec (self->db, "COMMIT;", NULL);
  return g_steal_pointer (&found);
}

/**
 * kb_store_search_lookup:
 * @type: %KB_TYPE_SUBSCRIBER, %KB_TYPE_QUESTION, %KB_TYPE_INVOICE or
 *   %KB_TYPE_OPERATOR_REQUEST
 *
 * Returns: (transfer full) (nullable): the cached row of @type with @id,
 * %NULL without an error when there is none.
 */
GObject *
kb_store_search_lookup (KbStoreSearch *self, GType type, const char *id, GError **error)
{
  g_autoptr(KbDbStatement) stmt = NULL;
  const char *sql;
  RowReader read;

  g_return_val_if_fail (KB_IS_STORE_SEARCH (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if (type == KB_TYPE_SUBSCRIBER)
    {
      sql = "SELECT " KB_STORE_SUBSCRIBER_COLUMNS " FROM subscriber WHERE id = ?1";
      read = (RowReader) _kb_store_subscriber_from_row;
    }
  else if (type == KB_TYPE_QUESTION)
    {
      sql = "SELECT " KB_STORE_QUESTION_COLUMNS " FROM question WHERE id = ?1";
      read = (RowReader) _kb_store_question_from_row;
    }
  else if (type == KB_TYPE_INVOICE)
    {
      sql = "SELECT " KB_STORE_INVOICE_COLUMNS " FROM invoice WHERE id = ?1";
      read = (RowReader) _kb_store_invoice_from_row;
    }
  else if (type == KB_TYPE_OPERATOR_REQUEST)
    {
      sql = "SELECT " KB_STORE_OPERATOR_REQUEST_COLUMNS " FROM operator_request WHERE id = ?1";
      read = (RowReader) _kb_store_operator_request_from_row;
    }
  else
    g_return_val_if_reached (NULL);

  stmt = kb_db_prepare (self->db, sql, error);
  if (stmt == NULL)
    return NULL;
  kb_db_bind_text (stmt, 1, id);
  if (!kb_db_step_row (self->db, stmt, error))
    return NULL;
  return read (stmt);
}
