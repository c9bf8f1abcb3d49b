/* ms-evolution-sources.h: the three .source key files of an account, built without I/O
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

GQuark      ms_evolution_error_quark           (void);

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
/**
 * MsEvolutionMailAccount:
 * @account_uid: a "[Mail Account]" source
 * @identity_uid: its identity (nullable: none, or one not to be believed)
 * @transport_uid: the identity's transport (nullable)
 * @account, @identity, @transport: their key files (identity, transport nullable)
 *
 * One mail account among Evolution's sources, with its parts.
 */
typedef struct {
  char *account_uid;
  char *identity_uid;
  char *transport_uid;
  GKeyFile *account;
  GKeyFile *identity;
  GKeyFile *transport;
} MsEvolutionMailAccount;

void        ms_evolution_mail_account_free     (MsEvolutionMailAccount *self);

/* The mail accounts in @existing (UID → key-file data), in UID order, each with its
 * identity and transport when they are believable: of the right kind, not an account
 * themselves, not the account or its identity again. The one place that lists
 * Evolution's mail accounts (the export's merge and the account reader both use it).
 * Returns MsEvolutionMailAccount (transfer full). Pure. */
GPtrArray  *ms_evolution_list_mail_accounts    (GHashTable  *existing);

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

G_END_DECLS
