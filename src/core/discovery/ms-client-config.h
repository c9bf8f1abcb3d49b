/* ms-client-config.h: reading and writing clientConfig v1.1 (Thunderbird autoconfig) XML
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ms-account.h"
#include "ms-address.h"
#include "ms-server.h"

G_BEGIN_DECLS

#define MS_CLIENT_CONFIG_ERROR (ms_client_config_error_quark ())

/**
 * MsClientConfigError:
 *
 * Why a whole document was refused. (A single broken server section is not an error:
 * it is skipped and the reason added to the warnings.)
 */
typedef enum {
  MS_CLIENT_CONFIG_ERROR_TOO_LARGE,    /* over MS_CLIENT_CONFIG_MAX_SIZE bytes */
  MS_CLIENT_CONFIG_ERROR_DOCTYPE,      /* has a DOCTYPE (DTDs and entities are refused) */
  MS_CLIENT_CONFIG_ERROR_MALFORMED,    /* not well-formed XML, or not UTF-8 */
  MS_CLIENT_CONFIG_ERROR_WRONG_ROOT,   /* root is not <clientConfig> */
  MS_CLIENT_CONFIG_ERROR_TOO_DEEP,     /* elements nested over MS_CLIENT_CONFIG_MAX_DEPTH */
  MS_CLIENT_CONFIG_ERROR_NO_PROVIDER,  /* no <emailProvider> */
  MS_CLIENT_CONFIG_ERROR_NO_SERVERS,   /* no usable incoming or no usable outgoing server */
} MsClientConfigError;

#define MS_CLIENT_CONFIG_MAX_SIZE  (256 * 1024)
#define MS_CLIENT_CONFIG_MAX_DEPTH 32

/**
 * MsDomainMatch:
 * @MS_DOMAIN_MATCH_NONE: the config does not cover the domain
 * @MS_DOMAIN_MATCH_SUFFIX: covered by a <domain match="suffix"> entry (itself or a subdomain)
 * @MS_DOMAIN_MATCH_EXACT: listed as a plain <domain>
 */
typedef enum {
  MS_DOMAIN_MATCH_NONE,
  MS_DOMAIN_MATCH_SUFFIX,
  MS_DOMAIN_MATCH_EXACT,
} MsDomainMatch;

/**
 * MsClientConfig:
 *
 * A parsed clientConfig document (its first <emailProvider>): immutable and
 * reference-counted. Servers are in file order, first preferred. When parsed without an
 * address, hostnames and usernames still carry their %PLACEHOLDERS%;
 * ms_client_config_to_account() resolves them.
 */
typedef struct _MsClientConfig MsClientConfig;

#define MS_TYPE_CLIENT_CONFIG (ms_client_config_get_type ())

GType           ms_client_config_get_type        (void);
GQuark          ms_client_config_error_quark     (void);

/* @address: nullable; if given, placeholders are resolved for it. */
MsClientConfig *ms_client_config_parse           (const char     *data,
                                                  gsize           len,
                                                  MsAddress      *address,
                                                  GError        **error);
MsClientConfig *ms_client_config_ref             (MsClientConfig *self);
void            ms_client_config_unref           (MsClientConfig *self);

const char     *ms_client_config_get_provider_id (MsClientConfig *self);
const char     *ms_client_config_get_display_name (MsClientConfig *self);      /* nullable */
const char     *ms_client_config_get_display_short_name (MsClientConfig *self); /* nullable */
/* NULL-terminated, normalised; plain <domain> entries */
const char * const *ms_client_config_get_domains        (MsClientConfig *self);
/* NULL-terminated, normalised; <domain match="suffix"> entries */
const char * const *ms_client_config_get_suffix_domains (MsClientConfig *self);
/* NULL-terminated, normalised; <domain purpose="mx"> entries: mail-exchanger host names
 * (or their parent domains) that lead to this provider, e.g. a hoster's business mail */
const char * const *ms_client_config_get_mx_domains     (MsClientConfig *self);
/* How @domain (normalised) is covered; for a suffix match, *suffix_len (nullable) is the
 * length of the matching entry, so a caller can prefer the longest. */
MsDomainMatch   ms_client_config_match_domain    (MsClientConfig *self,
                                                  const char     *domain,
                                                  gsize          *suffix_len);

/* MsServer elements, file order; transfer none */
GPtrArray      *ms_client_config_get_incoming    (MsClientConfig *self);
GPtrArray      *ms_client_config_get_outgoing    (MsClientConfig *self);

const char     *ms_client_config_get_documentation_url  (MsClientConfig *self); /* nullable */
const char     *ms_client_config_get_enable_url         (MsClientConfig *self); /* nullable */
const char     *ms_client_config_get_password_reset_url (MsClientConfig *self); /* nullable */

/* <oauth2Required/>, or every server's first method is OAuth2 */
gboolean        ms_client_config_get_oauth2_required (MsClientConfig *self);
const char     *ms_client_config_get_oauth2_issuer    (MsClientConfig *self); /* nullable */
const char     *ms_client_config_get_oauth2_scope     (MsClientConfig *self); /* nullable */
const char     *ms_client_config_get_oauth2_auth_url  (MsClientConfig *self); /* nullable */
const char     *ms_client_config_get_oauth2_token_url (MsClientConfig *self); /* nullable */

/* Plain-words reasons for what was skipped ("incoming server 2 (imap): port 0 is out
 * of range"), for the discovery trace. NULL-terminated, possibly empty. */
const char * const *ms_client_config_get_warnings (MsClientConfig *self);

/* A new account for @address (placeholders resolved), with provider id/names, domains,
 * servers (copies), help URLs and OAuth2 marks; source and provenance as given
 * (@provenance nullable). needs_confirmation is FALSE. A server whose hostname is not
 * valid once resolved is left out, and a reason appended to @warnings (nullable,
 * element type char*, the caller's free func g_free). */
MsAccount      *ms_client_config_to_account      (MsClientConfig *self,
                                                  MsAddress      *address,
                                                  MsSource        source,
                                                  const char     *provenance,
                                                  GPtrArray      *warnings);

/* A clientConfig v1.1 document for @account: its provider (or the address domain as id),
 * domains, servers (a username equal to the address or its local part is written as
 * %EMAILADDRESS% / %EMAILLOCALPART%), help URLs, OAuth2 marks. UTF-8, nul-terminated. */
char           *ms_client_config_write           (MsAccount      *account,
                                                  gsize          *len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsClientConfig, ms_client_config_unref)

G_END_DECLS
