/* ms-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ms-application.h"
#include "ms-page.h"

G_BEGIN_DECLS

#define MS_TYPE_WINDOW (ms_window_get_type ())
G_DECLARE_FINAL_TYPE (MsWindow, ms_window, MS, WINDOW, AdwApplicationWindow)

MsWindow *ms_window_new         (MsApplication *application);
/* The page of @type (an MsPage subclass of the wizard), built now if it was not yet.
 * Pages are built when first needed; tests use this to reach one early. */
MsPage   *ms_window_ensure_page (MsWindow      *self,
                                 GType          type);

G_END_DECLS
