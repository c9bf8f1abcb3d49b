/* ms-prefs-js.c: read and write Mozilla's prefs.js, keeping every byte not changed
 *
 * A small scanner for pref()/user_pref()/sticky_pref() statements. It knows nothing about
 * mail accounts; ms-thunderbird-account.c decides which preferences an account becomes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-prefs-js"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "ms-prefs-js.h"
#include "ms-thunderbird-profiles.h"

typedef struct {
  char *func;        /* "user_pref", "pref" or "sticky_pref" */
  char *name;
  MsPrefType type;
  char *str;
  gint64 num;        /* the integer, or the boolean as 0/1 */
  gsize start;       /* the statement's bytes in the original text */
  gsize end;
  gboolean is_new;
  gboolean dirty;
  gboolean removed;  /* by ms_prefs_remove(): written out as nothing */
} Pref;

struct _MsPrefs {
  char *text;
  gsize length;
  GPtrArray *prefs;   /* Pref, file order, then the new ones */
  GHashTable *index;  /* name → the Pref that wins (the last statement) */
};

static void
pref_free (gpointer data)
{
  Pref *p = data;

  g_free (p->func);
  g_free (p->name);
  g_free (p->str);
  g_free (p);
}

MsPrefs *
ms_prefs_new (void)
{
  MsPrefs *self = g_new0 (MsPrefs, 1);

  self->text = g_strdup ("");
  self->prefs = g_ptr_array_new_with_free_func (pref_free);
  self->index = g_hash_table_new (g_str_hash, g_str_equal);
  return self;
}

void
ms_prefs_free (MsPrefs *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->index);
  g_ptr_array_unref (self->prefs);
  g_free (self->text);
  g_free (self);
}

typedef struct {
  const char *text;
  gsize length;
  gsize pos;
} Scanner;

static guint
line_of (Scanner *s,
         gsize    pos)
{
  guint line = 1;

  for (gsize i = 0; i < pos && i < s->length; i++)
    if (s->text[i] == '\n')
      line++;
  return line;
}

static gboolean
fail (Scanner    *s,
      GError    **error,
      const char *what)
{
  g_set_error (error, MS_THUNDERBIRD_ERROR, MS_THUNDERBIRD_ERROR_PREFS_INVALID,
               /* TRANSLATORS: %u is a line number, %s what is wrong there */
               _("prefs.js could not be understood at line %u (%s); nothing was changed."),
               line_of (s, s->pos), what);
  return FALSE;
}

static int
peek (Scanner *s)
{
  return s->pos < s->length ? (guchar) s->text[s->pos] : -1;
}

static gboolean
skip_space (Scanner  *s,
            GError  **error)
{
  while (s->pos < s->length)
    {
      char c = s->text[s->pos];

      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
        s->pos++;
      else if (c == '#' ||
               (c == '/' && s->pos + 1 < s->length && s->text[s->pos + 1] == '/'))
        {
          while (s->pos < s->length && s->text[s->pos] != '\n')
            s->pos++;
        }
      else if (c == '/' && s->pos + 1 < s->length && s->text[s->pos + 1] == '*')
        {
          gsize start = s->pos;

          s->pos += 2;
          while (s->pos + 1 < s->length &&
                 !(s->text[s->pos] == '*' && s->text[s->pos + 1] == '/'))
            s->pos++;
          if (s->pos + 1 >= s->length)
            {
              s->pos = start;
              return fail (s, error, _("a comment is not closed"));
            }
          s->pos += 2;
        }
      else
        break;
    }
  return TRUE;
}

