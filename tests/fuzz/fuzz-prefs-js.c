/* fuzz-prefs-js.c: libFuzzer target for the prefs.js reader/writer and the account mapping
 *
 * The input is a prefs.js. Besides "no crash, no leak, no undefined behaviour" it checks
 * what the reader promises: a file it accepts comes back byte for byte when nothing
 * changed; adding an account gives a file that parses again, holds the account under keys
 * that were free, and keeps every other preference's value.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "ms-prefs-js.h"
#include "ms-test-account.h"
#include "ms-thunderbird-account.h"

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

/* The value of @name as text, whatever its type ("" when not set). */
static char *
value_of (MsPrefs    *prefs,
          const char *name)
{
  gint64 i;
  gboolean b;

  switch (ms_prefs_get_pref_type (prefs, name))
    {
    case MS_PREF_STRING:
      return g_strconcat ("s:", ms_prefs_get_string (prefs, name), NULL);
    case MS_PREF_INT:
      g_assert_true (ms_prefs_get_int (prefs, name, &i));
      return g_strdup_printf ("i:%" G_GINT64_FORMAT, i);
    case MS_PREF_BOOL:
      g_assert_true (ms_prefs_get_bool (prefs, name, &b));
      return g_strdup (b ? "b:1" : "b:0");
    case MS_PREF_NONE:
    default:
      return g_strdup ("");
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(MsPrefs) prefs = NULL;
  g_autoptr(MsPrefs) again = NULL;
  g_autoptr(MsThunderbirdKeys) keys = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GHashTable) before = NULL;
  g_autofree char *out = NULL;
  g_autofree char *key = NULL;
  gsize length = 0;

  prefs = ms_prefs_parse ((const char *) data, size, NULL);
  if (prefs == NULL)
    return 0;

  /* unchanged: every byte back */
  out = ms_prefs_to_data (prefs, &length);
  g_assert_cmpmem (out, length, data, size);
  g_clear_pointer (&out, g_free);

  before = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  names = ms_prefs_get_names (prefs);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_hash_table_insert (before, g_strdup (name), value_of (prefs, name));
    }

  keys = ms_thunderbird_prefs_add_account (prefs, account, "Alice", NULL);
  if (keys == NULL)
    return 0;
  out = ms_prefs_to_data (prefs, &length);
  again = ms_prefs_parse (out, length, NULL);
  g_assert_nonnull (again);

  /* the account is there */
  key = g_strdup_printf ("mail.server.%s.hostname", keys->server_key);
  g_assert_cmpstr (ms_prefs_get_string (again, key), ==, "imap.example.test");
  g_clear_pointer (&key, g_free);
  key = g_strdup_printf ("mail.smtpserver.%s.hostname", keys->smtp_key);
  g_assert_cmpstr (ms_prefs_get_string (again, key), ==, "smtp.example.test");
  g_clear_pointer (&key, g_free);

  /* nothing outside Thunderbird's account branches changed */
  {
    GHashTableIter iter;
    gpointer name, value;

    g_hash_table_iter_init (&iter, before);
    while (g_hash_table_iter_next (&iter, &name, &value))
      {
        g_autofree char *now = NULL;

        if (g_str_has_prefix (name, "mail."))
          continue;
        now = value_of (again, name);
        g_assert_cmpstr (now, ==, value);
      }
  }
  return 0;
}
