/* test-export-evolution.c: the Evolution source files and keyring labels (pure; the real
 * registry and keyring are exercised in tests/export)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <stdarg.h>
#include <string.h>

#include "ms-evolution-sources.h"
#include "ms-export-evolution.h"
#include "ms-sandbox.h"
#include "ms-secret.h"
#include "ms-thunderbird-profiles.h"
#include "ms-test-account.h"

static GKeyFile *
load (const char *data)
{
  GKeyFile *kf = g_key_file_new ();
  g_autoptr(GError) error = NULL;

  g_key_file_load_from_data (kf, data, (gsize) -1, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  return kf;
}

static void
assert_key (GKeyFile   *kf,
            const char *group,
            const char *key,
            const char *value)
{
  g_autofree char *v = g_key_file_get_string (kf, group, key, NULL);

  g_assert_cmpstr (v, ==, value);
}

static gboolean
is_uid (const char *uid)
{
  if (strlen (uid) != 40)
    return FALSE;
  for (const char *p = uid; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}

static void
test_imap (void)
{
  g_autoptr(MsAccount) account = ms_test_account_new ("alice@example.test", MS_PROTOCOL_IMAP,
                                               "imap.example.test", 993, MS_SECURITY_TLS,
                                               "smtp.example.test", 587, MS_SECURITY_STARTTLS,
                                               MS_AUTH_PASSWORD);
  g_autoptr(GError) error = NULL;
  g_autoptr(MsEvolutionSources) s = ms_evolution_sources_new (account, "Alice Ü", &error);
  g_autoptr(GKeyFile) a = NULL;
  g_autoptr(GKeyFile) i = NULL;
  g_autoptr(GKeyFile) t = NULL;

  g_assert_no_error (error);
  g_assert_true (is_uid (s->account_uid));
  g_assert_true (is_uid (s->identity_uid));
  g_assert_true (is_uid (s->transport_uid));
  g_assert_cmpstr (s->account_uid, !=, s->identity_uid);
  g_assert_cmpstr (s->identity_uid, !=, s->transport_uid);
  g_assert_true (s->account_needs_password);
  g_assert_true (s->transport_needs_password);

  a = load (s->account_data);
  i = load (s->identity_data);
  t = load (s->transport_data);

  assert_key (a, "Data Source", "DisplayName", "alice@example.test");
  assert_key (a, "Data Source", "Parent", "");
  assert_key (a, "Mail Account", "BackendName", "imapx");
  assert_key (a, "Mail Account", "IdentityUid", s->identity_uid);
  assert_key (a, "Mail Account", "NeedsInitialSetup", "true");
  assert_key (a, "Authentication", "Host", "imap.example.test");
  assert_key (a, "Authentication", "Port", "993");
  assert_key (a, "Authentication", "User", "alice@example.test");
  assert_key (a, "Security", "Method", "ssl-on-alternate-port");

  assert_key (i, "Data Source", "Parent", s->account_uid);
  assert_key (i, "Mail Identity", "Address", "alice@example.test");
  assert_key (i, "Mail Identity", "Name", "Alice Ü");
  assert_key (i, "Mail Submission", "TransportUid", s->transport_uid);

  assert_key (t, "Data Source", "Parent", s->account_uid);
  assert_key (t, "Mail Transport", "BackendName", "smtp");
  assert_key (t, "Authentication", "Host", "smtp.example.test");
  assert_key (t, "Authentication", "Port", "587");
  assert_key (t, "Authentication", "Method", "PLAIN");
  assert_key (t, "Security", "Method", "starttls-on-standard-port");

  /* No password in any file (only the RememberPassword flag) */
  g_assert_false (g_key_file_has_key (a, "Authentication", "Password", NULL));
  g_assert_false (g_key_file_has_key (t, "Authentication", "Password", NULL));
  assert_key (a, "Authentication", "RememberPassword", "true");
}

static void
test_pop3_plain (void)
{
  g_autoptr(MsAccount) account = ms_test_account_new ("bob@example.test", MS_PROTOCOL_POP3,
                                               "pop.example.test", 110, MS_SECURITY_NONE,
                                               "smtp.example.test", 465, MS_SECURITY_TLS,
                                               MS_AUTH_PASSWORD);
  g_autoptr(MsEvolutionSources) s = ms_evolution_sources_new (account, NULL, NULL);
  g_autoptr(GKeyFile) a = load (s->account_data);
  g_autoptr(GKeyFile) i = load (s->identity_data);
  g_autoptr(GKeyFile) t = load (s->transport_data);

  assert_key (a, "Mail Account", "BackendName", "pop");
  assert_key (a, "Security", "Method", "none");
  assert_key (a, "Pop Backend", "KeepOnServer", "true");
  assert_key (t, "Security", "Method", "ssl-on-alternate-port");
  g_assert_false (g_key_file_has_key (i, "Mail Identity", "Name", NULL));
}

static void
test_oauth2 (void)
{
  g_autoptr(MsAccount) gmail = ms_test_account_new ("someone@gmail.com", MS_PROTOCOL_IMAP,
                                             "imap.gmail.com", 993, MS_SECURITY_TLS,
                                             "smtp.gmail.com", 465, MS_SECURITY_TLS,
                                             MS_AUTH_OAUTH2);
  g_autoptr(MsAccount) outlook = ms_test_account_new ("someone@outlook.com", MS_PROTOCOL_IMAP,
                                               "outlook.office365.com", 993, MS_SECURITY_TLS,
                                               "smtp.office365.com", 587, MS_SECURITY_STARTTLS,
                                               MS_AUTH_OAUTH2);
  g_autoptr(MsAccount) unknown = ms_test_account_new ("someone@example.test", MS_PROTOCOL_IMAP,
                                               "imap.example.test", 993, MS_SECURITY_TLS,
                                               "smtp.example.test", 465, MS_SECURITY_TLS,
                                               MS_AUTH_OAUTH2);
  g_autoptr(GError) error = NULL;
  g_autoptr(MsEvolutionSources) g = NULL;
  g_autoptr(MsEvolutionSources) o = NULL;
  g_autoptr(MsEvolutionSources) u = NULL;

  ms_account_set_oauth2_required (gmail, TRUE);
  g = ms_evolution_sources_new (gmail, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (g->account_needs_password);
  g_assert_false (g->transport_needs_password);
  {
    g_autoptr(GKeyFile) a = load (g->account_data);
    g_autoptr(GKeyFile) t = load (g->transport_data);

    assert_key (a, "Authentication", "Method", "Google");
    assert_key (t, "Authentication", "Method", "Google");
  }

  o = ms_evolution_sources_new (outlook, NULL, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GKeyFile) a = load (o->account_data);
    assert_key (a, "Authentication", "Method", "Outlook");
  }

  g_assert_cmpstr (ms_evolution_oauth2_method ("imap.mail.yahoo.com"), ==, "Yahoo");
  g_assert_null (ms_evolution_oauth2_method ("notgmail.com"));

  /* Required OAuth2 that Evolution cannot do: a clear error, nothing built. */
  ms_account_set_oauth2_required (unknown, TRUE);
  u = ms_evolution_sources_new (unknown, NULL, &error);
  g_assert_null (u);
  g_assert_error (error, MS_EVOLUTION_ERROR, MS_EVOLUTION_ERROR_ACCOUNT_INVALID);
}

