/* ms-repair-apply-page.h: "Repair" — the change with the user's consent, the check again,
 * and undo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-page.h"

G_BEGIN_DECLS

#define MS_TYPE_REPAIR_APPLY_PAGE (ms_repair_apply_page_get_type ())
G_DECLARE_FINAL_TYPE (MsRepairApplyPage, ms_repair_apply_page, MS, REPAIR_APPLY_PAGE, MsPage)

G_END_DECLS
