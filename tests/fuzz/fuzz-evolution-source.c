/* fuzz-evolution-source.c: libFuzzer target for reading Evolution's .source key files
 *
 * The input is up to three key files separated by a form feed line ("\f\n"), taken as
 * the sources Evolution has (UIDs "a", "b", "c"). Our account is merged into them.
 * Besides "no crash, no leak, no undefined behaviour" it checks that the sources made
 * are valid key files, that an account found is one of the given UIDs, and that merging
 * again into what was made finds the same account.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "ms-evolution-sources.h"
#include "ms-test-account.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static MsAccount *account;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  account = ms_test_account_new ("alice@example.test", MS_PROTOCOL_IMAP, "imap.example.test", 993,
                                 MS_SECURITY_TLS, "smtp.example.test", 465, MS_SECURITY_TLS,
                                 MS_AUTH_PASSWORD);
  return 0;
}

static void
assert_key_file (const char *data)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();

  g_assert_true (g_key_file_load_from_data (kf, data, (gsize) -1, G_KEY_FILE_NONE, NULL));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const char *const uids[] = { "a", "b", "c" };
  g_autofree char *text = NULL;
  g_auto(GStrv) parts = NULL;
  g_autoptr(GHashTable) existing = NULL;
  g_autoptr(GHashTable) made = NULL;
  g_autoptr(MsEvolutionSources) s = NULL;
  g_autoptr(MsEvolutionSources) s2 = NULL;

  /* key files are NUL-terminated text (ms_user_file_read refuses NUL bytes) */
  if (memchr (data, '\0', size) != NULL)
    return 0;
  text = g_strndup ((const char *) data, size);
  parts = g_strsplit (text, "\f\n", G_N_ELEMENTS (uids));
  existing = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; parts[i] != NULL && i < G_N_ELEMENTS (uids); i++)
    g_hash_table_insert (existing, (gpointer) uids[i], parts[i]);

  s = ms_evolution_sources_new_merged (account, "Alice", existing, NULL);
  if (s == NULL)
    return 0;
  assert_key_file (s->account_data);
  assert_key_file (s->identity_data);
  assert_key_file (s->transport_data);
  if (s->account_exists)
    g_assert_nonnull (g_hash_table_lookup (existing, s->account_uid));

  /* what we made is found again as the same account */
  made = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (made, s->account_uid, s->account_data);
  g_hash_table_insert (made, s->identity_uid, s->identity_data);
  g_hash_table_insert (made, s->transport_uid, s->transport_data);
  s2 = ms_evolution_sources_new_merged (account, "Alice", made, NULL);
  g_assert_nonnull (s2);
  g_assert_true (s2->account_exists);
  g_assert_cmpstr (s2->account_uid, ==, s->account_uid);
  return 0;
}
