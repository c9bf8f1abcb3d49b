/* ms-json.c: a small JSON writer (the engine has no JSON library)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-json"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ms-json.h"

static void
append_valid_utf8 (GString    *out,
                   const char *value)
{
  static const char hex[] = "0123456789abcdef";
  const char *p = value;

  while (*p != '\0')
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\b':
          g_string_append (out, "\\b");
          break;
        case '\f':
          g_string_append (out, "\\f");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          if (c < 0x20 || c == 0x7f)
            {
              g_string_append (out, "\\u00");
              g_string_append_c (out, hex[c >> 4]);
              g_string_append_c (out, hex[c & 0xf]);
            }
          else if (c == 0xe2 && (guchar) p[1] == 0x80 &&
                   ((guchar) p[2] == 0xa8 || (guchar) p[2] == 0xa9))
            {
              /* U+2028 and U+2029 are valid JSON but break JavaScript string literals. */
              g_string_append (out, (guchar) p[2] == 0xa8 ? "\\u2028" : "\\u2029");
              p += 2;
            }
          else
            {
              g_string_append_c (out, (char) c);
            }
          break;
        }
      p++;
    }
}

void
ms_json_append_string (GString    *out,
                       const char *value)
{
  g_return_if_fail (out != NULL);

  if (value == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  g_string_append_c (out, '"');
  if (g_utf8_validate (value, -1, NULL))
    {
      append_valid_utf8 (out, value);
    }
  else
    {
      g_autofree char *valid = g_utf8_make_valid (value, -1);

      append_valid_utf8 (out, valid);
    }
  g_string_append_c (out, '"');
}

typedef struct {
  gboolean is_object;
  gboolean has_items;
  gboolean member_pending;
} Level;

struct _MsJsonBuilder {
  GString *text;
  GArray *levels;  /* of Level */
  gboolean has_root;
};

MsJsonBuilder *
ms_json_builder_new (void)
{
  MsJsonBuilder *self = g_new0 (MsJsonBuilder, 1);

  self->text = g_string_new (NULL);
  self->levels = g_array_new (FALSE, TRUE, sizeof (Level));
  return self;
}

void
ms_json_builder_free (MsJsonBuilder *self)
{
  if (self == NULL)
    return;

  g_string_free (self->text, TRUE);
  g_array_unref (self->levels);
  g_free (self);
}

const char *
ms_json_builder_get_text (MsJsonBuilder *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->text->str;
}

char *
ms_json_builder_free_to_text (MsJsonBuilder *self)
{
  char *text;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->levels->len > 0)
    g_warning ("JSON builder freed with %u unclosed objects or arrays", self->levels->len);

  text = g_string_free (g_steal_pointer (&self->text), FALSE);
  g_array_unref (self->levels);
  g_free (self);
  return text;
}

static Level *
current_level (MsJsonBuilder *self)
{
  if (self->levels->len == 0)
    return NULL;
  return &g_array_index (self->levels, Level, self->levels->len - 1);
}

/* Called before every value: writes the separator, checks the member name is there. */
static gboolean
begin_value (MsJsonBuilder *self)
{
  Level *level = current_level (self);

  if (level == NULL)
    {
      g_return_val_if_fail (!self->has_root, FALSE);
      self->has_root = TRUE;
      return TRUE;
    }

  if (level->is_object)
    {
      g_return_val_if_fail (level->member_pending, FALSE);
      level->member_pending = FALSE;
    }
  else
    {
      if (level->has_items)
        g_string_append_c (self->text, ',');
    }
  level->has_items = TRUE;
  return TRUE;
}

void
ms_json_builder_set_member (MsJsonBuilder *self,
                            const char    *name)
{
  Level *level;

  g_return_if_fail (self != NULL);
  g_return_if_fail (name != NULL);
  level = current_level (self);
  g_return_if_fail (level != NULL && level->is_object && !level->member_pending);

  if (level->has_items)
    g_string_append_c (self->text, ',');
  ms_json_append_string (self->text, name);
  g_string_append_c (self->text, ':');
  level->member_pending = TRUE;
}

static void
begin_container (MsJsonBuilder *self,
                 gboolean       is_object)
{
  Level level = { is_object, FALSE, FALSE };

  if (!begin_value (self))
    return;
  g_string_append_c (self->text, is_object ? '{' : '[');
  g_array_append_val (self->levels, level);
}

static void
end_container (MsJsonBuilder *self,
               gboolean       is_object)
{
  Level *level = current_level (self);

  g_return_if_fail (level != NULL && level->is_object == is_object);
  g_return_if_fail (!level->member_pending);

  g_string_append_c (self->text, is_object ? '}' : ']');
  g_array_set_size (self->levels, self->levels->len - 1);
}

void
ms_json_builder_begin_object (MsJsonBuilder *self)
{
  g_return_if_fail (self != NULL);
  begin_container (self, TRUE);
}

void
ms_json_builder_end_object (MsJsonBuilder *self)
{
  g_return_if_fail (self != NULL);
  end_container (self, TRUE);
}

void
ms_json_builder_begin_array (MsJsonBuilder *self)
{
  g_return_if_fail (self != NULL);
  begin_container (self, FALSE);
}

void
ms_json_builder_end_array (MsJsonBuilder *self)
{
  g_return_if_fail (self != NULL);
  end_container (self, FALSE);
}

void
ms_json_builder_add_string (MsJsonBuilder *self,
                            const char    *value)
{
  g_return_if_fail (self != NULL);

  if (begin_value (self))
    ms_json_append_string (self->text, value);
}

void
ms_json_builder_add_int (MsJsonBuilder *self,
                         gint64         value)
{
  g_return_if_fail (self != NULL);

  if (begin_value (self))
    g_string_append_printf (self->text, "%" G_GINT64_FORMAT, value);
}

void
ms_json_builder_add_double (MsJsonBuilder *self,
                            double         value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_if_fail (self != NULL);

  if (!begin_value (self))
    return;
  if (!isfinite (value))
    {
      g_string_append (self->text, "null");
      return;
    }
  /* locale-independent, shortest round-trip form */
  g_string_append (self->text, g_ascii_dtostr (buf, sizeof buf, value));
}

void
ms_json_builder_add_bool (MsJsonBuilder *self,
                          gboolean       value)
{
  g_return_if_fail (self != NULL);

  if (begin_value (self))
    g_string_append (self->text, value ? "true" : "false");
}

void
ms_json_builder_add_null (MsJsonBuilder *self)
{
  g_return_if_fail (self != NULL);

  if (begin_value (self))
    g_string_append (self->text, "null");
}
