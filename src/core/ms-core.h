/* ms-core.h: the engine's umbrella header
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit statuses shared by the command-line twin (docs/ARCHITECTURE.md, the command-line contract). */
typedef enum {
  MS_EXIT_OK = 0,
  MS_EXIT_FAILED = 1,
  MS_EXIT_USAGE = 2,
} MsExitStatus;

const char *ms_core_get_version (void);
void        ms_core_init_i18n   (void);

G_END_DECLS
