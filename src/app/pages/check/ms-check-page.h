/* ms-check-page.h: "Checking" — connect, secure and sign in to each server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-page.h"

G_BEGIN_DECLS

#define MS_TYPE_CHECK_PAGE (ms_check_page_get_type ())
G_DECLARE_FINAL_TYPE (MsCheckPage, ms_check_page, MS, CHECK_PAGE, MsPage)

G_END_DECLS
