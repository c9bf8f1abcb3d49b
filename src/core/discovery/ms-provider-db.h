/* ms-provider-db.h: the built-in provider table (clientConfig files in a GResource)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ms-account.h"
#include "ms-address.h"
#include "ms-client-config.h"

G_BEGIN_DECLS

#define MS_PROVIDER_DB_RESOURCE_PATH "/io/github/mailsetup/MailSetup/providers/"

#define MS_TYPE_PROVIDER_DB (ms_provider_db_get_type ())

G_DECLARE_FINAL_TYPE (MsProviderDb, ms_provider_db, MS, PROVIDER_DB, GObject)

/* An empty table (fill it with ms_provider_db_add_*). */
MsProviderDb   *ms_provider_db_new                (void);
/* Every *.xml under @resource_path (a GResource folder, ending in "/"). A file that does
 * not parse is left out with a warning; error only if the folder cannot be listed. */
MsProviderDb   *ms_provider_db_new_from_resource  (const char     *resource_path,
                                                   GError        **error);
/* The built-in table (MS_PROVIDER_DB_RESOURCE_PATH), loaded once; thread-safe. Transfer none. */
MsProviderDb   *ms_provider_db_get_default        (void);

gboolean        ms_provider_db_add_data           (MsProviderDb   *self,
                                                   const char     *name,
                                                   const char     *data,
                                                   gsize           len,
                                                   GError        **error);
void            ms_provider_db_add_config         (MsProviderDb   *self,
                                                   MsClientConfig *config);

guint           ms_provider_db_get_n_providers    (MsProviderDb   *self);
/* The @index-th provider (file order), @index < ms_provider_db_get_n_providers(). Transfer none. */
MsClientConfig *ms_provider_db_get_config         (MsProviderDb   *self,
                                                   guint           index);
/* "NAME: reason" for files left out or sections skipped. NULL-terminated. */
const char * const *ms_provider_db_get_warnings   (MsProviderDb   *self);

/* The config covering @domain (normalised): an exact <domain> first, then the longest
 * <domain match="suffix">. NULL if none. Transfer none. */
MsClientConfig *ms_provider_db_lookup_domain      (MsProviderDb   *self,
                                                   const char     *domain);
/* The business settings of the hoster whose mail exchanger @mx_host is (normalised): the
 * longest <domain purpose="mx"> that is @mx_host or one of its parent domains, e.g.
 * mail.protection.outlook.com for tenant.mail.protection.outlook.com → Microsoft 365.
 * Kept apart from the address domains: outlook.com the consumer domain is not Microsoft
 * 365 the hoster. NULL if none. Transfer none. */
MsClientConfig *ms_provider_db_lookup_mx_host     (MsProviderDb   *self,
                                                   const char     *mx_host);
MsClientConfig *ms_provider_db_find_by_id         (MsProviderDb   *self,
                                                   const char     *provider_id);

/* The account for @address: source builtin, provenance "builtin:ID",
 * needs_confirmation FALSE, placeholders resolved. NULL if no provider covers it. */
MsAccount      *ms_provider_db_lookup             (MsProviderDb   *self,
                                                   MsAddress      *address);

G_END_DECLS
