/* ms-account.h: the account model: what discovery found and the user may edit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ms-address.h"
#include "ms-json.h"
#include "ms-server.h"

G_BEGIN_DECLS

/**
 * MsSource:
 *
 * Where settings came from, best first (the enum order is the discovery rank). Each
 * source is described once, in the table of src/core/discovery/ms-source-info.c.
 * @MS_SOURCE_NONE: not known (yet); serialised as null (so it has no nick).
 * @MS_N_SOURCES: not a source: one past the last
 */
typedef enum {
  MS_SOURCE_NONE, /*< skip >*/
  MS_SOURCE_BUILTIN,
  MS_SOURCE_AUTOCONFIG,
  MS_SOURCE_WELL_KNOWN,
  MS_SOURCE_ISPDB,
  MS_SOURCE_MX,
  MS_SOURCE_SRV,
  MS_SOURCE_GUESS,
  MS_N_SOURCES /*< skip >*/
} MsSource;

/* The glib-mkenums nicks "builtin", "autoconfig", "well-known", "ispdb", "mx", "srv",
 * "guess"; NULL for MS_SOURCE_NONE or an out-of-range value */
const char *ms_source_to_string   (MsSource    source);
gboolean    ms_source_from_string (const char *string,
                                   MsSource   *source);

#define MS_TYPE_ACCOUNT (ms_account_get_type ())

G_DECLARE_FINAL_TYPE (MsAccount, ms_account, MS, ACCOUNT, GObject)

MsAccount  *ms_account_new                   (MsAddress  *address);
/* A deep copy (servers copied too), so the copy can be edited freely. */
MsAccount  *ms_account_copy                  (MsAccount  *self);

MsAddress  *ms_account_get_address           (MsAccount  *self);
/* the address's ASCII domain */
const char *ms_account_get_domain            (MsAccount  *self);

/* Provider: all nullable. */
const char *ms_account_get_provider_id       (MsAccount  *self);
void        ms_account_set_provider_id       (MsAccount  *self,
                                              const char *provider_id);
const char *ms_account_get_provider_name     (MsAccount  *self);
void        ms_account_set_provider_name     (MsAccount  *self,
                                              const char *display_name);
const char *ms_account_get_provider_short_name (MsAccount *self);
void        ms_account_set_provider_short_name (MsAccount *self,
                                                const char *short_name);

/* Domains the provider says it owns (normalised; "rr.com" also stands for its subdomains). */
void        ms_account_add_provider_domain   (MsAccount  *self,
                                              const char *domain);
/* NULL-terminated, transfer none */
const char * const *ms_account_get_provider_domains (MsAccount *self);
/* TRUE when @host is one of the provider domains or under one of them. */
gboolean    ms_account_provider_owns_host    (MsAccount  *self,
                                              const char *host);

MsSource    ms_account_get_source            (MsAccount  *self);
void        ms_account_set_source            (MsAccount  *self,
                                              MsSource    source);
/* Where the settings were read: a URL, "builtin:ID", or a DNS query such as
 * "MX example.com" / "SRV _imaps._tcp.example.com". Nullable. */
const char *ms_account_get_provenance        (MsAccount  *self);
void        ms_account_set_provenance        (MsAccount  *self,
                                              const char *provenance);
/* Redirects followed on the way to the provenance URL, in order. */
void        ms_account_add_redirect          (MsAccount  *self,
                                              const char *url);
const char * const *ms_account_get_redirects (MsAccount  *self);

gboolean    ms_account_get_needs_confirmation (MsAccount *self);
void        ms_account_set_needs_confirmation (MsAccount *self,
                                               gboolean   needs_confirmation);

/* Servers, first preferred. The arrays hold MsServer (transfer none); add takes a ref. */
void        ms_account_add_incoming          (MsAccount  *self,
                                              MsServer   *server);
void        ms_account_add_outgoing          (MsAccount  *self,
                                              MsServer   *server);
/* Adds to incoming or outgoing according to the protocol. */
void        ms_account_add_server            (MsAccount  *self,
                                              MsServer   *server);
GPtrArray  *ms_account_get_incoming          (MsAccount  *self);
GPtrArray  *ms_account_get_outgoing          (MsAccount  *self);
void        ms_account_clear_servers         (MsAccount  *self);
/* The first server of the incoming (or the outgoing) list, or NULL. Transfer none. */
MsServer   *ms_account_get_first_server      (MsAccount  *self,
                                              gboolean    incoming);
/* The first server of that protocol, or NULL. Transfer none. */
MsServer   *ms_account_find_server           (MsAccount  *self,
                                              MsProtocol  protocol);

/* Help pages, nullable. */
const char *ms_account_get_documentation_url (MsAccount  *self);
void        ms_account_set_documentation_url (MsAccount  *self,
                                              const char *url);
/* Where IMAP/POP access must be switched on (clientConfig <enable visiturl>) */
const char *ms_account_get_enable_url        (MsAccount  *self);
void        ms_account_set_enable_url        (MsAccount  *self,
                                              const char *url);
const char *ms_account_get_password_reset_url (MsAccount *self);
void        ms_account_set_password_reset_url (MsAccount *self,
                                               const char *url);

/* TRUE: no password login is possible; sign in through the browser. */
gboolean    ms_account_get_oauth2_required   (MsAccount  *self);
void        ms_account_set_oauth2_required   (MsAccount  *self,
                                              gboolean    oauth2_required);
/* The clientConfig <oAuth2> block, all nullable. */
void        ms_account_set_oauth2_info       (MsAccount  *self,
                                              const char *issuer,
                                              const char *scope,
                                              const char *auth_url,
                                              const char *token_url);
const char *ms_account_get_oauth2_issuer     (MsAccount  *self);
const char *ms_account_get_oauth2_scope      (MsAccount  *self);
const char *ms_account_get_oauth2_auth_url   (MsAccount  *self);
const char *ms_account_get_oauth2_token_url  (MsAccount  *self);

/* JSON (docs/ARCHITECTURE.md: discover --json). */
/* {protocol, host, port, security, username, auth} */
void        ms_server_to_json                (MsServer      *server,
                                              MsJsonBuilder *builder);
/* Members address, domain, provider ({id,name} or null), source, needs_confirmation,
 * incoming, outgoing — into an object the caller has begun (the caller adds trace). */
void        ms_account_add_json_members      (MsAccount     *self,
                                              MsJsonBuilder *builder);
/* Members of ms_account_add_json_members() for no account at all: provider and source
 * null, incoming and outgoing empty. @address nullable (then address/domain are null). */
void        ms_account_add_empty_json_members (MsAddress    *address,
                                               MsJsonBuilder *builder);
/* A complete object with the members above (no trace). */
char       *ms_account_to_json               (MsAccount     *self);

G_END_DECLS
