/* ms-export-thunderbird.c: write an account into a Thunderbird profile's prefs.js
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-thunderbird"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ms-atomic-file.h"
#include "ms-export-thunderbird.h"

#define BACKUP_SUFFIX "mail-setup-backup"

/* Thunderbird's nsMsgSocketType and nsMsgAuthMethod (MailNewsTypes2.idl). */
enum {
  TB_SOCKET_PLAIN = 0,
  TB_SOCKET_STARTTLS = 2,
  TB_SOCKET_TLS = 3,
};
enum {
  TB_AUTH_PASSWORD_CLEARTEXT = 3,
  TB_AUTH_PASSWORD_ENCRYPTED = 4,
  TB_AUTH_OAUTH2 = 10,
};

/* ------------------------------------------------------------------------------------ */
/* prefs.js                                                                             */

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
          any_new = TRUE;
          continue;
        }
      if (!p->dirty)
        continue;
      g_string_append_len (out, self->text + pos, (gssize) (p->start - pos));
      append_statement (out, p);
      pos = p->end;
    }
  g_string_append_len (out, self->text + pos, (gssize) (self->length - pos));

  if (any_new)
    {
      if (out->len > 0 && out->str[out->len - 1] != '\n')
        g_string_append_c (out, '\n');
      for (guint i = 0; i < self->prefs->len; i++)
        {
          Pref *p = g_ptr_array_index (self->prefs, i);

          if (!p->is_new)
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

      if (g_hash_table_add (seen, p->name))
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

/* ------------------------------------------------------------------------------------ */
/* Accounts                                                                             */

void
ms_thunderbird_keys_free (MsThunderbirdKeys *keys)
{
  if (keys == NULL)
    return;
  g_free (keys->account_key);
  g_free (keys->server_key);
  g_free (keys->identity_key);
  g_free (keys->smtp_key);
  g_free (keys);
}

void
ms_thunderbird_result_free (MsThunderbirdResult *result)
{
  if (result == NULL)
    return;
  g_free (result->profile_dir);
  g_free (result->prefs_path);
  g_free (result->backup_path);
  ms_thunderbird_keys_free (result->keys);
  g_free (result);
}

static const char *
nz (const char *s)
{
  return s != NULL ? s : "";
}

static gboolean
same_host (const char *pref_value,
           MsServer   *server)
{
  return g_ascii_strcasecmp (nz (pref_value), ms_server_get_host (server)) == 0;
}

static const char *
getf (MsPrefs    *prefs,
      const char *branch,
      const char *key,
      const char *leaf)
{
  g_autofree char *name = g_strconcat (branch, key, ".", leaf, NULL);
  return ms_prefs_get_string (prefs, name);
}

static void
setf_string (MsPrefs    *prefs,
             const char *branch,
             const char *key,
             const char *leaf,
             const char *value)
{
  g_autofree char *name = g_strconcat (branch, key, ".", leaf, NULL);
  ms_prefs_set_string (prefs, name, value);
}

static void
setf_int (MsPrefs    *prefs,
          const char *branch,
          const char *key,
          const char *leaf,
          gint64      value)
{
  g_autofree char *name = g_strconcat (branch, key, ".", leaf, NULL);
  ms_prefs_set_int (prefs, name, value);
}

static void
setf_bool (MsPrefs    *prefs,
           const char *branch,
           const char *key,
           const char *leaf,
           gboolean    value)
{
  g_autofree char *name = g_strconcat (branch, key, ".", leaf, NULL);
  ms_prefs_set_bool (prefs, name, value);
}

#define ACCOUNT "mail.account."
#define SERVER "mail.server."
#define IDENTITY "mail.identity."
#define SMTP "mail.smtpserver."

/* A comma list as Thunderbird writes it ("account1,account2"), blanks dropped. */
static GPtrArray *
split_list (const char *value)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) parts = NULL;

  if (value == NULL)
    return items;
  parts = g_strsplit (value, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *item = g_strstrip (parts[i]);
      if (*item != '\0')
        g_ptr_array_add (items, g_strdup (item));
    }
  return items;
}

static char *
join_list (GPtrArray *items)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < items->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, g_ptr_array_index (items, i));
    }
  return g_string_free (out, FALSE);
}

static gboolean
list_contains (GPtrArray  *items,
               const char *item)
{
  for (guint i = 0; i < items->len; i++)
    if (g_strcmp0 (g_ptr_array_index (items, i), item) == 0)
      return TRUE;
  return FALSE;
}

