/* fuzz-client-config.c: libFuzzer target for the clientConfig v1.1 reader and writer
 *
 * Every input is parsed with and without an address; an accepted document is turned into
 * an account, written out and read back, which must give the same servers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "ms-account.h"
#include "ms-address.h"
#include "ms-client-config.h"
#include "ms-json.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static MsAddress *plain_address;
static MsAddress *odd_address;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  plain_address = ms_address_parse ("jane.doe@example.com", NULL);
  /* a local part that is not valid in a host name, and carries a placeholder itself */
  odd_address = ms_address_parse ("a+%EMAILDOMAIN%'b@xn--bcher-kva.example", NULL);
  g_assert_nonnull (plain_address);
  g_assert_nonnull (odd_address);
  return 0;
}

static void
assert_same_servers (GPtrArray *a,
                     GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    g_assert_true (ms_server_equal (g_ptr_array_index (a, i), g_ptr_array_index (b, i)));
}

static void
round_trip (MsClientConfig *config,
            MsAddress      *address)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(MsAccount) account = ms_client_config_to_account (config, address, MS_SOURCE_AUTOCONFIG,
                                                              "https://autoconfig.example.com/", warnings);
  g_autoptr(MsClientConfig) reread = NULL;
  g_autoptr(MsAccount) account2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *json = NULL;
  gsize len = 0;

  json = ms_account_to_json (account);
  g_assert_true (g_utf8_validate (json, -1, NULL));

  if (ms_account_get_incoming (account)->len == 0 || ms_account_get_outgoing (account)->len == 0)
    return;

  xml = ms_client_config_write (account, &len);
  g_assert_cmpuint (strlen (xml), ==, len);
  if (len > MS_CLIENT_CONFIG_MAX_SIZE)
    return;

  reread = ms_client_config_parse (xml, len, address, &error);
  if (reread == NULL)
    g_error ("the writer's output was refused: %s\n%s", error->message, xml);

  account2 = ms_client_config_to_account (reread, address, MS_SOURCE_AUTOCONFIG, NULL, NULL);
  assert_same_servers (ms_account_get_incoming (account), ms_account_get_incoming (account2));
  assert_same_servers (ms_account_get_outgoing (account), ms_account_get_outgoing (account2));
  g_assert_cmpstr (ms_account_get_provider_name (account), ==, ms_account_get_provider_name (account2));
  g_assert_cmpint (ms_account_get_oauth2_required (account), ==, ms_account_get_oauth2_required (account2));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  MsAddress *addresses[] = { NULL, plain_address, odd_address };

  for (guint i = 0; i < G_N_ELEMENTS (addresses); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MsClientConfig) config = ms_client_config_parse ((const char *) data, size,
                                                                 addresses[i], &error);

      if (config == NULL)
        {
          g_assert_true (error != NULL && error->domain == MS_CLIENT_CONFIG_ERROR);
          /* refused documents are refused whatever the address */
          continue;
        }
      g_assert_no_error (error);
      g_assert_cmpuint (ms_client_config_get_incoming (config)->len, >, 0);
      g_assert_cmpuint (ms_client_config_get_outgoing (config)->len, >, 0);
      g_assert_nonnull (ms_client_config_get_provider_id (config));
      ms_client_config_match_domain (config, "example.com", NULL);

      round_trip (config, addresses[i] != NULL ? addresses[i] : plain_address);
    }

  return 0;
}
