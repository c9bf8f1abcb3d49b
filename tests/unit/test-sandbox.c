/* test-sandbox.c: inside Flatpak, an export writes only into folders that are the host's
 *
 * ms_sandbox_check_writable() reads the sandbox's permissions from /.flatpak-info and its
 * mounts from /proc/self/mountinfo; here both are files of the test (MS_FLATPAK_INFO,
 * MS_MOUNTINFO), laid out as Flatpak writes them. tests/flatpak runs the real sandbox.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "ms-problem.h"
#include "ms-sandbox.h"

typedef struct {
  char *dir;      /* the test's folder: the fake files */
  char *home;
} Fixture;

/* Writes the fake /.flatpak-info with these filesystems, and a mountinfo with "/" and
 * each of mounts (under the home) as mount points; creates those folders. */
static void
fake_sandbox (Fixture     *f,
              const char  *filesystems,
              const char  *mounts[])
{
  g_autofree char *info = g_build_filename (f->dir, "flatpak-info", NULL);
  g_autofree char *mountinfo = g_build_filename (f->dir, "mountinfo", NULL);
  g_autofree char *info_text = g_strdup_printf ("[Application]\nname=io.github.mailsetup.MailSetup\n\n"
                                                "[Context]\nshared=network;ipc;\nfilesystems=%s\n",
                                                filesystems);
  g_autoptr(GString) lines = g_string_new ("1 0 0:1 / / rw - tmpfs tmpfs rw\n");

  for (guint i = 0; mounts[i] != NULL; i++)
    {
      g_autofree char *point = g_build_filename (f->home, mounts[i], NULL);
      g_autofree char *escaped = NULL;
      GString *e = g_string_new (NULL);

      g_assert_cmpint (g_mkdir_with_parents (point, 0700), ==, 0);
      for (const char *c = point; *c != '\0'; c++)
        if (*c == ' ')
          g_string_append (e, "\\040");
        else
          g_string_append_c (e, *c);
      escaped = g_string_free (e, FALSE);
      g_string_append_printf (lines, "%u 1 8:1 /host%s %s rw,relatime - ext4 /dev/vda rw\n",
                              i + 2, escaped, escaped);
    }
  g_assert_true (g_file_set_contents (info, info_text, -1, NULL));
  g_assert_true (g_file_set_contents (mountinfo, lines->str, -1, NULL));
  g_setenv ("MS_FLATPAK_INFO", info, TRUE);
  g_setenv ("MS_MOUNTINFO", mountinfo, TRUE);
  ms_sandbox_set_mode (MS_SANDBOX_FLATPAK);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("ms-sandbox-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->home = g_strdup (g_get_home_dir ());
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *info = g_build_filename (f->dir, "flatpak-info", NULL);
  g_autofree char *mountinfo = g_build_filename (f->dir, "mountinfo", NULL);

  g_unlink (info);
  g_unlink (mountinfo);
  g_rmdir (f->dir);
  g_unsetenv ("MS_FLATPAK_INFO");
  g_unsetenv ("MS_MOUNTINFO");
  g_unsetenv ("HOST_XDG_CONFIG_HOME");
  ms_sandbox_set_mode (MS_SANDBOX_DETECT);
  g_free (f->dir);
  g_free (f->home);
}

/* Checks @rel (under the home): TRUE, or FALSE with the problem @want. */
static void
assert_check (Fixture       *f,
              const char    *rel,
              MsProblemCode  want,
              gboolean       allowed)
{
  g_autofree char *folder = g_build_filename (f->home, rel, NULL);
  g_autoptr(GError) error = NULL;
  gboolean ok = ms_sandbox_check_writable (folder, &error);

  if (allowed)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
      return;
    }
  g_assert_false (ok);
  g_assert_error (error, MS_SANDBOX_ERROR, (int) want);
}

static void
test_outside (Fixture       *f,
              gconstpointer  data)
{
  const char *none[] = { NULL };

  /* Outside a sandbox every folder is the host's, whatever the files say. */
  fake_sandbox (f, "", none);
  ms_sandbox_set_mode (MS_SANDBOX_NONE);
  assert_check (f, ".thunderbird", 0, TRUE);
  assert_check (f, "anything/at/all", 0, TRUE);
}

