/* ms-clients-page.h: "Where to use it" — the mail clients found, and the export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-page.h"

G_BEGIN_DECLS

#define MS_TYPE_CLIENTS_PAGE (ms_clients_page_get_type ())
G_DECLARE_FINAL_TYPE (MsClientsPage, ms_clients_page, MS, CLIENTS_PAGE, MsPage)

G_END_DECLS
