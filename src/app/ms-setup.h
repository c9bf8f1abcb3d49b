/* ms-setup.h: what the user has told the wizard so far, shared by its pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ms-account.h"
#include "ms-address.h"
#include "ms-check.h"
#include "ms-discovery.h"
#include "ms-mail-stream.h"
#include "ms-repair-run.h"

G_BEGIN_DECLS

#define MS_TYPE_SETUP (ms_setup_get_type ())
G_DECLARE_FINAL_TYPE (MsSetup, ms_setup, MS, SETUP, GObject)

MsSetup    *ms_setup_new          (void);

const char *ms_setup_get_name     (MsSetup    *self);
void        ms_setup_set_name     (MsSetup    *self,
                                   const char *name);
/* nullable until the first page is done */
MsAddress  *ms_setup_get_address  (MsSetup    *self);
void        ms_setup_set_address  (MsSetup    *self,
                                   MsAddress  *address);
/* The password lives only here (and later in the keyring and inside TLS): it is wiped
 * from memory when replaced or when the setup is finalized. Never logged. */
const char *ms_setup_get_password (MsSetup    *self);
void        ms_setup_set_password (MsSetup    *self,
                                   const char *password);

/* What discovery found (nullable: not run, skipped or cancelled). */
MsDiscoveryResult *ms_setup_get_discovery   (MsSetup           *self);
void               ms_setup_set_discovery   (MsSetup           *self,
                                             MsDiscoveryResult *result);

/* The settings to use (nullable until the settings page is done): the user's copy,
 * possibly edited. The setup keeps a reference; treat it as immutable once set. */
MsAccount         *ms_setup_get_account     (MsSetup           *self);
void               ms_setup_set_account     (MsSetup           *self,
                                             MsAccount         *account);
/* The user ticked "I trust these servers" for settings that need confirmation. */
gboolean           ms_setup_get_confirmed   (MsSetup           *self);
void               ms_setup_set_confirmed   (MsSetup           *self,
                                             gboolean           confirmed);
/* Servers ("HOST:PORT") the user accepted sending the password to without encryption. */
const char * const *ms_setup_get_plaintext_hosts (MsSetup      *self);
void               ms_setup_set_plaintext_hosts  (MsSetup      *self,
                                                  const char * const *hosts);
/* Certificate exceptions the user granted (one certificate for one host and port). */
MsTlsTrust        *ms_setup_get_trust       (MsSetup           *self);

/* The last check of the account's servers (nullable). */
MsCheckResult     *ms_setup_get_check       (MsSetup           *self);
void               ms_setup_set_check       (MsSetup           *self,
                                             MsCheckResult     *result);

/* What the export wrote, for the Done page: the client's name ("Evolution"), the
 * desktop file ids that open it (first found wins), a fallback command line, what was
 * set up in plain words ("Evolution: account added, password saved in your keyring.")
 * and one line per thing written, the details ("Account settings: /path/file"). */
void               ms_setup_set_export      (MsSetup           *self,
                                             const char        *client_name,
                                             const char * const *desktop_ids,
                                             const char        *command_line,
                                             const char        *summary,
                                             const char * const *written);
const char        *ms_setup_get_export_summary (MsSetup        *self);
const char        *ms_setup_get_client_name (MsSetup           *self);
const char * const *ms_setup_get_client_desktop_ids (MsSetup   *self);
const char        *ms_setup_get_client_command_line (MsSetup   *self);
const char * const *ms_setup_get_written    (MsSetup           *self);

/* A plain-text report for support: what discovery asked, the settings and the check
 * results. Never contains the password. */
char              *ms_setup_dup_report      (MsSetup           *self);

/* Fixing an account the user has (issue 15): the account chosen on the first page
 * (nullable: setting up a new one; set copies it and forgets the plan), and its
 * diagnosis (nullable until made; set takes it). */
MsFoundAccount    *ms_setup_get_repair_found (MsSetup              *self);
void               ms_setup_set_repair_found (MsSetup              *self,
                                              const MsFoundAccount *found);
MsRepairPlan      *ms_setup_get_repair_plan  (MsSetup              *self);
void               ms_setup_set_repair_plan  (MsSetup              *self,
                                              MsRepairPlan         *plan);

G_END_DECLS
