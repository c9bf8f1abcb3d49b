/* ms-core.c: engine-wide helpers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>

#include "ms-core.h"

const char *
ms_core_get_version (void)
{
  return PACKAGE_VERSION;
}

/**
 * ms_core_init_i18n:
 *
 * Sets the locale from the environment and binds the gettext domain, so that both the
 * window and the command-line twin speak the user's language. Call once from main().
 */
void
ms_core_init_i18n (void)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
