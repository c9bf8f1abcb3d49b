/* ms-cli-accounts.h: a found account as JSON, shared by accounts and repair
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-account-reader.h"
#include "ms-json.h"

G_BEGIN_DECLS

/* {address, name, client, install, incoming, outgoing, then where it lives: method,
 * sources_dir and the three UIDs (Evolution) or profile, profile_name and the four keys
 * (Thunderbird)} */
void ms_cli_found_account_to_json (MsFoundAccount *account,
                                   MsJsonBuilder  *builder);

G_END_DECLS
