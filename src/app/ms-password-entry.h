/* ms-password-entry.h: a password field that tells screen readers only that it is one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MS_TYPE_PASSWORD_ENTRY (ms_password_entry_get_type ())
G_DECLARE_FINAL_TYPE (MsPasswordEntry, ms_password_entry, MS, PASSWORD_ENTRY, GtkWidget)

GtkWidget  *ms_password_entry_new          (void);
/* What was typed (gtk_editable_get_text() gives one dot per character instead). */
const char *ms_password_entry_get_password (MsPasswordEntry *self);

G_END_DECLS
