/* ms-account-reader.h: the mail accounts the user has in Evolution and Thunderbird
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ms-mail-client.h"
#include "ms-prefs-js.h"
#include "ms-server.h"

G_BEGIN_DECLS

/**
 * MsFoundAccount:
 * @client: the installation it was found in (a row of the mail-client table)
 * @address: the identity's address (nullable when the account has no identity)
 * @display_name: the identity's name (nullable)
 * @incoming: the incoming server as the client has it (nullable: a damaged account)
 * @outgoing: its outgoing server (nullable: none chosen)
 * @location: the Evolution sources folder, or the Thunderbird profile folder
 * @profile_name: Thunderbird: the profile's Name= (nullable)
 * @via_registry: Evolution: read from the running source registry (else its files)
 * @account_uid, @identity_uid, @transport_uid: Evolution's source UIDs
 * @account_key, @server_key, @identity_key, @smtp_key: Thunderbird's prefs.js keys
 *   ("account2", "server2", "id1", "smtp1")
 *
 * One mail account found in a mail client, with where it came from, so it can be changed
 * in place. Servers are the client's own settings, never a password.
 */
typedef struct {
  const MsMailClient *client;
  char *address;
  char *display_name;
  MsServer *incoming;
  MsServer *outgoing;
  char *location;
  char *profile_name;
  gboolean via_registry;
  char *account_uid;
  char *identity_uid;
  char *transport_uid;
  char *account_key;
  char *server_key;
  char *identity_key;
  char *smtp_key;
} MsFoundAccount;

MsFoundAccount *ms_found_account_copy (const MsFoundAccount *self);
void            ms_found_account_free (MsFoundAccount       *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsFoundAccount, ms_found_account_free)

/* The mail accounts (IMAP or POP3 incoming) among Evolution's sources: @sources is
 * UID → key-file data ("*.source" files or the registry's Data). Pure. Appends
 * MsFoundAccount to @out in UID order. */
void ms_account_reader_parse_evolution   (GHashTable         *sources,
                                          const MsMailClient *client,
                                          const char         *location,
                                          gboolean            via_registry,
                                          GPtrArray          *out);

/* The mail accounts (IMAP or POP3) of a Thunderbird prefs.js, in the order of
 * mail.accountmanager.accounts. Pure. */
void ms_account_reader_parse_thunderbird (MsPrefs            *prefs,
                                          const MsMailClient *client,
                                          const char         *profile_dir,
                                          const char         *profile_name,
                                          GPtrArray          *out);

/* UID → data of the sources of the running registry of @target, or NULL when it does
 * not run (or there is no session bus). @paths (nullable) gets UID → object path of the
 * writable ones. Blocking D-Bus calls: call from a worker thread in a UI. */
GHashTable *ms_account_reader_load_registry    (MsEvolutionTarget  target,
                                                GHashTable       **paths,
                                                GCancellable      *cancellable);

/* Every mail account of every present Evolution (registry when it runs, else its files)
 * and every Thunderbird profile (native, Flatpak, Snap). Returns MsFoundAccount
 * (transfer full). Unreadable profiles are skipped. Blocking. */
GPtrArray  *ms_account_reader_find_all         (GCancellable      *cancellable);

/* The same in a worker thread. */
void        ms_account_reader_find_all_async   (GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
GPtrArray  *ms_account_reader_find_all_finish  (GAsyncResult        *result,
                                                GError             **error);

G_END_DECLS