/* An ISP's relay without sign-in: the transport says "none" (Evolution's "Server requires
 * authentication" off), no user and no password for it; the store still takes one. */
static void
test_relay_no_sign_in (void)
{
  g_autoptr(MsAccount) account = ms_test_account_new ("alice@example.test", MS_PROTOCOL_IMAP,
                                               "imap.example.test", 993, MS_SECURITY_TLS,
                                               "relay.example.test", 25, MS_SECURITY_STARTTLS,
                                               MS_AUTH_PASSWORD);
  MsServer *out = ms_account_get_first_server (account, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(MsEvolutionSources) s = NULL;
  g_autoptr(GKeyFile) a = NULL;
  g_autoptr(GKeyFile) t = NULL;

  ms_server_clear_auth (out);
  ms_server_add_auth (out, MS_AUTH_NO_SIGN_IN);
  s = ms_evolution_sources_new (account, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (s->account_needs_password);
  g_assert_false (s->transport_needs_password);

  a = load (s->account_data);
  t = load (s->transport_data);
  assert_key (a, "Authentication", "User", "alice@example.test");
  assert_key (t, "Authentication", "Host", "relay.example.test");
  assert_key (t, "Authentication", "Port", "25");
  assert_key (t, "Authentication", "Method", "none");
  g_assert_false (g_key_file_has_key (t, "Authentication", "User", NULL));
  assert_key (t, "Security", "Method", "starttls-on-standard-port");
}

static void
test_missing_server (void)
{
  g_autoptr(MsAddress) address = ms_address_parse ("alice@example.test", NULL);
  g_autoptr(MsAccount) account = ms_account_new (address);
  g_autoptr(MsServer) in = ms_server_new (MS_PROTOCOL_IMAP, "imap.example.test", 993,
                                          MS_SECURITY_TLS, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MsEvolutionSources) s = NULL;

  ms_account_add_server (account, in);
  s = ms_evolution_sources_new (account, NULL, &error);
  g_assert_null (s);
  g_assert_error (error, MS_EVOLUTION_ERROR, MS_EVOLUTION_ERROR_ACCOUNT_INVALID);
}

static void
test_targets (void)
{
  g_autofree char *native = ms_evolution_get_sources_dir (MS_EVOLUTION_TARGET_NATIVE);
  g_autofree char *flatpak = ms_evolution_get_sources_dir (MS_EVOLUTION_TARGET_FLATPAK);
  g_autofree char *expected_native = g_build_filename (g_get_user_config_dir (), "evolution",
                                                       "sources", NULL);
  g_autofree char *expected_flatpak = g_build_filename (g_get_home_dir (), ".var", "app",
                                                        "org.gnome.Evolution", "config",
                                                        "evolution", "sources", NULL);

  g_assert_cmpstr (native, ==, expected_native);
  g_assert_cmpstr (flatpak, ==, expected_flatpak);
  g_assert_cmpstr (ms_evolution_get_registry_bus_name (MS_EVOLUTION_TARGET_NATIVE), ==,
                   "org.gnome.evolution.dataserver.Sources5");
  g_assert_cmpstr (ms_evolution_get_registry_bus_name (MS_EVOLUTION_TARGET_FLATPAK), ==,
                   "org.gnome.Evolution.org.gnome.evolution.dataserver.Sources5");
  g_assert_cmpstr (ms_evolution_get_keyring_origin (MS_EVOLUTION_TARGET_NATIVE), ==,
                   "evolution-data-server");
  g_assert_cmpstr (ms_evolution_get_keyring_origin (MS_EVOLUTION_TARGET_FLATPAK), ==,
                   "org.gnome.Evolution.evolution-data-server");

  /* A sources folder is enough to count. */
  g_assert_cmpint (g_mkdir_with_parents (flatpak, 0700), ==, 0);
  g_assert_true (ms_evolution_target_is_present (MS_EVOLUTION_TARGET_FLATPAK));
}

/* Inside our Flatpak, XDG_CONFIG_HOME is ~/.var/app/<our id>/config: Evolution's folder
 * must come from the real home (or HOST_XDG_CONFIG_HOME), never from the sandbox's. */
static void
test_sandbox_paths (void)
{
  const char *home = g_get_home_dir ();
  g_autofree char *sandbox_config = g_build_filename (home, ".var", "app",
                                                      "io.github.mailsetup.MailSetup", "config",
                                                      NULL);
  g_autofree char *host_native = g_build_filename (home, ".config", "evolution", "sources", NULL);
  g_autofree char *flatpak_evo = g_build_filename (home, ".var", "app", "org.gnome.Evolution",
                                                   "config", "evolution", "sources", NULL);
  g_autofree char *info = g_build_filename (g_get_tmp_dir (), "flatpak-info", NULL);
  const MsThunderbirdInstall installs[] = { MS_THUNDERBIRD_INSTALL_NATIVE,
                                            MS_THUNDERBIRD_INSTALL_FLATPAK,
                                            MS_THUNDERBIRD_INSTALL_SNAP };
  const char *tb_roots[][5] = {
    { ".thunderbird", NULL },
    { ".var", "app", "org.mozilla.Thunderbird", ".thunderbird", NULL },
    { "snap", "thunderbird", "common", ".thunderbird", NULL },
  };

  /* The sandbox as Flatpak makes it: XDG_CONFIG_HOME and XDG_DATA_HOME remapped. */
  g_setenv ("XDG_CONFIG_HOME", sandbox_config, TRUE);
  g_unsetenv ("HOST_XDG_CONFIG_HOME");
  g_unsetenv ("HOST_XDG_DATA_HOME");

  /* Outside: the XDG folder as it is. */
  ms_sandbox_set_mode (MS_SANDBOX_NONE);
  g_assert_false (ms_sandbox_is_flatpak ());
  {
    g_autofree char *native = ms_evolution_get_sources_dir (MS_EVOLUTION_TARGET_NATIVE);
    g_autofree char *config = ms_sandbox_get_host_config_dir ();
    g_autofree char *expected = g_build_filename (g_get_user_config_dir (), "evolution",
                                                  "sources", NULL);

    g_assert_cmpstr (native, ==, expected);
    g_assert_cmpstr (config, ==, g_get_user_config_dir ());
  }

  /* Inside: the real home's ~/.config, whatever XDG_CONFIG_HOME says. */
  ms_sandbox_set_mode (MS_SANDBOX_FLATPAK);
  g_assert_true (ms_sandbox_is_flatpak ());
  {
    g_autofree char *native = ms_evolution_get_sources_dir (MS_EVOLUTION_TARGET_NATIVE);
    g_autofree char *flatpak = ms_evolution_get_sources_dir (MS_EVOLUTION_TARGET_FLATPAK);
    g_autofree char *data = ms_sandbox_get_host_data_dir ();
    g_autofree char *expected_data = g_build_filename (home, ".local", "share", NULL);

    g_autofree char *sandboxed = g_build_filename (g_get_user_config_dir (), "evolution",
                                                   "sources", NULL);

    g_assert_cmpstr (native, ==, host_native);
    g_assert_cmpstr (native, !=, sandboxed);
    g_assert_false (g_str_has_prefix (native, sandbox_config));
    g_assert_cmpstr (flatpak, ==, flatpak_evo);
    g_assert_cmpstr (data, ==, expected_data);
  }

  /* Flatpak passes the host's own XDG_CONFIG_HOME on; only an absolute one counts. */
  g_setenv ("HOST_XDG_CONFIG_HOME", "/srv/elsewhere/conf", TRUE);
  g_setenv ("HOST_XDG_DATA_HOME", "relative/data", TRUE);
  {
    g_autofree char *native = ms_evolution_get_sources_dir (MS_EVOLUTION_TARGET_NATIVE);
    g_autofree char *data = ms_sandbox_get_host_data_dir ();
    g_autofree char *expected_data = g_build_filename (home, ".local", "share", NULL);

    g_assert_cmpstr (native, ==, "/srv/elsewhere/conf/evolution/sources");
    g_assert_cmpstr (data, ==, expected_data);
  }
  g_unsetenv ("HOST_XDG_CONFIG_HOME");
  g_unsetenv ("HOST_XDG_DATA_HOME");

  /* Thunderbird's folders hang off the real home in both cases. */
  for (int mode = MS_SANDBOX_NONE; mode <= MS_SANDBOX_FLATPAK; mode++)
    {
      ms_sandbox_set_mode ((MsSandboxMode) mode);
      for (guint i = 0; i < G_N_ELEMENTS (installs); i++)
        {
          g_autofree char *root = ms_thunderbird_get_root_dir (installs[i]);
          g_autofree char *rel = g_build_filenamev ((char **) tb_roots[i]);
          g_autofree char *expected = g_build_filename (home, rel, NULL);

          g_assert_cmpstr (root, ==, expected);
        }
    }

  /* An empty ~/.config/evolution/sources (as older manifests' ":create" left on hosts)
   * does not mean Evolution is there: only a folder with sources in it does. */
  ms_sandbox_set_mode (MS_SANDBOX_FLATPAK);
  g_assert_cmpint (g_mkdir_with_parents (host_native, 0700), ==, 0);
  g_assert_false (ms_evolution_target_is_present (MS_EVOLUTION_TARGET_NATIVE));
  {
    g_autofree char *proxy = g_build_filename (host_native, "system-proxy.source", NULL);

    g_assert_true (g_file_set_contents (proxy, "[Data Source]\n", -1, NULL));
    g_assert_true (ms_evolution_target_is_present (MS_EVOLUTION_TARGET_NATIVE));
    g_assert_cmpint (ms_evolution_detect_target (), ==, MS_EVOLUTION_TARGET_NATIVE);
  }

  /* Detection: /.flatpak-info, or the file MS_FLATPAK_INFO names (tests). */
  ms_sandbox_set_mode (MS_SANDBOX_DETECT);
  g_setenv ("MS_FLATPAK_INFO", info, TRUE);
  g_assert_false (ms_sandbox_is_flatpak ());
  g_assert_true (g_file_set_contents (info, "[Application]\nname=io.github.mailsetup.MailSetup\n",
                                      -1, NULL));
  g_assert_true (ms_sandbox_is_flatpak ());
  {
    g_autofree char *native = ms_evolution_get_sources_dir (MS_EVOLUTION_TARGET_NATIVE);

    g_assert_cmpstr (native, ==, host_native);
  }
  g_unsetenv ("MS_FLATPAK_INFO");
  g_unlink (info);
  ms_sandbox_set_mode (MS_SANDBOX_DETECT);
}

/* A GHashTable UID → data, from pairs ending with NULL. */
static GHashTable *
sources_table (const char *first_uid,
               ...)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  va_list args;

  va_start (args, first_uid);
  for (const char *uid = first_uid; uid != NULL; uid = va_arg (args, const char *))
    g_hash_table_insert (table, g_strdup (uid), g_strdup (va_arg (args, const char *)));
  va_end (args);
  return table;
}

#define OLD_ACCOUNT \
  "[Data Source]\nDisplayName=Work mail\nEnabled=true\nParent=\n\n" \
  "[Mail Account]\nBackendName=imapx\nIdentityUid=old-identity\nNeedsInitialSetup=false\n" \
  "ArchiveFolder=folder://old-account/Archive\n\n" \
  "[Authentication]\nHost=IMAP.Example.Test\nPort=143\nUser=alice@example.test\n" \
  "Method=Google\nRememberPassword=true\nProxyUid=system-proxy\n\n" \
  "[Security]\nMethod=starttls-on-standard-port\n\n[Imapx Backend]\nFilterInbox=true\n"
#define OLD_IDENTITY \
  "[Data Source]\nDisplayName=alice@example.test\nEnabled=true\nParent=old-account\n\n" \
  "[Mail Identity]\nAddress=alice@example.test\nName=Alice Old\nSignatureUid=sig\n\n" \
  "[Mail Submission]\nTransportUid=old-transport\nSentFolder=folder://old-account/Sent\n"
#define OLD_TRANSPORT \
  "[Data Source]\nDisplayName=alice@example.test\nEnabled=true\nParent=old-account\n\n" \
  "[Mail Transport]\nBackendName=smtp\n\n" \
  "[Authentication]\nHost=smtp.example.test\nPort=465\nUser=alice@example.test\nMethod=PLAIN\n\n" \
  "[Security]\nMethod=ssl-on-alternate-port\n"
#define OTHER_ACCOUNT \
  "[Data Source]\nDisplayName=alice elsewhere\nEnabled=true\nParent=\n\n" \
  "[Mail Account]\nBackendName=imapx\nIdentityUid=other-identity\n\n" \
  "[Authentication]\nHost=imap.other.test\nPort=993\nUser=alice@example.test\n"

static void
test_sources_update (void)
{
  g_autoptr(MsAccount) account = ms_test_account_new ("alice@example.test", MS_PROTOCOL_IMAP,
                                               "imap.example.test", 993, MS_SECURITY_TLS,
                                               "smtp.example.test", 587, MS_SECURITY_STARTTLS,
                                               MS_AUTH_PASSWORD);
  g_autoptr(GHashTable) existing = sources_table ("old-account", OLD_ACCOUNT,
                                                  "old-identity", OLD_IDENTITY,
                                                  "old-transport", OLD_TRANSPORT,
                                                  "other-account", OTHER_ACCOUNT,
                                                  "system-proxy", "[Data Source]\nDisplayName=Proxy\n",
                                                  NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MsEvolutionSources) s = NULL;
  g_autoptr(GKeyFile) a = NULL;
  g_autoptr(GKeyFile) i = NULL;
  g_autoptr(GKeyFile) t = NULL;

  /* Found by host (case aside) and address; the other host's account is another one. */
  g_assert_cmpstr (ms_evolution_find_account (existing, account), ==, "old-account");
  g_assert_null (ms_evolution_find_account (NULL, account));

  s = ms_evolution_sources_new_merged (account, "Alice New", existing, &error);
  g_assert_no_error (error);
  g_assert_true (s->updated);
  g_assert_true (s->account_exists && s->identity_exists && s->transport_exists);
  g_assert_cmpstr (s->account_uid, ==, "old-account");
  g_assert_cmpstr (s->identity_uid, ==, "old-identity");
  g_assert_cmpstr (s->transport_uid, ==, "old-transport");

  a = load (s->account_data);
  i = load (s->identity_data);
  t = load (s->transport_data);
  /* Ours replaced … */
  assert_key (a, "Authentication", "Host", "imap.example.test");
  assert_key (a, "Authentication", "Port", "993");
  assert_key (a, "Security", "Method", "ssl-on-alternate-port");
  assert_key (a, "Mail Account", "IdentityUid", "old-identity");
  g_assert_false (g_key_file_has_key (a, "Authentication", "Method", NULL));
  assert_key (i, "Mail Identity", "Name", "Alice New");
  assert_key (i, "Mail Submission", "TransportUid", "old-transport");
  assert_key (t, "Authentication", "Port", "587");
  assert_key (t, "Security", "Method", "starttls-on-standard-port");
  assert_key (t, "Data Source", "Parent", "old-account");
  /* … theirs kept. */
  assert_key (a, "Data Source", "DisplayName", "Work mail");
  assert_key (a, "Mail Account", "NeedsInitialSetup", "false");
  assert_key (a, "Mail Account", "ArchiveFolder", "folder://old-account/Archive");
  assert_key (a, "Authentication", "ProxyUid", "system-proxy");
  assert_key (a, "Imapx Backend", "FilterInbox", "true");
  assert_key (i, "Mail Identity", "SignatureUid", "sig");
  assert_key (i, "Mail Submission", "SentFolder", "folder://old-account/Sent");
  g_clear_pointer (&s, ms_evolution_sources_free);

  /* Without the identity (and so without the transport): those two are new. */
  g_hash_table_remove (existing, "old-identity");
  s = ms_evolution_sources_new_merged (account, NULL, existing, &error);
  g_assert_no_error (error);
  g_assert_true (s->updated && s->account_exists);
  g_assert_false (s->identity_exists || s->transport_exists);
  g_assert_cmpstr (s->account_uid, ==, "old-account");
  g_assert_true (is_uid (s->identity_uid) && is_uid (s->transport_uid));
  g_clear_pointer (&a, g_key_file_unref);
  a = load (s->account_data);
  assert_key (a, "Mail Account", "IdentityUid", s->identity_uid);
  g_clear_pointer (&s, ms_evolution_sources_free);

  /* An identity UID naming a source of another kind (a calendar): left alone, a new one. */
  g_hash_table_insert (existing, g_strdup ("old-identity"),
                       g_strdup ("[Data Source]\nDisplayName=Birthdays\n\n[Calendar]\nBackendName=local\n"));
  s = ms_evolution_sources_new_merged (account, NULL, existing, &error);
  g_assert_no_error (error);
  g_assert_true (s->account_exists);
  g_assert_false (s->identity_exists || s->transport_exists);
  g_assert_cmpstr (s->identity_uid, !=, "old-identity");
  g_clear_pointer (&s, ms_evolution_sources_free);
  g_hash_table_remove (existing, "old-identity");

  /* Another incoming host: a new account. */
  {
    g_autoptr(MsAccount) other = ms_test_account_new ("alice@example.test", MS_PROTOCOL_POP3,
                                               "pop.example.test", 995, MS_SECURITY_TLS,
                                               "smtp.example.test", 587, MS_SECURITY_STARTTLS,
                                               MS_AUTH_PASSWORD);

    s = ms_evolution_sources_new_merged (other, NULL, existing, &error);
    g_assert_no_error (error);
    g_assert_false (s->updated || s->account_exists);
    g_assert_true (is_uid (s->account_uid));
    g_clear_pointer (&s, ms_evolution_sources_free);
  }

  /* Part of a collection (GNOME Online Accounts and the like): refused. */
  g_hash_table_replace (existing, g_strdup ("old-account"),
                        g_strdup ("[Data Source]\nParent=goa-collection\n\n"
                                  "[Mail Account]\nBackendName=imapx\n\n"
                                  "[Authentication]\nHost=imap.example.test\n"
                                  "User=alice@example.test\n"));
  s = ms_evolution_sources_new_merged (account, NULL, existing, &error);
  g_assert_null (s);
  g_assert_error (error, MS_EVOLUTION_ERROR, MS_EVOLUTION_ERROR_ACCOUNT_EXISTS);
  g_assert_nonnull (strstr (error->message, "alice@example.test"));
}

/* A fuzzer finding (tests/fuzz/corpus/evolution-source/regression-account-is-its-own-identity):
 * three sources "a", "b", "c" where our account "b" names itself as its identity. The
 * merge must not write the account and the identity under the same UID, so that merging
 * again into what it made finds the same account. */
static const guint8 own_identity_input[] = {
  0x5b, 0x44, 0x61, 0x74, 0x61, 0x20, 0x53, 0x6f, 0x75, 0x72, 0x63, 0x65,
  0x5d, 0x0a, 0x44, 0x69, 0x73, 0x70, 0x6c, 0x61, 0x79, 0x4e, 0x21, 0x6d,
  0x65, 0x3d, 0x73, 0x6f, 0x6d, 0x65, 0x6f, 0x6e, 0x65, 0x40, 0x67, 0x6d,
  0x61, 0x69, 0x6c, 0x2e, 0x63, 0x6f, 0x6d, 0x0a, 0x45, 0x6e, 0x61, 0x62,
  0x6c, 0x65, 0x64, 0x3d, 0x74, 0x72, 0x75, 0x65, 0x0a, 0x50, 0x61, 0x72,
  0x65, 0x6e, 0x74, 0x3d, 0x0a, 0x0a, 0x5b, 0x4d, 0x61, 0x69, 0x6c, 0x20,
  0x41, 0x63, 0x63, 0x6f, 0x75, 0x6e, 0x74, 0x5d, 0x0a, 0x42, 0x61, 0x63,
  0x6b, 0x65, 0x6e, 0x64, 0x4e, 0x61, 0x6d, 0x65, 0x3d, 0x69, 0x6d, 0x61,
  0x70, 0x78, 0x0a, 0x49, 0x64, 0x65, 0x6e, 0x74, 0x69, 0x74, 0x79, 0x55,
  0x69, 0x64, 0x3d, 0x62, 0x0a, 0x4e, 0x65, 0x65, 0x64, 0x73, 0x49, 0x6e,
  0x69, 0x74, 0x69, 0x61, 0x6c, 0x53, 0x65, 0x74, 0x75, 0x70, 0x3d, 0x74,
  0x72, 0x75, 0x65, 0x0a, 0x0a, 0x5b, 0x41, 0x75, 0x74, 0x68, 0x65, 0x6e,
  0x74, 0x69, 0x63, 0x61, 0x74, 0x69, 0x6f, 0x6e, 0x5d, 0x0a, 0x48, 0x6f,
  0x73, 0x74, 0x3d, 0x69, 0x6d, 0x61, 0x70, 0x2e, 0x67, 0x6d, 0x61, 0x69,
  0x6c, 0x2e, 0x63, 0x6f, 0x6d, 0x0a, 0x50, 0x6f, 0x72, 0x74, 0x3d, 0x39,
  0x39, 0x33, 0x0a, 0x55, 0x73, 0x65, 0x72, 0x3d, 0x73, 0x6f, 0x6d, 0x65,
  0x6f, 0x6e, 0x65, 0x40, 0x67, 0x6d, 0x61, 0x69, 0x6c, 0x2e, 0x63, 0x6f,
  0x6d, 0x0a, 0x4d, 0x65, 0x74, 0x68, 0x6f, 0x64, 0x3d, 0x47, 0x6f, 0x6f,
  0x67, 0x6c, 0x65, 0x0a, 0x52, 0x65, 0x6d, 0x65, 0x6d, 0x62, 0x65, 0x72,
  0x50, 0x61, 0x73, 0x73, 0x77, 0x6f, 0x72, 0x64, 0x3d, 0x74, 0x72, 0x75,
  0x65, 0x0a, 0x0a, 0x5b, 0x53, 0x65, 0x63, 0x75, 0x72, 0x69, 0x74, 0x79,
  0x5d, 0x0a, 0x4d, 0x65, 0x74, 0x68, 0x6f, 0x64, 0x3d, 0x73, 0x73, 0x6c,
  0x2d, 0x6f, 0x6e, 0x2d, 0x61, 0x6c, 0x74, 0x65, 0x72, 0x6e, 0x61, 0x74,
  0x65, 0x2d, 0x70, 0x6f, 0x72, 0x74, 0x0a, 0x0c, 0x0a, 0x5b, 0x44, 0x61,
  0x74, 0x61, 0x20, 0x53, 0x6f, 0x75, 0x72, 0x63, 0x65, 0x5d, 0x0a, 0x44,
  0x69, 0x73, 0x70, 0x6c, 0x61, 0x79, 0x4e, 0x61, 0x6d, 0x65, 0x3d, 0x73,
  0x6f, 0x6d, 0x65, 0x6f, 0x6e, 0x65, 0x40, 0x67, 0x6d, 0x6f, 0x65, 0x3d,
  0x61, 0x6c, 0x69, 0x63, 0x65, 0x40, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c,
  0x65, 0x2e, 0x74, 0x65, 0x73, 0x74, 0x0a, 0x45, 0x6e, 0x61, 0x62, 0x6c,
  0x65, 0x64, 0x3d, 0x74, 0x72, 0x75, 0x65, 0x0a, 0x50, 0x61, 0x72, 0x65,
  0x6e, 0x74, 0x3d, 0x0a, 0x0a, 0x5b, 0x4d, 0x61, 0x69, 0x6c, 0x20, 0x41,
  0x63, 0x63, 0x6f, 0x75, 0x6e, 0x74, 0x5d, 0x0a, 0x42, 0x61, 0x63, 0x6b,
  0x65, 0x6e, 0x64, 0x4e, 0x61, 0x6d, 0x65, 0x3d, 0x69, 0x6d, 0x61, 0x70,
  0x78, 0x0a, 0x49, 0x64, 0x65, 0x6e, 0x74, 0x69, 0x74, 0x79, 0x55, 0x69,
  0x64, 0x3d, 0x62, 0x0a, 0x4e, 0x65, 0x65, 0x64, 0x73, 0x49, 0x6e, 0x69,
  0x74, 0x69, 0x61, 0x6c, 0x53, 0x65, 0x74, 0x75, 0x70, 0x3d, 0x74, 0x72,
  0x75, 0x65, 0x0a, 0x0a, 0x5b, 0x41, 0x75, 0x74, 0x68, 0x65, 0x6e, 0x74,
  0x69, 0x63, 0x61, 0x74, 0x69, 0x6f, 0x6e, 0x5d, 0x0a, 0x48, 0x6f, 0x73,
  0x74, 0x3d, 0x69, 0x6d, 0x61, 0x70, 0x2e, 0x65, 0x78, 0x61, 0x6d, 0x70,
  0x6c, 0x65, 0x2e, 0x74, 0x65, 0x73, 0x74, 0x0a, 0x50, 0x6f, 0x72, 0x74,
  0x3d, 0x39, 0x39, 0x32, 0x0a, 0x55, 0x73, 0x65, 0x72, 0x3d, 0x61, 0x6c,
  0x69, 0x63, 0x65, 0x40, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x2e,
  0x74, 0x65, 0x73, 0x74, 0x0a, 0x4d, 0x65, 0x74, 0x68, 0x6f, 0x64, 0x3d,
  0x47, 0x6f, 0x6f, 0x67, 0x6c, 0x65, 0x0a, 0x52, 0x65, 0x6d, 0x65, 0x6d,
  0x62, 0x65, 0x72, 0x50, 0x61, 0x73, 0x73, 0x77, 0x6f, 0x72, 0x64, 0x3d,
  0x74, 0x72, 0x75, 0x65, 0x0a, 0x0a, 0x5b, 0x53, 0x65, 0x63, 0x75, 0x72,
  0x69, 0x74, 0x79, 0x5d, 0x0a, 0x4d, 0x65, 0x74, 0x68, 0x6f, 0x64, 0x3d,
  0x73, 0x73, 0x6c, 0x2d, 0x6f, 0x6e, 0x2d, 0x61, 0x6c, 0x74, 0x65, 0x72,
  0x6e, 0x61, 0x74, 0x65, 0x2d, 0x70, 0x6f, 0x72, 0x74, 0x0a, 0x0c, 0x0a,
  0x5b, 0x44, 0x61, 0x74, 0x61, 0x20, 0x53, 0x6f, 0x75, 0x72, 0x63, 0x65,
  0x5d, 0x0a, 0x44, 0x69, 0x73, 0x70, 0x6c, 0x61, 0x79, 0x4e, 0x61, 0x6d,
  0x65, 0x3d, 0x61, 0x6c, 0x69, 0x63, 0x65, 0x40, 0x65, 0x78, 0x61, 0x6d,
  0x61, 0x73, 0x73, 0x77, 0x6f, 0x72, 0x64, 0x3d, 0x74, 0x72, 0x75, 0x65,
  0x0a, 0x0a, 0x5b, 0x53, 0x65, 0x63, 0x75, 0x72, 0x69, 0x74, 0x79, 0x5d,
  0x0a, 0x4d, 0x65, 0x74, 0x68, 0x6f, 0x64, 0x3d, 0x73, 0x73, 0x6c, 0x2d,
  0x6f, 0x6e, 0x2d, 0x61, 0x6c, 0x74, 0x65, 0x72, 0x6e, 0x61, 0x74, 0x65,
  0x2d, 0x70, 0x6f, 0x72, 0x74, 0x0a,
};

/* tests/fuzz/corpus/evolution-source/regression-identity-is-another-account: our account
 * "c" names "b" as its identity, but "b" is an account itself (with an identity group). */
static const guint8 other_account_input[] = {
  0x5b, 0xff, 0xff, 0xff, 0x42, 0xff, 0xff, 0xff, 0xff, 0x02, 0x44, 0x61,
  0x74, 0x53, 0x6f, 0x75, 0x72, 0x63, 0x65, 0x5d, 0x0a, 0x44, 0x69, 0x73,
  0x70, 0x6c, 0x61, 0x79, 0x4e, 0x61, 0x6d, 0x65, 0x3d, 0x65, 0x65, 0x24,
  0x73, 0x49, 0x6e, 0x69, 0x74, 0x69, 0x61, 0x6c, 0x53, 0x65, 0x74, 0x75,
  0x70, 0x3d, 0x74, 0x72, 0x75, 0x65, 0x0a, 0x0a, 0x5b, 0x41, 0x75, 0x74,
  0x68, 0x65, 0x6e, 0x74, 0x69, 0x63, 0x61, 0x74, 0x69, 0x6f, 0x6e, 0x5d,
  0x0a, 0x48, 0x6f, 0x73, 0x74, 0x3d, 0x69, 0x6d, 0x61, 0x70, 0x2e, 0x65,
  0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x2e, 0x74, 0x65, 0x73, 0x74, 0x0a,
  0x50, 0x6f, 0x72, 0x74, 0x3d, 0x39, 0x39, 0x34, 0x0a, 0x55, 0x73, 0x65,
  0x72, 0x3d, 0x61, 0x6c, 0x73, 0x73, 0x6c, 0x2d, 0x6f, 0x6e, 0x2d, 0x61,
  0x6c, 0x74, 0x65, 0x72, 0x6e, 0x61, 0x74, 0x65, 0x2d, 0x70, 0x6f, 0x72,
  0x74, 0x0a, 0x0c, 0x0a, 0x5b, 0x44, 0x61, 0x74, 0x61, 0x20, 0x53, 0x6f,
  0x44, 0x61, 0x74, 0x61, 0x20, 0x53, 0x6f, 0x75, 0x72, 0x63, 0x65, 0x5d,
  0x0a, 0x44, 0x69, 0x73, 0x72, 0x65, 0x6a, 0x74, 0x3d, 0x0a, 0x0a, 0x5b,
  0x4d, 0x61, 0x69, 0x6c, 0x20, 0x41, 0x63, 0x63, 0x6f, 0x75, 0x6e, 0x74,
  0x5d, 0x0a, 0x42, 0x61, 0x63, 0x61, 0x6d, 0x65, 0x3d, 0x78, 0x0a, 0x49,
  0x64, 0x65, 0x6e, 0x74, 0x69, 0x74, 0x79, 0x55, 0x69, 0x64, 0x3d, 0x62,
  0x0a, 0x4e, 0x65, 0x6c, 0x53, 0x65, 0x74, 0x75, 0x70, 0x3d, 0x6f, 0x72,
  0x75, 0x65, 0x0a, 0x0a, 0x5b, 0x41, 0x75, 0x74, 0x68, 0x65, 0x6e, 0x74,
  0x69, 0x63, 0x61, 0x74, 0x69, 0x6f, 0x6e, 0x5d, 0x0a, 0x48, 0x6f, 0x73,
  0x74, 0x3d, 0x69, 0x6d, 0x61, 0x70, 0x2e, 0x65, 0x78, 0x61, 0x6d, 0x70,
  0x6c, 0x65, 0x2e, 0x74, 0x65, 0x73, 0x74, 0x0a, 0x50, 0x6f, 0x72, 0x74,
  0x3d, 0x39, 0x39, 0x33, 0x0a, 0x55, 0x73, 0x65, 0x72, 0x3d, 0x10, 0x10,
  0x6d, 0x72, 0x65, 0x6e, 0x74, 0x3d, 0x61, 0x0a, 0x0a, 0x5b, 0x4d, 0x61,
  0x69, 0x6c, 0x20, 0x49, 0x64, 0x65, 0x6e, 0x74, 0x69, 0x74, 0x79, 0x5d,
  0x0a, 0x41, 0x64, 0x64, 0x72, 0x65, 0x73, 0x73, 0x3d, 0x61, 0x6c, 0x69,
  0x63, 0x65, 0x40, 0x5c, 0x0a, 0x55, 0x69, 0x64, 0x3d, 0x63, 0x0a, 0x0c,
  0x0a, 0x5b, 0x44, 0x61, 0x74, 0x53, 0x6f, 0x75, 0x72, 0x67, 0x65, 0x5d,
  0x0a, 0x44, 0x69, 0x73, 0x70, 0x6c, 0x61, 0x79, 0x4e, 0x61, 0x6d, 0x65,
  0x3d, 0x61, 0x65, 0x74, 0x75, 0x70, 0x3d, 0x74, 0x72, 0x75, 0x65, 0x0a,
  0x0a, 0x5b, 0x41, 0x75, 0x74, 0x68, 0x65, 0x6e, 0x74, 0x69, 0x63, 0x61,
  0x74, 0x69, 0x6f, 0x6e, 0x5d, 0x0a, 0x48, 0x6f, 0x73, 0x74, 0x3d, 0x69,
  0x6d, 0x61, 0x70, 0x2e, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x2e,
  0x74, 0x65, 0x73, 0x74, 0x0a, 0x50, 0x6f, 0x72, 0x74, 0x3d, 0x39, 0x39,
  0x34, 0x0a, 0x55, 0x73, 0x65, 0x72, 0x3d, 0x61, 0x6c, 0x73, 0x73, 0x6c,
  0x0a, 0x0a, 0x5b, 0x4d, 0x61, 0x69, 0x6c, 0x20, 0x41, 0x63, 0x63, 0x6f,
  0x75, 0x6e, 0x74, 0x5d, 0x0a, 0x42, 0x61, 0x63, 0x61, 0x6d, 0x65, 0x3d,
  0x78, 0x0a, 0x49, 0x64, 0x65, 0x6e, 0x74, 0x69, 0x74, 0x79, 0x55, 0x69,
  0x64, 0x3d, 0x62, 0x0a, 0x4e, 0x65, 0x6c, 0x53, 0x65, 0x74, 0x75, 0x70,
  0x3d, 0x6f, 0x72, 0x75, 0x65, 0x0a, 0x0a, 0x5b, 0x41, 0x75, 0x74, 0x68,
  0x65, 0x6e, 0x74, 0x69, 0x63, 0x61, 0x74, 0x69, 0x6f, 0x6e, 0x5d, 0x0a,
  0x48, 0x6f, 0x73, 0x74, 0x3d, 0x69, 0x6d, 0x61, 0x65, 0x6c, 0x63, 0x69,
  0x61, 0x40, 0x65, 0x78, 0x61, 0x6c, 0x65, 0x65, 0x6e, 0x74, 0x3d, 0x0a,
  0x0a, 0x5b, 0x4d, 0x61, 0x69, 0x6c, 0x20, 0x41, 0x63, 0x63, 0x6f, 0x75,
  0x6e, 0x74, 0x5d, 0x0a, 0x42, 0x61, 0x6d, 0x76, 0x74, 0x70, 0x3d, 0x74,
  0x72, 0x75, 0x65, 0x0a, 0x0a, 0x5b, 0x41, 0x75, 0x74, 0x68, 0x65, 0x6e,
  0x74, 0x69, 0x63, 0x61, 0x74, 0x69, 0x6f, 0x6e, 0x5d, 0x0a, 0x48, 0x6f,
  0x73, 0x74, 0x3d, 0x69, 0x6d, 0x61, 0x70, 0x2e, 0x65, 0x78, 0x61, 0x6d,
  0x70, 0x6c, 0x65, 0x2e, 0x74, 0x65, 0x73, 0x74, 0x0a, 0x50, 0x6f, 0x72,
  0x74, 0x3d, 0x34, 0x39, 0x36, 0x0a, 0x55, 0x73, 0x65, 0x72, 0x3d, 0x61,
  0x6c, 0x69, 0x63, 0x65, 0x40, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65,
  0x2e, 0x74, 0x65, 0x73, 0x74, 0x0a, 0x4d, 0x65, 0x73, 0x68, 0x6f, 0x72,
  0x64, 0x3d, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0xf4, 0x73, 0x73,
  0x65, 0x72, 0x6e, 0x61, 0x0a,
};

/* As the fuzz target does: @input split at form feed lines is sources "a", "b", "c"; our
 * account is merged into them, then merged again into what that made. */
static void
assert_merges_again (const guint8 *input,
                     gsize         size,
                     const char   *account_uid)
{
  static const char *const uids[] = { "a", "b", "c" };
  g_autoptr(MsAccount) account = ms_test_account_new ("alice@example.test", MS_PROTOCOL_IMAP,
                                               "imap.example.test", 993, MS_SECURITY_TLS,
                                               "smtp.example.test", 465, MS_SECURITY_TLS,
                                               MS_AUTH_PASSWORD);
  g_autofree char *text = g_strndup ((const char *) input, size);
  g_auto(GStrv) parts = g_strsplit (text, "\f\n", G_N_ELEMENTS (uids));
  g_autoptr(GHashTable) existing = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) made = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autoptr(MsEvolutionSources) s = NULL;
  g_autoptr(MsEvolutionSources) s2 = NULL;

  g_assert_cmpuint (g_strv_length (parts), ==, G_N_ELEMENTS (uids));
  for (guint n = 0; n < G_N_ELEMENTS (uids); n++)
    g_hash_table_insert (existing, (gpointer) uids[n], parts[n]);

  s = ms_evolution_sources_new_merged (account, "Alice", existing, &error);
  g_assert_no_error (error);
  g_assert_true (s->account_exists);
  g_assert_cmpstr (s->account_uid, ==, account_uid);
  /* three files under three names */
  g_assert_cmpstr (s->identity_uid, !=, s->account_uid);
  g_assert_cmpstr (s->transport_uid, !=, s->account_uid);
  g_assert_cmpstr (s->transport_uid, !=, s->identity_uid);

  g_hash_table_insert (made, s->account_uid, s->account_data);
  g_hash_table_insert (made, s->identity_uid, s->identity_data);
  g_hash_table_insert (made, s->transport_uid, s->transport_data);
  s2 = ms_evolution_sources_new_merged (account, "Alice", made, &error);
  g_assert_no_error (error);
  g_assert_true (s2->account_exists && s2->identity_exists && s2->transport_exists);
  g_assert_cmpstr (s2->account_uid, ==, s->account_uid);
  g_assert_cmpstr (s2->identity_uid, ==, s->identity_uid);
  g_assert_cmpstr (s2->transport_uid, ==, s->transport_uid);
  /* idempotent: the second merge changes nothing */
  g_assert_cmpstr (s2->account_data, ==, s->account_data);
  g_assert_cmpstr (s2->identity_data, ==, s->identity_data);
  g_assert_cmpstr (s2->transport_data, ==, s->transport_data);
}

