/* test-repair.c: reading accounts back from prefs.js and .source data, and the diagnosis
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "ms-account-reader.h"
#include "ms-evolution-sources.h"
#include "ms-repair.h"

static const char prefs_text[] =
  "user_pref(\"mail.accountmanager.accounts\", \"account2,account1\");\n"
  "user_pref(\"mail.account.account1.server\", \"server1\");\n"
  "user_pref(\"mail.server.server1.type\", \"none\");\n"
  "user_pref(\"mail.account.account2.server\", \"server2\");\n"
  "user_pref(\"mail.account.account2.identities\", \"id1\");\n"
  "user_pref(\"mail.server.server2.type\", \"imap\");\n"
  "user_pref(\"mail.server.server2.hostname\", \"mail.twc.com\");\n"
  "user_pref(\"mail.server.server2.port\", 993);\n"
  "user_pref(\"mail.server.server2.socketType\", 3);\n"
  "user_pref(\"mail.server.server2.userName\", \"sam\");\n"
  "user_pref(\"mail.identity.id1.useremail\", \"sam@example.com\");\n"
  "user_pref(\"mail.smtp.defaultserver\", \"smtp1\");\n"
  "user_pref(\"mail.smtpserver.smtp1.hostname\", \"smtp.example.com\");\n"
  "user_pref(\"mail.smtpserver.smtp1.port\", 25);\n"
  "user_pref(\"mail.smtpserver.smtp1.username\", \"sam@example.com\");\n";

static MsAccount *
right_account (void)
{
  g_autoptr(MsAddress) address = ms_address_parse ("sam@example.com", NULL);
  MsAccount *account = ms_account_new (address);
  g_autoptr(MsServer) in = ms_server_new (MS_PROTOCOL_IMAP, "mobile.charter.net", 993,
                                          MS_SECURITY_TLS, "%EMAILADDRESS%");
  g_autoptr(MsServer) out = ms_server_new (MS_PROTOCOL_SMTP, "smtp.example.com", 587,
                                           MS_SECURITY_STARTTLS, "%EMAILADDRESS%");

  ms_server_add_auth (in, MS_AUTH_PASSWORD);
  ms_server_add_auth (out, MS_AUTH_PASSWORD);
  ms_account_add_server (account, in);
  ms_account_add_server (account, out);
  ms_account_set_provider_short_name (account, "Spectrum");
  return account;
}

static void
test_thunderbird_diagnose (void)
{
  g_autoptr(MsPrefs) prefs = ms_prefs_parse (prefs_text, strlen (prefs_text), NULL);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_found_account_free);
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_repair_change_free);
  g_autoptr(MsAccount) right = right_account ();
  g_autoptr(MsServer) fixed_in = NULL;
  g_autoptr(MsServer) fixed_out = NULL;
  guint n;
  const MsMailClient *clients = ms_mail_client_get_all (&n);
  MsFoundAccount *a;
  GString *all = g_string_new (NULL);

  g_assert_nonnull (prefs);
  ms_account_reader_parse_thunderbird (prefs, &clients[n - 1], "/p", "default", found);
  g_assert_cmpuint (found->len, ==, 1);   /* Local Folders is not a mail account */
  a = g_ptr_array_index (found, 0);
  g_assert_cmpstr (a->address, ==, "sam@example.com");
  g_assert_cmpstr (a->smtp_key, ==, "smtp1");   /* the default SMTP server */
  g_assert_cmpuint (ms_server_get_port (a->outgoing), ==, 25);
  g_assert_cmpint (ms_server_get_security (a->outgoing), ==, MS_SECURITY_NONE);

  ms_repair_diagnose (a, right, changes, &fixed_in, &fixed_out);
  for (guint i = 0; i < changes->len; i++)
    {
      MsRepairChange *c = g_ptr_array_index (changes, i);

      g_string_append_printf (all, "%s:%s:%s>%s|", c->incoming ? "in" : "out",
                              ms_repair_field_to_string (c->field), c->old_value, c->new_value);
    }
  /* The outgoing user name is the address already: no change there. */
  g_assert_cmpstr (all->str, ==,
                   "in:host:mail.twc.com>mobile.charter.net|in:username:sam>sam@example.com|"
                   "out:port:25>587|out:security:none>starttls|");
  g_string_free (all, TRUE);
  g_assert_nonnull (strstr (((MsRepairChange *) g_ptr_array_index (changes, 0))->message,
                            "Spectrum moved incoming mail to mobile.charter.net"));
  g_assert_nonnull (strstr (((MsRepairChange *) g_ptr_array_index (changes, 2))->message,
                            "Port 25"));
  g_assert_cmpstr (ms_server_get_host (fixed_in), ==, "mobile.charter.net");
  g_assert_cmpuint (ms_server_get_port (fixed_out), ==, 587);
  g_assert_cmpstr (ms_server_get_host (fixed_out), ==, "smtp.example.com");
}

