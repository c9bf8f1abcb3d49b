/* ms-enum-nick.c: an enum value's stable string is the nick glib-mkenums gives it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-model"

#include "config.h"

#include <string.h>

#include "ms-enum-nick.h"

static GEnumClass *
enum_class (GType type)
{
  gpointer klass = g_type_class_peek (type);

  /* Kept for good: a static type's class lives as long as the program anyway. */
  if (klass == NULL)
    klass = g_type_class_ref (type);
  return klass;
}

const char *
ms_enum_to_nick (GType type,
                 int   value)
{
  GEnumValue *v = g_enum_get_value (enum_class (type), value);

  return v != NULL ? v->value_nick : NULL;
}

gboolean
ms_enum_from_nick (GType       type,
                   const char *nick,
                   gboolean    ignore_case,
                   int        *value)
{
  GEnumClass *klass;

  if (nick == NULL)
    return FALSE;

  klass = enum_class (type);
  for (guint i = 0; i < klass->n_values; i++)
    {
      const char *candidate = klass->values[i].value_nick;

      if (ignore_case ? g_ascii_strcasecmp (nick, candidate) == 0 : strcmp (nick, candidate) == 0)
        {
          if (value != NULL)
            *value = klass->values[i].value;
          return TRUE;
        }
    }
  return FALSE;
}
