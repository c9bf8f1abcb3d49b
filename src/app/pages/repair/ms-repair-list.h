/* ms-repair-list.h: "Fix an account that stopped working" — the accounts on this computer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define MS_TYPE_REPAIR_LIST (ms_repair_list_get_type ())
G_DECLARE_FINAL_TYPE (MsRepairList, ms_repair_list, MS, REPAIR_LIST, AdwPreferencesGroup)

/* Looks for the accounts again (it does so by itself each time it is shown). */
void     ms_repair_list_refresh       (MsRepairList *self);
/* Whether the search is over. */
gboolean ms_repair_list_get_searched  (MsRepairList *self);

G_END_DECLS
