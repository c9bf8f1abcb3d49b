/* ms-test-account.h: a two-server account for the export tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-account.h"

/* An account for @address_text with one incoming and one SMTP server, both with @auth. */
MsAccount *ms_test_account_new (const char *address_text,
                                MsProtocol  in_protocol,
                                const char *in_host,
                                guint16     in_port,
                                MsSecurity  in_security,
                                const char *out_host,
                                guint16     out_port,
                                MsSecurity  out_security,
                                MsAuth      auth);