static void
test_sources_merge_again (void)
{
  assert_merges_again (own_identity_input, sizeof own_identity_input, "b");
  assert_merges_again (other_account_input, sizeof other_account_input, "c");
}

static void
test_labels (void)
{
  g_autofree char *account = ms_secret_eds_label ("a@b.test", "Mail Account", "imapx", NULL);
  g_autofree char *transport = ms_secret_eds_label ("a@b.test", "Mail Transport", "smtp", "UID");
  const SecretSchema *schema = ms_secret_get_eds_schema ();

  /* The same strings as EDS's e_source_dup_secret_label(), trailing space included. */
  g_assert_cmpstr (account, ==, "Evolution Data Source \"a@b.test\" (Mail Account - imapx) ");
  g_assert_cmpstr (transport, ==,
                   "Evolution Data Source \"a@b.test\" (Mail Transport - smtp)  of UID");
  g_assert_cmpstr (schema->name, ==, "org.gnome.Evolution.Data.Source");
  g_assert_cmpint (schema->flags, ==, SECRET_SCHEMA_DONT_MATCH_NAME);
  g_assert_cmpstr (schema->attributes[0].name, ==, "e-source-uid");
  g_assert_cmpstr (schema->attributes[1].name, ==, "eds-origin");
  g_assert_null (schema->attributes[2].name);
}