static int
hex_value (int c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static gboolean
read_hex (Scanner  *s,
          guint     digits,
          gunichar *value)
{
  gunichar v = 0;

  for (guint i = 0; i < digits; i++)
    {
      int h = hex_value (peek (s));
      if (h < 0)
        return FALSE;
      v = v * 16 + (gunichar) h;
      s->pos++;
    }
  *value = v;
  return TRUE;
}

static char *
read_string (Scanner  *s,
             GError  **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  char quote = s->text[s->pos];
  gsize start = s->pos;

  s->pos++;
  for (;;)
    {
      int c = peek (s);

      if (c < 0)
        {
          s->pos = start;
          fail (s, error, _("a string is not closed"));
          return NULL;
        }
      s->pos++;
      if (c == quote)
        break;
      if (c != '\\')
        {
          g_string_append_c (out, (char) c);
          continue;
        }

      c = peek (s);
      s->pos++;
      switch (c)
        {
        case '"':
        case '\'':
        case '\\':
          g_string_append_c (out, (char) c);
          break;
        case 'n':
          g_string_append_c (out, '\n');
          break;
        case 'r':
          g_string_append_c (out, '\r');
          break;
        case 't':
          g_string_append_c (out, '\t');
          break;
        case 'x':
        case 'u':
          {
            gunichar u;

            if (!read_hex (s, c == 'x' ? 2 : 4, &u))
              {
                fail (s, error, _("a bad escape sequence in a string"));
                return NULL;
              }
            if (u >= 0xd800 && u <= 0xdbff && c == 'u')
              {
                /* A surrogate pair: \uD83D\uDE00 */
                gunichar low;
                gsize save = s->pos;

                if (peek (s) == '\\' && s->pos + 1 < s->length && s->text[s->pos + 1] == 'u')
                  {
                    s->pos += 2;
                    if (read_hex (s, 4, &low) && low >= 0xdc00 && low <= 0xdfff)
                      u = 0x10000 + ((u - 0xd800) << 10) + (low - 0xdc00);
                    else
                      {
                        s->pos = save;
                        u = 0xfffd;
                      }
                  }
                else
                  u = 0xfffd;
              }
            else if (u >= 0xd800 && u <= 0xdfff)
              u = 0xfffd;
            if (u == 0)
              {
                fail (s, error, _("a NUL character in a string"));
                return NULL;
              }
            g_string_append_unichar (out, u);
          }
          break;
        default:
          s->pos--;
          fail (s, error, _("a bad escape sequence in a string"));
          return NULL;
        }
    }

  if (memchr (out->str, '\0', out->len) != NULL)
    {
      fail (s, error, _("a NUL character in a string"));
      return NULL;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
read_identifier (Scanner *s)
{
  gsize start = s->pos;

  while (s->pos < s->length &&
         (g_ascii_isalnum (s->text[s->pos]) || s->text[s->pos] == '_'))
    s->pos++;
  return g_strndup (s->text + start, s->pos - start);
}

static gboolean
expect (Scanner    *s,
        char        c,
        GError    **error)
{
  if (!skip_space (s, error))
    return FALSE;
  if (peek (s) != (guchar) c)
    {
      g_autofree char *what = g_strdup_printf (_("“%c” expected"), c);
      return fail (s, error, what);
    }
  s->pos++;
  return TRUE;
}

static void
index_pref (MsPrefs *self,
            Pref    *p)
{
  g_ptr_array_add (self->prefs, p);
  g_hash_table_insert (self->index, p->name, p);
}

static gboolean
parse_statement (MsPrefs  *self,
                 Scanner  *s,
                 GError  **error)
{
  g_autofree char *func = NULL;
  g_autofree char *name = NULL;
  Pref *p;
  gsize start = s->pos;
  int c;

  func = read_identifier (s);
  if (strcmp (func, "user_pref") != 0 && strcmp (func, "pref") != 0 &&
      strcmp (func, "sticky_pref") != 0)
    {
      s->pos = start;
      return fail (s, error, _("not a preference"));
    }
  if (!expect (s, '(', error) || !skip_space (s, error))
    return FALSE;
  c = peek (s);
  if (c != '"' && c != '\'')
    return fail (s, error, _("a quoted name expected"));
  name = read_string (s, error);
  if (name == NULL)
    return FALSE;
  if (!expect (s, ',', error) || !skip_space (s, error))
    return FALSE;

  p = g_new0 (Pref, 1);
  c = peek (s);
  if (c == '"' || c == '\'')
    {
      p->type = MS_PREF_STRING;
      p->str = read_string (s, error);
      if (p->str == NULL)
        goto error;
    }
  else if (c == '-' || c == '+' || g_ascii_isdigit (c))
    {
      gsize num_start = s->pos;
      g_autofree char *digits = NULL;
      char *end = NULL;

      if (c == '-' || c == '+')
        s->pos++;
      if (!g_ascii_isdigit (peek (s)))
        {
          fail (s, error, _("a bad number"));
          goto error;
        }
      while (g_ascii_isdigit (peek (s)))
        s->pos++;
      digits = g_strndup (s->text + num_start, s->pos - num_start);
      errno = 0;
      p->num = g_ascii_strtoll (digits[0] == '+' ? digits + 1 : digits, &end, 10);
      if (errno != 0 || end == NULL || *end != '\0')
        {
          s->pos = num_start;
          fail (s, error, _("a bad number"));
          goto error;
        }
      p->type = MS_PREF_INT;
    }
  else
    {
      gsize word_start = s->pos;
      g_autofree char *word = read_identifier (s);

      if (strcmp (word, "true") == 0)
        p->num = 1;
      else if (strcmp (word, "false") == 0)
        p->num = 0;
      else
        {
          s->pos = word_start;
          fail (s, error, _("a value expected"));
          goto error;
        }
      p->type = MS_PREF_BOOL;
    }

  /* pref("name", value, locked, sticky) attributes */
  for (;;)
    {
      g_autofree char *attr = NULL;

      if (!skip_space (s, error))
        goto error;
      if (peek (s) != ',')
        break;
      s->pos++;
      if (!skip_space (s, error))
        goto error;
      attr = read_identifier (s);
      if (strcmp (attr, "locked") != 0 && strcmp (attr, "sticky") != 0)
        {
          fail (s, error, _("an unknown attribute"));
          goto error;
        }
    }
  if (!expect (s, ')', error) || !expect (s, ';', error))
    goto error;

  p->func = g_steal_pointer (&func);
  p->name = g_steal_pointer (&name);
  p->start = start;
  p->end = s->pos;
  index_pref (self, p);
  return TRUE;

error:
  pref_free (p);
  return FALSE;
}

MsPrefs *
ms_prefs_parse (const char  *text,
                gsize        length,
                GError     **error)
{
  g_autoptr(MsPrefs) self = ms_prefs_new ();
  Scanner s;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  g_free (self->text);
  self->text = g_strndup (text != NULL ? text : "", length);
  self->length = length;
  if (memchr (self->text, '\0', length) != NULL)
    {
      g_set_error (error, MS_THUNDERBIRD_ERROR, MS_THUNDERBIRD_ERROR_PREFS_INVALID,
                   _("prefs.js is not a text file; nothing was changed."));
      return NULL;
    }

  s.text = self->text;
  s.length = length;
  s.pos = 0;
  /* A UTF-8 byte order mark */
  if (length >= 3 && memcmp (self->text, "\xef\xbb\xbf", 3) == 0)
    s.pos = 3;

  for (;;)
    {
      if (!skip_space (&s, error))
        return NULL;
      if (s.pos >= s.length)
        break;
      if (!g_ascii_isalpha (s.text[s.pos]) && s.text[s.pos] != '_')
        {
          fail (&s, error, _("unexpected text"));
          return NULL;
        }
      if (!parse_statement (self, &s, error))
        return NULL;
    }
  return g_steal_pointer (&self);
}

static void
append_quoted (GString    *out,
               const char *value)
{
  g_string_append_c (out, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char) c);
        }
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\r')
        g_string_append (out, "\\r");
      else if (c < 0x20 || c == 0x7f)
        g_string_append_printf (out, "\\x%02x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}

static void
append_statement (GString *out,
                  Pref    *p)
{
  g_string_append (out, p->func);
  g_string_append_c (out, '(');
  append_quoted (out, p->name);
  g_string_append (out, ", ");
  switch (p->type)
    {
    case MS_PREF_STRING:
      append_quoted (out, p->str);
      break;
    case MS_PREF_INT:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, p->num);
      break;
    case MS_PREF_BOOL:
      g_string_append (out, p->num ? "true" : "false");
      break;
    case MS_PREF_NONE:
    default:
      g_assert_not_reached ();
    }
  g_string_append (out, ");");
}

char *
ms_prefs_to_data (MsPrefs *self,
                  gsize   *length)
{
  GString *out = g_string_sized_new (self->length + 1024);
  gsize pos = 0;
  gboolean any_new = FALSE;

  for (guint i = 0; i < self->prefs->len; i++)
    {
      Pref *p = g_ptr_array_index (self->prefs, i);

      if (p->is_new)
        {
          any_new = any_new || !p->removed;
          continue;
        }
      if (!p->dirty)
        continue;
      g_string_append_len (out, self->text + pos, (gssize) (p->start - pos));
      pos = p->end;
      if (!p->removed)
        append_statement (out, p);
      else if (p->start == 0 || self->text[p->start - 1] == '\n')
        {
          /* A statement on a line of its own takes its line break with it. */
          if (pos + 1 < self->length && self->text[pos] == '\r' && self->text[pos + 1] == '\n')
            pos += 2;
          else if (pos < self->length && self->text[pos] == '\n')
            pos++;
        }
    }
  g_string_append_len (out, self->text + pos, (gssize) (self->length - pos));

  if (any_new)
    {
      if (out->len > 0 && out->str[out->len - 1] != '\n')
        g_string_append_c (out, '\n');
      for (guint i = 0; i < self->prefs->len; i++)
        {
          Pref *p = g_ptr_array_index (self->prefs, i);

          if (!p->is_new || p->removed)
            continue;
          append_statement (out, p);
          g_string_append_c (out, '\n');
        }
    }

  if (length != NULL)
    *length = out->len;
  return g_string_free (out, FALSE);
}

GPtrArray *
ms_prefs_get_names (MsPrefs *self)
{
  GPtrArray *names = g_ptr_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < self->prefs->len; i++)
    {
      Pref *p = g_ptr_array_index (self->prefs, i);

      if (!p->removed && g_hash_table_add (seen, p->name))
        g_ptr_array_add (names, p->name);
    }
  return names;
}

static Pref *
lookup (MsPrefs    *self,
        const char *name)
{
  return g_hash_table_lookup (self->index, name);
}

MsPrefType
ms_prefs_get_pref_type (MsPrefs    *self,
                        const char *name)
{
  Pref *p = lookup (self, name);

  return p != NULL ? p->type : MS_PREF_NONE;
}

const char *
ms_prefs_get_string (MsPrefs    *self,
                     const char *name)
{
  Pref *p = lookup (self, name);

  return p != NULL && p->type == MS_PREF_STRING ? p->str : NULL;
}

gboolean
ms_prefs_get_int (MsPrefs    *self,
                  const char *name,
                  gint64     *value)
{
  Pref *p = lookup (self, name);

  if (p == NULL || p->type != MS_PREF_INT)
    return FALSE;
  if (value != NULL)
    *value = p->num;
  return TRUE;
}

gboolean
ms_prefs_get_bool (MsPrefs    *self,
                   const char *name,
                   gboolean   *value)
{
  Pref *p = lookup (self, name);

  if (p == NULL || p->type != MS_PREF_BOOL)
    return FALSE;
  if (value != NULL)
    *value = p->num != 0;
  return TRUE;
}

/* The statement to change: the winning one, or a new one at the end. */
static Pref *
prepare_set (MsPrefs    *self,
             const char *name)
{
  Pref *p = lookup (self, name);

  if (p == NULL)
    {
      p = g_new0 (Pref, 1);
      p->func = g_strdup ("user_pref");
      p->name = g_strdup (name);
      p->is_new = TRUE;
      index_pref (self, p);
    }
  else if (strcmp (p->func, "user_pref") != 0)
    {
      /* A default (pref()) in prefs.js: a user value overrides it. */
      Pref *u = g_new0 (Pref, 1);

      u->func = g_strdup ("user_pref");
      u->name = g_strdup (name);
      u->is_new = TRUE;
      index_pref (self, u);
      p = u;
    }
  g_clear_pointer (&p->str, g_free);
  p->dirty = TRUE;
  return p;
}

void
ms_prefs_set_string (MsPrefs    *self,
                     const char *name,
                     const char *value)
{
  Pref *p;

  g_return_if_fail (value != NULL);
  if (g_strcmp0 (ms_prefs_get_string (self, name), value) == 0)
    return;
  p = prepare_set (self, name);
  p->type = MS_PREF_STRING;
  p->str = g_strdup (value);
}

void
ms_prefs_set_int (MsPrefs    *self,
                  const char *name,
                  gint64      value)
{
  gint64 old;
  Pref *p;

  if (ms_prefs_get_int (self, name, &old) && old == value)
    return;
  p = prepare_set (self, name);
  p->type = MS_PREF_INT;
  p->num = value;
}

void
ms_prefs_set_bool (MsPrefs    *self,
                   const char *name,
                   gboolean    value)
{
  gboolean old;
  Pref *p;

  if (ms_prefs_get_bool (self, name, &old) && !old == !value)
    return;
  p = prepare_set (self, name);
  p->type = MS_PREF_BOOL;
  p->num = value ? 1 : 0;
}

void
ms_prefs_remove (MsPrefs    *self,
                 const char *name)
{
  g_return_if_fail (name != NULL);

  if (!g_hash_table_remove (self->index, name))
    return;
  for (guint i = 0; i < self->prefs->len; i++)
    {
      Pref *p = g_ptr_array_index (self->prefs, i);

      if (!p->removed && strcmp (p->name, name) == 0)
        {
          p->removed = TRUE;
          p->dirty = TRUE;
        }
    }
}
