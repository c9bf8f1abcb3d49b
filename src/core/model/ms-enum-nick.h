/* ms-enum-nick.h: an enum value's stable string is the nick glib-mkenums gives it
 *
 * The enums of the model (MsProtocol, MsSecurity, MsSource, MsProblemCode) and the
 * discovery state are registered by glib-mkenums (see model/meson.build); their nicks are
 * the strings of the --json output. Never rename an enum value without an explicit
 * nick=… annotation that keeps its string.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The nick of @value in the enum @type, or NULL when @value has none. */
const char *ms_enum_to_nick   (GType       type,
                               int         value);
/* The value whose nick is @nick (ASCII case ignored if @ignore_case). FALSE (and @value
 * untouched) if there is none or @nick is NULL. */
gboolean    ms_enum_from_nick (GType       type,
                               const char *nick,
                               gboolean    ignore_case,
                               int        *value);

G_END_DECLS