static void
test_evolution_parse (void)
{
  g_autoptr(GHashTable) sources = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_found_account_free);
  guint n;
  const MsMailClient *clients = ms_mail_client_get_all (&n);
  MsFoundAccount *a;

  g_hash_table_insert (sources, g_strdup ("A"), g_strdup ("[Mail Account]\nBackendName=pop\nIdentityUid=I\n"
                       "[Authentication]\nHost=pop.example.com\nPort=995\nUser=sam\n"
                       "[Security]\nMethod=ssl-on-alternate-port\n"));
  g_hash_table_insert (sources, g_strdup ("I"), g_strdup ("[Mail Identity]\nAddress=sam@example.com\n"
                       "[Mail Submission]\nTransportUid=T\n"));
  g_hash_table_insert (sources, g_strdup ("T"), g_strdup ("[Mail Transport]\nBackendName=smtp\n"
                       "[Authentication]\nHost=smtp.example.com\nPort=587\nMethod=PLAIN\n"
                       "[Security]\nMethod=starttls-on-standard-port\n"));
  g_hash_table_insert (sources, g_strdup ("L"), g_strdup ("[Mail Account]\nBackendName=none\n"));
  ms_account_reader_parse_evolution (sources, &clients[0], "/s", FALSE, found);
  g_assert_cmpuint (found->len, ==, 1);
  a = g_ptr_array_index (found, 0);
  g_assert_cmpstr (a->address, ==, "sam@example.com");
  g_assert_cmpint (ms_server_get_protocol (a->incoming), ==, MS_PROTOCOL_POP3);
  g_assert_cmpint (ms_server_get_security (a->outgoing), ==, MS_SECURITY_STARTTLS);
  g_assert_cmpstr (a->transport_uid, ==, "T");
}

/* The account reader and the export's merge share one list of Evolution's mail accounts:
 * an account that names itself, or another account, as its identity or transport is not
 * believed by either. */
static void
test_evolution_untrusted_parts (void)
{
  g_autoptr(GHashTable) sources = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_found_account_free);
  g_autoptr(GPtrArray) listed = NULL;
  guint n;
  const MsMailClient *clients = ms_mail_client_get_all (&n);
  MsFoundAccount *a;
  MsEvolutionMailAccount *m;

  /* A names itself as its identity; B names account A as its identity. */
  g_hash_table_insert (sources, g_strdup ("A"), g_strdup ("[Mail Account]\nBackendName=imapx\nIdentityUid=A\n"
                       "[Mail Identity]\nAddress=victim@example.com\n"
                       "[Authentication]\nHost=imap.example.com\nUser=sam\n"));
  g_hash_table_insert (sources, g_strdup ("B"), g_strdup ("[Mail Account]\nBackendName=imapx\nIdentityUid=A\n"
                       "[Authentication]\nHost=imap.example.org\nUser=bo\n"));
  listed = ms_evolution_list_mail_accounts (sources);
  g_assert_cmpuint (listed->len, ==, 2);
  m = g_ptr_array_index (listed, 0);
  g_assert_cmpstr (m->account_uid, ==, "A");
  g_assert_null (m->identity_uid);
  g_assert_null (m->identity);
  m = g_ptr_array_index (listed, 1);
  g_assert_cmpstr (m->account_uid, ==, "B");
  g_assert_null (m->identity);

  ms_account_reader_parse_evolution (sources, &clients[0], "/s", FALSE, found);
  g_assert_cmpuint (found->len, ==, 2);
  a = g_ptr_array_index (found, 0);
  /* Not the address the account pretends its identity has: its own user name. */
  g_assert_cmpstr (a->address, ==, "sam");
  g_assert_null (a->identity_uid);
  g_assert_null (a->outgoing);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/repair/thunderbird-diagnose", test_thunderbird_diagnose);
  g_test_add_func ("/repair/evolution-parse", test_evolution_parse);
  g_test_add_func ("/repair/evolution-untrusted-parts", test_evolution_untrusted_parts);
  return g_test_run ();
}
