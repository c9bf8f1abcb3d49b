/* fuzz-address.c: libFuzzer target for address and host name parsing
 *
 * Besides "no crash, no leak, no undefined behaviour" it checks what the parser
 * promises: a parsed address is normalised and parsing it again gives it back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "ms-address.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  /* a critical or warning is a finding too */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

static void
check_address (MsAddress *address)
{
  const char *local = ms_address_get_local_part (address);
  const char *domain = ms_address_get_domain (address);
  const char *full = ms_address_get_address (address);
  g_autofree char *expected = g_strconcat (local, "@", domain, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MsAddress) again = NULL;
  g_autofree char *host = NULL;

  g_assert_cmpstr (full, ==, expected);
  g_assert_cmpuint (strlen (full), <=, MS_ADDRESS_MAX_LENGTH);
  g_assert_cmpuint (strlen (local), >, 0);
  g_assert_cmpuint (strlen (local), <=, MS_ADDRESS_MAX_LOCAL_LENGTH);
  g_assert_cmpuint (strlen (domain), <=, MS_DOMAIN_MAX_LENGTH);
  g_assert_nonnull (strchr (domain, '.'));
  for (const char *p = domain; *p != '\0'; p++)
    g_assert_true (g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '-' || *p == '.');
  g_assert_true (g_utf8_validate (ms_address_get_domain_unicode (address), -1, NULL));

  /* normalising is idempotent */
  again = ms_address_parse (full, &error);
  g_assert_no_error (error);
  g_assert_true (ms_address_equal (address, again));
  host = ms_hostname_normalize (domain, MS_HOSTNAME_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (host, ==, domain);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *input = g_strndup ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(MsAddress) address = NULL;
  g_autoptr(MsAddress) sample = NULL;
  g_autofree char *expanded = NULL;

  address = ms_address_parse (input, &error);
  if (address != NULL)
    {
      g_assert_no_error (error);
      check_address (address);
    }
  else
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == MS_ADDRESS_ERROR);
      g_assert_true (error->message != NULL && *error->message != '\0');
    }
  g_clear_error (&error);

  for (guint flags = 0; flags < 4; flags++)
    {
      g_autofree char *host = ms_hostname_normalize (input, (MsHostnameFlags) flags, &error);

      if (host != NULL)
        {
          g_autofree char *again = ms_hostname_normalize (host, (MsHostnameFlags) flags, NULL);

          g_assert_no_error (error);
          g_assert_cmpstr (again, ==, host);
          g_assert_true (ms_hostname_is_under (host, host));
        }
      else
        {
          g_assert_true (error != NULL && error->domain == MS_ADDRESS_ERROR);
        }
      g_clear_error (&error);
    }

  /* placeholder expansion over arbitrary templates */
  sample = ms_address_parse ("a%EMAILDOMAIN%b@example.com", NULL);
  g_assert_nonnull (sample);
  if (g_utf8_validate (input, -1, NULL))
    {
      expanded = ms_address_expand (address != NULL ? address : sample, input);
      g_assert_nonnull (expanded);
    }

  return 0;
}