/* The highest N of "PREFIXN" used in any pref name under @branch ("mail.account.") or in
 * @extra_list. */
static guint
highest_key (MsPrefs    *prefs,
             GPtrArray  *names,
             const char *branch,
             const char *prefix,
             GPtrArray  *extra_list)
{
  g_autofree char *full = g_strconcat (branch, prefix, NULL);
  gsize full_len = strlen (full);
  gsize prefix_len = strlen (prefix);
  guint highest = 0;

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      guint64 n;
      char *end = NULL;

      if (strncmp (name, full, full_len) != 0 || !g_ascii_isdigit (name[full_len]))
        continue;
      n = g_ascii_strtoull (name + full_len, &end, 10);
      if (end != NULL && (*end == '.' || *end == '\0') && n > highest && n < G_MAXUINT)
        highest = (guint) n;
    }
  for (guint i = 0; extra_list != NULL && i < extra_list->len; i++)
    {
      const char *key = g_ptr_array_index (extra_list, i);
      guint64 n;
      char *end = NULL;

      if (strncmp (key, prefix, prefix_len) != 0 || !g_ascii_isdigit (key[prefix_len]))
        continue;
      n = g_ascii_strtoull (key + prefix_len, &end, 10);
      if (end != NULL && *end == '\0' && n > highest && n < G_MAXUINT)
        highest = (guint) n;
    }
  return highest;
}

static int
socket_type (MsServer *server)
{
  switch (ms_server_get_security (server))
    {
    case MS_SECURITY_TLS:
      return TB_SOCKET_TLS;
    case MS_SECURITY_STARTTLS:
      return TB_SOCKET_STARTTLS;
    case MS_SECURITY_NONE:
    default:
      return TB_SOCKET_PLAIN;
    }
}

static int
auth_method (MsAccount *account,
             MsServer  *server)
{
  MsAuth preferred = ms_server_get_preferred_auth (server);

  if (ms_account_get_oauth2_required (account) || preferred == MS_AUTH_OAUTH2)
    return TB_AUTH_OAUTH2;
  /* A challenge-response method only where there is no TLS to protect a plain one. */
  if ((preferred & MS_AUTH_PASSWORD_ENCRYPTED) &&
      ms_server_get_security (server) == MS_SECURITY_NONE)
    return TB_AUTH_PASSWORD_ENCRYPTED;
  return TB_AUTH_PASSWORD_CLEARTEXT;
}

static const char *
server_user (MsServer   *server,
             const char *address)
{
  const char *user = ms_server_get_username (server);
  return user != NULL && *user != '\0' ? user : address;
}

static char *
next_key (const char *prefix,
          guint      *counter)
{
  *counter += 1;
  return g_strdup_printf ("%s%u", prefix, *counter);
}

