/* ms-client-config-writer.c: writing clientConfig v1.1 (Thunderbird autoconfig) XML
 *
 * The other direction of ms-client-config.c: an account's settings as a document a
 * provider could publish (mail-setup-cli discover --xml) or our reader reads back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-client-config"

#include "config.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include "ms-client-config.h"
#include "ms-client-config-private.h"

static xmlNode *
add_text_child (xmlNode    *parent,
                const char *name,
                const char *text)
{
  /* xmlNewTextChild escapes the text. */
  return xmlNewTextChild (parent, NULL, (const xmlChar *) name, (const xmlChar *) text);
}

static const char *
auth_to_xml (MsAuth auth)
{
  if (auth & MS_AUTH_OAUTH2)
    return "OAuth2";
  if (auth & MS_AUTH_NO_SIGN_IN)
    return "none";
  if (auth & MS_AUTH_PASSWORD_ENCRYPTED)
    return "password-encrypted";
  return "password-cleartext";
}

static const char *
security_to_xml (MsSecurity security)
{
  switch (security)
    {
    case MS_SECURITY_TLS:
      return "SSL";
    case MS_SECURITY_STARTTLS:
      return "STARTTLS";
    case MS_SECURITY_NONE:
    default:
      return "plain";
    }
}

static void
write_server (xmlNode   *provider,
              MsServer  *server,
              MsAddress *address)
{
  gboolean incoming = ms_protocol_is_incoming (ms_server_get_protocol (server));
  const char *username = ms_server_get_username (server);
  const MsAuth *methods;
  guint n_methods = 0;
  g_autofree char *port = g_strdup_printf ("%u", (guint) ms_server_get_port (server));
  xmlNode *node;

  node = xmlNewChild (provider, NULL,
                      (const xmlChar *) (incoming ? "incomingServer" : "outgoingServer"), NULL);
  xmlNewProp (node, (const xmlChar *) "type",
              (const xmlChar *) ms_protocol_to_string (ms_server_get_protocol (server)));
  add_text_child (node, "hostname", ms_server_get_host (server));
  add_text_child (node, "port", port);
  add_text_child (node, "socketType", security_to_xml (ms_server_get_security (server)));

  if (username == NULL || g_strcmp0 (username, ms_address_get_address (address)) == 0)
    username = "%EMAILADDRESS%";
  else if (g_strcmp0 (username, ms_address_get_local_part (address)) == 0)
    username = "%EMAILLOCALPART%";
  add_text_child (node, "username", username);

  methods = ms_server_get_auth_methods (server, &n_methods);
  for (guint i = 0; i < n_methods; i++)
    add_text_child (node, "authentication", auth_to_xml (methods[i]));
  if (ms_server_get_restriction (server) == MS_RESTRICTION_CLIENT_IP)
    add_text_child (node, "restriction", "client-IP-address");
}

static void
write_url (xmlNode    *provider,
           const char *element,
           const char *attribute,
           const char *url)
{
  xmlNode *node;

  if (url == NULL)
    return;
  node = xmlNewChild (provider, NULL, (const xmlChar *) element, NULL);
  xmlNewProp (node, (const xmlChar *) attribute, (const xmlChar *) url);
}

char *
ms_client_config_write (MsAccount *account,
                        gsize     *len)
{
  MsAddress *address;
  const char * const *domains;
  const char *id;
  xmlDocPtr doc;
  xmlNode *root;
  xmlNode *provider;
  GPtrArray *servers;
  xmlChar *buffer = NULL;
  int size = 0;
  char *result;

  g_return_val_if_fail (MS_IS_ACCOUNT (account), NULL);

  ms_client_config_ensure_libxml ();
  address = ms_account_get_address (account);

  doc = xmlNewDoc ((const xmlChar *) "1.0");
  root = xmlNewNode (NULL, (const xmlChar *) "clientConfig");
  xmlDocSetRootElement (doc, root);
  xmlNewProp (root, (const xmlChar *) "version", (const xmlChar *) "1.1");

  provider = xmlNewChild (root, NULL, (const xmlChar *) "emailProvider", NULL);
  id = ms_account_get_provider_id (account);
  xmlNewProp (provider, (const xmlChar *) "id",
              (const xmlChar *) (id != NULL ? id : ms_account_get_domain (account)));

  domains = ms_account_get_provider_domains (account);
  if (domains[0] == NULL)
    add_text_child (provider, "domain", ms_account_get_domain (account));
  for (guint i = 0; domains[i] != NULL; i++)
    add_text_child (provider, "domain", domains[i]);

  if (ms_account_get_provider_name (account) != NULL)
    add_text_child (provider, "displayName", ms_account_get_provider_name (account));
  if (ms_account_get_provider_short_name (account) != NULL)
    add_text_child (provider, "displayShortName", ms_account_get_provider_short_name (account));

  servers = ms_account_get_incoming (account);
  for (guint i = 0; i < servers->len; i++)
    write_server (provider, g_ptr_array_index (servers, i), address);
  servers = ms_account_get_outgoing (account);
  for (guint i = 0; i < servers->len; i++)
    write_server (provider, g_ptr_array_index (servers, i), address);

  write_url (provider, "documentation", "url", ms_account_get_documentation_url (account));
  write_url (provider, "enable", "visiturl", ms_account_get_enable_url (account));
  write_url (provider, "passwordReset", "url", ms_account_get_password_reset_url (account));
  if (ms_account_get_oauth2_required (account))
    xmlNewChild (provider, NULL, (const xmlChar *) "oauth2Required", NULL);

  if (ms_account_get_oauth2_issuer (account) != NULL ||
      ms_account_get_oauth2_scope (account) != NULL ||
      ms_account_get_oauth2_auth_url (account) != NULL ||
      ms_account_get_oauth2_token_url (account) != NULL)
    {
      xmlNode *oauth2 = xmlNewChild (root, NULL, (const xmlChar *) "oAuth2", NULL);

      if (ms_account_get_oauth2_issuer (account) != NULL)
        add_text_child (oauth2, "issuer", ms_account_get_oauth2_issuer (account));
      if (ms_account_get_oauth2_scope (account) != NULL)
        add_text_child (oauth2, "scope", ms_account_get_oauth2_scope (account));
      if (ms_account_get_oauth2_auth_url (account) != NULL)
        add_text_child (oauth2, "authURL", ms_account_get_oauth2_auth_url (account));
      if (ms_account_get_oauth2_token_url (account) != NULL)
        add_text_child (oauth2, "tokenURL", ms_account_get_oauth2_token_url (account));
    }

  xmlDocDumpFormatMemoryEnc (doc, &buffer, &size, "UTF-8", 1);
  xmlFreeDoc (doc);

  if (buffer == NULL)
    g_error ("Out of memory writing a clientConfig document");

  result = g_strndup ((const char *) buffer, size);
  xmlFree (buffer);
  if (len != NULL)
    *len = (gsize) size;
  return result;
}
