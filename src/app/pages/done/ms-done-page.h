/* ms-done-page.h: "Done" — what was written where, and a way to open the client
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-page.h"

G_BEGIN_DECLS

#define MS_TYPE_DONE_PAGE (ms_done_page_get_type ())
G_DECLARE_FINAL_TYPE (MsDonePage, ms_done_page, MS, DONE_PAGE, MsPage)

/* The application that "Open" starts (transfer full), or NULL when none is found. */
GAppInfo *ms_done_page_dup_app_info (MsDonePage *self);

G_END_DECLS