typedef struct {
  GMainLoop *loop;
  MsEvolutionResult *result;
  GError *error;
} ExportRun;

static void
export_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  ExportRun *run = user_data;

  run->result = ms_export_evolution_finish (result, &run->error);
  g_main_loop_quit (run->loop);
}

static void
check_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  ExportRun *run = user_data;

  ms_secret_check_finish (result, &run->error);
  g_main_loop_quit (run->loop);
}

/* Only where no session bus can be reached: never near a real keyring. */
static gboolean
no_bus_here (void)
{
  if (g_getenv ("MS_ISOLATE_ROOT") == NULL || g_getenv ("DBUS_SESSION_BUS_ADDRESS") != NULL ||
      g_getenv ("DISPLAY") != NULL)
    {
      g_test_skip ("needs build-aux/isolate without --dbus");
      return FALSE;
    }
  return TRUE;
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static void
test_export_without_bus (void)
{
  g_autoptr(MsAccount) account = ms_test_account_new ("alice@example.test", MS_PROTOCOL_IMAP,
                                               "imap.example.test", 993, MS_SECURITY_TLS,
                                               "smtp.example.test", 587, MS_SECURITY_STARTTLS,
                                               MS_AUTH_PASSWORD);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *dir = ms_evolution_get_sources_dir (MS_EVOLUTION_TARGET_NATIVE);
  ExportRun run = { loop, NULL, NULL };

  if (!no_bus_here ())
    return;

  /* The keyring check alone: no Secret Service */
  ms_secret_check_async (MS_SECRET_FLAGS_NONE, NULL, check_done, &run);
  g_main_loop_run (loop);
  g_assert_error (run.error, MS_SECRET_ERROR, MS_SECRET_ERROR_NO_SERVICE);
  g_clear_error (&run.error);

  /* With a password: refused before anything is written. */
  ms_export_evolution_async (account, "Alice", "secret", MS_EVOLUTION_TARGET_NATIVE, NULL,
                             export_done, &run);
  g_main_loop_run (loop);
  g_assert_null (run.result);
  g_assert_error (run.error, MS_SECRET_ERROR, MS_SECRET_ERROR_NO_SERVICE);
  g_clear_error (&run.error);
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));

  /* Without one (Evolution will ask): the three files, 0600, no registry. */
  ms_export_evolution_async (account, "Alice", NULL, MS_EVOLUTION_TARGET_NATIVE, NULL,
                             export_done, &run);
  g_main_loop_run (loop);
  g_assert_no_error (run.error);
  g_assert_false (run.result->via_registry);
  g_assert_cmpint (run.result->files->len, ==, 3);
  g_assert_cmpint (run.result->secrets->len, ==, 0);
  g_assert_cmpstr (run.result->sources_dir, ==, dir);
  g_assert_cmpint (count_files (dir), ==, 3);
  ms_evolution_result_free (run.result);
}

