/* ms-discovery-page.h: "Looking for your provider" — every discovery source, live
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-page.h"

G_BEGIN_DECLS

#define MS_TYPE_DISCOVERY_PAGE (ms_discovery_page_get_type ())
G_DECLARE_FINAL_TYPE (MsDiscoveryPage, ms_discovery_page, MS, DISCOVERY_PAGE, MsPage)

/* Tests only: overrides the discovery options (e.g. offline). Copied; NULL resets. */
void ms_discovery_page_set_options (MsDiscoveryPage          *self,
                                    const MsDiscoveryOptions *options);

G_END_DECLS
