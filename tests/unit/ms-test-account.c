/* ms-test-account.c: a two-server account for the export tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ms-test-account.h"

MsAccount *
ms_test_account_new (const char *address_text,
                     MsProtocol  in_protocol,
                     const char *in_host,
                     guint16     in_port,
                     MsSecurity  in_security,
                     const char *out_host,
                     guint16     out_port,
                     MsSecurity  out_security,
                     MsAuth      auth)
{
  g_autoptr(MsAddress) address = ms_address_parse (address_text, NULL);
  MsAccount *account = ms_account_new (address);
  g_autoptr(MsServer) in = ms_server_new (in_protocol, in_host, in_port, in_security, NULL);
  g_autoptr(MsServer) out = ms_server_new (MS_PROTOCOL_SMTP, out_host, out_port, out_security,
                                           NULL);

  ms_server_add_auth (in, auth);
  ms_server_add_auth (out, auth);
  ms_account_add_server (account, in);
  ms_account_add_server (account, out);
  return account;
}