/* The same export twice (no registry): the files of the first are updated in place. */
static void
test_export_twice (void)
{
  g_autoptr(MsAccount) account = ms_test_account_new ("alice@example.test", MS_PROTOCOL_IMAP,
                                               "imap.example.test", 993, MS_SECURITY_TLS,
                                               "smtp.example.test", 587, MS_SECURITY_STARTTLS,
                                               MS_AUTH_PASSWORD);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *dir = ms_evolution_get_sources_dir (MS_EVOLUTION_TARGET_NATIVE);
  g_autoptr(MsEvolutionResult) first = NULL;
  g_autoptr(GKeyFile) identity = NULL;
  g_autofree char *path = NULL;
  ExportRun run = { loop, NULL, NULL };

  if (!no_bus_here ())
    return;

  ms_export_evolution_async (account, "Alice", NULL, MS_EVOLUTION_TARGET_NATIVE, NULL,
                             export_done, &run);
  g_main_loop_run (loop);
  g_assert_no_error (run.error);
  first = g_steal_pointer (&run.result);
  g_assert_false (first->updated);

  ms_export_evolution_async (account, "Alice Again", NULL, MS_EVOLUTION_TARGET_NATIVE, NULL,
                             export_done, &run);
  g_main_loop_run (loop);
  g_assert_no_error (run.error);
  g_assert_true (run.result->updated);
  g_assert_cmpstr (run.result->account_uid, ==, first->account_uid);
  g_assert_cmpstr (run.result->identity_uid, ==, first->identity_uid);
  g_assert_cmpstr (run.result->transport_uid, ==, first->transport_uid);
  g_assert_cmpint (run.result->files->len, ==, 3);
  g_assert_cmpint (count_files (dir), ==, 3);
  path = g_strconcat (dir, G_DIR_SEPARATOR_S, first->identity_uid, ".source", NULL);
  identity = g_key_file_new ();
  g_assert_true (g_key_file_load_from_file (identity, path, G_KEY_FILE_NONE, NULL));
  assert_key (identity, "Mail Identity", "Name", "Alice Again");
  ms_evolution_result_free (run.result);
}