static void
test_permissions (Fixture       *f,
                  gconstpointer  data)
{
  const char *mounts[] = { ".thunderbird", ".blocked", ".readonly", "with space", NULL };

  fake_sandbox (f, "~/.thunderbird;!~/.blocked;~/.readonly:ro;~/with space:create;"
                   "~/snap/thunderbird/common/.thunderbird;", mounts);

  /* Granted and mounted: the folder itself, and a profile below it (made or not). */
  assert_check (f, ".thunderbird", 0, TRUE);
  assert_check (f, ".thunderbird/abcd.default", 0, TRUE);
  assert_check (f, "with space/x", 0, TRUE);
  /* Taken away (--nofilesystem), read-only, never granted: not shared. */
  assert_check (f, ".blocked", MS_PROBLEM_FOLDER_NOT_SHARED, FALSE);
  assert_check (f, ".readonly/profile", MS_PROBLEM_FOLDER_NOT_SHARED, FALSE);
  assert_check (f, ".config/evolution/sources", MS_PROBLEM_FOLDER_NOT_SHARED, FALSE);
  /* A name that merely starts like a granted one is another folder. */
  assert_check (f, ".thunderbird-old", MS_PROBLEM_FOLDER_NOT_SHARED, FALSE);
  /* Granted, but missing on the host: Flatpak shared nothing, the sandbox's own root
   * would take the files. */
  assert_check (f, "snap/thunderbird/common/.thunderbird", MS_PROBLEM_FOLDER_MISSING, FALSE);
}

static void
test_message (Fixture       *f,
              gconstpointer  data)
{
  const char *none[] = { NULL };
  g_autofree char *folder = g_build_filename (f->home, ".thunderbird", NULL);
  g_autoptr(GError) error = NULL;

  /* The words of the problem table: the folder as the user knows it, and the fix names
   * the permission to give back. */
  fake_sandbox (f, "!~/.thunderbird;", none);
  g_assert_false (ms_sandbox_check_writable (folder, &error));
  g_assert_error (error, MS_SANDBOX_ERROR, MS_PROBLEM_FOLDER_NOT_SHARED);
  g_assert_nonnull (strstr (error->message, "“~/.thunderbird”"));
  g_assert_nonnull (strstr (error->message, "--filesystem=~/.thunderbird io.github.mailsetup.MailSetup"));
  g_assert_cmpstr (ms_problem_code_to_string (error->code), ==, "folder-not-shared");
}

static void
test_home_and_xdg (Fixture       *f,
                   gconstpointer  data)
{
  const char *home[] = { "", NULL };
  const char *config[] = { "host-config/evolution/sources", NULL };
  g_autofree char *host_config = g_build_filename (f->home, "host-config", NULL);

  /* The whole home shared: a client folder not made yet is made on the host. */
  fake_sandbox (f, "home;", home);
  assert_check (f, ".thunderbird", 0, TRUE);

  /* xdg-config/… is the host's config folder (HOST_XDG_CONFIG_HOME), not ours. */
  g_setenv ("HOST_XDG_CONFIG_HOME", host_config, TRUE);
  fake_sandbox (f, "xdg-config/evolution/sources;", config);
  assert_check (f, "host-config/evolution/sources", 0, TRUE);
  assert_check (f, ".config/evolution/sources", MS_PROBLEM_FOLDER_NOT_SHARED, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sandbox/outside", Fixture, NULL, fixture_set_up, test_outside, fixture_tear_down);
  g_test_add ("/sandbox/permissions", Fixture, NULL, fixture_set_up, test_permissions, fixture_tear_down);
  g_test_add ("/sandbox/message", Fixture, NULL, fixture_set_up, test_message, fixture_tear_down);
  g_test_add ("/sandbox/home-and-xdg", Fixture, NULL, fixture_set_up, test_home_and_xdg, fixture_tear_down);

  return g_test_run ();
}