MsThunderbirdKeys *
ms_thunderbird_prefs_add_account (MsPrefs    *prefs,
                                  MsAccount  *account,
                                  const char *full_name,
                                  GError    **error)
{
  g_autoptr(MsThunderbirdKeys) keys = g_new0 (MsThunderbirdKeys, 1);
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GPtrArray) smtps = NULL;
  g_autofree char *accounts_value = NULL;
  g_autofree char *smtps_value = NULL;
  MsServer *in;
  MsServer *out;
  const char *address;
  const char *in_type;
  const char *in_user;
  const char *local_server;
  const char *local_account = NULL;
  guint n_account, n_server, n_id, n_smtp;
  gint64 last_key = 0;

  g_return_val_if_fail (prefs != NULL, NULL);
  g_return_val_if_fail (MS_IS_ACCOUNT (account), NULL);

  address = ms_address_get_address (ms_account_get_address (account));
  in = ms_account_get_first_server (account, TRUE);
  out = ms_account_get_first_server (account, FALSE);
  if (in == NULL)
    {
      g_set_error (error, MS_THUNDERBIRD_ERROR, MS_THUNDERBIRD_ERROR_ACCOUNT_INVALID,
                   _("The account has no incoming (IMAP or POP3) server."));
      return NULL;
    }
  in_type = ms_server_get_protocol (in) == MS_PROTOCOL_IMAP ? "imap" : "pop3";
  in_user = server_user (in, address);

  names = ms_prefs_get_names (prefs);
  accounts = split_list (ms_prefs_get_string (prefs, "mail.accountmanager.accounts"));
  smtps = split_list (ms_prefs_get_string (prefs, "mail.smtpservers"));
  n_account = highest_key (prefs, names, "mail.account.", "account", accounts);
  if (ms_prefs_get_int (prefs, "mail.account.lastKey", &last_key) && last_key > n_account &&
      last_key < G_MAXINT)
    n_account = (guint) last_key;
  n_server = highest_key (prefs, names, "mail.server.", "server", NULL);
  n_id = highest_key (prefs, names, "mail.identity.", "id", NULL);
  n_smtp = highest_key (prefs, names, "mail.smtpserver.", "smtp", smtps);

  /* The same account already there? (type, host and user name of its server) */
  for (guint i = 0; i < accounts->len && keys->account_key == NULL; i++)
    {
      const char *a = g_ptr_array_index (accounts, i);
      const char *s = getf (prefs, ACCOUNT, a, "server");

      if (s == NULL)
        continue;
      if (g_strcmp0 (getf (prefs, SERVER, s, "type"), in_type) == 0 &&
          same_host (getf (prefs, SERVER, s, "hostname"), in) &&
          g_strcmp0 (getf (prefs, SERVER, s, "userName"), in_user) == 0)
        {
          g_autoptr(GPtrArray) ids = split_list (getf (prefs, ACCOUNT, a, "identities"));

          keys->account_key = g_strdup (a);
          keys->server_key = g_strdup (s);
          keys->updated = TRUE;
          for (guint j = 0; j < ids->len && keys->identity_key == NULL; j++)
            {
              const char *email = getf (prefs, IDENTITY, g_ptr_array_index (ids, j), "useremail");
              if (email != NULL && g_ascii_strcasecmp (email, address) == 0)
                keys->identity_key = g_strdup (g_ptr_array_index (ids, j));
            }
          if (keys->identity_key == NULL && ids->len > 0)
            keys->identity_key = g_strdup (g_ptr_array_index (ids, 0));
        }
    }

  if (keys->account_key == NULL)
    {
      keys->account_key = next_key ("account", &n_account);
      keys->server_key = next_key ("server", &n_server);
    }
  if (keys->identity_key == NULL)
    {
      keys->identity_key = next_key ("id", &n_id);
      setf_string (prefs, ACCOUNT, keys->account_key, "identities", keys->identity_key);
    }

  /* Incoming server */
  setf_string (prefs, ACCOUNT, keys->account_key, "server", keys->server_key);
  setf_string (prefs, SERVER, keys->server_key, "type", in_type);
  setf_string (prefs, SERVER, keys->server_key, "hostname", ms_server_get_host (in));
  setf_int (prefs, SERVER, keys->server_key, "port", ms_server_get_port (in));
  setf_int (prefs, SERVER, keys->server_key, "socketType", socket_type (in));
  setf_int (prefs, SERVER, keys->server_key, "authMethod", auth_method (account, in));
  setf_string (prefs, SERVER, keys->server_key, "userName", in_user);
  if (!keys->updated)
    {
      setf_string (prefs, SERVER, keys->server_key, "name", address);
      setf_bool (prefs, SERVER, keys->server_key, "login_at_startup", TRUE);
      setf_bool (prefs, SERVER, keys->server_key, "check_new_mail", TRUE);
      if (ms_server_get_protocol (in) == MS_PROTOCOL_POP3)
        /* Never delete the user's mail from the server behind their back. */
        setf_bool (prefs, SERVER, keys->server_key, "leave_on_server", TRUE);
    }

  /* Outgoing server: the identity's own when it is the same host, else one with the same
   * host and user, else a new one. */
  if (out != NULL)
    {
      const char *out_user = server_user (out, address);
      const char *current = getf (prefs, IDENTITY, keys->identity_key, "smtpServer");
      gboolean smtp_new = FALSE;

      if (current != NULL &&
          same_host (getf (prefs, SMTP, current, "hostname"), out))
        keys->smtp_key = g_strdup (current);
      for (guint i = 0; i < smtps->len && keys->smtp_key == NULL; i++)
        {
          const char *k = g_ptr_array_index (smtps, i);

          if (same_host (getf (prefs, SMTP, k, "hostname"), out) &&
              g_strcmp0 (getf (prefs, SMTP, k, "username"), out_user) == 0)
            keys->smtp_key = g_strdup (k);
        }
      if (keys->smtp_key == NULL)
        {
          keys->smtp_key = next_key ("smtp", &n_smtp);
          smtp_new = TRUE;
        }

      setf_string (prefs, SMTP, keys->smtp_key, "type", "smtp");
      setf_string (prefs, SMTP, keys->smtp_key, "hostname", ms_server_get_host (out));
      setf_int (prefs, SMTP, keys->smtp_key, "port", ms_server_get_port (out));
      setf_int (prefs, SMTP, keys->smtp_key, "try_ssl", socket_type (out));
      setf_int (prefs, SMTP, keys->smtp_key, "authMethod", auth_method (account, out));
      setf_string (prefs, SMTP, keys->smtp_key, "username", out_user);
      if (smtp_new && ms_account_get_provider_name (account) != NULL)
        setf_string (prefs, SMTP, keys->smtp_key, "description",
                     ms_account_get_provider_name (account));

      if (!list_contains (smtps, keys->smtp_key))
        {
          g_ptr_array_add (smtps, g_strdup (keys->smtp_key));
          smtps_value = join_list (smtps);
          ms_prefs_set_string (prefs, "mail.smtpservers", smtps_value);
        }
      if (ms_prefs_get_string (prefs, "mail.smtp.defaultserver") == NULL)
        ms_prefs_set_string (prefs, "mail.smtp.defaultserver", keys->smtp_key);
      setf_string (prefs, IDENTITY, keys->identity_key, "smtpServer", keys->smtp_key);
    }

  /* Identity */
  if (full_name != NULL && *full_name != '\0')
    setf_string (prefs, IDENTITY, keys->identity_key, "fullName", full_name);
  setf_string (prefs, IDENTITY, keys->identity_key, "useremail", address);
  setf_bool (prefs, IDENTITY, keys->identity_key, "valid", TRUE);

  /* Local Folders: Thunderbird needs one account of type "none". Prefer the one the
   * localfoldersserver pref names. */
  local_server = ms_prefs_get_string (prefs, "mail.accountmanager.localfoldersserver");
  for (guint i = 0; i < accounts->len; i++)
    {
      const char *a = g_ptr_array_index (accounts, i);
      const char *s = getf (prefs, ACCOUNT, a, "server");

      if (s == NULL || g_strcmp0 (getf (prefs, SERVER, s, "type"), "none") != 0)
        continue;
      if (local_account == NULL || g_strcmp0 (s, local_server) == 0)
        local_account = a;
    }
  if (local_account != NULL)
    ms_prefs_set_string (prefs, "mail.accountmanager.localfoldersserver",
                         getf (prefs, ACCOUNT, local_account, "server"));

  if (!list_contains (accounts, keys->account_key))
    {
      /* Before Local Folders, which Thunderbird lists last. */
      guint at = accounts->len;

      for (guint i = 0; i < accounts->len; i++)
        if (local_account != NULL && strcmp (g_ptr_array_index (accounts, i), local_account) == 0)
          at = i;
      g_ptr_array_insert (accounts, (gint) at, g_strdup (keys->account_key));
    }
  if (local_account == NULL)
    {
      g_autofree char *la = next_key ("account", &n_account);
      g_autofree char *ls = next_key ("server", &n_server);

      setf_string (prefs, ACCOUNT, la, "server", ls);
      setf_string (prefs, SERVER, ls, "type", "none");
      setf_string (prefs, SERVER, ls, "hostname", "Local Folders");
      setf_string (prefs, SERVER, ls, "userName", "nobody");
      setf_string (prefs, SERVER, ls, "name", "Local Folders");
      ms_prefs_set_string (prefs, "mail.accountmanager.localfoldersserver", ls);
      g_ptr_array_add (accounts, g_strdup (la));
      keys->added_local_folders = TRUE;
    }
  accounts_value = join_list (accounts);
  ms_prefs_set_string (prefs, "mail.accountmanager.accounts", accounts_value);

  {
    const char *def = ms_prefs_get_string (prefs, "mail.accountmanager.defaultaccount");
    const char *def_server = def != NULL ? getf (prefs, ACCOUNT, def, "server") : NULL;

    if (def == NULL || !list_contains (accounts, def) ||
        g_strcmp0 (getf (prefs, SERVER, nz (def_server), "type"), "none") == 0)
      ms_prefs_set_string (prefs, "mail.accountmanager.defaultaccount", keys->account_key);
  }

  if (!ms_prefs_get_int (prefs, "mail.account.lastKey", &last_key) || last_key < n_account)
    ms_prefs_set_int (prefs, "mail.account.lastKey", n_account);

  return g_steal_pointer (&keys);
}

