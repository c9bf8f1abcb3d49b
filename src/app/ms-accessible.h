/* ms-accessible.h: names for screen readers where GTK 4.8 gets them wrong
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* From now on, every button and tick with a mnemonic ("_Continue") is named by its text
 * without the underline, and every expander by its label, with its open state. Call
 * once, before the first window. */
void ms_accessible_init (void);

G_END_DECLS
