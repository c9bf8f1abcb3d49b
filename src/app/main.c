/* main.c: the Mail Setup window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ms-application.h"
#include "ms-core.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr (MsApplication) app = NULL;

  ms_core_init_i18n ();

  app = ms_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
