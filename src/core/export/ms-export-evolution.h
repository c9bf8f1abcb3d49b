/* ms-export-evolution.h: an account as Evolution (evolution-data-server) sources
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ms-account.h"

G_BEGIN_DECLS

#define MS_EVOLUTION_ERROR (ms_evolution_error_quark ())

typedef enum {
  MS_EVOLUTION_ERROR_ACCOUNT_INVALID,  /* no incoming or no outgoing server */
  MS_EVOLUTION_ERROR_REGISTRY,         /* the running registry refused the sources */
  MS_EVOLUTION_ERROR_ACCOUNT_EXISTS,   /* the account is there, but not ours to change */
} MsEvolutionError;

/**
 * MsEvolutionTarget:
 * @MS_EVOLUTION_TARGET_NATIVE: the distribution's Evolution: sources in
 *   $XDG_CONFIG_HOME/evolution/sources, registry org.gnome.evolution.dataserver.Sources5,
 *   keyring origin "evolution-data-server"
 * @MS_EVOLUTION_TARGET_FLATPAK: Flathub's org.gnome.Evolution: sources in
 *   ~/.var/app/org.gnome.Evolution/config/evolution/sources, the registry's name and the
 *   keyring origin prefixed with "org.gnome.Evolution."
 */
typedef enum {
  MS_EVOLUTION_TARGET_NATIVE,
  MS_EVOLUTION_TARGET_FLATPAK,
} MsEvolutionTarget;

GQuark      ms_evolution_error_quark           (void);

/* "native", "flatpak" */
const char *ms_evolution_target_to_string      (MsEvolutionTarget target);
char       *ms_evolution_get_sources_dir       (MsEvolutionTarget target);
const char *ms_evolution_get_registry_bus_name (MsEvolutionTarget target);
const char *ms_evolution_get_keyring_origin    (MsEvolutionTarget target);
/* TRUE when that Evolution is there: its program (native) or its Flatpak app (system or
 * user installation) is installed, or its sources folder exists. */
gboolean    ms_evolution_target_is_present     (MsEvolutionTarget target);
/* The Evolution the user has: the native one when present, else the Flatpak when
 * present, else native. */
MsEvolutionTarget ms_evolution_detect_target   (void);

/* A new source UID: 40 hex digits, like EDS's own (e_util_generate_uid). */
char       *ms_evolution_new_uid               (void);
/* Evolution's OAuth2 authentication method for @host ("Google", "Outlook", "Yahoo"), or
 * NULL when Evolution has none for it. */
const char *ms_evolution_oauth2_method         (const char *host);

/**
 * MsEvolutionSources:
 *
 * The three linked key files of one account: the mail account (store), its identity
 * and its transport (SMTP), each "<uid>.source" data.
 */
typedef struct {
  char *account_uid;
  char *identity_uid;
  char *transport_uid;
  char *account_data;
  char *identity_data;
  char *transport_data;
  gboolean account_needs_password;    /* the store logs in with a password */
  gboolean transport_needs_password;  /* the transport logs in with a password */
  char *account_backend;              /* "imapx" or "pop" */
  gboolean updated;                   /* the account was in Evolution already: its UIDs */
  gboolean account_exists;            /*   are reused and these sources replace (merged */
  gboolean identity_exists;           /*   into) the existing ones; a missing identity */
  gboolean transport_exists;          /*   or transport is created anew */
} MsEvolutionSources;

/* Builds the sources (pure, no I/O) from @account's first incoming (IMAP or POP3) and
 * first outgoing (SMTP) server; @full_name nullable. Always writes [Security] Method and
 * the transport's [Authentication] Method; OAuth2 servers get Evolution's OAuth2 method
 * for that provider. */
MsEvolutionSources *ms_evolution_sources_new   (MsAccount   *account,
                                                const char  *full_name,
                                                GError     **error);
/* The mail account in @existing (UID → key-file data of the sources Evolution has) for
 * the same address on the same incoming host as @account: a "[Mail Account]" source
 * whose [Authentication] Host is that host (case aside) and whose identity's address, or
 * else its user name, is the address (or the server's user name). The first by UID when
 * there are several; NULL when none. Pure. */
const char *ms_evolution_find_account          (GHashTable  *existing,
                                                MsAccount   *account);
/* Like ms_evolution_sources_new(), but when @existing (nullable) holds the same account
 * (see ms_evolution_find_account()), its account, identity and transport UIDs are reused
 * and our keys are merged into their data: Evolution's own keys (folders, proxy,
 * credentials, a renamed display name, NeedsInitialSetup once done) stay. An account
 * that is part of a collection (GNOME Online Accounts and the like: a Parent) is refused
 * with MS_EVOLUTION_ERROR_ACCOUNT_EXISTS. */
MsEvolutionSources *ms_evolution_sources_new_merged (MsAccount   *account,
                                                     const char  *full_name,
                                                     GHashTable  *existing,
                                                     GError     **error);
void        ms_evolution_sources_free          (MsEvolutionSources *sources);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsEvolutionSources, ms_evolution_sources_free)

/**
 * MsEvolutionResult:
 *
 * What ms_export_evolution_async() did.
 */
typedef struct {
  MsEvolutionTarget target;
  char *account_uid;
  char *identity_uid;
  char *transport_uid;
  gboolean via_registry;   /* created through the running registry's CreateSources (and
                            * updated through its sources' Write) */
  gboolean updated;        /* the account was there already and was updated in place */
  char *sources_dir;
  GPtrArray *files;        /* the .source files written by us (empty via the registry) */
  GPtrArray *secrets;      /* the source UIDs whose password went to the keyring */
} MsEvolutionResult;

void ms_evolution_result_free (MsEvolutionResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsEvolutionResult, ms_evolution_result_free)

/* Exports @account for Evolution @target. When @password is given and a server logs in
 * with a password, the keyring is checked first: a locked login keyring is asked to
 * unlock itself (it shows its own prompt where it can), and nothing is written when the
 * keyring is missing or stays locked (MS_SECRET_ERROR); then the sources are created through
 * the registry's D-Bus CreateSources if it runs, else written as files (atomically, 0600);
 * then the password is stored under the account's and the transport's UID. When Evolution
 * has the same account already (the registry's sources when it runs, else the files of the
 * sources folder; see ms_evolution_sources_new_merged()), that account is updated in place
 * instead (the registry's Source.Writable.Write, or the files rewritten), and so are its
 * keyring items. The password is copied into non-pageable memory at once. Nothing blocks. */
void               ms_export_evolution_async  (MsAccount           *account,
                                               const char          *full_name,
                                               const char          *password,
                                               MsEvolutionTarget    target,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
MsEvolutionResult *ms_export_evolution_finish (GAsyncResult        *result,
                                               GError             **error);

G_END_DECLS