static void
test_export_cancelled (void)
{
  g_autoptr(MsAccount) account = ms_test_account_new ("alice@example.test", MS_PROTOCOL_IMAP,
                                               "imap.example.test", 993, MS_SECURITY_TLS,
                                               "smtp.example.test", 587, MS_SECURITY_STARTTLS,
                                               MS_AUTH_PASSWORD);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *dir = ms_evolution_get_sources_dir (MS_EVOLUTION_TARGET_NATIVE);
  ExportRun run = { loop, NULL, NULL };

  if (!no_bus_here ())
    return;

  g_cancellable_cancel (cancellable);
  ms_export_evolution_async (account, NULL, NULL, MS_EVOLUTION_TARGET_NATIVE, cancellable,
                             export_done, &run);
  g_main_loop_run (loop);
  g_assert_null (run.result);
  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&run.error);
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/evolution/sources/imap", test_imap);
  g_test_add_func ("/evolution/sources/pop3-plain", test_pop3_plain);
  g_test_add_func ("/evolution/sources/oauth2", test_oauth2);
  g_test_add_func ("/evolution/sources/relay-no-sign-in", test_relay_no_sign_in);
  g_test_add_func ("/evolution/sources/missing-server", test_missing_server);
  g_test_add_func ("/evolution/targets", test_targets);
  g_test_add_func ("/evolution/sandbox-paths", test_sandbox_paths);
  g_test_add_func ("/evolution/sources/update", test_sources_update);
  g_test_add_func ("/evolution/sources/merge-again", test_sources_merge_again);
  g_test_add_func ("/evolution/keyring-labels", test_labels);
  g_test_add_func ("/evolution/export/without-bus", test_export_without_bus);
  g_test_add_func ("/evolution/export/twice", test_export_twice);
  g_test_add_func ("/evolution/export/cancelled", test_export_cancelled);

  return g_test_run ();
}
