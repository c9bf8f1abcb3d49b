/* ms-json.c: JSON output through json-glib, hardened for untrusted text
 *
 * json-glib builds and writes the JSON. What this file adds is what our output promises
 * beyond that (ms-json.h): NULL strings become null, invalid UTF-8 is repaired, NaN and
 * infinities become null, and every control character and U+2028/U+2029 is escaped
 * (json-glib 1.6 leaves U+001F and the two separators raw).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-json"

#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "ms-json.h"

struct _MsJsonBuilder {
  JsonBuilder *builder;
  char        *text;     /* generated on demand */
};

/* json-glib's compact output, with the control characters and line separators it leaves
 * raw escaped. They can only occur inside strings (compact output has no whitespace), so
 * escaping them in place keeps the document valid and equal in meaning. */
static char *
generate (JsonNode *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *raw = NULL;
  GString *out;

  json_generator_set_root (generator, root);
  raw = json_generator_to_data (generator, NULL);
  out = g_string_sized_new (strlen (raw));
  for (const char *p = raw; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c < 0x20 || c == 0x7f)
        g_string_append_printf (out, "\\u%04x", c);
      else if (c == 0xe2 && (guchar) p[1] == 0x80 && ((guchar) p[2] == 0xa8 || (guchar) p[2] == 0xa9))
        {
          g_string_append (out, (guchar) p[2] == 0xa8 ? "\\u2028" : "\\u2029");
          p += 2;
        }
      else
        g_string_append_c (out, (char) c);
    }
  return g_string_free (out, FALSE);
}

static JsonNode *
string_node (const char *value)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  if (g_utf8_validate (value, -1, NULL))
    json_node_set_string (node, value);
  else
    {
      g_autofree char *valid = g_utf8_make_valid (value, -1);

      json_node_set_string (node, valid);
    }
  return node;
}

void
ms_json_append_string (GString    *out,
                       const char *value)
{
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (out != NULL);

  node = value != NULL ? string_node (value) : json_node_init_null (json_node_alloc ());
  text = generate (node);
  g_string_append (out, text);
}

MsJsonBuilder *
ms_json_builder_new (void)
{
  MsJsonBuilder *self = g_new0 (MsJsonBuilder, 1);

  self->builder = json_builder_new ();
  return self;
}

void
ms_json_builder_free (MsJsonBuilder *self)
{
  if (self == NULL)
    return;
  g_object_unref (self->builder);
  g_free (self->text);
  g_free (self);
}

const char *
ms_json_builder_get_text (MsJsonBuilder *self)
{
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  g_clear_pointer (&self->text, g_free);
  root = json_builder_get_root (self->builder);
  self->text = root != NULL ? generate (root) : g_strdup ("");
  return self->text;
}

char *
ms_json_builder_free_to_text (MsJsonBuilder *self)
{
  char *text;

  g_return_val_if_fail (self != NULL, NULL);

  ms_json_builder_get_text (self);
  if (*self->text == '\0')
    g_warning ("JSON builder freed with unclosed objects or arrays");
  text = g_steal_pointer (&self->text);
  ms_json_builder_free (self);
  return text;
}

void
ms_json_builder_begin_object (MsJsonBuilder *self)
{
  g_return_if_fail (self != NULL);
  json_builder_begin_object (self->builder);
}

void
ms_json_builder_end_object (MsJsonBuilder *self)
{
  g_return_if_fail (self != NULL);
  json_builder_end_object (self->builder);
}

void
ms_json_builder_begin_array (MsJsonBuilder *self)
{
  g_return_if_fail (self != NULL);
  json_builder_begin_array (self->builder);
}

void
ms_json_builder_end_array (MsJsonBuilder *self)
{
  g_return_if_fail (self != NULL);
  json_builder_end_array (self->builder);
}

void
ms_json_builder_set_member (MsJsonBuilder *self,
                            const char    *name)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (name != NULL);
  json_builder_set_member_name (self->builder, name);
}

void
ms_json_builder_add_string (MsJsonBuilder *self,
                            const char    *value)
{
  g_return_if_fail (self != NULL);
  if (value == NULL)
    json_builder_add_null_value (self->builder);
  else
    json_builder_add_value (self->builder, string_node (value));
}

void
ms_json_builder_add_string_member (MsJsonBuilder *self,
                                   const char    *name,
                                   const char    *value)
{
  ms_json_builder_set_member (self, name);
  ms_json_builder_add_string (self, value);
}

void
ms_json_builder_add_int (MsJsonBuilder *self,
                         gint64         value)
{
  g_return_if_fail (self != NULL);
  json_builder_add_int_value (self->builder, value);
}

void
ms_json_builder_add_double (MsJsonBuilder *self,
                            double         value)
{
  g_return_if_fail (self != NULL);
  if (isfinite (value))
    json_builder_add_double_value (self->builder, value);
  else
    json_builder_add_null_value (self->builder);
}

void
ms_json_builder_add_bool (MsJsonBuilder *self,
                          gboolean       value)
{
  g_return_if_fail (self != NULL);
  json_builder_add_boolean_value (self->builder, value);
}

void
ms_json_builder_add_null (MsJsonBuilder *self)
{
  g_return_if_fail (self != NULL);
  json_builder_add_null_value (self->builder);
}
