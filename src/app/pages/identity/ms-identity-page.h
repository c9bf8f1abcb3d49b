/* ms-identity-page.h: "Who are you" — name, address and password
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-page.h"

G_BEGIN_DECLS

#define MS_TYPE_IDENTITY_PAGE (ms_identity_page_get_type ())
G_DECLARE_FINAL_TYPE (MsIdentityPage, ms_identity_page, MS, IDENTITY_PAGE, MsPage)

G_END_DECLS
