/* fuzz-profiles-ini.c: libFuzzer target for reading Thunderbird's profiles.ini
 *
 * The input is a profiles.ini, written to a private folder. Besides "no crash, no leak,
 * no undefined behaviour" it checks that every profile read has a name and an absolute
 * folder, and that a list that cannot be read is never rewritten: creating a profile
 * then fails and leaves every byte as it was.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdint.h>
#include <string.h>

#include "ms-thunderbird-profiles.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static char *root;
static char *ini;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  root = g_dir_make_tmp ("fuzz-profiles-ini-XXXXXX", NULL);
  g_assert_nonnull (root);
  ini = g_build_filename (root, "profiles.ini", NULL);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GPtrArray) profiles = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (ini, (const char *) data, (gssize) size, NULL));
  profiles = ms_thunderbird_profiles_load (root, &error);
  if (profiles != NULL)
    {
      g_assert_no_error (error);
      for (guint i = 0; i < profiles->len; i++)
        {
          MsThunderbirdProfile *p = g_ptr_array_index (profiles, i);

          g_assert_nonnull (ms_thunderbird_profile_get_name (p));
          g_assert_true (g_path_is_absolute (ms_thunderbird_profile_get_path (p)));
        }
      return 0;
    }

  g_assert_nonnull (error);
  if (!g_error_matches (error, MS_THUNDERBIRD_ERROR, MS_THUNDERBIRD_ERROR_NO_PROFILES))
    {
      /* damaged: never rewritten */
      g_autoptr(GError) create_error = NULL;
      g_autoptr(MsThunderbirdProfile) created = ms_thunderbird_profile_create (root, "fresh",
                                                                               &create_error);
      g_autofree char *after = NULL;
      gsize after_len = 0;

      g_assert_null (created);
      g_assert_true (g_file_get_contents (ini, &after, &after_len, NULL));
      g_assert_cmpmem (after, after_len, data, size);
    }
  return 0;
}
