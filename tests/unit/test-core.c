/* test-core.c: engine-wide helpers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>

#include "ms-core.h"

static void
test_version_matches_project (void)
{
  g_assert_cmpstr (ms_core_get_version (), ==, PACKAGE_VERSION);
  g_assert_cmpstr (ms_core_get_version (), ==, EXPECTED_VERSION);
}

static void
test_exit_statuses (void)
{
  /* docs/ARCHITECTURE.md: 0 success, 1 nothing found or a failed check/export, 2 bad usage. */
  g_assert_cmpint (MS_EXIT_OK, ==, 0);
  g_assert_cmpint (MS_EXIT_FAILED, ==, 1);
  g_assert_cmpint (MS_EXIT_USAGE, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/version", test_version_matches_project);
  g_test_add_func ("/core/exit-statuses", test_exit_statuses);

  return g_test_run ();
}
