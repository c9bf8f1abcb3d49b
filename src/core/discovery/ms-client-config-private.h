/* ms-client-config-private.h: what the clientConfig reader and writer share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Initialises libxml2 once per process (thread-safe). */
void ms_client_config_ensure_libxml (void);

G_END_DECLS