/* ------------------------------------------------------------------------------------ */
/* Export                                                                               */

typedef struct {
  MsAccount *account;
  char *full_name;
  char *profile_dir;
} ExportData;

static void
export_data_free (gpointer data)
{
  ExportData *d = data;

  g_clear_object (&d->account);
  g_free (d->full_name);
  g_free (d->profile_dir);
  g_free (d);
}

static MsThunderbirdResult *
export_sync (ExportData  *d,
             GError     **error)
{
  g_autoptr(MsThunderbirdResult) result = g_new0 (MsThunderbirdResult, 1);
  g_autoptr(MsPrefs) prefs = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *data = NULL;
  g_autofree char *display = g_filename_display_name (d->profile_dir);
  gsize old_length = 0;
  gsize length = 0;
  gboolean existed;
  int pid = 0;

  result->profile_dir = g_strdup (d->profile_dir);
  result->prefs_path = g_build_filename (d->profile_dir, "prefs.js", NULL);

  if (!g_file_test (d->profile_dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, MS_THUNDERBIRD_ERROR, MS_THUNDERBIRD_ERROR_NO_SUCH_PROFILE,
                   /* TRANSLATORS: %s is a folder name */
                   _("The Thunderbird profile folder “%s” does not exist."), display);
      return NULL;
    }
  if (ms_thunderbird_profile_dir_is_locked (d->profile_dir, &pid))
    {
      g_set_error (error, MS_THUNDERBIRD_ERROR, MS_THUNDERBIRD_ERROR_PROFILE_IN_USE,
                   /* TRANSLATORS: %s is a folder name */
                   _("Thunderbird is using the profile “%s”. Quit Thunderbird and try again; "
                     "nothing was changed."), display);
      return NULL;
    }
  if (access (d->profile_dir, W_OK) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   /* TRANSLATORS: the first %s is a folder name, the second the reason */
                   _("The Thunderbird profile folder “%s” cannot be written: %s; nothing was "
                     "changed."), display, g_strerror (saved_errno));
      return NULL;
    }

  existed = g_file_get_contents (result->prefs_path, &contents, &old_length, &local_error);
  if (!existed && !g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  prefs = existed ? ms_prefs_parse (contents, old_length, error) : ms_prefs_new ();
  if (prefs == NULL)
    return NULL;
  if (!existed)
    {
      ms_prefs_free (prefs);
      prefs = ms_prefs_parse ("// Thunderbird rewrites this file when it quits.\n",
                              strlen ("// Thunderbird rewrites this file when it quits.\n"), NULL);
    }

  result->keys = ms_thunderbird_prefs_add_account (prefs, d->account, d->full_name, error);
  if (result->keys == NULL)
    return NULL;
  data = ms_prefs_to_data (prefs, &length);

  /* The same account exported again with the same settings: nothing to write. */
  if (existed && old_length == length &&
      memcmp (contents, data, length) == 0)
    return g_steal_pointer (&result);

  if (existed)
    {
      result->backup_path = ms_atomic_file_backup (result->prefs_path, BACKUP_SUFFIX, 0600, error);
      if (result->backup_path == NULL)
        return NULL;
    }

  /* Thunderbird may have started meanwhile. */
  if (ms_thunderbird_profile_dir_is_locked (d->profile_dir, &pid))
    {
      if (result->backup_path != NULL)
        g_unlink (result->backup_path);
      g_set_error (error, MS_THUNDERBIRD_ERROR, MS_THUNDERBIRD_ERROR_PROFILE_IN_USE,
                   _("Thunderbird is using the profile “%s”. Quit Thunderbird and try again; "
                     "nothing was changed."), display);
      return NULL;
    }
  if (!ms_atomic_file_write (result->prefs_path, data, length, 0600, error))
    {
      if (result->backup_path != NULL)
        g_unlink (result->backup_path);
      return NULL;
    }
  return g_steal_pointer (&result);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;
  MsThunderbirdResult *result;

  if (g_task_return_error_if_cancelled (task))
    return;
  result = export_sync (task_data, &error);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) ms_thunderbird_result_free);
}

void
ms_export_thunderbird_async (MsAccount           *account,
                             const char          *full_name,
                             const char          *profile_dir,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportData *d;

  g_return_if_fail (MS_IS_ACCOUNT (account));
  g_return_if_fail (profile_dir != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ms_export_thunderbird_async);
  d = g_new0 (ExportData, 1);
  /* A private copy: the worker thread reads it while the caller goes on. */
  d->account = ms_account_copy (account);
  d->full_name = g_strdup (full_name);
  d->profile_dir = g_strdup (profile_dir);
  g_task_set_task_data (task, d, export_data_free);
  g_task_run_in_thread (task, export_thread);
}

MsThunderbirdResult *
ms_export_thunderbird_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
