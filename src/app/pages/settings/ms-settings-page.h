/* ms-settings-page.h: "Your settings" — the servers found, where from, and editable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-page.h"

G_BEGIN_DECLS

#define MS_TYPE_SETTINGS_PAGE (ms_settings_page_get_type ())
G_DECLARE_FINAL_TYPE (MsSettingsPage, ms_settings_page, MS, SETTINGS_PAGE, MsPage)

G_END_DECLS
